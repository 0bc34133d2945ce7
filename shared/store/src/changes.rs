//! Opening and changing tickets: the ticket with its new version, the message it adds,
//! its audit entry and its outbox events, in one transaction that fails if anyone else
//! changed the ticket since it was read (optimistic locking on `version`).
//!
//! | access pattern | request | key condition |
//! |---|---|---|
//! | next ticket number of an org | `UpdateItem ADD` | `PK = ORG#<org>`, `SK = COUNTER#TICKET` |
//! | create a ticket with its first message and event | `TransactWriteItems` | ticket partition, number item, customer items |
//! | save a change (ticket + message + audit + events) | `TransactWriteItems` | ticket: `version = :expected` |
//! | save a merge | `TransactWriteItems` | both tickets at their versions |

use aws_sdk_dynamodb::types::{AttributeValue, ConditionCheck, Put, ReturnValue};
use helpdesk_domain::events::Event;
use helpdesk_domain::lifecycle::Outcome;
use helpdesk_domain::ticket::OpenedTicket;
use helpdesk_domain::{CustomerRef, OrgId, TicketNumber};

use crate::items::{self, AuditItem, ENTITY, MessageItem, OutboxItem, TicketItem, s};
use crate::keys::{self, PK, SK};
use crate::ports::{Also, MustExist, StoreResult, TicketWrites};
use crate::tx::{Failure, Tx, TxItem};
use crate::{StoreError, Table};

impl Table {
    /// The ticket at `expected_version` with what the change adds.
    fn change_items(&self, expected_version: u64, o: &Outcome) -> StoreResult<Vec<TxItem>> {
        let t = &o.ticket;
        let org = &t.org_id;
        let ticket = Put::builder()
            .set_item(Some(TicketItem::item(t)?))
            .condition_expression("#version = :expected")
            .expression_attribute_names("#version", "version")
            .expression_attribute_values(":expected", AttributeValue::N(expected_version.to_string()));
        let mut items = vec![TxItem::put(self, ticket, Some(Failure::Stale))?];
        if let Some(m) = &o.interaction {
            items.push(TxItem::put_item(self, MessageItem::item(org, m)?, None)?);
        }
        items.push(TxItem::put_item(self, AuditItem::item(org, &o.audit)?, None)?);
        for e in &o.events {
            items.push(TxItem::put_item(self, OutboxItem::item(e)?, None)?);
        }
        Ok(items)
    }

    fn exists_check(&self, org: &OrgId, m: &MustExist) -> StoreResult<TxItem> {
        let (sk, what) = match m {
            MustExist::Agent(id) => (keys::agent_sk(id), "agent"),
            MustExist::Team(id) => (keys::team_sk(id), "team"),
        };
        let check = ConditionCheck::builder()
            .key(PK, s(keys::org_pk(org)))
            .key(SK, s(sk))
            .condition_expression("attribute_exists(#pk)")
            .expression_attribute_names("#pk", PK);
        TxItem::check(self, check, Failure::NotFound(what))
    }

    fn also_items(&self, org: &OrgId, ticket: helpdesk_domain::TicketId, also: &[Also]) -> StoreResult<Vec<TxItem>> {
        also.iter().map(|a| a.tx_item(self, org, ticket)).collect()
    }
}

impl TicketWrites for Table {
    async fn next_ticket_number(&self, org: &OrgId) -> StoreResult<TicketNumber> {
        let out = self
            .client()
            .update_item()
            .table_name(self.name())
            .key(PK, s(keys::org_pk(org)))
            .key(SK, s(keys::COUNTER_TICKET_SK))
            .update_expression("ADD next_number :one")
            .expression_attribute_values(":one", AttributeValue::N("1".into()))
            .return_values(ReturnValue::UpdatedNew)
            .send()
            .await
            .map_err(StoreError::sdk)?;
        let n = out
            .attributes()
            .and_then(|a| a.get("next_number"))
            .and_then(|v| v.as_n().ok())
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| StoreError::Corrupt("ticket counter".into()))?;
        Ok(TicketNumber::new(n))
    }

    async fn create_ticket(
        &self,
        opened: &OpenedTicket,
        customer: &CustomerRef,
        customer_name: Option<&str>,
        event: &Event,
        also: &[Also],
    ) -> StoreResult<()> {
        let t = &opened.ticket;
        let org = &t.org_id;
        let mut tx = Tx::new(self);
        // A delivered message's record first: "delivered before" outranks the rest.
        tx.extend(self.also_items(org, t.id, also)?);
        tx.put_new(TicketItem::item(t)?, Failure::Conflict("ticket already exists"))?;
        tx.put_item(MessageItem::item(org, &opened.first_message)?, None)?;
        tx.put_item(OutboxItem::item(event)?, None)?;
        match customer {
            CustomerRef::Id(id) => {
                let check = ConditionCheck::builder()
                    .key(PK, s(keys::org_pk(org)))
                    .key(SK, s(keys::customer_sk(id)))
                    .condition_expression("attribute_exists(PK)");
                tx.check(check, Failure::NotFound("customer"))?;
            }
            CustomerRef::Email(email) => {
                tx.extend(items::customer_upsert(
                    self,
                    org,
                    &t.customer_id,
                    email,
                    customer_name,
                    t.created_at,
                )?);
            }
        }
        tx.put_item(AuditItem::item(org, &opened.audit)?, None)?;
        // Lets `TKT-000123` find the ticket.
        let number = items::fields([
            (PK, s(keys::ticket_number_pk(org, t.number))),
            (SK, s(keys::TICKET_SK)),
            (ENTITY, s("ticket-number")),
            ("ticket_id", s(t.id.to_string())),
        ]);
        tx.put_new(number, Failure::Conflict("ticket number taken"))?;
        tx.commit().await
    }

    async fn save_change(
        &self,
        expected_version: u64,
        outcome: &Outcome,
        must_exist: &[MustExist],
        also: &[Also],
    ) -> StoreResult<()> {
        let org = &outcome.ticket.org_id;
        let mut tx = Tx::new(self);
        tx.extend(self.also_items(org, outcome.ticket.id, also)?);
        tx.extend(self.change_items(expected_version, outcome)?);
        for m in must_exist {
            tx.add(self.exists_check(org, m)?);
        }
        tx.commit().await
    }

    async fn save_merge(&self, source: (u64, &Outcome), target: (u64, &Outcome)) -> StoreResult<()> {
        let mut tx = Tx::new(self);
        tx.extend(self.change_items(source.0, source.1)?);
        tx.extend(self.change_items(target.0, target.1)?);
        tx.commit().await
    }
}

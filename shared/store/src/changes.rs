//! Saving decided changes: the ticket with its new version, the message it adds, its
//! audit entry and its outbox events, in one transaction that fails if anyone else
//! changed the ticket since it was read (optimistic locking on `version`).

use aws_sdk_dynamodb::types::{AttributeValue, ConditionCheck, Put, TransactWriteItem};
use helpdesk_domain::lifecycle::{AuditEntry, Outcome};
use helpdesk_domain::{OrgId, TeamId, Ticket, TicketId, TicketNumber, UserId};
use serde::{Deserialize, Serialize};

use crate::keys::{self, PK, SK};
use crate::tickets::{MessageItem, OutboxItem, TicketItem, cancelled_at, put};
use crate::{StoreError, Table};

/// Ids named inside a change that must exist in the org (tenant isolation of nested ids).
#[derive(Debug, Clone)]
pub enum MustExist {
    Agent(UserId),
    Team(TeamId),
}

#[derive(Serialize, Deserialize)]
struct AuditItem {
    #[serde(rename = "PK")]
    pk: String,
    #[serde(rename = "SK")]
    sk: String,
    entity: String,
    #[serde(flatten)]
    entry: AuditEntry,
}

/// The write of an audit entry into its ticket's partition.
pub(crate) fn audit_put(table: &Table, ticket_pk: &str, entry: &AuditEntry) -> Result<TransactWriteItem, StoreError> {
    let item = AuditItem {
        pk: ticket_pk.to_owned(),
        sk: keys::audit_sk(&entry.id),
        entity: "audit".into(),
        entry: entry.clone(),
    };
    put(table, serde_dynamo::to_item(item)?, None)
}

impl Table {
    /// A ticket, read consistently (the base of a change).
    pub async fn get_ticket(&self, org: &OrgId, id: TicketId) -> Result<Option<Ticket>, StoreError> {
        let out = self
            .client()
            .get_item()
            .table_name(self.name())
            .key(PK, AttributeValue::S(keys::ticket_pk(org, id)))
            .key(SK, AttributeValue::S(keys::TICKET_SK.into()))
            .consistent_read(true)
            .send()
            .await
            .map_err(StoreError::sdk)?;
        Ok(match out.item {
            Some(item) => Some(serde_dynamo::from_item::<_, TicketItem>(item)?.ticket),
            None => None,
        })
    }

    /// The id of the org's ticket with this number.
    pub async fn ticket_id_by_number(&self, org: &OrgId, number: TicketNumber) -> Result<Option<TicketId>, StoreError> {
        let out = self
            .client()
            .get_item()
            .table_name(self.name())
            .key(PK, AttributeValue::S(keys::ticket_number_pk(org, number)))
            .key(SK, AttributeValue::S(keys::TICKET_SK.into()))
            .send()
            .await
            .map_err(StoreError::sdk)?;
        Ok(out
            .item()
            .and_then(|i| i.get("ticket_id"))
            .and_then(|v| v.as_s().ok())
            .and_then(|s| TicketId::parse(s).ok()))
    }

    /// Writes a decided change if the ticket is still at `expected_version`; `Stale`
    /// otherwise. `must_exist` ids are checked in the same transaction (`NotFound`).
    pub async fn save_change(
        &self,
        expected_version: u64,
        outcome: &Outcome,
        must_exist: &[MustExist],
    ) -> Result<(), StoreError> {
        self.save_change_with(expected_version, outcome, must_exist, &[]).await
    }

    /// [`Self::save_change`] with more writes in the same transaction (see
    /// [`crate::inbound::Also`]).
    pub async fn save_change_with(
        &self,
        expected_version: u64,
        outcome: &Outcome,
        must_exist: &[MustExist],
        also: &[crate::inbound::Also<'_>],
    ) -> Result<(), StoreError> {
        let mut items = self.change_items(expected_version, outcome)?;
        let first_check = items.len();
        for m in must_exist {
            items.push(self.exists_check(&outcome.ticket.org_id, m)?);
        }
        let also_at = items.len();
        items.extend(self.also_items(&outcome.ticket.org_id, outcome.ticket.id, also)?);
        let result = self
            .client()
            .transact_write_items()
            .set_transact_items(Some(items))
            .send()
            .await;
        result.map(|_| ()).map_err(|e| match cancelled_at(&e) {
            Some(0) => StoreError::Stale,
            Some(i) if i >= also_at => StoreError::Duplicate,
            Some(i) if i >= first_check => StoreError::NotFound(match must_exist[i - first_check] {
                MustExist::Agent(_) => "agent",
                MustExist::Team(_) => "team",
            }),
            _ => StoreError::sdk(e),
        })
    }

    /// Writes a merge: both tickets at their expected versions, or neither.
    pub async fn save_merge(&self, source: (u64, &Outcome), target: (u64, &Outcome)) -> Result<(), StoreError> {
        let mut items = self.change_items(source.0, source.1)?;
        let target_at = items.len();
        items.extend(self.change_items(target.0, target.1)?);
        let result = self
            .client()
            .transact_write_items()
            .set_transact_items(Some(items))
            .send()
            .await;
        result.map(|_| ()).map_err(|e| match cancelled_at(&e) {
            Some(0) => StoreError::Stale,
            Some(i) if i == target_at => StoreError::Stale,
            _ => StoreError::sdk(e),
        })
    }

    /// A ticket's audit trail, oldest first.
    pub async fn ticket_audit(&self, org: &OrgId, id: TicketId) -> Result<Vec<AuditEntry>, StoreError> {
        let items = self
            .client()
            .query()
            .table_name(self.name())
            .key_condition_expression("#pk = :pk AND begins_with(#sk, :audit)")
            .expression_attribute_names("#pk", PK)
            .expression_attribute_names("#sk", SK)
            .expression_attribute_values(":pk", AttributeValue::S(keys::ticket_pk(org, id)))
            .expression_attribute_values(":audit", AttributeValue::S(keys::AUDIT_PREFIX.into()))
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .map_err(StoreError::sdk)?;
        items
            .into_iter()
            .map(|item| Ok(serde_dynamo::from_item::<_, AuditItem>(item)?.entry))
            .collect()
    }

    fn change_items(&self, expected_version: u64, o: &Outcome) -> Result<Vec<TransactWriteItem>, StoreError> {
        let t = &o.ticket;
        let pk = keys::ticket_pk(&t.org_id, t.id);
        let ticket = Put::builder()
            .table_name(self.name())
            .set_item(Some(serde_dynamo::to_item(TicketItem::new(t))?))
            .condition_expression("#version = :expected")
            .expression_attribute_names("#version", "version")
            .expression_attribute_values(":expected", AttributeValue::N(expected_version.to_string()))
            .build()
            .map_err(|e| StoreError::Sdk(Box::new(e)))?;
        let mut items = vec![TransactWriteItem::builder().put(ticket).build()];
        if let Some(m) = &o.interaction {
            let item = MessageItem {
                pk: pk.clone(),
                sk: keys::message_sk(m.id),
                entity: "message".into(),
                org_id: t.org_id.clone(),
                message: m.clone(),
            };
            items.push(put(self, serde_dynamo::to_item(item)?, None)?);
        }
        items.push(audit_put(self, &pk, &o.audit)?);
        for e in &o.events {
            items.push(put(
                self,
                serde_dynamo::to_item(OutboxItem::new(pk.clone(), e)?)?,
                None,
            )?);
        }
        Ok(items)
    }

    fn exists_check(&self, org: &OrgId, m: &MustExist) -> Result<TransactWriteItem, StoreError> {
        let sk = match m {
            MustExist::Agent(id) => keys::agent_sk(id),
            MustExist::Team(id) => keys::team_sk(id),
        };
        let check = ConditionCheck::builder()
            .table_name(self.name())
            .key(PK, AttributeValue::S(keys::org_pk(org)))
            .key(SK, AttributeValue::S(sk))
            .condition_expression("attribute_exists(#pk)")
            .expression_attribute_names("#pk", PK)
            .build()
            .map_err(|e| StoreError::Sdk(Box::new(e)))?;
        Ok(TransactWriteItem::builder().condition_check(check).build())
    }
}

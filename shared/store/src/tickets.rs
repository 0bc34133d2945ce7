//! Tickets, their threads and their outbox events.
//!
//! | access pattern | request | key condition |
//! |---|---|---|
//! | next ticket number of an org | `UpdateItem ADD` | `PK = ORG#<org>`, `SK = COUNTER#TICKET` |
//! | create a ticket with its first message and event | `TransactWriteItems` | ticket partition + customer items |
//! | a ticket with its thread | `Query` | `PK = ORG#<org>#TICKET#<id> AND SK >= MSG#` |
//! | a ticket (for a change) | `GetItem` (consistent) | `PK = ORG#<org>#TICKET#<id>`, `SK = TICKET` |
//! | the ticket with a number | `GetItem` | `PK = ORG#<org>#TKTNO#<n>`, `SK = TICKET` |
//! | save a change (ticket + message + audit + events) | `TransactWriteItems` | ticket: `version = :expected` |
//! | a ticket's audit trail | `Query` | `PK = ORG#<org>#TICKET#<id> AND begins_with(SK, AUDIT#)` |
//! | a page of a ticket view | `Query` on a GSI | see [`crate::views`] |

use std::collections::HashMap;

use aws_sdk_dynamodb::types::{AttributeValue, ConditionCheck, Put, ReturnValue, TransactWriteItem};
use helpdesk_domain::events::Event;
use helpdesk_domain::ticket::{CustomerRef, OpenedTicket};
use helpdesk_domain::{Interaction, OrgId, Ticket, TicketId, TicketNumber};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::keys::{self, PK, SK};
use crate::{ENTITY, StoreError, Table};

/// How long outbox items stay in the table after their write: long enough for the
/// stream (24 h retention) to have delivered them.
const OUTBOX_TTL_SECS: i64 = 24 * 3600;

#[derive(Serialize, Deserialize)]
pub(crate) struct TicketItem {
    #[serde(rename = "PK")]
    pk: String,
    #[serde(rename = "SK")]
    sk: String,
    #[serde(rename = "GSI1PK")]
    gsi1pk: String,
    #[serde(rename = "GSI1SK")]
    gsi1sk: String,
    #[serde(rename = "GSI2PK")]
    gsi2pk: String,
    #[serde(rename = "GSI2SK")]
    gsi2sk: String,
    #[serde(rename = "GSI3PK")]
    gsi3pk: String,
    #[serde(rename = "GSI3SK")]
    gsi3sk: String,
    #[serde(rename = "GSI4PK")]
    gsi4pk: String,
    #[serde(rename = "GSI4SK")]
    gsi4sk: String,
    #[serde(rename = "GSI5PK", skip_serializing_if = "Option::is_none", default)]
    gsi5pk: Option<String>,
    #[serde(rename = "GSI5SK", skip_serializing_if = "Option::is_none", default)]
    gsi5sk: Option<String>,
    #[serde(rename = "GSI6PK", skip_serializing_if = "Option::is_none", default)]
    gsi6pk: Option<String>,
    #[serde(rename = "GSI6SK", skip_serializing_if = "Option::is_none", default)]
    gsi6sk: Option<String>,
    entity: String,
    #[serde(flatten)]
    pub(crate) ticket: Ticket,
}

impl TicketItem {
    pub(crate) fn new(t: &Ticket) -> Self {
        let org = &t.org_id;
        let by_update = keys::time_gsi_sk(t.updated_at, t.id);
        Self {
            pk: keys::ticket_pk(org, t.id),
            sk: keys::TICKET_SK.into(),
            gsi1pk: keys::status_gsi_pk(org, t.status),
            gsi1sk: by_update.clone(),
            gsi2pk: keys::assignee_gsi_pk(org, t.assignee_id.as_ref()),
            gsi2sk: by_update.clone(),
            gsi3pk: keys::customer_gsi_pk(org, &t.customer_id),
            gsi3sk: keys::time_gsi_sk(t.created_at, t.id),
            gsi4pk: keys::org_gsi_pk(org),
            gsi4sk: by_update,
            gsi5pk: sla_due(t).map(|_| keys::sla_gsi_pk(org)),
            gsi5sk: sla_due(t),
            gsi6pk: sla_due(t).map(|_| keys::sla_schedule_pk(keys::sla_shard(t.id))),
            gsi6sk: sla_due(t).map(|due| format!("{due}#{}", t.org_id)),
            entity: "ticket".into(),
            ticket: t.clone(),
        }
    }
}

/// The `BySlaDue` sort key of a ticket with an open SLA clock.
pub(crate) fn sla_due(t: &Ticket) -> Option<String> {
    let next = t.sla.as_ref()?.next_check_at?;
    let at = time::OffsetDateTime::from_unix_timestamp_nanos(next.as_nanosecond()).ok()?;
    Some(format!("{}#{}", keys::sortable(at), t.id))
}

#[derive(Serialize, Deserialize)]
pub(crate) struct MessageItem {
    #[serde(rename = "PK")]
    pub(crate) pk: String,
    #[serde(rename = "SK")]
    pub(crate) sk: String,
    pub(crate) entity: String,
    pub(crate) org_id: OrgId,
    #[serde(flatten)]
    pub(crate) message: Interaction,
}

/// An outbox item: the event as the publisher will put it on the bus.
#[derive(Debug, Serialize, Deserialize)]
pub struct OutboxItem {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    pub entity: String,
    pub org_id: OrgId,
    pub event_id: String,
    pub detail_type: String,
    /// The event as JSON, exactly the EventBridge `detail`.
    pub detail: String,
    pub expires_at: i64,
}

impl OutboxItem {
    pub fn new(pk: String, event: &Event) -> Result<Self, StoreError> {
        Ok(Self {
            pk,
            sk: keys::event_sk(event.event_id),
            entity: "event".into(),
            org_id: event.org_id.clone(),
            event_id: event.event_id.to_string(),
            detail_type: event.detail_type().into(),
            detail: serde_json::to_string(event).map_err(|e| StoreError::Corrupt(e.to_string()))?,
            expires_at: event.occurred_at.unix_timestamp() + OUTBOX_TTL_SECS,
        })
    }
}

/// A ticket and its thread in time order.
#[derive(Debug, Clone)]
pub struct TicketWithThread {
    pub ticket: Ticket,
    pub thread: Vec<Interaction>,
}

pub(crate) fn put(
    table: &Table,
    item: HashMap<String, AttributeValue>,
    condition: Option<&str>,
) -> Result<TransactWriteItem, StoreError> {
    let put = Put::builder()
        .table_name(table.name())
        .set_item(Some(item))
        .set_condition_expression(condition.map(str::to_owned));
    Ok(TransactWriteItem::builder()
        .put(put.build().map_err(|e| StoreError::Sdk(Box::new(e)))?)
        .build())
}

impl Table {
    /// Next ticket number of the org: an atomic counter, so numbers are unique under any
    /// concurrency. A create that fails after this leaves a gap, never a duplicate.
    pub async fn next_ticket_number(&self, org: &OrgId) -> Result<TicketNumber, StoreError> {
        let out = self
            .client()
            .update_item()
            .table_name(self.name())
            .key(PK, AttributeValue::S(keys::org_pk(org)))
            .key(SK, AttributeValue::S(keys::COUNTER_TICKET_SK.into()))
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

    /// Writes a new ticket, its first message and its `TicketCreated` outbox event in one
    /// transaction, together with the customer: an existing customer must exist in the
    /// org (else `NotFound`, also for other tenants' ids); a customer named by email is
    /// created on first use and the email is claimed for them.
    pub async fn create_ticket(
        &self,
        opened: &OpenedTicket,
        customer: &CustomerRef,
        event: &Event,
    ) -> Result<(), StoreError> {
        self.create_ticket_with(opened, customer, None, event, &[]).await
    }

    /// [`Self::create_ticket`], naming a customer created on the fly `customer_name`,
    /// with more writes in the same transaction (an inbound message's Message-ID:
    /// [`StoreError::Duplicate`] when it was stored before).
    pub async fn create_ticket_with(
        &self,
        opened: &OpenedTicket,
        customer: &CustomerRef,
        customer_name: Option<&str>,
        event: &Event,
        also: &[crate::inbound::Also<'_>],
    ) -> Result<(), StoreError> {
        let t = &opened.ticket;
        let org = &t.org_id;
        let pk = keys::ticket_pk(org, t.id);
        let mut items = vec![
            put(
                self,
                serde_dynamo::to_item(TicketItem::new(t))?,
                Some("attribute_not_exists(PK)"),
            )?,
            put(
                self,
                serde_dynamo::to_item(MessageItem {
                    pk: pk.clone(),
                    sk: keys::message_sk(opened.first_message.id),
                    entity: "message".into(),
                    org_id: org.clone(),
                    message: opened.first_message.clone(),
                })?,
                None,
            )?,
            put(self, serde_dynamo::to_item(OutboxItem::new(pk.clone(), event)?)?, None)?,
        ];
        match customer {
            CustomerRef::Id(id) => {
                let check = ConditionCheck::builder()
                    .table_name(self.name())
                    .key(PK, AttributeValue::S(keys::org_pk(org)))
                    .key(SK, AttributeValue::S(keys::customer_sk(id)))
                    .condition_expression("attribute_exists(PK)")
                    .build()
                    .map_err(|e| StoreError::Sdk(Box::new(e)))?;
                items.push(TransactWriteItem::builder().condition_check(check).build());
            }
            CustomerRef::Email(email) => {
                items.extend(self.upsert_customer_items(org, &t.customer_id, email, customer_name, t.created_at)?);
            }
        }
        items.push(crate::changes::audit_put(self, &pk, &opened.audit)?);
        // Lets `TKT-000123` find the ticket; last, so the indexes above stay fixed.
        items.push(put(
            self,
            [
                (PK.to_owned(), AttributeValue::S(keys::ticket_number_pk(org, t.number))),
                (SK.to_owned(), AttributeValue::S(keys::TICKET_SK.into())),
                (ENTITY.to_owned(), AttributeValue::S("ticket-number".into())),
                ("ticket_id".to_owned(), AttributeValue::S(t.id.to_string())),
            ]
            .into(),
            Some("attribute_not_exists(PK)"),
        )?);
        let also_at = items.len();
        items.extend(self.also_items(org, t.id, also)?);
        let result = self
            .client()
            .transact_write_items()
            .set_transact_items(Some(items))
            .send()
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(e) => Err(match cancelled_at(&e) {
                Some(0) => StoreError::Conflict("ticket already exists"),
                // Only an inbound message's record rides along: delivered before.
                Some(i) if i >= also_at => StoreError::Duplicate,
                Some(3) if matches!(customer, CustomerRef::Id(_)) => StoreError::NotFound("customer"),
                Some(3 | 4) => StoreError::EmailTaken,
                _ => StoreError::sdk(e),
            }),
        }
    }

    /// A ticket with its whole thread, in one Query (more only for threads over 1 MB).
    pub async fn ticket_with_thread(&self, org: &OrgId, id: TicketId) -> Result<Option<TicketWithThread>, StoreError> {
        let items = self
            .client()
            .query()
            .table_name(self.name())
            .key_condition_expression("#pk = :pk AND #sk >= :from")
            .expression_attribute_names("#pk", PK)
            .expression_attribute_names("#sk", SK)
            .expression_attribute_values(":pk", AttributeValue::S(keys::ticket_pk(org, id)))
            .expression_attribute_values(":from", AttributeValue::S(keys::THREAD_FROM.into()))
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .map_err(StoreError::sdk)?;
        let mut ticket = None;
        let mut thread = Vec::new();
        for item in items {
            match item.get(ENTITY).and_then(|v| v.as_s().ok()).map(String::as_str) {
                Some("ticket") => ticket = Some(serde_dynamo::from_item::<_, TicketItem>(item)?.ticket),
                Some("message") => thread.push(serde_dynamo::from_item::<_, MessageItem>(item)?.message),
                _ => {}
            }
        }
        Ok(ticket.map(|ticket| TicketWithThread { ticket, thread }))
    }
}

/// The index of the first item whose condition failed in a cancelled transaction.
pub(crate) fn cancelled_at<R>(
    e: &aws_sdk_dynamodb::error::SdkError<
        aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError,
        R,
    >,
) -> Option<usize> {
    use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
    match e.as_service_error() {
        Some(TransactWriteItemsError::TransactionCanceledException(c)) => c
            .cancellation_reasons()
            .iter()
            .position(|r| r.code() == Some("ConditionalCheckFailed")),
        _ => None,
    }
}

/// Whether a cancelled transaction names `code` (e.g. `TransactionConflict`) for any item.
pub(crate) fn cancelled_for<R>(
    e: &aws_sdk_dynamodb::error::SdkError<
        aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError,
        R,
    >,
    code: &str,
) -> bool {
    use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
    match e.as_service_error() {
        Some(TransactWriteItemsError::TransactionCanceledException(c)) => {
            c.cancellation_reasons().iter().any(|r| r.code() == Some(code))
        }
        _ => false,
    }
}

/// Seconds since the epoch, for TTL attributes.
pub(crate) fn epoch(t: OffsetDateTime) -> i64 {
    t.unix_timestamp()
}

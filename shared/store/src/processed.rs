//! Idempotency of event consumers: a record per (consumer, event id).
//!
//! | access pattern | request | key condition |
//! |---|---|---|
//! | mark an event processed by a consumer, once | `PutItem` with `attribute_not_exists` (or inside the effect's transaction) | `PK = ORG#<org>#PROCESSED#<consumer>#<event>`, `SK = PROCESSED` |
//! | the same, in the effect's transaction | `TransactWriteItems` (see [`crate::reports`]) | |
//!
//! Records expire after 15 days: SQS keeps a message at most 14.

use aws_sdk_dynamodb::types::{AttributeValue, Put};
use helpdesk_domain::events::Event;
use time::OffsetDateTime;

use crate::keys::{self, PK, SK};
use crate::tickets::epoch;
use crate::{StoreError, Table};

const RECORD_TTL_SECS: i64 = 15 * 24 * 3600;

/// Whether an effect ran now or had already run for this event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Once {
    Done,
    AlreadyDone,
}

impl Table {
    pub(crate) fn processed_put(&self, consumer: &str, event: &Event, now: OffsetDateTime) -> Result<Put, StoreError> {
        Put::builder()
            .table_name(self.name())
            .item(
                PK,
                AttributeValue::S(keys::processed_pk(&event.org_id, consumer, event.event_id)),
            )
            .item(SK, AttributeValue::S(keys::PROCESSED_SK.into()))
            .item("entity", AttributeValue::S("processed".into()))
            .item("consumer", AttributeValue::S(consumer.into()))
            .item("detail_type", AttributeValue::S(event.detail_type().into()))
            .item("processed_at", AttributeValue::S(keys::sortable(now)))
            .item(
                "expires_at",
                AttributeValue::N((epoch(now) + RECORD_TTL_SECS).to_string()),
            )
            .condition_expression("attribute_not_exists(PK)")
            .build()
            .map_err(|e| StoreError::Sdk(Box::new(e)))
    }

    /// Records that `consumer` handled `event`; `AlreadyDone` on a second delivery.
    pub async fn mark_processed(&self, consumer: &str, event: &Event, now: OffsetDateTime) -> Result<Once, StoreError> {
        let put = self.processed_put(consumer, event, now)?;
        let result = self
            .client()
            .put_item()
            .table_name(self.name())
            .set_item(Some(put.item().clone()))
            .set_condition_expression(put.condition_expression().map(str::to_owned))
            .send()
            .await;
        match result {
            Ok(_) => Ok(Once::Done),
            Err(e) if crate::error::condition_failed(&e) => Ok(Once::AlreadyDone),
            Err(e) => Err(StoreError::sdk(e)),
        }
    }

    /// Whether `consumer` has recorded `event` (for tests and operators).
    pub async fn was_processed(&self, consumer: &str, event: &Event) -> Result<bool, StoreError> {
        let out = self
            .client()
            .get_item()
            .table_name(self.name())
            .key(
                PK,
                AttributeValue::S(keys::processed_pk(&event.org_id, consumer, event.event_id)),
            )
            .key(SK, AttributeValue::S(keys::PROCESSED_SK.into()))
            .consistent_read(true)
            .send()
            .await
            .map_err(StoreError::sdk)?;
        Ok(out.item().is_some())
    }
}

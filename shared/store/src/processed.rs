//! Idempotency of event consumers: a record per (consumer, event id).
//!
//! | access pattern | request | key condition |
//! |---|---|---|
//! | mark an event processed by a consumer, once | `PutItem` with `attribute_not_exists` (or inside the effect's transaction) | `PK = ORG#<org>#PROCESSED#<consumer>#<event>`, `SK = PROCESSED` |
//! | add to a daily counter, once per event | `TransactWriteItems` (record + `ADD`) | `PK = ORG#<org>#REPORT#<day>`, `SK = <metric>#<dimension>` |
//!
//! Records expire after 15 days: SQS keeps a message at most 14.

use aws_sdk_dynamodb::types::{AttributeValue, Put, TransactWriteItem, Update};
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
    fn processed_put(&self, consumer: &str, event: &Event, now: OffsetDateTime) -> Result<Put, StoreError> {
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
            Err(e)
                if e.as_service_error()
                    .is_some_and(|s| s.is_conditional_check_failed_exception()) =>
            {
                Ok(Once::AlreadyDone)
            }
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

    /// Adds one to a daily counter exactly once per event: the increment and the
    /// idempotency record commit together or not at all.
    pub async fn count_once(
        &self,
        consumer: &str,
        event: &Event,
        day: &str,
        counter: &str,
        now: OffsetDateTime,
    ) -> Result<Once, StoreError> {
        let record = self.processed_put(consumer, event, now)?;
        let add = Update::builder()
            .table_name(self.name())
            .key(PK, AttributeValue::S(keys::report_pk(&event.org_id, day)))
            .key(SK, AttributeValue::S(counter.into()))
            .update_expression("SET entity = :entity ADD #count :one")
            .expression_attribute_names("#count", "count")
            .expression_attribute_values(":entity", AttributeValue::S("report".into()))
            .expression_attribute_values(":one", AttributeValue::N("1".into()))
            .build()
            .map_err(|e| StoreError::Sdk(Box::new(e)))?;
        let result = self
            .client()
            .transact_write_items()
            .transact_items(TransactWriteItem::builder().put(record).build())
            .transact_items(TransactWriteItem::builder().update(add).build())
            .send()
            .await;
        match result {
            Ok(_) => Ok(Once::Done),
            // Only the record's own condition means "seen before"; a conflict with a
            // concurrent transaction is retryable.
            Err(e) if crate::tickets::cancelled_at(&e) == Some(0) => Ok(Once::AlreadyDone),
            Err(e) => Err(StoreError::sdk(e)),
        }
    }

    /// A daily counter's value (0 when never counted).
    pub async fn daily_count(&self, org: &helpdesk_domain::OrgId, day: &str, counter: &str) -> Result<u64, StoreError> {
        let out = self
            .client()
            .get_item()
            .table_name(self.name())
            .key(PK, AttributeValue::S(keys::report_pk(org, day)))
            .key(SK, AttributeValue::S(counter.into()))
            .consistent_read(true)
            .send()
            .await
            .map_err(StoreError::sdk)?;
        Ok(out
            .item()
            .and_then(|i| i.get("count"))
            .and_then(|v| v.as_n().ok())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0))
    }
}

impl Table {
    /// Daily counters for every (day, counter) pair, 0 where never counted: one
    /// `BatchGetItem` per 100 pairs, so reads grow with days, never with tickets.
    pub async fn daily_counts(
        &self,
        org: &helpdesk_domain::OrgId,
        days: &[String],
        counters: &[&str],
    ) -> Result<std::collections::HashMap<(String, String), u64>, StoreError> {
        use aws_sdk_dynamodb::types::KeysAndAttributes;
        use std::collections::HashMap;
        let mut keys_left: Vec<HashMap<String, AttributeValue>> = days
            .iter()
            .flat_map(|d| {
                counters.iter().map(move |c| {
                    HashMap::from([
                        (PK.to_owned(), AttributeValue::S(keys::report_pk(org, d))),
                        (SK.to_owned(), AttributeValue::S((*c).to_owned())),
                    ])
                })
            })
            .collect();
        let mut out = HashMap::new();
        let mut rounds = 0;
        while !keys_left.is_empty() {
            rounds += 1;
            if rounds > 20 {
                return Err(StoreError::Throttled);
            }
            let chunk: Vec<_> = keys_left.drain(..keys_left.len().min(100)).collect();
            let request = KeysAndAttributes::builder()
                .set_keys(Some(chunk))
                .build()
                .map_err(|e| StoreError::Sdk(Box::new(e)))?;
            let resp = self
                .client()
                .batch_get_item()
                .request_items(self.name(), request)
                .send()
                .await
                .map_err(StoreError::sdk)?;
            for item in resp.responses().and_then(|r| r.get(self.name())).into_iter().flatten() {
                let day = item
                    .get(PK)
                    .and_then(|v| v.as_s().ok())
                    .and_then(|pk| pk.rsplit('#').next())
                    .unwrap_or_default()
                    .to_owned();
                let counter = item.get(SK).and_then(|v| v.as_s().ok()).cloned().unwrap_or_default();
                let n = item
                    .get("count")
                    .and_then(|v| v.as_n().ok())
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(0);
                out.insert((day, counter), n);
            }
            if let Some(unprocessed) = resp.unprocessed_keys().and_then(|u| u.get(self.name())) {
                keys_left.extend(unprocessed.keys().iter().cloned());
            }
        }
        Ok(out)
    }
}

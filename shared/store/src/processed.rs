//! Idempotency of event consumers: a record per (consumer, event id).
//!
//! | access pattern | request | key condition |
//! |---|---|---|
//! | mark an event processed by a consumer, once | `PutItem` with `attribute_not_exists` | `PK = ORG#<org>#PROCESSED#<consumer>#<event>`, `SK = PROCESSED` |
//! | the same, in the effect's transaction | `TransactWriteItems` (see [`crate::reports`]) | |
//!
//! Records expire after 15 days: SQS keeps a message at most 14.

use helpdesk_domain::events::Event;
use time::OffsetDateTime;

use crate::items::{processed_record, s};
use crate::keys::{self, PK, SK};
use crate::ports::{Once, Processed, StoreResult};
use crate::{StoreError, Table};

impl Processed for Table {
    async fn mark_processed(&self, consumer: &str, event: &Event, now: OffsetDateTime) -> StoreResult<Once> {
        let result = self
            .client()
            .put_item()
            .table_name(self.name())
            .set_item(Some(processed_record(consumer, event, now)))
            .condition_expression("attribute_not_exists(PK)")
            .send()
            .await;
        match result {
            Ok(_) => Ok(Once::Done),
            Err(e) if crate::error::condition_failed(&e) => Ok(Once::AlreadyDone),
            Err(e) => Err(StoreError::sdk(e)),
        }
    }

    async fn was_processed(&self, consumer: &str, event: &Event) -> StoreResult<bool> {
        let out = self
            .client()
            .get_item()
            .table_name(self.name())
            .key(PK, s(keys::processed_pk(&event.org_id, consumer, event.event_id)))
            .key(SK, s(keys::PROCESSED_SK))
            .consistent_read(true)
            .send()
            .await
            .map_err(StoreError::sdk)?;
        Ok(out.item().is_some())
    }
}

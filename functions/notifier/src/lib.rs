//! Notifier: turns ticket events into notifications.
//!
//! This first version only takes delivery: it records each event once per consumer so
//! redeliveries are recognised. Mail through SESv2 and in-app notifications build on
//! this record (the fan-out issue).

use aws_lambda_events::event::sqs::{SqsBatchResponse, SqsEvent};
use helpdesk_domain::events::Event;
use helpdesk_platform::sqs::{BoxError, process_batch};
use helpdesk_store::Table;
use time::OffsetDateTime;

pub const CONSUMER: &str = "notifier";

pub async fn handle(table: &Table, batch: SqsEvent) -> SqsBatchResponse {
    process_batch(CONSUMER, batch, |event| take(table, event)).await
}

async fn take(table: &Table, event: Event) -> Result<(), BoxError> {
    let once = table
        .mark_processed(CONSUMER, &event, OffsetDateTime::now_utc())
        .await?;
    tracing::info!(event_id = %event.event_id, ?once, "recorded");
    Ok(())
}

//! Report aggregator: keeps the daily report rows (per org, priority and agent) and the
//! live view counts from ticket events.
//!
//! What an event adds is decided by `helpdesk_domain::reports::contribution`; here it is
//! written once: every row's increment and the (consumer, event id) record commit in one
//! transaction, so a redelivered or concurrently delivered message cannot count twice.
//! Days are the org's own, in the time zone of its business hours.

use aws_lambda_events::event::sqs::{SqsBatchResponse, SqsEvent};
use helpdesk_domain::events::Event;
use helpdesk_domain::reports::contribution;
use helpdesk_platform::sqs::{BoxError, process_batch};
use helpdesk_store::{StoreError, Table};
use time::OffsetDateTime;

pub const CONSUMER: &str = "report-aggregator";
/// Tries before a message goes back to the queue when other events keep updating the
/// same rows at the same moment.
const ATTEMPTS: u32 = 5;

pub async fn handle(table: &Table, batch: SqsEvent) -> SqsBatchResponse {
    process_batch(CONSUMER, batch, |event| aggregate(table, event)).await
}

async fn aggregate(table: &Table, event: Event) -> Result<(), BoxError> {
    // Days are the org's own (the time zone of its business hours).
    let tz = table
        .sla_settings(&event.org_id)
        .await?
        .business_hours
        .map(|h| h.time_zone);
    let delta = contribution(&event, tz.as_deref());
    if delta.is_empty() {
        return Ok(());
    }
    let mut attempt = 0;
    loop {
        attempt += 1;
        match table
            .add_contribution(CONSUMER, &event, &delta, OffsetDateTime::now_utc())
            .await
        {
            Ok(once) => {
                tracing::info!(event_id = %event.event_id, ?once, day = %delta.day, "aggregated");
                return Ok(());
            }
            Err(StoreError::Conflict(_)) if attempt < ATTEMPTS => helpdesk_platform::back_off(attempt).await,
            Err(e) => return Err(e.into()),
        }
    }
}

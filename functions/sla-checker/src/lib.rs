//! SLA checker: invoked by ticket events (from its SQS queue) and by a one-minute
//! schedule.
//!
//! This first version takes delivery of events (recording each once, like every
//! consumer) and answers the schedule; SLA policies, deadlines and breach detection
//! build on it (the fan-out issue).

use aws_lambda_events::event::sqs::{SqsBatchResponse, SqsEvent};
use helpdesk_domain::events::Event;
use helpdesk_platform::sqs::{BoxError, process_batch};
use helpdesk_store::Table;
use serde_json::Value;
use time::OffsetDateTime;

pub const CONSUMER: &str = "sla-checker";

/// One function, two triggers: an SQS batch has `Records`, a scheduled event does not.
pub async fn handle(table: &Table, payload: Value) -> Result<Value, BoxError> {
    if payload.get("Records").is_some() {
        let batch: SqsEvent = serde_json::from_value(payload)?;
        return Ok(serde_json::to_value(handle_batch(table, batch).await)?);
    }
    tick(payload.get("time").and_then(Value::as_str));
    Ok(Value::Null)
}

pub async fn handle_batch(table: &Table, batch: SqsEvent) -> SqsBatchResponse {
    process_batch(CONSUMER, batch, |event| take(table, event)).await
}

async fn take(table: &Table, event: Event) -> Result<(), BoxError> {
    let once = table
        .mark_processed(CONSUMER, &event, OffsetDateTime::now_utc())
        .await?;
    tracing::info!(event_id = %event.event_id, ?once, "recorded");
    Ok(())
}

fn tick(time: Option<&str>) {
    tracing::info!(time, "schedule tick");
}

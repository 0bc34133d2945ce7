//! SLA checker: keeps every ticket's SLA clocks current.
//!
//! On each ticket event (from its SQS queue) it reads the org's SLA settings (one
//! `GetItem`), computes the ticket's clocks with the pure planner
//! (`helpdesk_domain::sla::plan`) from the ticket as the event carries it, and stores
//! them on the ticket with its `BySlaDue` keys, only if the ticket is still at that
//! version (a newer event recomputes otherwise). Recomputing is idempotent, so a
//! redelivery does no harm. The one-minute schedule is answered; warnings, breaches and
//! escalations driven from `BySlaDue` come next (fan-out issue).

use aws_lambda_events::event::sqs::{SqsBatchResponse, SqsEvent};
use helpdesk_domain::events::Event;
use helpdesk_domain::sla::{BusinessHours, Schedule, instant, plan};
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
    let time = payload.get("time").and_then(|t| t.as_str()).unwrap_or_default();
    tracing::info!(time, "schedule tick");
    Ok(Value::Null)
}

pub async fn handle_batch(table: &Table, batch: SqsEvent) -> SqsBatchResponse {
    process_batch(CONSUMER, batch, |event| replan(table, event)).await
}

async fn replan(table: &Table, event: Event) -> Result<(), BoxError> {
    if let Some(ticket) = event.ticket() {
        let settings = table.sla_settings(&event.org_id).await?;
        let state = match settings.policies.as_ref().and_then(|p| p.for_priority(ticket.priority)) {
            Some(policy) => {
                // Saved hours were validated on the way in; an org without hours works
                // office hours in UTC until an admin sets them.
                let hours = settings.business_hours.unwrap_or_else(|| BusinessHours::office("UTC"));
                let schedule = hours.schedule().unwrap_or_else(|_| Schedule::always());
                Some(plan(ticket, policy, &schedule, instant(OffsetDateTime::now_utc())))
            }
            None => None,
        };
        let written = table.save_sla(ticket, state.as_ref()).await?;
        tracing::info!(ticket_id = %ticket.id, version = ticket.version, ?written, next_check = ?state.as_ref().and_then(|s| s.next_check_at), "sla planned");
    }
    table
        .mark_processed(CONSUMER, &event, OffsetDateTime::now_utc())
        .await?;
    Ok(())
}

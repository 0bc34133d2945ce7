//! Report aggregator: keeps daily counters per org from ticket events.
//!
//! Each counter moves once per event: the increment and the (consumer, event id) record
//! commit in one transaction, so a redelivered or concurrently delivered message cannot
//! count twice. Days are the org's own, in the time zone of its business hours.

use aws_lambda_events::event::sqs::{SqsBatchResponse, SqsEvent};
use helpdesk_domain::events::{Event, EventPayload};
use helpdesk_domain::{AuthorKind, Status};
use helpdesk_platform::sqs::{BoxError, process_batch};
use helpdesk_store::Table;
use time::OffsetDateTime;
use time::macros::format_description;

pub const CONSUMER: &str = "report-aggregator";
/// Counter of tickets opened in a day, all priorities.
pub const TICKETS_CREATED: &str = "tickets_created#all";
/// Tickets moved to resolved in a day.
pub const TICKETS_RESOLVED: &str = "tickets_resolved#all";
/// SLA clocks that passed their deadline in a day.
pub const SLA_BREACHED: &str = "sla_breached#all";
/// Public agent replies sent in a day.
pub const REPLIES_SENT: &str = "replies_sent#all";

pub async fn handle(table: &Table, batch: SqsEvent) -> SqsBatchResponse {
    process_batch(CONSUMER, batch, |event| aggregate(table, event)).await
}

async fn aggregate(table: &Table, event: Event) -> Result<(), BoxError> {
    let counter = match &event.payload {
        EventPayload::TicketCreated { .. } => TICKETS_CREATED,
        EventPayload::TicketStatusChanged {
            to: Status::Resolved, ..
        } => TICKETS_RESOLVED,
        EventPayload::InteractionAdded { interaction, .. }
            if interaction.author.kind == AuthorKind::Agent && !interaction.internal =>
        {
            REPLIES_SENT
        }
        EventPayload::SlaBreached { .. } => SLA_BREACHED,
        _ => return Ok(()),
    };
    // Days are the org's own (the time zone of its business hours).
    let tz = table
        .sla_settings(&event.org_id)
        .await?
        .business_hours
        .map(|h| h.time_zone);
    let once = table
        .count_once(
            CONSUMER,
            &event,
            &helpdesk_domain::sla::local_day(event.occurred_at, tz.as_deref()),
            counter,
            OffsetDateTime::now_utc(),
        )
        .await?;
    tracing::info!(event_id = %event.event_id, ?once, counter, "aggregated");
    Ok(())
}

/// The UTC day of an instant, `YYYY-MM-DD` (an org without business hours counts UTC days).
pub fn day(t: OffsetDateTime) -> String {
    t.to_offset(time::UtcOffset::UTC)
        .format(format_description!("[year]-[month]-[day]"))
        .unwrap_or_default()
}

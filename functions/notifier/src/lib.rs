//! Notifier: turns ticket events into in-app notifications for agents.
//!
//! Who hears of what is the domain's rule (`helpdesk_domain::people::notify`). Each
//! notification is keyed by the event id, so a redelivered event notifies nobody twice.
//! Mail through SESv2 (acknowledgements, replies to customers, SLA mail) builds on this
//! consumer next (fan-out issue); internal notes never produce anything a customer sees.

use aws_lambda_events::event::sqs::{SqsBatchResponse, SqsEvent};
use helpdesk_domain::Role;
use helpdesk_domain::events::{Event, EventPayload};
use helpdesk_domain::people::{Notification, notify};
use helpdesk_platform::sqs::{BoxError, process_batch};
use helpdesk_store::Table;
use time::OffsetDateTime;

pub const CONSUMER: &str = "notifier";

pub async fn handle(table: &Table, batch: SqsEvent) -> SqsBatchResponse {
    process_batch(CONSUMER, batch, |event| take(table, event)).await
}

async fn take(table: &Table, event: Event) -> Result<(), BoxError> {
    let now = OffsetDateTime::now_utc();
    let is_sla = matches!(
        event.payload,
        EventPayload::SlaWarning { .. } | EventPayload::SlaBreached { .. }
    );
    // Managers hear of SLA trouble; only then is the team read.
    let managers = if is_sla {
        table
            .list_agents(&event.org_id)
            .await?
            .into_iter()
            .filter(|a| a.role == Role::Manager)
            .map(|a| a.id)
            .collect()
    } else {
        Vec::new()
    };
    if let Some(ticket) = event.ticket() {
        for (user, text) in notify(&event, &managers) {
            let n = Notification {
                id: event.event_id,
                kind: event.detail_type().to_owned(),
                ticket_id: ticket.id,
                ticket_number: ticket.number,
                text,
                created_at: helpdesk_domain::people::stamp(event.occurred_at),
                read: false,
            };
            let new = table.notify_once(&event.org_id, &user, &n, now).await?;
            tracing::info!(event_id = %event.event_id, user = %user, new, "notified");
        }
    }
    table.mark_processed(CONSUMER, &event, now).await?;
    Ok(())
}

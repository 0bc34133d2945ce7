//! Notifier: turns ticket events into in-app notifications for agents and mail to
//! customers.
//!
//! Who hears of what in the app is the domain's rule (`helpdesk_domain::people::notify`);
//! each notification is keyed by the event id, so a redelivered event notifies nobody
//! twice. Customers get mail through SESv2: an acknowledgement when they open a ticket,
//! every public agent reply, and a notice when it is resolved. Each mail's Message-ID
//! comes from the event and is claimed in the table before sending and marked sent
//! after, so a redelivered event sends nothing again (and a send retried after a crash
//! carries the same Message-ID, which mail clients collapse). Internal notes never
//! produce mail: their events carry no text.

use aws_lambda_events::event::sqs::{SqsBatchResponse, SqsEvent};
use helpdesk_domain::Role;
use helpdesk_domain::events::{Event, EventPayload};
use helpdesk_domain::people::{Notification, notify};
use helpdesk_platform::sqs::{BoxError, process_batch};
use helpdesk_store::Table;
use time::OffsetDateTime;

pub const CONSUMER: &str = "notifier";

/// Sends mail through SESv2.
#[derive(Debug, Clone)]
pub struct Mailer {
    pub ses: aws_sdk_sesv2::Client,
    pub signer: helpdesk_mail::Signer,
    /// The address mail comes from, e.g. `support@mail.example.com`.
    pub from: String,
    /// The web app's URL, for links to the portal.
    pub portal_url: String,
}

/// What the notifier needs, built once per cold start.
#[derive(Debug, Clone)]
pub struct Deps {
    pub table: Table,
    pub mailer: Mailer,
}

pub async fn handle(deps: &Deps, batch: SqsEvent) -> SqsBatchResponse {
    process_batch(CONSUMER, batch, |event| take(deps, event)).await
}

async fn take(deps: &Deps, event: Event) -> Result<(), BoxError> {
    let table = &deps.table;
    mail_customer(deps, &event).await?;
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

/// The mail a customer gets for an event, if any.
fn mail_kind(event: &Event) -> Option<(helpdesk_mail::Kind, Option<&str>, Option<&helpdesk_domain::UserId>)> {
    use helpdesk_domain::{AuthorKind, Status};
    use helpdesk_mail::Kind;
    let ticket = event.ticket()?;
    match &event.payload {
        // Customers who open a ticket themselves get an acknowledgement.
        EventPayload::TicketCreated { .. } if ticket.created_by == ticket.customer_id => {
            Some((Kind::Acknowledgement, None, None))
        }
        EventPayload::InteractionAdded { interaction, .. }
            if interaction.author.kind == AuthorKind::Agent && !interaction.internal =>
        {
            Some((Kind::Reply, interaction.body.as_deref(), interaction.author.id.as_ref()))
        }
        EventPayload::TicketStatusChanged {
            to: Status::Resolved, ..
        } => Some((Kind::Resolved, None, None)),
        _ => None,
    }
}

async fn mail_customer(deps: &Deps, event: &Event) -> Result<(), BoxError> {
    use helpdesk_store::mail::Claim;
    let Some((kind, body, agent)) = mail_kind(event) else {
        return Ok(());
    };
    let Some(ticket) = event.ticket() else { return Ok(()) };
    let table = &deps.table;
    let Some(customer) = table.get_customer(&ticket.org_id, &ticket.customer_id).await? else {
        tracing::warn!(ticket_id = %ticket.id, "no customer profile: no mail");
        return Ok(());
    };
    let org_name = table
        .org_name(&ticket.org_id)
        .await?
        .unwrap_or_else(|| "Support".to_owned());
    let agent_name = match agent {
        Some(a) => table.get_agent(&ticket.org_id, a).await?.map(|a| a.name),
        None => None,
    };
    let letter = helpdesk_mail::Letter {
        kind,
        org_name: &org_name,
        from_address: &deps.mailer.from,
        customer_name: &customer.name,
        customer_email: customer.email.as_str(),
        agent_name: agent_name.as_deref(),
        body,
        portal_url: &deps.mailer.portal_url,
    };
    let mail = helpdesk_mail::build(&deps.mailer.signer, ticket, event.event_id, &letter)?;
    match table
        .claim_outbound(&ticket.org_id, ticket.id, event.event_id, &mail.message_id)
        .await?
    {
        Claim::Sent => return Ok(()),
        Claim::Fresh | Claim::Retry => {}
    }
    let raw = aws_sdk_sesv2::types::RawMessage::builder()
        .data(aws_sdk_sesv2::primitives::Blob::new(mail.raw))
        .build()?;
    let sent = deps
        .mailer
        .ses
        .send_email()
        .from_email_address(&deps.mailer.from)
        .destination(
            aws_sdk_sesv2::types::Destination::builder()
                .to_addresses(&mail.to)
                .build(),
        )
        .content(aws_sdk_sesv2::types::EmailContent::builder().raw(raw).build())
        .send()
        .await
        .map_err(|e| {
            format!(
                "SES refused the mail: {}",
                aws_sdk_sesv2::error::DisplayErrorContext(&e)
            )
        })?;
    table
        .mark_outbound_sent(&ticket.org_id, &mail.message_id, sent.message_id().unwrap_or_default())
        .await?;
    tracing::info!(ticket_id = %ticket.id, ?kind, message_id = mail.message_id, "mail sent");
    Ok(())
}

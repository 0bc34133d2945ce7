//! Notifier: turns ticket events into in-app notifications and mail.
//!
//! Who hears of what is the domain's rule (`helpdesk_domain::people::notify`); each
//! notification is keyed by the event id, so a redelivered event notifies nobody twice.
//! Mail goes out through SESv2: to customers an acknowledgement when they open a
//! ticket (for mail, at most one per address, org and day; none for tickets from
//! automatic mail or spam), every public agent reply, and a notice when it is resolved (not for those
//! tickets either); to agents an
//! assignment, and SLA warnings and breaches (to the assignee and managers). The wording
//! is the org's template for the kind, or the default. Each mail's Message-ID comes
//! from the event (and the recipient) and is claimed in the table before sending and
//! marked sent after, so a redelivered event sends nothing again (and a send retried
//! after a crash carries the same Message-ID, which mail clients collapse). Internal
//! notes never produce mail: their events carry no text.

use aws_lambda_events::event::sqs::{SqsBatchResponse, SqsEvent};
use std::collections::BTreeMap;

use helpdesk_domain::events::{Event, EventPayload};
use helpdesk_domain::mail::MailKind;
use helpdesk_domain::people::{Agent, Notification, notify};
use helpdesk_domain::{Role, Ticket, UserId};
use helpdesk_mail::Letter;
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
    let now = OffsetDateTime::now_utc();
    let is_sla = matches!(
        event.payload,
        EventPayload::SlaWarning { .. } | EventPayload::SlaBreached { .. }
    );
    // One read of the org's agents, only when someone is mailed or managers are told:
    // managers hear of SLA trouble, and mail needs names and addresses.
    let agents = if is_sla || customer_mail(&event).is_some() || agent_mail(&event).is_some() {
        table.list_agents(&event.org_id).await?
    } else {
        Vec::new()
    };
    let managers: Vec<UserId> = if is_sla {
        agents
            .iter()
            .filter(|a| a.role == Role::Manager)
            .map(|a| a.id.clone())
            .collect()
    } else {
        Vec::new()
    };
    if let Some(ticket) = event.ticket() {
        let recipients = notify(&event, &managers);
        send_mail(deps, &event, ticket, &recipients, &agents).await?;
        for (user, text) in recipients {
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

/// The mail to the customer for an event, if any: its kind, the reply's text and author.
fn customer_mail(event: &Event) -> Option<(MailKind, Option<&str>, Option<&UserId>)> {
    use helpdesk_domain::{AuthorKind, Status};
    let ticket = event.ticket()?;
    let mail = match &event.payload {
        // Customers who open a ticket themselves get an acknowledgement.
        EventPayload::TicketCreated { .. } if ticket.created_by == ticket.customer_id => {
            Some((MailKind::Acknowledgement, None, None))
        }
        EventPayload::InteractionAdded { interaction, .. }
            if interaction.author.kind == AuthorKind::Agent && !interaction.internal =>
        {
            Some((
                MailKind::Reply,
                interaction.body.as_deref(),
                interaction.author.id.as_ref(),
            ))
        }
        EventPayload::TicketStatusChanged {
            to: Status::Resolved, ..
        } => Some((MailKind::Resolved, None, None)),
        _ => None,
    };
    // Tickets from automatic mail or spam get no automatic mail back (no loops).
    mail.filter(|(kind, ..)| !(kind.automatic() && ticket.mute_auto_replies))
}

/// The mail agents get for an event (the in-app recipients of the same event): an
/// assignment, or an SLA warning or breach with its clock and deadline.
fn agent_mail(event: &Event) -> Option<(MailKind, Option<(&str, &str)>)> {
    match &event.payload {
        EventPayload::TicketAssigned { .. } => Some((MailKind::Assigned, None)),
        EventPayload::SlaWarning { metric, due_at, .. } => Some((MailKind::SlaWarning, Some((metric, due_at)))),
        EventPayload::SlaBreached { metric, due_at, .. } => Some((MailKind::SlaBreached, Some((metric, due_at)))),
        _ => None,
    }
}

/// `2026-11-22 14:05 UTC` from an RFC 3339 instant (as given when it does not parse).
fn readable(at: &str) -> String {
    OffsetDateTime::parse(at, &time::format_description::well_known::Rfc3339)
        .ok()
        .and_then(|t| {
            t.to_offset(time::UtcOffset::UTC)
                .format(time::macros::format_description!(
                    "[year]-[month]-[day] [hour]:[minute] UTC"
                ))
                .ok()
        })
        .unwrap_or_else(|| at.to_owned())
}

async fn send_mail(
    deps: &Deps,
    event: &Event,
    ticket: &Ticket,
    in_app: &[(UserId, String)],
    agents: &[Agent],
) -> Result<(), BoxError> {
    let for_customer = customer_mail(event);
    let for_agents = agent_mail(event).filter(|_| !in_app.is_empty());
    if for_customer.is_none() && for_agents.is_none() {
        return Ok(());
    }
    let table = &deps.table;
    let org = table.org_mail(&ticket.org_id).await?.unwrap_or_default();
    let org_name = org.name.clone().unwrap_or_else(|| "Support".to_owned());
    let customer = table.get_customer(&ticket.org_id, &ticket.customer_id).await?;
    let customer_name = customer.as_ref().map_or_else(String::new, |c| c.name.clone());
    let agent = |id: Option<&UserId>| id.and_then(|id| agents.iter().find(|a| &a.id == id));
    let base = deps.mailer.portal_url.trim_end_matches('/');
    let vars = |recipient: &str, link: String, agent_name: String| {
        BTreeMap::from([
            ("org_name", org_name.clone()),
            ("recipient_name", recipient.to_owned()),
            ("customer_name", customer_name.clone()),
            ("ticket_number", ticket.number.to_string()),
            ("ticket_subject", ticket.subject.clone()),
            ("link", link),
            ("agent_name", agent_name),
            ("priority", ticket.priority.as_str().to_owned()),
        ])
    };
    if let Some((kind, reply, author)) = for_customer {
        match &customer {
            None => tracing::warn!(ticket_id = %ticket.id, "no customer profile: no mail"),
            // At most one acknowledgement of mail per address, org and day: two helpdesks
            // that acknowledge each other's mail stop after one exchange.
            Some(c)
                if kind == MailKind::Acknowledgement
                    && ticket.channel == helpdesk_domain::Channel::Email
                    && !table
                        .claim_auto_reply(
                            &ticket.org_id,
                            c.email.as_str(),
                            &event.occurred_at.date().to_string(),
                            event.event_id,
                            OffsetDateTime::now_utc(),
                        )
                        .await? =>
            {
                tracing::info!(ticket_id = %ticket.id, "acknowledged this address today already: no mail");
            }
            Some(c) => {
                let author = agent(author).map_or_else(|| "Support".to_owned(), |a| a.name.clone());
                let mut vars = vars(&c.name, format!("{base}/portal/tickets/{}", ticket.id), author);
                vars.insert("reply", reply.unwrap_or_default().to_owned());
                let letter = Letter {
                    kind,
                    org_name: &org_name,
                    from_address: &deps.mailer.from,
                    to_name: &c.name,
                    to_email: c.email.as_str(),
                    vars,
                };
                let template = org.mail_templates.templates.get(&kind);
                send(
                    deps,
                    ticket,
                    event.event_id,
                    &event.event_id.to_string(),
                    &letter,
                    template,
                )
                .await?;
            }
        }
    }
    if let Some((kind, clock)) = for_agents {
        let assignee = agent(ticket.assignee_id.as_ref()).map_or_else(|| "unassigned".to_owned(), |a| a.name.clone());
        for (user, _) in in_app {
            let Some(a) = agent(Some(user)) else { continue };
            let mut vars = vars(&a.name, format!("{base}/tickets/{}", ticket.id), assignee.clone());
            if let Some((metric, due_at)) = clock {
                vars.insert("metric", metric.replace('_', " "));
                vars.insert("due_at", readable(due_at));
            }
            let letter = Letter {
                kind,
                org_name: &org_name,
                from_address: &deps.mailer.from,
                to_name: &a.name,
                to_email: a.email.as_str(),
                vars,
            };
            let template = org.mail_templates.templates.get(&kind);
            send(
                deps,
                ticket,
                event.event_id,
                &format!("{}-{user}", event.event_id),
                &letter,
                template,
            )
            .await?;
        }
    }
    Ok(())
}

/// Sends one mail once: its Message-ID is claimed before sending and marked sent after.
async fn send(
    deps: &Deps,
    ticket: &Ticket,
    event_id: helpdesk_domain::EventId,
    part: &str,
    letter: &Letter<'_>,
    template: Option<&helpdesk_domain::mail::MailTemplate>,
) -> Result<(), BoxError> {
    use helpdesk_store::mail::Claim;
    let table = &deps.table;
    let mail = helpdesk_mail::build(&deps.mailer.signer, ticket, part, letter, template)?;
    match table
        .claim_outbound(&ticket.org_id, ticket.id, event_id, &mail.message_id)
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
    tracing::info!(ticket_id = %ticket.id, kind = letter.kind.as_str(), message_id = mail.message_id, "mail sent");
    Ok(())
}

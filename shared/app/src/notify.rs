//! The notifier: carries out the domain's plan for an event
//! ([`helpdesk_domain::notify::plan`]): in-app notifications keyed by the event id, and
//! mail through a [`Sender`], each mail's Message-ID claimed before sending and marked
//! sent after, so a redelivered event notifies and mails nobody twice (and a send
//! retried after a crash carries the same Message-ID, which mail clients collapse).

use std::collections::BTreeMap;

use helpdesk_blobs::Files;

use crate::attachments::{Scanning, scanned};
use helpdesk_domain::attachment::{FileRef, MAIL_FILES_MAX};
use helpdesk_domain::events::Event;
use helpdesk_domain::events::EventPayload;
use helpdesk_domain::notify::{Mail, MailTo, needs_staff, plan};
use helpdesk_domain::people::{Agent, Customer, Notification, stamp};
use helpdesk_domain::{EventId, Ticket};
use helpdesk_mail::send::Sender;
use helpdesk_mail::{Letter, MailFile, Signer};
use helpdesk_store::{
    AttachmentStore, Claim, CsatStore, MailLog, Notifications, OrgMail, PeopleReads, Processed, SettingsReads,
};
use time::OffsetDateTime;

use crate::{AppError, AppResult};

/// The notifier's name in idempotency records.
pub const CONSUMER: &str = "notifier";

/// How mail goes out.
#[derive(Debug, Clone)]
pub struct Mailer<M> {
    pub sender: M,
    pub signer: Signer,
    /// The address mail comes from, e.g. `support@mail.example.com`.
    pub from: String,
    /// The web app's URL, for links.
    pub portal_url: String,
}

/// Notifies and mails whom the plan names, once. A public reply's mail carries its
/// files (read from `files`; under `scanning`, only files found clean).
pub async fn carry_out<S, M, F>(
    store: &S,
    mailer: &Mailer<M>,
    (files, scanning): (&F, Scanning),
    event: &Event,
) -> AppResult<()>
where
    S: PeopleReads + SettingsReads + MailLog + Notifications + Processed + AttachmentStore + CsatStore,
    M: Sender,
    F: Files,
{
    let now = OffsetDateTime::now_utc();
    // One read of the org's staff, only when someone is mailed or managers are told.
    let staff = if needs_staff(event) {
        store.list_agents(&event.org_id).await?
    } else {
        Vec::new()
    };
    let plan = plan(event, &staff);
    if let Some(ticket) = event.ticket() {
        if !plan.mail.is_empty() {
            let org = store.org_mail(&ticket.org_id).await?.unwrap_or_default();
            let customer = store.get_customer(&ticket.org_id, &ticket.customer_id).await?;
            let ctx = Context {
                event,
                ticket,
                org: &org,
                customer: customer.as_ref(),
                staff: &staff,
            };
            for mail in &plan.mail {
                send_planned(store, mailer, (files, scanning), &ctx, mail).await?;
            }
        }
        for n in &plan.in_app {
            let notification = Notification {
                id: event.event_id,
                kind: event.detail_type().to_owned(),
                ticket_id: ticket.id,
                ticket_number: ticket.number,
                text: n.text.clone(),
                created_at: stamp(event.occurred_at),
                read: false,
            };
            let new = store.notify_once(&event.org_id, &n.user, &notification, now).await?;
            tracing::info!(event_id = %event.event_id, user = %n.user, new, "notified");
        }
    }
    store.mark_processed(CONSUMER, event, now).await?;
    Ok(())
}

/// What every mail of one event shares.
struct Context<'a> {
    event: &'a Event,
    ticket: &'a Ticket,
    org: &'a OrgMail,
    customer: Option<&'a Customer>,
    staff: &'a [Agent],
}

impl Context<'_> {
    fn agent(&self, id: Option<&helpdesk_domain::UserId>) -> Option<&Agent> {
        id.and_then(|id| self.staff.iter().find(|a| &a.id == id))
    }

    fn org_name(&self) -> String {
        self.org.name.clone().unwrap_or_else(|| "Support".to_owned())
    }

    /// The variables every kind has.
    fn vars(&self, recipient: &str, link: String, agent_name: String) -> BTreeMap<&'static str, String> {
        let t = self.ticket;
        BTreeMap::from([
            ("org_name", self.org_name()),
            ("recipient_name", recipient.to_owned()),
            (
                "customer_name",
                self.customer.map_or_else(String::new, |c| c.name.clone()),
            ),
            ("ticket_number", t.number.to_string()),
            ("ticket_subject", t.subject.clone()),
            ("link", link),
            ("agent_name", agent_name),
            ("priority", t.priority.as_str().to_owned()),
        ])
    }
}

/// A public reply's files for its mail: attached while their total fits
/// [`MAIL_FILES_MAX`], the rest listed (they download from the ticket's page).
async fn reply_files<S: AttachmentStore, F: Files>(
    store: &S,
    (files, scanning): (&F, Scanning),
    event: &Event,
) -> AppResult<(Vec<MailFile>, Vec<FileRef>)> {
    let EventPayload::InteractionAdded { interaction, .. } = &event.payload else {
        return Ok((Vec::new(), Vec::new()));
    };
    if interaction.internal || interaction.attachments.is_empty() {
        return Ok((Vec::new(), Vec::new()));
    }
    let ids: Vec<_> = interaction.attachments.iter().map(|f| f.id).collect();
    let stored = store.get_attachments(&event.org_id, &ids).await?;
    let (mut attached, mut linked, mut total) = (Vec::new(), Vec::new(), 0u64);
    for f in &interaction.attachments {
        let Some(a) = stored.iter().find(|a| a.id == f.id && !a.internal) else {
            continue;
        };
        // Under scanning a file waits for its verdict: the mail links to it instead.
        let clean = scanned(files, scanning, &a.key).await.is_ok();
        if clean && total + a.size <= MAIL_FILES_MAX {
            total += a.size;
            attached.push(MailFile {
                name: a.name.clone(),
                content_type: a.content_type.clone(),
                bytes: files.read(&a.key).await?,
            });
        } else {
            linked.push(f.clone());
        }
    }
    Ok((attached, linked))
}

async fn send_planned<S: MailLog + AttachmentStore + CsatStore, M: Sender, F: Files>(
    store: &S,
    mailer: &Mailer<M>,
    files: (&F, Scanning),
    ctx: &Context<'_>,
    mail: &Mail,
) -> AppResult<()> {
    let mut attached = Vec::new();
    let (ticket, event) = (ctx.ticket, ctx.event);
    let base = mailer.portal_url.trim_end_matches('/');
    let org_name = ctx.org_name();
    let (to_name, to_email, vars, part) = match &mail.to {
        MailTo::Customer => {
            let Some(c) = ctx.customer else {
                tracing::warn!(ticket_id = %ticket.id, "no customer profile: no mail");
                return Ok(());
            };
            if mail.once_a_day
                && !store
                    .claim_auto_reply(
                        &ticket.org_id,
                        c.email.as_str(),
                        &event.occurred_at.date().to_string(),
                        event.event_id,
                        OffsetDateTime::now_utc(),
                    )
                    .await?
            {
                tracing::info!(ticket_id = %ticket.id, "acknowledged this address today already: no mail");
                return Ok(());
            }
            let author = ctx
                .agent(mail.author.as_ref())
                .map_or_else(|| "Support".to_owned(), |a| a.name.clone());
            let link = format!("{base}/portal/tickets/{}", ticket.id);
            let mut reply = mail.reply.clone().unwrap_or_default();
            if mail.reply.is_some() {
                let (files, linked) = reply_files(store, files, event).await?;
                attached = files;
                if !linked.is_empty() {
                    let names: Vec<String> = linked
                        .iter()
                        .map(|f| format!("{} ({} KB)", f.name, f.size.div_ceil(1024)))
                        .collect();
                    reply.push_str(&format!(
                        "\n\nFiles on your ticket (not attached here): {}\n{link}",
                        names.join(", ")
                    ));
                }
            }
            let mut vars = ctx.vars(&c.name, link, author);
            vars.insert("reply", reply);
            if mail.kind == helpdesk_domain::mail::MailKind::Resolved {
                vars.insert("satisfaction.links", survey_links(store, mailer, event).await?);
            }
            (
                c.name.clone(),
                c.email.as_str().to_owned(),
                vars,
                event.event_id.to_string(),
            )
        }
        MailTo::Agent(user) => {
            let Some(a) = ctx.agent(Some(user)) else {
                return Ok(());
            };
            let assignee = ctx
                .agent(ticket.assignee_id.as_ref())
                .map_or_else(|| "unassigned".to_owned(), |a| a.name.clone());
            let mut vars = ctx.vars(&a.name, format!("{base}/tickets/{}", ticket.id), assignee);
            if let Some((metric, due_at)) = &mail.clock {
                vars.insert("metric", metric.replace('_', " "));
                vars.insert("due_at", readable(due_at));
            }
            (
                a.name.clone(),
                a.email.as_str().to_owned(),
                vars,
                format!("{}-{user}", event.event_id),
            )
        }
    };
    let letter = Letter {
        kind: mail.kind,
        org_name: &org_name,
        from_address: &mailer.from,
        to_name: &to_name,
        to_email: &to_email,
        vars,
        files: attached,
    };
    let template = ctx.org.mail_templates.templates.get(&mail.kind);
    send_once(store, mailer, ticket, event.event_id, &part, &letter, template).await
}

/// The resolved mail's rating links, when this resolution asks for a rating (the
/// org's settings, "resolve without survey", rules); else empty.
async fn survey_links<S: CsatStore, M>(store: &S, mailer: &Mailer<M>, event: &Event) -> AppResult<String> {
    let Some(ticket) = event.ticket() else {
        return Ok(String::new());
    };
    let (settings, _) = store.csat_settings(&ticket.org_id).await?;
    Ok(match helpdesk_domain::csat::cycle(ticket) {
        Some(cycle) if helpdesk_domain::notify::surveys(event, &settings) => {
            crate::csat::links(&mailer.signer, &mailer.portal_url, &ticket.org_id, ticket.id, cycle)
        }
        _ => String::new(),
    })
}

/// Sends one mail once: its Message-ID is claimed before sending and marked sent after.
async fn send_once<S: MailLog, M: Sender>(
    store: &S,
    mailer: &Mailer<M>,
    ticket: &Ticket,
    event_id: EventId,
    part: &str,
    letter: &Letter<'_>,
    template: Option<&helpdesk_domain::mail::MailTemplate>,
) -> AppResult<()> {
    let mail = helpdesk_mail::build(&mailer.signer, ticket, part, letter, template)
        .map_err(|e| AppError::Internal(Box::new(e)))?;
    if store
        .claim_outbound(&ticket.org_id, ticket.id, event_id, &mail.message_id)
        .await?
        == Claim::Sent
    {
        return Ok(());
    }
    let provider_id = mailer
        .sender
        .send_raw(&mailer.from, &mail.to, mail.raw)
        .await
        .map_err(|e| AppError::Internal(Box::new(e)))?;
    store
        .mark_outbound_sent(&ticket.org_id, &mail.message_id, &provider_id)
        .await?;
    tracing::info!(ticket_id = %ticket.id, kind = letter.kind.as_str(), message_id = mail.message_id, "mail sent");
    Ok(())
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

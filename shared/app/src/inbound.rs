//! Inbound email: each message becomes a reply on the ticket it threads to, or a new
//! ticket, in every org it was addressed to. SES receipts and the signed webhook take
//! the same path ([`deliver`]).
//!
//! Per org:
//! 1. **Admission** ([`helpdesk_inbound::channel::admit`]): bad verdicts, bounces and
//!    mail without a sender are quarantined (listed for admins), not ticketed; spam is
//!    ticketed with the `spam` tag.
//! 2. **Threading** ([`helpdesk_inbound::threading::thread`]): our signed references, a
//!    signed reply token, the subject number for participants; else a new ticket. A
//!    reply to a closed ticket opens a linked follow-up. The author is always `From`.
//! 3. **Write once**: attachments and oversized text go to the attachments bucket under
//!    keys derived from the message (a retry overwrites the same objects), then one
//!    transaction writes the ticket change with the Message-ID record: the same
//!    Message-ID again (a redelivery, or the mail sent to two of the org's addresses)
//!    adds nothing.
//! 4. **No loops**: automatic mail and spam mute automatic replies on the ticket.

use std::collections::BTreeMap;

use helpdesk_blobs::{Blobs, Bucket, keys as objects};
use helpdesk_domain::access::require_admin;
use helpdesk_domain::lifecycle::{Command, Decision, NewInteraction, decide};
use helpdesk_domain::people::stamp;
use helpdesk_domain::ticket::{AttachmentMeta, EmailMeta};
use helpdesk_domain::{Caller, CustomerId, Email, NewTicket, OrgId, Role, Ticket, TicketId, TicketNumber};
use helpdesk_inbound::channel::{Admission, admit, muted, parts};
use helpdesk_inbound::threading::{Lookup, Recorded, thread};
use helpdesk_inbound::{InboundMail, Limits, Verdicts};
use helpdesk_mail::Signer;
use helpdesk_store::{
    Also, MailLog, PeopleReads, PeopleWrites, Quarantined, SettingsReads, StoreError, TicketReads, TicketWrites,
};
use serde::Serialize;
use time::OffsetDateTime;

use crate::retry::Retry;
use crate::tickets::open_with;
use crate::{AppError, AppResult};

/// Text and HTML over this many bytes move out of the item into the attachments bucket.
pub const INLINE_MAX: usize = 48 * 1024;
/// The largest message the webhook accepts (API Gateway's payload limit).
pub const WEBHOOK_BODY_MAX: usize = 10 << 20;
/// The quarantine entries shown (they expire after 90 days, with the raw mail).
const QUARANTINE_SHOWN: i32 = 100;

/// What delivery needs.
#[derive(Debug, Clone)]
pub struct Mailroom<S, B> {
    pub store: S,
    pub blobs: B,
    pub signer: Signer,
    pub limits: Limits,
}

/// A message to deliver: its raw bytes (kept in the inbound bucket under `raw_key`),
/// the receipt's verdicts and the envelope recipients.
#[derive(Debug, Clone)]
pub struct Incoming {
    /// SES's message id, or the webhook's digest of the message.
    pub id: String,
    pub raw_key: String,
    pub raw: Vec<u8>,
    pub verdicts: Verdicts,
    pub recipients: Vec<String>,
}

/// What became of a message in one org.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "outcome")]
pub enum Delivery {
    /// A new ticket (`follow_up_of` when it follows up a closed one).
    Opened {
        org_id: String,
        ticket_id: TicketId,
        number: String,
        follow_up_of: Option<TicketId>,
    },
    /// A reply on an existing ticket.
    Threaded {
        org_id: String,
        ticket_id: TicketId,
        number: String,
    },
    /// Delivered before: nothing added.
    Duplicate {
        org_id: String,
    },
    Quarantined {
        org_id: String,
        reasons: Vec<String>,
    },
    /// Not for any org we know, or not mail at all.
    Dropped {
        reason: String,
    },
}

/// The store as threading reads it.
struct Tables<'a, S>(&'a S);

impl<S: TicketReads + MailLog> Lookup for Tables<'_, S> {
    type Error = StoreError;

    async fn recorded(&self, org: &OrgId, message_id: &str) -> Result<Option<Recorded>, StoreError> {
        Ok(self.0.message_ticket(org, message_id).await?.map(|m| Recorded {
            ticket_id: m.ticket_id,
            inbound: m.direction == "in",
            sig: m.sig,
        }))
    }

    async fn ticket_id_by_number(&self, org: &OrgId, number: TicketNumber) -> Result<Option<TicketId>, StoreError> {
        self.0.ticket_id_by_number(org, number).await
    }

    async fn ticket(&self, org: &OrgId, id: TicketId) -> Result<Option<Ticket>, StoreError> {
        self.0.get_ticket(org, id).await
    }
}

/// An SES receipt: the raw mail is in the inbound bucket under its message id.
pub async fn receive_ses<S, B>(
    room: &Mailroom<S, B>,
    ses_id: &str,
    verdicts: Verdicts,
    recipients: Vec<String>,
) -> AppResult<Vec<Delivery>>
where
    S: TicketReads + TicketWrites + PeopleReads + PeopleWrites + SettingsReads + MailLog,
    B: Blobs,
{
    let raw_key = objects::raw_mail(ses_id);
    let raw = room.blobs.get(Bucket::InboundMail, &raw_key).await?;
    let incoming = Incoming {
        id: ses_id.to_owned(),
        raw_key,
        raw,
        verdicts,
        recipients,
    };
    deliver(room, &incoming).await
}

/// Raw MIME from the webhook (its signature already checked): kept in the inbound
/// bucket, then delivered without receipt verdicts. Recipients are the envelope's when
/// given, else the message's `To` and `Cc`.
pub async fn receive_webhook<S, B>(
    room: &Mailroom<S, B>,
    raw: &[u8],
    recipients: Option<Vec<String>>,
) -> AppResult<Vec<Delivery>>
where
    S: TicketReads + TicketWrites + PeopleReads + PeopleWrites + SettingsReads + MailLog,
    B: Blobs,
{
    if raw.is_empty() {
        return Err(AppError::BadRequest("the body must be a raw MIME message".into()));
    }
    let recipients = match recipients {
        Some(r) => r,
        None => match helpdesk_inbound::parse(raw, &room.limits, &room.signer.domain) {
            Ok(m) => m.to.iter().chain(&m.cc).map(|r| r.email.as_str().to_owned()).collect(),
            Err(_) => return Err(AppError::BadRequest("the body is not an email message".into())),
        },
    };
    let raw_key = objects::webhook_mail(raw);
    room.blobs
        .put(Bucket::InboundMail, &raw_key, raw.to_vec(), "message/rfc822")
        .await?;
    let incoming = Incoming {
        id: objects::webhook_id(raw),
        raw_key,
        raw: raw.to_vec(),
        verdicts: Verdicts::default(),
        recipients,
    };
    deliver(room, &incoming).await
}

/// Delivers one message to every org it is addressed to.
pub async fn deliver<S, B>(room: &Mailroom<S, B>, incoming: &Incoming) -> AppResult<Vec<Delivery>>
where
    S: TicketReads + TicketWrites + PeopleReads + PeopleWrites + SettingsReads + MailLog,
    B: Blobs,
{
    let mail = match helpdesk_inbound::parse(&incoming.raw, &room.limits, &room.signer.domain) {
        Ok(m) => m,
        Err(e) => {
            tracing::warn!(id = %incoming.id, error = %e, "not a message; dropped");
            return Ok(vec![Delivery::Dropped { reason: e.to_string() }]);
        }
    };
    let orgs = recipient_orgs(room, &incoming.recipients).await?;
    if orgs.is_empty() {
        tracing::warn!(id = %incoming.id, recipients = ?incoming.recipients, "no org receives mail at these addresses; dropped");
        return Ok(vec![Delivery::Dropped {
            reason: "unknown recipient".into(),
        }]);
    }
    let mut out = Vec::new();
    for (org, tags) in orgs {
        let d = deliver_to_org(room, incoming, &mail, &org, &tags).await?;
        tracing::info!(id = %incoming.id, org_id = %org, delivery = ?d, "inbound mail delivered");
        out.push(d);
    }
    Ok(out)
}

/// The orgs the recipients belong to, each with the plus tags it was addressed with:
/// `<org>@<our domain>` (and `<org>+<tag>@…`), or an address an org registered.
async fn recipient_orgs<S: SettingsReads, B>(
    room: &Mailroom<S, B>,
    recipients: &[String],
) -> AppResult<BTreeMap<OrgId, Vec<String>>> {
    let mut orgs: BTreeMap<OrgId, Vec<String>> = BTreeMap::new();
    for r in recipients {
        let Ok(email) = Email::from_header(r) else { continue };
        let (base, tag) = helpdesk_inbound::split_plus(&email);
        let (local, domain) = base.rsplit_once('@').unwrap_or_default();
        let org = if domain.eq_ignore_ascii_case(&room.signer.domain) {
            match OrgId::parse(local) {
                Ok(org) if room.store.org_mail(&org).await?.is_some() => Some(org),
                _ => None,
            }
        } else {
            room.store.org_for_address(&base).await?
        };
        if let Some(org) = org {
            orgs.entry(org).or_default().extend(tag);
        }
    }
    Ok(orgs)
}

fn is_ours(signer: &Signer, e: &Email) -> bool {
    let (base, _) = helpdesk_inbound::split_plus(e);
    base.rsplit_once('@')
        .is_some_and(|(_, d)| d.eq_ignore_ascii_case(&signer.domain))
}

async fn deliver_to_org<S, B>(
    room: &Mailroom<S, B>,
    incoming: &Incoming,
    mail: &InboundMail,
    org: &OrgId,
    tags: &[String],
) -> AppResult<Delivery>
where
    S: TicketReads + TicketWrites + PeopleReads + PeopleWrites + SettingsReads + MailLog,
    B: Blobs,
{
    let store = &room.store;
    let org_id = org.to_string();
    let now = OffsetDateTime::now_utc();
    let spam = match admit(&incoming.verdicts, mail) {
        Admission::Quarantine(reasons) => return quarantine(store, incoming, mail, org, reasons, now).await,
        Admission::Accept { spam } => spam,
    };
    let Some(from) = &mail.from else {
        return quarantine(store, incoming, mail, org, vec!["no-sender".into()], now).await;
    };
    // Mail from our own domain or one of the org's inbound addresses is our own mail
    // come back.
    if is_ours(&room.signer, &from.email)
        || store
            .org_for_address(&helpdesk_inbound::split_plus(&from.email).0)
            .await?
            .as_ref()
            == Some(org)
    {
        tracing::warn!(id = %incoming.id, "mail from our own address; dropped");
        return Ok(Delivery::Dropped {
            reason: "from our own address".into(),
        });
    }
    let blocked = muted(mail, spam);
    let mute = !blocked.is_empty();
    let message_id = mail
        .message_id
        .clone()
        .unwrap_or_else(|| format!("{}@inbound.invalid", incoming.id));

    // The sender as a customer of the org: found by address, else the id the address
    // gives (created with the ticket, or now when they reply to an existing one).
    let known = store.customer_id_by_email(org, &from.email).await?;
    let customer_id: CustomerId = known
        .clone()
        .unwrap_or_else(|| helpdesk_domain::ids::customer_id_for_email(org, &from.email));
    let caller = Caller {
        user_id: customer_id.clone(),
        org_id: org.clone(),
        role: Role::Customer,
        email: Some(from.email.as_str().to_owned()),
    };

    let target = thread(
        &Tables(store),
        &room.signer,
        mail,
        org,
        tags,
        &from.email,
        known.as_ref(),
    )
    .await?;
    let (body, mut meta) = store_parts(room, incoming, mail, org, &message_id, blocked).await?;
    let files = crate::attachments::from_mail(&caller, &meta, mail, now);
    for (part, file) in meta.attachments.iter_mut().zip(&files) {
        part.id = Some(file.id);
    }
    let refs: Vec<_> = files
        .iter()
        .map(helpdesk_domain::attachment::Attachment::file_ref)
        .collect();
    let record = |ticket: TicketId| Also::InboundMessage {
        message_id: message_id.clone(),
        sig: room.signer.reference_sig(org, ticket, &message_id),
        received_at: now,
    };
    let name = from.name.as_deref();

    let Some(mut ticket) = target else {
        let participants: Vec<Email> = mail
            .to
            .iter()
            .chain(&mail.cc)
            .map(|m| m.email.clone())
            .filter(|e| !is_ours(&room.signer, e))
            .collect();
        let mut new = NewTicket::by_email(&mail.subject, &body, from.email.clone(), participants, mute, meta)?;
        if spam {
            new = new.tagged("spam");
        }
        return open(store, &caller, new, name, org, record, None, &files).await;
    };

    if known.is_none() {
        let fallback = from.email.as_str().split('@').next().unwrap_or_default();
        store
            .upsert_customer(org, &customer_id, &from.email, name.unwrap_or(fallback), now)
            .await?;
    }
    let mut retry = Retry::new("ticket");
    loop {
        if retry.next().await? > 1 {
            ticket = store
                .get_ticket(org, ticket.id)
                .await?
                .ok_or(AppError::NotFound("ticket"))?;
        }
        let message = NewInteraction::parse(&body, false)?
            .via_email(meta.clone(), mute)
            .with_files(refs.clone());
        match decide(&ticket, Command::AddInteraction(message), &caller, now)? {
            Decision::Changed(outcome) => {
                let mut also = vec![record(ticket.id)];
                if let Some(m) = &outcome.interaction {
                    also.extend(crate::attachments::attach(&files, m));
                }
                match store.save_change(ticket.version, &outcome, &[], &also).await {
                    Ok(()) => {
                        return Ok(Delivery::Threaded {
                            org_id,
                            ticket_id: ticket.id,
                            number: ticket.number.to_string(),
                        });
                    }
                    Err(StoreError::Duplicate) => return Ok(Delivery::Duplicate { org_id }),
                    Err(e) if retry.lost(&e, None) => continue,
                    Err(e) => return Err(e.into()),
                }
            }
            Decision::FollowUp(new) => {
                return open(store, &caller, *new, name, org, record, Some(ticket.id), &files).await;
            }
            Decision::Unchanged => return Ok(Delivery::Duplicate { org_id }),
        }
    }
}

/// Opens the message's ticket, its Message-ID record and its files in the same transaction.
#[allow(clippy::too_many_arguments)]
async fn open<S>(
    store: &S,
    caller: &Caller,
    new: NewTicket,
    name: Option<&str>,
    org: &OrgId,
    record: impl Fn(TicketId) -> Also,
    follow_up_of: Option<TicketId>,
    files: &[helpdesk_domain::attachment::Attachment],
) -> AppResult<Delivery>
where
    S: TicketReads + TicketWrites + PeopleReads,
{
    // The record names the new ticket: sign for the id it opens with.
    let id = TicketId::new();
    match open_with(store, caller, new, id, name, &[record(id)], files).await {
        Ok(opened) => Ok(Delivery::Opened {
            org_id: org.to_string(),
            ticket_id: opened.ticket.id,
            number: opened.ticket.number.to_string(),
            follow_up_of,
        }),
        Err(StoreError::Duplicate) => Ok(Delivery::Duplicate {
            org_id: org.to_string(),
        }),
        Err(e) => Err(e.into()),
    }
}

async fn quarantine(
    store: &impl MailLog,
    incoming: &Incoming,
    mail: &InboundMail,
    org: &OrgId,
    reasons: Vec<String>,
    now: OffsetDateTime,
) -> AppResult<Delivery> {
    let q = Quarantined {
        id: incoming.id.clone(),
        from: mail
            .from
            .as_ref()
            .map(|f| f.email.as_str().to_owned())
            .unwrap_or_default(),
        subject: mail.subject.clone(),
        reasons: reasons.clone(),
        raw_key: incoming.raw_key.clone(),
        received_at: stamp(now),
    };
    store.quarantine(org, &q, now).await?;
    Ok(Delivery::Quarantined {
        org_id: org.to_string(),
        reasons,
    })
}

/// Puts the attachments (and text or HTML too big for the item) in the attachments
/// bucket, and returns the body for the thread with the message's metadata.
async fn store_parts<S, B: Blobs>(
    room: &Mailroom<S, B>,
    incoming: &Incoming,
    mail: &InboundMail,
    org: &OrgId,
    message_id: &str,
    blocked: Vec<String>,
) -> AppResult<(String, EmailMeta)> {
    let mut attachments = Vec::with_capacity(mail.attachments.len());
    for (i, a) in mail.attachments.iter().enumerate() {
        let key = objects::mail_attachment(org, message_id, i, &a.name);
        room.blobs
            .put(Bucket::Attachments, &key, a.bytes.clone(), &a.content_type)
            .await?;
        attachments.push(AttachmentMeta {
            id: None,
            name: a.name.clone(),
            content_type: a.content_type.clone(),
            size: a.bytes.len() as u64,
            key,
            inline: a.inline,
            content_id: a.content_id.clone(),
        });
    }
    let kept = parts(mail, INLINE_MAX);
    let overflow_key = match kept.overflow {
        Some(doc) => {
            let key = objects::mail_overflow(org, message_id);
            room.blobs
                .put(Bucket::Attachments, &key, doc.into_bytes(), "application/json")
                .await?;
            Some(key)
        }
        None => None,
    };
    let meta = EmailMeta {
        message_id: message_id.to_owned(),
        from: mail
            .from
            .as_ref()
            .map(|f| f.email.as_str().to_owned())
            .unwrap_or_default(),
        from_name: mail.from.as_ref().and_then(|f| f.name.clone()),
        to: mail.to.iter().map(|m| m.email.as_str().to_owned()).collect(),
        cc: mail.cc.iter().map(|m| m.email.as_str().to_owned()).collect(),
        subject: mail.subject.clone(),
        full_text: kept.full_text,
        html: kept.html,
        overflow_key,
        raw_key: incoming.raw_key.clone(),
        attachments,
        dropped_attachments: u32::try_from(mail.dropped_attachments).unwrap_or(u32::MAX),
        auto_reply_blocked: blocked,
    };
    Ok((kept.body, meta))
}

/// `GET /quarantine`: inbound mail kept aside, newest first. Admins only.
pub async fn quarantined(store: &impl MailLog, caller: &Caller) -> AppResult<Vec<Quarantined>> {
    require_admin(caller, "only admins manage agents, teams and settings")?;
    Ok(store.list_quarantine(&caller.org_id, QUARANTINE_SHOWN).await?)
}

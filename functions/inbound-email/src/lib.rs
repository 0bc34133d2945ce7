//! Inbound email: the SES receipt rule stores the raw message in the inbound-mail bucket
//! and invokes this function with the receipt (verdicts, recipients). Each message
//! becomes a reply on the ticket it threads to, or a new ticket, in every org it was
//! addressed to. The webhook function runs the same [`deliver`].
//!
//! Per org:
//! 1. **Verdicts** ([`helpdesk_inbound::judge`]): virus, DMARC failing under an
//!    enforcing policy, or SPF and DKIM both failing: quarantined (listed for admins),
//!    not ticketed. Spam: ticketed with the `spam` tag. Bounces are quarantined too:
//!    they are not a customer's words.
//! 2. **Threading**, first match wins: a referenced Message-ID of ours whose signature
//!    holds for this org, or one of a message delivered to this org (its index record
//!    carries our signature); a signed reply token in the recipient's plus tag; the
//!    ticket number in the subject, only when the sender is a participant of that
//!    ticket. A reply to a closed ticket opens a linked follow-up; a merged ticket
//!    forwards to its target. Otherwise a new ticket. The author is always the `From`
//!    address, never whoever a Message-ID names.
//! 3. **Write once**: attachments go to the attachments bucket under keys derived from
//!    the message (a retry overwrites the same objects), then one transaction writes
//!    the ticket change together with the Message-ID record. The same Message-ID
//!    arriving again (a redelivered event, or the mail sent to two of the org's
//!    addresses) fails that condition and adds nothing. Retries converge.
//! 4. **No loops**: automatic mail (`Auto-Submitted`, `Precedence`, `X-Loop`,
//!    `X-Auto-Response-Suppress`, empty `Return-Path`, our own Message-ID) and spam mute
//!    automatic replies on the ticket; the notifier also sends at most one automatic
//!    reply per sender, org and day.

use std::collections::BTreeMap;

use aws_lambda_events::event::ses::SimpleEmailEvent;
use helpdesk_domain::lifecycle::{Command, Decision, NewInteraction, decide};
use helpdesk_domain::ticket::{AttachmentMeta, BODY_MAX, Email, EmailMeta};
use helpdesk_domain::{Caller, NewTicket, OrgId, Role, Ticket, TicketId};
use helpdesk_inbound::{Disposition, InboundMail, Limits, Verdict, Verdicts};
use helpdesk_mail::Signer;
use helpdesk_platform::tickets::open_ticket;
use helpdesk_store::inbound::{Also, Quarantined};
use helpdesk_store::{StoreError, Table};
use serde::Serialize;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Where SES's S3 action puts raw mail (the receipt rule's object key prefix).
pub const RAW_PREFIX: &str = "inbound/";
/// Text and HTML over this many bytes move out of the item into S3.
const INLINE_MAX: usize = 48 * 1024;
/// Attempts when the ticket changes under us.
const ATTEMPTS: u32 = 5;

#[derive(Debug, Clone)]
pub struct Deps {
    pub table: Table,
    pub s3: aws_sdk_s3::Client,
    pub signer: Signer,
    pub inbound_bucket: String,
    pub attachments_bucket: String,
    pub limits: Limits,
}

impl Deps {
    /// From the function's environment, as both entry points (SES and the webhook) run.
    pub async fn from_env() -> Result<Self, helpdesk_platform::config::MissingVar> {
        use helpdesk_platform::config::required;
        let aws = helpdesk_platform::aws_config().await;
        Ok(Self {
            table: Table::new(aws_sdk_dynamodb::Client::new(&aws), required("TABLE_NAME")?),
            s3: aws_sdk_s3::Client::new(&aws),
            signer: Signer::new(required("MAIL_SIGNING_KEY")?.into_bytes(), required("MAIL_DOMAIN")?),
            inbound_bucket: required("INBOUND_BUCKET")?,
            attachments_bucket: required("ATTACHMENTS_BUCKET")?,
            limits: Limits::default(),
        })
    }
}

/// A message to deliver: its raw bytes (already kept in the inbound bucket under
/// `raw_key`), the receipt's verdicts and the envelope recipients.
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

/// The Lambda entry point for SES events.
pub async fn handle(deps: &Deps, event: SimpleEmailEvent) -> Result<Vec<Delivery>, BoxError> {
    let mut out = Vec::new();
    for record in event.records {
        let ses = record.ses;
        let Some(id) = ses.mail.message_id.clone() else {
            tracing::warn!("SES record without a message id; dropped");
            continue;
        };
        let raw_key = format!("{RAW_PREFIX}{id}");
        let raw = deps
            .s3
            .get_object()
            .bucket(&deps.inbound_bucket)
            .key(&raw_key)
            .send()
            .await?
            .body
            .collect()
            .await?
            .into_bytes()
            .to_vec();
        let r = &ses.receipt;
        let verdicts = Verdicts {
            spam: Verdict::parse(r.spam_verdict.status.as_deref()),
            virus: Verdict::parse(r.virus_verdict.status.as_deref()),
            spf: Verdict::parse(r.spf_verdict.status.as_deref()),
            dkim: Verdict::parse(r.dkim_verdict.status.as_deref()),
            dmarc: Verdict::parse(r.dmarc_verdict.status.as_deref()),
            dmarc_policy: r.dmarc_policy.clone(),
        };
        let incoming = Incoming {
            id,
            raw_key,
            raw,
            verdicts,
            recipients: r.recipients.clone(),
        };
        out.extend(deliver(deps, &incoming).await?);
    }
    Ok(out)
}

/// Delivers one message to every org it is addressed to.
pub async fn deliver(deps: &Deps, incoming: &Incoming) -> Result<Vec<Delivery>, BoxError> {
    let mail = match helpdesk_inbound::parse(&incoming.raw, &deps.limits, &deps.signer.domain) {
        Ok(m) => m,
        Err(e) => {
            tracing::warn!(id = %incoming.id, error = %e, "not a message; dropped");
            return Ok(vec![Delivery::Dropped { reason: e.to_string() }]);
        }
    };
    let orgs = recipient_orgs(deps, &incoming.recipients).await?;
    if orgs.is_empty() {
        tracing::warn!(id = %incoming.id, recipients = ?incoming.recipients, "no org receives mail at these addresses; dropped");
        return Ok(vec![Delivery::Dropped {
            reason: "unknown recipient".into(),
        }]);
    }
    let mut out = Vec::new();
    for (org, tags) in orgs {
        let d = deliver_to_org(deps, incoming, &mail, &org, &tags).await?;
        tracing::info!(id = %incoming.id, org_id = %org, delivery = ?d, "inbound mail delivered");
        out.push(d);
    }
    Ok(out)
}

/// The orgs the recipients belong to, each with the plus tags it was addressed with:
/// `<org>@<our domain>` (and `<org>+<tag>@…`), or an address an org registered.
async fn recipient_orgs(deps: &Deps, recipients: &[String]) -> Result<BTreeMap<OrgId, Vec<String>>, StoreError> {
    let mut orgs: BTreeMap<OrgId, Vec<String>> = BTreeMap::new();
    for r in recipients {
        let Ok(email) = Email::parse(r) else { continue };
        let (base, tag) = helpdesk_inbound::split_plus(&email);
        let (local, domain) = base.rsplit_once('@').unwrap_or_default();
        let org = if domain.eq_ignore_ascii_case(&deps.signer.domain) {
            match OrgId::parse(local) {
                Ok(org) if deps.table.org_mail(&org).await?.is_some() => Some(org),
                _ => None,
            }
        } else {
            deps.table.org_for_address(&base).await?
        };
        if let Some(org) = org {
            let tags = orgs.entry(org).or_default();
            tags.extend(tag);
        }
    }
    Ok(orgs)
}

async fn deliver_to_org(
    deps: &Deps,
    incoming: &Incoming,
    mail: &InboundMail,
    org: &OrgId,
    tags: &[String],
) -> Result<Delivery, BoxError> {
    let table = &deps.table;
    let org_id = org.to_string();
    let now = OffsetDateTime::now_utc();
    let disposition = helpdesk_inbound::judge(&incoming.verdicts);
    let mut reasons: Vec<String> = match &disposition {
        Disposition::Quarantine(r) => r.iter().map(|r| (*r).to_owned()).collect(),
        _ => Vec::new(),
    };
    if mail.bounce {
        reasons.push("bounce".into());
    }
    let Some(from) = &mail.from else {
        reasons.push("no-sender".into());
        return quarantine(table, incoming, mail, org, reasons, now).await;
    };
    if !reasons.is_empty() {
        return quarantine(table, incoming, mail, org, reasons, now).await;
    }
    // Mail from our own domain or one of the org's inbound addresses is our own mail
    // come back.
    if is_ours(deps, &from.email)
        || table
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
    let spam = disposition == Disposition::Spam;
    let mut blocked: Vec<String> = mail.auto.reasons().into_iter().map(str::to_owned).collect();
    if spam {
        blocked.push("spam".into());
    }
    let mute = !blocked.is_empty();
    let message_id = mail
        .message_id
        .clone()
        .unwrap_or_else(|| format!("{}@inbound.invalid", incoming.id));

    // The sender as a customer of the org: found by address, else the id the address
    // gives (created with the ticket, or now when they reply to an existing one).
    let known = table.customer_id_by_email(org, &from.email).await?;
    let customer_id = known
        .clone()
        .unwrap_or_else(|| helpdesk_domain::ids::customer_id_for_email(org, &from.email));
    let caller = Caller {
        user_id: customer_id.clone(),
        org_id: org.clone(),
        role: Role::Customer,
        email: Some(from.email.as_str().to_owned()),
    };

    let target = thread(deps, mail, org, tags, &from.email, known.as_ref()).await?;
    let (body, meta) = store_parts(deps, incoming, mail, org, &message_id, blocked).await?;
    let sig_for = |ticket: TicketId| deps.signer.reference_sig(org, ticket, &message_id);

    if let Some(ticket) = target {
        if known.is_none() {
            table
                .upsert_customer(
                    org,
                    &customer_id,
                    &from.email,
                    from.name
                        .as_deref()
                        .unwrap_or(from.email.as_str().split('@').next().unwrap_or_default()),
                    now,
                )
                .await?;
        }
        let mut ticket = ticket;
        for attempt in 0..ATTEMPTS {
            if attempt > 0 {
                helpdesk_platform::back_off(attempt).await;
                ticket = table
                    .get_ticket(org, ticket.id)
                    .await?
                    .ok_or(StoreError::NotFound("ticket"))?;
            }
            let message = NewInteraction::parse(&body, false)
                .map_err(|e| format!("{e}"))?
                .via_email(meta.clone(), mute);
            match decide(&ticket, Command::AddInteraction(message), &caller, now).map_err(|e| format!("{e}"))? {
                Decision::Changed(outcome) => {
                    let sig = sig_for(ticket.id);
                    let also = [Also::InboundMessage {
                        message_id: &message_id,
                        sig: &sig,
                        received_at: now,
                    }];
                    match table.save_change_with(ticket.version, &outcome, &[], &also).await {
                        Ok(()) => {
                            return Ok(Delivery::Threaded {
                                org_id,
                                ticket_id: ticket.id,
                                number: ticket.number.to_string(),
                            });
                        }
                        Err(StoreError::Duplicate) => return Ok(Delivery::Duplicate { org_id }),
                        Err(StoreError::Stale) => continue,
                        Err(e) => return Err(e.into()),
                    }
                }
                Decision::FollowUp(new) => {
                    return open(
                        table,
                        &caller,
                        *new,
                        from.name.as_deref(),
                        &message_id,
                        org,
                        now,
                        deps,
                        Some(ticket.id),
                    )
                    .await;
                }
                Decision::Unchanged => return Ok(Delivery::Duplicate { org_id }),
            }
        }
        return Err("the ticket kept changing".into());
    }

    let participants: Vec<Email> = mail
        .to
        .iter()
        .chain(&mail.cc)
        .map(|m| m.email.clone())
        .filter(|e| !is_ours(deps, e))
        .collect();
    let mut new = NewTicket::by_email(&mail.subject, &body, from.email.clone(), participants, mute, meta)
        .map_err(|e| format!("{e}"))?;
    if spam {
        new = new.tagged("spam");
    }
    open(
        table,
        &caller,
        new,
        from.name.as_deref(),
        &message_id,
        org,
        now,
        deps,
        None,
    )
    .await
}

#[allow(clippy::too_many_arguments)]
async fn open(
    table: &Table,
    caller: &Caller,
    new: NewTicket,
    name: Option<&str>,
    message_id: &str,
    org: &OrgId,
    now: OffsetDateTime,
    deps: &Deps,
    follow_up_of: Option<TicketId>,
) -> Result<Delivery, BoxError> {
    // The Message-ID record names the new ticket: sign for the id it opens with.
    let id = TicketId::new();
    let sig = deps.signer.reference_sig(org, id, message_id);
    let also = [Also::InboundMessage {
        message_id,
        sig: &sig,
        received_at: now,
    }];
    match open_ticket(table, caller, new, id, name, &also).await {
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

fn is_ours(deps: &Deps, e: &Email) -> bool {
    let (base, _) = helpdesk_inbound::split_plus(e);
    base.rsplit_once('@')
        .is_some_and(|(_, d)| d.eq_ignore_ascii_case(&deps.signer.domain))
}

/// The ticket the message answers, by the rules in the crate docs.
async fn thread(
    deps: &Deps,
    mail: &InboundMail,
    org: &OrgId,
    tags: &[String],
    from: &Email,
    sender: Option<&helpdesk_domain::CustomerId>,
) -> Result<Option<Ticket>, StoreError> {
    let table = &deps.table;
    for reference in &mail.references {
        let ticket = match deps.signer.verify_message_id(reference) {
            Some((o, t)) if &o == org => Some(t),
            Some(_) => None,
            None => table.message_ticket(org, reference).await?.and_then(|m| {
                let signed = m.direction == "in"
                    && m.sig.as_deref() == Some(deps.signer.reference_sig(org, m.ticket_id, reference).as_str());
                signed.then_some(m.ticket_id)
            }),
        };
        if let Some(t) = ticket
            && let Some(t) = current(table, org, t).await?
        {
            return Ok(Some(t));
        }
    }
    for tag in tags {
        if let Some(t) = deps.signer.verify_reply_token(org, tag)
            && let Some(t) = current(table, org, t).await?
        {
            return Ok(Some(t));
        }
    }
    if let Some(number) = helpdesk_inbound::subject_number(&mail.subject)
        && let Some(id) = table.ticket_id_by_number(org, number).await?
        && let Some(t) = current(table, org, id).await?
        && (t.is_participant(from, None) || sender == Some(&t.customer_id))
    {
        return Ok(Some(t));
    }
    Ok(None)
}

/// The ticket, or the one it was merged into.
async fn current(table: &Table, org: &OrgId, mut id: TicketId) -> Result<Option<Ticket>, StoreError> {
    for _ in 0..5 {
        match table.get_ticket(org, id).await? {
            Some(t) => match t.merged_into {
                Some(next) => id = next,
                None => return Ok(Some(t)),
            },
            None => return Ok(None),
        }
    }
    Ok(None)
}

async fn quarantine(
    table: &Table,
    incoming: &Incoming,
    mail: &InboundMail,
    org: &OrgId,
    reasons: Vec<String>,
    now: OffsetDateTime,
) -> Result<Delivery, BoxError> {
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
        received_at: helpdesk_domain::people::stamp(now),
    };
    table.quarantine(org, &q, now).await?;
    Ok(Delivery::Quarantined {
        org_id: org.to_string(),
        reasons,
    })
}

/// Puts the attachments (and text or HTML too big for the item) in the attachments
/// bucket under keys derived from the org and Message-ID, and returns the body for the
/// thread with the message's metadata.
async fn store_parts(
    deps: &Deps,
    incoming: &Incoming,
    mail: &InboundMail,
    org: &OrgId,
    message_id: &str,
    blocked: Vec<String>,
) -> Result<(String, EmailMeta), BoxError> {
    let digest: String = Sha256::digest(format!("{org}\n{message_id}").as_bytes())
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect();
    let prefix = format!("org/{org}/mail/{digest}");
    let mut attachments = Vec::with_capacity(mail.attachments.len());
    for (i, a) in mail.attachments.iter().enumerate() {
        let key = format!("{prefix}/{i}-{}", a.name);
        put(deps, &key, a.bytes.clone(), &a.content_type).await?;
        attachments.push(AttachmentMeta {
            name: a.name.clone(),
            content_type: a.content_type.clone(),
            size: a.bytes.len() as u64,
            key,
            inline: a.inline,
            content_id: a.content_id.clone(),
        });
    }

    let mut body = if mail.reply.trim().is_empty() {
        "(empty message)".to_owned()
    } else {
        mail.reply.clone()
    };
    let full_text = (mail.text.trim() != body).then(|| mail.text.clone());
    let too_big = body.chars().count() > BODY_MAX
        || full_text.as_ref().is_some_and(|t| t.len() > INLINE_MAX)
        || mail.html.as_ref().is_some_and(|h| h.len() > INLINE_MAX);
    let overflow_key = if too_big {
        let key = format!("{prefix}/overflow.json");
        let doc = serde_json::json!({"text": mail.text, "html": mail.html});
        put(deps, &key, doc.to_string().into_bytes(), "application/json").await?;
        if body.chars().count() > BODY_MAX {
            let note = "\n\n[…] The message continues; the full text is kept with the email.";
            body = body.chars().take(BODY_MAX - note.chars().count()).collect::<String>() + note;
        }
        Some(key)
    } else {
        None
    };
    let keep = |s: &Option<String>| s.clone().filter(|t| t.len() <= INLINE_MAX);
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
        full_text: keep(&full_text),
        html: keep(&mail.html),
        overflow_key,
        raw_key: incoming.raw_key.clone(),
        attachments,
        dropped_attachments: u32::try_from(mail.dropped_attachments).unwrap_or(u32::MAX),
        auto_reply_blocked: blocked,
    };
    Ok((body, meta))
}

async fn put(deps: &Deps, key: &str, bytes: Vec<u8>, content_type: &str) -> Result<(), BoxError> {
    deps.s3
        .put_object()
        .bucket(&deps.attachments_bucket)
        .key(key)
        .content_type(content_type)
        .body(bytes.into())
        .send()
        .await?;
    Ok(())
}

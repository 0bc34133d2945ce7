//! Files on tickets (issue #15). An upload is requested (checked against the limits
//! before any byte is sent), its bytes go straight to S3 through a presigned PUT, and
//! they are checked the first time a message names them: their real size, their type
//! from their first bytes, then a copy to where only we write. A download is a
//! presigned GET that forces a safe name, the checked type and `attachment`, after the
//! same access check as the message that carries the file, and is audited.

use std::time::Duration;

use helpdesk_blobs::{Files, Presigned, keys};
use helpdesk_domain::attachment::{
    Attachment, FileState, Limits, SCAN_TAG, SNIFF_BYTES, Scan, URL_TTL_SECS, content_disposition, may_inline,
    parse_ids, scan_verdict, served_type,
};
use helpdesk_domain::audit::{AuditEntry, FieldChange};
use helpdesk_domain::{AttachmentId, Caller, DomainError, Interaction, TicketId};
use helpdesk_store::{Also, AttachmentStore, StoreError, TicketReads};
use serde_json::{Value, json};
use time::OffsetDateTime;

use crate::tickets::{TicketRef, resolve, visible};
use crate::{AppError, AppResult};

const URL_TTL: Duration = Duration::from_secs(URL_TTL_SECS.unsigned_abs());

/// A requested upload and the request that sends its bytes.
#[derive(Debug, Clone)]
pub struct Upload {
    pub attachment: Attachment,
    pub request: Presigned,
    pub expires_at: OffsetDateTime,
}

/// A download: the file and the presigned GET that serves it.
#[derive(Debug, Clone)]
pub struct Download {
    pub attachment: Attachment,
    pub request: Presigned,
    pub expires_at: OffsetDateTime,
    pub inline: bool,
}

/// What an upload request declares.
#[derive(Debug, Clone, Copy)]
pub struct Declared<'a> {
    pub filename: &'a str,
    pub content_type: &'a str,
    pub size: u64,
}

/// `POST /tickets/{id}/attachments` (`ticket`), `POST /attachments` (`None`: for a
/// ticket the caller is about to open). Anyone who may read the ticket may upload.
pub async fn request_upload<S: AttachmentStore + TicketReads, F: Files>(
    store: &S,
    files: &F,
    caller: &Caller,
    ticket: Option<TicketRef>,
    file: Declared<'_>,
) -> AppResult<Upload> {
    // The ticket and the org's limits, read at once.
    let ticket_id = async {
        match ticket {
            Some(r) => {
                let id = resolve(store, caller, r).await?;
                Ok(Some(visible(store, caller, id).await?.id))
            }
            None => Ok(None),
        }
    };
    let limits = async { Ok::<_, AppError>(store.file_limits(&caller.org_id).await?) };
    let (ticket_id, limits) = futures::future::try_join(ticket_id, limits).await?;
    let id = AttachmentId::new();
    let now = OffsetDateTime::now_utc();
    let a = Attachment::requested(
        &limits,
        caller,
        id,
        ticket_id,
        file.filename,
        file.content_type,
        file.size,
        keys::pending_upload(&caller.org_id, ticket_id, id),
        now,
    )?;
    store.create_attachment(&a).await?;
    let request = files.presign_put(&a.key, &a.content_type, a.size, URL_TTL).await?;
    tracing::info!(org_id = %caller.org_id, attachment_id = %a.id, size = a.size, content_type = %a.content_type, "upload requested");
    Ok(Upload {
        attachment: a,
        request,
        expires_at: now + time::Duration::seconds(URL_TTL_SECS),
    })
}

fn refused(why: String) -> AppError {
    AppError::Rule(DomainError::unprocessable("attachment_ids", &why))
}

/// The uploads `raw` names, checked, for a message on `ticket` (`None`: a ticket being
/// opened): each the caller's own, uploaded for that ticket, on no message yet, and
/// its bytes what they claim. The first that fails refuses the message (422), which
/// then loses nothing: the message can be sent again without it.
pub async fn for_message<S: AttachmentStore, F: Files>(
    store: &S,
    files: &F,
    caller: &Caller,
    ticket: Option<TicketId>,
    raw: &[String],
) -> AppResult<Vec<Attachment>> {
    if raw.is_empty() {
        return Ok(Vec::new());
    }
    // Ids of the right shape first (and at most 10), then the limits and the uploads at once.
    let ids = parse_ids(&Limits::default(), raw)?;
    let (limits, found) = futures::future::try_join(
        store.file_limits(&caller.org_id),
        store.get_attachments(&caller.org_id, &ids),
    )
    .await?;
    limits.check_count(ids.len()).map_err(|r| refused(r.to_string()))?;
    let mut named = Vec::with_capacity(ids.len());
    for id in &ids {
        let a = found
            .iter()
            .find(|a| a.id == *id)
            .ok_or_else(|| refused(format!("no upload {id}")))?;
        a.may_attach(caller, ticket)?;
        named.push(a.clone());
    }
    futures::future::try_join_all(named.into_iter().map(|a| check(store, files, &limits, a))).await
}

/// Checks a pending upload once: `ready` (copied to its final key) or `refused`.
async fn check<S: AttachmentStore, F: Files>(
    store: &S,
    files: &F,
    limits: &Limits,
    mut a: Attachment,
) -> AppResult<Attachment> {
    if a.state == FileState::Ready {
        return Ok(a);
    }
    let Some(stored) = files.stat(&a.key).await? else {
        return Err(refused(format!("{} ({}): nothing was uploaded yet", a.name, a.id)));
    };
    let verdict = if stored.size == a.size {
        match limits.check_declared(&a.content_type, stored.size) {
            Ok(_) => {
                let head = files.read_start(&a.key, &stored.etag, SNIFF_BYTES).await?;
                limits
                    .verify(&a.content_type, stored.size, &head)
                    .map_err(|r| r.to_string())
            }
            Err(r) => Err(r.to_string()),
        }
    } else {
        Err(format!("the upload is {} bytes, {} were declared", stored.size, a.size))
    };
    let pending = a.key.clone();
    match verdict {
        Ok(served) => {
            let to = keys::file(&a.org_id, a.id);
            if let Err(e) = files.copy_checked(&pending, &stored.etag, &to, &served).await {
                // A concurrent message checked it first (and removed the pending object).
                return match store.get_attachment(&a.org_id, a.id).await? {
                    Some(done) if done.state == FileState::Ready => Ok(done),
                    _ => Err(e.into()),
                };
            }
            a.key = to;
            a.content_type = served;
            a.state = FileState::Ready;
            settle(store, &a).await?;
            remove_quietly(files, &pending).await;
            Ok(a)
        }
        Err(why) => {
            tracing::warn!(org_id = %a.org_id, attachment_id = %a.id, reason = %why, "upload refused");
            a.state = FileState::Refused;
            a.refusal = Some(why.clone());
            settle(store, &a).await?;
            remove_quietly(files, &pending).await;
            Err(refused(format!("{} ({}): {why}", a.name, a.id)))
        }
    }
}

/// Records a check; a concurrent check of the same upload that got there first is fine.
async fn settle<S: AttachmentStore>(store: &S, a: &Attachment) -> AppResult<()> {
    match store.settle_attachment(a).await {
        Ok(()) | Err(StoreError::Stale) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// Deletes a pending object no one needs; the lifecycle rule would anyway.
async fn remove_quietly<F: Files>(files: &F, key: &str) {
    if let Err(e) = files.remove(key).await {
        tracing::warn!(key, error = %e, "could not delete a pending upload; the lifecycle rule will");
    }
}

/// `GET /attachment-limits`: what the org accepts, for anyone of the org (the portal
/// checks files before it uploads them).
pub async fn limits<S: AttachmentStore>(store: &S, caller: &Caller) -> AppResult<Limits> {
    Ok(store.file_limits(&caller.org_id).await?)
}

/// `PUT /attachment-limits`: admins narrow the defaults. Uploads already checked keep
/// their verdict.
pub async fn set_limits<S: AttachmentStore>(store: &S, caller: &Caller, limits: Limits) -> AppResult<Limits> {
    helpdesk_domain::access::require_admin(caller, "only admins manage agents, teams and settings")?;
    let limits = limits.parse()?;
    store.put_file_limits(&caller.org_id, &limits).await?;
    Ok(limits)
}

/// The writes that put `files` on `message`, in the message's transaction: checked
/// uploads (`ready`) move to `attached`; files that came with their message (mail
/// parts, `attached` already) are created.
pub fn attach(files: &[Attachment], message: &Interaction) -> Vec<Also> {
    files
        .iter()
        .map(|f| {
            let mut a = f.clone();
            let uploaded = a.state == FileState::Ready;
            a.state = FileState::Attached;
            a.ticket_id = Some(message.ticket_id);
            a.interaction_id = Some(message.id);
            a.internal = message.internal;
            if uploaded {
                Also::Attach(Box::new(a))
            } else {
                Also::MailFile(Box::new(a))
            }
        })
        .collect()
}

/// A delivered message's stored parts as files of its message, served like uploads:
/// as the type their bytes were checked to be, else as `application/octet-stream`
/// (a download whatever it holds, never shown inline).
pub fn from_mail(
    customer: &Caller,
    meta: &helpdesk_domain::ticket::EmailMeta,
    mail: &helpdesk_inbound::InboundMail,
    now: OffsetDateTime,
) -> Vec<Attachment> {
    let limits = Limits::default();
    meta.attachments
        .iter()
        .zip(&mail.attachments)
        .map(|(stored, part)| {
            let head = &part.bytes[..part.bytes.len().min(SNIFF_BYTES)];
            let content_type = limits
                .verify(&stored.content_type, stored.size, head)
                .unwrap_or_else(|_| served_type(None));
            Attachment {
                id: AttachmentId::new(),
                org_id: customer.org_id.clone(),
                uploaded_by: customer.user_id.clone(),
                ticket_id: None,
                name: stored.name.clone(),
                content_type,
                size: stored.size,
                state: FileState::Attached,
                key: stored.key.clone(),
                interaction_id: None,
                internal: false,
                refusal: None,
                content_id: stored.content_id.clone(),
                inline_part: stored.inline,
                created_at: now,
            }
        })
        .collect()
}

/// Whether files must pass a malware scan before they are served (GuardDuty Malware
/// Protection on the bucket).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scanning {
    #[default]
    Off,
    Required,
}

/// Under [`Scanning::Required`], a file is served only once its scan tag says
/// `NO_THREATS_FOUND` (409 otherwise, saying why).
pub async fn scanned<F: Files>(files: &F, scanning: Scanning, key: &str) -> AppResult<()> {
    if scanning == Scanning::Off {
        return Ok(());
    }
    match scan_verdict(files.tag(key, SCAN_TAG).await?.as_deref()) {
        Scan::Clean => Ok(()),
        Scan::Pending => Err(AppError::Conflict(
            "the file is waiting for its malware scan; try again in a minute",
        )),
        Scan::Blocked(status) => {
            tracing::warn!(key, status, "a blocked file was asked for");
            Err(AppError::Conflict(
                "the file is blocked: its malware scan found a threat or could not read it",
            ))
        }
    }
}

/// `GET /attachments/{id}`: a file on a message the caller may read, else 404 (other
/// orgs, other customers, internal notes for customers, files not on a message yet).
/// `inline` only for raster images; under `scanning`, clean files only.
pub async fn download<S: AttachmentStore + TicketReads, F: Files>(
    store: &S,
    files: &F,
    scanning: Scanning,
    caller: &Caller,
    raw_id: &str,
    inline: bool,
) -> AppResult<Download> {
    let id = AttachmentId::parse(raw_id).map_err(|_| AppError::NotFound("attachment"))?;
    let a = store
        .get_attachment(&caller.org_id, id)
        .await?
        .filter(|a| a.may_download(caller))
        .ok_or(AppError::NotFound("attachment"))?;
    let ticket = a.ticket_id.ok_or(AppError::NotFound("attachment"))?;
    visible(store, caller, ticket)
        .await
        .map_err(|_| AppError::NotFound("attachment"))?;
    if inline && !may_inline(&a.content_type) {
        return Err(DomainError::unprocessable(
            "inline",
            "only PNG, JPEG, GIF and WebP images are shown inline; download this file instead",
        )
        .into());
    }
    scanned(files, scanning, &a.key).await?;
    let served = served_type(Some(&a.content_type));
    let disposition = content_disposition(&a.name, &served, inline);
    let request = files.presign_get(&a.key, &served, &disposition, URL_TTL).await?;
    let now = OffsetDateTime::now_utc();
    let entry = AuditEntry::new(
        ticket,
        caller,
        "attachment.download",
        vec![FieldChange::new(
            "attachment",
            &Value::Null,
            &json!({"id": a.id, "name": a.name, "inline": inline}),
        )],
        now,
    );
    store.record_download(&caller.org_id, &entry).await?;
    Ok(Download {
        attachment: a,
        request,
        expires_at: now + time::Duration::seconds(URL_TTL_SECS),
        inline,
    })
}

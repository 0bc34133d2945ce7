//! Every object key, built in one place.
//!
//! - `inbound/<SES message id>`: raw mail as the receipt rule's S3 action stores it.
//! - `webhook/<sha256 of the message>`: raw mail the webhook received.
//! - `org/<org>/mail/<sha256(org, Message-ID)>/<n>-<name>`: a delivered message's
//!   attachments; `.../overflow.json`: its full text and HTML when too big for the
//!   table. Derived from the message, so a redelivery overwrites the same objects.
//! - `pending/org/<org>/ticket/<ticket>/<id>` (or `.../new/<id>` for a ticket not yet
//!   opened): an upload as its presigned PUT wrote it, unchecked; the bucket's lifecycle
//!   rule deletes the `pending/` prefix after a day.
//! - `org/<org>/files/<id>`: an upload once checked, copied by us (no presigned URL ever
//!   writes here, so what was checked is what is served).
//! - `org/<org>/search/<file>`: a segment file of the org's search index (search bucket);
//!   tantivy names them by segment, so a name is never written twice with other bytes.

use helpdesk_domain::{AttachmentId, OrgId, TicketId};
use sha2::{Digest, Sha256};

/// Where the receipt rule's S3 action puts raw mail (its object key prefix).
pub const RAW_PREFIX: &str = "inbound/";

fn hex(bytes: &[u8]) -> String {
    bytes.iter().take(16).map(|b| format!("{b:02x}")).collect()
}

/// Raw mail delivered by SES under its message id.
pub fn raw_mail(ses_message_id: &str) -> String {
    format!("{RAW_PREFIX}{ses_message_id}")
}

/// Raw mail from the webhook, under the message's digest (a replay lands on itself).
pub fn webhook_mail(raw: &[u8]) -> String {
    format!("webhook/{}", hex(&Sha256::digest(raw)))
}

/// The webhook's id for a message: its digest.
pub fn webhook_id(raw: &[u8]) -> String {
    format!("wh-{}", hex(&Sha256::digest(raw)))
}

/// Where the presigned PUT of an upload writes (`ticket`: `None` for a ticket not yet
/// opened).
pub fn pending_upload(org: &OrgId, ticket: Option<TicketId>, id: AttachmentId) -> String {
    match ticket {
        Some(t) => format!("{PENDING_PREFIX}org/{org}/ticket/{t}/{id}"),
        None => format!("{PENDING_PREFIX}org/{org}/new/{id}"),
    }
}

/// The prefix the bucket's lifecycle rule expires.
pub const PENDING_PREFIX: &str = "pending/";

/// A checked upload.
pub fn file(org: &OrgId, id: AttachmentId) -> String {
    format!("org/{org}/files/{id}")
}

/// A file of an org's search index.
pub fn search_file(org: &OrgId, name: &str) -> String {
    format!("org/{org}/search/{name}")
}

/// The folder of one delivered message's parts in an org.
pub fn mail_parts(org: &OrgId, message_id: &str) -> String {
    let digest = hex(&Sha256::digest(format!("{org}\n{message_id}").as_bytes()));
    format!("org/{org}/mail/{digest}")
}

/// The `index`th attachment (a safe file name) of a delivered message.
pub fn mail_attachment(org: &OrgId, message_id: &str, index: usize, name: &str) -> String {
    format!("{}/{index}-{name}", mail_parts(org, message_id))
}

/// The full text and HTML of a message too big for the table.
pub fn mail_overflow(org: &OrgId, message_id: &str) -> String {
    format!("{}/overflow.json", mail_parts(org, message_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_messages_parts_live_under_its_org_and_are_stable() {
        let org = OrgId::parse("10001").unwrap();
        let a = mail_attachment(&org, "<m@x>", 0, "a.pdf");
        assert!(a.starts_with("org/10001/mail/") && a.ends_with("/0-a.pdf"), "{a}");
        assert_eq!(a, mail_attachment(&org, "<m@x>", 0, "a.pdf"));
        assert_ne!(
            mail_parts(&org, "<m@x>"),
            mail_parts(&OrgId::parse("10002").unwrap(), "<m@x>")
        );
        assert_eq!(webhook_mail(b"x"), webhook_mail(b"x"));
        let id = AttachmentId::new();
        assert!(pending_upload(&org, None, id).starts_with("pending/org/10001/new/"));
        assert!(pending_upload(&org, Some(TicketId::new()), id).starts_with("pending/org/10001/ticket/"));
        assert_eq!(file(&org, id), format!("org/10001/files/{id}"));
    }
}

//! Outbound mail, built and signed, and sent through a [`send::Sender`] (SESv2 in the notifier).
//!
//! Every helpdesk mail about a ticket threads in the customer's client: it has a stable
//! `Message-ID` derived from the event (a redelivered event builds the same mail, which
//! clients de-duplicate), `In-Reply-To` and `References` point at the ticket's root id,
//! the subject carries the ticket number, and `Reply-To` is the org's inbound address
//! with a reply token. Message-IDs and reply tokens carry an HMAC over org and ticket, so
//! a forged reference cannot thread a mail into someone else's ticket (the email
//! channel verifies them with [`Signer::verify_message_id`]). Automatic mail says
//! `Auto-Submitted: auto-generated`. Must not depend on AWS.

use hmac::{Hmac, Mac};
use mail_builder::MessageBuilder;
use sha2::Sha256;

use std::collections::BTreeMap;

use helpdesk_domain::mail::{MailKind, MailTemplate};
use helpdesk_domain::{OrgId, Ticket, TicketId};

/// Signs and checks Message-IDs and reply tokens with the deployment's secret key.
#[derive(Clone)]
pub struct Signer {
    key: Vec<u8>,
    /// The domain of our Message-IDs and inbound addresses, e.g. `mail.example.com`.
    pub domain: String,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer")
            .field("domain", &self.domain)
            .finish_non_exhaustive()
    }
}

impl Signer {
    pub fn new(key: impl Into<Vec<u8>>, domain: impl Into<String>) -> Self {
        Self {
            key: key.into(),
            domain: domain.into(),
        }
    }

    fn sig(&self, parts: &[&str]) -> String {
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&self.key) else {
            return String::new();
        };
        mac.update(parts.join("|").as_bytes());
        mac.finalize()
            .into_bytes()
            .iter()
            .take(10)
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// `h.<org>.<ticket>.<part>.<sig>@<domain>` (without angle brackets).
    pub fn message_id(&self, org: &OrgId, ticket: TicketId, part: &str) -> String {
        let sig = self.sig(&[org.as_str(), &ticket.to_string(), part]);
        format!("h.{org}.{ticket}.{part}.{sig}@{}", self.domain)
    }

    /// The id every mail of a ticket refers to, so clients keep one thread.
    pub fn root_id(&self, org: &OrgId, ticket: TicketId) -> String {
        self.message_id(org, ticket, "root")
    }

    /// The org and ticket a Message-ID of ours names, if its signature holds.
    pub fn verify_message_id(&self, id: &str) -> Option<(OrgId, TicketId)> {
        let (local, domain) = id.trim_matches(|c| c == '<' || c == '>').rsplit_once('@')?;
        if !domain.eq_ignore_ascii_case(&self.domain) {
            return None;
        }
        let mut it = local.split('.');
        let (h, org, ticket, part, sig) = (it.next()?, it.next()?, it.next()?, it.next()?, it.next()?);
        if h != "h" || it.next().is_some() || self.sig(&[org, ticket, part]) != sig {
            return None;
        }
        Some((OrgId::parse(org).ok()?, TicketId::parse(ticket).ok()?))
    }

    /// The org's inbound address with a signed reply token for the ticket.
    pub fn reply_to(&self, org: &OrgId, ticket: TicketId) -> String {
        format!("{org}+{}@{}", self.reply_token(org, ticket), self.domain)
    }

    /// `<ticket>.<sig>`: the plus-address tag that names a ticket of the org.
    pub fn reply_token(&self, org: &OrgId, ticket: TicketId) -> String {
        let sig = self.sig(&[org.as_str(), &ticket.to_string(), "reply"]);
        format!("{ticket}.{sig}")
    }

    /// The ticket a reply token names, if its signature holds for this org.
    pub fn verify_reply_token(&self, org: &OrgId, token: &str) -> Option<TicketId> {
        let (ticket, sig) = token.rsplit_once('.')?;
        let ticket = TicketId::parse(&ticket.to_ascii_uppercase()).ok()?;
        (self.sig(&[org.as_str(), &ticket.to_string(), "reply"]) == sig).then_some(ticket)
    }

    /// `<org>.<ticket>.<cycle>.<sig>`: a survey link's token, naming one resolution.
    pub fn csat_token(&self, org: &OrgId, ticket: TicketId, cycle: i64) -> String {
        let (ticket, cycle) = (ticket.to_string(), cycle.to_string());
        let sig = self.sig(&["csat", org.as_str(), &ticket, &cycle]);
        format!("{org}.{ticket}.{cycle}.{sig}")
    }

    /// The org, ticket and resolution a survey token names, if its signature holds.
    pub fn verify_csat_token(&self, token: &str) -> Option<(OrgId, TicketId, i64)> {
        let mut it = token.split('.');
        let (org, ticket, cycle, sig) = (it.next()?, it.next()?, it.next()?, it.next()?);
        if it.next().is_some() || sig.len() != 20 || self.sig(&["csat", org, ticket, cycle]) != sig {
            return None;
        }
        Some((
            OrgId::parse(org).ok()?,
            TicketId::parse(ticket).ok()?,
            cycle.parse().ok()?,
        ))
    }

    /// The signature stored with an inbound Message-ID in the index: a record that
    /// was not written by us (or names another org or ticket) does not thread.
    pub fn reference_sig(&self, org: &OrgId, ticket: TicketId, message_id: &str) -> String {
        self.sig(&[org.as_str(), &ticket.to_string(), "in", message_id])
    }
}

pub mod canned;
pub mod send;
pub mod templates;

/// A built mail, ready for SES `Raw` content.
#[derive(Debug, Clone)]
pub struct OutboundMail {
    pub message_id: String,
    pub to: String,
    pub raw: Vec<u8>,
}

/// Everything a mail needs to say. `vars` fill the kind's template variables.
#[derive(Debug, Clone)]
pub struct Letter<'a> {
    pub kind: MailKind,
    pub org_name: &'a str,
    pub from_address: &'a str,
    pub to_name: &'a str,
    pub to_email: &'a str,
    pub vars: BTreeMap<&'static str, String>,
    /// Files sent with it.
    pub files: Vec<MailFile>,
}

/// A file attached to a mail.
#[derive(Debug, Clone)]
pub struct MailFile {
    /// A safe file name.
    pub name: String,
    /// The type its bytes were checked to be.
    pub content_type: String,
    pub bytes: Vec<u8>,
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("the {0} template does not render: {1}")]
    Template(&'static str, String),
    #[error("the mail could not be written: {0}")]
    Io(#[from] std::io::Error),
}

/// Builds the mail `part` (unique per mail: the event, and the recipient when an event
/// mails several) about `ticket` from the org's `template` or the default, with
/// plain-text and HTML parts. Mail to customers carries the signed reply address.
pub fn build(
    signer: &Signer,
    ticket: &Ticket,
    part: &str,
    letter: &Letter<'_>,
    template: Option<&MailTemplate>,
) -> Result<OutboundMail, MailError> {
    let org = &ticket.org_id;
    let message_id = signer.message_id(org, ticket.id, part);
    let root = signer.root_id(org, ticket.id);
    let default = templates::default_template(letter.kind);
    let rendered = templates::render(letter.kind, template.unwrap_or(&default), &letter.vars)
        .map_err(|e| MailError::Template(letter.kind.as_str(), e))?;
    // Threading and the email channel's subject rule need the number in every subject.
    let number = ticket.number.to_string();
    let subject = if rendered.subject.contains(&number) {
        rendered.subject
    } else {
        format!("{} [{number}]", rendered.subject)
    };
    let html = rendered.html.unwrap_or_else(|| {
        format!(
            "<div style=\"font-family:sans-serif;white-space:pre-wrap\">{}</div>",
            escape(&rendered.text)
        )
    });
    let mut mail = MessageBuilder::new()
        .from((letter.org_name.to_owned(), letter.from_address.to_owned()))
        .to((letter.to_name.to_owned(), letter.to_email.to_owned()))
        .subject(subject)
        .message_id(message_id.clone())
        .in_reply_to(root.clone())
        .references(root)
        .text_body(rendered.text)
        .html_body(html);
    if letter.kind.to_customer() {
        mail = mail.reply_to(signer.reply_to(org, ticket.id));
    }
    if letter.kind.automatic() {
        mail = mail.header("Auto-Submitted", mail_builder::headers::raw::Raw::new("auto-generated"));
    }
    for f in &letter.files {
        mail = mail.attachment(f.content_type.clone(), f.name.clone(), f.bytes.clone());
    }
    Ok(OutboundMail {
        message_id,
        to: letter.to_email.to_owned(),
        raw: mail.write_to_vec()?,
    })
}

/// HTML-escapes text (names, subjects and bodies are text wherever shown).
pub(crate) fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signer() -> Signer {
        Signer::new(b"test-key".to_vec(), "mail.helpdesk.test")
    }

    #[test]
    fn message_ids_verify_only_for_their_org_and_ticket() {
        let s = signer();
        let org = OrgId::parse("10001").unwrap();
        let t = TicketId::new();
        let id = s.message_id(&org, t, "01J0000000000000000000000");
        assert_eq!(s.verify_message_id(&format!("<{id}>")), Some((org.clone(), t)));
        // Another ticket in the same id, another key, another domain: refused.
        let forged = id.replace(&t.to_string(), &TicketId::new().to_string());
        assert_eq!(s.verify_message_id(&forged), None);
        assert_eq!(
            Signer::new(b"other".to_vec(), "mail.helpdesk.test").verify_message_id(&id),
            None
        );
        assert_eq!(
            s.verify_message_id(&id.replace("mail.helpdesk.test", "evil.test")),
            None
        );
    }

    #[test]
    fn survey_tokens_name_one_resolution_of_one_org() {
        let s = signer();
        let (org, t) = (OrgId::parse("10001").unwrap(), TicketId::new());
        let token = s.csat_token(&org, t, 1_700_000_000);
        assert_eq!(s.verify_csat_token(&token), Some((org.clone(), t, 1_700_000_000)));
        // Another org, ticket or cycle with the same signature, or another key: refused.
        let sig = token.rsplit_once('.').unwrap().1;
        for forged in [
            format!("10002.{t}.1700000000.{sig}"),
            format!("10001.{}.1700000000.{sig}", TicketId::new()),
            format!("10001.{t}.1700000001.{sig}"),
        ] {
            assert_eq!(s.verify_csat_token(&forged), None, "{forged}");
        }
        assert_eq!(Signer::new(b"other".to_vec(), "x").verify_csat_token(&token), None);
        assert_eq!(s.verify_csat_token("nonsense"), None);
    }

    #[test]
    fn reply_tokens_name_their_ticket_only_in_their_org() {
        let s = signer();
        let org = OrgId::parse("10001").unwrap();
        let t = TicketId::new();
        let token = s.reply_token(&org, t);
        // Mail systems may lower-case the local part.
        assert_eq!(s.verify_reply_token(&org, &token.to_lowercase()), Some(t));
        assert_eq!(s.verify_reply_token(&OrgId::parse("10002").unwrap(), &token), None);
        let other = TicketId::new();
        let forged = format!("{other}.{}", token.rsplit_once('.').unwrap().1);
        assert_eq!(s.verify_reply_token(&org, &forged), None);
        assert_eq!(s.verify_reply_token(&org, "nonsense"), None);
    }
}

//! Inbound mail, from raw MIME to what the email channel needs: who wrote, to whom,
//! what is new in the message, safe HTML, attachments with safe names, the references
//! that may thread it, and the signs of automatic mail. Pure: no AWS, no clock.
//!
//! Everything here treats the message as hostile: names, subjects and filenames come out
//! as plain text (escaped wherever shown), HTML comes out through an allow-list
//! sanitiser, sizes and counts are bounded, and no input makes [`parse`] panic.

pub mod body;
pub mod channel;
pub mod threading;
pub mod verdicts;
pub mod webhook;

use helpdesk_domain::Email;
use helpdesk_domain::ticket::{SUBJECT_MAX, TicketNumber};
use mail_parser::{MessageParser, MimeHeaders, PartType};

pub use verdicts::{Disposition, Verdict, Verdicts, judge};

/// Bounds on what one message may store.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_attachments: usize,
    pub max_attachment_bytes: usize,
    pub max_total_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_attachments: 20,
            max_attachment_bytes: 10 << 20,
            max_total_bytes: 25 << 20,
        }
    }
}

/// A sender or recipient: a valid, lower-cased address and a one-line display name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mailbox {
    pub name: Option<String>,
    pub email: Email,
}

/// A file that came with the message. `name` is safe to use in a key or a header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub name: String,
    pub content_type: String,
    pub content_id: Option<String>,
    pub inline: bool,
    pub bytes: Vec<u8>,
}

/// Headers that mark mail as automatic: nothing automatic is ever sent back to it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AutoSignals {
    /// `Auto-Submitted` other than `no`.
    pub auto_submitted: bool,
    /// `Precedence: bulk | list | junk`.
    pub bulk: bool,
    pub x_loop: bool,
    pub x_auto_response_suppress: bool,
    /// `Return-Path: <>` (bounces and other mail that wants no answer).
    pub empty_return_path: bool,
    /// The Message-ID is from our own mail domain: our own mail came back.
    pub own_message_id: bool,
}

impl AutoSignals {
    /// Why no automatic reply may go out, empty when one may.
    pub fn reasons(&self) -> Vec<&'static str> {
        [
            (self.auto_submitted, "auto-submitted"),
            (self.bulk, "precedence"),
            (self.x_loop, "x-loop"),
            (self.x_auto_response_suppress, "x-auto-response-suppress"),
            (self.empty_return_path, "empty-return-path"),
            (self.own_message_id, "own-message-id"),
        ]
        .into_iter()
        .filter_map(|(on, why)| on.then_some(why))
        .collect()
    }

    pub fn any(&self) -> bool {
        !self.reasons().is_empty()
    }
}

/// A parsed inbound message.
#[derive(Debug, Clone)]
pub struct InboundMail {
    /// The RFC 5322 Message-ID without angle brackets.
    pub message_id: Option<String>,
    /// Ids this message answers, most relevant first: `In-Reply-To`, then `References`
    /// newest first (and, for a bounce, the returned message's id).
    pub references: Vec<String>,
    pub from: Option<Mailbox>,
    pub to: Vec<Mailbox>,
    pub cc: Vec<Mailbox>,
    /// One line, at most the domain's subject length; `(no subject)` when empty.
    pub subject: String,
    /// The whole text body: the text part, else the HTML part as text.
    pub text: String,
    /// What is new in this message: `text` without quoted history and signature.
    pub reply: String,
    /// The HTML part, sanitised.
    pub html: Option<String>,
    pub attachments: Vec<Attachment>,
    /// Attachments left out by the limits.
    pub dropped_attachments: usize,
    pub auto: AutoSignals,
    /// A delivery status notification (a bounce).
    pub bounce: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// Not a message: no headers could be read.
    NotMail,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not an email message")
    }
}

impl std::error::Error for ParseError {}

/// At most this many referenced ids are considered (each may cost a lookup).
pub const REFERENCES_MAX: usize = 20;

/// Parses raw MIME. `own_domain` is our mail domain (for the own-Message-ID signal).
pub fn parse(raw: &[u8], limits: &Limits, own_domain: &str) -> Result<InboundMail, ParseError> {
    let msg = MessageParser::default().parse(raw).ok_or(ParseError::NotMail)?;
    if msg.headers().is_empty() {
        return Err(ParseError::NotMail);
    }
    let message_id = msg.message_id().map(clean_id).filter(|s| !s.is_empty());
    let bounce = is_bounce(&msg);
    let mut references: Vec<String> = Vec::new();
    let mut push = |id: &str| {
        let id = clean_id(id);
        if !id.is_empty() && !references.contains(&id) && references.len() < REFERENCES_MAX {
            references.push(id);
        }
    };
    for id in text_list(msg.in_reply_to()) {
        push(&id);
    }
    for id in text_list(msg.references()).iter().rev() {
        push(id);
    }
    if bounce && let Some(id) = returned_message_id(&msg) {
        push(&id);
    }

    let from = msg.from().and_then(|a| a.first()).and_then(mailbox);
    let to = msg.all_to().flat_map(|a| a.iter()).filter_map(mailbox).collect();
    let cc = msg.all_cc().flat_map(|a| a.iter()).filter_map(mailbox).collect();
    let subject = one_line(msg.subject().unwrap_or_default(), SUBJECT_MAX);
    let subject = if subject.is_empty() {
        "(no subject)".to_owned()
    } else {
        subject
    };

    // The text part when there is one; else mail-parser's text rendering of the HTML.
    let text = msg.body_text(0).map(|t| t.replace("\r\n", "\n")).unwrap_or_default();
    let html = msg
        .html_bodies()
        .next()
        .filter(|p| p.is_text_html())
        .and_then(|p| p.text_contents())
        .map(body::sanitize_html);
    let reply = body::reply_part(&text);

    let mut attachments = Vec::new();
    let mut dropped = 0;
    let mut total = 0usize;
    for part in msg.attachments() {
        let bytes: &[u8] = match &part.body {
            PartType::Binary(b) | PartType::InlineBinary(b) => b,
            PartType::Text(t) | PartType::Html(t) => t.as_bytes(),
            PartType::Message(m) => m.raw_message(),
            PartType::Multipart(_) => continue,
        };
        if attachments.len() >= limits.max_attachments
            || bytes.len() > limits.max_attachment_bytes
            || total + bytes.len() > limits.max_total_bytes
        {
            dropped += 1;
            continue;
        }
        total += bytes.len();
        let content_type = part
            .content_type()
            .map(|c| match c.subtype() {
                Some(sub) => format!("{}/{}", c.ctype(), sub),
                None => c.ctype().to_owned(),
            })
            .map(|c| one_line(&c.to_ascii_lowercase(), 100))
            .unwrap_or_else(|| "application/octet-stream".to_owned());
        let inline = matches!(part.body, PartType::InlineBinary(_))
            || part
                .content_disposition()
                .is_some_and(|d| d.ctype().eq_ignore_ascii_case("inline"));
        attachments.push(Attachment {
            name: safe_name(part.attachment_name().unwrap_or_default(), &content_type),
            content_type,
            content_id: part.content_id().map(|c| one_line(&clean_id(c), 200)),
            inline,
            bytes: bytes.to_vec(),
        });
    }

    let header = |name: &'static str| msg.header_raw(name).map(str::trim);
    let auto = AutoSignals {
        auto_submitted: header("Auto-Submitted").is_some_and(|v| !v.to_ascii_lowercase().starts_with("no")),
        bulk: header("Precedence").is_some_and(|v| matches!(v.to_ascii_lowercase().as_str(), "bulk" | "list" | "junk")),
        x_loop: header("X-Loop").is_some(),
        x_auto_response_suppress: header("X-Auto-Response-Suppress").is_some(),
        empty_return_path: header("Return-Path").is_some_and(|v| {
            v.trim_matches(|c: char| c == '<' || c == '>' || c.is_whitespace())
                .is_empty()
        }),
        own_message_id: message_id
            .as_deref()
            .and_then(|id| id.rsplit_once('@'))
            .is_some_and(|(_, d)| d.eq_ignore_ascii_case(own_domain)),
    };

    Ok(InboundMail {
        message_id,
        references,
        from,
        to,
        cc,
        subject,
        text,
        reply,
        html,
        attachments,
        dropped_attachments: dropped,
        auto,
        bounce,
    })
}

/// The first ticket number (`TKT-000123`) in a subject.
pub fn subject_number(subject: &str) -> Option<TicketNumber> {
    subject.match_indices("TKT-").find_map(|(i, _)| {
        let digits: String = subject[i + 4..].chars().take_while(char::is_ascii_digit).collect();
        TicketNumber::parse(&format!("TKT-{digits}")).ok()
    })
}

/// The part of an address before `+`, and the tag after it: `support+tag@x` →
/// (`support@x`, `Some("tag")`).
pub fn split_plus(email: &Email) -> (String, Option<String>) {
    let Some((local, domain)) = email.as_str().rsplit_once('@') else {
        return (email.as_str().to_owned(), None);
    };
    match local.split_once('+') {
        Some((base, tag)) => (format!("{base}@{domain}"), Some(tag.to_owned())),
        None => (email.as_str().to_owned(), None),
    }
}

fn clean_id(id: &str) -> String {
    id.trim().trim_matches(|c| c == '<' || c == '>').trim().to_owned()
}

fn text_list(v: &mail_parser::HeaderValue<'_>) -> Vec<String> {
    match v {
        mail_parser::HeaderValue::Text(t) => t.split_whitespace().map(str::to_owned).collect(),
        mail_parser::HeaderValue::TextList(l) => l.iter().map(|s| s.to_string()).collect(),
        _ => Vec::new(),
    }
}

fn mailbox(a: &mail_parser::Addr<'_>) -> Option<Mailbox> {
    let email = Email::from_header(a.address()?).ok()?;
    let name = a.name().map(|n| one_line(n, 100)).filter(|n| !n.is_empty());
    Some(Mailbox { name, email })
}

// One place for the file-name and one-line rules: the domain's, shared with uploads.
pub use helpdesk_domain::attachment::{one_line, safe_name};

fn is_bounce(msg: &mail_parser::Message<'_>) -> bool {
    let report = msg.root_part().content_type().is_some_and(|c| {
        c.ctype().eq_ignore_ascii_case("multipart")
            && c.subtype().is_some_and(|s| s.eq_ignore_ascii_case("report"))
            && c.attribute("report-type")
                .is_some_and(|t| t.eq_ignore_ascii_case("delivery-status"))
    });
    let daemon = msg
        .from()
        .and_then(|a| a.first())
        .and_then(|a| a.address())
        .is_some_and(|a| {
            let local = a.split('@').next().unwrap_or_default().to_ascii_lowercase();
            local == "mailer-daemon" || local == "postmaster"
        });
    report || daemon
}

/// The Message-ID of the message a bounce returns (from its headers part).
fn returned_message_id(msg: &mail_parser::Message<'_>) -> Option<String> {
    msg.parts.iter().find_map(|part| {
        let is_headers = part.content_type().is_some_and(|c| {
            c.subtype()
                .is_some_and(|s| s.eq_ignore_ascii_case("rfc822-headers") || s.eq_ignore_ascii_case("rfc822"))
        });
        if !is_headers {
            return None;
        }
        let text = match &part.body {
            PartType::Text(t) => t.to_string(),
            PartType::Message(m) => return m.message_id().map(clean_id),
            PartType::Binary(b) | PartType::InlineBinary(b) => String::from_utf8_lossy(b).into_owned(),
            _ => return None,
        };
        text.lines().find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.trim().eq_ignore_ascii_case("message-id").then(|| clean_id(value))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mail(headers: &str, body: &str) -> Vec<u8> {
        format!("{headers}\r\n\r\n{body}").into_bytes()
    }

    #[test]
    fn threading_ids_come_in_reply_to_first_then_references_newest_first() {
        let raw = mail(
            "From: Jo <jo@customer.test>\r\nTo: support@acme.test\r\nSubject: Re: x\r\nMessage-ID: <m3@customer.test>\r\nIn-Reply-To: <m2@h.test>\r\nReferences: <m0@h.test> <m1@h.test>\r\n <m2@h.test>",
            "hi",
        );
        let m = parse(&raw, &Limits::default(), "mail.helpdesk.test").unwrap();
        assert_eq!(m.message_id.as_deref(), Some("m3@customer.test"));
        assert_eq!(m.references, ["m2@h.test", "m1@h.test", "m0@h.test"]);
        assert_eq!(m.from.unwrap().email.as_str(), "jo@customer.test");
    }

    #[test]
    fn automatic_mail_is_recognised_by_any_of_its_signs() {
        let cases = [
            ("Auto-Submitted: auto-replied", "auto-submitted"),
            ("Precedence: bulk", "precedence"),
            ("Precedence: list", "precedence"),
            ("X-Loop: helpdesk@other.test", "x-loop"),
            ("X-Auto-Response-Suppress: All", "x-auto-response-suppress"),
            ("Return-Path: <>", "empty-return-path"),
        ];
        for (header, reason) in cases {
            let raw = mail(
                &format!("From: a@b.test\r\nTo: support@acme.test\r\nSubject: s\r\n{header}"),
                "x",
            );
            let m = parse(&raw, &Limits::default(), "mail.helpdesk.test").unwrap();
            assert_eq!(m.auto.reasons(), [reason], "{header}");
        }
        let human = mail(
            "From: a@b.test\r\nSubject: s\r\nAuto-Submitted: no\r\nPrecedence: first-class\r\nReturn-Path: <a@b.test>",
            "x",
        );
        assert!(!parse(&human, &Limits::default(), "h.test").unwrap().auto.any());
        let ours = mail(
            "From: a@b.test\r\nSubject: s\r\nMessage-ID: <h.1.2.3.4@mail.helpdesk.test>",
            "x",
        );
        assert!(
            parse(&ours, &Limits::default(), "mail.helpdesk.test")
                .unwrap()
                .auto
                .own_message_id
        );
    }

    #[test]
    fn ticket_numbers_are_found_anywhere_in_a_subject() {
        assert_eq!(subject_number("Re: Printer [TKT-000042]"), Some(TicketNumber::new(42)));
        assert_eq!(subject_number("RE: AW: TKT-7 again"), Some(TicketNumber::new(7)));
        assert_eq!(subject_number("TKT- nothing TKT-x"), None);
        assert_eq!(subject_number("no number"), None);
    }

    #[test]
    fn plus_tags_split_off_the_address() {
        let e = Email::parse("Support+T1.abc@Acme.test").unwrap();
        assert_eq!(split_plus(&e), ("support@acme.test".into(), Some("t1.abc".into())));
        let e = Email::parse("support@acme.test").unwrap();
        assert_eq!(split_plus(&e), ("support@acme.test".into(), None));
    }

    #[test]
    fn attachments_beyond_the_limits_are_dropped_and_counted() {
        let mut body = String::new();
        for i in 0..4 {
            body.push_str(&format!(
                "--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"f{i}.bin\"\r\n\r\n{}\r\n",
                "x".repeat(if i == 1 { 2000 } else { 10 })
            ));
        }
        body.push_str("--b--\r\n");
        let raw = mail(
            "From: a@b.test\r\nSubject: s\r\nContent-Type: multipart/mixed; boundary=\"b\"",
            &body,
        );
        let limits = Limits {
            max_attachments: 2,
            max_attachment_bytes: 1000,
            max_total_bytes: 1 << 20,
        };
        let m = parse(&raw, &limits, "h.test").unwrap();
        let names: Vec<_> = m.attachments.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["f0.bin", "f2.bin"]);
        assert_eq!(m.dropped_attachments, 2);
    }

    #[test]
    fn not_mail_is_an_error_not_a_panic() {
        assert!(parse(b"", &Limits::default(), "h.test").is_err());
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_parse_or_fail_cleanly(raw in proptest::collection::vec(proptest::num::u8::ANY, 0..2000)) {
            if let Ok(m) = parse(&raw, &Limits::default(), "h.test") {
                proptest::prop_assert!(!m.subject.contains('\n'));
                proptest::prop_assert!(m.references.len() <= REFERENCES_MAX);
            }
        }
    }
}

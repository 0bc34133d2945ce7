//! What the email channel decides about a parsed message before it touches a ticket:
//! whether it is admitted or quarantined, whether automatic replies are muted, and which
//! parts stay inline in the ticket's thread. Pure.

use helpdesk_domain::ticket::BODY_MAX;

use crate::InboundMail;
use crate::verdicts::{Disposition, Verdicts, judge};

/// Whether a message becomes a ticket or a reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Admission {
    /// Ticketed; `spam` flags it (tagged, never answered automatically).
    Accept { spam: bool },
    /// Kept aside for admins, with the reasons: the receipt's verdicts (`virus`,
    /// `dmarc`, `spf-and-dkim`), `bounce` (not a customer's words), `no-sender`.
    Quarantine(Vec<String>),
}

pub fn admit(verdicts: &Verdicts, mail: &InboundMail) -> Admission {
    let disposition = judge(verdicts);
    let mut reasons: Vec<String> = match &disposition {
        Disposition::Quarantine(r) => r.iter().map(|r| (*r).to_owned()).collect(),
        _ => Vec::new(),
    };
    if mail.bounce {
        reasons.push("bounce".into());
    }
    if mail.from.is_none() {
        reasons.push("no-sender".into());
    }
    if reasons.is_empty() {
        Admission::Accept {
            spam: disposition == Disposition::Spam,
        }
    } else {
        Admission::Quarantine(reasons)
    }
}

/// Why the ticket must never answer this message automatically (empty: it may).
pub fn muted(mail: &InboundMail, spam: bool) -> Vec<String> {
    let mut reasons: Vec<String> = mail.auto.reasons().into_iter().map(str::to_owned).collect();
    if spam {
        reasons.push("spam".into());
    }
    reasons
}

/// How a message's text is kept: the new part inline in the thread (at most the
/// domain's body length, with a note when cut), the full text and HTML inline only up
/// to `inline_max` bytes, and everything in an overflow document when anything does not fit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parts {
    pub body: String,
    pub full_text: Option<String>,
    pub html: Option<String>,
    /// `{"text", "html"}` as JSON, to keep beside the message.
    pub overflow: Option<String>,
}

/// The note that ends a body cut to fit the thread.
pub const CUT_NOTE: &str = "\n\n[…] The message continues; the full text is kept with the email.";

pub fn parts(mail: &InboundMail, inline_max: usize) -> Parts {
    let mut body = if mail.reply.trim().is_empty() {
        "(empty message)".to_owned()
    } else {
        mail.reply.clone()
    };
    let full_text = (mail.text.trim() != body).then(|| mail.text.clone());
    let long_body = body.chars().count() > BODY_MAX;
    let too_big = long_body
        || full_text.as_ref().is_some_and(|t| t.len() > inline_max)
        || mail.html.as_ref().is_some_and(|h| h.len() > inline_max);
    if long_body {
        body = body
            .chars()
            .take(BODY_MAX - CUT_NOTE.chars().count())
            .collect::<String>()
            + CUT_NOTE;
    }
    let keep = |s: &Option<String>| s.clone().filter(|t| t.len() <= inline_max);
    Parts {
        body,
        full_text: keep(&full_text),
        html: keep(&mail.html),
        overflow: too_big.then(|| serde_json::json!({"text": mail.text, "html": mail.html}).to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verdicts::Verdict;
    use crate::{Limits, parse};

    fn mail(raw: &str) -> InboundMail {
        parse(raw.as_bytes(), &Limits::default(), "mail.helpdesk.test").unwrap()
    }

    #[test]
    fn bounces_mail_without_a_sender_and_bad_verdicts_are_quarantined_with_every_reason() {
        let ok = mail("From: a@b.test\r\nTo: s@x.test\r\nSubject: Hi\r\n\r\nHello");
        assert_eq!(admit(&Verdicts::default(), &ok), Admission::Accept { spam: false });
        let spam = Verdicts {
            spam: Verdict::Fail,
            ..Verdicts::default()
        };
        assert_eq!(admit(&spam, &ok), Admission::Accept { spam: true });
        assert_eq!(muted(&ok, true), ["spam"]);
        let virus = Verdicts {
            virus: Verdict::Fail,
            ..Verdicts::default()
        };
        let anonymous = mail("To: s@x.test\r\nSubject: Hi\r\n\r\nHello");
        assert_eq!(
            admit(&virus, &anonymous),
            Admission::Quarantine(vec!["virus".into(), "no-sender".into()])
        );
    }

    #[test]
    fn long_bodies_are_cut_with_a_note_and_kept_whole_beside_the_message() {
        let text = "word ".repeat(BODY_MAX / 4);
        let long = mail(&format!("From: a@b.test\r\nSubject: Hi\r\n\r\n{text}"));
        let p = parts(&long, 48 * 1024);
        assert_eq!(p.body.chars().count(), BODY_MAX);
        assert!(p.body.ends_with(CUT_NOTE));
        let doc: serde_json::Value = serde_json::from_str(&p.overflow.expect("an overflow document")).unwrap();
        assert!(doc["text"].as_str().unwrap().starts_with("word word"));
        assert!(doc["html"].is_null());
        let short = mail("From: a@b.test\r\nSubject: Hi\r\n\r\nHello \"you\"");
        let p = parts(&short, 48 * 1024);
        assert_eq!((p.body.as_str(), p.overflow), ("Hello \"you\"", None));
    }
}

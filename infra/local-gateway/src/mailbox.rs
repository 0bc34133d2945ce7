//! The local "sent mail" view: what moto's SES accepted, parsed from the raw MIME, so a
//! developer (and the tests) can read the mail the notifier sent.

use serde::Serialize;
use serde_json::Value;

/// One sent mail, as a reader would look at it.
#[derive(Debug, Clone, Serialize)]
pub struct SentMail {
    pub message_id: String,
    pub from: String,
    pub to: String,
    pub subject: String,
    pub date: String,
    pub in_reply_to: Option<String>,
    pub reply_to: Option<String>,
    pub auto_submitted: Option<String>,
    pub text: String,
    pub html: String,
    /// The attached files: name, type and size.
    pub attachments: Vec<SentFile>,
}

/// A file attached to a sent mail.
#[derive(Debug, Clone, Serialize)]
pub struct SentFile {
    pub name: String,
    pub content_type: String,
    pub size: usize,
}

/// Every raw mail in moto's state dump (`/moto-api/data.json`), oldest first.
pub fn from_moto(data: &Value) -> Vec<SentMail> {
    fn walk<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
        match v {
            Value::String(s) if s.contains("Message-ID:") => out.push(s),
            Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            Value::Object(o) => o.values().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let mut raws = Vec::new();
    walk(data, &mut raws);
    raws.into_iter().filter_map(parse).collect()
}

fn parse(raw: &str) -> Option<SentMail> {
    let m = mail_parser::MessageParser::default().parse(raw.as_bytes())?;
    let addr =
        |a: Option<&mail_parser::Address<'_>>| a.and_then(|a| a.first()).and_then(|a| a.address()).map(str::to_owned);
    Some(SentMail {
        message_id: m.message_id().unwrap_or_default().to_owned(),
        from: addr(m.from()).unwrap_or_default(),
        to: addr(m.to()).unwrap_or_default(),
        subject: m.subject().unwrap_or_default().to_owned(),
        date: m.date().map(|d| d.to_rfc3339()).unwrap_or_default(),
        in_reply_to: m.in_reply_to().as_text().map(str::to_owned),
        reply_to: addr(m.reply_to()),
        auto_submitted: m.header_raw("Auto-Submitted").map(|h| h.trim().to_owned()),
        text: m.body_text(0).map(|t| t.into_owned()).unwrap_or_default(),
        html: m.body_html(0).map(|t| t.into_owned()).unwrap_or_default(),
        attachments: m
            .attachments()
            .map(|a| {
                use mail_parser::MimeHeaders;
                SentFile {
                    name: a.attachment_name().unwrap_or_default().to_owned(),
                    content_type: a
                        .content_type()
                        .map(|c| match c.subtype() {
                            Some(sub) => format!("{}/{sub}", c.ctype()),
                            None => c.ctype().to_owned(),
                        })
                        .unwrap_or_default(),
                    size: a.contents().len(),
                }
            })
            .collect(),
    })
}

// Tests unwrap on purpose: a panic with the value is the clearest failure report.
#![allow(clippy::unwrap_used)]

//! The committed corpus (`tests/mail/corpus`) through the parser: what each shape of
//! real-world mail yields before threading. The end-to-end tests deliver the same files.

use helpdesk_inbound::{Limits, parse};

fn corpus(name: &str) -> Vec<u8> {
    let path = format!("{}/../../tests/mail/corpus/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn filled(name: &str) -> Vec<u8> {
    String::from_utf8(corpus(name))
        .unwrap()
        .replace("{{SUBJECT}}", "Printer is on fire [TKT-000042]")
        .replace("{{IN_REPLY_TO}}", "h.10001.T.root.sig@mail.helpdesk.example")
        .replace("{{TO}}", "support@acme.test")
        .into_bytes()
}

fn mail(name: &str) -> helpdesk_inbound::InboundMail {
    parse(&filled(name), &Limits::default(), "mail.helpdesk.example").unwrap()
}

#[test]
fn multipart_alternative_prefers_the_text_part_and_drops_the_signature() {
    let m = mail("multipart-alternative.eml");
    assert_eq!(m.subject, "Printer is on fire");
    assert_eq!(m.reply, "Our printer caught fire this morning.\n\nCan someone come by?");
    assert!(m.text.contains("Head of Printing"), "the full text keeps the signature");
    assert!(m.html.is_some());
    assert!(!m.auto.any() && !m.bounce);
}

#[test]
fn html_only_mail_becomes_text_and_safe_html() {
    let m = mail("html-only.eml");
    assert!(m.reply.contains("Why was I charged twice for November?"), "{}", m.reply);
    let html = m.html.unwrap();
    assert!(html.contains("https://customer.test/account") && html.contains("noopener"));
}

#[test]
fn nested_multiparts_yield_the_text_an_inline_image_and_an_attachment() {
    let m = mail("nested-inline-image.eml");
    assert_eq!(m.reply, "The attached invoice does not open.");
    assert_eq!(m.from.unwrap().email.as_str(), "sam@buyer.test");
    let names: Vec<_> = m.attachments.iter().map(|a| (a.name.as_str(), a.inline)).collect();
    assert_eq!(names, [("logo.png", true), ("invoice 2026.pdf", false)]);
    assert_eq!(m.attachments[0].content_id.as_deref(), Some("logo@customer.test"));
    assert!(m.attachments[1].bytes.starts_with(b"%PDF-1.4"));
    assert!(m.html.unwrap().contains("cid:logo@customer.test"));
}

#[test]
fn latin1_bodies_and_encoded_words_decode() {
    let m = mail("latin1-encoded-words.eml");
    assert_eq!(m.subject, "Rechnung für März");
    assert_eq!(m.from.unwrap().name.as_deref(), Some("Jürgen Müller"));
    assert_eq!(m.reply, "Grüße aus Köln.\nDie Rechnung für März fehlt.");
}

#[test]
fn gmail_and_outlook_replies_show_only_the_new_text_and_name_what_they_answer() {
    let g = mail("gmail-reply.eml");
    assert_eq!(g.reply, "Thanks, that fixed it!");
    assert_eq!(g.references, ["h.10001.T.root.sig@mail.helpdesk.example"]);
    let o = mail("outlook-reply.eml");
    assert_eq!(o.reply, "It is still broken after the restart.\n\nBest regards\nJo");
    assert_eq!(o.references, ["h.10001.T.root.sig@mail.helpdesk.example"]);
}

#[test]
fn forwarded_mail_keeps_what_it_forwards() {
    let m = mail("forwarded.eml");
    assert!(m.reply.starts_with("Can you help this customer of ours?"));
    assert!(m.reply.contains("My order 1234 never arrived."), "{}", m.reply);
}

#[test]
fn a_calendar_invite_is_text_plus_its_ics() {
    let m = mail("calendar-invite.eml");
    assert!(
        m.reply.starts_with("Let's review the open tickets on Friday."),
        "{}",
        m.reply
    );
    assert!(
        m.attachments.iter().any(|a| a.name.ends_with(".ics")),
        "{:?}",
        m.attachments.iter().map(|a| &a.name).collect::<Vec<_>>()
    );
}

#[test]
fn bounces_and_auto_replies_are_automatic_and_bounces_name_the_returned_mail() {
    let b = mail("bounce.eml");
    assert!(b.bounce && b.auto.empty_return_path && b.auto.auto_submitted);
    assert!(
        b.references
            .contains(&"h.10001.T.root.sig@mail.helpdesk.example".to_owned()),
        "{:?}",
        b.references
    );
    let a = mail("auto-reply.eml");
    assert_eq!(a.auto.reasons(), ["auto-submitted", "x-auto-response-suppress"]);
    assert!(!a.bounce);
}

#[test]
fn hostile_mail_comes_out_inert() {
    let m = mail("hostile.eml");
    assert_eq!(
        m.subject, "<script>alert(1)</script> Urgent",
        "subjects stay text; the UI escapes them"
    );
    let html = m.html.unwrap().to_lowercase();
    for bad in [
        "<script",
        "onerror",
        "onload",
        "javascript:",
        "<iframe",
        "tracker.evil.test",
        "onclick",
        "<form",
    ] {
        assert!(!html.contains(bad), "{bad}: {html}");
    }
    let names: Vec<_> = m.attachments.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["_script_passwd.html", "eviltxt.exe"]);
}

#[test]
fn cc_participants_are_read() {
    let m = mail("cc-participants.eml");
    let cc: Vec<_> = m.cc.iter().map(|c| c.email.as_str()).collect();
    assert_eq!(cc, ["lee@customer.test", "support@acme.test"]);
}

#[test]
fn thousands_of_nested_parts_and_huge_headers_do_not_panic() {
    let mut raw = String::from("From: a@b.test\r\nSubject: deep\r\n");
    raw.push_str(&format!("X-Huge: {}\r\n", "a".repeat(2_000_000)));
    for i in 0..5000 {
        raw.push_str(&format!(
            "Content-Type: multipart/mixed; boundary=\"b{i}\"\r\n\r\n--b{i}\r\n"
        ));
    }
    raw.push_str("Content-Type: text/plain\r\n\r\nbottom\r\n");
    let m = parse(raw.as_bytes(), &Limits::default(), "h.test");
    assert!(m.is_ok());
    let many_parts: String = (0..5000)
        .map(|i| {
            format!(
                "--b\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename=f{i}.txt\r\n\r\nx\r\n"
            )
        })
        .collect();
    let raw = format!(
        "From: a@b.test\r\nSubject: wide\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n{many_parts}--b--\r\n"
    );
    let m = parse(raw.as_bytes(), &Limits::default(), "h.test").unwrap();
    assert_eq!(m.attachments.len(), 20);
    assert!(m.dropped_attachments >= 4900);
}

//! Any bytes through parse → sanitise → the pure half of threading (signature checks
//! of every referenced id and plus tag, the subject's ticket number). Must never
//! panic, and what comes out must hold the parser's promises.
#![no_main]

use helpdesk_domain::OrgId;
use helpdesk_inbound::{Limits, body, parse, split_plus, subject_number};
use helpdesk_mail::Signer;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|raw: &[u8]| {
    let limits = Limits {
        max_attachments: 5,
        max_attachment_bytes: 1 << 16,
        max_total_bytes: 1 << 18,
    };
    let Ok(mail) = parse(raw, &limits, "mail.helpdesk.test") else {
        return;
    };
    assert!(!mail.subject.contains('\n') && !mail.subject.contains('\r'));
    assert!(mail.attachments.len() <= limits.max_attachments);
    for a in &mail.attachments {
        assert!(!a.name.contains('/') && !a.name.contains('\\') && !a.name.starts_with('.'));
    }
    if let Some(html) = &mail.html {
        let lower = html.to_lowercase();
        // Text is escaped, so a tag can only come from the sanitiser's allow-list.
        for tag in ["<script", "<iframe", "<form", "<svg", "<style", "<object", "<embed"] {
            assert!(!lower.contains(tag), "{tag}");
        }
        // Sanitising is idempotent on its own output.
        let again = body::sanitize_html(html);
        assert!(!again.to_lowercase().contains("<script"));
    }
    let _ = body::reply_part(&mail.text);
    let signer = Signer::new(b"fuzz".to_vec(), "mail.helpdesk.test");
    let org = OrgId::parse("10001").expect("an org id");
    for r in &mail.references {
        let _ = signer.verify_message_id(r);
    }
    for m in mail.to.iter().chain(&mail.cc) {
        if let (_, Some(tag)) = split_plus(&m.email) {
            let _ = signer.verify_reply_token(&org, &tag);
        }
    }
    let _ = subject_number(&mail.subject);
});

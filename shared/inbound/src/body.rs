//! The body of an inbound message: what is new in it, and its HTML made safe.

/// What is new in a plain-text message: the text above the quoted history (Gmail's
/// "On … wrote:", Outlook's header block, `-----Original Message-----`, a trailing
/// `>` quote) and above the signature (`-- `, "Sent from my …"). Forwarded messages
/// keep what they forward: that is the point of them. Falls back to the whole text
/// when nothing would be left.
pub fn reply_part(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut end = lines.len();
    for (i, raw) in lines.iter().enumerate() {
        let line = raw.trim();
        if starts_history(&lines, i) || is_signature(raw, line) {
            end = i;
            break;
        }
    }
    // A quote at the end (bottom-posted history without an attribution line).
    while end > 0 {
        let l = lines[end - 1].trim();
        if l.is_empty() || l.starts_with('>') {
            end -= 1;
        } else {
            break;
        }
    }
    let reply = lines[..end].join("\n").trim().to_owned();
    if reply.is_empty() {
        text.trim().to_owned()
    } else {
        reply
    }
}

fn starts_history(lines: &[&str], i: usize) -> bool {
    let line = lines[i].trim();
    let lower = line.to_lowercase();
    let next = lines.get(i + 1).map(|l| l.trim().to_lowercase()).unwrap_or_default();
    // "On Mon, 23 Nov 2026 at 10:00, Acme <a@b> wrote:" (Gmail, Apple Mail, Thunderbird),
    // possibly wrapped over two lines, and its common translations.
    let attribution = |l: &str| {
        l.ends_with("wrote:") || l.ends_with("schrieb:") || l.ends_with("a écrit :") || l.ends_with("escribió:")
    };
    if (lower.starts_with("on ") || lower.starts_with("am ") || lower.starts_with("le ") || lower.starts_with("el "))
        && (attribution(&lower) || (!lower.is_empty() && attribution(&next)))
    {
        return true;
    }
    if lower.starts_with("-----original message-----") || lower.starts_with("-----ursprüngliche nachricht-----") {
        return true;
    }
    // Outlook: a rule of underscores, then "From:"; or "From:" directly followed by
    // "Sent:" / "Date:" within the next lines.
    if line.len() >= 10 && line.chars().all(|c| c == '_') {
        return next.starts_with("from:") || next.starts_with("von:") || next.starts_with("de :");
    }
    if lower.starts_with("from:") {
        return lines.iter().skip(i + 1).take(3).any(|l| {
            let l = l.trim().to_lowercase();
            l.starts_with("sent:") || l.starts_with("date:") || l.starts_with("gesendet:")
        }) && !preceded_by_forward(lines, i);
    }
    false
}

/// Whether line `i` sits in a forwarded-message header ("---------- Forwarded message").
fn preceded_by_forward(lines: &[&str], i: usize) -> bool {
    lines[..i].iter().rev().take(3).any(|l| {
        let l = l.to_lowercase();
        l.contains("forwarded message") || l.contains("weitergeleitete nachricht")
    })
}

fn is_signature(raw: &str, line: &str) -> bool {
    let lower = line.to_lowercase();
    raw.trim_end_matches(['\r', '\n']) == "-- "
        || raw == "--"
        || lower.starts_with("sent from my ")
        || lower == "sent from outlook"
        || lower.starts_with("get outlook for ")
        || lower.starts_with("sent from mail for windows")
}

/// Sanitises a mail's HTML: the one allow-list, as mail needs it
/// ([`helpdesk_domain::html`]).
pub fn sanitize_html(html: &str) -> String {
    helpdesk_domain::html::sanitize(html, helpdesk_domain::html::Source::Mail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gmail_replies_keep_the_text_above_the_attribution() {
        let t = "Thanks, that fixed it!\n\nOn Mon, 23 Nov 2026 at 10:00, Acme Support <s@x.test> wrote:\n> We replaced the toner.\n";
        assert_eq!(reply_part(t), "Thanks, that fixed it!");
        let wrapped = "Yes.\n\nOn Mon, 23 Nov 2026 at 10:00, Acme Support <s@x.test>\nwrote:\n> q\n";
        assert_eq!(reply_part(wrapped), "Yes.");
    }

    #[test]
    fn outlook_replies_stop_at_the_header_block_and_signatures_go() {
        let t = "Still broken.\n\nBest regards\nJo\n\nSent from Outlook\n\n________________________________\nFrom: Acme\nSent: Monday\nTo: Jo\n\nRestart it.\n";
        assert_eq!(reply_part(t), "Still broken.\n\nBest regards\nJo");
        let plain = "Fine.\n\n-----Original Message-----\nFrom: Acme\nRestart it.";
        assert_eq!(reply_part(plain), "Fine.");
        let bare = "Ok.\nFrom: Acme <a@b.test>\nSent: Monday\nSubject: x\n\nold";
        assert_eq!(reply_part(bare), "Ok.");
    }

    #[test]
    fn signatures_and_trailing_quotes_are_stripped_but_forwards_are_kept() {
        assert_eq!(reply_part("Hello\n\n-- \nJo\nCEO"), "Hello");
        assert_eq!(reply_part("Top\n\n> old\n> older\n"), "Top");
        assert_eq!(reply_part("Hi\nSent from my iPhone"), "Hi");
        let fwd = "See below.\n\n---------- Forwarded message ---------\nFrom: Kim <k@c.test>\nDate: Sun\nSubject: Order\n\nMy order never arrived.";
        assert_eq!(reply_part(fwd), fwd);
    }

    #[test]
    fn an_all_quoted_message_keeps_its_text() {
        assert_eq!(reply_part("> only a quote"), "> only a quote");
    }

    #[test]
    fn html_loses_everything_that_runs_or_fetches() {
        let dirty = r#"<p onclick="x()" style="color:red">Hi</p><script>alert(1)</script>
            <img src="x" onerror="alert(1)"><svg onload="alert(2)"><circle r="1"/></svg>
            <a href="javascript:alert(3)">j</a><a href="https://ok.test/">ok</a>
            <a href="3D&quot;javascript:alert(3)&quot;">qp</a><a href="/api/v1/tickets">rel</a>
            <iframe src="https://evil.test/"></iframe><img src="https://tracker.test/p.gif">
            <img src="cid:logo@x.test"><form action="https://evil.test"><input name="pw"></form>"#;
        let clean = sanitize_html(dirty).to_lowercase();
        for bad in [
            "<script",
            "onclick",
            "onerror",
            "onload",
            "javascript:",
            "<iframe",
            "tracker.test",
            "<form",
            "<input",
            "style=",
            "<svg",
        ] {
            assert!(!clean.contains(bad), "{bad} survived: {clean}");
        }
        assert!(clean.contains("<p>hi</p>"));
        assert!(clean.contains(r#"href="https://ok.test/""#) && clean.contains("noopener"));
        assert!(clean.contains(r#"src="cid:logo@x.test""#));
    }
}

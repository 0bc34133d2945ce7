//! HTML that reaches a browser: the one allow-list sanitiser (mail bodies and knowledge
//! base articles), and Markdown rendered through it.
//!
//! Both drop scripts, styles, event handlers, forms, frames, objects, embeds and
//! `javascript:`/`data:` URLs, and give links `rel="noopener noreferrer nofollow"`.
//! They differ in what a URL may point at:
//! - mail: absolute links only (a relative URL would resolve against the app's origin),
//!   and images only from the message itself (`cid:`), so viewing mail fetches nothing;
//! - articles: relative URLs too (links to other articles, images the app serves), but
//!   no image from another site.

use std::collections::HashSet;

/// Where sanitised HTML comes from, which decides what its URLs may point at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Mail,
    Article,
}

/// `html` with only what the allow-list keeps.
pub fn sanitize(html: &str, source: Source) -> String {
    let schemes: HashSet<&str> = match source {
        Source::Mail => HashSet::from(["http", "https", "mailto", "cid"]),
        Source::Article => HashSet::from(["http", "https", "mailto"]),
    };
    let mut b = ammonia::Builder::default();
    b.url_schemes(schemes).link_rel(Some("noopener noreferrer nofollow"));
    match source {
        Source::Mail => b.url_relative(ammonia::UrlRelative::Deny),
        Source::Article => b.url_relative(ammonia::UrlRelative::PassThrough),
    };
    b.attribute_filter(move |element, attribute, value| {
        let v = value.trim_start().to_ascii_lowercase();
        let remote = v.starts_with("http:") || v.starts_with("https:") || v.starts_with("//");
        let allowed = match (element, attribute, source) {
            ("img", "src", Source::Mail) => v.starts_with("cid:"),
            ("img", "src", Source::Article) => !remote,
            _ => true,
        };
        allowed.then(|| value.into())
    })
    .clean(html)
    .to_string()
}

/// Markdown (CommonMark with tables, strikethrough and task lists) as sanitised HTML.
/// Raw HTML inside the Markdown goes through the sanitiser like the rest.
pub fn markdown(source: &str) -> String {
    use pulldown_cmark::{Options, Parser, html};
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let mut out = String::with_capacity(source.len() + source.len() / 2);
    html::push_html(&mut out, Parser::new_ext(source, options));
    sanitize(&out, Source::Article)
}

/// The first `max` characters of `markdown`'s text, on one line, cut at a word end.
pub fn excerpt(markdown: &str, max: usize) -> String {
    use pulldown_cmark::{Event, Parser, TagEnd};
    let mut text = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            // Inline ends (bold, links) join their text to what follows; blocks do not.
            Event::End(TagEnd::Strong | TagEnd::Emphasis | TagEnd::Strikethrough | TagEnd::Link | TagEnd::Image) => {}
            Event::SoftBreak | Event::HardBreak | Event::End(_) => text.push(' '),
            _ => {}
        }
        if text.len() > max * 4 {
            break;
        }
    }
    let line = crate::input::one_line(&text);
    if line.chars().count() <= max {
        return line;
    }
    let cut: String = line.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head).to_owned();
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_renders_and_nothing_active_survives() {
        let html = markdown(
            "# Reset\n\nClick **Forgot** [here](/help/acme/articles/x).\n\n\
             <script>alert(1)</script><img src=x onerror=alert(1)>\
             <a href=\"javascript:alert(1)\">j</a><iframe src=\"https://evil.test\"></iframe>\
             <img src=\"https://tracker.test/p.gif\"><object data=\"x\"></object>\n\n| a | b |\n|---|---|\n| 1 | 2 |",
        );
        assert!(
            html.contains("<h1>Reset</h1>") && html.contains("<strong>Forgot</strong>"),
            "{html}"
        );
        assert!(
            html.contains("href=\"/help/acme/articles/x\""),
            "relative links stay: {html}"
        );
        assert!(html.contains("<table>"), "{html}");
        for bad in [
            "<script",
            "onerror",
            "javascript:",
            "<iframe",
            "tracker.test",
            "<object",
        ] {
            assert!(!html.contains(bad), "{bad} survived: {html}");
        }
        assert!(html.contains("rel=\"noopener noreferrer nofollow\""), "{html}");
    }

    #[test]
    fn mail_keeps_only_absolute_links_and_its_own_images() {
        let html = sanitize(
            "<a href=\"/x\">rel</a><a href=\"https://ok.test\">abs</a><img src=\"cid:a\"><img src=\"https://t.test/p\">",
            Source::Mail,
        );
        assert!(
            !html.contains("href=\"/x\"") && html.contains("https://ok.test"),
            "{html}"
        );
        assert!(html.contains("cid:a") && !html.contains("t.test"), "{html}");
    }

    #[test]
    fn excerpts_are_plain_text_cut_at_a_word() {
        assert_eq!(
            excerpt("# Title\n\nSome **bold** text here.", 100),
            "Title Some bold text here."
        );
        assert_eq!(excerpt("one two three four", 9), "one two…");
        assert_eq!(
            excerpt("Choose **Forgot password**. Then [sign in](/x).", 100),
            "Choose Forgot password. Then sign in."
        );
    }
}

//! Relevance: misspelt words (one and two edits), a prefix, a stemmed form and a phrase
//! each find the expected document first; who asks decides what can be found.

#![allow(clippy::unwrap_used)]

use helpdesk_search::{ArticleDoc, Audience, Changes, Kind, OrgIndex, Search, TicketDoc, words};

fn article(id: &str, title: &str, body: &str, published: bool) -> ArticleDoc {
    ArticleDoc {
        id: id.into(),
        slug: id.into(),
        title: title.into(),
        body: body.into(),
        status: if published { "published" } else { "draft" }.into(),
        published: published.then(|| (title.to_owned(), body.to_owned())),
        ..Default::default()
    }
}

fn ticket(id: &str, number: &str, customer: &str, subject: &str, messages: &[&str], notes: &[&str]) -> TicketDoc {
    TicketDoc {
        id: id.into(),
        number: number.into(),
        subject: subject.into(),
        status: "open".into(),
        customer_id: customer.into(),
        customer_name: "Cara Customer".into(),
        customer_email: format!("{customer}@example.com"),
        messages: messages.iter().map(|m| (*m).to_owned()).collect(),
        notes: notes.iter().map(|m| (*m).to_owned()).collect(),
        ..Default::default()
    }
}

fn corpus() -> (tempfile::TempDir, OrgIndex) {
    let dir = tempfile::tempdir().unwrap();
    let index = OrgIndex::open_or_create(dir.path()).unwrap();
    let changes = Changes {
        articles: vec![
            article(
                "reset",
                "Reset your password",
                "Open the sign-in page and choose Forgot password.",
                true,
            ),
            article(
                "2fa",
                "Turn on two-factor authentication",
                "Protect your account with an authenticator app.",
                true,
            ),
            article(
                "invoice",
                "Download an invoice",
                "Every invoice is in Billing, Invoices. Choose Download PDF.",
                true,
            ),
            article(
                "jam",
                "Printer shows a paper jam",
                "Open the front cover and remove the paper jam carefully.",
                true,
            ),
            article(
                "paper",
                "Ordering paper",
                "Order a jam-free paper brand for the printers.",
                true,
            ),
            article(
                "draft",
                "Internal toner procedure",
                "Secret draft about the toner replacement.",
                false,
            ),
            article(
                "configure",
                "Configuration of mailboxes",
                "How mailboxes are configured.",
                true,
            ),
        ],
        tickets: vec![
            ticket(
                "t1",
                "TKT-000101",
                "cara",
                "VPN keeps dropping",
                &["The VPN disconnects every hour.", "Update the client to 5.2 please"],
                &["internal: known firmware bug"],
            ),
            ticket(
                "t2",
                "TKT-000102",
                "cody",
                "Invoice is wrong",
                &["My invoice shows the wrong amount."],
                &[],
            ),
        ],
        ..Default::default()
    };
    index.apply(&changes).unwrap();
    (dir, index)
}

fn first(index: &OrgIndex, q: &str, audience: Audience) -> Option<String> {
    let s = Search {
        words: words(q),
        audience,
        kind: None,
        status: None,
        all_words: true,
    };
    index.search(&s, 5).unwrap().into_iter().next().map(|h| h.id)
}

#[test]
fn typos_prefixes_stems_and_phrases_find_the_expected_article_first() {
    let (_dir, index) = corpus();
    let public = || Audience::Public;
    assert_eq!(
        first(&index, "pasword ", public()).as_deref(),
        Some("reset"),
        "one edit (8 letters)"
    );
    assert_eq!(
        first(&index, "authetnicaton ", public()).as_deref(),
        Some("2fa"),
        "two edits (13 letters), a transposition"
    );
    assert_eq!(
        first(&index, "invo", public()).as_deref(),
        Some("invoice"),
        "a prefix while typing"
    );
    assert_eq!(
        first(&index, "configuring ", public()).as_deref(),
        Some("configure"),
        "a stemmed form"
    );
    assert_eq!(
        first(&index, "\"paper jam\" ", public()).as_deref(),
        Some("jam"),
        "a phrase beats the same words apart"
    );
    assert_eq!(first(&index, "pdf ", public()).as_deref(), Some("invoice"));
    // Short words must be exact: no fuzzy match for a 4-letter typo.
    assert_eq!(first(&index, "jab ", public()), None);
}

#[test]
fn exact_matches_rank_above_fuzzy_ones_and_titles_above_bodies() {
    let dir = tempfile::tempdir().unwrap();
    let index = OrgIndex::open_or_create(dir.path()).unwrap();
    let changes = Changes {
        articles: vec![
            article("fuzzy", "Printers", "The printer prints.", true),
            article("body", "Office hardware", "Our printers and the toner.", true),
            article("title", "Toner", "How to change it.", true),
        ],
        ..Default::default()
    };
    index.apply(&changes).unwrap();
    // `toner` is exact in two; the title match wins.
    assert_eq!(first(&index, "toner ", Audience::Public).as_deref(), Some("title"));
    // `tonor` is one edit from `toner`: both still found, below no exact match.
    let s = Search {
        words: words("tonor "),
        audience: Audience::Public,
        kind: None,
        status: None,
        all_words: true,
    };
    let hits = index.search(&s, 5).unwrap();
    assert_eq!(hits.len(), 2, "{hits:?}");
}

#[test]
fn every_hit_without_a_typo_comes_before_a_hit_with_one_even_in_a_title() {
    let dir = tempfile::tempdir().unwrap();
    let index = OrgIndex::open_or_create(dir.path()).unwrap();
    let long = "We keep spare paper, staples, pens, cables, monitors, keyboards and the toner in the \
                storeroom next to the kitchen on the second floor of the building.";
    // A word most articles hold scores low by BM25, lower than a fuzzy title match would.
    let mut articles: Vec<ArticleDoc> = (1..=8)
        .map(|i| article(&format!("e{i}"), "Supplies", long, true))
        .collect();
    articles.push(article("typo", "Tonner cartridges", "Which cartridges fit.", true));
    articles.push(article("x1", "Parking", "Where to park.", true));
    let changes = Changes {
        articles,
        ..Default::default()
    };
    index.apply(&changes).unwrap();
    let s = Search {
        words: words("toner "),
        audience: Audience::Public,
        kind: None,
        status: None,
        all_words: true,
    };
    let ids: Vec<String> = index.search(&s, 20).unwrap().into_iter().map(|h| h.id).collect();
    assert_eq!(ids.len(), 9, "eight exact hits and one within a typo: {ids:?}");
    assert_eq!(
        ids[8], "typo",
        "a title one edit away still ranks after every exact hit: {ids:?}"
    );
    // When the exact hits fill the page, the typo pass adds nothing.
    let ids: Vec<String> = index.search(&s, 8).unwrap().into_iter().map(|h| h.id).collect();
    assert!(ids.iter().all(|id| id.starts_with('e')), "{ids:?}");
}

#[test]
fn what_a_document_is_never_moves_it_up_only_its_words_do() {
    let dir = tempfile::tempdir().unwrap();
    let index = OrgIndex::open_or_create(dir.path()).unwrap();
    // Four tickets and one article: a scoring `kind` clause would give the rarer kind
    // (the article) a higher idf, and so a higher score for the same words.
    let mut tickets = vec![ticket(
        "t-toner",
        "TKT-000001",
        "cara",
        "Toner",
        &["Which cartridges fit."],
        &[],
    )];
    for i in 2..=4 {
        tickets.push(ticket(
            &format!("t{i}"),
            &format!("TKT-00000{i}"),
            "cara",
            "Parking",
            &["Where to park."],
            &[],
        ));
    }
    let changes = Changes {
        articles: vec![article("a-toner", "Toner", "Which cartridges fit.", true)],
        tickets,
        ..Default::default()
    };
    index.apply(&changes).unwrap();
    let s = Search {
        words: words("toner "),
        audience: Audience::Staff,
        kind: None,
        status: None,
        all_words: true,
    };
    let hits = index.search(&s, 20).unwrap();
    assert_eq!(hits.len(), 2, "{hits:?}");
    assert!(
        (hits[0].score - hits[1].score).abs() < 1e-4,
        "the same title and body score the same as a ticket and as an article: {hits:?}"
    );
}

#[test]
fn customers_and_visitors_never_find_drafts_notes_or_others_tickets() {
    let (_dir, index) = corpus();
    assert_eq!(first(&index, "toner ", Audience::Public), None, "drafts stay hidden");
    assert_eq!(
        first(&index, "toner ", Audience::Staff).as_deref(),
        Some("draft"),
        "staff find drafts"
    );
    assert_eq!(
        first(&index, "firmware ", Audience::Customer("cara".into())),
        None,
        "notes are staff only"
    );
    assert_eq!(first(&index, "firmware ", Audience::Staff).as_deref(), Some("t1"));
    assert_eq!(
        first(&index, "wrong amount", Audience::Customer("cara".into())),
        None,
        "another customer's ticket"
    );
    assert_eq!(
        first(&index, "wrong amount", Audience::Customer("cody".into())).as_deref(),
        Some("t2")
    );
    assert_eq!(
        first(&index, "vpn disconects ", Audience::Public),
        None,
        "visitors find no tickets"
    );
}

#[test]
fn agents_find_an_old_ticket_by_a_misspelt_word_of_a_reply_or_its_number() {
    let (_dir, index) = corpus();
    assert_eq!(first(&index, "disconects ", Audience::Staff).as_deref(), Some("t1"));
    assert_eq!(first(&index, "TKT-000102", Audience::Staff).as_deref(), Some("t2"));
    assert_eq!(first(&index, "102", Audience::Staff).as_deref(), Some("t2"));
    assert_eq!(
        first(&index, "cara@example.com", Audience::Staff).as_deref(),
        Some("t1")
    );
    let s = Search {
        words: words("disconects "),
        audience: Audience::Staff,
        kind: Some(Kind::Ticket),
        status: None,
        all_words: true,
    };
    let hit = index.search(&s, 1).unwrap().remove(0);
    assert!(hit.snippet.contains("<mark>disconnects</mark>"), "{}", hit.snippet);
    assert_eq!(hit.reference, "TKT-000101");
}

#[test]
fn a_replaced_document_is_found_by_its_new_text_only_and_deletions_remove_it() {
    let (_dir, index) = corpus();
    let changes = Changes {
        articles: vec![article("reset", "Reset your passphrase", "Use the new form.", true)],
        ..Default::default()
    };
    index.apply(&changes).unwrap();
    assert_eq!(first(&index, "passphrase ", Audience::Public).as_deref(), Some("reset"));
    assert_eq!(first(&index, "forgot ", Audience::Public), None);
    let gone = Changes {
        deleted: vec![(Kind::Article, "reset".into())],
        ..Default::default()
    };
    index.apply(&gone).unwrap();
    assert_eq!(first(&index, "passphrase ", Audience::Public), None);
    let files = index.files().unwrap();
    assert!(!files.names.is_empty() && files.meta.contains("segments"));
}

#[test]
fn suggestions_match_any_word_of_what_is_being_typed() {
    let (_dir, index) = corpus();
    let s = Search {
        words: words("my printer has a paper ja"),
        audience: Audience::Public,
        kind: Some(Kind::Article),
        status: None,
        all_words: false,
    };
    let hits = index.search(&s, 3).unwrap();
    assert_eq!(hits.first().map(|h| h.id.as_str()), Some("jam"), "{hits:?}");
}

//! Search at scale (issue #14): an org of 100,000 tickets of about five messages each
//! and 5,000 articles, generated deterministically; its index built and uploaded as the
//! rebuild does; queries through the local gateway (exact, misspelt, prefix); a reader
//! with an empty local directory (a cold Lambda `/tmp`); freshness (a reply → found by
//! search, through the stream, the bus, the queue and the indexer); and a knowledge-base
//! article read.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use helpdesk_app::search::Indexes;
use helpdesk_domain::{Caller, OrgId, Role, UserId};
use helpdesk_search::{ArticleDoc, Changes, TicketDoc};
use helpdesk_tests::TestApp;
use serde_json::{Value, json};

use crate::figures::{Figure, quantile};

const SECTION: &str = "Search: 100,000 tickets (≈5 messages each) and 5,000 articles in one org";
const KB_SECTION: &str = "Knowledge base reads through the local gateway";
const TICKETS: usize = 100_000;
const MESSAGES_PER_TICKET: usize = 5;
const ARTICLES: usize = 5_000;
const QUERIES_PER_KIND: usize = 300;
const FRESHNESS_SAMPLES: usize = 20;
const COLD_SAMPLES: usize = 3;
const ARTICLE_READS: usize = 300;
const QUERY_P99_MAX_MS: f64 = 50.0;
const FRESHNESS_P95_MAX_S: f64 = 2.0;
const ARTICLE_P95_MAX_MS: f64 = 10.0;
/// The org whose index the bench replaces (the demo's `acme`, which its users sign in to).
const ORG: &str = "10001";

/// A small deterministic generator (SplitMix64): the same org on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        #[allow(clippy::cast_possible_truncation)]
        let i = (self.next() % n as u64) as usize;
        i
    }
    /// Skewed to the front of a list, as word frequencies are (roughly Zipf).
    fn skewed(&mut self, n: usize) -> usize {
        #[allow(clippy::cast_precision_loss)]
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss
        )]
        let i = (u.powi(3) * n as f64) as usize;
        i.min(n - 1)
    }
}

/// Words of support mail, commonest first.
const COMMON: &[&str] = &[
    "the",
    "i",
    "to",
    "and",
    "a",
    "my",
    "is",
    "it",
    "of",
    "for",
    "in",
    "not",
    "we",
    "you",
    "on",
    "with",
    "this",
    "can",
    "have",
    "please",
    "thanks",
    "account",
    "order",
    "help",
    "when",
    "but",
    "after",
    "since",
    "again",
    "still",
    "error",
    "password",
    "invoice",
    "refund",
    "payment",
    "login",
    "email",
    "update",
    "problem",
    "issue",
    "working",
    "printer",
    "shipping",
    "delivery",
    "package",
    "subscription",
    "billing",
    "charged",
    "twice",
    "cancel",
    "reset",
    "access",
    "device",
    "laptop",
    "phone",
    "screen",
    "battery",
    "charger",
    "network",
    "connection",
    "router",
    "wireless",
    "offline",
    "dashboard",
    "report",
    "export",
    "import",
    "settings",
    "profile",
    "address",
    "warranty",
    "replacement",
    "broken",
    "damaged",
    "missing",
    "tracking",
    "number",
    "customer",
    "support",
    "agent",
    "manager",
    "team",
    "meeting",
    "calendar",
    "schedule",
    "appointment",
    "contract",
    "renewal",
    "discount",
    "coupon",
    "voucher",
    "credit",
    "card",
    "declined",
    "bank",
    "transfer",
    "receipt",
    "statement",
    "tax",
    "vat",
    "currency",
    "upgrade",
    "downgrade",
    "plan",
    "license",
    "seats",
    "users",
    "permission",
    "role",
    "admin",
    "security",
    "verification",
    "code",
    "expired",
    "link",
    "attachment",
    "download",
    "upload",
    "file",
    "folder",
    "document",
    "spreadsheet",
    "backup",
    "restore",
    "sync",
    "mobile",
    "app",
    "browser",
    "chrome",
    "firefox",
    "safari",
    "windows",
    "macos",
    "android",
    "iphone",
    "install",
    "uninstall",
    "crash",
    "freeze",
    "slow",
    "timeout",
    "outage",
    "maintenance",
    "notification",
    "alert",
    "message",
    "reply",
    "urgent",
    "asap",
    "today",
    "yesterday",
    "monday",
    "week",
    "month",
    "tried",
    "restarted",
    "cleared",
    "cache",
    "cookies",
    "sign",
    "locked",
    "disabled",
    "activate",
    "configure",
    "integration",
    "webhook",
    "api",
    "key",
    "token",
    "server",
    "database",
    "migration",
    "keyboard",
    "mouse",
    "monitor",
    "headset",
    "camera",
    "microphone",
    "audio",
    "video",
    "stream",
    "quality",
    "resolution",
    "firmware",
    "driver",
    "version",
    "release",
    "feature",
    "request",
    "feedback",
    "complaint",
    "escalate",
    "priority",
    "deadline",
    "warehouse",
    "return",
    "label",
    "courier",
    "customs",
    "duties",
    "international",
    "domestic",
    "express",
    "standard",
];

fn rare_words(rng: &mut Rng, n: usize) -> Vec<String> {
    const ONSETS: &[&str] = &[
        "b", "br", "c", "ch", "d", "dr", "f", "fl", "g", "gr", "h", "j", "k", "l", "m", "n", "p", "pl", "qu", "r", "s",
        "sh", "st", "t", "tr", "v", "w", "z",
    ];
    const VOWELS: &[&str] = &["a", "e", "i", "o", "u", "ai", "ea", "ou"];
    const CODAS: &[&str] = &["", "n", "r", "s", "t", "x", "nd", "st", "ck", "m"];
    (0..n)
        .map(|_| {
            let syllables = 2 + rng.below(2);
            (0..syllables)
                .map(|_| {
                    format!(
                        "{}{}{}",
                        ONSETS[rng.below(ONSETS.len())],
                        VOWELS[rng.below(VOWELS.len())],
                        CODAS[rng.below(CODAS.len())]
                    )
                })
                .collect()
        })
        .collect()
}

const FIRST: &[&str] = &[
    "Ana", "Ben", "Chloe", "Dmitri", "Elif", "Farah", "Goran", "Hana", "Ivan", "Jonas", "Kemal", "Lena", "Mateo",
    "Nora", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tariq", "Ulla", "Vera", "Wei", "Yusuf", "Zoe",
];
const LAST: &[&str] = &[
    "Adams", "Becker", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Horvat", "Ito", "Jensen", "Kowalski",
    "Larsen", "Moreau", "Novak", "Okafor", "Petrov", "Rossi", "Schmidt", "Tanaka", "Urban", "Varga", "Weber", "Yilmaz",
];

struct Corpus {
    tickets: Vec<TicketDoc>,
    articles: Vec<ArticleDoc>,
}

fn ulid(rng: &mut Rng, at_ms: u64) -> String {
    ulid::Ulid::from_parts(at_ms, u128::from(rng.next()) << 64 | u128::from(rng.next())).to_string()
}

fn generate() -> Corpus {
    let mut rng = Rng(14);
    let rare = rare_words(&mut rng, 20_000);
    let sentence = |rng: &mut Rng, words: usize| -> String {
        (0..words)
            .map(|_| {
                // One word in eight is rare: names, products, codes, typos of real mail.
                if rng.below(8) == 0 {
                    rare[rng.skewed(rare.len())].clone()
                } else {
                    COMMON[rng.skewed(COMMON.len())].to_owned()
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let start_ms = 1_735_689_600_000u64; // 2025-01-01
    let statuses = ["new", "open", "pending", "on_hold", "resolved", "closed"];
    let tickets = (0..TICKETS)
        .map(|i| {
            let at = start_ms + (i as u64) * 300_000;
            let messages = MESSAGES_PER_TICKET - 1 + rng.below(3);
            let (first, last) = (FIRST[rng.below(FIRST.len())], LAST[rng.below(LAST.len())]);
            let subject_words = 4 + rng.below(5);
            let subject = sentence(&mut rng, subject_words);
            let notes = rng.below(2);
            TicketDoc {
                id: ulid(&mut rng, at),
                number: format!("TKT-{:06}", i + 1),
                subject,
                status: statuses[rng.skewed(statuses.len())].to_owned(),
                customer_id: ulid(&mut rng, at),
                customer_name: format!("{first} {last}"),
                customer_email: format!("{}.{}{}@example.com", first.to_lowercase(), last.to_lowercase(), i % 97),
                tags: vec![COMMON[20 + rng.below(60)].to_owned()],
                messages: (0..messages)
                    .map(|_| {
                        let n = 20 + rng.below(30);
                        sentence(&mut rng, n)
                    })
                    .collect(),
                notes: (0..notes).map(|_| sentence(&mut rng, 12)).collect(),
                #[allow(clippy::cast_possible_wrap)]
                updated_at: (at / 1000) as i64,
            }
        })
        .collect();
    let articles = (0..ARTICLES)
        .map(|i| {
            let at = start_ms + (i as u64) * 3_600_000;
            let title_words = 3 + rng.below(5);
            let title = sentence(&mut rng, title_words);
            let body = (0..6).map(|_| sentence(&mut rng, 25)).collect::<Vec<_>>().join(". ");
            let published = (i % 4 != 0).then(|| (title.clone(), body.clone()));
            ArticleDoc {
                id: ulid(&mut rng, at),
                slug: format!("article-{i}"),
                title,
                body,
                status: if published.is_some() { "published" } else { "draft" }.to_owned(),
                category_id: None,
                tags: vec![],
                published,
                #[allow(clippy::cast_possible_wrap)]
                updated_at: (at / 1000) as i64,
            }
        })
        .collect();
    Corpus { tickets, articles }
}

/// Queries of each kind, as agents type them.
const EXACT: &[&str] = &[
    "refund invoice",
    "password reset",
    "printer offline",
    "charged twice",
    "tracking number",
    "battery charger",
    "subscription cancel",
    "warranty replacement",
    "export report",
    "verification code expired",
];
const MISSPELT: &[&str] = &[
    "refnud invoce",
    "pasword reset",
    "printr ofline",
    "chargd twice",
    "trackng numbr",
    "batery chargr",
    "subscripton cancel",
    "waranty replacment",
    "exprot report",
    "verificaton code",
];
const PREFIX: &[&str] = &[
    "refund inv",
    "passw",
    "printer off",
    "charged tw",
    "tracking num",
    "batt",
    "subscrip",
    "warranty repl",
    "expo",
    "verification co",
];

fn dir_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| e.metadata().ok())
                .filter(std::fs::Metadata::is_file)
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

struct Http<'a> {
    app: &'a TestApp,
    token: String,
}

impl Http<'_> {
    async fn get(&self, path: &str) -> Result<Value> {
        let resp = self
            .app
            .http
            .get(self.app.url(path))
            .bearer_auth(&self.token)
            .send()
            .await?;
        let status = resp.status();
        let v: Value = resp.json().await.unwrap_or(Value::Null);
        if !status.is_success() {
            bail!("GET {path}: {status} {v}");
        }
        Ok(v)
    }

    async fn post(&self, path: &str, body: &Value) -> Result<Value> {
        let resp = self
            .app
            .http
            .post(self.app.url(path))
            .bearer_auth(&self.token)
            .json(body)
            .send()
            .await?;
        let status = resp.status();
        let v: Value = resp.json().await.unwrap_or(Value::Null);
        if !status.is_success() {
            bail!("POST {path}: {status} {v}");
        }
        Ok(v)
    }
}

fn encode(q: &str) -> String {
    q.replace(' ', "%20")
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

pub async fn run() -> Result<Vec<Figure>> {
    let mut out = Vec::new();
    let t = Instant::now();
    let corpus = generate();
    let words: usize = corpus
        .tickets
        .iter()
        .map(|d| {
            d.messages
                .iter()
                .chain(&d.notes)
                .map(|m| m.split(' ').count())
                .sum::<usize>()
        })
        .sum();
    eprintln!(
        "bench: search: generated {} tickets ({words} words of messages) and {} articles in {:.1} s",
        corpus.tickets.len(),
        corpus.articles.len(),
        t.elapsed().as_secs_f64()
    );
    #[allow(clippy::cast_precision_loss)]
    out.push(Figure::info(
        SECTION,
        "words in ticket messages and notes",
        words as f64,
        "words",
    ));

    let app = TestApp::spawn().await;
    let agent = Http {
        app: &app,
        token: app.login("agent1@acme.test").await,
    };
    // The demo's seeding is indexed first, so the build below does not race it.
    helpdesk_tests::eventually("the seeded articles are indexed", Duration::from_secs(60), || async {
        let v = agent.get("/api/v1/search?q=password&kind=article").await?;
        Ok(v["items"].as_array().is_some_and(|a| !a.is_empty()).then_some(()))
    })
    .await?;

    // Build: what `make reindex` does for such an org, from documents in memory.
    let org = OrgId::parse(ORG).context("the bench org")?;
    let table = app.table().clone();
    let bucket = app.gateway.stack.bucket("SearchBucket")?.to_owned();
    let files = || helpdesk_blobs::SearchBucket {
        client: app.gateway.clients.s3.clone(),
        bucket: bucket.clone(),
    };
    let scratch = std::env::temp_dir().join(format!("helpdesk-bench-search-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    let builder = Indexes::new(table.clone(), files(), scratch.join("builder"));
    let changes = Changes {
        replace_all: true,
        tickets: corpus.tickets,
        articles: corpus.articles,
        deleted: Vec::new(),
    };
    let t = Instant::now();
    builder.commit(&org, &changes).await?;
    let build = t.elapsed();
    drop(changes);
    let index_dir = scratch.join("builder").join(ORG);
    #[allow(clippy::cast_precision_loss)]
    let size_mb = dir_bytes(&index_dir) as f64 / 1e6;
    eprintln!("bench: search: built in {:.1} s, {size_mb:.0} MB", build.as_secs_f64());
    out.push(Figure::info(
        SECTION,
        "index build, commit and upload",
        build.as_secs_f64(),
        "s",
    ));
    out.push(Figure::info(SECTION, "index size", size_mb, "MB"));
    #[allow(clippy::cast_precision_loss)]
    out.push(Figure::info(
        SECTION,
        "index segments after the build",
        helpdesk_search::OrgIndex::open_or_create(&index_dir)?.segments()? as f64,
        "segments",
    ));

    // A cold reader: an empty local directory, the manifest, every file from S3, a query.
    let caller = Caller {
        org_id: org.clone(),
        user_id: UserId::parse("acme-agent1").context("the agent's id")?,
        role: Role::Agent,
        email: None,
    };
    let mut cold = Vec::new();
    for i in 0..COLD_SAMPLES {
        let reader = Indexes::new(table.clone(), files(), scratch.join(format!("cold-{i}")));
        let t = Instant::now();
        let hits = helpdesk_app::search::search(&reader, &caller, Some("refund invoice"), None, None, 20).await?;
        cold.push(t.elapsed().as_secs_f64());
        if hits.is_empty() {
            bail!("the cold reader found nothing");
        }
        let _ = std::fs::remove_dir_all(scratch.join(format!("cold-{i}")));
    }
    out.push(Figure::info(
        SECTION,
        format!("cold reader (empty /tmp): manifest, {size_mb:.0} MB from S3, first answer (median of {COLD_SAMPLES})"),
        quantile(&cold, 0.5),
        "s",
    ));

    // Through the gateway: its first query syncs its copy; then the warm figures.
    let t = Instant::now();
    agent.get("/api/v1/search?q=refund%20invoice").await?;
    out.push(Figure::info(
        SECTION,
        "first query through the gateway (its copy synced from S3)",
        t.elapsed().as_secs_f64(),
        "s",
    ));
    for (kind, queries) in [("exact", EXACT), ("misspelt", MISSPELT), ("prefix", PREFIX)] {
        let mut lat = Vec::with_capacity(QUERIES_PER_KIND);
        let mut empty = 0;
        for i in 0..QUERIES_PER_KIND {
            let q = queries[i % queries.len()];
            let t = Instant::now();
            let v = agent.get(&format!("/api/v1/search?q={}", encode(q))).await?;
            lat.push(ms(t.elapsed()));
            if v["items"].as_array().is_none_or(Vec::is_empty) {
                empty += 1;
            }
        }
        if empty > 0 {
            bail!("{empty} {kind} queries found nothing");
        }
        for (q, name) in [(0.5, "p50"), (0.95, "p95")] {
            out.push(Figure::info(
                SECTION,
                format!("{kind} query {name}"),
                quantile(&lat, q),
                "ms",
            ));
        }
        out.push(Figure::at_most(
            SECTION,
            format!("{kind} query p99"),
            quantile(&lat, 0.99),
            "ms",
            QUERY_P99_MAX_MS,
        ));
    }

    // Freshness: a reply with a word nobody wrote, until search finds its ticket.
    let ticket = agent
        .post(
            "/api/v1/tickets",
            &json!({"subject": "Freshness probe", "description": "Watching the index", "customer_email": "fresh@example.com"}),
        )
        .await?;
    let id = ticket["id"].as_str().context("a ticket id")?.to_owned();
    let found = |word: String| {
        let (agent, id) = (&agent, id.clone());
        async move {
            let v = agent.get(&format!("/api/v1/search?q={word}&kind=ticket")).await?;
            Ok(v["items"]
                .as_array()
                .is_some_and(|a| a.iter().any(|h| h["id"] == id.as_str()))
                .then_some(()))
        }
    };
    // The first change warms the indexer's copy (its own sync from S3): not counted.
    helpdesk_tests::eventually("the probe ticket is indexed", Duration::from_secs(120), || {
        found("freshness".to_owned())
    })
    .await?;
    let mut fresh = Vec::with_capacity(FRESHNESS_SAMPLES);
    let mut rng = Rng(2);
    for _ in 0..FRESHNESS_SAMPLES {
        let word: String = (0..10).map(|_| char::from(b'a' + (rng.below(26) as u8))).collect();
        let word = format!("zq{word}");
        let t = Instant::now();
        agent
            .post(
                &format!("/api/v1/tickets/{id}/interactions"),
                &json!({"body": format!("Checking {word} now")}),
            )
            .await?;
        loop {
            if found(word.clone()).await?.is_some() {
                break;
            }
            if t.elapsed() > Duration::from_secs(30) {
                bail!("a reply was not searchable after 30 s");
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        fresh.push(t.elapsed().as_secs_f64());
    }
    out.push(Figure::info(
        SECTION,
        "freshness p50 (reply → found by search)",
        quantile(&fresh, 0.5),
        "s",
    ));
    out.push(Figure::at_most(
        SECTION,
        "freshness p95 (reply → found by search)",
        quantile(&fresh, 0.95),
        "s",
        FRESHNESS_P95_MAX_S,
    ));

    // A knowledge-base article as staff read it (one GetItem: `requests` counts it).
    let list = agent.get("/api/v1/knowledge-base/articles?limit=1").await?;
    let article = list["items"][0]["id"].as_str().context("a seeded article")?.to_owned();
    let mut lat = Vec::with_capacity(ARTICLE_READS);
    for _ in 0..ARTICLE_READS {
        let t = Instant::now();
        agent.get(&format!("/api/v1/knowledge-base/articles/{article}")).await?;
        lat.push(ms(t.elapsed()));
    }
    out.push(Figure::info(KB_SECTION, "GET article p50", quantile(&lat, 0.5), "ms"));
    out.push(Figure::at_most(
        KB_SECTION,
        "GET article p95",
        quantile(&lat, 0.95),
        "ms",
        ARTICLE_P95_MAX_MS,
    ));
    let _ = std::fs::remove_dir_all(&scratch);
    Ok(out)
}

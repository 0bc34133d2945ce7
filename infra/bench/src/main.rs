//! `make bench`: every figure of issue #7 in one run, written to `target/bench/latest.json`
//! and `latest.md`. Expects release binaries in `target/release` and DynamoDB Local and
//! moto at `HELPDESK_TEST_DYNAMODB` / `HELPDESK_TEST_AWS` (infra/tools/bench.sh sets all
//! of that up). Exits non-zero when a figure misses its target.

mod coldstart;
mod cost;
mod figures;
mod load;
mod routing;
mod search;
mod tap;

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use figures::{Figure, Report, quantile};

const SIZE_MAX_MB: f64 = 6.0;
const COLD_RATIO_MAX: f64 = 1.5;
const COLD_RUNS: usize = 41;
const COLD: &str = "Cold start (median of 41 interleaved rounds; process start → first /next, → first response)";

#[tokio::main]
async fn main() -> Result<()> {
    let started = Instant::now();
    let root = helpdesk_tests::root();
    let release = std::env::var("BENCH_RELEASE_DIR").map_or_else(|_| root.join("target/release"), PathBuf::from);
    let template = local_gateway::template::Template::load(&root.join("template.yaml"))?;
    // `helpdesk-bench [size] [cold] [requests] [latency] [cost] [routing] [search]` runs only those parts
    // (for working on one figure); no argument runs them all.
    let only: Vec<String> = std::env::args().skip(1).collect();
    let part = |name: &str| only.is_empty() || only.iter().any(|o| o == name);
    let mut figures = Vec::new();

    if part("size") {
        eprintln!("bench: binary sizes");
        figures.extend(sizes(&template, &release)?);
    }
    if part("cold") {
        eprintln!("bench: cold starts ({COLD_RUNS} runs each)");
        figures.extend(cold_starts(&template, &release).await?);
    }
    if part("requests") {
        eprintln!("bench: DynamoDB requests per operation");
        figures.extend(round_trips().await);
    }
    let latency = if part("latency") {
        eprintln!("bench: latency and throughput through the local gateway");
        load::run().await?
    } else {
        load::Latency::default()
    };
    figures.extend(latency.figures.clone());
    if part("cost") {
        eprintln!("bench: fan-out latency and the cost of a ticket's life");
        figures.extend(cost::run(&template, &latency).await?);
    }
    if part("routing") {
        eprintln!("bench: routing latency and the router's requests");
        figures.extend(routing::run().await?);
    }
    if part("search") {
        eprintln!("bench: search over 100,000 tickets and 5,000 articles");
        figures.extend(search::run().await?);
    }

    let report = Report {
        date: time::OffsetDateTime::now_utc()
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default(),
        machine: machine(),
        seconds: started.elapsed().as_secs_f64(),
        figures,
    };
    // A partial run keeps the last full run's figures, which the README quotes.
    let out = root.join(if only.is_empty() {
        "target/bench"
    } else {
        "target/bench/partial"
    });
    report.write(&out)?;
    println!("{}", report.markdown());
    println!("Written to {} and latest.md", out.join("latest.json").display());
    let missed = report.missed();
    if !missed.is_empty() {
        for f in &missed {
            eprintln!(
                "MISSED: {} = {} {} (target {})",
                f.name,
                f.value,
                f.unit,
                f.target.as_deref().unwrap_or("")
            );
        }
        std::process::exit(1);
    }
    Ok(())
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, std::num::NonZero::get);
    let mem_gib = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .find(|l| l.starts_with("MemTotal"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0 / 1024.0);
    format!("{cores} cores ({cpu}), {mem_gib:.0} GiB")
}

/// The function binaries the template deploys.
fn binaries(template: &local_gateway::template::Template) -> Vec<&local_gateway::template::Function> {
    let mut f: Vec<_> = template.functions.iter().collect();
    f.sort_by(|a, b| a.binary.cmp(&b.binary));
    f
}

fn sizes(template: &local_gateway::template::Template, release: &Path) -> Result<Vec<Figure>> {
    let mut out = Vec::new();
    for f in binaries(template) {
        let path = release.join(&f.binary);
        let bytes = std::fs::metadata(&path)
            .with_context(|| format!("{} is not built: run infra/tools/bench.sh", path.display()))?
            .len();
        #[allow(clippy::cast_precision_loss)]
        let mb = bytes as f64 / 1e6;
        out.push(Figure::at_most(
            "Binary size (stripped release)",
            &f.binary,
            mb,
            "MB",
            SIZE_MAX_MB,
        ));
    }
    let hello = std::fs::metadata(release.join("bench-hello"))?.len();
    #[allow(clippy::cast_precision_loss)]
    out.push(Figure::info(
        "Binary size (stripped release)",
        "hello world (baseline)",
        hello as f64 / 1e6,
        "MB",
    ));
    Ok(out)
}

async fn cold_starts(template: &local_gateway::template::Template, release: &Path) -> Result<Vec<Figure>> {
    let api = coldstart::RuntimeApi::start().await?;
    let mut targets = vec![(
        "hello world".to_owned(),
        release.join("bench-hello"),
        serde_json::json!({"hello": 1}),
    )];
    for f in binaries(template) {
        let route = f.routes.first().map(|r| (r.method.as_str(), r.path.as_str()));
        let payload = coldstart::first_event(route, !f.queues.is_empty(), f.stream.is_some(), f.ses);
        targets.push((f.binary.clone(), release.join(&f.binary), payload));
    }
    // Rounds that start every binary once each, so a busy moment of the machine falls on
    // all of them alike rather than on whichever was being measured.
    let mut polls = vec![Vec::new(); targets.len()];
    let mut answers = vec![Vec::new(); targets.len()];
    for _ in 0..COLD_RUNS {
        for (i, (_, binary, payload)) in targets.iter().enumerate() {
            let (poll, answer) = api.run_once(binary, payload).await?;
            polls[i].push(poll);
            answers[i].push(answer);
        }
    }
    let hello_answer = quantile(&answers[0], 0.5);
    let mut out = Vec::new();
    for (i, (name, _, _)) in targets.iter().enumerate() {
        let answer = quantile(&answers[i], 0.5);
        out.push(Figure::info(
            COLD,
            format!("{name}: first /next"),
            quantile(&polls[i], 0.5),
            "ms",
        ));
        out.push(Figure::info(COLD, format!("{name}: first response"), answer, "ms"));
        if i > 0 {
            out.push(Figure::at_most(
                COLD,
                format!("{name}: first response ÷ hello world"),
                answer / hello_answer,
                "×",
                COLD_RATIO_MAX,
            ));
        }
    }
    out.extend(with_dynamodb(&api, release, hello_answer).await?);
    Ok(out)
}

/// A cold start whose first request reads DynamoDB (Local): list-tickets answering a
/// signed-in agent, so the figure includes what a first real request builds lazily (the
/// connector, the connection, signing). It also proves the release binaries work
/// against DynamoDB through the real SDK, with the credentials from the environment.
async fn with_dynamodb(api: &coldstart::RuntimeApi, release: &Path, hello_answer: f64) -> Result<Vec<Figure>> {
    let app = helpdesk_tests::TestApp::spawn_with(false).await;
    let claims = serde_json::json!({"sub": "acme-agent1", "email": "agent1@acme.test",
        "custom:org_id": "10001", "cognito:groups": "[agent]"});
    let event = coldstart::signed_in_request("GET", "/api/v1/tickets", "view=all", &claims);
    let extra = [
        ("AWS_ENDPOINT_URL_DYNAMODB", std::env::var("HELPDESK_TEST_DYNAMODB")?),
        ("TABLE_NAME", app.table().name().to_owned()),
    ];
    let binary = release.join("list-tickets");
    let mut answers = Vec::new();
    for _ in 0..COLD_RUNS {
        let (_, answer, response) = api.run_with(&binary, &event, &extra).await?;
        let items = serde_json::from_str::<serde_json::Value>(response["body"].as_str().unwrap_or_default())
            .ok()
            .and_then(|b| b["items"].as_array().map(Vec::len));
        if response["statusCode"] != 200 || items.is_none_or(|n| n == 0) {
            anyhow::bail!("list-tickets answered the seeded org with {response}");
        }
        answers.push(answer);
    }
    let answer = quantile(&answers, 0.5);
    Ok(vec![
        Figure::info(
            COLD,
            "list-tickets, first request a DynamoDB Query: first response",
            answer,
            "ms",
        ),
        Figure::info(
            COLD,
            "list-tickets, first request a DynamoDB Query: first response ÷ hello world",
            answer / hello_answer,
            "×",
        ),
    ])
}

async fn round_trips() -> Vec<Figure> {
    let app = helpdesk_tests::TestApp::spawn_with(false).await;
    let mut out = Vec::new();
    for b in helpdesk_tests::budget::measure(&app).await {
        out.push(Figure::at_most(
            "DynamoDB requests per operation (SDK interceptor)",
            b.name,
            f64::from(b.total()),
            "requests",
            f64::from(b.budget),
        ));
        out.push(Figure::at_most(
            "DynamoDB requests per operation (SDK interceptor)",
            format!("{}: Scan", b.name),
            f64::from(b.scans()),
            "requests",
            0.0,
        ));
    }
    out
}

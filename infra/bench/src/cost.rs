//! Fan-out latency (a write → the consumers' effects) and the cost model: one ticket's
//! whole life on the local stack with its event sources running, every DynamoDB request
//! tapped, priced at us-east-1 list prices.

use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use aws_sdk_dynamodb::types::AttributeValue;
use helpdesk_domain::events::Event;
use helpdesk_store::Table;
use helpdesk_store::prelude::*;
use helpdesk_tests::TestApp;
use local_gateway::template::Template;
use serde_json::{Value, json};

use crate::figures::{Figure, quantile};
use crate::load::Latency;
use crate::tap::{Tap, units};

const FANOUT_SAMPLES: usize = 20;
const COST_MAX_PER_1000: f64 = 0.05;

/// us-east-1 list prices (USD), as published on the AWS pricing pages in 2025; this
/// machine has no internet to re-read them. docs/performance.md lists them with links.
pub mod price {
    pub const DYNAMODB_WRU: f64 = 0.625 / 1e6;
    pub const DYNAMODB_RRU: f64 = 0.125 / 1e6;
    pub const LAMBDA_REQUEST: f64 = 0.20 / 1e6;
    /// Per GB-second, x86_64 (the template's default architecture).
    pub const LAMBDA_GB_SECOND: f64 = 0.000_016_666_7;
    pub const HTTP_API_REQUEST: f64 = 1.00 / 1e6;
    pub const EVENTBRIDGE_EVENT: f64 = 1.00 / 1e6;
    pub const SQS_REQUEST: f64 = 0.40 / 1e6;
    pub const SES_EMAIL: f64 = 0.10 / 1e3;
    pub const LOGS_GB: f64 = 0.50;
    /// S3 Standard: PUT, COPY, POST, LIST per request; GET and HEAD per request
    /// (DELETE is free); storage per GB-month.
    pub const S3_WRITE: f64 = 0.005 / 1e3;
    pub const S3_READ: f64 = 0.0004 / 1e3;
    pub const S3_GB_MONTH: f64 = 0.023;
}

/// The assumed attachment traffic (docs/performance.md): this share of tickets carries
/// one file of this size, downloaded this many times, kept this many months.
const FILE_SHARE: f64 = 0.3;
const FILE_KB: f64 = 300.0;
const FILE_DOWNLOADS: f64 = 2.0;
const FILE_MONTHS: f64 = 12.0;
/// S3 requests of one file's life: the browser's PUT and the check's HEAD, ranged GET,
/// COPY (DELETE is free), then one browser GET per download.
const S3_WRITES_PER_FILE: f64 = 2.0;
const S3_READS_PER_FILE: f64 = 2.0;

/// The template's memory size, GB.
const LAMBDA_GB: f64 = 0.25;
/// Assumed duration of a consumer or publisher invocation (not measured here).
const BACKGROUND_MS: f64 = 20.0;
/// Log bytes per invocation: our JSON lines plus Lambda's START/END/REPORT.
const LOG_BYTES: f64 = 600.0;

/// One file's life on the tapped stack: the upload asked for, sent, put on a reply and
/// downloaded twice; its cost per 1,000 tickets at the assumed mix.
async fn file_life(
    app: &TestApp,
    tap: &Tap,
    http: &Http,
    customer: &str,
    agent: &str,
    ticket: &str,
    latency: &Latency,
) -> Result<Vec<Figure>> {
    let mut calls = Vec::new();
    quiesce(app, tap, &mut calls).await?;
    calls.clear();
    let bytes = vec![b'x'; 1024];
    let created = http
        .send(
            reqwest::Method::POST,
            &format!("{ticket}/attachments"),
            customer,
            Some(json!({"filename": "log.txt", "content_type": "text/plain", "size": bytes.len()})),
        )
        .await?;
    app.put_upload(&created, bytes).await;
    let id = created["id"].as_str().unwrap_or_default().to_owned();
    http.send(
        reqwest::Method::POST,
        &format!("{ticket}/interactions"),
        customer,
        Some(json!({"body": "The log", "attachment_ids": [id]})),
    )
    .await?;
    for token in [agent, customer] {
        http.send(reqwest::Method::GET, &format!("/api/v1/attachments/{id}"), token, None)
            .await?;
    }
    quiesce(app, tap, &mut calls).await?;
    let (rru, wru) = calls
        .iter()
        .map(units)
        .fold((0.0, 0.0), |(r, w), (a, b)| (r + a, w + b));
    // API calls: the upload asked for, the reply, two downloads.
    let n_api = 2.0 + FILE_DOWNLOADS;
    let api_ms = ["reply", "reply", "get", "get"]
        .iter()
        .map(|op| latency.p50_ms.get(*op).copied().unwrap_or(BACKGROUND_MS).ceil())
        .sum::<f64>();
    let per_file = rru * price::DYNAMODB_RRU
        + wru * price::DYNAMODB_WRU
        + n_api * (price::HTTP_API_REQUEST + price::LAMBDA_REQUEST)
        + api_ms / 1000.0 * LAMBDA_GB * price::LAMBDA_GB_SECOND
        + S3_WRITES_PER_FILE * price::S3_WRITE
        + (S3_READS_PER_FILE + FILE_DOWNLOADS) * price::S3_READ
        + FILE_KB / 1024.0 / 1024.0 * FILE_MONTHS * price::S3_GB_MONTH;
    const FILES: &str = "Cost model: one file's life (upload, check, reply, 2 downloads)";
    #[allow(clippy::cast_precision_loss)]
    let mut out = vec![
        Figure::info(FILES, "DynamoDB requests", calls.len() as f64, "requests"),
        Figure::info(FILES, "DynamoDB read + write units", rru + wru, "units"),
        Figure::info(
            FILES,
            "S3 requests (PUT, HEAD, GET range, COPY, 2 GETs)",
            4.0 + FILE_DOWNLOADS,
            "requests",
        ),
        Figure::info(FILES, "cost of one file (incl. a year of storage)", per_file, "USD"),
    ];
    out.push(Figure::info(
        "Cost per 1,000 tickets (us-east-1 list prices)",
        format!(
            "attachments at the assumed mix ({:.0}% of tickets, one {FILE_KB:.0} KB file, {FILE_DOWNLOADS:.0} downloads, {FILE_MONTHS:.0} months kept)",
            FILE_SHARE * 100.0
        ),
        per_file * FILE_SHARE * 1000.0,
        "USD",
    ));
    Ok(out)
}

struct Http {
    http: reqwest::Client,
    base: String,
}

impl Http {
    async fn send(&self, method: reqwest::Method, path: &str, token: &str, body: Option<Value>) -> Result<Value> {
        let mut req = self
            .http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().await?;
        let status = resp.status();
        let v: Value = resp.json().await.unwrap_or(Value::Null);
        if !status.is_success() {
            bail!("{path}: {status} {v}");
        }
        Ok(v)
    }
}

async fn events_of(table: &Table, ticket: &str) -> Result<Vec<Event>> {
    let out = table
        .client()
        .query()
        .table_name(table.name())
        .key_condition_expression("PK = :pk AND begins_with(SK, :e)")
        .expression_attribute_values(
            ":pk",
            AttributeValue::S(helpdesk_store::keys::ticket_pk(
                &helpdesk_domain::OrgId::parse("10001").expect("an org id"),
                helpdesk_domain::TicketId::parse(ticket).expect("a ticket id"),
            )),
        )
        .expression_attribute_values(":e", AttributeValue::S(helpdesk_store::keys::EVENT_PREFIX.into()))
        .send()
        .await?;
    out.items()
        .iter()
        .map(|i| {
            let detail = i
                .get("detail")
                .and_then(|d| d.as_s().ok())
                .context("outbox item without detail")?;
            Ok(serde_json::from_str(detail)?)
        })
        .collect()
}

/// Waits until every queue of the stack is empty and the tap saw nothing for a while.
async fn quiesce(app: &TestApp, tap: &Tap, seen: &mut Vec<crate::tap::Call>) -> Result<()> {
    let sqs = &app.gateway.clients.sqs;
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut quiet_since = Instant::now();
    loop {
        let new = tap.take();
        if !new.is_empty() {
            quiet_since = Instant::now();
            seen.extend(new);
        }
        let mut pending = 0;
        for url in app.gateway.stack.queue_urls.values() {
            let a = sqs
                .get_queue_attributes()
                .queue_url(url)
                .attribute_names(aws_sdk_sqs::types::QueueAttributeName::All)
                .send()
                .await?;
            for k in ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"] {
                pending += a
                    .attributes()
                    .and_then(|m| m.get(&k.into()))
                    .and_then(|v| v.parse::<u64>().ok())
                    .unwrap_or(0);
            }
        }
        if pending == 0 && quiet_since.elapsed() > Duration::from_secs(2) {
            return Ok(());
        }
        if Instant::now() > deadline {
            bail!("the stack did not settle within 60 s");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

pub async fn run(template: &Template, latency: &Latency) -> Result<Vec<Figure>> {
    let tap = Tap::billing();
    let mut clients = helpdesk_tests::clients().await;
    clients.dynamodb = tap.instrument(&clients.dynamodb);
    // The SLA schedule is a fixed cost per org, not per ticket: keep it out.
    let app = TestApp::spawn_on(clients, true, Duration::from_secs(3600)).await;
    // Polls go through an untapped client.
    let raw = Table::new(helpdesk_tests::clients().await.dynamodb, app.table().name());
    let http = Http {
        http: reqwest::Client::new(),
        base: app.gateway.url(),
    };
    let customer = app.login("customer1@acme.test").await;
    let agent = app.login("agent1@acme.test").await;
    let manager = app.login("manager@acme.test").await;
    let mut out = Vec::new();

    // Fan-out: a customer's ticket → the notifier mailed the acknowledgement, and the
    // report aggregator counted it (each marks the event processed after its effect).
    let (mut mailed, mut counted) = (Vec::new(), Vec::new());
    for i in 0..FANOUT_SAMPLES {
        let t0 = Instant::now();
        let t = http
            .send(
                reqwest::Method::POST,
                "/api/v1/tickets",
                &customer,
                Some(json!({"subject": format!("Fan-out {i}"), "description": "d"})),
            )
            .await?;
        let id = t["id"].as_str().unwrap_or_default().to_owned();
        let event = events_of(&raw, &id).await?.into_iter().next().context("no event")?;
        let (mut mail, mut count) = (None, None);
        while mail.is_none() || count.is_none() {
            if t0.elapsed() > Duration::from_secs(30) {
                bail!("fan-out of ticket {id} took over 30 s");
            }
            if mail.is_none() && raw.was_processed("notifier", &event).await? {
                mail = Some(t0.elapsed().as_secs_f64() * 1000.0);
            }
            if count.is_none() && raw.was_processed("report-aggregator", &event).await? {
                count = Some(t0.elapsed().as_secs_f64() * 1000.0);
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        mailed.extend(mail);
        counted.extend(count);
    }
    const FANOUT: &str = "Fan-out latency (API write → consumer effect, local stack)";
    for (name, samples) in [
        ("acknowledgement mailed (notifier)", &mailed),
        ("ticket counted (report aggregator)", &counted),
    ] {
        out.push(Figure::info(
            FANOUT,
            format!("{name}: p50"),
            quantile(samples, 0.5),
            "ms",
        ));
        out.push(Figure::info(
            FANOUT,
            format!("{name}: p95"),
            quantile(samples, 0.95),
            "ms",
        ));
    }

    // One ticket's life: created by the customer, 20 reads, 5 updates, 3 agent and 2
    // customer replies, with every consumer's work.
    let mut calls = Vec::new();
    quiesce(&app, &tap, &mut calls).await?;
    calls.clear();
    let mut api = Vec::new();
    let t = http
        .send(
            reqwest::Method::POST,
            "/api/v1/tickets",
            &customer,
            Some(json!({"subject": "Lifecycle", "description": "The whole life of a ticket"})),
        )
        .await?;
    api.push("create");
    let id = t["id"].as_str().unwrap_or_default().to_owned();
    let number = t["number"].as_str().unwrap_or_default().to_owned();
    let path = format!("/api/v1/tickets/{id}");
    let get = reqwest::Method::GET;
    let (post, put, patch) = (reqwest::Method::POST, reqwest::Method::PUT, reqwest::Method::PATCH);
    let steps: Vec<(reqwest::Method, String, &str, Option<Value>, &'static str)> = vec![
        (
            put.clone(),
            format!("{path}/assign"),
            &manager,
            Some(json!({"assignee_id": "acme-agent1"})),
            "update",
        ),
        (
            patch.clone(),
            path.clone(),
            &agent,
            Some(json!({"priority": "high"})),
            "update",
        ),
        (
            post.clone(),
            format!("{path}/interactions"),
            &agent,
            Some(json!({"body": "Which model?"})),
            "reply",
        ),
        (
            put.clone(),
            format!("{path}/status"),
            &agent,
            Some(json!({"status": "pending"})),
            "update",
        ),
        (
            post.clone(),
            format!("{path}/interactions"),
            &customer,
            Some(json!({"body": "The X200"})),
            "reply",
        ),
        (
            post.clone(),
            format!("{path}/interactions"),
            &agent,
            Some(json!({"body": "Try this"})),
            "reply",
        ),
        (
            patch.clone(),
            path.clone(),
            &agent,
            Some(json!({"tags": ["printer"]})),
            "update",
        ),
        (
            post.clone(),
            format!("{path}/interactions"),
            &customer,
            Some(json!({"body": "Works"})),
            "reply",
        ),
        (
            post.clone(),
            format!("{path}/interactions"),
            &agent,
            Some(json!({"body": "Great"})),
            "reply",
        ),
        (
            put.clone(),
            format!("{path}/status"),
            &agent,
            Some(json!({"status": "resolved"})),
            "update",
        ),
    ];
    for (i, (method, p, token, body, kind)) in steps.into_iter().enumerate() {
        // Two reads (the ticket, then the inbox) around each step: 20 in all.
        http.send(get.clone(), &path, &agent, None).await?;
        http.send(get.clone(), "/api/v1/tickets?view=open", &agent, None)
            .await?;
        api.extend(["get", "list"]);
        http.send(method, &p, token, body)
            .await
            .with_context(|| format!("lifecycle step {i}"))?;
        api.push(kind);
    }
    quiesce(&app, &tap, &mut calls).await?;

    let events = events_of(&raw, &id).await?;
    let messages: usize = events
        .iter()
        .map(|e| {
            template
                .rules
                .iter()
                .filter(|r| {
                    r.pattern["detail-type"]
                        .as_array()
                        .is_some_and(|types| types.iter().any(|t| t == e.detail_type()))
                })
                .count()
        })
        .sum();
    let moto = format!("{}/moto-api/data.json", std::env::var("HELPDESK_TEST_AWS")?);
    let data: Value = reqwest::get(moto).await?.json().await?;
    let emails = local_gateway::mailbox::from_moto(&data)
        .iter()
        .filter(|m| m.subject.contains(&number))
        .count();
    let (rru, wru) = calls
        .iter()
        .map(units)
        .fold((0.0, 0.0), |(r, w), (a, b)| (r + a, w + b));

    // Lambda: every API call, one publisher run per event, one consumer run per message.
    let api_ms: f64 = api
        .iter()
        .map(|op| {
            let key = match *op {
                "update" => "reply",
                other => other,
            };
            latency.p50_ms.get(key).copied().unwrap_or(BACKGROUND_MS).ceil()
        })
        .sum();
    #[allow(clippy::cast_precision_loss)]
    let (n_api, n_events, n_messages, n_emails) =
        (api.len() as f64, events.len() as f64, messages as f64, emails as f64);
    let invocations = n_api + n_events + n_messages;
    let gb_seconds = (api_ms + (n_events + n_messages) * BACKGROUND_MS) / 1000.0 * LAMBDA_GB;

    const LIFE: &str = "Cost model: one ticket's life (create, 20 reads, 5 updates, 5 replies)";
    #[allow(clippy::cast_precision_loss)]
    let dynamo_requests = calls.len() as f64;
    for (name, v, unit) in [
        ("API requests", n_api, "requests"),
        ("DynamoDB requests (API and consumers)", dynamo_requests, "requests"),
        ("DynamoDB read units", rru, "RRU"),
        ("DynamoDB write units", wru, "WRU"),
        ("events published", n_events, "events"),
        ("queue messages (consumer invocations)", n_messages, "messages"),
        ("Lambda invocations", invocations, "invocations"),
        ("Lambda compute", gb_seconds, "GB-s"),
        ("emails sent", n_emails, "emails"),
    ] {
        out.push(Figure::info(LIFE, name, v, unit));
    }
    // Where the units go, by request type (what to trim first).
    let mut by_op: std::collections::BTreeMap<&str, (f64, f64, f64)> = std::collections::BTreeMap::new();
    for c in &calls {
        let (r, w) = units(c);
        let e = by_op.entry(c.op.as_str()).or_default();
        *e = (e.0 + 1.0, e.1 + r, e.2 + w);
    }
    for (op, (n, r, w)) in &by_op {
        out.push(Figure::info(LIFE, format!("{op}: requests"), *n, "requests"));
        out.push(Figure::info(LIFE, format!("{op}: read + write units"), r + w, "units"));
    }
    // Where DynamoDB says the write units went: the table or each index.
    let mut by_place: std::collections::BTreeMap<&str, f64> = std::collections::BTreeMap::new();
    for c in calls.iter().filter(|c| units(c).1 > 0.0) {
        for (place, u) in &c.consumed_by {
            *by_place.entry(place.as_str()).or_default() += u;
        }
    }
    for (place, u) in &by_place {
        out.push(Figure::info(LIFE, format!("write units spent on {place}"), *u, "WRU"));
    }
    let per_1000 = |x: f64| x * 1000.0;
    let costs = [
        ("DynamoDB", rru * price::DYNAMODB_RRU + wru * price::DYNAMODB_WRU),
        (
            "Lambda",
            invocations * price::LAMBDA_REQUEST + gb_seconds * price::LAMBDA_GB_SECOND,
        ),
        ("API Gateway (HTTP API)", n_api * price::HTTP_API_REQUEST),
        ("EventBridge", n_events * price::EVENTBRIDGE_EVENT),
        // Each message is sent, received and deleted.
        ("SQS", n_messages * 3.0 * price::SQS_REQUEST),
        ("CloudWatch Logs", invocations * LOG_BYTES / 1e9 * price::LOGS_GB),
    ];
    const COST: &str = "Cost per 1,000 tickets (us-east-1 list prices)";
    let mut total = 0.0;
    for (service, dollars) in costs {
        total += dollars;
        out.push(Figure::info(COST, service, per_1000(dollars), "USD"));
    }
    out.push(Figure::at_most(
        COST,
        "total excluding email",
        per_1000(total),
        "USD",
        COST_MAX_PER_1000,
    ));
    // What no implementation of this design can go below: API Gateway and a Lambda
    // request for each API call the life makes, one event and one write unit per write.
    // It shows whether the target is reachable at these prices at all.
    #[allow(clippy::cast_precision_loss)]
    let writes = api.iter().filter(|op| !matches!(**op, "get" | "list")).count() as f64;
    let floor = n_api * (price::HTTP_API_REQUEST + price::LAMBDA_REQUEST)
        + writes * (price::EVENTBRIDGE_EVENT + price::DYNAMODB_WRU);
    out.push(Figure::info(
        COST,
        format!("floor of any implementation ({n_api} API calls, {writes} writes)"),
        per_1000(floor),
        "USD",
    ));
    out.extend(file_life(&app, &tap, &http, &customer, &agent, &path, latency).await?);
    let email = n_emails * price::SES_EMAIL;
    out.push(Figure::info(COST, "SES email", per_1000(email), "USD"));
    out.push(Figure::info(
        COST,
        "total including email",
        per_1000(total + email),
        "USD",
    ));
    Ok(out)
}

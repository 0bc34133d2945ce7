//! Routing and triggers: how long a new ticket waits for its agent on the local stack
//! (API write → assigned, through stream, bus, queue and the router), and the DynamoDB
//! requests the router spends on one routed ticket and on one trigger run.

use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use aws_lambda_events::event::sqs::{SqsEvent, SqsMessage};
use aws_sdk_dynamodb::types::AttributeValue;
use helpdesk_domain::events::Event;
use helpdesk_store::{Table, keys};
use helpdesk_tests::TestApp;
use serde_json::{Value, json};

use crate::figures::{Figure, quantile};
use crate::tap::Tap;

const SAMPLES: usize = 20;
const SECTION: &str = "Routing and triggers (local stack)";

async fn send(app: &TestApp, method: reqwest::Method, path: &str, token: &str, body: Value) -> Result<Value> {
    let resp = app.request(method, path, Some(token), Some(&body)).await;
    let status = resp.status();
    let v: Value = resp.json().await.unwrap_or(Value::Null);
    if !status.is_success() {
        bail!("{path}: {status} {v}");
    }
    Ok(v)
}

/// Routing as the demo org has it (round robin, capacity 10) with a generous capacity,
/// and a trigger that fires on every sample.
async fn configure(app: &TestApp, admin: &str, route: bool) -> Result<()> {
    let mode = if route { "round_robin" } else { "manual" };
    let current = app.get("/api/v1/routing", admin).await;
    let etag = current.headers()["etag"].to_str()?.to_owned();
    let resp = app
        .http
        .put(app.url("/api/v1/routing"))
        .bearer_auth(admin)
        .header("if-match", etag)
        .json(&json!({"default": {"mode": mode, "capacity": 1000}}))
        .send()
        .await?;
    if !resp.status().is_success() {
        bail!("PUT /routing: {}", resp.status());
    }
    send(
        app,
        reqwest::Method::POST,
        "/api/v1/triggers",
        admin,
        json!({"name": "bench", "conditions": {"all": [{"field": "subject", "op": "contains", "value": "bench"}]},
            "actions": [{"type": "add_tag", "value": "bench"}, {"type": "set_priority", "value": "high"}]}),
    )
    .await?;
    Ok(())
}

/// The `TicketCreated` event of a ticket, from its outbox item.
async fn created_event(table: &Table, id: &str) -> Result<Event> {
    let org = helpdesk_domain::OrgId::parse("10001").map_err(|e| anyhow::anyhow!("{e}"))?;
    let ticket = helpdesk_domain::TicketId::parse(id).map_err(|e| anyhow::anyhow!("{e}"))?;
    let out = table
        .client()
        .query()
        .table_name(table.name())
        .key_condition_expression("PK = :pk AND begins_with(SK, :e)")
        .expression_attribute_values(":pk", AttributeValue::S(keys::ticket_pk(&org, ticket)))
        .expression_attribute_values(":e", AttributeValue::S(keys::EVENT_PREFIX.into()))
        .send()
        .await?;
    let detail = out
        .items()
        .first()
        .and_then(|i| i.get("detail"))
        .and_then(|d| d.as_s().ok())
        .context("no outbox item")?;
    Ok(serde_json::from_str(detail)?)
}

fn batch(event: &Event) -> Result<SqsEvent> {
    let body = json!({"version": "0", "id": "bench", "detail-type": event.detail_type(), "source": "helpdesk",
        "account": "123456789012", "time": "2026-01-01T00:00:00Z", "region": "us-east-1", "resources": [],
        "detail": serde_json::to_value(event)?})
    .to_string();
    let message: SqsMessage = serde_json::from_value(
        json!({"messageId": "m", "receiptHandle": "m", "body": body, "eventSource": "aws:sqs"}),
    )?;
    let mut b = SqsEvent::default();
    b.records = vec![message];
    Ok(b)
}

/// The requests the router makes for one new ticket's event, by hand on a stack
/// without event sources, averaged over the samples.
async fn requests_per_run(route: bool) -> Result<(f64, Vec<String>)> {
    let tap = Tap::default();
    let mut clients = helpdesk_tests::clients().await;
    clients.dynamodb = tap.instrument(&clients.dynamodb);
    let app = TestApp::spawn_on(clients, false, Duration::from_secs(3600)).await;
    let admin = app.login("admin@acme.test").await;
    let customer = app.login("customer1@acme.test").await;
    configure(&app, &admin, route).await?;
    let raw = Table::new(helpdesk_tests::clients().await.dynamodb, app.table().name());
    // The seed's tickets wait unrouted on this stack: route them first, so every
    // sample is a ticket with nothing older waiting.
    if route {
        let org = helpdesk_domain::OrgId::parse("10001").map_err(|e| anyhow::anyhow!("{e}"))?;
        let (settings, _) = helpdesk_store::RuleStore::routing(app.table(), &org).await?;
        helpdesk_app::router::drain(app.table(), &org, &settings).await?;
    }
    let mut counts = Vec::new();
    let mut ops = Vec::new();
    for i in 0..SAMPLES {
        let t = send(
            &app,
            reqwest::Method::POST,
            "/api/v1/tickets",
            &customer,
            json!({"subject": format!("bench {i}"), "description": "d"}),
        )
        .await?;
        let id = t["id"].as_str().unwrap_or_default().to_owned();
        let event = created_event(&raw, &id).await?;
        tap.take();
        let out = helpdesk_functions::consumers::router(app.table(), batch(&event)?)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        if !out.batch_item_failures.is_empty() {
            bail!("the router failed on ticket {id}");
        }
        let calls = tap.take();
        counts.push(calls.len() as f64);
        if i == 0 {
            ops = calls.iter().map(|c| c.op.clone()).collect();
        }
        let routed = helpdesk_store::TicketReads::get_ticket(&raw, &event.org_id, event.ticket_id)
            .await?
            .context("the ticket")?;
        if routed.tags != ["bench"] || (route && routed.assignee_id.is_none()) {
            bail!("the router did not act on ticket {id}: {routed:?}");
        }
    }
    Ok((counts.iter().sum::<f64>() / counts.len() as f64, ops))
}

/// API write → the ticket has its agent, with the stack's event sources running.
async fn latency() -> Result<Vec<f64>> {
    let app = TestApp::spawn_on(helpdesk_tests::clients().await, true, Duration::from_secs(3600)).await;
    let admin = app.login("admin@acme.test").await;
    let customer = app.login("customer1@acme.test").await;
    configure(&app, &admin, true).await?;
    let mut samples = Vec::new();
    for i in 0..SAMPLES {
        let t0 = Instant::now();
        let t = send(
            &app,
            reqwest::Method::POST,
            "/api/v1/tickets",
            &customer,
            json!({"subject": format!("bench {i}"), "description": "d"}),
        )
        .await?;
        let id = t["id"].as_str().unwrap_or_default().to_owned();
        loop {
            if t0.elapsed() > Duration::from_secs(30) {
                bail!("ticket {id} was not routed within 30 s");
            }
            let t: Value = app.get(&format!("/api/v1/tickets/{id}"), &admin).await.json().await?;
            if t["assignee_id"].is_string() {
                samples.push(t0.elapsed().as_secs_f64() * 1000.0);
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
    Ok(samples)
}

pub async fn run() -> Result<Vec<Figure>> {
    let mut out = Vec::new();
    let samples = latency().await?;
    for (name, q) in [("p50", 0.5), ("p95", 0.95)] {
        out.push(Figure::info(
            SECTION,
            format!("new ticket → assigned (stream, bus, queue, router): {name}"),
            quantile(&samples, q),
            "ms",
        ));
    }
    let (routed, ops) = requests_per_run(true).await?;
    eprintln!("bench: a routed ticket's requests: {}", ops.join(", "));
    out.push(Figure::info(
        SECTION,
        "DynamoDB requests per routed ticket (a trigger fires, round robin assigns; one write)",
        routed,
        "requests",
    ));
    let (run, ops) = requests_per_run(false).await?;
    eprintln!("bench: a trigger run's requests: {}", ops.join(", "));
    out.push(Figure::info(
        SECTION,
        "DynamoDB requests per trigger run (no routing)",
        run,
        "requests",
    ));
    Ok(out)
}

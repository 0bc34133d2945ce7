//! Latency and throughput through the local gateway (HTTP, JWT check, the handler, the
//! store) against DynamoDB Local, at several concurrencies; and the overhead ratio: an
//! operation's p50 over the p50 of the DynamoDB Local calls it made, both measured on
//! the same requests (at concurrency 1, where each request's calls are its own). A call
//! is timed as the SDK makes it (serialise, sign, send, read and parse the answer): what
//! the same request costs any client, so the ratio is what our stack adds around it.

use std::collections::BTreeMap;
use std::time::Instant;

use anyhow::{Result, bail};
use helpdesk_tests::TestApp;
use serde_json::json;

use crate::figures::{Figure, quantile};
use crate::tap::Tap;

pub const OPS: [&str; 4] = ["create", "get", "list", "reply"];
const CONCURRENCY: [usize; 3] = [1, 8, 32];
const OVERHEAD_MAX: f64 = 1.5;

#[derive(Debug, Clone, Default)]
pub struct Latency {
    pub figures: Vec<Figure>,
    /// p50 at concurrency 1 per operation, ms (the cost model uses them as durations).
    pub p50_ms: BTreeMap<&'static str, f64>,
}

struct Client {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Client {
    async fn call(&self, op: &str, ticket: &str, n: usize) -> Result<()> {
        let req = match op {
            "create" => self.http.post(format!("{}/api/v1/tickets", self.base)).json(&json!({
                "subject": format!("Bench {n}"), "description": "Load", "customer_email": "bench@example.com"})),
            "get" => self.http.get(format!("{}/api/v1/tickets/{ticket}", self.base)),
            "list" => self
                .http
                .get(format!("{}/api/v1/tickets?view=open&limit=25", self.base)),
            _ => self
                .http
                .post(format!("{}/api/v1/tickets/{ticket}/interactions", self.base))
                .json(&json!({"body": format!("Reply {n}")})),
        };
        let resp = req.bearer_auth(&self.token).send().await?;
        let status = resp.status().as_u16();
        let _ = resp.bytes().await?;
        if !(200..300).contains(&status) {
            bail!("{op} answered {status}");
        }
        Ok(())
    }

    async fn ticket(&self) -> Result<String> {
        let resp = self
            .http
            .post(format!("{}/api/v1/tickets", self.base))
            .bearer_auth(&self.token)
            .json(&json!({"subject": "Bench target", "description": "d", "customer_email": "bench@example.com"}))
            .send()
            .await?;
        let v: serde_json::Value = resp.json().await?;
        Ok(v["id"].as_str().unwrap_or_default().to_owned())
    }
}

pub async fn run() -> Result<Latency> {
    let tap = Tap::default();
    let mut clients = helpdesk_tests::clients().await;
    clients.dynamodb = tap.instrument(&clients.dynamodb);
    let app = TestApp::spawn_on(clients, false, std::time::Duration::from_secs(3600)).await;
    let client = Client {
        http: reqwest::Client::builder().pool_max_idle_per_host(64).build()?,
        base: app.gateway.url(),
        token: app.login("agent1@acme.test").await,
    };
    let client = &client;
    let mut out = Latency::default();
    for c in CONCURRENCY {
        let mut tickets = Vec::new();
        for _ in 0..c {
            tickets.push(client.ticket().await?);
        }
        let per_worker = if c == 1 { 200 } else { 400 / c };
        let section = "Latency and throughput through the local gateway (DynamoDB Local)";
        for op in OPS {
            let _ = tap.take();
            let wall = Instant::now();
            let workers = tickets.iter().enumerate().map(|(w, ticket)| {
                let tap = &tap;
                async move {
                    let mut lat = Vec::with_capacity(per_worker);
                    let mut ddb = Vec::with_capacity(per_worker);
                    let mut wire = Vec::with_capacity(per_worker);
                    for i in 0..per_worker {
                        let t = Instant::now();
                        client.call(op, ticket, w * per_worker + i).await?;
                        lat.push(t.elapsed().as_secs_f64() * 1000.0);
                        if c == 1 {
                            let calls = tap.take();
                            ddb.push(calls.iter().map(|call| call.millis).sum::<f64>());
                            wire.push(calls.iter().map(|call| call.wire_millis).sum::<f64>());
                        }
                    }
                    anyhow::Ok((lat, ddb, wire))
                }
            });
            let results = futures::future::try_join_all(workers).await?;
            let secs = wall.elapsed().as_secs_f64();
            let lat: Vec<f64> = results.iter().flat_map(|(l, _, _)| l.clone()).collect();
            let ddb: Vec<f64> = results.iter().flat_map(|(_, d, _)| d.clone()).collect();
            let wire: Vec<f64> = results.iter().flat_map(|(_, _, w)| w.clone()).collect();
            let label = |what: &str| format!("{op} c={c}: {what}");
            for (q, name) in [(0.5, "p50"), (0.95, "p95"), (0.99, "p99")] {
                out.figures
                    .push(Figure::info(section, label(name), quantile(&lat, q), "ms"));
            }
            #[allow(clippy::cast_precision_loss)]
            out.figures.push(Figure::info(
                section,
                label("throughput"),
                lat.len() as f64 / secs,
                "req/s",
            ));
            if c == 1 {
                let p50 = quantile(&lat, 0.5);
                let raw = quantile(&ddb, 0.5);
                out.p50_ms.insert(op, p50);
                out.figures.push(Figure::info(
                    section,
                    label("p50 of its DynamoDB Local calls (SDK call)"),
                    raw,
                    "ms",
                ));
                out.figures.push(Figure::info(
                    section,
                    label("p50 of its DynamoDB Local calls (request to response headers)"),
                    quantile(&wire, 0.5),
                    "ms",
                ));
                out.figures.push(Figure::at_most(
                    section,
                    label("overhead (p50 ÷ DynamoDB p50)"),
                    p50 / raw,
                    "×",
                    OVERHEAD_MAX,
                ));
            }
            let _ = tap.take();
        }
    }
    Ok(out)
}

//! The test harness: [`TestApp::spawn`] provisions a fresh stack (its own table, bus,
//! queues and buckets under a unique prefix) in the emulators that `make test` started,
//! seeds the demo orgs and starts a local gateway on a free port with its event sources.
//! Tests therefore run in parallel without seeing each other's data.

#[allow(unused_imports)]
use helpdesk_store::prelude::*;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use local_gateway::{Clients, Gateway, Options};
use reqwest::{Method, Response};
use serde_json::Value;

pub use local_gateway;

pub mod budget;

/// The workspace root (templates, seeds and fixtures live there).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(PathBuf::from)
        .unwrap_or_default()
}

fn endpoint(var: &str) -> String {
    std::env::var(var).unwrap_or_else(|_| {
        panic!("{var} is not set: run the tests with `make test`, which starts DynamoDB Local and moto for them")
    })
}

pub async fn clients() -> Clients {
    Clients::for_endpoints(&endpoint("HELPDESK_TEST_DYNAMODB"), &endpoint("HELPDESK_TEST_AWS")).await
}

pub struct TestApp {
    pub gateway: Gateway,
    pub http: reqwest::Client,
}

impl TestApp {
    /// A seeded stack with its event sources running.
    pub async fn spawn() -> Self {
        Self::spawn_with(true).await
    }

    pub async fn spawn_with(event_sources: bool) -> Self {
        Self::spawn_on(clients().await, event_sources, Duration::from_millis(500)).await
    }

    /// On given clients (e.g. an instrumented DynamoDB client, as the benchmark uses),
    /// with the SLA schedule ticking every `schedule_period`.
    pub async fn spawn_on(clients: Clients, event_sources: bool, schedule_period: Duration) -> Self {
        Self::spawn_seeded(clients, event_sources, schedule_period, false).await
    }

    /// Seeded as `make dev` seeds: with the orgs' worked (resolved, rated) tickets.
    pub async fn spawn_demo() -> Self {
        Self::spawn_seeded(clients().await, true, Duration::from_millis(500), true).await
    }

    async fn spawn_seeded(clients: Clients, event_sources: bool, schedule_period: Duration, history: bool) -> Self {
        let prefix = format!("t{}", ulid::Ulid::new().to_string().to_lowercase());
        let options = Options {
            addr: "127.0.0.1:0".parse().expect("loopback address"),
            template: root().join("template.yaml"),
            seed: Some(root().join("infra/seed/demo.json")),
            seed_history: history,
            prefix,
            event_sources,
            schedule_period: Some(schedule_period),
            web_dir: root().join("web/dist"),
        };
        let gateway = local_gateway::start(clients, options)
            .await
            .expect("the local gateway starts");
        Self {
            gateway,
            http: reqwest::Client::new(),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.gateway.url())
    }

    /// A token for a seeded user, through the local sign-in endpoint.
    pub async fn login(&self, email: &str) -> String {
        let resp = self
            .http
            .post(self.url("/local/login"))
            .json(&serde_json::json!({ "email": email }))
            .send()
            .await
            .expect("login request");
        assert_eq!(resp.status(), 200, "login of {email}");
        let body: Value = resp.json().await.expect("login body");
        body["token"].as_str().expect("token").to_owned()
    }

    pub async fn request(&self, method: Method, path: &str, token: Option<&str>, body: Option<&Value>) -> Response {
        let mut req = self.http.request(method, self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(b);
        }
        req.send().await.expect("request reaches the gateway")
    }

    pub async fn post(&self, path: &str, token: &str, body: &Value) -> Response {
        self.request(Method::POST, path, Some(token), Some(body)).await
    }

    pub async fn get(&self, path: &str, token: &str) -> Response {
        self.request(Method::GET, path, Some(token), None).await
    }

    /// The Lambda request API Gateway would hand a function for `user`, for calling a
    /// handler directly (e.g. with an instrumented table).
    pub fn lambda_request(
        &self,
        method: &str,
        path: &str,
        route_key: &str,
        path_params: &[(&str, &str)],
        email: &str,
        body: Option<&Value>,
    ) -> lambda_http::Request {
        let user = self
            .gateway
            .users
            .iter()
            .find(|u| u.email == email)
            .expect("a seeded user");
        let claims = [
            ("sub", user.sub.clone()),
            ("email", user.email.clone()),
            ("custom:org_id", user.org_id.clone()),
            ("cognito:groups", format!("[{}]", user.role)),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        let (parts, ()) = http::Request::builder()
            .method(method)
            .uri(path)
            .header("content-type", "application/json")
            .body(())
            .expect("a request")
            .into_parts();
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let route = local_gateway::bridge::RouteMatch {
            route_key,
            path_params: path_params
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            claims,
        };
        local_gateway::bridge::to_lambda_request(&parts, &body.into_bytes().into(), route).expect("a Lambda request")
    }

    pub fn table(&self) -> &helpdesk_store::Table {
        &self.gateway.functions.table
    }

    /// Asks to upload `bytes` (at `path`: `/api/v1/attachments` or a ticket's) and sends
    /// them through the presigned request as a browser would. Returns the upload's answer.
    pub async fn upload(&self, token: &str, path: &str, filename: &str, content_type: &str, bytes: &[u8]) -> Value {
        let body = serde_json::json!({"filename": filename, "content_type": content_type, "size": bytes.len()});
        let created = json(self.post(path, token, &body).await, 201).await;
        self.put_upload(&created, bytes.to_vec()).await;
        created
    }

    /// Sends `bytes` with an upload's presigned request; panics unless S3 takes them.
    pub async fn put_upload(&self, created: &Value, bytes: Vec<u8>) {
        local_gateway::seed::put_upload(&self.http, created, bytes)
            .await
            .expect("S3 takes the upload");
    }

    /// The table and the attachments bucket as the functions reach them.
    pub fn with_files(&self) -> &helpdesk_functions::deps::WithFiles {
        &self.gateway.functions.files
    }

    /// The attachments bucket's files.
    pub fn files(&self) -> &helpdesk_blobs::FileBucket {
        &self.with_files().files
    }
}

/// Polls `check` until it returns `Some`, or fails after `timeout`.
pub async fn eventually<T, F, Fut>(what: &str, timeout: Duration, mut check: F) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<Option<T>>>,
{
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        if let Some(v) = check().await.with_context(|| format!("checking {what}"))? {
            return Ok(v);
        }
        if tokio::time::Instant::now() > deadline {
            bail!("timed out after {timeout:?} waiting for {what}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The JSON body of a response, with its status checked.
pub async fn json(resp: Response, status: u16) -> Value {
    let got = resp.status().as_u16();
    let ct = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let text = resp.text().await.unwrap_or_default();
    assert_eq!(got, status, "unexpected status; body: {text}");
    if !text.is_empty() && status >= 400 && ct != "application/json" {
        assert_eq!(ct, "application/problem+json", "errors are problem+json: {text}");
    }
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

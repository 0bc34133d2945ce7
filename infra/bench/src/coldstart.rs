//! Cold start: each release binary is started against a minimal Lambda Runtime API of
//! ours, and timed from process start to its first `GET /runtime/invocation/next` and
//! to its first response. The hello-world function gives the baseline.
//!
//! The first event is one the handler answers without the network (an HTTP request
//! without a token, an SQS record that is not an event, an empty stream or SES batch), so the
//! figure is the runtime, our init and one handler pass. Endpoints point at a closed
//! port: a function that called AWS during init would show up as slow or failing.

use std::path::Path;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use serde_json::{Value, json};
use tokio::sync::Notify;

#[derive(Default)]
struct Invocation {
    payload: Value,
    handed_out: bool,
    next_at: Option<Instant>,
    done_at: Option<Instant>,
    error: Option<String>,
    response: Option<String>,
}

#[derive(Clone, Default)]
struct Api {
    state: Arc<Mutex<Invocation>>,
    done: Arc<Notify>,
}

async fn next(State(api): State<Api>) -> impl IntoResponse {
    let payload = {
        let mut s = api.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if s.handed_out {
            None
        } else {
            s.handed_out = true;
            s.next_at = Some(Instant::now());
            Some(s.payload.clone())
        }
    };
    let Some(payload) = payload else {
        // One invocation per process: later polls wait until the process is killed.
        std::future::pending::<()>().await;
        return (StatusCode::NO_CONTENT, HeaderMap::new(), String::new());
    };
    let mut headers = HeaderMap::new();
    let deadline = (time::OffsetDateTime::now_utc().unix_timestamp() + 30) * 1000;
    for (k, v) in [
        ("lambda-runtime-aws-request-id", "bench-1".to_owned()),
        ("lambda-runtime-deadline-ms", deadline.to_string()),
        (
            "lambda-runtime-invoked-function-arn",
            "arn:aws:lambda:us-east-1:123456789012:function:bench".to_owned(),
        ),
        (
            "lambda-runtime-trace-id",
            "Root=1-00000000-000000000000000000000000".to_owned(),
        ),
    ] {
        if let Ok(v) = v.parse() {
            headers.insert(k, v);
        }
    }
    (StatusCode::OK, headers, payload.to_string())
}

async fn respond(State(api): State<Api>, UrlPath(_id): UrlPath<String>, body: String) -> StatusCode {
    api.state
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .response = Some(body);
    finish(&api, None);
    StatusCode::ACCEPTED
}

async fn error(State(api): State<Api>, body: String) -> StatusCode {
    finish(&api, Some(body));
    StatusCode::ACCEPTED
}

async fn invocation_error(State(api): State<Api>, UrlPath(_id): UrlPath<String>, body: String) -> StatusCode {
    finish(&api, Some(body));
    StatusCode::ACCEPTED
}

fn finish(api: &Api, error: Option<String>) {
    let mut s = api.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    s.done_at = Some(Instant::now());
    s.error = error;
    drop(s);
    api.done.notify_one();
}

/// The runtime API on a free port.
pub struct RuntimeApi {
    api: Api,
    pub addr: std::net::SocketAddr,
}

impl RuntimeApi {
    pub async fn start() -> Result<Self> {
        let api = Api::default();
        let app = axum::Router::new()
            .route("/2018-06-01/runtime/invocation/next", get(next))
            .route("/2018-06-01/runtime/invocation/{id}/response", post(respond))
            .route("/2018-06-01/runtime/invocation/{id}/error", post(invocation_error))
            .route("/2018-06-01/runtime/init/error", post(error))
            .with_state(api.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(Self { api, addr })
    }

    /// Starts `binary`, hands it `payload`, and answers (time to first poll, time to
    /// first response) in milliseconds.
    pub async fn run_once(&self, binary: &Path, payload: &Value) -> Result<(f64, f64)> {
        self.run_with(binary, payload, &[])
            .await
            .map(|(poll, answer, _)| (poll, answer))
    }

    /// [`Self::run_once`] with more environment (`extra` wins), also answering the
    /// function's response.
    pub async fn run_with(
        &self,
        binary: &Path,
        payload: &Value,
        extra: &[(&'static str, String)],
    ) -> Result<(f64, f64, Value)> {
        *self.api.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Invocation {
            payload: payload.clone(),
            ..Invocation::default()
        };
        let started = Instant::now();
        let mut child = tokio::process::Command::new(binary)
            .envs(lambda_env(&self.addr.to_string()))
            .envs(extra.iter().cloned())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .with_context(|| format!("starting {}", binary.display()))?;
        let outcome = tokio::time::timeout(Duration::from_secs(10), async {
            tokio::select! {
                () = self.api.done.notified() => None,
                // A function that stops during init (a missing variable, say) fails
                // the run at once rather than at the timeout.
                status = child.wait() => Some(status),
            }
        })
        .await;
        let _ = child.kill().await;
        match outcome {
            Err(_) => bail!("{} did not answer within 10 s", binary.display()),
            Ok(Some(status)) => bail!("{} exited during init ({status:?})", binary.display()),
            Ok(None) => {}
        }
        let s = self.api.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(e) = &s.error {
            bail!("{} reported an error: {e}", binary.display());
        }
        let ms = |t: Option<Instant>| t.map_or(f64::NAN, |t| (t - started).as_secs_f64() * 1000.0);
        let response = s.response.as_deref().and_then(|r| serde_json::from_str(r).ok());
        Ok((ms(s.next_at), ms(s.done_at), response.unwrap_or(Value::Null)))
    }
}

/// What Lambda sets, plus every variable our functions read (dummy values).
fn lambda_env(runtime_api: &str) -> Vec<(&'static str, String)> {
    [
        ("AWS_LAMBDA_RUNTIME_API", runtime_api),
        ("AWS_LAMBDA_FUNCTION_NAME", "bench"),
        ("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST"),
        ("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256"),
        ("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/bench"),
        ("AWS_LAMBDA_LOG_STREAM_NAME", "bench"),
        ("AWS_REGION", "us-east-1"),
        ("AWS_ACCESS_KEY_ID", "bench"),
        ("AWS_SECRET_ACCESS_KEY", "bench"),
        ("AWS_ENDPOINT_URL", "http://127.0.0.1:9"),
        ("TABLE_NAME", "bench"),
        ("EVENT_BUS_NAME", "bench"),
        ("MAIL_DOMAIN", "mail.bench.test"),
        ("MAIL_SIGNING_KEY", "bench-key"),
        ("MAIL_FROM", "support@mail.bench.test"),
        ("PORTAL_URL", "https://app.bench.test"),
        ("INBOUND_BUCKET", "bench-inbound"),
        ("ATTACHMENTS_BUCKET", "bench-attachments"),
        ("SEARCH_BUCKET", "bench-search"),
        ("SEARCH_DIR", "/tmp/helpdesk-bench-search"),
        ("INBOUND_WEBHOOK_SECRET", "bench-secret"),
        ("RUST_LOG", "warn"),
    ]
    .into_iter()
    .map(|(k, v)| (k, v.to_owned()))
    .collect()
}

/// An HTTP API request from a signed-in user (the claims the JWT authorizer passes on).
pub fn signed_in_request(method: &str, path: &str, query: &str, claims: &Value) -> Value {
    let mut event = first_event(Some((method, path)), false, false, false);
    event["rawQueryString"] = Value::String(query.to_owned());
    // Plain `k=v&k=v` (no escapes needed for the bench's queries).
    let params: serde_json::Map<String, Value> = query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_owned(), Value::String(v.to_owned())))
        .collect();
    event["queryStringParameters"] = Value::Object(params);
    event["requestContext"]["authorizer"] = json!({"jwt": {"claims": claims, "scopes": null}});
    event
}

/// The first event of a function with these triggers.
pub fn first_event(route: Option<(&str, &str)>, sqs: bool, stream: bool, ses: bool) -> Value {
    if let Some((method, path)) = route {
        let path = path.replace(['{', '}'], "");
        return json!({
            "version": "2.0", "routeKey": format!("{method} {path}"), "rawPath": path, "rawQueryString": "",
            "headers": {"content-type": "application/json"},
            "requestContext": {"accountId": "123456789012", "apiId": "bench", "domainName": "bench.test",
                "domainPrefix": "bench", "http": {"method": method, "path": path, "protocol": "HTTP/1.1",
                "sourceIp": "127.0.0.1", "userAgent": "bench"}, "requestId": "bench", "routeKey": format!("{method} {path}"),
                "stage": "$default", "time": "22/Nov/2026:00:00:00 +0000", "timeEpoch": 0},
            "isBase64Encoded": false
        });
    }
    if sqs {
        return json!({"Records": [{"messageId": "m1", "receiptHandle": "r", "body": "{}", "attributes": {},
            "messageAttributes": {}, "md5OfBody": "", "eventSource": "aws:sqs",
            "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:bench", "awsRegion": "us-east-1"}]});
    }
    if stream || ses {
        return json!({"Records": []});
    }
    json!({})
}

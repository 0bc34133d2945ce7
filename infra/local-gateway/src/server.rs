//! The HTTP side: `/healthz`, the local sign-in and JWKS, and the API routes taken from
//! `template.yaml`, each behind the JWT authorizer and handed to its function.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Json;
use axum::extract::{RawPathParams, Request, State as AxumState};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodFilter, get, on, post};
use http::StatusCode;
use serde::Deserialize;
use serde_json::json;

use crate::auth::{Authorizer, LocalIssuer, LocalUser};
use crate::bridge::{self, MAX_PAYLOAD, RouteMatch};
use crate::functions::Functions;
use crate::template::Template;

#[derive(Clone)]
pub struct State {
    pub functions: Arc<Functions>,
    pub authorizer: Authorizer,
    pub issuer: Arc<LocalIssuer>,
    pub logins: Arc<HashMap<String, LocalUser>>,
    /// Where moto runs (SES's endpoint), for the sent-mail view.
    pub moto_url: Option<String>,
    /// The receipt rule local mail goes through (bucket, prefix, function).
    pub inbound_rule: crate::template::ReceiptRuleDef,
    pub s3: aws_sdk_s3::Client,
}

/// The web app's build (`web/dist`): files as they are, any other path gets `index.html`
/// so the app's own routes (`/inbox`, `/portal/...`) load, like CloudFront's error page
/// rule does on AWS.
fn web_app(dir: &std::path::Path) -> axum::Router<State> {
    if !dir.join("index.html").exists() {
        let hint = format!(
            "The web app is not built: run `npm --prefix web run build` (expected {}).",
            dir.display()
        );
        return axum::Router::new().fallback(move || {
            let hint = hint.clone();
            async move { (StatusCode::NOT_FOUND, hint) }
        });
    }
    let files =
        tower_http::services::ServeDir::new(dir).fallback(tower_http::services::ServeFile::new(dir.join("index.html")));
    axum::Router::new().fallback_service(files)
}

pub fn router(template: &Template, state: State, web_dir: &std::path::Path) -> axum::Router {
    let mut app = axum::Router::new()
        .route("/healthz", get(|| async { Json(json!({"status": "ok"})) }))
        .route("/local/login", post(login))
        .route("/local/.well-known/jwks.json", get(jwks))
        .route("/local/mail", get(sent_mail))
        .route(
            "/local/inbound-email",
            post(inbound_email).layer(axum::extract::DefaultBodyLimit::max(40 << 20)),
        );
    for f in &template.functions {
        for r in &f.routes {
            let function = f.logical_id.clone();
            let public = r.public;
            let route_key = format!("{} {}", r.method, r.path);
            let Ok(method) =
                MethodFilter::try_from(http::Method::from_bytes(r.method.as_bytes()).unwrap_or(http::Method::GET))
            else {
                continue;
            };
            // Template paths use `{name}` like axum; `{proxy+}` is a catch-all.
            let path = r.path.replace("+}", "}").replace("{proxy}", "{*proxy}");
            app = app.route(
                &path,
                on(
                    method,
                    move |st: AxumState<State>, params: RawPathParams, req: Request| {
                        invoke(st, params, req, function.clone(), route_key.clone(), public)
                    },
                ),
            );
        }
    }
    // Unknown API paths answer like API Gateway; everything else is the web app.
    app = app.route(
        "/api/{*rest}",
        axum::routing::any(|| async { (StatusCode::NOT_FOUND, Json(json!({"message": "Not Found"}))) }),
    );
    app.merge(web_app(web_dir)).with_state(state)
}

async fn invoke(
    AxumState(state): AxumState<State>,
    params: RawPathParams,
    req: Request,
    function: String,
    route_key: String,
    public: bool,
) -> Response {
    let (parts, body) = req.into_parts();
    // API Gateway answers these itself, before any function runs, in its own format.
    let auth = parts
        .headers
        .get(http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let claims = if public {
        Some(HashMap::new())
    } else {
        state.authorizer.authorize(auth)
    };
    let Some(claims) = claims else {
        return (StatusCode::UNAUTHORIZED, Json(json!({"message": "Unauthorized"}))).into_response();
    };
    let Ok(body) = axum::body::to_bytes(body, MAX_PAYLOAD).await else {
        return (
            StatusCode::PAYLOAD_TOO_LARGE,
            Json(json!({"message": "Request Entity Too Large"})),
        )
            .into_response();
    };
    let path_params = params.iter().map(|(k, v)| (k.to_owned(), v.to_owned())).collect();
    let request = match bridge::to_lambda_request(
        &parts,
        &body,
        RouteMatch {
            route_key: &route_key,
            path_params,
            claims,
        },
    ) {
        Ok(r) => r,
        Err(e) => {
            tracing::error!(error = e, "could not build the Lambda event");
            return (
                StatusCode::INTERNAL_SERVER_ERROR,
                Json(json!({"message": "Internal Server Error"})),
            )
                .into_response();
        }
    };
    match state.functions.http(&function, request).await {
        Some(resp) => bridge::to_http_response(resp),
        None => (
            StatusCode::INTERNAL_SERVER_ERROR,
            Json(json!({"message": "Internal Server Error"})),
        )
            .into_response(),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Login {
    email: String,
}

/// Local only: a token for a seeded user, like signing in through Cognito's hosted UI.
async fn login(
    AxumState(state): AxumState<State>,
    body: Result<Json<Login>, axum::extract::rejection::JsonRejection>,
) -> Response {
    let Ok(Json(login)) = body else {
        return problem(StatusCode::BAD_REQUEST, "send {\"email\": \"...\"} as application/json");
    };
    let Some(user) = state.logins.get(&login.email.trim().to_lowercase()) else {
        return problem(
            StatusCode::UNAUTHORIZED,
            "no such local user; see the logins printed at start-up",
        );
    };
    match state.issuer.sign_in(user) {
        Ok(token) => Json(json!({
            "token": token,
            "user": {"id": user.sub, "email": user.email, "name": user.name, "org_id": user.org_id, "role": user.role},
        }))
        .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "signing failed");
            problem(StatusCode::INTERNAL_SERVER_ERROR, "could not sign a token")
        }
    }
}

async fn jwks(AxumState(state): AxumState<State>) -> Response {
    Json(state.issuer.jwks().clone()).into_response()
}

fn problem(status: StatusCode, detail: &str) -> Response {
    let body =
        json!({"type": "about:blank", "title": status.canonical_reason(), "status": status.as_u16(), "detail": detail});
    (
        status,
        [(http::header::CONTENT_TYPE, "application/problem+json")],
        body.to_string(),
    )
        .into_response()
}

/// `GET /local/mail`: the mail moto's SES accepted, newest first (local only).
async fn sent_mail(AxumState(state): AxumState<State>) -> Response {
    let Some(moto) = state.moto_url.as_deref() else {
        return (StatusCode::NOT_FOUND, Json(json!({"message": "no local SES"}))).into_response();
    };
    let url = format!("{}/moto-api/data.json", moto.trim_end_matches('/'));
    let fetch = || async { reqwest::get(&url).await?.json::<serde_json::Value>().await };
    // moto dumps its whole state, which other stacks' requests may change under it: a
    // torn dump fails to parse, and the next one is whole.
    let mut data = fetch().await;
    for _ in 0..3 {
        if data.is_ok() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        data = fetch().await;
    }
    match data {
        Ok(data) => {
            let mut items = crate::mailbox::from_moto(&data);
            items.reverse();
            Json(json!({ "items": items })).into_response()
        }
        Err(e) => (
            StatusCode::BAD_GATEWAY,
            Json(json!({"message": format!("moto did not answer: {e}")})),
        )
            .into_response(),
    }
}

#[derive(Debug, Deserialize)]
struct InboundQuery {
    /// Envelope recipients, comma-separated (default: the message's To and Cc).
    to: Option<String>,
    spam: Option<String>,
    virus: Option<String>,
    spf: Option<String>,
    dkim: Option<String>,
    dmarc: Option<String>,
    dmarc_policy: Option<String>,
}

/// `POST /local/inbound-email` (`content-type: message/rfc822`): delivers a message
/// the way SES does: the raw mail into the inbound bucket under the rule's prefix, then
/// the rule's function invoked with an SES receipt event (verdicts `PASS` unless the
/// query names others). Answers with what became of it (local only).
async fn inbound_email(
    AxumState(state): AxumState<State>,
    axum::extract::Query(q): axum::extract::Query<InboundQuery>,
    headers: http::HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let content_type = headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if !content_type.to_ascii_lowercase().starts_with("message/rfc822") {
        return problem(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send the raw message as message/rfc822",
        );
    }
    let Ok(mail) = helpdesk_inbound::parse(&body, &helpdesk_inbound::Limits::default(), "") else {
        return problem(StatusCode::BAD_REQUEST, "the body is not an email message");
    };
    let recipients: Vec<String> = match &q.to {
        Some(to) => to
            .split(',')
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect(),
        None => mail
            .to
            .iter()
            .chain(&mail.cc)
            .map(|m| m.email.as_str().to_owned())
            .collect(),
    };
    let id = ulid::Ulid::new().to_string().to_lowercase();
    let rule = &state.inbound_rule;
    let bucket = state.functions.mailroom.blobs.inbound_bucket.clone();
    if let Err(e) = state
        .s3
        .put_object()
        .bucket(&bucket)
        .key(format!("{}{id}", rule.prefix))
        .body(body.to_vec().into())
        .send()
        .await
    {
        return problem(StatusCode::BAD_GATEWAY, &format!("storing the raw mail failed: {e}"));
    }
    let verdict = |v: &Option<String>| json!({"status": v.as_deref().unwrap_or("PASS")});
    let now = time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    let from: Vec<String> = mail.from.iter().map(|f| f.email.as_str().to_owned()).collect();
    let event = json!({
        "Records": [{
            "eventSource": "aws:ses",
            "eventVersion": "1.0",
            "ses": {
                "mail": {
                    "timestamp": now,
                    "source": from.first().cloned().unwrap_or_default(),
                    "messageId": id,
                    "destination": recipients,
                    "headersTruncated": false,
                    "headers": [],
                    "commonHeaders": {
                        "returnPath": from.first().cloned().unwrap_or_default(),
                        "from": from,
                        "to": recipients,
                        "messageId": mail.message_id.as_deref().map(|m| format!("<{m}>")),
                        "subject": mail.subject,
                    }
                },
                "receipt": {
                    "timestamp": now,
                    "processingTimeMillis": 1,
                    "recipients": recipients,
                    "spamVerdict": verdict(&q.spam),
                    "virusVerdict": verdict(&q.virus),
                    "spfVerdict": verdict(&q.spf),
                    "dkimVerdict": verdict(&q.dkim),
                    "dmarcVerdict": verdict(&q.dmarc),
                    "dmarcPolicy": q.dmarc_policy.as_deref().unwrap_or("none"),
                    "action": {
                        "type": "Lambda",
                        "functionArn": format!("arn:aws:lambda:us-east-1:000000000000:function:{}", rule.function),
                        "invocationType": "Event"
                    }
                }
            }
        }]
    });
    let event = match serde_json::from_value(event) {
        Ok(e) => e,
        Err(e) => {
            return problem(
                StatusCode::INTERNAL_SERVER_ERROR,
                &format!("building the SES event: {e}"),
            );
        }
    };
    match state.functions.ses(&rule.function, event).await {
        Some(Ok(deliveries)) => (
            StatusCode::ACCEPTED,
            Json(json!({"ses_message_id": id, "deliveries": deliveries})),
        )
            .into_response(),
        Some(Err(e)) => problem(StatusCode::INTERNAL_SERVER_ERROR, &e),
        None => problem(StatusCode::NOT_FOUND, "no function handles the receipt rule"),
    }
}

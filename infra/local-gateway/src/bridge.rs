//! Turns an HTTP request into the API Gateway HTTP API (payload 2.0) event Lambda would
//! receive, and the handler's response back into HTTP.
//!
//! The event is built as JSON and parsed by `lambda_http` itself, so handlers see exactly
//! what they see on Lambda, including `requestContext.authorizer.jwt.claims`.

use std::collections::HashMap;

use axum::body::Bytes;
use base64::Engine;
use http::request::Parts;
use lambda_http::Body;
use serde_json::{Map, Value, json};

/// API Gateway's payload limit for HTTP APIs.
pub const MAX_PAYLOAD: usize = 10 * 1024 * 1024;

pub struct RouteMatch<'a> {
    pub route_key: &'a str,
    pub path_params: HashMap<String, String>,
    pub claims: HashMap<String, String>,
}

pub fn to_lambda_request(parts: &Parts, body: &Bytes, route: RouteMatch<'_>) -> Result<lambda_http::Request, String> {
    let mut headers: Map<String, Value> = Map::new();
    let mut cookies = Vec::new();
    for (name, value) in &parts.headers {
        let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
        if name == http::header::COOKIE {
            cookies.extend(value.split(';').map(|c| Value::String(c.trim().to_owned())));
            continue;
        }
        match headers.get_mut(name.as_str()) {
            // API Gateway joins repeated headers with commas.
            Some(Value::String(existing)) => {
                existing.push(',');
                existing.push_str(&value);
            }
            _ => {
                headers.insert(name.as_str().to_owned(), Value::String(value));
            }
        }
    }
    let query = parts.uri.query().unwrap_or_default();
    let mut query_params: Map<String, Value> = Map::new();
    for (k, v) in form_urlencoded::parse(query.as_bytes()).into_owned() {
        match query_params.get_mut(&k) {
            Some(Value::String(existing)) => {
                existing.push(',');
                existing.push_str(&v);
            }
            _ => {
                query_params.insert(k, Value::String(v));
            }
        }
    }
    let (body_text, is_base64) = match std::str::from_utf8(body) {
        _ if body.is_empty() => (Value::Null, false),
        Ok(s) => (Value::String(s.to_owned()), false),
        Err(_) => (
            Value::String(base64::engine::general_purpose::STANDARD.encode(body)),
            true,
        ),
    };
    let now = time::OffsetDateTime::now_utc();
    let event = json!({
        "version": "2.0",
        "routeKey": route.route_key,
        "rawPath": parts.uri.path(),
        "rawQueryString": query,
        "cookies": if cookies.is_empty() { Value::Null } else { Value::Array(cookies) },
        "headers": headers,
        "queryStringParameters": if query_params.is_empty() { Value::Null } else { Value::Object(query_params) },
        "pathParameters": if route.path_params.is_empty() { Value::Null } else { json!(route.path_params) },
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "local",
            "domainName": "127.0.0.1",
            "domainPrefix": "local",
            "http": {
                "method": parts.method.as_str(),
                "path": parts.uri.path(),
                "protocol": "HTTP/1.1",
                "sourceIp": "127.0.0.1",
                "userAgent": parts.headers.get(http::header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or_default(),
            },
            "requestId": ulid::Ulid::new().to_string(),
            "routeKey": route.route_key,
            "stage": "$default",
            "time": now.format(&time::format_description::well_known::Rfc2822).unwrap_or_default(),
            "timeEpoch": now.unix_timestamp() * 1000,
            "authorizer": { "jwt": { "claims": route.claims, "scopes": null } },
        },
        "body": body_text,
        "isBase64Encoded": is_base64,
    });
    lambda_http::request::from_str(&event.to_string()).map_err(|e| e.to_string())
}

pub fn to_http_response(resp: lambda_http::Response<Body>) -> axum::response::Response {
    let (parts, body) = resp.into_parts();
    let bytes = match body {
        Body::Empty => Bytes::new(),
        Body::Text(t) => Bytes::from(t),
        Body::Binary(b) => Bytes::from(b),
        _ => Bytes::new(),
    };
    axum::response::Response::from_parts(parts, axum::body::Body::from(bytes))
}

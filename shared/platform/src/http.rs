//! Request parsing and JSON responses for `lambda_http` handlers.

use lambda_http::http::{StatusCode, header};
use lambda_http::{Body, Request, RequestExt, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::Problem;

/// The largest JSON body any endpoint accepts; bigger bodies get 413. Room for the
/// largest body the API document allows (six mail templates of 40 000 characters, each
/// escaped in JSON), far below API Gateway's 10 MB.
pub const MAX_BODY_BYTES: usize = 2 << 20;

/// Parses a JSON body: 415 for another media type, 413 when too large, 400 for broken
/// JSON, unknown fields or wrong types (DTOs deny unknown fields).
pub fn json_body<T: DeserializeOwned>(req: &Request) -> Result<T, Problem> {
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let essence = content_type.split(';').next().unwrap_or("").trim();
    if !essence.eq_ignore_ascii_case("application/json") {
        return Err(Problem::unsupported_media_type());
    }
    let bytes: &[u8] = req.body().as_ref();
    if bytes.len() > MAX_BODY_BYTES {
        return Err(Problem::payload_too_large(MAX_BODY_BYTES));
    }
    // Every body is a JSON object; serde would also read a struct from an array.
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| Problem::bad_request(format!("invalid JSON body: {e}")))?;
    if !value.is_object() {
        return Err(Problem::bad_request("the body must be a JSON object"));
    }
    serde_json::from_value(value).map_err(|e| Problem::bad_request(format!("invalid JSON body: {e}")))
}

pub fn json<T: Serialize>(status: StatusCode, value: &T) -> Response<Body> {
    match serde_json::to_string(value) {
        Ok(body) => Response::builder()
            .status(status)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::Text(body))
            .unwrap_or_default(),
        Err(e) => Problem::internal(&e).into_response(),
    }
}

/// A path parameter (`{id}`), empty when absent.
pub fn path<'r>(req: &'r Request, name: &str) -> &'r str {
    req.path_parameters_ref()
        .and_then(|p| p.first(name))
        .unwrap_or_default()
}

/// A query parameter, if given.
pub fn query(req: &Request, name: &str) -> Option<String> {
    req.query_string_parameters_ref()
        .and_then(|q| q.first(name))
        .map(str::to_owned)
}

/// A request header as text, if given.
pub fn header<'r>(req: &'r Request, name: &str) -> Option<&'r str> {
    req.headers().get(name).and_then(|v| v.to_str().ok())
}

/// The version an `If-Match` header names (`"3"`, `W/"3"` or `3`), if any.
pub fn if_match(req: &Request) -> Result<Option<u64>, Problem> {
    let Some(value) = req.headers().get(header::IF_MATCH) else {
        return Ok(None);
    };
    helpdesk_domain::input::etag(value.to_str().unwrap_or_default())
        .map(Some)
        .ok_or_else(|| Problem::bad_request("If-Match must be the ETag of the resource, e.g. \"3\""))
}

/// The strong ETag for a resource version.
pub fn etag(version: u64) -> String {
    format!("\"{version}\"")
}

/// Runs a handler body and turns its `Problem` into the response.
pub fn respond(result: Result<Response<Body>, Problem>) -> Response<Body> {
    result.unwrap_or_else(Problem::into_response)
}

/// For `#[serde(default, deserialize_with = "present")]` on `Option<Option<T>>` fields:
/// tells a field left out (`None`, keep) from one sent as `null` (`Some(None)`, clear).
pub fn present<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    <Option<T> as serde::Deserialize>::deserialize(d).map(Some)
}

//! `/api/v1/openapi.json`.

use lambda_http::http::{StatusCode, header};
use lambda_http::{Body, Request, Response};

/// The checked-in document; a test in `infra/openapi` keeps it current.
pub const DOCUMENT: &str = include_str!("../../../docs/openapi.json");

/// This document. No token needed.
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/api/v1/openapi.json", tag = "meta", security(()),
    responses((status = 200, description = "The OpenAPI document", content_type = "application/json"))))]
pub async fn get_openapi(_: &(), _req: Request) -> Response<Body> {
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CACHE_CONTROL, "public, max-age=300")
        .body(Body::Text(DOCUMENT.to_owned()))
        .unwrap_or_default()
}

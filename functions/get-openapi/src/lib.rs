//! `GET /api/v1/openapi.json`: the OpenAPI document generated from the API's Rust types
//! (`infra/openapi`), compiled in. Public: API Gateway runs no authorizer on this route.

use lambda_http::http::{StatusCode, header};
use lambda_http::{Body, Request, Response};

/// The checked-in document; a test in `infra/openapi` keeps it current.
pub const DOCUMENT: &str = include_str!("../../../docs/openapi.json");

pub async fn handle(_req: Request) -> Response<Body> {
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CACHE_CONTROL, "public, max-age=300")
        .body(Body::Text(DOCUMENT.to_owned()))
        .unwrap_or_default()
}

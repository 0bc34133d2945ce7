//! `GET /api/v1/quarantine`: the org's inbound mail that was kept aside instead of
//! ticketed (virus, DMARC failing under an enforcing policy, SPF and DKIM both failing,
//! bounces, mail without a sender), newest first, with why and where the raw message
//! is. Admins. One Query.

use helpdesk_domain::people::require_admin;
use helpdesk_platform::http::{json, respond};
use helpdesk_platform::{Problem, auth};
use helpdesk_store::Table;
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};

/// The most recent entries shown (entries expire after 90 days, with the raw mail).
const LIMIT: i32 = 100;

pub async fn handle(table: &Table, req: Request) -> Response<Body> {
    respond(list(table, req).await)
}

async fn list(table: &Table, req: Request) -> Result<Response<Body>, Problem> {
    let caller = auth::caller(&req)?;
    require_admin(&caller)?;
    let items = table.list_quarantine(&caller.org_id, LIMIT).await?;
    Ok(json(StatusCode::OK, &serde_json::json!({ "items": items })))
}

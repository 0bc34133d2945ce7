//! `GET /api/v1/notifications?unread=true`: the caller's latest 50 in-app notifications,
//! newest first. Staff only.

use helpdesk_domain::people::require_staff;
use helpdesk_domain::view::Items;
use helpdesk_platform::http::{json, respond};
use helpdesk_platform::{Problem, auth};
use helpdesk_store::Table;
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, RequestExt, Response};

const LATEST: i32 = 50;

pub async fn handle(table: &Table, req: Request) -> Response<Body> {
    respond(list(table, req).await)
}

async fn list(table: &Table, req: Request) -> Result<Response<Body>, Problem> {
    let caller = auth::caller(&req)?;
    require_staff(&caller)?;
    let unread = req
        .query_string_parameters_ref()
        .and_then(|q| q.first("unread"))
        .is_some_and(|v| v == "true");
    let items = table
        .notifications(&caller.org_id, &caller.user_id, unread, LATEST)
        .await?;
    Ok(json(StatusCode::OK, &Items { items }))
}

//! `GET /api/v1/ticket-counts`: how many tickets each inbox view holds for the caller,
//! from the live counts the report aggregator keeps (one `GetItem`; a change shows
//! within seconds, when its event has been aggregated). Staff only.

use helpdesk_domain::people::require_staff;
use helpdesk_domain::reports::view_counts;
use helpdesk_platform::http::{json, respond};
use helpdesk_platform::{Problem, auth};
use helpdesk_store::Table;
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};

pub async fn handle(table: &Table, req: Request) -> Response<Body> {
    respond(counts(table, req).await)
}

async fn counts(table: &Table, req: Request) -> Result<Response<Body>, Problem> {
    let caller = auth::caller(&req)?;
    require_staff(&caller)?;
    let live = table.live_counts(&caller.org_id).await?;
    Ok(json(StatusCode::OK, &view_counts(&live, &caller.user_id)))
}

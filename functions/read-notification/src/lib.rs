//! `POST /api/v1/notifications/{id}/read`: marks one of the caller's notifications read
//! (404 for anyone else's). Staff only.

use helpdesk_domain::EventId;
use helpdesk_domain::people::require_staff;
use helpdesk_platform::http::respond;
use helpdesk_platform::{Problem, auth};
use helpdesk_store::Table;
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, RequestExt, Response};

pub async fn handle(table: &Table, req: Request) -> Response<Body> {
    respond(read(table, req).await)
}

async fn read(table: &Table, req: Request) -> Result<Response<Body>, Problem> {
    let caller = auth::caller(&req)?;
    require_staff(&caller)?;
    let raw = req
        .path_parameters_ref()
        .and_then(|p| p.first("id"))
        .unwrap_or_default();
    let id = EventId::parse(raw).map_err(|_| Problem::not_found("notification"))?;
    table
        .mark_notification_read(&caller.org_id, &caller.user_id, id)
        .await?;
    Ok(Response::builder()
        .status(StatusCode::NO_CONTENT)
        .body(Body::Empty)
        .unwrap_or_default())
}

//! `PUT /api/v1/tickets/{id}/status`: `{"status": "pending"}`. Staff only; honours
//! `If-Match`. The domain enforces the status rules (never back to `new`, `closed` is
//! final). Emits `TicketStatusChanged`.

use helpdesk_domain::Status;
use helpdesk_domain::lifecycle::Command;
use helpdesk_platform::http::{json_body, respond};
use helpdesk_platform::tickets::{applied_response, apply, if_match, ticket_id};
use helpdesk_platform::{Problem, auth};
use helpdesk_store::Table;
use lambda_http::{Body, Request, Response};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetStatusRequest {
    pub status: Status,
}

pub async fn handle(table: &Table, req: Request) -> Response<Body> {
    respond(set(table, req).await)
}

async fn set(table: &Table, req: Request) -> Result<Response<Body>, Problem> {
    let caller = auth::caller(&req)?;
    let body: SetStatusRequest = json_body(&req)?;
    let id = ticket_id(table, &caller, &req).await?;
    let applied = apply(
        table,
        &caller,
        id,
        if_match(&req)?,
        |_| Ok(Command::SetStatus(body.status)),
        &[],
    )
    .await?;
    Ok(applied_response(&applied, &caller))
}

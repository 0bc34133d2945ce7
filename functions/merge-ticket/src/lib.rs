//! `POST /api/v1/tickets/{id}/merge`: `{"target_id": "<id or TKT number>"}`. Staff only.
//! The ticket is closed and points at the target; the target gets an internal note. Both
//! tickets are written in one transaction, each at the version that was read.

use helpdesk_domain::lifecycle::merge;
use helpdesk_domain::{TicketId, TicketNumber};
use helpdesk_platform::http::{json_body, respond};
use helpdesk_platform::tickets::{if_match, ticket_id, ticket_response, visible_ticket};
use helpdesk_platform::{Problem, auth};
use helpdesk_store::Table;
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use serde::Deserialize;
use time::OffsetDateTime;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MergeRequest {
    pub target_id: String,
}

pub async fn handle(table: &Table, req: Request) -> Response<Body> {
    respond(merge_tickets(table, req).await)
}

async fn merge_tickets(table: &Table, req: Request) -> Result<Response<Body>, Problem> {
    let caller = auth::caller(&req)?;
    if !caller.is_staff() {
        return Err(Problem::forbidden("only staff merge tickets"));
    }
    let body: MergeRequest = json_body(&req)?;
    let source_id = ticket_id(table, &caller, &req).await?;
    let target_id = match TicketId::parse(&body.target_id) {
        Ok(id) => id,
        Err(_) => {
            let number = TicketNumber::parse(&body.target_id).map_err(|_| Problem::not_found("target ticket"))?;
            table
                .ticket_id_by_number(&caller.org_id, number)
                .await?
                .ok_or_else(|| Problem::not_found("target ticket"))?
        }
    };
    let source = visible_ticket(table, &caller, source_id).await?;
    if if_match(&req)?.is_some_and(|v| v != source.version) {
        return Err(Problem::precondition_failed());
    }
    let target = visible_ticket(table, &caller, target_id)
        .await
        .map_err(|_| Problem::not_found("target ticket"))?;
    let (closed, noted) = merge(&source, &target, &caller, OffsetDateTime::now_utc())?;
    table
        .save_merge((source.version, &closed), (target.version, &noted))
        .await?;
    tracing::info!(source = %source.id, target = %target.id, "tickets merged");
    Ok(ticket_response(StatusCode::OK, &closed.ticket, &caller))
}

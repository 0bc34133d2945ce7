//! `GET /api/v1/tickets/{id}/audit`: every change to a ticket, who made it and when,
//! oldest first. Managers and admins only.

use helpdesk_domain::Role;
use helpdesk_domain::view::Items;
use helpdesk_platform::http::{json, respond};
use helpdesk_platform::tickets::{ticket_id, visible_ticket};
use helpdesk_platform::{Problem, auth};
use helpdesk_store::Table;
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};

pub async fn handle(table: &Table, req: Request) -> Response<Body> {
    respond(audit(table, req).await)
}

async fn audit(table: &Table, req: Request) -> Result<Response<Body>, Problem> {
    let caller = auth::caller(&req)?;
    if caller.role < Role::Manager {
        return Err(Problem::forbidden("only managers and admins read the audit trail"));
    }
    let id = ticket_id(table, &caller, &req).await?;
    visible_ticket(table, &caller, id).await?;
    let entries = table.ticket_audit(&caller.org_id, id).await?;
    Ok(json(StatusCode::OK, &Items { items: entries }))
}

//! `GET /api/v1/tickets/{id}`: a ticket with its thread, in one DynamoDB Query. `{id}` is
//! the ticket's id or its number (`TKT-000123`, one more GetItem).
//! The `ETag` is the ticket's version, for `If-Match` on later changes.

use helpdesk_domain::view::TicketView;
use helpdesk_platform::http::{etag, json, respond};
use helpdesk_platform::{Problem, auth};
use helpdesk_store::Table;
use lambda_http::http::{StatusCode, header};
use lambda_http::{Body, Request, Response};

pub async fn handle(table: &Table, req: Request) -> Response<Body> {
    respond(get(table, req).await)
}

async fn get(table: &Table, req: Request) -> Result<Response<Body>, Problem> {
    let caller = auth::caller(&req)?;
    let id = helpdesk_platform::tickets::ticket_id(table, &caller, &req).await?;
    let found = table.ticket_with_thread(&caller.org_id, id).await?;
    // Another org's ticket cannot be found (the key starts with the caller's org); a
    // customer asking for someone else's ticket gets the same 404.
    let Some(found) = found.filter(|f| f.ticket.visible_to(&caller)) else {
        return Err(Problem::not_found("ticket"));
    };
    let view = TicketView::for_caller(&found.ticket, Some(&found.thread), &caller);
    let mut response = json(StatusCode::OK, &view);
    if let Ok(v) = etag(found.ticket.version).parse() {
        response.headers_mut().insert(header::ETAG, v);
    }
    Ok(response)
}

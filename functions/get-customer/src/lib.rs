//! `GET /api/v1/customers/{id}`: a customer's profile and their latest tickets (up to 50,
//! newest first). Staff, or the customer themself. Two requests: GetItem + one Query.

use helpdesk_domain::UserId;
use helpdesk_domain::view::{CustomerProfile, TicketView};
use helpdesk_domain::views::{TicketFilter, TicketIndex, TicketQuery};
use helpdesk_platform::http::{json, respond};
use helpdesk_platform::{Problem, auth};
use helpdesk_store::Table;
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, RequestExt, Response};

const HISTORY: u16 = 50;

pub async fn handle(table: &Table, req: Request) -> Response<Body> {
    respond(get(table, req).await)
}

async fn get(table: &Table, req: Request) -> Result<Response<Body>, Problem> {
    let caller = auth::caller(&req)?;
    let raw = req
        .path_parameters_ref()
        .and_then(|p| p.first("id"))
        .unwrap_or_default();
    let id = UserId::parse(raw).map_err(|_| Problem::not_found("customer"))?;
    if !caller.is_staff() && caller.user_id != id {
        return Err(Problem::not_found("customer"));
    }
    let customer = table
        .get_customer(&caller.org_id, &id)
        .await?
        .ok_or_else(|| Problem::not_found("customer"))?;
    let query = TicketQuery {
        index: TicketIndex::ByCustomer(id),
        filter: TicketFilter::default(),
        limit: HISTORY,
    };
    let tickets = table.list_tickets(&caller.org_id, &query, None).await?;
    let tickets: Vec<_> = tickets
        .items
        .iter()
        .map(|t| TicketView::for_caller(t, None, &caller))
        .collect();
    Ok(json(StatusCode::OK, &CustomerProfile { customer, tickets }))
}

//! `GET /api/v1/tickets`: one page of a ticket view, one DynamoDB Query.
//!
//! Query: `view` (all, mine, unassigned, open, pending, resolved), `status`, `priority`,
//! `assignee` (an agent id, `me` or `none`), `team`, `customer`, `tag`, `category`,
//! `limit` (1-100, default 25), `cursor` (from the previous page). Customers always get
//! their own tickets. Newest update first.

use helpdesk_domain::view::{Page, TicketView};
use helpdesk_domain::views::{ListParams, TicketQuery};
use helpdesk_platform::http::{json, respond};
use helpdesk_platform::{Problem, auth};
use helpdesk_store::Table;
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, RequestExt, Response};

/// A page of tickets.
pub type TicketPage = Page<TicketView>;

pub async fn handle(table: &Table, req: Request) -> Response<Body> {
    respond(list(table, req).await)
}

/// Reads the list parameters of a request's query string.
pub fn params(req: &Request) -> ListParams {
    let q = req.query_string_parameters_ref();
    let get = |k: &str| q.and_then(|q| q.first(k)).map(str::to_owned);
    ListParams {
        view: get("view"),
        status: get("status"),
        priority: get("priority"),
        assignee: get("assignee"),
        team: get("team"),
        customer: get("customer"),
        tag: get("tag"),
        category: get("category"),
        limit: get("limit"),
    }
}

async fn list(table: &Table, req: Request) -> Result<Response<Body>, Problem> {
    let caller = auth::caller(&req)?;
    let query = TicketQuery::for_caller(params(&req), &caller)?;
    let cursor = req
        .query_string_parameters_ref()
        .and_then(|q| q.first("cursor"))
        .map(str::to_owned);
    let page = table.list_tickets(&caller.org_id, &query, cursor.as_deref()).await?;
    let items = page
        .items
        .iter()
        .map(|t| TicketView::for_caller(t, None, &caller))
        .collect();
    Ok(json(
        StatusCode::OK,
        &TicketPage {
            items,
            next_cursor: page.next_cursor,
        },
    ))
}

//! `GET /api/v1/agents/me/tickets`: the caller's assigned tickets that still need work
//! (the `mine` view), newest update first. Staff only.

use helpdesk_domain::view::{Page, TicketView};
use helpdesk_domain::views::{ListParams, TicketQuery};
use helpdesk_platform::http::{json, respond};
use helpdesk_platform::{Problem, auth};
use helpdesk_store::Table;
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, RequestExt, Response};

pub async fn handle(table: &Table, req: Request) -> Response<Body> {
    respond(mine(table, req).await)
}

async fn mine(table: &Table, req: Request) -> Result<Response<Body>, Problem> {
    let caller = auth::caller(&req)?;
    if !caller.is_staff() {
        return Err(Problem::forbidden("only agents have assigned tickets"));
    }
    let q = req.query_string_parameters_ref();
    let get = |k: &str| q.and_then(|q| q.first(k)).map(str::to_owned);
    let params = ListParams {
        view: Some("mine".into()),
        status: get("status"),
        limit: get("limit"),
        ..Default::default()
    };
    let query = TicketQuery::for_caller(params, &caller)?;
    let page = table
        .list_tickets(&caller.org_id, &query, get("cursor").as_deref())
        .await?;
    let items: Vec<_> = page
        .items
        .iter()
        .map(|t| TicketView::for_caller(t, None, &caller))
        .collect();
    Ok(json(
        StatusCode::OK,
        &Page {
            items,
            next_cursor: page.next_cursor,
        },
    ))
}

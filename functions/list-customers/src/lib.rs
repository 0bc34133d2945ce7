//! `GET /api/v1/customers?email=<prefix>&q=<name part>&limit=&cursor=`: customers sorted
//! by email, one Query. Staff only.

use helpdesk_domain::people::require_staff;
use helpdesk_domain::view::Page;
use helpdesk_domain::views::{PAGE_DEFAULT, PAGE_MAX};
use helpdesk_platform::http::{json, respond};
use helpdesk_platform::{Problem, auth};
use helpdesk_store::Table;
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, RequestExt, Response};

pub async fn handle(table: &Table, req: Request) -> Response<Body> {
    respond(list(table, req).await)
}

async fn list(table: &Table, req: Request) -> Result<Response<Body>, Problem> {
    let caller = auth::caller(&req)?;
    require_staff(&caller)?;
    let q = req.query_string_parameters_ref();
    let get = |k: &str| q.and_then(|q| q.first(k)).map(str::to_owned);
    let limit = match get("limit").map(|l| l.parse::<u16>()) {
        None => PAGE_DEFAULT,
        Some(Ok(n)) if (1..=PAGE_MAX).contains(&n) => n,
        Some(_) => return Err(Problem::bad_request(format!("limit must be 1 to {PAGE_MAX}"))),
    };
    let prefix = get("email").unwrap_or_default();
    if prefix.len() > 254 || prefix.contains('#') {
        return Err(Problem::bad_request("email must be the start of an email address"));
    }
    let page = table
        .list_customers(
            &caller.org_id,
            &prefix,
            get("q").as_deref(),
            limit,
            get("cursor").as_deref(),
        )
        .await?;
    Ok(json(
        StatusCode::OK,
        &Page {
            items: page.items,
            next_cursor: page.next_cursor,
        },
    ))
}

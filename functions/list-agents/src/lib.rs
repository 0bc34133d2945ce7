//! `GET /api/v1/agents`: the org's agents with role, skills and availability. Staff only.

use helpdesk_domain::people::require_staff;
use helpdesk_domain::view::Items;
use helpdesk_platform::http::{json, respond};
use helpdesk_platform::{Problem, auth};
use helpdesk_store::Table;
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};

pub async fn handle(table: &Table, req: Request) -> Response<Body> {
    respond(list(table, req).await)
}

async fn list(table: &Table, req: Request) -> Result<Response<Body>, Problem> {
    let caller = auth::caller(&req)?;
    require_staff(&caller)?;
    let agents = table.list_agents(&caller.org_id).await?;
    Ok(json(StatusCode::OK, &Items { items: agents }))
}

//! `PUT /api/v1/agents/me/status`: `{"status": "online" | "away" | "offline"}`. Staff set
//! their own availability.

use helpdesk_domain::people::{Availability, require_staff};
use helpdesk_domain::view::AgentStatus;
use helpdesk_platform::http::{json, json_body, respond};
use helpdesk_platform::{Problem, auth};
use helpdesk_store::Table;
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetAvailabilityRequest {
    pub status: Availability,
}

pub async fn handle(table: &Table, req: Request) -> Response<Body> {
    respond(set(table, req).await)
}

async fn set(table: &Table, req: Request) -> Result<Response<Body>, Problem> {
    let caller = auth::caller(&req)?;
    require_staff(&caller)?;
    let body: SetAvailabilityRequest = json_body(&req)?;
    let status = serde_json::to_value(body.status)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    table.set_agent_status(&caller.org_id, &caller.user_id, &status).await?;
    Ok(json(
        StatusCode::OK,
        &AgentStatus {
            id: caller.user_id,
            status: body.status,
        },
    ))
}

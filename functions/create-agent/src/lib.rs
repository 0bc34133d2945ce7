//! `POST /api/v1/agents`: `{"id"?, "email", "name", "role", "skills"?}` → 201 the agent.
//! Admins only. On AWS `id` is the user's Cognito `sub`, so their tokens map to this
//! profile; without one an id is generated. 409 when the id exists.

use helpdesk_domain::Role;
use helpdesk_domain::people::{parse_agent, require_admin};
use helpdesk_platform::http::{json, json_body, respond};
use helpdesk_platform::{Problem, auth};
use helpdesk_store::Table;
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateAgentRequest {
    pub id: Option<String>,
    pub email: String,
    pub name: String,
    pub role: Role,
    #[serde(default)]
    pub skills: Vec<String>,
}

pub async fn handle(table: &Table, req: Request) -> Response<Body> {
    respond(create(table, req).await)
}

async fn create(table: &Table, req: Request) -> Result<Response<Body>, Problem> {
    let caller = auth::caller(&req)?;
    require_admin(&caller)?;
    let body: CreateAgentRequest = json_body(&req)?;
    let agent = parse_agent(
        body.id.as_deref(),
        &body.email,
        &body.name,
        body.role,
        &body.skills,
        &caller.org_id,
    )?;
    table.put_agent(&agent, true).await?;
    Ok(json(StatusCode::CREATED, &agent))
}

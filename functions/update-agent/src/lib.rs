//! `PATCH /api/v1/agents/{id}`: `{"name"?, "role"?, "skills"?}`. Admins only.

use helpdesk_domain::people::{parse_name, parse_skills, require_admin};
use helpdesk_domain::{DomainError, FieldError, Role, UserId};
use helpdesk_platform::http::{json, json_body, respond};
use helpdesk_platform::{Problem, auth};
use helpdesk_store::Table;
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, RequestExt, Response};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateAgentRequest {
    pub name: Option<String>,
    pub role: Option<Role>,
    pub skills: Option<Vec<String>>,
}

pub async fn handle(table: &Table, req: Request) -> Response<Body> {
    respond(update(table, req).await)
}

async fn update(table: &Table, req: Request) -> Result<Response<Body>, Problem> {
    let caller = auth::caller(&req)?;
    require_admin(&caller)?;
    let body: UpdateAgentRequest = json_body(&req)?;
    let raw = req
        .path_parameters_ref()
        .and_then(|p| p.first("id"))
        .unwrap_or_default();
    let id = UserId::parse(raw).map_err(|_| Problem::not_found("agent"))?;
    let mut agent = table
        .get_agent(&caller.org_id, &id)
        .await?
        .ok_or_else(|| Problem::not_found("agent"))?;
    if let Some(n) = body.name {
        agent.name = parse_name(&n)?;
    }
    if let Some(role) = body.role {
        if !role.is_staff() {
            return Err(
                DomainError::Validation(vec![FieldError::new("role", "agents are admin, manager or agent")]).into(),
            );
        }
        agent.role = role;
    }
    if let Some(skills) = body.skills {
        let mut errors = Vec::new();
        agent.skills = parse_skills(&skills, &mut errors);
        if !errors.is_empty() {
            return Err(DomainError::Validation(errors).into());
        }
    }
    table.put_agent(&agent, false).await?;
    Ok(json(StatusCode::OK, &agent))
}

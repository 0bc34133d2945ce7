//! `PATCH /api/v1/teams/{id}`: `{"name"?, "members"?}`. Admins only.

use helpdesk_domain::DomainError;
use helpdesk_domain::TeamId;
use helpdesk_domain::people::{parse_members, parse_name, require_admin};
use helpdesk_platform::http::{json, json_body, respond};
use helpdesk_platform::{Problem, auth};
use helpdesk_store::Table;
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, RequestExt, Response};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateTeamRequest {
    pub name: Option<String>,
    pub members: Option<Vec<String>>,
}

pub async fn handle(table: &Table, req: Request) -> Response<Body> {
    respond(update(table, req).await)
}

async fn update(table: &Table, req: Request) -> Result<Response<Body>, Problem> {
    let caller = auth::caller(&req)?;
    require_admin(&caller)?;
    let body: UpdateTeamRequest = json_body(&req)?;
    let raw = req
        .path_parameters_ref()
        .and_then(|p| p.first("id"))
        .unwrap_or_default();
    let id = TeamId::parse(raw).map_err(|_| Problem::not_found("team"))?;
    let mut team = table
        .get_team(&caller.org_id, &id)
        .await?
        .ok_or_else(|| Problem::not_found("team"))?;
    if let Some(n) = body.name {
        team.name = parse_name(&n)?;
    }
    if let Some(members) = body.members {
        let mut errors = Vec::new();
        team.members = parse_members(&members, &mut errors);
        if !errors.is_empty() {
            return Err(DomainError::Validation(errors).into());
        }
        if table
            .first_unknown_agent(&caller.org_id, &team.members)
            .await?
            .is_some()
        {
            return Err(Problem::not_found("agent"));
        }
    }
    table.put_team(&team, false).await?;
    Ok(json(StatusCode::OK, &team))
}

//! `POST /api/v1/teams`: `{"id", "name", "members"?}` → 201. Admins only. Members must be
//! agents of the org.

use helpdesk_domain::people::{parse_team, require_admin};
use helpdesk_platform::http::{json, json_body, respond};
use helpdesk_platform::{Problem, auth};
use helpdesk_store::Table;
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateTeamRequest {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub members: Vec<String>,
}

pub async fn handle(table: &Table, req: Request) -> Response<Body> {
    respond(create(table, req).await)
}

async fn create(table: &Table, req: Request) -> Result<Response<Body>, Problem> {
    let caller = auth::caller(&req)?;
    require_admin(&caller)?;
    let body: CreateTeamRequest = json_body(&req)?;
    let team = parse_team(&body.id, &body.name, &body.members, &caller.org_id)?;
    if table
        .first_unknown_agent(&caller.org_id, &team.members)
        .await?
        .is_some()
    {
        return Err(Problem::not_found("agent"));
    }
    table.put_team(&team, true).await?;
    Ok(json(StatusCode::CREATED, &team))
}

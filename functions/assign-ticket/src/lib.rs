//! `PUT /api/v1/tickets/{id}/assign`: `{"assignee_id": "..." | null, "team_id": "..." | null}`
//! (absent keeps). Agents take tickets for themselves; managers and admins assign anyone.
//! The agent and the team must exist in the caller's org (404 otherwise, checked in the
//! same transaction). Honours `If-Match`. Emits `TicketAssigned`.

use helpdesk_domain::lifecycle::{Assignment, Command};
use helpdesk_domain::{TeamId, UserId};
use helpdesk_platform::http::{json_body, respond};
use helpdesk_platform::tickets::{applied_response, apply, if_match, ticket_id};
use helpdesk_platform::{Problem, auth};
use helpdesk_store::Table;
use helpdesk_store::changes::MustExist;
use lambda_http::{Body, Request, Response};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssignRequest {
    #[serde(default, deserialize_with = "helpdesk_platform::http::present")]
    pub assignee_id: Option<Option<String>>,
    #[serde(default, deserialize_with = "helpdesk_platform::http::present")]
    pub team_id: Option<Option<String>>,
}

pub async fn handle(table: &Table, req: Request) -> Response<Body> {
    respond(assign(table, req).await)
}

async fn assign(table: &Table, req: Request) -> Result<Response<Body>, Problem> {
    let caller = auth::caller(&req)?;
    let body: AssignRequest = json_body(&req)?;
    if body.assignee_id.is_none() && body.team_id.is_none() {
        return Err(Problem::bad_request("give assignee_id and/or team_id"));
    }
    let assignee = match body.assignee_id {
        Some(Some(a)) => Some(Some(UserId::parse(&a).map_err(|_| Problem::not_found("agent"))?)),
        Some(None) => Some(None),
        None => None,
    };
    let team = match body.team_id {
        Some(Some(t)) => Some(Some(TeamId::parse(&t).map_err(|_| Problem::not_found("team"))?)),
        Some(None) => Some(None),
        None => None,
    };
    let mut must_exist = Vec::new();
    if let Some(Some(a)) = &assignee {
        must_exist.push(MustExist::Agent(a.clone()));
    }
    if let Some(Some(t)) = &team {
        must_exist.push(MustExist::Team(t.clone()));
    }
    let assignment = Assignment { assignee, team };
    let id = ticket_id(table, &caller, &req).await?;
    let applied = apply(
        table,
        &caller,
        id,
        if_match(&req)?,
        |_| Ok(Command::Assign(assignment.clone())),
        &must_exist,
    )
    .await?;
    Ok(applied_response(&applied, &caller))
}

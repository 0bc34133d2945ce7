//! `PATCH /api/v1/tickets/{id}`: edits subject, priority, category, tags and custom
//! fields. Staff only; honours `If-Match`. Emits `TicketUpdated` with what changed.

use std::collections::BTreeMap;

use helpdesk_domain::Priority;
use helpdesk_domain::lifecycle::{Command, PatchInput, TicketPatch};
use helpdesk_platform::http::{json_body, respond};
use helpdesk_platform::tickets::{applied_response, apply, if_match, ticket_id};
use helpdesk_platform::{Problem, auth};
use helpdesk_store::Table;
use lambda_http::{Body, Request, Response};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PatchTicketRequest {
    pub subject: Option<String>,
    pub priority: Option<Priority>,
    /// `null` clears the category; absent keeps it.
    #[serde(default, deserialize_with = "helpdesk_platform::http::present")]
    pub category: Option<Option<String>>,
    pub tags: Option<Vec<String>>,
    pub custom_fields: Option<BTreeMap<String, String>>,
}

pub async fn handle(table: &Table, req: Request) -> Response<Body> {
    respond(patch(table, req).await)
}

async fn patch(table: &Table, req: Request) -> Result<Response<Body>, Problem> {
    let caller = auth::caller(&req)?;
    let body: PatchTicketRequest = json_body(&req)?;
    let patch = TicketPatch::parse(PatchInput {
        subject: body.subject,
        priority: body.priority,
        category: body.category,
        tags: body.tags,
        custom_fields: body.custom_fields,
    })?;
    let id = ticket_id(table, &caller, &req).await?;
    let applied = apply(
        table,
        &caller,
        id,
        if_match(&req)?,
        |_| Ok(Command::Edit(patch.clone())),
        &[],
    )
    .await?;
    Ok(applied_response(&applied, &caller))
}

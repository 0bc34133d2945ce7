//! `GET /api/v1/business-hours`: the org's business hours (office hours in UTC until an
//! admin sets them). Staff only.

use helpdesk_domain::people::require_staff;
use helpdesk_domain::sla::BusinessHours;
use helpdesk_platform::http::{json, respond};
use helpdesk_platform::{Problem, auth};
use helpdesk_store::Table;
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};

pub async fn handle(table: &Table, req: Request) -> Response<Body> {
    respond(get(table, req).await)
}

async fn get(table: &Table, req: Request) -> Result<Response<Body>, Problem> {
    let caller = auth::caller(&req)?;
    require_staff(&caller)?;
    let settings = table.sla_settings(&caller.org_id).await?;
    Ok(json(
        StatusCode::OK,
        &settings.business_hours.unwrap_or_else(|| BusinessHours::office("UTC")),
    ))
}

//! `PUT /api/v1/business-hours`: `{"time_zone", "week": {"monday": [{"start", "end"}], …},
//! "holidays": ["YYYY-MM-DD"]}` replaces the org's business hours. Admins only. The
//! time zone must be an IANA name; periods are `HH:MM` and may run past midnight.

use helpdesk_domain::people::require_admin;
use helpdesk_domain::sla::BusinessHours;
use helpdesk_platform::http::{json, json_body, respond};
use helpdesk_platform::{Problem, auth};
use helpdesk_store::Table;
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};

pub async fn handle(table: &Table, req: Request) -> Response<Body> {
    respond(put(table, req).await)
}

async fn put(table: &Table, req: Request) -> Result<Response<Body>, Problem> {
    let caller = auth::caller(&req)?;
    require_admin(&caller)?;
    let hours: BusinessHours = json_body(&req)?;
    hours.schedule()?;
    table.put_business_hours(&caller.org_id, &hours).await?;
    Ok(json(StatusCode::OK, &hours))
}

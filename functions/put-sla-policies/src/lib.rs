//! `PUT /api/v1/sla-policies`: `{"policies": [{"priority", "first_response_minutes"?,
//! "next_response_minutes"?, "resolution_minutes"?, "business_hours"?, "warn_at_percent"?,
//! "pause_on"?}]}` replaces the org's policies. Admins only. Tickets are re-planned on
//! their next event.

use helpdesk_domain::people::require_admin;
use helpdesk_domain::sla::SlaPolicies;
use helpdesk_platform::http::{json, json_body, respond};
use helpdesk_platform::{Problem, auth};
use helpdesk_store::Table;
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};

/// The request body is the policies document itself.
pub type PutSlaPoliciesRequest = SlaPolicies;

pub async fn handle(table: &Table, req: Request) -> Response<Body> {
    respond(put(table, req).await)
}

async fn put(table: &Table, req: Request) -> Result<Response<Body>, Problem> {
    let caller = auth::caller(&req)?;
    require_admin(&caller)?;
    let policies: SlaPolicies = json_body(&req)?;
    policies.validate()?;
    table.put_sla_policies(&caller.org_id, &policies).await?;
    Ok(json(StatusCode::OK, &policies))
}

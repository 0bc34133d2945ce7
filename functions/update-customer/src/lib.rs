//! `PATCH /api/v1/customers/{id}`: `{"name"?, "email"?}`. Staff only. A new email is
//! claimed in the same transaction that releases the old one (409 when taken).

use helpdesk_domain::UserId;
use helpdesk_domain::people::{CustomerChange, require_staff};
use helpdesk_platform::http::{json, json_body, respond};
use helpdesk_platform::{Problem, auth};
use helpdesk_store::Table;
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, RequestExt, Response};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateCustomerRequest {
    pub name: Option<String>,
    pub email: Option<String>,
}

pub async fn handle(table: &Table, req: Request) -> Response<Body> {
    respond(update(table, req).await)
}

async fn update(table: &Table, req: Request) -> Result<Response<Body>, Problem> {
    let caller = auth::caller(&req)?;
    require_staff(&caller)?;
    let body: UpdateCustomerRequest = json_body(&req)?;
    let change = CustomerChange::parse(body.name.as_deref(), body.email.as_deref())?;
    let raw = req
        .path_parameters_ref()
        .and_then(|p| p.first("id"))
        .unwrap_or_default();
    let id = UserId::parse(raw).map_err(|_| Problem::not_found("customer"))?;
    let current = table
        .get_customer(&caller.org_id, &id)
        .await?
        .ok_or_else(|| Problem::not_found("customer"))?;
    let mut updated = current.clone();
    if let Some(n) = change.name {
        updated.name = n;
    }
    if let Some(e) = change.email {
        updated.email = e;
    }
    if updated != current {
        table.update_customer(&current, &updated).await?;
    }
    Ok(json(StatusCode::OK, &updated))
}

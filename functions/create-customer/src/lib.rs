//! `POST /api/v1/customers`: `{"name", "email"}` → 201 the customer. Staff only. The id
//! is the one the email gives in this org, so a customer created here and one who
//! writes in first by email are the same person. 409 when the email is taken.

use helpdesk_domain::ids::customer_id_for_email;
use helpdesk_domain::people::{Customer, CustomerChange, require_staff, stamp};
use helpdesk_platform::http::{json, json_body, respond};
use helpdesk_platform::{Problem, auth};
use helpdesk_store::Table;
use lambda_http::http::{StatusCode, header};
use lambda_http::{Body, Request, Response};
use serde::Deserialize;
use time::OffsetDateTime;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateCustomerRequest {
    pub name: String,
    pub email: String,
}

pub async fn handle(table: &Table, req: Request) -> Response<Body> {
    respond(create(table, req).await)
}

async fn create(table: &Table, req: Request) -> Result<Response<Body>, Problem> {
    let caller = auth::caller(&req)?;
    require_staff(&caller)?;
    let body: CreateCustomerRequest = json_body(&req)?;
    let (name, email) = CustomerChange::new_customer(&body.name, &body.email)?;
    let customer = Customer {
        id: customer_id_for_email(&caller.org_id, &email),
        org_id: caller.org_id.clone(),
        email,
        name,
        created_at: stamp(OffsetDateTime::now_utc()),
    };
    let customer = table.create_customer(&customer).await?;
    let mut resp = json(StatusCode::CREATED, &customer);
    if let Ok(v) = format!("/api/v1/customers/{}", customer.id).parse() {
        resp.headers_mut().insert(header::LOCATION, v);
    }
    Ok(resp)
}

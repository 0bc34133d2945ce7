//! `/api/v1/sla-policies`, `/api/v1/business-hours`, `/api/v1/mail-templates`.

use helpdesk_app::settings as uc;
use helpdesk_domain::hours::BusinessHours;
use helpdesk_domain::mail::MailTemplates;
#[cfg(feature = "openapi")]
use helpdesk_domain::mail::MailTemplatesView;
use helpdesk_domain::sla::SlaPolicies;
#[cfg(feature = "openapi")]
use helpdesk_platform::Problem;
use helpdesk_platform::auth;
use helpdesk_platform::http::{json, json_body, respond};
use helpdesk_store::Table;
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};

/// The org's SLA policies. Staff only.
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/api/v1/sla-policies", tag = "sla",
    responses((status = 200, body = SlaPolicies), (status = 403, body = Problem))))]
pub async fn get_sla_policies(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            Ok(json(StatusCode::OK, &uc::sla_policies(table, &caller).await?))
        }
        .await,
    )
}

/// Replace the org's SLA policies (one per priority, targets in minutes). Admins only.
#[cfg_attr(feature = "openapi", utoipa::path(put, path = "/api/v1/sla-policies", tag = "sla",
    request_body = SlaPolicies,
    responses((status = 200, body = SlaPolicies), (status = 403, body = Problem))))]
pub async fn put_sla_policies(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let policies: SlaPolicies = json_body(&req)?;
            Ok(json(
                StatusCode::OK,
                &uc::put_sla_policies(table, &caller, policies).await?,
            ))
        }
        .await,
    )
}

/// The org's business hours. Staff only.
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/api/v1/business-hours", tag = "sla",
    responses((status = 200, body = BusinessHours), (status = 403, body = Problem))))]
pub async fn get_business_hours(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            Ok(json(StatusCode::OK, &uc::business_hours(table, &caller).await?))
        }
        .await,
    )
}

/// Replace the org's business hours (IANA time zone, periods per weekday, holidays). Admins only.
#[cfg_attr(feature = "openapi", utoipa::path(put, path = "/api/v1/business-hours", tag = "sla",
    request_body = BusinessHours,
    responses((status = 200, body = BusinessHours), (status = 403, body = Problem))))]
pub async fn put_business_hours(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let hours: BusinessHours = json_body(&req)?;
            Ok(json(
                StatusCode::OK,
                &uc::put_business_hours(table, &caller, hours).await?,
            ))
        }
        .await,
    )
}

/// The mail wording in force per kind (the org's overrides, else the defaults), which
/// kinds are customised, and each kind's template variables. Staff.
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/api/v1/mail-templates", tag = "mail",
    responses((status = 200, body = MailTemplatesView), (status = 403, body = Problem))))]
pub async fn get_mail_templates(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            Ok(json(StatusCode::OK, &uc::mail_templates(table, &caller).await?))
        }
        .await,
    )
}

/// Replace the org's overrides (MiniJinja `{{ variable }}` templates; a kind left out uses
/// the default). Each must render with only its kind's variables. Admins only.
#[cfg_attr(feature = "openapi", utoipa::path(put, path = "/api/v1/mail-templates", tag = "mail",
    request_body = MailTemplates,
    responses((status = 200, body = MailTemplatesView), (status = 403, body = Problem),
        (status = 404, body = Problem, description = "the org has no profile"))))]
pub async fn put_mail_templates(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let templates: MailTemplates = json_body(&req)?;
            Ok(json(
                StatusCode::OK,
                &uc::put_mail_templates(table, &caller, templates).await?,
            ))
        }
        .await,
    )
}

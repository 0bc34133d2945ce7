//! `PUT /api/v1/mail-templates`: replaces the org's overrides (a kind left out goes
//! back to the default). Each template must render with only its kind's variables, so
//! a typo is refused here (400, with the field) rather than mailed. Admins.

use helpdesk_domain::mail::{MailTemplates, MailTemplatesView};
use helpdesk_domain::people::require_admin;
use helpdesk_mail::templates::{check, default_template};
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
    let templates: MailTemplates = json_body(&req)?;
    check(&templates)?;
    table.put_mail_templates(&caller.org_id, &templates).await?;
    Ok(json(
        StatusCode::OK,
        &MailTemplatesView::new(&templates, default_template),
    ))
}

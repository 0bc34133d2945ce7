//! `GET /api/v1/mail-templates`: the wording of every mail kind in force for the org
//! (its overrides, else the defaults), which kinds it customised, and each kind's
//! variables. Staff.

use helpdesk_domain::mail::MailTemplatesView;
use helpdesk_domain::people::require_staff;
use helpdesk_mail::templates::default_template;
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
    let org = table.org_mail(&caller.org_id).await?.unwrap_or_default();
    Ok(json(
        StatusCode::OK,
        &MailTemplatesView::new(&org.mail_templates, default_template),
    ))
}

//! `/api/v1/notifications…`: the caller's in-app notifications.

use helpdesk_app::notifications as uc;
#[cfg(feature = "openapi")]
use helpdesk_domain::people::Notification;
use helpdesk_platform::http::{json, path, query, respond};
use helpdesk_platform::{Problem, auth};
use helpdesk_store::Table;
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};

use crate::wire::{self, Items};

/// The caller's latest in-app notifications, newest first. Staff only.
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/api/v1/notifications", tag = "notifications",
    params(("unread" = Option<bool>, Query, description = "only unread ones")),
    responses((status = 200, body = Items<Notification>), (status = 403, body = Problem))))]
pub async fn list_notifications(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let unread = match query(&req, "unread").as_deref() {
                None | Some("false") => false,
                Some("true") => true,
                Some(_) => return Err(Problem::bad_request("unread is true or false")),
            };
            let items = uc::list(table, &caller, unread).await?;
            Ok(json(StatusCode::OK, &Items { items }))
        }
        .await,
    )
}

/// Mark one of the caller's notifications read.
#[cfg_attr(feature = "openapi", utoipa::path(post, path = "/api/v1/notifications/{id}/read", tag = "notifications",
    params(("id" = String, Path)),
    responses((status = 204, description = "Read"), (status = 403, body = Problem), (status = 404, body = Problem))))]
pub async fn read_notification(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            uc::read(table, &caller, path(&req, "id")).await?;
            Ok(wire::no_content())
        }
        .await,
    )
}

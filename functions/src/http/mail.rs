//! `/api/v1/quarantine` and the inbound-mail webhook.

use helpdesk_app::inbound::{self as uc, WEBHOOK_BODY_MAX};
use helpdesk_inbound::webhook;
use helpdesk_platform::http::{header, json, respond};
use helpdesk_platform::{Problem, auth};
use helpdesk_store::Table;
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use time::OffsetDateTime;

use crate::deps::Webhook;
use crate::wire::{Deliveries, Items, QuarantineEntry};

/// Inbound mail kept aside instead of ticketed (virus, DMARC failing under an enforcing
/// policy, SPF and DKIM both failing, bounces), newest first. Admins.
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/api/v1/quarantine", tag = "mail",
    responses((status = 200, body = Items<QuarantineEntry>), (status = 403, body = Problem))))]
pub async fn list_quarantine(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let items = uc::quarantined(table, &caller).await?;
            let items: Vec<QuarantineEntry> = items.into_iter().map(Into::into).collect();
            Ok(json(StatusCode::OK, &Items { items }))
        }
        .await,
    )
}

fn unauthorized(why: webhook::Refused) -> Problem {
    let mut p = Problem::unauthorized();
    p.detail = Some(why.detail().to_owned());
    p
}

/// Raw MIME from a mail provider (`content-type: message/rfc822`), through the same
/// pipeline as SES mail. No token: `X-Helpdesk-Signature: t=<unix>,v1=<hex HMAC-SHA256
/// of "<t>.<body>">` with the webhook secret, at most five minutes old. Recipients from
/// `X-Helpdesk-Recipients` (comma-separated), else the message's To and Cc.
#[cfg_attr(feature = "openapi", utoipa::path(post, path = "/api/v1/webhooks/inbound-email", tag = "mail", security(()),
    request_body(content = String, content_type = "message/rfc822"),
    params(("X-Helpdesk-Signature" = String, Header), ("X-Helpdesk-Recipients" = Option<String>, Header)),
    responses((status = 202, body = Deliveries), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 413, body = Problem), (status = 415, body = Problem))))]
pub async fn inbound_email_webhook(deps: &Webhook, req: Request) -> Response<Body> {
    respond(
        async {
            let body: &[u8] = req.body().as_ref();
            webhook::verify(
                deps.secret.as_bytes(),
                header(&req, "x-helpdesk-signature"),
                body,
                OffsetDateTime::now_utc().unix_timestamp(),
            )
            .map_err(unauthorized)?;
            let content_type = header(&req, "content-type").unwrap_or_default().to_ascii_lowercase();
            if !content_type.starts_with("message/rfc822") {
                return Err(Problem::unsupported_media_type());
            }
            if body.len() > WEBHOOK_BODY_MAX {
                return Err(Problem::payload_too_large(WEBHOOK_BODY_MAX));
            }
            let recipients = header(&req, "x-helpdesk-recipients").map(|list| {
                list.split(',')
                    .map(|r| r.trim().to_owned())
                    .filter(|r| !r.is_empty())
                    .collect()
            });
            let deliveries = uc::receive_webhook(&deps.mailroom, body, recipients).await?;
            let deliveries = deliveries.into_iter().map(Into::into).collect();
            Ok(json(StatusCode::ACCEPTED, &Deliveries { deliveries }))
        }
        .await,
    )
}

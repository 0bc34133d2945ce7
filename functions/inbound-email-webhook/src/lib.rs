//! `POST /api/v1/webhooks/inbound-email`: for mail providers that POST raw MIME
//! (`content-type: message/rfc822`) instead of SES. The same pipeline as SES mail
//! ([`inbound_email::deliver`]), without receipt verdicts.
//!
//! Authenticated by `X-Helpdesk-Signature: t=<unix seconds>,v1=<hex>`, where `v1` is
//! HMAC-SHA256 over `<t>.<body>` with the webhook secret; a signature older or newer
//! than five minutes is refused, so a captured request cannot be replayed later (and a
//! replay within the window is a duplicate Message-ID: nothing is added twice).
//! Envelope recipients come from `X-Helpdesk-Recipients` (comma-separated), else from
//! the message's `To` and `Cc`. Answers 202 with what became of the message per org.

use helpdesk_platform::Problem;
use helpdesk_platform::http::{json, respond};
use hmac::{Hmac, Mac};
use inbound_email::{Deps, Incoming};
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

/// How far a signature's time may be from ours.
pub const TOLERANCE_SECS: i64 = 300;
/// The largest message accepted (API Gateway's payload limit).
pub const BODY_MAX: usize = 10 << 20;

pub async fn handle(deps: &Deps, secret: &[u8], req: Request) -> Response<Body> {
    respond(receive(deps, secret, req).await)
}

/// `t=<unix>,v1=<hex>` for `body` at `t`: what a provider (or a test) sends.
pub fn sign(secret: &[u8], t: i64, body: &[u8]) -> String {
    format!("t={t},v1={}", hex(&mac(secret, t, body)))
}

fn mac(secret: &[u8], t: i64, body: &[u8]) -> Vec<u8> {
    let Ok(mut m) = Hmac::<Sha256>::new_from_slice(secret) else {
        return Vec::new();
    };
    m.update(format!("{t}.").as_bytes());
    m.update(body);
    m.finalize().into_bytes().to_vec()
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|b| format!("{b:02x}")).collect()
}

fn verify(secret: &[u8], header: Option<&str>, body: &[u8], now: i64) -> Result<(), Problem> {
    let header = header.ok_or_else(|| unauthorized("the X-Helpdesk-Signature header is missing"))?;
    let mut t = None;
    let mut v1 = None;
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", v)) => t = v.parse::<i64>().ok(),
            Some(("v1", v)) => v1 = Some(v.to_owned()),
            _ => {}
        }
    }
    let (Some(t), Some(v1)) = (t, v1) else {
        return Err(unauthorized("the signature must read t=<unix seconds>,v1=<hex>"));
    };
    if (now - t).abs() > TOLERANCE_SECS {
        return Err(unauthorized("the signature is stale (more than five minutes off)"));
    }
    let given: Vec<u8> = (0..v1.len() / 2)
        .filter_map(|i| u8::from_str_radix(v1.get(2 * i..2 * i + 2)?, 16).ok())
        .collect();
    // Constant-time comparison through the MAC itself.
    let Ok(mut m) = Hmac::<Sha256>::new_from_slice(secret) else {
        return Err(unauthorized("the signature does not match"));
    };
    m.update(format!("{t}.").as_bytes());
    m.update(body);
    m.verify_slice(&given)
        .map_err(|_| unauthorized("the signature does not match"))
}

fn unauthorized(detail: &str) -> Problem {
    let mut p = Problem::unauthorized();
    p.detail = Some(detail.to_owned());
    p
}

async fn receive(deps: &Deps, secret: &[u8], req: Request) -> Result<Response<Body>, Problem> {
    let body: &[u8] = req.body().as_ref();
    let header = |name: &str| req.headers().get(name).and_then(|v| v.to_str().ok());
    verify(
        secret,
        header("x-helpdesk-signature"),
        body,
        OffsetDateTime::now_utc().unix_timestamp(),
    )?;
    let content_type = header("content-type").unwrap_or_default().to_ascii_lowercase();
    if !content_type.starts_with("message/rfc822") {
        return Err(Problem::unsupported_media_type());
    }
    if body.is_empty() {
        return Err(Problem::bad_request("the body must be a raw MIME message"));
    }
    if body.len() > BODY_MAX {
        return Err(Problem::payload_too_large(BODY_MAX));
    }
    let recipients: Vec<String> = match header("x-helpdesk-recipients") {
        Some(list) => list
            .split(',')
            .map(|r| r.trim().to_owned())
            .filter(|r| !r.is_empty())
            .collect(),
        None => match helpdesk_inbound::parse(body, &deps.limits, &deps.signer.domain) {
            Ok(m) => m.to.iter().chain(&m.cc).map(|r| r.email.as_str().to_owned()).collect(),
            Err(_) => return Err(Problem::bad_request("the body is not an email message")),
        },
    };
    let digest = hex(&Sha256::digest(body)[..16]);
    let raw_key = format!("webhook/{digest}");
    deps.s3
        .put_object()
        .bucket(&deps.inbound_bucket)
        .key(&raw_key)
        .content_type("message/rfc822")
        .body(body.to_vec().into())
        .send()
        .await
        .map_err(|e| Problem::internal(&e))?;
    let incoming = Incoming {
        id: format!("wh-{digest}"),
        raw_key,
        raw: body.to_vec(),
        verdicts: helpdesk_inbound::Verdicts::default(),
        recipients,
    };
    let deliveries = inbound_email::deliver(deps, &incoming)
        .await
        .map_err(|e| Problem::internal(e.as_ref()))?;
    Ok(json(
        StatusCode::ACCEPTED,
        &serde_json::json!({ "deliveries": deliveries }),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_hold_only_for_their_body_secret_and_time() {
        let body = b"From: a@b.test\r\n\r\nhi";
        let now = 1_800_000_000;
        let sig = sign(b"s3cret", now, body);
        assert!(verify(b"s3cret", Some(&sig), body, now + 10).is_ok());
        assert!(verify(b"other", Some(&sig), body, now).is_err());
        assert!(verify(b"s3cret", Some(&sig), b"From: x@y.test\r\n\r\nhi", now).is_err());
        assert!(verify(b"s3cret", Some(&sig), body, now + TOLERANCE_SECS + 1).is_err());
        assert!(verify(b"s3cret", None, body, now).is_err());
        assert!(verify(b"s3cret", Some("v1=00"), body, now).is_err());
    }
}

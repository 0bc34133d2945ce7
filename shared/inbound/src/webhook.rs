//! The inbound-mail webhook's signature, for providers that POST raw MIME instead of
//! SES: `X-Helpdesk-Signature: t=<unix seconds>,v1=<hex>`, where `v1` is HMAC-SHA256
//! over `<t>.<body>` with the webhook secret. A signature more than five minutes from
//! now is refused, so a captured request cannot be replayed later (and a replay within
//! the window is a duplicate Message-ID: nothing is added twice).

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// How far a signature's time may be from ours.
pub const TOLERANCE_SECS: i64 = 300;

/// Why a signature was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    Missing,
    Malformed,
    Stale,
    Mismatch,
}

impl Refused {
    pub fn detail(self) -> &'static str {
        match self {
            Self::Missing => "the X-Helpdesk-Signature header is missing",
            Self::Malformed => "the signature must read t=<unix seconds>,v1=<hex>",
            Self::Stale => "the signature is stale (more than five minutes off)",
            Self::Mismatch => "the signature does not match",
        }
    }
}

fn mac(secret: &[u8], t: i64, body: &[u8]) -> Option<Hmac<Sha256>> {
    let mut m = Hmac::<Sha256>::new_from_slice(secret).ok()?;
    m.update(format!("{t}.").as_bytes());
    m.update(body);
    Some(m)
}

/// `t=<unix>,v1=<hex>` for `body` at `t`: what a provider (or a test) sends.
pub fn sign(secret: &[u8], t: i64, body: &[u8]) -> String {
    let hex: String = mac(secret, t, body)
        .map(|m| m.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect())
        .unwrap_or_default();
    format!("t={t},v1={hex}")
}

/// Checks a signature header for `body` at `now` (unix seconds).
pub fn verify(secret: &[u8], header: Option<&str>, body: &[u8], now: i64) -> Result<(), Refused> {
    let header = header.ok_or(Refused::Missing)?;
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
        return Err(Refused::Malformed);
    };
    if (now - t).abs() > TOLERANCE_SECS {
        return Err(Refused::Stale);
    }
    let given: Vec<u8> = (0..v1.len() / 2)
        .filter_map(|i| u8::from_str_radix(v1.get(2 * i..2 * i + 2)?, 16).ok())
        .collect();
    // Constant-time comparison through the MAC itself.
    mac(secret, t, body)
        .ok_or(Refused::Mismatch)?
        .verify_slice(&given)
        .map_err(|_| Refused::Mismatch)
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
        assert_eq!(verify(b"other", Some(&sig), body, now), Err(Refused::Mismatch));
        assert!(verify(b"s3cret", Some(&sig), b"From: x@y.test\r\n\r\nhi", now).is_err());
        assert_eq!(
            verify(b"s3cret", Some(&sig), body, now + TOLERANCE_SECS + 1),
            Err(Refused::Stale)
        );
        assert_eq!(verify(b"s3cret", None, body, now), Err(Refused::Missing));
        assert_eq!(verify(b"s3cret", Some("v1=00"), body, now), Err(Refused::Malformed));
    }
}

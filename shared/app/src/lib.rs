//! The use cases: every path from a request or an event to the domain's decision and
//! the store's write, in one place each.
//!
//! A function's handler extracts its input, calls one use case here and turns the
//! result into its response; a consumer does the same with an event. Here sit the
//! orchestration (read, decide, write, retry), the checks of who may do what (asked of
//! [`helpdesk_domain::access`]), and the plans carried out (notifications, SLA ticks,
//! inbound delivery). The rules themselves stay in `helpdesk_domain`; items, keys and
//! conditions in `helpdesk_store`.
//!
//! Each use case names the store capabilities it needs (`helpdesk_store::ports`), so a
//! read-only use case cannot write. Unit tests run every use case against
//! `helpdesk_store::memory::Memory`, with no AWS endpoint.
//!
//! Depends on: domain, store, blobs, mail, inbound, and platform (for [`Problem`] only).
//! Must not depend on the functions or on AWS SDKs directly.
//!
//! [`Problem`]: helpdesk_platform::Problem

pub mod attachments;
pub mod automations;
pub mod csat;
pub mod error;
pub mod inbound;
pub mod kb;
pub mod library;
pub mod notifications;
pub mod notify;
pub mod people;
pub mod reports;
pub mod retry;
pub mod router;
pub mod rules;
pub mod search;
pub mod settings;
pub mod sla;
pub mod tickets;

pub use error::AppError;

/// The result of a use case.
pub type AppResult<T> = Result<T, AppError>;

/// A `limit` parameter: `default` when absent, 400 outside 1 to `max`.
pub fn limit(raw: Option<&str>, default: u16, max: u16) -> AppResult<u16> {
    match raw.map(str::parse::<u16>) {
        None => Ok(default),
        Some(Ok(n)) if (1..=max).contains(&n) => Ok(n),
        Some(_) => Err(AppError::BadRequest(format!("limit must be 1 to {max}"))),
    }
}

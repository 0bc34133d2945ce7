//! What a use case can answer instead of its result, grouped by how a caller reacts,
//! and how each becomes a problem response.

use helpdesk_domain::DomainError;
use helpdesk_platform::Problem;
use helpdesk_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// A domain rule refused it: invalid input, a role, a state.
    #[error(transparent)]
    Rule(#[from] DomainError),
    /// Not there, or another tenant's (which looks the same).
    #[error("{0} not found")]
    NotFound(&'static str),
    /// A malformed request the domain has no rule for (a bad cursor, a bad id form).
    #[error("bad request: {0}")]
    BadRequest(String),
    /// `If-Match` named a version that is no longer current.
    #[error("the {0} changed since it was read")]
    Stale(&'static str),
    /// A reply to a ticket that changed since its author loaded it.
    #[error("the ticket changed since it was opened (now version {current_version})")]
    Collision { current_version: u64 },
    /// Someone else holds it (an email, an address, an id).
    #[error("conflict: {0}")]
    Conflict(&'static str),
    /// A link that expired (410).
    #[error("expired: {0}")]
    Expired(&'static str),
    /// It kept changing under us through every attempt of the retry policy.
    #[error("the {0} keeps changing")]
    Busy(&'static str),
    /// Throttled: worth retrying later.
    #[error("throttled")]
    Unavailable,
    #[error("internal error")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl AppError {
    /// A store error about `what`: a lost race (`Stale`, 412) or a write that kept
    /// meeting others (`Contended`) names it; the rest as [`From`] maps them.
    pub fn about(e: StoreError, what: &'static str) -> Self {
        match e {
            StoreError::Stale => Self::Stale(what),
            StoreError::Contended => Self::Busy(what),
            e => e.into(),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(what) => Self::NotFound(what),
            StoreError::Conflict(why) => Self::Conflict(why),
            StoreError::Duplicate => Self::Conflict("the message was delivered before"),
            StoreError::EmailTaken => Self::Conflict("this email belongs to another customer; name the customer by id"),
            // Any string is a cursor's shape; one that is not this list's is a rule.
            StoreError::InvalidCursor => Self::Rule(DomainError::unprocessable(
                "cursor",
                "the cursor is not valid for this list",
            )),
            StoreError::Stale => Self::Stale("ticket"),
            StoreError::Contended => Self::Busy("ticket"),
            StoreError::Throttled => Self::Unavailable,
            e @ (StoreError::Corrupt(_) | StoreError::Sdk(_)) => Self::Internal(Box::new(e)),
        }
    }
}

impl From<helpdesk_blobs::BlobError> for AppError {
    fn from(e: helpdesk_blobs::BlobError) -> Self {
        Self::Internal(Box::new(e))
    }
}

impl From<AppError> for Problem {
    fn from(e: AppError) -> Self {
        match e {
            AppError::Rule(rule) => rule.into(),
            AppError::NotFound(what) => Self::not_found(what),
            AppError::BadRequest(why) => Self::bad_request(why),
            AppError::Stale(what) => Self::precondition_failed(what),
            AppError::Collision { current_version } => Self::collision(current_version),
            AppError::Conflict(why) => Self::conflict(why),
            AppError::Expired(why) => Self::gone(why),
            AppError::Busy(what) => Self::conflict(format!("the {what} is changing too fast; try again")),
            AppError::Unavailable => Self::unavailable(),
            AppError::Internal(e) => Self::internal(e.as_ref()),
        }
    }
}

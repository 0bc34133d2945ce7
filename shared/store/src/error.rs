//! What can go wrong in the table, grouped by how a caller reacts.

use aws_sdk_dynamodb::error::SdkError;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The item is not there (or belongs to another org, which looks the same).
    #[error("{0} not found")]
    NotFound(&'static str),
    /// A condition failed: someone else changed or owns it.
    #[error("conflict: {0}")]
    Conflict(&'static str),
    /// A list cursor that is malformed, tampered with, or from another org or view.
    #[error("invalid cursor")]
    InvalidCursor,
    /// A customer named by email could not take the id the email gives: the email is
    /// claimed by another customer, or that id's customer moved to another email.
    #[error("the email belongs to another customer")]
    EmailTaken,
    /// The inbound message was stored before (same Message-ID in the org).
    #[error("the message was delivered before")]
    Duplicate,
    /// The item changed since it was read (its version moved on).
    #[error("stale: changed since it was read")]
    Stale,
    /// Another transaction wrote the same items at the same moment; retrying as is may
    /// succeed.
    #[error("contended: a concurrent write to the same items")]
    Contended,
    /// DynamoDB throttled us; retry later.
    #[error("throttled by DynamoDB")]
    Throttled,
    /// An item that does not map to our types: a bug or a manual edit.
    #[error("corrupt item: {0}")]
    Corrupt(String),
    #[error("DynamoDB request failed")]
    Sdk(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl StoreError {
    pub(crate) fn sdk<E, R>(e: SdkError<E, R>) -> Self
    where
        E: std::error::Error + Send + Sync + 'static + aws_sdk_dynamodb::error::ProvideErrorMetadata,
        R: std::fmt::Debug + Send + Sync + 'static,
    {
        let code = e.as_service_error().and_then(|s| s.code()).unwrap_or_default();
        if matches!(
            code,
            "ProvisionedThroughputExceededException" | "ThrottlingException" | "RequestLimitExceeded"
        ) {
            return Self::Throttled;
        }
        Self::Sdk(Box::new(e))
    }

    /// Whether retrying the same request may succeed.
    pub fn is_retryable(&self) -> bool {
        matches!(self, Self::Throttled | Self::Contended | Self::Sdk(_))
    }
}

/// Whether a write failed only because its condition did not hold (the one failure a
/// caller maps to its own meaning: already done, not found, stale, taken).
pub(crate) fn condition_failed<E, R>(e: &SdkError<E, R>) -> bool
where
    E: aws_sdk_dynamodb::error::ProvideErrorMetadata,
{
    e.as_service_error().and_then(|s| s.code()) == Some("ConditionalCheckFailedException")
}

impl From<serde_dynamo::Error> for StoreError {
    fn from(e: serde_dynamo::Error) -> Self {
        Self::Corrupt(e.to_string())
    }
}

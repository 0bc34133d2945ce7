//! Errors the domain reports. They say what the caller did wrong, never how we store it.

use serde::Serialize;

/// One invalid field, named as the client sent it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    /// The input does not have the shape the API documents (lengths, characters,
    /// formats: what a schema can say, see [`crate::input`]); every broken field is listed.
    #[error("invalid input: {}", .0.iter().map(|e| format!("{}: {}", e.field, e.message)).collect::<Vec<_>>().join("; "))]
    Validation(Vec<FieldError>),
    /// The input has the right shape but breaks a rule no schema can state: fields that
    /// exclude each other, a name that must exist (a time zone, a date), nothing to change.
    #[error("unprocessable: {}", .0.iter().map(|e| format!("{}: {}", e.field, e.message)).collect::<Vec<_>>().join("; "))]
    Unprocessable(Vec<FieldError>),
    /// The caller's role does not allow this.
    #[error("forbidden: {0}")]
    Forbidden(&'static str),
    /// The ticket's state does not allow this (e.g. it is closed).
    #[error("conflict: {0}")]
    Conflict(&'static str),
}

impl DomainError {
    pub fn field(field: &str, message: &str) -> Self {
        Self::Validation(vec![FieldError::new(field, message)])
    }

    pub fn unprocessable(field: &str, message: &str) -> Self {
        Self::Unprocessable(vec![FieldError::new(field, message)])
    }
}

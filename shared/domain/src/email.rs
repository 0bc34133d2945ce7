//! Email addresses as the helpdesk keeps them: trimmed, lower-cased, plausibly shaped.

use serde::{Deserialize, Serialize};

use crate::DomainError;

pub const EMAIL_MAX: usize = crate::input::EMAIL_MAX;

/// A normalised (trimmed, lower-cased) email address with a plausible shape.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String))]
pub struct Email(String);

impl Email {
    /// An address as the API takes it: exactly the shape [`crate::input::EMAIL`]
    /// documents, stored lower-cased.
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        if crate::input::email(s) {
            Ok(Self(s.to_ascii_lowercase()))
        } else {
            Err(DomainError::field("customer_email", "not a valid email address"))
        }
    }

    /// An address as mail headers carry it: trimmed, lower-cased, any script, without
    /// the characters that would break a header or a key.
    pub fn from_header(s: &str) -> Result<Self, DomainError> {
        let e = s.trim().to_lowercase();
        let valid = e.len() <= EMAIL_MAX
            && !e
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ',' | ';' | '"' | '#'))
            && matches!(e.split_once('@'), Some((local, domain)) if !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.') && !domain.contains('@'));
        if valid {
            Ok(Self(e))
        } else {
            Err(DomainError::field("email", "not a valid email address"))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}
/// Stored addresses came in through one of the parsers; reading them back is lenient.
impl TryFrom<String> for Email {
    type Error = DomainError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::from_header(&s)
    }
}
impl From<Email> for String {
    fn from(e: Email) -> Self {
        e.0
    }
}

//! Identifiers. Each is a newtype with a private field, so an id of one kind can never
//! be passed where another is expected, and every id that exists has been checked.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;
use std::str::FromStr;
use ulid::Ulid;

use crate::DomainError;

/// An organisation (tenant): 4 or 5 digits, e.g. `10001`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String))]
pub struct OrgId(String);

impl OrgId {
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let ok = (4..=5).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) && !s.starts_with('0');
        if ok {
            Ok(Self(s.to_owned()))
        } else {
            Err(DomainError::field("org_id", "must be 4 or 5 digits"))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for OrgId {
    type Error = DomainError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}
impl From<OrgId> for String {
    fn from(id: OrgId) -> Self {
        id.0
    }
}
impl fmt::Display for OrgId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Ids that are ULIDs: sortable by creation time, unguessable enough for URLs.
macro_rules! ulid_id {
    ($name:ident, $what:literal) => {
        #[doc = concat!("The id of ", $what, " (a ULID).")]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String))]
        pub struct $name(Ulid);

        impl $name {
            pub fn new() -> Self {
                Self(Ulid::new())
            }
            pub fn parse(s: &str) -> Result<Self, DomainError> {
                Ulid::from_str(s)
                    .map(Self)
                    .map_err(|_| DomainError::field("id", concat!("not a valid ", $what, " id")))
            }
        }
        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }
        impl TryFrom<String> for $name {
            type Error = DomainError;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                Self::parse(&s)
            }
        }
        impl From<$name> for String {
            fn from(id: $name) -> Self {
                id.0.to_string()
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    };
}

ulid_id!(TicketId, "ticket");
ulid_id!(InteractionId, "interaction");
ulid_id!(EventId, "event");
ulid_id!(ArticleId, "article");
ulid_id!(CategoryId, "category");
ulid_id!(AttachmentId, "attachment");
ulid_id!(RuleId, "rule");
ulid_id!(CannedId, "canned response");
ulid_id!(MacroId, "macro");

/// A user: an agent (admin, manager, agent) or a customer. Opaque text from the identity
/// provider (Cognito's `sub`, or a seeded id locally); limited to a safe alphabet because
/// it becomes part of table keys.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String))]
pub struct UserId(String);

impl UserId {
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let ok = (1..=64).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if ok {
            Ok(Self(s.to_owned()))
        } else {
            Err(DomainError::field("id", "not a valid user id"))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}
impl TryFrom<String> for UserId {
    type Error = DomainError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}
impl From<UserId> for String {
    fn from(id: UserId) -> Self {
        id.0
    }
}
impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A team: a short slug chosen by an admin, e.g. `billing`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String))]
pub struct TeamId(String);

impl TeamId {
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let ok = (1..=40).contains(&s.len())
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if ok {
            Ok(Self(s.to_owned()))
        } else {
            Err(DomainError::field(
                "team_id",
                "1 to 40 lower-case letters, digits or '-'",
            ))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}
impl TryFrom<String> for TeamId {
    type Error = DomainError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}
impl From<TeamId> for String {
    fn from(id: TeamId) -> Self {
        id.0
    }
}
impl fmt::Display for TeamId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A customer is a user too; customers who write in before they have an account get an
/// id derived from their email within the org, so two mails from a new address at the
/// same moment still name one customer.
pub type CustomerId = UserId;

/// The id a new customer gets from their (normalised) email address in an org.
pub fn customer_id_for_email(org: &OrgId, email: &crate::email::Email) -> CustomerId {
    let digest = Sha256::digest(format!("{}\n{}", org.as_str(), email.as_str()).as_bytes());
    let hex: String = digest.iter().take(12).map(|b| format!("{b:02x}")).collect();
    UserId(format!("c-{hex}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn org_ids_are_four_or_five_digits() {
        assert!(OrgId::parse("10001").is_ok());
        assert!(OrgId::parse("1234").is_ok());
        for bad in ["123", "123456", "1000a", "", "01234", "ORG#1"] {
            assert!(OrgId::parse(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn user_ids_cannot_smuggle_key_separators() {
        assert!(UserId::parse("agent-1").is_ok());
        assert!(UserId::parse("a#b").is_err());
        assert!(UserId::parse("").is_err());
    }

    #[test]
    fn customer_ids_from_email_are_stable_per_org() {
        let a = OrgId::parse("10001").unwrap();
        let b = OrgId::parse("10002").unwrap();
        let e = crate::email::Email::parse("Jo@Example.com").unwrap();
        assert_eq!(customer_id_for_email(&a, &e), customer_id_for_email(&a, &e));
        assert_ne!(customer_id_for_email(&a, &e), customer_id_for_email(&b, &e));
    }
}

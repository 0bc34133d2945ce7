//! Canned responses, and who sees and changes what agents share (macros share the same
//! rules, [`Sharing`]).
//!
//! A canned response is a MiniJinja body (rendered by `helpdesk_mail::canned`) with the
//! ticket's, customer's, agent's and org's values, fallbacks (`| default("there")`) and
//! prompts the agent answers before sending (`ask("order number")`).

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::access::require_manager;
use crate::{Caller, CannedId, DomainError, FieldError, Role, TeamId, UserId};

pub const TITLE_MAX: usize = 100;
pub const FOLDER_MAX: usize = 60;
/// Per org: enough for a large team's library, small enough to list in one read.
pub const CANNED_MAX: usize = 1000;
/// A prompt's label, and how many one body asks.
pub const ASK_MAX: usize = 60;
pub const ASKS_MAX: usize = 10;
pub const ANSWER_MAX: usize = 1000;

/// Who sees a canned response or a macro.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Shared {
    /// Every agent of the org.
    Org,
    /// The members of `team_id` (and managers and admins, who look after them).
    Team,
    /// Only its author.
    #[default]
    Personal,
}

/// How an item is shared and by whom: the one place its visibility is decided.
#[derive(Debug, Clone, Copy)]
pub struct Sharing<'a> {
    pub shared: Shared,
    pub team_id: Option<&'a TeamId>,
    pub author_id: &'a UserId,
}

impl Sharing<'_> {
    /// Whether `caller` (a member of `teams`) sees it. A personal item is its author's
    /// only, whatever the caller's role.
    pub fn visible_to(&self, caller: &Caller, teams: &[TeamId]) -> bool {
        if !caller.is_staff() {
            return false;
        }
        match self.shared {
            Shared::Org => true,
            Shared::Team => caller.role >= Role::Manager || self.team_id.is_some_and(|t| teams.contains(t)),
            Shared::Personal => self.author_id == &caller.user_id,
        }
    }

    /// Whether `caller` may edit or delete it: its author a personal one; managers and
    /// admins what is shared.
    pub fn changeable_by(&self, caller: &Caller) -> bool {
        match self.shared {
            Shared::Personal => self.author_id == &caller.user_id && caller.is_staff(),
            Shared::Org | Shared::Team => caller.role >= Role::Manager,
        }
    }
}

/// Checks who may share this way: every agent keeps personal items, managers and
/// admins share with a team or the org; a team share names its team, others none.
pub fn check_sharing(caller: &Caller, shared: Shared, team_id: Option<&TeamId>) -> Result<(), DomainError> {
    crate::access::require_staff(caller, "only staff keep canned responses and macros")?;
    if shared != Shared::Personal {
        require_manager(caller, "only managers and admins share with a team or the org")?;
    }
    match (shared, team_id) {
        (Shared::Team, None) => Err(DomainError::unprocessable("team_id", "a team share names its team")),
        (Shared::Org | Shared::Personal, Some(_)) => {
            Err(DomainError::unprocessable("team_id", "only a team share names a team"))
        }
        _ => Ok(()),
    }
}

/// A saved answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CannedResponse {
    pub id: CannedId,
    pub title: String,
    /// A MiniJinja template (see `GET /canned-responses` for the variables).
    pub body: String,
    /// A folder to group it under in the picker.
    #[serde(default)]
    pub folder: Option<String>,
    pub shared: Shared,
    #[serde(default)]
    pub team_id: Option<TeamId>,
    pub author_id: UserId,
    /// The prompts the agent answers before sending, in the order the body asks.
    #[serde(default)]
    pub asks: Vec<String>,
    /// How often it was inserted into a reply or note (so admins can prune).
    #[serde(default)]
    pub usage_count: u64,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub updated_at: OffsetDateTime,
    /// Grows with every edit (`ETag`, `If-Match`).
    pub version: u64,
}

impl CannedResponse {
    pub fn sharing(&self) -> Sharing<'_> {
        Sharing {
            shared: self.shared,
            team_id: self.team_id.as_ref(),
            author_id: &self.author_id,
        }
    }
}

/// A title and folder, trimmed and checked: each problem names its field (400).
pub fn check_labels(title: &str, folder: Option<&str>) -> Result<(String, Option<String>), DomainError> {
    let mut errors = Vec::new();
    if !crate::input::text(title, TITLE_MAX) {
        errors.push(FieldError::new(
            "title",
            format!("1 to {TITLE_MAX} characters, not all blank"),
        ));
    }
    let folder = folder.map(crate::ticket::single_line).filter(|f| !f.is_empty());
    if folder.as_ref().is_some_and(|f| f.chars().count() > FOLDER_MAX) {
        errors.push(FieldError::new("folder", format!("at most {FOLDER_MAX} characters")));
    }
    if errors.is_empty() {
        Ok((crate::ticket::single_line(title), folder))
    } else {
        Err(DomainError::Validation(errors))
    }
}

/// The values a canned body (or a macro's message) is rendered with. `None`: unknown
/// here, so a fallback (`| default(...)`) applies.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Values {
    pub ticket_number: String,
    pub ticket_subject: String,
    pub ticket_status: String,
    pub ticket_priority: String,
    pub customer_name: Option<String>,
    pub customer_email: Option<String>,
    pub agent_name: Option<String>,
    pub org_name: Option<String>,
}

/// A person's first name: the first word of their name.
pub fn first_name(name: &str) -> Option<String> {
    name.split_whitespace().next().map(str::to_owned)
}

/// The variables a canned body may read, as the API documents them.
pub const VARIABLES: [&str; 10] = [
    "ticket.number",
    "ticket.subject",
    "ticket.status",
    "ticket.priority",
    "customer.name",
    "customer.first_name",
    "customer.email",
    "agent.name",
    "agent.first_name",
    "org.name",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::OrgId;

    fn caller(role: Role, id: &str) -> Caller {
        Caller {
            user_id: UserId::parse(id).unwrap(),
            org_id: OrgId::parse("10001").unwrap(),
            role,
            email: None,
        }
    }

    #[test]
    fn personal_items_are_their_authors_only_even_for_admins() {
        let author = UserId::parse("agent1").unwrap();
        let s = Sharing {
            shared: Shared::Personal,
            team_id: None,
            author_id: &author,
        };
        assert!(s.visible_to(&caller(Role::Agent, "agent1"), &[]));
        assert!(!s.visible_to(&caller(Role::Agent, "agent2"), &[]));
        assert!(!s.visible_to(&caller(Role::Admin, "admin1"), &[]));
        assert!(!s.changeable_by(&caller(Role::Admin, "admin1")));
        // A customer never sees one, even with the author's id.
        assert!(!s.visible_to(&caller(Role::Customer, "agent1"), &[]));
    }

    #[test]
    fn team_items_are_the_teams_and_managers() {
        let (author, team) = (UserId::parse("mgr1").unwrap(), TeamId::parse("billing").unwrap());
        let s = Sharing {
            shared: Shared::Team,
            team_id: Some(&team),
            author_id: &author,
        };
        assert!(s.visible_to(&caller(Role::Agent, "agent1"), std::slice::from_ref(&team)));
        assert!(!s.visible_to(&caller(Role::Agent, "agent2"), &[]));
        assert!(s.visible_to(&caller(Role::Manager, "mgr2"), &[]));
        assert!(!s.changeable_by(&caller(Role::Agent, "agent1")));
        assert!(s.changeable_by(&caller(Role::Manager, "mgr2")));
    }

    #[test]
    fn only_managers_share_and_a_team_share_names_its_team() {
        let team = TeamId::parse("billing").unwrap();
        let agent = caller(Role::Agent, "agent1");
        assert!(check_sharing(&agent, Shared::Personal, None).is_ok());
        assert!(matches!(
            check_sharing(&agent, Shared::Org, None),
            Err(DomainError::Forbidden(_))
        ));
        let mgr = caller(Role::Manager, "mgr1");
        assert!(check_sharing(&mgr, Shared::Team, Some(&team)).is_ok());
        assert!(matches!(
            check_sharing(&mgr, Shared::Team, None),
            Err(DomainError::Unprocessable(_))
        ));
        assert!(matches!(
            check_sharing(&mgr, Shared::Org, Some(&team)),
            Err(DomainError::Unprocessable(_))
        ));
    }
}

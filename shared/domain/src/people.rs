//! Customers, agents and teams: what they are and how their input is checked.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::Email;
use crate::ticket::single_line;
use crate::{DomainError, FieldError, OrgId, Role, TeamId, UserId};

pub use crate::input::{MEMBERS_MAX, NAME_MAX, SKILLS_MAX};

fn name(field: &str, raw: &str, errors: &mut Vec<FieldError>) -> String {
    if !crate::input::text(raw, NAME_MAX) {
        errors.push(FieldError::new(
            field,
            format!("1 to {NAME_MAX} characters, not all blank"),
        ));
    }
    single_line(raw)
}

fn email(raw: &str, errors: &mut Vec<FieldError>) -> Option<Email> {
    Email::parse(raw)
        .map_err(|_| errors.push(FieldError::new("email", "not a valid email address")))
        .ok()
}

fn done<T>(value: T, errors: Vec<FieldError>) -> Result<T, DomainError> {
    if errors.is_empty() {
        Ok(value)
    } else {
        Err(DomainError::Validation(errors))
    }
}

/// A customer of the org.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Customer {
    pub id: UserId,
    pub org_id: OrgId,
    pub email: Email,
    pub name: String,
    #[serde(default)]
    pub created_at: String,
}

/// A new customer, or new values for one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerChange {
    pub name: Option<String>,
    pub email: Option<Email>,
}

impl CustomerChange {
    pub fn new_customer(raw_name: &str, raw_email: &str) -> Result<(String, Email), DomainError> {
        let mut errors = Vec::new();
        let n = name("name", raw_name, &mut errors);
        let e = email(raw_email, &mut errors);
        match e {
            Some(e) if errors.is_empty() => Ok((n, e)),
            _ => Err(DomainError::Validation(errors)),
        }
    }

    pub fn parse(raw_name: Option<&str>, raw_email: Option<&str>) -> Result<Self, DomainError> {
        let mut errors = Vec::new();
        let n = raw_name.map(|n| name("name", n, &mut errors));
        let e = raw_email.and_then(|e| email(e, &mut errors));
        if errors.is_empty() && n.is_none() && e.is_none() {
            return Err(DomainError::unprocessable("body", "nothing to change"));
        }
        done(Self { name: n, email: e }, errors)
    }
}

/// An agent's availability, which routing (later) respects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Availability {
    Online,
    Away,
    #[default]
    Offline,
}

impl Availability {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Online => "online",
            Self::Away => "away",
            Self::Offline => "offline",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Agent {
    pub id: UserId,
    pub org_id: OrgId,
    pub email: Email,
    pub name: String,
    pub role: Role,
    #[serde(default)]
    pub skills: Vec<String>,
    #[serde(default)]
    pub status: Availability,
    /// Moves on with every change (`ETag`); 0 for agents stored before versions.
    #[serde(default)]
    pub version: u64,
}

/// Checks an agent's fields. Customers are not agents: the role must be staff.
pub fn parse_agent(
    id: Option<&str>,
    raw_email: &str,
    raw_name: &str,
    role: Role,
    skills: &[String],
    org: &OrgId,
) -> Result<Agent, DomainError> {
    let mut errors = Vec::new();
    let id = match id {
        Some(id) => UserId::parse(id)
            .map_err(|_| errors.push(FieldError::new("id", "1 to 64 letters, digits, '-' or '_'")))
            .ok(),
        None => UserId::parse(&format!("a-{}", ulid::Ulid::new().to_string().to_lowercase())).ok(),
    };
    let n = name("name", raw_name, &mut errors);
    let e = email(raw_email, &mut errors);
    if !role.is_staff() {
        errors.push(FieldError::new("role", "agents are admin, manager or agent"));
    }
    let skills = parse_skills(skills, &mut errors);
    match (id, e) {
        (Some(id), Some(email)) if errors.is_empty() => Ok(Agent {
            id,
            org_id: org.clone(),
            email,
            name: n,
            role,
            skills,
            status: Availability::Offline,
            version: 1,
        }),
        _ => Err(DomainError::Validation(errors)),
    }
}

pub fn parse_skills(raw: &[String], errors: &mut Vec<FieldError>) -> Vec<String> {
    if raw.len() > SKILLS_MAX {
        errors.push(FieldError::new("skills", format!("at most {SKILLS_MAX} skills")));
        return Vec::new();
    }
    let mut inner = Vec::new();
    let skills = crate::ticket::parse_tags(raw, &mut inner);
    errors.extend(
        inner
            .into_iter()
            .map(|e| FieldError::new(e.field.replace("tags", "skills"), e.message)),
    );
    skills
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Team {
    pub id: TeamId,
    pub org_id: OrgId,
    pub name: String,
    #[serde(default)]
    pub members: Vec<UserId>,
    /// Moves on with every change (`ETag`); 0 for teams stored before versions.
    #[serde(default)]
    pub version: u64,
}

pub fn parse_team(id: &str, raw_name: &str, members: &[String], org: &OrgId) -> Result<Team, DomainError> {
    let mut errors = Vec::new();
    let id = TeamId::parse(id)
        .map_err(|_| errors.push(FieldError::new("id", "1 to 40 lower-case letters, digits or '-'")))
        .ok();
    let n = name("name", raw_name, &mut errors);
    let members = parse_members(members, &mut errors);
    match id {
        Some(id) if errors.is_empty() => Ok(Team {
            id,
            org_id: org.clone(),
            name: n,
            members,
            version: 1,
        }),
        _ => Err(DomainError::Validation(errors)),
    }
}

pub fn parse_members(raw: &[String], errors: &mut Vec<FieldError>) -> Vec<UserId> {
    if raw.len() > MEMBERS_MAX {
        errors.push(FieldError::new("members", format!("at most {MEMBERS_MAX} members")));
        return Vec::new();
    }
    let mut out: Vec<UserId> = Vec::new();
    for (i, m) in raw.iter().enumerate() {
        match UserId::parse(m) {
            Ok(id) if !out.contains(&id) => out.push(id),
            Ok(_) => {}
            Err(_) => errors.push(FieldError::new(format!("members[{i}]"), "not a valid agent id")),
        }
    }
    out
}

/// A validated change of an agent (`PATCH`): absent fields stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AgentChange {
    name: Option<String>,
    role: Option<Role>,
    skills: Option<Vec<String>>,
}

impl AgentChange {
    pub fn parse(name: Option<&str>, role: Option<Role>, skills: Option<&[String]>) -> Result<Self, DomainError> {
        let mut errors = Vec::new();
        let name = name.map(|n| self::name("name", n, &mut errors));
        if role.is_some_and(|r| !r.is_staff()) {
            errors.push(FieldError::new("role", "agents are admin, manager or agent"));
        }
        let skills = skills.map(|s| parse_skills(s, &mut errors));
        done(Self { name, role, skills }, errors)
    }

    /// The agent after the change, at its next version; `None` when nothing changes.
    pub fn apply(&self, agent: &Agent) -> Option<Agent> {
        let mut next = agent.clone();
        if let Some(n) = &self.name {
            next.name.clone_from(n);
        }
        if let Some(r) = self.role {
            next.role = r;
        }
        if let Some(s) = &self.skills {
            next.skills.clone_from(s);
        }
        (next != *agent).then(|| {
            next.version = agent.version + 1;
            next
        })
    }
}

/// A validated change of a team (`PATCH`): absent fields stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TeamChange {
    name: Option<String>,
    members: Option<Vec<UserId>>,
}

impl TeamChange {
    pub fn parse(name: Option<&str>, members: Option<&[String]>) -> Result<Self, DomainError> {
        let mut errors = Vec::new();
        let name = name.map(|n| self::name("name", n, &mut errors));
        let members = members.map(|m| parse_members(m, &mut errors));
        done(Self { name, members }, errors)
    }

    /// The members it sets, which must be agents of the org.
    pub fn members(&self) -> &[UserId] {
        self.members.as_deref().unwrap_or_default()
    }

    /// The team after the change, at its next version; `None` when nothing changes.
    pub fn apply(&self, team: &Team) -> Option<Team> {
        let mut next = team.clone();
        if let Some(n) = &self.name {
            next.name.clone_from(n);
        }
        if let Some(m) = &self.members {
            next.members.clone_from(m);
        }
        (next != *team).then(|| {
            next.version = team.version + 1;
            next
        })
    }
}

pub fn parse_name(raw: &str) -> Result<String, DomainError> {
    let mut errors = Vec::new();
    let n = name("name", raw, &mut errors);
    done(n, errors)
}

/// When a profile was created, as stored.
pub fn stamp(now: OffsetDateTime) -> String {
    now.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// An in-app notification for an agent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notification {
    /// The id of the event that caused it (one notification per event and agent).
    pub id: crate::EventId,
    /// The event type, e.g. `TicketAssigned`, `SlaBreached`.
    pub kind: String,
    pub ticket_id: crate::TicketId,
    pub ticket_number: crate::TicketNumber,
    pub text: String,
    pub created_at: String,
    #[serde(default)]
    pub read: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org() -> OrgId {
        OrgId::parse("10001").unwrap()
    }

    #[test]
    fn agents_are_staff_with_clean_skills() {
        let a = parse_agent(
            Some("agent-9"),
            "Nine@Acme.test",
            " Nine ",
            Role::Agent,
            &["Billing".into(), "billing".into()],
            &org(),
        )
        .unwrap();
        assert_eq!(a.email.as_str(), "nine@acme.test");
        assert_eq!(a.name, "Nine");
        assert_eq!(a.skills, ["billing"]);
        assert!(parse_agent(None, "c@acme.test", "C", Role::Customer, &[], &org()).is_err());
        let generated = parse_agent(None, "g@acme.test", "G", Role::Manager, &[], &org()).unwrap();
        assert!(generated.id.as_str().starts_with("a-"));
    }

    #[test]
    fn teams_have_slug_ids_and_unique_members() {
        let t = parse_team(
            "billing",
            "Billing",
            &["a-1".into(), "a-1".into(), "a-2".into()],
            &org(),
        )
        .unwrap();
        assert_eq!(t.members.len(), 2);
        assert!(parse_team("Billing Team", "B", &[], &org()).is_err());
    }

    #[test]
    fn agent_and_team_changes_move_the_version_only_when_something_changes() {
        let a = parse_agent(Some("a-1"), "a@acme.test", "A", Role::Agent, &[], &org()).unwrap();
        let promote = AgentChange::parse(None, Some(Role::Manager), None).unwrap();
        let next = promote.apply(&a).unwrap();
        assert_eq!((next.role, next.version), (Role::Manager, a.version + 1));
        assert_eq!(promote.apply(&next), None);
        assert!(AgentChange::parse(None, Some(Role::Customer), None).is_err());
        let t = parse_team("billing", "Billing", &[], &org()).unwrap();
        let rename = TeamChange::parse(Some("Money"), None).unwrap();
        assert_eq!(rename.apply(&t).unwrap().version, t.version + 1);
        assert!(TeamChange::parse(Some(""), None).is_err());
    }

    #[test]
    fn customer_changes_need_something_valid_to_change() {
        assert!(CustomerChange::parse(None, None).is_err());
        assert!(CustomerChange::parse(Some(""), None).is_err());
        assert!(CustomerChange::parse(None, Some("nope")).is_err());
        assert_eq!(
            CustomerChange::parse(Some("Jo"), None).unwrap().name.as_deref(),
            Some("Jo")
        );
    }
}

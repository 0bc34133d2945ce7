//! Macros: a named set of the triggers' actions an agent applies to a ticket in one
//! change (one version, one audit entry naming the macro), with at most one message
//! (a public reply or an internal note) whose text is a canned body.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::canned::{Shared, Sharing};
use crate::rules::{ACTIONS_MAX, Action, ActionType, Effects, RULE_NAME_MAX, apply, check_action};
use crate::{Caller, DomainError, FieldError, MacroId, Role, TeamId, Ticket, UserId};

/// Per org.
pub const MACROS_MAX: usize = 500;
/// `set_assignee` to this value assigns the agent who applies the macro.
pub const ME: &str = "me";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Macro {
    pub id: MacroId,
    pub name: String,
    /// Applied in order; `add_note` and `add_reply` values are canned bodies.
    pub actions: Vec<Action>,
    pub shared: Shared,
    #[serde(default)]
    pub team_id: Option<TeamId>,
    pub author_id: UserId,
    #[serde(default)]
    pub usage_count: u64,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub updated_at: OffsetDateTime,
    pub version: u64,
}

impl Macro {
    pub fn sharing(&self) -> Sharing<'_> {
        Sharing {
            shared: self.shared,
            team_id: self.team_id.as_ref(),
            author_id: &self.author_id,
        }
    }

    /// The message action, if any: its template and whether it is an internal note.
    pub fn message(&self) -> Option<(&str, bool)> {
        self.actions.iter().find_map(|a| match a.kind {
            ActionType::AddNote => Some((a.value.as_deref().unwrap_or_default(), true)),
            ActionType::AddReply => Some((a.value.as_deref().unwrap_or_default(), false)),
            _ => None,
        })
    }
}

fn is_message(a: &Action) -> bool {
    matches!(a.kind, ActionType::AddNote | ActionType::AddReply)
}

/// Checks a macro's name (400) and actions (422, each naming its field). One message
/// per macro; an agent's own macros assign only to themselves (as an agent may).
pub fn check(caller: &Caller, name: &str, actions: &[Action]) -> Result<(), DomainError> {
    if !crate::input::text(name, RULE_NAME_MAX) {
        return Err(DomainError::field(
            "name",
            &format!("1 to {RULE_NAME_MAX} characters, not all blank"),
        ));
    }
    let mut errors = Vec::new();
    if actions.is_empty() || actions.len() > ACTIONS_MAX {
        errors.push(FieldError::new("actions", format!("1 to {ACTIONS_MAX} actions")));
    }
    let mut messages = 0;
    for (i, a) in actions.iter().enumerate() {
        let me = a.kind == ActionType::SetAssignee && a.value.as_deref() == Some(ME);
        if let Err(why) = check_action(a).or_else(|e| if me { Ok(()) } else { Err(e) }) {
            errors.push(FieldError::new(format!("actions[{i}].value"), why));
        }
        if is_message(a) {
            messages += 1;
            if messages > 1 {
                errors.push(FieldError::new(
                    format!("actions[{i}]"),
                    "one message per macro: a reply or a note",
                ));
            }
        }
        if a.kind == ActionType::Route {
            errors.push(FieldError::new(
                format!("actions[{i}].type"),
                "routing assigns on its own; a macro sets the team or the assignee",
            ));
        }
        let others = match a.kind {
            ActionType::SetTeam | ActionType::Route => true,
            ActionType::SetAssignee => !me && a.value.is_some(),
            _ => false,
        };
        if caller.role == Role::Agent && others {
            errors.push(FieldError::new(
                format!("actions[{i}]"),
                "agents' macros assign only to themselves (\"me\"); managers assign others and teams",
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(DomainError::Unprocessable(errors))
    }
}

/// What applying a macro asks: the field changes and the message, as one change.
#[derive(Debug, Clone)]
pub struct MacroRun {
    pub name: String,
    pub fx: Effects,
    /// The rendered message and whether it is internal.
    pub message: Option<(String, bool)>,
}

/// The macro's effect on `ticket` when `caller` applies it; `message` is its message
/// action's template rendered for this ticket.
pub fn run(m: &Macro, ticket: &Ticket, caller: &Caller, message: Option<String>) -> MacroRun {
    let actions: Vec<Action> = m
        .actions
        .iter()
        .filter(|a| !is_message(a))
        .map(|a| match (a.kind, a.value.as_deref()) {
            (ActionType::SetAssignee, Some(ME)) => Action {
                kind: a.kind,
                value: Some(caller.user_id.to_string()),
            },
            _ => a.clone(),
        })
        .collect();
    let mut fx = Effects::default();
    apply(&actions, &mut ticket.clone(), &mut fx);
    MacroRun {
        name: m.name.clone(),
        fx,
        message: message.zip(m.message().map(|(_, internal)| internal)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::OrgId;

    fn caller(role: Role) -> Caller {
        Caller {
            user_id: UserId::parse("agent1").unwrap(),
            org_id: OrgId::parse("10001").unwrap(),
            role,
            email: None,
        }
    }

    fn action(kind: ActionType, value: Option<&str>) -> Action {
        Action {
            kind,
            value: value.map(str::to_owned),
        }
    }

    #[test]
    fn one_message_per_macro_and_agents_assign_only_themselves() {
        let two = [
            action(ActionType::AddNote, Some("a")),
            action(ActionType::AddReply, Some("b")),
        ];
        let Err(DomainError::Unprocessable(e)) = check(&caller(Role::Manager), "x", &two) else {
            panic!("refused")
        };
        assert_eq!(e[0].field, "actions[1]");
        let other = [action(ActionType::SetAssignee, Some("agent2"))];
        assert!(check(&caller(Role::Agent), "x", &other).is_err());
        assert!(check(&caller(Role::Manager), "x", &other).is_ok());
        let me = [action(ActionType::SetAssignee, Some(ME))];
        assert!(check(&caller(Role::Agent), "x", &me).is_ok());
    }

    #[test]
    fn me_is_the_agent_who_applies_it_and_the_message_is_taken_apart() {
        let m = Macro {
            id: MacroId::new(),
            name: "Take and close".into(),
            actions: vec![
                action(ActionType::SetAssignee, Some(ME)),
                action(ActionType::AddTag, Some("done")),
                action(ActionType::AddReply, Some("Thanks {{ customer.first_name }}")),
                action(ActionType::SetStatus, Some("resolved")),
            ],
            shared: Shared::Org,
            team_id: None,
            author_id: UserId::parse("mgr1").unwrap(),
            usage_count: 0,
            created_at: OffsetDateTime::UNIX_EPOCH,
            updated_at: OffsetDateTime::UNIX_EPOCH,
            version: 1,
        };
        let t = crate::rules::tests_support::ticket();
        let r = run(&m, &t, &caller(Role::Agent), Some("Thanks Ada".into()));
        assert_eq!(r.fx.assignee, Some(Some(UserId::parse("agent1").unwrap())));
        assert_eq!(r.fx.status, Some(crate::Status::Resolved));
        assert!(r.fx.tags.unwrap().contains(&"done".to_owned()));
        assert!(r.fx.notes.is_empty());
        assert_eq!(r.message, Some(("Thanks Ada".into(), false)));
    }
}

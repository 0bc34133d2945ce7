//! SLA policies per priority, their escalation rules, and the planner that computes a
//! ticket's clocks ([`crate::clock`]) on an org's business hours ([`crate::hours`]).
//! Pure: no I/O.

use std::collections::BTreeSet;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::clock::{SlaState, SlaTarget};
use crate::hours::{Schedule, instant};
use crate::{DomainError, FieldError};

/// SLA targets for one priority, in minutes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SlaPolicy {
    pub priority: crate::Priority,
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 525_600))]
    #[serde(default, deserialize_with = "crate::input::whole::opt_u32")]
    pub first_response_minutes: Option<u32>,
    /// After each customer message that waits for an agent.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 525_600))]
    #[serde(default, deserialize_with = "crate::input::whole::opt_u32")]
    pub next_response_minutes: Option<u32>,
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 525_600))]
    #[serde(default, deserialize_with = "crate::input::whole::opt_u32")]
    pub resolution_minutes: Option<u32>,
    /// Count business hours (true) or calendar hours (false).
    #[serde(default = "yes")]
    pub business_hours: bool,
    /// Share of a target after which a warning is due.
    #[serde(default = "default_warn", deserialize_with = "crate::input::whole::u8")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 99))]
    pub warn_at_percent: u8,
    /// Statuses that stop the resolution and next-response clocks.
    #[serde(default = "default_pause")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::input::schema::pause_statuses))]
    pub pause_on: Vec<crate::Status>,
    /// What happens to a ticket when one of its clocks breaches (managers are always
    /// notified in the app).
    #[serde(default)]
    pub escalation: Escalation,
}

/// Escalation rules applied on a breach.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Escalation {
    /// Raise the priority one step (up to urgent).
    #[serde(default)]
    pub raise_priority: bool,
    /// Hand the ticket to this team.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::input::schema::opt_team_id))]
    pub assign_team: Option<crate::TeamId>,
}

impl Escalation {
    /// The changes a breach makes to `ticket`, in order; empty when none apply.
    pub fn commands(&self, ticket: &crate::Ticket) -> Vec<crate::lifecycle::Command> {
        use crate::Priority;
        use crate::lifecycle::{Assignment, Command, PatchInput, TicketPatch};
        let mut out = Vec::new();
        let raised = match ticket.priority {
            Priority::Low => Some(Priority::Normal),
            Priority::Normal => Some(Priority::High),
            Priority::High => Some(Priority::Urgent),
            Priority::Urgent => None,
        };
        if let (true, Some(p)) = (self.raise_priority, raised)
            && let Ok(patch) = TicketPatch::parse(PatchInput {
                priority: Some(p),
                ..Default::default()
            })
        {
            out.push(Command::Edit(patch));
        }
        if let Some(team) = self
            .assign_team
            .as_ref()
            .filter(|t| ticket.team_id.as_ref() != Some(*t))
        {
            out.push(Command::Assign(Assignment {
                assignee: None,
                team: Some(Some(team.clone())),
            }));
        }
        out
    }
}

fn yes() -> bool {
    true
}
fn default_warn() -> u8 {
    75
}
fn default_pause() -> Vec<crate::Status> {
    vec![crate::Status::Pending, crate::Status::OnHold]
}

/// An org's SLA policies, at most one per priority.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SlaPolicies {
    pub policies: Vec<SlaPolicy>,
}

/// The longest target: one year.
pub const TARGET_MAX_MINUTES: u32 = 525_600;

impl SlaPolicies {
    pub fn validate(&self) -> Result<(), DomainError> {
        let mut errors = Vec::new();
        // One policy per priority is a rule between entries (422), not a field's shape.
        let mut rules = Vec::new();
        let mut seen = BTreeSet::new();
        for (i, p) in self.policies.iter().enumerate() {
            if !seen.insert(p.priority) {
                rules.push(FieldError::new(
                    format!("policies[{i}].priority"),
                    "one policy per priority",
                ));
            }
            for (name, v) in [
                ("first_response_minutes", p.first_response_minutes),
                ("next_response_minutes", p.next_response_minutes),
                ("resolution_minutes", p.resolution_minutes),
            ] {
                if v.is_some_and(|m| m == 0 || m > TARGET_MAX_MINUTES) {
                    errors.push(FieldError::new(
                        format!("policies[{i}].{name}"),
                        format!("1 to {TARGET_MAX_MINUTES} minutes"),
                    ));
                }
            }
            if !(1..=99).contains(&p.warn_at_percent) {
                errors.push(FieldError::new(format!("policies[{i}].warn_at_percent"), "1 to 99"));
            }
            if p.pause_on
                .iter()
                .any(|s| !matches!(s, crate::Status::Pending | crate::Status::OnHold))
            {
                errors.push(FieldError::new(
                    format!("policies[{i}].pause_on"),
                    "only pending and on_hold can pause a clock",
                ));
            }
        }
        if !errors.is_empty() {
            Err(DomainError::Validation(errors))
        } else if !rules.is_empty() {
            Err(DomainError::Unprocessable(rules))
        } else {
            Ok(())
        }
    }

    pub fn for_priority(&self, p: crate::Priority) -> Option<&SlaPolicy> {
        self.policies.iter().find(|x| x.priority == p)
    }
}

/// Computes a ticket's clocks under `policy` on `schedule` at `now`.
pub fn plan(ticket: &crate::Ticket, policy: &SlaPolicy, schedule: &Schedule, now: Timestamp) -> SlaState {
    let always = Schedule::always();
    let clock = if policy.business_hours { schedule } else { &always };
    let paused_now = ticket
        .sla_pauses
        .iter()
        .any(|p| p.to.is_none() && policy.pause_on.contains(&p.status));
    let excluded: Vec<(Timestamp, Timestamp)> = ticket
        .sla_pauses
        .iter()
        .filter(|p| policy.pause_on.contains(&p.status))
        .map(|p| (instant(p.from), p.to.map(instant).unwrap_or(now)))
        .collect();
    let target = |start: Timestamp, minutes: u32, met: Option<Timestamp>, pausable: bool| {
        let paused = pausable && paused_now && met.is_none();
        let ex: &[(Timestamp, Timestamp)] = if pausable { &excluded } else { &[] };
        let due = if paused {
            None
        } else {
            clock.add_minutes(start, minutes, ex)
        };
        let warn_minutes = minutes * u32::from(policy.warn_at_percent) / 100;
        let warn = if paused {
            None
        } else {
            clock.add_minutes(start, warn_minutes, ex)
        };
        let breached = match (met, due) {
            (Some(m), Some(d)) => m > d,
            (None, Some(d)) => now > d,
            _ => false,
        };
        SlaTarget {
            due_at: due,
            warn_at: warn,
            met_at: met,
            paused,
            breached,
        }
    };
    let created = instant(ticket.created_at);
    let resolved = ticket.resolved_at.or(ticket.closed_at).map(instant);
    let first_response = policy
        .first_response_minutes
        .map(|m| target(created, m, ticket.first_response_at.map(instant), false));
    let resolution = policy.resolution_minutes.map(|m| target(created, m, resolved, true));
    let next_response = match (policy.next_response_minutes, ticket.awaiting_agent_since) {
        (Some(m), Some(since)) if ticket.first_response_at.is_some() => Some(target(instant(since), m, None, true)),
        _ => None,
    };
    let next_check_at = [&first_response, &next_response, &resolution]
        .into_iter()
        .flatten()
        .filter(|t| t.met_at.is_none())
        .flat_map(|t| [t.warn_at, t.due_at])
        .flatten()
        .filter(|t| *t > now)
        .min();
    SlaState {
        first_response,
        next_response,
        resolution,
        next_check_at,
        computed_at: now,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escalations_raise_one_step_and_hand_over_once() {
        use crate::ticket::{NewTicket, NewTicketInput, TicketNumber};
        use crate::{Caller, OrgId, Priority, Role, TeamId, TicketId, UserId};
        let agent = Caller {
            user_id: UserId::parse("a").unwrap(),
            org_id: OrgId::parse("10001").unwrap(),
            role: Role::Agent,
            email: None,
        };
        let input = NewTicketInput {
            subject: "s".into(),
            description: "d".into(),
            customer_id: Some("c".into()),
            ..Default::default()
        };
        let mut t = NewTicket::parse(input, &agent)
            .unwrap()
            .open(
                &agent,
                TicketId::new(),
                TicketNumber::new(1),
                time::OffsetDateTime::UNIX_EPOCH,
            )
            .ticket;
        let rules = Escalation {
            raise_priority: true,
            assign_team: Some(TeamId::parse("tier2").unwrap()),
        };
        assert_eq!(rules.commands(&t).len(), 2);
        t.priority = Priority::Urgent;
        t.team_id = Some(TeamId::parse("tier2").unwrap());
        assert!(
            rules.commands(&t).is_empty(),
            "nothing above urgent, already with the team"
        );
        assert!(Escalation::default().commands(&t).is_empty());
    }
}

//! Automatic assignment: who gets a ticket nobody holds.
//!
//! Per org (`default`) and per team: a [`Mode`], whether agents need the ticket's
//! skills, and a capacity. Only agents who are online, under capacity and skilled
//! receive tickets; [`pick`] chooses among them. Round robin takes turns over the
//! pool in id order from a per-team counter the store advances in the assignment's
//! own transaction, so concurrent assignments cannot take the same turn. Load
//! balancing takes the least loaded, ties by longest since their last assignment.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::people::{Agent, Availability};
use crate::{DomainError, FieldError, Status, TeamId, Ticket, UserId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Mode {
    /// Nobody is assigned automatically.
    #[default]
    Manual,
    RoundRobin,
    LoadBalanced,
}

/// How one team (or the org, for tickets without a team) routes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Policy {
    pub mode: Mode,
    /// Agents must have every skill the ticket needs (see [`Routing::skills`]).
    #[serde(default)]
    pub match_skills: bool,
    /// Tickets an agent may hold in `new` or `open` (their SLA clocks run) before
    /// routing passes them by; absent is no limit. Manual assignment may exceed it.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::input::whole::opt_u32"
    )]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 1000))]
    pub capacity: Option<u32>,
}

/// An org's routing settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Routing {
    /// For tickets without a team, and teams without their own policy.
    #[serde(default)]
    pub default: Policy,
    /// Per team id. Empty maps are left out: DynamoDB Local's stream cannot render one.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub teams: BTreeMap<String, Policy>,
    /// A category or tag → the skills a ticket with it needs.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub skills: BTreeMap<String, Vec<String>>,
}

/// Teams with their own policy, and skill entries, at most.
pub const ENTRIES_MAX: usize = 100;
pub const CAPACITY_MAX: u32 = 1000;

/// The statuses whose SLA clocks run: an agent's tickets in them are their load.
pub const LOAD_STATUSES: [Status; 2] = [Status::New, Status::Open];

impl Routing {
    /// Checks the settings; `teams` must name teams of the org (`known`).
    pub fn check(&self, known: &[TeamId]) -> Result<(), DomainError> {
        let mut errors = Vec::new();
        if self.teams.len() > ENTRIES_MAX || self.skills.len() > ENTRIES_MAX {
            errors.push(FieldError::new("teams", format!("at most {ENTRIES_MAX} entries")));
        }
        let capacity = |p: &Policy| p.capacity.is_none_or(|c| (1..=CAPACITY_MAX).contains(&c));
        if !capacity(&self.default) {
            errors.push(FieldError::new("default.capacity", format!("1 to {CAPACITY_MAX}")));
        }
        for (id, p) in &self.teams {
            if !TeamId::parse(id).is_ok_and(|t| known.contains(&t)) {
                errors.push(FieldError::new(format!("teams.{id}"), "not a team of the org"));
            } else if !capacity(p) {
                errors.push(FieldError::new(
                    format!("teams.{id}.capacity"),
                    format!("1 to {CAPACITY_MAX}"),
                ));
            }
        }
        for (key, skills) in &self.skills {
            let ok = crate::input::tag(key)
                && skills.len() <= crate::input::TAGS_MAX
                && skills.iter().all(|s| crate::input::tag(s));
            if !ok {
                errors.push(FieldError::new(
                    format!("skills.{key}"),
                    "a category or tag to a list of skills (letters, digits, '-', '_', '.')",
                ));
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(DomainError::Unprocessable(errors))
        }
    }

    /// The policy for a ticket of `team`.
    pub fn policy(&self, team: Option<&TeamId>) -> Policy {
        team.and_then(|t| self.teams.get(t.as_str()))
            .copied()
            .unwrap_or(self.default)
    }

    /// The skills a ticket needs: those of its category and tags.
    pub fn needs(&self, t: &Ticket) -> Vec<String> {
        let mut needs: Vec<String> = t
            .category
            .iter()
            .chain(&t.tags)
            .filter_map(|k| self.skills.get(&k.to_ascii_lowercase()))
            .flatten()
            .map(|s| s.to_ascii_lowercase())
            .collect();
        needs.sort();
        needs.dedup();
        needs
    }
}

/// Whether a ticket waits for routing: nobody holds it, its clock runs, and its
/// policy routes.
pub fn waits(routing: &Routing, t: &Ticket) -> bool {
    t.assignee_id.is_none()
        && t.merged_into.is_none()
        && LOAD_STATUSES.contains(&t.status)
        && routing.policy(t.team_id.as_ref()).mode != Mode::Manual
}

/// A ticket waiting for an agent.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Waiting {
    pub ticket_id: crate::TicketId,
    pub number: crate::TicketNumber,
    pub subject: String,
    pub priority: crate::Priority,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
}

/// One team's queue (`team_id` null: tickets without a team).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Queue {
    pub team_id: Option<TeamId>,
    pub mode: Mode,
    /// Oldest first: the order they will be assigned in.
    pub tickets: Vec<Waiting>,
}

/// An agent as routing sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub id: UserId,
    pub online: bool,
    pub skills: Vec<String>,
    /// Tickets held in [`LOAD_STATUSES`].
    pub load: u32,
    pub last_assigned: Option<OffsetDateTime>,
}

impl Candidate {
    pub fn of(a: &Agent, load: u32, last_assigned: Option<OffsetDateTime>) -> Self {
        Self {
            id: a.id.clone(),
            online: a.status == Availability::Online,
            skills: a.skills.iter().map(|s| s.to_ascii_lowercase()).collect(),
            load,
            last_assigned,
        }
    }
}

/// The choice: who, and the round-robin counter after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pick {
    pub agent: UserId,
    pub turn: u64,
}

/// Who gets the ticket, or `None` (it waits in the queue). `pool` is the team's
/// members (or the org's agents), `turn` the team's round-robin counter.
pub fn pick(policy: &Policy, pool: &[Candidate], needs: &[String], turn: u64) -> Option<Pick> {
    let mut pool: Vec<&Candidate> = pool.iter().collect();
    pool.sort_by(|a, b| a.id.cmp(&b.id));
    let able = |c: &Candidate| {
        c.online
            && policy.capacity.is_none_or(|cap| c.load < cap)
            && (!policy.match_skills || needs.iter().all(|n| c.skills.contains(n)))
    };
    match policy.mode {
        Mode::Manual => None,
        Mode::RoundRobin => {
            let n = pool.len();
            let at = |k: usize| pool[(turn as usize).wrapping_add(k) % n];
            (0..n).find(|k| able(at(*k))).map(|k| Pick {
                agent: at(k).id.clone(),
                turn: turn + 1 + k as u64,
            })
        }
        Mode::LoadBalanced => pool
            .iter()
            .filter(|c| able(c))
            .min_by_key(|c| (c.load, c.last_assigned, c.id.clone()))
            .map(|c| Pick {
                agent: c.id.clone(),
                turn: turn + 1,
            }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn agent(id: &str, online: bool, load: u32) -> Candidate {
        Candidate {
            id: UserId::parse(id).unwrap(),
            online,
            skills: vec![],
            load,
            last_assigned: None,
        }
    }

    fn rr(capacity: Option<u32>) -> Policy {
        Policy {
            mode: Mode::RoundRobin,
            match_skills: false,
            capacity,
        }
    }

    #[test]
    fn round_robin_takes_turns_and_passes_offline_and_full_agents_by() {
        let pool = [agent("a", true, 0), agent("b", false, 0), agent("c", true, 5)];
        let p = pick(&rr(None), &pool, &[], 0).unwrap();
        assert_eq!((p.agent.as_str(), p.turn), ("a", 1));
        // b is offline: c's turn.
        let p = pick(&rr(None), &pool, &[], 1).unwrap();
        assert_eq!((p.agent.as_str(), p.turn), ("c", 3));
        // c is at capacity 5: back to a.
        let p = pick(&rr(Some(5)), &pool, &[], 1).unwrap();
        assert_eq!((p.agent.as_str(), p.turn), ("a", 4));
        assert!(pick(&rr(Some(1)), &[agent("a", true, 1)], &[], 0).is_none());
        assert!(pick(&Policy::default(), &pool, &[], 0).is_none());
    }

    #[test]
    fn load_balancing_picks_the_least_loaded_then_the_longest_idle() {
        let lb = Policy {
            mode: Mode::LoadBalanced,
            ..Policy::default()
        };
        let mut pool = vec![agent("a", true, 2), agent("b", true, 1), agent("c", true, 1)];
        pool[1].last_assigned = Some(OffsetDateTime::UNIX_EPOCH + time::Duration::hours(2));
        pool[2].last_assigned = Some(OffsetDateTime::UNIX_EPOCH + time::Duration::hours(1));
        assert_eq!(pick(&lb, &pool, &[], 7).unwrap().agent.as_str(), "c");
    }

    #[test]
    fn skills_come_from_category_and_tags_and_filter_the_pool() {
        let routing = Routing {
            skills: BTreeMap::from([("refund".into(), vec!["billing".into()])]),
            ..Routing::default()
        };
        let mut t = crate::rules::tests_support::ticket();
        t.tags = vec!["refund".into()];
        let needs = routing.needs(&t);
        assert_eq!(needs, ["billing"]);
        let mut skilled = agent("z", true, 0);
        skilled.skills = vec!["billing".into()];
        let pool = [agent("a", true, 0), skilled];
        let p = Policy {
            match_skills: true,
            ..rr(None)
        };
        assert_eq!(pick(&p, &pool, &needs, 0).unwrap().agent.as_str(), "z");
    }

    proptest! {
        /// Any number of tickets routed one after another (as the store serialises
        /// them through the counter) over online agents leaves no agent with two more
        /// than another.
        #[test]
        fn round_robin_is_fair(n_agents in 1usize..8, offline in 0usize..8, tickets in 0usize..200, start in 0u64..1000) {
            let mut pool: Vec<Candidate> = (0..n_agents).map(|i| agent(&format!("a{i}"), true, 0)).collect();
            if offline < n_agents && n_agents > 1 {
                pool[offline].online = false;
            }
            let mut turn = start;
            let mut got = BTreeMap::<UserId, u32>::new();
            for _ in 0..tickets {
                let p = pick(&rr(None), &pool, &[], turn).unwrap();
                prop_assert!(p.turn > turn);
                turn = p.turn;
                *got.entry(p.agent).or_default() += 1;
            }
            let online: Vec<_> = pool.iter().filter(|c| c.online).collect();
            let counts: Vec<u32> = online.iter().map(|c| got.get(&c.id).copied().unwrap_or(0)).collect();
            let (min, max) = (counts.iter().min().unwrap(), counts.iter().max().unwrap());
            prop_assert!(max - min <= 1, "{counts:?}");
            prop_assert!(pool.iter().filter(|c| !c.online).all(|c| !got.contains_key(&c.id)));
        }
    }
}

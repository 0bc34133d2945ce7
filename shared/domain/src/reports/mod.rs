//! Reports: what one event adds to the daily aggregates and to the live view counts,
//! and how the aggregates read back as medians and rates.
//!
//! Every delta here is computed from the event alone (each event carries the ticket as
//! it is after its change, and the status it left), so deltas commute: consumers may
//! apply events in any order and still agree. The report aggregator writes one event's
//! deltas in one transaction with its idempotency record.

use crate::{Priority, Status, UserId};

mod contribution;
mod help;
mod read;

pub use contribution::{Contribution, contribution};
pub use help::*;
pub use read::*;

/// Upper bounds (minutes) of the duration buckets; one more bucket holds the rest.
/// Roughly 1.5× apart, so a median or p90 read from them is within one bucket's width.
pub const BUCKETS: [u32; 24] = [
    1, 2, 5, 10, 15, 30, 45, 60, 90, 120, 180, 240, 360, 480, 720, 1080, 1440, 2160, 2880, 4320, 5760, 10080, 20160,
    43200,
];

/// The kinds of daily aggregate; each kind is its own partition of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DimensionKind {
    /// The whole org.
    All,
    Priority,
    Agent,
    /// A team (ratings only).
    Team,
    /// A category (ratings only).
    Category,
    /// The self-service funnel of the org ([`help`] counters, `value` empty).
    Help,
    /// Help-center searches that found nothing (`value` is the query).
    Gap,
}

impl DimensionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::All => "all",
            Self::Priority => "priority",
            Self::Agent => "agent",
            Self::Team => "team",
            Self::Category => "category",
            Self::Help => "help",
            Self::Gap => "gap",
        }
    }
}

/// One aggregate row of a day: the org (`value` empty), a priority or an agent.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Dimension {
    pub kind: DimensionKind,
    pub value: String,
}

impl Dimension {
    pub fn all() -> Self {
        Self {
            kind: DimensionKind::All,
            value: String::new(),
        }
    }
    pub fn priority(p: Priority) -> Self {
        Self {
            kind: DimensionKind::Priority,
            value: p.as_str().to_owned(),
        }
    }
    pub fn agent(id: &UserId) -> Self {
        Self {
            kind: DimensionKind::Agent,
            value: id.to_string(),
        }
    }
    pub fn team(id: &crate::TeamId) -> Self {
        Self {
            kind: DimensionKind::Team,
            value: id.to_string(),
        }
    }
    pub fn category(name: &str) -> Self {
        Self {
            kind: DimensionKind::Category,
            value: name.to_owned(),
        }
    }
}

/// Counter names, the attributes of an aggregate row.
pub mod counter {
    pub const TICKETS_CREATED: &str = "tickets_created";
    /// Moved from an unsolved status to resolved or closed.
    pub const TICKETS_RESOLVED: &str = "tickets_resolved";
    /// Moved from resolved or closed back to an unsolved status.
    pub const TICKETS_REOPENED: &str = "tickets_reopened";
    /// Net change of unsolved tickets that day (the backlog is read from these).
    pub const BACKLOG_DELTA: &str = "backlog_delta";
    pub const REPLIES_SENT: &str = "replies_sent";
    pub const SLA_BREACHED: &str = "sla_breached";
    pub const FIRST_RESPONSE: &str = "frt";
    pub const RESOLUTION: &str = "res";
    /// `sla_breached_<metric>`: breaches by clock, counted when they happen.
    pub fn breached(metric: &str) -> String {
        format!("sla_breached_{metric}")
    }
    /// `sla_<metric>_achieved|missed`: first responses sent and tickets solved that day,
    /// within their clock or not.
    pub fn outcome(metric: &str, achieved: bool) -> String {
        format!("sla_{metric}_{}", if achieved { "achieved" } else { "missed" })
    }
    /// `<distribution>_n` and `<distribution>_b<bucket>`.
    pub fn samples(distribution: &str) -> String {
        format!("{distribution}_n")
    }
    pub fn bucket(distribution: &str, index: usize) -> String {
        format!("{distribution}_b{index:02}")
    }
}

/// Live view counts, one item per org.
pub mod live {
    use crate::{Status, UserId};
    pub const BACKLOG: &str = "backlog";
    pub const UNASSIGNED: &str = "unassigned";
    pub fn status(s: Status) -> String {
        format!("status_{}", s.as_str())
    }
    pub fn assignee(id: &UserId) -> String {
        format!("assignee_{id}")
    }
    /// Who holds an unsolved ticket: its assignee, or the unassigned pile.
    pub fn holder(who: Option<&UserId>) -> String {
        who.map_or_else(|| UNASSIGNED.to_owned(), assignee)
    }
}

pub fn is_unsolved(s: Status) -> bool {
    crate::views::UNSOLVED.contains(&s)
}

/// The bucket index of a duration.
pub fn bucket_of(minutes: u32) -> usize {
    BUCKETS.iter().position(|b| minutes <= *b).unwrap_or(BUCKETS.len())
}

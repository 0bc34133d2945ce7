//! A ticket's SLA clocks as last computed, and the warnings and breaches they are due.
//!
//! The clocks are stored on the ticket (so they sit below it); the planner that computes
//! them from a policy lives in [`crate::sla`].

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// One clock of a ticket: when it is due, whether it was met or breached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SlaTarget {
    /// `None` while the clock is paused.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub due_at: Option<Timestamp>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub warn_at: Option<Timestamp>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub met_at: Option<Timestamp>,
    pub paused: bool,
    pub breached: bool,
}

/// A ticket's SLA clocks as last computed (by the sla-checker, on every ticket event).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SlaState {
    pub first_response: Option<SlaTarget>,
    pub next_response: Option<SlaTarget>,
    pub resolution: Option<SlaTarget>,
    /// The earliest future instant at which a clock warns or breaches; the SLA views
    /// and the scheduler sort by it.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub next_check_at: Option<Timestamp>,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub computed_at: Timestamp,
}

/// A clock passing its warning point or its deadline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Crossing {
    /// `first_response`, `next_response` or `resolution`.
    pub metric: &'static str,
    pub breached: bool,
    pub due_at: Timestamp,
}

impl Crossing {
    /// Identifies the crossing within the clock's cycle: a reopened ticket's new
    /// deadline is a new cycle and may warn and breach again.
    pub fn key(&self) -> String {
        format!(
            "{}#{}#{}",
            self.metric,
            if self.breached { "breach" } else { "warning" },
            self.due_at.as_second()
        )
    }
}

/// The warnings and breaches due at `now`: a breach when a running clock is past its
/// deadline, else a warning when it is past its warning point.
pub fn crossings(state: &SlaState, now: Timestamp) -> Vec<Crossing> {
    [
        ("first_response", &state.first_response),
        ("next_response", &state.next_response),
        ("resolution", &state.resolution),
    ]
    .into_iter()
    .filter_map(|(metric, t)| {
        let t = t.as_ref().filter(|t| t.met_at.is_none() && !t.paused)?;
        let due_at = t.due_at?;
        if due_at <= now {
            Some(Crossing {
                metric,
                breached: true,
                due_at,
            })
        } else if t.warn_at.is_some_and(|w| w <= now) {
            Some(Crossing {
                metric,
                breached: false,
                due_at,
            })
        } else {
            None
        }
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(due: i64, warn: i64) -> Option<SlaTarget> {
        Some(SlaTarget {
            due_at: Some(Timestamp::from_second(due).unwrap()),
            warn_at: Some(Timestamp::from_second(warn).unwrap()),
            met_at: None,
            paused: false,
            breached: false,
        })
    }

    #[test]
    fn clocks_warn_then_breach_and_met_or_paused_clocks_do_neither() {
        let mut state = SlaState {
            first_response: target(100, 75),
            next_response: None,
            resolution: target(400, 300),
            next_check_at: None,
            computed_at: Timestamp::UNIX_EPOCH,
        };
        let at = |s: i64| Timestamp::from_second(s).unwrap();
        assert!(crossings(&state, at(50)).is_empty());
        let c = crossings(&state, at(80));
        assert_eq!((c.len(), c[0].metric, c[0].breached), (1, "first_response", false));
        let c = crossings(&state, at(350));
        assert_eq!(
            c.iter().map(|c| (c.metric, c.breached)).collect::<Vec<_>>(),
            [("first_response", true), ("resolution", false)]
        );
        assert_ne!(c[0].key(), c[1].key());
        state.resolution.as_mut().unwrap().paused = true;
        state.first_response.as_mut().unwrap().met_at = Some(at(90));
        assert!(crossings(&state, at(1000)).is_empty());
    }
}

//! The read side: report rows summed into totals, medians, rates and view counts.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{BUCKETS, counter, live};
use crate::{DomainError, Priority, Status, UserId};

/// A duration distribution read from buckets: the median and p90 are the upper bound of
/// the bucket that holds them (the last, open bucket answers its lower bound).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Distribution {
    pub count: u64,
    pub median: Option<u32>,
    pub p90: Option<u32>,
}

/// Sums of counters over several rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Totals(pub BTreeMap<String, i64>);

impl Totals {
    pub fn add(&mut self, row: &BTreeMap<String, i64>) {
        for (k, v) in row {
            *self.0.entry(k.clone()).or_default() += v;
        }
    }
    pub fn get(&self, counter: &str) -> i64 {
        self.0.get(counter).copied().unwrap_or(0)
    }
    /// A non-negative counter as a count.
    pub fn count(&self, counter: &str) -> u64 {
        u64::try_from(self.get(counter)).unwrap_or(0)
    }
    pub fn distribution(&self, name: &str) -> Distribution {
        let buckets: Vec<u64> = (0..=BUCKETS.len())
            .map(|i| self.count(&counter::bucket(name, i)))
            .collect();
        let count: u64 = buckets.iter().sum();
        let quantile = |q: f64| -> Option<u32> {
            if count == 0 {
                return None;
            }
            // The rank of the q-th sample, 1-based (nearest-rank method).
            #[allow(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                clippy::cast_precision_loss
            )]
            let rank = ((q * count as f64).ceil() as u64).max(1);
            let mut seen = 0;
            buckets.iter().enumerate().find_map(|(i, n)| {
                seen += n;
                (seen >= rank).then(|| BUCKETS[i.min(BUCKETS.len() - 1)])
            })
        };
        Distribution {
            count,
            median: quantile(0.5),
            p90: quantile(0.9),
        }
    }
}

/// The longest range a report answers, in days.
pub const RANGE_MAX_DAYS: i32 = 92;

/// A report's days, `from` to `to` inclusive, in the org's calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateRange {
    pub from: jiff::civil::Date,
    pub to: jiff::civil::Date,
}

impl DateRange {
    pub fn parse(from: Option<&str>, to: Option<&str>) -> Result<Self, DomainError> {
        let (from, to) = (from.unwrap_or_default(), to.unwrap_or_default());
        for (name, raw) in [("from", from), ("to", to)] {
            if !crate::input::date_shape(raw) {
                return Err(DomainError::field(name, "expected a date like 2026-11-01"));
            }
        }
        let date = |name: &'static str, raw: &str| {
            crate::input::date(raw).ok_or_else(|| DomainError::unprocessable(name, "no such day"))
        };
        let (from, to) = (date("from", from)?, date("to", to)?);
        let span = from.until(to).map(|s| s.get_days()).unwrap_or(-1);
        if !(0..RANGE_MAX_DAYS).contains(&span) {
            return Err(DomainError::unprocessable(
                "to",
                &format!("must not be before from, and the range at most {RANGE_MAX_DAYS} days"),
            ));
        }
        Ok(Self { from, to })
    }

    pub fn days(&self) -> Vec<String> {
        self.from
            .series(jiff::Span::new().days(1))
            .take_while(|d| *d <= self.to)
            .map(|d| d.to_string())
            .collect()
    }
}

/// Counts of one day, or of a whole range.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayCounts {
    pub tickets_created: u64,
    pub tickets_resolved: u64,
    pub tickets_reopened: u64,
    pub replies_sent: u64,
    pub sla_breached: u64,
    /// Unsolved tickets at the end of the day (of the range, in totals).
    pub backlog: i64,
}

impl DayCounts {
    fn of(t: &Totals, backlog: i64) -> Self {
        Self {
            tickets_created: t.count(counter::TICKETS_CREATED),
            tickets_resolved: t.count(counter::TICKETS_RESOLVED),
            tickets_reopened: t.count(counter::TICKETS_REOPENED),
            replies_sent: t.count(counter::REPLIES_SENT),
            sla_breached: t.count(counter::SLA_BREACHED),
            backlog,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OverviewDay {
    pub day: String,
    #[serde(flatten)]
    pub counts: DayCounts,
}

/// `GET /reports/overview`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Overview {
    pub from: String,
    pub to: String,
    /// The zone whose days these are (the org's business hours; UTC when unset).
    pub time_zone: String,
    pub days: Vec<OverviewDay>,
    pub totals: DayCounts,
    /// Minutes from a ticket's creation to its first public agent reply.
    pub first_response_minutes: Distribution,
    /// Minutes from a ticket's creation to its being solved.
    pub resolution_minutes: Distribution,
}

/// One day's org row: its day and counters.
pub type DayRow<'a> = (&'a str, &'a BTreeMap<String, i64>);

/// The overview from the org rows of `range.from` through today (`rows`, any order) and
/// the live backlog: a day's backlog is today's minus the net change of the days after it.
pub fn overview(range: &DateRange, time_zone: &str, rows: &[DayRow<'_>], live_backlog: i64) -> Overview {
    let by_day: BTreeMap<&str, &BTreeMap<String, i64>> = rows.iter().copied().collect();
    let days = range.days();
    let last = days.last().cloned().unwrap_or_default();
    // Net change after `last`: the backlog at the end of the range is live minus that.
    let after_range: i64 = by_day
        .range::<str, _>((std::ops::Bound::Excluded(last.as_str()), std::ops::Bound::Unbounded))
        .map(|(_, r)| r.get(counter::BACKLOG_DELTA).copied().unwrap_or(0))
        .sum();
    let mut backlog = live_backlog - after_range;
    let mut totals = Totals::default();
    let mut out: Vec<OverviewDay> = Vec::with_capacity(days.len());
    for day in days.iter().rev() {
        let mut t = Totals::default();
        if let Some(row) = by_day.get(day.as_str()) {
            t.add(row);
            totals.add(row);
        }
        out.push(OverviewDay {
            day: day.clone(),
            counts: DayCounts::of(&t, backlog),
        });
        backlog -= t.get(counter::BACKLOG_DELTA);
    }
    out.reverse();
    let end_backlog = out.last().map_or(live_backlog, |d| d.counts.backlog);
    Overview {
        from: range.from.to_string(),
        to: range.to.to_string(),
        time_zone: time_zone.to_owned(),
        days: out,
        totals: DayCounts::of(&totals, end_backlog),
        first_response_minutes: totals.distribution(counter::FIRST_RESPONSE),
        resolution_minutes: totals.distribution(counter::RESOLUTION),
    }
}

/// Clocks of solved tickets that were met or missed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Outcomes {
    pub achieved: u64,
    pub breached: u64,
}

impl Outcomes {
    fn of(t: &Totals, metric: &str) -> Self {
        Self {
            achieved: t.count(&counter::outcome(metric, true)),
            breached: t.count(&counter::outcome(metric, false)),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SlaDay {
    pub day: String,
    pub first_response_breached: u64,
    pub next_response_breached: u64,
    pub resolution_breached: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SlaPriority {
    pub priority: Priority,
    pub tickets_solved: u64,
    pub first_response: Outcomes,
    pub resolution: Outcomes,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SlaTotals {
    pub tickets_solved: u64,
    pub first_response: Outcomes,
    pub resolution: Outcomes,
    /// Met clocks as a share of measured clocks (both metrics); `null` when none.
    pub achieved_percent: Option<f64>,
}

/// `GET /reports/sla`: breaches as they happened, and the clocks of tickets solved.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SlaReport {
    pub from: String,
    pub to: String,
    pub time_zone: String,
    pub days: Vec<SlaDay>,
    /// Every priority, most urgent first.
    pub priorities: Vec<SlaPriority>,
    pub totals: SlaTotals,
}

/// A row of a priority or agent: its day, its value and counters.
pub type ValueRow<'a> = (&'a str, &'a str, &'a BTreeMap<String, i64>);

pub fn sla_report(
    range: &DateRange,
    time_zone: &str,
    org_rows: &[DayRow<'_>],
    priority_rows: &[ValueRow<'_>],
) -> SlaReport {
    let by_day: BTreeMap<&str, &BTreeMap<String, i64>> = org_rows.iter().copied().collect();
    let days = range
        .days()
        .into_iter()
        .map(|day| {
            let mut t = Totals::default();
            if let Some(r) = by_day.get(day.as_str()) {
                t.add(r);
            }
            SlaDay {
                first_response_breached: t.count(&counter::breached("first_response")),
                next_response_breached: t.count(&counter::breached("next_response")),
                resolution_breached: t.count(&counter::breached("resolution")),
                day,
            }
        })
        .collect();
    let mut all = Totals::default();
    let priorities = Priority::ALL
        .iter()
        .map(|p| {
            let mut t = Totals::default();
            for (_, _, r) in priority_rows.iter().filter(|(_, v, _)| *v == p.as_str()) {
                t.add(r);
            }
            all.add(&t.0);
            SlaPriority {
                priority: *p,
                tickets_solved: t.count(counter::TICKETS_RESOLVED),
                first_response: Outcomes::of(&t, "first_response"),
                resolution: Outcomes::of(&t, "resolution"),
            }
        })
        .collect();
    let (fr, res) = (Outcomes::of(&all, "first_response"), Outcomes::of(&all, "resolution"));
    let measured = fr.achieved + fr.breached + res.achieved + res.breached;
    #[allow(clippy::cast_precision_loss)]
    let achieved_percent =
        (measured > 0).then(|| ((fr.achieved + res.achieved) as f64 * 1000.0 / measured as f64).round() / 10.0);
    SlaReport {
        from: range.from.to_string(),
        to: range.to.to_string(),
        time_zone: time_zone.to_owned(),
        days,
        priorities,
        totals: SlaTotals {
            tickets_solved: all.count(counter::TICKETS_RESOLVED),
            first_response: fr,
            resolution: res,
            achieved_percent,
        },
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgentRow {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub agent_id: UserId,
    pub name: String,
    pub tickets_resolved: u64,
    pub replies_sent: u64,
    pub sla_breached: u64,
    pub first_response_minutes: Distribution,
    pub resolution_minutes: Distribution,
}

/// `GET /reports/agents`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgentsReport {
    pub from: String,
    pub to: String,
    pub time_zone: String,
    /// Every agent of the org, and anyone else with figures in the range; by name.
    pub agents: Vec<AgentRow>,
}

/// `agents` are the org's (id, name); rows of ids no longer listed keep their id as name.
pub fn agents_report(
    range: &DateRange,
    time_zone: &str,
    agents: &[(UserId, String)],
    rows: &[ValueRow<'_>],
) -> AgentsReport {
    let mut by_agent: BTreeMap<String, Totals> = agents
        .iter()
        .map(|(id, _)| (id.to_string(), Totals::default()))
        .collect();
    for (_, agent, r) in rows {
        by_agent.entry((*agent).to_owned()).or_default().add(r);
    }
    let names: BTreeMap<String, &str> = agents.iter().map(|(id, n)| (id.to_string(), n.as_str())).collect();
    let mut out: Vec<AgentRow> = by_agent
        .into_iter()
        .filter_map(|(id, t)| {
            let name = names.get(&id).map_or_else(|| id.clone(), |n| (*n).to_owned());
            Some(AgentRow {
                agent_id: UserId::parse(&id).ok()?,
                name,
                tickets_resolved: t.count(counter::TICKETS_RESOLVED),
                replies_sent: t.count(counter::REPLIES_SENT),
                sla_breached: t.count(counter::SLA_BREACHED),
                first_response_minutes: t.distribution(counter::FIRST_RESPONSE),
                resolution_minutes: t.distribution(counter::RESOLUTION),
            })
        })
        .collect();
    out.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then(a.agent_id.cmp(&b.agent_id))
    });
    AgentsReport {
        from: range.from.to_string(),
        to: range.to.to_string(),
        time_zone: time_zone.to_owned(),
        agents: out,
    }
}

/// `GET /ticket-counts`: tickets per inbox view for `caller` (eventually consistent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ViewCounts {
    pub all: u64,
    pub mine: u64,
    pub unassigned: u64,
    pub open: u64,
    pub pending: u64,
    pub resolved: u64,
}

pub fn view_counts(live_counts: &BTreeMap<String, i64>, caller: &UserId) -> ViewCounts {
    let get = |k: &str| u64::try_from(live_counts.get(k).copied().unwrap_or(0)).unwrap_or(0);
    let status = |s: Status| get(&live::status(s));
    ViewCounts {
        all: [
            Status::New,
            Status::Open,
            Status::Pending,
            Status::OnHold,
            Status::Resolved,
            Status::Closed,
        ]
        .into_iter()
        .map(status)
        .sum(),
        mine: get(&live::assignee(caller)),
        unassigned: get(live::UNASSIGNED),
        open: status(Status::New) + status(Status::Open),
        pending: status(Status::Pending),
        resolved: status(Status::Resolved),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::bucket_of;

    #[test]
    fn quantiles_are_bucket_upper_bounds_by_nearest_rank() {
        let mut totals = Totals::default();
        let mut row = BTreeMap::new();
        row.insert(counter::bucket("frt", bucket_of(4)), 5);
        row.insert(counter::bucket("frt", bucket_of(50)), 4);
        row.insert(counter::bucket("frt", bucket_of(100_000)), 1);
        totals.add(&row);
        let d = totals.distribution("frt");
        assert_eq!(
            d,
            Distribution {
                count: 10,
                median: Some(5),
                p90: Some(60)
            }
        );
        assert_eq!(Totals::default().distribution("frt").median, None);
    }

    fn row(pairs: &[(&str, i64)]) -> BTreeMap<String, i64> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect()
    }

    #[test]
    fn the_backlog_of_each_day_is_read_back_from_today_and_the_later_net_changes() {
        let range = DateRange::parse(Some("2026-11-01"), Some("2026-11-03")).unwrap();
        let (d1, d2, d4) = (
            row(&[("tickets_created", 3), ("backlog_delta", 3)]),
            row(&[("tickets_resolved", 1), ("backlog_delta", -1), ("frt_b05", 2)]),
            row(&[("tickets_created", 2), ("backlog_delta", 2)]),
        );
        // Nothing on the 3rd; two more on the 4th (after the range); 6 unsolved now.
        let rows = [("2026-11-01", &d1), ("2026-11-02", &d2), ("2026-11-04", &d4)];
        let o = overview(&range, "UTC", &rows, 6);
        let backlogs: Vec<i64> = o.days.iter().map(|d| d.counts.backlog).collect();
        assert_eq!(backlogs, [5, 4, 4]);
        assert_eq!(o.totals.backlog, 4);
        assert_eq!(o.totals.tickets_created, 3, "the 4th is outside the range");
        assert_eq!(o.first_response_minutes.median, Some(30));
    }

    #[test]
    fn sla_achievement_is_met_clocks_over_measured_clocks_and_lists_every_priority() {
        let range = DateRange::parse(Some("2026-11-01"), Some("2026-11-01")).unwrap();
        let high = row(&[
            ("tickets_resolved", 2),
            ("sla_first_response_achieved", 2),
            ("sla_resolution_achieved", 1),
            ("sla_resolution_missed", 1),
        ]);
        let org = row(&[("sla_breached_resolution", 1)]);
        let r = sla_report(&range, "UTC", &[("2026-11-01", &org)], &[("2026-11-01", "high", &high)]);
        assert_eq!(r.priorities.len(), 4);
        assert_eq!(r.priorities[0].priority, Priority::Urgent);
        assert_eq!(
            r.priorities[1].resolution,
            Outcomes {
                achieved: 1,
                breached: 1
            }
        );
        assert_eq!(r.totals.achieved_percent, Some(75.0));
        assert_eq!(r.days[0].resolution_breached, 1);
        let none = sla_report(&range, "UTC", &[], &[]);
        assert_eq!(none.totals.achieved_percent, None);
    }

    #[test]
    fn ranges_are_checked_and_views_counted_for_the_caller() {
        assert!(DateRange::parse(Some("2026-11-02"), Some("2026-11-01")).is_err());
        assert!(DateRange::parse(Some("2026-01-01"), Some("2026-12-31")).is_err());
        assert!(DateRange::parse(Some("yesterday"), Some("2026-12-31")).is_err());
        assert_eq!(
            DateRange::parse(Some("2026-02-27"), Some("2026-03-01"))
                .unwrap()
                .days()
                .len(),
            3
        );
        let live = row(&[
            ("status_new", 2),
            ("status_open", 1),
            ("status_closed", 4),
            ("assignee_alice", 1),
            ("unassigned", 2),
        ]);
        let v = view_counts(&live, &UserId::parse("alice").unwrap());
        assert_eq!((v.all, v.open, v.mine, v.unassigned, v.pending), (7, 3, 1, 2, 0));
    }
}

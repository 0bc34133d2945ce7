//! Reports: what one event adds to the daily aggregates and to the live view counts,
//! and how the aggregates read back as medians and rates.
//!
//! Every delta here is computed from the event alone (each event carries the ticket as
//! it is after its change, and the status it left), so deltas commute: consumers may
//! apply events in any order and still agree. The report aggregator writes one event's
//! deltas in one transaction with its idempotency record.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::events::{Event, EventPayload};
use crate::sla::{SlaTarget, instant, local_day};
use crate::{AuthorKind, DomainError, Priority, Status, Ticket, UserId};

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
}

impl DimensionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::All => "all",
            Self::Priority => "priority",
            Self::Agent => "agent",
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

/// What one event adds: per-dimension counters of its day, and live counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contribution {
    /// The org's calendar day of the event.
    pub day: String,
    pub daily: BTreeMap<Dimension, BTreeMap<String, i64>>,
    pub live: BTreeMap<String, i64>,
}

impl Contribution {
    pub fn is_empty(&self) -> bool {
        self.daily.is_empty() && self.live.is_empty()
    }

    fn add(&mut self, dims: &[Dimension], counter: &str, by: i64) {
        for d in dims {
            *self
                .daily
                .entry(d.clone())
                .or_default()
                .entry(counter.to_owned())
                .or_default() += by;
        }
    }

    fn sample(&mut self, dims: &[Dimension], distribution: &str, minutes: u32) {
        self.add(dims, &counter::samples(distribution), 1);
        self.add(dims, &counter::bucket(distribution, bucket_of(minutes)), 1);
    }

    fn live(&mut self, name: String, by: i64) {
        let v = self.live.entry(name).or_default();
        *v += by;
        if *v == 0 {
            // Opposite moves of one event (e.g. reassigned to the same holder) cancel.
            self.live.retain(|_, v| *v != 0);
        }
    }

    /// The ticket left (-1) or joined (+1) the unsolved set: backlog and its holder.
    fn unsolved(&mut self, holder: Option<&UserId>, by: i64) {
        self.add(&[Dimension::all()], counter::BACKLOG_DELTA, by);
        self.live(live::BACKLOG.to_owned(), by);
        self.live(live::holder(holder), by);
    }
}

pub fn is_unsolved(s: Status) -> bool {
    crate::views::UNSOLVED.contains(&s)
}

/// The bucket index of a duration.
pub fn bucket_of(minutes: u32) -> usize {
    BUCKETS.iter().position(|b| minutes <= *b).unwrap_or(BUCKETS.len())
}

fn minutes_between(from: time::OffsetDateTime, to: time::OffsetDateTime) -> u32 {
    u32::try_from((to - from).whole_seconds().max(0).unsigned_abs().div_ceil(60)).unwrap_or(u32::MAX)
}

/// Whether a clock was met by `met_at` (the first response, the solve); `None` when
/// it was not measured (no policy, or the clock was never planned).
fn outcome(target: Option<&SlaTarget>, met_at: Option<time::OffsetDateTime>) -> Option<bool> {
    let t = target?;
    if t.breached {
        return Some(false);
    }
    let met = met_at.map(instant)?;
    Some(t.due_at.is_none_or(|due| met <= due))
}

/// Everything `event` adds to the aggregates, on its day in `time_zone`.
pub fn contribution(event: &Event, time_zone: Option<&str>) -> Contribution {
    let mut c = Contribution {
        day: local_day(event.occurred_at, time_zone),
        ..Contribution::default()
    };
    let Some(ticket) = event.ticket() else {
        return c;
    };
    let all = Dimension::all();
    let prio = Dimension::priority(ticket.priority);
    let assignee = ticket.assignee_id.as_ref().map(Dimension::agent);
    let org_and_priority = [all.clone(), prio.clone()];
    let with_assignee: Vec<Dimension> = org_and_priority.iter().cloned().chain(assignee.clone()).collect();
    match &event.payload {
        EventPayload::TicketCreated { .. } => {
            c.add(&org_and_priority, counter::TICKETS_CREATED, 1);
            c.live(live::status(ticket.status), 1);
            if is_unsolved(ticket.status) {
                c.unsolved(ticket.assignee_id.as_ref(), 1);
            }
        }
        EventPayload::TicketStatusChanged { from, to, .. } => {
            status_moved(
                &mut c,
                ticket,
                *from,
                *to,
                event.occurred_at,
                &with_assignee,
                &org_and_priority,
            );
        }
        EventPayload::TicketMerged { from, .. } => {
            status_moved(
                &mut c,
                ticket,
                *from,
                ticket.status,
                event.occurred_at,
                &with_assignee,
                &org_and_priority,
            );
        }
        EventPayload::TicketAssigned {
            previous_assignee_id, ..
        } if is_unsolved(ticket.status) && *previous_assignee_id != ticket.assignee_id => {
            c.live(live::holder(previous_assignee_id.as_ref()), -1);
            c.live(live::holder(ticket.assignee_id.as_ref()), 1);
        }
        EventPayload::InteractionAdded { interaction, .. }
            if interaction.author.kind == AuthorKind::Agent && !interaction.internal =>
        {
            let author = interaction.author.id.as_ref().map(Dimension::agent);
            let dims: Vec<Dimension> = org_and_priority.iter().cloned().chain(author).collect();
            c.add(&dims, counter::REPLIES_SENT, 1);
            if ticket.first_response_at == Some(interaction.created_at) {
                c.sample(
                    &dims,
                    counter::FIRST_RESPONSE,
                    minutes_between(ticket.created_at, interaction.created_at),
                );
                let target = ticket.sla.as_ref().and_then(|s| s.first_response.as_ref());
                if let Some(achieved) = outcome(target, Some(interaction.created_at)) {
                    c.add(&org_and_priority, &counter::outcome("first_response", achieved), 1);
                }
            }
        }
        EventPayload::SlaBreached { metric, .. } => {
            c.add(&with_assignee, counter::SLA_BREACHED, 1);
            c.add(&org_and_priority, &counter::breached(metric), 1);
        }
        _ => {}
    }
    c
}

fn status_moved(
    c: &mut Contribution,
    ticket: &Ticket,
    from: Status,
    to: Status,
    at: time::OffsetDateTime,
    with_assignee: &[Dimension],
    org_and_priority: &[Dimension],
) {
    if from == to {
        return;
    }
    c.live(live::status(from), -1);
    c.live(live::status(to), 1);
    match (is_unsolved(from), is_unsolved(to)) {
        (true, false) => {
            c.unsolved(ticket.assignee_id.as_ref(), -1);
            c.add(with_assignee, counter::TICKETS_RESOLVED, 1);
            c.sample(
                with_assignee,
                counter::RESOLUTION,
                minutes_between(ticket.created_at, at),
            );
            // Each solve ends a resolution cycle (a reopened ticket starts another).
            if let Some(achieved) = outcome(ticket.sla.as_ref().and_then(|s| s.resolution.as_ref()), Some(at)) {
                c.add(org_and_priority, &counter::outcome("resolution", achieved), 1);
            }
        }
        (false, true) => {
            c.unsolved(ticket.assignee_id.as_ref(), 1);
            c.add(with_assignee, counter::TICKETS_REOPENED, 1);
        }
        _ => {}
    }
}

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
        let date = |name: &'static str, raw: Option<&str>| {
            raw.unwrap_or_default()
                .parse::<jiff::civil::Date>()
                .map_err(|_| DomainError::field(name, "expected a date like 2026-11-01"))
        };
        let (from, to) = (date("from", from)?, date("to", to)?);
        let span = from.until(to).map(|s| s.get_days()).unwrap_or(-1);
        if !(0..RANGE_MAX_DAYS).contains(&span) {
            return Err(DomainError::Validation(vec![crate::FieldError::new(
                "to",
                format!("must not be before from, and the range at most {RANGE_MAX_DAYS} days"),
            )]));
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
    use crate::events::InteractionSummary;
    use crate::sla::SlaState;
    use crate::{Author, Caller, Channel, EventId, InteractionId, OrgId, Role, TicketId, TicketNumber};
    use proptest::prelude::*;
    use time::macros::datetime;

    fn ticket(status: Status, assignee: Option<&str>) -> Ticket {
        let caller = Caller {
            org_id: OrgId::parse("10001").unwrap(),
            user_id: UserId::parse("bob").unwrap(),
            role: Role::Agent,
            email: None,
        };
        let input = crate::ticket::NewTicketInput {
            subject: "Printer".into(),
            description: "Jammed".into(),
            customer_id: Some("c1".into()),
            priority: Some(Priority::High),
            ..Default::default()
        };
        let mut t = crate::NewTicket::parse(input, &caller)
            .unwrap()
            .open(
                &caller,
                TicketId::new(),
                TicketNumber::new(1),
                datetime!(2026-11-02 08:00 UTC),
            )
            .ticket;
        t.status = status;
        t.assignee_id = assignee.map(|a| UserId::parse(a).unwrap());
        t
    }

    fn event(payload: EventPayload, at: time::OffsetDateTime) -> Event {
        Event {
            event_id: EventId::new(),
            org_id: OrgId::parse("10001").unwrap(),
            occurred_at: at,
            ticket_id: TicketId::new(),
            payload,
        }
    }

    fn daily(c: &Contribution, d: &Dimension, counter: &str) -> i64 {
        c.daily.get(d).and_then(|m| m.get(counter)).copied().unwrap_or(0)
    }

    #[test]
    fn a_new_ticket_counts_as_created_in_the_orgs_day_and_joins_the_backlog() {
        let t = ticket(Status::New, None);
        // 23:30 UTC is already the next day in Berlin.
        let e = event(
            EventPayload::TicketCreated { ticket: Box::new(t) },
            datetime!(2026-11-02 23:30 UTC),
        );
        let c = contribution(&e, Some("Europe/Berlin"));
        assert_eq!(c.day, "2026-11-03");
        assert_eq!(daily(&c, &Dimension::all(), counter::TICKETS_CREATED), 1);
        assert_eq!(
            daily(&c, &Dimension::priority(Priority::High), counter::TICKETS_CREATED),
            1
        );
        assert_eq!(daily(&c, &Dimension::all(), counter::BACKLOG_DELTA), 1);
        assert_eq!(c.live.get("status_new"), Some(&1));
        assert_eq!(c.live.get(live::UNASSIGNED), Some(&1));
    }

    #[test]
    fn solving_records_resolution_time_sla_outcomes_and_the_assignees_share() {
        let mut t = ticket(Status::Resolved, Some("alice"));
        t.first_response_at = Some(datetime!(2026-11-02 08:20 UTC));
        t.sla = Some(SlaState {
            first_response: Some(SlaTarget {
                due_at: Some(instant(datetime!(2026-11-02 08:30 UTC))),
                warn_at: None,
                met_at: None,
                paused: false,
                breached: false,
            }),
            next_response: None,
            resolution: Some(SlaTarget {
                due_at: Some(instant(datetime!(2026-11-02 10:00 UTC))),
                warn_at: None,
                met_at: None,
                paused: false,
                breached: false,
            }),
            next_check_at: None,
            computed_at: instant(datetime!(2026-11-02 08:20 UTC)),
        });
        let e = event(
            EventPayload::TicketStatusChanged {
                ticket: Box::new(t),
                from: Status::Open,
                to: Status::Resolved,
            },
            datetime!(2026-11-02 11:00 UTC),
        );
        let c = contribution(&e, None);
        let alice = Dimension::agent(&UserId::parse("alice").unwrap());
        assert_eq!(daily(&c, &alice, counter::TICKETS_RESOLVED), 1);
        assert_eq!(
            daily(&c, &alice, "res_b10"),
            1,
            "three hours fall in the (120, 180] min bucket"
        );
        assert_eq!(daily(&c, &Dimension::all(), "sla_resolution_missed"), 1);
        assert_eq!(
            daily(&c, &Dimension::all(), "sla_first_response_achieved"),
            0,
            "counted when sent"
        );
        assert_eq!(
            daily(&c, &alice, "sla_resolution_missed"),
            0,
            "outcomes are per org and priority"
        );
        assert_eq!(daily(&c, &Dimension::all(), counter::BACKLOG_DELTA), -1);
        assert_eq!(c.live.get("assignee_alice"), Some(&-1));
        assert_eq!(c.live.get("status_open"), Some(&-1));
        assert_eq!(c.live.get("status_resolved"), Some(&1));
    }

    #[test]
    fn reopening_counts_once_and_resolved_to_closed_moves_only_the_status() {
        let t = ticket(Status::Open, None);
        let reopened = event(
            EventPayload::TicketStatusChanged {
                ticket: Box::new(t.clone()),
                from: Status::Resolved,
                to: Status::Open,
            },
            datetime!(2026-11-03 09:00 UTC),
        );
        let c = contribution(&reopened, None);
        assert_eq!(daily(&c, &Dimension::all(), counter::TICKETS_REOPENED), 1);
        assert_eq!(daily(&c, &Dimension::all(), counter::BACKLOG_DELTA), 1);
        let closed = event(
            EventPayload::TicketStatusChanged {
                ticket: Box::new(ticket(Status::Closed, None)),
                from: Status::Resolved,
                to: Status::Closed,
            },
            datetime!(2026-11-03 09:00 UTC),
        );
        let c = contribution(&closed, None);
        assert!(c.daily.is_empty(), "{c:?}");
        assert_eq!(c.live.len(), 2);
    }

    #[test]
    fn the_first_public_agent_reply_is_a_first_response_sample_and_notes_count_nothing() {
        let mut t = ticket(Status::Open, Some("alice"));
        let at = datetime!(2026-11-02 08:14 UTC);
        t.first_response_at = Some(at);
        t.sla = Some(SlaState {
            first_response: Some(SlaTarget {
                due_at: Some(instant(datetime!(2026-11-02 08:10 UTC))),
                warn_at: None,
                met_at: None,
                paused: false,
                breached: false,
            }),
            next_response: None,
            resolution: None,
            next_check_at: None,
            computed_at: instant(datetime!(2026-11-02 08:00 UTC)),
        });
        let reply = |internal: bool| InteractionSummary {
            id: InteractionId::new(),
            author: Author {
                kind: AuthorKind::Agent,
                id: Some(UserId::parse("bob").unwrap()),
            },
            internal,
            body: None,
            channel: Channel::Web,
            created_at: at,
        };
        let c = contribution(
            &event(
                EventPayload::InteractionAdded {
                    ticket: Box::new(t.clone()),
                    interaction: reply(false),
                },
                at,
            ),
            None,
        );
        let bob = Dimension::agent(&UserId::parse("bob").unwrap());
        assert_eq!(daily(&c, &bob, counter::REPLIES_SENT), 1);
        assert_eq!(daily(&c, &bob, "frt_n"), 1);
        assert_eq!(
            daily(&c, &bob, "frt_b04"),
            1,
            "14 minutes fall in the (10, 15] min bucket"
        );
        assert_eq!(
            daily(&c, &Dimension::all(), "sla_first_response_missed"),
            1,
            "due at 08:10"
        );
        let note = contribution(
            &event(
                EventPayload::InteractionAdded {
                    ticket: Box::new(t),
                    interaction: reply(true),
                },
                at,
            ),
            None,
        );
        assert!(note.is_empty());
    }

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

    fn any_status() -> impl Strategy<Value = Status> {
        prop::sample::select(vec![
            Status::New,
            Status::Open,
            Status::Pending,
            Status::OnHold,
            Status::Resolved,
            Status::Closed,
        ])
    }

    proptest! {
        /// Whatever path a ticket takes, the live counts summed over its events equal the
        /// counts of where it ended: one status, and backlog/holder only when unsolved.
        #[test]
        fn live_counts_follow_any_path(path in prop::collection::vec((any_status(), prop::option::of(0..3usize)), 1..12)) {
            let agents = ["alice", "bob", "carol"];
            let mut t = ticket(Status::New, None);
            let mut sum: BTreeMap<String, i64> = BTreeMap::new();
            let mut apply = |c: Contribution| for (k, v) in c.live { *sum.entry(k).or_default() += v; };
            apply(contribution(&event(EventPayload::TicketCreated { ticket: Box::new(t.clone()) }, t.created_at), None));
            for (status, assignee) in path {
                let previous = t.assignee_id.clone();
                t.assignee_id = assignee.map(|i| UserId::parse(agents[i]).unwrap());
                apply(contribution(&event(EventPayload::TicketAssigned {
                    ticket: Box::new(t.clone()), previous_assignee_id: previous, previous_team_id: None,
                }, t.created_at), None));
                let from = t.status;
                t.status = status;
                if from != status {
                    apply(contribution(&event(EventPayload::TicketStatusChanged {
                        ticket: Box::new(t.clone()), from, to: status,
                    }, t.created_at), None));
                }
            }
            sum.retain(|_, v| *v != 0);
            let mut expected = BTreeMap::from([(live::status(t.status), 1)]);
            if is_unsolved(t.status) {
                expected.insert(live::BACKLOG.to_owned(), 1);
                expected.insert(live::holder(t.assignee_id.as_ref()), 1);
            }
            prop_assert_eq!(sum, expected);
        }
    }
}

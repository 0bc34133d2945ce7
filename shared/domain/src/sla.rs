//! SLA clocks: business hours in an org's time zone, and deadlines measured on them.
//!
//! A [`Schedule`] is a week of working periods (several per day, split shifts allowed, a
//! period whose end is not after its start runs past midnight) in an IANA time zone,
//! minus holidays. Time is counted in physical seconds between real instants, so a day
//! on which clocks change has one hour more or less of work only if a working period
//! spans the change. Deadlines skip the intervals in which a ticket's clock was paused.
//! Pure: no I/O; property-tested below.

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::{Date, Weekday};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

use crate::{DomainError, FieldError};

pub const PERIODS_PER_DAY_MAX: usize = 6;
pub const HOLIDAYS_MAX: usize = 400;
/// How far ahead deadlines are searched; a schedule with less work than this is refused.
const HORIZON_DAYS: i64 = 800;

/// Business hours as an admin writes them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BusinessHours {
    /// IANA time zone, e.g. `Europe/Berlin`.
    pub time_zone: String,
    /// Working periods per weekday (`monday` … `sunday`), as `HH:MM`. A period whose end
    /// is not after its start ends the next day (`22:00`-`06:00`); `00:00`-`00:00` is a
    /// whole day.
    pub week: BTreeMap<String, Vec<Period>>,
    /// Days without work, `YYYY-MM-DD`, in the org's time zone.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub holidays: Vec<Date>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Period {
    pub start: String,
    pub end: String,
}

impl BusinessHours {
    /// Monday to Friday, 09:00-17:00, in `time_zone`.
    pub fn office(time_zone: &str) -> Self {
        let days = ["monday", "tuesday", "wednesday", "thursday", "friday"];
        let week = days
            .iter()
            .map(|d| {
                (
                    (*d).to_owned(),
                    vec![Period {
                        start: "09:00".into(),
                        end: "17:00".into(),
                    }],
                )
            })
            .collect();
        Self {
            time_zone: time_zone.to_owned(),
            week,
            holidays: Vec::new(),
        }
    }

    /// Checks everything and compiles the schedule.
    pub fn schedule(&self) -> Result<Schedule, DomainError> {
        let mut errors = Vec::new();
        let tz = TimeZone::get(&self.time_zone)
            .map_err(|_| errors.push(FieldError::new("time_zone", "not an IANA time zone")))
            .ok();
        let mut week: [Vec<(u16, u16)>; 7] = Default::default();
        for (day, periods) in &self.week {
            let Some(index) = weekday_index(day) else {
                errors.push(FieldError::new(
                    format!("week.{day}"),
                    "not a weekday (monday … sunday)",
                ));
                continue;
            };
            if periods.len() > PERIODS_PER_DAY_MAX {
                errors.push(FieldError::new(
                    format!("week.{day}"),
                    format!("at most {PERIODS_PER_DAY_MAX} periods"),
                ));
            }
            let mut parsed = Vec::new();
            for (i, p) in periods.iter().enumerate() {
                match (minute_of_day(&p.start), minute_of_day(&p.end)) {
                    (Some(s), Some(e)) => parsed.push((s, e)),
                    _ => errors.push(FieldError::new(format!("week.{day}[{i}]"), "start and end are HH:MM")),
                }
            }
            parsed.sort_unstable();
            // Within a day periods must not overlap; only the last may run past midnight.
            for w in parsed.windows(2) {
                let ends_after_next_start = w[0].1 > w[1].0 || w[0].1 <= w[0].0;
                if ends_after_next_start {
                    errors.push(FieldError::new(format!("week.{day}"), "periods overlap"));
                }
            }
            week[index] = parsed;
        }
        if week.iter().all(Vec::is_empty) && !errors.iter().any(|e| e.field.starts_with("week")) {
            errors.push(FieldError::new("week", "at least one working period"));
        }
        if self.holidays.len() > HOLIDAYS_MAX {
            errors.push(FieldError::new("holidays", format!("at most {HOLIDAYS_MAX}")));
        }
        match tz {
            Some(tz) if errors.is_empty() => Ok(Schedule {
                tz,
                week,
                holidays: self.holidays.iter().copied().collect(),
            }),
            _ => Err(DomainError::Validation(errors)),
        }
    }
}

fn weekday_index(day: &str) -> Option<usize> {
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
    .iter()
    .position(|d| *d == day)
}

fn minute_of_day(s: &str) -> Option<u16> {
    let (h, m) = s.split_once(':')?;
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60 && s.len() == 5).then_some(h * 60 + m)
}

/// When work happens: a compiled [`BusinessHours`], or around the clock.
#[derive(Debug, Clone)]
pub struct Schedule {
    tz: TimeZone,
    /// Index 0 is Monday; minutes of the day.
    week: [Vec<(u16, u16)>; 7],
    holidays: BTreeSet<Date>,
}

impl Schedule {
    /// Every minute counts (calendar hours).
    pub fn always() -> Self {
        Self {
            tz: TimeZone::UTC,
            week: std::array::from_fn(|_| vec![(0, 0)]),
            holidays: BTreeSet::new(),
        }
    }

    fn instant(&self, date: Date, minute: u16) -> Option<Timestamp> {
        let dt = date.at((minute / 60) as i8, (minute % 60) as i8, 0, 0);
        dt.to_zoned(self.tz.clone()).ok().map(|z| z.timestamp())
    }

    /// Working intervals that end after `from`, in time order, without overlaps.
    pub fn intervals_from(&self, from: Timestamp) -> impl Iterator<Item = (Timestamp, Timestamp)> + '_ {
        let first_day = from.to_zoned(self.tz.clone()).date().yesterday().unwrap_or(Date::MIN);
        let mut last_end = from;
        (0..HORIZON_DAYS)
            .filter_map(move |n| first_day.checked_add(jiff::Span::new().days(n)).ok())
            .flat_map(move |day| {
                let index = weekday_number(day.weekday());
                let periods = if self.holidays.contains(&day) {
                    Vec::new()
                } else {
                    self.week[index].clone()
                };
                let mut out = Vec::new();
                for (s, e) in periods {
                    let start = self.instant(day, s);
                    let end = if e > s {
                        self.instant(day, e)
                    } else {
                        day.tomorrow().ok().and_then(|d| self.instant(d, e))
                    };
                    if let (Some(start), Some(end)) = (start, end) {
                        out.push((start, end));
                    }
                }
                out
            })
            .filter_map(move |(s, e)| {
                let s = s.max(last_end);
                if e <= s {
                    return None;
                }
                last_end = e;
                Some((s, e))
            })
    }

    /// The instant at which `minutes` of work have passed since `start`, not counting
    /// the `excluded` intervals (paused clocks). `None` if the horizon has no such time.
    pub fn add_minutes(
        &self,
        start: Timestamp,
        minutes: u32,
        excluded: &[(Timestamp, Timestamp)],
    ) -> Option<Timestamp> {
        let mut remaining = SignedDuration::from_mins(i64::from(minutes));
        if remaining.is_zero() {
            return Some(start);
        }
        for (s, e) in self.intervals_from(start) {
            for (ps, pe) in subtract(s, e, excluded) {
                let available = pe.duration_since(ps);
                if remaining <= available {
                    return Some(ps + remaining);
                }
                remaining -= available;
            }
        }
        None
    }

    /// Work time between two instants, not counting `excluded`.
    pub fn worked(&self, from: Timestamp, to: Timestamp, excluded: &[(Timestamp, Timestamp)]) -> SignedDuration {
        let mut total = SignedDuration::ZERO;
        for (s, e) in self.intervals_from(from) {
            if s >= to {
                break;
            }
            for (ps, pe) in subtract(s, e.min(to), excluded) {
                total += pe.duration_since(ps);
            }
        }
        total
    }
}

fn weekday_number(w: Weekday) -> usize {
    (w.to_monday_zero_offset()) as usize
}

/// The parts of `[s, e)` outside every excluded interval.
fn subtract(s: Timestamp, e: Timestamp, excluded: &[(Timestamp, Timestamp)]) -> Vec<(Timestamp, Timestamp)> {
    let mut parts = vec![(s, e)];
    for &(xs, xe) in excluded {
        parts = parts
            .into_iter()
            .flat_map(|(a, b)| {
                if xe <= a || xs >= b {
                    vec![(a, b)]
                } else {
                    [(a, xs.min(b)), (xe.max(a), b)]
                        .into_iter()
                        .filter(|(p, q)| p < q)
                        .collect()
                }
            })
            .collect();
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn hours(tz: &str, week: &[(&str, &[(&str, &str)])], holidays: &[&str]) -> Schedule {
        BusinessHours {
            time_zone: tz.into(),
            week: week
                .iter()
                .map(|(d, ps)| {
                    (
                        (*d).to_owned(),
                        ps.iter()
                            .map(|(s, e)| Period {
                                start: (*s).into(),
                                end: (*e).into(),
                            })
                            .collect(),
                    )
                })
                .collect(),
            holidays: holidays.iter().map(|h| h.parse().unwrap()).collect(),
        }
        .schedule()
        .unwrap()
    }

    #[test]
    fn office_hours_carry_over_the_weekend() {
        let berlin = BusinessHours::office("Europe/Berlin").schedule().unwrap();
        // Friday 16:00 Berlin (CET, UTC+1) + 2 working hours = Monday 10:00.
        let due = berlin.add_minutes(ts("2026-01-09T15:00:00Z"), 120, &[]).unwrap();
        assert_eq!(due, ts("2026-01-12T09:00:00Z"));
        // Saturday counts nothing.
        assert_eq!(
            berlin.worked(ts("2026-01-10T00:00:00Z"), ts("2026-01-11T23:00:00Z"), &[]),
            SignedDuration::ZERO
        );
    }

    #[test]
    fn split_shifts_holidays_and_periods_past_midnight() {
        let s = hours(
            "UTC",
            &[
                ("monday", &[("08:00", "12:00"), ("13:00", "17:00")]),
                ("tuesday", &[("22:00", "06:00")]),
            ],
            &["2026-01-19"],
        );
        // Monday 11:00 + 2h: one hour before lunch, one after.
        assert_eq!(
            s.add_minutes(ts("2026-01-12T11:00:00Z"), 120, &[]),
            Some(ts("2026-01-12T14:00:00Z"))
        );
        // Tuesday night shift runs into Wednesday morning.
        assert_eq!(
            s.add_minutes(ts("2026-01-13T23:00:00Z"), 360, &[]),
            Some(ts("2026-01-14T05:00:00Z"))
        );
        // Monday the 19th is a holiday: from Sunday the work starts on Tuesday night.
        assert_eq!(
            s.add_minutes(ts("2026-01-18T12:00:00Z"), 60, &[]),
            Some(ts("2026-01-20T23:00:00Z"))
        );
    }

    #[test]
    fn daylight_saving_changes_shorten_and_lengthen_the_night() {
        // Europe/Berlin springs forward on 2026-03-29 at 02:00 and falls back on 2026-10-25.
        let s = hours("Europe/Berlin", &[("sunday", &[("01:00", "04:00")])], &[]);
        let spring = s.worked(ts("2026-03-28T00:00:00Z"), ts("2026-03-30T00:00:00Z"), &[]);
        assert_eq!(spring, SignedDuration::from_hours(2));
        let autumn = s.worked(ts("2026-10-24T00:00:00Z"), ts("2026-10-26T00:00:00Z"), &[]);
        assert_eq!(autumn, SignedDuration::from_hours(4));
    }

    #[test]
    fn paused_intervals_do_not_count() {
        let s = Schedule::always();
        let start = ts("2026-01-01T00:00:00Z");
        let pause = [(ts("2026-01-01T01:00:00Z"), ts("2026-01-01T03:00:00Z"))];
        assert_eq!(s.add_minutes(start, 120, &pause), Some(ts("2026-01-01T04:00:00Z")));
        assert_eq!(
            s.worked(start, ts("2026-01-01T04:00:00Z"), &pause),
            SignedDuration::from_hours(2)
        );
    }

    #[test]
    fn bad_hours_are_refused_with_field_names() {
        let bad = BusinessHours {
            time_zone: "Mars/Olympus".into(),
            week: BTreeMap::from([
                ("funday".into(), vec![]),
                (
                    "monday".into(),
                    vec![
                        Period {
                            start: "09:00".into(),
                            end: "12:00".into(),
                        },
                        Period {
                            start: "11:00".into(),
                            end: "13:00".into(),
                        },
                    ],
                ),
                (
                    "tuesday".into(),
                    vec![Period {
                        start: "9".into(),
                        end: "25:00".into(),
                    }],
                ),
            ]),
            holidays: vec![],
        };
        let DomainError::Validation(errors) = bad.schedule().unwrap_err() else {
            panic!()
        };
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["time_zone", "week.funday", "week.monday", "week.tuesday[0]"]);
    }

    fn zones() -> impl Strategy<Value = &'static str> {
        prop_oneof![
            Just("UTC"),
            Just("Europe/Berlin"),
            Just("America/New_York"),
            Just("Australia/Lord_Howe"),
            Just("Asia/Kolkata")
        ]
    }

    proptest! {
        /// Adding work and measuring it back agree, adding more never ends earlier, and a
        /// deadline always falls inside working time — in zones with DST, half-hour
        /// offsets and half-hour DST changes, across the whole year.
        #[test]
        fn adding_and_measuring_work_agree(
            zone in zones(),
            start in 1_767_225_600i64..1_798_761_600i64,
            a in 0u32..5_000,
            b in 0u32..5_000,
            shift in prop_oneof![Just(("09:00", "17:00")), Just(("22:00", "06:00")), Just(("00:00", "00:00"))],
        ) {
            let s = hours(zone, &[("monday", &[shift]), ("wednesday", &[("08:00", "12:00"), ("13:30", "18:00")]), ("saturday", &[shift])], &[]);
            let start = Timestamp::from_second(start).unwrap();
            let (lo, hi) = (a.min(b), a.max(b));
            let due_lo = s.add_minutes(start, lo, &[]).unwrap();
            let due_hi = s.add_minutes(start, hi, &[]).unwrap();
            prop_assert!(due_lo <= due_hi);
            prop_assert_eq!(s.worked(start, due_hi, &[]), SignedDuration::from_mins(i64::from(hi)));
            if hi > 0 {
                let inside = s.intervals_from(start).take_while(|(st, _)| *st < due_hi).any(|(st, en)| st < due_hi && due_hi <= en);
                prop_assert!(inside, "deadline {due_hi} is outside working time");
            }
        }
    }
}

/// SLA targets for one priority, in minutes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SlaPolicy {
    pub priority: crate::Priority,
    pub first_response_minutes: Option<u32>,
    /// After each customer message that waits for an agent.
    pub next_response_minutes: Option<u32>,
    pub resolution_minutes: Option<u32>,
    /// Count business hours (true) or calendar hours (false).
    #[serde(default = "yes")]
    pub business_hours: bool,
    /// Share of a target after which a warning is due.
    #[serde(default = "default_warn")]
    pub warn_at_percent: u8,
    /// Statuses that stop the resolution and next-response clocks.
    #[serde(default = "default_pause")]
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
        let mut seen = BTreeSet::new();
        for (i, p) in self.policies.iter().enumerate() {
            if !seen.insert(p.priority) {
                errors.push(FieldError::new(
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
        if errors.is_empty() {
            Ok(())
        } else {
            Err(DomainError::Validation(errors))
        }
    }

    pub fn for_priority(&self, p: crate::Priority) -> Option<&SlaPolicy> {
        self.policies.iter().find(|x| x.priority == p)
    }
}

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

/// The calendar day (`YYYY-MM-DD`) of an instant in an IANA time zone (UTC when none or
/// unknown): reports count by the org's own days.
pub fn local_day(t: time::OffsetDateTime, time_zone: Option<&str>) -> String {
    let tz = time_zone.and_then(|z| TimeZone::get(z).ok()).unwrap_or(TimeZone::UTC);
    instant(t).to_zoned(tz).date().to_string()
}

/// Converts the domain's `time` instants to the clock's.
pub fn instant(t: time::OffsetDateTime) -> Timestamp {
    Timestamp::from_nanosecond(t.unix_timestamp_nanos()).unwrap_or(Timestamp::UNIX_EPOCH)
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
mod crossing_tests {
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

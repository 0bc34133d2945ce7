//! Business hours in an org's time zone, and deadlines measured on them.
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
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::input::schema::time_zone))]
    pub time_zone: String,
    /// Working periods per weekday (`monday` … `sunday`), as `HH:MM`. A period whose end
    /// is not after its start ends the next day (`22:00`-`06:00`); `00:00`-`00:00` is a
    /// whole day.
    #[cfg_attr(feature = "openapi", schema(schema_with = week_schema))]
    pub week: BTreeMap<String, Vec<Period>>,
    /// Days without work, `YYYY-MM-DD`, in the org's time zone.
    #[serde(default, deserialize_with = "dates")]
    #[cfg_attr(feature = "openapi", schema(schema_with = holidays_schema))]
    pub holidays: Vec<Date>,
}

/// Dates exactly as [`crate::input::DATE`] documents them (a date parser would take more
/// forms than the document says).
fn dates<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Date>, D::Error> {
    let raw = <Vec<String> as Deserialize>::deserialize(d)?;
    raw.iter()
        .map(|s| {
            crate::input::date(s)
                .ok_or_else(|| serde::de::Error::custom(format!("{s:?} is not a date like 2026-12-24")))
        })
        .collect()
}

/// The weekdays as keys, each with at most [`PERIODS_PER_DAY_MAX`] periods.
#[cfg(feature = "openapi")]
fn week_schema() -> utoipa::openapi::schema::Object {
    use utoipa::openapi::schema::{AdditionalProperties, ArrayBuilder, ObjectBuilder, Type};
    let periods = ArrayBuilder::new()
        .items(utoipa::openapi::Ref::from_schema_name("Period"))
        .max_items(Some(PERIODS_PER_DAY_MAX));
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .property_names(Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some(WEEKDAYS)),
        ))
        .additional_properties(Some(AdditionalProperties::RefOr(periods.build().into())))
        .build()
}

#[cfg(feature = "openapi")]
fn holidays_schema() -> utoipa::openapi::schema::Array {
    crate::input::schema::list(crate::input::schema::date(), HOLIDAYS_MAX)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Period {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::input::schema::time))]
    pub start: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::input::schema::time))]
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

    /// Checks everything and compiles the schedule: the shape (400) and the rules
    /// between values (422: a zone that exists, periods that do not overlap, some work).
    pub fn schedule(&self) -> Result<Schedule, DomainError> {
        let mut errors = Vec::new();
        let mut rules = Vec::new();
        let tz = if crate::input::time_zone_shape(&self.time_zone) {
            TimeZone::get(&self.time_zone)
                .map_err(|_| rules.push(FieldError::new("time_zone", "not an IANA time zone")))
                .ok()
        } else {
            errors.push(FieldError::new(
                "time_zone",
                "an IANA time zone name, e.g. Europe/Berlin",
            ));
            None
        };
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
                match (crate::input::time(&p.start), crate::input::time(&p.end)) {
                    (Some(s), Some(e)) => parsed.push((s, e)),
                    _ => errors.push(FieldError::new(format!("week.{day}[{i}]"), "start and end are HH:MM")),
                }
            }
            parsed.sort_unstable();
            // Within a day periods must not overlap; only the last may run past midnight.
            for w in parsed.windows(2) {
                let ends_after_next_start = w[0].1 > w[1].0 || w[0].1 <= w[0].0;
                if ends_after_next_start {
                    rules.push(FieldError::new(format!("week.{day}"), "periods overlap"));
                }
            }
            week[index] = parsed;
        }
        if self.holidays.len() > HOLIDAYS_MAX {
            errors.push(FieldError::new("holidays", format!("at most {HOLIDAYS_MAX}")));
        }
        if !errors.is_empty() {
            return Err(DomainError::Validation(errors));
        }
        if week.iter().all(Vec::is_empty) {
            rules.push(FieldError::new("week", "at least one working period"));
        }
        match tz {
            Some(tz) if rules.is_empty() => Ok(Schedule {
                tz,
                week,
                holidays: self.holidays.iter().copied().collect(),
            }),
            _ => Err(DomainError::Unprocessable(rules)),
        }
    }
}

/// The keys of [`BusinessHours::week`], Monday first.
pub const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

fn weekday_index(day: &str) -> Option<usize> {
    WEEKDAYS.iter().position(|d| *d == day)
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
        // The shape first (400): a day that is not one, a time that is not HH:MM.
        let DomainError::Validation(errors) = bad.schedule().unwrap_err() else {
            panic!()
        };
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["week.funday", "week.tuesday[0]"]);
        // Then the rules between values (422): a zone that does not exist, an overlap.
        let mut shaped = bad.clone();
        shaped.week.remove("funday");
        shaped.week.remove("tuesday");
        let DomainError::Unprocessable(rules) = shaped.schedule().unwrap_err() else {
            panic!()
        };
        let fields: Vec<_> = rules.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["time_zone", "week.monday"]);
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

//! Customer satisfaction: one rating per resolution of a ticket, from the survey mail's
//! signed links (or the portal), and the report of them.
//!
//! A resolution cycle is named by the instant the ticket was resolved (`resolved_at`,
//! Unix seconds): reopening and resolving again starts a new cycle and a new survey.
//! Within a cycle the latest rating counts; a link works for [`LINK_DAYS`] after it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::reports::{DateRange, Totals, ValueRow};
use crate::{CustomerId, DomainError, Status, TeamId, Ticket, TicketId, TicketNumber, UserId};

/// How long a survey link records a rating, from the resolution.
pub const LINK_DAYS: i64 = 28;
pub const COMMENT_MAX: usize = 2000;
/// Comments a report lists at most (the newest).
pub const COMMENTS_MAX: usize = 200;

pub use crate::rating::Rating;

/// Why a customer was not happy, as the survey page offers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Reason {
    TookTooLong,
    NotResolved,
    Unhelpful,
    Unfriendly,
    Other,
}

/// The org's survey settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CsatSettings {
    /// Ask for a rating when a ticket is resolved. Default true.
    #[serde(default = "yes")]
    pub enabled: bool,
    /// Also when a trigger or automation resolved it. Default false.
    #[serde(default)]
    pub after_rules: bool,
}

fn yes() -> bool {
    true
}

impl Default for CsatSettings {
    fn default() -> Self {
        Self {
            enabled: true,
            after_rules: false,
        }
    }
}

/// The cycle a resolved ticket is in, if it is resolved.
pub fn cycle(ticket: &Ticket) -> Option<i64> {
    (ticket.status == Status::Resolved)
        .then_some(ticket.resolved_at)
        .flatten()
        .map(OffsetDateTime::unix_timestamp)
}

/// Whether a link of `cycle` still records at `now`.
pub fn link_open(cycle: i64, now: OffsetDateTime) -> bool {
    now.unix_timestamp() <= cycle + LINK_DAYS * 86_400
}

/// The resolutions (Unix seconds) whose ratings may have been given in `range`: a link
/// rates up to [`LINK_DAYS`] after its resolution; a day more each side for the org's
/// zone.
pub fn cycles_rated_in(range: &DateRange) -> (i64, i64) {
    let at = |d: jiff::civil::Date| {
        d.to_zoned(jiff::tz::TimeZone::UTC)
            .map(|z| z.timestamp().as_second())
            .unwrap_or_default()
    };
    (at(range.from) - (LINK_DAYS + 1) * 86_400, at(range.to) + 2 * 86_400)
}

/// A customer's rating of one resolution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CsatRecord {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub ticket_id: TicketId,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub ticket_number: TicketNumber,
    pub subject: String,
    /// The resolution rated (Unix seconds of `resolved_at`).
    pub cycle: i64,
    pub rating: Rating,
    #[serde(default)]
    pub comment: Option<String>,
    #[serde(default)]
    pub reason: Option<Reason>,
    /// Who had the ticket, and its team and category, when it was rated.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub agent_id: Option<UserId>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub team_id: Option<TeamId>,
    #[serde(default)]
    pub category: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub customer_id: CustomerId,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub rated_at: OffsetDateTime,
    pub version: u64,
}

/// What a customer sends: a rating, and maybe a comment and a reason.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CsatInput {
    pub rating: Option<Rating>,
    pub comment: Option<String>,
    pub reason: Option<Reason>,
}

/// The record after `input` on `previous` (or the first): a comment or reason alone
/// needs a rating already given. 422 naming the field otherwise.
pub fn record(
    ticket: &Ticket,
    cycle: i64,
    previous: Option<&CsatRecord>,
    input: CsatInput,
    now: OffsetDateTime,
) -> Result<CsatRecord, DomainError> {
    let rating = input
        .rating
        .or(previous.map(|p| p.rating))
        .ok_or_else(|| DomainError::unprocessable("rating", "rate good, okay or bad first"))?;
    if input.comment.as_ref().is_some_and(|c| c.chars().count() > COMMENT_MAX) {
        return Err(DomainError::field(
            "comment",
            &format!("at most {COMMENT_MAX} characters"),
        ));
    }
    let comment = match input.comment {
        Some(c) => Some(c.trim().to_owned()).filter(|c| !c.is_empty()),
        None => previous.and_then(|p| p.comment.clone()),
    };
    Ok(CsatRecord {
        ticket_id: ticket.id,
        ticket_number: ticket.number,
        subject: ticket.subject.clone(),
        cycle,
        rating,
        comment,
        reason: input.reason.or(previous.and_then(|p| p.reason)),
        agent_id: ticket.assignee_id.clone(),
        team_id: ticket.team_id.clone(),
        category: ticket.category.clone(),
        customer_id: ticket.customer_id.clone(),
        rated_at: now,
        version: previous.map_or(1, |p| p.version + 1),
    })
}

/// Counts of ratings and their score: the average of good 100, okay 50, bad 0.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CsatCounts {
    pub good: u64,
    pub okay: u64,
    pub bad: u64,
    pub count: u64,
    /// 0 to 100; none without ratings.
    pub score: Option<u32>,
}

impl CsatCounts {
    pub fn new(good: u64, okay: u64, bad: u64) -> Self {
        let count = good + okay + bad;
        #[allow(clippy::cast_possible_truncation)]
        let score = (count > 0).then(|| ((good * 200 + okay * 100 + count) / (count * 2)) as u32);
        Self {
            good,
            okay,
            bad,
            count,
            score,
        }
    }

    fn of(t: &Totals) -> Self {
        Self::new(
            t.count(&Rating::Good.counter()),
            t.count(&Rating::Okay.counter()),
            t.count(&Rating::Bad.counter()),
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CsatDay {
    pub day: String,
    #[serde(flatten)]
    pub counts: CsatCounts,
}

/// One agent's, team's or category's ratings (`id` is the agent, team or category).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CsatGroup {
    pub id: String,
    pub name: String,
    #[serde(flatten)]
    pub counts: CsatCounts,
}

/// A rating with a comment or a reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CsatComment {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub ticket_id: TicketId,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub ticket_number: TicketNumber,
    pub subject: String,
    pub rating: Rating,
    pub comment: Option<String>,
    pub reason: Option<Reason>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub agent_id: Option<UserId>,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub rated_at: OffsetDateTime,
}

/// `GET /reports/csat`: ratings by the day they were given, per agent, team and
/// category, and the comments of the range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CsatReport {
    pub from: String,
    pub to: String,
    pub time_zone: String,
    pub total: CsatCounts,
    pub days: Vec<CsatDay>,
    pub agents: Vec<CsatGroup>,
    pub teams: Vec<CsatGroup>,
    pub categories: Vec<CsatGroup>,
    /// Newest first, at most [`COMMENTS_MAX`].
    pub comments: Vec<CsatComment>,
}

/// The rows of one dimension summed per value, named by `names` (else by the value),
/// those with ratings only, by name.
fn groups(rows: &[ValueRow<'_>], names: &BTreeMap<String, String>) -> Vec<CsatGroup> {
    let mut by: BTreeMap<&str, Totals> = BTreeMap::new();
    for (_, value, r) in rows {
        by.entry(value).or_default().add(r);
    }
    let mut out: Vec<CsatGroup> = by
        .into_iter()
        .map(|(id, t)| CsatGroup {
            id: id.to_owned(),
            name: names.get(id).cloned().unwrap_or_else(|| id.to_owned()),
            counts: CsatCounts::of(&t),
        })
        .filter(|g| g.counts.count > 0)
        .collect();
    out.sort_by(|a, b| a.name.to_lowercase().cmp(&b.name.to_lowercase()).then(a.id.cmp(&b.id)));
    out
}

/// The rows the report reads: the org's per day, and per agent, team and category.
pub struct CsatRows<'a> {
    pub org: &'a [ValueRow<'a>],
    pub agents: &'a [ValueRow<'a>],
    pub teams: &'a [ValueRow<'a>],
    pub categories: &'a [ValueRow<'a>],
}

/// Builds the report; `records` are the ratings that may fall in the range (their
/// rated day in `time_zone` decides).
pub fn report(
    range: &DateRange,
    time_zone: &str,
    rows: &CsatRows<'_>,
    names: &BTreeMap<String, String>,
    records: &[CsatRecord],
) -> CsatReport {
    let mut total = Totals::default();
    let mut by_day: BTreeMap<&str, Totals> = BTreeMap::new();
    for (day, _, r) in rows.org {
        total.add(r);
        by_day.entry(day).or_default().add(r);
    }
    let days = range
        .days()
        .into_iter()
        .map(|d| CsatDay {
            counts: by_day.get(d.as_str()).map(CsatCounts::of).unwrap_or_default(),
            day: d,
        })
        .collect();
    let (from, to) = (range.from.to_string(), range.to.to_string());
    let mut comments: Vec<CsatComment> = records
        .iter()
        .filter(|r| r.comment.is_some() || r.reason.is_some())
        .filter(|r| {
            let day = crate::hours::local_day(r.rated_at, Some(time_zone));
            from <= day && day <= to
        })
        .map(|r| CsatComment {
            ticket_id: r.ticket_id,
            ticket_number: r.ticket_number,
            subject: r.subject.clone(),
            rating: r.rating,
            comment: r.comment.clone(),
            reason: r.reason,
            agent_id: r.agent_id.clone(),
            rated_at: r.rated_at,
        })
        .collect();
    comments.sort_by_key(|c| std::cmp::Reverse(c.rated_at));
    comments.truncate(COMMENTS_MAX);
    CsatReport {
        from,
        to,
        time_zone: time_zone.to_owned(),
        total: CsatCounts::of(&total),
        days,
        agents: groups(rows.agents, names),
        teams: groups(rows.teams, names),
        categories: groups(rows.categories, &BTreeMap::new()),
        comments,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_score_is_the_average_of_good_okay_and_bad() {
        assert_eq!(CsatCounts::new(0, 0, 0).score, None);
        assert_eq!(CsatCounts::new(1, 0, 0).score, Some(100));
        assert_eq!(CsatCounts::new(1, 1, 1).score, Some(50));
        assert_eq!(CsatCounts::new(2, 1, 0).score, Some(83));
        assert_eq!(CsatCounts::new(0, 0, 4).score, Some(0));
    }

    #[test]
    fn links_close_after_28_days_from_the_resolution() {
        let cycle = 1_700_000_000;
        let at = |s: i64| OffsetDateTime::from_unix_timestamp(cycle + s).unwrap();
        assert!(link_open(cycle, at(LINK_DAYS * 86_400)));
        assert!(!link_open(cycle, at(LINK_DAYS * 86_400 + 1)));
    }

    #[test]
    fn the_latest_rating_counts_and_a_comment_keeps_it() {
        let t = crate::rules::tests_support::ticket();
        let now = OffsetDateTime::UNIX_EPOCH;
        assert!(
            record(&t, 1, None, CsatInput::default(), now).is_err(),
            "a comment alone needs a rating"
        );
        let first = record(
            &t,
            1,
            None,
            CsatInput {
                rating: Some(Rating::Bad),
                ..CsatInput::default()
            },
            now,
        )
        .unwrap();
        let second = record(
            &t,
            1,
            Some(&first),
            CsatInput {
                comment: Some(" slow ".into()),
                reason: Some(Reason::TookTooLong),
                ..CsatInput::default()
            },
            now,
        )
        .unwrap();
        assert_eq!(
            (second.rating, second.comment.as_deref(), second.version),
            (Rating::Bad, Some("slow"), 2)
        );
        let third = record(
            &t,
            1,
            Some(&second),
            CsatInput {
                rating: Some(Rating::Good),
                ..CsatInput::default()
            },
            now,
        )
        .unwrap();
        assert_eq!((third.rating, third.comment.as_deref()), (Rating::Good, Some("slow")));
    }
}

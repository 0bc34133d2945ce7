//! The self-service report: how often suggestions on the new-ticket form stopped a
//! ticket (deflection), and what help-center visitors searched for and did not find.
//!
//! The portal records each new-ticket form that showed suggestions once, when the
//! customer submits it or leaves it; the help center counts each search that found
//! nothing under its normalised query. Both are plain counters on the org's day rows.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{DateRange, DayRow, Totals, ValueRow};

/// Counter names of the `help` rows.
pub mod help_counter {
    /// New-ticket forms that showed at least one suggested article.
    pub const SUGGESTED: &str = "suggested";
    /// Of those, forms left without submitting: tickets the help center deflected.
    pub const ABANDONED: &str = "abandoned";
    pub const SUBMITTED: &str = "submitted";
    /// The counter of a `gap` row.
    pub const SEARCHES: &str = "searches";
}

/// How a new-ticket form that showed suggestions ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FormOutcome {
    /// The customer left without filing the ticket.
    Abandoned,
    Submitted,
}

impl FormOutcome {
    /// What one form adds to its day's `help` row.
    pub fn deltas(self) -> BTreeMap<String, i64> {
        let ended = match self {
            Self::Abandoned => help_counter::ABANDONED,
            Self::Submitted => help_counter::SUBMITTED,
        };
        BTreeMap::from([(help_counter::SUGGESTED.to_owned(), 1), (ended.to_owned(), 1)])
    }
}

/// Longest query kept as a content gap, in characters.
pub const GAP_QUERY_MAX: usize = 100;
/// Shortest query worth keeping.
const GAP_QUERY_MIN: usize = 3;
/// Content gaps a report lists.
pub const GAPS_LISTED: usize = 20;

/// A search as a content gap is counted under: lower case, single spaces, at most
/// [`GAP_QUERY_MAX`] characters; `None` for too little to say anything.
pub fn gap_query(q: &str) -> Option<String> {
    let words: Vec<String> = q.split_whitespace().map(str::to_lowercase).collect();
    let joined: String = words.join(" ").chars().take(GAP_QUERY_MAX).collect();
    let joined = joined.trim_end().to_owned();
    (joined.chars().count() >= GAP_QUERY_MIN).then_some(joined)
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeflectionCounts {
    /// New-ticket forms that showed suggested articles.
    pub suggested: u64,
    /// Of those, left without a ticket (deflected).
    pub abandoned: u64,
    pub submitted: u64,
    /// `abandoned ÷ suggested`; none before the first form.
    pub deflection_rate: Option<f64>,
}

impl DeflectionCounts {
    fn of(t: &Totals) -> Self {
        let (suggested, abandoned) = (t.count(help_counter::SUGGESTED), t.count(help_counter::ABANDONED));
        #[allow(clippy::cast_precision_loss)]
        Self {
            suggested,
            abandoned,
            submitted: t.count(help_counter::SUBMITTED),
            deflection_rate: (suggested > 0).then(|| abandoned as f64 / suggested as f64),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeflectionDay {
    pub day: String,
    #[serde(flatten)]
    pub counts: DeflectionCounts,
}

/// A help-center search that found nothing, and how often it was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContentGap {
    pub query: String,
    pub searches: u64,
}

/// `GET /reports/knowledge-base`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KnowledgeBaseReport {
    pub from: String,
    pub to: String,
    pub time_zone: String,
    pub days: Vec<DeflectionDay>,
    pub totals: DeflectionCounts,
    /// The most frequent searches without a result, most frequent first (at most 20).
    pub unanswered_searches: Vec<ContentGap>,
}

/// The report from the `help` rows and the `gap` rows of the range. Searching as one
/// types leaves the prefixes of a query behind ("refu", "refund pol", "refund policy"):
/// a query another one of the same day extends is not counted apart.
pub fn knowledge_base_report(
    range: &DateRange,
    time_zone: &str,
    help_rows: &[DayRow<'_>],
    gap_rows: &[ValueRow<'_>],
) -> KnowledgeBaseReport {
    let by_day: BTreeMap<&str, &BTreeMap<String, i64>> = help_rows.iter().copied().collect();
    let mut totals = Totals::default();
    let days = range
        .days()
        .into_iter()
        .map(|day| {
            let mut t = Totals::default();
            if let Some(row) = by_day.get(day.as_str()) {
                t.add(row);
                totals.add(row);
            }
            DeflectionDay {
                day,
                counts: DeflectionCounts::of(&t),
            }
        })
        .collect();
    let mut per_day: BTreeMap<&str, Vec<(&str, i64)>> = BTreeMap::new();
    for (day, query, counters) in gap_rows {
        let n = counters.get(help_counter::SEARCHES).copied().unwrap_or(0);
        per_day.entry(day).or_default().push((query, n));
    }
    let mut gaps: BTreeMap<&str, u64> = BTreeMap::new();
    for queries in per_day.values() {
        for (q, n) in queries {
            let extended = queries
                .iter()
                .any(|(other, _)| other.len() > q.len() && other.starts_with(q));
            if !extended {
                *gaps.entry(q).or_default() += u64::try_from(*n).unwrap_or(0);
            }
        }
    }
    let mut unanswered: Vec<ContentGap> = gaps
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(query, searches)| ContentGap {
            query: query.to_owned(),
            searches,
        })
        .collect();
    unanswered.sort_by(|a, b| b.searches.cmp(&a.searches).then_with(|| a.query.cmp(&b.query)));
    unanswered.truncate(GAPS_LISTED);
    KnowledgeBaseReport {
        from: range.from.to_string(),
        to: range.to.to_string(),
        time_zone: time_zone.to_owned(),
        days,
        totals: DeflectionCounts::of(&totals),
        unanswered_searches: unanswered,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(pairs: &[(&str, i64)]) -> BTreeMap<String, i64> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect()
    }

    #[test]
    fn gap_queries_are_normalised_and_short_ones_dropped() {
        assert_eq!(gap_query("  Refund   POLICY "), Some("refund policy".into()));
        assert_eq!(gap_query("ab"), None);
        assert_eq!(gap_query(&"x".repeat(300)).map(|q| q.len()), Some(GAP_QUERY_MAX));
    }

    #[test]
    fn deflection_is_abandoned_forms_over_forms_with_suggestions() {
        let range = DateRange::parse(Some("2026-11-01"), Some("2026-11-02")).unwrap();
        let mut a = row(&[]);
        for (k, v) in FormOutcome::Abandoned.deltas() {
            *a.entry(k).or_default() += v * 3;
        }
        for (k, v) in FormOutcome::Submitted.deltas() {
            *a.entry(k).or_default() += v;
        }
        let report = knowledge_base_report(&range, "UTC", &[("2026-11-02", &a)], &[]);
        assert_eq!(report.days.len(), 2);
        assert_eq!(report.days[0].counts.suggested, 0);
        assert_eq!(report.days[0].counts.deflection_rate, None);
        assert_eq!(
            (
                report.totals.suggested,
                report.totals.abandoned,
                report.totals.submitted
            ),
            (4, 3, 1)
        );
        assert_eq!(report.totals.deflection_rate, Some(0.75));
    }

    #[test]
    fn typed_prefixes_fold_into_the_query_they_became_and_the_most_searched_lead() {
        let range = DateRange::parse(Some("2026-11-01"), Some("2026-11-02")).unwrap();
        let one = row(&[("searches", 1)]);
        let two = row(&[("searches", 2)]);
        let gaps: Vec<ValueRow<'_>> = vec![
            ("2026-11-01", "refu", &one),
            ("2026-11-01", "refund pol", &one),
            ("2026-11-01", "refund policy", &one),
            ("2026-11-01", "invoice copy", &two),
            // Another day, nothing extends it: counted.
            ("2026-11-02", "refu", &one),
            ("2026-11-02", "invoice copy", &one),
        ];
        let report = knowledge_base_report(&range, "UTC", &[], &gaps);
        let listed: Vec<(&str, u64)> = report
            .unanswered_searches
            .iter()
            .map(|g| (g.query.as_str(), g.searches))
            .collect();
        assert_eq!(listed, vec![("invoice copy", 3), ("refu", 1), ("refund policy", 1)]);
    }
}

//! Reports (read side) and the report aggregator (write side).

use std::collections::BTreeMap;

use helpdesk_domain::access::{require_customer, require_manager, require_staff};
use helpdesk_domain::events::Event;
use helpdesk_domain::hours::local_day;
use helpdesk_domain::reports::{
    AgentsReport, DateRange, DayRow, Dimension, DimensionKind, FormOutcome, KnowledgeBaseReport, Overview, SlaReport,
    ValueRow, ViewCounts, agents_report, contribution, gap_query, help_counter, knowledge_base_report, live,
    overview as overview_of, sla_report, view_counts,
};
use helpdesk_domain::{Caller, OrgId};
use helpdesk_store::{PeopleReads, ReportRow, Reports, SettingsReads};
use time::OffsetDateTime;

use crate::AppResult;
use crate::retry::Retry;
use crate::settings::time_zone;

/// The report aggregator's name in idempotency records.
pub const CONSUMER: &str = "report-aggregator";
const MANAGERS_ONLY: &str = "reports are for managers and admins";

/// Report rows as the domain reads them: by day.
fn day_rows(rows: &[ReportRow]) -> Vec<DayRow<'_>> {
    rows.iter().map(|r| (r.day.as_str(), &r.counters)).collect()
}

/// Report rows as the domain reads them: by day and value.
pub(crate) fn value_rows(rows: &[ReportRow]) -> Vec<ValueRow<'_>> {
    rows.iter()
        .map(|r| (r.day.as_str(), r.value.as_str(), &r.counters))
        .collect()
}

/// Who asks, which days, in which zone.
async fn request(
    store: &impl SettingsReads,
    caller: &Caller,
    from: Option<&str>,
    to: Option<&str>,
) -> AppResult<(DateRange, String)> {
    require_manager(caller, MANAGERS_ONLY)?;
    let range = DateRange::parse(from, to)?;
    Ok((range, time_zone(store, &caller.org_id).await?))
}

/// `GET /reports/overview`: the org rows of the range through today and the live backlog.
pub async fn overview<S: Reports + SettingsReads>(
    store: &S,
    caller: &Caller,
    from: Option<&str>,
    to: Option<&str>,
) -> AppResult<Overview> {
    let (range, zone) = request(store, caller, from, to).await?;
    let org = &caller.org_id;
    let from = range.from.to_string();
    let (rows, live_counts) = futures::try_join!(
        store.report_rows(org, DimensionKind::All, &from, "9999-12-31"),
        store.live_counts(org),
    )?;
    let rows = day_rows(&rows);
    let backlog = live_counts.get(live::BACKLOG).copied().unwrap_or(0);
    Ok(overview_of(&range, &zone, &rows, backlog))
}

/// `GET /reports/sla`.
pub async fn sla<S: Reports + SettingsReads>(
    store: &S,
    caller: &Caller,
    from: Option<&str>,
    to: Option<&str>,
) -> AppResult<SlaReport> {
    let (range, zone) = request(store, caller, from, to).await?;
    let org = &caller.org_id;
    let (from, to) = (range.from.to_string(), range.to.to_string());
    let (org_rows, priority_rows) = futures::try_join!(
        store.report_rows(org, DimensionKind::All, &from, &to),
        store.report_rows(org, DimensionKind::Priority, &from, &to),
    )?;
    let org_rows = day_rows(&org_rows);
    let priority_rows = value_rows(&priority_rows);
    Ok(sla_report(&range, &zone, &org_rows, &priority_rows))
}

/// `GET /reports/agents`.
pub async fn agents<S: Reports + SettingsReads + PeopleReads>(
    store: &S,
    caller: &Caller,
    from: Option<&str>,
    to: Option<&str>,
) -> AppResult<AgentsReport> {
    let (range, zone) = request(store, caller, from, to).await?;
    let org = &caller.org_id;
    let (from, to) = (range.from.to_string(), range.to.to_string());
    let (rows, agents) = futures::try_join!(
        store.report_rows(org, DimensionKind::Agent, &from, &to),
        store.list_agents(org),
    )?;
    let rows = value_rows(&rows);
    let agents: Vec<_> = agents.into_iter().map(|a| (a.id, a.name)).collect();
    Ok(agents_report(&range, &zone, &agents, &rows))
}

/// `GET /reports/knowledge-base`: deflection by day and the searches that found nothing.
pub async fn knowledge_base<S: Reports + SettingsReads>(
    store: &S,
    caller: &Caller,
    from: Option<&str>,
    to: Option<&str>,
) -> AppResult<KnowledgeBaseReport> {
    let (range, zone) = request(store, caller, from, to).await?;
    let org = &caller.org_id;
    let (from, to) = (range.from.to_string(), range.to.to_string());
    let (help_rows, gap_rows) = futures::try_join!(
        store.report_rows(org, DimensionKind::Help, &from, &to),
        store.report_rows(org, DimensionKind::Gap, &from, &to),
    )?;
    let help_rows = day_rows(&help_rows);
    let gap_rows = value_rows(&gap_rows);
    Ok(knowledge_base_report(&range, &zone, &help_rows, &gap_rows))
}

/// Adds to today's row (in the org's calendar) of one dimension.
async fn count_today<S: Reports + SettingsReads>(
    store: &S,
    org: &OrgId,
    dim: &Dimension,
    deltas: &BTreeMap<String, i64>,
) -> AppResult<()> {
    let zone = time_zone(store, org).await?;
    let day = local_day(OffsetDateTime::now_utc(), Some(&zone));
    Ok(store.add_counts(org, &day, dim, deltas).await?)
}

/// `POST /knowledge-base/deflections`: how a new-ticket form that showed suggested
/// articles ended. Customers only (the portal sends it).
pub async fn record_form_outcome<S: Reports + SettingsReads>(
    store: &S,
    caller: &Caller,
    outcome: FormOutcome,
) -> AppResult<()> {
    require_customer(caller, "only the portal's customers record how a new-ticket form ended")?;
    let dim = Dimension {
        kind: DimensionKind::Help,
        value: String::new(),
    };
    count_today(store, &caller.org_id, &dim, &outcome.deltas()).await
}

/// Counts a help-center search that found nothing, under its normalised query.
pub async fn record_unanswered<S: Reports + SettingsReads>(store: &S, org: &OrgId, q: &str) -> AppResult<()> {
    let Some(query) = gap_query(q) else {
        return Ok(());
    };
    let dim = Dimension {
        kind: DimensionKind::Gap,
        value: query,
    };
    count_today(
        store,
        org,
        &dim,
        &BTreeMap::from([(help_counter::SEARCHES.to_owned(), 1)]),
    )
    .await
}

/// `GET /ticket-counts`: tickets per inbox view for the caller. Staff only.
pub async fn counts(store: &impl Reports, caller: &Caller) -> AppResult<ViewCounts> {
    require_staff(caller, "only staff may do this")?;
    let live = store.live_counts(&caller.org_id).await?;
    Ok(view_counts(&live, &caller.user_id))
}

/// The aggregator: what the event adds ([`contribution`], on the org's day), written
/// once with its record; a race with another event on the same rows is retried.
pub async fn aggregate<S: Reports + SettingsReads>(store: &S, event: &Event) -> AppResult<()> {
    let zone = store
        .sla_settings(&event.org_id)
        .await?
        .business_hours
        .map(|h| h.time_zone);
    let delta = contribution(event, zone.as_deref());
    if delta.is_empty() {
        return Ok(());
    }
    let mut retry = Retry::new("report");
    loop {
        retry.next().await?;
        match store
            .add_contribution(CONSUMER, event, &delta, OffsetDateTime::now_utc())
            .await
        {
            Ok(once) => {
                tracing::info!(event_id = %event.event_id, ?once, day = %delta.day, "aggregated");
                return Ok(());
            }
            Err(e) if retry.lost(&e, None) => continue,
            Err(e) => return Err(e.into()),
        }
    }
}

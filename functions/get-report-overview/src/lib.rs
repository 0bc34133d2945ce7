//! `GET /api/v1/reports/overview?from=YYYY-MM-DD&to=YYYY-MM-DD`: per day of the org (in
//! its business-hours time zone), tickets created and resolved, public replies sent and
//! SLA breaches, with totals. Answered from the daily aggregates, so the cost grows with
//! the number of days (at most 92), never with tickets. Managers and admins.

use helpdesk_domain::Role;
use helpdesk_platform::http::{json, respond};
use helpdesk_platform::{Problem, auth};
use helpdesk_store::Table;
use jiff::civil::Date;
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, RequestExt, Response};
use serde::Serialize;

pub const RANGE_MAX_DAYS: i32 = 92;
const COUNTERS: [(&str, &str); 4] = [
    ("tickets_created", "tickets_created#all"),
    ("tickets_resolved", "tickets_resolved#all"),
    ("replies_sent", "replies_sent#all"),
    ("sla_breached", "sla_breached#all"),
];

/// Counts of one day, or of the whole range.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Counts {
    pub tickets_created: u64,
    pub tickets_resolved: u64,
    pub replies_sent: u64,
    pub sla_breached: u64,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Day {
    pub day: String,
    #[serde(flatten)]
    pub counts: Counts,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Overview {
    pub from: String,
    pub to: String,
    pub days: Vec<Day>,
    pub totals: Counts,
}

pub async fn handle(table: &Table, req: Request) -> Response<Body> {
    respond(overview(table, req).await)
}

fn date(req: &Request, name: &str) -> Result<Date, Problem> {
    let raw = req
        .query_string_parameters_ref()
        .and_then(|q| q.first(name))
        .unwrap_or_default();
    raw.parse()
        .map_err(|_| Problem::bad_request(format!("{name} must be a date like 2026-11-01")))
}

async fn overview(table: &Table, req: Request) -> Result<Response<Body>, Problem> {
    let caller = auth::caller(&req)?;
    if caller.role < Role::Manager {
        return Err(Problem::forbidden("reports are for managers and admins"));
    }
    let (from, to) = (date(&req, "from")?, date(&req, "to")?);
    let span = from.until(to).map(|s| s.get_days()).unwrap_or(-1);
    if !(0..RANGE_MAX_DAYS).contains(&span) {
        return Err(Problem::bad_request(format!(
            "from must not be after to, and the range at most {RANGE_MAX_DAYS} days"
        )));
    }
    let days: Vec<String> = (0..=span)
        .filter_map(|n| from.checked_add(jiff::Span::new().days(n)).ok())
        .map(|d| d.to_string())
        .collect();
    let counters: Vec<&str> = COUNTERS.iter().map(|(_, c)| *c).collect();
    let found = table.daily_counts(&caller.org_id, &days, &counters).await?;
    let get = |day: &str, c: &str| found.get(&(day.to_owned(), c.to_owned())).copied().unwrap_or(0);
    let mut totals = Counts::default();
    let days = days
        .iter()
        .map(|d| {
            let counts = Counts {
                tickets_created: get(d, COUNTERS[0].1),
                tickets_resolved: get(d, COUNTERS[1].1),
                replies_sent: get(d, COUNTERS[2].1),
                sla_breached: get(d, COUNTERS[3].1),
            };
            totals.tickets_created += counts.tickets_created;
            totals.tickets_resolved += counts.tickets_resolved;
            totals.replies_sent += counts.replies_sent;
            totals.sla_breached += counts.sla_breached;
            Day { day: d.clone(), counts }
        })
        .collect();
    Ok(json(
        StatusCode::OK,
        &Overview {
            from: from.to_string(),
            to: to.to_string(),
            days,
            totals,
        },
    ))
}

//! `GET /api/v1/reports/overview?from=YYYY-MM-DD&to=YYYY-MM-DD`: per day of the org (in
//! its business-hours time zone) tickets created, solved and reopened, public replies,
//! SLA breaches and the backlog at day end, with totals and first-response and
//! resolution medians and p90s. Answered from the daily rows (one `Query` from `from`
//! through today, for the backlog) and the live counts: the cost grows with days, never
//! with tickets. Managers and admins.

use helpdesk_domain::reports::{DayRow, DimensionKind, live, overview};
use helpdesk_platform::Problem;
use helpdesk_platform::http::{json, respond};
use helpdesk_platform::reports::report_request;
use helpdesk_store::Table;
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};

pub async fn handle(table: &Table, req: Request) -> Response<Body> {
    respond(report(table, req).await)
}

async fn report(table: &Table, req: Request) -> Result<Response<Body>, Problem> {
    let r = report_request(table, &req).await?;
    let org = &r.caller.org_id;
    let from = r.range.from.to_string();
    let (rows, live_counts) = tokio::try_join!(
        table.report_rows(org, DimensionKind::All, &from, "9999-12-31"),
        table.live_counts(org),
    )?;
    let rows: Vec<DayRow<'_>> = rows.iter().map(|r| (r.day.as_str(), &r.counters)).collect();
    let backlog = live_counts.get(live::BACKLOG).copied().unwrap_or(0);
    Ok(json(StatusCode::OK, &overview(&r.range, &r.time_zone, &rows, backlog)))
}

//! `GET /api/v1/reports/sla?from=YYYY-MM-DD&to=YYYY-MM-DD`: SLA breaches per day and
//! clock, and for tickets solved in the range, first-response and resolution clocks met
//! or missed per priority with the achievement rate. Two `Query`s over the daily rows
//! (org and priority), so reads grow with days. Managers and admins.

use helpdesk_domain::reports::{DayRow, DimensionKind, ValueRow, sla_report};
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
    let (from, to) = (r.range.from.to_string(), r.range.to.to_string());
    let (org_rows, priority_rows) = tokio::try_join!(
        table.report_rows(org, DimensionKind::All, &from, &to),
        table.report_rows(org, DimensionKind::Priority, &from, &to),
    )?;
    let org_rows: Vec<DayRow<'_>> = org_rows.iter().map(|r| (r.day.as_str(), &r.counters)).collect();
    let priority_rows: Vec<ValueRow<'_>> = priority_rows
        .iter()
        .map(|r| (r.day.as_str(), r.value.as_str(), &r.counters))
        .collect();
    Ok(json(
        StatusCode::OK,
        &sla_report(&r.range, &r.time_zone, &org_rows, &priority_rows),
    ))
}

//! `GET /api/v1/reports/agents?from=YYYY-MM-DD&to=YYYY-MM-DD`: per agent, tickets
//! solved, public replies, SLA breaches on their tickets, and first-response and
//! resolution medians and p90s. One `Query` over the agents' daily rows (days × active
//! agents) and one for the agent list. Managers and admins.

use helpdesk_domain::reports::{DimensionKind, ValueRow, agents_report};
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
    let (rows, agents) = tokio::try_join!(
        table.report_rows(org, DimensionKind::Agent, &from, &to),
        table.list_agents(org),
    )?;
    let rows: Vec<ValueRow<'_>> = rows
        .iter()
        .map(|r| (r.day.as_str(), r.value.as_str(), &r.counters))
        .collect();
    let agents: Vec<_> = agents.into_iter().map(|a| (a.id, a.name)).collect();
    Ok(json(
        StatusCode::OK,
        &agents_report(&r.range, &r.time_zone, &agents, &rows),
    ))
}

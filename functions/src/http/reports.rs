//! `/api/v1/reports/…` and `/api/v1/ticket-counts`.

use helpdesk_app::reports as uc;
#[cfg(feature = "openapi")]
use helpdesk_domain::reports::{AgentsReport, KnowledgeBaseReport, Overview, SlaReport, ViewCounts};
#[cfg(feature = "openapi")]
use helpdesk_platform::Problem;
use helpdesk_platform::auth;
use helpdesk_platform::http::{json, query, respond};
use helpdesk_store::Table;
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};

/// Per day of the org's calendar: tickets created, solved and reopened, public replies,
/// SLA breaches and the backlog at day end; totals, and first-response and resolution
/// time (median and p90, as bucket upper bounds, in minutes). At most 92 days. Managers and admins.
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/api/v1/reports/overview", tag = "reports",
    params(("from" = String, Query, description = "YYYY-MM-DD"), ("to" = String, Query, description = "YYYY-MM-DD")),
    responses((status = 200, body = Overview), (status = 400, body = Problem), (status = 403, body = Problem))))]
pub async fn get_report_overview(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let (from, to) = (query(&req, "from"), query(&req, "to"));
            let report = uc::overview(table, &caller, from.as_deref(), to.as_deref()).await?;
            Ok(json(StatusCode::OK, &report))
        }
        .await,
    )
}

/// SLA breaches per day and clock; for tickets solved in the range, clocks met or missed
/// per priority and the achievement rate. Managers and admins.
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/api/v1/reports/sla", tag = "reports",
    params(("from" = String, Query, description = "YYYY-MM-DD"), ("to" = String, Query, description = "YYYY-MM-DD")),
    responses((status = 200, body = SlaReport), (status = 400, body = Problem), (status = 403, body = Problem))))]
pub async fn get_report_sla(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let (from, to) = (query(&req, "from"), query(&req, "to"));
            let report = uc::sla(table, &caller, from.as_deref(), to.as_deref()).await?;
            Ok(json(StatusCode::OK, &report))
        }
        .await,
    )
}

/// Per agent: tickets solved, public replies, SLA breaches on their tickets, first-response
/// and resolution time (median and p90 in minutes). Managers and admins.
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/api/v1/reports/agents", tag = "reports",
    params(("from" = String, Query, description = "YYYY-MM-DD"), ("to" = String, Query, description = "YYYY-MM-DD")),
    responses((status = 200, body = AgentsReport), (status = 400, body = Problem), (status = 403, body = Problem))))]
pub async fn get_report_agents(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let (from, to) = (query(&req, "from"), query(&req, "to"));
            let report = uc::agents(table, &caller, from.as_deref(), to.as_deref()).await?;
            Ok(json(StatusCode::OK, &report))
        }
        .await,
    )
}

/// Self-service: per day, new-ticket forms that showed suggested articles and how they
/// ended (abandoned ones are deflected tickets) with the deflection rate; and the
/// help-center searches that found nothing, most frequent first (content gaps).
/// Managers and admins.
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/api/v1/reports/knowledge-base", tag = "reports",
    params(("from" = String, Query, description = "YYYY-MM-DD"), ("to" = String, Query, description = "YYYY-MM-DD")),
    responses((status = 200, body = KnowledgeBaseReport), (status = 400, body = Problem), (status = 403, body = Problem))))]
pub async fn get_report_knowledge_base(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let (from, to) = (query(&req, "from"), query(&req, "to"));
            let report = uc::knowledge_base(table, &caller, from.as_deref(), to.as_deref()).await?;
            Ok(json(StatusCode::OK, &report))
        }
        .await,
    )
}

/// Tickets per inbox view for the caller (`mine` is theirs). Kept by the report aggregator,
/// so a change shows within seconds. Staff only.
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/api/v1/ticket-counts", tag = "tickets",
    responses((status = 200, body = ViewCounts), (status = 403, body = Problem))))]
pub async fn get_ticket_counts(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            Ok(json(StatusCode::OK, &uc::counts(table, &caller).await?))
        }
        .await,
    )
}

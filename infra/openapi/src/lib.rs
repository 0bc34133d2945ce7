//! The OpenAPI 3 document of the helpdesk API, generated from the request and response
//! types the handlers use (utoipa). `cargo run -p openapi-gen > docs/openapi.json`
//! writes it; the test below fails when the checked-in file is stale, and
//! `GET /api/v1/openapi.json` serves that file.

#![allow(dead_code)] // The `#[utoipa::path]` functions exist only to carry the docs.

use helpdesk_domain::lifecycle::AuditEntry;
use helpdesk_domain::mail::{MailTemplates, MailTemplatesView};
use helpdesk_domain::people::{Agent, Customer, Notification, Team};
use helpdesk_domain::reports::{AgentsReport, Overview, SlaReport, ViewCounts};
use helpdesk_domain::sla::{BusinessHours, SlaPolicies};
use helpdesk_domain::view::{
    AgentStatus, CustomerProfile, FollowUpCreated, InteractionCreated, Items, Page, TicketView,
};
use helpdesk_platform::Problem;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "cognito",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "Cognito ID token (custom:org_id, cognito:groups); locally from POST /local/login",
                    ))
                    .build(),
            ),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Helpdesk API", version = "1", description = "Multi-tenant customer-support helpdesk. Errors are application/problem+json. The org and role always come from the bearer token."),
    security(("cognito" = [])),
    modifiers(&BearerAuth),
    paths(
        create_ticket, list_tickets, get_ticket, update_ticket, set_ticket_status, assign_ticket, add_interaction,
        merge_ticket, ticket_audit, my_tickets, create_customer, list_customers, get_customer, update_customer,
        create_agent, list_agents, update_agent, set_agent_status, create_team, list_teams, update_team,
        get_sla_policies, put_sla_policies, get_business_hours, put_business_hours, list_notifications, read_notification,
        report_overview, report_sla, report_agents, ticket_counts, get_mail_templates, put_mail_templates, openapi_json,
        list_quarantine, inbound_webhook,
    ),
    components(schemas(Problem, Page<TicketView>, Page<Customer>, Items<Agent>, Items<Team>, Items<AuditEntry>, Items<Notification>))
)]
pub struct ApiDoc;

/// The document as pretty JSON with a trailing newline.
pub fn document() -> String {
    let mut json = ApiDoc::openapi().to_pretty_json().unwrap_or_default();
    json.push('\n');
    json
}

const ID: &str = "A ticket id (ULID) or number (TKT-000123)";

/// Open a ticket. Customers file for themselves; staff name the customer.
#[utoipa::path(post, path = "/api/v1/tickets", tag = "tickets", request_body = create_ticket::CreateTicketRequest,
    responses((status = 201, body = TicketView, description = "Created; ETag is the version"),
        (status = 400, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem, description = "customer_id not in this org"),
        (status = 413, body = Problem), (status = 415, body = Problem)))]
fn create_ticket() {}

/// A page of a ticket view, newest update first. Customers get their own tickets.
#[utoipa::path(get, path = "/api/v1/tickets", tag = "tickets",
    params(("view" = Option<String>, Query, description = "all | mine | unassigned | open | pending | resolved"),
        ("status" = Option<String>, Query), ("priority" = Option<String>, Query),
        ("assignee" = Option<String>, Query, description = "agent id, me or none"), ("team" = Option<String>, Query),
        ("customer" = Option<String>, Query), ("tag" = Option<String>, Query), ("category" = Option<String>, Query),
        ("limit" = Option<u16>, Query, description = "1-100, default 25"), ("cursor" = Option<String>, Query, description = "next_cursor of the previous page")),
    responses((status = 200, body = Page<TicketView>), (status = 400, body = Problem)))]
fn list_tickets() {}

/// A ticket with its thread (customers: without internal notes).
#[utoipa::path(get, path = "/api/v1/tickets/{id}", tag = "tickets", params(("id" = String, Path, description = ID)),
    responses((status = 200, body = TicketView, description = "ETag is the version"), (status = 404, body = Problem)))]
fn get_ticket() {}

/// Edit subject, priority, category, tags, custom fields. Staff only.
#[utoipa::path(patch, path = "/api/v1/tickets/{id}", tag = "tickets", request_body = update_ticket::PatchTicketRequest,
    params(("id" = String, Path, description = ID), ("If-Match" = Option<String>, Header, description = "ETag of the version edited")),
    responses((status = 200, body = TicketView), (status = 400, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem, description = "closed"), (status = 412, body = Problem, description = "stale If-Match")))]
fn update_ticket() {}

/// Move a ticket to another status. Staff only; never back to new; closed is final.
#[utoipa::path(put, path = "/api/v1/tickets/{id}/status", tag = "tickets", request_body = set_ticket_status::SetStatusRequest,
    params(("id" = String, Path, description = ID), ("If-Match" = Option<String>, Header)),
    responses((status = 200, body = TicketView), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 412, body = Problem)))]
fn set_ticket_status() {}

/// Assign an agent and/or a team. Agents take tickets for themselves; managers assign anyone.
#[utoipa::path(put, path = "/api/v1/tickets/{id}/assign", tag = "tickets", request_body = assign_ticket::AssignRequest,
    params(("id" = String, Path, description = ID), ("If-Match" = Option<String>, Header)),
    responses((status = 200, body = TicketView), (status = 403, body = Problem), (status = 404, body = Problem, description = "ticket, agent or team"),
        (status = 412, body = Problem)))]
fn assign_ticket() {}

/// A public reply or an internal note. A customer reply to a closed ticket opens a follow-up.
#[utoipa::path(post, path = "/api/v1/tickets/{id}/interactions", tag = "tickets", request_body = add_interaction::AddInteractionRequest,
    params(("id" = String, Path, description = ID), ("If-Match" = Option<String>, Header, description = "the version the author was looking at (collision guard)")),
    responses((status = 201, body = InteractionCreated), (status = 201, body = FollowUpCreated, description = "customer reply to a closed ticket"),
        (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem, description = "about:blank#collision with current_version; resend with confirm: true")))]
fn add_interaction() {}

/// Close this ticket into another of the same org. Staff only.
#[utoipa::path(post, path = "/api/v1/tickets/{id}/merge", tag = "tickets", request_body = merge_ticket::MergeRequest,
    params(("id" = String, Path, description = ID), ("If-Match" = Option<String>, Header)),
    responses((status = 200, body = TicketView), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 412, body = Problem)))]
fn merge_ticket() {}

/// Who changed what on a ticket, oldest first. Managers and admins.
#[utoipa::path(get, path = "/api/v1/tickets/{id}/audit", tag = "tickets", params(("id" = String, Path, description = ID)),
    responses((status = 200, body = Items<AuditEntry>), (status = 403, body = Problem), (status = 404, body = Problem)))]
fn ticket_audit() {}

/// The caller's assigned tickets that still need work.
#[utoipa::path(get, path = "/api/v1/agents/me/tickets", tag = "agents",
    params(("status" = Option<String>, Query), ("limit" = Option<u16>, Query), ("cursor" = Option<String>, Query)),
    responses((status = 200, body = Page<TicketView>), (status = 403, body = Problem)))]
fn my_tickets() {}

/// Create a customer. Staff only.
#[utoipa::path(post, path = "/api/v1/customers", tag = "customers", request_body = create_customer::CreateCustomerRequest,
    responses((status = 201, body = Customer), (status = 400, body = Problem), (status = 403, body = Problem), (status = 409, body = Problem)))]
fn create_customer() {}

/// Customers by email prefix and name, sorted by email. Staff only.
#[utoipa::path(get, path = "/api/v1/customers", tag = "customers",
    params(("email" = Option<String>, Query, description = "email prefix"), ("q" = Option<String>, Query, description = "part of the name"),
        ("limit" = Option<u16>, Query), ("cursor" = Option<String>, Query)),
    responses((status = 200, body = Page<Customer>), (status = 400, body = Problem), (status = 403, body = Problem)))]
fn list_customers() {}

/// A customer's profile and latest tickets. Staff, or the customer themself.
#[utoipa::path(get, path = "/api/v1/customers/{id}", tag = "customers", params(("id" = String, Path)),
    responses((status = 200, body = CustomerProfile), (status = 404, body = Problem)))]
fn get_customer() {}

/// Rename a customer or move them to another email. Staff only.
#[utoipa::path(patch, path = "/api/v1/customers/{id}", tag = "customers", request_body = update_customer::UpdateCustomerRequest, params(("id" = String, Path)),
    responses((status = 200, body = Customer), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
fn update_customer() {}

/// Add an agent. Admins only.
#[utoipa::path(post, path = "/api/v1/agents", tag = "agents", request_body = create_agent::CreateAgentRequest,
    responses((status = 201, body = Agent), (status = 400, body = Problem), (status = 403, body = Problem), (status = 409, body = Problem)))]
fn create_agent() {}

/// The org's agents. Staff only.
#[utoipa::path(get, path = "/api/v1/agents", tag = "agents", responses((status = 200, body = Items<Agent>), (status = 403, body = Problem)))]
fn list_agents() {}

/// Change an agent's name, role or skills. Admins only.
#[utoipa::path(patch, path = "/api/v1/agents/{id}", tag = "agents", request_body = update_agent::UpdateAgentRequest, params(("id" = String, Path)),
    responses((status = 200, body = Agent), (status = 400, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
fn update_agent() {}

/// Set the caller's availability.
#[utoipa::path(put, path = "/api/v1/agents/me/status", tag = "agents", request_body = set_agent_status::SetAvailabilityRequest,
    responses((status = 200, body = AgentStatus), (status = 400, body = Problem), (status = 403, body = Problem)))]
fn set_agent_status() {}

/// Create a team. Admins only; members must be agents of the org.
#[utoipa::path(post, path = "/api/v1/teams", tag = "teams", request_body = create_team::CreateTeamRequest,
    responses((status = 201, body = Team), (status = 400, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
fn create_team() {}

/// The org's teams. Staff only.
#[utoipa::path(get, path = "/api/v1/teams", tag = "teams", responses((status = 200, body = Items<Team>), (status = 403, body = Problem)))]
fn list_teams() {}

/// Rename a team or change its members. Admins only.
#[utoipa::path(patch, path = "/api/v1/teams/{id}", tag = "teams", request_body = update_team::UpdateTeamRequest, params(("id" = String, Path)),
    responses((status = 200, body = Team), (status = 400, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
fn update_team() {}

/// The org's SLA policies. Staff only.
#[utoipa::path(get, path = "/api/v1/sla-policies", tag = "sla", responses((status = 200, body = SlaPolicies), (status = 403, body = Problem)))]
fn get_sla_policies() {}

/// Replace the org's SLA policies (one per priority, targets in minutes). Admins only.
#[utoipa::path(put, path = "/api/v1/sla-policies", tag = "sla", request_body = SlaPolicies,
    responses((status = 200, body = SlaPolicies), (status = 400, body = Problem), (status = 403, body = Problem)))]
fn put_sla_policies() {}

/// The org's business hours. Staff only.
#[utoipa::path(get, path = "/api/v1/business-hours", tag = "sla", responses((status = 200, body = BusinessHours), (status = 403, body = Problem)))]
fn get_business_hours() {}

/// Replace the org's business hours (IANA time zone, periods per weekday, holidays). Admins only.
#[utoipa::path(put, path = "/api/v1/business-hours", tag = "sla", request_body = BusinessHours,
    responses((status = 200, body = BusinessHours), (status = 400, body = Problem), (status = 403, body = Problem)))]
fn put_business_hours() {}

/// The caller's latest in-app notifications, newest first. Staff only.
#[utoipa::path(get, path = "/api/v1/notifications", tag = "notifications", params(("unread" = Option<bool>, Query)),
    responses((status = 200, body = Items<Notification>), (status = 403, body = Problem)))]
fn list_notifications() {}

/// Mark one of the caller's notifications read.
#[utoipa::path(post, path = "/api/v1/notifications/{id}/read", tag = "notifications", params(("id" = String, Path)),
    responses((status = 204, description = "Read"), (status = 403, body = Problem), (status = 404, body = Problem)))]
fn read_notification() {}

/// Per day of the org's calendar: tickets created, solved and reopened, public replies,
/// SLA breaches and the backlog at day end; totals, and first-response and resolution
/// time (median and p90, as bucket upper bounds, in minutes). At most 92 days. Managers and admins.
#[utoipa::path(get, path = "/api/v1/reports/overview", tag = "reports",
    params(("from" = String, Query, description = "YYYY-MM-DD"), ("to" = String, Query, description = "YYYY-MM-DD")),
    responses((status = 200, body = Overview), (status = 400, body = Problem), (status = 403, body = Problem)))]
fn report_overview() {}

/// SLA breaches per day and clock; for tickets solved in the range, clocks met or missed
/// per priority and the achievement rate. Managers and admins.
#[utoipa::path(get, path = "/api/v1/reports/sla", tag = "reports",
    params(("from" = String, Query, description = "YYYY-MM-DD"), ("to" = String, Query, description = "YYYY-MM-DD")),
    responses((status = 200, body = SlaReport), (status = 400, body = Problem), (status = 403, body = Problem)))]
fn report_sla() {}

/// Per agent: tickets solved, public replies, SLA breaches on their tickets, first-response
/// and resolution time (median and p90 in minutes). Managers and admins.
#[utoipa::path(get, path = "/api/v1/reports/agents", tag = "reports",
    params(("from" = String, Query, description = "YYYY-MM-DD"), ("to" = String, Query, description = "YYYY-MM-DD")),
    responses((status = 200, body = AgentsReport), (status = 400, body = Problem), (status = 403, body = Problem)))]
fn report_agents() {}

/// Tickets per inbox view for the caller (`mine` is theirs). Kept by the report aggregator,
/// so a change shows within seconds. Staff only.
#[utoipa::path(get, path = "/api/v1/ticket-counts", tag = "tickets",
    responses((status = 200, body = ViewCounts), (status = 403, body = Problem)))]
fn ticket_counts() {}

/// The mail wording in force per kind (the org's overrides, else the defaults), which
/// kinds are customised, and each kind's template variables. Staff.
#[utoipa::path(get, path = "/api/v1/mail-templates", tag = "mail",
    responses((status = 200, body = MailTemplatesView), (status = 403, body = Problem)))]
fn get_mail_templates() {}

/// Replace the org's overrides (MiniJinja `{{ variable }}` templates; a kind left out uses
/// the default). Each must render with only its kind's variables. Admins only.
#[utoipa::path(put, path = "/api/v1/mail-templates", tag = "mail", request_body = MailTemplates,
    responses((status = 200, body = MailTemplatesView), (status = 400, body = Problem), (status = 403, body = Problem)))]
fn put_mail_templates() {}

/// A message kept aside instead of ticketed.
#[derive(utoipa::ToSchema)]
#[schema(as = Quarantined)]
struct QuarantinedDoc {
    /// SES's message id (or the webhook's digest of the message).
    id: String,
    from: String,
    subject: String,
    /// `virus`, `dmarc`, `spf-and-dkim`, `bounce`, `no-sender`.
    reasons: Vec<String>,
    /// The raw message in the inbound-mail bucket (kept 90 days).
    raw_key: String,
    received_at: String,
}

#[derive(utoipa::ToSchema)]
struct QuarantineList {
    items: Vec<QuarantinedDoc>,
}

/// What became of a delivered message in one org.
#[derive(utoipa::ToSchema)]
#[schema(as = Delivery)]
struct DeliveryDoc {
    /// `opened`, `threaded`, `duplicate`, `quarantined` or `dropped`.
    outcome: String,
    org_id: Option<String>,
    ticket_id: Option<String>,
    number: Option<String>,
    follow_up_of: Option<String>,
    reasons: Option<Vec<String>>,
    reason: Option<String>,
}

#[derive(utoipa::ToSchema)]
struct Deliveries {
    deliveries: Vec<DeliveryDoc>,
}

/// Inbound mail kept aside instead of ticketed (virus, DMARC failing under an enforcing
/// policy, SPF and DKIM both failing, bounces), newest first. Admins.
#[utoipa::path(get, path = "/api/v1/quarantine", tag = "mail",
    responses((status = 200, body = QuarantineList), (status = 403, body = Problem)))]
fn list_quarantine() {}

/// Raw MIME from a mail provider (`content-type: message/rfc822`), through the same
/// pipeline as SES mail. No token: `X-Helpdesk-Signature: t=<unix>,v1=<hex HMAC-SHA256
/// of "<t>.<body>">` with the webhook secret, at most five minutes old. Recipients from
/// `X-Helpdesk-Recipients` (comma-separated), else the message's To and Cc.
#[utoipa::path(post, path = "/api/v1/webhooks/inbound-email", tag = "mail", security(()),
    request_body(content = String, content_type = "message/rfc822"),
    params(("X-Helpdesk-Signature" = String, Header), ("X-Helpdesk-Recipients" = Option<String>, Header)),
    responses((status = 202, body = Deliveries), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 413, body = Problem), (status = 415, body = Problem)))]
fn inbound_webhook() {}

/// This document. No token needed.
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "meta", security(()), responses((status = 200, description = "The OpenAPI document")))]
fn openapi_json() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_checked_in_document_is_current() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/openapi.json");
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            current == document(),
            "docs/openapi.json is stale: run `cargo run -q -p openapi-gen > docs/openapi.json`"
        );
    }

    #[test]
    fn every_template_route_is_documented() {
        let template =
            std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../template.yaml"))
                .unwrap_or_default();
        let doc = ApiDoc::openapi();
        let mut routes = Vec::new();
        let lines: Vec<&str> = template.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if let Some(path) = line.trim().strip_prefix("Path: ") {
                let method = lines
                    .get(i + 1)
                    .and_then(|l| l.trim().strip_prefix("Method: "))
                    .unwrap_or_default()
                    .to_lowercase();
                routes.push((path.to_owned(), method));
            }
        }
        assert!(routes.len() > 20, "routes read from template.yaml: {routes:?}");
        let json = serde_json::to_value(&doc).unwrap_or_default();
        for (path, method) in routes {
            assert!(
                json["paths"][&path][&method].is_object(),
                "{method} {path} is not in the OpenAPI document"
            );
        }
    }
}

//! `/api/v1/triggers…`, `/api/v1/automations…` and `/api/v1/routing…`. Triggers and
//! automations share the wire shape and the use cases; each route names its kind.

use helpdesk_app::rules::{self as uc, RulePatch};
#[cfg(feature = "openapi")]
use helpdesk_domain::routing::Queue;
use helpdesk_domain::routing::Routing;
use helpdesk_domain::rules::{Action, Conditions, Kind, RuleInput};
#[cfg(feature = "openapi")]
use helpdesk_domain::rules::{DryRun, Rule};
#[cfg(feature = "openapi")]
use helpdesk_platform::Problem;
use helpdesk_platform::auth;
use helpdesk_platform::http::{if_match, json, json_body, path, respond};
use helpdesk_store::Table;
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use serde::{Deserialize, Serialize};

use crate::wire::{self, Items};

#[cfg(feature = "openapi")]
fn rule_name() -> utoipa::openapi::Object {
    helpdesk_domain::input::schema::text(helpdesk_domain::rules::RULE_NAME_MAX)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RuleRequest {
    #[cfg_attr(feature = "openapi", schema(schema_with = rule_name))]
    pub name: String,
    /// Default true.
    #[serde(default)]
    pub enabled: Option<bool>,
    pub conditions: Conditions,
    #[cfg_attr(feature = "openapi", schema(max_items = 10))]
    pub actions: Vec<Action>,
    /// Its place in the list, 0 first; default last.
    #[serde(default, deserialize_with = "helpdesk_domain::input::whole::opt_u32")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100))]
    pub position: Option<u32>,
}

impl RuleRequest {
    fn input(self) -> (RuleInput, Option<usize>) {
        (
            RuleInput {
                name: self.name,
                enabled: self.enabled.unwrap_or(true),
                conditions: self.conditions,
                actions: self.actions,
            },
            self.position.map(|p| p as usize),
        )
    }
}

/// An org's triggers or automations, in the order they run, and the list's version.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RuleList {
    pub items: Vec<helpdesk_domain::rules::Rule>,
    pub version: u64,
}

async fn list(table: &Table, req: &Request, kind: Kind) -> Result<Response<Body>, helpdesk_platform::Problem> {
    let caller = auth::caller(req)?;
    let set = uc::list(table, &caller, kind).await?;
    Ok(json(
        StatusCode::OK,
        &RuleList {
            items: set.rules,
            version: set.version,
        },
    ))
}

async fn create(table: &Table, req: &Request, kind: Kind) -> Result<Response<Body>, helpdesk_platform::Problem> {
    let caller = auth::caller(req)?;
    let b: RuleRequest = json_body(req)?;
    let (input, position) = b.input();
    let rule = uc::create(table, &caller, kind, input, position).await?;
    let base = match kind {
        Kind::Trigger => "triggers",
        Kind::Automation => "automations",
    };
    Ok(wire::created(
        &rule,
        &format!("/api/v1/{base}/{}", rule.id),
        rule.version,
    ))
}

async fn get(table: &Table, req: &Request, kind: Kind) -> Result<Response<Body>, helpdesk_platform::Problem> {
    let caller = auth::caller(req)?;
    let rule = uc::get(table, &caller, kind, path(req, "id")).await?;
    Ok(wire::versioned(StatusCode::OK, &rule, rule.version))
}

async fn update(table: &Table, req: &Request, kind: Kind) -> Result<Response<Body>, helpdesk_platform::Problem> {
    let caller = auth::caller(req)?;
    let b: UpdateRuleRequest = json_body(req)?;
    let patch = RulePatch {
        name: b.name,
        enabled: b.enabled,
        conditions: b.conditions,
        actions: b.actions,
        position: b.position.map(|p| p as usize),
    };
    let rule = uc::update(table, &caller, kind, path(req, "id"), if_match(req)?, patch).await?;
    Ok(wire::versioned(StatusCode::OK, &rule, rule.version))
}

async fn delete(table: &Table, req: &Request, kind: Kind) -> Result<Response<Body>, helpdesk_platform::Problem> {
    let caller = auth::caller(req)?;
    uc::delete(table, &caller, kind, path(req, "id"), if_match(req)?).await?;
    Ok(wire::no_content())
}

async fn dry_run(table: &Table, req: &Request, kind: Kind) -> Result<Response<Body>, helpdesk_platform::Problem> {
    let caller = auth::caller(req)?;
    let b: DryRunRequest = json_body(req)?;
    let input = match (b.id, b.conditions, b.actions) {
        (Some(id), None, None) => {
            let r = uc::get(table, &caller, kind, &id).await?;
            RuleInput {
                name: r.name,
                enabled: true,
                conditions: r.conditions,
                actions: r.actions,
            }
        }
        (None, conditions, Some(actions)) => RuleInput {
            name: b.name.unwrap_or_else(|| "dry run".into()),
            enabled: true,
            conditions: conditions.unwrap_or_default(),
            actions,
        },
        _ => {
            return Err(
                helpdesk_app::AppError::Rule(helpdesk_domain::DomainError::unprocessable(
                    "body",
                    "give the id of a saved rule, or conditions and actions",
                ))
                .into(),
            );
        }
    };
    let run = uc::dry_run(table, &caller, kind, input, b.limit.map(|l| l as usize)).await?;
    Ok(json(StatusCode::OK, &run))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateRuleRequest {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = rule_name))]
    pub name: Option<String>,
    #[serde(default)]
    pub enabled: Option<bool>,
    #[serde(default)]
    pub conditions: Option<Conditions>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 10))]
    pub actions: Option<Vec<Action>>,
    /// Move it: its new place in the list, 0 first.
    #[serde(default, deserialize_with = "helpdesk_domain::input::whole::opt_u32")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100))]
    pub position: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DryRunRequest {
    /// A saved rule to try; else the rule given here.
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = rule_name))]
    pub name: Option<String>,
    /// Accepted and ignored: a dry run tries the rule as if enabled.
    #[serde(default)]
    pub enabled: Option<bool>,
    #[serde(default)]
    pub conditions: Option<Conditions>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 10))]
    pub actions: Option<Vec<Action>>,
    /// The most recently updated tickets to try it on; default 100.
    #[serde(default, deserialize_with = "helpdesk_domain::input::whole::opt_u32")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 500))]
    pub limit: Option<u32>,
}

/// The org's triggers in the order they run. Managers and admins.
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/api/v1/triggers", tag = "rules",
    responses((status = 200, body = RuleList), (status = 403, body = Problem))))]
pub async fn list_triggers(table: &Table, req: Request) -> Response<Body> {
    respond(list(table, &req, Kind::Trigger).await)
}

/// Add a trigger (at `position`, else last). Admins only. Conditions and actions are
/// checked on save: each problem names its field (`conditions.all[0]`, `actions[1].value`).
#[cfg_attr(feature = "openapi", utoipa::path(post, path = "/api/v1/triggers", tag = "rules",
    request_body = RuleRequest,
    responses((status = 201, body = Rule, description = "`Location` names it, `ETag` is its version"),
        (status = 403, body = Problem),
        (status = 409, body = Problem, description = "changing too fast"),
        (status = 422, body = Problem, description = "a condition or action the rules do not allow, a team or agent not of the org, or 100 triggers already"))))]
pub async fn create_trigger(table: &Table, req: Request) -> Response<Body> {
    respond(create(table, &req, Kind::Trigger).await)
}

/// One trigger. Managers and admins.
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/api/v1/triggers/{id}", tag = "rules",
    params(("id" = String, Path)),
    responses((status = 200, body = Rule, description = "`ETag` is its version"), (status = 403, body = Problem),
        (status = 404, body = Problem))))]
pub async fn get_trigger(table: &Table, req: Request) -> Response<Body> {
    respond(get(table, &req, Kind::Trigger).await)
}

/// Edit, enable or disable, or move a trigger. Admins only.
#[cfg_attr(feature = "openapi", utoipa::path(patch, path = "/api/v1/triggers/{id}", tag = "rules",
    request_body = UpdateRuleRequest,
    params(("id" = String, Path), ("If-Match" = Option<String>, Header, description = "ETag of the version edited")),
    responses((status = 200, body = Rule, description = "`ETag` is the new version"), (status = 403, body = Problem),
        (status = 404, body = Problem),
        (status = 409, body = Problem, description = "changing too fast"),
        (status = 412, body = Problem, description = "stale If-Match"),
        (status = 422, body = Problem, description = "a condition or action the rules do not allow"))))]
pub async fn update_trigger(table: &Table, req: Request) -> Response<Body> {
    respond(update(table, &req, Kind::Trigger).await)
}

/// Delete a trigger. Admins only.
#[cfg_attr(feature = "openapi", utoipa::path(delete, path = "/api/v1/triggers/{id}", tag = "rules",
    params(("id" = String, Path), ("If-Match" = Option<String>, Header, description = "ETag of the version deleted")),
    responses((status = 204, description = "deleted"), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem, description = "changing too fast"),
        (status = 412, body = Problem, description = "stale If-Match"))))]
pub async fn delete_trigger(table: &Table, req: Request) -> Response<Body> {
    respond(delete(table, &req, Kind::Trigger).await)
}

/// Try a trigger (saved, or as given) on the org's most recently updated tickets:
/// which it matches now and what it would change on each. Writes nothing. Managers
/// and admins.
#[cfg_attr(feature = "openapi", utoipa::path(post, path = "/api/v1/triggers/dry-run", tag = "rules",
    request_body = DryRunRequest,
    responses((status = 200, body = DryRun), (status = 403, body = Problem),
        (status = 404, body = Problem, description = "no such saved trigger"),
        (status = 422, body = Problem, description = "neither a saved trigger nor conditions and actions, or a rule the checks refuse"))))]
pub async fn dry_run_triggers(table: &Table, req: Request) -> Response<Body> {
    respond(dry_run(table, &req, Kind::Trigger).await)
}

/// The org's automations (run every hour) in order. Managers and admins.
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/api/v1/automations", tag = "rules",
    responses((status = 200, body = RuleList), (status = 403, body = Problem))))]
pub async fn list_automations(table: &Table, req: Request) -> Response<Body> {
    respond(list(table, &req, Kind::Automation).await)
}

/// Add an automation. Admins only. Besides a trigger's checks: no `changed*`
/// conditions, and a condition in `all` its own actions make false, so it acts once per
/// ticket (`conditions.all` names the problem).
#[cfg_attr(feature = "openapi", utoipa::path(post, path = "/api/v1/automations", tag = "rules",
    request_body = RuleRequest,
    responses((status = 201, body = Rule, description = "`Location` names it, `ETag` is its version"),
        (status = 403, body = Problem),
        (status = 409, body = Problem, description = "changing too fast"),
        (status = 422, body = Problem, description = "a condition or action the rules do not allow, no condition its actions make false, or 100 automations already"))))]
pub async fn create_automation(table: &Table, req: Request) -> Response<Body> {
    respond(create(table, &req, Kind::Automation).await)
}

/// One automation. Managers and admins.
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/api/v1/automations/{id}", tag = "rules",
    params(("id" = String, Path)),
    responses((status = 200, body = Rule, description = "`ETag` is its version"), (status = 403, body = Problem),
        (status = 404, body = Problem))))]
pub async fn get_automation(table: &Table, req: Request) -> Response<Body> {
    respond(get(table, &req, Kind::Automation).await)
}

/// Edit, enable or disable, or move an automation. Admins only.
#[cfg_attr(feature = "openapi", utoipa::path(patch, path = "/api/v1/automations/{id}", tag = "rules",
    request_body = UpdateRuleRequest,
    params(("id" = String, Path), ("If-Match" = Option<String>, Header, description = "ETag of the version edited")),
    responses((status = 200, body = Rule, description = "`ETag` is the new version"), (status = 403, body = Problem),
        (status = 404, body = Problem),
        (status = 409, body = Problem, description = "changing too fast"),
        (status = 412, body = Problem, description = "stale If-Match"),
        (status = 422, body = Problem, description = "a condition or action the rules do not allow"))))]
pub async fn update_automation(table: &Table, req: Request) -> Response<Body> {
    respond(update(table, &req, Kind::Automation).await)
}

/// Delete an automation. Admins only.
#[cfg_attr(feature = "openapi", utoipa::path(delete, path = "/api/v1/automations/{id}", tag = "rules",
    params(("id" = String, Path), ("If-Match" = Option<String>, Header, description = "ETag of the version deleted")),
    responses((status = 204, description = "deleted"), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem, description = "changing too fast"),
        (status = 412, body = Problem, description = "stale If-Match"))))]
pub async fn delete_automation(table: &Table, req: Request) -> Response<Body> {
    respond(delete(table, &req, Kind::Automation).await)
}

/// Try an automation (saved, or as given) on the org's most recently updated tickets,
/// as the hourly run would now. Writes nothing. Managers and admins.
#[cfg_attr(feature = "openapi", utoipa::path(post, path = "/api/v1/automations/dry-run", tag = "rules",
    request_body = DryRunRequest,
    responses((status = 200, body = DryRun), (status = 403, body = Problem),
        (status = 404, body = Problem, description = "no such saved automation"),
        (status = 422, body = Problem, description = "neither a saved automation nor conditions and actions, or a rule the checks refuse"))))]
pub async fn dry_run_automations(table: &Table, req: Request) -> Response<Body> {
    respond(dry_run(table, &req, Kind::Automation).await)
}

/// The routing settings: the org's default policy, per-team policies and the skills
/// each category or tag needs. Managers and admins.
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/api/v1/routing", tag = "rules",
    responses((status = 200, body = Routing, description = "`ETag` is their version"), (status = 403, body = Problem))))]
pub async fn get_routing(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let (routing, version) = uc::routing_settings(table, &caller).await?;
            Ok(wire::versioned(StatusCode::OK, &routing, version))
        }
        .await,
    )
}

/// Replace the routing settings. Admins only.
#[cfg_attr(feature = "openapi", utoipa::path(put, path = "/api/v1/routing", tag = "rules",
    request_body = Routing,
    params(("If-Match" = Option<String>, Header, description = "ETag of the version replaced")),
    responses((status = 200, body = Routing, description = "`ETag` is the new version"), (status = 403, body = Problem),
        (status = 409, body = Problem, description = "changing too fast"),
        (status = 412, body = Problem, description = "stale If-Match"),
        (status = 422, body = Problem, description = "a team not of the org, a capacity out of range, a bad skill"))))]
pub async fn put_routing(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let routing: Routing = json_body(&req)?;
            let (routing, version) = uc::put_routing(table, &caller, if_match(&req)?, routing).await?;
            Ok(wire::versioned(StatusCode::OK, &routing, version))
        }
        .await,
    )
}

/// Tickets waiting for an agent, per team, oldest first (the order routing assigns
/// them in). Managers and admins.
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/api/v1/routing/queue", tag = "rules",
    responses((status = 200, body = Items<Queue>), (status = 403, body = Problem))))]
pub async fn get_routing_queue(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let items = uc::queue(table, &caller).await?;
            Ok(json(StatusCode::OK, &Items { items }))
        }
        .await,
    )
}

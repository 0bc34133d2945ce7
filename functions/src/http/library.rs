//! `/api/v1/canned-responses…`, `/api/v1/macros…` and applying a macro to a ticket.

use std::collections::BTreeMap;

use helpdesk_app::library::{self as uc, CannedInput, MacroInput, ShareInput};
use helpdesk_app::tickets::{Changed, TicketRef};
use helpdesk_domain::Interaction;
use helpdesk_domain::canned::{CannedResponse, Shared};
#[cfg(feature = "openapi")]
use helpdesk_domain::macros::Macro;
use helpdesk_domain::rules::Action;
use helpdesk_domain::view::TicketView;
#[cfg(feature = "openapi")]
use helpdesk_platform::Problem;
use helpdesk_platform::auth;
use helpdesk_platform::http::{if_match, json, json_body, path, present, query, respond};
use helpdesk_store::Table;
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use serde::{Deserialize, Serialize};

use crate::wire::{self, Items};

#[cfg(feature = "openapi")]
fn title() -> utoipa::openapi::Object {
    helpdesk_domain::input::schema::text(helpdesk_domain::canned::TITLE_MAX)
}
#[cfg(feature = "openapi")]
fn folder() -> utoipa::openapi::Schema {
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    helpdesk_domain::input::schema::nullable(
        ObjectBuilder::new()
            .schema_type(Type::String)
            .max_length(Some(helpdesk_domain::canned::FOLDER_MAX))
            .build(),
    )
}
#[cfg(feature = "openapi")]
fn macro_name() -> utoipa::openapi::Object {
    helpdesk_domain::input::schema::text(helpdesk_domain::rules::RULE_NAME_MAX)
}
// In an edit, `null` is the same as absent: it keeps the value.
#[cfg(feature = "openapi")]
fn opt_title() -> utoipa::openapi::Schema {
    helpdesk_domain::input::schema::nullable(title())
}
#[cfg(feature = "openapi")]
fn opt_body() -> utoipa::openapi::Schema {
    helpdesk_domain::input::schema::nullable(helpdesk_domain::input::schema::body())
}
#[cfg(feature = "openapi")]
fn opt_macro_name() -> utoipa::openapi::Schema {
    helpdesk_domain::input::schema::nullable(macro_name())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CannedRequest {
    #[cfg_attr(feature = "openapi", schema(schema_with = title))]
    pub title: String,
    /// A template: `{{ customer.first_name | default("there") }}`, `{{ ask("order number") }}`.
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::body))]
    pub body: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = folder))]
    pub folder: Option<String>,
    /// Default personal; managers and admins share with a team or the org.
    #[serde(default)]
    pub shared: Option<Shared>,
    /// The team of a team share.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::opt_team_id))]
    pub team_id: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateCannedRequest {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = opt_title))]
    pub title: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = opt_body))]
    pub body: Option<String>,
    /// `null` clears.
    #[serde(default, deserialize_with = "present")]
    #[cfg_attr(feature = "openapi", schema(schema_with = folder))]
    pub folder: Option<Option<String>>,
    #[serde(default)]
    pub shared: Option<Shared>,
    #[serde(default, deserialize_with = "present")]
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::opt_team_id))]
    pub team_id: Option<Option<String>>,
}

/// The variables a canned body reads, and the canned responses the caller sees.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CannedList {
    pub items: Vec<CannedResponse>,
    /// `ticket.number`, `customer.first_name`, …; plus `ask("label")`.
    pub variables: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RenderRequest {
    /// The ticket it is for: an id or a number.
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::ticket_ref))]
    pub ticket_id: String,
    /// What the agent typed for each `ask("label")`, by label.
    #[serde(default)]
    pub answers: BTreeMap<String, String>,
    /// Render without counting a use (the picker's preview).
    #[serde(default)]
    pub preview: bool,
}

#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RenderedResponse {
    pub text: String,
    /// The prompts the body asks, in order.
    pub asks: Vec<String>,
    /// Those without an answer (shown as `[label]` in `text`).
    pub missing: Vec<String>,
}

fn share(shared: Option<Shared>, team_id: Option<Option<String>>) -> ShareInput {
    ShareInput { shared, team_id }
}

fn ticket_ref(raw: &str) -> Result<TicketRef, helpdesk_platform::Problem> {
    Ok(TicketRef::parse(raw)?)
}

/// The canned responses the caller sees (their own, their teams', the org's), by
/// folder and title; `q` narrows by title. Staff.
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/api/v1/canned-responses", tag = "canned",
    params(("q" = Option<String>, Query, description = "Part of the title")),
    responses((status = 200, body = CannedList), (status = 403, body = Problem))))]
pub async fn list_canned_responses(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let items = uc::list_canned(table, &caller, query(&req, "q").as_deref()).await?;
            let variables = helpdesk_domain::canned::VARIABLES
                .iter()
                .map(|v| (*v).to_owned())
                .collect();
            Ok(json(StatusCode::OK, &CannedList { items, variables }))
        }
        .await,
    )
}

/// Save a canned response. Any agent keeps personal ones; managers and admins share
/// with a team or the org. The body is checked on save: a template that does not parse,
/// reads a variable it may not, or runs too long is refused (422 on `body`).
#[cfg_attr(feature = "openapi", utoipa::path(post, path = "/api/v1/canned-responses", tag = "canned",
    request_body = CannedRequest,
    responses((status = 201, body = CannedResponse, description = "`Location` names it, `ETag` is its version"),
        (status = 403, body = Problem, description = "an agent sharing"),
        (status = 422, body = Problem, description = "a body that does not render, a team not of the org, or 1000 already"))))]
pub async fn create_canned_response(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let b: CannedRequest = json_body(&req)?;
            let input = CannedInput {
                title: Some(b.title),
                body: Some(b.body),
                folder: Some(b.folder),
                share: share(b.shared, b.team_id.map(Some)),
            };
            let c = uc::create_canned(table, &caller, input).await?;
            Ok(wire::created(
                &c,
                &format!("/api/v1/canned-responses/{}", c.id),
                c.version,
            ))
        }
        .await,
    )
}

/// One canned response the caller sees.
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/api/v1/canned-responses/{id}", tag = "canned",
    params(("id" = String, Path)),
    responses((status = 200, body = CannedResponse, description = "`ETag` is its version"), (status = 403, body = Problem),
        (status = 404, body = Problem, description = "none, or another agent's personal one"))))]
pub async fn get_canned_response(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let c = uc::get_canned(table, &caller, path(&req, "id")).await?;
            Ok(wire::versioned(StatusCode::OK, &c, c.version))
        }
        .await,
    )
}

/// Edit a canned response: its author a personal one, managers and admins shared ones.
#[cfg_attr(feature = "openapi", utoipa::path(patch, path = "/api/v1/canned-responses/{id}", tag = "canned",
    request_body = UpdateCannedRequest,
    params(("id" = String, Path), ("If-Match" = Option<String>, Header, description = "ETag of the version edited")),
    responses((status = 200, body = CannedResponse, description = "`ETag` is the new version"), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 412, body = Problem, description = "stale If-Match"),
        (status = 422, body = Problem, description = "a body that does not render, a team not of the org"))))]
pub async fn update_canned_response(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let b: UpdateCannedRequest = json_body(&req)?;
            let input = CannedInput {
                title: b.title,
                body: b.body,
                folder: b.folder,
                share: share(b.shared, b.team_id),
            };
            let c = uc::update_canned(table, &caller, path(&req, "id"), if_match(&req)?, input).await?;
            Ok(wire::versioned(StatusCode::OK, &c, c.version))
        }
        .await,
    )
}

/// Delete a canned response (who may edit it).
#[cfg_attr(feature = "openapi", utoipa::path(delete, path = "/api/v1/canned-responses/{id}", tag = "canned",
    params(("id" = String, Path), ("If-Match" = Option<String>, Header, description = "ETag of the version deleted")),
    responses((status = 204, description = "deleted"), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 412, body = Problem, description = "stale If-Match"))))]
pub async fn delete_canned_response(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            uc::delete_canned(table, &caller, path(&req, "id"), if_match(&req)?).await?;
            Ok(wire::no_content())
        }
        .await,
    )
}

/// The canned response's text for a ticket, with the ticket's, customer's, agent's and
/// org's values as they are now and the agent's answers to its prompts. Counts a use
/// unless `preview`. Staff who see both.
#[cfg_attr(feature = "openapi", utoipa::path(post, path = "/api/v1/canned-responses/{id}/render", tag = "canned",
    request_body = RenderRequest,
    params(("id" = String, Path)),
    responses((status = 200, body = RenderedResponse), (status = 400, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem, description = "the canned response or the ticket"),
        (status = 422, body = Problem, description = "the body does not render, or an answer over 1000 characters"))))]
pub async fn render_canned_response(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let b: RenderRequest = json_body(&req)?;
            let r = uc::render_canned(
                table,
                &caller,
                path(&req, "id"),
                ticket_ref(&b.ticket_id)?,
                &b.answers,
                b.preview,
            )
            .await?;
            Ok(json(
                StatusCode::OK,
                &RenderedResponse {
                    text: r.text,
                    asks: r.asks,
                    missing: r.missing,
                },
            ))
        }
        .await,
    )
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MacroRequest {
    #[cfg_attr(feature = "openapi", schema(schema_with = macro_name))]
    pub name: String,
    /// The triggers' actions (`set_assignee` may say `me`), plus `add_reply`; at most one
    /// `add_note` or `add_reply`, whose value is a canned body.
    #[cfg_attr(feature = "openapi", schema(max_items = 10))]
    pub actions: Vec<Action>,
    #[serde(default)]
    pub shared: Option<Shared>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::opt_team_id))]
    pub team_id: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateMacroRequest {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = opt_macro_name))]
    pub name: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 10))]
    pub actions: Option<Vec<Action>>,
    #[serde(default)]
    pub shared: Option<Shared>,
    #[serde(default, deserialize_with = "present")]
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::opt_team_id))]
    pub team_id: Option<Option<String>>,
}

/// The macros the caller sees, by name. Staff.
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/api/v1/macros", tag = "canned",
    responses((status = 200, body = Items<Macro>), (status = 403, body = Problem))))]
pub async fn list_macros(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let items = uc::list_macros(table, &caller).await?;
            Ok(json(StatusCode::OK, &Items { items }))
        }
        .await,
    )
}

/// Save a macro. Agents keep personal ones that assign only to themselves; managers and
/// admins share them.
#[cfg_attr(feature = "openapi", utoipa::path(post, path = "/api/v1/macros", tag = "canned",
    request_body = MacroRequest,
    responses((status = 201, body = Macro, description = "`Location` names it, `ETag` is its version"),
        (status = 403, body = Problem, description = "an agent sharing"),
        (status = 422, body = Problem, description = "an action the macros do not allow, two messages, a team or agent not of the org, a body that does not render"))))]
pub async fn create_macro(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let b: MacroRequest = json_body(&req)?;
            let input = MacroInput {
                name: Some(b.name),
                actions: Some(b.actions),
                share: share(b.shared, b.team_id.map(Some)),
            };
            let m = uc::create_macro(table, &caller, input).await?;
            Ok(wire::created(&m, &format!("/api/v1/macros/{}", m.id), m.version))
        }
        .await,
    )
}

/// One macro the caller sees.
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/api/v1/macros/{id}", tag = "canned",
    params(("id" = String, Path)),
    responses((status = 200, body = Macro, description = "`ETag` is its version"), (status = 403, body = Problem),
        (status = 404, body = Problem))))]
pub async fn get_macro(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let m = uc::get_macro(table, &caller, path(&req, "id")).await?;
            Ok(wire::versioned(StatusCode::OK, &m, m.version))
        }
        .await,
    )
}

/// Edit a macro: its author a personal one, managers and admins shared ones.
#[cfg_attr(feature = "openapi", utoipa::path(patch, path = "/api/v1/macros/{id}", tag = "canned",
    request_body = UpdateMacroRequest,
    params(("id" = String, Path), ("If-Match" = Option<String>, Header, description = "ETag of the version edited")),
    responses((status = 200, body = Macro, description = "`ETag` is the new version"), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 412, body = Problem, description = "stale If-Match"),
        (status = 422, body = Problem, description = "an action the macros do not allow"))))]
pub async fn update_macro(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let b: UpdateMacroRequest = json_body(&req)?;
            let input = MacroInput {
                name: b.name,
                actions: b.actions,
                share: share(b.shared, b.team_id),
            };
            let m = uc::update_macro(table, &caller, path(&req, "id"), if_match(&req)?, input).await?;
            Ok(wire::versioned(StatusCode::OK, &m, m.version))
        }
        .await,
    )
}

/// Delete a macro (who may edit it).
#[cfg_attr(feature = "openapi", utoipa::path(delete, path = "/api/v1/macros/{id}", tag = "canned",
    params(("id" = String, Path), ("If-Match" = Option<String>, Header, description = "ETag of the version deleted")),
    responses((status = 204, description = "deleted"), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 412, body = Problem, description = "stale If-Match"))))]
pub async fn delete_macro(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            uc::delete_macro(table, &caller, path(&req, "id"), if_match(&req)?).await?;
            Ok(wire::no_content())
        }
        .await,
    )
}

/// What applying a macro did (or, previewed, would do).
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MacroApplied {
    pub ticket: TicketView,
    /// The reply or note it added; `null` without one.
    pub interaction: Option<Interaction>,
    /// Whether anything changed (false: the ticket already was so).
    pub changed: bool,
    pub preview: bool,
}

/// Apply a macro to a ticket: its changes and message as one change (one version, one
/// audit entry naming the macro), with `If-Match` like every update. `?preview=1`
/// answers the resulting ticket and message and writes nothing. Staff.
#[cfg_attr(feature = "openapi", utoipa::path(post, path = "/api/v1/tickets/{id}/macros/{macro_id}", tag = "canned",
    params(("id" = String, Path, description = "A ticket id (ULID) or number (TKT-000123)"), ("macro_id" = String, Path),
        ("preview" = Option<String>, Query, description = "`1`: show what it would do, write nothing"),
        ("If-Match" = Option<String>, Header, description = "ETag of the ticket's version")),
    responses((status = 200, body = MacroApplied, description = "`ETag` is the ticket's version"), (status = 400, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem, description = "the ticket, the macro, or an agent or team it names"),
        (status = 409, body = Problem, description = "the ticket is closed"), (status = 412, body = Problem, description = "stale If-Match"),
        (status = 422, body = Problem, description = "its message does not render"))))]
pub async fn apply_macro(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let preview = matches!(query(&req, "preview").as_deref(), Some("1" | "true"));
            let r = ticket_ref(path(&req, "id"))?;
            let changed = uc::apply_macro(table, &caller, r, path(&req, "macro_id"), if_match(&req)?, preview).await?;
            let (ticket, interaction, did) = match changed {
                Changed::Changed(o) => (o.ticket, o.interaction, true),
                Changed::Unchanged(t) => (*t, None, false),
            };
            let version = ticket.version;
            let body = MacroApplied {
                ticket: TicketView::for_caller(&ticket, None, &caller),
                interaction,
                changed: did,
                preview,
            };
            Ok(wire::versioned(StatusCode::OK, &body, version))
        }
        .await,
    )
}

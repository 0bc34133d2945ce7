//! The OpenAPI 3.1 document of the HTTP API (feature `openapi`): every handler of the
//! route list with its own `utoipa::path`, then the answers every operation shares,
//! added here once so no operation can forget them:
//! - `401` from API Gateway's JWT authorizer (`{"message": "Unauthorized"}`) on every
//!   operation that needs a token;
//! - `400`, `413` and `415` on every operation that takes a JSON body, and `400` on
//!   every operation with parameters: the request does not have the documented shape;
//! - `422` on both: it has the shape, but breaks a rule no schema can state (fields that
//!   exclude each other, a time zone or date that does not exist, a foreign cursor);
//! - `500` and `503` everywhere.
//!
//! Every error answer of the handlers is `application/problem+json`.

use helpdesk_platform::Problem;
use utoipa::openapi::path::{HttpMethod, Operation};
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{Content, ContentBuilder, Ref, RefOr, ResponseBuilder};
use utoipa::{Modify, OpenApi, ToSchema};

use crate::routes::Paths;

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

/// API Gateway's own answer when it refuses a request before any function runs.
#[derive(ToSchema)]
#[allow(dead_code)] // Documents the gateway's body.
struct GatewayMessage {
    message: String,
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Helpdesk API", version = "1", description = "Multi-tenant customer-support helpdesk. Errors are application/problem+json. The org and role always come from the bearer token."),
    security(("cognito" = [])),
    modifiers(&BearerAuth),
    components(schemas(Problem, GatewayMessage, helpdesk_domain::hours::Period))
)]
struct Base;

const PROBLEM: &str = "application/problem+json";

fn problem_content() -> Content {
    ContentBuilder::new()
        .schema(Some(RefOr::Ref(Ref::from_schema_name("Problem"))))
        .build()
}

fn problem(description: &str) -> RefOr<utoipa::openapi::Response> {
    RefOr::T(
        ResponseBuilder::new()
            .description(description)
            .content(PROBLEM, problem_content())
            .build(),
    )
}

/// Moves every error body of an operation to `application/problem+json`.
fn problem_json(op: &mut Operation) {
    for (status, response) in op.responses.responses.iter_mut() {
        let is_error = status.starts_with('4') || status.starts_with('5');
        if let (true, RefOr::T(r)) = (is_error, response)
            && let Some(json) = r.content.shift_remove("application/json")
        {
            r.content.insert(PROBLEM.to_owned(), json);
        }
    }
}

fn add(op: &mut Operation, status: &str, response: RefOr<utoipa::openapi::Response>) {
    op.responses.responses.entry(status.to_owned()).or_insert(response);
}

/// The answers every operation shares (see the module docs).
fn common(op: &mut Operation, method: &HttpMethod) {
    problem_json(op);
    // `security(())` on an operation: an empty requirement, no token.
    let public = op.security.as_ref().is_some_and(|s| {
        s.iter()
            .all(|r| serde_json::to_value(r).is_ok_and(|v| v == serde_json::json!({})))
    });
    if !public {
        let gateway = ResponseBuilder::new()
            .description("No valid bearer token (API Gateway's authorizer)")
            .content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(RefOr::Ref(Ref::from_schema_name("GatewayMessage"))))
                    .build(),
            )
            .build();
        add(op, "401", RefOr::T(gateway));
    }
    let json_body = op
        .request_body
        .as_ref()
        .is_some_and(|b| matches!(b, RefOr::T(b) if b.content.contains_key("application/json")));
    if json_body {
        add(
            op,
            "400",
            problem("Invalid JSON, unknown fields, or fields that break a rule (`errors` names each)"),
        );
        add(op, "413", problem("The body is larger than 2 MiB"));
        add(op, "415", problem("The body is not `application/json`"));
    }
    let has_params = op.parameters.as_ref().is_some_and(|p| !p.is_empty());
    if has_params && !matches!(method, HttpMethod::Head) {
        add(op, "400", problem("A parameter is malformed"));
    }
    if json_body || has_params {
        add(
            op,
            "422",
            problem("Well formed, but breaks a rule the schema cannot state (`errors` names each field)"),
        );
    }
    add(
        op,
        "500",
        problem("Internal error (logged with its cause; nothing internal is shown)"),
    );
    add(op, "503", problem("Throttled by the table; retry shortly"));
}

/// The schema of a parameter, from the domain's input rules (see
/// `helpdesk_domain::input`): the same name means the same thing on every path.
fn parameter_schema(path: &str, name: &str) -> Option<Schema> {
    use helpdesk_domain::input::schema as s;
    let string = || ObjectBuilder::new().schema_type(Type::String);
    Some(Schema::Object(match name {
        "id" if path.starts_with("/api/v1/tickets/") => s::ticket_ref(),
        "id" if path.starts_with("/api/v1/agents/") || path.starts_with("/api/v1/customers/") => s::user_id(),
        "id" if path.starts_with("/api/v1/teams/") => s::team_id(),
        "id" if path.starts_with("/api/v1/notifications/") || path.starts_with("/api/v1/knowledge-base/") => s::ulid(),
        "category" if path.starts_with("/api/v1/knowledge-base/") || path.starts_with("/api/v1/help/") => s::ulid(),
        "slug" => s::slug(),
        "org" => s::org_ref(),
        "n" => ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(1)).build(),
        "q" if path.starts_with("/api/v1/search")
            || path.starts_with("/api/v1/knowledge-base/")
            || path.starts_with("/api/v1/help/") =>
        {
            string().max_length(Some(helpdesk_app::search::QUERY_MAX)).build()
        }
        "limit" if path == "/api/v1/search" => ObjectBuilder::new()
            .schema_type(Type::Integer)
            .minimum(Some(1))
            .maximum(Some(helpdesk_app::search::HITS_MAX))
            .build(),
        "limit" => ObjectBuilder::new()
            .schema_type(Type::Integer)
            .minimum(Some(1))
            .maximum(Some(helpdesk_domain::views::PAGE_MAX))
            .build(),
        "view" => string().enum_values(Some(helpdesk_domain::views::VIEWS)).build(),
        "assignee" | "customer" => s::user_id(),
        "team" => s::team_id(),
        "tag" => s::tag(),
        "from" | "to" => s::date(),
        "unread" => ObjectBuilder::new().schema_type(Type::Boolean).build(),
        "email" => string()
            .max_length(Some(helpdesk_domain::email::EMAIL_MAX))
            .pattern(Some("^[^#]*$"))
            .build(),
        "If-Match" => s::etag(),
        _ => return None,
    }))
}

fn parameters(path: &str, op: &mut Operation) {
    for p in op.parameters.iter_mut().flatten() {
        if let RefOr::T(p) = p
            && let Some(schema) = parameter_schema(path, &p.name)
        {
            p.schema = Some(RefOr::T(schema));
        }
    }
}

/// The whole document.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = Base::openapi();
    doc.merge(Paths::openapi());
    for (path, item) in doc.paths.paths.iter_mut() {
        for (method, op) in [
            (HttpMethod::Get, &mut item.get),
            (HttpMethod::Put, &mut item.put),
            (HttpMethod::Post, &mut item.post),
            (HttpMethod::Patch, &mut item.patch),
            (HttpMethod::Delete, &mut item.delete),
        ] {
            if let Some(op) = op {
                parameters(path, op);
                common(op, &method);
            }
        }
    }
    doc
}

/// The document as pretty JSON with a trailing newline (`docs/openapi.json`).
pub fn json() -> String {
    let mut json = document().to_pretty_json().unwrap_or_default();
    json.push('\n');
    json
}

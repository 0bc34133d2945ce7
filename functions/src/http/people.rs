//! `/api/v1/customers…`, `/api/v1/agents…`, `/api/v1/teams…`.

use helpdesk_app::people::{self as uc, AgentChangeInput, NewAgent};
use helpdesk_domain::Role;
use helpdesk_domain::people::Availability;
#[cfg(feature = "openapi")]
use helpdesk_domain::people::{Agent, Customer, Team};
use helpdesk_domain::view::TicketView;
#[cfg(feature = "openapi")]
use helpdesk_platform::Problem;
use helpdesk_platform::auth;
use helpdesk_platform::http::{if_match, json, json_body, path, query, respond};
use helpdesk_store::Table;
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use serde::Deserialize;

use crate::wire::{self, AgentStatus, CustomerProfile, Items, Page};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateCustomerRequest {
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::name))]
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::email))]
    pub email: String,
}

/// Create a customer. Staff only.
#[cfg_attr(feature = "openapi", utoipa::path(post, path = "/api/v1/customers", tag = "customers",
    request_body = CreateCustomerRequest,
    responses((status = 201, body = Customer), (status = 403, body = Problem),
        (status = 409, body = Problem, description = "a customer with this email exists"))))]
pub async fn create_customer(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let b: CreateCustomerRequest = json_body(&req)?;
            let c = uc::create_customer(table, &caller, &b.name, &b.email).await?;
            let resp = json(StatusCode::CREATED, &c);
            Ok(wire::with_header(
                resp,
                lambda_http::http::header::LOCATION,
                &format!("/api/v1/customers/{}", c.id),
            ))
        }
        .await,
    )
}

/// Customers by email prefix and name, sorted by email. Staff only.
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/api/v1/customers", tag = "customers",
    params(("email" = Option<String>, Query, description = "email prefix"), ("q" = Option<String>, Query, description = "part of the name"),
        ("limit" = Option<u16>, Query, description = "1-100, default 25"), ("cursor" = Option<String>, Query)),
    responses((status = 200, body = Page<Customer>), (status = 403, body = Problem))))]
pub async fn list_customers(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let (email, q, limit, cursor) = (
                query(&req, "email"),
                query(&req, "q"),
                query(&req, "limit"),
                query(&req, "cursor"),
            );
            let page = uc::list_customers(
                table,
                &caller,
                email.as_deref(),
                q.as_deref(),
                limit.as_deref(),
                cursor.as_deref(),
            )
            .await?;
            Ok(json(StatusCode::OK, &Page::of(page, |c| c)))
        }
        .await,
    )
}

/// A customer's profile and latest tickets. Staff, or the customer themself.
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/api/v1/customers/{id}", tag = "customers",
    params(("id" = String, Path)),
    responses((status = 200, body = CustomerProfile), (status = 404, body = Problem))))]
pub async fn get_customer(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let (customer, tickets) = uc::customer_profile(table, &caller, path(&req, "id")).await?;
            let tickets = tickets
                .iter()
                .map(|t| TicketView::for_caller(t, None, &caller))
                .collect();
            let satisfaction = helpdesk_app::csat::on_profile(table, &caller, &customer.id).await?;
            Ok(json(
                StatusCode::OK,
                &CustomerProfile {
                    customer,
                    tickets,
                    satisfaction,
                },
            ))
        }
        .await,
    )
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateCustomerRequest {
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::opt_name))]
    pub name: Option<String>,
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::opt_email))]
    pub email: Option<String>,
}

/// Rename a customer or move them to another email. Staff only.
#[cfg_attr(feature = "openapi", utoipa::path(patch, path = "/api/v1/customers/{id}", tag = "customers",
    request_body = UpdateCustomerRequest, params(("id" = String, Path)),
    responses((status = 200, body = Customer), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem, description = "another customer has this email"),
        (status = 412, body = Problem, description = "the customer changed meanwhile"))))]
pub async fn update_customer(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let b: UpdateCustomerRequest = json_body(&req)?;
            let c =
                uc::update_customer(table, &caller, path(&req, "id"), b.name.as_deref(), b.email.as_deref()).await?;
            Ok(json(StatusCode::OK, &c))
        }
        .await,
    )
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateAgentRequest {
    /// Defaults to a generated id.
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::opt_user_id))]
    pub id: Option<String>,
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::email))]
    pub email: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::name))]
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::staff_role))]
    pub role: Role,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::skills))]
    pub skills: Vec<String>,
}

/// Add an agent. Admins only.
#[cfg_attr(feature = "openapi", utoipa::path(post, path = "/api/v1/agents", tag = "agents",
    request_body = CreateAgentRequest,
    responses((status = 201, body = Agent, description = "`ETag` is the version"), (status = 403, body = Problem),
        (status = 409, body = Problem, description = "an agent with this id exists"))))]
pub async fn create_agent(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let b: CreateAgentRequest = json_body(&req)?;
            let new = NewAgent {
                id: b.id,
                email: b.email,
                name: b.name,
                role: b.role,
                skills: b.skills,
            };
            let agent = uc::create_agent(table, &caller, new).await?;
            Ok(wire::created(
                &agent,
                &format!("/api/v1/agents/{}", agent.id),
                agent.version,
            ))
        }
        .await,
    )
}

/// The org's agents. Staff only.
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/api/v1/agents", tag = "agents",
    responses((status = 200, body = Items<Agent>), (status = 403, body = Problem))))]
pub async fn list_agents(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let items = uc::list_agents(table, &caller).await?;
            Ok(json(StatusCode::OK, &Items { items }))
        }
        .await,
    )
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateAgentRequest {
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::opt_name))]
    pub name: Option<String>,
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::opt_staff_role))]
    pub role: Option<Role>,
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::opt_skills))]
    pub skills: Option<Vec<String>>,
}

/// Change an agent's name, role or skills. Admins only.
#[cfg_attr(feature = "openapi", utoipa::path(patch, path = "/api/v1/agents/{id}", tag = "agents",
    request_body = UpdateAgentRequest,
    params(("id" = String, Path), ("If-Match" = Option<String>, Header, description = "ETag of the version edited")),
    responses((status = 200, body = Agent, description = "`ETag` is the new version"), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem, description = "changing too fast"),
        (status = 412, body = Problem, description = "stale If-Match"))))]
pub async fn update_agent(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let b: UpdateAgentRequest = json_body(&req)?;
            let change = AgentChangeInput {
                name: b.name.as_deref(),
                role: b.role,
                skills: b.skills.as_deref(),
            };
            let agent = uc::update_agent(table, &caller, path(&req, "id"), if_match(&req)?, change).await?;
            Ok(wire::versioned(StatusCode::OK, &agent, agent.version))
        }
        .await,
    )
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetAvailabilityRequest {
    pub status: Availability,
}

/// Set the caller's availability.
#[cfg_attr(feature = "openapi", utoipa::path(put, path = "/api/v1/agents/me/status", tag = "agents",
    request_body = SetAvailabilityRequest,
    responses((status = 200, body = AgentStatus), (status = 403, body = Problem),
        (status = 404, body = Problem, description = "the caller has no agent profile"))))]
pub async fn set_agent_status(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let b: SetAvailabilityRequest = json_body(&req)?;
            uc::set_availability(table, &caller, b.status).await?;
            Ok(json(
                StatusCode::OK,
                &AgentStatus {
                    id: caller.user_id,
                    status: b.status,
                },
            ))
        }
        .await,
    )
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateTeamRequest {
    /// A slug: lower-case letters, digits and `-`.
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::team_id))]
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::name))]
    pub name: String,
    /// Agent ids of the org.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::members))]
    pub members: Vec<String>,
}

/// Create a team. Admins only; members must be agents of the org.
#[cfg_attr(feature = "openapi", utoipa::path(post, path = "/api/v1/teams", tag = "teams",
    request_body = CreateTeamRequest,
    responses((status = 201, body = Team, description = "`ETag` is the version"), (status = 403, body = Problem),
        (status = 404, body = Problem, description = "a member is not an agent of the org"),
        (status = 409, body = Problem, description = "a team with this id exists"))))]
pub async fn create_team(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let b: CreateTeamRequest = json_body(&req)?;
            let team = uc::create_team(table, &caller, &b.id, &b.name, &b.members).await?;
            Ok(wire::created(
                &team,
                &format!("/api/v1/teams/{}", team.id),
                team.version,
            ))
        }
        .await,
    )
}

/// The org's teams. Staff only.
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/api/v1/teams", tag = "teams",
    responses((status = 200, body = Items<Team>), (status = 403, body = Problem))))]
pub async fn list_teams(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let items = uc::list_teams(table, &caller).await?;
            Ok(json(StatusCode::OK, &Items { items }))
        }
        .await,
    )
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateTeamRequest {
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::opt_name))]
    pub name: Option<String>,
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::opt_members))]
    pub members: Option<Vec<String>>,
}

/// Rename a team or change its members. Admins only.
#[cfg_attr(feature = "openapi", utoipa::path(patch, path = "/api/v1/teams/{id}", tag = "teams",
    request_body = UpdateTeamRequest,
    params(("id" = String, Path), ("If-Match" = Option<String>, Header, description = "ETag of the version edited")),
    responses((status = 200, body = Team, description = "`ETag` is the new version"), (status = 403, body = Problem),
        (status = 404, body = Problem, description = "the team, or a member that is not an agent of the org"),
        (status = 409, body = Problem, description = "changing too fast"),
        (status = 412, body = Problem, description = "stale If-Match"))))]
pub async fn update_team(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let b: UpdateTeamRequest = json_body(&req)?;
            let team = uc::update_team(
                table,
                &caller,
                path(&req, "id"),
                if_match(&req)?,
                b.name.as_deref(),
                b.members.as_deref(),
            )
            .await?;
            Ok(wire::versioned(StatusCode::OK, &team, team.version))
        }
        .await,
    )
}

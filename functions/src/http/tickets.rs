//! `/api/v1/tickets…` and `/api/v1/agents/me/tickets`.

use std::collections::BTreeMap;

use helpdesk_app::tickets::{self as uc, Replied, TicketRef};
use helpdesk_domain::lifecycle::PatchInput;
use helpdesk_domain::ticket::NewTicketInput;
use helpdesk_domain::view::TicketView;
use helpdesk_domain::views::ListParams;
use helpdesk_domain::{Channel, Priority, Status};
use helpdesk_platform::http::{if_match, json, json_body, path, present, query, respond};
use helpdesk_platform::{Problem, auth};
use helpdesk_store::Table;
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use serde::Deserialize;

use crate::deps::WithFiles;
use crate::wire::{self, FollowUpCreated, InteractionCreated, Page, ReplyCreated};

/// The ticket the `{id}` path parameter names: a ULID or a number like `TKT-000123`.
fn ticket_ref(req: &Request) -> Result<TicketRef, Problem> {
    Ok(TicketRef::parse(path(req, "id"))?)
}

/// The request body of `POST /tickets`. Unknown fields are refused, so clients cannot
/// set the org, the number, the status, the version or timestamps.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateTicketRequest {
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::subject))]
    pub subject: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::body))]
    pub description: String,
    pub priority: Option<Priority>,
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::opt_category))]
    pub category: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::tags))]
    pub tags: Vec<String>,
    /// Staff: an existing customer of the org (or `customer_email`).
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::opt_user_id))]
    pub customer_id: Option<String>,
    /// Staff: the customer's email; a new customer is created on first use.
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::opt_email))]
    pub customer_email: Option<String>,
    pub channel: Option<Channel>,
    /// Files for the first message: ids from `POST /attachments`, at most 10.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::attachment_ids))]
    pub attachment_ids: Vec<String>,
}

/// Open a ticket. Customers file for themselves; staff name the customer.
#[cfg_attr(feature = "openapi", utoipa::path(post, path = "/api/v1/tickets", tag = "tickets",
    request_body = CreateTicketRequest,
    responses((status = 201, body = TicketView, description = "Created; `ETag` is the version, `Location` the ticket"),
        (status = 403, body = Problem, description = "a customer naming someone else, or a channel the caller may not use"),
        (status = 404, body = Problem, description = "`customer_id` is not a customer of this org"),
        (status = 409, body = Problem, description = "the email belongs to another customer"),
        (status = 422, body = Problem, description = "an attachment that is not the caller's upload, already on a message, or refused on its check"))))]
pub async fn create_ticket(deps: &WithFiles, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let b: CreateTicketRequest = json_body(&req)?;
            let input = NewTicketInput {
                subject: b.subject,
                description: b.description,
                priority: b.priority,
                category: b.category,
                tags: b.tags,
                customer_id: b.customer_id,
                customer_email: b.customer_email,
                channel: b.channel,
            };
            let opened = uc::open(&deps.table, &deps.files, &caller, input, &b.attachment_ids).await?;
            let view = TicketView::for_caller(
                &opened.ticket,
                Some(std::slice::from_ref(&opened.first_message)),
                &caller,
            );
            let location = format!("/api/v1/tickets/{}", opened.ticket.id);
            Ok(wire::created(&view, &location, opened.ticket.version))
        }
        .await,
    )
}

/// A ticket with its thread (customers: without internal notes).
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/api/v1/tickets/{id}", tag = "tickets",
    params(("id" = String, Path, description = "A ticket id (ULID) or number (TKT-000123)")),
    responses((status = 200, body = TicketView, description = "`ETag` is the version"),
        (status = 404, body = Problem))))]
pub async fn get_ticket(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let found = uc::get(table, &caller, ticket_ref(&req)?).await?;
            let view = TicketView::for_caller(&found.ticket, Some(&found.thread), &caller);
            Ok(wire::versioned(StatusCode::OK, &view, found.ticket.version))
        }
        .await,
    )
}

/// The list parameters of a request's query string.
fn list_params(req: &Request) -> ListParams {
    ListParams {
        view: query(req, "view"),
        status: query(req, "status"),
        priority: query(req, "priority"),
        assignee: query(req, "assignee"),
        team: query(req, "team"),
        customer: query(req, "customer"),
        tag: query(req, "tag"),
        category: query(req, "category"),
        limit: query(req, "limit"),
    }
}

/// A page of a ticket view, newest update first. Customers get their own tickets.
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/api/v1/tickets", tag = "tickets",
    params(("view" = Option<String>, Query, description = "all | mine | unassigned | open | pending | resolved | breaching"),
        ("status" = Option<Status>, Query), ("priority" = Option<Priority>, Query),
        ("assignee" = Option<String>, Query, description = "agent id, me or none"), ("team" = Option<String>, Query),
        ("customer" = Option<String>, Query), ("tag" = Option<String>, Query), ("category" = Option<String>, Query),
        ("limit" = Option<u16>, Query, description = "1-100, default 25"), ("cursor" = Option<String>, Query, description = "next_cursor of the previous page")),
    responses((status = 200, body = Page<TicketView>))))]
pub async fn list_tickets(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let page = uc::list(table, &caller, list_params(&req), query(&req, "cursor").as_deref()).await?;
            let page = Page::of(page, |t| TicketView::for_caller(&t, None, &caller));
            Ok(json(StatusCode::OK, &page))
        }
        .await,
    )
}

/// The caller's assigned tickets that still need work.
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/api/v1/agents/me/tickets", tag = "agents",
    params(("status" = Option<Status>, Query), ("limit" = Option<u16>, Query, description = "1-100, default 25"),
        ("cursor" = Option<String>, Query)),
    responses((status = 200, body = Page<TicketView>), (status = 403, body = Problem))))]
pub async fn my_tickets(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let cursor = query(&req, "cursor");
            let page = uc::mine(
                table,
                &caller,
                query(&req, "status"),
                query(&req, "limit"),
                cursor.as_deref(),
            )
            .await?;
            let page = Page::of(page, |t| TicketView::for_caller(&t, None, &caller));
            Ok(json(StatusCode::OK, &page))
        }
        .await,
    )
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PatchTicketRequest {
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::opt_subject))]
    pub subject: Option<String>,
    pub priority: Option<Priority>,
    /// `null` clears the category; absent keeps it.
    #[serde(default, deserialize_with = "present")]
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::opt_category))]
    pub category: Option<Option<String>>,
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::opt_tags))]
    pub tags: Option<Vec<String>>,
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::opt_custom_fields))]
    pub custom_fields: Option<BTreeMap<String, String>>,
}

/// Edit subject, priority, category, tags, custom fields. Staff only.
#[cfg_attr(feature = "openapi", utoipa::path(patch, path = "/api/v1/tickets/{id}", tag = "tickets",
    request_body = PatchTicketRequest,
    params(("id" = String, Path, description = "A ticket id (ULID) or number (TKT-000123)"),
        ("If-Match" = Option<String>, Header, description = "ETag of the version edited")),
    responses((status = 200, body = TicketView), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem, description = "closed, or changing too fast"),
        (status = 412, body = Problem, description = "stale If-Match"))))]
pub async fn update_ticket(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let b: PatchTicketRequest = json_body(&req)?;
            let patch = PatchInput {
                subject: b.subject,
                priority: b.priority,
                category: b.category,
                tags: b.tags,
                custom_fields: b.custom_fields,
            };
            let changed = uc::edit(table, &caller, ticket_ref(&req)?, if_match(&req)?, patch).await?;
            Ok(wire::ticket(StatusCode::OK, changed.ticket(), &caller))
        }
        .await,
    )
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetStatusRequest {
    pub status: Status,
    /// Resolving asks the customer for a rating unless this is false ("resolve without
    /// survey"). Default true.
    #[serde(default)]
    pub survey: Option<bool>,
}

/// Move a ticket to another status. Staff only; never back to new; closed is final.
#[cfg_attr(feature = "openapi", utoipa::path(put, path = "/api/v1/tickets/{id}/status", tag = "tickets",
    request_body = SetStatusRequest,
    params(("id" = String, Path, description = "A ticket id (ULID) or number (TKT-000123)"), ("If-Match" = Option<String>, Header)),
    responses((status = 200, body = TicketView), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 412, body = Problem))))]
pub async fn set_ticket_status(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let b: SetStatusRequest = json_body(&req)?;
            let changed = uc::set_status(
                table,
                &caller,
                ticket_ref(&req)?,
                if_match(&req)?,
                b.status,
                b.survey.unwrap_or(true),
            )
            .await?;
            Ok(wire::ticket(StatusCode::OK, changed.ticket(), &caller))
        }
        .await,
    )
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssignRequest {
    /// An agent of the org; `null` unassigns.
    #[serde(default, deserialize_with = "present")]
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::opt_user_id))]
    pub assignee_id: Option<Option<String>>,
    /// A team of the org; `null` clears.
    #[serde(default, deserialize_with = "present")]
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::opt_team_id))]
    pub team_id: Option<Option<String>>,
}

/// Assign an agent and/or a team. Agents take tickets for themselves; managers assign anyone.
#[cfg_attr(feature = "openapi", utoipa::path(put, path = "/api/v1/tickets/{id}/assign", tag = "tickets",
    request_body = AssignRequest,
    params(("id" = String, Path, description = "A ticket id (ULID) or number (TKT-000123)"), ("If-Match" = Option<String>, Header)),
    responses((status = 200, body = TicketView), (status = 403, body = Problem),
        (status = 404, body = Problem, description = "ticket, agent or team"),
        (status = 409, body = Problem), (status = 412, body = Problem))))]
pub async fn assign_ticket(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let b: AssignRequest = json_body(&req)?;
            let changed = uc::assign(
                table,
                &caller,
                ticket_ref(&req)?,
                if_match(&req)?,
                b.assignee_id,
                b.team_id,
            )
            .await?;
            Ok(wire::ticket(StatusCode::OK, changed.ticket(), &caller))
        }
        .await,
    )
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AddInteractionRequest {
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::body))]
    pub body: String,
    /// An internal note (staff only), never shown to the customer.
    #[serde(default)]
    pub internal: bool,
    /// Send even though the ticket changed since the author loaded it.
    #[serde(default)]
    pub confirm: bool,
    /// Files for the message: ids from `POST /tickets/{id}/attachments`, at most 10.
    /// On an internal note they are staff-only.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::attachment_ids))]
    pub attachment_ids: Vec<String>,
}

/// A public reply or an internal note. A customer reply to a closed ticket opens a follow-up.
///
/// Collision guard: with `If-Match` naming the version the author was looking at, a
/// reply to a ticket that changed since is refused with 409 (`about:blank#collision`,
/// with `current_version`) unless `confirm` is true.
#[cfg_attr(feature = "openapi", utoipa::path(post, path = "/api/v1/tickets/{id}/interactions", tag = "tickets",
    request_body = AddInteractionRequest,
    params(("id" = String, Path, description = "A ticket id (ULID) or number (TKT-000123)"),
        ("If-Match" = Option<String>, Header, description = "the version the author was looking at (collision guard)")),
    responses((status = 201, body = ReplyCreated, description = "The reply or note (`InteractionCreated`), or, for a customer's reply to a closed ticket, the follow-up it opened (`FollowUpCreated`, with `Location`)"),
        (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem, description = "`about:blank#collision` with `current_version`: resend with `confirm: true`"),
        (status = 422, body = Problem, description = "an attachment that is not the caller's upload for this ticket, already on a message, or refused on its check"))))]
pub async fn add_interaction(deps: &WithFiles, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let b: AddInteractionRequest = json_body(&req)?;
            let r = ticket_ref(&req)?;
            let input = uc::ReplyInput {
                body: &b.body,
                internal: b.internal,
                confirm: b.confirm,
                attachment_ids: &b.attachment_ids,
            };
            match uc::reply(&deps.table, &deps.files, &caller, r, if_match(&req)?, input).await? {
                Replied::Added { interaction, ticket } => {
                    let body = ReplyCreated::Added(InteractionCreated {
                        interaction,
                        ticket: TicketView::for_caller(&ticket, None, &caller),
                    });
                    Ok(wire::versioned(StatusCode::CREATED, &body, ticket.version))
                }
                Replied::FollowUp(opened) => {
                    let view = TicketView::for_caller(
                        &opened.ticket,
                        Some(std::slice::from_ref(&opened.first_message)),
                        &caller,
                    );
                    let location = format!("/api/v1/tickets/{}", opened.ticket.id);
                    let body = ReplyCreated::FollowUp(FollowUpCreated { follow_up: view });
                    Ok(wire::created(&body, &location, opened.ticket.version))
                }
            }
        }
        .await,
    )
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MergeRequest {
    /// The ticket to merge into: an id or a number.
    pub target_id: String,
}

/// Close this ticket into another of the same org. Staff only.
#[cfg_attr(feature = "openapi", utoipa::path(post, path = "/api/v1/tickets/{id}/merge", tag = "tickets",
    request_body = MergeRequest,
    params(("id" = String, Path, description = "A ticket id (ULID) or number (TKT-000123)"), ("If-Match" = Option<String>, Header)),
    responses((status = 200, body = TicketView, description = "The merged (closed) ticket"), (status = 403, body = Problem),
        (status = 404, body = Problem, description = "the ticket or the target"),
        (status = 409, body = Problem, description = "closed, the same ticket, or changing too fast"),
        (status = 412, body = Problem))))]
pub async fn merge_ticket(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let b: MergeRequest = json_body(&req)?;
            let closed = uc::merge(table, &caller, ticket_ref(&req)?, &b.target_id, if_match(&req)?).await?;
            Ok(wire::ticket(StatusCode::OK, &closed, &caller))
        }
        .await,
    )
}

#[cfg(feature = "openapi")]
fn opt_ticket_ref() -> utoipa::openapi::Schema {
    helpdesk_domain::input::schema::nullable(helpdesk_domain::input::schema::ticket_ref())
}

#[cfg(feature = "openapi")]
fn bulk_ids() -> utoipa::openapi::schema::Array {
    let mut ids = helpdesk_domain::input::schema::list(
        helpdesk_domain::input::schema::ticket_ref(),
        helpdesk_domain::bulk::BULK_MAX,
    );
    ids.min_items = Some(1);
    ids.unique_items = true;
    ids
}

/// The changes of a bulk request: any of status, priority, assignment and tags, or a
/// merge alone.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkChangesRequest {
    pub status: Option<Status>,
    pub priority: Option<Priority>,
    /// An agent of the org; `null` unassigns. Agents assign only themselves.
    #[serde(default, deserialize_with = "present")]
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::opt_user_id))]
    pub assignee_id: Option<Option<String>>,
    /// A team of the org; `null` clears. Managers and admins.
    #[serde(default, deserialize_with = "present")]
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::opt_team_id))]
    pub team_id: Option<Option<String>>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::tags))]
    pub add_tags: Vec<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::tags))]
    pub remove_tags: Vec<String>,
    /// Merge each ticket into this one (an id or a number); nothing else may be given.
    #[cfg_attr(feature = "openapi", schema(schema_with = opt_ticket_ref))]
    pub merge_into: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkRequest {
    /// The tickets (ids or numbers), each once.
    #[cfg_attr(feature = "openapi", schema(schema_with = bulk_ids))]
    pub ids: Vec<String>,
    pub changes: BulkChangesRequest,
    /// The `If-Match` of each ticket that has one, by its id as given in `ids`: a ticket
    /// that moved on since is a 412 of its own.
    #[serde(default, deserialize_with = "helpdesk_domain::input::whole::map_u64")]
    pub versions: BTreeMap<String, u64>,
}

/// One ticket's outcome: `status` as the single request would have answered, with the
/// ticket (200) or the problem.
#[derive(Debug, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkResult {
    pub id: String,
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ticket: Option<TicketView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<Problem>,
}

#[derive(Debug, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkResponse {
    /// In the order of `ids`.
    pub results: Vec<BulkResult>,
}

/// The same changes for up to 100 tickets (assign, status, priority, tags), or each
/// merged into one. Each ticket is changed as a single update would change it (its own
/// version, events and audit entry `bulk`), so some may succeed while others answer
/// 404, 409 or 412 in `results`. Staff only.
#[cfg_attr(feature = "openapi", utoipa::path(post, path = "/api/v1/tickets/bulk", tag = "tickets",
    request_body = BulkRequest,
    responses((status = 200, body = BulkResponse, description = "What became of each ticket"),
        (status = 403, body = Problem, description = "customers"),
        (status = 404, body = Problem, description = "the assignee or team is not of the org"),
        (status = 422, body = Problem, description = "nothing to change, a merge with other changes, a version of a ticket not in ids"))))]
pub async fn bulk_tickets(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let b: BulkRequest = json_body(&req)?;
            let c = b.changes;
            let action = match c.merge_into {
                Some(target) => {
                    let others = c.status.is_some()
                        || c.priority.is_some()
                        || c.assignee_id.is_some()
                        || c.team_id.is_some()
                        || !c.add_tags.is_empty()
                        || !c.remove_tags.is_empty();
                    if others {
                        return Err(Problem::from(helpdesk_domain::DomainError::unprocessable(
                            "changes.merge_into",
                            "a merge goes alone: merged tickets are closed",
                        )));
                    }
                    uc::BulkAction::MergeInto(target)
                }
                None => {
                    let assignment = uc::parse_assignment(c.assignee_id, c.team_id)?;
                    let input = helpdesk_domain::bulk::BulkInput {
                        status: c.status,
                        priority: c.priority,
                        assignee: assignment.assignee,
                        team: assignment.team,
                        add_tags: c.add_tags,
                        remove_tags: c.remove_tags,
                    };
                    uc::BulkAction::Change(helpdesk_domain::bulk::BulkChanges::parse(input)?)
                }
            };
            let results = uc::bulk(table, &caller, &b.ids, &b.versions, action)
                .await?
                .into_iter()
                .map(|(id, outcome)| match outcome {
                    Ok(t) => BulkResult {
                        id,
                        status: 200,
                        ticket: Some(TicketView::for_caller(&t, None, &caller)),
                        error: None,
                    },
                    Err(e) => {
                        let p = Problem::from(e);
                        BulkResult {
                            id,
                            status: p.status,
                            ticket: None,
                            error: Some(p),
                        }
                    }
                })
                .collect();
            Ok(json(StatusCode::OK, &BulkResponse { results }))
        }
        .await,
    )
}

/// Who changed what on a ticket, oldest first. Managers and admins.
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/api/v1/tickets/{id}/audit", tag = "tickets",
    params(("id" = String, Path, description = "A ticket id (ULID) or number (TKT-000123)")),
    responses((status = 200, body = wire::Items<helpdesk_domain::audit::AuditEntry>), (status = 403, body = Problem),
        (status = 404, body = Problem))))]
pub async fn get_ticket_audit(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let items = uc::audit(table, &caller, ticket_ref(&req)?).await?;
            Ok(json(StatusCode::OK, &wire::Items { items }))
        }
        .await,
    )
}

//! The path every ticket-changing endpoint takes: find the ticket (by id or number) as
//! the caller may see it, honour `If-Match`, let the domain decide, save with optimistic
//! locking, and answer with the ticket and its new `ETag`.
//!
//! Without `If-Match`, a write that lost a race is decided again on the fresh ticket
//! (a few times, with a jittered back-off), so concurrent writers never lose an update; with `If-Match`, a
//! stale version is 412 Precondition Failed.

use helpdesk_domain::lifecycle::{Command, Decision, Outcome, decide};
use helpdesk_domain::view::TicketView;
use helpdesk_domain::{Caller, Ticket, TicketId, TicketNumber};
use helpdesk_store::changes::MustExist;
use helpdesk_store::{StoreError, Table};
use lambda_http::http::{StatusCode, header};
use lambda_http::{Body, Request, RequestExt, Response};
use time::OffsetDateTime;

use crate::Problem;
use crate::http::{etag, json};

/// Attempts before giving up on a ticket that keeps changing under us.
const ATTEMPTS: u32 = 8;

/// The ticket named by the `{id}` path parameter: a ULID or a number like `TKT-000123`.
pub async fn ticket_id(table: &Table, caller: &Caller, req: &Request) -> Result<TicketId, Problem> {
    let raw = req
        .path_parameters_ref()
        .and_then(|p| p.first("id"))
        .unwrap_or_default();
    if let Ok(id) = TicketId::parse(raw) {
        return Ok(id);
    }
    let number = TicketNumber::parse(raw)
        .map_err(|_| Problem::bad_request("the ticket id is neither an id nor a number like TKT-000123"))?;
    table
        .ticket_id_by_number(&caller.org_id, number)
        .await?
        .ok_or_else(|| Problem::not_found("ticket"))
}

/// A ticket the caller may see, else 404 (also for other orgs and other customers).
pub async fn visible_ticket(table: &Table, caller: &Caller, id: TicketId) -> Result<Ticket, Problem> {
    table
        .get_ticket(&caller.org_id, id)
        .await?
        .filter(|t| t.visible_to(caller))
        .ok_or_else(|| Problem::not_found("ticket"))
}

/// The version an `If-Match` header names (`"3"`, `W/"3"` or `3`), if any.
pub fn if_match(req: &Request) -> Result<Option<u64>, Problem> {
    let Some(value) = req.headers().get(header::IF_MATCH) else {
        return Ok(None);
    };
    let raw = value.to_str().unwrap_or_default().trim();
    let raw = raw.strip_prefix("W/").unwrap_or(raw).trim_matches('"');
    raw.parse()
        .map(Some)
        .map_err(|_| Problem::bad_request("If-Match must be the ETag of the ticket, e.g. \"3\""))
}

/// What happened to the ticket.
#[derive(Debug)]
pub enum Applied {
    Changed(Box<Outcome>),
    Unchanged(Box<Ticket>),
    FollowUp {
        closed: Box<Ticket>,
        new: Box<helpdesk_domain::NewTicket>,
    },
}

/// Decides `command` for the ticket and saves it.
pub async fn apply<F>(
    table: &Table,
    caller: &Caller,
    id: TicketId,
    expected: Option<u64>,
    command: F,
    must_exist: &[MustExist],
) -> Result<Applied, Problem>
where
    F: Fn(&Ticket) -> Result<Command, Problem>,
{
    for attempt in 0..ATTEMPTS {
        if attempt > 0 {
            crate::back_off(attempt).await;
        }
        let ticket = visible_ticket(table, caller, id).await?;
        if expected.is_some_and(|v| v != ticket.version) {
            return Err(Problem::precondition_failed());
        }
        match decide(&ticket, command(&ticket)?, caller, OffsetDateTime::now_utc())? {
            Decision::Unchanged => return Ok(Applied::Unchanged(Box::new(ticket))),
            Decision::FollowUp(new) => {
                return Ok(Applied::FollowUp {
                    closed: Box::new(ticket),
                    new,
                });
            }
            Decision::Changed(outcome) => match table.save_change(ticket.version, &outcome, must_exist).await {
                Ok(()) => {
                    tracing::info!(ticket_id = %id, version = outcome.ticket.version, action = outcome.audit.action, "ticket changed");
                    return Ok(Applied::Changed(outcome));
                }
                Err(StoreError::Stale) if expected.is_none() => continue,
                Err(e) => return Err(e.into()),
            },
        }
    }
    Err(Problem::conflict("the ticket is changing too fast; try again"))
}

/// The ticket as the caller may see it, with its `ETag`.
pub fn ticket_response(status: StatusCode, ticket: &Ticket, caller: &Caller) -> Response<Body> {
    let mut resp = json(status, &TicketView::for_caller(ticket, None, caller));
    if let Ok(v) = etag(ticket.version).parse() {
        resp.headers_mut().insert(header::ETAG, v);
    }
    resp
}

/// The answer of a command endpoint: the ticket after the change.
pub fn applied_response(applied: &Applied, caller: &Caller) -> Response<Body> {
    match applied {
        Applied::Changed(o) => ticket_response(StatusCode::OK, &o.ticket, caller),
        Applied::Unchanged(t) => ticket_response(StatusCode::OK, t, caller),
        Applied::FollowUp { closed, .. } => ticket_response(StatusCode::OK, closed, caller),
    }
}

/// Opens a ticket: its number, then one transaction (see
/// [`Table::create_ticket_with`]). A customer named by an email that turns out to
/// belong to a customer with another id (created by hand, or whose email changed) gets
/// the ticket under that id: two more requests, only then.
pub async fn open_ticket(
    table: &Table,
    caller: &Caller,
    new: helpdesk_domain::NewTicket,
    id: TicketId,
    customer_name: Option<&str>,
    also: &[helpdesk_store::inbound::Also<'_>],
) -> Result<helpdesk_domain::ticket::OpenedTicket, StoreError> {
    use helpdesk_domain::events::Event;
    use helpdesk_domain::ticket::CustomerRef;
    let customer = new.customer().clone();
    let number = table.next_ticket_number(&caller.org_id).await?;
    let opened = new.open(caller, id, number, OffsetDateTime::now_utc());
    match table
        .create_ticket_with(
            &opened,
            &customer,
            customer_name,
            &Event::ticket_created(&opened.ticket),
            also,
        )
        .await
    {
        Err(StoreError::EmailTaken) => {
            let CustomerRef::Email(email) = &customer else {
                return Err(StoreError::EmailTaken);
            };
            let owner = table
                .customer_id_by_email(&caller.org_id, email)
                .await?
                .ok_or(StoreError::EmailTaken)?;
            let opened = opened.for_customer(owner.clone());
            table
                .create_ticket_with(
                    &opened,
                    &CustomerRef::Id(owner),
                    None,
                    &Event::ticket_created(&opened.ticket),
                    also,
                )
                .await?;
            Ok(opened)
        }
        Err(e) => Err(e),
        Ok(()) => Ok(opened),
    }
}

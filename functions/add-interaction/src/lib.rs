//! `POST /api/v1/tickets/{id}/interactions`: `{"body", "internal"?: bool, "confirm"?: bool}`.
//!
//! Customers add public replies to their own tickets; staff add replies or internal
//! notes. Collision guard: with `If-Match` naming the version the author was looking
//! at, a reply to a ticket that changed since is refused with 409 (`about:blank#collision`,
//! with the current version) unless `confirm` is true. A customer reply to a closed
//! ticket opens a linked follow-up ticket (201 with that ticket). Two DynamoDB requests:
//! read the ticket, write the change.

use helpdesk_domain::TicketId;
use helpdesk_domain::lifecycle::{Command, NewInteraction};
use helpdesk_domain::view::{FollowUpCreated, InteractionCreated, TicketView};
use helpdesk_platform::http::{etag, json, json_body, respond};
use helpdesk_platform::tickets::{Applied, apply, if_match, open_ticket, ticket_id, visible_ticket};
use helpdesk_platform::{Problem, auth};
use helpdesk_store::Table;
use lambda_http::http::{StatusCode, header};
use lambda_http::{Body, Request, Response};
use serde::Deserialize;
use serde_json::json as j;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AddInteractionRequest {
    pub body: String,
    #[serde(default)]
    pub internal: bool,
    /// Send even though the ticket changed since the author loaded it.
    #[serde(default)]
    pub confirm: bool,
}

pub async fn handle(table: &Table, req: Request) -> Response<Body> {
    respond(add(table, req).await)
}

async fn add(table: &Table, req: Request) -> Result<Response<Body>, Problem> {
    let caller = auth::caller(&req)?;
    let body: AddInteractionRequest = json_body(&req)?;
    let message = NewInteraction::parse(&body.body, body.internal)?;
    let id = ticket_id(table, &caller, &req).await?;
    let seen = if_match(&req)?;
    if let Some(seen) = seen.filter(|_| !body.confirm) {
        let current = visible_ticket(table, &caller, id).await?;
        if current.version != seen {
            let mut p = Problem::conflict(
                "the ticket changed since you opened it; review and send again with \"confirm\": true",
            );
            p.kind = "about:blank#collision";
            p.extensions.insert("current_version".into(), j!(current.version));
            return Err(p);
        }
    }
    // The collision guard above replaces If-Match here: a reply never fails with 412.
    match apply(
        table,
        &caller,
        id,
        None,
        |_| Ok(Command::AddInteraction(message.clone())),
        &[],
    )
    .await?
    {
        Applied::Changed(outcome) => {
            let Some(m) = &outcome.interaction else {
                return Err(Problem::conflict("nothing was added"));
            };
            let mut resp = json(
                StatusCode::CREATED,
                &InteractionCreated {
                    interaction: m.clone(),
                    ticket: TicketView::for_caller(&outcome.ticket, None, &caller),
                },
            );
            if let Ok(v) = etag(outcome.ticket.version).parse() {
                resp.headers_mut().insert(header::ETAG, v);
            }
            Ok(resp)
        }
        Applied::FollowUp { closed, new } => {
            let opened = open_ticket(table, &caller, *new, TicketId::new(), None, &[]).await?;
            tracing::info!(closed = %closed.id, follow_up = %opened.ticket.id, "follow-up ticket opened");
            let view = TicketView::for_caller(
                &opened.ticket,
                Some(std::slice::from_ref(&opened.first_message)),
                &caller,
            );
            let mut resp = json(StatusCode::CREATED, &FollowUpCreated { follow_up: view });
            if let Ok(v) = format!("/api/v1/tickets/{}", opened.ticket.id).parse() {
                resp.headers_mut().insert(header::LOCATION, v);
            }
            Ok(resp)
        }
        Applied::Unchanged(_) => Err(Problem::conflict("nothing was added")),
    }
}

//! `POST /api/v1/tickets`: opens a ticket with its first message.
//!
//! Two DynamoDB requests: the org's ticket counter, then one transaction that writes the
//! ticket, its first message, its `TicketCreated` outbox event and the customer. Only when
//! a customer named by email turns out to have another id (their email changed, or they
//! were created by hand) does it take two more: find the owner, write again.

use helpdesk_domain::ticket::NewTicketInput;
use helpdesk_domain::view::TicketView;
use helpdesk_domain::{Channel, NewTicket, Priority, TicketId};
use helpdesk_platform::http::{etag, json, json_body, respond};
use helpdesk_platform::tickets::open_ticket;
use helpdesk_platform::{Problem, auth};
use helpdesk_store::Table;
use lambda_http::http::{StatusCode, header};
use lambda_http::{Body, Request, Response};
use serde::Deserialize;

/// The request body. Unknown fields are refused, so clients cannot set the org, the
/// number, the status, the version or timestamps.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateTicketRequest {
    pub subject: String,
    pub description: String,
    pub priority: Option<Priority>,
    pub category: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    pub customer_id: Option<String>,
    pub customer_email: Option<String>,
    pub channel: Option<Channel>,
}

impl From<CreateTicketRequest> for NewTicketInput {
    fn from(r: CreateTicketRequest) -> Self {
        Self {
            subject: r.subject,
            description: r.description,
            priority: r.priority,
            category: r.category,
            tags: r.tags,
            customer_id: r.customer_id,
            customer_email: r.customer_email,
            channel: r.channel,
        }
    }
}

pub async fn handle(table: &Table, req: Request) -> Response<Body> {
    respond(create(table, req).await)
}

async fn create(table: &Table, req: Request) -> Result<Response<Body>, Problem> {
    let caller = auth::caller(&req)?;
    let body: CreateTicketRequest = json_body(&req)?;
    let new = NewTicket::parse(body.into(), &caller)?;
    let opened = open_ticket(table, &caller, new, TicketId::new(), None, &[]).await?;
    tracing::info!(org_id = %caller.org_id, ticket_id = %opened.ticket.id, number = %opened.ticket.number, "ticket created");

    let view = TicketView::for_caller(
        &opened.ticket,
        Some(std::slice::from_ref(&opened.first_message)),
        &caller,
    );
    let mut response = json(StatusCode::CREATED, &view);
    let headers = response.headers_mut();
    if let Ok(v) = format!("/api/v1/tickets/{}", opened.ticket.id).parse() {
        headers.insert(header::LOCATION, v);
    }
    if let Ok(v) = etag(opened.ticket.version).parse() {
        headers.insert(header::ETAG, v);
    }
    Ok(response)
}

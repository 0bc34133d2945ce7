//! The HTTP edge's envelopes and response helpers: what wraps the domain's values on
//! the wire (pages, lists, created resources) and the headers that go with them
//! (`ETag`, `Location`).

use helpdesk_domain::people::{Availability, Customer};
use helpdesk_domain::view::TicketView;
use helpdesk_domain::{Caller, Interaction, Ticket, UserId};
use helpdesk_platform::http::{etag, json};
use lambda_http::http::{HeaderValue, StatusCode, header};
use lambda_http::{Body, Response};
use serde::Serialize;

/// One page of a list, and the cursor of the next (absent on the last page).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass as `cursor` for the next page; `null` on the last.
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    pub fn of<S>(page: helpdesk_store::Page<S>, f: impl FnMut(S) -> T) -> Self {
        Self {
            items: page.items.into_iter().map(f).collect(),
            next_cursor: page.next_cursor,
        }
    }
}

/// A whole (small) list.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Items<T> {
    pub items: Vec<T>,
}

/// A reply or note was added: the message and the ticket after it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InteractionCreated {
    pub interaction: Interaction,
    pub ticket: TicketView,
}

/// A customer's reply to a closed ticket opened this follow-up instead.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FollowUpCreated {
    pub follow_up: TicketView,
}

/// What `POST /tickets/{id}/interactions` created: the message, or (a customer's reply
/// to a closed ticket) a follow-up ticket.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ReplyCreated {
    Added(InteractionCreated),
    FollowUp(FollowUpCreated),
}

/// A customer's profile with their latest tickets.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerProfile {
    #[serde(flatten)]
    pub customer: Customer,
    pub tickets: Vec<TicketView>,
    /// Their ratings of resolved tickets (staff only; absent for the customer).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub satisfaction: Option<helpdesk_domain::csat::CsatCounts>,
}

/// An agent's availability after a change.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgentStatus {
    pub id: UserId,
    pub status: Availability,
}

/// Sets a header when the value is a valid one (ours always are).
pub fn with_header(mut resp: Response<Body>, name: header::HeaderName, value: &str) -> Response<Body> {
    if let Ok(v) = HeaderValue::from_str(value) {
        resp.headers_mut().insert(name, v);
    }
    resp
}

/// A JSON body with the `ETag` of its version.
pub fn versioned<T: Serialize>(status: StatusCode, body: &T, version: u64) -> Response<Body> {
    with_header(json(status, body), header::ETAG, &etag(version))
}

/// A created resource: its body, `Location` and `ETag`.
pub fn created<T: Serialize>(body: &T, location: &str, version: u64) -> Response<Body> {
    with_header(
        versioned(StatusCode::CREATED, body, version),
        header::LOCATION,
        location,
    )
}

/// A ticket as the caller may see it, with its `ETag`.
pub fn ticket(status: StatusCode, ticket: &Ticket, caller: &Caller) -> Response<Body> {
    versioned(status, &TicketView::for_caller(ticket, None, caller), ticket.version)
}

/// `204 No Content`.
pub fn no_content() -> Response<Body> {
    Response::builder()
        .status(StatusCode::NO_CONTENT)
        .body(Body::Empty)
        .unwrap_or_default()
}

/// A message kept aside instead of ticketed.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuarantineEntry {
    /// SES's message id (or the webhook's digest of the message).
    pub id: String,
    pub from: String,
    pub subject: String,
    /// `virus`, `dmarc`, `spf-and-dkim`, `bounce`, `no-sender`.
    pub reasons: Vec<String>,
    /// The raw message in the inbound-mail bucket (kept 90 days).
    pub raw_key: String,
    pub received_at: String,
}

impl From<helpdesk_store::Quarantined> for QuarantineEntry {
    fn from(q: helpdesk_store::Quarantined) -> Self {
        Self {
            id: q.id,
            from: q.from,
            subject: q.subject,
            reasons: q.reasons,
            raw_key: q.raw_key,
            received_at: q.received_at,
        }
    }
}

/// What became of a delivered message in one org, by `outcome`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case", tag = "outcome")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DeliveryView {
    /// A new ticket (`follow_up_of` when it follows up a closed one).
    Opened {
        org_id: String,
        ticket_id: String,
        number: String,
        follow_up_of: Option<String>,
    },
    /// A reply on an existing ticket.
    Threaded {
        org_id: String,
        ticket_id: String,
        number: String,
    },
    /// Delivered before: nothing added.
    Duplicate { org_id: String },
    /// Kept aside for admins.
    Quarantined { org_id: String, reasons: Vec<String> },
    /// Not for any org we know, or not mail at all.
    Dropped { reason: String },
}

impl From<helpdesk_app::inbound::Delivery> for DeliveryView {
    fn from(d: helpdesk_app::inbound::Delivery) -> Self {
        use helpdesk_app::inbound::Delivery as D;
        match d {
            D::Opened {
                org_id,
                ticket_id,
                number,
                follow_up_of,
            } => Self::Opened {
                org_id,
                ticket_id: ticket_id.to_string(),
                number,
                follow_up_of: follow_up_of.map(|t| t.to_string()),
            },
            D::Threaded {
                org_id,
                ticket_id,
                number,
            } => Self::Threaded {
                org_id,
                ticket_id: ticket_id.to_string(),
                number,
            },
            D::Duplicate { org_id } => Self::Duplicate { org_id },
            D::Quarantined { org_id, reasons } => Self::Quarantined { org_id, reasons },
            D::Dropped { reason } => Self::Dropped { reason },
        }
    }
}

/// What became of a message the webhook received, per org.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Deliveries {
    pub deliveries: Vec<DeliveryView>,
}

/// An article's helpful / not-helpful counts after a vote.
#[derive(Debug, Clone, Copy, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Feedback {
    pub helpful: u64,
    pub not_helpful: u64,
}

impl From<helpdesk_app::kb::Feedback> for Feedback {
    fn from(f: helpdesk_app::kb::Feedback) -> Self {
        Self {
            helpful: f.helpful,
            not_helpful: f.not_helpful,
        }
    }
}

/// An org as its help center names it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HelpOrg {
    pub id: helpdesk_domain::OrgId,
    pub name: String,
    /// Its name in help-center URLs besides its id, if it has one.
    pub slug: Option<String>,
}

/// A help center's front page: the org and its categories in reading order.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HelpCenter {
    pub org: HelpOrg,
    pub categories: Vec<helpdesk_domain::kb::Category>,
}

impl HelpCenter {
    pub fn new(org: helpdesk_store::OrgProfile, categories: Vec<helpdesk_domain::kb::Category>) -> Self {
        Self {
            org: HelpOrg {
                id: org.id,
                name: org.name,
                slug: org.slug,
            },
            categories,
        }
    }
}

/// One search result.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchHit {
    /// `ticket` or `article`.
    pub kind: String,
    pub id: String,
    /// A ticket's number (`TKT-000123`), an article's slug.
    pub reference: String,
    pub title: String,
    /// Where the query matched: HTML-escaped text, matches in `<mark>`.
    pub snippet: String,
    pub score: f32,
}

impl From<helpdesk_search::Hit> for SearchHit {
    fn from(h: helpdesk_search::Hit) -> Self {
        Self {
            kind: h.kind.as_str().to_owned(),
            id: h.id,
            reference: h.reference,
            title: h.title,
            snippet: h.snippet,
            score: h.score,
        }
    }
}

/// A suggested article.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Suggestion {
    pub id: String,
    pub slug: String,
    pub title: String,
    /// HTML-escaped text, matches in `<mark>`.
    pub snippet: String,
}

impl From<helpdesk_search::Hit> for Suggestion {
    fn from(h: helpdesk_search::Hit) -> Self {
        Self {
            id: h.id,
            slug: h.reference,
            title: h.title,
            snippet: h.snippet,
        }
    }
}

/// A rebuilt index's generation.
#[derive(Debug, Clone, Copy, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reindexed {
    pub generation: u64,
}

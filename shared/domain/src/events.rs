//! Domain events: the typed contract shared by producers (the outbox) and consumers.
//!
//! An event is written in the same transaction as the change it describes and later
//! published on the bus with `source = helpdesk` and `detail-type` = [`Event::detail_type`].
//! The `detail` is this struct as JSON. Consumers de-duplicate by `event_id`.
//! Payloads never carry internal notes: events reach the customer-facing notifier.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::audit::FieldChange;
use crate::kb::{Article, ArticleStatus, Slug};
use crate::{
    ArticleId, Author, CategoryId, Channel, EventId, Interaction, InteractionId, OrgId, Status, TeamId, Ticket,
    TicketId, UserId,
};

/// The EventBridge `source` of every helpdesk event.
pub const SOURCE: &str = "helpdesk";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub event_id: EventId,
    pub org_id: OrgId,
    #[serde(with = "time::serde::rfc3339")]
    pub occurred_at: OffsetDateTime,
    pub ticket_id: TicketId,
    /// Who made the change: people (absent) or the rules. A change by the rules starts
    /// no rule run, so rules cannot loop.
    #[serde(default, skip_serializing_if = "Origin::is_person")]
    pub origin: Origin,
    #[serde(flatten)]
    pub payload: EventPayload,
}

/// Where a change came from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// A person (or the API, or mail, or an SLA escalation).
    #[default]
    Person,
    /// Triggers or routing (the router consumer).
    Rules,
}

impl Origin {
    pub fn is_person(&self) -> bool {
        *self == Self::Person
    }
}

/// A message as events tell it: the text of internal notes is left out, because events
/// reach the customer-facing notifier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InteractionSummary {
    pub id: InteractionId,
    pub author: Author,
    pub internal: bool,
    /// The text of a public message; `None` for internal notes.
    pub body: Option<String>,
    pub channel: Channel,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// The files of a public message (none for internal notes).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<crate::attachment::FileRef>,
}

impl InteractionSummary {
    pub fn of(m: &Interaction) -> Self {
        Self {
            id: m.id,
            author: m.author.clone(),
            internal: m.internal,
            body: (!m.internal).then(|| m.body.clone()),
            channel: m.channel,
            created_at: m.created_at,
            attachments: if m.internal { Vec::new() } else { m.attachments.clone() },
        }
    }
}

/// What happened. Tagged by `type`, which equals the EventBridge detail-type. Every
/// variant carries the ticket as it is after the change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum EventPayload {
    /// A ticket was opened.
    TicketCreated { ticket: Box<Ticket> },
    /// Subject, priority, category, tags or custom fields changed.
    TicketUpdated {
        ticket: Box<Ticket>,
        changes: Vec<FieldChange>,
    },
    TicketStatusChanged {
        ticket: Box<Ticket>,
        from: Status,
        to: Status,
    },
    TicketAssigned {
        ticket: Box<Ticket>,
        previous_assignee_id: Option<UserId>,
        previous_team_id: Option<TeamId>,
    },
    /// A reply or an internal note (without its text) was added.
    InteractionAdded {
        ticket: Box<Ticket>,
        interaction: InteractionSummary,
    },
    /// The ticket was closed into `target_id`; `from` is the status it had.
    TicketMerged {
        ticket: Box<Ticket>,
        target_id: TicketId,
        from: Status,
    },
    /// An SLA clock (`metric`) passed its warning point; `due_at` is its deadline.
    SlaWarning {
        ticket: Box<Ticket>,
        metric: String,
        due_at: String,
    },
    /// An SLA clock (`metric`) passed its deadline `due_at`.
    SlaBreached {
        ticket: Box<Ticket>,
        metric: String,
        due_at: String,
    },
    /// A customer rated the resolution `cycle` (`previous`: the rating of the same cycle
    /// it replaces; the latest counts).
    CsatReceived {
        ticket: Box<Ticket>,
        rating: crate::rating::Rating,
        previous: Option<crate::rating::Rating>,
        cycle: i64,
    },
    /// A type this build does not know yet (a newer producer). Consumers skip it.
    #[serde(other)]
    Unknown,
}

impl Event {
    pub fn new(org_id: OrgId, ticket_id: TicketId, occurred_at: OffsetDateTime, payload: EventPayload) -> Self {
        Self {
            event_id: EventId::new(),
            org_id,
            occurred_at,
            ticket_id,
            origin: Origin::Person,
            payload,
        }
    }

    pub fn ticket_created(ticket: &Ticket) -> Self {
        Self::new(
            ticket.org_id.clone(),
            ticket.id,
            ticket.created_at,
            EventPayload::TicketCreated {
                ticket: Box::new(ticket.clone()),
            },
        )
    }

    /// The ticket as it is after the change, for every known type.
    pub fn ticket(&self) -> Option<&Ticket> {
        match &self.payload {
            EventPayload::TicketCreated { ticket }
            | EventPayload::TicketUpdated { ticket, .. }
            | EventPayload::TicketStatusChanged { ticket, .. }
            | EventPayload::TicketAssigned { ticket, .. }
            | EventPayload::InteractionAdded { ticket, .. }
            | EventPayload::TicketMerged { ticket, .. }
            | EventPayload::SlaWarning { ticket, .. }
            | EventPayload::SlaBreached { ticket, .. }
            | EventPayload::CsatReceived { ticket, .. } => Some(ticket),
            EventPayload::Unknown => None,
        }
    }

    pub fn detail_type(&self) -> &'static str {
        match self.payload {
            EventPayload::TicketCreated { .. } => "TicketCreated",
            EventPayload::TicketUpdated { .. } => "TicketUpdated",
            EventPayload::TicketStatusChanged { .. } => "TicketStatusChanged",
            EventPayload::TicketAssigned { .. } => "TicketAssigned",
            EventPayload::InteractionAdded { .. } => "InteractionAdded",
            EventPayload::TicketMerged { .. } => "TicketMerged",
            EventPayload::SlaWarning { .. } => "SlaWarning",
            EventPayload::SlaBreached { .. } => "SlaBreached",
            EventPayload::CsatReceived { .. } => "CsatReceived",
            EventPayload::Unknown => "Unknown",
        }
    }
}

/// A knowledge-base article changed: the article's own outbox, like ticket events in
/// theirs. Consumers of ticket events never see these (the bus rules name types).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleEvent {
    pub event_id: EventId,
    pub org_id: OrgId,
    #[serde(with = "time::serde::rfc3339")]
    pub occurred_at: OffsetDateTime,
    pub article_id: ArticleId,
    /// `ArticleUpdated` (created, edited, restored), `ArticlePublished` or `ArticleArchived`.
    #[serde(rename = "type")]
    pub kind: ArticleChanged,
    pub article: ArticleSummary,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ArticleChanged {
    ArticleUpdated,
    ArticlePublished,
    ArticleArchived,
}

/// The article as an event tells it: what an index or a cache needs, not the body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleSummary {
    pub id: ArticleId,
    pub slug: Slug,
    pub title: String,
    pub status: ArticleStatus,
    pub category_id: Option<CategoryId>,
    pub tags: Vec<String>,
    pub draft_version: u32,
    pub published_version: Option<u32>,
}

impl ArticleEvent {
    pub fn new(kind: ArticleChanged, a: &Article, occurred_at: OffsetDateTime) -> Self {
        Self {
            event_id: EventId::new(),
            org_id: a.org_id.clone(),
            occurred_at,
            article_id: a.id,
            kind,
            article: ArticleSummary {
                id: a.id,
                slug: a.slug.clone(),
                title: a.title.clone(),
                status: a.status,
                category_id: a.category_id,
                tags: a.tags.clone(),
                draft_version: a.draft_version,
                published_version: a.published.as_ref().map(|p| p.version),
            },
        }
    }

    pub fn detail_type(&self) -> &'static str {
        match self.kind {
            ArticleChanged::ArticleUpdated => "ArticleUpdated",
            ArticleChanged::ArticlePublished => "ArticlePublished",
            ArticleChanged::ArticleArchived => "ArticleArchived",
        }
    }
}

/// An agent came online: routing may now give them waiting tickets. In the org's own
/// outbox, like article events in the article's; only the router reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentEvent {
    pub event_id: EventId,
    pub org_id: OrgId,
    #[serde(with = "time::serde::rfc3339")]
    pub occurred_at: OffsetDateTime,
    pub agent_id: UserId,
}

impl AgentEvent {
    pub const DETAIL_TYPE: &'static str = "AgentOnline";

    pub fn online(org_id: OrgId, agent_id: UserId, occurred_at: OffsetDateTime) -> Self {
        Self {
            event_id: EventId::new(),
            org_id,
            occurred_at,
            agent_id,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn article_events_name_their_type_at_the_top_level() {
        let n = crate::kb::NewArticle {
            title: "T",
            body: "B",
            slug: None,
            category_id: None,
            tags: &[],
        };
        let org = OrgId::parse("10001").unwrap();
        let (a, _) = crate::kb::draft(&org, &UserId::parse("m").unwrap(), n, OffsetDateTime::UNIX_EPOCH).unwrap();
        let e = ArticleEvent::new(ArticleChanged::ArticlePublished, &a, OffsetDateTime::UNIX_EPOCH);
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(v["type"], e.detail_type());
        assert_eq!(v["article_id"], a.id.to_string());
        assert!(v.get("ticket_id").is_none() && !v.to_string().contains("\"body\""));
    }

    #[test]
    fn detail_carries_ids_and_type_at_the_top_level() {
        let id = TicketId::new();
        let e = Event::new(
            OrgId::parse("10001").unwrap(),
            id,
            OffsetDateTime::UNIX_EPOCH,
            EventPayload::Unknown,
        );
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(v["org_id"], "10001");
        assert_eq!(v["ticket_id"], id.to_string());
        assert_eq!(v["occurred_at"], "1970-01-01T00:00:00Z");
        assert_eq!(v["type"], "Unknown");
    }

    #[test]
    fn unknown_event_types_parse_so_consumers_can_skip_them() {
        let v = json!({"event_id": EventId::new().to_string(), "org_id": "10001", "occurred_at": "2026-01-01T00:00:00Z",
            "ticket_id": TicketId::new().to_string(), "type": "SomethingNew", "extra": 1});
        let e: Event = serde_json::from_value(v).unwrap();
        assert_eq!(e.payload, EventPayload::Unknown);
    }
}

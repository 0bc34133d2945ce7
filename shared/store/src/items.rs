//! How domain values become items: their keys (from [`crate::keys`]), index attributes,
//! entity names and expiry. The access-pattern modules above read and write these.

use helpdesk_domain::attachment::{Attachment, FileState, PENDING_TTL_SECS};
use helpdesk_domain::audit::AuditEntry;
use helpdesk_domain::events::{ArticleEvent, Event};
use helpdesk_domain::people::Customer;
use helpdesk_domain::{Interaction, OrgId, Ticket, TicketId};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::keys;
use crate::tx::{Failure, Item, TxItem};
use crate::{StoreError, Table};

/// The attribute naming an item's entity, which tells apart the items of one partition
/// (a ticket and its thread come back from one Query).
pub(crate) const ENTITY: &str = "entity";

/// How long outbox items stay in the table after their write: long enough for the
/// stream (24 h retention) to have delivered them.
const OUTBOX_TTL_SECS: i64 = 24 * 3600;

/// Seconds since the epoch, for TTL attributes.
pub(crate) fn epoch(t: OffsetDateTime) -> i64 {
    t.unix_timestamp()
}

pub(crate) fn s(v: impl Into<String>) -> aws_sdk_dynamodb::types::AttributeValue {
    aws_sdk_dynamodb::types::AttributeValue::S(v.into())
}

pub(crate) fn n(v: impl ToString) -> aws_sdk_dynamodb::types::AttributeValue {
    aws_sdk_dynamodb::types::AttributeValue::N(v.to_string())
}

#[derive(Serialize, Deserialize)]
pub(crate) struct TicketItem {
    #[serde(rename = "PK")]
    pk: String,
    #[serde(rename = "SK")]
    sk: String,
    #[serde(rename = "GSI1PK")]
    gsi1pk: String,
    #[serde(rename = "GSI1SK")]
    gsi1sk: String,
    #[serde(rename = "GSI2PK")]
    gsi2pk: String,
    #[serde(rename = "GSI2SK")]
    gsi2sk: String,
    #[serde(rename = "GSI3PK")]
    gsi3pk: String,
    #[serde(rename = "GSI3SK")]
    gsi3sk: String,
    #[serde(rename = "GSI4PK")]
    gsi4pk: String,
    #[serde(rename = "GSI4SK")]
    gsi4sk: String,
    #[serde(rename = "GSI5PK", skip_serializing_if = "Option::is_none", default)]
    gsi5pk: Option<String>,
    #[serde(rename = "GSI5SK", skip_serializing_if = "Option::is_none", default)]
    gsi5sk: Option<String>,
    #[serde(rename = "GSI6PK", skip_serializing_if = "Option::is_none", default)]
    gsi6pk: Option<String>,
    #[serde(rename = "GSI6SK", skip_serializing_if = "Option::is_none", default)]
    gsi6sk: Option<String>,
    entity: String,
    #[serde(flatten)]
    pub(crate) ticket: Ticket,
}

impl TicketItem {
    pub(crate) fn new(t: &Ticket) -> Self {
        let org = &t.org_id;
        let by_update = keys::time_gsi_sk(t.updated_at, t.id);
        Self {
            pk: keys::ticket_pk(org, t.id),
            sk: keys::TICKET_SK.into(),
            gsi1pk: keys::status_gsi_pk(org, t.status),
            gsi1sk: by_update.clone(),
            gsi2pk: keys::assignee_gsi_pk(org, t.assignee_id.as_ref()),
            gsi2sk: by_update.clone(),
            gsi3pk: keys::customer_gsi_pk(org, &t.customer_id),
            gsi3sk: keys::time_gsi_sk(t.created_at, t.id),
            gsi4pk: keys::org_gsi_pk(org),
            gsi4sk: by_update,
            gsi5pk: sla_due(t).map(|_| keys::sla_gsi_pk(org)),
            gsi5sk: sla_due(t),
            gsi6pk: sla_due(t).map(|_| keys::sla_schedule_pk(keys::sla_shard(t.id))),
            gsi6sk: sla_due(t).map(|due| keys::sla_work_sk(&due, &t.org_id)),
            entity: "ticket".into(),
            ticket: t.clone(),
        }
    }

    pub(crate) fn item(t: &Ticket) -> Result<Item, StoreError> {
        Ok(serde_dynamo::to_item(Self::new(t))?)
    }
}

/// The `BySlaDue` sort key of a ticket with an open SLA clock.
pub(crate) fn sla_due(t: &Ticket) -> Option<String> {
    let next = t.sla.as_ref()?.next_check_at?;
    let at = OffsetDateTime::from_unix_timestamp_nanos(next.as_nanosecond()).ok()?;
    Some(format!("{}#{}", keys::sortable(at), t.id))
}

#[derive(Serialize, Deserialize)]
pub(crate) struct MessageItem {
    #[serde(rename = "PK")]
    pk: String,
    #[serde(rename = "SK")]
    sk: String,
    entity: String,
    org_id: OrgId,
    #[serde(flatten)]
    pub(crate) message: Interaction,
}

impl MessageItem {
    pub(crate) fn item(org: &OrgId, m: &Interaction) -> Result<Item, StoreError> {
        Ok(serde_dynamo::to_item(Self {
            pk: keys::ticket_pk(org, m.ticket_id),
            sk: keys::message_sk(m.id),
            entity: "message".into(),
            org_id: org.clone(),
            message: m.clone(),
        })?)
    }
}

/// An outbox item: the event as the publisher will put it on the bus.
#[derive(Debug, Serialize, Deserialize)]
pub struct OutboxItem {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    pub entity: String,
    pub org_id: OrgId,
    pub event_id: String,
    pub detail_type: String,
    /// The event as JSON, exactly the EventBridge `detail`.
    pub detail: String,
    pub expires_at: i64,
}

impl OutboxItem {
    /// An event in the outbox of the partition `pk` (its ticket's, its article's).
    fn in_partition<E: serde::Serialize>(
        pk: String,
        org: &OrgId,
        event_id: helpdesk_domain::EventId,
        detail_type: &str,
        occurred_at: OffsetDateTime,
        event: &E,
    ) -> Result<Self, StoreError> {
        Ok(Self {
            pk,
            sk: keys::event_sk(event_id),
            entity: "event".into(),
            org_id: org.clone(),
            event_id: event_id.to_string(),
            detail_type: detail_type.into(),
            detail: serde_json::to_string(event).map_err(|e| StoreError::Corrupt(e.to_string()))?,
            expires_at: occurred_at.unix_timestamp() + OUTBOX_TTL_SECS,
        })
    }

    /// The event in its ticket's partition.
    pub fn new(event: &Event) -> Result<Self, StoreError> {
        let pk = keys::ticket_pk(&event.org_id, event.ticket_id);
        Self::in_partition(
            pk,
            &event.org_id,
            event.event_id,
            event.detail_type(),
            event.occurred_at,
            event,
        )
    }

    /// An article's event in the article's partition.
    pub fn article(event: &ArticleEvent) -> Result<Self, StoreError> {
        let pk = keys::article_pk(&event.org_id, event.article_id);
        Self::in_partition(
            pk,
            &event.org_id,
            event.event_id,
            event.detail_type(),
            event.occurred_at,
            event,
        )
    }

    /// An agent's event in the org partition.
    pub fn agent(event: &helpdesk_domain::events::AgentEvent) -> Result<Self, StoreError> {
        Self::in_partition(
            keys::org_pk(&event.org_id),
            &event.org_id,
            event.event_id,
            helpdesk_domain::events::AgentEvent::DETAIL_TYPE,
            event.occurred_at,
            event,
        )
    }

    pub(crate) fn item(event: &Event) -> Result<Item, StoreError> {
        Ok(serde_dynamo::to_item(Self::new(event)?)?)
    }
}

#[derive(Serialize, Deserialize)]
pub(crate) struct AuditItem {
    #[serde(rename = "PK")]
    pk: String,
    #[serde(rename = "SK")]
    sk: String,
    entity: String,
    #[serde(flatten)]
    pub(crate) entry: AuditEntry,
}

impl AuditItem {
    /// An audit entry in its ticket's partition.
    pub(crate) fn item(org: &OrgId, entry: &AuditEntry) -> Result<Item, StoreError> {
        Ok(serde_dynamo::to_item(Self {
            pk: keys::ticket_pk(org, entry.ticket_id),
            sk: keys::audit_sk(&entry.id),
            entity: "audit".into(),
            entry: entry.clone(),
        })?)
    }
}

/// An item of the org partition (agents, teams): the value with its keys.
#[derive(Serialize, Deserialize)]
pub(crate) struct Keyed<T> {
    #[serde(rename = "PK")]
    pub(crate) pk: String,
    #[serde(rename = "SK")]
    pub(crate) sk: String,
    pub(crate) entity: String,
    #[serde(flatten)]
    pub(crate) value: T,
}

#[derive(Serialize, Deserialize)]
pub(crate) struct CustomerItem {
    #[serde(rename = "PK")]
    pk: String,
    #[serde(rename = "SK")]
    sk: String,
    entity: String,
    #[serde(rename = "GSI4PK")]
    gsi4pk: String,
    #[serde(rename = "GSI4SK")]
    gsi4sk: String,
    name_lc: String,
    #[serde(flatten)]
    pub(crate) customer: Customer,
}

impl CustomerItem {
    pub(crate) fn item(c: &Customer) -> Result<Item, StoreError> {
        Ok(serde_dynamo::to_item(Self {
            pk: keys::org_pk(&c.org_id),
            sk: keys::customer_sk(&c.id),
            entity: "customer".into(),
            gsi4pk: keys::customers_gsi_pk(&c.org_id),
            gsi4sk: c.email.as_str().to_owned(),
            name_lc: c.name.to_lowercase(),
            customer: c.clone(),
        })?)
    }
}

/// A small item from its attributes.
pub(crate) fn fields<const N: usize>(f: [(&str, aws_sdk_dynamodb::types::AttributeValue); N]) -> Item {
    f.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}

/// A write that rides along in a ticket's transaction, so that what it records and the
/// ticket change are stored together or not at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Also {
    /// Records a delivered message's Message-ID for the ticket; the whole write fails
    /// with [`StoreError::Duplicate`] when it was delivered before.
    InboundMessage {
        message_id: String,
        /// `helpdesk_mail::Signer::reference_sig` over org, ticket and Message-ID.
        sig: String,
        received_at: OffsetDateTime,
    },
    /// Puts a checked upload on the message: the attachment in state `attached`
    /// (with its message); fails with `Conflict` unless it was `ready`.
    Attach(Box<helpdesk_domain::attachment::Attachment>),
    /// A file that came with its message (a mail part): created `attached`.
    MailFile(Box<helpdesk_domain::attachment::Attachment>),
    /// Records that `consumer` handled the event; the whole write fails with
    /// [`StoreError::Duplicate`] when it did before (exactly once per event).
    Processed {
        consumer: &'static str,
        event_id: helpdesk_domain::EventId,
        detail_type: &'static str,
        at: OffsetDateTime,
    },
    /// Advances a routing counter from `from` to `to` and notes when `agent` was routed
    /// a ticket; `Stale` when another assignment advanced it first.
    Turn {
        team: Option<helpdesk_domain::TeamId>,
        from: u64,
        to: u64,
        agent: helpdesk_domain::UserId,
        at: OffsetDateTime,
    },
}

impl Also {
    pub(crate) fn tx_item(&self, table: &Table, org: &OrgId, ticket: TicketId) -> Result<TxItem, StoreError> {
        match self {
            Self::InboundMessage {
                message_id,
                sig,
                received_at,
            } => {
                let item = fields([
                    (keys::PK, s(keys::msgid_pk(org, message_id))),
                    (keys::SK, s(keys::MSGID_SK)),
                    (ENTITY, s("message-id")),
                    ("direction", s("in")),
                    ("message_id", s(message_id.as_str())),
                    ("ticket_id", s(ticket.to_string())),
                    ("sig", s(sig.as_str())),
                    ("received_at", s(keys::sortable(*received_at))),
                ]);
                TxItem::put_new(table, item, Failure::Duplicate)
            }
            Self::Attach(a) => attach_tx(table, a),
            Self::MailFile(a) => TxItem::put_new(table, attachment_item(a)?, Failure::Duplicate),
            Self::Processed {
                consumer,
                event_id,
                detail_type,
                at,
            } => TxItem::put_new(
                table,
                processed_item(org, consumer, *event_id, detail_type, *at),
                Failure::Duplicate,
            ),
            Self::Turn {
                team,
                from,
                to,
                agent,
                at,
            } => TxItem::update(
                table,
                aws_sdk_dynamodb::types::Update::builder()
                    .key(keys::PK, s(keys::org_pk(org)))
                    .key(keys::SK, s(keys::routing_turn_sk(team.as_ref())))
                    .update_expression("SET #turn = :to, #entity = :entity, #at = :at")
                    .condition_expression("(attribute_not_exists(#turn) AND :from = :zero) OR #turn = :from")
                    .expression_attribute_names("#turn", "turn")
                    .expression_attribute_names("#entity", ENTITY)
                    .expression_attribute_names("#at", format!("{TURN_AT_PREFIX}{agent}"))
                    .expression_attribute_values(":to", n(*to))
                    .expression_attribute_values(":from", n(*from))
                    .expression_attribute_values(":zero", n(0))
                    .expression_attribute_values(":entity", s("routing-turn"))
                    .expression_attribute_values(":at", s(keys::sortable(*at))),
                Some(Failure::Stale),
            ),
        }
    }
}

/// The two writes that create a customer if missing and claim their email; either
/// fails when the email or the id already belongs to someone else.
pub(crate) fn customer_upsert(
    table: &Table,
    org: &OrgId,
    id: &helpdesk_domain::CustomerId,
    email: &helpdesk_domain::Email,
    name: Option<&str>,
    now: OffsetDateTime,
) -> Result<[TxItem; 2], StoreError> {
    use aws_sdk_dynamodb::types::Update;
    let name = name
        .map(str::to_owned)
        .unwrap_or_else(|| email.as_str().split('@').next().unwrap_or_default().to_owned());
    let customer = Update::builder()
        .key(keys::PK, s(keys::org_pk(org)))
        .key(keys::SK, s(keys::customer_sk(id)))
        .update_expression("SET entity = :entity, id = :id, org_id = :org, email = if_not_exists(email, :email), #name = if_not_exists(#name, :name), name_lc = if_not_exists(name_lc, :name_lc), created_at = if_not_exists(created_at, :now), GSI4PK = :customers, GSI4SK = if_not_exists(GSI4SK, :email)")
        .expression_attribute_values(":name_lc", s(name.to_lowercase()))
        .expression_attribute_values(":customers", s(keys::customers_gsi_pk(org)))
        .expression_attribute_names("#name", "name")
        // The derived id must still belong to this email (a customer may have moved).
        .condition_expression("attribute_not_exists(email) OR email = :email")
        .expression_attribute_values(":entity", s("customer"))
        .expression_attribute_values(":id", s(id.as_str()))
        .expression_attribute_values(":org", s(org.as_str()))
        .expression_attribute_values(":email", s(email.as_str()))
        .expression_attribute_values(":name", s(name))
        .expression_attribute_values(":now", s(keys::sortable(now)));
    let claim = Update::builder()
        .key(keys::PK, s(keys::customer_email_pk(org, email)))
        .key(keys::SK, s(keys::EMAIL_SK))
        .update_expression("SET entity = :entity, customer_id = :id")
        .condition_expression("attribute_not_exists(customer_id) OR customer_id = :id")
        .expression_attribute_values(":entity", s("customer-email"))
        .expression_attribute_values(":id", s(id.as_str()));
    Ok([
        TxItem::update(table, customer, Some(Failure::EmailTaken))?,
        TxItem::update(table, claim, Some(Failure::EmailTaken))?,
    ])
}

/// The two writes that give an org a name only one org may hold (an inbound address, a
/// help-center slug): the cross-org claim naming the org (free, or the org's already;
/// else `Conflict(taken)`), and the name on the org's profile as `attr` (`NotFound`
/// without a profile).
pub(crate) fn org_claim(
    table: &Table,
    org: &OrgId,
    (claim_pk, claim_sk, entity): (String, &str, &str),
    attr: &str,
    value: &str,
    taken: &'static str,
) -> Result<[TxItem; 2], StoreError> {
    use aws_sdk_dynamodb::types::{Put, Update};
    let claim = Put::builder()
        .item(keys::PK, s(claim_pk))
        .item(keys::SK, s(claim_sk))
        .item(ENTITY, s(entity))
        .item("org_id", s(org.as_str()))
        .condition_expression("attribute_not_exists(PK) OR org_id = :org")
        .expression_attribute_values(":org", s(org.as_str()));
    let profile = Update::builder()
        .key(keys::PK, s(keys::org_pk(org)))
        .key(keys::SK, s(keys::ORG_SK))
        .update_expression("SET #attr = :value")
        .condition_expression("attribute_exists(PK)")
        .expression_attribute_names("#attr", attr)
        .expression_attribute_values(":value", s(value));
    Ok([
        TxItem::put(table, claim, Some(Failure::Conflict(taken)))?,
        TxItem::update(table, profile, Some(Failure::NotFound("org")))?,
    ])
}

/// A consumer's record that it handled an event, kept 15 days (SQS keeps a message at
/// most 14), written alone or inside the effect's transaction.
/// A routing counter's attribute per agent: when they were last routed a ticket.
pub(crate) const TURN_AT_PREFIX: &str = "at#";

pub(crate) fn processed_record(consumer: &str, event: &Event, now: OffsetDateTime) -> Item {
    processed_item(&event.org_id, consumer, event.event_id, event.detail_type(), now)
}

pub(crate) fn processed_item(
    org: &OrgId,
    consumer: &str,
    event_id: helpdesk_domain::EventId,
    detail_type: &str,
    now: OffsetDateTime,
) -> Item {
    const RECORD_TTL_SECS: i64 = 15 * 24 * 3600;
    fields([
        (keys::PK, s(keys::processed_pk(org, consumer, event_id))),
        (keys::SK, s(keys::PROCESSED_SK)),
        (ENTITY, s("processed")),
        ("consumer", s(consumer)),
        ("detail_type", s(detail_type)),
        ("processed_at", s(keys::sortable(now))),
        ("expires_at", n(epoch(now) + RECORD_TTL_SECS)),
    ])
}

/// An uploaded file (see `crate::attachments`). Uploads not yet on a message carry
/// `expires_at` (a day) for the table's TTL.
#[derive(Serialize, Deserialize)]
struct AttachmentItem {
    #[serde(rename = "PK")]
    pk: String,
    #[serde(rename = "SK")]
    sk: String,
    entity: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    expires_at: Option<i64>,
    #[serde(flatten)]
    attachment: Attachment,
}

pub(crate) fn attachment_state(s: FileState) -> &'static str {
    match s {
        FileState::Pending => "pending",
        FileState::Ready => "ready",
        FileState::Refused => "refused",
        FileState::Attached => "attached",
    }
}

pub(crate) fn attachment_item(a: &Attachment) -> Result<Item, StoreError> {
    let expires_at = (a.state != FileState::Attached).then(|| epoch(a.created_at) + PENDING_TTL_SECS);
    Ok(serde_dynamo::to_item(AttachmentItem {
        pk: keys::attachment_pk(&a.org_id, a.id),
        sk: keys::ATTACHMENT_SK.into(),
        entity: "attachment".into(),
        expires_at,
        attachment: a.clone(),
    })?)
}

/// [`crate::Also::Attach`]: the file goes on a message in the message's transaction;
/// a file attached meanwhile (two sends at once) fails the whole write.
pub(crate) fn attach_tx(table: &Table, a: &Attachment) -> Result<TxItem, StoreError> {
    TxItem::put(
        table,
        aws_sdk_dynamodb::types::Put::builder()
            .set_item(Some(attachment_item(a)?))
            .condition_expression("#state = :ready")
            .expression_attribute_names("#state", "state")
            .expression_attribute_values(":ready", s(attachment_state(FileState::Ready))),
        Some(Failure::Conflict("a file is already on another message")),
    )
}

pub(crate) fn attachment_from_item(i: Item) -> Result<Attachment, StoreError> {
    Ok(serde_dynamo::from_item::<_, AttachmentItem>(i)?.attachment)
}

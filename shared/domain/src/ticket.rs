//! Tickets and their interactions, and the rules for opening one.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use time::OffsetDateTime;

use crate::attachment::FileRef;
use crate::ids::customer_id_for_email;
use crate::{Caller, CustomerId, DomainError, Email, FieldError, InteractionId, OrgId, TeamId, TicketId, UserId};

pub use crate::input::{BODY_MAX, CATEGORY_MAX, SUBJECT_MAX, TAGS_MAX};
/// Addresses kept as a ticket's participants.
pub const PARTICIPANTS_MAX: usize = 20;
pub use crate::input::TAG_MAX;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Status {
    New,
    Open,
    Pending,
    OnHold,
    Resolved,
    Closed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Open => "open",
            Self::Pending => "pending",
            Self::OnHold => "on_hold",
            Self::Resolved => "resolved",
            Self::Closed => "closed",
        }
    }

    /// What a customer is shown: on hold is an internal state and reads as open.
    pub fn as_seen_by_customer(self) -> Self {
        if self == Self::OnHold { Self::Open } else { self }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Priority {
    Low,
    #[default]
    Normal,
    High,
    Urgent,
}

impl Priority {
    /// Most urgent first.
    pub const ALL: [Self; 4] = [Self::Urgent, Self::High, Self::Normal, Self::Low];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Normal => "normal",
            Self::High => "high",
            Self::Urgent => "urgent",
        }
    }
}

/// Where a ticket came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Channel {
    Email,
    Web,
    Portal,
    Api,
    Chat,
    Phone,
}

/// The ticket number shown to people, sequential per org: `TKT-000123`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String))]
pub struct TicketNumber(u64);

impl TicketNumber {
    pub fn new(n: u64) -> Self {
        Self(n)
    }
    pub fn get(self) -> u64 {
        self.0
    }
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        s.strip_prefix("TKT-")
            .filter(|d| !d.is_empty() && d.len() <= 12 && d.bytes().all(|b| b.is_ascii_digit()))
            // TKT-000000 names no ticket, but it is a number: not found, not malformed.
            .and_then(|d| d.parse().ok())
            .map(Self)
            .ok_or_else(|| DomainError::field("number", "expected a ticket number like TKT-000123"))
    }
}
impl fmt::Display for TicketNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TKT-{:06}", self.0)
    }
}
impl TryFrom<String> for TicketNumber {
    type Error = DomainError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}
impl From<TicketNumber> for String {
    fn from(n: TicketNumber) -> Self {
        n.to_string()
    }
}

/// Who a new ticket is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CustomerRef {
    /// An existing customer of the org.
    Id(CustomerId),
    /// A customer named by email: found, or created on the fly.
    Email(Email),
}

impl CustomerRef {
    /// The customer's id: the given one, or the one derived from the email.
    pub fn id(&self, org: &OrgId) -> CustomerId {
        match self {
            Self::Id(id) => id.clone(),
            Self::Email(e) => customer_id_for_email(org, e),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum AuthorKind {
    Agent,
    Customer,
    System,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Author {
    pub kind: AuthorKind,
    pub id: Option<UserId>,
}

/// One message in a ticket's thread: a public reply or an internal note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Interaction {
    pub id: InteractionId,
    pub ticket_id: TicketId,
    pub author: Author,
    pub body: String,
    pub internal: bool,
    pub channel: Channel,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// For a message that came in by email: its envelope, safe HTML and attachments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<Box<EmailMeta>>,
    /// Files uploaded with the message (`GET /attachments/{id}` serves each).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<FileRef>,
}

/// What an inbound email adds to its interaction. `body` holds only the new text; the
/// full text, the sanitised HTML and the raw message stay available here.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmailMeta {
    pub message_id: String,
    pub from: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_name: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub to: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cc: Vec<String>,
    pub subject: String,
    /// The whole text, quoted history included, when it differs from `body` and fits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_text: Option<String>,
    /// Sanitised HTML, when it fits in the item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub html: Option<String>,
    /// Where the parts too big for the item are kept (attachments bucket): the full
    /// text and the HTML.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overflow_key: Option<String>,
    /// The raw message in the inbound-mail bucket.
    pub raw_key: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<AttachmentMeta>,
    /// Attachments left out by the size and count limits.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub dropped_attachments: u32,
    /// Why no automatic reply went out (loop signals, spam), empty when one could.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub auto_reply_blocked: Vec<String>,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// A file stored with a message, in the attachments bucket under `key`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttachmentMeta {
    /// Its id for `GET /attachments/{id}` (`cid:` images in the HTML name it by
    /// `content_id`). Absent on mail delivered before files had ids.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<crate::AttachmentId>,
    pub name: String,
    pub content_type: String,
    pub size: u64,
    pub key: String,
    #[serde(default)]
    pub inline: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_id: Option<String>,
}

/// A ticket. `version` grows by one with every change (optimistic locking).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ticket {
    pub id: TicketId,
    pub org_id: OrgId,
    pub number: TicketNumber,
    pub subject: String,
    pub status: Status,
    pub priority: Priority,
    pub channel: Channel,
    pub category: Option<String>,
    pub tags: Vec<String>,
    pub customer_id: CustomerId,
    pub assignee_id: Option<UserId>,
    pub team_id: Option<TeamId>,
    /// Org-defined fields: short keys to short text values. Left out when empty (DynamoDB
    /// Local's stream cannot render an empty map).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub custom_fields: BTreeMap<String, String>,
    /// The closed ticket a customer's reply followed up on.
    #[serde(default)]
    pub follow_up_of: Option<TicketId>,
    /// Addresses copied on the customer's mail: they may reply into the ticket.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub participants: Vec<Email>,
    /// Set when the ticket came from automatic mail or spam: nothing automatic
    /// (acknowledgement, resolution notice) is mailed back, so helpdesks cannot loop.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub mute_auto_replies: bool,
    /// Set when an agent resolved it "without survey": this resolution asks the customer
    /// for no rating. Any later status change clears it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub survey_skipped: bool,
    /// Set when this ticket was merged (and closed) into another.
    #[serde(default)]
    pub merged_into: Option<TicketId>,
    /// Spans in `pending` / `on_hold`, which may stop SLA clocks (policy decides).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sla_pauses: Vec<Pause>,
    /// When the oldest customer message still waiting for an agent's reply arrived.
    #[serde(with = "time::serde::rfc3339::option", default)]
    pub awaiting_agent_since: Option<OffsetDateTime>,
    /// The SLA clocks as last computed; absent until the sla-checker has seen the ticket.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sla: Option<crate::clock::SlaState>,
    pub created_by: UserId,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option", default)]
    pub first_response_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option", default)]
    pub resolved_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option", default)]
    pub closed_at: Option<OffsetDateTime>,
    pub version: u64,
}

/// A span in a status that can pause SLA clocks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pause {
    pub status: Status,
    #[serde(with = "time::serde::rfc3339")]
    pub from: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option", default)]
    pub to: Option<OffsetDateTime>,
}

/// Pauses kept per ticket; older ones merge into nothing (their time stays paused).
pub const PAUSES_MAX: usize = 100;

impl Ticket {
    /// Whether mail from `email` may thread into this ticket by its number in the
    /// subject: the ticket's customer (`customer_email`) or an address copied on it.
    pub fn is_participant(&self, email: &Email, customer_email: Option<&Email>) -> bool {
        customer_email == Some(email)
            || customer_id_for_email(&self.org_id, email) == self.customer_id
            || self.participants.contains(email)
    }

    /// Whether the caller may see this ticket at all. Customers see only their own;
    /// callers of other orgs never reach here because every key starts with the org.
    pub fn visible_to(&self, caller: &Caller) -> bool {
        caller.org_id == self.org_id && (caller.is_staff() || caller.user_id == self.customer_id)
    }
}

/// A validated request to open a ticket. Build it with [`NewTicket::parse`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTicket {
    subject: String,
    description: String,
    priority: Priority,
    category: Option<String>,
    tags: Vec<String>,
    customer: CustomerRef,
    channel: Channel,
    follow_up_of: Option<TicketId>,
    email: Option<Box<EmailMeta>>,
    participants: Vec<Email>,
    mute_auto_replies: bool,
    files: Vec<FileRef>,
}

/// The raw fields of a new ticket as a client sent them.
#[derive(Debug, Clone, Default)]
pub struct NewTicketInput {
    pub subject: String,
    pub description: String,
    pub priority: Option<Priority>,
    pub category: Option<String>,
    pub tags: Vec<String>,
    pub customer_id: Option<String>,
    pub customer_email: Option<String>,
    pub channel: Option<Channel>,
}

/// What opening a ticket produces: the ticket and its first message.
#[derive(Debug, Clone)]
pub struct OpenedTicket {
    pub ticket: Ticket,
    pub first_message: Interaction,
    pub audit: crate::audit::AuditEntry,
}

impl OpenedTicket {
    /// The same ticket for another customer: a staff member named the customer by an
    /// email that, it turned out, belongs to a customer with a different id.
    pub fn for_customer(mut self, id: CustomerId) -> Self {
        self.audit.changes.push(crate::audit::FieldChange {
            field: "customer_id".into(),
            from: serde_json::json!(self.ticket.customer_id),
            to: serde_json::json!(id),
        });
        if self.first_message.author.kind == AuthorKind::Customer {
            self.first_message.author.id = Some(id.clone());
        }
        if self.ticket.created_by == self.ticket.customer_id {
            self.ticket.created_by = id.clone();
        }
        self.ticket.customer_id = id;
        self
    }
}

impl NewTicket {
    /// Checks every field and the caller's right to file for the named customer.
    /// Customers file for themselves (on the portal); staff name the customer by id or
    /// email and may record the channel the request came through.
    pub fn parse(input: NewTicketInput, caller: &Caller) -> Result<Self, DomainError> {
        let mut errors = Vec::new();
        // Rules between fields (422), apart from the fields' shape (400).
        let mut rules = Vec::new();
        if !crate::input::text(&input.subject, SUBJECT_MAX) {
            errors.push(FieldError::new(
                "subject",
                format!("1 to {SUBJECT_MAX} characters, not all blank"),
            ));
        }
        let subject = single_line(&input.subject);
        if !crate::input::text(&input.description, BODY_MAX) {
            errors.push(FieldError::new(
                "description",
                format!("1 to {BODY_MAX} characters, not all blank"),
            ));
        }
        let description = input.description.trim_ascii().to_owned();
        let category = match input.category {
            Some(c) if !crate::input::at_most(&c, CATEGORY_MAX) => {
                errors.push(FieldError::new(
                    "category",
                    format!("at most {CATEGORY_MAX} characters"),
                ));
                None
            }
            // A blank category is none.
            Some(c) => Some(single_line(&c)).filter(|c| !c.is_empty()),
            None => None,
        };
        let tags = parse_tags(&input.tags, &mut errors);

        let customer = if caller.is_staff() {
            match (input.customer_id, input.customer_email) {
                (Some(_), Some(_)) => {
                    rules.push(FieldError::new(
                        "customer_id",
                        "give customer_id or customer_email, not both",
                    ));
                    None
                }
                (Some(id), None) => match UserId::parse(&id) {
                    Ok(id) => Some(CustomerRef::Id(id)),
                    Err(_) => {
                        errors.push(FieldError::new("customer_id", "not a valid customer id"));
                        None
                    }
                },
                (None, Some(email)) => match Email::parse(&email) {
                    Ok(e) => Some(CustomerRef::Email(e)),
                    Err(_) => {
                        errors.push(FieldError::new("customer_email", "not a valid email address"));
                        None
                    }
                },
                (None, None) => {
                    rules.push(FieldError::new(
                        "customer_email",
                        "staff must name the customer (customer_id or customer_email)",
                    ));
                    None
                }
            }
        } else {
            let names_other = input
                .customer_id
                .as_deref()
                .is_some_and(|id| id != caller.user_id.as_str())
                || input.customer_email.is_some();
            if names_other {
                return Err(DomainError::Forbidden("customers file tickets for themselves only"));
            }
            if input.channel.is_some_and(|c| c != Channel::Portal) {
                return Err(DomainError::Forbidden("customers file tickets through the portal only"));
            }
            Some(CustomerRef::Id(caller.user_id.clone()))
        };
        let channel = match (caller.is_staff(), input.channel) {
            (false, _) => Channel::Portal,
            (true, Some(Channel::Portal)) => {
                return Err(DomainError::Forbidden(
                    "the portal channel is for customers' own tickets",
                ));
            }
            (true, Some(c)) => c,
            (true, None) => Channel::Web,
        };

        if !errors.is_empty() {
            return Err(DomainError::Validation(errors));
        }
        match customer {
            Some(customer) if rules.is_empty() => Ok(Self {
                subject,
                description,
                priority: input.priority.unwrap_or_default(),
                category,
                tags,
                customer,
                channel,
                follow_up_of: None,
                email: None,
                participants: Vec::new(),
                mute_auto_replies: false,
                files: Vec::new(),
            }),
            _ => Err(DomainError::Unprocessable(rules)),
        }
    }

    /// A customer's reply to a closed ticket: a new ticket, linked to the closed one.
    pub fn follow_up(closed: &Ticket, body: &str, customer: &Caller) -> Result<Self, DomainError> {
        let input = NewTicketInput {
            subject: format!("Re: {}", closed.subject).chars().take(SUBJECT_MAX).collect(),
            description: body.to_owned(),
            priority: Some(closed.priority),
            category: closed.category.clone(),
            tags: closed.tags.clone(),
            ..Default::default()
        };
        let mut new = Self::parse(input, customer)?;
        new.follow_up_of = Some(closed.id);
        Ok(new)
    }

    /// A ticket opened by an email from `from`: the sender is the customer (found or
    /// created by address), the message's new text the first message.
    /// `participants` are the addresses copied; `mute_auto_replies` when the mail was
    /// automatic or spam.
    pub fn by_email(
        subject: &str,
        body: &str,
        from: Email,
        participants: Vec<Email>,
        mute_auto_replies: bool,
        meta: EmailMeta,
    ) -> Result<Self, DomainError> {
        let subject: String = single_line(subject).chars().take(SUBJECT_MAX).collect();
        let description = body.trim().to_owned();
        if description.is_empty() {
            return Err(DomainError::field("description", "must not be empty"));
        }
        if description.chars().count() > BODY_MAX {
            return Err(DomainError::field(
                "description",
                &format!("at most {BODY_MAX} characters"),
            ));
        }
        Ok(Self {
            subject: if subject.is_empty() {
                "(no subject)".into()
            } else {
                subject
            },
            description,
            priority: Priority::default(),
            category: None,
            tags: Vec::new(),
            participants: participants
                .into_iter()
                .filter(|p| *p != from)
                .take(PARTICIPANTS_MAX)
                .collect(),
            customer: CustomerRef::Email(from),
            channel: Channel::Email,
            follow_up_of: None,
            email: Some(Box::new(meta)),
            mute_auto_replies,
            files: Vec::new(),
        })
    }

    /// The same ticket, opened by email (a follow-up written as a reply by mail).
    pub fn via_email(mut self, meta: EmailMeta, mute_auto_replies: bool) -> Self {
        self.mute_auto_replies = mute_auto_replies;
        self.channel = Channel::Email;
        self.email = Some(Box::new(meta));
        self
    }

    /// The same ticket with verified files on its first message.
    pub fn with_files(mut self, files: Vec<FileRef>) -> Self {
        self.files = files;
        self
    }

    /// The files its first message carries.
    pub fn files(&self) -> &[FileRef] {
        &self.files
    }

    /// The same ticket with one more tag.
    pub fn tagged(mut self, tag: &str) -> Self {
        if !self.tags.iter().any(|t| t == tag) {
            self.tags.push(tag.to_owned());
        }
        self
    }

    pub fn customer(&self) -> &CustomerRef {
        &self.customer
    }

    /// Opens the ticket: status `new`, version 1, the description as the first public
    /// message, authored by the customer when they filed it, else by the agent.
    pub fn open(self, caller: &Caller, id: TicketId, number: TicketNumber, now: OffsetDateTime) -> OpenedTicket {
        let customer_id = self.customer.id(&caller.org_id);
        let author = if caller.is_staff() {
            Author {
                kind: AuthorKind::Agent,
                id: Some(caller.user_id.clone()),
            }
        } else {
            Author {
                kind: AuthorKind::Customer,
                id: Some(customer_id.clone()),
            }
        };
        let ticket = Ticket {
            id,
            org_id: caller.org_id.clone(),
            number,
            subject: self.subject,
            status: Status::New,
            priority: self.priority,
            channel: self.channel,
            category: self.category,
            tags: self.tags,
            customer_id,
            assignee_id: None,
            team_id: None,
            custom_fields: BTreeMap::new(),
            follow_up_of: self.follow_up_of,
            participants: self.participants,
            mute_auto_replies: self.mute_auto_replies,
            survey_skipped: false,
            merged_into: None,
            sla_pauses: Vec::new(),
            awaiting_agent_since: (!caller.is_staff()).then_some(now),
            sla: None,
            created_by: caller.user_id.clone(),
            created_at: now,
            updated_at: now,
            first_response_at: None,
            resolved_at: None,
            closed_at: None,
            version: 1,
        };
        let first_message = Interaction {
            id: InteractionId::new(),
            ticket_id: id,
            author,
            body: self.description,
            internal: false,
            channel: self.channel,
            created_at: now,
            email: self.email,
            attachments: self.files,
        };
        let audit = crate::audit::AuditEntry::new(ticket.id, caller, "create", Vec::new(), now);
        OpenedTicket {
            ticket,
            first_message,
            audit,
        }
    }
}

/// Collapses runs of whitespace (including newlines) so a subject is one line.
pub(crate) fn single_line(s: &str) -> String {
    crate::input::one_line(s)
}

/// Tags are short lower-case slugs, de-duplicated, order kept.
pub(crate) fn parse_tags(raw: &[String], errors: &mut Vec<FieldError>) -> Vec<String> {
    if raw.len() > TAGS_MAX {
        errors.push(FieldError::new("tags", format!("at most {TAGS_MAX} tags")));
        return Vec::new();
    }
    let mut tags: Vec<String> = Vec::with_capacity(raw.len());
    for (i, t) in raw.iter().enumerate() {
        let ok = crate::input::tag(t);
        let tag = t.to_ascii_lowercase();
        if !ok {
            errors.push(FieldError::new(
                format!("tags[{i}]"),
                format!("1 to {TAG_MAX} letters, digits, '-', '_' or '.'"),
            ));
        } else if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Role;
    use proptest::prelude::*;

    fn caller(role: Role) -> Caller {
        Caller {
            user_id: UserId::parse(if role == Role::Customer { "cust-1" } else { "agent-1" }).unwrap(),
            org_id: OrgId::parse("10001").unwrap(),
            role,
            email: None,
        }
    }

    fn input() -> NewTicketInput {
        NewTicketInput {
            subject: "Printer on fire".into(),
            description: "It is on fire.".into(),
            customer_email: Some("jo@example.com".into()),
            ..Default::default()
        }
    }

    #[test]
    fn ticket_numbers_read_like_tkt_000123() {
        assert_eq!(TicketNumber::new(123).to_string(), "TKT-000123");
        assert_eq!(TicketNumber::new(1_234_567).to_string(), "TKT-1234567");
        assert_eq!(TicketNumber::parse("TKT-000123").unwrap(), TicketNumber::new(123));
        for bad in ["TKT-", "tkt-1", "123", "TKT-12a"] {
            assert!(TicketNumber::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn an_agent_opens_a_new_ticket_for_a_customer_named_by_email() {
        let agent = caller(Role::Agent);
        let new = NewTicket::parse(input(), &agent).unwrap();
        let opened = new.open(
            &agent,
            TicketId::new(),
            TicketNumber::new(1),
            OffsetDateTime::UNIX_EPOCH,
        );
        assert_eq!(opened.ticket.status, Status::New);
        assert_eq!(opened.ticket.version, 1);
        assert_eq!(opened.ticket.channel, Channel::Web);
        assert_eq!(opened.first_message.author.kind, AuthorKind::Agent);
        assert!(!opened.first_message.internal);
        let email = Email::parse("jo@example.com").unwrap();
        assert_eq!(opened.ticket.customer_id, customer_id_for_email(&agent.org_id, &email));
    }

    #[test]
    fn a_customer_files_for_themself_through_the_portal() {
        let customer = caller(Role::Customer);
        let mut i = input();
        i.customer_email = None;
        let opened = NewTicket::parse(i, &customer).unwrap().open(
            &customer,
            TicketId::new(),
            TicketNumber::new(7),
            OffsetDateTime::UNIX_EPOCH,
        );
        assert_eq!(opened.ticket.customer_id, customer.user_id);
        assert_eq!(opened.ticket.channel, Channel::Portal);
        assert_eq!(opened.first_message.author.kind, AuthorKind::Customer);
    }

    #[test]
    fn a_customer_cannot_file_for_someone_else() {
        let customer = caller(Role::Customer);
        assert!(matches!(
            NewTicket::parse(input(), &customer),
            Err(DomainError::Forbidden(_))
        ));
        let mut i = input();
        i.customer_email = None;
        i.customer_id = Some("cust-2".into());
        assert!(matches!(NewTicket::parse(i, &customer), Err(DomainError::Forbidden(_))));
    }

    #[test]
    fn staff_must_name_the_customer() {
        let mut i = input();
        i.customer_email = None;
        // A rule between fields, not a field's shape: 422.
        let err = NewTicket::parse(i, &caller(Role::Agent)).unwrap_err();
        assert!(matches!(err, DomainError::Unprocessable(f) if f[0].field == "customer_email"));
    }

    #[test]
    fn every_invalid_field_is_reported_at_once() {
        let i = NewTicketInput {
            subject: " ".into(),
            description: "x".repeat(BODY_MAX + 1),
            tags: vec!["ok".into(), "not ok!".into()],
            customer_email: Some("nope".into()),
            ..Default::default()
        };
        let DomainError::Validation(fields) = NewTicket::parse(i, &caller(Role::Agent)).unwrap_err() else {
            panic!()
        };
        let names: Vec<_> = fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(names, ["subject", "description", "tags[1]", "customer_email"]);
    }

    #[test]
    fn a_mail_opens_a_ticket_for_its_sender_with_the_copied_as_participants() {
        let from = Email::parse("jo@customer.test").unwrap();
        let lee = Email::parse("lee@customer.test").unwrap();
        let meta = EmailMeta {
            message_id: "m1@customer.test".into(),
            ..Default::default()
        };
        let new = NewTicket::by_email(
            "  Printer\n on fire ",
            " Smoke. ",
            from.clone(),
            vec![lee.clone(), from.clone()],
            true,
            meta,
        )
        .unwrap()
        .tagged("spam");
        let org = OrgId::parse("10001").unwrap();
        let customer = Caller {
            user_id: customer_id_for_email(&org, &from),
            org_id: org.clone(),
            role: crate::Role::Customer,
            email: Some(from.as_str().into()),
        };
        let opened = new.open(
            &customer,
            TicketId::new(),
            TicketNumber::new(1),
            OffsetDateTime::UNIX_EPOCH,
        );
        let t = &opened.ticket;
        assert_eq!(t.subject, "Printer on fire");
        assert_eq!(
            (t.channel, opened.first_message.channel),
            (Channel::Email, Channel::Email)
        );
        assert_eq!(t.customer_id, customer.user_id);
        assert_eq!(
            t.participants,
            std::slice::from_ref(&lee),
            "the sender is the customer, not a participant"
        );
        assert!(t.mute_auto_replies);
        assert_eq!(t.tags, ["spam"]);
        assert_eq!(opened.first_message.body, "Smoke.");
        assert_eq!(
            opened.first_message.email.as_ref().unwrap().message_id,
            "m1@customer.test"
        );
        // Who may thread by the number in the subject: the customer and the copied.
        assert!(t.is_participant(&from, None));
        assert!(t.is_participant(&lee, None));
        assert!(!t.is_participant(&Email::parse("mallory@evil.test").unwrap(), None));
        let moved = Email::parse("jo@new.test").unwrap();
        assert!(
            t.is_participant(&moved, Some(&moved)),
            "the customer under a new address"
        );
        assert!(NewTicket::by_email("s", "  ", from, vec![], false, EmailMeta::default()).is_err());
    }

    #[test]
    fn on_hold_reads_as_open_to_customers() {
        assert_eq!(Status::OnHold.as_seen_by_customer(), Status::Open);
        assert_eq!(Status::Pending.as_seen_by_customer(), Status::Pending);
    }

    proptest! {
        #[test]
        fn subjects_are_single_lines_within_the_limit(s in "\\PC{0,300}") {
            let mut i = input();
            i.subject = s;
            if let Ok(t) = NewTicket::parse(i, &caller(Role::Agent)) {
                prop_assert!(!t.subject.contains('\n'));
                prop_assert!(!t.subject.is_empty() && t.subject.chars().count() <= SUBJECT_MAX);
                // No ASCII whitespace at the ends (other spaces are text: see `input`).
                prop_assert_eq!(t.subject.trim_ascii(), t.subject.as_str());
            }
        }

        #[test]
        fn tags_are_lowercase_and_unique(tags in proptest::collection::vec("[A-Za-z0-9_.-]{1,10}", 0..20)) {
            let mut i = input();
            i.tags = tags;
            let t = NewTicket::parse(i, &caller(Role::Agent)).unwrap();
            let mut seen = std::collections::HashSet::new();
            for tag in &t.tags {
                prop_assert_eq!(tag.to_lowercase(), tag.clone());
                prop_assert!(seen.insert(tag.clone()));
            }
        }
    }
}

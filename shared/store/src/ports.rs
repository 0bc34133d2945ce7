//! What the application layer may ask of the store, split by capability, so that a use
//! case names exactly what it touches (a read-only endpoint takes a `*Reads` trait,
//! which is also what its IAM role grants). [`crate::Table`] implements every trait
//! against DynamoDB; [`crate::memory::Memory`] (feature `memory`) in memory, for the use
//! cases' unit tests.
//!
//! Writes that race are conditional: a lost race is [`StoreError::Stale`] (decide again
//! on a fresh read) or [`StoreError::Contended`] (retry as is).

use std::collections::BTreeMap;
use std::future::Future;

use helpdesk_domain::audit::AuditEntry;
use helpdesk_domain::clock::SlaState;
use helpdesk_domain::events::{ArticleEvent, Event};
use helpdesk_domain::hours::BusinessHours;
use helpdesk_domain::kb::{Article, ArticleStatus, ArticleVersion, Category, Slug};
use helpdesk_domain::lifecycle::Outcome;
use helpdesk_domain::mail::MailTemplates;
use helpdesk_domain::people::{Agent, Availability, Customer, Notification, Team};
use helpdesk_domain::reports::{Contribution, Dimension, DimensionKind};
use helpdesk_domain::routing::Routing;
use helpdesk_domain::rules::{Kind, RuleSet};
use helpdesk_domain::sla::SlaPolicies;
use helpdesk_domain::ticket::OpenedTicket;
use helpdesk_domain::views::TicketQuery;
use helpdesk_domain::{
    ArticleId, CategoryId, CustomerId, CustomerRef, Email, EventId, Interaction, OrgId, TeamId, Ticket, TicketId,
    TicketNumber, UserId,
};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::StoreError;
pub use crate::items::Also;

pub type StoreResult<T> = Result<T, StoreError>;

/// A page of a list, with the cursor of the next page.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

/// A ticket and its thread in time order.
#[derive(Debug, Clone)]
pub struct TicketWithThread {
    pub ticket: Ticket,
    pub thread: Vec<Interaction>,
}

/// Ids named inside a change that must exist in the org (tenant isolation of nested ids).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MustExist {
    Agent(UserId),
    Team(TeamId),
}

/// What a write of a versioned item (agent, team) expects to find.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// Nothing: the item is new (else [`StoreError::Conflict`]).
    New,
    /// The item at this version (else [`StoreError::Stale`]).
    Version(u64),
}

/// An org's SLA settings: policies per priority and business hours, one item.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SlaSettings {
    #[serde(default)]
    pub policies: Option<SlaPolicies>,
    #[serde(default)]
    pub business_hours: Option<BusinessHours>,
}

/// Whether a write happened, or the item had moved on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    Yes,
    Stale,
}

/// An org's profile as mail sees it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct OrgMail {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub mail_templates: MailTemplates,
}

/// Where an outbound mail stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claim {
    /// First attempt: send it.
    Fresh,
    /// An earlier attempt may have failed after claiming: send again (same Message-ID,
    /// so a client that got both shows one).
    Retry,
    /// Sent already: do nothing.
    Sent,
}

/// Where a Message-ID was seen.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct IndexedMessage {
    pub ticket_id: TicketId,
    /// `in` (mail we received) or `out` (mail we sent).
    pub direction: String,
    /// For `in`: the signature written with it.
    #[serde(default)]
    pub sig: Option<String>,
}

/// A message kept aside, not ticketed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quarantined {
    pub id: String,
    pub from: String,
    pub subject: String,
    pub reasons: Vec<String>,
    /// The raw message in the inbound-mail bucket.
    pub raw_key: String,
    pub received_at: String,
}

/// Whether an effect ran now or had already run for this event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Once {
    Done,
    AlreadyDone,
}

/// One day's row of one report dimension.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRow {
    pub day: String,
    /// The priority or agent id; empty for the org row.
    pub value: String,
    pub counters: BTreeMap<String, i64>,
}

/// Tickets: one, by number, with the thread, a page of a view, the audit trail.
pub trait TicketReads: Sync {
    /// Read consistently: the base of a change.
    fn get_ticket(&self, org: &OrgId, id: TicketId) -> impl Future<Output = StoreResult<Option<Ticket>>> + Send;
    fn ticket_id_by_number(
        &self,
        org: &OrgId,
        number: TicketNumber,
    ) -> impl Future<Output = StoreResult<Option<TicketId>>> + Send;
    fn ticket_with_thread(
        &self,
        org: &OrgId,
        id: TicketId,
    ) -> impl Future<Output = StoreResult<Option<TicketWithThread>>> + Send;
    /// A page of a view; a cursor of another org or view is [`StoreError::InvalidCursor`].
    fn list_tickets(
        &self,
        org: &OrgId,
        q: &TicketQuery,
        cursor: Option<&str>,
    ) -> impl Future<Output = StoreResult<Page<Ticket>>> + Send;
    fn ticket_audit(&self, org: &OrgId, id: TicketId) -> impl Future<Output = StoreResult<Vec<AuditEntry>>> + Send;
}

/// Opening and changing tickets, each change with its message, audit entry and outbox
/// events in one transaction.
pub trait TicketWrites: Sync {
    /// Unique under any concurrency; a create that fails after it leaves a gap.
    fn next_ticket_number(&self, org: &OrgId) -> impl Future<Output = StoreResult<TicketNumber>> + Send;
    /// The ticket, its first message, its `TicketCreated` event and audit entry, and the
    /// customer: an id must exist in the org (else `NotFound("customer")`); an email
    /// creates the customer on first use and claims the email (`EmailTaken` when it
    /// belongs to a customer with another id).
    fn create_ticket(
        &self,
        opened: &OpenedTicket,
        customer: &CustomerRef,
        customer_name: Option<&str>,
        event: &Event,
        also: &[Also],
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// A decided change if the ticket is still at `expected_version` (else `Stale`);
    /// `must_exist` ids are checked in the same transaction (`NotFound`).
    fn save_change(
        &self,
        expected_version: u64,
        outcome: &Outcome,
        must_exist: &[MustExist],
        also: &[Also],
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// Both tickets of a merge at their expected versions, or neither.
    fn save_merge(
        &self,
        source: (u64, &Outcome),
        target: (u64, &Outcome),
    ) -> impl Future<Output = StoreResult<()>> + Send;
}

/// Uploaded files (see [`crate::attachments`]).
pub trait AttachmentStore: Sync {
    /// A requested upload (`Conflict` if the id exists).
    fn create_attachment(
        &self,
        a: &helpdesk_domain::attachment::Attachment,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    fn get_attachment(
        &self,
        org: &OrgId,
        id: helpdesk_domain::AttachmentId,
    ) -> impl Future<Output = StoreResult<Option<helpdesk_domain::attachment::Attachment>>> + Send;
    /// Those of `ids` that exist, in the order asked.
    fn get_attachments(
        &self,
        org: &OrgId,
        ids: &[helpdesk_domain::AttachmentId],
    ) -> impl Future<Output = StoreResult<Vec<helpdesk_domain::attachment::Attachment>>> + Send;
    /// A pending upload, checked: `ready` or `refused` (`Stale` unless still pending).
    fn settle_attachment(
        &self,
        a: &helpdesk_domain::attachment::Attachment,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// A download, in its ticket's audit trail.
    fn record_download(&self, org: &OrgId, entry: &AuditEntry) -> impl Future<Output = StoreResult<()>> + Send;
    /// The org's limits (the defaults until an admin sets them).
    fn file_limits(&self, org: &OrgId)
    -> impl Future<Output = StoreResult<helpdesk_domain::attachment::Limits>> + Send;
    fn put_file_limits(
        &self,
        org: &OrgId,
        limits: &helpdesk_domain::attachment::Limits,
    ) -> impl Future<Output = StoreResult<()>> + Send;
}

/// Agents, teams and customers.
pub trait PeopleReads: Sync {
    fn get_agent(&self, org: &OrgId, id: &UserId) -> impl Future<Output = StoreResult<Option<Agent>>> + Send;
    fn list_agents(&self, org: &OrgId) -> impl Future<Output = StoreResult<Vec<Agent>>> + Send;
    fn get_team(&self, org: &OrgId, id: &TeamId) -> impl Future<Output = StoreResult<Option<Team>>> + Send;
    fn list_teams(&self, org: &OrgId) -> impl Future<Output = StoreResult<Vec<Team>>> + Send;
    fn get_customer(&self, org: &OrgId, id: &CustomerId) -> impl Future<Output = StoreResult<Option<Customer>>> + Send;
    /// Customers whose email starts with `email_prefix` and whose name contains `name`.
    fn list_customers(
        &self,
        org: &OrgId,
        email_prefix: &str,
        name: Option<&str>,
        limit: u16,
        cursor: Option<&str>,
    ) -> impl Future<Output = StoreResult<Page<Customer>>> + Send;
    fn customer_id_by_email(
        &self,
        org: &OrgId,
        email: &Email,
    ) -> impl Future<Output = StoreResult<Option<CustomerId>>> + Send;
}

pub trait PeopleWrites: Sync {
    fn put_agent(&self, agent: &Agent, expect: Expect) -> impl Future<Output = StoreResult<()>> + Send;
    /// Sets an agent's availability (and moves its version on); `NotFound` when absent.
    /// `online`, when given, goes in the org's outbox in the same write.
    fn set_agent_status(
        &self,
        org: &OrgId,
        id: &UserId,
        status: Availability,
        online: Option<&helpdesk_domain::events::AgentEvent>,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    fn put_team(&self, team: &Team, expect: Expect) -> impl Future<Output = StoreResult<()>> + Send;
    /// Creates a customer and claims the email (`Conflict` when claimed); a taken id
    /// gets a fresh one. Returns the customer as stored.
    fn create_customer(&self, c: &Customer) -> impl Future<Output = StoreResult<Customer>> + Send;
    /// Renames and/or moves a customer to a new email (`Conflict` when it is taken,
    /// `Stale` when the customer changed since `current` was read).
    fn update_customer(&self, current: &Customer, updated: &Customer) -> impl Future<Output = StoreResult<()>> + Send;
    /// Creates (or keeps) a customer with a known id and email, claiming the email.
    fn upsert_customer(
        &self,
        org: &OrgId,
        id: &CustomerId,
        email: &Email,
        name: &str,
        now: OffsetDateTime,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    fn put_org(&self, org: &OrgId, name: &str) -> impl Future<Output = StoreResult<()>> + Send;
}

/// An org's settings and profile.
pub trait SettingsReads: Sync {
    fn sla_settings(&self, org: &OrgId) -> impl Future<Output = StoreResult<SlaSettings>> + Send;
    /// The org's name and mail templates; `None` when the org has no profile.
    fn org_mail(&self, org: &OrgId) -> impl Future<Output = StoreResult<Option<OrgMail>>> + Send;
    /// The org that receives mail at `address` (lower-cased, without a plus tag).
    fn org_for_address(&self, address: &str) -> impl Future<Output = StoreResult<Option<OrgId>>> + Send;
}

pub trait SettingsWrites: Sync {
    fn put_sla_policies(&self, org: &OrgId, policies: &SlaPolicies) -> impl Future<Output = StoreResult<()>> + Send;
    fn put_business_hours(&self, org: &OrgId, hours: &BusinessHours) -> impl Future<Output = StoreResult<()>> + Send;
    /// Replaces the org's template overrides (`NotFound("org")` without a profile).
    fn put_mail_templates(
        &self,
        org: &OrgId,
        templates: &MailTemplates,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// Gives the org an inbound address; one another org holds is `Conflict`.
    fn put_inbound_address(&self, org: &OrgId, address: &Email) -> impl Future<Output = StoreResult<()>> + Send;
}

/// The SLA clocks on tickets and the scheduler's work list.
pub trait SlaWork: Sync {
    /// Stores the clocks computed for `ticket` at its version; `Stale` when it moved on.
    fn save_sla(&self, ticket: &Ticket, state: Option<&SlaState>) -> impl Future<Output = StoreResult<Written>> + Send;
    /// Tickets whose next check is due by `now`, from one shard, as (org, ticket).
    fn due_sla_checks(
        &self,
        shard: u32,
        now: OffsetDateTime,
        limit: i32,
    ) -> impl Future<Output = StoreResult<Vec<(OrgId, TicketId)>>> + Send;
    /// Writes an SLA event to the ticket's outbox once per `key` (clock, kind, cycle);
    /// `false` when it was emitted before.
    fn emit_sla_event_once(&self, event: &Event, key: &str) -> impl Future<Output = StoreResult<bool>> + Send;
}

/// What the email channel records: mail sent once, threading, quarantine, loop limits.
pub trait MailLog: Sync {
    /// Claims an outbound Message-ID before sending.
    fn claim_outbound(
        &self,
        org: &OrgId,
        ticket: TicketId,
        event: EventId,
        message_id: &str,
    ) -> impl Future<Output = StoreResult<Claim>> + Send;
    fn mark_outbound_sent(
        &self,
        org: &OrgId,
        message_id: &str,
        provider_id: &str,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// Takes the one automatic reply `email` may get from the org on `day` for `event`;
    /// `false` when another event took it (a redelivered event keeps its claim).
    fn claim_auto_reply(
        &self,
        org: &OrgId,
        email: &str,
        day: &str,
        event: EventId,
        now: OffsetDateTime,
    ) -> impl Future<Output = StoreResult<bool>> + Send;
    /// The ticket a Message-ID (ours or a delivered one) was recorded for in the org.
    fn message_ticket(
        &self,
        org: &OrgId,
        message_id: &str,
    ) -> impl Future<Output = StoreResult<Option<IndexedMessage>>> + Send;
    fn quarantine(
        &self,
        org: &OrgId,
        q: &Quarantined,
        now: OffsetDateTime,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// Newest first, at most `limit`.
    fn list_quarantine(&self, org: &OrgId, limit: i32) -> impl Future<Output = StoreResult<Vec<Quarantined>>> + Send;
}

/// Agents' in-app notifications.
pub trait Notifications: Sync {
    /// `false` when this event already notified this user.
    fn notify_once(
        &self,
        org: &OrgId,
        user: &UserId,
        n: &Notification,
        now: OffsetDateTime,
    ) -> impl Future<Output = StoreResult<bool>> + Send;
    fn notifications(
        &self,
        org: &OrgId,
        user: &UserId,
        unread_only: bool,
        limit: i32,
    ) -> impl Future<Output = StoreResult<Vec<Notification>>> + Send;
    /// `NotFound` when the user has no such notification.
    fn mark_notification_read(
        &self,
        org: &OrgId,
        user: &UserId,
        id: EventId,
    ) -> impl Future<Output = StoreResult<()>> + Send;
}

/// Consumers' idempotency records.
pub trait Processed: Sync {
    fn mark_processed(
        &self,
        consumer: &str,
        event: &Event,
        now: OffsetDateTime,
    ) -> impl Future<Output = StoreResult<Once>> + Send;
    fn was_processed(&self, consumer: &str, event: &Event) -> impl Future<Output = StoreResult<bool>> + Send;
}

/// Report aggregates and live counts.
pub trait Reports: Sync {
    /// Adds an event's deltas exactly once (with the consumer's record); a race with
    /// another event on the same rows is `Contended`.
    fn add_contribution(
        &self,
        consumer: &str,
        event: &Event,
        contribution: &Contribution,
        now: OffsetDateTime,
    ) -> impl Future<Output = StoreResult<Once>> + Send;
    /// Rows of one kind, days `from` to `to` inclusive.
    fn report_rows(
        &self,
        org: &OrgId,
        kind: DimensionKind,
        from: &str,
        to: &str,
    ) -> impl Future<Output = StoreResult<Vec<ReportRow>>> + Send;
    fn report_count(
        &self,
        org: &OrgId,
        day: &str,
        dim: &Dimension,
        counter: &str,
    ) -> impl Future<Output = StoreResult<i64>> + Send;
    fn live_counts(&self, org: &OrgId) -> impl Future<Output = StoreResult<BTreeMap<String, i64>>> + Send;
    /// `ADD`s counters to one day's row, outside any transaction: for counts the request
    /// path keeps itself (a form's outcome, a search without a result), once per request.
    fn add_counts(
        &self,
        org: &OrgId,
        day: &str,
        dim: &Dimension,
        deltas: &BTreeMap<String, i64>,
    ) -> impl Future<Output = StoreResult<()>> + Send;
}

/// Which articles a list holds (all of them match).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticleFilter {
    pub status: Option<ArticleStatus>,
    pub category: Option<CategoryId>,
    pub tag: Option<String>,
}

/// An org as its public help center names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgProfile {
    pub id: OrgId,
    pub name: String,
    /// The org's name in help-center URLs, besides its id.
    pub slug: Option<String>,
}

/// Knowledge-base articles, their versions and votes, categories; the orgs' public names.
pub trait KbReads: Sync {
    fn get_article(&self, org: &OrgId, id: ArticleId) -> impl Future<Output = StoreResult<Option<Article>>> + Send;
    /// Articles by id, in the order asked (missing ones left out); one `BatchGetItem`
    /// per 100.
    fn get_articles(&self, org: &OrgId, ids: &[ArticleId]) -> impl Future<Output = StoreResult<Vec<Article>>> + Send;
    fn article_id_by_slug(
        &self,
        org: &OrgId,
        slug: &Slug,
    ) -> impl Future<Output = StoreResult<Option<ArticleId>>> + Send;
    /// Newest change first; a page may hold fewer than `limit` while a cursor follows.
    fn list_articles(
        &self,
        org: &OrgId,
        filter: &ArticleFilter,
        limit: u16,
        cursor: Option<&str>,
    ) -> impl Future<Output = StoreResult<Page<Article>>> + Send;
    /// Newest first.
    fn article_versions(
        &self,
        org: &OrgId,
        id: ArticleId,
    ) -> impl Future<Output = StoreResult<Vec<ArticleVersion>>> + Send;
    fn article_version(
        &self,
        org: &OrgId,
        id: ArticleId,
        number: u32,
    ) -> impl Future<Output = StoreResult<Option<ArticleVersion>>> + Send;
    /// A voter's vote on an article (`true`: helpful).
    fn article_vote(
        &self,
        org: &OrgId,
        id: ArticleId,
        voter: &str,
    ) -> impl Future<Output = StoreResult<Option<bool>>> + Send;
    fn list_categories(&self, org: &OrgId) -> impl Future<Output = StoreResult<Vec<Category>>> + Send;
    fn get_category(&self, org: &OrgId, id: CategoryId) -> impl Future<Output = StoreResult<Option<Category>>> + Send;
    /// The org a help-center slug names.
    fn org_by_slug(&self, slug: &str) -> impl Future<Output = StoreResult<Option<OrgId>>> + Send;
    /// `None` when the org has no profile.
    fn org_profile(&self, org: &OrgId) -> impl Future<Output = StoreResult<Option<OrgProfile>>> + Send;
}

pub trait KbWrites: Sync {
    /// The article, its first version, its slug's claim (`Conflict` when taken) and its
    /// event; a category it names must exist in the org (`NotFound("category")`).
    fn create_article(
        &self,
        article: &Article,
        version: &ArticleVersion,
        event: &ArticleEvent,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// A decided change if the article is still at `before.version` (else `Stale`),
    /// with the version it made, its slug's move and its event. Counters are not
    /// touched: views and votes land meanwhile without moving the version.
    fn save_article(
        &self,
        before: &Article,
        after: &Article,
        version: Option<&ArticleVersion>,
        event: &ArticleEvent,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// Counts a view of a published article and returns it; `None` when it is not one.
    fn count_view(&self, org: &OrgId, id: ArticleId) -> impl Future<Output = StoreResult<Option<Article>>> + Send;
    /// Records `voter`'s vote replacing `previous` (else `Stale`), moving the counters.
    fn record_vote(
        &self,
        org: &OrgId,
        id: ArticleId,
        voter: &str,
        previous: Option<bool>,
        helpful: bool,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    fn put_category(&self, c: &Category, expect: Expect) -> impl Future<Output = StoreResult<()>> + Send;
    /// Gives the org a help-center slug; one another org holds is `Conflict`.
    fn put_org_slug(&self, org: &OrgId, slug: &str) -> impl Future<Output = StoreResult<()>> + Send;
}

/// The manifest of an org's search index: which files make up its newest generation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchManifest {
    /// Moves on with every commit of the index.
    pub generation: u64,
    /// The segment files (immutable, in the search bucket under the org's prefix).
    pub files: Vec<String>,
    /// tantivy's `meta.json`, which names the segments.
    pub meta: String,
}

/// Search indexes' manifests.
pub trait SearchManifests: Sync {
    fn search_manifest(&self, org: &OrgId) -> impl Future<Output = StoreResult<Option<SearchManifest>>> + Send;
    /// Writes `m` if the stored manifest is still at `m.generation - 1` (or absent for
    /// generation 1); `Stale` when another writer committed first.
    fn put_search_manifest(&self, org: &OrgId, m: &SearchManifest) -> impl Future<Output = StoreResult<()>> + Send;
}

/// A routing counter: the round-robin turn of a team (or the org, `None`) and when
/// each agent was last routed a ticket (load balancing's tie-break).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Turn {
    pub turn: u64,
    pub last_assigned: BTreeMap<UserId, OffsetDateTime>,
}

/// Triggers and routing: an org's trigger list and routing settings (one item each),
/// the routing counters, and what routing reads of the ticket views.
pub trait RuleStore: Sync {
    /// The org's triggers or automations in order (version 0 and none when never saved).
    fn rules(&self, org: &OrgId, kind: Kind) -> impl Future<Output = StoreResult<RuleSet>> + Send;
    /// Replaces the list; `set.version` is one more than the version read (else `Stale`).
    /// For automations it also lists or unlists the org for the hourly runner.
    fn put_rules(&self, org: &OrgId, kind: Kind, set: &RuleSet) -> impl Future<Output = StoreResult<()>> + Send;
    /// The orgs with an enabled automation.
    fn automation_orgs(&self) -> impl Future<Output = StoreResult<Vec<OrgId>>> + Send;
    /// The org's tickets in `status`, last updated before `updated_before` when given
    /// (an automation's candidates).
    fn tickets_in_status(
        &self,
        org: &OrgId,
        status: helpdesk_domain::Status,
        updated_before: Option<OffsetDateTime>,
    ) -> impl Future<Output = StoreResult<Vec<Ticket>>> + Send;
    /// The org's routing settings and their version (0: never saved, all manual).
    fn routing(&self, org: &OrgId) -> impl Future<Output = StoreResult<(Routing, u64)>> + Send;
    /// Saves them as `version`, one more than the version read (else `Stale`).
    fn put_routing(&self, org: &OrgId, routing: &Routing, version: u64)
    -> impl Future<Output = StoreResult<()>> + Send;
    fn routing_turn(&self, org: &OrgId, team: Option<&TeamId>) -> impl Future<Output = StoreResult<Turn>> + Send;
    /// The agent's tickets in `new` or `open` (their routing load).
    fn agent_load(&self, org: &OrgId, agent: &UserId) -> impl Future<Output = StoreResult<u32>> + Send;
    /// Unassigned tickets in `new` or `open`, oldest first, at most `limit`.
    fn waiting(&self, org: &OrgId, limit: usize) -> impl Future<Output = StoreResult<Vec<Ticket>>> + Send;
}

/// Canned responses and macros: one item each in the org partition.
pub trait LibraryStore: Sync {
    /// Every canned response of the org (the use case filters what the caller sees).
    fn canned(
        &self,
        org: &OrgId,
    ) -> impl Future<Output = StoreResult<Vec<helpdesk_domain::canned::CannedResponse>>> + Send;
    fn get_canned(
        &self,
        org: &OrgId,
        id: helpdesk_domain::CannedId,
    ) -> impl Future<Output = StoreResult<Option<helpdesk_domain::canned::CannedResponse>>> + Send;
    fn put_canned(
        &self,
        org: &OrgId,
        c: &helpdesk_domain::canned::CannedResponse,
        expect: Expect,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// Deletes it at `version` (else `Stale`).
    fn delete_canned(
        &self,
        org: &OrgId,
        id: helpdesk_domain::CannedId,
        version: u64,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// Counts one use; the version (an edit's guard) stays.
    fn count_canned_use(
        &self,
        org: &OrgId,
        id: helpdesk_domain::CannedId,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    fn macros(&self, org: &OrgId) -> impl Future<Output = StoreResult<Vec<helpdesk_domain::macros::Macro>>> + Send;
    fn get_macro(
        &self,
        org: &OrgId,
        id: helpdesk_domain::MacroId,
    ) -> impl Future<Output = StoreResult<Option<helpdesk_domain::macros::Macro>>> + Send;
    fn put_macro(
        &self,
        org: &OrgId,
        m: &helpdesk_domain::macros::Macro,
        expect: Expect,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    fn delete_macro(
        &self,
        org: &OrgId,
        id: helpdesk_domain::MacroId,
        version: u64,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    fn count_macro_use(
        &self,
        org: &OrgId,
        id: helpdesk_domain::MacroId,
    ) -> impl Future<Output = StoreResult<()>> + Send;
}

/// Satisfaction surveys: the org's settings, each resolution's rating, a customer's
/// counts.
pub trait CsatStore: Sync {
    /// The settings and their version (0: never saved, the defaults).
    fn csat_settings(
        &self,
        org: &OrgId,
    ) -> impl Future<Output = StoreResult<(helpdesk_domain::csat::CsatSettings, u64)>> + Send;
    /// Saves them as `version`, one more than the version read (else `Stale`).
    fn put_csat_settings(
        &self,
        org: &OrgId,
        settings: &helpdesk_domain::csat::CsatSettings,
        version: u64,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    fn csat_record(
        &self,
        org: &OrgId,
        ticket: TicketId,
        cycle: i64,
    ) -> impl Future<Output = StoreResult<Option<helpdesk_domain::csat::CsatRecord>>> + Send;
    /// Saves a rating (new, or replacing `record.version - 1`, else `Stale`) in one
    /// transaction with the customer's counts and its `CsatReceived` event.
    fn save_csat(
        &self,
        org: &OrgId,
        record: &helpdesk_domain::csat::CsatRecord,
        previous: Option<helpdesk_domain::csat::Rating>,
        event: &Event,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// Ratings of the resolutions from `from` to `to` (Unix seconds).
    fn csat_records(
        &self,
        org: &OrgId,
        from: i64,
        to: i64,
    ) -> impl Future<Output = StoreResult<Vec<helpdesk_domain::csat::CsatRecord>>> + Send;
    fn customer_csat(
        &self,
        org: &OrgId,
        customer: &UserId,
    ) -> impl Future<Output = StoreResult<helpdesk_domain::csat::CsatCounts>> + Send;
}

/// Everything, for the composition roots (the local gateway, tests) that hold one store.
pub trait Store:
    TicketReads
    + TicketWrites
    + PeopleReads
    + PeopleWrites
    + SettingsReads
    + SettingsWrites
    + SlaWork
    + MailLog
    + Notifications
    + Processed
    + Reports
    + KbReads
    + KbWrites
    + SearchManifests
    + RuleStore
{
}

impl<T> Store for T where
    T: TicketReads
        + TicketWrites
        + PeopleReads
        + PeopleWrites
        + SettingsReads
        + SettingsWrites
        + SlaWork
        + MailLog
        + Notifications
        + Processed
        + Reports
        + KbReads
        + KbWrites
        + SearchManifests
        + RuleStore
{
}

/// Every capability trait, for code that calls the store's methods directly
/// (`use helpdesk_store::prelude::*`).
pub mod prelude {
    pub use super::{
        KbReads, KbWrites, MailLog, Notifications, PeopleReads, PeopleWrites, Processed, Reports, RuleStore,
        SearchManifests, SettingsReads, SettingsWrites, SlaWork, Store, TicketReads, TicketWrites,
    };
}

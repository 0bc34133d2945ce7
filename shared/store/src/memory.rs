//! The table's in-memory twin, for unit tests of the use cases (`shared/app`): the same
//! traits with the same conditions (versions, unique emails and numbers, one record per
//! Message-ID, event and consumer), and no emulator. End-to-end tests run against
//! DynamoDB Local; this never replaces them.
//!
//! Tests can also look inside ([`Memory::events`], [`Memory::ticket`]) and make a write
//! lose races ([`Memory::interfere`]).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Mutex;

use helpdesk_domain::attachment::{Attachment, FileState};
use helpdesk_domain::audit::AuditEntry;
use helpdesk_domain::clock::SlaState;
use helpdesk_domain::events::{ArticleEvent, Event};
use helpdesk_domain::hours::BusinessHours;
use helpdesk_domain::kb::{Article, ArticleVersion, Category, Slug};
use helpdesk_domain::lifecycle::Outcome;
use helpdesk_domain::mail::MailTemplates;
use helpdesk_domain::people::{Agent, Availability, Customer, Notification, Team};
use helpdesk_domain::reports::{Contribution, Dimension, DimensionKind};
use helpdesk_domain::sla::SlaPolicies;
use helpdesk_domain::ticket::OpenedTicket;
use helpdesk_domain::views::{TicketIndex, TicketQuery};
use helpdesk_domain::{
    ArticleId, AttachmentId, CategoryId, CustomerId, CustomerRef, Email, EventId, Interaction, OrgId, TeamId, Ticket,
    TicketId, TicketNumber, UserId,
};
use time::OffsetDateTime;

use crate::keys;
use crate::ports::*;
use crate::{StoreError, items::sla_due};

#[derive(Debug, Default)]
struct OrgProfile {
    name: Option<String>,
    mail_templates: MailTemplates,
}

#[derive(Debug, Default)]
struct State {
    counters: HashMap<OrgId, u64>,
    tickets: BTreeMap<(OrgId, TicketId), Ticket>,
    numbers: HashMap<(OrgId, u64), TicketId>,
    threads: HashMap<(OrgId, TicketId), Vec<Interaction>>,
    audits: HashMap<(OrgId, TicketId), Vec<AuditEntry>>,
    events: Vec<Event>,
    agents: BTreeMap<(OrgId, UserId), Agent>,
    teams: BTreeMap<(OrgId, TeamId), Team>,
    customers: BTreeMap<(OrgId, CustomerId), Customer>,
    emails: HashMap<(OrgId, Email), CustomerId>,
    orgs: HashMap<OrgId, OrgProfile>,
    settings: HashMap<OrgId, SlaSettings>,
    addresses: HashMap<String, OrgId>,
    /// (org, Message-ID) → (where it was seen, sent yet).
    message_ids: HashMap<(OrgId, String), (IndexedMessage, bool)>,
    quarantine: BTreeMap<(OrgId, String), Quarantined>,
    auto_replies: HashMap<(OrgId, String, String), EventId>,
    notifications: BTreeMap<(OrgId, UserId, EventId), Notification>,
    processed: BTreeSet<(OrgId, String, EventId)>,
    attachments: BTreeMap<(OrgId, AttachmentId), Attachment>,
    file_limits: HashMap<OrgId, helpdesk_domain::attachment::Limits>,
    sla_events: BTreeSet<(OrgId, TicketId, String)>,
    rows: BTreeMap<(OrgId, DimensionKind, String, String), BTreeMap<String, i64>>,
    live: HashMap<OrgId, BTreeMap<String, i64>>,
    rules: HashMap<(OrgId, helpdesk_domain::rules::Kind), helpdesk_domain::rules::RuleSet>,
    routing: HashMap<OrgId, (helpdesk_domain::routing::Routing, u64)>,
    turns: HashMap<(OrgId, Option<TeamId>), Turn>,
    agent_events: Vec<helpdesk_domain::events::AgentEvent>,
    canned: BTreeMap<(OrgId, helpdesk_domain::CannedId), helpdesk_domain::canned::CannedResponse>,
    macros: BTreeMap<(OrgId, helpdesk_domain::MacroId), helpdesk_domain::macros::Macro>,
    csat_settings: HashMap<OrgId, (helpdesk_domain::csat::CsatSettings, u64)>,
    csat: BTreeMap<(OrgId, i64, TicketId), helpdesk_domain::csat::CsatRecord>,
    customer_csat: HashMap<(OrgId, UserId), [i64; 3]>,
    /// Ticket writes that are still to lose a race, after `spare` more that win.
    interfere: u32,
    spare: u32,
    sent_mail: Vec<String>,
    kb: Kb,
}

/// The knowledge base's part of the state.
#[derive(Debug, Default)]
struct Kb {
    articles: BTreeMap<(OrgId, ArticleId), Article>,
    versions: BTreeMap<(OrgId, ArticleId, u32), ArticleVersion>,
    slugs: HashMap<(OrgId, Slug), ArticleId>,
    votes: HashMap<(OrgId, ArticleId, String), bool>,
    categories: BTreeMap<(OrgId, CategoryId), Category>,
    org_slugs: HashMap<String, OrgId>,
    events: Vec<ArticleEvent>,
    manifests: HashMap<OrgId, SearchManifest>,
}

/// The in-memory store. Cheap to share by reference; every call locks briefly.
#[derive(Debug, Default)]
pub struct Memory {
    state: Mutex<State>,
}

fn lock(m: &Memory) -> std::sync::MutexGuard<'_, State> {
    m.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Memory {
    pub fn new() -> Self {
        Self::default()
    }

    /// Every event written to the outbox, in order.
    pub fn events(&self) -> Vec<Event> {
        lock(self).events.clone()
    }

    /// A ticket as stored, whoever asks.
    pub fn ticket(&self, org: &OrgId, id: TicketId) -> Option<Ticket> {
        lock(self).tickets.get(&(org.clone(), id)).cloned()
    }

    /// Every ticket of the org.
    pub fn tickets(&self, org: &OrgId) -> Vec<Ticket> {
        lock(self)
            .tickets
            .iter()
            .filter(|((o, _), _)| o == org)
            .map(|(_, t)| t.clone())
            .collect()
    }

    /// The next `times` ticket writes find that someone else changed the ticket first:
    /// its version moves on and the write is `Stale`.
    pub fn interfere(&self, times: u32) {
        self.interfere_after(0, times);
    }

    /// As [`Self::interfere`], once `spare` ticket writes have gone through.
    pub fn interfere_after(&self, spare: u32, times: u32) {
        let mut s = lock(self);
        s.spare = spare;
        s.interfere = times;
    }

    /// Every agent event written to an outbox, in order.
    pub fn agent_events(&self) -> Vec<helpdesk_domain::events::AgentEvent> {
        lock(self).agent_events.clone()
    }

    /// Every article event written to an outbox, in order.
    pub fn article_events(&self) -> Vec<ArticleEvent> {
        lock(self).kb.events.clone()
    }

    /// The Message-IDs marked sent, in order.
    pub fn sent(&self) -> Vec<String> {
        lock(self).sent_mail.clone()
    }

    fn lost_race(state: &mut State, org: &OrgId, id: TicketId) -> bool {
        if state.interfere == 0 {
            return false;
        }
        if state.spare > 0 {
            state.spare -= 1;
            return false;
        }
        state.interfere -= 1;
        if let Some(t) = state.tickets.get_mut(&(org.clone(), id)) {
            t.version += 1;
        }
        true
    }
}

fn write_change(state: &mut State, o: &Outcome) {
    let t = &o.ticket;
    let key = (t.org_id.clone(), t.id);
    state.tickets.insert(key.clone(), t.clone());
    if let Some(m) = &o.interaction {
        state.threads.entry(key.clone()).or_default().push(m.clone());
    }
    state.audits.entry(key).or_default().push(o.audit.clone());
    state.events.extend(o.events.iter().cloned());
}

/// The error the first failing ride-along write gives, as the table's conditions do.
fn also_fails(state: &State, org: &OrgId, also: &[Also]) -> Option<StoreError> {
    also.iter().find_map(|a| match a {
        Also::InboundMessage { message_id, .. } => state
            .message_ids
            .contains_key(&(org.clone(), message_id.clone()))
            .then_some(StoreError::Duplicate),
        Also::Attach(f) => state
            .attachments
            .get(&(org.clone(), f.id))
            .is_none_or(|stored| stored.state != FileState::Ready)
            .then_some(StoreError::Conflict("a file is already on another message")),
        Also::MailFile(f) => state
            .attachments
            .contains_key(&(org.clone(), f.id))
            .then_some(StoreError::Duplicate),
        Also::Processed { consumer, event_id, .. } => state
            .processed
            .contains(&(org.clone(), (*consumer).to_owned(), *event_id))
            .then_some(StoreError::Duplicate),
        Also::Turn { team, from, .. } => {
            (state.turns.get(&(org.clone(), team.clone())).map_or(0, |t| t.turn) != *from).then_some(StoreError::Stale)
        }
    })
}

fn record_also(state: &mut State, org: &OrgId, ticket: TicketId, also: &[Also]) {
    for a in also {
        let (message_id, sig) = match a {
            Also::InboundMessage { message_id, sig, .. } => (message_id, sig),
            Also::Attach(f) | Also::MailFile(f) => {
                state.attachments.insert((org.clone(), f.id), (**f).clone());
                continue;
            }
            Also::Processed { consumer, event_id, .. } => {
                state.processed.insert((org.clone(), (*consumer).to_owned(), *event_id));
                continue;
            }
            Also::Turn {
                team, to, agent, at, ..
            } => {
                let turn = state.turns.entry((org.clone(), team.clone())).or_default();
                turn.turn = *to;
                turn.last_assigned.insert(agent.clone(), *at);
                continue;
            }
        };
        state.message_ids.insert(
            (org.clone(), message_id.clone()),
            (
                IndexedMessage {
                    ticket_id: ticket,
                    direction: "in".into(),
                    sig: Some(sig.clone()),
                },
                false,
            ),
        );
    }
}

/// The order a view reads in: newest update first, or soonest SLA check first.
fn in_view(t: &Ticket, index: &TicketIndex) -> bool {
    match index {
        TicketIndex::ByStatus(s) => t.status == *s,
        TicketIndex::ByAssignee(a) => t.assignee_id == *a,
        TicketIndex::ByCustomer(c) => t.customer_id == *c,
        TicketIndex::ByOrg => true,
        TicketIndex::BySlaDue => sla_due(t).is_some(),
    }
}

/// A memory cursor: the org and the offset of the next page.
fn cursor(org: &OrgId, view: &str, offset: usize) -> String {
    format!("mem:{org}:{view}:{offset}")
}

fn offset(org: &OrgId, view: &str, cursor: Option<&str>) -> StoreResult<usize> {
    let Some(c) = cursor else { return Ok(0) };
    let prefix = format!("mem:{org}:{view}:");
    c.strip_prefix(&prefix)
        .and_then(|n| n.parse().ok())
        .ok_or(StoreError::InvalidCursor)
}

fn page<T: Clone>(all: &[T], org: &OrgId, view: &str, limit: usize, from: usize) -> Page<T> {
    let items: Vec<T> = all.iter().skip(from).take(limit).cloned().collect();
    let next = from + items.len();
    Page {
        next_cursor: (next < all.len()).then(|| cursor(org, view, next)),
        items,
    }
}

impl TicketReads for Memory {
    async fn get_ticket(&self, org: &OrgId, id: TicketId) -> StoreResult<Option<Ticket>> {
        Ok(self.ticket(org, id))
    }

    async fn ticket_id_by_number(&self, org: &OrgId, number: TicketNumber) -> StoreResult<Option<TicketId>> {
        Ok(lock(self).numbers.get(&(org.clone(), number.get())).copied())
    }

    async fn ticket_with_thread(&self, org: &OrgId, id: TicketId) -> StoreResult<Option<TicketWithThread>> {
        let s = lock(self);
        let key = (org.clone(), id);
        Ok(s.tickets.get(&key).map(|t| TicketWithThread {
            ticket: t.clone(),
            thread: s.threads.get(&key).cloned().unwrap_or_default(),
        }))
    }

    async fn list_tickets(&self, org: &OrgId, q: &TicketQuery, cursor: Option<&str>) -> StoreResult<Page<Ticket>> {
        let view = format!("{:?}", q.index);
        let from = offset(org, &view, cursor)?;
        let f = &q.filter;
        let mut all: Vec<Ticket> = self
            .tickets(org)
            .into_iter()
            .filter(|t| in_view(t, &q.index))
            .filter(|t| f.statuses.is_empty() || f.statuses.contains(&t.status))
            .filter(|t| f.priority.is_none_or(|p| t.priority == p))
            .filter(|t| f.tag.as_ref().is_none_or(|tag| t.tags.contains(tag)))
            .filter(|t| f.team.is_none() || t.team_id == f.team)
            .filter(|t| f.category.is_none() || t.category == f.category)
            .filter(|t| f.customer.as_ref().is_none_or(|c| t.customer_id == *c))
            .collect();
        if q.index == TicketIndex::BySlaDue {
            all.sort_by_key(sla_due);
        } else {
            all.sort_by_key(|t| std::cmp::Reverse((t.updated_at, t.id)));
        }
        Ok(page(&all, org, &view, usize::from(q.limit), from))
    }

    async fn ticket_audit(&self, org: &OrgId, id: TicketId) -> StoreResult<Vec<AuditEntry>> {
        Ok(lock(self).audits.get(&(org.clone(), id)).cloned().unwrap_or_default())
    }
}

impl AttachmentStore for Memory {
    async fn create_attachment(&self, a: &Attachment) -> StoreResult<()> {
        let mut s = lock(self);
        let key = (a.org_id.clone(), a.id);
        if s.attachments.contains_key(&key) {
            return Err(StoreError::Conflict("the upload exists"));
        }
        s.attachments.insert(key, a.clone());
        Ok(())
    }

    async fn get_attachment(&self, org: &OrgId, id: AttachmentId) -> StoreResult<Option<Attachment>> {
        Ok(lock(self).attachments.get(&(org.clone(), id)).cloned())
    }

    async fn get_attachments(&self, org: &OrgId, ids: &[AttachmentId]) -> StoreResult<Vec<Attachment>> {
        let s = lock(self);
        Ok(ids
            .iter()
            .filter_map(|id| s.attachments.get(&(org.clone(), *id)).cloned())
            .collect())
    }

    async fn settle_attachment(&self, a: &Attachment) -> StoreResult<()> {
        let mut s = lock(self);
        match s.attachments.get_mut(&(a.org_id.clone(), a.id)) {
            Some(stored) if stored.state == FileState::Pending => {
                *stored = a.clone();
                Ok(())
            }
            _ => Err(StoreError::Stale),
        }
    }

    async fn file_limits(&self, org: &OrgId) -> StoreResult<helpdesk_domain::attachment::Limits> {
        Ok(lock(self).file_limits.get(org).cloned().unwrap_or_default())
    }

    async fn put_file_limits(&self, org: &OrgId, limits: &helpdesk_domain::attachment::Limits) -> StoreResult<()> {
        lock(self).file_limits.insert(org.clone(), limits.clone());
        Ok(())
    }

    async fn record_download(&self, org: &OrgId, entry: &AuditEntry) -> StoreResult<()> {
        lock(self)
            .audits
            .entry((org.clone(), entry.ticket_id))
            .or_default()
            .push(entry.clone());
        Ok(())
    }
}

impl TicketWrites for Memory {
    async fn next_ticket_number(&self, org: &OrgId) -> StoreResult<TicketNumber> {
        let mut s = lock(self);
        let n = s.counters.entry(org.clone()).or_default();
        *n += 1;
        Ok(TicketNumber::new(*n))
    }

    async fn create_ticket(
        &self,
        opened: &OpenedTicket,
        customer: &CustomerRef,
        customer_name: Option<&str>,
        event: &Event,
        also: &[Also],
    ) -> StoreResult<()> {
        let mut s = lock(self);
        let t = &opened.ticket;
        let org = &t.org_id;
        if let Some(e) = also_fails(&s, org, also) {
            return Err(e);
        }
        if s.tickets.contains_key(&(org.clone(), t.id)) {
            return Err(StoreError::Conflict("ticket already exists"));
        }
        match customer {
            CustomerRef::Id(id) if !s.customers.contains_key(&(org.clone(), id.clone())) => {
                return Err(StoreError::NotFound("customer"));
            }
            CustomerRef::Id(_) => {}
            CustomerRef::Email(email) => {
                let owner = s.emails.get(&(org.clone(), email.clone()));
                let holder = s.customers.get(&(org.clone(), t.customer_id.clone()));
                if owner.is_some_and(|o| *o != t.customer_id) || holder.is_some_and(|c| c.email != *email) {
                    return Err(StoreError::EmailTaken);
                }
                if holder.is_none() {
                    let name = customer_name
                        .map(str::to_owned)
                        .unwrap_or_else(|| email.as_str().split('@').next().unwrap_or_default().to_owned());
                    s.customers.insert(
                        (org.clone(), t.customer_id.clone()),
                        Customer {
                            id: t.customer_id.clone(),
                            org_id: org.clone(),
                            email: email.clone(),
                            name,
                            created_at: keys::sortable(t.created_at),
                        },
                    );
                }
                s.emails.insert((org.clone(), email.clone()), t.customer_id.clone());
            }
        }
        if s.numbers.contains_key(&(org.clone(), t.number.get())) {
            return Err(StoreError::Conflict("ticket number taken"));
        }
        let key = (org.clone(), t.id);
        s.numbers.insert((org.clone(), t.number.get()), t.id);
        s.tickets.insert(key.clone(), t.clone());
        s.threads.insert(key.clone(), vec![opened.first_message.clone()]);
        s.audits.insert(key, vec![opened.audit.clone()]);
        s.events.push(event.clone());
        record_also(&mut s, org, t.id, also);
        Ok(())
    }

    async fn save_change(
        &self,
        expected_version: u64,
        outcome: &Outcome,
        must_exist: &[MustExist],
        also: &[Also],
    ) -> StoreResult<()> {
        let mut s = lock(self);
        let t = &outcome.ticket;
        let org = &t.org_id;
        if let Some(e) = also_fails(&s, org, also) {
            return Err(e);
        }
        if Memory::lost_race(&mut s, org, t.id) {
            return Err(StoreError::Stale);
        }
        let current = s.tickets.get(&(org.clone(), t.id)).map(|t| t.version);
        if current != Some(expected_version) {
            return Err(StoreError::Stale);
        }
        for m in must_exist {
            let exists = match m {
                MustExist::Agent(a) => s.agents.contains_key(&(org.clone(), a.clone())),
                MustExist::Team(team) => s.teams.contains_key(&(org.clone(), team.clone())),
            };
            if !exists {
                return Err(StoreError::NotFound(match m {
                    MustExist::Agent(_) => "agent",
                    MustExist::Team(_) => "team",
                }));
            }
        }
        write_change(&mut s, outcome);
        record_also(&mut s, org, t.id, also);
        Ok(())
    }

    async fn save_merge(&self, source: (u64, &Outcome), target: (u64, &Outcome)) -> StoreResult<()> {
        let mut s = lock(self);
        for (expected, o) in [source, target] {
            let t = &o.ticket;
            if s.tickets.get(&(t.org_id.clone(), t.id)).map(|t| t.version) != Some(expected) {
                return Err(StoreError::Stale);
            }
        }
        write_change(&mut s, source.1);
        write_change(&mut s, target.1);
        Ok(())
    }
}

impl PeopleReads for Memory {
    async fn get_agent(&self, org: &OrgId, id: &UserId) -> StoreResult<Option<Agent>> {
        Ok(lock(self).agents.get(&(org.clone(), id.clone())).cloned())
    }

    async fn list_agents(&self, org: &OrgId) -> StoreResult<Vec<Agent>> {
        Ok(lock(self)
            .agents
            .iter()
            .filter(|((o, _), _)| o == org)
            .map(|(_, a)| a.clone())
            .collect())
    }

    async fn get_team(&self, org: &OrgId, id: &TeamId) -> StoreResult<Option<Team>> {
        Ok(lock(self).teams.get(&(org.clone(), id.clone())).cloned())
    }

    async fn list_teams(&self, org: &OrgId) -> StoreResult<Vec<Team>> {
        Ok(lock(self)
            .teams
            .iter()
            .filter(|((o, _), _)| o == org)
            .map(|(_, t)| t.clone())
            .collect())
    }

    async fn get_customer(&self, org: &OrgId, id: &CustomerId) -> StoreResult<Option<Customer>> {
        Ok(lock(self).customers.get(&(org.clone(), id.clone())).cloned())
    }

    async fn list_customers(
        &self,
        org: &OrgId,
        email_prefix: &str,
        name: Option<&str>,
        limit: u16,
        cursor: Option<&str>,
    ) -> StoreResult<Page<Customer>> {
        let view = format!("customers:{email_prefix}");
        let from = offset(org, &view, cursor)?;
        let prefix = email_prefix.to_lowercase();
        let name = name.map(str::to_lowercase).unwrap_or_default();
        let mut all: Vec<Customer> = lock(self)
            .customers
            .iter()
            .filter(|((o, _), c)| {
                o == org && c.email.as_str().starts_with(&prefix) && c.name.to_lowercase().contains(&name)
            })
            .map(|(_, c)| c.clone())
            .collect();
        all.sort_by(|a, b| a.email.as_str().cmp(b.email.as_str()));
        Ok(page(&all, org, &view, usize::from(limit), from))
    }

    async fn customer_id_by_email(&self, org: &OrgId, email: &Email) -> StoreResult<Option<CustomerId>> {
        Ok(lock(self).emails.get(&(org.clone(), email.clone())).cloned())
    }
}

fn check_version(current: Option<u64>, expect: Expect) -> StoreResult<()> {
    match (expect, current) {
        (Expect::New, None) => Ok(()),
        (Expect::New, Some(_)) => Err(StoreError::Conflict("it already exists")),
        (Expect::Version(v), Some(c)) if v == c => Ok(()),
        (Expect::Version(_), _) => Err(StoreError::Stale),
    }
}

impl PeopleWrites for Memory {
    async fn put_agent(&self, agent: &Agent, expect: Expect) -> StoreResult<()> {
        let mut s = lock(self);
        let key = (agent.org_id.clone(), agent.id.clone());
        check_version(s.agents.get(&key).map(|a| a.version), expect)?;
        s.agents.insert(key, agent.clone());
        Ok(())
    }

    async fn set_agent_status(
        &self,
        org: &OrgId,
        id: &UserId,
        status: Availability,
        online: Option<&helpdesk_domain::events::AgentEvent>,
    ) -> StoreResult<()> {
        let mut s = lock(self);
        let a = s
            .agents
            .get_mut(&(org.clone(), id.clone()))
            .ok_or(StoreError::NotFound("agent"))?;
        a.status = status;
        a.version += 1;
        s.agent_events.extend(online.cloned());
        Ok(())
    }

    async fn put_team(&self, team: &Team, expect: Expect) -> StoreResult<()> {
        let mut s = lock(self);
        let key = (team.org_id.clone(), team.id.clone());
        check_version(s.teams.get(&key).map(|t| t.version), expect)?;
        s.teams.insert(key, team.clone());
        Ok(())
    }

    async fn create_customer(&self, c: &Customer) -> StoreResult<Customer> {
        let mut s = lock(self);
        if s.emails.contains_key(&(c.org_id.clone(), c.email.clone())) {
            return Err(StoreError::Conflict("a customer with this email already exists"));
        }
        let mut c = c.clone();
        if s.customers.contains_key(&(c.org_id.clone(), c.id.clone())) {
            c.id = UserId::parse(&format!("c-{}", ulid::Ulid::new().to_string().to_lowercase()))
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        }
        s.emails.insert((c.org_id.clone(), c.email.clone()), c.id.clone());
        s.customers.insert((c.org_id.clone(), c.id.clone()), c.clone());
        Ok(c)
    }

    async fn update_customer(&self, current: &Customer, updated: &Customer) -> StoreResult<()> {
        let mut s = lock(self);
        let key = (current.org_id.clone(), current.id.clone());
        if s.customers.get(&key).map(|c| &c.email) != Some(&current.email) {
            return Err(StoreError::Stale);
        }
        if current.email != updated.email {
            if s.emails.contains_key(&(current.org_id.clone(), updated.email.clone())) {
                return Err(StoreError::Conflict("another customer has this email"));
            }
            s.emails.remove(&(current.org_id.clone(), current.email.clone()));
            s.emails
                .insert((current.org_id.clone(), updated.email.clone()), updated.id.clone());
        }
        s.customers.insert(key, updated.clone());
        Ok(())
    }

    async fn upsert_customer(
        &self,
        org: &OrgId,
        id: &CustomerId,
        email: &Email,
        name: &str,
        now: OffsetDateTime,
    ) -> StoreResult<()> {
        let mut s = lock(self);
        let owner = s.emails.get(&(org.clone(), email.clone()));
        let holder = s.customers.get(&(org.clone(), id.clone()));
        if owner.is_some_and(|o| o != id) || holder.is_some_and(|c| c.email != *email) {
            return Err(StoreError::Conflict("email belongs to another customer"));
        }
        if holder.is_none() {
            s.customers.insert(
                (org.clone(), id.clone()),
                Customer {
                    id: id.clone(),
                    org_id: org.clone(),
                    email: email.clone(),
                    name: name.to_owned(),
                    created_at: keys::sortable(now),
                },
            );
        }
        s.emails.insert((org.clone(), email.clone()), id.clone());
        Ok(())
    }

    async fn put_org(&self, org: &OrgId, name: &str) -> StoreResult<()> {
        lock(self).orgs.insert(
            org.clone(),
            OrgProfile {
                name: Some(name.to_owned()),
                mail_templates: MailTemplates::default(),
            },
        );
        Ok(())
    }
}

impl SettingsReads for Memory {
    async fn sla_settings(&self, org: &OrgId) -> StoreResult<SlaSettings> {
        Ok(lock(self).settings.get(org).cloned().unwrap_or_default())
    }

    async fn org_mail(&self, org: &OrgId) -> StoreResult<Option<OrgMail>> {
        Ok(lock(self).orgs.get(org).map(|p| OrgMail {
            name: p.name.clone(),
            mail_templates: p.mail_templates.clone(),
        }))
    }

    async fn org_for_address(&self, address: &str) -> StoreResult<Option<OrgId>> {
        Ok(lock(self).addresses.get(&address.to_lowercase()).cloned())
    }
}

impl SettingsWrites for Memory {
    async fn put_sla_policies(&self, org: &OrgId, policies: &SlaPolicies) -> StoreResult<()> {
        lock(self).settings.entry(org.clone()).or_default().policies = Some(policies.clone());
        Ok(())
    }

    async fn put_business_hours(&self, org: &OrgId, hours: &BusinessHours) -> StoreResult<()> {
        lock(self).settings.entry(org.clone()).or_default().business_hours = Some(hours.clone());
        Ok(())
    }

    async fn put_mail_templates(&self, org: &OrgId, templates: &MailTemplates) -> StoreResult<()> {
        let mut s = lock(self);
        let p = s.orgs.get_mut(org).ok_or(StoreError::NotFound("org"))?;
        p.mail_templates = templates.clone();
        Ok(())
    }

    async fn put_inbound_address(&self, org: &OrgId, address: &Email) -> StoreResult<()> {
        let mut s = lock(self);
        let key = address.as_str().to_lowercase();
        if s.addresses.get(&key).is_some_and(|o| o != org) {
            return Err(StoreError::Conflict("the address belongs to another org"));
        }
        if !s.orgs.contains_key(org) {
            return Err(StoreError::NotFound("org"));
        }
        s.addresses.insert(key, org.clone());
        Ok(())
    }
}

impl SlaWork for Memory {
    async fn save_sla(&self, ticket: &Ticket, state: Option<&SlaState>) -> StoreResult<Written> {
        let mut s = lock(self);
        match s.tickets.get_mut(&(ticket.org_id.clone(), ticket.id)) {
            Some(t) if t.version == ticket.version => {
                t.sla = state.cloned();
                Ok(Written::Yes)
            }
            _ => Ok(Written::Stale),
        }
    }

    async fn due_sla_checks(&self, shard: u32, now: OffsetDateTime, limit: i32) -> StoreResult<Vec<(OrgId, TicketId)>> {
        let due_by = keys::sla_work_due_by(now);
        let mut due: Vec<(String, OrgId, TicketId)> = lock(self)
            .tickets
            .values()
            .filter(|t| keys::sla_shard(t.id) == shard)
            .filter_map(|t| Some((sla_due(t)?, t.org_id.clone(), t.id)))
            .filter(|(d, ..)| *d <= due_by)
            .collect();
        due.sort();
        Ok(due
            .into_iter()
            .take(usize::try_from(limit).unwrap_or(0))
            .map(|(_, o, t)| (o, t))
            .collect())
    }

    async fn emit_sla_event_once(&self, event: &Event, key: &str) -> StoreResult<bool> {
        let mut s = lock(self);
        if !s
            .sla_events
            .insert((event.org_id.clone(), event.ticket_id, key.to_owned()))
        {
            return Ok(false);
        }
        s.events.push(event.clone());
        Ok(true)
    }
}

impl MailLog for Memory {
    async fn claim_outbound(
        &self,
        org: &OrgId,
        ticket: TicketId,
        _event: EventId,
        message_id: &str,
    ) -> StoreResult<Claim> {
        let mut s = lock(self);
        let key = (org.clone(), message_id.to_owned());
        Ok(match s.message_ids.get(&key) {
            Some((_, true)) => Claim::Sent,
            Some((_, false)) => Claim::Retry,
            None => {
                s.message_ids.insert(
                    key,
                    (
                        IndexedMessage {
                            ticket_id: ticket,
                            direction: "out".into(),
                            sig: None,
                        },
                        false,
                    ),
                );
                Claim::Fresh
            }
        })
    }

    async fn mark_outbound_sent(&self, org: &OrgId, message_id: &str, _provider_id: &str) -> StoreResult<()> {
        let mut s = lock(self);
        if let Some(entry) = s.message_ids.get_mut(&(org.clone(), message_id.to_owned())) {
            entry.1 = true;
        }
        s.sent_mail.push(message_id.to_owned());
        Ok(())
    }

    async fn claim_auto_reply(
        &self,
        org: &OrgId,
        email: &str,
        day: &str,
        event: EventId,
        _now: OffsetDateTime,
    ) -> StoreResult<bool> {
        let mut s = lock(self);
        let key = (org.clone(), email.to_lowercase(), day.to_owned());
        Ok(match s.auto_replies.get(&key) {
            Some(e) => *e == event,
            None => {
                s.auto_replies.insert(key, event);
                true
            }
        })
    }

    async fn message_ticket(&self, org: &OrgId, message_id: &str) -> StoreResult<Option<IndexedMessage>> {
        Ok(lock(self)
            .message_ids
            .get(&(org.clone(), message_id.to_owned()))
            .map(|(m, _)| m.clone()))
    }

    async fn quarantine(&self, org: &OrgId, q: &Quarantined, _now: OffsetDateTime) -> StoreResult<()> {
        lock(self)
            .quarantine
            .insert((org.clone(), keys::quarantine_sk(&q.received_at, &q.id)), q.clone());
        Ok(())
    }

    async fn list_quarantine(&self, org: &OrgId, limit: i32) -> StoreResult<Vec<Quarantined>> {
        Ok(lock(self)
            .quarantine
            .iter()
            .rev()
            .filter(|((o, _), _)| o == org)
            .take(usize::try_from(limit).unwrap_or(0))
            .map(|(_, q)| q.clone())
            .collect())
    }
}

impl Notifications for Memory {
    async fn notify_once(
        &self,
        org: &OrgId,
        user: &UserId,
        n: &Notification,
        _now: OffsetDateTime,
    ) -> StoreResult<bool> {
        let mut s = lock(self);
        let key = (org.clone(), user.clone(), n.id);
        if s.notifications.contains_key(&key) {
            return Ok(false);
        }
        s.notifications.insert(key, n.clone());
        Ok(true)
    }

    async fn notifications(
        &self,
        org: &OrgId,
        user: &UserId,
        unread_only: bool,
        limit: i32,
    ) -> StoreResult<Vec<Notification>> {
        Ok(lock(self)
            .notifications
            .iter()
            .rev()
            .filter(|((o, u, _), n)| o == org && u == user && (!unread_only || !n.read))
            .take(usize::try_from(limit).unwrap_or(0))
            .map(|(_, n)| n.clone())
            .collect())
    }

    async fn mark_notification_read(&self, org: &OrgId, user: &UserId, id: EventId) -> StoreResult<()> {
        let mut s = lock(self);
        let n = s
            .notifications
            .get_mut(&(org.clone(), user.clone(), id))
            .ok_or(StoreError::NotFound("notification"))?;
        n.read = true;
        Ok(())
    }
}

impl Processed for Memory {
    async fn mark_processed(&self, consumer: &str, event: &Event, _now: OffsetDateTime) -> StoreResult<Once> {
        let inserted = lock(self)
            .processed
            .insert((event.org_id.clone(), consumer.to_owned(), event.event_id));
        Ok(if inserted { Once::Done } else { Once::AlreadyDone })
    }

    async fn was_processed(&self, consumer: &str, event: &Event) -> StoreResult<bool> {
        Ok(lock(self)
            .processed
            .contains(&(event.org_id.clone(), consumer.to_owned(), event.event_id)))
    }
}

impl Reports for Memory {
    async fn add_contribution(
        &self,
        consumer: &str,
        event: &Event,
        contribution: &Contribution,
        _now: OffsetDateTime,
    ) -> StoreResult<Once> {
        let mut s = lock(self);
        let org = event.org_id.clone();
        if !s.processed.insert((org.clone(), consumer.to_owned(), event.event_id)) {
            return Ok(Once::AlreadyDone);
        }
        for (dim, deltas) in &contribution.daily {
            let row = s
                .rows
                .entry((org.clone(), dim.kind, contribution.day.clone(), dim.value.clone()))
                .or_default();
            for (k, v) in deltas {
                *row.entry(k.clone()).or_default() += v;
            }
        }
        let live = s.live.entry(org).or_default();
        for (k, v) in &contribution.live {
            *live.entry(k.clone()).or_default() += v;
        }
        Ok(Once::Done)
    }

    async fn report_rows(&self, org: &OrgId, kind: DimensionKind, from: &str, to: &str) -> StoreResult<Vec<ReportRow>> {
        Ok(lock(self)
            .rows
            .iter()
            .filter(|((o, k, day, _), _)| o == org && *k == kind && day.as_str() >= from && day.as_str() <= to)
            .map(|((_, _, day, value), counters)| ReportRow {
                day: day.clone(),
                value: value.clone(),
                counters: counters.clone(),
            })
            .collect())
    }

    async fn report_count(&self, org: &OrgId, day: &str, dim: &Dimension, counter: &str) -> StoreResult<i64> {
        Ok(lock(self)
            .rows
            .get(&(org.clone(), dim.kind, day.to_owned(), dim.value.clone()))
            .and_then(|r| r.get(counter).copied())
            .unwrap_or(0))
    }

    async fn live_counts(&self, org: &OrgId) -> StoreResult<BTreeMap<String, i64>> {
        Ok(lock(self).live.get(org).cloned().unwrap_or_default())
    }

    async fn add_counts(
        &self,
        org: &OrgId,
        day: &str,
        dim: &Dimension,
        deltas: &BTreeMap<String, i64>,
    ) -> StoreResult<()> {
        let mut s = lock(self);
        let row = s
            .rows
            .entry((org.clone(), dim.kind, day.to_owned(), dim.value.clone()))
            .or_default();
        for (k, v) in deltas {
            *row.entry(k.clone()).or_default() += v;
        }
        Ok(())
    }
}

impl KbReads for Memory {
    async fn get_article(&self, org: &OrgId, id: ArticleId) -> StoreResult<Option<Article>> {
        Ok(lock(self).kb.articles.get(&(org.clone(), id)).cloned())
    }

    async fn get_articles(&self, org: &OrgId, ids: &[ArticleId]) -> StoreResult<Vec<Article>> {
        let s = lock(self);
        Ok(ids
            .iter()
            .filter_map(|id| s.kb.articles.get(&(org.clone(), *id)).cloned())
            .collect())
    }

    async fn article_id_by_slug(&self, org: &OrgId, slug: &Slug) -> StoreResult<Option<ArticleId>> {
        Ok(lock(self).kb.slugs.get(&(org.clone(), slug.clone())).copied())
    }

    async fn list_articles(
        &self,
        org: &OrgId,
        filter: &ArticleFilter,
        limit: u16,
        cursor: Option<&str>,
    ) -> StoreResult<Page<Article>> {
        let view = format!("articles:{filter:?}");
        let from = offset(org, &view, cursor)?;
        let mut all: Vec<Article> = lock(self)
            .kb
            .articles
            .iter()
            .filter(|((o, _), a)| {
                o == org
                    && filter.status.is_none_or(|s| a.status == s)
                    && filter.category.is_none_or(|c| a.category_id == Some(c))
                    && filter
                        .tag
                        .as_ref()
                        .is_none_or(|t| a.tags.contains(&t.to_ascii_lowercase()))
            })
            .map(|(_, a)| a.clone())
            .collect();
        all.sort_by(|a, b| b.updated_at.cmp(&a.updated_at).then(b.id.cmp(&a.id)));
        Ok(page(&all, org, &view, usize::from(limit), from))
    }

    async fn article_versions(&self, org: &OrgId, id: ArticleId) -> StoreResult<Vec<ArticleVersion>> {
        let s = lock(self);
        let mut v: Vec<_> =
            s.kb.versions
                .iter()
                .filter(|((o, a, _), _)| o == org && *a == id)
                .map(|(_, v)| v.clone())
                .collect();
        v.reverse();
        Ok(v)
    }

    async fn article_version(&self, org: &OrgId, id: ArticleId, number: u32) -> StoreResult<Option<ArticleVersion>> {
        Ok(lock(self).kb.versions.get(&(org.clone(), id, number)).cloned())
    }

    async fn article_vote(&self, org: &OrgId, id: ArticleId, voter: &str) -> StoreResult<Option<bool>> {
        Ok(lock(self).kb.votes.get(&(org.clone(), id, voter.to_owned())).copied())
    }

    async fn list_categories(&self, org: &OrgId) -> StoreResult<Vec<Category>> {
        Ok(lock(self)
            .kb
            .categories
            .iter()
            .filter(|((o, _), _)| o == org)
            .map(|(_, c)| c.clone())
            .collect())
    }

    async fn get_category(&self, org: &OrgId, id: CategoryId) -> StoreResult<Option<Category>> {
        Ok(lock(self).kb.categories.get(&(org.clone(), id)).cloned())
    }

    async fn org_by_slug(&self, slug: &str) -> StoreResult<Option<OrgId>> {
        Ok(lock(self).kb.org_slugs.get(slug).cloned())
    }

    async fn org_profile(&self, org: &OrgId) -> StoreResult<Option<crate::ports::OrgProfile>> {
        let s = lock(self);
        Ok(s.orgs.get(org).map(|p| crate::ports::OrgProfile {
            id: org.clone(),
            name: p.name.clone().unwrap_or_else(|| org.to_string()),
            slug: s.kb.org_slugs.iter().find(|(_, o)| *o == org).map(|(k, _)| k.clone()),
        }))
    }
}

impl KbWrites for Memory {
    async fn create_article(&self, a: &Article, v: &ArticleVersion, event: &ArticleEvent) -> StoreResult<()> {
        let mut s = lock(self);
        let org = a.org_id.clone();
        if let Some(c) = a.category_id
            && !s.kb.categories.contains_key(&(org.clone(), c))
        {
            return Err(StoreError::NotFound("category"));
        }
        if s.kb.slugs.contains_key(&(org.clone(), a.slug.clone())) {
            return Err(StoreError::Conflict("another article of the org has this slug"));
        }
        s.kb.slugs.insert((org.clone(), a.slug.clone()), a.id);
        s.kb.articles.insert((org.clone(), a.id), a.clone());
        s.kb.versions.insert((org, a.id, v.number), v.clone());
        s.kb.events.push(event.clone());
        Ok(())
    }

    async fn save_article(
        &self,
        before: &Article,
        after: &Article,
        version: Option<&ArticleVersion>,
        event: &ArticleEvent,
    ) -> StoreResult<()> {
        let mut s = lock(self);
        let org = after.org_id.clone();
        let key = (org.clone(), after.id);
        let Some(current) = s.kb.articles.get(&key).cloned() else {
            return Err(StoreError::Stale);
        };
        if current.version != before.version {
            return Err(StoreError::Stale);
        }
        if let Some(c) = after.category_id.filter(|c| before.category_id != Some(*c))
            && !s.kb.categories.contains_key(&(org.clone(), c))
        {
            return Err(StoreError::NotFound("category"));
        }
        if before.slug != after.slug {
            if s.kb.slugs.contains_key(&(org.clone(), after.slug.clone())) {
                return Err(StoreError::Conflict("another article of the org has this slug"));
            }
            s.kb.slugs.remove(&(org.clone(), before.slug.clone()));
            s.kb.slugs.insert((org.clone(), after.slug.clone()), after.id);
        }
        if let Some(v) = version {
            s.kb.versions.insert((org, after.id, v.number), v.clone());
        }
        let mut next = after.clone();
        // Counters are the store's, not the change's.
        (next.views, next.helpful, next.not_helpful) = (current.views, current.helpful, current.not_helpful);
        s.kb.articles.insert(key, next);
        s.kb.events.push(event.clone());
        Ok(())
    }

    async fn count_view(&self, org: &OrgId, id: ArticleId) -> StoreResult<Option<Article>> {
        let mut s = lock(self);
        Ok(s.kb
            .articles
            .get_mut(&(org.clone(), id))
            .filter(|a| a.is_public())
            .map(|a| {
                a.views += 1;
                a.clone()
            }))
    }

    async fn record_vote(
        &self,
        org: &OrgId,
        id: ArticleId,
        voter: &str,
        previous: Option<bool>,
        helpful: bool,
    ) -> StoreResult<()> {
        let mut s = lock(self);
        let vote_key = (org.clone(), id, voter.to_owned());
        if s.kb.votes.get(&vote_key).copied() != previous {
            return Err(StoreError::Stale);
        }
        let (dh, dn) = helpdesk_domain::kb::vote_delta(previous, helpful);
        let a =
            s.kb.articles
                .get_mut(&(org.clone(), id))
                .ok_or(StoreError::NotFound("article"))?;
        a.helpful = a.helpful.saturating_add_signed(dh);
        a.not_helpful = a.not_helpful.saturating_add_signed(dn);
        s.kb.votes.insert(vote_key, helpful);
        Ok(())
    }

    async fn put_category(&self, c: &Category, expect: Expect) -> StoreResult<()> {
        let mut s = lock(self);
        let key = (c.org_id.clone(), c.id);
        check_version(s.kb.categories.get(&key).map(|c| c.version), expect)?;
        s.kb.categories.insert(key, c.clone());
        Ok(())
    }

    async fn put_org_slug(&self, org: &OrgId, slug: &str) -> StoreResult<()> {
        let mut s = lock(self);
        if s.kb.org_slugs.get(slug).is_some_and(|o| o != org) {
            return Err(StoreError::Conflict("another org has this slug"));
        }
        if !s.orgs.contains_key(org) {
            return Err(StoreError::NotFound("org"));
        }
        s.kb.org_slugs.retain(|_, o| o != org);
        s.kb.org_slugs.insert(slug.to_owned(), org.clone());
        Ok(())
    }
}

impl SearchManifests for Memory {
    async fn search_manifest(&self, org: &OrgId) -> StoreResult<Option<SearchManifest>> {
        Ok(lock(self).kb.manifests.get(org).cloned())
    }

    async fn put_search_manifest(&self, org: &OrgId, m: &SearchManifest) -> StoreResult<()> {
        let mut s = lock(self);
        let current = s.kb.manifests.get(org).map_or(0, |c| c.generation);
        if current + 1 != m.generation.max(1) {
            return Err(StoreError::Stale);
        }
        s.kb.manifests.insert(org.clone(), m.clone());
        Ok(())
    }
}

impl RuleStore for Memory {
    async fn rules(
        &self,
        org: &OrgId,
        kind: helpdesk_domain::rules::Kind,
    ) -> StoreResult<helpdesk_domain::rules::RuleSet> {
        Ok(lock(self).rules.get(&(org.clone(), kind)).cloned().unwrap_or_default())
    }

    async fn put_rules(
        &self,
        org: &OrgId,
        kind: helpdesk_domain::rules::Kind,
        set: &helpdesk_domain::rules::RuleSet,
    ) -> StoreResult<()> {
        let mut s = lock(self);
        let key = (org.clone(), kind);
        let current = s.rules.get(&key).map_or(0, |t| t.version);
        if current + 1 != set.version {
            return Err(StoreError::Stale);
        }
        s.rules.insert(key, set.clone());
        Ok(())
    }

    async fn automation_orgs(&self) -> StoreResult<Vec<OrgId>> {
        let s = lock(self);
        let mut orgs: Vec<OrgId> = s
            .rules
            .iter()
            .filter(|((_, kind), set)| {
                *kind == helpdesk_domain::rules::Kind::Automation && set.rules.iter().any(|r| r.enabled)
            })
            .map(|((org, _), _)| org.clone())
            .collect();
        orgs.sort();
        Ok(orgs)
    }

    async fn tickets_in_status(
        &self,
        org: &OrgId,
        status: helpdesk_domain::Status,
        updated_before: Option<OffsetDateTime>,
    ) -> StoreResult<Vec<Ticket>> {
        Ok(lock(self)
            .tickets
            .iter()
            .filter(|((o, _), t)| o == org && t.status == status && updated_before.is_none_or(|b| t.updated_at < b))
            .map(|(_, t)| t.clone())
            .collect())
    }

    async fn routing(&self, org: &OrgId) -> StoreResult<(helpdesk_domain::routing::Routing, u64)> {
        Ok(lock(self).routing.get(org).cloned().unwrap_or_default())
    }

    async fn put_routing(
        &self,
        org: &OrgId,
        routing: &helpdesk_domain::routing::Routing,
        version: u64,
    ) -> StoreResult<()> {
        let mut s = lock(self);
        let current = s.routing.get(org).map_or(0, |r| r.1);
        if current + 1 != version {
            return Err(StoreError::Stale);
        }
        s.routing.insert(org.clone(), (routing.clone(), version));
        Ok(())
    }

    async fn routing_turn(&self, org: &OrgId, team: Option<&TeamId>) -> StoreResult<Turn> {
        Ok(lock(self)
            .turns
            .get(&(org.clone(), team.cloned()))
            .cloned()
            .unwrap_or_default())
    }

    async fn agent_load(&self, org: &OrgId, agent: &UserId) -> StoreResult<u32> {
        let s = lock(self);
        let n = s
            .tickets
            .iter()
            .filter(|((o, _), t)| {
                o == org
                    && t.assignee_id.as_ref() == Some(agent)
                    && helpdesk_domain::routing::LOAD_STATUSES.contains(&t.status)
            })
            .count();
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    async fn waiting(&self, org: &OrgId, limit: usize) -> StoreResult<Vec<Ticket>> {
        let s = lock(self);
        let mut waiting: Vec<Ticket> = s
            .tickets
            .iter()
            .filter(|((o, _), t)| {
                o == org && t.assignee_id.is_none() && helpdesk_domain::routing::LOAD_STATUSES.contains(&t.status)
            })
            .map(|(_, t)| t.clone())
            .collect();
        waiting.sort_by_key(|t| (t.created_at, t.id));
        waiting.truncate(limit);
        Ok(waiting)
    }
}

/// A versioned put into one of the library's maps.
fn put_at<K: Ord, V: Clone>(
    map: &mut BTreeMap<K, V>,
    key: K,
    value: &V,
    expect: Expect,
    version: impl Fn(&V) -> u64,
) -> StoreResult<()> {
    match (map.get(&key), expect) {
        (None, Expect::New) => {}
        (Some(_), Expect::New) => return Err(StoreError::Conflict("it already exists")),
        (Some(v), Expect::Version(seen)) if version(v) == seen => {}
        _ => return Err(StoreError::Stale),
    }
    map.insert(key, value.clone());
    Ok(())
}

fn delete_at<K: Ord, V>(
    map: &mut BTreeMap<K, V>,
    key: &K,
    seen: u64,
    version: impl Fn(&V) -> u64,
    what: &'static str,
) -> StoreResult<()> {
    match map.get(key) {
        None => Err(StoreError::NotFound(what)),
        Some(v) if version(v) != seen => Err(StoreError::Stale),
        Some(_) => {
            map.remove(key);
            Ok(())
        }
    }
}

impl LibraryStore for Memory {
    async fn canned(&self, org: &OrgId) -> StoreResult<Vec<helpdesk_domain::canned::CannedResponse>> {
        Ok(lock(self)
            .canned
            .iter()
            .filter(|((o, _), _)| o == org)
            .map(|(_, c)| c.clone())
            .collect())
    }
    async fn get_canned(
        &self,
        org: &OrgId,
        id: helpdesk_domain::CannedId,
    ) -> StoreResult<Option<helpdesk_domain::canned::CannedResponse>> {
        Ok(lock(self).canned.get(&(org.clone(), id)).cloned())
    }
    async fn put_canned(
        &self,
        org: &OrgId,
        c: &helpdesk_domain::canned::CannedResponse,
        expect: Expect,
    ) -> StoreResult<()> {
        put_at(&mut lock(self).canned, (org.clone(), c.id), c, expect, |v| v.version)
    }
    async fn delete_canned(&self, org: &OrgId, id: helpdesk_domain::CannedId, version: u64) -> StoreResult<()> {
        delete_at(
            &mut lock(self).canned,
            &(org.clone(), id),
            version,
            |v| v.version,
            "canned response",
        )
    }
    async fn count_canned_use(&self, org: &OrgId, id: helpdesk_domain::CannedId) -> StoreResult<()> {
        let mut s = lock(self);
        let c = s
            .canned
            .get_mut(&(org.clone(), id))
            .ok_or(StoreError::NotFound("canned response"))?;
        c.usage_count += 1;
        Ok(())
    }
    async fn macros(&self, org: &OrgId) -> StoreResult<Vec<helpdesk_domain::macros::Macro>> {
        Ok(lock(self)
            .macros
            .iter()
            .filter(|((o, _), _)| o == org)
            .map(|(_, m)| m.clone())
            .collect())
    }
    async fn get_macro(
        &self,
        org: &OrgId,
        id: helpdesk_domain::MacroId,
    ) -> StoreResult<Option<helpdesk_domain::macros::Macro>> {
        Ok(lock(self).macros.get(&(org.clone(), id)).cloned())
    }
    async fn put_macro(&self, org: &OrgId, m: &helpdesk_domain::macros::Macro, expect: Expect) -> StoreResult<()> {
        put_at(&mut lock(self).macros, (org.clone(), m.id), m, expect, |v| v.version)
    }
    async fn delete_macro(&self, org: &OrgId, id: helpdesk_domain::MacroId, version: u64) -> StoreResult<()> {
        delete_at(
            &mut lock(self).macros,
            &(org.clone(), id),
            version,
            |v| v.version,
            "macro",
        )
    }
    async fn count_macro_use(&self, org: &OrgId, id: helpdesk_domain::MacroId) -> StoreResult<()> {
        let mut s = lock(self);
        let m = s
            .macros
            .get_mut(&(org.clone(), id))
            .ok_or(StoreError::NotFound("macro"))?;
        m.usage_count += 1;
        Ok(())
    }
}

impl CsatStore for Memory {
    async fn csat_settings(&self, org: &OrgId) -> StoreResult<(helpdesk_domain::csat::CsatSettings, u64)> {
        Ok(lock(self).csat_settings.get(org).copied().unwrap_or_default())
    }
    async fn put_csat_settings(
        &self,
        org: &OrgId,
        settings: &helpdesk_domain::csat::CsatSettings,
        version: u64,
    ) -> StoreResult<()> {
        let mut s = lock(self);
        if s.csat_settings.get(org).map_or(0, |v| v.1) + 1 != version {
            return Err(StoreError::Stale);
        }
        s.csat_settings.insert(org.clone(), (*settings, version));
        Ok(())
    }
    async fn csat_record(
        &self,
        org: &OrgId,
        ticket: TicketId,
        cycle: i64,
    ) -> StoreResult<Option<helpdesk_domain::csat::CsatRecord>> {
        Ok(lock(self).csat.get(&(org.clone(), cycle, ticket)).cloned())
    }
    async fn save_csat(
        &self,
        org: &OrgId,
        record: &helpdesk_domain::csat::CsatRecord,
        previous: Option<helpdesk_domain::csat::Rating>,
        event: &Event,
    ) -> StoreResult<()> {
        let mut s = lock(self);
        let key = (org.clone(), record.cycle, record.ticket_id);
        let seen = s.csat.get(&key).map_or(0, |r| r.version);
        if seen + 1 != record.version {
            return Err(StoreError::Stale);
        }
        s.csat.insert(key, record.clone());
        let at = |r: helpdesk_domain::csat::Rating| {
            helpdesk_domain::csat::Rating::ALL
                .iter()
                .position(|x| *x == r)
                .unwrap_or(0)
        };
        if previous != Some(record.rating) {
            let counts = s
                .customer_csat
                .entry((org.clone(), record.customer_id.clone()))
                .or_default();
            counts[at(record.rating)] += 1;
            if let Some(p) = previous {
                counts[at(p)] -= 1;
            }
        }
        s.events.push(event.clone());
        Ok(())
    }
    async fn csat_records(
        &self,
        org: &OrgId,
        from: i64,
        to: i64,
    ) -> StoreResult<Vec<helpdesk_domain::csat::CsatRecord>> {
        Ok(lock(self)
            .csat
            .iter()
            .filter(|((o, c, _), _)| o == org && (from..=to).contains(c))
            .map(|(_, r)| r.clone())
            .collect())
    }
    async fn customer_csat(&self, org: &OrgId, customer: &UserId) -> StoreResult<helpdesk_domain::csat::CsatCounts> {
        let c = lock(self)
            .customer_csat
            .get(&(org.clone(), customer.clone()))
            .copied()
            .unwrap_or_default();
        let n = |v: i64| u64::try_from(v).unwrap_or(0);
        Ok(helpdesk_domain::csat::CsatCounts::new(n(c[0]), n(c[1]), n(c[2])))
    }
}

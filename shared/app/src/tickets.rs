//! Tickets: open, read, list, change, reply, merge, audit.
//!
//! Every change takes the same path: find the ticket as the caller may see it, honour
//! `If-Match`, let [`helpdesk_domain::lifecycle::decide`] decide, save with optimistic
//! locking, and on a lost race decide again on the fresh ticket ([`crate::retry`]).

use helpdesk_blobs::Files;
use helpdesk_domain::access::require_manager;
use helpdesk_domain::attachment::Attachment;
use helpdesk_domain::audit::AuditEntry;
use helpdesk_domain::events::Event;
use helpdesk_domain::lifecycle::{
    Assignment, Command, Decision, NewInteraction, Outcome, PatchInput, TicketPatch, decide, may_merge,
    merge as merge_rule,
};
use helpdesk_domain::ticket::{NewTicketInput, OpenedTicket};
use helpdesk_domain::views::{ListParams, TicketQuery};
use helpdesk_domain::{
    Caller, CustomerRef, Interaction, NewTicket, Status, TeamId, Ticket, TicketId, TicketNumber, UserId,
};
use helpdesk_store::{Also, AttachmentStore, MustExist, Page, StoreError, TicketReads, TicketWithThread, TicketWrites};
use time::OffsetDateTime;

use crate::attachments;
use crate::retry::Retry;
use crate::{AppError, AppResult};

/// A ticket as a path names it: its id, or its number (`TKT-000123`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketRef {
    Id(TicketId),
    Number(TicketNumber),
}

impl TicketRef {
    pub fn parse(raw: &str) -> AppResult<Self> {
        if let Ok(id) = TicketId::parse(raw) {
            return Ok(Self::Id(id));
        }
        TicketNumber::parse(raw)
            .map(Self::Number)
            .map_err(|_| AppError::BadRequest("the ticket id is neither an id nor a number like TKT-000123".into()))
    }
}

/// The id a reference names in the caller's org.
pub async fn resolve(store: &impl TicketReads, caller: &Caller, r: TicketRef) -> AppResult<TicketId> {
    match r {
        TicketRef::Id(id) => Ok(id),
        TicketRef::Number(n) => store
            .ticket_id_by_number(&caller.org_id, n)
            .await?
            .ok_or(AppError::NotFound("ticket")),
    }
}

/// A ticket the caller may see, else 404 (also for other orgs and other customers).
pub async fn visible(store: &impl TicketReads, caller: &Caller, id: TicketId) -> AppResult<Ticket> {
    store
        .get_ticket(&caller.org_id, id)
        .await?
        .filter(|t| t.visible_to(caller))
        .ok_or(AppError::NotFound("ticket"))
}

/// Opens a ticket for `new`: its number, then one transaction. A customer named by an
/// email that belongs to a customer with another id (created by hand, or whose email
/// changed) gets the ticket under that id: two more requests, only then. `also` rides
/// along in the ticket's transaction (an inbound message's record), and so do checked
/// `files`, which go on the first message.
pub(crate) async fn open_with<S: TicketWrites + TicketReads + helpdesk_store::PeopleReads>(
    store: &S,
    caller: &Caller,
    new: NewTicket,
    id: TicketId,
    customer_name: Option<&str>,
    also: &[Also],
    files: &[Attachment],
) -> Result<OpenedTicket, StoreError> {
    let customer = new.customer().clone();
    let new = new.with_files(files.iter().map(Attachment::file_ref).collect());
    let number = store.next_ticket_number(&caller.org_id).await?;
    let opened = new.open(caller, id, number, OffsetDateTime::now_utc());
    let created = Event::ticket_created(&opened.ticket);
    let also = [also, &attachments::attach(files, &opened.first_message)].concat();
    let also = also.as_slice();
    match store
        .create_ticket(&opened, &customer, customer_name, &created, also)
        .await
    {
        Ok(()) => Ok(opened),
        Err(StoreError::EmailTaken) => {
            let CustomerRef::Email(email) = &customer else {
                return Err(StoreError::EmailTaken);
            };
            let owner = store
                .customer_id_by_email(&caller.org_id, email)
                .await?
                .ok_or(StoreError::EmailTaken)?;
            let opened = opened.for_customer(owner.clone());
            store
                .create_ticket(
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
    }
}

/// `POST /tickets`: customers file for themselves; staff name the customer.
/// `attachment_ids` are the caller's uploads for a new ticket (see [`attachments`]).
pub async fn open<S: TicketWrites + TicketReads + helpdesk_store::PeopleReads + AttachmentStore, F: Files>(
    store: &S,
    files: &F,
    caller: &Caller,
    input: NewTicketInput,
    attachment_ids: &[String],
) -> AppResult<OpenedTicket> {
    let new = NewTicket::parse(input, caller)?;
    let checked = attachments::for_message(store, files, caller, None, attachment_ids).await?;
    let opened = open_with(store, caller, new, TicketId::new(), None, &[], &checked).await?;
    tracing::info!(org_id = %caller.org_id, ticket_id = %opened.ticket.id, number = %opened.ticket.number, "ticket created");
    Ok(opened)
}

/// A ticket with its thread (customers: without internal notes, see `TicketView`).
pub async fn get(store: &impl TicketReads, caller: &Caller, r: TicketRef) -> AppResult<TicketWithThread> {
    let id = resolve(store, caller, r).await?;
    store
        .ticket_with_thread(&caller.org_id, id)
        .await?
        .filter(|f| f.ticket.visible_to(caller))
        .ok_or(AppError::NotFound("ticket"))
}

/// A page of a view; customers get their own tickets whatever they ask.
pub async fn list(
    store: &impl TicketReads,
    caller: &Caller,
    params: ListParams,
    cursor: Option<&str>,
) -> AppResult<Page<Ticket>> {
    let query = TicketQuery::for_caller(params, caller)?;
    Ok(store.list_tickets(&caller.org_id, &query, cursor).await?)
}

/// The caller's assigned tickets that still need work.
pub async fn mine(
    store: &impl TicketReads,
    caller: &Caller,
    status: Option<String>,
    limit: Option<String>,
    cursor: Option<&str>,
) -> AppResult<Page<Ticket>> {
    helpdesk_domain::access::require_staff(caller, "only agents have assigned tickets")?;
    let params = ListParams {
        view: Some("mine".into()),
        status,
        limit,
        ..Default::default()
    };
    list(store, caller, params, cursor).await
}

/// What a change did.
#[derive(Debug)]
pub enum Changed {
    Changed(Box<Outcome>),
    /// Nothing to change: the ticket as it is.
    Unchanged(Box<Ticket>),
}

impl Changed {
    /// The ticket after the change.
    pub fn ticket(&self) -> &Ticket {
        match self {
            Self::Changed(o) => &o.ticket,
            Self::Unchanged(t) => t,
        }
    }
}

/// Decides `command` for the ticket and saves it, deciding again on lost races unless
/// the caller named the version it changes (`If-Match`).
async fn change<S: TicketReads + TicketWrites>(
    store: &S,
    caller: &Caller,
    r: TicketRef,
    if_match: Option<u64>,
    command: Command,
    must_exist: &[MustExist],
) -> AppResult<Changed> {
    let id = resolve(store, caller, r).await?;
    change_with(store, caller, id, if_match, |_| Ok(command.clone()), must_exist, false).await
}

/// [`change`] with the command made from the ticket as read on each attempt (a macro's
/// effects depend on it); `preview` decides without writing.
pub(crate) async fn change_with<S: TicketReads + TicketWrites>(
    store: &S,
    caller: &Caller,
    id: TicketId,
    if_match: Option<u64>,
    command: impl Fn(&Ticket) -> AppResult<Command>,
    must_exist: &[MustExist],
    preview: bool,
) -> AppResult<Changed> {
    let mut retry = Retry::new("ticket");
    loop {
        retry.next().await?;
        let ticket = visible(store, caller, id).await?;
        if if_match.is_some_and(|v| v != ticket.version) {
            return Err(AppError::Stale("ticket"));
        }
        let outcome = match decide(&ticket, command(&ticket)?, caller, OffsetDateTime::now_utc())? {
            Decision::Changed(outcome) => outcome,
            Decision::Unchanged => return Ok(Changed::Unchanged(Box::new(ticket))),
            // Only a customer's reply to a closed ticket follows up; see `reply`.
            Decision::FollowUp(_) => {
                return Err(AppError::Rule(helpdesk_domain::DomainError::Conflict(
                    "the ticket is closed",
                )));
            }
        };
        if preview {
            return Ok(Changed::Changed(outcome));
        }
        match store.save_change(ticket.version, &outcome, must_exist, &[]).await {
            Ok(()) => {
                tracing::info!(ticket_id = %id, version = outcome.ticket.version, action = outcome.audit.action, "ticket changed");
                return Ok(Changed::Changed(outcome));
            }
            Err(e) if retry.lost(&e, if_match) => continue,
            Err(e) => return Err(e.into()),
        }
    }
}

/// `PATCH /tickets/{id}`: subject, priority, category, tags, custom fields.
pub async fn edit<S: TicketReads + TicketWrites>(
    store: &S,
    caller: &Caller,
    r: TicketRef,
    if_match: Option<u64>,
    patch: PatchInput,
) -> AppResult<Changed> {
    let patch = TicketPatch::parse(patch)?;
    change(store, caller, r, if_match, Command::Edit(patch), &[]).await
}

/// `PUT /tickets/{id}/status`; resolving with `survey` false asks the customer for no
/// rating.
pub async fn set_status<S: TicketReads + TicketWrites>(
    store: &S,
    caller: &Caller,
    r: TicketRef,
    if_match: Option<u64>,
    status: Status,
    survey: bool,
) -> AppResult<Changed> {
    let command = if status == Status::Resolved && !survey {
        Command::ResolveWithoutSurvey
    } else {
        Command::SetStatus(status)
    };
    change(store, caller, r, if_match, command, &[]).await
}

/// `PUT /tickets/{id}/assign`: `Some(None)` clears, `None` keeps. The named agent and
/// team must exist in the org (checked in the write's transaction).
pub async fn assign<S: TicketReads + TicketWrites>(
    store: &S,
    caller: &Caller,
    r: TicketRef,
    if_match: Option<u64>,
    assignee: Option<Option<String>>,
    team: Option<Option<String>>,
) -> AppResult<Changed> {
    if assignee.is_none() && team.is_none() {
        return Err(AppError::Rule(helpdesk_domain::DomainError::unprocessable(
            "body",
            "give assignee_id and/or team_id",
        )));
    }
    let assignment = parse_assignment(assignee, team)?;
    let must_exist = named_by(&assignment);
    change(store, caller, r, if_match, Command::Assign(assignment), &must_exist).await
}

/// An assignment as sent (`Some(None)` clears): an id that does not parse is no agent or
/// team of the org (404).
pub fn parse_assignment(assignee: Option<Option<String>>, team: Option<Option<String>>) -> AppResult<Assignment> {
    Ok(Assignment {
        assignee: assignee
            .map(|a| {
                a.map(|a| UserId::parse(&a).map_err(|_| AppError::NotFound("agent")))
                    .transpose()
            })
            .transpose()?,
        team: team
            .map(|t| {
                t.map(|t| TeamId::parse(&t).map_err(|_| AppError::NotFound("team")))
                    .transpose()
            })
            .transpose()?,
    })
}

/// The agent and team an assignment names: they must still exist when it is written.
fn named_by(a: &Assignment) -> Vec<MustExist> {
    let agent = a.assignee.clone().flatten().map(MustExist::Agent);
    agent
        .into_iter()
        .chain(a.team.clone().flatten().map(MustExist::Team))
        .collect()
}

/// What a reply did.
#[derive(Debug)]
pub enum Replied {
    /// The message, and the ticket after it.
    Added {
        interaction: Interaction,
        ticket: Box<Ticket>,
    },
    /// A customer's reply to a closed ticket opened this follow-up instead.
    FollowUp(Box<OpenedTicket>),
}

/// A reply or note as its author sent it.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReplyInput<'a> {
    pub body: &'a str,
    pub internal: bool,
    /// Send even though the ticket moved on since `seen`.
    pub confirm: bool,
    /// The author's uploads for this ticket.
    pub attachment_ids: &'a [String],
}

impl<'a> ReplyInput<'a> {
    /// A message without files.
    pub fn text(body: &'a str, internal: bool) -> Self {
        Self {
            body,
            internal,
            ..Self::default()
        }
    }
}

/// `POST /tickets/{id}/interactions`: a public reply or an internal note.
///
/// Collision guard: when a staff author gives `seen` (the version they were looking at)
/// and the ticket moved on since, the reply is refused ([`AppError::Collision`]) unless
/// `confirm`. A reply itself never fails on a version: it is decided again on lost races.
pub async fn reply<S: TicketReads + TicketWrites + helpdesk_store::PeopleReads + AttachmentStore, F: Files>(
    store: &S,
    files: &F,
    caller: &Caller,
    r: TicketRef,
    seen: Option<u64>,
    input: ReplyInput<'_>,
) -> AppResult<Replied> {
    let ReplyInput {
        body,
        internal,
        confirm,
        attachment_ids,
    } = input;
    let id = resolve(store, caller, r).await?;
    let checked = attachments::for_message(store, files, caller, Some(id), attachment_ids).await?;
    let message = NewInteraction::parse(body, internal)?.with_files(checked.iter().map(Attachment::file_ref).collect());
    let mut retry = Retry::new("ticket");
    loop {
        retry.next().await?;
        let ticket = visible(store, caller, id).await?;
        // Staff only: the guard keeps two agents from answering at once. A customer's
        // reply never waits on changes they cannot see (an assignment, a note, the rules).
        if let Some(seen) = seen.filter(|_| !confirm && caller.is_staff())
            && seen != ticket.version
        {
            return Err(AppError::Collision {
                current_version: ticket.version,
            });
        }
        match decide(
            &ticket,
            Command::AddInteraction(message.clone()),
            caller,
            OffsetDateTime::now_utc(),
        )? {
            Decision::Changed(outcome) => {
                let interaction = outcome
                    .interaction
                    .clone()
                    .ok_or(AppError::Conflict("nothing was added"))?;
                let also = attachments::attach(&checked, &interaction);
                match store.save_change(ticket.version, &outcome, &[], &also).await {
                    Ok(()) => {
                        return Ok(Replied::Added {
                            interaction,
                            ticket: Box::new(outcome.ticket),
                        });
                    }
                    Err(e) if retry.lost(&e, None) => continue,
                    Err(e) => return Err(e.into()),
                }
            }
            Decision::FollowUp(new) => {
                let opened = open_with(store, caller, *new, TicketId::new(), None, &[], &checked).await?;
                tracing::info!(closed = %ticket.id, follow_up = %opened.ticket.id, "follow-up ticket opened");
                return Ok(Replied::FollowUp(Box::new(opened)));
            }
            Decision::Unchanged => return Err(AppError::Conflict("nothing was added")),
        }
    }
}

/// `POST /tickets/{id}/merge`: the ticket is closed into `target` (an id or number) of
/// the same org; both are written at the versions read, or neither.
pub async fn merge<S: TicketReads + TicketWrites>(
    store: &S,
    caller: &Caller,
    r: TicketRef,
    target: &str,
    if_match: Option<u64>,
) -> AppResult<Ticket> {
    may_merge(caller)?;
    let source_id = resolve(store, caller, r).await?;
    let target_ref = TicketRef::parse(target).map_err(|_| AppError::NotFound("target ticket"))?;
    let target_id = resolve(store, caller, target_ref)
        .await
        .map_err(|_| AppError::NotFound("target ticket"))?;
    let mut retry = Retry::new("ticket");
    loop {
        retry.next().await?;
        let source = visible(store, caller, source_id).await?;
        if if_match.is_some_and(|v| v != source.version) {
            return Err(AppError::Stale("ticket"));
        }
        let target = visible(store, caller, target_id)
            .await
            .map_err(|_| AppError::NotFound("target ticket"))?;
        let (closed, noted) = merge_rule(&source, &target, caller, OffsetDateTime::now_utc())?;
        match store
            .save_merge((source.version, &closed), (target.version, &noted))
            .await
        {
            Ok(()) => {
                tracing::info!(source = %source.id, target = %target.id, "tickets merged");
                return Ok(closed.ticket);
            }
            Err(e) if retry.lost(&e, if_match) => continue,
            Err(e) => return Err(e.into()),
        }
    }
}

/// What a bulk request does to each of its tickets.
#[derive(Debug, Clone)]
pub enum BulkAction {
    /// The same changes to each, each as one change of its own.
    Change(helpdesk_domain::bulk::BulkChanges),
    /// Merge each into this ticket (an id or a number).
    MergeInto(String),
}

/// `POST /tickets/bulk`: `action` for each of `ids` (at most
/// [`helpdesk_domain::bulk::BULK_MAX`], no repeats), through the same decisions, version
/// checks (`versions`: the `If-Match` of each, by id as sent), retries and events as one
/// ticket's. The outcome of each, in the order of `ids`; staff only.
pub async fn bulk<S: TicketReads + TicketWrites>(
    store: &S,
    caller: &Caller,
    ids: &[String],
    versions: &std::collections::BTreeMap<String, u64>,
    action: BulkAction,
) -> AppResult<Vec<(String, AppResult<Ticket>)>> {
    use futures::StreamExt;
    use helpdesk_domain::bulk::BULK_MAX;
    helpdesk_domain::access::require_staff(caller, "only staff change tickets in bulk")?;
    // What the schema says (count, repeats, the form of each id) is a 400.
    let mut errors = Vec::new();
    if ids.is_empty() || ids.len() > BULK_MAX {
        errors.push(helpdesk_domain::FieldError::new(
            "ids",
            format!("1 to {BULK_MAX} tickets"),
        ));
    }
    for (i, id) in ids.iter().enumerate() {
        if TicketRef::parse(id).is_err() {
            errors.push(helpdesk_domain::FieldError::new(
                format!("ids[{i}]"),
                "a ticket id or number",
            ));
        } else if ids[..i].contains(id) {
            errors.push(helpdesk_domain::FieldError::new(format!("ids[{i}]"), "named twice"));
        }
    }
    if !errors.is_empty() {
        return Err(helpdesk_domain::DomainError::Validation(errors).into());
    }
    if let Some(unknown) = versions.keys().find(|k| !ids.contains(k)) {
        return Err(
            helpdesk_domain::DomainError::unprocessable(&format!("versions.{unknown}"), "not one of ids").into(),
        );
    }
    if matches!(action, BulkAction::MergeInto(_)) {
        may_merge(caller)?;
    }
    let must_exist = match &action {
        BulkAction::Change(c) => named_by(&Assignment {
            assignee: c.assignee.clone(),
            team: c.team.clone(),
        }),
        BulkAction::MergeInto(_) => Vec::new(),
    };
    let one = |raw: String| {
        let (action, must_exist) = (&action, &must_exist);
        async move {
            let if_match = versions.get(&raw).copied();
            let outcome = async {
                let r = TicketRef::parse(&raw).map_err(|_| AppError::NotFound("ticket"))?;
                match action {
                    BulkAction::MergeInto(target) => merge(store, caller, r, target, if_match).await,
                    BulkAction::Change(c) => {
                        let id = resolve(store, caller, r).await?;
                        let command = Command::Bulk(Box::new(c.clone()));
                        let changed =
                            change_with(store, caller, id, if_match, |_| Ok(command.clone()), must_exist, false)
                                .await?;
                        Ok(changed.ticket().clone())
                    }
                }
            }
            .await;
            (raw, outcome)
        }
    };
    // A few at a time: each is its own read and transaction, and order is kept.
    Ok(futures::stream::iter(ids.iter().cloned())
        .map(one)
        .buffered(8)
        .collect()
        .await)
}

/// `GET /tickets/{id}/audit`: who changed what, oldest first.
pub async fn audit(store: &impl TicketReads, caller: &Caller, r: TicketRef) -> AppResult<Vec<AuditEntry>> {
    require_manager(caller, "only managers and admins read the audit trail")?;
    let id = resolve(store, caller, r).await?;
    visible(store, caller, id).await?;
    Ok(store.ticket_audit(&caller.org_id, id).await?)
}

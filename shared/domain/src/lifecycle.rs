//! What may happen to a ticket after it is opened, and what each change produces.
//!
//! [`decide`] takes a ticket, a [`Command`] and the caller and returns the ticket as it
//! becomes, the message it adds, the events it emits and its audit entry, or the rule it
//! breaks. It is the one place for the status rules:
//! - `new` is never re-entered; `closed` is final (a customer reply to a closed ticket
//!   opens a linked follow-up instead);
//! - a customer reply moves `pending` and `resolved` back to `open`;
//! - the first public agent reply sets `first_response_at` and opens a `new` ticket;
//! - `resolved_at` / `closed_at` are set when the ticket gets there, and a reopened
//!   ticket loses `resolved_at`;
//! - customers add public replies only; agents assign tickets to themselves only,
//!   managers and admins assign anyone; only staff edit, change status or merge.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use time::OffsetDateTime;

use crate::access::require_staff;
use crate::audit::{AuditEntry, FieldChange};
use crate::events::{Event, EventPayload, InteractionSummary};
use crate::ticket::{BODY_MAX, CATEGORY_MAX, NewTicket, SUBJECT_MAX, parse_tags, single_line};
use crate::{
    Author, AuthorKind, Caller, Channel, DomainError, FieldError, Interaction, InteractionId, Priority, Role, Status,
    TeamId, Ticket, UserId,
};

pub use crate::input::{CUSTOM_FIELDS_MAX, CUSTOM_KEY_MAX, CUSTOM_VALUE_MAX};

/// A validated edit of a ticket's fields (PATCH). Absent fields stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TicketPatch {
    subject: Option<String>,
    priority: Option<Priority>,
    category: Option<Option<String>>,
    tags: Option<Vec<String>>,
    custom_fields: Option<BTreeMap<String, String>>,
}

/// The raw fields of an edit as a client sent them. `category: null` clears it.
#[derive(Debug, Clone, Default)]
pub struct PatchInput {
    pub subject: Option<String>,
    pub priority: Option<Priority>,
    pub category: Option<Option<String>>,
    pub tags: Option<Vec<String>>,
    pub custom_fields: Option<BTreeMap<String, String>>,
}

impl TicketPatch {
    pub fn parse(input: PatchInput) -> Result<Self, DomainError> {
        let mut errors = Vec::new();
        if input
            .subject
            .as_ref()
            .is_some_and(|s| !crate::input::text(s, SUBJECT_MAX))
        {
            errors.push(FieldError::new(
                "subject",
                format!("1 to {SUBJECT_MAX} characters, not all blank"),
            ));
        }
        let subject = input.subject.map(|s| single_line(&s));
        if let Some(Some(c)) = &input.category
            && !crate::input::at_most(c, CATEGORY_MAX)
        {
            errors.push(FieldError::new(
                "category",
                format!("at most {CATEGORY_MAX} characters"),
            ));
        }
        let category = input
            .category
            .map(|c| c.map(|c| single_line(&c)).filter(|c| !c.is_empty()));
        let tags = input.tags.map(|t| parse_tags(&t, &mut errors));
        if let Some(fields) = &input.custom_fields {
            if fields.len() > CUSTOM_FIELDS_MAX {
                errors.push(FieldError::new(
                    "custom_fields",
                    format!("at most {CUSTOM_FIELDS_MAX} fields"),
                ));
            }
            for (k, v) in fields {
                let key_ok = !k.is_empty()
                    && k.len() <= CUSTOM_KEY_MAX
                    && k.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
                if !key_ok {
                    errors.push(FieldError::new(
                        format!("custom_fields.{k}"),
                        "keys are 1 to 40 of a-z, 0-9, _",
                    ));
                } else if v.chars().count() > CUSTOM_VALUE_MAX {
                    errors.push(FieldError::new(
                        format!("custom_fields.{k}"),
                        format!("at most {CUSTOM_VALUE_MAX} characters"),
                    ));
                }
            }
        }
        let patch = Self {
            subject,
            priority: input.priority,
            category,
            tags,
            custom_fields: input.custom_fields,
        };
        if errors.is_empty() && patch == Self::default() {
            return Err(DomainError::unprocessable("body", "nothing to change"));
        }
        if errors.is_empty() {
            Ok(patch)
        } else {
            Err(DomainError::Validation(errors))
        }
    }
}

/// A new message for a ticket's thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewInteraction {
    body: String,
    internal: bool,
    email: Option<Box<crate::ticket::EmailMeta>>,
    mute_auto_replies: bool,
    files: Vec<crate::attachment::FileRef>,
}

impl NewInteraction {
    pub fn parse(body: &str, internal: bool) -> Result<Self, DomainError> {
        if !crate::input::text(body, BODY_MAX) {
            return Err(DomainError::field(
                "body",
                &format!("1 to {BODY_MAX} characters, not all blank"),
            ));
        }
        let body = body.trim_ascii();
        Ok(Self {
            body: body.to_owned(),
            internal,
            email: None,
            mute_auto_replies: false,
            files: Vec::new(),
        })
    }

    /// The same message with verified files (see `attachment::Attachment::may_attach`).
    pub fn with_files(mut self, files: Vec<crate::attachment::FileRef>) -> Self {
        self.files = files;
        self
    }

    /// The same message, received by email.
    /// `mute_auto_replies` carries over to a follow-up it opens.
    pub fn via_email(mut self, meta: crate::ticket::EmailMeta, mute_auto_replies: bool) -> Self {
        self.mute_auto_replies = mute_auto_replies;
        self.email = Some(Box::new(meta));
        self
    }
}

/// An assignment: `Some(None)` clears, `None` keeps.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Assignment {
    pub assignee: Option<Option<UserId>>,
    pub team: Option<Option<TeamId>>,
}

#[derive(Debug, Clone)]
pub enum Command {
    Edit(TicketPatch),
    SetStatus(Status),
    Assign(Assignment),
    AddInteraction(NewInteraction),
    /// What the rules ask (triggers, routing): every change as one write, by the system.
    Apply(Box<crate::rules::Effects>),
    /// A macro an agent applies: its message and changes as one write, by the agent.
    Macro(Box<crate::macros::MacroRun>),
    /// Resolve, and ask the customer for no rating this time.
    ResolveWithoutSurvey,
    /// One ticket's share of a bulk change: its edit, assignment and status as one
    /// write, each under the rules of its own command.
    Bulk(Box<crate::bulk::BulkChanges>),
}

/// A change to write: the ticket after it, what it adds, what it tells.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub ticket: Ticket,
    pub interaction: Option<Interaction>,
    pub events: Vec<Event>,
    pub audit: AuditEntry,
}

#[derive(Debug, Clone)]
pub enum Decision {
    Changed(Box<Outcome>),
    /// The command asks for what already is: nothing to write.
    Unchanged,
    /// A customer replied to a closed ticket: open this follow-up instead.
    FollowUp(Box<NewTicket>),
}

/// Decides what `command` by `caller` does to `ticket` at `now`. The caller must already
/// be allowed to see the ticket ([`Ticket::visible_to`]).
/// Builds an event payload from the ticket as it is after the change.
type MakePayload = Box<dyn Fn(Box<Ticket>) -> EventPayload>;

pub fn decide(
    ticket: &Ticket,
    command: Command,
    caller: &Caller,
    now: OffsetDateTime,
) -> Result<Decision, DomainError> {
    let mut next = ticket.clone();
    let mut reason = None;
    let (action, changes, mut events, interaction): (&str, Vec<FieldChange>, Vec<MakePayload>, Option<Interaction>) =
        match command {
            Command::Edit(patch) => {
                require_staff(caller, "only staff edit tickets")?;
                not_closed(ticket)?;
                let changes = edit(&mut next, patch);
                if changes.is_empty() {
                    return Ok(Decision::Unchanged);
                }
                let announced = changes.clone();
                let payload = move |t| EventPayload::TicketUpdated {
                    ticket: t,
                    changes: announced.clone(),
                };
                ("edit", changes, vec![Box::new(payload) as MakePayload], None)
            }
            Command::SetStatus(to) => {
                require_staff(caller, "only staff change a ticket's status")?;
                let from = ticket.status;
                if from == to {
                    return Ok(Decision::Unchanged);
                }
                transition(&mut next, to, now)?;
                let changes = vec![FieldChange::new("status", &from, &to)];
                (
                    "status",
                    changes,
                    vec![Box::new(move |t| EventPayload::TicketStatusChanged { ticket: t, from, to }) as MakePayload],
                    None,
                )
            }
            Command::ResolveWithoutSurvey => {
                require_staff(caller, "only staff change a ticket's status")?;
                let (from, to) = (ticket.status, Status::Resolved);
                if from == to {
                    return Ok(Decision::Unchanged);
                }
                transition(&mut next, to, now)?;
                next.survey_skipped = true;
                let changes = vec![FieldChange::new("status", &from, &to)];
                (
                    "status",
                    changes,
                    vec![Box::new(move |t| EventPayload::TicketStatusChanged { ticket: t, from, to }) as MakePayload],
                    None,
                )
            }
            Command::Assign(assignment) => {
                not_closed(ticket)?;
                let changes = assign(&mut next, assignment, caller)?;
                if changes.is_empty() {
                    return Ok(Decision::Unchanged);
                }
                let previous_assignee_id = ticket.assignee_id.clone();
                let previous_team_id = ticket.team_id.clone();
                let payload = move |t| EventPayload::TicketAssigned {
                    ticket: t,
                    previous_assignee_id: previous_assignee_id.clone(),
                    previous_team_id: previous_team_id.clone(),
                };
                ("assign", changes, vec![Box::new(payload) as MakePayload], None)
            }
            Command::AddInteraction(new) => {
                if new.internal && !caller.is_staff() {
                    return Err(DomainError::Forbidden("customers cannot add internal notes"));
                }
                if ticket.status == Status::Closed {
                    if caller.is_staff() {
                        return Err(DomainError::Conflict("the ticket is closed; closed tickets are final"));
                    }
                    let follow_up = NewTicket::follow_up(ticket, &new.body, caller)?.with_files(new.files);
                    let follow_up = match new.email {
                        Some(meta) => follow_up.via_email(*meta, new.mute_auto_replies),
                        None => follow_up,
                    };
                    return Ok(Decision::FollowUp(Box::new(follow_up)));
                }
                let (changes, payloads, message) = add_message(ticket, &mut next, new, caller, now);
                (
                    if message.internal { "note" } else { "reply" },
                    changes,
                    payloads,
                    Some(message),
                )
            }
            Command::Apply(fx) => {
                not_closed(ticket)?;
                reason = Some(fx.reason.join("; ")).filter(|r| !r.is_empty());
                let (changes, payloads, note) = apply_effects(ticket, &mut next, *fx, caller, now);
                if changes.is_empty() && note.is_none() {
                    return Ok(Decision::Unchanged);
                }
                ("rules", changes, payloads, note)
            }
            Command::Macro(run) => {
                require_staff(caller, "only staff apply macros")?;
                not_closed(ticket)?;
                reason = Some(format!("macro {}", run.name));
                let (mut changes, mut payloads, mut message) = (Vec::new(), Vec::new(), None);
                if let Some((body, internal)) = run.message {
                    let (c, p, m) =
                        add_message(ticket, &mut next, NewInteraction::parse(&body, internal)?, caller, now);
                    (changes, payloads, message) = (c, p, Some(m));
                }
                let (c, p, _) = apply_effects(ticket, &mut next, run.fx, caller, now);
                changes.extend(c);
                payloads.extend(p);
                if changes.is_empty() && message.is_none() {
                    return Ok(Decision::Unchanged);
                }
                ("macro", changes, payloads, message)
            }
            Command::Bulk(b) => {
                require_staff(caller, "only staff change tickets in bulk")?;
                not_closed(ticket)?;
                let fields = edit(
                    &mut next,
                    TicketPatch {
                        priority: b.priority,
                        tags: b.tags_for(ticket),
                        ..TicketPatch::default()
                    },
                );
                let mut changes = fields.clone();
                let mut payloads: Vec<MakePayload> = Vec::new();
                if !fields.is_empty() {
                    payloads.push(Box::new(move |t| EventPayload::TicketUpdated {
                        ticket: t,
                        changes: fields.clone(),
                    }));
                }
                if b.assignee.is_some() || b.team.is_some() {
                    let assignment = Assignment {
                        assignee: b.assignee.clone(),
                        team: b.team.clone(),
                    };
                    let assigned = assign(&mut next, assignment, caller)?;
                    if !assigned.is_empty() {
                        changes.extend(assigned);
                        let previous_assignee_id = ticket.assignee_id.clone();
                        let previous_team_id = ticket.team_id.clone();
                        payloads.push(Box::new(move |t| EventPayload::TicketAssigned {
                            ticket: t,
                            previous_assignee_id: previous_assignee_id.clone(),
                            previous_team_id: previous_team_id.clone(),
                        }));
                    }
                }
                if let Some(to) = b.status.filter(|to| *to != ticket.status) {
                    let from = ticket.status;
                    transition(&mut next, to, now)?;
                    changes.push(FieldChange::new("status", &from, &to));
                    payloads.push(Box::new(move |t| EventPayload::TicketStatusChanged {
                        ticket: t,
                        from,
                        to,
                    }));
                }
                if changes.is_empty() {
                    return Ok(Decision::Unchanged);
                }
                ("bulk", changes, payloads, None)
            }
        };
    next.version = ticket.version + 1;
    next.updated_at = now;
    let snapshot = Box::new(next.clone());
    let origin = if action == "rules" {
        crate::events::Origin::Rules
    } else {
        crate::events::Origin::Person
    };
    let events = events
        .drain(..)
        .map(|p| Event {
            origin,
            ..Event::new(next.org_id.clone(), next.id, now, p(snapshot.clone()))
        })
        .collect();
    let mut audit = AuditEntry::new(ticket.id, caller, action, changes, now);
    audit.reason = reason;
    Ok(Decision::Changed(Box::new(Outcome {
        ticket: next,
        interaction,
        events,
        audit,
    })))
}

/// Merges `source` into `target`: the source is closed and points at the target, the
/// target gets an internal note saying so. Both must be open tickets of the same org.
/// Whether the caller may merge tickets at all (asked before either ticket is read).
pub fn may_merge(caller: &Caller) -> Result<(), DomainError> {
    require_staff(caller, "only staff merge tickets")
}

pub fn merge(
    source: &Ticket,
    target: &Ticket,
    caller: &Caller,
    now: OffsetDateTime,
) -> Result<(Outcome, Outcome), DomainError> {
    may_merge(caller)?;
    if source.id == target.id || source.org_id != target.org_id {
        return Err(DomainError::unprocessable(
            "target_id",
            "merge into another ticket of the same org",
        ));
    }
    if source.status == Status::Closed {
        return Err(DomainError::Conflict("the ticket is closed and cannot be merged"));
    }
    if target.status == Status::Closed {
        return Err(DomainError::Conflict("the target ticket is closed"));
    }
    let mut closed = source.clone();
    transition(&mut closed, Status::Closed, now)?;
    closed.merged_into = Some(target.id);
    closed.version += 1;
    closed.updated_at = now;
    let source_changes = vec![
        FieldChange::new("status", &source.status, &Status::Closed),
        FieldChange::new("merged_into", &Value::Null, &json!(target.id)),
    ];
    let source_out = Outcome {
        events: vec![Event::new(
            closed.org_id.clone(),
            closed.id,
            now,
            EventPayload::TicketMerged {
                ticket: Box::new(closed.clone()),
                target_id: target.id,
                from: source.status,
            },
        )],
        audit: AuditEntry::new(source.id, caller, "merge", source_changes, now),
        interaction: None,
        ticket: closed,
    };
    let note = NewInteraction::parse(
        &format!("{} ({}) was merged into this ticket.", source.number, source.subject),
        true,
    )?;
    let Decision::Changed(target_out) = decide(target, Command::AddInteraction(note), caller, now)? else {
        return Err(DomainError::Conflict("the target ticket cannot take the merge note"));
    };
    let mut target_out = *target_out;
    if let Some(m) = target_out.interaction.as_mut() {
        m.author = Author {
            kind: AuthorKind::System,
            id: Some(caller.user_id.clone()),
        };
    }
    target_out.audit.action = "merged-in".into();
    Ok((source_out, target_out))
}

fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

fn not_closed(ticket: &Ticket) -> Result<(), DomainError> {
    if ticket.status == Status::Closed {
        Err(DomainError::Conflict("the ticket is closed; closed tickets are final"))
    } else {
        Ok(())
    }
}

/// The status rules, in one place.
fn transition(t: &mut Ticket, to: Status, now: OffsetDateTime) -> Result<(), DomainError> {
    if to == Status::New {
        return Err(DomainError::Conflict("a ticket never returns to new"));
    }
    not_closed(t)?;
    match to {
        Status::Resolved => t.resolved_at = Some(now),
        Status::Closed => t.closed_at = Some(now),
        _ => t.resolved_at = None,
    }
    set_status(t, to, now);
    Ok(())
}

/// Every status change goes through here: it keeps the pause spans SLA clocks skip.
fn set_status(t: &mut Ticket, to: Status, now: OffsetDateTime) {
    let pausing = |s: Status| matches!(s, Status::Pending | Status::OnHold);
    if pausing(t.status)
        && let Some(open) = t.sla_pauses.iter_mut().rev().find(|p| p.to.is_none())
    {
        open.to = Some(now);
    }
    if pausing(to) {
        if t.sla_pauses.len() >= crate::ticket::PAUSES_MAX {
            t.sla_pauses.remove(0);
        }
        t.sla_pauses.push(crate::ticket::Pause {
            status: to,
            from: now,
            to: None,
        });
    }
    t.status = to;
    t.survey_skipped = false;
}

fn edit(t: &mut Ticket, p: TicketPatch) -> Vec<FieldChange> {
    let mut changes = Vec::new();
    if let Some(s) = p.subject.filter(|s| *s != t.subject) {
        changes.push(FieldChange::new("subject", &t.subject, &s));
        t.subject = s;
    }
    if let Some(pr) = p.priority.filter(|pr| *pr != t.priority) {
        changes.push(FieldChange::new("priority", &t.priority, &pr));
        t.priority = pr;
    }
    if let Some(c) = p.category.filter(|c| *c != t.category) {
        changes.push(FieldChange::new("category", &t.category, &c));
        t.category = c;
    }
    if let Some(tags) = p.tags.filter(|tags| *tags != t.tags) {
        changes.push(FieldChange::new("tags", &t.tags, &tags));
        t.tags = tags;
    }
    if let Some(f) = p.custom_fields.filter(|f| *f != t.custom_fields) {
        changes.push(FieldChange::new("custom_fields", &t.custom_fields, &f));
        t.custom_fields = f;
    }
    changes
}

/// The rules' effects on `next`: field edits, a status change, an assignment and a
/// note, each with its event, in that order. A status the rules may not set here (the
/// ticket reached `closed` meanwhile) is left out.
fn apply_effects(
    ticket: &Ticket,
    next: &mut Ticket,
    fx: crate::rules::Effects,
    caller: &Caller,
    now: OffsetDateTime,
) -> (Vec<FieldChange>, Vec<MakePayload>, Option<Interaction>) {
    let mut payloads: Vec<MakePayload> = Vec::new();
    let fields = edit(
        next,
        TicketPatch {
            priority: fx.priority,
            category: fx.category,
            tags: fx.tags,
            ..TicketPatch::default()
        },
    );
    let mut changes = fields.clone();
    if !fields.is_empty() {
        payloads.push(Box::new(move |t| EventPayload::TicketUpdated {
            ticket: t,
            changes: fields.clone(),
        }));
    }
    // A macro's reply may have opened a new ticket already.
    let from = next.status;
    if let Some(to) = fx.status.filter(|to| *to != from)
        && transition(next, to, now).is_ok()
    {
        changes.push(FieldChange::new("status", &from, &to));
        payloads.push(Box::new(move |t| EventPayload::TicketStatusChanged {
            ticket: t,
            from,
            to,
        }));
    }
    let mut assigned = false;
    if let Some(to) = fx.assignee.filter(|to| *to != next.assignee_id) {
        changes.push(FieldChange::new("assignee_id", &next.assignee_id, &to));
        next.assignee_id = to;
        assigned = true;
    }
    if let Some(to) = fx.team.filter(|to| *to != next.team_id) {
        changes.push(FieldChange::new("team_id", &next.team_id, &to));
        next.team_id = to;
        assigned = true;
    }
    if assigned {
        let previous_assignee_id = ticket.assignee_id.clone();
        let previous_team_id = ticket.team_id.clone();
        payloads.push(Box::new(move |t| EventPayload::TicketAssigned {
            ticket: t,
            previous_assignee_id: previous_assignee_id.clone(),
            previous_team_id: previous_team_id.clone(),
        }));
    }
    let note = (!fx.notes.is_empty()).then(|| Interaction {
        id: InteractionId::new(),
        ticket_id: ticket.id,
        author: Author {
            kind: AuthorKind::System,
            id: Some(caller.user_id.clone()),
        },
        body: fx.notes.join("\n\n"),
        internal: true,
        channel: Channel::Web,
        created_at: now,
        email: None,
        attachments: Vec::new(),
    });
    if let Some(n) = &note {
        let summary = InteractionSummary::of(n);
        payloads.push(Box::new(move |t| EventPayload::InteractionAdded {
            ticket: t,
            interaction: summary.clone(),
        }));
    }
    (changes, payloads, note)
}

/// A reply or note by `caller` on `next` (not closed): the message, the first response
/// and status moves it makes, and their events.
fn add_message(
    ticket: &Ticket,
    next: &mut Ticket,
    new: NewInteraction,
    caller: &Caller,
    now: OffsetDateTime,
) -> (Vec<FieldChange>, Vec<MakePayload>, Interaction) {
    let message = Interaction {
        id: InteractionId::new(),
        ticket_id: ticket.id,
        author: Author {
            kind: if caller.is_staff() {
                AuthorKind::Agent
            } else {
                AuthorKind::Customer
            },
            id: Some(caller.user_id.clone()),
        },
        body: new.body,
        internal: new.internal,
        channel: if new.email.is_some() {
            Channel::Email
        } else if caller.is_staff() {
            Channel::Web
        } else {
            Channel::Portal
        },
        created_at: now,
        email: new.email,
        attachments: new.files,
    };
    let mut changes = Vec::new();
    let from = ticket.status;
    if caller.is_staff() && !message.internal {
        if next.first_response_at.is_none() {
            next.first_response_at = Some(now);
            changes.push(FieldChange::new(
                "first_response_at",
                &Value::Null,
                &json!(rfc3339(now)),
            ));
        }
        next.awaiting_agent_since = None;
        if from == Status::New {
            set_status(next, Status::Open, now);
        }
    } else if !caller.is_staff() {
        next.awaiting_agent_since.get_or_insert(now);
        if matches!(from, Status::Pending | Status::Resolved) {
            set_status(next, Status::Open, now);
            next.resolved_at = None;
        }
    }
    let mut payloads: Vec<MakePayload> = Vec::new();
    let summary = InteractionSummary::of(&message);
    payloads.push(Box::new(move |t| EventPayload::InteractionAdded {
        ticket: t,
        interaction: summary.clone(),
    }));
    if next.status != from {
        let to = next.status;
        changes.push(FieldChange::new("status", &from, &to));
        payloads.push(Box::new(move |t| EventPayload::TicketStatusChanged {
            ticket: t,
            from,
            to,
        }));
    }
    (changes, payloads, message)
}

fn assign(t: &mut Ticket, a: Assignment, caller: &Caller) -> Result<Vec<FieldChange>, DomainError> {
    let mut changes = Vec::new();
    match caller.role {
        Role::Customer => return Err(DomainError::Forbidden("customers cannot assign tickets")),
        Role::Agent => {
            let own = |id: &Option<UserId>| id.as_ref().is_none_or(|id| *id == caller.user_id);
            let to_self_or_off = a.assignee.as_ref().is_none_or(&own);
            let from_self_or_none = a.assignee.is_none() || t.assignee_id.is_none() || own(&t.assignee_id);
            if !to_self_or_off || !from_self_or_none || a.team.is_some() {
                return Err(DomainError::Forbidden(
                    "agents take tickets for themselves; managers assign others and teams",
                ));
            }
        }
        Role::Manager | Role::Admin => {}
    }
    if let Some(to) = a.assignee.filter(|to| *to != t.assignee_id) {
        changes.push(FieldChange::new("assignee_id", &t.assignee_id, &to));
        t.assignee_id = to;
    }
    if let Some(to) = a.team.filter(|to| *to != t.team_id) {
        changes.push(FieldChange::new("team_id", &t.team_id, &to));
        t.team_id = to;
    }
    Ok(changes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TicketId;
    use crate::ticket::{NewTicketInput, TicketNumber};
    use crate::{OrgId, Role};
    use proptest::prelude::*;

    fn caller(role: Role, id: &str) -> Caller {
        Caller {
            user_id: UserId::parse(id).unwrap(),
            org_id: OrgId::parse("10001").unwrap(),
            role,
            email: None,
        }
    }
    fn agent() -> Caller {
        caller(Role::Agent, "agent-1")
    }
    fn customer() -> Caller {
        caller(Role::Customer, "cust-1")
    }
    fn t0() -> OffsetDateTime {
        OffsetDateTime::UNIX_EPOCH
    }
    fn ticket() -> Ticket {
        let input = NewTicketInput {
            subject: "s".into(),
            description: "d".into(),
            customer_id: Some("cust-1".into()),
            ..Default::default()
        };
        NewTicket::parse(input, &agent())
            .unwrap()
            .open(&agent(), TicketId::new(), TicketNumber::new(1), t0())
            .ticket
    }
    fn changed(d: Decision) -> Outcome {
        match d {
            Decision::Changed(o) => *o,
            other => panic!("expected a change, got {other:?}"),
        }
    }
    fn reply(body: &str) -> Command {
        Command::AddInteraction(NewInteraction::parse(body, false).unwrap())
    }
    fn with_status(s: Status) -> Ticket {
        let mut t = ticket();
        t.status = s;
        t
    }

    fn bulk(input: crate::bulk::BulkInput) -> Command {
        Command::Bulk(Box::new(crate::bulk::BulkChanges::parse(input).unwrap()))
    }

    #[test]
    fn a_bulk_change_is_one_write_per_ticket_under_each_command_s_rules() {
        use crate::bulk::BulkInput;
        let mut t = ticket();
        t.tags = vec!["billing".into(), "vip".into()];
        let all = BulkInput {
            status: Some(Status::Pending),
            priority: Some(Priority::High),
            assignee: Some(Some(agent().user_id)),
            add_tags: vec!["Refund".into()],
            remove_tags: vec!["billing".into()],
            ..BulkInput::default()
        };
        let out = changed(decide(&t, bulk(all.clone()), &agent(), t0()).unwrap());
        assert_eq!(out.ticket.version, t.version + 1);
        assert_eq!(out.ticket.tags, ["vip", "refund"]);
        assert_eq!(
            (out.ticket.status, out.ticket.priority),
            (Status::Pending, Priority::High)
        );
        assert_eq!(out.audit.action, "bulk");
        let types: Vec<_> = out.events.iter().map(Event::detail_type).collect();
        assert_eq!(types, ["TicketUpdated", "TicketAssigned", "TicketStatusChanged"]);
        assert!(out.events.iter().all(|e| e.origin == crate::events::Origin::Person));
        // Applied again: nothing left to change.
        assert!(matches!(
            decide(&out.ticket, bulk(all), &agent(), t0()),
            Ok(Decision::Unchanged)
        ));
        // An agent assigns only themselves; no ticket goes back to new; closed is final.
        let other = BulkInput {
            assignee: Some(Some(UserId::parse("agent-2").unwrap())),
            ..BulkInput::default()
        };
        assert!(matches!(
            decide(&t, bulk(other), &agent(), t0()),
            Err(DomainError::Forbidden(_))
        ));
        let new = BulkInput {
            status: Some(Status::New),
            ..BulkInput::default()
        };
        assert!(matches!(
            decide(&with_status(Status::Open), bulk(new), &agent(), t0()),
            Err(DomainError::Conflict(_))
        ));
        let high = BulkInput {
            priority: Some(Priority::High),
            ..BulkInput::default()
        };
        assert!(matches!(
            decide(&with_status(Status::Closed), bulk(high.clone()), &agent(), t0()),
            Err(DomainError::Conflict(_))
        ));
        assert!(matches!(
            decide(&t, bulk(high), &customer(), t0()),
            Err(DomainError::Forbidden(_))
        ));
    }

    #[test]
    fn a_reply_by_mail_is_an_email_message_and_follows_up_a_closed_ticket_by_mail() {
        let meta = crate::ticket::EmailMeta {
            message_id: "r1@customer.test".into(),
            ..Default::default()
        };
        let by_mail = || {
            Command::AddInteraction(
                NewInteraction::parse("Thanks", false)
                    .unwrap()
                    .via_email(meta.clone(), true),
            )
        };
        let out = changed(decide(&with_status(Status::Open), by_mail(), &customer(), t0()).unwrap());
        let m = out.interaction.unwrap();
        assert_eq!(m.channel, Channel::Email);
        assert_eq!(m.email.unwrap().message_id, "r1@customer.test");
        match decide(&with_status(Status::Closed), by_mail(), &customer(), t0()).unwrap() {
            Decision::FollowUp(new) => {
                let opened = new.open(&customer(), TicketId::new(), TicketNumber::new(2), t0());
                assert_eq!(opened.ticket.channel, Channel::Email);
                assert!(opened.ticket.mute_auto_replies);
                assert!(opened.first_message.email.is_some());
            }
            other => panic!("expected a follow-up, got {other:?}"),
        }
    }

    #[test]
    fn the_first_public_agent_reply_opens_the_ticket_and_sets_first_response() {
        let now = t0() + time::Duration::minutes(5);
        let out = changed(decide(&ticket(), reply("On it"), &agent(), now).unwrap());
        assert_eq!(out.ticket.status, Status::Open);
        assert_eq!(out.ticket.first_response_at, Some(now));
        assert_eq!(out.ticket.version, 2);
        let types: Vec<_> = out.events.iter().map(Event::detail_type).collect();
        assert_eq!(types, ["InteractionAdded", "TicketStatusChanged"]);
        // A second reply keeps the first response time.
        let later = now + time::Duration::minutes(5);
        let again = changed(decide(&out.ticket, reply("More"), &agent(), later).unwrap());
        assert_eq!(again.ticket.first_response_at, Some(now));
    }

    #[test]
    fn internal_notes_do_not_count_as_a_response_and_customers_cannot_write_them() {
        let note = Command::AddInteraction(NewInteraction::parse("customer is upset", true).unwrap());
        let out = changed(decide(&ticket(), note.clone(), &agent(), t0()).unwrap());
        assert_eq!(out.ticket.first_response_at, None);
        assert_eq!(out.ticket.status, Status::New);
        let EventPayload::InteractionAdded { interaction, .. } = &out.events[0].payload else {
            panic!()
        };
        assert!(interaction.internal);
        assert_eq!(interaction.body, None, "no internal text in events");
        assert!(matches!(
            decide(&ticket(), note, &customer(), t0()),
            Err(DomainError::Forbidden(_))
        ));
    }

    #[test]
    fn a_customer_reply_reopens_pending_and_resolved_tickets() {
        for s in [Status::Pending, Status::Resolved] {
            let out = changed(decide(&with_status(s), reply("still broken"), &customer(), t0()).unwrap());
            assert_eq!(out.ticket.status, Status::Open, "{s:?}");
            assert_eq!(out.ticket.resolved_at, None);
        }
        let out = changed(decide(&with_status(Status::OnHold), reply("any news?"), &customer(), t0()).unwrap());
        assert_eq!(out.ticket.status, Status::OnHold);
    }

    #[test]
    fn a_customer_reply_to_a_closed_ticket_opens_a_linked_follow_up() {
        let closed = with_status(Status::Closed);
        let Decision::FollowUp(new) = decide(&closed, reply("it broke again"), &customer(), t0()).unwrap() else {
            panic!()
        };
        let opened = new.open(&customer(), TicketId::new(), TicketNumber::new(2), t0());
        assert_eq!(opened.ticket.follow_up_of, Some(closed.id));
        assert_eq!(opened.ticket.subject, "Re: s");
        assert!(matches!(
            decide(&closed, reply("x"), &agent(), t0()),
            Err(DomainError::Conflict(_))
        ));
    }

    #[test]
    fn status_changes_stamp_times_and_closed_is_final() {
        let now = t0() + time::Duration::hours(1);
        let resolved = changed(decide(&ticket(), Command::SetStatus(Status::Resolved), &agent(), now).unwrap()).ticket;
        assert_eq!(resolved.resolved_at, Some(now));
        let reopened = changed(decide(&resolved, Command::SetStatus(Status::Open), &agent(), now).unwrap()).ticket;
        assert_eq!(reopened.resolved_at, None);
        let closed = changed(decide(&reopened, Command::SetStatus(Status::Closed), &agent(), now).unwrap()).ticket;
        assert_eq!(closed.closed_at, Some(now));
        for to in [Status::Open, Status::Resolved, Status::Pending] {
            assert!(matches!(
                decide(&closed, Command::SetStatus(to), &agent(), now),
                Err(DomainError::Conflict(_))
            ));
        }
        assert!(matches!(
            decide(&reopened, Command::SetStatus(Status::New), &agent(), now),
            Err(DomainError::Conflict(_))
        ));
        assert!(matches!(
            decide(&reopened, Command::SetStatus(Status::Closed), &customer(), now),
            Err(DomainError::Forbidden(_))
        ));
        assert!(matches!(
            decide(&reopened, Command::SetStatus(Status::Open), &agent(), now),
            Ok(Decision::Unchanged)
        ));
    }

    #[test]
    fn agents_take_tickets_managers_assign_anyone() {
        let me = agent();
        let take = Assignment {
            assignee: Some(Some(me.user_id.clone())),
            team: None,
        };
        let out = changed(decide(&ticket(), Command::Assign(take), &me, t0()).unwrap());
        assert_eq!(out.ticket.assignee_id, Some(me.user_id.clone()));
        assert_eq!(out.events[0].detail_type(), "TicketAssigned");
        let other = Assignment {
            assignee: Some(Some(UserId::parse("agent-2").unwrap())),
            team: None,
        };
        assert!(matches!(
            decide(&ticket(), Command::Assign(other.clone()), &me, t0()),
            Err(DomainError::Forbidden(_))
        ));
        // Nor may an agent take a ticket away from a colleague.
        let mut theirs = ticket();
        theirs.assignee_id = Some(UserId::parse("agent-2").unwrap());
        let take = Assignment {
            assignee: Some(Some(me.user_id.clone())),
            team: None,
        };
        assert!(matches!(
            decide(&theirs, Command::Assign(take), &me, t0()),
            Err(DomainError::Forbidden(_))
        ));
        let manager = caller(Role::Manager, "boss");
        let team = Assignment {
            assignee: other.assignee,
            team: Some(Some(TeamId::parse("billing").unwrap())),
        };
        let out = changed(decide(&ticket(), Command::Assign(team), &manager, t0()).unwrap());
        assert_eq!(out.audit.changes.len(), 2);
    }

    #[test]
    fn edits_record_what_changed_and_no_op_edits_write_nothing() {
        let patch = TicketPatch::parse(PatchInput {
            priority: Some(Priority::High),
            subject: Some("s".into()),
            ..Default::default()
        })
        .unwrap();
        let out = changed(decide(&ticket(), Command::Edit(patch), &agent(), t0()).unwrap());
        assert_eq!(
            out.audit.changes,
            vec![FieldChange::new("priority", &Priority::Normal, &Priority::High)]
        );
        let same = TicketPatch::parse(PatchInput {
            subject: Some(" s ".into()),
            ..Default::default()
        })
        .unwrap();
        assert!(matches!(
            decide(&ticket(), Command::Edit(same), &agent(), t0()),
            Ok(Decision::Unchanged)
        ));
        assert!(TicketPatch::parse(PatchInput::default()).is_err());
        let bad = PatchInput {
            custom_fields: Some(BTreeMap::from([("Bad Key".into(), "v".into())])),
            ..Default::default()
        };
        assert!(TicketPatch::parse(bad).is_err());
    }

    #[test]
    fn merging_closes_the_source_and_notes_the_target() {
        let (source, target) = (ticket(), ticket());
        let (s, t) = merge(&source, &target, &agent(), t0()).unwrap();
        assert_eq!(s.ticket.status, Status::Closed);
        assert_eq!(s.ticket.merged_into, Some(target.id));
        assert_eq!(s.events[0].detail_type(), "TicketMerged");
        let note = t.interaction.unwrap();
        assert!(note.internal);
        assert_eq!(note.author.kind, AuthorKind::System);
        assert!(merge(&source, &source, &agent(), t0()).is_err());
        assert!(merge(&with_status(Status::Closed), &target, &agent(), t0()).is_err());
        assert!(merge(&source, &target, &customer(), t0()).is_err());
    }

    #[test]
    fn pending_and_on_hold_are_recorded_as_pauses_and_customers_wait_for_agents() {
        let t1 = t0() + time::Duration::hours(1);
        let t2 = t0() + time::Duration::hours(3);
        let pending = changed(decide(&ticket(), Command::SetStatus(Status::Pending), &agent(), t1).unwrap()).ticket;
        assert_eq!(pending.sla_pauses.len(), 1);
        assert_eq!(pending.sla_pauses[0].to, None);
        let back = changed(decide(&pending, reply("still broken"), &customer(), t2).unwrap()).ticket;
        assert_eq!(back.sla_pauses[0].to, Some(t2), "a customer reply ends the pause");
        assert_eq!(back.awaiting_agent_since, Some(t2));
        let answered = changed(decide(&back, reply("looking"), &agent(), t2).unwrap()).ticket;
        assert_eq!(answered.awaiting_agent_since, None);
    }

    #[test]
    fn sla_plan_pauses_resolution_but_not_first_response() {
        use crate::hours::{Schedule, instant};
        use crate::sla::{SlaPolicy, plan};
        let policy = SlaPolicy {
            priority: Priority::Normal,
            first_response_minutes: Some(60),
            next_response_minutes: Some(30),
            resolution_minutes: Some(240),
            business_hours: false,
            warn_at_percent: 75,
            pause_on: vec![Status::Pending, Status::OnHold],
            escalation: Default::default(),
        };
        let at = |h: i64| t0() + time::Duration::hours(h);
        let t = ticket();
        let s = plan(&t, &policy, &Schedule::always(), instant(at(0)));
        let fr = s.first_response.clone().unwrap();
        assert_eq!(fr.due_at, Some(instant(at(1))));
        assert_eq!(fr.warn_at, Some(instant(t0() + time::Duration::minutes(45))));
        assert_eq!(s.next_check_at, fr.warn_at);
        // Answered after 30 minutes, then pending for two hours: resolution moves by two hours.
        let answered = changed(decide(&t, reply("hi"), &agent(), t0() + time::Duration::minutes(30)).unwrap()).ticket;
        let pending = changed(decide(&answered, Command::SetStatus(Status::Pending), &agent(), at(1)).unwrap()).ticket;
        let paused = plan(&pending, &policy, &Schedule::always(), instant(at(2)));
        assert!(paused.resolution.as_ref().unwrap().paused);
        assert!(!paused.first_response.as_ref().unwrap().breached);
        let reopened = changed(decide(&pending, reply("again"), &customer(), at(3)).unwrap()).ticket;
        let s = plan(&reopened, &policy, &Schedule::always(), instant(at(3)));
        assert_eq!(s.resolution.unwrap().due_at, Some(instant(at(6))));
        assert_eq!(
            s.next_response.unwrap().due_at,
            Some(instant(at(3) + time::Duration::minutes(30)))
        );
        // Five hours later, nothing answered: the next response is breached.
        let late = plan(&reopened, &policy, &Schedule::always(), instant(at(8)));
        assert!(late.next_response.unwrap().breached);
        assert!(late.resolution.unwrap().breached);
    }

    fn any_status() -> impl Strategy<Value = Status> {
        prop_oneof![
            Just(Status::New),
            Just(Status::Open),
            Just(Status::Pending),
            Just(Status::OnHold),
            Just(Status::Resolved),
            Just(Status::Closed)
        ]
    }

    fn any_command() -> impl Strategy<Value = (Command, bool)> {
        prop_oneof![
            any_status().prop_map(|s| (Command::SetStatus(s), true)),
            (any::<bool>(), any::<bool>()).prop_map(|(internal, staff)| (
                Command::AddInteraction(NewInteraction::parse("x", internal && staff).unwrap()),
                staff
            )),
        ]
    }

    proptest! {
        /// Whatever happens, `new` is never re-entered, `closed` never left, versions
        /// only grow, and every change is audited and announced.
        #[test]
        fn state_machine_invariants(commands in proptest::collection::vec(any_command(), 1..30)) {
            let mut t = ticket();
            for (i, (command, staff)) in commands.into_iter().enumerate() {
                let who = if staff { agent() } else { customer() };
                let now = t0() + time::Duration::minutes(i as i64);
                let before = t.clone();
                match decide(&t, command, &who, now) {
                    Ok(Decision::Changed(out)) => {
                        prop_assert_eq!(out.ticket.version, before.version + 1);
                        prop_assert!(!out.events.is_empty());
                        prop_assert_ne!(before.status, Status::Closed);
                        if before.status != Status::New { prop_assert_ne!(out.ticket.status, Status::New); }
                        if out.ticket.status == Status::Resolved { prop_assert!(out.ticket.resolved_at.is_some()); }
                        t = out.ticket;
                    }
                    Ok(Decision::FollowUp(_)) => prop_assert_eq!(before.status, Status::Closed),
                    Ok(Decision::Unchanged) | Err(_) => {}
                }
            }
        }
    }
}

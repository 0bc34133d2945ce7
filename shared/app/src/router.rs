//! The router consumer: for each ticket event, the org's triggers and then routing.
//!
//! - A person's change (never the rules' own, see [`rules::starts_run`]) runs the
//!   triggers in order; what they ask and, when the ticket then waits for an agent and
//!   nothing older waits in its queue, the routed assignee are **one write** through
//!   [`Command::Apply`] (the same decision, events, audit and notifier path as a
//!   person's change), with a record of the event in the same transaction: a
//!   redelivered or concurrent copy of the event writes nothing (exactly once).
//! - When capacity frees up (an agent's ticket leaves `new`/`open` or leaves them, an
//!   agent comes online) or a ticket had to wait behind older ones, the queue is
//!   drained oldest first: no ticket jumps ahead of one that waited longer.
//! - Round robin advances the team's counter in the assignment's transaction, so two
//!   concurrent assignments cannot take the same turn.

use helpdesk_domain::events::{AgentEvent, Event, EventPayload};
use helpdesk_domain::lifecycle::{Command, Decision, decide};
use helpdesk_domain::routing::{self, Candidate, LOAD_STATUSES, Mode, Routing};
use helpdesk_domain::rules::{self, Effects, Facts, Kind, RuleSet};
use helpdesk_domain::{Caller, OrgId, Status, Ticket};
use helpdesk_store::{Also, MustExist, PeopleReads, RuleStore, StoreError, TicketReads, TicketWrites};
use time::OffsetDateTime;

use crate::retry::Retry;
use crate::{AppError, AppResult};

/// The consumer's name in its idempotency records.
pub const CONSUMER: &str = "router";
/// Assignments one drain makes at most (the next event drains on).
pub const DRAIN_MAX: usize = 25;
/// Waiting tickets one drain reads.
const DRAIN_READ: usize = 100;

/// What the router needs of the store.
pub trait RouterStore: TicketReads + TicketWrites + PeopleReads + RuleStore {}
impl<T: TicketReads + TicketWrites + PeopleReads + RuleStore> RouterStore for T {}

/// A ticket event: triggers, routing, and a drain when capacity freed up.
pub async fn on_event<S: RouterStore>(store: &S, event: &Event) -> AppResult<()> {
    let Some(snapshot) = event.ticket() else {
        return Ok(());
    };
    let org = &event.org_id;
    let (settings, _) = store.routing(org).await?;
    let mut drain_after = frees_capacity(event);
    if let Some(changes) = rules::starts_run(event) {
        let triggers = store.rules(org, Kind::Trigger).await?;
        drain_after |= run(store, event, snapshot, &changes, &triggers, &settings).await?;
    }
    if drain_after {
        drain(store, org, &settings).await?;
    }
    Ok(())
}

/// An agent came online: the queue drains towards them (and anyone else free).
pub async fn on_agent_online<S: RouterStore>(store: &S, event: &AgentEvent) -> AppResult<()> {
    let (settings, _) = store.routing(&event.org_id).await?;
    drain(store, &event.org_id, &settings).await.map(|_| ())
}

/// Whether the change may have freed an agent's capacity.
fn frees_capacity(event: &Event) -> bool {
    let running = |s: &Status| LOAD_STATUSES.contains(s);
    match &event.payload {
        EventPayload::TicketStatusChanged { ticket, from, to } => {
            ticket.assignee_id.is_some() && running(from) && !running(to)
        }
        EventPayload::TicketAssigned {
            ticket,
            previous_assignee_id,
            ..
        } => previous_assignee_id.is_some() && *previous_assignee_id != ticket.assignee_id,
        EventPayload::TicketMerged { ticket, from, .. } => ticket.assignee_id.is_some() && running(from),
        _ => false,
    }
}

/// Runs the triggers for a person's change and writes what they (and routing) ask in
/// one change. Whether the ticket was left waiting behind older ones (drain next).
async fn run<S: RouterStore>(
    store: &S,
    event: &Event,
    snapshot: &Ticket,
    changes: &[helpdesk_domain::audit::FieldChange],
    triggers: &RuleSet,
    settings: &Routing,
) -> AppResult<bool> {
    let org = &event.org_id;
    let system = Caller::system(org.clone());
    let active = triggers.rules.iter().any(|r| r.enabled);
    let (description, email) = crate::rules::read_for(store, &triggers.rules, snapshot).await?;
    let mut ticket = snapshot.clone();
    let mut retry = Retry::new("ticket");
    loop {
        retry.next().await?;
        if ticket.status == Status::Closed {
            return Ok(false);
        }
        let now = OffsetDateTime::now_utc();
        let mut fx = if active {
            rules::run(
                &triggers.rules,
                Facts {
                    ticket: ticket.clone(),
                    description: description.as_deref(),
                    customer_email: email.as_deref(),
                    changes,
                    now,
                },
            )
        } else {
            Effects::default()
        };
        let mut also = vec![Also::Processed {
            consumer: CONSUMER,
            event_id: event.event_id,
            detail_type: event.detail_type(),
            at: now,
        }];
        let must_exist = named(&fx);
        let after = preview(&ticket, &fx, &system, now);
        let mut behind = false;
        if after.assignee_id.is_none() && (fx.route || routing::waits(settings, &after)) {
            behind = waits_behind(store, settings, &after).await?;
            if !behind && let Some((agent, turn, why)) = choose(store, settings, &after, now).await? {
                fx.assignee = Some(Some(agent));
                fx.reason.push(why);
                also.push(turn);
            }
        }
        if fx.is_empty() {
            return Ok(behind);
        }
        let Decision::Changed(outcome) = decide(&ticket, Command::Apply(Box::new(fx.clone())), &system, now)? else {
            return Ok(behind);
        };
        match store.save_change(ticket.version, &outcome, &must_exist, &also).await {
            Ok(()) => {
                tracing::info!(ticket_id = %ticket.id, fired = fx.fired.len(), reason = ?outcome.audit.reason, "rules applied");
                return Ok(behind);
            }
            // This event was handled before (a redelivery, or a concurrent copy won).
            Err(StoreError::Duplicate) => return Ok(false),
            Err(e) if retry.lost(&e, None) => {
                ticket = store
                    .get_ticket(org, ticket.id)
                    .await?
                    .ok_or(AppError::NotFound("ticket"))?;
            }
            Err(StoreError::NotFound(what)) => {
                // A team or agent a trigger names was removed since it was saved.
                tracing::warn!(ticket_id = %ticket.id, what, "a trigger names what no longer exists; skipped");
                return Ok(false);
            }
            Err(e) => return Err(e.into()),
        }
    }
}

/// The team and agent the effects name, checked in the write's transaction.
pub(crate) fn named(fx: &Effects) -> Vec<MustExist> {
    let mut must = Vec::new();
    if let Some(Some(t)) = &fx.team {
        must.push(MustExist::Team(t.clone()));
    }
    if let Some(Some(a)) = &fx.assignee {
        must.push(MustExist::Agent(a.clone()));
    }
    must
}

/// The ticket as the effects would leave it.
pub(crate) fn preview(t: &Ticket, fx: &Effects, system: &Caller, now: OffsetDateTime) -> Ticket {
    match decide(t, Command::Apply(Box::new(fx.clone())), system, now) {
        Ok(Decision::Changed(o)) => o.ticket,
        _ => t.clone(),
    }
}

/// Whether an older ticket waits in the same queue (it goes first).
pub(crate) async fn waits_behind<S: RouterStore>(store: &S, settings: &Routing, t: &Ticket) -> AppResult<bool> {
    Ok(store
        .waiting(&t.org_id, DRAIN_READ)
        .await?
        .iter()
        .any(|w| w.id != t.id && w.team_id == t.team_id && w.created_at <= t.created_at && routing::waits(settings, w)))
}

/// Who routing gives the ticket, with the counter's advance and the audit's reason.
pub(crate) async fn choose<S: RouterStore>(
    store: &S,
    settings: &Routing,
    t: &Ticket,
    now: OffsetDateTime,
) -> AppResult<Option<(helpdesk_domain::UserId, Also, String)>> {
    let policy = settings.policy(t.team_id.as_ref());
    if policy.mode == Mode::Manual {
        return Ok(None);
    }
    let org = &t.org_id;
    let team = match &t.team_id {
        Some(id) => store.get_team(org, id).await?,
        None => None,
    };
    let agents = store.list_agents(org).await?;
    let turn = store.routing_turn(org, t.team_id.as_ref()).await?;
    let needs_load = policy.capacity.is_some() || policy.mode == Mode::LoadBalanced;
    let mut pool = Vec::new();
    for a in agents
        .iter()
        .filter(|a| a.role.is_staff() && team.as_ref().is_none_or(|tm| tm.members.contains(&a.id)))
    {
        let online = a.status == helpdesk_domain::people::Availability::Online;
        let load = if online && needs_load {
            store.agent_load(org, &a.id).await?
        } else {
            0
        };
        pool.push(Candidate::of(a, load, turn.last_assigned.get(&a.id).copied()));
    }
    let Some(pick) = routing::pick(&policy, &pool, &settings.needs(t), turn.turn) else {
        return Ok(None);
    };
    let mode = match policy.mode {
        Mode::LoadBalanced => "load balanced",
        _ => "round robin",
    };
    let why = match &team {
        Some(tm) => format!("{mode}, team {}", tm.name),
        None => mode.to_owned(),
    };
    let advance = Also::Turn {
        team: t.team_id.clone(),
        from: turn.turn,
        to: pick.turn,
        agent: pick.agent.clone(),
        at: now,
    };
    Ok(Some((pick.agent, advance, why)))
}

/// Assigns waiting tickets oldest first while agents can take them; a queue whose
/// oldest ticket finds nobody stops there (nothing newer jumps ahead). How many it
/// assigned.
pub async fn drain<S: RouterStore>(store: &S, org: &OrgId, settings: &Routing) -> AppResult<usize> {
    let mut blocked: Vec<Option<helpdesk_domain::TeamId>> = Vec::new();
    let mut assigned = 0;
    for t in store.waiting(org, DRAIN_READ).await? {
        if assigned >= DRAIN_MAX {
            break;
        }
        if !routing::waits(settings, &t) || blocked.contains(&t.team_id) {
            continue;
        }
        if route_one(store, settings, t.clone()).await? {
            assigned += 1;
        } else {
            blocked.push(t.team_id);
        }
    }
    if assigned > 0 {
        tracing::info!(org_id = %org, assigned, "queue drained");
    }
    Ok(assigned)
}

/// Routes one waiting ticket; `false` when nobody can take it.
async fn route_one<S: RouterStore>(store: &S, settings: &Routing, mut t: Ticket) -> AppResult<bool> {
    let system = Caller::system(t.org_id.clone());
    let mut retry = Retry::new("ticket");
    loop {
        retry.next().await?;
        if !routing::waits(settings, &t) {
            // Someone (or another router) got there first.
            return Ok(true);
        }
        let now = OffsetDateTime::now_utc();
        let Some((agent, turn, why)) = choose(store, settings, &t, now).await? else {
            return Ok(false);
        };
        let fx = Effects {
            assignee: Some(Some(agent.clone())),
            reason: vec![why],
            ..Effects::default()
        };
        let Decision::Changed(outcome) = decide(&t, Command::Apply(Box::new(fx)), &system, now)? else {
            return Ok(false);
        };
        match store
            .save_change(t.version, &outcome, &[MustExist::Agent(agent)], &[turn])
            .await
        {
            Ok(()) => return Ok(true),
            Err(e) if retry.lost(&e, None) => {
                t = store
                    .get_ticket(&t.org_id, t.id)
                    .await?
                    .ok_or(AppError::NotFound("ticket"))?;
            }
            Err(e) => return Err(e.into()),
        }
    }
}

//! The SLA checker: clocks kept current on every ticket event, and the one-minute tick
//! that emits warnings and breaches once per clock and cycle and escalates breaches.

use helpdesk_domain::clock::crossings;
use helpdesk_domain::events::{Event, EventPayload};
use helpdesk_domain::hours::{BusinessHours, Schedule, instant};
use helpdesk_domain::lifecycle::{Command, Decision, decide};
use helpdesk_domain::sla::{Escalation, plan};
use helpdesk_domain::{Caller, Ticket};
use helpdesk_store::{
    MustExist, Processed, SettingsReads, SlaSettings, SlaWork, StoreError, TicketReads, TicketWrites,
};
use time::OffsetDateTime;

use crate::AppResult;
use crate::retry::Retry;

/// The checker's name in idempotency records.
pub const CONSUMER: &str = "sla-checker";
/// Tickets re-planned per shard and tick; the rest wait for the next minute.
pub const TICK_BATCH: i32 = 200;

/// The schedule the org's clocks run on: its saved hours (validated on the way in), or
/// office hours in UTC until an admin sets them.
fn schedule(settings: &SlaSettings) -> Schedule {
    settings
        .business_hours
        .clone()
        .unwrap_or_else(|| BusinessHours::office("UTC"))
        .schedule()
        .unwrap_or_else(|_| Schedule::always())
}

/// The ticket's clocks at `now`, `None` when no policy covers its priority.
fn clocks(settings: &SlaSettings, ticket: &Ticket, now: OffsetDateTime) -> Option<helpdesk_domain::clock::SlaState> {
    let policy = settings.policies.as_ref()?.for_priority(ticket.priority)?;
    Some(plan(ticket, policy, &schedule(settings), instant(now)))
}

/// On a ticket event: computes its clocks from the ticket as the event carries it and
/// stores them if the ticket is still at that version (a newer event recomputes).
pub async fn replan<S: SettingsReads + SlaWork + Processed>(store: &S, event: &Event) -> AppResult<()> {
    if let Some(ticket) = event.ticket() {
        let settings = store.sla_settings(&event.org_id).await?;
        let state = clocks(&settings, ticket, OffsetDateTime::now_utc());
        let written = store.save_sla(ticket, state.as_ref()).await?;
        tracing::info!(ticket_id = %ticket.id, version = ticket.version, ?written, next_check = ?state.as_ref().and_then(|s| s.next_check_at), "sla planned");
    }
    store.mark_processed(CONSUMER, event, OffsetDateTime::now_utc()).await?;
    Ok(())
}

/// The tick: every ticket whose next check is due by `now` is re-planned at `now`; each
/// warning and breach goes to its outbox once, a breach escalates. Returns how many
/// events were new.
pub async fn tick<S: SettingsReads + SlaWork + TicketReads + TicketWrites>(
    store: &S,
    now: OffsetDateTime,
) -> AppResult<usize> {
    let mut emitted = 0;
    for shard in 0..helpdesk_store::keys::SLA_SHARDS {
        for (org, id) in store.due_sla_checks(shard, now, TICK_BATCH).await? {
            let Some(ticket) = store.get_ticket(&org, id).await? else {
                continue;
            };
            let settings = store.sla_settings(&org).await?;
            let Some(policy) = settings.policies.as_ref().and_then(|p| p.for_priority(ticket.priority)) else {
                store.save_sla(&ticket, None).await?;
                continue;
            };
            let state = plan(&ticket, policy, &schedule(&settings), instant(now));
            for c in crossings(&state, instant(now)) {
                let (metric, due_at) = (c.metric.to_owned(), c.due_at.to_string());
                let ticket_box = Box::new(ticket.clone());
                let payload = if c.breached {
                    EventPayload::SlaBreached {
                        ticket: ticket_box,
                        metric,
                        due_at,
                    }
                } else {
                    EventPayload::SlaWarning {
                        ticket: ticket_box,
                        metric,
                        due_at,
                    }
                };
                let event = Event::new(org.clone(), id, now, payload);
                if store.emit_sla_event_once(&event, &c.key()).await? {
                    emitted += 1;
                    if c.breached {
                        escalate(store, &policy.escalation, &ticket, now).await?;
                    }
                    tracing::info!(ticket_id = %id, metric = c.metric, breached = c.breached, "sla event");
                }
            }
            store.save_sla(&ticket, Some(&state)).await?;
        }
    }
    Ok(emitted)
}

/// Applies a policy's escalation to a ticket that just breached, as the system, through
/// the same rules and optimistic locking as any change.
async fn escalate<S: TicketReads + TicketWrites>(
    store: &S,
    rules: &Escalation,
    breached: &Ticket,
    now: OffsetDateTime,
) -> AppResult<()> {
    let (org, id) = (&breached.org_id, breached.id);
    let system = Caller::system(org.clone());
    // The changes are set from the ticket as it breached (absolute values), so an
    // attempt after a lost race applies the same ones and never raises twice.
    let commands = rules.commands(breached);
    let mut retry = Retry::new("ticket");
    'attempt: loop {
        let mut current = if retry.next().await? == 1 {
            breached.clone()
        } else {
            match store.get_ticket(org, id).await? {
                Some(t) => t,
                None => return Ok(()),
            }
        };
        for command in commands.iter().cloned() {
            let must_exist: Vec<MustExist> = match &command {
                Command::Assign(a) => a.team.clone().flatten().map(MustExist::Team).into_iter().collect(),
                _ => Vec::new(),
            };
            let outcome = match decide(&current, command, &system, now) {
                Ok(Decision::Changed(outcome)) => outcome,
                Ok(_) => continue,
                Err(e) => {
                    tracing::warn!(ticket_id = %id, error = %e, "escalation refused by the ticket's rules");
                    continue;
                }
            };
            match store.save_change(current.version, &outcome, &must_exist, &[]).await {
                Ok(()) => current = outcome.ticket,
                Err(e) if retry.lost(&e, None) => continue 'attempt,
                Err(StoreError::NotFound(what)) => {
                    tracing::warn!(ticket_id = %id, what, "escalation names something that does not exist");
                }
                Err(e) => return Err(e.into()),
            }
        }
        tracing::info!(ticket_id = %id, "escalated");
        return Ok(());
    }
}

//! SLA checker: keeps every ticket's SLA clocks current.
//!
//! On each ticket event (from its SQS queue) it reads the org's SLA settings (one
//! `GetItem`), computes the ticket's clocks with the pure planner
//! (`helpdesk_domain::sla::plan`) from the ticket as the event carries it, and stores
//! them on the ticket with its `BySlaDue` keys, only if the ticket is still at that
//! version (a newer event recomputes otherwise). Recomputing is idempotent, so a
//! redelivery does no harm.
//!
//! On the one-minute schedule it reads the `SlaSchedule` work list (one Query per
//! shard, tickets whose next check is due), re-plans each ticket at the tick's time and
//! writes `SlaWarning` / `SlaBreached` to the ticket's outbox once per clock, kind and
//! cycle (an idempotency record in the same transaction), then moves the ticket's next
//! check forward. Escalation rules come next (fan-out issue).

use aws_lambda_events::event::sqs::{SqsBatchResponse, SqsEvent};
use helpdesk_domain::events::{Event, EventPayload};
use helpdesk_domain::sla::{BusinessHours, Schedule, crossings, instant, plan};
use helpdesk_platform::sqs::{BoxError, process_batch};
use helpdesk_store::Table;
use serde_json::Value;
use time::OffsetDateTime;

pub const CONSUMER: &str = "sla-checker";

/// One function, two triggers: an SQS batch has `Records`, a scheduled event does not.
pub async fn handle(table: &Table, payload: Value) -> Result<Value, BoxError> {
    if payload.get("Records").is_some() {
        let batch: SqsEvent = serde_json::from_value(payload)?;
        return Ok(serde_json::to_value(handle_batch(table, batch).await)?);
    }
    // The tick's own time, so a late or replayed tick judges the minute it stands for.
    let now = payload
        .get("time")
        .and_then(|t| t.as_str())
        .and_then(|t| OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339).ok())
        .unwrap_or_else(OffsetDateTime::now_utc);
    let emitted = tick(table, now).await?;
    Ok(serde_json::json!({ "emitted": emitted }))
}

/// Tickets re-planned per shard and tick; the rest wait for the next minute.
const TICK_BATCH: i32 = 200;

/// Emits the SLA warnings and breaches due at `now`; returns how many were new.
pub async fn tick(table: &Table, now: OffsetDateTime) -> Result<usize, BoxError> {
    let mut emitted = 0;
    for shard in 0..helpdesk_store::keys::SLA_SHARDS {
        for (org, id) in table.due_sla_checks(shard, now, TICK_BATCH).await? {
            let Some(ticket) = table.get_ticket(&org, id).await? else {
                continue;
            };
            let settings = table.sla_settings(&org).await?;
            let Some(policy) = settings.policies.as_ref().and_then(|p| p.for_priority(ticket.priority)) else {
                table.save_sla(&ticket, None).await?;
                continue;
            };
            let hours = settings
                .business_hours
                .clone()
                .unwrap_or_else(|| BusinessHours::office("UTC"));
            let schedule = hours.schedule().unwrap_or_else(|_| Schedule::always());
            let state = plan(&ticket, policy, &schedule, instant(now));
            for c in crossings(&state, instant(now)) {
                let payload = if c.breached {
                    EventPayload::SlaBreached {
                        ticket: Box::new(ticket.clone()),
                        metric: c.metric.into(),
                        due_at: c.due_at.to_string(),
                    }
                } else {
                    EventPayload::SlaWarning {
                        ticket: Box::new(ticket.clone()),
                        metric: c.metric.into(),
                        due_at: c.due_at.to_string(),
                    }
                };
                let event = Event::new(org.clone(), id, now, payload);
                if table.emit_sla_event_once(&event, &c.key()).await? {
                    emitted += 1;
                    if c.breached {
                        escalate(table, &policy.escalation, &org, id, now).await?;
                    }
                    tracing::info!(ticket_id = %id, metric = c.metric, breached = c.breached, "sla event");
                }
            }
            table.save_sla(&ticket, Some(&state)).await?;
        }
    }
    Ok(emitted)
}

pub async fn handle_batch(table: &Table, batch: SqsEvent) -> SqsBatchResponse {
    process_batch(CONSUMER, batch, |event| replan(table, event)).await
}

async fn replan(table: &Table, event: Event) -> Result<(), BoxError> {
    if let Some(ticket) = event.ticket() {
        let settings = table.sla_settings(&event.org_id).await?;
        let state = match settings.policies.as_ref().and_then(|p| p.for_priority(ticket.priority)) {
            Some(policy) => {
                // Saved hours were validated on the way in; an org without hours works
                // office hours in UTC until an admin sets them.
                let hours = settings.business_hours.unwrap_or_else(|| BusinessHours::office("UTC"));
                let schedule = hours.schedule().unwrap_or_else(|_| Schedule::always());
                Some(plan(ticket, policy, &schedule, instant(OffsetDateTime::now_utc())))
            }
            None => None,
        };
        let written = table.save_sla(ticket, state.as_ref()).await?;
        tracing::info!(ticket_id = %ticket.id, version = ticket.version, ?written, next_check = ?state.as_ref().and_then(|s| s.next_check_at), "sla planned");
    }
    table
        .mark_processed(CONSUMER, &event, OffsetDateTime::now_utc())
        .await?;
    Ok(())
}

/// Applies a policy's escalation to a ticket that just breached, as the system, through
/// the same rules and optimistic locking as any change (a few attempts under contention).
async fn escalate(
    table: &Table,
    rules: &helpdesk_domain::sla::Escalation,
    org: &helpdesk_domain::OrgId,
    id: helpdesk_domain::TicketId,
    now: OffsetDateTime,
) -> Result<(), BoxError> {
    use helpdesk_domain::Caller;
    use helpdesk_domain::lifecycle::{Command, Decision, decide};
    use helpdesk_store::StoreError;
    use helpdesk_store::changes::MustExist;
    let system = Caller::system(org.clone());
    for attempt in 0..3 {
        let Some(ticket) = table.get_ticket(org, id).await? else {
            return Ok(());
        };
        let mut current = ticket.clone();
        let mut stale = false;
        for command in rules.commands(&ticket) {
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
            match table.save_change(current.version, &outcome, &must_exist).await {
                Ok(()) => current = outcome.ticket,
                Err(StoreError::Stale) => {
                    stale = true;
                    break;
                }
                Err(StoreError::NotFound(what)) => {
                    tracing::warn!(ticket_id = %id, what, "escalation names something that does not exist")
                }
                Err(e) => return Err(e.into()),
            }
        }
        if !stale {
            tracing::info!(ticket_id = %id, attempt, "escalated");
            return Ok(());
        }
    }
    Ok(())
}

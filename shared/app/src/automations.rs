//! Automations: the org's time-based rules, run by the hourly schedule.
//!
//! Each org listed as having enabled automations is read under its own key; its
//! candidates come from the `ByStatus` view of each status the automations can match
//! (never `closed`), narrowed by last update when every automation asks for
//! `hours_since_updated gt H`. What the automations ask of a ticket is one change
//! through [`Command::Apply`], like a trigger's. Each automation has a condition its own
//! actions make false (checked on save), so a ticket it acted on no longer matches: a
//! replayed or overlapping tick writes nothing more, and the version condition keeps
//! two ticks from both writing.

use helpdesk_domain::lifecycle::{Command, Decision, decide};
use helpdesk_domain::rules::{self, Facts, Field, Kind, Op, Operand, Rule};
use helpdesk_domain::{Caller, OrgId, Status, Ticket};
use helpdesk_store::{Also, StoreError};
use time::OffsetDateTime;

use crate::AppResult;
use crate::retry::Retry;
use crate::router::{self, RouterStore};

/// The statuses an automation may find tickets in.
const OPEN_STATUSES: [Status; 5] = [
    Status::New,
    Status::Open,
    Status::Pending,
    Status::OnHold,
    Status::Resolved,
];

/// What one tick did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Ran {
    pub orgs: usize,
    pub checked: usize,
    pub changed: usize,
}

/// The hourly tick at `now` (the schedule's own time, so a late tick judges its hour).
pub async fn tick<S: RouterStore>(store: &S, now: OffsetDateTime) -> AppResult<Ran> {
    let mut ran = Ran::default();
    for org in store.automation_orgs().await? {
        let set = store.rules(&org, Kind::Automation).await?;
        let enabled: Vec<Rule> = set.rules.into_iter().filter(|r| r.enabled).collect();
        if enabled.is_empty() {
            continue;
        }
        ran.orgs += 1;
        let (checked, changed) = run_org(store, &org, &enabled, now).await?;
        ran.checked += checked;
        ran.changed += changed;
    }
    tracing::info!(
        orgs = ran.orgs,
        checked = ran.checked,
        changed = ran.changed,
        "automations ran"
    );
    Ok(ran)
}

/// The statuses a rule can match: the one its `status is` names, else all but closed.
fn statuses(r: &Rule) -> Vec<Status> {
    let named = r.conditions.all.iter().find_map(|c| match (&c.field, &c.op, &c.value) {
        (Field::Status, Op::Is, Some(Operand::Text(v))) => OPEN_STATUSES.into_iter().find(|s| s.as_str() == v),
        _ => None,
    });
    named.map_or_else(|| OPEN_STATUSES.to_vec(), |s| vec![s])
}

/// The oldest last update a rule can match, from its `hours_since_updated gt H`.
fn updated_before(r: &Rule, now: OffsetDateTime) -> Option<OffsetDateTime> {
    r.conditions.all.iter().find_map(|c| match (&c.field, &c.op, &c.value) {
        (Field::HoursSinceUpdated, Op::Gt, Some(Operand::Number(h))) => {
            Some(now - time::Duration::seconds_f64(h * 3600.0))
        }
        _ => None,
    })
}

async fn run_org<S: RouterStore>(
    store: &S,
    org: &OrgId,
    automations: &[Rule],
    now: OffsetDateTime,
) -> AppResult<(usize, usize)> {
    let mut wanted: Vec<(Status, Option<OffsetDateTime>)> = Vec::new();
    for r in automations {
        let before = updated_before(r, now);
        for s in statuses(r) {
            match wanted.iter_mut().find(|(w, _)| *w == s) {
                // Two rules on one status: the wider window of the two.
                Some((_, b)) => *b = b.zip(before).map(|(x, y)| x.max(y)),
                None => wanted.push((s, before)),
            }
        }
    }
    let (settings, _) = store.routing(org).await?;
    let (mut checked, mut changed) = (0, 0);
    for (status, before) in wanted {
        for t in store.tickets_in_status(org, status, before).await? {
            checked += 1;
            let (description, email) = crate::rules::read_for(store, automations, &t).await?;
            if apply(
                store,
                &settings,
                automations,
                t,
                description.as_deref(),
                email.as_deref(),
                now,
            )
            .await?
            {
                changed += 1;
            }
        }
    }
    Ok((checked, changed))
}

/// Runs the automations on one ticket and writes what they ask; whether it wrote.
async fn apply<S: RouterStore>(
    store: &S,
    settings: &helpdesk_domain::routing::Routing,
    automations: &[Rule],
    mut ticket: Ticket,
    description: Option<&str>,
    email: Option<&str>,
    now: OffsetDateTime,
) -> AppResult<bool> {
    let system = Caller::system(ticket.org_id.clone());
    let mut retry = Retry::new("ticket");
    loop {
        retry.next().await?;
        if ticket.status == Status::Closed {
            return Ok(false);
        }
        let mut fx = rules::run_as(
            Kind::Automation,
            automations,
            Facts {
                ticket: ticket.clone(),
                description,
                customer_email: email,
                changes: &[],
                now,
            },
        );
        if fx.is_empty() {
            return Ok(false);
        }
        let mut also: Vec<Also> = Vec::new();
        let after = router::preview(&ticket, &fx, &system, now);
        if fx.route
            && after.assignee_id.is_none()
            && !router::waits_behind(store, settings, &after).await?
            && let Some((agent, turn, why)) = router::choose(store, settings, &after, now).await?
        {
            fx.assignee = Some(Some(agent));
            fx.reason.push(why);
            also.push(turn);
        }
        let must_exist = router::named(&fx);
        let Decision::Changed(outcome) = decide(&ticket, Command::Apply(Box::new(fx)), &system, now)? else {
            return Ok(false);
        };
        match store.save_change(ticket.version, &outcome, &must_exist, &also).await {
            Ok(()) => {
                tracing::info!(ticket_id = %ticket.id, reason = ?outcome.audit.reason, "automation applied");
                return Ok(true);
            }
            Err(e) if retry.lost(&e, None) => match store.get_ticket(&ticket.org_id, ticket.id).await? {
                Some(t) => ticket = t,
                None => return Ok(false),
            },
            Err(StoreError::NotFound(what)) => {
                tracing::warn!(ticket_id = %ticket.id, what, "an automation names what no longer exists; skipped");
                return Ok(false);
            }
            Err(e) => return Err(e.into()),
        }
    }
}

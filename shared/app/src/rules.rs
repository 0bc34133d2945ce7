//! Triggers, automations and routing settings: read (managers), change (admins),
//! dry-run, and the queue of tickets waiting for an agent.
//!
//! An org's triggers (and its automations) are one ordered list in one item, so an
//! order is a position and a reorder is one write. Each rule carries its own version for
//! `If-Match`; the list's version guards the write, and a lost race on another rule is
//! retried.

use helpdesk_domain::access::{require_admin, require_manager};
use helpdesk_domain::lifecycle::{Command, Decision, decide};
use helpdesk_domain::routing::{self, Queue, Routing, Waiting};
use helpdesk_domain::rules::{
    self, ActionType, Conditions, DRY_RUN_MAX, DryRun, DryRunMatch, Facts, Field, Kind, RULES_MAX, Rule, RuleInput,
    RuleSet,
};
use helpdesk_domain::views::{ListParams, TicketQuery};
use helpdesk_domain::{Caller, DomainError, FieldError, RuleId, TeamId, Ticket, UserId};
use helpdesk_store::{PeopleReads, RuleStore, TicketReads};
use time::OffsetDateTime;

use crate::retry::Retry;
use crate::{AppError, AppResult};

const MANAGERS_VIEW: &str = "only managers and admins see rules and routing";
const ADMINS_CHANGE: &str = "only admins change rules and routing";

/// `GET /triggers`, `GET /automations`: the org's rules in order, and the list's version.
pub async fn list(store: &impl RuleStore, caller: &Caller, kind: Kind) -> AppResult<RuleSet> {
    require_manager(caller, MANAGERS_VIEW)?;
    Ok(store.rules(&caller.org_id, kind).await?)
}

pub async fn get(store: &impl RuleStore, caller: &Caller, kind: Kind, id: &str) -> AppResult<Rule> {
    require_manager(caller, MANAGERS_VIEW)?;
    let id = RuleId::parse(id).map_err(|_| AppError::NotFound(kind.what()))?;
    store
        .rules(&caller.org_id, kind)
        .await?
        .rules
        .into_iter()
        .find(|r| r.id == id)
        .ok_or(AppError::NotFound(kind.what()))
}

/// The checks of a rule of `kind`.
fn check(kind: Kind, input: &RuleInput) -> AppResult<()> {
    match kind {
        Kind::Trigger => rules::check(input),
        Kind::Automation => rules::check_automation(input),
    }
    .map_err(Into::into)
}

/// The teams and agents a rule names must be the org's (422 naming the action).
async fn check_refs(store: &impl PeopleReads, caller: &Caller, input: &RuleInput) -> AppResult<()> {
    let mut errors = Vec::new();
    for (i, a) in input.actions.iter().enumerate() {
        let Some(v) = a.value.as_deref() else { continue };
        let exists = match a.kind {
            ActionType::SetTeam => match TeamId::parse(v) {
                Ok(t) => store.get_team(&caller.org_id, &t).await?.is_some(),
                Err(_) => false,
            },
            ActionType::SetAssignee => match UserId::parse(v) {
                Ok(u) => store.get_agent(&caller.org_id, &u).await?.is_some(),
                Err(_) => false,
            },
            _ => true,
        };
        if !exists {
            errors.push(FieldError::new(
                format!("actions[{i}].value"),
                "no such team or agent in the org",
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::Rule(DomainError::Unprocessable(errors)))
    }
}

/// Changes the list with `edit` and saves it, again on a lost race.
async fn change_list<S: RuleStore>(
    store: &S,
    caller: &Caller,
    kind: Kind,
    mut edit: impl FnMut(&mut Vec<Rule>) -> AppResult<Option<Rule>>,
) -> AppResult<Option<Rule>> {
    let mut retry = Retry::new(kind.what());
    loop {
        retry.next().await?;
        let mut set = store.rules(&caller.org_id, kind).await?;
        let changed = edit(&mut set.rules)?;
        set.version += 1;
        match store.put_rules(&caller.org_id, kind, &set).await {
            Ok(()) => return Ok(changed),
            Err(e) if retry.lost(&e, None) => continue,
            Err(e) => return Err(AppError::about(e, kind.what())),
        }
    }
}

/// `POST /triggers`, `POST /automations`: a new rule at `position` (0 is first;
/// default last). Admins.
pub async fn create<S: RuleStore + PeopleReads>(
    store: &S,
    caller: &Caller,
    kind: Kind,
    input: RuleInput,
    position: Option<usize>,
) -> AppResult<Rule> {
    require_admin(caller, ADMINS_CHANGE)?;
    check(kind, &input)?;
    check_refs(store, caller, &input).await?;
    let now = OffsetDateTime::now_utc();
    let rule = Rule {
        id: RuleId::new(),
        name: input.name.trim().to_owned(),
        enabled: input.enabled,
        conditions: input.conditions,
        actions: input.actions,
        created_at: now,
        updated_at: now,
        version: 1,
    };
    change_list(store, caller, kind, |list| {
        if list.len() >= RULES_MAX {
            return Err(AppError::Rule(DomainError::unprocessable(
                "body",
                &format!("at most {RULES_MAX} of them per org"),
            )));
        }
        rules::place(list, rule.clone(), position);
        Ok(Some(rule.clone()))
    })
    .await?
    .ok_or(AppError::NotFound(kind.what()))
}

/// A rule's edit: absent fields stay.
#[derive(Debug, Clone, Default)]
pub struct RulePatch {
    pub name: Option<String>,
    pub enabled: Option<bool>,
    pub conditions: Option<Conditions>,
    pub actions: Option<Vec<rules::Action>>,
    /// Its new place in the list (0 is first).
    pub position: Option<usize>,
}

/// `PATCH /triggers/{id}`, `PATCH /automations/{id}`, with `If-Match` on the rule's
/// version. Admins.
pub async fn update<S: RuleStore + PeopleReads>(
    store: &S,
    caller: &Caller,
    kind: Kind,
    id: &str,
    if_match: Option<u64>,
    patch: RulePatch,
) -> AppResult<Rule> {
    require_admin(caller, ADMINS_CHANGE)?;
    let id = RuleId::parse(id).map_err(|_| AppError::NotFound(kind.what()))?;
    let current = get(store, caller, kind, &id.to_string()).await?;
    let input = RuleInput {
        name: patch.name.clone().unwrap_or(current.name),
        enabled: patch.enabled.unwrap_or(current.enabled),
        conditions: patch.conditions.clone().unwrap_or(current.conditions),
        actions: patch.actions.clone().unwrap_or(current.actions),
    };
    check(kind, &input)?;
    check_refs(store, caller, &input).await?;
    change_list(store, caller, kind, |list| {
        let at = list
            .iter()
            .position(|r| r.id == id)
            .ok_or(AppError::NotFound(kind.what()))?;
        if if_match.is_some_and(|v| v != list[at].version) {
            return Err(AppError::Stale(kind.what()));
        }
        let mut rule = list.remove(at);
        rule.name = input.name.trim().to_owned();
        rule.enabled = input.enabled;
        rule.conditions = input.conditions.clone();
        rule.actions = input.actions.clone();
        rule.updated_at = OffsetDateTime::now_utc();
        rule.version += 1;
        rules::place(list, rule.clone(), Some(patch.position.unwrap_or(at)));
        Ok(Some(rule))
    })
    .await?
    .ok_or(AppError::NotFound(kind.what()))
}

/// `DELETE /triggers/{id}`, `DELETE /automations/{id}`, with `If-Match` on the rule's
/// version. Admins.
pub async fn delete<S: RuleStore>(
    store: &S,
    caller: &Caller,
    kind: Kind,
    id: &str,
    if_match: Option<u64>,
) -> AppResult<()> {
    require_admin(caller, ADMINS_CHANGE)?;
    let id = RuleId::parse(id).map_err(|_| AppError::NotFound(kind.what()))?;
    change_list(store, caller, kind, |list| {
        let at = list
            .iter()
            .position(|r| r.id == id)
            .ok_or(AppError::NotFound(kind.what()))?;
        if if_match.is_some_and(|v| v != list[at].version) {
            return Err(AppError::Stale(kind.what()));
        }
        Ok(Some(list.remove(at)))
    })
    .await
    .map(|_| ())
}

/// `POST /triggers/dry-run`, `POST /automations/dry-run`: which of the last `limit`
/// tickets the rule matches now (as on an update that changed nothing, so `changed*`
/// conditions do not hold; hours count from now), and what it would do to each.
/// Writes nothing.
pub async fn dry_run<S: TicketReads + PeopleReads>(
    store: &S,
    caller: &Caller,
    kind: Kind,
    input: RuleInput,
    limit: Option<usize>,
) -> AppResult<DryRun> {
    require_manager(caller, MANAGERS_VIEW)?;
    check(kind, &input)?;
    let limit = limit.unwrap_or(100).clamp(1, DRY_RUN_MAX);
    let rule = Rule {
        id: RuleId::new(),
        name: input.name,
        enabled: true,
        conditions: input.conditions,
        actions: input.actions,
        created_at: OffsetDateTime::UNIX_EPOCH,
        updated_at: OffsetDateTime::UNIX_EPOCH,
        version: 0,
    };
    let tickets = recent(store, caller, limit).await?;
    let now = OffsetDateTime::now_utc();
    let system = Caller::system(caller.org_id.clone());
    let mut matches = Vec::new();
    for t in &tickets {
        let (description, email) = read_for(store, std::slice::from_ref(&rule), t).await?;
        let facts = Facts {
            ticket: t.clone(),
            description: description.as_deref(),
            customer_email: email.as_deref(),
            changes: &[],
            now,
        };
        if t.status == helpdesk_domain::Status::Closed || !rules::matches(&rule.conditions, &facts) {
            continue;
        }
        let fx = rules::run(std::slice::from_ref(&rule), facts);
        let route = fx.route;
        let (changes, note) = match decide(t, Command::Apply(Box::new(fx)), &system, now) {
            Ok(Decision::Changed(o)) => (o.audit.changes, o.interaction.is_some()),
            _ => (Vec::new(), false),
        };
        matches.push(DryRunMatch {
            ticket_id: t.id,
            number: t.number,
            subject: t.subject.clone(),
            changes,
            note,
            route,
        });
    }
    Ok(DryRun {
        checked: tickets.len(),
        matches,
    })
}

/// The org's `limit` most recently updated tickets, a page of 100 at a time.
async fn recent(store: &impl TicketReads, caller: &Caller, limit: usize) -> AppResult<Vec<Ticket>> {
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    while out.len() < limit {
        let params = ListParams {
            limit: Some((limit - out.len()).min(100).to_string()),
            ..Default::default()
        };
        let query = TicketQuery::for_caller(params, caller)?;
        let page = store.list_tickets(&caller.org_id, &query, cursor.as_deref()).await?;
        out.extend(page.items);
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    out.truncate(limit);
    Ok(out)
}

/// What only some conditions look at, read only when an enabled rule of `rules` does:
/// the text of the ticket's first message and the customer's email.
pub(crate) async fn read_for<S: TicketReads + PeopleReads>(
    store: &S,
    rules: &[Rule],
    t: &Ticket,
) -> AppResult<(Option<String>, Option<String>)> {
    let uses = |f: Field| {
        rules
            .iter()
            .filter(|r| r.enabled)
            .flat_map(|r| r.conditions.all.iter().chain(&r.conditions.any))
            .any(|c| c.field == f)
    };
    let description = if uses(Field::Description) {
        store
            .ticket_with_thread(&t.org_id, t.id)
            .await?
            .and_then(|f| f.thread.into_iter().find(|m| !m.internal))
            .map(|m| m.body)
    } else {
        None
    };
    let email = if uses(Field::CustomerEmailDomain) {
        store
            .get_customer(&t.org_id, &t.customer_id)
            .await?
            .map(|c| c.email.as_str().to_owned())
    } else {
        None
    };
    Ok((description, email))
}

/// The routing settings and their version (`ETag`).
pub async fn routing_settings(store: &impl RuleStore, caller: &Caller) -> AppResult<(Routing, u64)> {
    require_manager(caller, MANAGERS_VIEW)?;
    Ok(store.routing(&caller.org_id).await?)
}

/// `PUT /routing`: replaces the settings. Admins; `If-Match` on their version.
pub async fn put_routing<S: RuleStore + PeopleReads>(
    store: &S,
    caller: &Caller,
    if_match: Option<u64>,
    routing: Routing,
) -> AppResult<(Routing, u64)> {
    require_admin(caller, ADMINS_CHANGE)?;
    let teams: Vec<TeamId> = store
        .list_teams(&caller.org_id)
        .await?
        .into_iter()
        .map(|t| t.id)
        .collect();
    routing.check(&teams)?;
    let mut retry = Retry::new("routing");
    loop {
        retry.next().await?;
        let (_, version) = store.routing(&caller.org_id).await?;
        if if_match.is_some_and(|v| v != version) {
            return Err(AppError::Stale("routing"));
        }
        match store.put_routing(&caller.org_id, &routing, version + 1).await {
            Ok(()) => return Ok((routing, version + 1)),
            Err(e) if retry.lost(&e, if_match) => continue,
            Err(e) => return Err(AppError::about(e, "routing")),
        }
    }
}

/// Waiting tickets shown per queue, at most.
pub const QUEUE_MAX: usize = 200;

/// `GET /routing/queue`: per team, the tickets routing will assign when an agent can
/// take them, oldest first. Managers and admins.
pub async fn queue<S: RuleStore>(store: &S, caller: &Caller) -> AppResult<Vec<Queue>> {
    require_manager(caller, MANAGERS_VIEW)?;
    let (settings, _) = store.routing(&caller.org_id).await?;
    let mut queues: Vec<Queue> = Vec::new();
    for t in store.waiting(&caller.org_id, 5 * QUEUE_MAX).await? {
        if !routing::waits(&settings, &t) {
            continue;
        }
        let at = match queues.iter().position(|q| q.team_id == t.team_id) {
            Some(at) => at,
            None => {
                queues.push(Queue {
                    team_id: t.team_id.clone(),
                    mode: settings.policy(t.team_id.as_ref()).mode,
                    tickets: Vec::new(),
                });
                queues.len() - 1
            }
        };
        if queues[at].tickets.len() < QUEUE_MAX {
            queues[at].tickets.push(Waiting {
                ticket_id: t.id,
                number: t.number,
                subject: t.subject,
                priority: t.priority,
                created_at: t.created_at,
            });
        }
    }
    Ok(queues)
}

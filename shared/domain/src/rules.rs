//! Rules an admin writes: **triggers**, run on every change a person makes to a ticket,
//! in order, each seeing the changes of the ones before it.
//!
//! A rule is `conditions` (`all` must hold, and one of `any` when it is not empty) and
//! `actions`. Both are typed here and checked on save ([`check`]); [`run`] is the pure
//! evaluation the router consumer and the dry run share. Loops cannot happen: a run
//! evaluates each enabled rule once, and the write it produces is marked as the rules'
//! own ([`crate::events::Origin::Rules`]), which starts no new run.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::audit::FieldChange;
use crate::events::{Event, Origin};
use crate::{DomainError, FieldError, Priority, RuleId, Status, TeamId, Ticket, UserId};

/// Rules per org and kind.
pub const RULES_MAX: usize = 100;
/// Conditions in `all`, and in `any`.
pub const CONDITIONS_MAX: usize = 20;
pub const ACTIONS_MAX: usize = 10;
pub const RULE_NAME_MAX: usize = 100;
/// A condition's or an action's text value.
pub const VALUE_MAX: usize = 200;
/// The text of an `add_note` action.
pub const NOTE_MAX: usize = 5000;
/// Tickets a dry run looks at, at most.
pub const DRY_RUN_MAX: usize = 500;

/// What a condition looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Field {
    Status,
    Priority,
    Channel,
    Category,
    Tags,
    Subject,
    /// The ticket's first message.
    Description,
    /// The part of the customer's email after `@`.
    CustomerEmailDomain,
    Assignee,
    Team,
    HoursSinceCreated,
    HoursSinceUpdated,
}

/// How a condition compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Op {
    Is,
    IsNot,
    /// Text (case-insensitive) or a tag.
    Contains,
    NotContains,
    IsSet,
    NotSet,
    /// Hours: greater than.
    Gt,
    /// Hours: less than.
    Lt,
    /// The change that started the run changed the field (triggers only).
    Changed,
    ChangedFrom,
    ChangedTo,
}

/// A condition's value: text, or a number of hours.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Operand {
    Number(f64),
    Text(String),
}

impl Operand {
    fn text(&self) -> Option<&str> {
        match self {
            Self::Text(t) => Some(t),
            Self::Number(_) => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Condition {
    pub field: Field,
    pub op: Op,
    /// Absent for `is_set`, `not_set` and `changed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Operand>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Conditions {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 20))]
    pub all: Vec<Condition>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 20))]
    pub any: Vec<Condition>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ActionType {
    SetStatus,
    SetPriority,
    /// `value` absent or null clears it.
    SetCategory,
    /// A team id; absent or null clears it.
    SetTeam,
    /// An agent id; absent or null unassigns.
    SetAssignee,
    AddTag,
    RemoveTag,
    /// An internal note with `value` as its text.
    AddNote,
    /// Assign by the routing settings of the ticket's team (`GET /routing`).
    Route,
    /// A public reply with `value` as its text: macros only (rules never write to a
    /// customer on their own).
    AddReply,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Action {
    #[serde(rename = "type")]
    pub kind: ActionType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 5000))]
    pub value: Option<String>,
}

/// A saved rule. Its place in the list is its order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rule {
    pub id: RuleId,
    pub name: String,
    pub enabled: bool,
    pub conditions: Conditions,
    pub actions: Vec<Action>,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub updated_at: OffsetDateTime,
    /// Grows with every edit of this rule (`ETag`, `If-Match`).
    pub version: u64,
}

/// An org's rules of one kind, in order, with the version `If-Match` names.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    pub version: u64,
}

/// Triggers run on people's changes; automations on the hourly schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Trigger,
    Automation,
}

impl Kind {
    /// What a problem calls it.
    pub fn what(self) -> &'static str {
        match self {
            Self::Trigger => "trigger",
            Self::Automation => "automation",
        }
    }
}

/// What a rule is, as a client sends it (create, or the whole rule for a dry run).
#[derive(Debug, Clone)]
pub struct RuleInput {
    pub name: String,
    pub enabled: bool,
    pub conditions: Conditions,
    pub actions: Vec<Action>,
}

/// Checks a rule; every problem is named by its field (`conditions.all[0].value`).
/// The shape (names, lengths) is the schema's (400); what only the rules know is 422.
pub fn check(input: &RuleInput) -> Result<(), DomainError> {
    if !crate::input::text(&input.name, RULE_NAME_MAX) {
        return Err(DomainError::field(
            "name",
            &format!("1 to {RULE_NAME_MAX} characters, not all blank"),
        ));
    }
    let mut errors = Vec::new();
    for (list, conds) in [("all", &input.conditions.all), ("any", &input.conditions.any)] {
        if conds.len() > CONDITIONS_MAX {
            errors.push(FieldError::new(
                format!("conditions.{list}"),
                format!("at most {CONDITIONS_MAX} conditions"),
            ));
        }
        for (i, c) in conds.iter().enumerate() {
            if let Err(why) = check_condition(c) {
                errors.push(FieldError::new(format!("conditions.{list}[{i}]"), why));
            }
        }
    }
    if input.actions.is_empty() || input.actions.len() > ACTIONS_MAX {
        errors.push(FieldError::new("actions", format!("1 to {ACTIONS_MAX} actions")));
    }
    for (i, a) in input.actions.iter().enumerate() {
        if a.kind == ActionType::AddReply {
            errors.push(FieldError::new(
                format!("actions[{i}].type"),
                "rules do not write to customers: add_reply is for macros",
            ));
        } else if let Err(why) = check_action(a) {
            errors.push(FieldError::new(format!("actions[{i}].value"), why));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(DomainError::Unprocessable(errors))
    }
}

/// An automation's own rules, on top of [`check`]: no `changed*` conditions (a
/// scheduled run has no change), and one condition in `all` that its own actions make
/// false, so it acts once per ticket instead of every hour (`status is pending` with
/// `set_status closed`; `tags not_contains x` with `add_tag x`). Hours never count:
/// they start again after any write.
pub fn check_automation(input: &RuleInput) -> Result<(), DomainError> {
    check(input)?;
    let mut errors = Vec::new();
    for (list, conds) in [("all", &input.conditions.all), ("any", &input.conditions.any)] {
        for (i, c) in conds.iter().enumerate() {
            if matches!(c.op, Op::Changed | Op::ChangedFrom | Op::ChangedTo) {
                errors.push(FieldError::new(
                    format!("conditions.{list}[{i}]"),
                    "automations run on a schedule: nothing changed, so changed conditions never hold",
                ));
            }
        }
    }
    if errors.is_empty() && !input.conditions.all.iter().any(|c| nullified(c, &input.actions)) {
        errors.push(FieldError::new(
            "conditions.all",
            "needs a condition its own actions make false (e.g. status is pending with set_status closed), so it acts once per ticket",
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(DomainError::Unprocessable(errors))
    }
}

/// Whether the actions make the condition false on any ticket it held for.
fn nullified(c: &Condition, actions: &[Action]) -> bool {
    let text = c.value.as_ref().and_then(Operand::text).unwrap_or_default();
    // The last value the actions give a field (`Some(None)`: cleared).
    let last = |kinds: &[ActionType]| {
        actions.iter().rev().find(|a| kinds.contains(&a.kind)).map(|a| {
            if a.kind == ActionType::Route {
                Some("routed")
            } else {
                a.value.as_deref()
            }
        })
    };
    let after = match c.field {
        Field::Status => last(&[ActionType::SetStatus]),
        Field::Priority => last(&[ActionType::SetPriority]),
        Field::Category => last(&[ActionType::SetCategory]),
        Field::Team => last(&[ActionType::SetTeam]),
        // Routing may find nobody: only a named agent surely changes `is`/`is_not`.
        Field::Assignee if c.op == Op::NotSet => last(&[ActionType::SetAssignee, ActionType::Route]),
        Field::Assignee => last(&[ActionType::SetAssignee]),
        Field::Tags => {
            let tagged = |kind| {
                actions
                    .iter()
                    .any(|a| a.kind == kind && a.value.as_deref().is_some_and(|v| v.eq_ignore_ascii_case(text)))
            };
            return match c.op {
                Op::Contains => tagged(ActionType::RemoveTag),
                Op::NotContains => tagged(ActionType::AddTag),
                _ => false,
            };
        }
        _ => None,
    };
    let Some(value) = after else { return false };
    let same = value.is_some_and(|v| v.eq_ignore_ascii_case(text));
    match c.op {
        Op::Is => !same,
        Op::IsNot => same,
        Op::IsSet => value.is_none(),
        Op::NotSet => value.is_some(),
        _ => false,
    }
}

fn check_condition(c: &Condition) -> Result<(), String> {
    use Field as F;
    use Op::*;
    let ops: &[Op] = match c.field {
        F::Status | F::Priority => &[Is, IsNot, Changed, ChangedFrom, ChangedTo],
        F::Channel | F::CustomerEmailDomain => &[Is, IsNot],
        F::Category | F::Assignee | F::Team => &[Is, IsNot, IsSet, NotSet, Changed, ChangedFrom, ChangedTo],
        F::Tags | F::Subject | F::Description => &[Contains, NotContains],
        F::HoursSinceCreated | F::HoursSinceUpdated => &[Gt, Lt],
    };
    if !ops.contains(&c.op) {
        let names: Vec<String> = ops.iter().map(json_name).collect();
        return Err(format!("{} takes {}", json_name(&c.field), names.join(", ")));
    }
    let value = c.value.as_ref();
    match c.op {
        IsSet | NotSet | Changed => {
            return if value.is_none() {
                Ok(())
            } else {
                Err(format!("{} takes no value", json_name(&c.op)))
            };
        }
        Gt | Lt => {
            return match value {
                Some(Operand::Number(h)) if h.is_finite() && *h >= 0.0 && *h <= 24.0 * 3650.0 => Ok(()),
                _ => Err("a number of hours, 0 or more".into()),
            };
        }
        _ => {}
    }
    let Some(text) = value.and_then(Operand::text).filter(|t| !t.trim().is_empty()) else {
        return Err("a text value".into());
    };
    if text.chars().count() > VALUE_MAX {
        return Err(format!("at most {VALUE_MAX} characters"));
    }
    let known = match c.field {
        F::Status => parse_enum::<Status>(text).is_some(),
        F::Priority => parse_enum::<Priority>(text).is_some(),
        F::Channel => parse_enum::<crate::Channel>(text).is_some(),
        F::Tags => crate::input::tag(text),
        F::Assignee => UserId::parse(text).is_ok(),
        F::Team => TeamId::parse(text).is_ok(),
        _ => true,
    };
    if known {
        Ok(())
    } else {
        Err(format!("not a valid {}", json_name(&c.field)))
    }
}

pub(crate) fn check_action(a: &Action) -> Result<(), String> {
    let value = a.value.as_deref();
    let needs_text = |max: usize| match value {
        Some(v) if crate::input::text(v, max) => Ok(v),
        _ => Err(format!("1 to {max} characters, not all blank")),
    };
    match a.kind {
        ActionType::SetStatus => match needs_text(VALUE_MAX).map(parse_enum::<Status>)? {
            Some(Status::New) => Err("a ticket never returns to new".into()),
            Some(_) => Ok(()),
            None => Err("a status: open, pending, on_hold, resolved or closed".into()),
        },
        ActionType::SetPriority => match needs_text(VALUE_MAX).map(parse_enum::<Priority>)? {
            Some(_) => Ok(()),
            None => Err("a priority: low, normal, high or urgent".into()),
        },
        ActionType::SetCategory => match value {
            Some(v) if v.chars().count() > crate::input::CATEGORY_MAX => {
                Err(format!("at most {} characters", crate::input::CATEGORY_MAX))
            }
            _ => Ok(()),
        },
        ActionType::SetTeam => match value {
            Some(v) if TeamId::parse(v).is_err() => Err("a team id".into()),
            _ => Ok(()),
        },
        ActionType::SetAssignee => match value {
            Some(v) if UserId::parse(v).is_err() => Err("an agent id".into()),
            _ => Ok(()),
        },
        ActionType::AddTag | ActionType::RemoveTag => match value {
            Some(v) if crate::input::tag(v) => Ok(()),
            _ => Err(format!(
                "a tag: 1 to {} letters, digits, '-', '_' or '.'",
                crate::input::TAG_MAX
            )),
        },
        ActionType::AddNote | ActionType::AddReply => needs_text(NOTE_MAX).map(|_| ()),
        ActionType::Route => match value {
            None => Ok(()),
            Some(_) => Err("route takes no value".into()),
        },
    }
}

/// A snake_case name as the wire spells it.
fn json_name<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn parse_enum<T: serde::de::DeserializeOwned>(s: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(s.to_owned())).ok()
}

/// What a run sees: the ticket (as the rules before have left it) and what started it.
#[derive(Debug, Clone)]
pub struct Facts<'a> {
    pub ticket: Ticket,
    /// The first message's text, when known.
    pub description: Option<&'a str>,
    pub customer_email: Option<&'a str>,
    /// What the change that started the run changed; empty for a new ticket.
    pub changes: &'a [FieldChange],
    pub now: OffsetDateTime,
}

/// The ticket field an audit entry's [`FieldChange`] names for a condition's field.
fn change_name(f: Field) -> Option<&'static str> {
    Some(match f {
        Field::Status => "status",
        Field::Priority => "priority",
        Field::Category => "category",
        Field::Assignee => "assignee_id",
        Field::Team => "team_id",
        _ => return None,
    })
}

/// Whether one condition holds.
pub fn holds(c: &Condition, f: &Facts<'_>) -> bool {
    let t = &f.ticket;
    let text = c.value.as_ref().and_then(Operand::text).unwrap_or_default();
    let hours = match &c.value {
        Some(Operand::Number(h)) => *h,
        _ => 0.0,
    };
    let same = |s: &str| s.eq_ignore_ascii_case(text);
    let contains = |hay: &str| hay.to_lowercase().contains(&text.to_lowercase());
    let scalar: Option<String> = match c.field {
        Field::Status => Some(t.status.as_str().into()),
        Field::Priority => Some(t.priority.as_str().into()),
        Field::Channel => Some(json_name(&t.channel)),
        Field::Category => t.category.clone(),
        Field::Assignee => t.assignee_id.as_ref().map(ToString::to_string),
        Field::Team => t.team_id.as_ref().map(ToString::to_string),
        Field::CustomerEmailDomain => f
            .customer_email
            .and_then(|e| e.rsplit_once('@'))
            .map(|(_, d)| d.to_owned()),
        _ => None,
    };
    match c.op {
        Op::Is => scalar.as_deref().is_some_and(same),
        Op::IsNot => !scalar.as_deref().is_some_and(same),
        Op::IsSet => scalar.is_some(),
        Op::NotSet => scalar.is_none(),
        Op::Contains | Op::NotContains => {
            let found = match c.field {
                Field::Tags => t.tags.iter().any(|g| same(g)),
                Field::Subject => contains(&t.subject),
                Field::Description => f.description.is_some_and(contains),
                _ => false,
            };
            found == (c.op == Op::Contains)
        }
        Op::Gt | Op::Lt => {
            let since = match c.field {
                Field::HoursSinceCreated => t.created_at,
                _ => t.updated_at,
            };
            let elapsed = (f.now - since).as_seconds_f64() / 3600.0;
            if c.op == Op::Gt {
                elapsed > hours
            } else {
                elapsed < hours
            }
        }
        Op::Changed | Op::ChangedFrom | Op::ChangedTo => {
            let Some(name) = change_name(c.field) else { return false };
            let Some(ch) = f.changes.iter().find(|ch| ch.field == name) else {
                return false;
            };
            let side = |v: &serde_json::Value| v.as_str().is_some_and(same);
            match c.op {
                Op::ChangedFrom => side(&ch.from),
                Op::ChangedTo => side(&ch.to),
                _ => true,
            }
        }
    }
}

/// Whether a rule's conditions hold.
pub fn matches(c: &Conditions, f: &Facts<'_>) -> bool {
    c.all.iter().all(|c| holds(c, f)) && (c.any.is_empty() || c.any.iter().any(|c| holds(c, f)))
}

/// A rule that fired.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Fired {
    pub id: RuleId,
    pub name: String,
}

/// What a run asks of the ticket: the last value each action set, the notes to add,
/// whether to route it, and the rules that fired. Written as one change
/// ([`crate::lifecycle::Command::Apply`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Effects {
    pub status: Option<Status>,
    pub priority: Option<Priority>,
    pub category: Option<Option<String>>,
    pub tags: Option<Vec<String>>,
    pub team: Option<Option<TeamId>>,
    pub assignee: Option<Option<UserId>>,
    pub notes: Vec<String>,
    pub route: bool,
    pub fired: Vec<Fired>,
    /// Why, for the audit trail ("trigger refunds", "round robin, team Billing").
    pub reason: Vec<String>,
}

impl Effects {
    pub fn is_empty(&self) -> bool {
        *self
            == Self {
                fired: self.fired.clone(),
                reason: self.reason.clone(),
                ..Self::default()
            }
    }
}

/// Applies actions to the working ticket and records them. Ids and values were checked
/// on save; one that no longer parses is skipped.
pub(crate) fn apply(actions: &[Action], t: &mut Ticket, fx: &mut Effects) {
    for a in actions {
        let v = a.value.as_deref();
        match a.kind {
            ActionType::SetStatus => {
                if let Some(s) = v.and_then(parse_enum::<Status>).filter(|s| *s != Status::New) {
                    t.status = s;
                    fx.status = Some(s);
                }
            }
            ActionType::SetPriority => {
                if let Some(p) = v.and_then(parse_enum::<Priority>) {
                    t.priority = p;
                    fx.priority = Some(p);
                }
            }
            ActionType::SetCategory => {
                let c = v.map(crate::ticket::single_line).filter(|c| !c.is_empty());
                t.category = c.clone();
                fx.category = Some(c);
            }
            ActionType::SetTeam => {
                let team = v.and_then(|v| TeamId::parse(v).ok());
                t.team_id = team.clone();
                fx.team = Some(team);
            }
            ActionType::SetAssignee => {
                let who = v.and_then(|v| UserId::parse(v).ok());
                t.assignee_id = who.clone();
                fx.assignee = Some(who);
            }
            ActionType::AddTag | ActionType::RemoveTag => {
                let Some(tag) = v.filter(|v| crate::input::tag(v)).map(str::to_ascii_lowercase) else {
                    continue;
                };
                let had = t.tags.contains(&tag);
                if a.kind == ActionType::AddTag && !had && t.tags.len() < crate::input::TAGS_MAX {
                    t.tags.push(tag);
                } else if a.kind == ActionType::RemoveTag && had {
                    t.tags.retain(|g| *g != tag);
                }
                fx.tags = Some(t.tags.clone());
            }
            ActionType::AddNote => {
                if let Some(n) = v.filter(|n| crate::input::text(n, NOTE_MAX)) {
                    fx.notes.push(n.trim().to_owned());
                }
            }
            ActionType::Route => fx.route = true,
            // A macro's message: [`crate::macros::run`] takes it.
            ActionType::AddReply => {}
        }
    }
}

/// Runs the enabled rules in order on `facts`, each once, each seeing what the ones
/// before it changed. Pure: the same rules and facts give the same effects.
pub fn run(rules: &[Rule], facts: Facts<'_>) -> Effects {
    run_as(Kind::Trigger, rules, facts)
}

/// [`run`] for rules of `kind`: the audit's reason names them so.
pub fn run_as(kind: Kind, rules: &[Rule], mut facts: Facts<'_>) -> Effects {
    let mut fx = Effects::default();
    for r in rules.iter().filter(|r| r.enabled) {
        if matches(&r.conditions, &facts) {
            apply(&r.actions, &mut facts.ticket, &mut fx);
            fx.fired.push(Fired {
                id: r.id,
                name: r.name.clone(),
            });
            fx.reason.push(format!("{} {}", kind.what(), r.name));
        }
    }
    fx
}

/// Whether an event starts a trigger run, and what its change changed: a person's
/// change (never the rules' own) to a ticket that is not closed. `None`: no run.
pub fn starts_run(e: &Event) -> Option<Vec<FieldChange>> {
    use crate::events::EventPayload as P;
    if e.origin != Origin::Person || e.ticket().is_none_or(|t| t.status == Status::Closed) {
        return None;
    }
    match &e.payload {
        P::TicketCreated { .. } | P::InteractionAdded { .. } => Some(Vec::new()),
        P::TicketUpdated { changes, .. } => Some(changes.clone()),
        P::TicketStatusChanged { from, to, .. } => Some(vec![FieldChange::new("status", from, to)]),
        P::TicketAssigned {
            ticket,
            previous_assignee_id,
            previous_team_id,
        } => {
            let mut changes = Vec::new();
            if *previous_assignee_id != ticket.assignee_id {
                changes.push(FieldChange::new(
                    "assignee_id",
                    previous_assignee_id,
                    &ticket.assignee_id,
                ));
            }
            if *previous_team_id != ticket.team_id {
                changes.push(FieldChange::new("team_id", previous_team_id, &ticket.team_id));
            }
            Some(changes)
        }
        _ => None,
    }
}

/// One ticket a dry run matched, and what the rule would change on it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DryRunMatch {
    pub ticket_id: crate::TicketId,
    pub number: crate::TicketNumber,
    pub subject: String,
    /// The fields the rule would change, from and to.
    pub changes: Vec<FieldChange>,
    /// It would add an internal note.
    pub note: bool,
    /// It would be routed (assigned by the routing settings).
    pub route: bool,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DryRun {
    /// Tickets looked at: the org's most recently updated.
    pub checked: usize,
    pub matches: Vec<DryRunMatch>,
}

/// Where a rule goes in its list: `position` (0 is first), else last.
pub fn place(rules: &mut Vec<Rule>, rule: Rule, position: Option<usize>) {
    let at = position.unwrap_or(rules.len()).min(rules.len());
    rules.insert(at, rule);
}

#[cfg(test)]
pub(crate) mod tests_support {
    use super::*;
    use crate::{Caller, Role};

    pub(crate) fn ticket() -> Ticket {
        let org = crate::OrgId::parse("10001").unwrap();
        let caller = Caller {
            user_id: UserId::parse("cust-1").unwrap(),
            org_id: org.clone(),
            role: Role::Customer,
            email: Some("ann@example.com".into()),
        };
        let input = crate::ticket::NewTicketInput {
            subject: "Refund please".into(),
            description: "I was charged twice".into(),
            ..Default::default()
        };
        let new = crate::NewTicket::parse(input, &caller).unwrap();
        new.open(
            &caller,
            crate::TicketId::new(),
            crate::TicketNumber::new(1),
            OffsetDateTime::UNIX_EPOCH,
        )
        .ticket
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    use super::tests_support::ticket;

    fn cond(field: Field, op: Op, value: Option<&str>) -> Condition {
        Condition {
            field,
            op,
            value: value.map(|v| Operand::Text(v.into())),
        }
    }

    fn action(kind: ActionType, value: Option<&str>) -> Action {
        Action {
            kind,
            value: value.map(Into::into),
        }
    }

    fn rule(name: &str, all: Vec<Condition>, actions: Vec<Action>) -> Rule {
        Rule {
            id: RuleId::new(),
            name: name.into(),
            enabled: true,
            conditions: Conditions { all, any: vec![] },
            actions,
            created_at: OffsetDateTime::UNIX_EPOCH,
            updated_at: OffsetDateTime::UNIX_EPOCH,
            version: 1,
        }
    }

    fn facts(t: Ticket) -> Facts<'static> {
        Facts {
            ticket: t,
            description: Some("I was charged twice"),
            customer_email: Some("ann@shop.example"),
            changes: &[],
            now: OffsetDateTime::UNIX_EPOCH + time::Duration::hours(3),
        }
    }

    #[test]
    fn the_issue_s_refund_rule_tags_raises_and_sends_to_billing() {
        let billing = TeamId::parse("billing").unwrap();
        let r = rule(
            "refunds",
            vec![cond(Field::Subject, Op::Contains, Some("REFUND"))],
            vec![
                action(ActionType::AddTag, Some("refund")),
                action(ActionType::SetPriority, Some("high")),
                action(ActionType::SetTeam, Some("billing")),
            ],
        );
        let fx = run(&[r], facts(ticket()));
        assert_eq!(fx.tags, Some(vec!["refund".to_owned()]));
        assert_eq!(fx.priority, Some(Priority::High));
        assert_eq!(fx.team, Some(Some(billing)));
        assert_eq!(fx.fired.len(), 1);
    }

    #[test]
    fn later_rules_see_earlier_changes_and_disabled_rules_never_fire() {
        let first = rule(
            "tag",
            vec![cond(Field::Description, Op::Contains, Some("charged"))],
            vec![action(ActionType::AddTag, Some("billing"))],
        );
        let second = rule(
            "urgent billing",
            vec![cond(Field::Tags, Op::Contains, Some("billing"))],
            vec![action(ActionType::SetPriority, Some("urgent"))],
        );
        let mut off = rule("off", vec![], vec![action(ActionType::SetStatus, Some("closed"))]);
        off.enabled = false;
        let fx = run(&[first.clone(), second.clone(), off], facts(ticket()));
        assert_eq!(fx.priority, Some(Priority::Urgent));
        assert_eq!(fx.status, None);
        // In the other order the second rule does not see the tag yet.
        let fx = run(&[second, first], facts(ticket()));
        assert_eq!(fx.priority, None);
    }

    #[test]
    fn any_needs_one_and_domains_hours_and_changes_compare_as_documented() {
        let mut r = rule("d", vec![], vec![action(ActionType::AddTag, Some("vip"))]);
        r.conditions.any = vec![
            cond(Field::CustomerEmailDomain, Op::Is, Some("SHOP.example")),
            cond(Field::Channel, Op::Is, Some("phone")),
        ];
        assert!(matches(&r.conditions, &facts(ticket())));
        r.conditions.any.remove(0);
        assert!(!matches(&r.conditions, &facts(ticket())));
        let hours = |op, h| Condition {
            field: Field::HoursSinceCreated,
            op,
            value: Some(Operand::Number(h)),
        };
        assert!(holds(&hours(Op::Gt, 2.5), &facts(ticket())));
        assert!(!holds(&hours(Op::Lt, 2.5), &facts(ticket())));
        let changes = [FieldChange::new("status", &Status::Open, &Status::Pending)];
        let f = Facts {
            changes: &changes,
            ..facts(ticket())
        };
        assert!(holds(&cond(Field::Status, Op::ChangedTo, Some("pending")), &f));
        assert!(holds(&cond(Field::Status, Op::ChangedFrom, Some("open")), &f));
        assert!(!holds(&cond(Field::Priority, Op::Changed, None), &f));
    }

    #[test]
    fn saving_names_each_broken_condition_and_action() {
        let input = RuleInput {
            name: "bad".into(),
            enabled: true,
            conditions: Conditions {
                all: vec![
                    cond(Field::Priority, Op::Contains, Some("x")),
                    cond(Field::Status, Op::Is, Some("sleeping")),
                ],
                any: vec![Condition {
                    field: Field::HoursSinceUpdated,
                    op: Op::Gt,
                    value: Some(Operand::Number(-1.0)),
                }],
            },
            actions: vec![
                action(ActionType::SetStatus, Some("new")),
                action(ActionType::AddTag, Some("no spaces")),
                action(ActionType::Route, None),
            ],
        };
        let Err(DomainError::Unprocessable(errors)) = check(&input) else {
            panic!("expected 422");
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "conditions.all[0]",
                "conditions.all[1]",
                "conditions.any[0]",
                "actions[0].value",
                "actions[1].value"
            ]
        );
        assert!(matches!(
            check(&RuleInput {
                actions: vec![],
                ..input.clone()
            }),
            Err(DomainError::Unprocessable(_))
        ));
        assert!(matches!(
            check(&RuleInput {
                name: " ".into(),
                ..input
            }),
            Err(DomainError::Validation(_))
        ));
    }

    #[test]
    fn an_automation_needs_a_condition_its_actions_make_false() {
        let close_pending = RuleInput {
            name: "close pending".into(),
            enabled: true,
            conditions: Conditions {
                all: vec![
                    cond(Field::Status, Op::Is, Some("pending")),
                    Condition {
                        field: Field::HoursSinceUpdated,
                        op: Op::Gt,
                        value: Some(Operand::Number(72.0)),
                    },
                ],
                any: vec![],
            },
            actions: vec![action(ActionType::SetStatus, Some("closed"))],
        };
        assert!(check_automation(&close_pending).is_ok());
        // A note every hour, forever: refused.
        let nag = RuleInput {
            actions: vec![action(ActionType::AddNote, Some("still pending"))],
            ..close_pending.clone()
        };
        let Err(DomainError::Unprocessable(e)) = check_automation(&nag) else {
            panic!("expected 422");
        };
        assert_eq!(e[0].field, "conditions.all");
        // Tag once, or route the unassigned: fine.
        let tag_once = RuleInput {
            conditions: Conditions {
                all: vec![cond(Field::Tags, Op::NotContains, Some("stale"))],
                any: vec![],
            },
            actions: vec![action(ActionType::AddTag, Some("stale"))],
            ..close_pending.clone()
        };
        assert!(check_automation(&tag_once).is_ok());
        let escalate = RuleInput {
            conditions: Conditions {
                all: vec![cond(Field::Assignee, Op::NotSet, None)],
                any: vec![],
            },
            actions: vec![action(ActionType::Route, None)],
            ..close_pending.clone()
        };
        assert!(check_automation(&escalate).is_ok());
        let changed = RuleInput {
            conditions: Conditions {
                all: vec![cond(Field::Status, Op::ChangedTo, Some("pending"))],
                any: vec![],
            },
            ..close_pending
        };
        let Err(DomainError::Unprocessable(e)) = check_automation(&changed) else {
            panic!("expected 422");
        };
        assert_eq!(e[0].field, "conditions.all[0]");
    }

    fn any_condition() -> impl Strategy<Value = Condition> {
        let text = prop_oneof![Just("refund"), Just("vip"), Just("open"), Just("high"), Just("billing")];
        (0usize..6, 0usize..4, text).prop_map(|(f, o, v)| {
            let field = [
                Field::Status,
                Field::Priority,
                Field::Tags,
                Field::Subject,
                Field::Category,
                Field::Team,
            ][f];
            let op = match (field, o % 2) {
                (Field::Tags | Field::Subject, 0) => Op::Contains,
                (Field::Tags | Field::Subject, _) => Op::NotContains,
                (_, 0) => Op::Is,
                _ => Op::IsNot,
            };
            cond(field, op, Some(v))
        })
    }

    fn any_action() -> impl Strategy<Value = Action> {
        prop_oneof![
            prop_oneof![Just("open"), Just("pending"), Just("resolved")]
                .prop_map(|v| action(ActionType::SetStatus, Some(v))),
            prop_oneof![Just("low"), Just("high")].prop_map(|v| action(ActionType::SetPriority, Some(v))),
            prop_oneof![Just("refund"), Just("vip")].prop_map(|v| action(ActionType::AddTag, Some(v))),
            prop_oneof![Just("refund"), Just("vip")].prop_map(|v| action(ActionType::RemoveTag, Some(v))),
            prop_oneof![Just("billing"), Just("open")].prop_map(|v| action(ActionType::SetCategory, Some(v))),
            Just(action(ActionType::AddNote, Some("looked at"))),
        ]
    }

    fn any_rules() -> impl Strategy<Value = Vec<Rule>> {
        prop::collection::vec(
            (
                prop::collection::vec(any_condition(), 0..4),
                prop::collection::vec(any_action(), 1..4),
            ),
            0..12,
        )
        .prop_map(|rs| {
            rs.into_iter()
                .enumerate()
                .map(|(i, (all, actions))| rule(&format!("r{i}"), all, actions))
                .collect()
        })
    }

    proptest! {
        /// Rules that undo each other (tag / untag, open / resolve) still end: a run
        /// fires each rule at most once, its write is one change, and that change (the
        /// rules' own) starts no run. Over any sequence of people's changes, rule writes
        /// are at most one per change.
        #[test]
        fn any_rules_over_any_changes_end_with_at_most_one_rule_write_per_change(
            rules in any_rules(),
            changes in prop::collection::vec(any_action(), 1..20),
        ) {
            use crate::lifecycle::{Command, Decision, decide};
            use crate::Caller;
            let t0 = ticket;
            let now = || OffsetDateTime::UNIX_EPOCH + time::Duration::hours(3);
            let caller = Caller::system(t0().org_id.clone());
            let mut t = t0();
            // The changes people make, as events; the rules' writes go back on the bus.
            let mut bus: Vec<Event> = Vec::new();
            let (mut writes, mut steps) = (0usize, 0usize);
            for change in &changes {
                let mut fx = Effects::default();
                apply(std::slice::from_ref(change), &mut t.clone(), &mut fx);
                let Ok(Decision::Changed(o)) = decide(&t, Command::Apply(Box::new(fx)), &caller, now()) else {
                    continue;
                };
                t = o.ticket;
                // A person's change: as the API would emit it.
                bus.extend(o.events.into_iter().map(|e| Event { origin: Origin::Person, ..e }));
                while let Some(e) = bus.pop() {
                    steps += 1;
                    prop_assert!(steps <= 10 * changes.len(), "the events did not end");
                    let Some(seen) = starts_run(&e) else { continue };
                    let fx = run(&rules, Facts { changes: &seen, ..facts(t.clone()) });
                    prop_assert!(fx.fired.len() <= rules.len());
                    let mut ids: Vec<_> = fx.fired.iter().map(|f| f.id).collect();
                    ids.sort();
                    ids.dedup();
                    prop_assert_eq!(ids.len(), fx.fired.len(), "a rule fired twice in one run");
                    if let Ok(Decision::Changed(o)) = decide(&t, Command::Apply(Box::new(fx)), &caller, now()) {
                        writes += 1;
                        prop_assert!(o.events.iter().all(|e| starts_run(e).is_none()));
                        t = o.ticket;
                        bus.extend(o.events);
                    }
                }
            }
            // At most one rule write per event a person's change emitted (4 at most).
            prop_assert!(writes <= 4 * changes.len());
        }

        /// The evaluation is a function of its input.
        #[test]
        fn a_run_is_deterministic(rules in any_rules()) {
            prop_assert_eq!(run(&rules, facts(ticket())), run(&rules, facts(ticket())));
        }
    }
}

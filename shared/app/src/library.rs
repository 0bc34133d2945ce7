//! Canned responses and macros: what an agent keeps or a manager shares, rendered for a
//! ticket with its values now, and macros applied as one change.
//!
//! Visibility is [`helpdesk_domain::canned::Sharing`]'s: an item the caller may not see
//! answers 404 like one that does not exist (a personal item stays its author's).

use std::collections::BTreeMap;

use helpdesk_domain::access::require_staff;
use helpdesk_domain::canned::{
    ANSWER_MAX, CANNED_MAX, CannedResponse, Shared, Sharing, Values, check_labels, check_sharing,
};
use helpdesk_domain::lifecycle::Command;
use helpdesk_domain::macros::{self, MACROS_MAX, Macro};
use helpdesk_domain::rules::{Action, ActionType};
use helpdesk_domain::{Caller, CannedId, DomainError, FieldError, MacroId, TeamId, Ticket, UserId};
use helpdesk_store::{Expect, LibraryStore, MustExist, PeopleReads, SettingsReads, TicketReads, TicketWrites};
use time::OffsetDateTime;

use crate::tickets::{Changed, TicketRef, change_with, resolve};
use crate::{AppError, AppResult};

const CANNED: &str = "canned response";
const MACRO: &str = "macro";

/// The teams `caller` belongs to.
async fn teams_of(store: &impl PeopleReads, caller: &Caller) -> helpdesk_store::StoreResult<Vec<TeamId>> {
    Ok(store
        .list_teams(&caller.org_id)
        .await?
        .into_iter()
        .filter(|t| t.members.contains(&caller.user_id))
        .map(|t| t.id)
        .collect())
}

/// A team share must name a team of the org (422 on `team_id`).
async fn check_team(store: &impl PeopleReads, caller: &Caller, team: Option<&TeamId>) -> AppResult<()> {
    if let Some(t) = team
        && store.get_team(&caller.org_id, t).await?.is_none()
    {
        return Err(DomainError::unprocessable("team_id", "no such team in the org").into());
    }
    Ok(())
}

/// A body's template problems as a 422 on `field`, or its prompts.
fn check_body(field: &str, body: &str) -> AppResult<Vec<String>> {
    if !helpdesk_domain::input::text(body, helpdesk_domain::input::BODY_MAX) {
        return Err(DomainError::field(
            field,
            &format!("1 to {} characters, not all blank", helpdesk_domain::input::BODY_MAX),
        )
        .into());
    }
    helpdesk_mail::canned::check(body).map_err(|e| DomainError::unprocessable(field, &e).into())
}

/// How an item is shared, as a client sends it.
#[derive(Debug, Clone, Default)]
pub struct ShareInput {
    pub shared: Option<Shared>,
    /// `Some(None)` clears.
    pub team_id: Option<Option<String>>,
}

impl ShareInput {
    /// The sharing after this input on `current` (default: personal, no team).
    fn resolve(&self, current: Option<(Shared, Option<TeamId>)>) -> AppResult<(Shared, Option<TeamId>)> {
        let (shared, team) = current.unwrap_or_default();
        let shared = self.shared.unwrap_or(shared);
        let team = match &self.team_id {
            // The form of an id is the schema's: 400.
            Some(Some(t)) => Some(TeamId::parse(t).map_err(|_| DomainError::field("team_id", "a team id"))?),
            Some(None) => None,
            // Leaving a team share drops its team.
            None if shared == Shared::Team => team,
            None => None,
        };
        Ok((shared, team))
    }
}

// ---- canned responses ----

/// A canned response as sent: create gives title and body; an edit what changes.
#[derive(Debug, Clone, Default)]
pub struct CannedInput {
    pub title: Option<String>,
    pub body: Option<String>,
    /// `Some(None)` clears.
    pub folder: Option<Option<String>>,
    pub share: ShareInput,
}

/// `GET /canned-responses`: those the caller sees, by folder and title; `q` narrows by
/// title.
pub async fn list_canned<S: LibraryStore + PeopleReads>(
    store: &S,
    caller: &Caller,
    q: Option<&str>,
) -> AppResult<Vec<CannedResponse>> {
    require_staff(caller, "only staff use canned responses")?;
    let (all, teams) = futures::try_join!(store.canned(&caller.org_id), teams_of(store, caller))?;
    let q = q.map(str::to_lowercase).filter(|q| !q.trim().is_empty());
    let mut out: Vec<CannedResponse> = all
        .into_iter()
        .filter(|c| c.sharing().visible_to(caller, &teams))
        .filter(|c| q.as_ref().is_none_or(|q| c.title.to_lowercase().contains(q.trim())))
        .collect();
    out.sort_by(|a, b| {
        (a.folder.as_deref().unwrap_or(""), a.title.to_lowercase())
            .cmp(&(b.folder.as_deref().unwrap_or(""), b.title.to_lowercase()))
    });
    Ok(out)
}

pub async fn get_canned<S: LibraryStore + PeopleReads>(
    store: &S,
    caller: &Caller,
    id: &str,
) -> AppResult<CannedResponse> {
    require_staff(caller, "only staff use canned responses")?;
    let id = CannedId::parse(id).map_err(|_| AppError::NotFound(CANNED))?;
    let (c, teams) = futures::try_join!(store.get_canned(&caller.org_id, id), teams_of(store, caller))?;
    c.filter(|c| c.sharing().visible_to(caller, &teams))
        .ok_or(AppError::NotFound(CANNED))
}

/// `POST /canned-responses`: personal by default; managers share with a team or the org.
pub async fn create_canned<S: LibraryStore + PeopleReads>(
    store: &S,
    caller: &Caller,
    input: CannedInput,
) -> AppResult<CannedResponse> {
    let (shared, team_id) = input.share.resolve(None)?;
    check_sharing(caller, shared, team_id.as_ref())?;
    let title = input.title.unwrap_or_default();
    let (title, folder) = check_labels(&title, input.folder.flatten().as_deref())?;
    let body = input.body.unwrap_or_default();
    let asks = check_body("body", &body)?;
    check_team(store, caller, team_id.as_ref()).await?;
    if store.canned(&caller.org_id).await?.len() >= CANNED_MAX {
        return Err(
            DomainError::unprocessable("body", &format!("at most {CANNED_MAX} canned responses per org")).into(),
        );
    }
    let now = OffsetDateTime::now_utc();
    let c = CannedResponse {
        id: CannedId::new(),
        title,
        body,
        folder,
        shared,
        team_id,
        author_id: caller.user_id.clone(),
        asks,
        usage_count: 0,
        created_at: now,
        updated_at: now,
        version: 1,
    };
    store.put_canned(&caller.org_id, &c, Expect::New).await?;
    Ok(c)
}

/// An item the caller sees (else 404) and may change (else 403), at `if_match`.
fn changeable(
    caller: &Caller,
    s: Sharing<'_>,
    version: u64,
    if_match: Option<u64>,
    what: &'static str,
) -> AppResult<()> {
    if !s.changeable_by(caller) {
        return Err(
            DomainError::Forbidden("its author changes a personal item; managers and admins shared ones").into(),
        );
    }
    if if_match.is_some_and(|v| v != version) {
        return Err(AppError::Stale(what));
    }
    Ok(())
}

pub async fn update_canned<S: LibraryStore + PeopleReads>(
    store: &S,
    caller: &Caller,
    id: &str,
    if_match: Option<u64>,
    input: CannedInput,
) -> AppResult<CannedResponse> {
    let current = get_canned(store, caller, id).await?;
    // What was sent is checked first: a bad edit is 400 whatever the version.
    let title = input.title.unwrap_or_else(|| current.title.clone());
    let folder = input.folder.unwrap_or_else(|| current.folder.clone());
    let (title, folder) = check_labels(&title, folder.as_deref())?;
    let body = input.body.unwrap_or_else(|| current.body.clone());
    let asks = check_body("body", &body)?;
    let (shared, team_id) = input.share.resolve(Some((current.shared, current.team_id.clone())))?;
    changeable(caller, current.sharing(), current.version, if_match, CANNED)?;
    check_sharing(caller, shared, team_id.as_ref())?;
    check_team(store, caller, team_id.as_ref()).await?;
    let next = CannedResponse {
        title,
        body,
        folder,
        shared,
        team_id,
        asks,
        updated_at: OffsetDateTime::now_utc(),
        version: current.version + 1,
        ..current.clone()
    };
    store
        .put_canned(&caller.org_id, &next, Expect::Version(current.version))
        .await
        .map_err(|e| AppError::about(e, CANNED))?;
    Ok(next)
}

pub async fn delete_canned<S: LibraryStore + PeopleReads>(
    store: &S,
    caller: &Caller,
    id: &str,
    if_match: Option<u64>,
) -> AppResult<()> {
    let current = get_canned(store, caller, id).await?;
    changeable(caller, current.sharing(), current.version, if_match, CANNED)?;
    store
        .delete_canned(&caller.org_id, current.id, current.version)
        .await
        .map_err(|e| AppError::about(e, CANNED))
}

/// A body rendered for a ticket: the text, its prompts and those unanswered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedText {
    pub text: String,
    pub asks: Vec<String>,
    pub missing: Vec<String>,
}

/// The values of `ticket` now, as `caller` would send.
async fn values<S: PeopleReads + SettingsReads>(store: &S, caller: &Caller, ticket: &Ticket) -> AppResult<Values> {
    let (customer, agent, org) = futures::try_join!(
        store.get_customer(&caller.org_id, &ticket.customer_id),
        store.get_agent(&caller.org_id, &caller.user_id),
        store.org_mail(&caller.org_id),
    )?;
    Ok(Values {
        ticket_number: ticket.number.to_string(),
        ticket_subject: ticket.subject.clone(),
        ticket_status: ticket.status.as_str().to_owned(),
        ticket_priority: ticket.priority.as_str().to_owned(),
        customer_name: customer.as_ref().map(|c| c.name.clone()),
        customer_email: customer.as_ref().map(|c| c.email.as_str().to_owned()),
        agent_name: agent.map(|a| a.name),
        org_name: org.and_then(|o| o.name),
    })
}

fn check_answers(answers: &BTreeMap<String, String>) -> AppResult<()> {
    let too_long: Vec<FieldError> = answers
        .iter()
        .filter(|(_, v)| v.chars().count() > ANSWER_MAX)
        .map(|(k, _)| FieldError::new(format!("answers.{k}"), format!("at most {ANSWER_MAX} characters")))
        .collect();
    if too_long.is_empty() {
        Ok(())
    } else {
        Err(DomainError::Unprocessable(too_long).into())
    }
}

/// `POST /canned-responses/{id}/render`: the body for `ticket` with its values now and
/// the agent's `answers`; counts a use unless `preview`.
pub async fn render_canned<S: LibraryStore + PeopleReads + SettingsReads + TicketReads>(
    store: &S,
    caller: &Caller,
    id: &str,
    ticket: TicketRef,
    answers: &BTreeMap<String, String>,
    preview: bool,
) -> AppResult<RenderedText> {
    check_answers(answers)?;
    let c = get_canned(store, caller, id).await?;
    let ticket_id = resolve(store, caller, ticket).await?;
    let ticket = crate::tickets::visible(store, caller, ticket_id).await?;
    let v = values(store, caller, &ticket).await?;
    let r = helpdesk_mail::canned::render(&c.body, &v, answers)
        .map_err(|e| AppError::Rule(DomainError::unprocessable("body", &e)))?;
    if !preview {
        store.count_canned_use(&caller.org_id, c.id).await?;
    }
    Ok(RenderedText {
        text: r.text,
        asks: r.asks,
        missing: r.missing,
    })
}

// ---- macros ----

#[derive(Debug, Clone, Default)]
pub struct MacroInput {
    pub name: Option<String>,
    pub actions: Option<Vec<Action>>,
    pub share: ShareInput,
}

/// The agents and teams a macro names must be the org's; message bodies must render.
async fn check_macro<S: PeopleReads>(store: &S, caller: &Caller, name: &str, actions: &[Action]) -> AppResult<()> {
    macros::check(caller, name, actions)?;
    let mut errors = Vec::new();
    for (i, a) in actions.iter().enumerate() {
        let v = a.value.as_deref();
        let ok = match (a.kind, v) {
            (ActionType::SetTeam, Some(t)) => match TeamId::parse(t) {
                Ok(t) => store.get_team(&caller.org_id, &t).await?.is_some(),
                Err(_) => false,
            },
            (ActionType::SetAssignee, Some(u)) if u != macros::ME => match UserId::parse(u) {
                Ok(u) => store.get_agent(&caller.org_id, &u).await?.is_some(),
                Err(_) => false,
            },
            (ActionType::AddNote | ActionType::AddReply, Some(body)) => {
                if let Err(e) = helpdesk_mail::canned::check(body) {
                    errors.push(FieldError::new(format!("actions[{i}].value"), e));
                }
                true
            }
            _ => true,
        };
        if !ok {
            errors.push(FieldError::new(
                format!("actions[{i}].value"),
                "no such team or agent in the org",
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(DomainError::Unprocessable(errors).into())
    }
}

/// `GET /macros`: those the caller sees, by name.
pub async fn list_macros<S: LibraryStore + PeopleReads>(store: &S, caller: &Caller) -> AppResult<Vec<Macro>> {
    require_staff(caller, "only staff use macros")?;
    let (all, teams) = futures::try_join!(store.macros(&caller.org_id), teams_of(store, caller))?;
    let mut out: Vec<Macro> = all
        .into_iter()
        .filter(|m| m.sharing().visible_to(caller, &teams))
        .collect();
    out.sort_by_key(|m| m.name.to_lowercase());
    Ok(out)
}

pub async fn get_macro<S: LibraryStore + PeopleReads>(store: &S, caller: &Caller, id: &str) -> AppResult<Macro> {
    require_staff(caller, "only staff use macros")?;
    let id = MacroId::parse(id).map_err(|_| AppError::NotFound(MACRO))?;
    let (m, teams) = futures::try_join!(store.get_macro(&caller.org_id, id), teams_of(store, caller))?;
    m.filter(|m| m.sharing().visible_to(caller, &teams))
        .ok_or(AppError::NotFound(MACRO))
}

pub async fn create_macro<S: LibraryStore + PeopleReads>(
    store: &S,
    caller: &Caller,
    input: MacroInput,
) -> AppResult<Macro> {
    let (shared, team_id) = input.share.resolve(None)?;
    check_sharing(caller, shared, team_id.as_ref())?;
    let name = input.name.unwrap_or_default();
    let actions = input.actions.unwrap_or_default();
    check_macro(store, caller, &name, &actions).await?;
    check_team(store, caller, team_id.as_ref()).await?;
    if store.macros(&caller.org_id).await?.len() >= MACROS_MAX {
        return Err(DomainError::unprocessable("body", &format!("at most {MACROS_MAX} macros per org")).into());
    }
    let now = OffsetDateTime::now_utc();
    let m = Macro {
        id: MacroId::new(),
        name: name.trim().to_owned(),
        actions,
        shared,
        team_id,
        author_id: caller.user_id.clone(),
        usage_count: 0,
        created_at: now,
        updated_at: now,
        version: 1,
    };
    store.put_macro(&caller.org_id, &m, Expect::New).await?;
    Ok(m)
}

pub async fn update_macro<S: LibraryStore + PeopleReads>(
    store: &S,
    caller: &Caller,
    id: &str,
    if_match: Option<u64>,
    input: MacroInput,
) -> AppResult<Macro> {
    let current = get_macro(store, caller, id).await?;
    let name = input.name.unwrap_or_else(|| current.name.clone());
    let actions = input.actions.unwrap_or_else(|| current.actions.clone());
    // What was sent is checked first: a bad edit is 400 whatever the version.
    macros::check(caller, &name, &actions)?;
    let (shared, team_id) = input.share.resolve(Some((current.shared, current.team_id.clone())))?;
    changeable(caller, current.sharing(), current.version, if_match, MACRO)?;
    check_sharing(caller, shared, team_id.as_ref())?;
    check_macro(store, caller, &name, &actions).await?;
    check_team(store, caller, team_id.as_ref()).await?;
    let next = Macro {
        name: name.trim().to_owned(),
        actions,
        shared,
        team_id,
        updated_at: OffsetDateTime::now_utc(),
        version: current.version + 1,
        ..current.clone()
    };
    store
        .put_macro(&caller.org_id, &next, Expect::Version(current.version))
        .await
        .map_err(|e| AppError::about(e, MACRO))?;
    Ok(next)
}

pub async fn delete_macro<S: LibraryStore + PeopleReads>(
    store: &S,
    caller: &Caller,
    id: &str,
    if_match: Option<u64>,
) -> AppResult<()> {
    let current = get_macro(store, caller, id).await?;
    changeable(caller, current.sharing(), current.version, if_match, MACRO)?;
    store
        .delete_macro(&caller.org_id, current.id, current.version)
        .await
        .map_err(|e| AppError::about(e, MACRO))
}

/// `POST /tickets/{id}/macros/{macro_id}`: the macro's changes and message as one
/// change of the ticket, with `If-Match`; `preview` decides and writes nothing.
pub async fn apply_macro<S: LibraryStore + PeopleReads + SettingsReads + TicketReads + TicketWrites>(
    store: &S,
    caller: &Caller,
    ticket: TicketRef,
    macro_id: &str,
    if_match: Option<u64>,
    preview: bool,
) -> AppResult<Changed> {
    let m = get_macro(store, caller, macro_id).await?;
    let id = resolve(store, caller, ticket).await?;
    let current = crate::tickets::visible(store, caller, id).await?;
    // Rendered once, with the values when it is applied (a retry keeps the text).
    let message = match m.message() {
        Some((body, _)) => {
            let v = values(store, caller, &current).await?;
            let r = helpdesk_mail::canned::render(body, &v, &BTreeMap::new())
                .map_err(|e| AppError::Rule(DomainError::unprocessable("actions", &e)))?;
            Some(r.text).filter(|t| !t.trim().is_empty())
        }
        None => None,
    };
    // The agent and team it names must still exist when it is written.
    let mut must_exist = Vec::new();
    for a in &m.actions {
        match (a.kind, a.value.as_deref()) {
            (ActionType::SetTeam, Some(t)) => must_exist.extend(TeamId::parse(t).ok().map(MustExist::Team)),
            (ActionType::SetAssignee, Some(u)) if u != macros::ME => {
                must_exist.extend(UserId::parse(u).ok().map(MustExist::Agent));
            }
            _ => {}
        }
    }
    let changed = change_with(
        store,
        caller,
        id,
        if_match,
        |t| Ok(Command::Macro(Box::new(macros::run(&m, t, caller, message.clone())))),
        &must_exist,
        preview,
    )
    .await?;
    if !preview && matches!(changed, Changed::Changed(_)) {
        store.count_macro_use(&caller.org_id, m.id).await?;
    }
    Ok(changed)
}

//! Satisfaction surveys: settings, a rating from a survey link (no sign-in: the signed
//! token names org, ticket and resolution) or from the portal, and the report.

use std::collections::BTreeMap;

use helpdesk_domain::access::{require_admin, require_customer, require_manager, require_staff};
use helpdesk_domain::csat::{
    self, CsatCounts, CsatInput, CsatRecord, CsatReport, CsatRows, CsatSettings, LINK_DAYS, link_open,
};
use helpdesk_domain::events::{Event, EventPayload};
use helpdesk_domain::reports::DimensionKind;
use helpdesk_domain::{Caller, CustomerId, DomainError, OrgId, Ticket, TicketId};
use helpdesk_mail::Signer;
use helpdesk_store::{CsatStore, PeopleReads, Reports, SettingsReads, TicketReads};
use time::OffsetDateTime;

use crate::reports::value_rows;
use crate::retry::Retry;
use crate::tickets::{TicketRef, resolve, visible};
use crate::{AppError, AppResult};

const SURVEY: &str = "survey link";

/// `GET /settings/csat`. Managers and admins.
pub async fn settings(store: &impl CsatStore, caller: &Caller) -> AppResult<(CsatSettings, u64)> {
    require_manager(caller, "only managers and admins see the survey settings")?;
    Ok(store.csat_settings(&caller.org_id).await?)
}

/// `PUT /settings/csat`, with `If-Match`. Admins.
pub async fn put_settings(
    store: &impl CsatStore,
    caller: &Caller,
    if_match: Option<u64>,
    settings: CsatSettings,
) -> AppResult<(CsatSettings, u64)> {
    require_admin(caller, "only admins change the survey settings")?;
    let (_, version) = store.csat_settings(&caller.org_id).await?;
    if if_match.is_some_and(|v| v != version) {
        return Err(AppError::Stale("survey settings"));
    }
    store
        .put_csat_settings(&caller.org_id, &settings, version + 1)
        .await
        .map_err(|e| AppError::about(e, "survey settings"))?;
    Ok((settings, version + 1))
}

/// What a survey page shows: the ticket, the rating so far, until when it may change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Survey {
    pub org_name: String,
    pub ticket: Ticket,
    pub cycle: i64,
    pub record: Option<CsatRecord>,
    pub expires_at: OffsetDateTime,
    /// Whether a rating may still be given.
    pub open: bool,
}

fn expires(cycle: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(cycle + LINK_DAYS * 86_400).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

async fn survey_of<S: CsatStore + SettingsReads>(
    store: &S,
    ticket: Ticket,
    cycle: i64,
    now: OffsetDateTime,
) -> AppResult<Survey> {
    let (record, org) = futures::try_join!(
        store.csat_record(&ticket.org_id, ticket.id, cycle),
        store.org_mail(&ticket.org_id),
    )?;
    Ok(Survey {
        org_name: org.and_then(|o| o.name).unwrap_or_else(|| "Support".to_owned()),
        ticket,
        cycle,
        record,
        expires_at: expires(cycle),
        open: link_open(cycle, now),
    })
}

/// The ticket and resolution a token names: 404 for a forged one (or a ticket gone),
/// 410 once it expired.
async fn from_token<S: TicketReads>(
    store: &S,
    signer: &Signer,
    token: &str,
    now: OffsetDateTime,
) -> AppResult<(Ticket, i64)> {
    let (org, ticket, cycle) = signer.verify_csat_token(token).ok_or(AppError::NotFound(SURVEY))?;
    if !link_open(cycle, now) {
        return Err(AppError::Expired(
            "this survey link expired: links work for 28 days after the resolution",
        ));
    }
    let t = store
        .get_ticket(&org, ticket)
        .await?
        .ok_or(AppError::NotFound(SURVEY))?;
    Ok((t, cycle))
}

/// Records `input` for `cycle` of `ticket`: the latest rating counts, with its event.
async fn rate<S: CsatStore + SettingsReads>(
    store: &S,
    ticket: Ticket,
    cycle: i64,
    input: CsatInput,
) -> AppResult<Survey> {
    let mut retry = Retry::new("rating");
    loop {
        retry.next().await?;
        let now = OffsetDateTime::now_utc();
        let previous = store.csat_record(&ticket.org_id, ticket.id, cycle).await?;
        let record = csat::record(&ticket, cycle, previous.as_ref(), input.clone(), now)?;
        let old = previous.as_ref().map(|p| p.rating);
        let event = Event::new(
            ticket.org_id.clone(),
            ticket.id,
            now,
            EventPayload::CsatReceived {
                ticket: Box::new(ticket.clone()),
                rating: record.rating,
                previous: old,
                cycle,
            },
        );
        match store.save_csat(&ticket.org_id, &record, old, &event).await {
            Ok(()) => {
                tracing::info!(ticket_id = %ticket.id, cycle, rating = record.rating.as_str(), "rated");
                return survey_of(store, ticket, cycle, now).await;
            }
            Err(e) if retry.lost(&e, None) => continue,
            Err(e) => return Err(e.into()),
        }
    }
}

/// `GET /csat/{token}`: the survey; with a rating, records it first (the mail's
/// one-click links).
pub async fn by_token<S: CsatStore + SettingsReads + TicketReads>(
    store: &S,
    signer: &Signer,
    token: &str,
    input: Option<CsatInput>,
) -> AppResult<Survey> {
    let now = OffsetDateTime::now_utc();
    let (ticket, cycle) = from_token(store, signer, token, now).await?;
    match input {
        Some(input) => rate(store, ticket, cycle, input).await,
        None => survey_of(store, ticket, cycle, now).await,
    }
}

/// The customer's own resolved ticket and its resolution (409 when it is not resolved).
async fn own_resolved<S: TicketReads>(store: &S, caller: &Caller, r: TicketRef) -> AppResult<(Ticket, i64)> {
    let id = resolve(store, caller, r).await?;
    let ticket = visible(store, caller, id).await?;
    let cycle = csat::cycle(&ticket).ok_or(AppError::Rule(DomainError::Conflict("only a resolved ticket is rated")))?;
    Ok((ticket, cycle))
}

/// `GET /tickets/{id}/satisfaction`: the current resolution's rating. Its customer, and
/// staff.
pub async fn of_ticket<S: CsatStore + SettingsReads + TicketReads>(
    store: &S,
    caller: &Caller,
    r: TicketRef,
) -> AppResult<Survey> {
    let (ticket, cycle) = own_resolved(store, caller, r).await?;
    survey_of(store, ticket, cycle, OffsetDateTime::now_utc()).await
}

/// `POST /tickets/{id}/satisfaction`: the customer rates their resolved ticket in the
/// portal, as the mail's links would.
pub async fn rate_ticket<S: CsatStore + SettingsReads + TicketReads>(
    store: &S,
    caller: &Caller,
    r: TicketRef,
    input: CsatInput,
) -> AppResult<Survey> {
    require_customer(caller, "customers rate their own tickets")?;
    let (ticket, cycle) = own_resolved(store, caller, r).await?;
    if !link_open(cycle, OffsetDateTime::now_utc()) {
        return Err(AppError::Expired("ratings are taken for 28 days after the resolution"));
    }
    rate(store, ticket, cycle, input).await
}

/// `GET /customers/{id}` shows it: the customer's ratings. Staff.
pub async fn of_customer(store: &impl CsatStore, caller: &Caller, customer: &CustomerId) -> AppResult<CsatCounts> {
    require_staff(caller, "only staff see a customer's ratings")?;
    Ok(store.customer_csat(&caller.org_id, customer).await?)
}

/// A customer's score on their profile: staff see it, the customer does not.
pub async fn on_profile(
    store: &impl CsatStore,
    caller: &Caller,
    customer: &CustomerId,
) -> AppResult<Option<CsatCounts>> {
    if !caller.is_staff() {
        return Ok(None);
    }
    of_customer(store, caller, customer).await.map(Some)
}

/// `GET /reports/csat`. Managers and admins.
pub async fn report<S: Reports + SettingsReads + PeopleReads + CsatStore>(
    store: &S,
    caller: &Caller,
    from: Option<&str>,
    to: Option<&str>,
) -> AppResult<CsatReport> {
    require_manager(caller, "only managers and admins see reports")?;
    let range = helpdesk_domain::reports::DateRange::parse(from, to)?;
    let zone = crate::settings::time_zone(store, &caller.org_id).await?;
    let org = &caller.org_id;
    let (f, t) = (range.from.to_string(), range.to.to_string());
    let (all, agents, teams, categories) = futures::try_join!(
        store.report_rows(org, DimensionKind::All, &f, &t),
        store.report_rows(org, DimensionKind::Agent, &f, &t),
        store.report_rows(org, DimensionKind::Team, &f, &t),
        store.report_rows(org, DimensionKind::Category, &f, &t),
    )?;
    let (first, last) = csat::cycles_rated_in(&range);
    let (records, people, team_list) = futures::try_join!(
        store.csat_records(org, first, last),
        store.list_agents(org),
        store.list_teams(org),
    )?;
    let names: BTreeMap<String, String> = people
        .into_iter()
        .map(|a| (a.id.to_string(), a.name))
        .chain(team_list.into_iter().map(|t| (t.id.to_string(), t.name)))
        .collect();
    let (all, agents, teams, categories) = (
        value_rows(&all),
        value_rows(&agents),
        value_rows(&teams),
        value_rows(&categories),
    );
    Ok(csat::report(
        &range,
        &zone,
        &CsatRows {
            org: &all,
            agents: &agents,
            teams: &teams,
            categories: &categories,
        },
        &names,
        &records,
    ))
}

/// The survey links of a resolution, for the resolved mail (`satisfaction.links`).
pub fn links(signer: &Signer, portal_url: &str, org: &OrgId, ticket: TicketId, cycle: i64) -> String {
    let token = signer.csat_token(org, ticket, cycle);
    let base = format!("{}/csat/{token}", portal_url.trim_end_matches('/'));
    format!(
        "How did we do? One click rates us:\nGood: {base}?rating=good\nOkay: {base}?rating=okay\nBad: {base}?rating=bad\n"
    )
}

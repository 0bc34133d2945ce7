//! Customers, agents and teams.

use helpdesk_domain::access::{may_see_customer, require_admin, require_staff};
use helpdesk_domain::ids::customer_id_for_email;
use helpdesk_domain::people::{
    Agent, AgentChange, Availability, Customer, CustomerChange, Team, TeamChange, parse_agent, parse_team, stamp,
};
use helpdesk_domain::views::{PAGE_DEFAULT, PAGE_MAX, TicketFilter, TicketIndex, TicketQuery};
use helpdesk_domain::{Caller, Role, TeamId, Ticket, UserId};
use helpdesk_store::{Expect, Page, PeopleReads, PeopleWrites, TicketReads};
use time::OffsetDateTime;

use crate::retry::Retry;
use crate::{AppError, AppResult};

const STAFF_ONLY: &str = "only staff may do this";
const ADMINS_ONLY: &str = "only admins manage agents, teams and settings";
/// The latest tickets shown on a customer's profile.
const HISTORY: u16 = 50;

/// `POST /customers`. Staff only.
pub async fn create_customer(
    store: &impl PeopleWrites,
    caller: &Caller,
    name: &str,
    email: &str,
) -> AppResult<Customer> {
    require_staff(caller, STAFF_ONLY)?;
    let (name, email) = CustomerChange::new_customer(name, email)?;
    let customer = Customer {
        id: customer_id_for_email(&caller.org_id, &email),
        org_id: caller.org_id.clone(),
        email,
        name,
        created_at: stamp(OffsetDateTime::now_utc()),
    };
    Ok(store.create_customer(&customer).await?)
}

/// `GET /customers`: by email prefix and part of the name, sorted by email. Staff only.
pub async fn list_customers(
    store: &impl PeopleReads,
    caller: &Caller,
    email_prefix: Option<&str>,
    name: Option<&str>,
    limit: Option<&str>,
    cursor: Option<&str>,
) -> AppResult<Page<Customer>> {
    require_staff(caller, STAFF_ONLY)?;
    let limit = crate::limit(limit, PAGE_DEFAULT, PAGE_MAX)?;
    let prefix = email_prefix.unwrap_or_default();
    if !helpdesk_domain::input::at_most(prefix, helpdesk_domain::email::EMAIL_MAX) || prefix.contains('#') {
        return Err(AppError::BadRequest(
            "email must be the start of an email address".into(),
        ));
    }
    Ok(store
        .list_customers(&caller.org_id, prefix, name, limit, cursor)
        .await?)
}

/// `GET /customers/{id}`: the profile and latest tickets. Staff, or the customer themself.
pub async fn customer_profile<S: PeopleReads + TicketReads>(
    store: &S,
    caller: &Caller,
    id: &str,
) -> AppResult<(Customer, Vec<Ticket>)> {
    let id = UserId::parse(id).map_err(|_| AppError::NotFound("customer"))?;
    if !may_see_customer(caller, &id) {
        return Err(AppError::NotFound("customer"));
    }
    let customer = store
        .get_customer(&caller.org_id, &id)
        .await?
        .ok_or(AppError::NotFound("customer"))?;
    let query = TicketQuery {
        index: TicketIndex::ByCustomer(id),
        filter: TicketFilter::default(),
        limit: HISTORY,
    };
    let tickets = store.list_tickets(&caller.org_id, &query, None).await?;
    Ok((customer, tickets.items))
}

/// `PATCH /customers/{id}`: rename, or move to another email. Staff only.
pub async fn update_customer<S: PeopleReads + PeopleWrites>(
    store: &S,
    caller: &Caller,
    id: &str,
    name: Option<&str>,
    email: Option<&str>,
) -> AppResult<Customer> {
    require_staff(caller, STAFF_ONLY)?;
    let change = CustomerChange::parse(name, email)?;
    let id = UserId::parse(id).map_err(|_| AppError::NotFound("customer"))?;
    let current = store
        .get_customer(&caller.org_id, &id)
        .await?
        .ok_or(AppError::NotFound("customer"))?;
    let mut updated = current.clone();
    if let Some(n) = change.name {
        updated.name = n;
    }
    if let Some(e) = change.email {
        updated.email = e;
    }
    if updated != current {
        store
            .update_customer(&current, &updated)
            .await
            .map_err(|e| AppError::about(e, "customer"))?;
    }
    Ok(updated)
}

/// What `POST /agents` asks for.
#[derive(Debug, Clone)]
pub struct NewAgent {
    pub id: Option<String>,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub skills: Vec<String>,
}

/// `POST /agents`. Admins only.
pub async fn create_agent(store: &impl PeopleWrites, caller: &Caller, new: NewAgent) -> AppResult<Agent> {
    require_admin(caller, ADMINS_ONLY)?;
    let agent = parse_agent(
        new.id.as_deref(),
        &new.email,
        &new.name,
        new.role,
        &new.skills,
        &caller.org_id,
    )?;
    store.put_agent(&agent, Expect::New).await?;
    Ok(agent)
}

/// `GET /agents`. Staff only.
pub async fn list_agents(store: &impl PeopleReads, caller: &Caller) -> AppResult<Vec<Agent>> {
    require_staff(caller, STAFF_ONLY)?;
    Ok(store.list_agents(&caller.org_id).await?)
}

/// `PATCH /agents/{id}`: name, role, skills; at the version `If-Match` names, or
/// decided again on the fresh agent when it changed meanwhile. Admins only.
pub async fn update_agent<S: PeopleReads + PeopleWrites>(
    store: &S,
    caller: &Caller,
    id: &str,
    if_match: Option<u64>,
    change: AgentChangeInput<'_>,
) -> AppResult<Agent> {
    require_admin(caller, ADMINS_ONLY)?;
    let change = AgentChange::parse(change.name, change.role, change.skills)?;
    let id = UserId::parse(id).map_err(|_| AppError::NotFound("agent"))?;
    let mut retry = Retry::new("agent");
    loop {
        retry.next().await?;
        let agent = store
            .get_agent(&caller.org_id, &id)
            .await?
            .ok_or(AppError::NotFound("agent"))?;
        if if_match.is_some_and(|v| v != agent.version) {
            return Err(AppError::Stale("agent"));
        }
        let Some(next) = change.apply(&agent) else {
            return Ok(agent);
        };
        match store.put_agent(&next, Expect::Version(agent.version)).await {
            Ok(()) => return Ok(next),
            Err(e) if retry.lost(&e, if_match) => continue,
            Err(e) => return Err(AppError::about(e, "agent")),
        }
    }
}

/// The fields of an agent change, as the request gives them.
#[derive(Debug, Clone, Copy, Default)]
pub struct AgentChangeInput<'a> {
    pub name: Option<&'a str>,
    pub role: Option<Role>,
    pub skills: Option<&'a [String]>,
}

/// `PUT /agents/me/status`: the caller's availability. Staff only.
pub async fn set_availability(store: &impl PeopleWrites, caller: &Caller, status: Availability) -> AppResult<()> {
    require_staff(caller, STAFF_ONLY)?;
    // Coming online tells the router, which may give them waiting tickets.
    let online = (status == Availability::Online).then(|| {
        helpdesk_domain::events::AgentEvent::online(
            caller.org_id.clone(),
            caller.user_id.clone(),
            time::OffsetDateTime::now_utc(),
        )
    });
    Ok(store
        .set_agent_status(&caller.org_id, &caller.user_id, status, online.as_ref())
        .await?)
}

/// The first of `members` that is not an agent of the org: `NotFound("agent")`.
async fn agents_exist(store: &impl PeopleReads, caller: &Caller, members: &[UserId]) -> AppResult<()> {
    if members.is_empty() {
        return Ok(());
    }
    let agents = store.list_agents(&caller.org_id).await?;
    match members.iter().find(|m| !agents.iter().any(|a| a.id == **m)) {
        Some(_) => Err(AppError::NotFound("agent")),
        None => Ok(()),
    }
}

/// `POST /teams`: members must be agents of the org. Admins only.
pub async fn create_team<S: PeopleReads + PeopleWrites>(
    store: &S,
    caller: &Caller,
    id: &str,
    name: &str,
    members: &[String],
) -> AppResult<Team> {
    require_admin(caller, ADMINS_ONLY)?;
    let team = parse_team(id, name, members, &caller.org_id)?;
    agents_exist(store, caller, &team.members).await?;
    store.put_team(&team, Expect::New).await?;
    Ok(team)
}

/// `GET /teams`. Staff only.
pub async fn list_teams(store: &impl PeopleReads, caller: &Caller) -> AppResult<Vec<Team>> {
    require_staff(caller, STAFF_ONLY)?;
    Ok(store.list_teams(&caller.org_id).await?)
}

/// `PATCH /teams/{id}`: name, members; versioned like agents. Admins only.
pub async fn update_team<S: PeopleReads + PeopleWrites>(
    store: &S,
    caller: &Caller,
    id: &str,
    if_match: Option<u64>,
    name: Option<&str>,
    members: Option<&[String]>,
) -> AppResult<Team> {
    require_admin(caller, ADMINS_ONLY)?;
    let change = TeamChange::parse(name, members)?;
    let id = TeamId::parse(id).map_err(|_| AppError::NotFound("team"))?;
    agents_exist(store, caller, change.members()).await?;
    let mut retry = Retry::new("team");
    loop {
        retry.next().await?;
        let team = store
            .get_team(&caller.org_id, &id)
            .await?
            .ok_or(AppError::NotFound("team"))?;
        if if_match.is_some_and(|v| v != team.version) {
            return Err(AppError::Stale("team"));
        }
        let Some(next) = change.apply(&team) else {
            return Ok(team);
        };
        match store.put_team(&next, Expect::Version(team.version)).await {
            Ok(()) => return Ok(next),
            Err(e) if retry.lost(&e, if_match) => continue,
            Err(e) => return Err(AppError::about(e, "team")),
        }
    }
}

//! Demo data: orgs, their people and a few tickets, from `infra/seed/demo.json`.
//!
//! Tickets are opened through the create-ticket handler itself, as their author, so the
//! seeded data went through the same rules, transaction and events as real traffic.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context, Result, bail};
use helpdesk_domain::Email;
use helpdesk_domain::ids::customer_id_for_email;
use helpdesk_domain::{OrgId, Role, UserId};
use helpdesk_store::prelude::*;
use serde::Deserialize;
use serde_json::json;

use crate::auth::LocalUser;
use crate::bridge::{RouteMatch, to_lambda_request};
use crate::functions::Functions;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seed {
    pub orgs: Vec<SeedOrg>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedOrg {
    pub id: String,
    pub name: String,
    /// Where the org receives mail, besides `<org id>@<mail domain>`.
    #[serde(default)]
    pub inbound_address: Option<String>,
    /// The org's name in help-center URLs (`/help/<slug>`), besides its id.
    #[serde(default)]
    pub slug: Option<String>,
    pub users: Vec<SeedUser>,
    #[serde(default)]
    pub tickets: Vec<SeedTicket>,
    /// Tickets worked before today (resolved, rated): the demo's reports have figures.
    /// Seeded only with `history` (`make dev`); tests count on the plain seed.
    #[serde(default)]
    pub history: Vec<SeedTicket>,
    #[serde(default)]
    pub categories: Vec<SeedCategory>,
    #[serde(default)]
    pub articles: Vec<SeedArticle>,
    /// `POST /teams` bodies (members by agent id).
    #[serde(default)]
    pub teams: Vec<serde_json::Value>,
    /// Staff (by email) who are online, so routing gives them tickets.
    #[serde(default)]
    pub online: Vec<String>,
    /// The `PUT /routing` body.
    #[serde(default)]
    pub routing: Option<serde_json::Value>,
    /// `POST /triggers` bodies, in order.
    #[serde(default)]
    pub triggers: Vec<serde_json::Value>,
    /// `POST /canned-responses` bodies, saved by the org's admin (shared ones) unless
    /// `by` names another staff member.
    #[serde(default)]
    pub canned_responses: Vec<serde_json::Value>,
    /// `POST /macros` bodies, likewise.
    #[serde(default)]
    pub macros: Vec<serde_json::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedCategory {
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub sections: Vec<SeedCategory>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedArticle {
    /// Email of the staff member who writes it (and publishes it, if a manager).
    pub by: String,
    pub title: String,
    pub body: String,
    /// A category's or section's name.
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Published by the org's first manager; otherwise left a draft.
    #[serde(default)]
    pub published: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedUser {
    /// Agents have fixed ids; customers get the id their email gives them.
    pub id: Option<String>,
    pub email: String,
    pub name: String,
    pub role: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedTicket {
    /// Email of the user who opens it (an agent for a customer, or the customer).
    pub by: String,
    pub customer: Option<String>,
    pub subject: String,
    pub description: String,
    pub priority: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    pub channel: Option<String>,
    /// Files on the first message, uploaded as the web app uploads them.
    #[serde(default)]
    pub files: Vec<SeedFile>,
    /// Resolved by this agent (email), and rated by its customer.
    #[serde(default)]
    pub resolved: Option<SeedResolution>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedResolution {
    pub by: String,
    /// The customer's `POST /tickets/{id}/satisfaction` body, if they rated it.
    #[serde(default)]
    pub rating: Option<serde_json::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedFile {
    pub name: String,
    pub content_type: String,
    /// The bytes: `text`, or `base64` for binary files.
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub base64: Option<String>,
}

impl SeedFile {
    fn bytes(&self) -> Result<Vec<u8>> {
        use base64::Engine as _;
        match (&self.text, &self.base64) {
            (Some(t), None) => Ok(t.clone().into_bytes()),
            (None, Some(b)) => Ok(base64::engine::general_purpose::STANDARD.decode(b)?),
            _ => bail!("seed file {}: give text or base64", self.name),
        }
    }
}

impl Seed {
    pub fn load(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))
    }

    /// Everyone who can sign in locally, with their ids resolved.
    pub fn users(&self) -> Result<Vec<LocalUser>> {
        let mut users = Vec::new();
        for org in &self.orgs {
            let org_id = OrgId::parse(&org.id).map_err(|e| anyhow::anyhow!("org {}: {e}", org.id))?;
            for u in &org.users {
                let email = Email::parse(&u.email).map_err(|e| anyhow::anyhow!("{}: {e}", u.email))?;
                let Some(role) = Role::parse(&u.role) else {
                    bail!("{}: unknown role {}", u.email, u.role)
                };
                let sub = match (&u.id, role) {
                    (_, Role::Customer) => customer_id_for_email(&org_id, &email).to_string(),
                    (Some(id), _) => UserId::parse(id).map_err(|e| anyhow::anyhow!("{id}: {e}"))?.to_string(),
                    (None, _) => bail!("{}: staff need an id", u.email),
                };
                users.push(LocalUser {
                    sub,
                    email: email.as_str().to_owned(),
                    name: u.name.clone(),
                    org_id: org.id.clone(),
                    role: u.role.clone(),
                });
            }
        }
        Ok(users)
    }
}

/// Writes the seed into the table. Returns how many tickets were opened.
/// Seeds every org; `history` adds the worked tickets of [`SeedOrg::history`].
pub async fn apply(seed: &Seed, functions: &Functions, history: bool) -> Result<usize> {
    let users = seed.users()?;
    let now = time::OffsetDateTime::now_utc();
    let table = &functions.table;
    let mut opened = 0;
    for org in &seed.orgs {
        let org_id = OrgId::parse(&org.id).map_err(|e| anyhow::anyhow!("{e}"))?;
        table.put_org(&org_id, &org.name).await?;
        if let Some(address) = &org.inbound_address {
            let address = Email::parse(address).map_err(|e| anyhow::anyhow!("org {}: {e}", org.id))?;
            table.put_inbound_address(&org_id, &address).await?;
        }
        for u in users.iter().filter(|u| u.org_id == org.id) {
            let email = Email::parse(&u.email).map_err(|e| anyhow::anyhow!("{e}"))?;
            let id = UserId::parse(&u.sub).map_err(|e| anyhow::anyhow!("{e}"))?;
            match Role::parse(&u.role) {
                Some(Role::Customer) => table.upsert_customer(&org_id, &id, &email, &u.name, now).await?,
                Some(role) => {
                    let agent = helpdesk_domain::people::parse_agent(
                        Some(id.as_str()),
                        email.as_str(),
                        &u.name,
                        role,
                        &[],
                        &org_id,
                    )
                    .map_err(|e| anyhow::anyhow!("{}: {e}", u.email))?;
                    table
                        .put_agent(&agent, helpdesk_store::Expect::New)
                        .await
                        .or_else(|e| match e {
                            // Seeding again: the agent is there.
                            helpdesk_store::StoreError::Conflict(_) => Ok(()),
                            e => Err(e),
                        })?
                }
                None => bail!("unknown role"),
            }
        }
        seed_rules(org, &users, functions).await?;
        seed_library(org, &users, functions).await?;
        let past: &[SeedTicket] = if history { &org.history } else { &[] };
        for t in org.tickets.iter().chain(past) {
            let Some(author) = users.iter().find(|u| u.email == t.by && u.org_id == org.id) else {
                bail!("seed ticket {:?}: no user {} in org {}", t.subject, t.by, org.id)
            };
            let mut attachment_ids = Vec::new();
            for f in &t.files {
                attachment_ids.push(upload(functions, author, f).await?);
            }
            let body = json!({
                "subject": t.subject,
                "description": t.description,
                "priority": t.priority,
                "tags": t.tags,
                "customer_email": t.customer,
                "channel": t.channel,
                "attachment_ids": attachment_ids,
            });
            let ticket = call(
                functions,
                author,
                "CreateTicketFunction",
                "POST /api/v1/tickets",
                &[],
                Some(body),
            )
            .await?;
            opened += 1;
            if let Some(r) = &t.resolved {
                seed_resolution(org, &users, functions, &ticket, r).await?;
            }
        }
        if let Some(slug) = &org.slug {
            table.put_org_slug(&org_id, slug).await?;
        }
        seed_kb(org, &users, functions).await?;
    }
    Ok(opened)
}

/// Teams, who is online, routing and triggers, before the tickets: the seed's tickets
/// are routed as new ones would be.
async fn seed_rules(org: &SeedOrg, users: &[LocalUser], functions: &Functions) -> Result<()> {
    let admin = || {
        users
            .iter()
            .find(|u| u.org_id == org.id && u.role == "admin")
            .context("an org with teams, routing or triggers needs an admin")
    };
    for team in &org.teams {
        let Err(e) = call(
            functions,
            admin()?,
            "CreateTeamFunction",
            "POST /api/v1/teams",
            &[],
            Some(team.clone()),
        )
        .await
        else {
            continue;
        };
        // Seeding again: the team is there.
        if !e.to_string().contains("409") {
            return Err(e);
        }
    }
    for email in &org.online {
        let who = users
            .iter()
            .find(|u| u.org_id == org.id && u.email == *email)
            .with_context(|| format!("online: no user {email} in org {}", org.id))?;
        call(
            functions,
            who,
            "SetAgentStatusFunction",
            "PUT /api/v1/agents/me/status",
            &[],
            Some(json!({"status": "online"})),
        )
        .await?;
    }
    if let Some(routing) = &org.routing {
        call(
            functions,
            admin()?,
            "PutRoutingFunction",
            "PUT /api/v1/routing",
            &[],
            Some(routing.clone()),
        )
        .await?;
    }
    if org.triggers.is_empty() {
        return Ok(());
    }
    let existing = call(
        functions,
        admin()?,
        "ListTriggersFunction",
        "GET /api/v1/triggers",
        &[],
        None,
    )
    .await?;
    let names: Vec<&str> = existing["items"]
        .as_array()
        .map(|a| a.iter().filter_map(|t| t["name"].as_str()).collect())
        .unwrap_or_default();
    for trigger in org
        .triggers
        .iter()
        .filter(|t| !names.contains(&t["name"].as_str().unwrap_or_default()))
    {
        call(
            functions,
            admin()?,
            "CreateTriggerFunction",
            "POST /api/v1/triggers",
            &[],
            Some(trigger.clone()),
        )
        .await?;
    }
    Ok(())
}

/// Resolves a seeded ticket and has its customer rate it, as the portal would.
async fn seed_resolution(
    org: &SeedOrg,
    users: &[LocalUser],
    functions: &Functions,
    ticket: &serde_json::Value,
    r: &SeedResolution,
) -> Result<()> {
    let id = ticket["id"].as_str().context("a created ticket has an id")?.to_owned();
    let user = |email: &str| {
        users
            .iter()
            .find(|u| u.org_id == org.id && u.email == email)
            .with_context(|| format!("no user {email} in org {}", org.id))
    };
    call(
        functions,
        user(&r.by)?,
        "SetTicketStatusFunction",
        "PUT /api/v1/tickets/{id}/status",
        &[("id", id.clone())],
        Some(json!({"status": "resolved"})),
    )
    .await?;
    if let Some(rating) = &r.rating {
        let customer = users
            .iter()
            .find(|u| u.org_id == org.id && Some(u.sub.as_str()) == ticket["customer_id"].as_str())
            .context("the ticket's customer is a seeded user")?;
        call(
            functions,
            customer,
            "RateTicketFunction",
            "POST /api/v1/tickets/{id}/satisfaction",
            &[("id", id)],
            Some(rating.clone()),
        )
        .await?;
    }
    Ok(())
}

/// One kind of library item to seed: the items, the field that names one, and the
/// (function, route) that list and create them.
struct Library<'a> {
    items: &'a [serde_json::Value],
    key: &'static str,
    list: (&'static str, &'static str),
    create: (&'static str, &'static str),
}

/// Saves the org's canned responses and macros that are not there yet (by title, by
/// name), each as its `by` (default: the org's admin).
async fn seed_library(org: &SeedOrg, users: &[LocalUser], functions: &Functions) -> Result<()> {
    let lists = [
        Library {
            items: &org.canned_responses,
            key: "title",
            list: ("ListCannedResponsesFunction", "GET /api/v1/canned-responses"),
            create: ("CreateCannedResponseFunction", "POST /api/v1/canned-responses"),
        },
        Library {
            items: &org.macros,
            key: "name",
            list: ("ListMacrosFunction", "GET /api/v1/macros"),
            create: ("CreateMacroFunction", "POST /api/v1/macros"),
        },
    ];
    for Library {
        items,
        key,
        list: (list_fn, list_route),
        create: (create_fn, create_route),
    } in lists
    {
        for item in items {
            let mut body = item.clone();
            let by = body
                .as_object_mut()
                .and_then(|o| o.remove("by"))
                .and_then(|b| b.as_str().map(str::to_owned));
            let author = users
                .iter()
                .find(|u| u.org_id == org.id && by.as_deref().map_or(u.role == "admin", |b| u.email == b))
                .context("a canned response or macro needs its author (or an admin)")?;
            let existing = call(functions, author, list_fn, list_route, &[], None).await?;
            let taken = existing["items"]
                .as_array()
                .is_some_and(|a| a.iter().any(|i| i[key] == body[key]));
            if !taken {
                call(functions, author, create_fn, create_route, &[], Some(body)).await?;
            }
        }
    }
    Ok(())
}

/// Asks to upload `f` and sends it through the presigned PUT, as the web app does: the
/// upload's id.
async fn upload(functions: &Functions, author: &LocalUser, f: &SeedFile) -> Result<String> {
    let bytes = f.bytes()?;
    let body = json!({"filename": f.name, "content_type": f.content_type, "size": bytes.len()});
    let created = call(
        functions,
        author,
        "CreateAttachmentFunction",
        "POST /api/v1/attachments",
        &[],
        Some(body),
    )
    .await?;
    put_upload(&reqwest::Client::new(), &created, bytes)
        .await
        .with_context(|| format!("seed file {}", f.name))?;
    created["id"].as_str().map(str::to_owned).context("an upload id")
}

/// Sends `bytes` with an upload's presigned PUT (`created`: the answer of an upload
/// request) as a browser does: its headers but `content-length`, which the client sets.
pub async fn put_upload(http: &reqwest::Client, created: &serde_json::Value, bytes: Vec<u8>) -> Result<()> {
    let upload = &created["upload"];
    if upload["method"] != "PUT" {
        bail!("not a presigned PUT: {created}");
    }
    let mut req = http.put(upload["url"].as_str().context("an upload url")?);
    for (k, v) in upload["headers"].as_object().into_iter().flatten() {
        if k != "content-length" {
            req = req.header(k, v.as_str().unwrap_or_default());
        }
    }
    let resp = req.body(bytes).send().await?;
    if !resp.status().is_success() {
        bail!("S3 answered {}", resp.status());
    }
    Ok(())
}

/// Categories, sections and articles, through their handlers as their authors.
async fn seed_kb(org: &SeedOrg, users: &[LocalUser], functions: &Functions) -> Result<()> {
    let in_org = |role: &str| users.iter().find(|u| u.org_id == org.id && u.role == role);
    let Some(manager) = in_org("manager").or_else(|| in_org("admin")) else {
        if org.categories.is_empty() && org.articles.is_empty() {
            return Ok(());
        }
        bail!("org {}: the knowledge base needs a manager or an admin", org.id)
    };
    let mut categories: HashMap<String, String> = HashMap::new();
    for c in &org.categories {
        let body = json!({"name": c.name, "description": c.description});
        let top = call(
            functions,
            manager,
            "CreateCategoryFunction",
            "POST /api/v1/knowledge-base/categories",
            &[],
            Some(body),
        )
        .await?;
        let top_id = top["id"].as_str().unwrap_or_default().to_owned();
        for (i, s) in c.sections.iter().enumerate() {
            let body = json!({"name": s.name, "description": s.description, "parent_id": top_id, "position": i});
            let section = call(
                functions,
                manager,
                "CreateCategoryFunction",
                "POST /api/v1/knowledge-base/categories",
                &[],
                Some(body),
            )
            .await?;
            categories.insert(s.name.clone(), section["id"].as_str().unwrap_or_default().to_owned());
        }
        categories.insert(c.name.clone(), top_id);
    }
    for a in &org.articles {
        let Some(author) = users.iter().find(|u| u.email == a.by && u.org_id == org.id) else {
            bail!("seed article {:?}: no user {} in org {}", a.title, a.by, org.id)
        };
        let category = match &a.category {
            Some(name) => Some(
                categories
                    .get(name)
                    .with_context(|| format!("seed article {:?}: no category {name}", a.title))?
                    .clone(),
            ),
            None => None,
        };
        let body = json!({"title": a.title, "body": a.body, "tags": a.tags, "category_id": category});
        let created = call(
            functions,
            author,
            "CreateArticleFunction",
            "POST /api/v1/knowledge-base/articles",
            &[],
            Some(body),
        )
        .await?;
        if a.published {
            let id = created["id"].as_str().unwrap_or_default().to_owned();
            call(
                functions,
                manager,
                "PublishArticleFunction",
                "POST /api/v1/knowledge-base/articles/{id}/publish",
                &[("id", id)],
                None,
            )
            .await?;
        }
    }
    Ok(())
}

/// Calls a handler as `author`, like a signed-in request; its JSON answer, or the error.
async fn call(
    functions: &Functions,
    author: &LocalUser,
    function: &str,
    route_key: &'static str,
    params: &[(&str, String)],
    body: Option<serde_json::Value>,
) -> Result<serde_json::Value> {
    let (method, template) = route_key.split_once(' ').context("a route key is 'METHOD /path'")?;
    let mut uri = template.to_owned();
    for (k, v) in params {
        uri = uri.replace(&format!("{{{k}}}"), v);
    }
    let body = body.map(strip_nulls).map(|b| b.to_string()).unwrap_or_default();
    let (parts, ()) = http::Request::builder()
        .method(method)
        .uri(&uri)
        .header("content-type", "application/json")
        .body(())?
        .into_parts();
    let claims = [
        ("sub", author.sub.clone()),
        ("email", author.email.clone()),
        ("custom:org_id", author.org_id.clone()),
        ("cognito:groups", format!("[{}]", author.role)),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    let path_params = params.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect();
    let req = to_lambda_request(
        &parts,
        &body.into_bytes().into(),
        RouteMatch {
            route_key,
            path_params,
            claims,
        },
    )
    .map_err(anyhow::Error::msg)?;
    let resp = functions
        .http(function, req)
        .await
        .with_context(|| format!("no {function} handler"))?;
    let status = resp.status();
    let text = String::from_utf8_lossy(resp.body().as_ref()).into_owned();
    if !status.is_success() {
        bail!("seed {route_key} was refused ({status}): {text}");
    }
    Ok(serde_json::from_str(&text).unwrap_or(serde_json::Value::Null))
}

fn strip_nulls(v: serde_json::Value) -> serde_json::Value {
    match v {
        serde_json::Value::Object(m) => {
            serde_json::Value::Object(m.into_iter().filter(|(_, v)| !v.is_null()).collect())
        }
        other => other,
    }
}

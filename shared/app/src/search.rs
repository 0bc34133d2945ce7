//! Search: keeping each org's index current from the events, and answering queries.
//!
//! An org's index lives as immutable segment files in the search bucket
//! (`org/<org>/search/…`) and a manifest item in the table (its generation, its files
//! and tantivy's `meta.json`). A function keeps a copy under its local directory
//! (`/tmp` on Lambda, kept while the instance is warm): before using it, it reads the
//! manifest (one `GetItem`) and downloads only the files it lacks.
//!
//! Writers never lose each other's work: a writer syncs to generation `g`, commits
//! locally, uploads the new segment files, and writes generation `g + 1` only if the
//! manifest is still at `g` (a conditional put). The loser discards its local copy and
//! does its work again on the winner's generation. So one writer per org commits at a
//! time, whatever the number of indexer instances (tested in `tests/search.rs`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use helpdesk_blobs::{IndexFiles, keys as blob_keys};
use helpdesk_domain::access::reads_drafts;
use helpdesk_domain::kb::Article;
use helpdesk_domain::{ArticleId, Caller, DomainError, OrgId, TicketId};
use helpdesk_search::{ArticleDoc, Audience, Changes, Hit, Kind, OrgIndex, Search, TicketDoc};
use helpdesk_store::{KbReads, PeopleReads, SearchManifest, SearchManifests, StoreError, TicketReads};
use serde::{Deserialize, Serialize};
use tokio::sync::Mutex;

use crate::retry::Retry;
use crate::{AppError, AppResult};

/// The consumer's name in idempotency records and logs.
pub const CONSUMER: &str = "search-indexer";

/// Longest query accepted, in characters.
pub const QUERY_MAX: usize = 200;
/// Most hits a search answers.
pub const HITS_MAX: u16 = 50;
/// Hits a suggestion list shows.
pub const SUGGESTIONS: usize = 5;

impl From<helpdesk_search::SearchError> for AppError {
    fn from(e: helpdesk_search::SearchError) -> Self {
        Self::Internal(Box::new(e))
    }
}

/// The org indexes a function keeps locally, and where their files come from.
#[derive(Debug)]
pub struct Indexes<S, F> {
    pub store: S,
    pub files: F,
    /// Where local copies live (`/tmp/search` on Lambda).
    pub root: PathBuf,
    /// One local copy per org at a time within this process; the indexes opened for
    /// queries, by org, with the generation they hold (kept while the instance is warm).
    lock: Mutex<BTreeMap<OrgId, (u64, OrgIndex)>>,
}

/// Orgs whose opened index a function keeps between queries.
const OPEN_MAX: usize = 8;

impl<S, F> Indexes<S, F> {
    pub fn new(store: S, files: F, root: impl Into<PathBuf>) -> Self {
        Self {
            store,
            files,
            root: root.into(),
            lock: Mutex::new(BTreeMap::new()),
        }
    }
}

/// The local copy's record of the generation it holds.
const GENERATION_FILE: &str = "helpdesk-generation";

fn local_generation(dir: &Path) -> Option<u64> {
    std::fs::read_to_string(dir.join(GENERATION_FILE))
        .ok()?
        .trim()
        .parse()
        .ok()
}

fn io(e: std::io::Error) -> AppError {
    AppError::Internal(Box::new(e))
}

impl<S: SearchManifests + Sync, F: IndexFiles + Sync> Indexes<S, F> {
    fn dir(&self, org: &OrgId) -> PathBuf {
        self.root.join(org.as_str())
    }

    /// Brings the local copy to the manifest's generation and opens it; the manifest
    /// it is at (`None`: the org has no index yet).
    async fn sync(&self, org: &OrgId) -> AppResult<(OrgIndex, Option<SearchManifest>)> {
        let manifest = self.store.search_manifest(org).await?;
        self.sync_to(org, manifest).await
    }

    async fn sync_to(
        &self,
        org: &OrgId,
        manifest: Option<SearchManifest>,
    ) -> AppResult<(OrgIndex, Option<SearchManifest>)> {
        let dir = self.dir(org);
        let Some(m) = &manifest else {
            if local_generation(&dir).is_some() {
                // A copy of an index that is gone (a rebuild): start over.
                std::fs::remove_dir_all(&dir).map_err(io)?;
            }
            return Ok((OrgIndex::open_or_create(&dir)?, None));
        };
        if local_generation(&dir) != Some(m.generation) {
            std::fs::create_dir_all(&dir).map_err(io)?;
            let wanted: BTreeSet<&str> = m.files.iter().map(String::as_str).collect();
            for name in &m.files {
                let path = dir.join(name);
                if !path.exists() {
                    let bytes = self.files.get_file(&blob_keys::search_file(org, name)).await?;
                    std::fs::write(&path, bytes).map_err(io)?;
                }
            }
            // Files of older generations, and a commit that lost its race.
            for entry in std::fs::read_dir(&dir).map_err(io)? {
                let entry = entry.map_err(io)?;
                let name = entry.file_name().to_string_lossy().into_owned();
                let keep = wanted.contains(name.as_str()) || name.starts_with(".tantivy") || name == "meta.json";
                if !keep && entry.path().is_file() {
                    std::fs::remove_file(entry.path()).map_err(io)?;
                }
            }
            std::fs::write(dir.join("meta.json"), &m.meta).map_err(io)?;
            std::fs::write(dir.join(GENERATION_FILE), m.generation.to_string()).map_err(io)?;
        }
        Ok((OrgIndex::open_or_create(&dir)?, manifest))
    }

    /// Commits `changes` to the org's index as a new generation.
    pub async fn commit(&self, org: &OrgId, changes: &Changes) -> AppResult<u64> {
        let mut open = self.lock.lock().await;
        // The local copy changes under it.
        open.remove(org);
        let mut retry = Retry::new("search index");
        loop {
            retry.next().await?;
            let (index, manifest) = self.sync(org).await?;
            let Some(files) = index.apply(changes)? else {
                return Ok(manifest.map_or(0, |m| m.generation));
            };
            let known: BTreeSet<&str> = manifest
                .iter()
                .flat_map(|m| m.files.iter().map(String::as_str))
                .collect();
            for name in files.names.iter().filter(|n| !known.contains(n.as_str())) {
                let bytes = std::fs::read(index.dir().join(name)).map_err(io)?;
                self.files.put_file(&blob_keys::search_file(org, name), bytes).await?;
            }
            let next = SearchManifest {
                generation: manifest.map_or(1, |m| m.generation + 1),
                files: files.names,
                meta: files.meta,
            };
            match self.store.put_search_manifest(org, &next).await {
                Ok(()) => {
                    std::fs::write(index.dir().join(GENERATION_FILE), next.generation.to_string()).map_err(io)?;
                    return Ok(next.generation);
                }
                Err(StoreError::Stale) => {
                    // Another writer committed first: drop this copy, redo on theirs.
                    drop(index);
                    std::fs::remove_dir_all(self.dir(org)).map_err(io)?;
                }
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// The best hits for `search` in the org's index.
    /// One `GetItem` (the manifest) per query; the index is opened again only when its
    /// generation moved.
    pub async fn query(&self, org: &OrgId, search: &Search, limit: usize) -> AppResult<Vec<Hit>> {
        let mut open = self.lock.lock().await;
        let manifest = self.store.search_manifest(org).await?;
        let generation = manifest.as_ref().map(|m| m.generation);
        if let Some((g, index)) = open.get(org)
            && Some(*g) == generation
        {
            return Ok(index.search(search, limit)?);
        }
        open.remove(org);
        let (index, manifest) = self.sync_to(org, manifest).await?;
        let hits = index.search(search, limit)?;
        if let Some(m) = manifest {
            if open.len() >= OPEN_MAX
                && let Some(first) = open.keys().next().cloned()
            {
                open.remove(&first);
            }
            open.insert(org.clone(), (m.generation, index));
        }
        Ok(hits)
    }
}

/// What the indexer reads of an event: whose index, and which document changed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Changed {
    pub org_id: OrgId,
    #[serde(default)]
    pub ticket_id: Option<TicketId>,
    #[serde(default)]
    pub article_id: Option<ArticleId>,
    /// A merge names its target too: both change.
    #[serde(default)]
    pub target_id: Option<TicketId>,
}

/// A ticket as the index holds it, from the table.
async fn ticket_doc<S: TicketReads + PeopleReads>(
    store: &S,
    org: &OrgId,
    id: TicketId,
) -> AppResult<Option<TicketDoc>> {
    let Some(found) = store.ticket_with_thread(org, id).await? else {
        return Ok(None);
    };
    let t = &found.ticket;
    let customer = store.get_customer(org, &t.customer_id).await?;
    let (messages, notes): (Vec<_>, Vec<_>) = found.thread.iter().partition(|m| !m.internal);
    Ok(Some(TicketDoc {
        id: t.id.to_string(),
        number: t.number.to_string(),
        subject: t.subject.clone(),
        status: t.status.as_str().to_owned(),
        customer_id: t.customer_id.to_string(),
        customer_name: customer.as_ref().map(|c| c.name.clone()).unwrap_or_default(),
        customer_email: customer.map(|c| c.email.as_str().to_owned()).unwrap_or_default(),
        tags: t.tags.clone(),
        messages: messages.into_iter().map(|m| m.body.clone()).collect(),
        notes: notes.into_iter().map(|m| m.body.clone()).collect(),
        updated_at: t.updated_at.unix_timestamp(),
    }))
}

/// An article as the index holds it: its draft for staff, its live version for others.
pub fn article_doc(a: &Article) -> ArticleDoc {
    let text = |md: &str| helpdesk_domain::html::excerpt(md, usize::MAX / 8);
    ArticleDoc {
        id: a.id.to_string(),
        slug: a.slug.to_string(),
        title: a.title.clone(),
        body: text(&a.body),
        status: a.status.as_str().to_owned(),
        category_id: a.category_id.map(|c| c.to_string()),
        tags: a.tags.clone(),
        published: a
            .published
            .as_ref()
            .filter(|_| a.is_public())
            .map(|p| (p.title.clone(), text(&p.body))),
        updated_at: a.updated_at.unix_timestamp(),
    }
}

/// The changes a set of events asks of one org's index: each named document as the
/// table holds it now (events say what changed, the table what it is), or its removal.
pub async fn changes_for<S: TicketReads + PeopleReads + KbReads>(
    store: &S,
    org: &OrgId,
    tickets: &BTreeSet<TicketId>,
    articles: &BTreeSet<ArticleId>,
) -> AppResult<Changes> {
    let mut changes = Changes::default();
    for &id in tickets {
        match ticket_doc(store, org, id).await? {
            Some(doc) => changes.tickets.push(doc),
            None => changes.deleted.push((Kind::Ticket, id.to_string())),
        }
    }
    for &id in articles {
        match store.get_article(org, id).await? {
            Some(a) => changes.articles.push(article_doc(&a)),
            None => changes.deleted.push((Kind::Article, id.to_string())),
        }
    }
    Ok(changes)
}

/// Indexes what a batch of events changed: one commit per org.
pub async fn index_events<S, F>(indexes: &Indexes<S, F>, events: &[Changed]) -> AppResult<()>
where
    S: TicketReads + PeopleReads + KbReads + SearchManifests + Sync,
    F: IndexFiles + Sync,
{
    let mut by_org: BTreeMap<OrgId, (BTreeSet<TicketId>, BTreeSet<ArticleId>)> = BTreeMap::new();
    for e in events {
        let entry = by_org.entry(e.org_id.clone()).or_default();
        entry.0.extend(e.ticket_id);
        entry.0.extend(e.target_id);
        entry.1.extend(e.article_id);
    }
    for (org, (tickets, articles)) in by_org {
        let changes = changes_for(&indexes.store, &org, &tickets, &articles).await?;
        let generation = indexes.commit(&org, &changes).await?;
        tracing::info!(org_id = %org, tickets = tickets.len(), articles = articles.len(), generation, "indexed");
    }
    Ok(())
}

/// Rebuilds an org's index from the table: every ticket and article. Admins only.
pub async fn reindex<S, F>(indexes: &Indexes<S, F>, caller: &Caller) -> AppResult<u64>
where
    S: TicketReads + PeopleReads + KbReads + SearchManifests + Sync,
    F: IndexFiles + Sync,
{
    helpdesk_domain::access::require_admin(caller, "only admins rebuild the search index")?;
    rebuild(indexes, &caller.org_id).await
}

/// Rebuilds an org's index from the table (`make reindex`, the admin endpoint).
pub async fn rebuild<S, F>(indexes: &Indexes<S, F>, org: &OrgId) -> AppResult<u64>
where
    S: TicketReads + PeopleReads + KbReads + SearchManifests + Sync,
    F: IndexFiles + Sync,
{
    use helpdesk_domain::views::{TicketFilter, TicketIndex, TicketQuery};
    let mut tickets = BTreeSet::new();
    let mut cursor: Option<String> = None;
    loop {
        let q = TicketQuery {
            index: TicketIndex::ByOrg,
            filter: TicketFilter::default(),
            limit: helpdesk_domain::views::PAGE_MAX,
        };
        let page = indexes.store.list_tickets(org, &q, cursor.as_deref()).await?;
        tickets.extend(page.items.iter().map(|t| t.id));
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    let mut articles = BTreeSet::new();
    let mut cursor: Option<String> = None;
    loop {
        let page = indexes
            .store
            .list_articles(
                org,
                &Default::default(),
                helpdesk_domain::views::PAGE_MAX,
                cursor.as_deref(),
            )
            .await?;
        articles.extend(page.items.iter().map(|a| a.id));
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    let mut changes = changes_for(&indexes.store, org, &tickets, &articles).await?;
    // Whatever the index held that the table no longer has goes too.
    changes.replace_all = true;
    let generation = indexes.commit(org, &changes).await?;
    tracing::info!(org_id = %org, tickets = tickets.len(), articles = articles.len(), generation, "rebuilt");
    Ok(generation)
}

/// The words of a query, checked.
fn words(q: Option<&str>) -> AppResult<helpdesk_search::Words> {
    let q = q.unwrap_or_default();
    if !helpdesk_domain::input::at_most(q, QUERY_MAX) {
        return Err(DomainError::field("q", "at most 200 characters").into());
    }
    Ok(helpdesk_search::words(q))
}

fn kind(raw: Option<&str>) -> AppResult<Option<Kind>> {
    match raw {
        None => Ok(None),
        Some("ticket") => Ok(Some(Kind::Ticket)),
        Some("article") => Ok(Some(Kind::Article)),
        Some(_) => Err(AppError::BadRequest("kind must be ticket or article".into())),
    }
}

/// `GET /search`: staff find every ticket (notes too) and article; customers their own
/// tickets' public messages and published articles.
pub async fn search<S: SearchManifests + Sync, F: IndexFiles + Sync>(
    indexes: &Indexes<S, F>,
    caller: &Caller,
    q: Option<&str>,
    kind_raw: Option<&str>,
    status: Option<&str>,
    limit: usize,
) -> AppResult<Vec<Hit>> {
    let audience = if reads_drafts(caller) {
        Audience::Staff
    } else {
        Audience::Customer(caller.user_id.to_string())
    };
    let status_shape = |s: &str| (1..=20).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
    if status.is_some_and(|s| !status_shape(s)) {
        return Err(AppError::BadRequest(
            "status must be a ticket's or an article's status".into(),
        ));
    }
    let search = Search {
        words: words(q)?,
        audience,
        kind: kind(kind_raw)?,
        status: status.map(str::to_owned),
        all_words: true,
    };
    indexes
        .query(&caller.org_id, &search, limit.clamp(1, usize::from(HITS_MAX)))
        .await
}

/// Published articles for a help-center query (`all_words`) or for what a customer is
/// typing into a new ticket (any word).
pub async fn public_articles<S: SearchManifests + Sync, F: IndexFiles + Sync>(
    indexes: &Indexes<S, F>,
    org: &OrgId,
    q: Option<&str>,
    all_words: bool,
    limit: usize,
) -> AppResult<Vec<Hit>> {
    let search = Search {
        words: words(q)?,
        audience: Audience::Public,
        kind: Some(Kind::Article),
        status: None,
        all_words,
    };
    indexes.query(org, &search, limit.clamp(1, usize::from(HITS_MAX))).await
}

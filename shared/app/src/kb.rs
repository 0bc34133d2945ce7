//! The knowledge base and the public help center (docs/knowledge-base.md).

use helpdesk_domain::access::{may_edit_article, reads_drafts, require_manager, require_staff};
use helpdesk_domain::events::{ArticleChanged, ArticleEvent};
use helpdesk_domain::kb::{
    self, Article, ArticleChange, ArticleStatus, ArticleVersion, Category, CategoryChange, Edited, NewArticle,
    NewCategory, Slug,
};
use helpdesk_domain::kb_view::{ArticleFor, ArticleView, PublishedArticle, PublishedArticleSummary};
use helpdesk_domain::views::{PAGE_DEFAULT, PAGE_MAX};
use helpdesk_domain::{ArticleId, Caller, CategoryId, DomainError, InteractionId, OrgId, TicketId};
use helpdesk_store::{ArticleFilter, Expect, KbReads, KbWrites, OrgProfile, Page, StoreError, TicketReads};
use time::OffsetDateTime;

use crate::retry::Retry;
use crate::{AppError, AppResult};

const STAFF_ONLY: &str = "only staff write articles";
const MANAGERS_ONLY: &str = "only managers and admins publish, archive, restore and manage categories";
const NOT_YOURS: &str = "agents edit only their own articles until they are published";
/// Attempts at a free slug derived from a title (`reset`, `reset-2`, ...).
const SLUG_TRIES: u32 = 5;

fn limit(raw: Option<&str>) -> AppResult<u16> {
    crate::limit(raw, PAGE_DEFAULT, PAGE_MAX)
}

fn article_id(raw: &str) -> AppResult<ArticleId> {
    ArticleId::parse(raw).map_err(|_| AppError::NotFound("article"))
}

/// An article as `caller` may see it: staff every status, others published ones only.
fn for_caller(a: &Article, caller: &Caller) -> Option<ArticleFor> {
    if reads_drafts(caller) {
        Some(ArticleFor::Staff(Box::new(ArticleView::of(a))))
    } else {
        PublishedArticle::of(a).map(|p| ArticleFor::Public(Box::new(p)))
    }
}

/// An article of the caller's org they may see, else 404.
async fn visible(store: &impl KbReads, caller: &Caller, id: ArticleId) -> AppResult<Article> {
    store
        .get_article(&caller.org_id, id)
        .await?
        .filter(|a| reads_drafts(caller) || a.is_public())
        .ok_or(AppError::NotFound("article"))
}

/// The filters of `GET /knowledge-base/articles`, as the query gives them.
#[derive(Debug, Clone, Copy, Default)]
pub struct ArticleQuery<'a> {
    pub status: Option<&'a str>,
    pub category: Option<&'a str>,
    pub tag: Option<&'a str>,
    pub limit: Option<&'a str>,
    pub cursor: Option<&'a str>,
}

fn parse_status(raw: &str) -> AppResult<ArticleStatus> {
    match raw {
        "draft" => Ok(ArticleStatus::Draft),
        "published" => Ok(ArticleStatus::Published),
        "archived" => Ok(ArticleStatus::Archived),
        _ => Err(AppError::BadRequest(
            "status must be draft, published or archived".into(),
        )),
    }
}

fn parse_category(raw: &str) -> AppResult<CategoryId> {
    CategoryId::parse(raw).map_err(|_| AppError::BadRequest("category must be a category id".into()))
}

fn parse_tag(raw: &str) -> AppResult<String> {
    if helpdesk_domain::input::tag(raw) {
        Ok(raw.to_ascii_lowercase())
    } else {
        Err(AppError::BadRequest(
            "tag must be 1 to 40 letters, digits, '-', '_' or '.'".into(),
        ))
    }
}

/// `GET /knowledge-base/articles`: staff every status, customers published ones.
pub async fn list_articles(store: &impl KbReads, caller: &Caller, q: ArticleQuery<'_>) -> AppResult<Page<ArticleFor>> {
    let mut filter = ArticleFilter {
        status: q.status.map(parse_status).transpose()?,
        category: q.category.map(parse_category).transpose()?,
        tag: q.tag.map(parse_tag).transpose()?,
    };
    if !reads_drafts(caller) {
        if filter.status.is_some_and(|s| s != ArticleStatus::Published) {
            return Err(DomainError::Forbidden("customers read published articles only").into());
        }
        filter.status = Some(ArticleStatus::Published);
    }
    let page = store
        .list_articles(&caller.org_id, &filter, limit(q.limit)?, q.cursor)
        .await?;
    Ok(Page {
        items: page.items.iter().filter_map(|a| for_caller(a, caller)).collect(),
        next_cursor: page.next_cursor,
    })
}

/// Where a new article's content comes from.
#[derive(Debug, Clone, Copy)]
pub enum Source<'a> {
    Written {
        title: &'a str,
        body: &'a str,
    },
    /// "Create article from ticket": the ticket's subject and one of its public replies.
    Ticket {
        ticket_id: &'a str,
        interaction_id: &'a str,
    },
}

/// What `POST /knowledge-base/articles` asks for.
#[derive(Debug, Clone, Copy)]
pub struct CreateArticle<'a> {
    pub source: Source<'a>,
    pub slug: Option<&'a str>,
    pub category_id: Option<&'a str>,
    pub tags: &'a [String],
}

/// The subject and reply text a ticket offers for an article.
async fn from_ticket(
    store: &impl TicketReads,
    caller: &Caller,
    ticket: &str,
    interaction: &str,
) -> AppResult<(String, String)> {
    let t = TicketId::parse(ticket).map_err(|_| AppError::NotFound("ticket"))?;
    let i = InteractionId::parse(interaction).map_err(|_| AppError::NotFound("interaction"))?;
    let found = store
        .ticket_with_thread(&caller.org_id, t)
        .await?
        .ok_or(AppError::NotFound("ticket"))?;
    let reply = found
        .thread
        .iter()
        .find(|m| m.id == i)
        .ok_or(AppError::NotFound("interaction"))?;
    if reply.internal {
        return Err(DomainError::unprocessable(
            "interaction_id",
            "an internal note cannot become a customer-facing article; pick a public reply",
        )
        .into());
    }
    Ok((found.ticket.subject.clone(), reply.body.clone()))
}

/// `POST /knowledge-base/articles`: a new draft. Staff only.
pub async fn create_article<S: KbWrites + TicketReads>(
    store: &S,
    caller: &Caller,
    new: CreateArticle<'_>,
) -> AppResult<Article> {
    require_staff(caller, STAFF_ONLY)?;
    let (title, body) = match new.source {
        Source::Written { title, body } => (title.to_owned(), body.to_owned()),
        Source::Ticket {
            ticket_id,
            interaction_id,
        } => from_ticket(store, caller, ticket_id, interaction_id).await?,
    };
    let now = OffsetDateTime::now_utc();
    let input = NewArticle {
        title: &title,
        body: &body,
        slug: new.slug,
        category_id: new.category_id,
        tags: new.tags,
    };
    let (mut article, mut version) = kb::draft(&caller.org_id, &caller.user_id, input, now)?;
    let derived = article.slug.clone();
    for n in 1..=SLUG_TRIES {
        let event = ArticleEvent::new(ArticleChanged::ArticleUpdated, &article, now);
        match store.create_article(&article, &version, &event).await {
            Ok(()) => return Ok(article),
            // A slug made from the title: try the next free one.
            Err(StoreError::Conflict(_)) if new.slug.is_none() && n < SLUG_TRIES => {
                article.slug = Slug::parse(&format!("{}-{}", derived.as_str().trim_end_matches('-'), n + 1))
                    .unwrap_or_else(|_| derived.clone());
                version.article_id = article.id;
            }
            Err(e) => return Err(e.into()),
        }
    }
    Err(AppError::Conflict("another article of the org has this slug"))
}

/// `GET /knowledge-base/articles/{id}`.
pub async fn get_article(store: &impl KbReads, caller: &Caller, id: &str) -> AppResult<ArticleFor> {
    let a = visible(store, caller, article_id(id)?).await?;
    for_caller(&a, caller).ok_or(AppError::NotFound("article"))
}

/// The fields of an article change, as the request gives them.
#[derive(Debug, Clone, Copy, Default)]
pub struct ArticleChangeInput<'a> {
    pub title: Option<&'a str>,
    pub body: Option<&'a str>,
    pub slug: Option<&'a str>,
    pub category_id: Option<Option<&'a str>>,
    pub tags: Option<&'a [String]>,
}

/// Reads the article, lets `decide` change it and saves the change at the version read
/// (or `if_match`), retrying lost races the way [`Retry`] says.
async fn change_article<S: KbReads + KbWrites>(
    store: &S,
    caller: &Caller,
    id: &str,
    if_match: Option<u64>,
    kind: ArticleChanged,
    decide: impl Fn(&Article, OffsetDateTime) -> AppResult<Option<Edited>>,
) -> AppResult<Article> {
    require_staff(caller, STAFF_ONLY)?;
    let id = article_id(id)?;
    let mut retry = Retry::new("article");
    loop {
        retry.next().await?;
        let before = visible(store, caller, id).await?;
        if if_match.is_some_and(|v| v != before.version) {
            return Err(AppError::Stale("article"));
        }
        let now = OffsetDateTime::now_utc();
        let Some(edited) = decide(&before, now)? else {
            return Ok(before);
        };
        let event = ArticleEvent::new(kind, &edited.article, now);
        match store
            .save_article(&before, &edited.article, edited.version.as_ref(), &event)
            .await
        {
            Ok(()) => return Ok(edited.article),
            Err(e) if retry.lost(&e, if_match) => continue,
            Err(e) => return Err(AppError::about(e, "article")),
        }
    }
}

/// `PATCH /knowledge-base/articles/{id}`: managers any article, agents their own drafts.
pub async fn update_article<S: KbReads + KbWrites>(
    store: &S,
    caller: &Caller,
    id: &str,
    if_match: Option<u64>,
    input: ArticleChangeInput<'_>,
) -> AppResult<Article> {
    let change = ArticleChange::parse(input.title, input.body, input.slug, input.category_id, input.tags)?;
    change_article(store, caller, id, if_match, ArticleChanged::ArticleUpdated, |a, now| {
        if !may_edit_article(caller, a) {
            return Err(DomainError::Forbidden(NOT_YOURS).into());
        }
        Ok(change.apply(a, &caller.user_id, now))
    })
    .await
}

/// `POST /knowledge-base/articles/{id}/publish`. Managers and admins.
pub async fn publish_article<S: KbReads + KbWrites>(
    store: &S,
    caller: &Caller,
    id: &str,
    if_match: Option<u64>,
) -> AppResult<Article> {
    require_manager(caller, MANAGERS_ONLY)?;
    change_article(
        store,
        caller,
        id,
        if_match,
        ArticleChanged::ArticlePublished,
        |a, now| Ok(a.publish(now).map(|article| Edited { article, version: None })),
    )
    .await
}

/// `POST /knowledge-base/articles/{id}/archive`. Managers and admins.
pub async fn archive_article<S: KbReads + KbWrites>(
    store: &S,
    caller: &Caller,
    id: &str,
    if_match: Option<u64>,
) -> AppResult<Article> {
    require_manager(caller, MANAGERS_ONLY)?;
    change_article(
        store,
        caller,
        id,
        if_match,
        ArticleChanged::ArticleArchived,
        |a, now| Ok(a.archive(now).map(|article| Edited { article, version: None })),
    )
    .await
}

fn version_number(raw: &str) -> AppResult<u32> {
    raw.parse::<u32>()
        .ok()
        .filter(|n| *n >= 1)
        .ok_or(AppError::NotFound("version"))
}

/// `GET /knowledge-base/articles/{id}/versions`: newest first. Staff only.
pub async fn article_versions(
    store: &impl KbReads,
    caller: &Caller,
    id: &str,
) -> AppResult<(Article, Vec<ArticleVersion>)> {
    require_staff(caller, STAFF_ONLY)?;
    let a = visible(store, caller, article_id(id)?).await?;
    let versions = store.article_versions(&caller.org_id, a.id).await?;
    Ok((a, versions))
}

/// `GET /knowledge-base/articles/{id}/versions/{n}`. Staff only.
pub async fn article_version(store: &impl KbReads, caller: &Caller, id: &str, n: &str) -> AppResult<ArticleVersion> {
    require_staff(caller, STAFF_ONLY)?;
    let a = visible(store, caller, article_id(id)?).await?;
    store
        .article_version(&caller.org_id, a.id, version_number(n)?)
        .await?
        .ok_or(AppError::NotFound("version"))
}

/// `POST /knowledge-base/articles/{id}/versions/{n}/restore`: a new draft version with
/// version `n`'s content. Managers and admins.
pub async fn restore_version<S: KbReads + KbWrites>(
    store: &S,
    caller: &Caller,
    id: &str,
    n: &str,
    if_match: Option<u64>,
) -> AppResult<Article> {
    require_manager(caller, MANAGERS_ONLY)?;
    let old = article_version(store, caller, id, n).await?;
    change_article(store, caller, id, if_match, ArticleChanged::ArticleUpdated, |a, now| {
        Ok(Some(a.restore(&old, &caller.user_id, now)))
    })
    .await
}

/// The counts after a vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Feedback {
    pub helpful: u64,
    pub not_helpful: u64,
}

/// Records `voter`'s vote on a published article; the latest vote counts.
async fn vote<S: KbReads + KbWrites>(
    store: &S,
    org: &OrgId,
    a: &Article,
    voter: &str,
    helpful: bool,
) -> AppResult<Feedback> {
    let mut retry = Retry::new("article");
    loop {
        retry.next().await?;
        let previous = store.article_vote(org, a.id, voter).await?;
        match store.record_vote(org, a.id, voter, previous, helpful).await {
            Ok(()) => {
                // What the counters became, read after the write.
                let now = store
                    .get_article(org, a.id)
                    .await?
                    .ok_or(AppError::NotFound("article"))?;
                return Ok(Feedback {
                    helpful: now.helpful,
                    not_helpful: now.not_helpful,
                });
            }
            Err(e) if retry.lost(&e, None) => continue,
            Err(e) => return Err(e.into()),
        }
    }
}

/// `POST /knowledge-base/articles/{id}/feedback`: one vote per signed-in user.
pub async fn article_feedback<S: KbReads + KbWrites>(
    store: &S,
    caller: &Caller,
    id: &str,
    helpful: bool,
) -> AppResult<Feedback> {
    let a = store
        .get_article(&caller.org_id, article_id(id)?)
        .await?
        .filter(Article::is_public)
        .ok_or(AppError::NotFound("article"))?;
    vote(store, &caller.org_id, &a, &format!("user:{}", caller.user_id), helpful).await
}

/// `GET /knowledge-base/categories`: every signed-in user of the org.
pub async fn list_categories(store: &impl KbReads, caller: &Caller) -> AppResult<Vec<Category>> {
    Ok(kb::ordered(store.list_categories(&caller.org_id).await?))
}

/// `POST /knowledge-base/categories`. Managers and admins.
pub async fn create_category<S: KbReads + KbWrites>(
    store: &S,
    caller: &Caller,
    new: NewCategory<'_>,
) -> AppResult<Category> {
    require_manager(caller, MANAGERS_ONLY)?;
    let c = kb::new_category(&caller.org_id, new)?;
    kb::check_nesting(&c, &store.list_categories(&caller.org_id).await?)?;
    store.put_category(&c, Expect::New).await?;
    Ok(c)
}

/// `PATCH /knowledge-base/categories/{id}`. Managers and admins.
pub async fn update_category<S: KbReads + KbWrites>(
    store: &S,
    caller: &Caller,
    id: &str,
    if_match: Option<u64>,
    change: CategoryChangeInput<'_>,
) -> AppResult<Category> {
    require_manager(caller, MANAGERS_ONLY)?;
    let change = CategoryChange::parse(change.name, change.description, change.parent_id, change.position)?;
    let id = CategoryId::parse(id).map_err(|_| AppError::NotFound("category"))?;
    let mut retry = Retry::new("category");
    loop {
        retry.next().await?;
        let all = store.list_categories(&caller.org_id).await?;
        let c = all
            .iter()
            .find(|c| c.id == id)
            .cloned()
            .ok_or(AppError::NotFound("category"))?;
        if if_match.is_some_and(|v| v != c.version) {
            return Err(AppError::Stale("category"));
        }
        let Some(next) = change.apply(&c) else { return Ok(c) };
        kb::check_nesting(&next, &all)?;
        match store.put_category(&next, Expect::Version(c.version)).await {
            Ok(()) => return Ok(next),
            Err(e) if retry.lost(&e, if_match) => continue,
            Err(e) => return Err(AppError::about(e, "category")),
        }
    }
}

/// The fields of a category change, as the request gives them.
#[derive(Debug, Clone, Copy, Default)]
pub struct CategoryChangeInput<'a> {
    pub name: Option<&'a str>,
    pub description: Option<&'a str>,
    pub parent_id: Option<Option<&'a str>>,
    pub position: Option<u32>,
}

/// The org a help-center URL names, by id or slug; 404 for one without a profile.
pub async fn help_org(store: &impl KbReads, org: &str) -> AppResult<OrgProfile> {
    const NONE: AppError = AppError::NotFound("help center");
    let id = match OrgId::parse(org) {
        Ok(id) => id,
        Err(_) if helpdesk_domain::input::org_ref(org) => store.org_by_slug(org).await?.ok_or(NONE)?,
        Err(_) => return Err(NONE),
    };
    store.org_profile(&id).await?.ok_or(NONE)
}

/// `GET /help/{org}/categories`: the org and its categories.
pub async fn help_categories(store: &impl KbReads, org: &str) -> AppResult<(OrgProfile, Vec<Category>)> {
    let profile = help_org(store, org).await?;
    let categories = kb::ordered(store.list_categories(&profile.id).await?);
    Ok((profile, categories))
}

/// `GET /help/{org}/articles`: published articles, newest change first.
pub async fn help_articles(
    store: &impl KbReads,
    org: &str,
    category: Option<&str>,
    limit_raw: Option<&str>,
    cursor: Option<&str>,
) -> AppResult<Page<PublishedArticleSummary>> {
    let profile = help_org(store, org).await?;
    let filter = ArticleFilter {
        status: Some(ArticleStatus::Published),
        category: category.map(parse_category).transpose()?,
        tag: None,
    };
    let page = store
        .list_articles(&profile.id, &filter, limit(limit_raw)?, cursor)
        .await?;
    Ok(Page {
        items: page.items.iter().filter_map(PublishedArticleSummary::of).collect(),
        next_cursor: page.next_cursor,
    })
}

async fn public_article<S: KbReads>(store: &S, org: &str, slug: &str) -> AppResult<(OrgId, ArticleId)> {
    let profile = help_org(store, org).await?;
    let slug = Slug::parse(slug).map_err(|_| AppError::NotFound("article"))?;
    let id = store
        .article_id_by_slug(&profile.id, &slug)
        .await?
        .ok_or(AppError::NotFound("article"))?;
    Ok((profile.id, id))
}

/// `GET /help/{org}/articles/{slug}`: the published article; counts a view.
pub async fn help_article<S: KbReads + KbWrites>(store: &S, org: &str, slug: &str) -> AppResult<PublishedArticle> {
    let (org, id) = public_article(store, org, slug).await?;
    let a = store.count_view(&org, id).await?.ok_or(AppError::NotFound("article"))?;
    PublishedArticle::of(&a).ok_or(AppError::NotFound("article"))
}

/// `POST /help/{org}/articles/{slug}/feedback`: one vote per browser session.
pub async fn help_feedback<S: KbReads + KbWrites>(
    store: &S,
    org: &str,
    slug: &str,
    session: &str,
    helpful: bool,
) -> AppResult<Feedback> {
    if !helpdesk_domain::input::session(session) {
        return Err(DomainError::field("session", "16 to 64 letters, digits, '-' or '_'").into());
    }
    let (org, id) = public_article(store, org, slug).await?;
    let a = store
        .get_article(&org, id)
        .await?
        .filter(Article::is_public)
        .ok_or(AppError::NotFound("article"))?;
    vote(store, &org, &a, &format!("session:{session}"), helpful).await
}

/// Articles in the order of `hits`, as `caller` may see them, filtered like a list.
fn in_hit_order(hits: &[helpdesk_search::Hit]) -> Vec<ArticleId> {
    hits.iter().filter_map(|h| ArticleId::parse(&h.id).ok()).collect()
}

/// `GET /knowledge-base/articles?q=`: the best matches, filtered like the list (one
/// page: a search has no cursor).
pub async fn search_articles<S, F>(
    indexes: &crate::search::Indexes<S, F>,
    caller: &Caller,
    q: ArticleQuery<'_>,
    text: &str,
) -> AppResult<Page<ArticleFor>>
where
    S: KbReads + helpdesk_store::SearchManifests + Sync,
    F: helpdesk_blobs::IndexFiles + Sync,
{
    let status = q.status.map(parse_status).transpose()?;
    let category = q.category.map(parse_category).transpose()?;
    let tag = q.tag.map(parse_tag).transpose()?;
    if !reads_drafts(caller) && status.is_some_and(|s| s != ArticleStatus::Published) {
        return Err(DomainError::Forbidden("customers read published articles only").into());
    }
    let limit = usize::from(limit(q.limit)?);
    let hits = crate::search::search(
        indexes,
        caller,
        Some(text),
        Some("article"),
        status.map(ArticleStatus::as_str),
        limit,
    )
    .await?;
    let articles = indexes.store.get_articles(&caller.org_id, &in_hit_order(&hits)).await?;
    let items = articles
        .iter()
        .filter(|a| category.is_none_or(|c| a.category_id == Some(c)))
        .filter(|a| tag.as_ref().is_none_or(|t| a.tags.contains(t)))
        .filter_map(|a| for_caller(a, caller))
        .collect();
    Ok(Page {
        items,
        next_cursor: None,
    })
}

/// `GET /help/{org}/articles?q=`: published articles matching every word, best first,
/// each with its snippet.
pub async fn help_search<S, F>(
    indexes: &crate::search::Indexes<S, F>,
    org: &str,
    text: &str,
    category: Option<&str>,
    limit_raw: Option<&str>,
) -> AppResult<Page<PublishedArticleSummary>>
where
    S: KbReads + helpdesk_store::SearchManifests + helpdesk_store::Reports + helpdesk_store::SettingsReads + Sync,
    F: helpdesk_blobs::IndexFiles + Sync,
{
    let profile = help_org(&indexes.store, org).await?;
    let category = category.map(parse_category).transpose()?;
    let limit = usize::from(limit(limit_raw)?);
    let hits = crate::search::public_articles(indexes, &profile.id, Some(text), true, limit).await?;
    let articles = indexes.store.get_articles(&profile.id, &in_hit_order(&hits)).await?;
    let items = articles
        .iter()
        .filter(|a| category.is_none_or(|c| a.category_id == Some(c)))
        .filter_map(|a| {
            let mut summary = PublishedArticleSummary::of(a)?;
            summary.snippet = hits
                .iter()
                .find(|h| h.id == a.id.to_string())
                .map(|h| h.snippet.clone());
            Some(summary)
        })
        .collect::<Vec<_>>();
    if hits.is_empty() {
        // A content gap for the KB team; the visitor's answer never waits on it failing.
        if let Err(e) = crate::reports::record_unanswered(&indexes.store, &profile.id, text).await {
            tracing::warn!(error = %e, "could not count a search without a result");
        }
    }
    Ok(Page {
        items,
        next_cursor: None,
    })
}

/// `GET /knowledge-base/suggestions?org=&q=`: the published articles that best match
/// what a customer is typing (any word counts), for the help center and the portal.
pub async fn suggestions<S, F>(
    indexes: &crate::search::Indexes<S, F>,
    org: &str,
    text: &str,
) -> AppResult<(OrgId, Vec<helpdesk_search::Hit>)>
where
    S: KbReads + helpdesk_store::SearchManifests + Sync,
    F: helpdesk_blobs::IndexFiles + Sync,
{
    let profile = help_org(&indexes.store, org).await?;
    let hits =
        crate::search::public_articles(indexes, &profile.id, Some(text), false, crate::search::SUGGESTIONS).await?;
    Ok((profile.id, hits))
}

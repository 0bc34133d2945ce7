//! `/api/v1/knowledge-base/…`: articles, their versions and feedback, categories.

use helpdesk_app::kb::{self as uc, ArticleChangeInput, ArticleQuery, CategoryChangeInput, CreateArticle, Source};
use helpdesk_domain::DomainError;
#[cfg(feature = "openapi")]
use helpdesk_domain::kb::Category;
use helpdesk_domain::kb::NewCategory;
use helpdesk_domain::kb_view::{ArticleFor, ArticleVersionSummary, ArticleVersionView, ArticleView};
#[cfg(feature = "openapi")]
use helpdesk_platform::Problem;
use helpdesk_platform::auth;
use helpdesk_platform::http::{if_match, json, json_body, path, present, query, respond};
use helpdesk_store::Table;
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use serde::Deserialize;

use crate::wire::{self, Feedback, Items, Page};

/// The article as staff see it, with its `ETag`.
fn article(status: StatusCode, a: &helpdesk_domain::kb::Article) -> Response<Body> {
    wire::versioned(status, &ArticleView::of(a), a.version)
}

/// Staff: every status; customers: published articles only (`status` other than
/// `published` is 403). With `q`: the best matches (typos forgiven) in one page.
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/api/v1/knowledge-base/articles", tag = "knowledge-base",
    params(("q" = Option<String>, Query, max_length = 200, description = "search words (see `GET /search`)"),
        ("status" = Option<helpdesk_domain::kb::ArticleStatus>, Query),
        ("category" = Option<String>, Query, pattern = "^[0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{26}$", description = "a category id"),
        ("tag" = Option<String>, Query, pattern = "^[A-Za-z0-9._-]{1,40}$"),
        ("limit" = Option<u16>, Query, minimum = 1, maximum = 100, description = "1-100, default 25"),
        ("cursor" = Option<String>, Query)),
    responses((status = 200, body = Page<ArticleFor>, description = "newest change first; a page may hold fewer than `limit` while `next_cursor` follows"),
        (status = 403, body = Problem), (status = 422, body = Problem, description = "a cursor of another list"))))]
pub async fn list_articles(indexes: &crate::deps::Search, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let text = query(&req, "q").filter(|q| !q.trim().is_empty());
            let (status, category, tag, limit, cursor) = (
                query(&req, "status"),
                query(&req, "category"),
                query(&req, "tag"),
                query(&req, "limit"),
                query(&req, "cursor"),
            );
            let q = ArticleQuery {
                status: status.as_deref(),
                category: category.as_deref(),
                tag: tag.as_deref(),
                limit: limit.as_deref(),
                cursor: cursor.as_deref(),
            };
            let page = match &text {
                Some(text) => uc::search_articles(indexes.as_ref(), &caller, q, text).await?,
                None => uc::list_articles(&indexes.store, &caller, q).await?,
            };
            Ok(json(StatusCode::OK, &Page::of(page, |a| a)))
        }
        .await,
    )
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateArticleRequest {
    /// With `body`: a written article.
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::opt_title))]
    pub title: Option<String>,
    /// Markdown.
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::opt_article_body))]
    pub body: Option<String>,
    /// With `interaction_id`, instead of `title` and `body`: an article from a ticket's
    /// subject and one of its public replies.
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::opt_ulid))]
    pub ticket_id: Option<String>,
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::opt_ulid))]
    pub interaction_id: Option<String>,
    /// Defaults to one made from the title.
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::opt_slug))]
    pub slug: Option<String>,
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::opt_ulid))]
    pub category_id: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::tags))]
    pub tags: Vec<String>,
}

/// Start an article (a draft). Staff only.
#[cfg_attr(feature = "openapi", utoipa::path(post, path = "/api/v1/knowledge-base/articles", tag = "knowledge-base",
    request_body = CreateArticleRequest,
    responses((status = 201, body = ArticleView, description = "`ETag` is the version"), (status = 403, body = Problem),
        (status = 404, body = Problem, description = "the category, ticket or reply is not the org's"),
        (status = 409, body = Problem, description = "another article has this slug"),
        (status = 422, body = Problem, description = "neither title and body nor ticket_id and interaction_id, both, or an internal note"))))]
pub async fn create_article(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let b: CreateArticleRequest = json_body(&req)?;
            let source = match (&b.title, &b.body, &b.ticket_id, &b.interaction_id) {
                (Some(title), Some(body), None, None) => Source::Written { title, body },
                (None, None, Some(ticket_id), Some(interaction_id)) => Source::Ticket {
                    ticket_id,
                    interaction_id,
                },
                _ => {
                    return Err(DomainError::unprocessable(
                        "body",
                        "give title and body, or ticket_id and interaction_id",
                    )
                    .into());
                }
            };
            let new = CreateArticle {
                source,
                slug: b.slug.as_deref(),
                category_id: b.category_id.as_deref(),
                tags: &b.tags,
            };
            let a = uc::create_article(table, &caller, new).await?;
            Ok(wire::created(
                &ArticleView::of(&a),
                &format!("/api/v1/knowledge-base/articles/{}", a.id),
                a.version,
            ))
        }
        .await,
    )
}

/// An article: staff see the draft and what is published; customers the published
/// version only (anything else is 404).
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/api/v1/knowledge-base/articles/{id}", tag = "knowledge-base",
    params(("id" = String, Path)),
    responses((status = 200, body = ArticleFor), (status = 404, body = Problem))))]
pub async fn get_article(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let a = uc::get_article(table, &caller, path(&req, "id")).await?;
            Ok(match &a {
                ArticleFor::Staff(v) => wire::versioned(StatusCode::OK, &a, v.version),
                ArticleFor::Public(_) => json(StatusCode::OK, &a),
            })
        }
        .await,
    )
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateArticleRequest {
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::opt_title))]
    pub title: Option<String>,
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::opt_article_body))]
    pub body: Option<String>,
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::opt_slug))]
    pub slug: Option<String>,
    /// `null` files it under no category; absent keeps it.
    #[serde(default, deserialize_with = "present")]
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::opt_ulid))]
    pub category_id: Option<Option<String>>,
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::opt_tags))]
    pub tags: Option<Vec<String>>,
}

/// Edit an article's draft (title and body make a new version; slug, category and tags
/// change at once). Managers and admins any article; agents their own, until published.
#[cfg_attr(feature = "openapi", utoipa::path(patch, path = "/api/v1/knowledge-base/articles/{id}", tag = "knowledge-base",
    request_body = UpdateArticleRequest,
    params(("id" = String, Path), ("If-Match" = Option<String>, Header, description = "ETag of the version edited")),
    responses((status = 200, body = ArticleView, description = "`ETag` is the new version"), (status = 403, body = Problem),
        (status = 404, body = Problem, description = "the article or the category"),
        (status = 409, body = Problem, description = "another article has this slug, or changing too fast"),
        (status = 412, body = Problem, description = "stale If-Match"),
        (status = 422, body = Problem, description = "nothing to change"))))]
pub async fn update_article(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let b: UpdateArticleRequest = json_body(&req)?;
            let input = ArticleChangeInput {
                title: b.title.as_deref(),
                body: b.body.as_deref(),
                slug: b.slug.as_deref(),
                category_id: b.category_id.as_ref().map(Option::as_deref),
                tags: b.tags.as_deref(),
            };
            let a = uc::update_article(table, &caller, path(&req, "id"), if_match(&req)?, input).await?;
            Ok(article(StatusCode::OK, &a))
        }
        .await,
    )
}

/// Make the newest version the one customers see. Managers and admins.
#[cfg_attr(feature = "openapi", utoipa::path(post, path = "/api/v1/knowledge-base/articles/{id}/publish", tag = "knowledge-base",
    params(("id" = String, Path), ("If-Match" = Option<String>, Header, description = "ETag of the version published")),
    responses((status = 200, body = ArticleView), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem, description = "changing too fast"), (status = 412, body = Problem, description = "stale If-Match"))))]
pub async fn publish_article(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let a = uc::publish_article(table, &caller, path(&req, "id"), if_match(&req)?).await?;
            Ok(article(StatusCode::OK, &a))
        }
        .await,
    )
}

/// Take an article out of customers' sight. Managers and admins.
#[cfg_attr(feature = "openapi", utoipa::path(post, path = "/api/v1/knowledge-base/articles/{id}/archive", tag = "knowledge-base",
    params(("id" = String, Path), ("If-Match" = Option<String>, Header, description = "ETag of the version archived")),
    responses((status = 200, body = ArticleView), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem, description = "changing too fast"), (status = 412, body = Problem, description = "stale If-Match"))))]
pub async fn archive_article(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let a = uc::archive_article(table, &caller, path(&req, "id"), if_match(&req)?).await?;
            Ok(article(StatusCode::OK, &a))
        }
        .await,
    )
}

/// An article's versions, newest first. Staff only.
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/api/v1/knowledge-base/articles/{id}/versions", tag = "knowledge-base",
    params(("id" = String, Path)),
    responses((status = 200, body = Items<ArticleVersionSummary>), (status = 403, body = Problem), (status = 404, body = Problem))))]
pub async fn list_article_versions(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let (a, versions) = uc::article_versions(table, &caller, path(&req, "id")).await?;
            let items = versions.iter().map(|v| ArticleVersionSummary::of(v, &a)).collect();
            Ok(json(StatusCode::OK, &Items { items }))
        }
        .await,
    )
}

/// One version of an article, whole. Staff only.
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/api/v1/knowledge-base/articles/{id}/versions/{n}", tag = "knowledge-base",
    params(("id" = String, Path), ("n" = u32, Path, minimum = 1)),
    responses((status = 200, body = ArticleVersionView), (status = 403, body = Problem), (status = 404, body = Problem))))]
pub async fn get_article_version(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let v = uc::article_version(table, &caller, path(&req, "id"), path(&req, "n")).await?;
            Ok(json(StatusCode::OK, &ArticleVersionView::of(&v)))
        }
        .await,
    )
}

/// Make version `n`'s content the newest draft version. Managers and admins.
#[cfg_attr(feature = "openapi", utoipa::path(post, path = "/api/v1/knowledge-base/articles/{id}/versions/{n}/restore", tag = "knowledge-base",
    params(("id" = String, Path), ("n" = u32, Path, minimum = 1), ("If-Match" = Option<String>, Header, description = "ETag of the version replaced")),
    responses((status = 200, body = ArticleView), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem, description = "changing too fast"), (status = 412, body = Problem, description = "stale If-Match"))))]
pub async fn restore_article_version(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let a = uc::restore_version(table, &caller, path(&req, "id"), path(&req, "n"), if_match(&req)?).await?;
            Ok(article(StatusCode::OK, &a))
        }
        .await,
    )
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedbackRequest {
    pub helpful: bool,
}

/// Say whether a published article helped; one vote per user, the latest counts.
#[cfg_attr(feature = "openapi", utoipa::path(post, path = "/api/v1/knowledge-base/articles/{id}/feedback", tag = "knowledge-base",
    request_body = FeedbackRequest, params(("id" = String, Path)),
    responses((status = 200, body = Feedback), (status = 404, body = Problem, description = "no published article"),
        (status = 409, body = Problem, description = "changing too fast"))))]
pub async fn article_feedback(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let b: FeedbackRequest = json_body(&req)?;
            let f = uc::article_feedback(table, &caller, path(&req, "id"), b.helpful).await?;
            Ok(json(StatusCode::OK, &Feedback::from(f)))
        }
        .await,
    )
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeflectionRequest {
    pub outcome: helpdesk_domain::reports::FormOutcome,
}

/// How a new-ticket form that showed suggested articles ended: the customer filed the
/// ticket, or left without it (deflected). Counted per day for the knowledge-base
/// report. Customers only: the portal sends it once per form.
#[cfg_attr(feature = "openapi", utoipa::path(post, path = "/api/v1/knowledge-base/deflections", tag = "knowledge-base",
    request_body = DeflectionRequest,
    responses((status = 204, description = "counted"), (status = 400, body = Problem), (status = 403, body = Problem))))]
pub async fn record_deflection(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let b: DeflectionRequest = json_body(&req)?;
            helpdesk_app::reports::record_form_outcome(table, &caller, b.outcome).await?;
            Ok(wire::no_content())
        }
        .await,
    )
}

/// The org's categories: each top-level one followed by its sections.
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/api/v1/knowledge-base/categories", tag = "knowledge-base",
    responses((status = 200, body = Items<Category>))))]
pub async fn list_categories(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let items = uc::list_categories(table, &caller).await?;
            Ok(json(StatusCode::OK, &Items { items }))
        }
        .await,
    )
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateCategoryRequest {
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::name))]
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::opt_description))]
    pub description: Option<String>,
    /// A top-level category: this one becomes its section.
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::opt_ulid))]
    pub parent_id: Option<String>,
    /// Ascending among siblings; default 0.
    #[serde(default, deserialize_with = "helpdesk_domain::input::whole::opt_u32")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<u32>, minimum = 0, maximum = 1_000_000))]
    pub position: Option<u32>,
}

/// Create a category or a section. Managers and admins.
#[cfg_attr(feature = "openapi", utoipa::path(post, path = "/api/v1/knowledge-base/categories", tag = "knowledge-base",
    request_body = CreateCategoryRequest,
    responses((status = 201, body = Category, description = "`ETag` is the version"), (status = 403, body = Problem),
        (status = 422, body = Problem, description = "the parent is not a top-level category of the org"))))]
pub async fn create_category(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let b: CreateCategoryRequest = json_body(&req)?;
            let new = NewCategory {
                name: &b.name,
                description: b.description.as_deref(),
                parent_id: b.parent_id.as_deref(),
                position: b.position,
            };
            let c = uc::create_category(table, &caller, new).await?;
            Ok(wire::created(
                &c,
                &format!("/api/v1/knowledge-base/categories/{}", c.id),
                c.version,
            ))
        }
        .await,
    )
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateCategoryRequest {
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::opt_name))]
    pub name: Option<String>,
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::opt_description))]
    pub description: Option<String>,
    /// `null` makes it a top-level category; absent keeps it.
    #[serde(default, deserialize_with = "present")]
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::opt_ulid))]
    pub parent_id: Option<Option<String>>,
    #[serde(default, deserialize_with = "helpdesk_domain::input::whole::opt_u32")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<u32>, minimum = 0, maximum = 1_000_000))]
    pub position: Option<u32>,
}

/// Rename, describe, move or reorder a category. Managers and admins.
#[cfg_attr(feature = "openapi", utoipa::path(patch, path = "/api/v1/knowledge-base/categories/{id}", tag = "knowledge-base",
    request_body = UpdateCategoryRequest,
    params(("id" = String, Path), ("If-Match" = Option<String>, Header, description = "ETag of the version edited")),
    responses((status = 200, body = Category, description = "`ETag` is the new version"), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem, description = "changing too fast"),
        (status = 412, body = Problem, description = "stale If-Match"),
        (status = 422, body = Problem, description = "nothing to change, or nesting deeper than one level"))))]
pub async fn update_category(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let b: UpdateCategoryRequest = json_body(&req)?;
            let change = CategoryChangeInput {
                name: b.name.as_deref(),
                description: b.description.as_deref(),
                parent_id: b.parent_id.as_ref().map(Option::as_deref),
                position: b.position,
            };
            let c = uc::update_category(table, &caller, path(&req, "id"), if_match(&req)?, change).await?;
            Ok(wire::versioned(StatusCode::OK, &c, c.version))
        }
        .await,
    )
}

//! `/api/v1/help/{org}/…`: the public help center. No sign-in: these routes have no JWT
//! authorizer and are throttled at the gateway; `{org}` is the org's id or slug.

use helpdesk_app::kb as uc;
#[cfg(feature = "openapi")]
use helpdesk_domain::kb_view::{PublishedArticle, PublishedArticleSummary};
#[cfg(feature = "openapi")]
use helpdesk_platform::Problem;
use helpdesk_platform::http::{json, json_body, path, query, respond};
use helpdesk_store::Table;
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use serde::Deserialize;

use crate::wire::{Feedback, HelpCenter, Page};

/// The org's help center: its name and categories.
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/api/v1/help/{org}/categories", tag = "help-center",
    security(()),
    params(("org" = String, Path, pattern = "^([1-9][0-9]{3,4}|[a-z][a-z0-9-]{1,39})$", description = "the org's id or slug")),
    responses((status = 200, body = HelpCenter), (status = 404, body = Problem, description = "no such help center"),
        (status = 429, body = Problem, description = "throttled"))))]
pub async fn help_categories(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let (org, categories) = uc::help_categories(table, path(&req, "org")).await?;
            Ok(json(StatusCode::OK, &HelpCenter::new(org, categories)))
        }
        .await,
    )
}

/// Published articles, newest change first; with `q`, the best matches (typos
/// forgiven, each with a snippet) in one page.
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/api/v1/help/{org}/articles", tag = "help-center",
    security(()),
    params(("org" = String, Path, pattern = "^([1-9][0-9]{3,4}|[a-z][a-z0-9-]{1,39})$", description = "the org's id or slug"),
        ("q" = Option<String>, Query, max_length = 200, description = "search words"),
        ("category" = Option<String>, Query, pattern = "^[0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{26}$", description = "a category id"),
        ("limit" = Option<u16>, Query, minimum = 1, maximum = 100, description = "1-100, default 25"),
        ("cursor" = Option<String>, Query)),
    responses((status = 200, body = Page<PublishedArticleSummary>), (status = 404, body = Problem),
        (status = 422, body = Problem, description = "a cursor of another list"), (status = 429, body = Problem))))]
pub async fn help_articles(indexes: &crate::deps::Search, req: Request) -> Response<Body> {
    respond(
        async {
            let (category, limit, cursor) = (query(&req, "category"), query(&req, "limit"), query(&req, "cursor"));
            if let Some(text) = query(&req, "q").filter(|q| !q.trim().is_empty()) {
                let page = uc::help_search(
                    indexes.as_ref(),
                    path(&req, "org"),
                    &text,
                    category.as_deref(),
                    limit.as_deref(),
                )
                .await?;
                return Ok(json(StatusCode::OK, &Page::of(page, |a| a)));
            }
            let page = uc::help_articles(
                &indexes.store,
                path(&req, "org"),
                category.as_deref(),
                limit.as_deref(),
                cursor.as_deref(),
            )
            .await?;
            Ok(json(StatusCode::OK, &Page::of(page, |a| a)))
        }
        .await,
    )
}

/// A published article by its slug; counts a view.
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/api/v1/help/{org}/articles/{slug}", tag = "help-center",
    security(()),
    params(("org" = String, Path, pattern = "^([1-9][0-9]{3,4}|[a-z][a-z0-9-]{1,39})$", description = "the org's id or slug"),
        ("slug" = String, Path)),
    responses((status = 200, body = PublishedArticle), (status = 404, body = Problem, description = "no published article"),
        (status = 429, body = Problem))))]
pub async fn help_article(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let a = uc::help_article(table, path(&req, "org"), path(&req, "slug")).await?;
            Ok(json(StatusCode::OK, &a))
        }
        .await,
    )
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HelpFeedbackRequest {
    pub helpful: bool,
    /// An id the browser keeps for the visit: one vote per session, the latest counts.
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::session))]
    pub session: String,
}

/// Say whether a published article helped, without signing in.
#[cfg_attr(feature = "openapi", utoipa::path(post, path = "/api/v1/help/{org}/articles/{slug}/feedback", tag = "help-center",
    security(()),
    request_body = HelpFeedbackRequest,
    params(("org" = String, Path, pattern = "^([1-9][0-9]{3,4}|[a-z][a-z0-9-]{1,39})$", description = "the org's id or slug"),
        ("slug" = String, Path)),
    responses((status = 200, body = Feedback), (status = 404, body = Problem, description = "no published article"),
        (status = 409, body = Problem, description = "changing too fast"), (status = 429, body = Problem))))]
pub async fn help_article_feedback(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let b: HelpFeedbackRequest = json_body(&req)?;
            let f = uc::help_feedback(table, path(&req, "org"), path(&req, "slug"), &b.session, b.helpful).await?;
            Ok(json(StatusCode::OK, &Feedback::from(f)))
        }
        .await,
    )
}

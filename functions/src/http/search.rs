//! `/api/v1/search`, `/api/v1/search/reindex`, `/api/v1/knowledge-base/suggestions`.

use helpdesk_app::{kb, search as uc};
#[cfg(feature = "openapi")]
use helpdesk_platform::Problem;
use helpdesk_platform::auth;
use helpdesk_platform::http::{json, query, respond};
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};

use crate::deps::Search;
use crate::wire::{Items, Reindexed, SearchHit, Suggestion};

/// Tickets and articles matching every word of `q`, typos forgiven, best first, each
/// with a snippet. Staff find every ticket (internal notes too) and article (drafts
/// too); customers their own tickets' public messages and published articles.
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/api/v1/search", tag = "search",
    params(("q" = Option<String>, Query, max_length = 200, description = "the words; the last one may be a prefix; quotes make a phrase; none finds nothing"),
        ("kind" = Option<String>, Query, pattern = "^(ticket|article)$"),
        ("status" = Option<String>, Query, pattern = "^[a-z_]{1,20}$", description = "a ticket's or an article's status"),
        ("limit" = Option<u16>, Query, minimum = 1, maximum = 50, description = "1-50, default 20")),
    responses((status = 200, body = Items<SearchHit>), (status = 400, body = Problem))))]
pub async fn search(indexes: &Search, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let (q, kind, status) = (query(&req, "q"), query(&req, "kind"), query(&req, "status"));
            let limit = usize::from(helpdesk_app::limit(query(&req, "limit").as_deref(), 20, uc::HITS_MAX)?);
            let hits = uc::search(
                indexes,
                &caller,
                q.as_deref(),
                kind.as_deref(),
                status.as_deref(),
                limit,
            )
            .await?;
            Ok(json(
                StatusCode::OK,
                &Items {
                    items: hits.into_iter().map(SearchHit::from).collect(),
                },
            ))
        }
        .await,
    )
}

/// The published articles that best match what someone is typing (any word counts),
/// e.g. the subject of a new ticket. No sign-in: name the org.
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/api/v1/knowledge-base/suggestions", tag = "help-center",
    security(()),
    params(("org" = String, Query, pattern = "^([1-9][0-9]{3,4}|[a-z][a-z0-9-]{1,39})$", description = "the org's id or slug"),
        ("q" = Option<String>, Query, max_length = 200, description = "what is being typed; none suggests nothing")),
    responses((status = 200, body = Items<Suggestion>), (status = 400, body = Problem), (status = 404, body = Problem, description = "no such help center"),
        (status = 429, body = Problem))))]
pub async fn suggestions(indexes: &Search, req: Request) -> Response<Body> {
    respond(
        async {
            let (org, q) = (
                query(&req, "org").unwrap_or_default(),
                query(&req, "q").unwrap_or_default(),
            );
            let (_, hits) = kb::suggestions(indexes, &org, &q).await?;
            Ok(json(
                StatusCode::OK,
                &Items {
                    items: hits.into_iter().map(Suggestion::from).collect(),
                },
            ))
        }
        .await,
    )
}

/// Rebuild the caller's org's search index from the table. Admins only.
#[cfg_attr(feature = "openapi", utoipa::path(post, path = "/api/v1/search/reindex", tag = "search",
    responses((status = 200, body = Reindexed), (status = 403, body = Problem),
        (status = 409, body = Problem, description = "the index kept changing; try again"))))]
pub async fn reindex(indexes: &Search, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let generation = uc::reindex(indexes.as_ref(), &caller).await?;
            Ok(json(StatusCode::OK, &Reindexed { generation }))
        }
        .await,
    )
}

//! What each reader sees of an article: staff the whole article with its draft, everyone
//! else only the published content. HTML is rendered here, from the stored Markdown.

use serde::Serialize;
use time::OffsetDateTime;

use crate::html;
use crate::kb::{Article, ArticleStatus, ArticleVersion, Slug};
use crate::{ArticleId, CategoryId, OrgId, UserId};

/// Characters of an article's excerpt in lists.
pub const EXCERPT_MAX: usize = 200;

/// An article as staff see it: the draft, and what is published.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArticleView {
    pub id: ArticleId,
    pub org_id: OrgId,
    pub slug: Slug,
    pub title: String,
    /// The draft's Markdown source.
    pub body: String,
    /// The draft rendered and sanitised.
    pub body_html: String,
    pub category_id: Option<CategoryId>,
    pub tags: Vec<String>,
    pub author_id: UserId,
    pub status: ArticleStatus,
    /// The `ETag`.
    pub version: u64,
    pub draft_version: u32,
    pub published_version: Option<u32>,
    pub has_unpublished_changes: bool,
    pub views: u64,
    pub helpful: u64,
    pub not_helpful: u64,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub published_at: Option<OffsetDateTime>,
}

impl ArticleView {
    pub fn of(a: &Article) -> Self {
        let published_version = a.published.as_ref().map(|p| p.version);
        Self {
            id: a.id,
            org_id: a.org_id.clone(),
            slug: a.slug.clone(),
            title: a.title.clone(),
            body: a.body.clone(),
            body_html: html::markdown(&a.body),
            category_id: a.category_id,
            tags: a.tags.clone(),
            author_id: a.author_id.clone(),
            status: a.status,
            version: a.version,
            draft_version: a.draft_version,
            published_version,
            has_unpublished_changes: published_version.is_some_and(|p| p < a.draft_version),
            views: a.views,
            helpful: a.helpful,
            not_helpful: a.not_helpful,
            created_at: a.created_at,
            updated_at: a.updated_at,
            published_at: a.published.as_ref().map(|p| p.published_at),
        }
    }
}

/// An article as customers and visitors see it: the published version only. (No other
/// property: so that a staff view, which has more, is never also one of these.)
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublishedArticle {
    pub id: ArticleId,
    pub slug: Slug,
    pub title: String,
    pub body_html: String,
    pub category_id: Option<CategoryId>,
    pub tags: Vec<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub published_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    pub views: u64,
    pub helpful: u64,
    pub not_helpful: u64,
}

impl PublishedArticle {
    /// `None` unless the article is published.
    pub fn of(a: &Article) -> Option<Self> {
        let p = a.published.as_ref().filter(|_| a.status == ArticleStatus::Published)?;
        Some(Self {
            id: a.id,
            slug: a.slug.clone(),
            title: p.title.clone(),
            body_html: html::markdown(&p.body),
            category_id: a.category_id,
            tags: a.tags.clone(),
            published_at: p.published_at,
            updated_at: p.published_at,
            views: a.views,
            helpful: a.helpful,
            not_helpful: a.not_helpful,
        })
    }
}

/// A published article in a list: no body, an excerpt.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublishedArticleSummary {
    pub id: ArticleId,
    pub slug: Slug,
    pub title: String,
    pub excerpt: String,
    pub category_id: Option<CategoryId>,
    pub tags: Vec<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub published_at: OffsetDateTime,
    /// For a search: where the query matched, HTML-escaped, matches in `<mark>`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snippet: Option<String>,
}

impl PublishedArticleSummary {
    pub fn of(a: &Article) -> Option<Self> {
        let p = a.published.as_ref().filter(|_| a.status == ArticleStatus::Published)?;
        Some(Self {
            id: a.id,
            slug: a.slug.clone(),
            title: p.title.clone(),
            excerpt: html::excerpt(&p.body, EXCERPT_MAX),
            category_id: a.category_id,
            tags: a.tags.clone(),
            published_at: p.published_at,
            snippet: None,
        })
    }
}

/// A version in the list of an article's versions.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArticleVersionSummary {
    pub number: u32,
    pub title: String,
    pub author_id: UserId,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// Whether this is the version customers see.
    pub published: bool,
}

impl ArticleVersionSummary {
    pub fn of(v: &ArticleVersion, a: &Article) -> Self {
        Self {
            number: v.number,
            title: v.title.clone(),
            author_id: v.author_id.clone(),
            created_at: v.created_at,
            published: a.published.as_ref().is_some_and(|p| p.version == v.number),
        }
    }
}

/// One version, whole.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArticleVersionView {
    pub number: u32,
    pub title: String,
    pub body: String,
    pub body_html: String,
    pub author_id: UserId,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

impl ArticleVersionView {
    pub fn of(v: &ArticleVersion) -> Self {
        Self {
            number: v.number,
            title: v.title.clone(),
            body: v.body.clone(),
            body_html: html::markdown(&v.body),
            author_id: v.author_id.clone(),
            created_at: v.created_at,
        }
    }
}

/// An article as its reader may see it: staff the article, others the published one.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ArticleFor {
    Staff(Box<ArticleView>),
    Public(Box<PublishedArticle>),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::{ArticleChange, NewArticle, draft};

    #[test]
    fn customers_see_the_published_version_and_never_the_draft() {
        let org = OrgId::parse("10001").unwrap();
        let me = UserId::parse("m-1").unwrap();
        let now = OffsetDateTime::UNIX_EPOCH;
        let n = NewArticle {
            title: "Reset",
            body: "old **text**",
            slug: None,
            category_id: None,
            tags: &[],
        };
        let (a, _) = draft(&org, &me, n, now).unwrap();
        assert!(PublishedArticle::of(&a).is_none(), "a draft is nobody's but staff's");
        let live = a.publish(now).unwrap();
        let change = ArticleChange::parse(Some("Reset v2"), Some("new secret draft"), None, None, None).unwrap();
        let edited = change.apply(&live, &me, now).unwrap().article;
        let public = PublishedArticle::of(&edited).unwrap();
        assert_eq!(public.title, "Reset");
        assert!(public.body_html.contains("<strong>text</strong>"));
        assert!(!serde_json::to_string(&public).unwrap().contains("secret"));
        let staff = ArticleView::of(&edited);
        assert!(staff.has_unpublished_changes && staff.body.contains("secret"));
        assert_eq!((staff.draft_version, staff.published_version), (2, Some(1)));
        assert_eq!(PublishedArticleSummary::of(&edited).unwrap().excerpt, "old text");
    }
}

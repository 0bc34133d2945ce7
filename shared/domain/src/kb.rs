//! The knowledge base: categories, articles and their versions, and what each role sees
//! of them (docs/knowledge-base.md).
//!
//! An article's title and body are versioned: an edit that changes either makes a new
//! version, and publishing makes the newest version the one customers see. The slug,
//! category and tags are not versioned. Versions are never changed.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::input::{ARTICLE_BODY_MAX, DESCRIPTION_MAX, NAME_MAX, SLUG_MAX, SUBJECT_MAX};
use crate::ticket::parse_tags;
use crate::{ArticleId, CategoryId, DomainError, FieldError, OrgId, UserId};

/// An article's address in its org: unique there, part of the help center's URLs.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String))]
pub struct Slug(String);

impl Slug {
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        if crate::input::slug(s) {
            Ok(Self(s.to_owned()))
        } else {
            Err(DomainError::field(
                "slug",
                "1 to 80 lower-case letters and digits, words joined by single '-'",
            ))
        }
    }

    /// A slug made from a title: its ASCII letters and digits, lower-cased, words joined
    /// by `-`, cut at a word end within [`SLUG_MAX`]; `article` when nothing is left.
    pub fn from_title(title: &str) -> Self {
        let mut slug = String::new();
        for word in title
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            let word = word.to_ascii_lowercase();
            let extra = word.len() + usize::from(!slug.is_empty());
            if slug.len() + extra > SLUG_MAX {
                break;
            }
            if !slug.is_empty() {
                slug.push('-');
            }
            slug.push_str(&word);
        }
        if slug.is_empty() {
            // A first word longer than the limit, or no ASCII word at all.
            slug = title
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .take(SLUG_MAX)
                .collect::<String>()
                .to_ascii_lowercase();
        }
        Self(if slug.is_empty() { "article".into() } else { slug })
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Slug {
    type Error = DomainError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}
impl From<Slug> for String {
    fn from(s: Slug) -> Self {
        s.0
    }
}
impl std::fmt::Display for Slug {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ArticleStatus {
    Draft,
    Published,
    Archived,
}

impl ArticleStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Published => "published",
            Self::Archived => "archived",
        }
    }
}

/// A category of articles; one with a parent is a section of that category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Category {
    pub id: CategoryId,
    pub org_id: OrgId,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// The category this section belongs to; `null` for a top-level category.
    #[serde(default)]
    pub parent_id: Option<CategoryId>,
    /// Ascending among its siblings.
    #[serde(default)]
    pub position: u32,
    /// Moves on with every change (`ETag`).
    pub version: u64,
}

/// The content customers see: a version's title and body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedContent {
    pub version: u32,
    pub title: String,
    pub body: String,
    #[serde(with = "time::serde::rfc3339")]
    pub published_at: OffsetDateTime,
}

/// An article as stored: the newest draft, and the published content if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    pub id: ArticleId,
    pub org_id: OrgId,
    pub slug: Slug,
    /// The newest version's title and body (the draft).
    pub title: String,
    pub body: String,
    pub category_id: Option<CategoryId>,
    pub tags: Vec<String>,
    /// Who started it.
    pub author_id: UserId,
    pub status: ArticleStatus,
    /// Moves on with every change (`ETag`); counters do not move it.
    pub version: u64,
    /// The newest content version.
    pub draft_version: u32,
    pub published: Option<PublishedContent>,
    #[serde(default)]
    pub views: u64,
    #[serde(default)]
    pub helpful: u64,
    #[serde(default)]
    pub not_helpful: u64,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

/// One version of an article's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleVersion {
    pub article_id: ArticleId,
    pub number: u32,
    pub title: String,
    pub body: String,
    pub author_id: UserId,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

fn title(raw: &str, errors: &mut Vec<FieldError>) -> String {
    if !crate::input::text(raw, SUBJECT_MAX) {
        errors.push(FieldError::new(
            "title",
            format!("1 to {SUBJECT_MAX} characters, not all blank"),
        ));
    }
    crate::input::one_line(raw)
}

fn body(raw: &str, errors: &mut Vec<FieldError>) -> String {
    if !crate::input::text(raw, ARTICLE_BODY_MAX) {
        errors.push(FieldError::new(
            "body",
            format!("1 to {ARTICLE_BODY_MAX} characters, not all blank"),
        ));
    }
    raw.to_owned()
}

fn slug(raw: &str, errors: &mut Vec<FieldError>) -> Option<Slug> {
    Slug::parse(raw)
        .map_err(|_| {
            errors.push(FieldError::new(
                "slug",
                "1 to 80 lower-case letters and digits, words joined by single '-'",
            ))
        })
        .ok()
}

fn category(raw: &str, errors: &mut Vec<FieldError>) -> Option<CategoryId> {
    CategoryId::parse(raw)
        .map_err(|_| errors.push(FieldError::new("category_id", "not a valid category id")))
        .ok()
}

fn done<T>(value: T, errors: Vec<FieldError>) -> Result<T, DomainError> {
    if errors.is_empty() {
        Ok(value)
    } else {
        Err(DomainError::Validation(errors))
    }
}

/// What a new article is made of, as the request gives it.
#[derive(Debug, Clone, Copy)]
pub struct NewArticle<'a> {
    pub title: &'a str,
    pub body: &'a str,
    pub slug: Option<&'a str>,
    pub category_id: Option<&'a str>,
    pub tags: &'a [String],
}

/// A new draft and its first version.
pub fn draft(
    org: &OrgId,
    author: &UserId,
    new: NewArticle<'_>,
    now: OffsetDateTime,
) -> Result<(Article, ArticleVersion), DomainError> {
    let mut errors = Vec::new();
    let t = title(new.title, &mut errors);
    let b = body(new.body, &mut errors);
    let s = new.slug.map(|s| slug(s, &mut errors));
    let c = new.category_id.map(|c| category(c, &mut errors));
    let tags = parse_tags(new.tags, &mut errors);
    if !errors.is_empty() {
        return Err(DomainError::Validation(errors));
    }
    let id = ArticleId::new();
    let article = Article {
        id,
        org_id: org.clone(),
        slug: s.flatten().unwrap_or_else(|| Slug::from_title(&t)),
        title: t.clone(),
        body: b.clone(),
        category_id: c.flatten(),
        tags,
        author_id: author.clone(),
        status: ArticleStatus::Draft,
        version: 1,
        draft_version: 1,
        published: None,
        views: 0,
        helpful: 0,
        not_helpful: 0,
        created_at: now,
        updated_at: now,
    };
    let version = ArticleVersion {
        article_id: id,
        number: 1,
        title: t,
        body: b,
        author_id: author.clone(),
        created_at: now,
    };
    Ok((article, version))
}

/// A change of an article: each field given is set (`category_id: Some(None)` clears).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticleChange {
    pub title: Option<String>,
    pub body: Option<String>,
    pub slug: Option<Slug>,
    pub category_id: Option<Option<CategoryId>>,
    pub tags: Option<Vec<String>>,
}

/// An article after a change, and the version the change made (if it changed content).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edited {
    pub article: Article,
    pub version: Option<ArticleVersion>,
}

impl ArticleChange {
    pub fn parse(
        raw_title: Option<&str>,
        raw_body: Option<&str>,
        raw_slug: Option<&str>,
        raw_category: Option<Option<&str>>,
        raw_tags: Option<&[String]>,
    ) -> Result<Self, DomainError> {
        let mut errors = Vec::new();
        let change = Self {
            title: raw_title.map(|t| title(t, &mut errors)),
            body: raw_body.map(|b| body(b, &mut errors)),
            slug: raw_slug.and_then(|s| slug(s, &mut errors)),
            category_id: raw_category.map(|c| c.and_then(|c| category(c, &mut errors))),
            tags: raw_tags.map(|t| parse_tags(t, &mut errors)),
        };
        if errors.is_empty() && change == Self::default() {
            return Err(DomainError::unprocessable("body", "nothing to change"));
        }
        done(change, errors)
    }

    /// The category this change files the article under, if it names one.
    pub fn category(&self) -> Option<CategoryId> {
        self.category_id.flatten()
    }

    /// The article after the change by `author`, or `None` when nothing would change.
    pub fn apply(&self, a: &Article, author: &UserId, now: OffsetDateTime) -> Option<Edited> {
        let mut next = a.clone();
        if let Some(t) = &self.title {
            next.title.clone_from(t);
        }
        if let Some(b) = &self.body {
            next.body.clone_from(b);
        }
        if let Some(s) = &self.slug {
            next.slug = s.clone();
        }
        if let Some(c) = self.category_id {
            next.category_id = c;
        }
        if let Some(t) = &self.tags {
            next.tags.clone_from(t);
        }
        if next == *a {
            return None;
        }
        Some(next.changed(a, author, now))
    }
}

impl Article {
    /// `self` (already edited from `before`) with a new version when its content moved.
    fn changed(mut self, before: &Article, author: &UserId, now: OffsetDateTime) -> Edited {
        self.version = before.version + 1;
        self.updated_at = now;
        let content_moved = self.title != before.title || self.body != before.body;
        let version = content_moved.then(|| {
            self.draft_version = before.draft_version + 1;
            ArticleVersion {
                article_id: self.id,
                number: self.draft_version,
                title: self.title.clone(),
                body: self.body.clone(),
                author_id: author.clone(),
                created_at: now,
            }
        });
        Edited { article: self, version }
    }

    /// The newest version goes live; `None` when it already is.
    pub fn publish(&self, now: OffsetDateTime) -> Option<Article> {
        let live = self.status == ArticleStatus::Published
            && self.published.as_ref().is_some_and(|p| p.version == self.draft_version);
        if live {
            return None;
        }
        let mut next = self.clone();
        next.status = ArticleStatus::Published;
        next.published = Some(PublishedContent {
            version: self.draft_version,
            title: self.title.clone(),
            body: self.body.clone(),
            published_at: now,
        });
        next.version += 1;
        next.updated_at = now;
        Some(next)
    }

    /// Out of customers' sight; `None` when it already is archived.
    pub fn archive(&self, now: OffsetDateTime) -> Option<Article> {
        if self.status == ArticleStatus::Archived {
            return None;
        }
        let mut next = self.clone();
        next.status = ArticleStatus::Archived;
        next.published = None;
        next.version += 1;
        next.updated_at = now;
        Some(next)
    }

    /// A new version with `old`'s content, as the draft (published only when published).
    pub fn restore(&self, old: &ArticleVersion, author: &UserId, now: OffsetDateTime) -> Edited {
        let mut next = self.clone();
        next.title.clone_from(&old.title);
        next.body.clone_from(&old.body);
        // Restoring the current content still records the restore as a version.
        let mut edited = next.changed(self, author, now);
        if edited.version.is_none() {
            edited.article.draft_version = self.draft_version + 1;
            edited.version = Some(ArticleVersion {
                article_id: self.id,
                number: edited.article.draft_version,
                title: old.title.clone(),
                body: old.body.clone(),
                author_id: author.clone(),
                created_at: now,
            });
        }
        edited
    }

    /// Whether customers can read it.
    pub fn is_public(&self) -> bool {
        self.status == ArticleStatus::Published && self.published.is_some()
    }
}

/// Counter moves for a vote replacing `previous` (the same voter's earlier vote).
pub fn vote_delta(previous: Option<bool>, helpful: bool) -> (i64, i64) {
    let as_counts = |v: bool| if v { (1, 0) } else { (0, 1) };
    let (h, n) = as_counts(helpful);
    match previous {
        None => (h, n),
        Some(p) => {
            let (ph, pn) = as_counts(p);
            (h - ph, n - pn)
        }
    }
}

/// What a new category is made of, as the request gives it.
#[derive(Debug, Clone, Copy)]
pub struct NewCategory<'a> {
    pub name: &'a str,
    pub description: Option<&'a str>,
    pub parent_id: Option<&'a str>,
    pub position: Option<u32>,
}

fn category_name(raw: &str, errors: &mut Vec<FieldError>) -> String {
    if !crate::input::text(raw, NAME_MAX) {
        errors.push(FieldError::new(
            "name",
            format!("1 to {NAME_MAX} characters, not all blank"),
        ));
    }
    crate::input::one_line(raw)
}

fn description(raw: &str, errors: &mut Vec<FieldError>) -> String {
    if !crate::input::at_most(raw, DESCRIPTION_MAX) {
        errors.push(FieldError::new(
            "description",
            format!("at most {DESCRIPTION_MAX} characters"),
        ));
    }
    raw.trim().to_owned()
}

/// The largest position a category may have.
pub const POSITION_MAX: u32 = 1_000_000;

fn position(p: Option<u32>, errors: &mut Vec<FieldError>) -> Option<u32> {
    if p.is_some_and(|p| p > POSITION_MAX) {
        errors.push(FieldError::new("position", format!("0 to {POSITION_MAX}")));
    }
    p
}

fn parent(raw: &str, errors: &mut Vec<FieldError>) -> Option<CategoryId> {
    CategoryId::parse(raw)
        .map_err(|_| errors.push(FieldError::new("parent_id", "not a valid category id")))
        .ok()
}

pub fn new_category(org: &OrgId, new: NewCategory<'_>) -> Result<Category, DomainError> {
    let mut errors = Vec::new();
    let name = category_name(new.name, &mut errors);
    let description = new.description.map(|d| description(d, &mut errors)).unwrap_or_default();
    let parent_id = new.parent_id.and_then(|p| parent(p, &mut errors));
    done(
        Category {
            id: CategoryId::new(),
            org_id: org.clone(),
            name,
            description,
            parent_id,
            position: position(new.position, &mut errors).unwrap_or(0),
            version: 1,
        },
        errors,
    )
}

/// A change of a category (`parent_id: Some(None)` moves it to the top level).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CategoryChange {
    pub name: Option<String>,
    pub description: Option<String>,
    pub parent_id: Option<Option<CategoryId>>,
    pub position: Option<u32>,
}

impl CategoryChange {
    pub fn parse(
        raw_name: Option<&str>,
        raw_description: Option<&str>,
        raw_parent: Option<Option<&str>>,
        position_raw: Option<u32>,
    ) -> Result<Self, DomainError> {
        let mut errors = Vec::new();
        let change = Self {
            name: raw_name.map(|n| category_name(n, &mut errors)),
            description: raw_description.map(|d| description(d, &mut errors)),
            parent_id: raw_parent.map(|p| p.and_then(|p| parent(p, &mut errors))),
            position: position(position_raw, &mut errors),
        };
        if errors.is_empty() && change == Self::default() {
            return Err(DomainError::unprocessable("body", "nothing to change"));
        }
        done(change, errors)
    }

    /// The category after the change, or `None` when nothing would change.
    pub fn apply(&self, c: &Category) -> Option<Category> {
        let mut next = c.clone();
        if let Some(n) = &self.name {
            next.name.clone_from(n);
        }
        if let Some(d) = &self.description {
            next.description.clone_from(d);
        }
        if let Some(p) = self.parent_id {
            next.parent_id = p;
        }
        if let Some(p) = self.position {
            next.position = p;
        }
        (next != *c).then(|| {
            next.version = c.version + 1;
            next
        })
    }
}

/// Categories nest one level: `c`'s parent must be a top-level category of the org other
/// than `c`, and a category with sections cannot become a section.
pub fn check_nesting(c: &Category, all: &[Category]) -> Result<(), DomainError> {
    let Some(parent) = c.parent_id else {
        return Ok(());
    };
    let nope = |why| Err(DomainError::unprocessable("parent_id", why));
    if parent == c.id {
        return nope("a category cannot be its own parent");
    }
    match all.iter().find(|p| p.id == parent) {
        None => return nope("no such category in the org"),
        Some(p) if p.parent_id.is_some() => return nope("sections cannot have sections: categories nest one level"),
        Some(_) => {}
    }
    if all.iter().any(|s| s.parent_id == Some(c.id)) {
        return nope("this category has sections, so it cannot become one");
    }
    Ok(())
}

/// Categories in reading order: each top-level category (by position, then name)
/// followed by its sections.
pub fn ordered(mut all: Vec<Category>) -> Vec<Category> {
    all.sort_by(|a, b| a.position.cmp(&b.position).then_with(|| a.name.cmp(&b.name)));
    let mut out = Vec::with_capacity(all.len());
    for top in all.iter().filter(|c| c.parent_id.is_none()) {
        out.push(top.clone());
        out.extend(all.iter().filter(|s| s.parent_id == Some(top.id)).cloned());
    }
    // Sections whose parent is gone still show, at the end.
    out.extend(
        all.iter()
            .filter(|s| s.parent_id.is_some_and(|p| !all.iter().any(|t| t.id == p)))
            .cloned(),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org() -> OrgId {
        OrgId::parse("10001").unwrap()
    }
    fn user(id: &str) -> UserId {
        UserId::parse(id).unwrap()
    }
    fn now() -> OffsetDateTime {
        OffsetDateTime::UNIX_EPOCH + time::Duration::days(20_000)
    }
    fn new(title: &str, body: &str) -> (Article, ArticleVersion) {
        let n = NewArticle {
            title,
            body,
            slug: None,
            category_id: None,
            tags: &[],
        };
        draft(&org(), &user("m-1"), n, now()).unwrap()
    }
    #[test]
    fn slugs_come_from_titles_and_fit_the_pattern() {
        assert_eq!(Slug::from_title("Reset your password!").as_str(), "reset-your-password");
        assert_eq!(Slug::from_title("  Café -- billing  2FA ").as_str(), "caf-billing-2fa");
        assert_eq!(Slug::from_title("日本語").as_str(), "article");
        let long = "word ".repeat(40);
        let s = Slug::from_title(&long);
        assert!(s.as_str().len() <= SLUG_MAX && crate::input::slug(s.as_str()), "{s}");
        assert!(Slug::parse("a--b").is_err() && Slug::parse("-a").is_err() && Slug::parse("A").is_err());
    }

    #[test]
    fn editing_a_published_article_changes_the_draft_not_what_customers_see() {
        let (a, v1) = new("Reset your password", "Click *Forgot*.");
        assert_eq!((a.status, a.draft_version, v1.number), (ArticleStatus::Draft, 1, 1));
        assert!(!a.is_public());
        let live = a.publish(now()).unwrap();
        assert!(
            live.is_public() && live.publish(now()).is_none(),
            "publishing twice is a no-op"
        );
        let change = ArticleChange::parse(None, Some("Click *Forgot password*."), None, None, None).unwrap();
        let edited = change.apply(&live, &user("m-2"), now()).unwrap();
        let v2 = edited.version.unwrap();
        assert_eq!((v2.number, v2.author_id.as_str()), (2, "m-2"));
        let a2 = edited.article;
        assert_eq!(
            a2.published.as_ref().unwrap().body,
            "Click *Forgot*.",
            "customers keep v1"
        );
        assert_eq!((a2.version, a2.draft_version), (live.version + 1, 2));
        let republished = a2.publish(now()).unwrap();
        assert_eq!(republished.published.unwrap().version, 2);
    }

    #[test]
    fn only_title_and_body_make_versions_and_no_change_writes_nothing() {
        let (a, _) = new("T", "B");
        let tags = vec!["billing".to_owned()];
        let meta = ArticleChange::parse(None, None, Some("new-slug"), None, Some(&tags)).unwrap();
        let e = meta.apply(&a, &user("m-1"), now()).unwrap();
        assert!(e.version.is_none());
        assert_eq!((e.article.slug.as_str(), e.article.draft_version), ("new-slug", 1));
        let same = ArticleChange::parse(Some("T"), None, None, None, None).unwrap();
        assert!(same.apply(&a, &user("m-1"), now()).is_none());
        assert!(matches!(
            ArticleChange::parse(None, None, None, None, None),
            Err(DomainError::Unprocessable(_))
        ));
    }

    #[test]
    fn restoring_makes_a_new_version_with_the_old_content() {
        let (a, v1) = new("T", "first");
        let change = ArticleChange::parse(None, Some("second"), None, None, None).unwrap();
        let a2 = change.apply(&a, &user("m-1"), now()).unwrap().article;
        let back = a2.restore(&v1, &user("m-1"), now());
        let v3 = back.version.unwrap();
        assert_eq!((v3.number, v3.body.as_str()), (3, "first"));
        assert_eq!(back.article.body, "first");
        // Restoring what is already the draft is still recorded.
        let again = back.article.restore(&v3, &user("m-1"), now());
        assert_eq!(again.version.unwrap().number, 4);
    }

    #[test]
    fn archiving_hides_it_from_customers() {
        let (a, _) = new("T", "B");
        let archived = a.publish(now()).unwrap().archive(now()).unwrap();
        assert!(!archived.is_public() && archived.published.is_none());
        assert!(archived.archive(now()).is_none());
        assert!(archived.publish(now()).unwrap().is_public(), "it can come back");
    }

    #[test]
    fn the_latest_vote_counts() {
        assert_eq!(vote_delta(None, true), (1, 0));
        assert_eq!(vote_delta(Some(true), true), (0, 0));
        assert_eq!(vote_delta(Some(true), false), (-1, 1));
        assert_eq!(vote_delta(Some(false), true), (1, -1));
    }

    #[test]
    fn categories_nest_one_level_and_read_in_order() {
        let cat = |name: &str, pos: u32| {
            let n = NewCategory {
                name,
                description: None,
                parent_id: None,
                position: Some(pos),
            };
            new_category(&org(), n).unwrap()
        };
        let billing = cat("Billing", 2);
        let account = cat("Account", 1);
        let mut invoices = cat("Invoices", 0);
        invoices.parent_id = Some(billing.id);
        let all = vec![billing.clone(), account.clone(), invoices.clone()];
        assert!(check_nesting(&invoices, &all).is_ok());
        let mut deeper = cat("Deeper", 0);
        deeper.parent_id = Some(invoices.id);
        assert!(check_nesting(&deeper, &all).is_err(), "no section of a section");
        let mut billing_under_account = billing.clone();
        billing_under_account.parent_id = Some(account.id);
        assert!(check_nesting(&billing_under_account, &all).is_err(), "it has sections");
        let mut own = account.clone();
        own.parent_id = Some(account.id);
        assert!(check_nesting(&own, &all).is_err());
        let names: Vec<_> = ordered(all).into_iter().map(|c| c.name).collect();
        assert_eq!(names, ["Account", "Billing", "Invoices"]);
    }
}

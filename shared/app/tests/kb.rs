//! Knowledge-base use cases: versions, publishing, events, slugs, votes, roles.

// A failed setup step should stop the test where it happened.
#![allow(clippy::unwrap_used)]

mod support;

use helpdesk_app::AppError;
use helpdesk_app::kb::{self, ArticleChangeInput, CreateArticle, Source};
use helpdesk_domain::events::ArticleChanged;
use helpdesk_domain::kb_view::ArticleFor;
use helpdesk_domain::{Caller, DomainError};
use helpdesk_store::KbWrites;
use helpdesk_store::memory::Memory;
use support::*;

fn written<'a>(title: &'a str, body: &'a str) -> CreateArticle<'a> {
    CreateArticle {
        source: Source::Written { title, body },
        slug: None,
        category_id: None,
        tags: &[],
    }
}

async fn article(m: &Memory, by: &Caller, title: &str) -> helpdesk_domain::kb::Article {
    kb::create_article(m, by, written(title, "body")).await.unwrap()
}

#[tokio::test]
async fn every_change_goes_out_as_its_event_and_no_op_changes_write_nothing() {
    let m = seeded().await;
    let a = article(&m, &manager(), "Reset your password").await;
    let id = a.id.to_string();
    kb::publish_article(&m, &manager(), &id, None).await.unwrap();
    // Publishing what is live already changes nothing and says nothing.
    let again = kb::publish_article(&m, &manager(), &id, None).await.unwrap();
    let edit = ArticleChangeInput {
        body: Some("new body"),
        ..Default::default()
    };
    kb::update_article(&m, &manager(), &id, Some(again.version), edit)
        .await
        .unwrap();
    kb::archive_article(&m, &manager(), &id, None).await.unwrap();
    let kinds: Vec<_> = m.article_events().iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            ArticleChanged::ArticleUpdated,
            ArticleChanged::ArticlePublished,
            ArticleChanged::ArticleUpdated,
            ArticleChanged::ArticleArchived
        ]
    );
    assert!(
        m.article_events()
            .iter()
            .all(|e| e.org_id == org() && e.article_id == a.id)
    );
}

#[tokio::test]
async fn a_stale_if_match_is_refused_and_the_draft_never_leaks_to_customers() {
    let m = seeded().await;
    let a = article(&m, &manager(), "Wi-Fi").await;
    let id = a.id.to_string();
    let live = kb::publish_article(&m, &manager(), &id, Some(a.version)).await.unwrap();
    let err = kb::publish_article(&m, &manager(), &id, Some(a.version))
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::Stale("article")), "{err:?}");
    let edit = ArticleChangeInput {
        body: Some("secret draft"),
        ..Default::default()
    };
    kb::update_article(&m, &manager(), &id, Some(live.version), edit)
        .await
        .unwrap();
    match kb::get_article(&m, &customer(), &id).await.unwrap() {
        ArticleFor::Public(p) => assert!(!p.body_html.contains("secret")),
        ArticleFor::Staff(_) => panic!("customers never get the staff view"),
    }
    let seen = kb::help_article(&m, "10001", "wi-fi").await.unwrap();
    assert_eq!(seen.views, 1);
    assert!(!seen.body_html.contains("secret"));
}

#[tokio::test]
async fn roles_decide_who_writes_publishes_and_reads_drafts() {
    let m = seeded().await;
    let draft = article(&m, &agent(), "Agent draft").await;
    let id = draft.id.to_string();
    let forbidden = |r: Result<_, AppError>| matches!(r, Err(AppError::Rule(DomainError::Forbidden(_))));
    assert!(forbidden(kb::publish_article(&m, &agent(), &id, None).await));
    let edit = ArticleChangeInput {
        title: Some("Taken over"),
        ..Default::default()
    };
    assert!(forbidden(kb::update_article(&m, &agent2(), &id, None, edit).await));
    assert!(forbidden(kb::create_article(&m, &customer(), written("t", "b")).await));
    assert!(matches!(
        kb::get_article(&m, &customer(), &id).await,
        Err(AppError::NotFound("article"))
    ));
    assert!(matches!(
        kb::get_article(&m, &stranger(), &id).await,
        Err(AppError::NotFound("article"))
    ));
    let listed = kb::list_articles(&m, &customer(), Default::default()).await.unwrap();
    assert!(listed.items.is_empty(), "no published article yet");
}

#[tokio::test]
async fn slugs_from_titles_find_a_free_one_and_given_slugs_conflict() {
    let m = seeded().await;
    let a = article(&m, &manager(), "Same").await;
    let b = article(&m, &manager(), "Same").await;
    assert_eq!((a.slug.as_str(), b.slug.as_str()), ("same", "same-2"));
    let given = CreateArticle {
        slug: Some("same"),
        ..written("Other", "b")
    };
    let err = kb::create_article(&m, &manager(), given).await.unwrap_err();
    assert!(matches!(err, AppError::Conflict(_)), "{err:?}");
    // The other org has its own slugs.
    assert_eq!(article(&m, &stranger(), "Same").await.slug.as_str(), "same");
}

#[tokio::test]
async fn votes_count_once_per_voter_and_the_latest_counts() {
    let m = seeded().await;
    let a = article(&m, &manager(), "Votes").await;
    let id = a.id.to_string();
    assert!(matches!(
        kb::article_feedback(&m, &customer(), &id, true).await,
        Err(AppError::NotFound("article"))
    ));
    kb::publish_article(&m, &manager(), &id, None).await.unwrap();
    kb::article_feedback(&m, &customer(), &id, true).await.unwrap();
    kb::article_feedback(&m, &customer2(), &id, true).await.unwrap();
    let f = kb::article_feedback(&m, &customer(), &id, false).await.unwrap();
    assert_eq!((f.helpful, f.not_helpful), (1, 1));
    let f = kb::help_feedback(&m, "10001", "votes", "visitor-0123456789ab", false)
        .await
        .unwrap();
    assert_eq!((f.helpful, f.not_helpful), (1, 2));
    assert!(kb::help_feedback(&m, "10001", "votes", "short", true).await.is_err());
}

#[tokio::test]
async fn the_help_center_answers_by_id_or_slug_and_only_with_published_articles() {
    let m = seeded().await;
    m.put_org_slug(&org(), "acme").await.unwrap();
    let err = m.put_org_slug(&other_org(), "acme").await.unwrap_err();
    assert!(matches!(err, helpdesk_store::StoreError::Conflict(_)), "{err:?}");
    let live = article(&m, &manager(), "Live").await;
    kb::publish_article(&m, &manager(), &live.id.to_string(), None)
        .await
        .unwrap();
    article(&m, &manager(), "Draft only").await;
    for org in ["10001", "acme"] {
        let page = kb::help_articles(&m, org, None, None, None).await.unwrap();
        let titles: Vec<_> = page.items.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(titles, ["Live"], "{org}");
    }
    assert!(matches!(
        kb::help_categories(&m, "globex").await,
        Err(AppError::NotFound(_))
    ));
    assert!(matches!(
        kb::help_article(&m, "10001", "draft-only").await,
        Err(AppError::NotFound(_))
    ));
    let page = kb::help_articles(&m, "10002", None, None, None).await.unwrap();
    assert!(page.items.is_empty(), "another org's help center has none of these");
    let (profile, _) = kb::help_categories(&m, "acme").await.unwrap();
    assert_eq!(
        (profile.name.as_str(), profile.slug.as_deref()),
        ("Acme Support", Some("acme"))
    );
}

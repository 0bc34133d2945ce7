//! Search through the API, with the indexer fed by the real stream, bus and queue, the
//! index's files in moto's S3 and its manifest in DynamoDB Local.

use std::time::Duration;

use helpdesk_app::search::Indexes;
use helpdesk_domain::OrgId;
use helpdesk_search::{ArticleDoc, Audience, Changes, Search, words};
use helpdesk_tests::{TestApp, eventually, json};
use reqwest::Method;
use serde_json::{Value, json};

/// Freshness locally: well inside the 2 s target, with room for a slow CI machine.
const FRESH: Duration = Duration::from_secs(20);

async fn hits(app: &TestApp, path: &str, token: Option<&str>) -> Vec<Value> {
    let v = json(app.request(Method::GET, path, token, None).await, 200).await;
    v["items"].as_array().cloned().unwrap_or_default()
}

async fn found(app: &TestApp, path: &str, token: Option<&str>, id: &str) -> anyhow::Result<Option<Vec<Value>>> {
    let items = hits(app, path, token).await;
    Ok(items.iter().any(|h| h["id"] == id).then_some(items))
}

#[tokio::test]
async fn an_agent_finds_an_old_ticket_by_a_misspelt_word_of_a_reply_and_customers_only_their_own() {
    let app = TestApp::spawn().await;
    let cara = app.login("customer1@acme.test").await;
    let cody = app.login("customer2@acme.test").await;
    let agent = app.login("agent1@acme.test").await;
    let t = json(
        app.post(
            "/api/v1/tickets",
            &cara,
            &json!({"subject": "VPN keeps dropping", "description": "Since Monday."}),
        )
        .await,
        201,
    )
    .await;
    let id = t["id"].as_str().unwrap().to_owned();
    let replies = format!("/api/v1/tickets/{id}/interactions");
    json(
        app.post(
            &replies,
            &agent,
            &json!({"body": "The tunnel disconnects because of the old client."}),
        )
        .await,
        201,
    )
    .await;
    json(
        app.post(
            &replies,
            &agent,
            &json!({"body": "Firmware regression, see vendor case 7781.", "internal": true}),
        )
        .await,
        201,
    )
    .await;

    // A typo (two edits in a ten-letter word) in a word of the reply finds the ticket.
    let items = eventually("the reply is searchable", FRESH, || {
        found(&app, "/api/v1/search?q=disconects", Some(&agent), &id)
    })
    .await
    .unwrap();
    let hit = items.iter().find(|h| h["id"] == id.as_str()).unwrap();
    assert_eq!(
        (hit["kind"].as_str(), hit["reference"].as_str()),
        (Some("ticket"), t["number"].as_str())
    );
    assert!(
        hit["snippet"].as_str().unwrap().contains("<mark>disconnects</mark>"),
        "{hit}"
    );
    // Staff find internal notes; the customer finds her ticket, not the note.
    eventually("the note is searchable", FRESH, || {
        found(&app, "/api/v1/search?q=firmware", Some(&agent), &id)
    })
    .await
    .unwrap();
    assert!(
        hits(&app, "/api/v1/search?q=firmware", Some(&cara)).await.is_empty(),
        "notes are staff only"
    );
    assert!(!hits(&app, "/api/v1/search?q=disconnects", Some(&cara)).await.is_empty());
    assert!(
        hits(&app, "/api/v1/search?q=disconnects", Some(&cody)).await.is_empty(),
        "another customer's ticket"
    );
    // By number, and never from another org.
    let by_number = hits(
        &app,
        &format!("/api/v1/search?q={}", t["number"].as_str().unwrap()),
        Some(&agent),
    )
    .await;
    assert_eq!(by_number[0]["id"], id.as_str());
    let globex = app.login("agent1@globex.test").await;
    assert!(
        hits(&app, "/api/v1/search?q=disconnects", Some(&globex))
            .await
            .is_empty()
    );
    json(app.get("/api/v1/search?q=x&kind=nope", &agent).await, 400).await;
}

#[tokio::test]
async fn visitors_find_a_published_article_by_a_misspelt_query_and_get_suggestions_while_typing() {
    let app = TestApp::spawn().await;
    let agent = app.login("agent1@acme.test").await;
    // The seeded articles reach the index through their events, in batches: wait for the
    // last one seeded (a draft, which staff find).
    eventually("the seeded articles are searchable", FRESH, || async {
        let items = hits(&app, "/api/v1/search?q=toner&kind=article", Some(&agent)).await;
        Ok(items
            .iter()
            .any(|a| a["reference"] == "replacing-the-toner-draft")
            .then_some(items))
    })
    .await
    .unwrap();
    let items = hits(&app, "/api/v1/help/acme/articles?q=pasword", None).await;
    assert_eq!(items[0]["slug"], "reset-your-password");
    assert!(items[0]["snippet"].as_str().unwrap().contains("<mark>"), "{}", items[0]);
    let suggested = hits(
        &app,
        "/api/v1/knowledge-base/suggestions?org=acme&q=I%20forgot%20my%20passw",
        None,
    )
    .await;
    assert_eq!(suggested[0]["slug"], "reset-your-password");
    // Drafts are found by staff only.
    let toner = hits(&app, "/api/v1/help/acme/articles?q=toner", None).await;
    assert!(
        toner.iter().all(|a| a["slug"] != "replacing-the-toner-draft"),
        "{toner:?}"
    );
    let agent = app.login("agent1@acme.test").await;
    let staff = hits(&app, "/api/v1/search?q=toner&kind=article", Some(&agent)).await;
    assert!(
        staff.iter().any(|a| a["reference"] == "replacing-the-toner-draft"),
        "{staff:?}"
    );
    // Globex's help center knows nothing of Acme's articles.
    let globex = hits(&app, "/api/v1/help/globex/articles?q=invoice", None).await;
    assert!(globex.is_empty(), "{globex:?}");
    // A new article is searchable once published, and gone once archived.
    let manager = app.login("manager@acme.test").await;
    let a = json(
        app.post(
            "/api/v1/knowledge-base/articles",
            &manager,
            &json!({"title": "Connect the label printer", "body": "Use the USB-C cable."}),
        )
        .await,
        201,
    )
    .await;
    let a_path = format!("/api/v1/knowledge-base/articles/{}", a["id"].as_str().unwrap());
    json(app.post(&format!("{a_path}/publish"), &manager, &json!({})).await, 200).await;
    let id = a["id"].as_str().unwrap().to_owned();
    eventually("the published article is searchable", FRESH, || {
        found(&app, "/api/v1/help/acme/articles?q=lable%20printr", None, &id)
    })
    .await
    .unwrap();
    json(app.post(&format!("{a_path}/archive"), &manager, &json!({})).await, 200).await;
    eventually("the archived article is gone", FRESH, || async {
        let items = hits(&app, "/api/v1/help/acme/articles?q=label%20printer", None).await;
        Ok(items.iter().all(|h| h["id"] != id.as_str()).then_some(()))
    })
    .await
    .unwrap();
    // Staff lists with `q` use the same index.
    let listed = hits(&app, "/api/v1/knowledge-base/articles?q=invoce", Some(&agent)).await;
    assert_eq!(listed[0]["slug"], "download-an-invoice");
}

#[tokio::test]
async fn concurrent_indexers_of_one_org_never_lose_a_commit_and_files_stay_under_the_orgs_prefix() {
    let app = TestApp::spawn_with(false).await;
    let table = app.table().clone();
    let bucket = app.gateway.stack.bucket("SearchBucket").unwrap().to_owned();
    let files = || helpdesk_blobs::SearchBucket {
        client: app.gateway.clients.s3.clone(),
        bucket: bucket.clone(),
    };
    let org = OrgId::parse("10002").unwrap();
    let scratch = tempfile::tempdir().unwrap();
    // Two indexer instances with their own local copies, as two Lambda instances.
    let a = Indexes::new(table.clone(), files(), scratch.path().join("a"));
    let b = Indexes::new(table.clone(), files(), scratch.path().join("b"));
    let doc = |id: &str, word: &str| ArticleDoc {
        id: id.into(),
        slug: id.into(),
        title: format!("{word} guide"),
        body: format!("All about {word}."),
        status: "published".into(),
        published: Some((format!("{word} guide"), format!("All about {word}."))),
        ..Default::default()
    };
    let words_of = ["alpha", "bravo", "charlie", "delta", "echoes", "foxtrot"];
    let mut tasks = Vec::new();
    for (i, w) in words_of.iter().enumerate() {
        let changes = Changes {
            articles: vec![doc(&format!("art-{i}"), w)],
            ..Default::default()
        };
        tasks.push((i % 2 == 0, changes));
    }
    let (on_a, on_b): (Vec<_>, Vec<_>) = tasks.into_iter().partition(|(first, _)| *first);
    tokio::join!(commit_all(&a, &org, on_a), commit_all(&b, &org, on_b));
    // A third instance, from S3 and the manifest alone, finds every document.
    let c = Indexes::new(table.clone(), files(), scratch.path().join("c"));
    for w in words_of {
        let s = Search {
            words: words(&format!("{w} ")),
            audience: Audience::Public,
            kind: None,
            status: None,
            all_words: true,
        };
        assert_eq!(c.query(&org, &s, 5).await.unwrap().len(), 1, "{w} was lost");
    }
    // Every object of the search bucket sits under an org's prefix: this org's here.
    let listed = app
        .gateway
        .clients
        .s3
        .list_objects_v2()
        .bucket(&bucket)
        .send()
        .await
        .unwrap();
    let keys: Vec<_> = listed.contents().iter().filter_map(|o| o.key()).collect();
    assert!(!keys.is_empty());
    assert!(
        keys.iter()
            .all(|k| k.starts_with("org/10001/search/") || k.starts_with("org/10002/search/")),
        "{keys:?}"
    );
}

async fn commit_all<F: helpdesk_blobs::IndexFiles + Sync>(
    indexes: &Indexes<helpdesk_store::Table, F>,
    org: &OrgId,
    list: Vec<(bool, Changes)>,
) {
    for (_, changes) in list {
        indexes.commit(org, &changes).await.unwrap();
    }
}

#[tokio::test]
async fn admins_rebuild_an_orgs_index_from_the_table() {
    let app = TestApp::spawn_with(false).await;
    let admin = app.login("admin@acme.test").await;
    // Without event sources nothing was indexed: the rebuild finds the seeded data.
    assert!(
        hits(&app, "/api/v1/help/acme/articles?q=invoice", None)
            .await
            .is_empty()
    );
    let rebuilt = json(app.post("/api/v1/search/reindex", &admin, &json!({})).await, 200).await;
    assert!(rebuilt["generation"].as_u64().unwrap() >= 1);
    let items = hits(&app, "/api/v1/help/acme/articles?q=invoice", None).await;
    assert_eq!(items[0]["slug"], "download-an-invoice");
    let manager = app.login("manager@acme.test").await;
    json(app.post("/api/v1/search/reindex", &manager, &json!({})).await, 403).await;
}

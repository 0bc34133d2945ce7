//! The knowledge base and the public help center through the API, on DynamoDB Local.

use helpdesk_tests::{TestApp, json};
use reqwest::Method;
use serde_json::{Value, json};

/// A request with an optional `If-Match`; the response.
async fn send(
    app: &TestApp,
    method: Method,
    path: &str,
    token: Option<&str>,
    if_match: Option<&str>,
    body: Option<&Value>,
) -> reqwest::Response {
    let mut req = app.http.request(method, app.url(path));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if let Some(v) = if_match {
        req = req.header("if-match", v);
    }
    if let Some(b) = body {
        req = req.json(b);
    }
    req.send().await.expect("request reaches the gateway")
}

fn etag(resp: &reqwest::Response) -> String {
    resp.headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .expect("an ETag")
        .to_owned()
}

async fn create(app: &TestApp, token: &str, body: Value) -> Value {
    json(app.post("/api/v1/knowledge-base/articles", token, &body).await, 201).await
}

fn article_path(a: &Value) -> String {
    format!("/api/v1/knowledge-base/articles/{}", a["id"].as_str().unwrap())
}

#[tokio::test]
async fn a_published_article_stays_what_customers_see_while_its_draft_is_edited() {
    let app = TestApp::spawn_with(false).await;
    let manager = app.login("manager@acme.test").await;
    let customer = app.login("customer1@acme.test").await;
    let a = create(
        &app,
        &manager,
        json!({"title": "Connect to the office Wi-Fi", "body": "Pick **Acme-Guest** and accept the terms.", "tags": ["WiFi"]}),
    )
    .await;
    assert_eq!(a["slug"], "connect-to-the-office-wi-fi");
    assert_eq!(
        (a["status"].as_str(), a["draft_version"].as_u64()),
        (Some("draft"), Some(1))
    );
    assert_eq!(a["tags"], json!(["wifi"]));
    assert!(a["body_html"].as_str().unwrap().contains("<strong>Acme-Guest</strong>"));
    let path = article_path(&a);
    let public = "/api/v1/help/acme/articles/connect-to-the-office-wi-fi";

    // A draft reaches nobody outside the team.
    json(app.get(&path, &customer).await, 404).await;
    json(app.request(Method::GET, public, None, None).await, 404).await;

    let published = json(app.post(&format!("{path}/publish"), &manager, &json!({})).await, 200).await;
    assert_eq!(
        (published["status"].as_str(), published["published_version"].as_u64()),
        (Some("published"), Some(1))
    );
    let seen = json(app.request(Method::GET, public, None, None).await, 200).await;
    assert!(seen["body_html"].as_str().unwrap().contains("Acme-Guest"));
    assert!(seen.get("body").is_none(), "visitors get HTML, not the source");
    let again = json(app.request(Method::GET, public, None, None).await, 200).await;
    assert_eq!(
        again["views"].as_u64(),
        Some(seen["views"].as_u64().unwrap() + 1),
        "each read counts a view"
    );
    // By org id too.
    json(
        app.request(
            Method::GET,
            "/api/v1/help/10001/articles/connect-to-the-office-wi-fi",
            None,
            None,
        )
        .await,
        200,
    )
    .await;

    // Editing the published article changes its draft only.
    let current = send(&app, Method::GET, &path, Some(&manager), None, None).await;
    let tag = etag(&current);
    let edit = json!({"body": "Pick **Acme-Staff**: secret draft wording."});
    let resp = send(&app, Method::PATCH, &path, Some(&manager), Some(&tag), Some(&edit)).await;
    let new_tag = etag(&resp);
    let edited = json(resp, 200).await;
    assert_eq!(
        (edited["draft_version"].as_u64(), edited["published_version"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(edited["has_unpublished_changes"], true);
    assert_ne!(tag, new_tag);
    // The version read before is stale now.
    let stale = send(
        &app,
        Method::PATCH,
        &path,
        Some(&manager),
        Some(&tag),
        Some(&json!({"title": "x"})),
    )
    .await;
    json(stale, 412).await;
    let seen = json(app.request(Method::GET, public, None, None).await, 200).await;
    assert!(
        !seen.to_string().contains("secret draft"),
        "visitors keep the published version"
    );
    let as_customer = json(app.get(&path, &customer).await, 200).await;
    assert!(!as_customer.to_string().contains("secret draft") && as_customer.get("draft_version").is_none());

    // Versions: newest first, the live one marked; restore makes a new draft version.
    let versions = json(app.get(&format!("{path}/versions"), &manager).await, 200).await;
    let numbers: Vec<_> = versions["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["number"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, [2, 1]);
    assert_eq!(versions["items"][1]["published"], true);
    let v1 = json(app.get(&format!("{path}/versions/1"), &manager).await, 200).await;
    assert!(v1["body"].as_str().unwrap().contains("Acme-Guest"));
    json(app.get(&format!("{path}/versions/9"), &manager).await, 404).await;
    json(app.get(&format!("{path}/versions"), &customer).await, 403).await;
    let restored = json(
        app.post(&format!("{path}/versions/1/restore"), &manager, &json!({}))
            .await,
        200,
    )
    .await;
    assert_eq!(restored["draft_version"], 3);
    assert!(restored["body"].as_str().unwrap().contains("Acme-Guest"));

    // Archived: gone from customers and visitors, still there for staff.
    json(app.post(&format!("{path}/archive"), &manager, &json!({})).await, 200).await;
    json(app.request(Method::GET, public, None, None).await, 404).await;
    json(app.get(&path, &customer).await, 404).await;
    let listed = json(
        app.get("/api/v1/knowledge-base/articles?status=archived", &manager)
            .await,
        200,
    )
    .await;
    assert!(listed["items"].as_array().unwrap().iter().any(|i| i["id"] == a["id"]));
}

#[tokio::test]
async fn markdown_is_served_as_html_with_nothing_active_left() {
    let app = TestApp::spawn_with(false).await;
    let manager = app.login("manager@acme.test").await;
    let a = create(
        &app,
        &manager,
        json!({"title": "Hostile", "body": "Hi <script>alert(1)</script><img src=x onerror=alert(1)> [x](javascript:alert(1)) <iframe src=\"https://evil.test\"></iframe> ![t](https://tracker.test/p.gif)"}),
    )
    .await;
    let html = a["body_html"].as_str().unwrap();
    for bad in ["<script", "onerror", "javascript:", "<iframe", "tracker.test"] {
        assert!(!html.contains(bad), "{bad} survived: {html}");
    }
    assert!(
        a["body"].as_str().unwrap().contains("<script>"),
        "the source is kept as written"
    );
}

#[tokio::test]
async fn slugs_are_unique_in_an_org_and_a_slug_from_a_title_finds_a_free_one() {
    let app = TestApp::spawn_with(false).await;
    let manager = app.login("manager@acme.test").await;
    let first = create(&app, &manager, json!({"title": "Same title", "body": "a"})).await;
    let second = create(&app, &manager, json!({"title": "Same title", "body": "b"})).await;
    assert_eq!(
        (first["slug"].as_str(), second["slug"].as_str()),
        (Some("same-title"), Some("same-title-2"))
    );
    json(
        app.post(
            "/api/v1/knowledge-base/articles",
            &manager,
            &json!({"title": "t", "body": "b", "slug": "same-title"}),
        )
        .await,
        409,
    )
    .await;
    // Renaming onto a taken slug is refused; a free one moves the address.
    let path = article_path(&second);
    json(
        send(
            &app,
            Method::PATCH,
            &path,
            Some(&manager),
            None,
            Some(&json!({"slug": "same-title"})),
        )
        .await,
        409,
    )
    .await;
    json(
        send(
            &app,
            Method::PATCH,
            &path,
            Some(&manager),
            None,
            Some(&json!({"slug": "moved"})),
        )
        .await,
        200,
    )
    .await;
    json(app.post(&format!("{path}/publish"), &manager, &json!({})).await, 200).await;
    json(
        app.request(Method::GET, "/api/v1/help/acme/articles/moved", None, None)
            .await,
        200,
    )
    .await;
    json(
        app.request(Method::GET, "/api/v1/help/acme/articles/same-title-2", None, None)
            .await,
        404,
    )
    .await;
    // Another org may use the same slug.
    let globex = app.login("admin@globex.test").await;
    let theirs = create(&app, &globex, json!({"title": "Same title", "body": "c"})).await;
    assert_eq!(theirs["slug"], "same-title");
    // Bad input is a clear 400 or 422.
    json(
        app.post(
            "/api/v1/knowledge-base/articles",
            &manager,
            &json!({"title": "", "body": "b"}),
        )
        .await,
        400,
    )
    .await;
    json(
        app.post(
            "/api/v1/knowledge-base/articles",
            &manager,
            &json!({"title": "t", "body": "b", "slug": "Not A Slug"}),
        )
        .await,
        400,
    )
    .await;
    json(
        app.post("/api/v1/knowledge-base/articles", &manager, &json!({"title": "t"}))
            .await,
        422,
    )
    .await;
    json(
        send(&app, Method::PATCH, &path, Some(&manager), None, Some(&json!({}))).await,
        422,
    )
    .await;
}

#[tokio::test]
async fn agents_propose_drafts_and_managers_publish_them() {
    let app = TestApp::spawn_with(false).await;
    let agent = app.login("agent1@acme.test").await;
    let other = app.login("agent2@acme.test").await;
    let manager = app.login("manager@acme.test").await;
    let a = create(&app, &agent, json!({"title": "Agent's idea", "body": "draft"})).await;
    let path = article_path(&a);
    json(
        send(
            &app,
            Method::PATCH,
            &path,
            Some(&agent),
            None,
            Some(&json!({"body": "better"})),
        )
        .await,
        200,
    )
    .await;
    json(
        send(
            &app,
            Method::PATCH,
            &path,
            Some(&other),
            None,
            Some(&json!({"body": "mine"})),
        )
        .await,
        403,
    )
    .await;
    json(app.post(&format!("{path}/publish"), &agent, &json!({})).await, 403).await;
    json(app.post(&format!("{path}/publish"), &manager, &json!({})).await, 200).await;
    // Once published, only managers change it.
    json(
        send(
            &app,
            Method::PATCH,
            &path,
            Some(&agent),
            None,
            Some(&json!({"body": "again"})),
        )
        .await,
        403,
    )
    .await;
    json(
        send(
            &app,
            Method::PATCH,
            &path,
            Some(&manager),
            None,
            Some(&json!({"body": "again"})),
        )
        .await,
        200,
    )
    .await;
    // Customers write no articles.
    let customer = app.login("customer1@acme.test").await;
    json(
        app.post(
            "/api/v1/knowledge-base/articles",
            &customer,
            &json!({"title": "t", "body": "b"}),
        )
        .await,
        403,
    )
    .await;
    // Customers list published articles only.
    let listed = json(app.get("/api/v1/knowledge-base/articles", &customer).await, 200).await;
    assert!(
        listed["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i.get("draft_version").is_none())
    );
    json(
        app.get("/api/v1/knowledge-base/articles?status=draft", &customer).await,
        403,
    )
    .await;
}

#[tokio::test]
async fn the_latest_vote_of_each_user_or_session_counts() {
    let app = TestApp::spawn_with(false).await;
    let manager = app.login("manager@acme.test").await;
    let customer = app.login("customer1@acme.test").await;
    let a = create(&app, &manager, json!({"title": "Votes", "body": "b"})).await;
    let path = article_path(&a);
    // No votes on a draft.
    json(
        app.post(&format!("{path}/feedback"), &customer, &json!({"helpful": true}))
            .await,
        404,
    )
    .await;
    json(app.post(&format!("{path}/publish"), &manager, &json!({})).await, 200).await;
    let f = json(
        app.post(&format!("{path}/feedback"), &customer, &json!({"helpful": true}))
            .await,
        200,
    )
    .await;
    assert_eq!(f, json!({"helpful": 1, "not_helpful": 0}));
    let f = json(
        app.post(&format!("{path}/feedback"), &customer, &json!({"helpful": true}))
            .await,
        200,
    )
    .await;
    assert_eq!(
        f,
        json!({"helpful": 1, "not_helpful": 0}),
        "the same vote again counts once"
    );
    let f = json(
        app.post(&format!("{path}/feedback"), &customer, &json!({"helpful": false}))
            .await,
        200,
    )
    .await;
    assert_eq!(
        f,
        json!({"helpful": 0, "not_helpful": 1}),
        "a changed mind replaces the vote"
    );
    let public = "/api/v1/help/acme/articles/votes/feedback";
    let vote = |helpful: bool, session: &str| json!({"helpful": helpful, "session": session});
    let f = json(
        app.request(Method::POST, public, None, Some(&vote(true, "session-aaaaaaaaaaaa")))
            .await,
        200,
    )
    .await;
    assert_eq!(f, json!({"helpful": 1, "not_helpful": 1}));
    let f = json(
        app.request(Method::POST, public, None, Some(&vote(true, "session-aaaaaaaaaaaa")))
            .await,
        200,
    )
    .await;
    assert_eq!(f["helpful"], 1);
    json(
        app.request(Method::POST, public, None, Some(&vote(true, "short")))
            .await,
        400,
    )
    .await;
    // A vote lands without moving the article's version: an edit at the old ETag works.
    let got = send(&app, Method::GET, &path, Some(&manager), None, None).await;
    let tag = etag(&got);
    json(
        app.request(Method::POST, public, None, Some(&vote(false, "session-bbbbbbbbbbbb")))
            .await,
        200,
    )
    .await;
    let resp = send(
        &app,
        Method::PATCH,
        &path,
        Some(&manager),
        Some(&tag),
        Some(&json!({"title": "Votes!"})),
    )
    .await;
    let after = json(resp, 200).await;
    assert_eq!(
        (after["helpful"].as_u64(), after["not_helpful"].as_u64()),
        (Some(1), Some(2)),
        "the edit kept the counts"
    );
}

#[tokio::test]
async fn categories_nest_one_level_and_the_help_center_lists_them_in_order() {
    let app = TestApp::spawn_with(false).await;
    let manager = app.login("manager@acme.test").await;
    let agent = app.login("agent1@acme.test").await;
    let path = "/api/v1/knowledge-base/categories";
    let top = json(
        app.post(path, &manager, &json!({"name": "Zeta", "position": 99})).await,
        201,
    )
    .await;
    let section = json(
        app.post(path, &manager, &json!({"name": "Zeta section", "parent_id": top["id"]}))
            .await,
        201,
    )
    .await;
    json(
        app.post(path, &manager, &json!({"name": "Too deep", "parent_id": section["id"]}))
            .await,
        422,
    )
    .await;
    json(app.post(path, &agent, &json!({"name": "Nope"})).await, 403).await;
    let top_path = format!("{path}/{}", top["id"].as_str().unwrap());
    json(
        send(
            &app,
            Method::PATCH,
            &top_path,
            Some(&manager),
            None,
            Some(&json!({"parent_id": section["id"]})),
        )
        .await,
        422,
    )
    .await;
    let renamed = json(
        send(
            &app,
            Method::PATCH,
            &top_path,
            Some(&manager),
            Some("\"1\""),
            Some(&json!({"name": "Zed"})),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(renamed["version"], 2);
    json(
        send(
            &app,
            Method::PATCH,
            &top_path,
            Some(&manager),
            Some("\"1\""),
            Some(&json!({"name": "Zoo"})),
        )
        .await,
        412,
    )
    .await;

    let center = json(
        app.request(Method::GET, "/api/v1/help/acme/categories", None, None)
            .await,
        200,
    )
    .await;
    assert_eq!(center["org"]["name"], "Acme Support");
    let names: Vec<_> = center["categories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    let zed = names.iter().position(|n| *n == "Zed").unwrap();
    assert_eq!(
        names[zed + 1],
        "Zeta section",
        "a section follows its category: {names:?}"
    );
    assert_eq!(
        names.last(),
        Some(&"Zeta section"),
        "position orders categories: {names:?}"
    );
    // The seeded help center: published articles of a section, and no draft.
    let account = center["categories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Signing in")
        .unwrap();
    let listed = json(
        app.request(
            Method::GET,
            &format!(
                "/api/v1/help/acme/articles?category={}",
                account["id"].as_str().unwrap()
            ),
            None,
            None,
        )
        .await,
        200,
    )
    .await;
    assert_eq!(listed["items"][0]["title"], "Reset your password");
    assert!(
        listed["items"][0]["excerpt"]
            .as_str()
            .unwrap()
            .starts_with("If you forgot your password")
    );
    let all = json(
        app.request(Method::GET, "/api/v1/help/acme/articles?limit=100", None, None)
            .await,
        200,
    )
    .await;
    assert!(
        !all.to_string().contains("Internal draft"),
        "drafts never reach the help center"
    );
    json(
        app.request(Method::GET, "/api/v1/help/nosuchorg/categories", None, None)
            .await,
        404,
    )
    .await;
    json(
        app.request(Method::GET, "/api/v1/help/Bad_Org/categories", None, None)
            .await,
        404,
    )
    .await;
}

#[tokio::test]
async fn an_article_from_a_ticket_starts_from_its_subject_and_a_public_reply() {
    let app = TestApp::spawn_with(false).await;
    let customer = app.login("customer1@acme.test").await;
    let agent = app.login("agent1@acme.test").await;
    let t = json(
        app.post(
            "/api/v1/tickets",
            &customer,
            &json!({"subject": "VPN drops every hour", "description": "help"}),
        )
        .await,
        201,
    )
    .await;
    let tpath = format!("/api/v1/tickets/{}/interactions", t["id"].as_str().unwrap());
    let reply = json(
        app.post(&tpath, &agent, &json!({"body": "Update the VPN client to 5.2."}))
            .await,
        201,
    )
    .await;
    let note = json(
        app.post(
            &tpath,
            &agent,
            &json!({"body": "internal: known bug", "internal": true}),
        )
        .await,
        201,
    )
    .await;
    let a = create(
        &app,
        &agent,
        json!({"ticket_id": t["id"], "interaction_id": reply["interaction"]["id"]}),
    )
    .await;
    assert_eq!(
        (a["title"].as_str(), a["body"].as_str()),
        (Some("VPN drops every hour"), Some("Update the VPN client to 5.2."))
    );
    assert_eq!(a["status"], "draft");
    let from_note = json!({"ticket_id": t["id"], "interaction_id": note["interaction"]["id"]});
    json(
        app.post("/api/v1/knowledge-base/articles", &agent, &from_note).await,
        422,
    )
    .await;
    // Another org's agent cannot reach the ticket.
    let globex = app.login("agent1@globex.test").await;
    let from_reply = json!({"ticket_id": t["id"], "interaction_id": reply["interaction"]["id"]});
    json(
        app.post("/api/v1/knowledge-base/articles", &globex, &from_reply).await,
        404,
    )
    .await;
    json(
        app.post(
            "/api/v1/knowledge-base/articles",
            &agent,
            &json!({"ticket_id": t["id"], "interaction_id": reply["interaction"]["id"], "title": "x"}),
        )
        .await,
        422,
    )
    .await;
}

#[tokio::test]
async fn another_orgs_articles_and_help_center_never_answer() {
    let app = TestApp::spawn_with(false).await;
    let manager = app.login("manager@acme.test").await;
    let globex = app.login("admin@globex.test").await;
    let a = create(&app, &manager, json!({"title": "Acme only secret", "body": "b"})).await;
    let path = article_path(&a);
    json(app.post(&format!("{path}/publish"), &manager, &json!({})).await, 200).await;
    json(app.get(&path, &globex).await, 404).await;
    json(
        send(
            &app,
            Method::PATCH,
            &path,
            Some(&globex),
            None,
            Some(&json!({"body": "x"})),
        )
        .await,
        404,
    )
    .await;
    json(app.post(&format!("{path}/publish"), &globex, &json!({})).await, 404).await;
    json(app.get(&format!("{path}/versions"), &globex).await, 404).await;
    json(
        app.post(&format!("{path}/feedback"), &globex, &json!({"helpful": false}))
            .await,
        404,
    )
    .await;
    let listed = json(app.get("/api/v1/knowledge-base/articles?limit=100", &globex).await, 200).await;
    assert!(!listed.to_string().contains("Acme only secret"));
    json(
        app.request(Method::GET, "/api/v1/help/globex/articles/acme-only-secret", None, None)
            .await,
        404,
    )
    .await;
    json(
        app.request(Method::GET, "/api/v1/help/10002/articles/acme-only-secret", None, None)
            .await,
        404,
    )
    .await;
    let theirs = json(
        app.request(Method::GET, "/api/v1/help/globex/articles?limit=100", None, None)
            .await,
        200,
    )
    .await;
    assert!(!theirs.to_string().contains("Acme only secret"));
    // A cursor of one org's list is no cursor of another's.
    let page = json(
        app.request(Method::GET, "/api/v1/help/acme/articles?limit=1", None, None)
            .await,
        200,
    )
    .await;
    let cursor = page["next_cursor"]
        .as_str()
        .expect("the seed has more than one article");
    json(
        app.request(
            Method::GET,
            &format!("/api/v1/help/globex/articles?cursor={cursor}"),
            None,
            None,
        )
        .await,
        422,
    )
    .await;
}

#[tokio::test]
async fn the_knowledge_base_report_counts_deflected_forms_and_searches_that_found_nothing() {
    let app = TestApp::spawn_with(false).await;
    let manager = app.login("manager@acme.test").await;
    let customer = app.login("customer1@acme.test").await;
    let globex = app.login("admin@globex.test").await;
    for outcome in ["abandoned", "abandoned", "submitted"] {
        let resp = app
            .post(
                "/api/v1/knowledge-base/deflections",
                &customer,
                &json!({"outcome": outcome}),
            )
            .await;
        assert_eq!(resp.status(), 204);
    }
    let bad = app
        .post(
            "/api/v1/knowledge-base/deflections",
            &customer,
            &json!({"outcome": "maybe"}),
        )
        .await;
    assert_eq!(bad.status(), 400);
    // Searched as typed: the prefixes on the way fold into the query they became.
    for q in ["warra", "warranty extens", "Warranty  Extension", "warranty extension"] {
        let v = json(
            send(
                &app,
                Method::GET,
                &format!("/api/v1/help/acme/articles?q={q}"),
                None,
                None,
                None,
            )
            .await,
            200,
        )
        .await;
        assert_eq!(v["items"], json!([]), "{q}");
    }
    // Yesterday to tomorrow: today in the org's zone, whatever the hour in UTC.
    let today = time::OffsetDateTime::now_utc().date();
    let path = format!(
        "/api/v1/reports/knowledge-base?from={}&to={}",
        today.previous_day().unwrap(),
        today.next_day().unwrap()
    );
    let report = json(app.get(&path, &manager).await, 200).await;
    assert_eq!(
        (
            &report["totals"]["suggested"],
            &report["totals"]["abandoned"],
            &report["totals"]["submitted"]
        ),
        (&json!(3), &json!(2), &json!(1))
    );
    let rate = report["totals"]["deflection_rate"].as_f64().unwrap();
    assert!((rate - 2.0 / 3.0).abs() < 1e-9, "{report}");
    assert_eq!(
        report["unanswered_searches"],
        json!([{"query": "warranty extension", "searches": 2}])
    );
    assert_eq!(report["days"].as_array().map(Vec::len), Some(3));
    // Another org's report holds none of it.
    let theirs = json(app.get(&path, &globex).await, 200).await;
    assert_eq!(theirs["totals"]["suggested"], 0);
    assert_eq!(theirs["unanswered_searches"], json!([]));
}

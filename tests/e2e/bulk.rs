//! `POST /tickets/bulk`: one set of changes for a selection, each ticket changed as a
//! single update would change it, each answering for itself.

use helpdesk_tests::{TestApp, json};
use serde_json::{Value, json};

async fn open(app: &TestApp, token: &str, subject: &str) -> Value {
    let body = json!({"subject": subject, "description": "d", "customer_email": "customer1@acme.test"});
    json(app.post("/api/v1/tickets", token, &body).await, 201).await
}

fn id(t: &Value) -> String {
    t["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_selection_is_changed_ticket_by_ticket_and_each_answers_for_itself() {
    let app = TestApp::spawn_with(false).await;
    let manager = app.login("manager@acme.test").await;
    let (a, b, c) = (
        open(&app, &manager, "one").await,
        open(&app, &manager, "two").await,
        open(&app, &manager, "three").await,
    );
    // `b` moves on after the manager saw it: its version in the request is stale.
    let edit = json!({"subject": "moved"});
    let path = format!("/api/v1/tickets/{}", id(&b));
    json(
        app.request(reqwest::Method::PATCH, &path, Some(&manager), Some(&edit))
            .await,
        200,
    )
    .await;
    let globex = json(
        app.post(
            "/api/v1/tickets",
            &app.login("admin@globex.test").await,
            &json!({"subject": "theirs", "description": "d", "customer_email": "customer1@globex.test"}),
        )
        .await,
        201,
    )
    .await;
    let body = json!({
        "ids": [id(&a), id(&b), c["number"], id(&globex)],
        "changes": {"status": "pending", "priority": "high", "assignee_id": "acme-agent2",
                    "team_id": "billing", "add_tags": ["VIP"]},
        "versions": {id(&a): 1, id(&b): 1},
    });
    let out = json(app.post("/api/v1/tickets/bulk", &manager, &body).await, 200).await;
    let results = out["results"].as_array().unwrap();
    let statuses: Vec<_> = results.iter().map(|r| r["status"].as_u64().unwrap()).collect();
    assert_eq!(statuses, [200, 412, 200, 404], "{out}");
    assert_eq!(results[2]["id"], c["number"], "answered by the id as sent");
    assert_eq!(results[1]["error"]["type"], "about:blank#stale");
    // Another org's ticket is not found, and untouched.
    assert!(results[3]["ticket"].is_null());

    for changed in [&results[0]["ticket"], &results[2]["ticket"]] {
        assert_eq!(changed["status"], "pending");
        assert_eq!(changed["priority"], "high");
        assert_eq!(changed["assignee_id"], "acme-agent2");
        assert_eq!(changed["team_id"], "billing");
        assert_eq!(changed["tags"], json!(["vip"]));
        assert_eq!(changed["version"], 2, "one change, one version");
    }
    let audit = json(
        app.get(&format!("/api/v1/tickets/{}/audit", id(&a)), &manager).await,
        200,
    )
    .await;
    let actions: Vec<_> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].clone())
        .collect();
    assert_eq!(actions.last().unwrap(), "bulk");
    let untouched = json(app.get(&format!("/api/v1/tickets/{}", id(&b)), &manager).await, 200).await;
    assert_eq!(
        (untouched["status"].as_str(), untouched["version"].as_u64()),
        (Some("new"), Some(2))
    );
}

#[tokio::test]
async fn agents_assign_only_themselves_and_bad_requests_change_nothing() {
    let app = TestApp::spawn_with(false).await;
    let agent = app.login("agent1@acme.test").await;
    let t = open(&app, &agent, "mine").await;
    let take = json!({"ids": [id(&t)], "changes": {"assignee_id": "acme-agent1"}});
    let out = json(app.post("/api/v1/tickets/bulk", &agent, &take).await, 200).await;
    assert_eq!(out["results"][0]["ticket"]["assignee_id"], "acme-agent1");
    let give = json!({"ids": [id(&t)], "changes": {"assignee_id": "acme-agent2"}});
    let out = json(app.post("/api/v1/tickets/bulk", &agent, &give).await, 200).await;
    assert_eq!(out["results"][0]["status"], 403, "{out}");

    for (body, status) in [
        (json!({"ids": [], "changes": {"priority": "low"}}), 400),
        (json!({"ids": [id(&t), id(&t)], "changes": {"priority": "low"}}), 400),
        (json!({"ids": [id(&t)], "changes": {}}), 422),
        (
            json!({"ids": [id(&t)], "changes": {"priority": "low", "merge_into": id(&t)}}),
            422,
        ),
        (
            json!({"ids": [id(&t)], "changes": {"priority": "low"}, "versions": {"TKT-999999": 1}}),
            422,
        ),
        (json!({"ids": [id(&t)], "changes": {"assignee_id": "nobody"}}), 200),
    ] {
        let resp = app.post("/api/v1/tickets/bulk", &agent, &body).await;
        assert_eq!(resp.status().as_u16(), status, "{body}");
    }
    let many: Vec<String> = (1..=101).map(|n| format!("TKT-{n:06}")).collect();
    let resp = app
        .post(
            "/api/v1/tickets/bulk",
            &agent,
            &json!({"ids": many, "changes": {"priority": "low"}}),
        )
        .await;
    assert_eq!(resp.status().as_u16(), 400);
    let now = json(app.get(&format!("/api/v1/tickets/{}", id(&t)), &agent).await, 200).await;
    assert_eq!(
        (now["priority"].as_str(), now["assignee_id"].as_str()),
        (Some("normal"), Some("acme-agent1"))
    );
    // Customers never change tickets, in bulk or not.
    let cara = app.login("customer1@acme.test").await;
    json(app.post("/api/v1/tickets/bulk", &cara, &take).await, 403).await;
}

#[tokio::test]
async fn a_selection_merges_into_one_ticket() {
    let app = TestApp::spawn_with(false).await;
    let manager = app.login("manager@acme.test").await;
    let (target, x, y) = (
        open(&app, &manager, "keep").await,
        open(&app, &manager, "dup 1").await,
        open(&app, &manager, "dup 2").await,
    );
    let body = json!({"ids": [id(&x), id(&y), id(&target)], "changes": {"merge_into": target["number"]}});
    let out = json(app.post("/api/v1/tickets/bulk", &manager, &body).await, 200).await;
    let statuses: Vec<_> = out["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].clone())
        .collect();
    assert_eq!(statuses, [200, 200, 422], "the target is not merged into itself: {out}");
    assert_eq!(out["results"][0]["ticket"]["status"], "closed");
    let kept = json(
        app.get(&format!("/api/v1/tickets/{}", id(&target)), &manager).await,
        200,
    )
    .await;
    let notes = kept["thread"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["internal"] == true)
        .count();
    assert_eq!(notes, 2, "a note per merged ticket");
    let agent = app.login("agent1@acme.test").await;
    let z = open(&app, &agent, "dup 3").await;
    let by_agent = json!({"ids": [id(&z)], "changes": {"merge_into": id(&target)}});
    let resp = app.post("/api/v1/tickets/bulk", &agent, &by_agent).await;
    assert_eq!(resp.status().as_u16(), 200, "agents merge as they do one ticket");
}

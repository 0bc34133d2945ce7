//! A ticket's life through the API: views, edits, status rules, assignment, replies and
//! notes, the collision guard, optimistic locking, merge, audit.

#[allow(unused_imports)]
use helpdesk_store::prelude::*;
use std::collections::BTreeSet;

use helpdesk_tests::{TestApp, json};
use reqwest::Method;
use serde_json::{Value, json};

async fn open_ticket(app: &TestApp, token: &str, body: Value) -> Value {
    json(app.post("/api/v1/tickets", token, &body).await, 201).await
}

fn path(t: &Value) -> String {
    format!("/api/v1/tickets/{}", t["id"].as_str().unwrap())
}

async fn send(
    app: &TestApp,
    method: Method,
    path: &str,
    token: &str,
    body: Value,
    if_match: Option<u64>,
) -> reqwest::Response {
    let mut req = app.http.request(method, app.url(path)).bearer_auth(token).json(&body);
    if let Some(v) = if_match {
        req = req.header("if-match", format!("\"{v}\""));
    }
    req.send().await.unwrap()
}

#[tokio::test]
async fn a_ticket_lives_from_new_to_closed_and_a_late_reply_opens_a_follow_up() {
    let app = TestApp::spawn_with(false).await;
    let cara = app.login("customer1@acme.test").await;
    let agent = app.login("agent1@acme.test").await;
    let t = open_ticket(
        &app,
        &cara,
        json!({"subject": "VPN drops", "description": "Every 10 minutes."}),
    )
    .await;
    let p = path(&t);

    // Unassigned and new: it shows in the unassigned view.
    let unassigned = json(app.get("/api/v1/tickets?view=unassigned", &agent).await, 200).await;
    assert!(
        unassigned["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["id"] == t["id"])
    );

    let me: Value = app
        .request(
            Method::POST,
            "/local/login",
            None,
            Some(&json!({"email": "agent1@acme.test"})),
        )
        .await
        .json()
        .await
        .unwrap();
    let taken = json(
        send(
            &app,
            Method::PUT,
            &format!("{p}/assign"),
            &agent,
            json!({"assignee_id": me["user"]["id"]}),
            Some(1),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(taken["assignee_id"], me["user"]["id"]);
    assert_eq!(taken["version"], 2);
    let mine = json(app.get("/api/v1/agents/me/tickets", &agent).await, 200).await;
    assert_eq!(mine["items"][0]["id"], t["id"]);

    let replied = json(
        app.post(
            &format!("{p}/interactions"),
            &agent,
            &json!({"body": "Which client version?"}),
        )
        .await,
        201,
    )
    .await;
    assert_eq!(replied["ticket"]["status"], "open");
    assert!(replied["ticket"]["first_response_at"].is_string());

    json(
        send(
            &app,
            Method::PUT,
            &format!("{p}/status"),
            &agent,
            json!({"status": "pending"}),
            None,
        )
        .await,
        200,
    )
    .await;
    let back = json(
        app.post(&format!("{p}/interactions"), &cara, &json!({"body": "4.2.1"}))
            .await,
        201,
    )
    .await;
    assert_eq!(
        back["ticket"]["status"], "open",
        "a customer reply reopens a pending ticket"
    );

    let resolved = json(
        send(
            &app,
            Method::PUT,
            &format!("{p}/status"),
            &agent,
            json!({"status": "resolved"}),
            None,
        )
        .await,
        200,
    )
    .await;
    assert!(resolved["resolved_at"].is_string());
    let closed = json(
        send(
            &app,
            Method::PUT,
            &format!("{p}/status"),
            &agent,
            json!({"status": "closed"}),
            None,
        )
        .await,
        200,
    )
    .await;
    assert!(closed["closed_at"].is_string());

    // Closed is final: no status change, no agent reply; back to new never.
    json(
        send(
            &app,
            Method::PUT,
            &format!("{p}/status"),
            &agent,
            json!({"status": "open"}),
            None,
        )
        .await,
        409,
    )
    .await;
    json(
        app.post(&format!("{p}/interactions"), &agent, &json!({"body": "one more thing"}))
            .await,
        409,
    )
    .await;

    // The customer writes again: a linked follow-up ticket.
    let follow = json(
        app.post(&format!("{p}/interactions"), &cara, &json!({"body": "It is back."}))
            .await,
        201,
    )
    .await;
    assert_eq!(follow["follow_up"]["follow_up_of"], t["id"]);
    assert_eq!(follow["follow_up"]["subject"], "Re: VPN drops");
    assert_eq!(follow["follow_up"]["status"], "new");

    // The thread holds every message in order.
    let full = json(app.get(&p, &agent).await, 200).await;
    let bodies: Vec<&str> = full["thread"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["body"].as_str().unwrap())
        .collect();
    assert_eq!(bodies, ["Every 10 minutes.", "Which client version?", "4.2.1"]);
}

#[tokio::test]
async fn customers_never_see_internal_notes_or_internal_status_and_cannot_write_them() {
    let app = TestApp::spawn_with(false).await;
    let cara = app.login("customer1@acme.test").await;
    let agent = app.login("agent1@acme.test").await;
    let t = open_ticket(&app, &cara, json!({"subject": "s", "description": "d"})).await;
    let p = path(&t);
    json(
        app.post(
            &format!("{p}/interactions"),
            &agent,
            &json!({"body": "customer is on the VIP list", "internal": true}),
        )
        .await,
        201,
    )
    .await;
    json(
        send(
            &app,
            Method::PUT,
            &format!("{p}/status"),
            &agent,
            json!({"status": "on_hold"}),
            None,
        )
        .await,
        200,
    )
    .await;

    let seen = json(app.get(&p, &cara).await, 200).await;
    assert_eq!(seen["status"], "open", "on hold reads as open");
    assert_eq!(seen["thread"].as_array().unwrap().len(), 1);
    assert!(!seen.to_string().contains("VIP"));
    let listed = json(app.get("/api/v1/tickets", &cara).await, 200).await;
    assert_eq!(listed["items"][0]["status"], "open");
    let staff = json(app.get(&p, &agent).await, 200).await;
    assert_eq!(staff["thread"].as_array().unwrap().len(), 2);

    json(
        app.post(
            &format!("{p}/interactions"),
            &cara,
            &json!({"body": "sneaky", "internal": true}),
        )
        .await,
        403,
    )
    .await;
    json(
        send(
            &app,
            Method::PUT,
            &format!("{p}/status"),
            &cara,
            json!({"status": "closed"}),
            None,
        )
        .await,
        403,
    )
    .await;
    json(
        send(&app, Method::PATCH, &p, &cara, json!({"priority": "urgent"}), None).await,
        403,
    )
    .await;

    // The note's event carries no text.
    let events = app
        .table()
        .client()
        .query()
        .table_name(app.table().name())
        .key_condition_expression("PK = :pk AND begins_with(SK, :e)")
        .expression_attribute_values(
            ":pk",
            aws_sdk_dynamodb::types::AttributeValue::S(helpdesk_store::keys::ticket_pk(
                &helpdesk_domain::OrgId::parse("10001").expect("an org id"),
                helpdesk_domain::TicketId::parse(t["id"].as_str().unwrap()).expect("a ticket id"),
            )),
        )
        .expression_attribute_values(
            ":e",
            aws_sdk_dynamodb::types::AttributeValue::S(helpdesk_store::keys::EVENT_PREFIX.into()),
        )
        .send()
        .await
        .unwrap();
    let details: Vec<String> = events
        .items()
        .iter()
        .map(|i| i["detail"].as_s().unwrap().clone())
        .collect();
    assert!(
        details
            .iter()
            .any(|d| d.contains("\"InteractionAdded\"") && d.contains("\"internal\":true"))
    );
    assert!(
        details.iter().all(|d| !d.contains("VIP")),
        "internal text never reaches events"
    );
}

#[tokio::test]
async fn stale_writes_are_refused_with_412_and_replies_from_a_stale_view_need_confirmation() {
    let app = TestApp::spawn_with(false).await;
    let agent = app.login("agent1@acme.test").await;
    let manager = app.login("manager@acme.test").await;
    let t = open_ticket(
        &app,
        &agent,
        json!({"subject": "s", "description": "d", "customer_email": "x@example.com"}),
    )
    .await;
    let p = path(&t);

    let r = send(&app, Method::PATCH, &p, &agent, json!({"priority": "high"}), Some(1)).await;
    assert_eq!(r.headers()["etag"], "\"2\"");
    json(r, 200).await;
    let stale = json(
        send(&app, Method::PATCH, &p, &manager, json!({"priority": "low"}), Some(1)).await,
        412,
    )
    .await;
    assert_eq!(stale["status"], 412);
    json(
        send(
            &app,
            Method::PUT,
            &format!("{p}/status"),
            &manager,
            json!({"status": "pending"}),
            Some(1),
        )
        .await,
        412,
    )
    .await;

    // The agent drafted a reply while looking at version 1.
    let collision = json(
        send(
            &app,
            Method::POST,
            &format!("{p}/interactions"),
            &agent,
            json!({"body": "Hi"}),
            Some(1),
        )
        .await,
        409,
    )
    .await;
    assert_eq!(collision["type"], "about:blank#collision");
    assert_eq!(collision["current_version"], 2);
    json(
        send(
            &app,
            Method::POST,
            &format!("{p}/interactions"),
            &agent,
            json!({"body": "Hi", "confirm": true}),
            Some(1),
        )
        .await,
        201,
    )
    .await;
    json(
        send(
            &app,
            Method::POST,
            &format!("{p}/interactions"),
            &agent,
            json!({"body": "Hi again"}),
            Some(3),
        )
        .await,
        201,
    )
    .await;
}

#[tokio::test]
async fn concurrent_writers_never_lose_an_update() {
    let app = TestApp::spawn_with(false).await;
    let agent = app.login("agent1@acme.test").await;
    let manager = app.login("manager@acme.test").await;
    let t = open_ticket(
        &app,
        &agent,
        json!({"subject": "s", "description": "d", "customer_email": "x@example.com"}),
    )
    .await;
    let p = path(&t);
    let interactions = format!("{p}/interactions");
    let status = format!("{p}/status");
    let assign = format!("{p}/assign");
    let mut writes = vec![
        send(&app, Method::PATCH, &p, &agent, json!({"priority": "urgent"}), None),
        send(&app, Method::PATCH, &p, &manager, json!({"category": "network"}), None),
        send(&app, Method::PATCH, &p, &agent, json!({"subject": "renamed"}), None),
        send(&app, Method::PUT, &status, &manager, json!({"status": "on_hold"}), None),
        send(
            &app,
            Method::PUT,
            &assign,
            &manager,
            json!({"assignee_id": "acme-agent2"}),
            None,
        ),
    ];
    for i in 0..5 {
        writes.push(send(
            &app,
            Method::POST,
            &interactions,
            &agent,
            json!({"body": format!("note {i}"), "internal": true}),
            None,
        ));
    }
    let statuses: Vec<u16> = futures::future::join_all(writes)
        .await
        .iter()
        .map(|r| r.status().as_u16())
        .collect();
    assert!(statuses.iter().all(|s| *s == 200 || *s == 201), "{statuses:?}");

    let final_ = json(app.get(&p, &agent).await, 200).await;
    assert_eq!(final_["version"], 11, "ten changes on version 1");
    assert_eq!(final_["priority"], "urgent");
    assert_eq!(final_["category"], "network");
    assert_eq!(final_["subject"], "renamed");
    assert_eq!(final_["status"], "on_hold");
    assert_eq!(final_["assignee_id"], "acme-agent2");
    assert_eq!(final_["thread"].as_array().unwrap().len(), 6);
}

#[tokio::test]
async fn views_filter_and_page_with_cursors_that_stay_in_their_org() {
    let app = TestApp::spawn_with(false).await;
    let agent = app.login("agent2@acme.test").await;
    let globex = app.login("agent1@globex.test").await;
    for (i, priority) in ["low", "urgent", "urgent", "normal", "high"].iter().enumerate() {
        let body = json!({"subject": format!("t{i}"), "description": "d", "priority": priority, "tags": [if i % 2 == 0 { "even" } else { "odd" }], "customer_email": "p@example.com"});
        open_ticket(&app, &agent, body).await;
    }
    // Page through every Acme ticket two at a time: 3 seeded + 5 new, newest first.
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let url = match &cursor {
            Some(c) => format!("/api/v1/tickets?limit=2&cursor={c}"),
            None => "/api/v1/tickets?limit=2".to_owned(),
        };
        let page = json(app.get(&url, &agent).await, 200).await;
        assert!(page["items"].as_array().unwrap().len() <= 2);
        seen.extend(
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t["number"].as_str().unwrap().to_owned()),
        );
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    let expected: Vec<String> = (1..=8).rev().map(|n| format!("TKT-{n:06}")).collect();
    assert_eq!(seen, expected);

    let urgent = json(app.get("/api/v1/tickets?priority=urgent", &agent).await, 200).await;
    let subjects: BTreeSet<&str> = urgent["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["subject"].as_str().unwrap())
        .collect();
    assert_eq!(subjects, BTreeSet::from(["t1", "t2"]));
    let odd = json(app.get("/api/v1/tickets?tag=odd", &agent).await, 200).await;
    assert_eq!(odd["items"].as_array().unwrap().len(), 2);
    let new = json(app.get("/api/v1/tickets?status=new&limit=100", &agent).await, 200).await;
    assert_eq!(new["items"].as_array().unwrap().len(), 8);

    // A cursor is useless to another org, another view, or after tampering (any string has
    // a cursor's shape, so a foreign one is 422).
    let first = json(app.get("/api/v1/tickets?limit=1", &agent).await, 200).await;
    let c = first["next_cursor"].as_str().unwrap();
    json(
        app.get(&format!("/api/v1/tickets?limit=1&cursor={c}"), &globex).await,
        422,
    )
    .await;
    json(
        app.get(&format!("/api/v1/tickets?view=pending&cursor={c}"), &agent)
            .await,
        422,
    )
    .await;
    json(
        app.get(&format!("/api/v1/tickets?cursor={}x", &c[..c.len() - 2]), &agent)
            .await,
        422,
    )
    .await;
    json(app.get("/api/v1/tickets?view=everything", &agent).await, 400).await;
    json(app.get("/api/v1/tickets?limit=500", &agent).await, 400).await;

    // Globex sees only its own ticket.
    let g = json(app.get("/api/v1/tickets", &globex).await, 200).await;
    assert_eq!(g["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn merging_closes_the_source_into_the_target_and_is_audited() {
    let app = TestApp::spawn_with(false).await;
    let agent = app.login("agent1@acme.test").await;
    let manager = app.login("manager@acme.test").await;
    let globex = app.login("agent1@globex.test").await;
    let a = open_ticket(
        &app,
        &agent,
        json!({"subject": "dup 1", "description": "d", "customer_email": "m@example.com"}),
    )
    .await;
    let b = open_ticket(
        &app,
        &agent,
        json!({"subject": "dup 2", "description": "d", "customer_email": "m@example.com"}),
    )
    .await;

    // Another org's ticket is not a target; a customer cannot merge.
    let g = open_ticket(
        &app,
        &globex,
        json!({"subject": "g", "description": "d", "customer_email": "m@example.com"}),
    )
    .await;
    json(
        app.post(&format!("{}/merge", path(&a)), &agent, &json!({"target_id": g["id"]}))
            .await,
        404,
    )
    .await;
    let cara = app.login("customer1@acme.test").await;
    json(
        app.post(&format!("{}/merge", path(&a)), &cara, &json!({"target_id": b["id"]}))
            .await,
        403,
    )
    .await;

    let merged = json(
        app.post(
            &format!("{}/merge", path(&a)),
            &agent,
            &json!({"target_id": b["number"]}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(merged["status"], "closed");
    assert_eq!(merged["merged_into"], b["id"]);
    let target = json(
        app.get(&format!("/api/v1/tickets/{}", b["number"].as_str().unwrap()), &agent)
            .await,
        200,
    )
    .await;
    let note = &target["thread"][1];
    assert_eq!(note["internal"], true);
    assert_eq!(note["author"]["kind"], "system");
    json(
        app.post(&format!("{}/merge", path(&a)), &agent, &json!({"target_id": b["id"]}))
            .await,
        409,
    )
    .await;

    let audit = json(app.get(&format!("{}/audit", path(&a)), &manager).await, 200).await;
    let actions: Vec<&str> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["create", "merge"]);
    assert_eq!(audit["items"][1]["actor"], "acme-agent1");
    assert_eq!(audit["items"][1]["changes"][0]["field"], "status");
    json(app.get(&format!("{}/audit", path(&a)), &agent).await, 403).await;
    json(
        app.get(&format!("{}/audit", path(&a)), &app.login("admin@globex.test").await)
            .await,
        404,
    )
    .await;
}

#[tokio::test]
async fn assignment_follows_roles_and_names_only_this_orgs_agents_and_teams() {
    let app = TestApp::spawn_with(false).await;
    let agent = app.login("agent1@acme.test").await;
    let manager = app.login("manager@acme.test").await;
    let t = open_ticket(
        &app,
        &agent,
        json!({"subject": "s", "description": "d", "customer_email": "x@example.com"}),
    )
    .await;
    let assign = format!("{}/assign", path(&t));
    // An agent may not hand tickets to colleagues; a manager may.
    json(
        send(
            &app,
            Method::PUT,
            &assign,
            &agent,
            json!({"assignee_id": "acme-agent2"}),
            None,
        )
        .await,
        403,
    )
    .await;
    json(
        send(
            &app,
            Method::PUT,
            &assign,
            &manager,
            json!({"assignee_id": "acme-agent2"}),
            None,
        )
        .await,
        200,
    )
    .await;
    // Globex's agent, an unknown agent or team: not found in Acme, nothing written.
    json(
        send(
            &app,
            Method::PUT,
            &assign,
            &manager,
            json!({"assignee_id": "globex-agent1"}),
            None,
        )
        .await,
        404,
    )
    .await;
    json(
        send(
            &app,
            Method::PUT,
            &assign,
            &manager,
            json!({"team_id": "no-such-team"}),
            None,
        )
        .await,
        404,
    )
    .await;
    let after = json(app.get(&path(&t), &agent).await, 200).await;
    assert_eq!(after["assignee_id"], "acme-agent2");
    assert_eq!(after["version"], 2);
    json(send(&app, Method::PUT, &assign, &manager, json!({}), None).await, 422).await;
    json(
        send(
            &app,
            Method::PUT,
            &assign,
            &manager,
            json!({"assignee_id": null, "extra": 1}),
            None,
        )
        .await,
        400,
    )
    .await;
}

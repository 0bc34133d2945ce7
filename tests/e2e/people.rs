//! Customers, agents and teams through the API.

use helpdesk_tests::{TestApp, json};
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn customers_are_created_found_by_email_prefix_and_keep_their_history() {
    let app = TestApp::spawn_with(false).await;
    let agent = app.login("agent1@acme.test").await;
    let created = json(
        app.post(
            "/api/v1/customers",
            &agent,
            &json!({"name": "Dana Doe", "email": "Dana@Example.com"}),
        )
        .await,
        201,
    )
    .await;
    assert_eq!(created["email"], "dana@example.com");
    json(
        app.post(
            "/api/v1/customers",
            &agent,
            &json!({"name": "Dup", "email": "dana@example.com"}),
        )
        .await,
        409,
    )
    .await;
    json(
        app.post("/api/v1/customers", &agent, &json!({"name": "", "email": "x"}))
            .await,
        400,
    )
    .await;

    // A ticket for her by email lands on the same customer.
    let t = json(
        app.post(
            "/api/v1/tickets",
            &agent,
            &json!({"subject": "s", "description": "d", "customer_email": "dana@example.com"}),
        )
        .await,
        201,
    )
    .await;
    assert_eq!(t["customer_id"], created["id"]);

    let found = json(app.get("/api/v1/customers?email=dana", &agent).await, 200).await;
    assert_eq!(found["items"].as_array().unwrap().len(), 1);
    let by_name = json(app.get("/api/v1/customers?q=cody", &agent).await, 200).await;
    assert_eq!(by_name["items"][0]["email"], "customer2@acme.test");
    let all = json(app.get("/api/v1/customers?limit=2", &agent).await, 200).await;
    assert!(all["next_cursor"].is_string());
    let globex = app.login("agent1@globex.test").await;
    json(
        app.get(
            &format!("/api/v1/customers?cursor={}", all["next_cursor"].as_str().unwrap()),
            &globex,
        )
        .await,
        // Another org's cursor has a cursor's shape: a rule (422), not malformed.
        422,
    )
    .await;

    let path = format!("/api/v1/customers/{}", created["id"].as_str().unwrap());
    let profile = json(app.get(&path, &agent).await, 200).await;
    assert_eq!(profile["tickets"][0]["id"], t["id"]);

    // Moving to a taken email is refused; a free one is claimed and the old one released.
    let r = app
        .request(
            Method::PATCH,
            &path,
            Some(&agent),
            Some(&json!({"email": "customer1@acme.test"})),
        )
        .await;
    json(r, 409).await;
    let moved = json(
        app.request(
            Method::PATCH,
            &path,
            Some(&agent),
            Some(&json!({"email": "dana@new.example"})),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(moved["email"], "dana@new.example");
    let another = json(
        app.post(
            "/api/v1/customers",
            &agent,
            &json!({"name": "Another Dana", "email": "dana@example.com"}),
        )
        .await,
        201,
    )
    .await;
    assert_ne!(
        another["id"], created["id"],
        "the old email's derived id still belongs to the first Dana"
    );
    // Tickets by email follow the email's current owner.
    let t2 = json(
        app.post(
            "/api/v1/tickets",
            &agent,
            &json!({"subject": "s", "description": "d", "customer_email": "dana@example.com"}),
        )
        .await,
        201,
    )
    .await;
    assert_eq!(t2["customer_id"], another["id"]);
    let t3 = json(
        app.post(
            "/api/v1/tickets",
            &agent,
            &json!({"subject": "s", "description": "d", "customer_email": "dana@new.example"}),
        )
        .await,
        201,
    )
    .await;
    assert_eq!(t3["customer_id"], created["id"]);
}

#[tokio::test]
async fn admins_manage_agents_and_teams_and_agents_set_their_availability() {
    let app = TestApp::spawn_with(false).await;
    let admin = app.login("admin@acme.test").await;
    let agent = app.login("agent1@acme.test").await;
    let created = json(app.post("/api/v1/agents", &admin, &json!({"id": "acme-agent3", "email": "agent3@acme.test", "name": "Ari", "role": "agent", "skills": ["Billing"]})).await, 201).await;
    assert_eq!(created["skills"], json!(["billing"]));
    assert_eq!(created["status"], "offline");
    json(
        app.post(
            "/api/v1/agents",
            &admin,
            &json!({"id": "acme-agent3", "email": "a@acme.test", "name": "Dup", "role": "agent"}),
        )
        .await,
        409,
    )
    .await;
    json(
        app.post(
            "/api/v1/agents",
            &admin,
            &json!({"email": "c@acme.test", "name": "C", "role": "customer"}),
        )
        .await,
        400,
    )
    .await;

    json(
        app.request(
            Method::PUT,
            "/api/v1/agents/me/status",
            Some(&agent),
            Some(&json!({"status": "online"})),
        )
        .await,
        200,
    )
    .await;
    json(
        app.request(
            Method::PUT,
            "/api/v1/agents/me/status",
            Some(&agent),
            Some(&json!({"status": "sleeping"})),
        )
        .await,
        400,
    )
    .await;
    let agents = json(app.get("/api/v1/agents", &agent).await, 200).await;
    let me = agents["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "acme-agent1")
        .unwrap();
    assert_eq!(me["status"], "online");
    assert_eq!(agents["items"].as_array().unwrap().len(), 5);

    json(
        app.post(
            "/api/v1/teams",
            &admin,
            &json!({"id": "accounts", "name": "Accounts", "members": ["acme-agent3", "globex-agent1"]}),
        )
        .await,
        404,
    )
    .await;
    let team = json(
        app.post(
            "/api/v1/teams",
            &admin,
            &json!({"id": "accounts", "name": "Accounts", "members": ["acme-agent3"]}),
        )
        .await,
        201,
    )
    .await;
    assert_eq!(team["members"], json!(["acme-agent3"]));
    let renamed = json(
        app.request(
            Method::PATCH,
            "/api/v1/teams/accounts",
            Some(&admin),
            Some(&json!({"name": "Accounts & Invoices"})),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(renamed["name"], "Accounts & Invoices");
    // Beside the seed's Billing and Support.
    let teams = json(app.get("/api/v1/teams", &agent).await, 200).await;
    assert_eq!(teams["items"].as_array().unwrap().len(), 3);

    // A ticket can now go to the team.
    let manager = app.login("manager@acme.test").await;
    let t = json(
        app.post(
            "/api/v1/tickets",
            &agent,
            &json!({"subject": "s", "description": "d", "customer_email": "x@example.com"}),
        )
        .await,
        201,
    )
    .await;
    let assigned = json(
        app.request(
            Method::PUT,
            &format!("/api/v1/tickets/{}/assign", t["id"].as_str().unwrap()),
            Some(&manager),
            Some(&json!({"team_id": "accounts", "assignee_id": "acme-agent3"})),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(assigned["team_id"], "accounts");
    let by_team = json(app.get("/api/v1/tickets?team=accounts", &agent).await, 200).await;
    assert_eq!(by_team["items"].as_array().unwrap().len(), 1);
}

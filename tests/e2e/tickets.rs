//! Opening and reading tickets: the first slice, with its rules and its safety.

use std::collections::BTreeSet;

use helpdesk_tests::{TestApp, json};
use reqwest::Method;
use serde_json::{Value, json};

fn new_ticket(customer: &str) -> Value {
    json!({
        "subject": "Printer on fire",
        "description": "Smoke is coming out of the printer on floor 3.",
        "priority": "urgent",
        "tags": ["Hardware", "printer", "hardware"],
        "customer_email": customer,
    })
}

#[tokio::test]
async fn an_agent_opens_a_ticket_and_reads_it_back_with_its_thread() {
    let app = TestApp::spawn_with(false).await;
    let agent = app.login("agent1@acme.test").await;

    let resp = app
        .post("/api/v1/tickets", &agent, &new_ticket("New.Person@Example.com"))
        .await;
    let location = resp.headers()["location"].to_str().unwrap().to_owned();
    let etag = resp.headers()["etag"].to_str().unwrap().to_owned();
    let created = json(resp, 201).await;
    let id = created["id"].as_str().unwrap();
    assert_eq!(location, format!("/api/v1/tickets/{id}"));
    assert_eq!(etag, "\"1\"");
    // Acme's seed opened three tickets; numbers continue per org.
    assert_eq!(created["number"], "TKT-000004");
    assert_eq!(created["status"], "new");
    assert_eq!(created["priority"], "urgent");
    assert_eq!(created["channel"], "web");
    assert_eq!(created["version"], 1);
    assert_eq!(created["tags"], json!(["hardware", "printer"]));

    let resp = app.get(&location, &agent).await;
    assert_eq!(resp.headers()["etag"], "\"1\"");
    let got = json(resp, 200).await;
    assert_eq!(got["id"], created["id"]);
    assert_eq!(got["subject"], "Printer on fire");
    let thread = got["thread"].as_array().unwrap();
    assert_eq!(thread.len(), 1);
    assert_eq!(thread[0]["body"], "Smoke is coming out of the printer on floor 3.");
    assert_eq!(thread[0]["author"]["kind"], "agent");
    assert_eq!(thread[0]["internal"], false);
}

#[tokio::test]
async fn a_customer_files_for_themself_and_only_they_and_staff_can_read_it() {
    let app = TestApp::spawn_with(false).await;
    let cara = app.login("customer1@acme.test").await;
    let cody = app.login("customer2@acme.test").await;
    let manager = app.login("manager@acme.test").await;

    let body = json!({"subject": "Where is my order?", "description": "Ordered two weeks ago."});
    let created = json(app.post("/api/v1/tickets", &cara, &body).await, 201).await;
    assert_eq!(created["channel"], "portal");
    let path = format!("/api/v1/tickets/{}", created["id"].as_str().unwrap());

    let mine = json(app.get(&path, &cara).await, 200).await;
    assert_eq!(mine["thread"][0]["author"]["kind"], "customer");
    json(app.get(&path, &manager).await, 200).await;
    // Another customer of the same org: not found, not forbidden (no existence leak).
    json(app.get(&path, &cody).await, 404).await;

    // Customers cannot file for somebody else, by email or by id.
    let for_other = json!({"subject": "s", "description": "d", "customer_email": "customer2@acme.test"});
    json(app.post("/api/v1/tickets", &cara, &for_other).await, 403).await;
}

#[tokio::test]
async fn other_tenants_ids_are_not_found_in_path_and_body() {
    let app = TestApp::spawn_with(false).await;
    let acme = app.login("agent1@acme.test").await;
    let globex = app.login("agent1@globex.test").await;
    let globex_customer = app.login("customer1@globex.test").await;

    let created = json(
        app.post("/api/v1/tickets", &acme, &new_ticket("jo@example.com")).await,
        201,
    )
    .await;
    let path = format!("/api/v1/tickets/{}", created["id"].as_str().unwrap());
    json(app.get(&path, &globex).await, 404).await;
    json(app.get(&path, &globex_customer).await, 404).await;

    // A Globex customer's id named in an Acme create: that customer does not exist in Acme.
    let login: Value = app
        .request(
            Method::POST,
            "/local/login",
            None,
            Some(&json!({"email": "customer1@globex.test"})),
        )
        .await
        .json()
        .await
        .unwrap();
    let globex_customer_id = login["user"]["id"].as_str().unwrap();
    let body = json!({"subject": "s", "description": "d", "customer_id": globex_customer_id});
    let problem = json(app.post("/api/v1/tickets", &acme, &body).await, 404).await;
    assert_eq!(problem["detail"], "customer not found");

    // Numbers are per org: Globex's next ticket is its second.
    let g = json(
        app.post("/api/v1/tickets", &globex, &new_ticket("jo@example.com"))
            .await,
        201,
    )
    .await;
    assert_eq!(g["number"], "TKT-000002");
}

#[tokio::test]
async fn bad_input_gets_a_problem_and_writes_nothing() {
    let app = TestApp::spawn_with(false).await;
    let agent = app.login("agent1@acme.test").await;

    let invalid = json!({"subject": "  ", "description": "", "tags": ["ok", "no spaces"], "customer_email": "nope"});
    let problem = json(app.post("/api/v1/tickets", &agent, &invalid).await, 400).await;
    let fields: BTreeSet<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        BTreeSet::from(["subject", "description", "tags[1]", "customer_email"])
    );

    // Mass assignment: clients cannot set the org, status, number or version.
    for field in ["org_id", "status", "number", "version", "created_at"] {
        let mut body = new_ticket("jo@example.com");
        body[field] = json!("x");
        let problem = json(app.post("/api/v1/tickets", &agent, &body).await, 400).await;
        assert!(
            problem["detail"].as_str().unwrap().contains(field),
            "{field}: {problem}"
        );
    }

    let resp = app
        .http
        .post(app.url("/api/v1/tickets"))
        .bearer_auth(&agent)
        .body("{not json")
        .header("content-type", "application/json")
        .send()
        .await
        .unwrap();
    json(resp, 400).await;
    let resp = app
        .http
        .post(app.url("/api/v1/tickets"))
        .bearer_auth(&agent)
        .body("subject=x")
        .header("content-type", "text/plain")
        .send()
        .await
        .unwrap();
    json(resp, 415).await;
    let mut huge = new_ticket("jo@example.com");
    huge["description"] = json!("x".repeat(3 << 20));
    json(app.post("/api/v1/tickets", &agent, &huge).await, 413).await;
    let mut long = new_ticket("jo@example.com");
    long["description"] = json!("x".repeat(20_001));
    json(app.post("/api/v1/tickets", &agent, &long).await, 400).await;

    json(app.get("/api/v1/tickets/not-a-ticket-id", &agent).await, 400).await;
    json(
        app.get(&format!("/api/v1/tickets/{}", ulid::Ulid::new()), &agent).await,
        404,
    )
    .await;

    // None of the refused requests took a number: the next ticket is still TKT-000004.
    let ok = json(
        app.post("/api/v1/tickets", &agent, &new_ticket("jo@example.com")).await,
        201,
    )
    .await;
    assert_eq!(ok["number"], "TKT-000004");
}

#[tokio::test]
async fn concurrent_creates_get_unique_consecutive_numbers() {
    let app = TestApp::spawn_with(false).await;
    let agent = app.login("agent2@acme.test").await;
    let requests = (0..16).map(|i| {
        let app = &app;
        let agent = &agent;
        async move {
            let mut body = new_ticket(&format!("c{i}@example.com"));
            body["subject"] = json!(format!("ticket {i}"));
            json(app.post("/api/v1/tickets", agent, &body).await, 201).await["number"]
                .as_str()
                .unwrap()
                .to_owned()
        }
    });
    let numbers: BTreeSet<String> = futures::future::join_all(requests).await.into_iter().collect();
    let expected: BTreeSet<String> = (4..20).map(|n| format!("TKT-{n:06}")).collect();
    assert_eq!(numbers, expected);
}

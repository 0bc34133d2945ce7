//! In-app notifications: who hears of what, once, and only they can read them.

use std::time::Duration;

use helpdesk_tests::{TestApp, eventually, json};
use reqwest::Method;
use serde_json::{Value, json};

#[tokio::test]
async fn assignees_hear_of_assignments_and_customer_replies_once() {
    let app = TestApp::spawn().await;
    let manager = app.login("manager@acme.test").await;
    let sam = app.login("agent2@acme.test").await;
    let alex = app.login("agent1@acme.test").await;
    let cara = app.login("customer1@acme.test").await;
    let t = json(
        app.post(
            "/api/v1/tickets",
            &cara,
            &json!({"subject": "Printer", "description": "jammed"}),
        )
        .await,
        201,
    )
    .await;
    let path = format!("/api/v1/tickets/{}", t["id"].as_str().unwrap());
    json(
        app.request(
            Method::PUT,
            &format!("{path}/assign"),
            Some(&manager),
            Some(&json!({"assignee_id": "acme-agent2"})),
        )
        .await,
        200,
    )
    .await;
    json(
        app.post(&format!("{path}/interactions"), &cara, &json!({"body": "still jammed"}))
            .await,
        201,
    )
    .await;

    let items = eventually("two notifications for Sam", Duration::from_secs(30), || async {
        let n = json(app.get("/api/v1/notifications", &sam).await, 200).await;
        let items = n["items"].as_array().cloned().unwrap_or_default();
        Ok((items.len() == 2).then_some(items))
    })
    .await
    .unwrap();
    let kinds: Vec<&str> = items.iter().map(|i| i["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["InteractionAdded", "TicketAssigned"], "newest first");
    assert!(
        items[1]["text"]
            .as_str()
            .unwrap()
            .contains(t["number"].as_str().unwrap())
    );
    // Alex was not involved.
    assert_eq!(
        json(app.get("/api/v1/notifications", &alex).await, 200).await["items"],
        json!([])
    );

    // Read one: it leaves the unread list; nobody else can touch it.
    let id = items[0]["id"].as_str().unwrap();
    json(
        app.request(
            Method::POST,
            &format!("/api/v1/notifications/{id}/read"),
            Some(&alex),
            None,
        )
        .await,
        404,
    )
    .await;
    let r = app
        .request(
            Method::POST,
            &format!("/api/v1/notifications/{id}/read"),
            Some(&sam),
            None,
        )
        .await;
    assert_eq!(r.status(), 204);
    let unread = json(app.get("/api/v1/notifications?unread=true", &sam).await, 200).await;
    let unread: Vec<&Value> = unread["items"].as_array().unwrap().iter().collect();
    assert_eq!(unread.len(), 1);
    assert_eq!(unread[0]["kind"], "TicketAssigned");
}

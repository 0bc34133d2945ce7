//! Canned responses and macros through the API: templates checked on save, rendered
//! with the ticket's values now, macros applied as one change (and previewed without a
//! write), and a macro's internal note never reaching the customer.

use helpdesk_tests::{TestApp, json};
use reqwest::Method;
use serde_json::{Value, json};

async fn ticket(app: &TestApp, cara: &str, subject: &str) -> Value {
    json(
        app.post(
            "/api/v1/tickets",
            cara,
            &json!({"subject": subject, "description": "d"}),
        )
        .await,
        201,
    )
    .await
}

#[tokio::test]
async fn canned_responses_render_with_the_values_now_fallbacks_and_answers() {
    let app = TestApp::spawn_with(false).await;
    let (agent, cara) = (
        app.login("agent1@acme.test").await,
        app.login("customer1@acme.test").await,
    );

    // A template that reads outside its variables is refused, naming the field.
    let bad = app
        .post(
            "/api/v1/canned-responses",
            &agent,
            &json!({"title": "Bad", "body": "Hi {{ customer.phone }}"}),
        )
        .await;
    let bad = json(bad, 422).await;
    assert_eq!(bad["errors"][0]["field"], "body", "{bad}");

    let c = json(
        app.post(
            "/api/v1/canned-responses",
            &agent,
            &json!({"title": "Order status", "folder": "Orders",
                "body": "Hi {{ customer.first_name | default('there') }}, order {{ ask('order number') }} on {{ ticket.subject }} ({{ ticket.number }}). {{ agent.first_name }}"}),
        )
        .await,
        201,
    )
    .await;
    assert_eq!(c["asks"], json!(["order number"]));
    assert_eq!(c["shared"], "personal");
    let id = c["id"].as_str().unwrap();

    let t = ticket(&app, &cara, "Where is my parcel").await;
    let tid = t["id"].as_str().unwrap();
    let render = |answers: Value, preview: bool| {
        let app = &app;
        let agent = agent.clone();
        async move {
            json(
                app.post(
                    &format!("/api/v1/canned-responses/{id}/render"),
                    &agent,
                    &json!({"ticket_id": tid, "answers": answers, "preview": preview}),
                )
                .await,
                200,
            )
            .await
        }
    };
    let r = render(json!({}), true).await;
    assert_eq!(r["missing"], json!(["order number"]));
    assert!(r["text"].as_str().unwrap().contains("[order number]"), "{r}");

    // The values when it renders, not when it was saved: rename the ticket first.
    json(
        app.request(
            Method::PATCH,
            &format!("/api/v1/tickets/{tid}"),
            Some(&agent),
            Some(&json!({"subject": "Parcel lost"})),
        )
        .await,
        200,
    )
    .await;
    let r = render(json!({"order number": "A-17"}), false).await;
    let number = t["number"].as_str().unwrap();
    assert_eq!(
        r["text"],
        format!("Hi Cara, order A-17 on Parcel lost ({number}). Alex"),
        "{r}"
    );
    assert_eq!(r["missing"], json!([]));
    // One use counted: the preview did not count.
    let again = json(app.get(&format!("/api/v1/canned-responses/{id}"), &agent).await, 200).await;
    assert_eq!(again["usage_count"], 1);
    // The list searches by title and names the variables.
    let list = json(app.get("/api/v1/canned-responses?q=order", &agent).await, 200).await;
    assert!(list["items"].as_array().unwrap().iter().any(|i| i["id"] == id));
    assert!(
        list["variables"]
            .as_array()
            .unwrap()
            .iter()
            .any(|v| v == "customer.first_name")
    );
    // An agent shares nothing; a manager does, with the org.
    let shared = app
        .post(
            "/api/v1/canned-responses",
            &agent,
            &json!({"title": "S", "body": "b", "shared": "org"}),
        )
        .await;
    assert_eq!(shared.status().as_u16(), 403);
}

#[tokio::test]
async fn a_macro_is_one_change_previewed_without_a_write_and_its_note_stays_internal() {
    let app = TestApp::spawn_with(false).await;
    let (manager, agent, cara) = (
        app.login("manager@acme.test").await,
        app.login("agent1@acme.test").await,
        app.login("customer1@acme.test").await,
    );
    let m = json(
        app.post(
            "/api/v1/macros",
            &manager,
            &json!({"name": "Refund", "shared": "org", "actions": [
                {"type": "add_tag", "value": "refund"},
                {"type": "set_priority", "value": "high"},
                {"type": "set_assignee", "value": "me"},
                {"type": "add_reply", "value": "Hi {{ customer.first_name }}, your refund for {{ ticket.number }} is on its way."},
                {"type": "set_status", "value": "pending"}]}),
        )
        .await,
        201,
    )
    .await;
    let mid = m["id"].as_str().unwrap();
    let t = ticket(&app, &cara, "Refund please").await;
    let (tid, v) = (t["id"].as_str().unwrap(), t["version"].as_u64().unwrap());
    let path = format!("/api/v1/tickets/{tid}/macros/{mid}");

    let preview = json(app.post(&format!("{path}?preview=1"), &agent, &json!({})).await, 200).await;
    assert_eq!(preview["preview"], true);
    assert_eq!(preview["ticket"]["priority"], "high");
    assert_eq!(preview["ticket"]["status"], "pending");
    assert_eq!(preview["ticket"]["assignee_id"], "acme-agent1");
    let text = preview["interaction"]["body"].as_str().unwrap();
    assert!(text.starts_with("Hi Cara, your refund for TKT-"), "{text}");
    let unchanged = json(app.get(&format!("/api/v1/tickets/{tid}"), &agent).await, 200).await;
    assert_eq!(unchanged["version"].as_u64(), Some(v), "a preview writes nothing");

    // A stale If-Match is refused; the current one applies it as one change.
    let apply = |version: u64| {
        let (app, agent, path) = (&app, agent.clone(), path.clone());
        async move {
            app.http
                .post(app.url(&path))
                .bearer_auth(&agent)
                .header("If-Match", format!("\"{version}\""))
                .send()
                .await
                .unwrap()
        }
    };
    assert_eq!(apply(v + 5).await.status().as_u16(), 412);
    let done = json(apply(v).await, 200).await;
    assert_eq!(done["changed"], true);
    assert_eq!(done["ticket"]["version"].as_u64(), Some(v + 1), "one version bump");
    let audit = json(app.get(&format!("/api/v1/tickets/{tid}/audit"), &manager).await, 200).await;
    let macros: Vec<&Value> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "macro")
        .collect();
    assert_eq!(macros.len(), 1, "one audit entry: {audit}");
    let last = macros[0];
    assert_eq!(last["reason"], "macro Refund");
    // The customer sees the public reply.
    let seen = json(app.get(&format!("/api/v1/tickets/{tid}"), &cara).await, 200).await;
    assert!(seen.to_string().contains("your refund for"), "{seen}");

    // A macro's internal note (a canned body) never reaches the customer.
    let note = json(
        app.post(
            "/api/v1/macros",
            &agent,
            &json!({"name": "Note", "actions": [{"type": "add_note", "value": "internal: {{ customer.email }} checked"}]}),
        )
        .await,
        201,
    )
    .await;
    let nid = note["id"].as_str().unwrap();
    let noted = json(
        app.post(&format!("/api/v1/tickets/{tid}/macros/{nid}"), &agent, &json!({}))
            .await,
        200,
    )
    .await;
    assert_eq!(noted["interaction"]["internal"], true);
    assert_eq!(noted["interaction"]["body"], "internal: customer1@acme.test checked");
    let seen = json(app.get(&format!("/api/v1/tickets/{tid}"), &cara).await, 200).await;
    assert!(!seen.to_string().contains("checked"), "{seen}");
    let staff = json(app.get(&format!("/api/v1/tickets/{tid}"), &agent).await, 200).await;
    assert!(staff.to_string().contains("customer1@acme.test checked"));
}

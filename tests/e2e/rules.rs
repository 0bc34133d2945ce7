//! Triggers and routing end to end: the API, the bus and the router consumer against
//! DynamoDB Local and moto, as `make dev` runs them.

use std::collections::BTreeMap;
use std::time::Duration;

use aws_lambda_events::event::sqs::SqsEvent;

use crate::events::sqs_message;
use aws_sdk_dynamodb::types::AttributeValue;
use helpdesk_domain::events::Event;
use helpdesk_domain::{OrgId, TicketId};
use helpdesk_store::keys;
use helpdesk_tests::{TestApp, eventually, json};
use reqwest::Method;
use serde_json::{Value, json};

// Generous: the whole suite shares one moto, which slows under load.
const WAIT: Duration = Duration::from_secs(60);

async fn ticket(app: &TestApp, token: &str, id: &str) -> Value {
    json(app.get(&format!("/api/v1/tickets/{id}"), token).await, 200).await
}

/// Waits until `check` holds for the ticket, and returns it; on timeout, fails with
/// what routing saw (the ticket, its audit, the agents, the queue).
async fn ticket_when(app: &TestApp, token: &str, id: &str, what: &str, check: impl Fn(&Value) -> bool) -> Value {
    let got = eventually(what, WAIT, || async {
        let t = ticket(app, token, id).await;
        Ok(check(&t).then_some(t))
    })
    .await;
    match got {
        Ok(t) => t,
        Err(e) => {
            let admin = app.login("admin@acme.test").await;
            let t = ticket(app, &admin, id).await;
            let audit = app
                .get(&format!("/api/v1/tickets/{id}/audit"), &admin)
                .await
                .text()
                .await;
            let agents = app.get("/api/v1/agents", &admin).await.text().await;
            let queue = app.get("/api/v1/routing/queue", &admin).await.text().await;
            let all = app.get("/api/v1/tickets?limit=50", &admin).await.text().await;
            panic!("{e}\nticket: {t}\naudit: {audit:?}\nagents: {agents:?}\nqueue: {queue:?}\ntickets: {all:?}");
        }
    }
}

async fn put_routing(app: &TestApp, admin: &str, body: Value) {
    let current = app.get("/api/v1/routing", admin).await;
    let etag = current.headers()["etag"].to_str().unwrap().to_owned();
    let resp = app
        .http
        .put(app.url("/api/v1/routing"))
        .bearer_auth(admin)
        .header("if-match", etag)
        .json(&body)
        .send()
        .await
        .unwrap();
    json(resp, 200).await;
}

async fn status(app: &TestApp, who: &str, status: &str) {
    let token = app.login(who).await;
    let resp = app
        .request(
            Method::PUT,
            "/api/v1/agents/me/status",
            Some(&token),
            Some(&json!({"status": status})),
        )
        .await;
    assert_eq!(resp.status(), 200);
}

/// A team, and a trigger that sends tickets whose subject has `word` to it.
async fn team_by_word(app: &TestApp, admin: &str, team: &str, members: &[&str], word: &str) {
    json(
        app.post(
            "/api/v1/teams",
            admin,
            &json!({"id": team, "name": team.to_uppercase(), "members": members}),
        )
        .await,
        201,
    )
    .await;
    json(
        app.post(
            "/api/v1/triggers",
            admin,
            &json!({"name": format!("{word} to {team}"),
                "conditions": {"all": [{"field": "subject", "op": "contains", "value": word}]},
                "actions": [{"type": "set_team", "value": team}]}),
        )
        .await,
        201,
    )
    .await;
}

async fn open(app: &TestApp, customer: &str, subject: &str) -> String {
    let t = json(
        app.post(
            "/api/v1/tickets",
            customer,
            &json!({"subject": subject, "description": "d"}),
        )
        .await,
        201,
    )
    .await;
    t["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn round_robin_is_fair_across_tickets_created_at_once_and_each_is_assigned_once() {
    let app = TestApp::spawn().await;
    let admin = app.login("admin@acme.test").await;
    let cara = app.login("customer1@acme.test").await;
    // Three online agents (the seed has agent1 and agent2 online).
    status(&app, "manager@acme.test", "online").await;
    team_by_word(
        &app,
        &admin,
        "burst",
        &["acme-agent1", "acme-agent2", "acme-manager"],
        "burst",
    )
    .await;
    put_routing(
        &app,
        &admin,
        json!({"default": {"mode": "manual"}, "teams": {"burst": {"mode": "round_robin"}}}),
    )
    .await;

    let subjects: Vec<String> = (0..12).map(|i| format!("burst {i}")).collect();
    let ids: Vec<String> = futures::future::join_all(subjects.iter().map(|s| open(&app, &cara, s))).await;
    let mut counts = BTreeMap::<String, u32>::new();
    for id in &ids {
        let t = ticket_when(&app, &admin, id, "the ticket to be routed", |t| {
            t["assignee_id"].is_string()
        })
        .await;
        assert_eq!(t["team_id"], "burst");
        *counts.entry(t["assignee_id"].as_str().unwrap().to_owned()).or_default() += 1;
    }
    assert_eq!(counts.len(), 3, "{counts:?}");
    assert!(
        counts.values().max().unwrap() - counts.values().min().unwrap() <= 1,
        "{counts:?}"
    );
    // One assignment per ticket, by the rules, with its reason.
    let audit = json(app.get(&format!("/api/v1/tickets/{}/audit", ids[0]), &admin).await, 200).await;
    let assigned: Vec<&Value> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| {
            a["changes"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c["field"] == "assignee_id")
        })
        .collect();
    assert_eq!(assigned.len(), 1, "{audit}");
    assert_eq!(assigned[0]["actor"], "system");
    assert_eq!(assigned[0]["reason"], "trigger burst to burst; round robin, team BURST");
}

#[tokio::test]
async fn offline_agents_are_skipped_capacity_holds_and_the_queue_drains_oldest_first() {
    let app = TestApp::spawn().await;
    let admin = app.login("admin@acme.test").await;
    let cara = app.login("customer1@acme.test").await;
    // The seed's tickets are routed first (to agent1 and agent2, under the seed's
    // settings): a drain still running when the manager comes online would give them one.
    eventually("the seed's tickets to be routed", WAIT, || async {
        let all = json(app.get("/api/v1/tickets?limit=50", &admin).await, 200).await;
        let items = all["items"].as_array().cloned().unwrap_or_default();
        Ok(items.iter().all(|t| t["assignee_id"].is_string()).then_some(()))
    })
    .await
    .unwrap();
    // Members with no seeded tickets, so their load is what this test gives them: the
    // manager is online, the admin offline.
    team_by_word(&app, &admin, "cap", &["acme-admin", "acme-manager"], "capped").await;
    put_routing(
        &app,
        &admin,
        json!({"default": {"mode": "manual"}, "teams": {"cap": {"mode": "round_robin", "capacity": 1}}}),
    )
    .await;
    status(&app, "manager@acme.test", "online").await;

    let first = open(&app, &cara, "capped 1").await;
    let t = ticket_when(&app, &admin, &first, "the first to be routed", |t| {
        t["assignee_id"].is_string()
    })
    .await;
    assert_eq!(t["assignee_id"], "acme-manager", "the admin is offline");
    // The manager is at capacity: the next two wait in the team's queue, oldest first.
    let second = open(&app, &cara, "capped 2").await;
    ticket_when(&app, &admin, &second, "the trigger", |t| t["team_id"] == "cap").await;
    let third = open(&app, &cara, "capped 3").await;
    ticket_when(&app, &admin, &third, "the trigger", |t| t["team_id"] == "cap").await;
    let queue = json(app.get("/api/v1/routing/queue", &admin).await, 200).await;
    let cap = queue["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["team_id"] == "cap")
        .unwrap();
    let waiting: Vec<&str> = cap["tickets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["ticket_id"].as_str().unwrap())
        .collect();
    assert_eq!(waiting, [second.as_str(), third.as_str()]);
    assert!(ticket(&app, &admin, &second).await["assignee_id"].is_null());

    // The admin comes online: the oldest waiting ticket is theirs.
    status(&app, "admin@acme.test", "online").await;
    let t = ticket_when(&app, &admin, &second, "the oldest to go first", |t| {
        t["assignee_id"].is_string()
    })
    .await;
    assert_eq!(t["assignee_id"], "acme-admin");
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        ticket(&app, &admin, &third).await["assignee_id"].is_null(),
        "both are full"
    );

    // The manager resolves theirs: capacity frees and the last one goes to them.
    let manager = app.login("manager@acme.test").await;
    let resp = app
        .request(
            Method::PUT,
            &format!("/api/v1/tickets/{first}/status"),
            Some(&manager),
            Some(&json!({"status": "resolved"})),
        )
        .await;
    assert_eq!(resp.status(), 200);
    let t = ticket_when(&app, &admin, &third, "the queue to drain", |t| {
        t["assignee_id"].is_string()
    })
    .await;
    assert_eq!(t["assignee_id"], "acme-manager");
}

#[tokio::test]
async fn triggers_run_in_order_and_duplicate_or_concurrent_deliveries_act_once() {
    // No event sources: the test delivers the event itself, twice at once, then again.
    let app = TestApp::spawn_with(false).await;
    let admin = app.login("admin@acme.test").await;
    let cara = app.login("customer1@acme.test").await;
    // Triggers only: the seed's round robin would also assign (after the seed's tickets).
    put_routing(&app, &admin, json!({"default": {"mode": "manual"}})).await;
    for (name, conditions, actions) in [
        (
            "tag orders",
            json!({"all": [{"field": "subject", "op": "contains", "value": "order"}]}),
            json!([{"type": "add_tag", "value": "vip"}, {"type": "add_note", "value": "Tagged by a trigger"}]),
        ),
        (
            "vip is urgent",
            json!({"all": [{"field": "tags", "op": "contains", "value": "vip"}]}),
            json!([{"type": "set_priority", "value": "urgent"}]),
        ),
    ] {
        json(
            app.post(
                "/api/v1/triggers",
                &admin,
                &json!({"name": name, "conditions": conditions, "actions": actions}),
            )
            .await,
            201,
        )
        .await;
    }
    let id = open(&app, &cara, "Where is my order?").await;
    let org = OrgId::parse("10001").unwrap();
    let ticket_id = TicketId::parse(&id).unwrap();
    let out = app
        .table()
        .client()
        .query()
        .table_name(app.table().name())
        .key_condition_expression("PK = :pk AND begins_with(SK, :event)")
        .expression_attribute_values(":pk", AttributeValue::S(keys::ticket_pk(&org, ticket_id)))
        .expression_attribute_values(":event", AttributeValue::S(keys::EVENT_PREFIX.into()))
        .send()
        .await
        .unwrap();
    let event: Event = serde_json::from_str(out.items()[0]["detail"].as_s().unwrap()).unwrap();
    let envelope = json!({"version": "0", "id": "x", "detail-type": "TicketCreated", "source": "helpdesk",
        "account": "123456789012", "time": "2026-01-01T00:00:00Z", "region": "us-east-1", "resources": [],
        "detail": serde_json::to_value(&event).unwrap()})
    .to_string();
    let batch = || {
        let mut b = SqsEvent::default();
        b.records = vec![sqs_message("m1", envelope.clone()), sqs_message("m2", envelope.clone())];
        b
    };
    let table = app.table();
    let (a, b) = tokio::join!(
        helpdesk_functions::consumers::router(table, batch()),
        helpdesk_functions::consumers::router(table, batch())
    );
    assert!(a.unwrap().batch_item_failures.is_empty());
    assert!(b.unwrap().batch_item_failures.is_empty());
    let again = helpdesk_functions::consumers::router(table, batch()).await.unwrap();
    assert!(again.batch_item_failures.is_empty());

    let full = ticket(&app, &admin, &id).await;
    // The second trigger saw the first one's tag; five deliveries made one write.
    assert_eq!(full["priority"], "urgent");
    assert_eq!(full["tags"], json!(["vip"]));
    assert_eq!(full["version"], 2, "{full}");
    let notes: Vec<&Value> = full["thread"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["internal"] == true)
        .collect();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0]["body"], "Tagged by a trigger");
    // The customer never sees the note.
    let hers = ticket(&app, &cara, &id).await;
    assert!(!hers.to_string().contains("Tagged by a trigger"));
}

#[tokio::test]
async fn rules_are_checked_on_save_and_a_dry_run_writes_nothing() {
    let app = TestApp::spawn_with(false).await;
    let admin = app.login("admin@acme.test").await;
    // A shape the schema refuses: 400. A rule only the checks refuse: 422, by field.
    let resp = app
        .post(
            "/api/v1/triggers",
            &admin,
            &json!({"name": "x", "conditions": {"all": [{"field": "mood", "op": "is"}]}, "actions": []}),
        )
        .await;
    assert_eq!(resp.status(), 400);
    let problem = json(
        app.post(
            "/api/v1/triggers",
            &admin,
            &json!({"name": "x", "conditions": {"all": [{"field": "priority", "op": "contains", "value": "x"}]},
                "actions": [{"type": "set_team", "value": "nowhere"}]}),
        )
        .await,
        422,
    )
    .await;
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["conditions.all[0]"], "{problem}");
    let problem = json(
        app.post(
            "/api/v1/triggers",
            &admin,
            &json!({"name": "x", "conditions": {"all": []}, "actions": [{"type": "set_team", "value": "nowhere"}]}),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(problem["errors"][0]["field"], "actions[0].value", "{problem}");

    // The seed's ticket about an invoice matches; nothing is written.
    let before = json(app.get("/api/v1/tickets?limit=50", &admin).await, 200).await;
    let run = json(
        app.post(
            "/api/v1/triggers/dry-run",
            &admin,
            &json!({"conditions": {"all": [{"field": "subject", "op": "contains", "value": "invoice"}]},
                "actions": [{"type": "set_priority", "value": "urgent"}, {"type": "add_tag", "value": "money"}]}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(run["checked"], before["items"].as_array().unwrap().len());
    assert_eq!(run["matches"].as_array().unwrap().len(), 1, "{run}");
    let m = &run["matches"][0];
    assert_eq!(m["number"], "TKT-000002");
    assert_eq!(
        m["changes"][0],
        json!({"field": "priority", "from": "normal", "to": "urgent"})
    );
    let after = json(app.get("/api/v1/tickets?limit=50", &admin).await, 200).await;
    assert_eq!(before, after, "a dry run writes nothing");
}

#[tokio::test]
async fn an_automation_closes_a_resolved_ticket_after_its_hours_once() {
    let app = TestApp::spawn_with(false).await;
    let admin = app.login("admin@acme.test").await;
    let agent = app.login("agent1@acme.test").await;
    let cara = app.login("customer1@acme.test").await;
    // An automation its actions cannot make false would act every hour: refused.
    let problem = json(
        app.post(
            "/api/v1/automations",
            &admin,
            &json!({"name": "nag", "conditions": {"all": [{"field": "status", "op": "is", "value": "pending"}]},
                "actions": [{"type": "add_note", "value": "still pending"}]}),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(problem["errors"][0]["field"], "conditions.all", "{problem}");
    json(
        app.post(
            "/api/v1/automations",
            &admin,
            &json!({"name": "close resolved", "conditions": {"all": [
                    {"field": "status", "op": "is", "value": "resolved"},
                    {"field": "hours_since_updated", "op": "gt", "value": 96}]},
                "actions": [{"type": "set_status", "value": "closed"}]}),
        )
        .await,
        201,
    )
    .await;
    let id = open(&app, &cara, "Thanks, solved").await;
    let resp = app
        .request(
            Method::PUT,
            &format!("/api/v1/tickets/{id}/status"),
            Some(&agent),
            Some(&json!({"status": "resolved"})),
        )
        .await;
    assert_eq!(resp.status(), 200);
    let tick = |hours: i64| {
        let at = time::OffsetDateTime::now_utc() + time::Duration::hours(hours);
        json!({"version": "0", "id": "t", "detail-type": "Scheduled Event", "source": "aws.events", "account": "1",
            "time": at.format(&time::format_description::well_known::Rfc3339).unwrap(), "region": "us-east-1",
            "resources": [], "detail": {}})
    };
    let early = helpdesk_functions::consumers::automations(app.table(), tick(95))
        .await
        .unwrap();
    assert_eq!(early["changed"], 0, "{early}");
    assert_eq!(ticket(&app, &admin, &id).await["status"], "resolved");
    // The clock moves past 96 hours: closed, by the system, with the reason.
    let due = helpdesk_functions::consumers::automations(app.table(), tick(97))
        .await
        .unwrap();
    assert_eq!(due["changed"], 1, "{due}");
    let closed = ticket(&app, &admin, &id).await;
    assert_eq!(closed["status"], "closed");
    let audit = json(app.get(&format!("/api/v1/tickets/{id}/audit"), &admin).await, 200).await;
    let last = audit["items"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["actor"], "system");
    assert_eq!(last["reason"], "automation close resolved");
    // Never again: closed tickets are not candidates.
    let again = helpdesk_functions::consumers::automations(app.table(), tick(200))
        .await
        .unwrap();
    assert_eq!(again["changed"], 0, "{again}");
    assert_eq!(ticket(&app, &admin, &id).await["version"], closed["version"]);
}

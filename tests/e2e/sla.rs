//! SLA settings through the API and clocks kept on tickets by the sla-checker.

#[allow(unused_imports)]
use helpdesk_store::prelude::*;
use std::time::Duration;

use helpdesk_tests::{TestApp, eventually, json};
use reqwest::Method;
use serde_json::{Value, json};

async fn put(app: &TestApp, path: &str, token: &str, body: Value) -> reqwest::Response {
    app.request(Method::PUT, path, Some(token), Some(&body)).await
}

#[tokio::test]
async fn admins_set_policies_and_hours_and_bad_ones_are_refused() {
    let app = TestApp::spawn_with(false).await;
    let admin = app.login("admin@acme.test").await;
    let agent = app.login("agent1@acme.test").await;
    let defaults = json(app.get("/api/v1/business-hours", &agent).await, 200).await;
    assert_eq!(defaults["time_zone"], "UTC");
    assert_eq!(
        json(app.get("/api/v1/sla-policies", &agent).await, 200).await["policies"],
        json!([])
    );

    let hours = json!({"time_zone": "America/New_York", "week": {"monday": [{"start": "08:00", "end": "12:00"}, {"start": "13:00", "end": "17:00"}], "friday": [{"start": "22:00", "end": "06:00"}]}, "holidays": ["2026-12-25"]});
    assert_eq!(
        json(put(&app, "/api/v1/business-hours", &admin, hours.clone()).await, 200).await,
        hours
    );
    assert_eq!(json(app.get("/api/v1/business-hours", &agent).await, 200).await, hours);

    let bad = json(
        put(
            &app,
            "/api/v1/business-hours",
            &admin,
            json!({"time_zone": "Nowhere/City", "week": {"monday": [{"start": "9am", "end": "17:00"}]}}),
        )
        .await,
        400,
    )
    .await;
    let fields: Vec<&str> = bad["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    // The shape first (400: a time that is not HH:MM); a zone that does not exist is 422.
    assert_eq!(fields, ["week.monday[0]"]);
    let nowhere = json!({"time_zone": "Nowhere/City", "week": {"monday": [{"start": "09:00", "end": "17:00"}]}});
    let bad = json(put(&app, "/api/v1/business-hours", &admin, nowhere).await, 422).await;
    assert_eq!(bad["errors"][0]["field"], "time_zone");
    let zero = json!({"policies": [{"priority": "high", "resolution_minutes": 60}, {"priority": "low", "resolution_minutes": 0}]});
    let bad = json(put(&app, "/api/v1/sla-policies", &admin, zero).await, 400).await;
    assert_eq!(bad["errors"][0]["field"], "policies[1].resolution_minutes");
    let dup = json!({"policies": [{"priority": "high", "resolution_minutes": 60}, {"priority": "high", "resolution_minutes": 30}]});
    let bad = json(put(&app, "/api/v1/sla-policies", &admin, dup).await, 422).await;
    assert_eq!(bad["errors"][0]["field"], "policies[1].priority");
    json(
        put(&app, "/api/v1/sla-policies", &agent, json!({"policies": []})).await,
        403,
    )
    .await;
}

#[tokio::test]
async fn tickets_get_sla_clocks_that_pause_and_a_breaching_view() {
    let app = TestApp::spawn().await;
    let admin = app.login("admin@acme.test").await;
    let agent = app.login("agent1@acme.test").await;
    let policies = json!({"policies": [
        {"priority": "urgent", "first_response_minutes": 30, "resolution_minutes": 240, "business_hours": false},
        {"priority": "low", "first_response_minutes": 1440, "resolution_minutes": 10080, "business_hours": false},
    ]});
    json(put(&app, "/api/v1/sla-policies", &admin, policies).await, 200).await;

    let urgent = json(app.post("/api/v1/tickets", &agent, &json!({"subject": "down", "description": "all down", "priority": "urgent", "customer_email": "u@example.com"})).await, 201).await;
    let low = json(
        app.post(
            "/api/v1/tickets",
            &agent,
            &json!({"subject": "idea", "description": "later", "priority": "low", "customer_email": "u@example.com"}),
        )
        .await,
        201,
    )
    .await;
    let path = format!("/api/v1/tickets/{}", urgent["id"].as_str().unwrap());

    let sla = eventually("the urgent ticket's clocks", Duration::from_secs(30), || async {
        let t = json(app.get(&path, &agent).await, 200).await;
        Ok((!t["sla"].is_null()).then_some(t["sla"].clone()))
    })
    .await
    .unwrap();
    let created = time::OffsetDateTime::parse(
        urgent["created_at"].as_str().unwrap(),
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    let due = time::OffsetDateTime::parse(
        sla["first_response"]["due_at"].as_str().unwrap(),
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    assert_eq!((due - created).whole_minutes(), 30);
    assert_eq!(sla["resolution"]["paused"], false);

    // Customers never see SLA clocks.
    let cara = app.login("customer1@acme.test").await;
    let mine = json(
        app.post("/api/v1/tickets", &cara, &json!({"subject": "s", "description": "d"}))
            .await,
        201,
    )
    .await;
    assert!(
        json(
            app.get(&format!("/api/v1/tickets/{}", mine["id"].as_str().unwrap()), &cara)
                .await,
            200
        )
        .await
        .get("sla")
        .is_none()
    );

    // The breaching view lists open clocks soonest first: urgent before low.
    let view = eventually("both tickets in the SLA view", Duration::from_secs(30), || async {
        let v = json(app.get("/api/v1/tickets?view=breaching", &agent).await, 200).await;
        let ids: Vec<Value> = v["items"].as_array().unwrap().iter().map(|t| t["id"].clone()).collect();
        Ok((ids.contains(&urgent["id"]) && ids.contains(&low["id"])).then_some(ids))
    })
    .await
    .unwrap();
    let pos = |id: &Value| view.iter().position(|x| x == id).unwrap();
    assert!(pos(&urgent["id"]) < pos(&low["id"]));

    // Pending pauses the resolution clock.
    let r = app
        .http
        .put(app.url(&format!("{path}/status")))
        .bearer_auth(&agent)
        .json(&json!({"status": "pending"}))
        .send()
        .await
        .unwrap();
    json(r, 200).await;
    eventually("the resolution clock to pause", Duration::from_secs(30), || async {
        let t = json(app.get(&path, &agent).await, 200).await;
        Ok((t["sla"]["resolution"]["paused"] == true).then_some(()))
    })
    .await
    .unwrap();
}

#[tokio::test]
async fn the_schedule_emits_each_breach_and_warning_once_and_reports_count_them() {
    let app = TestApp::spawn().await;
    let admin = app.login("admin@acme.test").await;
    let agent = app.login("agent1@acme.test").await;
    // Nothing routes here: an assignment racing the first plan would re-plan the clocks
    // under the tick (routing has its own tests).
    json(
        put(&app, "/api/v1/routing", &admin, json!({"default": {"mode": "manual"}})).await,
        200,
    )
    .await;
    // Urgent: no seeded Acme ticket has it, so this ticket is the only one on the clock.
    json(
        app.post(
            "/api/v1/teams",
            &admin,
            &json!({"id": "escalations", "name": "Escalations"}),
        )
        .await,
        201,
    )
    .await;
    let policies = json!({"policies": [{"priority": "urgent", "first_response_minutes": 30, "resolution_minutes": 240, "business_hours": false,
        "escalation": {"raise_priority": true, "assign_team": "escalations"}}]});
    json(put(&app, "/api/v1/sla-policies", &admin, policies).await, 200).await;
    let t = json(
        app.post(
            "/api/v1/tickets",
            &agent,
            &json!({"subject": "slow", "description": "d", "priority": "urgent", "customer_email": "s@example.com"}),
        )
        .await,
        201,
    )
    .await;
    let path = format!("/api/v1/tickets/{}", t["id"].as_str().unwrap());
    eventually("clocks planned", Duration::from_secs(30), || async {
        Ok((!json(app.get(&path, &agent).await, 200).await["sla"].is_null()).then_some(()))
    })
    .await
    .unwrap();

    // A tick three and a half hours later: first response breached, resolution warned.
    let later = time::OffsetDateTime::now_utc() + time::Duration::minutes(210);
    let tick = json!({"version": "0", "id": "t", "detail-type": "Scheduled Event", "source": "aws.events", "account": "1",
        "time": later.format(&time::format_description::well_known::Rfc3339).unwrap(), "region": "us-east-1", "resources": [], "detail": {}});
    let first = helpdesk_functions::consumers::sla_checker(app.table(), tick.clone())
        .await
        .unwrap();
    assert_eq!(first["emitted"], 2);
    let again = helpdesk_functions::consumers::sla_checker(app.table(), tick)
        .await
        .unwrap();
    assert_eq!(again["emitted"], 0, "each crossing is announced once");

    // The breach escalated the ticket to the escalations team, as the system.
    let escalated = json(app.get(&path, &agent).await, 200).await;
    assert_eq!(escalated["team_id"], "escalations");
    let audit = json(app.get(&format!("{path}/audit"), &admin).await, 200).await;
    let last = audit["items"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (last["actor"].as_str(), last["action"].as_str()),
        (Some("system"), Some("assign"))
    );

    // The breach travels the bus; the reports count it once, by clock and for the org.
    let manager = app.login("manager@acme.test").await;
    // It counts on the day of the tick, which is tomorrow when the test runs after 20:30 UTC.
    let day = helpdesk_domain::hours::local_day(later, None);
    let report = eventually("one breach counted", Duration::from_secs(30), || async {
        let r = json(
            app.get(&format!("/api/v1/reports/sla?from={day}&to={day}"), &manager)
                .await,
            200,
        )
        .await;
        Ok((r["days"][0]["first_response_breached"] == 1).then_some(r))
    })
    .await
    .unwrap();
    assert_eq!(report["days"][0]["resolution_breached"], 0, "a warning is not a breach");
    let overview = json(
        app.get(&format!("/api/v1/reports/overview?from={day}&to={day}"), &manager)
            .await,
        200,
    )
    .await;
    assert_eq!(overview["totals"]["sla_breached"], 1);

    // Managers and admins get the breach by mail too (the ticket has no assignee), once each.
    let number = t["number"].as_str().unwrap().to_owned();
    let subject = format!("[{number}] SLA breached: first response");
    let breaches = eventually("the breach mail", Duration::from_secs(30), || async {
        let mut to: Vec<_> = crate::mail::sent_messages()
            .await
            .into_iter()
            .filter(|m| m.subject == subject)
            .collect();
        to.sort_by(|a, b| a.to.cmp(&b.to));
        Ok((to.len() >= 2).then_some(to))
    })
    .await
    .unwrap();
    let to: Vec<&str> = breaches.iter().map(|m| m.to.as_str()).collect();
    assert_eq!(to, ["admin@acme.test", "manager@acme.test"]);
    assert!(
        breaches[1].text.contains("Assignee: unassigned"),
        "{}",
        breaches[1].text
    );
}

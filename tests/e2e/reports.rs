//! Reports and view counts: a worked ticket's events travel the bus to the aggregator,
//! and the report endpoints and the inbox counts answer from its rows.

use std::time::Duration;

use helpdesk_tests::{TestApp, eventually, json};
use reqwest::Method;
use serde_json::{Value, json};

const WAIT: Duration = Duration::from_secs(30);
const UNSOLVED: [&str; 4] = ["new", "open", "pending", "on_hold"];

async fn put(app: &TestApp, path: &str, token: &str, body: Value) -> Value {
    json(app.request(Method::PUT, path, Some(token), Some(&body)).await, 200).await
}

fn today() -> String {
    helpdesk_domain::hours::local_day(time::OffsetDateTime::now_utc(), None)
}

/// The org's tickets as the list API sees them (the demo org has a handful).
async fn statuses(app: &TestApp, token: &str) -> Vec<String> {
    let page = json(app.get("/api/v1/tickets?limit=100", token).await, 200).await;
    assert!(page["next_cursor"].is_null(), "one page holds the org's tickets");
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["status"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_worked_ticket_shows_in_the_overview_sla_and_agent_reports_and_the_view_counts() {
    let app = TestApp::spawn().await;
    let admin = app.login("admin@acme.test").await;
    let manager = app.login("manager@acme.test").await;
    let agent = app.login("agent1@acme.test").await;
    // The agent takes the ticket by hand: nothing routes it first.
    put(&app, "/api/v1/routing", &admin, json!({"default": {"mode": "manual"}})).await;
    // Calendar clocks that the test meets (a missed clock is the domain's unit tests' job).
    let policies = json!({"policies": [{"priority": "urgent", "first_response_minutes": 60, "resolution_minutes": 600,
        "business_hours": false}]});
    put(&app, "/api/v1/sla-policies", &admin, policies).await;
    let t = json(
        app.post(
            "/api/v1/tickets",
            &agent,
            &json!({"subject": "Report me", "description": "d", "priority": "urgent", "customer_email": "r@example.com"}),
        )
        .await,
        201,
    )
    .await;
    let path = format!("/api/v1/tickets/{}", t["id"].as_str().unwrap());
    eventually("clocks planned", WAIT, || async {
        Ok((!json(app.get(&path, &agent).await, 200).await["sla"].is_null()).then_some(()))
    })
    .await
    .unwrap();
    put(
        &app,
        &format!("{path}/assign"),
        &agent,
        json!({"assignee_id": "acme-agent1"}),
    )
    .await;
    json(
        app.post(&format!("{path}/interactions"), &agent, &json!({"body": "On it"}))
            .await,
        201,
    )
    .await;
    put(&app, &format!("{path}/status"), &agent, json!({"status": "resolved"})).await;
    put(&app, &format!("{path}/status"), &agent, json!({"status": "open"})).await;
    put(&app, &format!("{path}/status"), &agent, json!({"status": "resolved"})).await;

    let d = today();
    let overview = eventually("solved twice, reopened once", WAIT, || async {
        let o = json(
            app.get(&format!("/api/v1/reports/overview?from={d}&to={d}"), &manager)
                .await,
            200,
        )
        .await;
        let t = &o["totals"];
        Ok((t["tickets_resolved"] == 2 && t["tickets_reopened"] == 1).then_some(o))
    })
    .await
    .unwrap();
    let totals = &overview["totals"];
    assert_eq!(totals["replies_sent"], 1);
    assert_eq!(overview["time_zone"], "UTC");
    assert_eq!(overview["first_response_minutes"]["count"], 1, "one first response");
    assert_eq!(
        overview["first_response_minutes"]["median"], 1,
        "answered within the first minute"
    );
    assert_eq!(overview["resolution_minutes"]["count"], 2, "each solve is a sample");

    // The backlog and the view counts agree with the tickets themselves.
    let tickets = statuses(&app, &agent).await;
    let unsolved = tickets.iter().filter(|s| UNSOLVED.contains(&s.as_str())).count();
    assert_eq!(totals["backlog"], unsolved);
    assert_eq!(overview["days"][0]["backlog"], unsolved);
    let counts = json(app.get("/api/v1/ticket-counts", &agent).await, 200).await;
    assert_eq!(counts["all"], tickets.len());
    assert_eq!(
        counts["open"],
        tickets.iter().filter(|s| *s == "new" || *s == "open").count()
    );
    assert_eq!(counts["resolved"], tickets.iter().filter(|s| *s == "resolved").count());

    // SLA: the first response met its hour, and both solves their ten hours.
    let sla = json(
        app.get(&format!("/api/v1/reports/sla?from={d}&to={d}"), &manager).await,
        200,
    )
    .await;
    let urgent = &sla["priorities"][0];
    assert_eq!(urgent["priority"], "urgent");
    assert_eq!(urgent["tickets_solved"], 2);
    assert_eq!(urgent["first_response"], json!({"achieved": 1, "breached": 0}));
    assert_eq!(urgent["resolution"], json!({"achieved": 2, "breached": 0}));
    assert_eq!(sla["totals"]["achieved_percent"], 100.0);
    assert_eq!(sla["priorities"][2]["tickets_solved"], 0, "normal");

    // Agents: Alex answered and solved; every agent of the org is listed.
    let agents = json(
        app.get(&format!("/api/v1/reports/agents?from={d}&to={d}"), &manager)
            .await,
        200,
    )
    .await;
    let rows = agents["agents"].as_array().unwrap();
    let alex = rows.iter().find(|a| a["agent_id"] == "acme-agent1").unwrap();
    assert_eq!(alex["name"], "Alex Agent");
    assert_eq!(alex["replies_sent"], 1);
    assert_eq!(alex["tickets_resolved"], 2);
    assert_eq!(alex["first_response_minutes"]["count"], 1);
    let sam = rows.iter().find(|a| a["agent_id"] == "acme-agent2").unwrap();
    assert_eq!(sam["tickets_resolved"], 0);
    assert!(sam["first_response_minutes"]["median"].is_null());

    // Another org's reports do not see any of it.
    let globex = app.login("admin@globex.test").await;
    let theirs = json(
        app.get(&format!("/api/v1/reports/overview?from={d}&to={d}"), &globex)
            .await,
        200,
    )
    .await;
    assert_eq!(theirs["totals"]["tickets_resolved"], 0);
    assert_eq!(theirs["totals"]["replies_sent"], 0);
    // Nor its inbox counts: Globex holds its one seeded ticket.
    let their_counts = json(app.get("/api/v1/ticket-counts", &globex).await, 200).await;
    assert_eq!(their_counts["all"], 1);
}

#[tokio::test]
async fn report_ranges_are_checked() {
    let app = TestApp::spawn_with(false).await;
    let manager = app.login("manager@acme.test").await;
    // A date that is not one is 400; dates that are, but make no range, are 422.
    for (query, field, status) in [
        ("from=2026-01-01&to=2026-12-31", "to", 422),
        ("from=2026-11-02&to=2026-11-01", "to", 422),
        ("from=2026-02-30&to=2026-03-01", "from", 422),
        ("from=yesterday&to=2026-11-01", "from", 400),
        ("to=2026-11-01", "from", 400),
    ] {
        for report in ["overview", "sla", "agents"] {
            let resp = app.get(&format!("/api/v1/reports/{report}?{query}"), &manager).await;
            assert_eq!(
                resp.headers()["content-type"],
                "application/problem+json",
                "{report}?{query}"
            );
            let problem = json(resp, status).await;
            assert_eq!(problem["errors"][0]["field"], field, "{report}?{query}: {problem}");
        }
    }
}

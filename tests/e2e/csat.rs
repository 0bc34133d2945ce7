//! Satisfaction surveys end to end: the resolved mail's one-click links (signed, from
//! real MIME through moto's SES), one rating per resolution, a second survey after a
//! reopen, forged, foreign and expired tokens refused, "resolve without survey", the
//! customer's score and the report.

use std::time::Duration;

use helpdesk_tests::{TestApp, eventually, json};
use reqwest::Method;
use serde_json::{Value, json};

use crate::mail::sent_messages;

/// The survey tokens in the resolved mails about ticket `id`. By the id the token
/// names (`<org>.<ticket>.<cycle>.<sig>`), not the number: other tests' stacks share
/// moto's outbox and number their tickets alike.
async fn survey_tokens(id: &str) -> Vec<String> {
    sent_messages()
        .await
        .into_iter()
        .filter(|m| m.subject.contains("Resolved"))
        .filter_map(|m| {
            let at = m.text.find("/csat/")? + "/csat/".len();
            let rest = &m.text[at..];
            Some(rest[..rest.find("?rating=good")?].to_owned())
        })
        .filter(|t| t.split('.').nth(1) == Some(id))
        .collect()
}

async fn resolve(app: &TestApp, agent: &str, id: &str, survey: bool) {
    json(
        app.request(
            Method::PUT,
            &format!("/api/v1/tickets/{id}/status"),
            Some(agent),
            Some(&json!({"status": "resolved", "survey": survey})),
        )
        .await,
        200,
    )
    .await;
}

async fn public(app: &TestApp, method: Method, path: &str, body: Option<&Value>) -> reqwest::Response {
    app.request(method, path, None, body).await
}

#[tokio::test]
async fn the_resolved_mail_links_rate_once_per_resolution_and_a_reopen_asks_again() {
    let app = TestApp::spawn().await;
    let (agent, cara, manager) = (
        app.login("agent1@acme.test").await,
        app.login("customer1@acme.test").await,
        app.login("manager@acme.test").await,
    );
    let tag = ulid::Ulid::new().to_string();
    let t = json(
        app.post(
            "/api/v1/tickets",
            &cara,
            &json!({"subject": format!("Rate me {tag}"), "description": "d"}),
        )
        .await,
        201,
    )
    .await;
    let (id, number) = (
        t["id"].as_str().unwrap().to_owned(),
        t["number"].as_str().unwrap().to_owned(),
    );
    resolve(&app, &agent, &id, true).await;
    let token = eventually("the resolved mail", Duration::from_secs(30), || async {
        Ok(survey_tokens(&id).await.into_iter().next())
    })
    .await
    .unwrap();
    let mail = sent_messages()
        .await
        .into_iter()
        .find(|m| m.text.contains(&token))
        .unwrap();
    assert_eq!(mail.auto_submitted.as_deref(), Some("auto-generated"));
    assert!(mail.text.contains("?rating=okay") && mail.text.contains("?rating=bad"));

    // One click, no sign-in; then a change of mind with a comment: the latest counts.
    let first = json(
        public(&app, Method::GET, &format!("/api/v1/csat/{token}?rating=bad"), None).await,
        200,
    )
    .await;
    assert_eq!(
        (first["rating"].as_str(), first["open"].as_bool()),
        (Some("bad"), Some(true))
    );
    assert_eq!(first["ticket_number"], number.as_str());
    let second = json(
        public(
            &app,
            Method::POST,
            &format!("/api/v1/csat/{token}"),
            Some(&json!({"rating": "good", "comment": format!("Quick fix {tag}"), "reason": "other"})),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(second["rating"], "good");
    let portal = json(app.get(&format!("/api/v1/tickets/{id}/satisfaction"), &cara).await, 200).await;
    assert_eq!(portal["rating"], "good");

    // The customer's score counts the resolution once, as its latest rating.
    let me: Value = app
        .request(
            Method::POST,
            "/local/login",
            None,
            Some(&json!({"email": "customer1@acme.test"})),
        )
        .await
        .json()
        .await
        .unwrap();
    let cid = me["user"]["id"].as_str().unwrap();
    let profile = json(app.get(&format!("/api/v1/customers/{cid}"), &agent).await, 200).await;
    let s = &profile["satisfaction"];
    assert!(s["good"].as_u64().unwrap() >= 1, "{s}");
    assert_eq!(s["bad"].as_u64(), Some(0), "the bad rating was replaced: {s}");

    // The report counts it (through the aggregator) with its comment.
    let today = time::OffsetDateTime::now_utc().date().to_string();
    eventually("the rating in the report", Duration::from_secs(30), || async {
        let r = json(
            app.get(&format!("/api/v1/reports/csat?from={today}&to={today}"), &manager)
                .await,
            200,
        )
        .await;
        let commented = r["comments"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["comment"] == format!("Quick fix {tag}").as_str() && c["rating"] == "good");
        Ok((commented && r["total"]["good"].as_u64() >= Some(1)).then_some(()))
    })
    .await
    .unwrap();

    // Reopened by the customer and resolved again: a second survey with its own link.
    json(
        app.post(
            &format!("/api/v1/tickets/{id}/interactions"),
            &cara,
            &json!({"body": "still broken"}),
        )
        .await,
        201,
    )
    .await;
    resolve(&app, &agent, &id, true).await;
    let again = eventually("a second survey", Duration::from_secs(30), || async {
        Ok(survey_tokens(&id).await.into_iter().find(|t| *t != token))
    })
    .await
    .unwrap();
    let fresh = json(
        public(&app, Method::GET, &format!("/api/v1/csat/{again}"), None).await,
        200,
    )
    .await;
    assert_eq!(fresh["rating"], Value::Null, "a new resolution starts unrated");
}

#[tokio::test]
async fn forged_foreign_and_expired_links_record_nothing_and_no_survey_means_no_links() {
    let app = TestApp::spawn().await;
    let (agent, cara) = (
        app.login("agent1@acme.test").await,
        app.login("customer1@acme.test").await,
    );
    let tag = ulid::Ulid::new().to_string();
    let t = json(
        app.post(
            "/api/v1/tickets",
            &cara,
            &json!({"subject": format!("No survey {tag}"), "description": "d"}),
        )
        .await,
        201,
    )
    .await;
    let id = t["id"].as_str().unwrap().to_owned();
    resolve(&app, &agent, &id, false).await;
    let mail = eventually("the resolved mail", Duration::from_secs(30), || async {
        Ok(sent_messages()
            .await
            .into_iter()
            // By the subject's tag: other stacks' tickets have the same numbers.
            .find(|m| m.subject.contains(&tag) && m.subject.contains("Resolved")))
    })
    .await
    .unwrap();
    assert!(!mail.text.contains("/csat/"), "resolved without survey: {}", mail.text);

    let signer = helpdesk_mail::Signer::new(local_gateway::LOCAL_MAIL_KEY.as_bytes().to_vec(), "x");
    let (org, ticket) = (
        helpdesk_domain::OrgId::parse("10001").unwrap(),
        helpdesk_domain::TicketId::parse(&id).unwrap(),
    );
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    // Forged: the right shape, a wrong signature.
    let good = signer.csat_token(&org, ticket, now);
    let forged = format!(
        "{}{}",
        &good[..good.len() - 1],
        if good.ends_with('0') { '1' } else { '0' }
    );
    let r = public(&app, Method::GET, &format!("/api/v1/csat/{forged}?rating=good"), None).await;
    assert_eq!(r.status().as_u16(), 404);
    // Another org's token naming this ticket: that org has no such ticket.
    let foreign = signer.csat_token(&helpdesk_domain::OrgId::parse("10002").unwrap(), ticket, now);
    let r = public(&app, Method::GET, &format!("/api/v1/csat/{foreign}?rating=bad"), None).await;
    assert_eq!(r.status().as_u16(), 404);
    // Expired: 29 days after its resolution.
    let old = signer.csat_token(&org, ticket, now - 29 * 86_400);
    let r = public(&app, Method::GET, &format!("/api/v1/csat/{old}?rating=good"), None).await;
    assert_eq!(r.status().as_u16(), 410);
    assert_eq!(
        r.headers().get("content-type").unwrap().to_str().unwrap(),
        "application/problem+json"
    );
    // Nothing was recorded for the ticket.
    let portal = json(app.get(&format!("/api/v1/tickets/{id}/satisfaction"), &cara).await, 200).await;
    assert_eq!(portal["rating"], Value::Null);
}

#[tokio::test]
async fn the_demo_seed_has_rated_resolutions_shared_canned_responses_and_macros() {
    let app = TestApp::spawn_demo().await;
    let (manager, agent) = (
        app.login("manager@acme.test").await,
        app.login("agent1@acme.test").await,
    );
    let today = time::OffsetDateTime::now_utc().date().to_string();
    let report = eventually("the seeded ratings in the report", Duration::from_secs(30), || async {
        let r = json(
            app.get(&format!("/api/v1/reports/csat?from={today}&to={today}"), &manager)
                .await,
            200,
        )
        .await;
        Ok((r["total"]["count"].as_u64() >= Some(3)).then_some(r))
    })
    .await
    .unwrap();
    assert_eq!(
        (
            report["total"]["good"].as_u64(),
            report["total"]["okay"].as_u64(),
            report["total"]["bad"].as_u64()
        ),
        (Some(1), Some(1), Some(1)),
        "{report}"
    );
    assert_eq!(report["comments"].as_array().unwrap().len(), 3);
    // Agents see the org's, their team's (Billing) and their own canned responses; not
    // another agent's personal one.
    let titles = |token: String| {
        let app = &app;
        async move {
            let canned = json(app.get("/api/v1/canned-responses", &token).await, 200).await;
            canned["items"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|c| c["title"].as_str().map(str::to_owned))
                .collect::<Vec<_>>()
        }
    };
    let mine = titles(agent.clone()).await;
    for t in ["Order status", "Refund approved", "My sign-off"] {
        assert!(mine.iter().any(|m| m == t), "{t} in {mine:?}");
    }
    let theirs = titles(app.login("agent2@acme.test").await).await;
    assert!(!theirs.iter().any(|m| m == "My sign-off"), "{theirs:?}");
    let macros = json(app.get("/api/v1/macros", &agent).await, 200).await;
    assert_eq!(macros["items"].as_array().unwrap().len(), 3);
}

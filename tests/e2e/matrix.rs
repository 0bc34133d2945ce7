//! Every route × every role, and a token of another org on every id: who gets what.
//! The matrix must name every route of template.yaml, so a new route cannot ship
//! without its row.

use std::collections::BTreeSet;

use helpdesk_tests::local_gateway::template::Template;
use helpdesk_tests::{TestApp, root};
use reqwest::Method;
use serde_json::{Value, json};

/// Callers, in column order: Acme admin, manager, agent, the ticket's customer, another
/// Acme customer, and Globex's admin (another tenant).
const CALLERS: [&str; 6] = [
    "admin@acme.test",
    "manager@acme.test",
    "agent1@acme.test",
    "customer1@acme.test",
    "customer2@acme.test",
    "admin@globex.test",
];

struct Row {
    method: Method,
    route: &'static str,
    expect: [u16; 6],
}

fn row(method: Method, route: &'static str, expect: [u16; 6]) -> Row {
    Row { method, route, expect }
}

#[tokio::test]
async fn every_route_answers_each_role_and_tenant_as_specified() {
    let app = TestApp::spawn_with(false).await;
    let mut tokens = Vec::new();
    for c in CALLERS {
        tokens.push(app.login(c).await);
    }
    let cara = &tokens[3];
    let ticket = helpdesk_tests::json(
        app.post(
            "/api/v1/tickets",
            cara,
            &json!({"subject": "matrix", "description": "d"}),
        )
        .await,
        201,
    )
    .await;
    let ticket_id = ticket["id"].as_str().unwrap().to_owned();
    // A file on Cara's ticket, on a public reply of hers.
    let file = app
        .upload(
            cara,
            &format!("/api/v1/tickets/{ticket_id}/attachments"),
            "notes.txt",
            "text/plain",
            b"hello",
        )
        .await;
    let attachment_id = file["id"].as_str().unwrap().to_owned();
    helpdesk_tests::json(
        app.post(
            &format!("/api/v1/tickets/{ticket_id}/interactions"),
            cara,
            &json!({"body": "the notes", "attachment_ids": [attachment_id]}),
        )
        .await,
        201,
    )
    .await;
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
    let customer_id = me["user"]["id"].as_str().unwrap().to_owned();
    // The seed's team "support" is the one the rows edit.

    // A trigger that matches nothing here, for the rows that name one.
    let trigger = helpdesk_tests::json(
        app.post(
            "/api/v1/triggers",
            &tokens[0],
            &json!({"name": "matrix", "conditions": {"all": [{"field": "subject", "op": "contains", "value": "no such words"}]},
                "actions": [{"type": "add_tag", "value": "matrix"}]}),
        )
        .await,
        201,
    )
    .await;
    let trigger_id = trigger["id"].as_str().unwrap().to_owned();
    let automation = helpdesk_tests::json(
        app.post(
            "/api/v1/automations",
            &tokens[0],
            &json!({"name": "matrix", "conditions": {"all": [{"field": "tags", "op": "not_contains", "value": "matrix"}]},
                "actions": [{"type": "add_tag", "value": "matrix"}]}),
        )
        .await,
        201,
    )
    .await;
    let automation_id = automation["id"].as_str().unwrap().to_owned();

    let category = helpdesk_tests::json(
        app.post(
            "/api/v1/knowledge-base/categories",
            &tokens[0],
            &json!({"name": "Matrix"}),
        )
        .await,
        201,
    )
    .await;
    let category_id = category["id"].as_str().unwrap().to_owned();
    let article = helpdesk_tests::json(
        app.post(
            "/api/v1/knowledge-base/articles",
            &tokens[0],
            &json!({"title": "Matrix article", "body": "b", "category_id": category_id}),
        )
        .await,
        201,
    )
    .await;
    let article_id = article["id"].as_str().unwrap().to_owned();
    helpdesk_tests::json(
        app.post(
            &format!("/api/v1/knowledge-base/articles/{article_id}/publish"),
            &tokens[0],
            &json!({}),
        )
        .await,
        200,
    )
    .await;

    // An agent's personal canned response and macro: theirs only, whatever the role.
    let canned = helpdesk_tests::json(
        app.post(
            "/api/v1/canned-responses",
            &tokens[2],
            &json!({"title": "Matrix", "body": "Hi {{ customer.first_name | default('there') }}"}),
        )
        .await,
        201,
    )
    .await;
    let canned_id = canned["id"].as_str().unwrap().to_owned();
    let macro_ = helpdesk_tests::json(
        app.post(
            "/api/v1/macros",
            &tokens[2],
            &json!({"name": "Matrix", "actions": [{"type": "add_tag", "value": "matrix-macro"}]}),
        )
        .await,
        201,
    )
    .await;
    let macro_id = macro_["id"].as_str().unwrap().to_owned();

    use Method as M;
    let rows = [
        row(M::POST, "/api/v1/tickets", [201, 201, 201, 201, 201, 201]),
        row(M::GET, "/api/v1/tickets", [200, 200, 200, 200, 200, 200]),
        row(M::GET, "/api/v1/tickets/{id}", [200, 200, 200, 200, 404, 404]),
        row(M::PATCH, "/api/v1/tickets/{id}", [200, 200, 200, 403, 404, 404]),
        row(M::PUT, "/api/v1/tickets/{id}/status", [200, 200, 200, 403, 404, 404]),
        row(M::PUT, "/api/v1/tickets/{id}/assign", [200, 200, 403, 403, 404, 404]),
        row(
            M::POST,
            "/api/v1/tickets/{id}/interactions",
            [201, 201, 201, 201, 404, 404],
        ),
        row(
            M::POST,
            "/api/v1/tickets/{id}/attachments",
            [201, 201, 201, 201, 404, 404],
        ),
        row(M::POST, "/api/v1/attachments", [201, 201, 201, 201, 201, 201]),
        row(M::GET, "/api/v1/attachments/{id}", [200, 200, 200, 200, 404, 404]),
        row(M::GET, "/api/v1/attachment-limits", [200, 200, 200, 200, 200, 200]),
        row(M::PUT, "/api/v1/attachment-limits", [200, 403, 403, 403, 403, 200]),
        row(M::POST, "/api/v1/tickets/{id}/merge", [404, 404, 404, 403, 403, 404]),
        // Per ticket in `results`: another org's ticket is a 404 there (tests/e2e/bulk.rs).
        row(M::POST, "/api/v1/tickets/bulk", [200, 200, 200, 403, 403, 200]),
        row(M::GET, "/api/v1/tickets/{id}/audit", [200, 200, 403, 403, 403, 404]),
        row(M::GET, "/api/v1/agents/me/tickets", [200, 200, 200, 403, 403, 200]),
        row(M::POST, "/api/v1/customers", [201, 201, 201, 403, 403, 201]),
        row(M::GET, "/api/v1/customers", [200, 200, 200, 403, 403, 200]),
        row(M::GET, "/api/v1/customers/{id}", [200, 200, 200, 200, 404, 404]),
        row(M::PATCH, "/api/v1/customers/{id}", [200, 200, 200, 403, 403, 404]),
        row(M::POST, "/api/v1/agents", [201, 403, 403, 403, 403, 201]),
        row(M::GET, "/api/v1/agents", [200, 200, 200, 403, 403, 200]),
        row(M::PATCH, "/api/v1/agents/{id}", [200, 403, 403, 403, 403, 404]),
        row(M::PUT, "/api/v1/agents/me/status", [200, 200, 200, 403, 403, 200]),
        row(M::POST, "/api/v1/teams", [201, 403, 403, 403, 403, 201]),
        row(M::GET, "/api/v1/teams", [200, 200, 200, 403, 403, 200]),
        row(M::PATCH, "/api/v1/teams/{id}", [200, 403, 403, 403, 403, 404]),
        row(M::GET, "/api/v1/notifications", [200, 200, 200, 403, 403, 200]),
        row(M::GET, "/api/v1/reports/overview", [200, 200, 403, 403, 403, 200]),
        row(M::GET, "/api/v1/reports/sla", [200, 200, 403, 403, 403, 200]),
        row(M::GET, "/api/v1/reports/agents", [200, 200, 403, 403, 403, 200]),
        row(M::GET, "/api/v1/reports/knowledge-base", [200, 200, 403, 403, 403, 200]),
        row(M::GET, "/api/v1/ticket-counts", [200, 200, 200, 403, 403, 200]),
        row(M::GET, "/api/v1/mail-templates", [200, 200, 200, 403, 403, 200]),
        row(M::PUT, "/api/v1/mail-templates", [200, 403, 403, 403, 403, 200]),
        row(
            M::POST,
            "/api/v1/notifications/{id}/read",
            [404, 404, 404, 403, 403, 404],
        ),
        row(M::GET, "/api/v1/sla-policies", [200, 200, 200, 403, 403, 200]),
        row(M::PUT, "/api/v1/sla-policies", [200, 403, 403, 403, 403, 200]),
        row(M::GET, "/api/v1/business-hours", [200, 200, 200, 403, 403, 200]),
        row(M::PUT, "/api/v1/business-hours", [200, 403, 403, 403, 403, 200]),
        row(M::GET, "/api/v1/quarantine", [200, 403, 403, 403, 403, 200]),
        // Admins change rules and routing; managers read them and dry-run.
        row(M::GET, "/api/v1/triggers", [200, 200, 403, 403, 403, 200]),
        row(M::POST, "/api/v1/triggers", [201, 403, 403, 403, 403, 201]),
        row(M::GET, "/api/v1/triggers/{id}", [200, 200, 403, 403, 403, 404]),
        row(M::PATCH, "/api/v1/triggers/{id}", [200, 403, 403, 403, 403, 404]),
        row(M::POST, "/api/v1/triggers/dry-run", [200, 200, 403, 403, 403, 200]),
        row(M::DELETE, "/api/v1/triggers/{id}", [204, 403, 403, 403, 403, 404]),
        row(M::GET, "/api/v1/automations", [200, 200, 403, 403, 403, 200]),
        row(M::POST, "/api/v1/automations", [201, 403, 403, 403, 403, 201]),
        row(M::GET, "/api/v1/automations/{id}", [200, 200, 403, 403, 403, 404]),
        row(M::PATCH, "/api/v1/automations/{id}", [200, 403, 403, 403, 403, 404]),
        row(M::POST, "/api/v1/automations/dry-run", [200, 200, 403, 403, 403, 200]),
        row(M::DELETE, "/api/v1/automations/{id}", [204, 403, 403, 403, 403, 404]),
        row(M::GET, "/api/v1/routing", [200, 200, 403, 403, 403, 200]),
        row(M::PUT, "/api/v1/routing", [200, 403, 403, 403, 403, 200]),
        row(M::GET, "/api/v1/routing/queue", [200, 200, 403, 403, 403, 200]),
        // Personal canned responses and macros are their author's (the agent's) only.
        row(M::GET, "/api/v1/canned-responses", [200, 200, 200, 403, 403, 200]),
        row(M::POST, "/api/v1/canned-responses", [201, 201, 201, 403, 403, 201]),
        row(M::GET, "/api/v1/canned-responses/{id}", [404, 404, 200, 403, 403, 404]),
        row(
            M::PATCH,
            "/api/v1/canned-responses/{id}",
            [404, 404, 200, 403, 403, 404],
        ),
        row(
            M::POST,
            "/api/v1/canned-responses/{id}/render",
            [404, 404, 200, 403, 403, 404],
        ),
        row(
            M::DELETE,
            "/api/v1/canned-responses/{id}",
            [404, 404, 204, 403, 403, 404],
        ),
        row(M::GET, "/api/v1/macros", [200, 200, 200, 403, 403, 200]),
        row(M::POST, "/api/v1/macros", [201, 201, 201, 403, 403, 201]),
        row(M::GET, "/api/v1/macros/{id}", [404, 404, 200, 403, 403, 404]),
        row(M::PATCH, "/api/v1/macros/{id}", [404, 404, 200, 403, 403, 404]),
        row(
            M::POST,
            "/api/v1/tickets/{id}/macros/{macro_id}",
            [404, 404, 200, 403, 403, 404],
        ),
        row(M::DELETE, "/api/v1/macros/{id}", [404, 404, 204, 403, 403, 404]),
        // The ticket is not resolved: nothing to rate yet.
        row(
            M::GET,
            "/api/v1/tickets/{id}/satisfaction",
            [409, 409, 409, 409, 404, 404],
        ),
        row(
            M::POST,
            "/api/v1/tickets/{id}/satisfaction",
            [403, 403, 403, 409, 404, 403],
        ),
        // Public: only the token's signature counts, and this one is forged.
        row(M::GET, "/api/v1/csat/{token}", [404, 404, 404, 404, 404, 404]),
        row(M::POST, "/api/v1/csat/{token}", [404, 404, 404, 404, 404, 404]),
        row(M::GET, "/api/v1/settings/csat", [200, 200, 403, 403, 403, 200]),
        row(M::PUT, "/api/v1/settings/csat", [200, 403, 403, 403, 403, 200]),
        row(M::GET, "/api/v1/reports/csat", [200, 200, 403, 403, 403, 200]),
        row(
            M::GET,
            "/api/v1/knowledge-base/articles",
            [200, 200, 200, 200, 200, 200],
        ),
        row(
            M::POST,
            "/api/v1/knowledge-base/articles",
            [201, 201, 201, 403, 403, 201],
        ),
        row(
            M::GET,
            "/api/v1/knowledge-base/articles/{id}",
            [200, 200, 200, 200, 200, 404],
        ),
        row(
            M::PATCH,
            "/api/v1/knowledge-base/articles/{id}",
            [200, 200, 403, 403, 403, 404],
        ),
        row(
            M::POST,
            "/api/v1/knowledge-base/articles/{id}/publish",
            [200, 200, 403, 403, 403, 404],
        ),
        row(
            M::GET,
            "/api/v1/knowledge-base/articles/{id}/versions",
            [200, 200, 200, 403, 403, 404],
        ),
        row(
            M::GET,
            "/api/v1/knowledge-base/articles/{id}/versions/{n}",
            [200, 200, 200, 403, 403, 404],
        ),
        row(
            M::POST,
            "/api/v1/knowledge-base/articles/{id}/versions/{n}/restore",
            [200, 200, 403, 403, 403, 404],
        ),
        row(
            M::POST,
            "/api/v1/knowledge-base/articles/{id}/feedback",
            [200, 200, 200, 200, 200, 404],
        ),
        // The portal's customers only: staff file no tickets through its form.
        row(
            M::POST,
            "/api/v1/knowledge-base/deflections",
            [403, 403, 403, 204, 204, 403],
        ),
        row(
            M::GET,
            "/api/v1/knowledge-base/categories",
            [200, 200, 200, 200, 200, 200],
        ),
        row(
            M::POST,
            "/api/v1/knowledge-base/categories",
            [201, 201, 403, 403, 403, 201],
        ),
        row(
            M::PATCH,
            "/api/v1/knowledge-base/categories/{id}",
            [200, 200, 403, 403, 403, 404],
        ),
        // Public: the help center answers anyone, token or not, about the org it names.
        row(M::GET, "/api/v1/help/{org}/categories", [200, 200, 200, 200, 200, 200]),
        row(M::GET, "/api/v1/help/{org}/articles", [200, 200, 200, 200, 200, 200]),
        row(
            M::GET,
            "/api/v1/help/{org}/articles/{slug}",
            [200, 200, 200, 200, 200, 200],
        ),
        row(
            M::POST,
            "/api/v1/help/{org}/articles/{slug}/feedback",
            [200, 200, 200, 200, 200, 200],
        ),
        row(M::GET, "/api/v1/search", [200, 200, 200, 200, 200, 200]),
        row(
            M::GET,
            "/api/v1/knowledge-base/suggestions",
            [200, 200, 200, 200, 200, 200],
        ),
        row(M::POST, "/api/v1/search/reindex", [200, 403, 403, 403, 403, 200]),
        // Archiving last: the rows above need the article published.
        row(
            M::POST,
            "/api/v1/knowledge-base/articles/{id}/archive",
            [200, 200, 403, 403, 403, 404],
        ),
        // Public: a user's token is no credential here, only the HMAC signature is.
        row(
            M::POST,
            "/api/v1/webhooks/inbound-email",
            [401, 401, 401, 401, 401, 401],
        ),
    ];

    // The matrix covers every route the template declares.
    let template = Template::load(&root().join("template.yaml")).unwrap();
    let declared: BTreeSet<String> = template
        .functions
        .iter()
        .flat_map(|f| f.routes.iter().map(|r| format!("{} {}", r.method, r.path)))
        .collect();
    let covered: BTreeSet<String> = rows
        .iter()
        .map(|r| format!("{} {}", r.method, r.route))
        .chain(["GET /api/v1/openapi.json".to_owned()])
        .collect();
    let missing: Vec<_> = declared.difference(&covered).collect();
    assert!(missing.is_empty(), "routes without a row in the matrix: {missing:?}");

    let mut failures = Vec::new();
    for r in &rows {
        for (i, token) in tokens.iter().enumerate() {
            let n = failures.len() + i;
            let path = r
                .route
                .replace("/tickets/{id}", &format!("/tickets/{ticket_id}"))
                .replace("/canned-responses/{id}", &format!("/canned-responses/{canned_id}"))
                .replace("/macros/{id}", &format!("/macros/{macro_id}"))
                .replace("{macro_id}", &macro_id)
                .replace("{token}", &format!("10001.{ticket_id}.1700000000.{}", "0".repeat(20)))
                .replace("/reports/csat", "/reports/csat?from=2026-11-01&to=2026-11-30")
                .replace(
                    "/knowledge-base/articles/{id}",
                    &format!("/knowledge-base/articles/{article_id}"),
                )
                .replace(
                    "/knowledge-base/categories/{id}",
                    &format!("/knowledge-base/categories/{category_id}"),
                )
                .replace("/versions/{n}", "/versions/1")
                .replace("/help/{org}", "/help/acme")
                .replace(
                    "/knowledge-base/suggestions",
                    "/knowledge-base/suggestions?org=acme&q=matrix",
                )
                .replace("{slug}", "matrix-article")
                .replace("/customers/{id}", &format!("/customers/{customer_id}"))
                .replace("/agents/{id}", "/agents/acme-agent2")
                .replace("/reports/overview", "/reports/overview?from=2026-11-01&to=2026-11-30")
                .replace("/reports/sla", "/reports/sla?from=2026-11-01&to=2026-11-30")
                .replace("/reports/agents", "/reports/agents?from=2026-11-01&to=2026-11-30")
                .replace(
                    "/reports/knowledge-base",
                    "/reports/knowledge-base?from=2026-11-01&to=2026-11-30",
                )
                .replace("/teams/{id}", "/teams/support")
                .replace("/triggers/{id}", &format!("/triggers/{trigger_id}"))
                .replace("/automations/{id}", &format!("/automations/{automation_id}"))
                .replace("/attachments/{id}", &format!("/attachments/{attachment_id}"))
                .replace("/notifications/{id}", &format!("/notifications/{}", ulid::Ulid::new()));
            let path = if r.route == "/api/v1/search" {
                "/api/v1/search?q=matrix".to_owned()
            } else {
                path
            };
            let customer = i == 3 || i == 4;
            let body = match (&r.method, r.route) {
                (&M::POST, "/api/v1/tickets") if customer => Some(json!({"subject": "s", "description": "d"})),
                (&M::POST, "/api/v1/tickets") => {
                    Some(json!({"subject": "s", "description": "d", "customer_email": "m@example.com"}))
                }
                (&M::PATCH, "/api/v1/tickets/{id}") => Some(json!({"priority": "high"})),
                (_, "/api/v1/tickets/{id}/status") => Some(json!({"status": "pending"})),
                (_, "/api/v1/tickets/{id}/assign") => Some(json!({"assignee_id": "acme-agent2"})),
                (_, "/api/v1/tickets/{id}/interactions") => Some(json!({"body": "hello"})),
                (&M::PUT, "/api/v1/attachment-limits") => {
                    Some(json!({"size_max": 20_971_520, "count_max": 10, "types": ["text/plain", "image/png"]}))
                }
                (&M::POST, "/api/v1/tickets/{id}/attachments" | "/api/v1/attachments") => {
                    Some(json!({"filename": "a.txt", "content_type": "text/plain", "size": 5}))
                }
                (_, "/api/v1/tickets/{id}/merge") => Some(json!({"target_id": ulid::Ulid::new().to_string()})),
                (&M::POST, "/api/v1/customers") => {
                    Some(json!({"name": "New", "email": format!("new{i}-{n}@example.com")}))
                }
                (&M::PATCH, "/api/v1/customers/{id}") => Some(json!({"name": "Cara C."})),
                (&M::POST, "/api/v1/agents") => {
                    Some(json!({"email": format!("agent{i}-{n}@example.com"), "name": "New", "role": "agent"}))
                }
                (&M::PATCH, "/api/v1/agents/{id}") => Some(json!({"name": "Sam A."})),
                (_, "/api/v1/agents/me/status") => Some(json!({"status": "online"})),
                (&M::POST, "/api/v1/teams") => Some(json!({"id": format!("team-{i}-{n}"), "name": "Team"})),
                (&M::PATCH, "/api/v1/teams/{id}") => Some(json!({"name": "Support 2"})),
                (&M::POST, "/api/v1/triggers") => Some(
                    json!({"name": format!("t {i}-{n}"), "conditions": {"all": []}, "actions": [{"type": "add_tag", "value": "m"}]}),
                ),
                (&M::PATCH, "/api/v1/triggers/{id}" | "/api/v1/automations/{id}") => Some(json!({"enabled": false})),
                (&M::POST, "/api/v1/automations") => Some(json!({"name": format!("a {i}-{n}"),
                    "conditions": {"all": [{"field": "tags", "op": "not_contains", "value": "m"}]},
                    "actions": [{"type": "add_tag", "value": "m"}]})),
                (_, "/api/v1/automations/dry-run") => Some(json!({
                    "conditions": {"all": [{"field": "tags", "op": "not_contains", "value": "m"}]},
                    "actions": [{"type": "add_tag", "value": "m"}], "limit": 5})),
                (_, "/api/v1/triggers/dry-run") => {
                    Some(json!({"conditions": {"all": []}, "actions": [{"type": "add_tag", "value": "m"}], "limit": 5}))
                }
                (&M::PUT, "/api/v1/routing") => Some(json!({"default": {"mode": "manual"}})),
                (&M::POST, "/api/v1/tickets/bulk") => {
                    Some(json!({"ids": [ticket_id], "changes": {"priority": "high"}}))
                }
                (&M::POST, "/api/v1/canned-responses") => Some(json!({"title": format!("c {i}-{n}"), "body": "Hello"})),
                (&M::PATCH, "/api/v1/canned-responses/{id}") => Some(json!({"folder": "Billing"})),
                (_, "/api/v1/canned-responses/{id}/render") => Some(json!({"ticket_id": ticket_id, "preview": true})),
                (&M::POST, "/api/v1/macros") => {
                    Some(json!({"name": format!("m {i}-{n}"), "actions": [{"type": "add_tag", "value": "m"}]}))
                }
                (&M::PATCH, "/api/v1/macros/{id}") => Some(json!({"name": "Matrix 2"})),
                (&M::POST, "/api/v1/tickets/{id}/satisfaction" | "/api/v1/csat/{token}") => {
                    Some(json!({"rating": "good"}))
                }
                (&M::PUT, "/api/v1/settings/csat") => Some(json!({"enabled": true, "after_rules": false})),
                (&M::POST, "/api/v1/knowledge-base/articles") => {
                    Some(json!({"title": format!("Matrix {i}-{n}"), "body": "b"}))
                }
                (&M::PATCH, "/api/v1/knowledge-base/articles/{id}") => Some(json!({"body": format!("edit {i}-{n}")})),
                (_, "/api/v1/knowledge-base/articles/{id}/feedback") => Some(json!({"helpful": i % 2 == 0})),
                (_, "/api/v1/knowledge-base/deflections") => Some(json!({"outcome": "abandoned"})),
                (&M::POST, "/api/v1/knowledge-base/categories") => Some(json!({"name": format!("Cat {i}-{n}")})),
                (&M::PATCH, "/api/v1/knowledge-base/categories/{id}") => Some(json!({"name": format!("Cat {i}-{n}")})),
                (_, "/api/v1/help/{org}/articles/{slug}/feedback") => {
                    Some(json!({"helpful": true, "session": format!("matrix-session-{i:04}")}))
                }
                (&M::PUT, "/api/v1/sla-policies") => {
                    Some(json!({"policies": [{"priority": "urgent", "first_response_minutes": 30}]}))
                }
                (&M::PUT, "/api/v1/mail-templates") => {
                    Some(json!({"templates": {"resolved": {"subject": "Done: {{ ticket_number }}", "text": "Bye"}}}))
                }
                (&M::PUT, "/api/v1/business-hours") => Some(
                    json!({"time_zone": "Europe/Berlin", "week": {"monday": [{"start": "09:00", "end": "17:00"}]}}),
                ),
                _ => None,
            };
            let resp = app.request(r.method.clone(), &path, Some(token), body.as_ref()).await;
            let got = resp.status().as_u16();
            if got != r.expect[i] {
                let text = resp.text().await.unwrap_or_default();
                failures.push(format!(
                    "{} {} as {}: expected {}, got {got}: {text}",
                    r.method, r.route, CALLERS[i], r.expect[i]
                ));
            } else if got >= 400 {
                let ct = resp
                    .headers()
                    .get("content-type")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_owned();
                if ct != "application/problem+json" {
                    failures.push(format!(
                        "{} {} as {}: error is {ct}, not problem+json",
                        r.method, r.route, CALLERS[i]
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

//! The gateway's JWT authorizer and the local sign-in.

use helpdesk_tests::{TestApp, json};
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn health_answers_without_a_token() {
    let app = TestApp::spawn_with(false).await;
    let resp = app.request(Method::GET, "/healthz", None, None).await;
    assert_eq!(json(resp, 200).await["status"], "ok");
}

#[tokio::test]
async fn api_routes_refuse_missing_forged_and_foreign_tokens() {
    let app = TestApp::spawn_with(false).await;
    let body = json!({"subject": "s", "description": "d", "customer_email": "x@acme.test"});
    let no_token = app.request(Method::POST, "/api/v1/tickets", None, Some(&body)).await;
    assert_eq!(no_token.status(), 401);

    let garbage = app
        .request(Method::POST, "/api/v1/tickets", Some("not-a-jwt"), Some(&body))
        .await;
    assert_eq!(garbage.status(), 401);

    // Signed by the right key but for another audience (another app client).
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let foreign = app
        .gateway
        .issuer
        .sign(&json!({
            "iss": app.gateway.issuer.issuer(), "aud": "someone-else", "sub": "acme-admin", "exp": now + 600,
            "custom:org_id": "10001", "cognito:groups": ["admin"],
        }))
        .unwrap();
    assert_eq!(app.post("/api/v1/tickets", &foreign, &body).await.status(), 401);

    // A token from another stack's issuer (another key) is refused too.
    let other = TestApp::spawn_with(false).await;
    let other_token = other.login("admin@acme.test").await;
    assert_eq!(app.post("/api/v1/tickets", &other_token, &body).await.status(), 401);
}

#[tokio::test]
async fn a_valid_token_without_org_or_role_claims_is_unauthorized_by_the_handler() {
    let app = TestApp::spawn_with(false).await;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let token = app
        .gateway
        .issuer
        .sign(&json!({
            "iss": app.gateway.issuer.issuer(), "aud": local_gateway_audience(), "sub": "acme-admin", "exp": now + 600,
        }))
        .unwrap();
    let resp = app
        .post("/api/v1/tickets", &token, &json!({"subject": "s", "description": "d"}))
        .await;
    let problem = json(resp, 401).await;
    assert_eq!(problem["status"], 401);
}

#[tokio::test]
async fn local_login_knows_only_seeded_users() {
    let app = TestApp::spawn_with(false).await;
    let ok = app
        .request(
            Method::POST,
            "/local/login",
            None,
            Some(&json!({"email": "Agent1@Acme.test"})),
        )
        .await;
    let body = json(ok, 200).await;
    assert_eq!(body["user"]["org_id"], "10001");
    assert_eq!(body["user"]["role"], "agent");
    let unknown = app
        .request(
            Method::POST,
            "/local/login",
            None,
            Some(&json!({"email": "nobody@acme.test"})),
        )
        .await;
    assert_eq!(unknown.status(), 401);
    let jwks = json(
        app.request(Method::GET, "/local/.well-known/jwks.json", None, None)
            .await,
        200,
    )
    .await;
    assert_eq!(jwks["keys"][0]["kty"], "RSA");
}

fn local_gateway_audience() -> &'static str {
    helpdesk_tests::local_gateway::auth::LOCAL_AUDIENCE
}

#[tokio::test]
async fn the_openapi_document_is_public_and_lists_the_api() {
    let app = TestApp::spawn_with(false).await;
    let doc = json(app.request(Method::GET, "/api/v1/openapi.json", None, None).await, 200).await;
    assert_eq!(doc["openapi"], "3.1.0");
    assert!(doc["paths"]["/api/v1/tickets/{id}/interactions"]["post"].is_object());
    // Only that route is public.
    assert_eq!(
        app.request(Method::GET, "/api/v1/tickets", None, None).await.status(),
        401
    );
}

//! API tokens: listed without their secret, last use noted, revoked at once.

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::{sql, TestApp};
use serde_json::{json, Value};

async fn with_token(app: &TestApp, token: &str, path: &str) -> StatusCode {
    let req = Request::builder()
        .method(Method::GET)
        .uri(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    app.send(req).await.status
}

#[tokio::test]
async fn a_token_is_listed_without_its_secret_shows_its_last_use_and_stops_working_when_revoked() {
    let app = TestApp::new().await;
    let company = app.company_id("Northwind Traders").await;
    let admin = app.login("admin@northwind.demo.test").await;
    let r = app
        .call(
            Method::POST,
            "/api/v1/tokens",
            Some(&admin),
            Some(json!({"company": company, "name": "engine", "privileges": ["queues.view"]})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let created: Value = serde_json::from_str(&r.body).unwrap();
    let (id, secret) = (created["id"].as_str().unwrap().to_string(), created["token"].as_str().unwrap().to_string());

    let list_path = format!("/api/v1/companies/{company}/tokens");
    let listed = app.call(Method::GET, &list_path, Some(&admin), None).await;
    assert!(!listed.body.contains(&secret), "the secret is never listed");
    let tokens: Value = serde_json::from_str(&listed.body).unwrap();
    assert_eq!(tokens[0]["name"], "engine");
    assert_eq!(tokens[0]["privileges"], json!(["Queues: View"]));
    assert!(tokens[0]["last_used_at"].is_null());

    let queues = format!("/api/v1/companies/{company}/queues");
    assert_eq!(with_token(&app, &secret, &queues).await, StatusCode::OK);
    let tokens: Value =
        serde_json::from_str(&app.call(Method::GET, &list_path, Some(&admin), None).await.body).unwrap();
    assert!(tokens[0]["last_used_at"].is_string(), "{tokens}");

    // Another company's administrator cannot revoke it.
    let contoso = app.login("admin@contoso.demo.test").await;
    let r = app.call(Method::DELETE, &format!("/api/v1/tokens/{id}"), Some(&contoso), None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(with_token(&app, &secret, &queues).await, StatusCode::OK);

    let r = app.call(Method::DELETE, &format!("/api/v1/tokens/{id}"), Some(&admin), None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    assert_eq!(
        with_token(&app, &secret, &queues).await,
        StatusCode::UNAUTHORIZED,
        "refused at once, not after the cache"
    );
    let tokens: Value =
        serde_json::from_str(&app.call(Method::GET, &list_path, Some(&admin), None).await.body).unwrap();
    assert!(tokens[0]["revoked_at"].is_string());
    let again = app.call(Method::DELETE, &format!("/api/v1/tokens/{id}"), Some(&admin), None).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND, "a revoked token is not revoked twice");
    let audited: i64 =
        sql(&app.db, "SELECT COUNT(*) FROM audit_log WHERE action = 'api_token.revoke' AND object_id = ?")
            .bind(&id)
            .scalar()
            .await
            .unwrap();
    assert_eq!(audited, 1);
}

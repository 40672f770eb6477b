//! Sign-in, sessions, throttling, the error shape and the security middleware, through the
//! real router on a fresh SQLite file.

mod common;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Method, Request, StatusCode};
use common::{sql, TestApp, PASSWORD};
use earmark::config::ServeArgs;
use serde_json::json;
use std::net::SocketAddr;

async fn companies_status(app: &TestApp, cookie: &str) -> StatusCode {
    app.call(Method::GET, "/api/v1/companies", Some(cookie), None).await.status
}

#[tokio::test]
async fn login_sets_a_strict_http_only_cookie_and_a_new_session_id() {
    let app = TestApp::new().await;
    let first = app.login("admin@northwind.demo.test").await;
    let r = app
        .call(
            Method::POST,
            "/api/v1/session",
            Some(&first),
            Some(json!({"email": "admin@contoso.demo.test", "password": PASSWORD})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let raw = r.headers.get(header::SET_COOKIE).unwrap().to_str().unwrap().to_string();
    assert!(raw.contains("HttpOnly"), "{raw}");
    assert!(raw.contains("SameSite=Strict"), "{raw}");
    assert!(!raw.contains("Secure"), "plain http by default: {raw}");
    let second = r.session_cookie().unwrap();
    assert_ne!(first, second, "the session id is cycled at login");
    assert_eq!(companies_status(&app, &first).await, StatusCode::UNAUTHORIZED, "the old id no longer works");
    let list = app.call(Method::GET, "/api/v1/companies", Some(&second), None).await.json();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["name"], "Contoso");
}

#[tokio::test]
async fn the_cookie_is_secure_when_configured() {
    let app = TestApp::with_args(ServeArgs { secure_cookies: true, ..ServeArgs::default() }).await;
    let r = app
        .call(Method::POST, "/api/v1/session", None, Some(json!({"email": "owner@demo.test", "password": PASSWORD})))
        .await;
    let raw = r.headers.get(header::SET_COOKIE).unwrap().to_str().unwrap();
    assert!(raw.contains("Secure"), "{raw}");
}

#[tokio::test]
async fn logout_flushes_the_session() {
    let app = TestApp::new().await;
    let cookie = app.login("owner@demo.test").await;
    assert_eq!(companies_status(&app, &cookie).await, StatusCode::OK);
    let r = app.call(Method::DELETE, "/api/v1/session", Some(&cookie), None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(companies_status(&app, &cookie).await, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn disabling_an_administrator_or_changing_the_password_ends_their_sessions() {
    let app = TestApp::new().await;
    let cookie = app.login("admin@contoso.demo.test").await;
    let id = app.admin_id("admin@contoso.demo.test").await;
    let mut tx = app.db.begin().await.unwrap();
    app::store::administrators::set_disabled(&mut tx, &id, true).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(companies_status(&app, &cookie).await, StatusCode::UNAUTHORIZED);
    // A disabled administrator cannot sign in, with the same message as a wrong password.
    let r = app
        .call(
            Method::POST,
            "/api/v1/session",
            None,
            Some(json!({"email": "admin@contoso.demo.test", "password": PASSWORD})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.json()["error"]["code"], "invalid_credentials");

    let cookie = app.login("admin@fabrikam.demo.test").await;
    let id = app.admin_id("admin@fabrikam.demo.test").await;
    let hash = app::services::password::hash("a-brand-new-password".into()).await.unwrap();
    let mut tx = app.db.begin().await.unwrap();
    app::store::administrators::set_password_hash(&mut tx, &id, &hash, false).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(companies_status(&app, &cookie).await, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_session_ends_at_its_absolute_lifetime() {
    let app = TestApp::with_args(ServeArgs { session_absolute_hours: 0, ..ServeArgs::default() }).await;
    let cookie = app.login("owner@demo.test").await;
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(companies_status(&app, &cookie).await, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn unknown_email_and_wrong_password_get_one_answer() {
    let app = TestApp::new().await;
    let wrong = app
        .call(
            Method::POST,
            "/api/v1/session",
            None,
            Some(json!({"email": "owner@demo.test", "password": "nope-nope-nope"})),
        )
        .await;
    let unknown = app
        .call(
            Method::POST,
            "/api/v1/session",
            None,
            Some(json!({"email": "ghost@demo.test", "password": "nope-nope-nope"})),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.body, unknown.body);
    assert_eq!(
        wrong.json(),
        json!({"error": {"code": "invalid_credentials", "message": "The e-mail address or password is not correct."}})
    );
    // Both were audited as failed logins.
    let failed: i64 = sql(&app.db, "SELECT COUNT(*) FROM audit_log WHERE action = 'login' AND outcome = 'failed'")
        .scalar()
        .await
        .unwrap();
    assert_eq!(failed, 2);
}

#[tokio::test]
async fn an_account_is_locked_after_repeated_failures() {
    let app = TestApp::new().await;
    for _ in 0..5 {
        let r = app
            .call(
                Method::POST,
                "/api/v1/session",
                None,
                Some(json!({"email": "admin@northwind.demo.test", "password": "wrong"})),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    // Even the right password waits now.
    let r = app
        .call(
            Method::POST,
            "/api/v1/session",
            None,
            Some(json!({"email": "admin@northwind.demo.test", "password": PASSWORD})),
        )
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    let body = r.json();
    assert_eq!(body["error"]["code"], "throttled");
    let wait = body["error"]["retry_after"].as_u64().unwrap();
    assert!((1..=30).contains(&wait), "{wait}");
    assert_eq!(body["error"]["message"], format!("Too many sign-in attempts. Try again in {wait} s."));
    // Other accounts are not affected.
    app.login("admin@contoso.demo.test").await;
}

/// A sign-in as a client at address `ip` sends it.
fn login_from(email: &str, password: &str, ip: &str) -> Request<Body> {
    let mut req = Request::builder()
        .method(Method::POST)
        .uri("/api/v1/session")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(json!({"email": email, "password": password}).to_string()))
        .unwrap();
    req.extensions_mut().insert(ConnectInfo(format!("{ip}:40000").parse::<SocketAddr>().unwrap()));
    req
}

#[tokio::test]
async fn a_client_address_is_throttled_across_accounts() {
    let app = TestApp::with_args(ServeArgs { address_max_failures: 3, ..ServeArgs::default() }).await;
    let from = |email: &str, password: &str| login_from(email, password, "203.0.113.7");
    for i in 0..3 {
        let r = app.send(from(&format!("user{i}@demo.test"), "wrong")).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let r = app.send(from("owner@demo.test", PASSWORD)).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    // Another address is not affected.
    app.login("owner@demo.test").await;
}

#[tokio::test]
async fn bad_input_gets_a_typed_error() {
    let app = TestApp::new().await;
    let r = app.call(Method::POST, "/api/v1/session", None, Some(json!({"email": "", "password": "x"}))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["error"]["field"], "email");
    let r = app
        .call(Method::POST, "/api/v1/session", None, Some(json!({"email": "owner@demo.test", "password": ""})))
        .await;
    assert_eq!(r.json()["error"]["field"], "password");
    let r = app
        .send(
            Request::builder()
                .method(Method::POST)
                .uri("/api/v1/session")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from("{not json"))
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["error"]["code"], "bad_request");
    let r = app.call(Method::GET, "/api/v1/no-such-route", None, None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.json()["error"]["code"], "not_found");
}

#[tokio::test]
async fn internal_errors_are_generic_and_name_the_request() {
    let app = TestApp::new().await;
    sql(&app.db, "DROP TABLE login_attempts").execute().await.unwrap();
    let r = app
        .call(Method::POST, "/api/v1/session", None, Some(json!({"email": "owner@demo.test", "password": PASSWORD})))
        .await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
    let message = r.json()["error"]["message"].as_str().unwrap().to_string();
    let request_id = r.headers.get("x-request-id").unwrap().to_str().unwrap().to_string();
    assert_eq!(message, format!("Something went wrong on our side. Reference: {request_id}."));
    assert!(!r.body.contains("login_attempts") && !r.body.to_lowercase().contains("sqlite"), "{}", r.body);
}

#[tokio::test]
async fn cross_site_writes_are_refused() {
    let app = TestApp::new().await;
    let login = |extra: &[(&str, &str)]| {
        let mut b = Request::builder()
            .method(Method::POST)
            .uri("/api/v1/session")
            .header(header::HOST, "portal.example")
            .header(header::CONTENT_TYPE, "application/json");
        for (k, v) in extra {
            b = b.header(*k, *v);
        }
        b.body(Body::from(json!({"email": "owner@demo.test", "password": PASSWORD}).to_string())).unwrap()
    };
    let r = app.send(login(&[("sec-fetch-site", "cross-site")])).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.json()["error"]["code"], "forbidden");
    let r = app.send(login(&[("origin", "https://evil.example")])).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app.send(login(&[("sec-fetch-site", "same-origin"), ("origin", "http://portal.example")])).await;
    assert_eq!(r.status, StatusCode::OK);
    let r = app.send(login(&[("origin", "http://portal.example")])).await;
    assert_eq!(r.status, StatusCode::OK);
}

#[tokio::test]
async fn responses_carry_security_headers() {
    let app = TestApp::new().await;
    let r = app.call(Method::GET, "/api/v1/companies", None, None).await;
    assert_eq!(r.headers["x-content-type-options"], "nosniff");
    assert_eq!(r.headers["referrer-policy"], "same-origin");
    assert_eq!(r.headers["cache-control"], "no-store");
    assert!(r.headers["content-security-policy"].to_str().unwrap().contains("default-src 'none'"));
    let page = app.call(Method::GET, "/login", None, None).await;
    assert_eq!(page.status, StatusCode::OK);
    let csp = page.headers["content-security-policy"].to_str().unwrap().to_string();
    let nonce = csp.split("'nonce-").nth(1).and_then(|s| s.split('\'').next()).expect("page CSP has a nonce");
    assert!(page.body.contains(&format!("nonce=\"{nonce}\"")), "the hydration script carries the nonce");
    assert!(csp.contains("frame-ancestors 'none'"));
}

#[tokio::test]
async fn pages_answer_with_the_status_of_the_refusal() {
    let app = TestApp::new().await;
    let cookie = app.login("supervisor@northwind.demo.test").await;
    let northwind = app.company_id("Northwind Traders").await;
    let contoso = app.company_id("Contoso").await;
    let page = |path: String| {
        let cookie = cookie.clone();
        let app = &app;
        async move {
            app.send(
                Request::builder()
                    .uri(path)
                    .header(header::COOKIE, cookie)
                    .header(header::ACCEPT, "text/html")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
        }
    };
    let r = page(format!("/c/{northwind}/queues")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Support line"), "a queue of the company is listed");
    assert_eq!(page(format!("/c/{northwind}/users")).await.status, StatusCode::FORBIDDEN);
    assert_eq!(page(format!("/c/{contoso}/queues")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(page("/no/such/page".into()).await.status, StatusCode::NOT_FOUND);
    let anonymous = app
        .send(
            Request::builder()
                .uri(format!("/c/{northwind}/queues"))
                .header(header::ACCEPT, "text/html")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(anonymous.status, StatusCode::FOUND);
    assert!(anonymous.headers[header::LOCATION].to_str().unwrap().starts_with("/login?next="));
}

#[tokio::test]
async fn demo_seed_is_idempotent() {
    let app = TestApp::new().await;
    let count = |table: &'static str| {
        let db = &app.db;
        async move { sql(db, format!("SELECT COUNT(*) FROM {table}")).scalar::<i64>().await.unwrap() }
    };
    let tables = [
        "resellers",
        "companies",
        "teams",
        "users",
        "devices",
        "queues",
        "administrators",
        "administrator_teams",
        "role_privileges",
    ];
    let mut before = Vec::new();
    for t in tables {
        before.push(count(t).await);
    }
    assert_eq!(app::services::bootstrap::demo::seed(&app.db).await.unwrap(), 0, "no new logins the second time");
    for (i, t) in tables.into_iter().enumerate() {
        assert_eq!(count(t).await, before[i], "{t} changed on the second run");
    }
    assert_eq!(before[0], 2);
    assert_eq!(before[1], 3);
    assert_eq!(before[6], 7);
}

#[tokio::test]
async fn the_audit_log_is_append_only() {
    let app = TestApp::new().await;
    app.login("owner@demo.test").await;
    let ok: i64 = sql(&app.db, "SELECT COUNT(*) FROM audit_log WHERE action = 'login' AND outcome = 'ok'")
        .scalar()
        .await
        .unwrap();
    assert_eq!(ok, 1);
    assert!(sql(&app.db, "UPDATE audit_log SET action = 'x'").execute().await.is_err());
    assert!(sql(&app.db, "DELETE FROM audit_log").execute().await.is_err());
}

/// A credential-stuffing run: 20 accounts (real and made up), 5 client addresses, 150 guesses.
/// The address throttle and the account locks hold, each refusal says how long to wait, and a
/// real administrator signs in from another address all the while.
#[tokio::test]
async fn a_credential_stuffing_run_is_held_back_while_a_real_administrator_signs_in() {
    let app = TestApp::new().await;
    let attempt = |email: String, password: &str, ip: &str| login_from(&email, password, ip);
    let accounts: Vec<String> = (0..20)
        .map(|i| match i % 4 {
            0 => "admin@northwind.demo.test".to_string(),
            1 => "supervisor@northwind.demo.test".to_string(),
            _ => format!("guess{i}@demo.test"),
        })
        .collect();
    let addresses = ["203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.4", "203.0.113.5"];
    let (mut refused, mut throttled) = (0, 0);
    for round in 0..30 {
        for (i, ip) in addresses.iter().enumerate() {
            let r = app.send(attempt(accounts[(round + i) % accounts.len()].clone(), "Summer2026!", ip)).await;
            match r.status {
                StatusCode::UNAUTHORIZED => refused += 1,
                StatusCode::TOO_MANY_REQUESTS => {
                    throttled += 1;
                    let message = r.json()["error"]["message"].as_str().unwrap_or_default().to_string();
                    assert!(message.starts_with("Too many sign-in attempts. Try again in "), "{message}");
                    assert!(r.headers.contains_key(header::RETRY_AFTER), "{:?}", r.headers);
                }
                other => panic!("a guess was answered {other}: {}", r.body),
            }
        }
    }
    assert!(throttled > refused, "most guesses were held back ({refused} refused, {throttled} throttled)");
    // The company administrator's own account was guessed at and is locked for now, but
    // another administrator signs in from an address of their own, and nobody got in.
    let real = app.send(attempt("admin@contoso.demo.test".into(), common::PASSWORD, "198.51.100.9")).await;
    assert_eq!(real.status, StatusCode::OK, "{}", real.body);
    let logins: i64 = sql(&app.db, "SELECT COUNT(*) FROM audit_log WHERE action = 'login' AND outcome = 'ok'")
        .scalar()
        .await
        .unwrap();
    assert_eq!(logins, 1, "only the real sign-in succeeded");
}

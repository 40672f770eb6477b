//! Answers that hold against a careless or hostile client: HSTS once the portal is served
//! over https, and every body above its route's limit answered 413 with the JSON error (the
//! JSON API, the login, the server functions the pages' forms post to), nothing written.

mod common;

use axum::http::{Method, StatusCode};
use common::{form_encode, sql, TestApp};
use earmark::config::ServeArgs;
use leptos::server_fn::ServerFn;
use serde_json::json;

const ADMIN: &str = "admin@northwind.demo.test";

#[tokio::test]
async fn hsts_is_sent_once_the_portal_is_served_over_https() {
    let https = TestApp::with_args(ServeArgs { secure_cookies: true, ..ServeArgs::default() }).await;
    for path in ["/login", "/api/v1/openapi.json", "/healthz"] {
        let r = https.call(Method::GET, path, None, None).await;
        assert_eq!(r.headers["strict-transport-security"], "max-age=31536000", "{path}");
    }
    let plain = TestApp::new().await;
    let r = plain.call(Method::GET, "/login", None, None).await;
    assert!(!r.headers.contains_key("strict-transport-security"), "not over plain http: a browser would keep it");
}

#[tokio::test]
async fn a_body_above_its_route_s_limit_is_refused_with_413_and_nothing_is_written() {
    let app = TestApp::new().await;
    let company = app.company_id("Northwind Traders").await;
    let admin = app.login(ADMIN).await;
    let queues = || sql(&app.db, "SELECT COUNT(*) FROM queues").scalar::<i64>();
    let before = queues().await.unwrap();
    let big = "x".repeat(3 * 1024 * 1024);

    let r = app
        .call(Method::POST, &format!("/api/v1/companies/{company}/queues"), Some(&admin), Some(json!({"name": big})))
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", &r.body[..r.body.len().min(300)]);
    assert_eq!(r.json()["error"]["code"], "too_large");
    let r = app.call(Method::POST, "/api/v1/session", None, Some(json!({"email": big, "password": "x"}))).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);

    let form = form_encode(&[("company", &company), ("queue", "q"), ("form[delay_seconds]", &big)]);
    let r = app.server_fn(app::api::queues::SaveQueueOptIn::PATH, Some(&admin), &form).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", &r.body[..r.body.len().min(300)]);
    // As every server function's error: the page shows its message.
    let error: app::error::AppError = serde_json::from_str(&r.body).expect("a server function's error");
    assert!(matches!(error, app::error::AppError::TooLarge { .. }), "{error:?}");
    assert_eq!(queues().await.unwrap(), before);

    // A form of ordinary size still goes through.
    let r = app
        .server_fn(app::api::queues::SaveQueueOptIn::PATH, Some(&admin), &form_encode(&[("company", &company)]))
        .await;
    assert_ne!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn a_client_that_trickles_its_body_is_cut_off_without_holding_up_others() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let dir = tempfile::tempdir().unwrap();
    let database = common::test_database(&dir).await;
    let (_server, port) = common::server::serve_with(&database.url(), &dir.path().join("recordings"), |cmd| {
        cmd.env("EARMARK_BODY_TIMEOUT_SECS", "1");
    })
    .await;
    let started = std::time::Instant::now();
    let mut slow = tokio::net::TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    slow.write_all(
        format!(
            "POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{{\"email\":"
        )
        .as_bytes(),
    )
    .await
    .unwrap();
    // Meanwhile others are answered at once.
    let healthy = common::server::http(port, "GET", "/healthz", None, None).await;
    assert_eq!(healthy.status, 200);
    assert!(started.elapsed() < std::time::Duration::from_millis(900), "answered before the slow body's timeout");
    let mut reply = Vec::new();
    tokio::time::timeout(std::time::Duration::from_secs(10), slow.read_to_end(&mut reply))
        .await
        .expect("the slow client is cut off within seconds")
        .unwrap();
    let reply = String::from_utf8_lossy(&reply);
    assert!(reply.starts_with("HTTP/1.1 400"), "{reply}");
    assert!(started.elapsed() >= std::time::Duration::from_secs(1), "not before its timeout");
}

#[tokio::test]
async fn a_slow_head_is_cut_off_and_one_address_cannot_take_every_connection() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let dir = tempfile::tempdir().unwrap();
    let database = common::test_database(&dir).await;
    let (_server, port) = common::server::serve_with(&database.url(), &dir.path().join("recordings"), |cmd| {
        cmd.env("EARMARK_HEADER_TIMEOUT_SECS", "1").env("EARMARK_MAX_CONNECTIONS_PER_ADDRESS", "4");
    })
    .await;
    let closed_within = |mut s: tokio::net::TcpStream, secs: u64| async move {
        let mut rest = Vec::new();
        tokio::time::timeout(std::time::Duration::from_secs(secs), s.read_to_end(&mut rest)).await.is_ok()
    };

    // Half a request line, then nothing: closed after the head's timeout.
    let started = std::time::Instant::now();
    let mut slow = tokio::net::TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: x").await.unwrap();
    assert!(closed_within(slow, 10).await, "the slow head is cut off");
    assert!(started.elapsed() >= std::time::Duration::from_secs(1));

    // Four idle connections from 127.0.0.1 take all it may hold: a fifth is closed at once,
    // unanswered, while another address is served.
    let mut held = Vec::new();
    for _ in 0..4 {
        held.push(tokio::net::TcpStream::connect(("127.0.0.1", port)).await.unwrap());
    }
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let mut fifth = tokio::net::TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    let _ = fifth.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").await;
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(std::time::Duration::from_secs(5), fifth.read_to_end(&mut answer)).await;
    assert!(answer.is_empty(), "the fifth connection of one address is closed unanswered");
    let other = tokio::net::TcpSocket::new_v4().unwrap();
    other.bind("127.0.0.2:0".parse().unwrap()).unwrap();
    let mut other = other.connect(format!("127.0.0.1:{port}").parse().unwrap()).await.unwrap();
    other.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await.unwrap();
    let mut reply = Vec::new();
    other.read_to_end(&mut reply).await.unwrap();
    assert!(String::from_utf8_lossy(&reply).starts_with("HTTP/1.1 200"), "another address is served");
    // A slot comes back when its connection ends.
    drop(held.pop());
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert_eq!(common::server::http(port, "GET", "/healthz", None, None).await.status, 200);
}

//! Two Earmark servers (the real binary, two ports) on one PostgreSQL database, as a
//! platform runs them behind a load balancer: a session made on one is valid on the other,
//! a throttled account is throttled on both, a policy write on one changes the other's
//! decisions within a second, and when one stops the other keeps answering.

mod common;

use serde_json::{json, Value};
use std::process::Stdio;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::process::{Child, Command};

const ADMIN: &str = "admin@northwind.demo.test";

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// One HTTP/1.1 request over loopback, the connection closed after it.
async fn http(port: u16, method: &str, path: &str, auth: Option<&str>, body: Option<&Value>) -> Reply {
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port)).await.expect("the server accepts");
    let body = body.map(Value::to_string).unwrap_or_default();
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n");
    match auth {
        Some(a) if a.starts_with("earmark_session=") => req.push_str(&format!("Cookie: {a}\r\n")),
        Some(token) => req.push_str(&format!("Authorization: Bearer {token}\r\n")),
        None => {}
    }
    if !body.is_empty() {
        req.push_str(&format!("Content-Type: application/json\r\nContent-Length: {}\r\n", body.len()));
    }
    req.push_str("\r\n");
    req.push_str(&body);
    stream.write_all(req.as_bytes()).await.expect("request sent");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.expect("reply read");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, rest) = text.split_once("\r\n\r\n").expect("a reply head");
    let mut lines = head.lines();
    let status = lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|s| s.parse().ok()).expect("a status");
    let headers: Vec<(String, String)> =
        lines.filter_map(|l| l.split_once(": ").map(|(k, v)| (k.to_string(), v.to_string()))).collect();
    let chunked = headers.iter().any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    let body = if chunked { dechunk(rest) } else { rest.to_string() };
    Reply { status, headers, body }
}

fn dechunk(mut rest: &str) -> String {
    let mut out = String::new();
    while let Some((size, after)) = rest.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&after[..n]);
        rest = after[n..].trim_start_matches("\r\n");
    }
    out
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn earmark(database: &str, recordings: &std::path::Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_earmark"));
    cmd.env("EARMARK_DATABASE", database)
        .env("EARMARK_RECORDINGS_DIR", recordings)
        .env("LEPTOS_HASH_FILES", "false")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .kill_on_drop(true);
    cmd
}

/// Starts `earmark serve` and waits until it is ready.
async fn serve(database: &str, recordings: &std::path::Path) -> (Child, u16) {
    let port = free_port();
    let child = earmark(database, recordings)
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .spawn()
        .expect("earmark serve starts");
    let started = Instant::now();
    loop {
        if let Ok(mut s) = tokio::net::TcpStream::connect(("127.0.0.1", port)).await {
            let _ = s.shutdown().await;
            if http(port, "GET", "/readyz", None, None).await.status == 200 {
                return (child, port);
            }
        }
        assert!(started.elapsed() < Duration::from_secs(60), "earmark on port {port} did not become ready");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn login(port: u16, email: &str, password: &str) -> Reply {
    http(port, "POST", "/api/v1/session", None, Some(&json!({"email": email, "password": password}))).await
}

#[tokio::test]
async fn two_instances_on_one_postgresql_database_act_as_one() {
    if common::postgres_server().is_none() {
        eprintln!(
            "skipped: two instances share a database only on PostgreSQL, and EARMARK_TEST_POSTGRES names no server \
             (scripts/test starts one)"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let database = common::test_database(&dir).await;
    let app::Location::Postgres(url) = &database.location else { unreachable!("a PostgreSQL test database") };
    let recordings = dir.path().join("recordings");
    let seeded = earmark(url, &recordings).arg("demo").status().await.expect("earmark demo runs");
    assert!(seeded.success(), "earmark demo");
    let (mut a, port_a) = serve(url, &recordings).await;
    let (_b, port_b) = serve(url, &recordings).await;

    // A session made through A is valid on B.
    let signed_in = login(port_a, ADMIN, common::PASSWORD).await;
    assert_eq!(signed_in.status, 200, "{}", signed_in.body);
    let cookie = signed_in
        .header("set-cookie")
        .and_then(|c| c.split(';').next())
        .filter(|c| c.starts_with("earmark_session="))
        .expect("login sets the session cookie")
        .to_string();
    let companies = http(port_b, "GET", "/api/v1/companies", Some(&cookie), None).await;
    assert_eq!(companies.status, 200, "B knows A's session: {}", companies.body);
    let company = companies.json().as_array().unwrap().iter().find(|c| c["name"] == "Northwind Traders").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();

    // The engine's token, made on A, asks B.
    let token = http(
        port_a,
        "POST",
        "/api/v1/tokens",
        Some(&cookie),
        Some(&json!({"company": company, "name": "engine", "privileges": ["recording_policy.view"]})),
    )
    .await;
    assert_eq!(token.status, 201, "{}", token.body);
    let token = token.json()["token"].as_str().unwrap().to_string();
    let devices = http(port_b, "GET", &format!("/api/v1/companies/{company}/devices"), Some(&cookie), None).await;
    let desk = devices.json().as_array().unwrap().iter().find(|d| !d["owner"].is_null()).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let decisions = format!("/api/v1/companies/{company}/decisions");
    let call = json!({"source": {"external": "+15551234567"}, "destination": {"device": desk}});
    let decide = |port| {
        let (decisions, call, token) = (decisions.clone(), call.clone(), token.clone());
        async move {
            let r = http(port, "POST", &decisions, Some(&token), Some(&call)).await;
            assert_eq!(r.status, 200, "decision on port {port}: {}", r.body);
            r.json()["recorded"].as_bool().expect("recorded")
        }
    };
    assert!(!decide(port_b).await, "an external call to a desk is not recorded by the demo policy");

    // A policy write on A: B's next decisions (its cache warm from the one above) change
    // within a second, long before its cache would expire by itself.
    let force = format!("/api/v1/companies/{company}/force-record");
    let mut fr = http(port_a, "GET", &force, Some(&cookie), None).await.json();
    fr["entire_account"]["inbound"]["offnet"] = json!(true);
    let saved = http(port_a, "PUT", &force, Some(&cookie), Some(&fr)).await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    let written = Instant::now();
    while !decide(port_b).await {
        assert!(written.elapsed() < Duration::from_secs(1), "B still answers from before A's write after 1 s");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    eprintln!("B saw A's write after {} ms", written.elapsed().as_millis());

    // An account locked by failures on A is locked on B.
    for _ in 0..5 {
        assert_eq!(login(port_a, "supervisor@northwind.demo.test", "wrong").await.status, 401);
    }
    let locked = login(port_b, "supervisor@northwind.demo.test", common::PASSWORD).await;
    assert_eq!(locked.status, 429, "B refuses the account A locked: {}", locked.body);

    // A stops; B keeps answering.
    a.kill().await.expect("A stops");
    assert!(decide(port_b).await, "B answers with A gone");
    assert_eq!(http(port_b, "GET", "/readyz", None, None).await.status, 200);
}

//! The real `earmark` binary as a test runs it: started on a free port, spoken to over
//! loopback HTTP, stopped by its process.

use serde_json::{json, Value};
use std::process::Stdio;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::process::{Child, Command};

pub struct HttpReply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl HttpReply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// One HTTP/1.1 request over loopback, the connection closed after it.
pub async fn http(port: u16, method: &str, path: &str, auth: Option<&str>, body: Option<&Value>) -> HttpReply {
    let body = body.map(|b| ("application/json".to_string(), b.to_string().into_bytes()));
    http_body(port, method, path, auth, body).await
}

/// The same with a body of any type (a multipart upload).
pub async fn http_body(
    port: u16,
    method: &str,
    path: &str,
    auth: Option<&str>,
    body: Option<(String, Vec<u8>)>,
) -> HttpReply {
    try_http(port, method, path, auth, body).await.expect("the server answers in full")
}

/// The same, `None` when no whole answer came (the server refused the connection, or died
/// before it had answered in full).
pub async fn try_http(
    port: u16,
    method: &str,
    path: &str,
    auth: Option<&str>,
    body: Option<(String, Vec<u8>)>,
) -> Option<HttpReply> {
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port)).await.ok()?;
    let (content_type, body) = body.unwrap_or_default();
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n");
    match auth {
        Some(a) if a.starts_with("earmark_session=") => req.push_str(&format!("Cookie: {a}\r\n")),
        Some(token) => req.push_str(&format!("Authorization: Bearer {token}\r\n")),
        None => {}
    }
    if !body.is_empty() {
        req.push_str(&format!("Content-Type: {content_type}\r\nContent-Length: {}\r\n", body.len()));
    }
    req.push_str("\r\n");
    let mut req = req.into_bytes();
    req.extend_from_slice(&body);
    stream.write_all(&req).await.ok()?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.ok()?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, rest) = text.split_once("\r\n\r\n")?;
    let mut lines = head.lines();
    let status = lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|s| s.parse().ok())?;
    let headers: Vec<(String, String)> =
        lines.filter_map(|l| l.split_once(": ").map(|(k, v)| (k.to_string(), v.to_string()))).collect();
    let header = |name: &str| headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.clone());
    let body = if header("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
        // Whole only with its last, empty chunk.
        if !rest.ends_with("0\r\n\r\n") {
            return None;
        }
        dechunk(rest)
    } else {
        if let Some(len) = header("content-length").and_then(|l| l.parse::<usize>().ok()) {
            if rest.len() < len {
                return None;
            }
        }
        rest.to_string()
    };
    Some(HttpReply { status, headers, body })
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

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

pub fn earmark(database: &str, recordings: &std::path::Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_earmark"));
    cmd.env("EARMARK_DATABASE", database).env("EARMARK_RECORDINGS_DIR", recordings);
    // On the test bucket, servers sharing a recordings folder share a prefix, as instances
    // of one install share its bucket.
    if let Some(endpoint) = super::s3_server() {
        make_test_bucket(&endpoint);
        cmd.env("EARMARK_STORAGE", format!("s3://{}/{}", super::TEST_BUCKET, s3_prefix(recordings)))
            .env("AWS_ENDPOINT_URL", endpoint)
            .env("AWS_REGION", "us-east-1")
            .env("AWS_ACCESS_KEY_ID", "earmark-test")
            .env("AWS_SECRET_ACCESS_KEY", "earmark-test-secret");
    }
    cmd.env("LEPTOS_HASH_FILES", "false").env("RUST_LOG", "warn").stdout(Stdio::null()).kill_on_drop(true);
    cmd
}

/// A fresh database (kept while the answer lives) with the demo data, as `earmark demo` makes
/// it, its URL, and the recordings folder beside it.
pub async fn demo_database(dir: &tempfile::TempDir) -> (super::TestDatabase, String, std::path::PathBuf) {
    let database = super::test_database(dir).await;
    let url = database.url();
    let recordings = dir.path().join("recordings");
    let seeded = earmark(&url, &recordings).arg("demo").status().await.expect("earmark demo runs");
    assert!(seeded.success(), "earmark demo");
    (database, url, recordings)
}

/// Starts `earmark serve` and waits until it is ready.
pub async fn serve(database: &str, recordings: &std::path::Path) -> (Child, u16) {
    serve_with(database, recordings, |_| {}).await
}

/// The same, with the command changed first (an environment variable, where its log goes).
pub async fn serve_with(
    database: &str,
    recordings: &std::path::Path,
    change: impl FnOnce(&mut Command),
) -> (Child, u16) {
    let port = free_port();
    (serve_on(database, recordings, port, change).await, port)
}

/// The same on a port chosen before (one a client already tries).
pub async fn serve_on(
    database: &str,
    recordings: &std::path::Path,
    port: u16,
    change: impl FnOnce(&mut Command),
) -> Child {
    let mut cmd = earmark(database, recordings);
    cmd.args(["serve", "--addr", &format!("127.0.0.1:{port}")]);
    change(&mut cmd);
    let child = cmd.spawn().expect("earmark serve starts");
    let started = Instant::now();
    loop {
        if let Ok(mut s) = tokio::net::TcpStream::connect(("127.0.0.1", port)).await {
            let _ = s.shutdown().await;
            if http(port, "GET", "/readyz", None, None).await.status == 200 {
                return child;
            }
        }
        assert!(started.elapsed() < Duration::from_secs(60), "earmark on port {port} did not become ready");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The id of the company of this name, as the signed-in administrator lists it.
pub async fn company_named(port: u16, cookie: &str, name: &str) -> String {
    let companies = http(port, "GET", "/api/v1/companies", Some(cookie), None).await.json();
    let company = companies.as_array().unwrap().iter().find(|c| c["name"] == name).expect("the company is listed");
    company["id"].as_str().unwrap().to_string()
}

/// A new API token of the company with these privileges, as made: `token` (its secret) and `id`.
pub async fn make_token(port: u16, cookie: &str, company: &str, privileges: &[&str]) -> Value {
    let made = http(
        port,
        "POST",
        "/api/v1/tokens",
        Some(cookie),
        Some(&json!({"company": company, "name": "engine", "privileges": privileges})),
    )
    .await;
    assert_eq!(made.status, 201, "{}", made.body);
    made.json()
}

/// A call to one of the company's desks (a device with an owner), as a decision's body.
pub async fn call_to_a_desk(port: u16, cookie: &str, company: &str) -> Value {
    let devices = http(port, "GET", &format!("/api/v1/companies/{company}/devices"), Some(cookie), None).await;
    let desk = devices.json().as_array().unwrap().iter().find(|d| !d["owner"].is_null()).expect("a desk")["id"].clone();
    json!({"source": {"external": "+15551234567"}, "destination": {"device": desk}})
}

pub async fn login(port: u16, email: &str, password: &str) -> HttpReply {
    http(port, "POST", "/api/v1/session", None, Some(&json!({"email": email, "password": password}))).await
}

/// Makes the test bucket on the S3-compatible server (moto makes one on an unsigned PUT and
/// answers the same for one already made), before a server that checks it at start.
pub fn make_test_bucket(endpoint: &str) {
    use std::io::{Read, Write};
    let addr = endpoint.trim_start_matches("http://").trim_end_matches('/');
    let mut s = std::net::TcpStream::connect(addr).expect("the S3 server accepts");
    write!(s, "PUT /{} HTTP/1.1\r\nHost: {addr}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", super::TEST_BUCKET)
        .expect("asking for the test bucket");
    let mut reply = String::new();
    let _ = s.read_to_string(&mut reply);
    let status = reply.split(' ').nth(1).unwrap_or_default();
    assert!(status.starts_with('2') || status == "409", "making the test bucket: {reply}");
}

/// The bucket prefix of the servers sharing this recordings folder.
fn s3_prefix(recordings: &std::path::Path) -> String {
    recordings.to_string_lossy().replace(['/', '.'], "-").trim_matches('-').to_string()
}

/// The storage the servers sharing this recordings folder keep recordings in, to look at or
/// to damage from a test.
pub async fn storage_of(recordings: &std::path::Path) -> app::RecordingStorage {
    match super::s3_server() {
        Some(endpoint) => app::RecordingStorage::s3(&super::test_s3_account(&endpoint, &s3_prefix(recordings)).await)
            .expect("the S3 storage"),
        None => app::RecordingStorage::local(recordings).expect("the recordings folder"),
    }
}

//! Soak: many signed-in sessions (HTTP clients with their cookies, keeping their connections)
//! against the real server at once, each going round page loads, searches, plays with
//! seeking, policy saves and decisions, while the server's memory is read every second.
//! Every answer must be the right one (a save that lost a race to another session is a 409,
//! which counts as answered); the memory over time is printed with the latencies.
//!
//! `EARMARK_SOAK_SESSIONS` and `EARMARK_SOAK_SECS` size it (50 sessions for 15 s by default,
//! in CI; the benchmark of docs/PERFORMANCE.md ran 500 for 300); `EARMARK_SOAK_LOG` names a
//! file for the server's log. The figures are printed.

mod common;

use common::server::{company_named, login, make_token, serve_with};
use common::sql;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const ADMIN: &str = "admin@northwind.demo.test";
const KINDS: [&str; 5] = ["page", "search", "play", "save", "decision"];

fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

#[derive(Default)]
struct Kind {
    times: Vec<Duration>,
    errors: Vec<String>,
    races: usize,
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i].as_secs_f64() * 1000.0
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_sessions_at_once_are_answered_without_errors_in_bounded_memory() {
    let env = |name: &str, default: u64| std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default);
    let (sessions, secs) = (env("EARMARK_SOAK_SESSIONS", 50) as usize, env("EARMARK_SOAK_SECS", 15));
    let dir = tempfile::tempdir().unwrap();
    let (database, url, recordings) = common::server::demo_database(&dir).await;
    let (server, port) = serve_with(&url, &recordings, |c| {
        c.env("EARMARK_MAX_CONNECTIONS_PER_ADDRESS", "4096");
        if let Ok(path) = std::env::var("EARMARK_SOAK_LOG") {
            let log = std::fs::OpenOptions::new().create(true).append(true).open(path).unwrap();
            c.stdout(log);
        }
    })
    .await;
    let pid = server.id().expect("the server's pid");
    let first = login(port, ADMIN, common::PASSWORD).await;
    let cookie = first.header("set-cookie").and_then(|c| c.split(';').next()).unwrap().to_string();
    let company = company_named(port, &cookie, "Northwind Traders").await;
    let token =
        make_token(port, &cookie, &company, &["recording_policy.view"]).await["token"].as_str().unwrap().to_string();
    let db = app::Db::open(&database.location).await.unwrap();
    let (recording, size): (String, i64) =
        sql(&db, "SELECT id, size_bytes FROM recordings WHERE company_id = ? ORDER BY size_bytes DESC LIMIT 1")
            .bind(&company)
            .row()
            .await
            .unwrap();
    let seek_within = (size as usize).saturating_sub(16_384).max(1);
    let users: Vec<String> =
        sql(&db, "SELECT id FROM users WHERE company_id = ? ORDER BY name").bind(&company).scalars().await.unwrap();
    let desk = common::server::call_to_a_desk(port, &cookie, &company).await;
    let base = format!("http://127.0.0.1:{port}");

    // Signed in one by one through the API, as each browser would be.
    let signing_in = Instant::now();
    let mut clients = Vec::new();
    for _ in 0..sessions {
        let client = reqwest::Client::builder().pool_max_idle_per_host(1).build().unwrap();
        let r = client
            .post(format!("{base}/api/v1/session"))
            .json(&json!({"email": ADMIN, "password": common::PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "a sign-in");
        let cookie = r.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
        clients.push((client, cookie));
    }
    let signed_in = signing_in.elapsed();

    let kinds: Arc<Mutex<BTreeMap<&'static str, Kind>>> = Arc::default();
    let rss: Arc<Mutex<Vec<u64>>> = Arc::default();
    let until = Instant::now() + Duration::from_secs(secs);
    let sampler = {
        let rss = rss.clone();
        tokio::spawn(async move {
            while Instant::now() < until {
                rss.lock().unwrap().push(rss_kib(pid));
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        })
    };
    let mut tasks = Vec::new();
    for (n, (client, cookie)) in clients.into_iter().enumerate() {
        let (kinds, base, company, recording, token, desk) =
            (kinds.clone(), base.clone(), company.clone(), recording.clone(), token.clone(), desk.clone());
        let user = users[n % users.len()].clone();
        tasks.push(tokio::spawn(async move {
            let mut i = n;
            while Instant::now() < until {
                i += 1;
                let kind = KINDS[i % KINDS.len()];
                let started = Instant::now();
                let outcome: Result<u16, String> = async {
                    let get = |path: String| client.get(format!("{base}{path}")).header("cookie", &cookie);
                    let r = match kind {
                        "page" => get(format!("/c/{company}/users")).send().await,
                        "search" => get(format!("/c/{company}/recordings?q=lee")).send().await,
                        "play" => {
                            let from = (i * 7919) % seek_within;
                            get(format!("/recordings/{recording}/audio"))
                                .header("range", format!("bytes={from}-{}", from + 16_383))
                                .send()
                                .await
                        }
                        "save" => {
                            let current =
                                get(format!("/api/v1/users/{user}")).send().await.map_err(|e| e.to_string())?;
                            let v: Value = current.json().await.map_err(|e| e.to_string())?;
                            let body = json!({"override": v["override"], "seat": v["seat"], "version": v["version"]});
                            client
                                .put(format!("{base}/api/v1/users/{user}"))
                                .header("cookie", &cookie)
                                .json(&body)
                                .send()
                                .await
                        }
                        _ => {
                            client
                                .post(format!("{base}/api/v1/companies/{company}/decisions"))
                                .bearer_auth(&token)
                                .json(&desk)
                                .send()
                                .await
                        }
                    }
                    .map_err(|e| e.to_string())?;
                    let status = r.status().as_u16();
                    r.bytes().await.map_err(|e| e.to_string())?;
                    Ok(status)
                }
                .await;
                let took = started.elapsed();
                let mut kinds = kinds.lock().unwrap();
                let k = kinds.entry(kind).or_default();
                match (kind, outcome) {
                    ("play", Ok(206)) | (_, Ok(200)) => k.times.push(took),
                    ("save", Ok(409)) => {
                        k.times.push(took);
                        k.races += 1;
                    }
                    (_, Ok(status)) => k.errors.push(format!("{status}")),
                    (_, Err(e)) => k.errors.push(e),
                }
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    sampler.await.unwrap();

    let kinds = kinds.lock().unwrap();
    let rss = rss.lock().unwrap();
    let mib = |k: u64| k as f64 / 1024.0;
    let (low, high, last) = (
        rss.iter().copied().min().unwrap_or(0),
        rss.iter().copied().max().unwrap_or(0),
        rss.last().copied().unwrap_or(0),
    );
    eprintln!(
        "soak: {sessions} sessions for {secs} s (signed in in {:.1} s); server memory {:.0} to {:.0} MiB, {:.0} MiB at the end",
        signed_in.as_secs_f64(),
        mib(low),
        mib(high),
        mib(last)
    );
    let mut errors = Vec::new();
    for (name, k) in kinds.iter() {
        let mut sorted = k.times.clone();
        sorted.sort();
        eprintln!(
            "  {name:<8} {:>7} answered {:>7.1}/s  p50 {:>7.1} ms  p99 {:>7.1} ms  errors {}  lost races (409) {}",
            sorted.len(),
            sorted.len() as f64 / secs as f64,
            percentile(&sorted, 0.50),
            percentile(&sorted, 0.99),
            k.errors.len(),
            k.races
        );
        errors.extend(k.errors.iter().take(3).map(|e| format!("{name}: {e}")));
    }
    assert!(errors.is_empty(), "errors under load: {errors:?}");
    assert!(KINDS.iter().all(|k| kinds.get(k).is_some_and(|k| !k.times.is_empty())), "every kind was answered");
}

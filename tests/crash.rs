//! Crash safety: rounds of starting the real server, uploads and policy writes at once, and a
//! `kill -9` at a random moment; after each restart, nothing answered is lost and nothing
//! half written is left: every upload answered 2xx is stored with the same bytes (SHA-256),
//! no recording is without its audio and no audio without its recording, every answered
//! write is there with its audit entry, and no write is there without one.
//!
//! `EARMARK_CRASH_ROUNDS` sets the rounds (50 by default); `EARMARK_CRASH_LOG` names a file for
//! the servers' logs. The figures are printed.

mod common;

use common::recordings::{meta, tone, upload_body};
use common::server::{company_named, login, make_token, serve_with, try_http, HttpReply};
use common::sql;
use serde_json::{json, Value};
use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const ADMIN: &str = "admin@northwind.demo.test";

/// What the server answered before it was killed.
#[derive(Clone, Default)]
struct Answered {
    /// Recording id → the SHA-256 of the audio sent.
    uploads: HashMap<String, String>,
    /// Queues created.
    queues: Vec<String>,
    /// The version each force-record save answered.
    force_record: Vec<i64>,
}

/// A random number below `n`, without a generator to share between tasks.
fn below(n: u64) -> u64 {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos() as u64;
    (nanos ^ u64::from_str_radix(&uuid::Uuid::new_v4().simple().to_string()[..12], 16).unwrap()) % n
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

fn cookie_of(r: &HttpReply) -> String {
    r.header("set-cookie").and_then(|c| c.split(';').next()).expect("a session cookie").to_string()
}

#[tokio::test]
async fn a_kill_9_loses_nothing_that_was_answered_and_leaves_nothing_half_written() {
    let rounds: usize = std::env::var("EARMARK_CRASH_ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(50);
    let dir = tempfile::tempdir().unwrap();
    let (database, url, recordings) = common::server::demo_database(&dir).await;
    let db = app::Db::open(&database.location).await.unwrap();
    let storage = common::server::storage_of(&recordings).await;
    // Every unfinished upload at a restart is one the kill cut short: swept at once.
    let start = || {
        serve_with(&url, &recordings, |c| {
            c.env("EARMARK_UPLOAD_SWEEP_AFTER_SECS", "0");
            if let Ok(path) = std::env::var("EARMARK_CRASH_LOG") {
                let log = std::fs::OpenOptions::new().create(true).append(true).open(path).unwrap();
                c.stdout(log).env("RUST_LOG", "info,sqlx=warn");
            }
        })
    };

    let (first, port) = start().await;
    let cookie = cookie_of(&login(port, ADMIN, common::PASSWORD).await);
    let company = company_named(port, &cookie, "Northwind Traders").await;
    let token =
        make_token(port, &cookie, &company, &["recordings.upload"]).await["token"].as_str().unwrap().to_string();
    drop(first);
    let force_path = format!("/api/v1/companies/{company}/force-record");
    let initial_version: i64 =
        sql(&db, "SELECT version FROM force_record WHERE company_id = ?").bind(&company).scalar().await.unwrap();
    let answered = Arc::new(Mutex::new(Answered::default()));
    let mut attempts = 0usize;

    for round in 0..=rounds {
        let (mut server, port) = start().await;
        let snapshot = answered.lock().unwrap().clone();
        verify(&db, &storage, &snapshot, &company, initial_version).await;
        if round == rounds {
            break;
        }
        let stop = Arc::new(AtomicBool::new(false));
        let mut tasks = Vec::new();
        for worker in 0..3usize {
            let (stop, answered, token, company) = (stop.clone(), answered.clone(), token.clone(), company.clone());
            tasks.push(tokio::spawn(async move {
                let mut n: usize = 0;
                while !stop.load(Ordering::Relaxed) {
                    n += 1;
                    let call = format!("crash-{round}-{worker}-{n}");
                    let audio = tone(8000 + 400 * worker + n, 2000 + n as i16);
                    let body = upload_body(&meta(&call), &audio);
                    let path = format!("/api/v1/companies/{company}/recordings");
                    match try_http(port, "POST", &path, Some(&token), Some(body)).await {
                        Some(r) if r.status == 201 => {
                            let id = r.json()["id"].as_str().unwrap().to_string();
                            answered.lock().unwrap().uploads.insert(id, sha256(&audio));
                        }
                        Some(r) => panic!("an upload was refused: {} {}", r.status, r.body),
                        None => break,
                    }
                }
                n
            }));
        }
        {
            let (stop, answered, cookie, company) = (stop.clone(), answered.clone(), cookie.clone(), company.clone());
            tasks.push(tokio::spawn(async move {
                let mut n: usize = 0;
                while !stop.load(Ordering::Relaxed) {
                    n += 1;
                    let body = json!({"name": format!("Crash {round}-{n}")});
                    let json = ("application/json".to_string(), body.to_string().into_bytes());
                    match try_http(
                        port,
                        "POST",
                        &format!("/api/v1/companies/{company}/queues"),
                        Some(&cookie),
                        Some(json),
                    )
                    .await
                    {
                        Some(r) if r.status == 201 => {
                            answered.lock().unwrap().queues.push(r.json()["id"].as_str().unwrap().into())
                        }
                        Some(r) => panic!("a queue was refused: {} {}", r.status, r.body),
                        None => break,
                    }
                }
                n
            }));
        }
        {
            let (stop, answered, cookie, path) = (stop.clone(), answered.clone(), cookie.clone(), force_path.clone());
            tasks.push(tokio::spawn(async move {
                let mut n: usize = 0;
                while !stop.load(Ordering::Relaxed) {
                    n += 1;
                    let Some(current) = try_http(port, "GET", &path, Some(&cookie), None).await else { break };
                    let mut body: Value = current.json();
                    let on = body["entire_account"]["inbound"]["offnet"].as_bool().unwrap_or(false);
                    body["entire_account"]["inbound"]["offnet"] = json!(!on);
                    let body = json!({
                        "all_users": body["all_users"], "entire_account": body["entire_account"],
                        "on_demand": body["on_demand"], "version": body["version"],
                    });
                    let json = ("application/json".to_string(), body.to_string().into_bytes());
                    match try_http(port, "PUT", &path, Some(&cookie), Some(json)).await {
                        Some(r) if r.status == 200 => {
                            answered.lock().unwrap().force_record.push(r.json()["version"].as_i64().unwrap())
                        }
                        Some(r) => panic!("a force-record save was refused: {} {}", r.status, r.body),
                        None => break,
                    }
                }
                n
            }));
        }
        tokio::time::sleep(Duration::from_millis(150 + below(1200))).await;
        server.kill().await.expect("kill -9");
        stop.store(true, Ordering::Relaxed);
        for t in tasks {
            attempts += t.await.expect("a client task");
        }
    }
    let a = answered.lock().unwrap();
    let writes = a.queues.len() + a.force_record.len();
    eprintln!(
        "crash safety: {rounds} rounds of kill -9; {attempts} requests sent, {} uploads and {writes} policy writes answered; lost 0",
        a.uploads.len()
    );
    assert!(a.uploads.len() >= rounds && writes >= rounds, "the rounds did real work");
}

/// The checks after a restart.
async fn verify(db: &app::Db, storage: &app::RecordingStorage, a: &Answered, company: &str, initial_version: i64) {
    // Every answered upload, with its bytes.
    let rows: Vec<(String, String, String)> =
        sql(db, "SELECT id, storage_key, sha256 FROM recordings").rows().await.unwrap();
    let by_id: HashMap<&str, (&str, &str)> =
        rows.iter().map(|(id, k, s)| (id.as_str(), (k.as_str(), s.as_str()))).collect();
    for (id, sent) in &a.uploads {
        let (key, stored) = by_id.get(id.as_str()).unwrap_or_else(|| panic!("the answered upload {id} is lost"));
        assert_eq!(stored, sent, "recording {id} stored other bytes than were sent");
        let (on_disk, _) = storage.sha256_of(key).await.unwrap_or_else(|e| panic!("recording {id} has no audio: {e}"));
        assert_eq!(&on_disk, sent, "recording {id}'s audio is not what was sent");
    }
    // No recording without audio, no audio without a recording, nothing left unfinished.
    let keys: BTreeSet<String> = rows.iter().map(|(_, k, _)| k.clone()).collect();
    let objects: BTreeSet<String> = storage.list().await.unwrap().into_iter().map(|o| o.key).collect();
    let without_audio: Vec<_> = keys.difference(&objects).collect();
    let without_row: Vec<_> = objects.difference(&keys).collect();
    assert!(without_audio.is_empty(), "recordings without audio: {without_audio:?}");
    assert!(without_row.is_empty(), "audio without a recording: {without_row:?}");
    let unfinished: i64 = sql(db, "SELECT COUNT(*) FROM upload_intents").scalar().await.unwrap();
    assert_eq!(unfinished, 0, "unfinished uploads left after the restart's sweep");
    // Each uploaded recording with its audit entry, and each entry with its recording (the
    // demo's recordings were not uploaded).
    let uploaded: i64 = sql(db, "SELECT COUNT(*) FROM recordings WHERE call_id LIKE 'crash-%'").scalar().await.unwrap();
    let audited: i64 = sql(
        db,
        "SELECT COUNT(DISTINCT object_id) FROM audit_log WHERE action = 'recording.upload' AND outcome = 'ok' \
         AND object_id IN (SELECT id FROM recordings WHERE call_id LIKE 'crash-%')",
    )
    .scalar()
    .await
    .unwrap();
    let entries: i64 = sql(db, "SELECT COUNT(*) FROM audit_log WHERE action = 'recording.upload' AND outcome = 'ok'")
        .scalar()
        .await
        .unwrap();
    assert_eq!((audited, entries), (uploaded, uploaded), "uploaded recordings and their audit entries");
    // Every answered queue, each created queue with its entry.
    let crash_queues: Vec<String> = sql(db, "SELECT id FROM queues WHERE name LIKE 'Crash %'").scalars().await.unwrap();
    let made: BTreeSet<&str> = crash_queues.iter().map(String::as_str).collect();
    for q in &a.queues {
        assert!(made.contains(q.as_str()), "the answered queue {q} is lost");
    }
    let queue_entries: i64 = sql(
        db,
        "SELECT COUNT(DISTINCT object_id) FROM audit_log WHERE action = 'queue.create' AND outcome = 'ok' \
         AND object_id IN (SELECT id FROM queues WHERE name LIKE 'Crash %')",
    )
    .scalar()
    .await
    .unwrap();
    assert_eq!(queue_entries, crash_queues.len() as i64, "a queue without its audit entry");
    // Force record: each committed save moved the version by one and wrote one entry.
    let version: i64 =
        sql(db, "SELECT version FROM force_record WHERE company_id = ?").bind(company).scalar().await.unwrap();
    let saves: i64 = sql(
        db,
        "SELECT COUNT(*) FROM audit_log WHERE action = 'force_record.update' AND outcome = 'ok' AND company_id = ?",
    )
    .bind(company)
    .scalar()
    .await
    .unwrap();
    assert_eq!(version - initial_version, saves, "force-record versions and their audit entries");
    if let Some(last) = a.force_record.iter().max() {
        assert!(version >= *last, "the answered force-record save {last} is lost (version {version})");
    }
    assert!(a.force_record.len() as i64 <= saves);
}

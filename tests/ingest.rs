//! `earmark ingest` against the real server: a spool of finished recordings is uploaded once,
//! what Earmark refuses waits in `failed/` with its reason, a recording a crashed run had sent
//! is not stored twice, and an ingest started before Earmark uploads once Earmark is up.

mod common;

use common::server::{company_named, free_port, http, http_body, login, make_token, serve, serve_on};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};

const ADMIN: &str = "admin@northwind.demo.test";

/// A demo database, and the recordings folder beside it.
async fn demo(dir: &tempfile::TempDir) -> (common::TestDatabase, std::path::PathBuf) {
    let database = common::test_database(dir).await;
    let recordings = dir.path().join("recordings");
    let seeded = common::server::earmark(&database.url(), &recordings).arg("demo").status().await.unwrap();
    assert!(seeded.success(), "earmark demo");
    (database, recordings)
}

/// The signed-in cookie, Northwind's id and an upload token of it.
async fn engine(port: u16) -> (String, String, String) {
    let signed_in = login(port, ADMIN, common::PASSWORD).await;
    assert_eq!(signed_in.status, 200, "{}", signed_in.body);
    let cookie = signed_in.header("set-cookie").and_then(|c| c.split(';').next()).unwrap().to_string();
    let company = company_named(port, &cookie, "Northwind Traders").await;
    let token =
        make_token(port, &cookie, &company, &["recordings.upload"]).await["token"].as_str().unwrap().to_string();
    (cookie, company, token)
}

fn ingest(spool: &Path, port: u16, token: &str) -> tokio::process::Command {
    let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_earmark"));
    cmd.args(["ingest", "--spool"])
        .arg(spool)
        .env("EARMARK_INGEST_URL", format!("http://127.0.0.1:{port}"))
        .env("EARMARK_INGEST_TOKEN", token)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .kill_on_drop(true);
    cmd
}

/// A recording of the spool: its audio, then its sidecar (last, as an engine writes it).
fn put(dir: &Path, name: &str, audio: &[u8], sidecar: &Value) {
    std::fs::write(dir.join(format!("{name}.wav")), audio).unwrap();
    std::fs::write(dir.join(format!("{name}.json")), sidecar.to_string()).unwrap();
}

fn sidecar(company: &str, call_id: &str) -> Value {
    json!({"company": company, "metadata": common::recordings::meta(call_id)})
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The recording id a line `uploaded        NAME: recording ID` names.
fn recording_of(out: &str, verb: &str, name: &str) -> String {
    let line = out.lines().find(|l| l.starts_with(verb) && l.contains(&format!(" {name}: "))).unwrap_or_else(|| {
        panic!("no `{verb}` line for {name} in:\n{out}");
    });
    line.rsplit(' ').next().unwrap().to_string()
}

#[tokio::test]
async fn a_spool_is_uploaded_once_and_what_is_refused_waits_in_failed_with_its_reason() {
    let dir = tempfile::tempdir().unwrap();
    let (database, recordings) = demo(&dir).await;
    let (_server, port) = serve(&database.url(), &recordings).await;
    let (cookie, company, token) = engine(port).await;
    let spool = dir.path().join("spool");
    std::fs::create_dir_all(spool.join("uploading")).unwrap();

    let audio = common::recordings::tone(8000, 9000);
    put(&spool, "call-a", &audio, &sidecar(&company, "ingest-a"));
    let mut unknown_device = sidecar(&company, "ingest-b");
    unknown_device["metadata"]["device"] = json!("no-such-device");
    put(&spool, "call-b", &audio, &unknown_device);
    let mut misspelled = sidecar(&company, "ingest-c");
    misspelled["metadata"]["colour"] = json!("blue");
    put(&spool, "call-c", &audio, &misspelled);
    std::fs::write(spool.join("call-d.json"), sidecar(&company, "ingest-d").to_string()).unwrap();
    let mut negative = sidecar(&company, "ingest-e");
    negative["metadata"]["duration_seconds"] = json!(-1);
    put(&spool, "call-e", &audio, &negative);
    // Still being written: left alone.
    std::fs::write(spool.join("call-g.json.tmp"), "{").unwrap();
    // A run killed after Earmark stored it, before the files moved on.
    let crashed = tone_of(7000);
    let stored = http_body(
        port,
        "POST",
        &format!("/api/v1/companies/{company}/recordings"),
        Some(&token),
        Some(common::recordings::upload_body(&common::recordings::meta("ingest-f"), &crashed)),
    )
    .await;
    assert_eq!(stored.status, 201, "{}", stored.body);
    put(&spool.join("uploading"), "call-f", &crashed, &sidecar(&company, "ingest-f"));

    let run = ingest(&spool, port, &token).arg("--once").output().await.unwrap();
    let out = String::from_utf8_lossy(&run.stdout).into_owned();
    assert!(run.status.success(), "{out}\n{}", String::from_utf8_lossy(&run.stderr));
    assert!(out.ends_with("1 uploaded, 1 already stored, 4 failed, 0 waiting\n"), "{out}");

    let a = recording_of(&out, "uploaded", "call-a");
    let f = recording_of(&out, "already stored", "call-f");
    assert_eq!(f, stored.json()["id"].as_str().unwrap(), "the crashed run's recording, not a second one");
    let details = http(port, "GET", &format!("/api/v1/recordings/{a}"), Some(&cookie), None).await;
    assert_eq!(details.status, 200, "{}", details.body);
    let details = details.json();
    assert_eq!(details["call_id"], "ingest-a", "{details}");
    assert_eq!(details["trace"], common::recordings::meta("x")["trace"], "the decision's trace came along");
    assert_eq!(details["sha256"], hex::encode(Sha256::digest(&audio)), "the same bytes");
    assert_eq!(stored_calls(port, &cookie, &company).await, ["ingest-a", "ingest-f"]);

    assert_eq!(names(&spool), ["call-g.json.tmp"], "only the one still being written is left");
    assert!(names(&spool.join("uploading")).is_empty());
    assert_eq!(names(&spool.join("done")), ["call-a.json", "call-a.wav", "call-f.json", "call-f.wav"]);
    let failed = spool.join("failed");
    let reason = |name: &str| std::fs::read_to_string(failed.join(format!("{name}.reason.txt"))).unwrap();
    assert!(reason("call-b").contains("422") && reason("call-b").contains("no-such-device"), "{}", reason("call-b"));
    assert!(reason("call-c").contains("unknown field `colour`"), "{}", reason("call-c"));
    assert!(reason("call-d").contains("no call-d.wav"), "{}", reason("call-d"));
    assert!(reason("call-e").contains("metadata.duration_seconds"), "refused before sending: {}", reason("call-e"));
    assert!(failed.join("call-b.wav").is_file() && failed.join("call-b.json").is_file(), "kept to send again");

    // A second run finds nothing to do.
    let again = ingest(&spool, port, &token).arg("--once").output().await.unwrap();
    assert_eq!(String::from_utf8_lossy(&again.stdout), "0 uploaded, 0 already stored, 0 failed, 0 waiting\n");
}

/// The call ids of the company's recordings this test's uploads made (on their start day).
async fn stored_calls(port: u16, cookie: &str, company: &str) -> Vec<String> {
    let path = format!("/api/v1/companies/{company}/recordings?from=2026-03-04&to=2026-03-04&limit=200");
    let listed = http(port, "GET", &path, Some(cookie), None).await.json();
    let mut calls: Vec<String> = listed["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["call_id"].as_str().filter(|c| c.starts_with("ingest-")).map(str::to_string))
        .collect();
    calls.sort();
    calls
}

async fn next_line(lines: &mut tokio::io::Lines<BufReader<tokio::process::ChildStdout>>) -> Option<String> {
    tokio::time::timeout(Duration::from_secs(60), lines.next_line()).await.expect("a line in time").unwrap()
}

fn tone_of(level: i16) -> Vec<u8> {
    common::recordings::tone(8000, level)
}

#[tokio::test]
async fn an_ingest_started_before_earmark_uploads_once_earmark_is_up() {
    let dir = tempfile::tempdir().unwrap();
    let (database, recordings) = demo(&dir).await;
    let (mut first, first_port) = serve(&database.url(), &recordings).await;
    let (cookie, company, token) = engine(first_port).await;
    first.kill().await.unwrap();
    let spool = dir.path().join("spool");
    std::fs::create_dir_all(&spool).unwrap();
    let audio = tone_of(9000);
    put(&spool, "call-1", &audio, &sidecar(&company, "ingest-late-1"));

    let port = free_port();
    let mut watcher = ingest(&spool, port, &token)
        .args(["--poll-secs", "1", "--max-backoff-secs", "1", "--delete-uploaded"])
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(watcher.stdout.take().unwrap()).lines();
    let waiting = next_line(&mut lines).await.expect("a line");
    assert!(waiting.starts_with("waiting") && waiting.contains("not reachable"), "{waiting}");
    assert_eq!(names(&spool.join("uploading")), ["call-1.json", "call-1.wav"], "claimed, not lost");

    let _server = serve_on(&database.url(), &recordings, port, |_| {}).await;
    // One that arrives while it watches is picked up too.
    put(&spool, "call-2", &audio, &sidecar(&company, "ingest-late-2"));
    let mut uploaded = Vec::new();
    while uploaded.len() < 2 {
        let line = next_line(&mut lines).await.expect("the ingest still runs");
        if line.starts_with("uploaded") {
            uploaded.push(line);
        } else {
            assert!(line.starts_with("waiting"), "{line}");
        }
    }
    assert!(uploaded[0].contains("call-1: recording ") && uploaded[1].contains("call-2: recording "), "{uploaded:?}");

    let stopped = std::process::Command::new("kill").args(["-TERM", &watcher.id().unwrap().to_string()]).status();
    assert!(stopped.unwrap().success());
    let summary = next_line(&mut lines).await.expect("a summary");
    assert_eq!(summary, "2 uploaded, 0 already stored, 0 failed, 0 waiting (stopped)");
    assert!(watcher.wait().await.unwrap().success());
    for folder in [spool.clone(), spool.join("uploading"), spool.join("done")] {
        assert!(names(&folder).is_empty(), "deleted once uploaded: {folder:?} {:?}", names(&folder));
    }
    assert_eq!(stored_calls(port, &cookie, &company).await, ["ingest-late-1", "ingest-late-2"]);
}

#[test]
fn the_documented_sidecar_is_one_the_ingest_reads() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/INGEST.md")).unwrap();
    let example = doc.split("```json\n").nth(1).and_then(|rest| rest.split("```").next()).expect("a JSON example");
    let sidecar: earmark::ingest::Sidecar = serde_json::from_str(example).expect("the example parses");
    assert_eq!(sidecar.metadata.validate().errors, vec![], "and passes the upload's checks");
}

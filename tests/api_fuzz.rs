//! The API as a fuzzer sees it: schemathesis (PyPI, installed by scripts/lib.sh) reads
//! `/api/v1/openapi.json` from the real server with demo data and tries every operation as a
//! company administrator's token, with real ids for the path parameters: examples, the
//! coverage of every limit the document states, random fuzzing and the stateful phase. Its
//! checks: no server error, only documented statuses, answers of the documented shape, data
//! the document refuses refused (negative), data it allows accepted (positive).
//!
//! `EARMARK_FUZZ_EXAMPLES` sets the examples per operation and phase (10 by default, in CI).
//! The only exceptions are written in [`CONFIG`], each with its reason.

mod common;

use common::server::{company_named, http, login, make_token, serve_with};
use serde_json::{json, Value};
use std::path::PathBuf;

const ADMIN: &str = "admin@northwind.demo.test";
const CHECKS: &str =
    "not_a_server_error,status_code_conformance,response_schema_conformance,negative_data_rejection,positive_data_acceptance";

/// Operations whose body names objects that must exist (an owner, a team, an audio file),
/// whose outcome turns on the state of the data (a name already taken, audio in use, a
/// recording under legal hold) or on what a file holds: a document of shapes cannot say which
/// ids exist, what is in use or what bytes are audio, so a schema-valid body may rightly be
/// refused by field (422). Everything else must be accepted.
const BEYOND_THE_SCHEMA: &[(&str, &str)] = &[
    ("POST /companies/{c}/decisions", "the source and destination name a device or queue of the company"),
    ("POST /companies/{c}/devices", "the owner is a user of the company"),
    ("PUT /devices/{d}", "the owner is a user of the company"),
    ("PUT /companies/{c}/devices/by-external-id/{x}", "the owner's external id is a user of the company"),
    ("POST /companies/{c}/users", "the team is one of the company's; the extension and external id are free"),
    ("PUT /companies/{c}/users/by-external-id/{x}", "the team is one of the company's; the extension is free"),
    ("POST /companies/{c}/teams", "the name is free; members and queues are the company's"),
    ("PUT /companies/{c}/teams/{team}", "the name is free; members and queues are the company's"),
    ("POST /companies/{c}/queues", "the name is free; the opt-in audio is in the company's library"),
    ("PUT /queues/{q}", "the opt-in audio is in the company's library"),
    ("PUT /companies/{c}/treatment", "the announcement is an MP3 of the company's library"),
    ("PUT /users/{u}/treatment", "the announcement is an MP3 of the company's library"),
    ("POST /companies/{c}/recordings", "the queue, user and device are the company's"),
    ("PUT /audio/{a}", "only a playbook can be changed, and its files are the company's"),
    ("DELETE /audio/{a}", "audio a queue or treatment plays cannot be deleted"),
    ("DELETE /recordings/{id}", "a recording under legal hold cannot be deleted"),
    ("POST /companies/{c}/imports", "what the file holds is read as CSV, line by line"),
    ("POST /companies/{c}/recordings/legal-hold", "a reason is needed to place holds, not to release them"),
    ("POST /companies/{c}/audio", "the file's bytes must be WAV, MP3 or OGG audio"),
    ("PUT /companies/{c}/storage", "a blank secret keeps the saved one, so it is refused while none is saved"),
    ("POST /tokens", "the company is one the caller administers, and the privileges are the caller's"),
];

fn schemathesis() -> Option<PathBuf> {
    let path = std::env::var_os("EARMARK_SCHEMATHESIS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".tools/venv/bin/schemathesis"));
    path.exists().then_some(path)
}

fn id_of(v: &Value, n: usize) -> String {
    let list = v.as_array().cloned().or_else(|| v.as_object()?.values().find_map(|x| x.as_array().cloned()));
    list.and_then(|l| l.get(n)?["id"].as_str().map(String::from)).expect("an object of the demo data")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_fuzzer_finds_every_operation_as_its_document_says() {
    let Some(schemathesis) = schemathesis() else {
        eprintln!("skipped: schemathesis is not installed (.tools/venv, scripts/lib.sh ensure_python_servers)");
        return;
    };
    let examples = std::env::var("EARMARK_FUZZ_EXAMPLES").unwrap_or_else(|_| "10".into());
    let dir = tempfile::tempdir().unwrap();
    let (_database, url, recordings) = common::server::demo_database(&dir).await;
    let secret = format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple());
    let (_server, port) = serve_with(&url, &recordings, |c| {
        c.env("EARMARK_SECRET_KEY", &secret).env("EARMARK_MAX_CONNECTIONS_PER_ADDRESS", "4096");
    })
    .await;
    let signed = login(port, ADMIN, common::PASSWORD).await;
    let privileges = signed.json()["administrator"]["privileges"].clone();
    let cookie = signed.header("set-cookie").and_then(|c| c.split(';').next()).unwrap().to_string();
    let c = company_named(port, &cookie, "Northwind Traders").await;
    let privileges: Vec<&str> = privileges.as_array().unwrap().iter().map(|p| p.as_str().unwrap()).collect();
    let token = make_token(port, &cookie, &c, &privileges).await["token"].as_str().unwrap().to_string();
    let get = |path: String| {
        let cookie = cookie.clone();
        async move { http(port, "GET", &format!("/api/v1{path}"), Some(&cookie), None).await.json() }
    };
    let (queues, users, devices, teams, audio, recordings_page) = (
        get(format!("/companies/{c}/queues")).await,
        get(format!("/companies/{c}/users")).await,
        get(format!("/companies/{c}/devices")).await,
        get(format!("/companies/{c}/teams")).await,
        get(format!("/companies/{c}/audio")).await,
        get(format!("/companies/{c}/recordings")).await,
    );
    let reseller = get("/companies".into()).await[0]["reseller"].as_str().unwrap().to_string();
    // What the deletes take away is not what the other operations read and change.
    let other_token = make_token(port, &cookie, &c, &["queues.view"]).await["id"].as_str().unwrap().to_string();
    let doomed_token = make_token(port, &cookie, &c, &["queues.view"]).await["id"].as_str().unwrap().to_string();
    // A call the engine was told to record, for the call events: inbound calls from outside
    // are recorded, as the company administrator sets it.
    let force = format!("/api/v1/companies/{c}/force-record");
    let mut record = get(format!("/companies/{c}/force-record")).await;
    record["entire_account"]["inbound"]["offnet"] = json!(true);
    let set = http(port, "PUT", &force, Some(&cookie), Some(&record)).await;
    assert_eq!(set.status, 200, "{}", set.body);
    let line = http(
        port,
        "POST",
        &format!("/api/v1/companies/{c}/queues"),
        Some(&cookie),
        Some(&json!({"name": "Fuzz line", "contact_center": {"selection": {"kind": "all"}}})),
    )
    .await
    .json();
    let decision =
        json!({"source": {"external": "+15551234567"}, "destination": {"queue": line["id"]}, "call_id": "fuzz-call"});
    let decided = http(port, "POST", &format!("/api/v1/companies/{c}/decisions"), Some(&token), Some(&decision)).await;
    assert_eq!(decided.json()["recorded"], true, "{}", decided.body);

    let mut config = format!(
        "[parameters]\n\"path.c\" = \"{c}\"\n\"path.r\" = \"{reseller}\"\n\"path.q\" = \"{}\"\n\"path.u\" = \"{}\"\n\
         \"path.d\" = \"{}\"\n\"path.team\" = \"{}\"\n\"path.a\" = \"{}\"\n\"path.id\" = \"{}\"\n\"path.t\" = \"{other_token}\"\n\
         \"path.call_id\" = \"fuzz-call\"\n\n[headers]\nAuthorization = \"Bearer {token}\"\n",
        id_of(&queues, 0),
        id_of(&users, 0),
        id_of(&devices, 0),
        id_of(&teams, 0),
        id_of(&audio, 0),
        id_of(&recordings_page, 0),
    );
    for (operation, parameter, id) in [
        ("DELETE /users/{u}", "u", id_of(&users, 1)),
        ("DELETE /devices/{d}", "d", id_of(&devices, 1)),
        ("DELETE /companies/{c}/teams/{team}", "team", id_of(&teams, 1)),
        ("DELETE /audio/{a}", "a", id_of(&audio, 1)),
        ("DELETE /recordings/{id}", "id", id_of(&recordings_page, 1)),
        ("DELETE /tokens/{t}", "t", doomed_token.clone()),
        ("PUT /audio/{a}", "a", audio["playbooks"][0]["id"].as_str().unwrap().to_string()),
    ] {
        config.push_str(&format!(
            "\n[[operations]]\ninclude-name = \"{operation}\"\nparameters = {{ \"path.{parameter}\" = \"{id}\" }}\n"
        ));
    }
    for (operation, why) in BEYOND_THE_SCHEMA {
        config.push_str(&format!(
            "\n# {why}\n[[operations]]\ninclude-name = \"{operation}\"\n\
             checks.positive_data_acceptance.expected-statuses = [\"2xx\", \"401\", \"403\", \"404\", \"409\", \"422\"]\n"
        ));
    }
    std::fs::write(dir.path().join("schemathesis.toml"), &config).unwrap();

    let base = format!("http://127.0.0.1:{port}/api/v1");
    let run = tokio::process::Command::new(&schemathesis)
        .current_dir(dir.path())
        .args(["--config-file", "schemathesis.toml", "run", &format!("{base}/openapi.json"), "--url", &base])
        .args(["--checks", CHECKS, "--phases", "examples,coverage,fuzzing,stateful"])
        .args(["--max-examples", &examples, "--workers", "2", "--seed", "2026", "--no-color"])
        .args(["--generation-database", "none", "--suppress-health-check", "too_slow,filter_too_much"])
        .output()
        .await
        .expect("schemathesis runs");
    let out = String::from_utf8_lossy(&run.stdout);
    let summary: Vec<&str> = out.lines().skip_while(|l| !l.contains(" SUMMARY ")).collect();
    println!("{}", summary.join("\n"));
    assert!(run.status.success(), "schemathesis found failures:\n{out}\n{}", String::from_utf8_lossy(&run.stderr));
}

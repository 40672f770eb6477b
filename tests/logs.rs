//! The real binary's log as JSON lines (`EARMARK_LOG_FORMAT=json`): one object per line, each
//! event of a request with its request id and, once known, the administrator and company;
//! never the password, a token's secret or the session id, at the most talkative level.

mod common;

use common::server::{company_named, http, login, make_token, serve_with};
use serde_json::Value;
use std::process::Stdio;

const ADMIN: &str = "admin@northwind.demo.test";

#[tokio::test]
async fn the_json_log_names_the_request_and_its_actor_but_never_a_secret() {
    let dir = tempfile::tempdir().unwrap();
    let (_database, url, recordings) = common::server::demo_database(&dir).await;
    let log_path = dir.path().join("earmark.log");
    let log = std::fs::File::create(&log_path).unwrap();
    let (mut server, port) = serve_with(&url, &recordings, |cmd| {
        cmd.env("EARMARK_LOG_FORMAT", "json").env("RUST_LOG", "trace").stdout(Stdio::from(log));
    })
    .await;

    let signed_in = login(port, ADMIN, common::PASSWORD).await;
    assert_eq!(signed_in.status, 200, "{}", signed_in.body);
    let cookie = signed_in.header("set-cookie").and_then(|c| c.split(';').next()).unwrap().to_string();
    let session_id = cookie.trim_start_matches("earmark_session=").to_string();
    let company = company_named(port, &cookie, "Northwind Traders").await;
    let made = make_token(port, &cookie, &company, &["recording_policy.view"]).await;
    let token = made["token"].as_str().unwrap().to_string();
    let token_id = made["id"].as_str().unwrap().to_string();
    let decision = http(
        port,
        "POST",
        &format!("/api/v1/companies/{company}/decisions"),
        Some(&token),
        Some(&common::server::call_to_a_desk(port, &cookie, &company).await),
    )
    .await;
    assert_eq!(decision.status, 200, "{}", decision.body);
    // A page: its data is read in tasks of its own, which still name the request's actor.
    let page = http(port, "GET", &format!("/c/{company}/queues"), Some(&cookie), None).await;
    assert_eq!(page.status, 200);
    let refused = login(port, ADMIN, "a-wrong-password-typed").await;
    assert_eq!(refused.status, 401);
    server.kill().await.unwrap();

    let text = std::fs::read_to_string(&log_path).unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not a JSON line ({e}): {l}")))
        .collect();
    assert!(lines.len() > 10, "the log has the requests: {text}");
    let served = |path: &str| {
        lines
            .iter()
            .find(|l| l["message"] == "served" && l["span"]["path"] == path)
            .unwrap_or_else(|| panic!("a line for {path}: {text}"))
    };
    let decided = served(&format!("/api/v1/companies/{company}/decisions"));
    assert_eq!(decided["status"], 200);
    assert_eq!(decided["span"]["admin"], format!("token:{token_id}"), "{decided}");
    assert_eq!(decided["span"]["company"], company.as_str(), "{decided}");
    assert_eq!(decided["span"]["request_id"].as_str().map(str::len), Some(32), "{decided}");
    let listed = served("/api/v1/companies");
    let admin = listed["span"]["admin"].as_str().expect("the administrator is named").to_string();
    let page = served(&format!("/c/{company}/queues"));
    assert_eq!(page["span"]["admin"], admin.as_str(), "{page}");
    assert_eq!(page["span"]["company"], company.as_str(), "{page}");
    for secret in [common::PASSWORD, "a-wrong-password-typed", token.as_str(), session_id.as_str()] {
        assert!(!text.contains(secret), "the log holds a secret ({secret})");
    }
}

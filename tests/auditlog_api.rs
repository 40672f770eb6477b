//! The audit log through the real router on a fresh SQLite file: every write shows up with
//! its change field by field, the filters and keyset pages, the CSV export, scope, and that
//! no route (nor the database itself) changes or deletes an entry.

mod common;

use axum::http::{Method, StatusCode};
use common::{sql, TestApp};
use serde_json::{json, Value};

const NORTHWIND: &str = "Northwind Traders";
const ADMIN: &str = "admin@northwind.demo.test";

async fn get(app: &TestApp, path: &str, cookie: &str) -> Value {
    let r = app.call(Method::GET, path, Some(cookie), None).await;
    assert_eq!(r.status, StatusCode::OK, "GET {path}: {}", r.body);
    serde_json::from_str(&r.body).unwrap()
}

#[tokio::test]
async fn writes_appear_with_their_changes_and_the_log_filters_pages_and_exports() {
    let app = TestApp::new().await;
    let company = app.company_id(NORTHWIND).await;
    let admin = app.login(ADMIN).await;
    let queue = app.id_named("queues", &company, "Returns").await;
    // 60 changes of the opt-in delay: more than a page.
    for i in 1..=60 {
        let q = get(&app, &format!("/api/v1/queues/{queue}"), &admin).await;
        let mut opt_in = q["opt_in"].clone();
        opt_in["delay_seconds"] = json!(i);
        let r = app
            .call(
                Method::PUT,
                &format!("/api/v1/queues/{queue}"),
                Some(&admin),
                Some(json!({"opt_in": opt_in, "version": q["version"]})),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    let base = format!("/api/v1/companies/{company}/audit-log");
    let newest = get(&app, &base, &admin).await;
    let first = &newest["entries"][0];
    assert_eq!(first["actor"], ADMIN);
    assert_eq!(first["object_id"], queue.as_str());
    let changes: Vec<String> = first["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            format!(
                "{}: {} -> {}",
                c["field"].as_str().unwrap(),
                c["before"].as_str().unwrap(),
                c["after"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(changes, ["opt_in.delay_seconds: 59 -> 60", "version: 60 -> 61"]);
    let action = first["action"].as_str().unwrap().to_string();
    assert!(newest["actions"].as_array().unwrap().iter().any(|a| a == action.as_str()));

    // Filter by action and page through by keyset: 60 entries, each once, newest first.
    let mut ids = Vec::new();
    let mut page = get(&app, &format!("{base}?action={action}"), &admin).await;
    loop {
        for e in page["entries"].as_array().unwrap() {
            assert_eq!(e["action"], action.as_str());
            ids.push(e["id"].as_i64().unwrap());
        }
        match page["older"].as_str() {
            Some(c) => page = get(&app, &format!("{base}?action={action}&before={c}"), &admin).await,
            None => break,
        }
    }
    assert_eq!(ids.len(), 60);
    assert!(ids.windows(2).all(|w| w[0] > w[1]));
    // By administrator and by object.
    let none = get(&app, &format!("{base}?actor=somebody-else"), &admin).await;
    assert!(none["entries"].as_array().unwrap().is_empty());
    let by_object = get(&app, &format!("{base}?object={queue}"), &admin).await;
    assert!(by_object["entries"].as_array().unwrap().iter().all(|e| e["object_id"] == queue.as_str()));
    let bad = app.call(Method::GET, &format!("{base}?to=2026-13-01"), Some(&admin), None).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);

    // The same view as CSV: a header and one line per entry.
    let csv = app.call(Method::GET, &format!("{base}.csv?action={action}"), Some(&admin), None).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.headers["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment; filename=\"audit-log-Northwind-Traders-"));
    let lines: Vec<&str> = csv.body.lines().collect();
    assert_eq!(lines[0], "id,at,actor,action,outcome,object_kind,object_id,detail,changes");
    assert_eq!(lines.len(), 61);
    assert!(lines[1].contains("opt_in.delay_seconds: 59 -> 60"), "{}", lines[1]);

    // Entries cannot be changed or deleted, not even by SQL.
    assert!(sql(&app.db, "UPDATE audit_log SET action = 'x'").execute().await.is_err());
    assert!(sql(&app.db, "DELETE FROM audit_log").execute().await.is_err());

    // A supervisor has no Audit Log: View; another company's log is not found.
    let supervisor = app.login("supervisor@northwind.demo.test").await;
    assert_eq!(app.call(Method::GET, &base, Some(&supervisor), None).await.status, StatusCode::FORBIDDEN);
    let contoso = app.company_id("Contoso").await;
    let r = app.call(Method::GET, &format!("/api/v1/companies/{contoso}/audit-log"), Some(&admin), None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn logins_above_company_level_are_in_the_log_of_the_scope_above() {
    let app = TestApp::new().await;
    let acme = app.login("admin@acme.demo.test").await;
    let bluewave = app.login("admin@bluewave.demo.test").await;
    let owner = app.login("owner@demo.test").await;
    let logins = |r: &common::Reply| -> Vec<String> {
        r.json()["entries"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["action"] == "login")
            .map(|e| e["actor"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    // The platform sees every login; each reseller its own administrators' and its companies'.
    let all = app.call(Method::GET, "/api/v1/audit-log?action=login", Some(&owner), None).await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.body);
    let all = logins(&all);
    for who in ["owner@demo.test", "admin@acme.demo.test", "admin@bluewave.demo.test"] {
        assert!(all.contains(&who.to_string()), "{who} in {all:?}");
    }
    let mine = logins(&app.call(Method::GET, "/api/v1/audit-log?action=login", Some(&acme), None).await);
    assert!(mine.contains(&"admin@acme.demo.test".to_string()), "{mine:?}");
    assert!(!mine.iter().any(|w| w == "admin@bluewave.demo.test" || w == "owner@demo.test"), "{mine:?}");
    let theirs = logins(&app.call(Method::GET, "/api/v1/audit-log?action=login", Some(&bluewave), None).await);
    assert!(!theirs.contains(&"admin@acme.demo.test".to_string()), "{theirs:?}");
    // A company's administrator reaches only the company's own entries.
    let northwind = app.login("admin@northwind.demo.test").await;
    let own = logins(&app.call(Method::GET, "/api/v1/audit-log?action=login", Some(&northwind), None).await);
    assert!(own.iter().all(|w| w.ends_with("@northwind.demo.test")), "{own:?}");
    let csv = app.call(Method::GET, "/api/v1/audit-log.csv?action=login", Some(&acme), None).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.body.contains("admin@acme.demo.test") && !csv.body.contains("admin@bluewave.demo.test"));
}

//! Missing recordings through the JSON API: a decision that said "record" for a call id is
//! kept, listed once the upload deadline has passed without its recording, taken off the list
//! when the recording arrives, and purged with retention. The simulator's decisions are not
//! kept; the company's deadline is checked and audited.

mod common;

use axum::http::{Method, StatusCode};
use common::recordings::{engine_token, meta, record_inbound_calls, tone, upload};
use common::{sql, TestApp};
use serde_json::{json, Value};

const NORTHWIND: &str = "Northwind Traders";
const ADMIN: &str = "admin@northwind.demo.test";

fn ids(v: &Value) -> Vec<String> {
    v["rows"].as_array().unwrap().iter().map(|r| r["call_id"].as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn a_call_decided_for_recording_without_its_upload_is_missing_until_the_upload_arrives() {
    let app = TestApp::new().await;
    let company = app.company_id(NORTHWIND).await;
    let admin = app.login(ADMIN).await;
    record_inbound_calls(&app, &company).await;

    let engine = engine_token(&app, &company, &["recording_policy.view", "recordings.upload"]).await;
    let device = app.first_id("devices", &company).await;
    let decide = |call_id: Option<&str>| {
        let mut request =
            json!({"source": {"external": "+15551234567"}, "destination": {"device": device}, "caller_input": "none"});
        if let Some(id) = call_id {
            request["call_id"] = json!(id);
        }
        let (app, engine, company) = (&app, &engine, &company);
        async move {
            let r = app
                .call_bearer(Method::POST, &format!("/api/v1/companies/{company}/decisions"), engine, Some(request))
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
            assert_eq!(r.json()["recorded"], true);
        }
    };
    decide(Some("missing-a")).await;
    decide(Some("missing-b")).await;
    decide(Some("missing-b")).await; // asked twice: kept once
    decide(None).await; // no call id: nothing to match an upload to
    let kept: i64 = sql(&app.db, "SELECT COUNT(*) FROM recording_decisions WHERE company_id = ?")
        .bind(&company)
        .scalar()
        .await
        .unwrap();
    assert_eq!(kept, 2);

    let path = format!("/api/v1/companies/{company}/missing-recordings");
    let get = |query: &'static str| {
        let (app, admin, path) = (&app, &admin, &path);
        async move {
            let r = app.call(Method::GET, &format!("{path}{query}"), Some(admin), None).await;
            assert_eq!(r.status, StatusCode::OK, "{query}: {}", r.body);
            r.json()
        }
    };
    // Within the 25 minutes of the deadline: not missing yet.
    let now = get("").await;
    assert_eq!((now["deadline_minutes"].clone(), now["rows"].clone()), (json!(25), json!([])));
    // Looking with no deadline at all: both, newest first, today's count.
    let all = get("?deadline_minutes=0").await;
    assert_eq!(ids(&all), vec!["missing-b", "missing-a"]);
    assert_eq!(all["rows"][0]["rule"], "entire_account.inbound.offnet");
    assert_eq!(all["last_30_days"], 2);
    assert_eq!(all["per_day"].as_array().unwrap().len(), 1);

    // The recording arrives: its call leaves the list.
    let r = upload(&app, &engine, &company, &meta("missing-a"), &tone(800, 3000)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(ids(&get("?deadline_minutes=0").await), vec!["missing-b"]);

    // A bad deadline is named.
    for q in ["?deadline_minutes=-1", "?deadline_minutes=abc", "?deadline_minutes=20000"] {
        let r = app.call(Method::GET, &format!("{path}{q}"), Some(&admin), None).await;
        assert_eq!(
            (r.status, r.json()["error"]["field"].clone()),
            (StatusCode::UNPROCESSABLE_ENTITY, json!("deadline_minutes")),
            "{q}"
        );
    }

    // The company's deadline: checked, audited, and what the list looks with.
    let deadline = format!("/api/v1/companies/{company}/upload-deadline");
    let version = get("").await["version"].clone();
    for bad in [json!({"minutes": 0, "version": version}), json!({"minutes": 30, "version": version, "hours": 1})] {
        let r = app.call(Method::PUT, &deadline, Some(&admin), Some(bad)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    }
    let r = app.call(Method::PUT, &deadline, Some(&admin), Some(json!({"minutes": 60, "version": version}))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(get("").await["company_deadline_minutes"], 60);
    let audited: i64 =
        sql(&app.db, "SELECT COUNT(*) FROM audit_log WHERE action = 'upload_deadline.update' AND outcome = 'ok'")
            .scalar()
            .await
            .unwrap();
    assert_eq!(audited, 1);

    // The Policy Simulator's decisions are not calls: none is kept.
    let sim = app
        .server_fn(
            <app::api::decisions::SimulateCall as leptos::server_fn::ServerFn>::PATH,
            Some(&admin),
            &format!("company={company}&query[source]=external&query[source_number]=%2B15551234567&query[destination]=device:{device}&query[destination_number]=&query[caller_input]=none&query[call_id]=simulated"),
        )
        .await;
    assert_eq!(sim.status, StatusCode::OK, "{}", sim.body);
    assert_eq!(sim.json()["recorded"], true);
    let simulated: i64 =
        sql(&app.db, "SELECT COUNT(*) FROM recording_decisions WHERE call_id = 'simulated'").scalar().await.unwrap();
    assert_eq!(simulated, 0);

    // Past the company's retention, the decision goes with the purge.
    sql(&app.db, "UPDATE recording_decisions SET decided_at = '2020-01-01T00:00:00Z' WHERE call_id = 'missing-b'")
        .execute()
        .await
        .unwrap();
    app::services::retention::purge(&app.db, &app.storages, time::OffsetDateTime::now_utc(), 500).await.unwrap();
    assert_eq!(ids(&get("?deadline_minutes=0").await), Vec::<String>::new());

    // Recordings: View is needed.
    let stranger = app.login("admin@fabrikam.demo.test").await;
    assert_eq!(app.call(Method::GET, &path, Some(&stranger), None).await.status, StatusCode::NOT_FOUND);
}

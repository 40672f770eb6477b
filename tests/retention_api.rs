//! Retention through the JSON API and the page's server functions: inherited like the
//! recording mode, previewed before saving, and the purge, which deletes the audio and row of
//! each recording past its company's period, audited with the period, never one on legal
//! hold. Runs on every backend the suite runs on (SQLite or PostgreSQL, folder or S3).

mod common;

use app::api::retention::SaveRetention;
use axum::http::{Method, StatusCode};
use common::recordings::{engine_token, meta, tone, upload};
use common::{form_encode, sql, Reply, TestApp};
use leptos::server_fn::ServerFn;
use serde_json::{json, Value};
use time::OffsetDateTime;

const NORTHWIND: &str = "Northwind Traders";
const OWNER: &str = "owner@demo.test";
const ADMIN: &str = "admin@northwind.demo.test";

fn days_ago(days: i64) -> String {
    let t = (OffsetDateTime::now_utc() - time::Duration::days(days)).replace_nanosecond(0).unwrap();
    t.format(&time::format_description::well_known::Rfc3339).unwrap()
}

/// A company without the demo's recordings, and uploads of calls made `ages` days ago; their
/// ids by age.
async fn company_with_calls(app: &TestApp, ages: &[i64]) -> (String, Vec<String>) {
    let company = app.company_id(NORTHWIND).await;
    sql(&app.db, "DELETE FROM recordings WHERE company_id = ?").bind(&company).execute().await.unwrap();
    let token = engine_token(app, &company, &["recordings.upload"]).await;
    let mut ids = Vec::new();
    for (i, age) in ages.iter().enumerate() {
        let mut m = meta(&format!("retention-{i}"));
        m["started_at"] = json!(days_ago(*age));
        let r = upload(app, &token, &company, &m, &tone(800, 3000 + i as i16)).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        ids.push(r.json()["id"].as_str().unwrap().to_string());
    }
    (company, ids)
}

async fn get(app: &TestApp, cookie: &str, path: &str) -> Value {
    let r = app.call(Method::GET, path, Some(cookie), None).await;
    assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.body);
    r.json()
}

async fn put(app: &TestApp, cookie: &str, path: &str, days: Value) -> Reply {
    let version = get(app, cookie, path).await["version"].clone();
    app.call(Method::PUT, path, Some(cookie), Some(json!({"days": days, "version": version}))).await
}

#[tokio::test]
async fn a_period_is_inherited_like_the_recording_mode_and_previewed_before_saving() {
    let app = TestApp::new().await;
    let owner = app.login(OWNER).await;
    let (company, _) = company_with_calls(&app, &[2, 45, 400, 800]).await;
    let reseller = app.reseller_of(&company).await;
    let company_path = format!("/api/v1/companies/{company}/retention");
    let reseller_path = format!("/api/v1/resellers/{reseller}/retention");

    let system = get(&app, &owner, "/api/v1/system/retention").await;
    assert_eq!(system["days"], 365);
    let view = get(&app, &owner, &company_path).await;
    assert_eq!(view["days"], Value::Null);
    assert_eq!(view["effective"]["days"], 365);
    assert_eq!(view["effective"]["from"], "system");
    assert_eq!(view["next_purge"], 2, "the calls of 400 and 800 days ago are past a year");

    let r = put(&app, &owner, &reseller_path, json!(730)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let view = get(&app, &owner, &company_path).await;
    assert_eq!(view["effective"]["days"], 730);
    assert_eq!(view["effective"]["from"], "reseller");
    assert_eq!(view["next_purge"], 1);

    // What another period would purge, before it is saved; nothing changes.
    assert_eq!(get(&app, &owner, &format!("{company_path}?days=30")).await["next_purge"], 3);
    assert_eq!(get(&app, &owner, &format!("{company_path}?days=default")).await["next_purge"], 1);
    let r = app.call(Method::GET, &format!("{company_path}?days=0"), Some(&owner), None).await;
    assert_eq!((r.status, r.json()["error"]["field"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("days")));

    // Every bad value is refused next to its field, and an unknown field by name.
    for (path, days) in [
        (&company_path, json!(0)),
        (&company_path, json!(36_501)),
        (&"/api/v1/system/retention".to_string(), Value::Null),
    ] {
        let r = put(&app, &owner, path, days.clone()).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{days}: {}", r.body);
        assert_eq!(r.json()["error"]["field"], "days");
    }
    let r =
        app.call(Method::PUT, &company_path, Some(&owner), Some(json!({"days": 30, "keep": true, "version": 1}))).await;
    assert_eq!((r.status, r.json()["error"]["field"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("keep")));

    let r = put(&app, &owner, &company_path, json!(90)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v = r.json();
    assert_eq!(
        (v["days"].clone(), v["effective"]["from"].clone(), v["next_purge"].clone()),
        (json!(90), json!("company"), json!(2))
    );
    let audited: i64 = sql(
        &app.db,
        "SELECT COUNT(*) FROM audit_log WHERE action = 'retention.update' AND object_id = ? AND outcome = 'ok'",
    )
    .bind(&company)
    .scalar()
    .await
    .unwrap();
    assert_eq!(audited, 1);

    // The page's form: a period that purges more waits for the box to be ticked.
    let admin = app.login(ADMIN).await;
    let version = get(&app, &admin, &company_path).await["version"].to_string();
    let form = |days: &str, confirm: bool| {
        let mut pairs = vec![
            ("level", "company"),
            ("id", company.as_str()),
            ("period", "days"),
            ("days", days),
            ("version", version.as_str()),
        ];
        if confirm {
            pairs.push(("confirm", "yes"));
        }
        form_encode(&pairs)
    };
    let r = app.server_fn(SaveRetention::PATH, Some(&admin), &form("30", false)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("would delete 3 recordings"), "{}", r.body);
    assert_eq!(get(&app, &admin, &company_path).await["days"], 90, "nothing saved before confirming");
    let r = app.server_fn(SaveRetention::PATH, Some(&admin), &form("30", true)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(get(&app, &admin, &company_path).await["days"], 30);
    // A longer period purges less: no box needed.
    let version = get(&app, &admin, &company_path).await["version"].to_string();
    let longer = form_encode(&[
        ("level", "company"),
        ("id", &company),
        ("period", "default"),
        ("days", ""),
        ("version", &version),
    ]);
    let r = app.server_fn(SaveRetention::PATH, Some(&admin), &longer).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(get(&app, &admin, &company_path).await["days"], Value::Null);

    // Outside the platform, the system's period is read but what it covers is not counted.
    let system = get(&app, &admin, "/api/v1/system/retention").await;
    assert_eq!((system["days"].clone(), system["next_purge"].clone()), (json!(365), Value::Null));
    let r = app.call(Method::GET, "/api/v1/system/retention?days=1", Some(&admin), None).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // A company administrator changes neither the reseller's period nor the system's.
    for path in [reseller_path.as_str(), "/api/v1/system/retention"] {
        let r = app.call(Method::PUT, path, Some(&admin), Some(json!({"days": 10, "version": 1}))).await;
        assert!(matches!(r.status.as_u16(), 403 | 404), "{path}: {}", r.status);
    }
}

#[tokio::test]
async fn the_purge_deletes_audio_and_row_past_retention_but_never_a_recording_on_legal_hold() {
    let app = TestApp::new().await;
    let owner = app.login(OWNER).await;
    let (company, ids) = company_with_calls(&app, &[1, 40, 50, 60]).await;
    let keys_before = app.stored_keys().await;
    let r = put(&app, &owner, &format!("/api/v1/companies/{company}/retention"), json!(30)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let hold = json!({"reason": "Claim 42"});
    let r = app.call(Method::PUT, &format!("/api/v1/recordings/{}/legal-hold", ids[2]), Some(&owner), Some(hold)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    // Batches of 1, so the purge walks several transactions.
    let purged = app::services::retention::purge(&app.db, &app.storages, OffsetDateTime::now_utc(), 1).await.unwrap();
    assert!(purged.deleted >= 2, "{purged:?}");
    let left: Vec<String> = sql(&app.db, "SELECT id FROM recordings WHERE company_id = ? ORDER BY started_at DESC")
        .bind(&company)
        .scalars()
        .await
        .unwrap();
    assert_eq!(left, vec![ids[0].clone(), ids[2].clone()], "the new call and the held one are kept");
    let keys_after = app.stored_keys().await;
    for gone in [&ids[1], &ids[3]] {
        assert!(keys_before.iter().any(|k| k.contains(gone.as_str())), "its audio was stored");
        assert!(!keys_after.iter().any(|k| k.contains(gone.as_str())), "its audio is deleted");
        let detail: String =
            sql(&app.db, "SELECT detail FROM audit_log WHERE action = 'recording.purge' AND object_id = ?")
                .bind(gone.as_str())
                .scalar()
                .await
                .unwrap();
        assert_eq!(detail, "Past its retention of 30 days, set at company 'Northwind Traders'.");
    }
    assert!(keys_after.iter().any(|k| k.contains(ids[2].as_str())), "the held recording's audio stays");

    // Nothing is left to purge; a second instance's run does nothing either.
    let again = app::services::retention::purge(&app.db, &app.storages, OffsetDateTime::now_utc(), 500).await.unwrap();
    assert_eq!(again.deleted, 0);
    assert_eq!(get(&app, &owner, &format!("/api/v1/companies/{company}/retention")).await["next_purge"], 0);
}

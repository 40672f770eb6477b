//! A company's storage through the JSON API: its own storage account, probed on a real
//! S3-compatible server that checks signatures (a wrong secret is refused next to its field),
//! its secret sealed and never read back, new recordings kept there while old ones stay
//! readable; every wrong field named at once; the maximum length in the decision.

mod common;

use app::api::storage::GetStorageCheck;
use axum::http::{Method, StatusCode};
use common::recordings::{engine_token, get_audio, meta, tone, upload};
use common::{s3_account_server, sql, Reply, TestApp};
use leptos::server_fn::ServerFn;
use serde_json::{json, Value};

const NORTHWIND: &str = "Northwind Traders";
const ADMIN: &str = "admin@northwind.demo.test";

fn account_json(a: &app::store::files::S3Account, secret: Option<&str>) -> Value {
    let mut v = json!({
        "endpoint": a.endpoint, "region": a.region, "bucket": a.bucket, "prefix": a.prefix, "key_id": a.key_id,
    });
    if let Some(s) = secret {
        v["secret"] = json!(s);
    }
    v
}

/// The S3-compatible server that checks signatures, or a word that the test skipped.
fn account_server() -> Option<app::store::files::S3Account> {
    let account = s3_account_server();
    if account.is_none() {
        eprintln!("skipped: no S3-compatible server that checks signatures (scripts/test starts one, EARMARK_TEST_S3_ACCOUNT)");
    }
    account
}

async fn put_storage(app: &TestApp, cookie: &str, company: &str, body: Value) -> Reply {
    app.call(Method::PUT, &format!("/api/v1/companies/{company}/storage"), Some(cookie), Some(body)).await
}

async fn get_storage(app: &TestApp, cookie: &str, company: &str) -> Value {
    let r = app.call(Method::GET, &format!("/api/v1/companies/{company}/storage"), Some(cookie), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()
}

fn fields(r: &Reply) -> Vec<String> {
    r.json()["error"]["fields"]
        .as_array()
        .map_or(vec![], |f| f.iter().map(|e| e["field"].as_str().unwrap_or_default().to_string()).collect())
}

async fn count(app: &TestApp, query: &str) -> i64 {
    sql(&app.db, query).scalar().await.unwrap()
}

#[tokio::test]
async fn an_own_storage_account_is_probed_sealed_and_keeps_new_recordings_while_old_ones_stay_readable() {
    let Some(account) = account_server() else { return };
    let app = TestApp::new().await;
    let cookie = app.login(ADMIN).await;
    let company = app.company_id(NORTHWIND).await;
    let before = get_storage(&app, &cookie, &company).await;
    assert_eq!((before["storage"]["account"].clone(), before["version"].clone()), (Value::Null, json!(0)));
    assert_eq!(before["platform_storage"], true);
    let old: String = sql(&app.db, "SELECT id FROM recordings WHERE company_id = ? ORDER BY id LIMIT 1")
        .bind(&company)
        .scalar()
        .await
        .unwrap();

    let r = put_storage(
        &app,
        &cookie,
        &company,
        json!({"storage": {"account": account_json(&account, Some(&account.secret))}, "version": 0}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(!r.body.contains(&account.secret), "the answer never carries the secret: {}", r.body);
    let saved = r.json();
    assert_eq!(saved["storage"]["account"]["bucket"], account.bucket.as_str());
    assert_eq!((saved["version"].clone(), saved["account_saved_by"].clone()), (json!(1), json!(ADMIN)));
    let read = get_storage(&app, &cookie, &company).await;
    assert_eq!(read, saved, "a read says what the save answered");
    let sealed: String = sql(&app.db, "SELECT secret_sealed FROM storage_accounts").scalar().await.unwrap();
    assert!(!sealed.contains(&account.secret) && sealed.starts_with("v1:"), "kept sealed: {sealed}");
    let audit: String = sql(
        &app.db,
        "SELECT COALESCE(before, '') || COALESCE(after, '') FROM audit_log WHERE action = 'storage.update'",
    )
    .scalar()
    .await
    .unwrap();
    assert!(audit.contains(&account.bucket) && !audit.contains(&account.secret), "audited without the secret: {audit}");

    // A new recording goes to the company's bucket, and plays from it with ranges.
    let token = engine_token(&app, &company, &["recordings.upload"]).await;
    let audio = tone(8000, 900);
    let r = upload(&app, &token, &company, &meta("call-own-1"), &audio).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["id"].as_str().unwrap().to_string();
    let own_id: String =
        sql(&app.db, "SELECT storage_account_id FROM recordings WHERE id = ?").bind(&id).scalar().await.unwrap();
    let bucket = app::RecordingStorage::s3(&account).unwrap();
    let in_bucket: Vec<String> = bucket.list().await.unwrap().into_iter().map(|o| o.key).collect();
    assert!(in_bucket.iter().any(|k| k.contains(&id)), "{id} in the company's bucket: {in_bucket:?}");
    assert!(!app.stored_keys().await.iter().any(|k| k.contains(&id)), "not in the platform's storage");
    let audio_path = format!("/recordings/{id}/audio");
    let (status, _, bytes) = get_audio(&app, &audio_path, &cookie, Some("bytes=100-199")).await;
    assert_eq!((status, bytes.as_slice()), (StatusCode::PARTIAL_CONTENT, &audio[100..200]));
    let (status, _, old_bytes) = get_audio(&app, &format!("/recordings/{old}/audio"), &cookie, None).await;
    assert_eq!(status, StatusCode::OK, "a recording kept before still plays from the platform's storage");
    assert!(!old_bytes.is_empty());

    // The Storage page's check reads the bucket against the rows: all there; then an object
    // lost from the bucket is reported missing.
    let check = || async {
        let r = app.server_fn(GetStorageCheck::PATH, Some(&cookie), &format!("company={company}")).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        r.json()
    };
    let report = check().await;
    assert_eq!((report["rows"].clone(), report["missing_count"].clone()), (json!(1), json!(0)), "{report}");
    assert!(report["storage"].as_str().unwrap().contains(&account.bucket), "{report}");
    let key: String = sql(&app.db, "SELECT storage_key FROM recordings WHERE id = ?").bind(&id).scalar().await.unwrap();
    bucket.remove(&key).await.unwrap().finish().await;
    let report = check().await;
    assert_eq!(
        (report["missing_count"].clone(), report["missing"][0]["recording"].clone()),
        (json!(1), json!(id)),
        "{report}"
    );
    bucket.put(&app.storages.spool, &key, &audio).await.unwrap();
    assert_eq!(check().await["missing_count"], 0, "put back");

    // Saving again without the secret keeps the account (and its secret) as it was.
    let r = put_storage(
        &app,
        &cookie,
        &company,
        json!({"storage": {"account": account_json(&account, None), "max_length_seconds": 3600}, "version": 1}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM storage_accounts").await, 1, "the same account, no new row");

    // Back to the platform's storage: new recordings go there; the one in the bucket still
    // plays, and deleting it removes its object from the bucket.
    let r = put_storage(&app, &cookie, &company, json!({"storage": {"account": null}, "version": 2})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = upload(&app, &token, &company, &meta("call-platform-1"), &audio).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let platform_id = r.json()["id"].as_str().unwrap().to_string();
    let none: Option<String> = sql(&app.db, "SELECT storage_account_id FROM recordings WHERE id = ?")
        .bind(&platform_id)
        .scalar()
        .await
        .unwrap();
    assert_eq!(none, None);
    let (status, _, bytes) = get_audio(&app, &audio_path, &cookie, None).await;
    assert_eq!((status, bytes == audio), (StatusCode::OK, true), "the recording kept under {own_id} still plays");
    let r = app.call(Method::DELETE, &format!("/api/v1/recordings/{id}"), Some(&cookie), None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let in_bucket: Vec<String> = bucket.list().await.unwrap().into_iter().map(|o| o.key).collect();
    assert!(!in_bucket.iter().any(|k| k.contains(&id)), "its object left the bucket: {in_bucket:?}");

    // The account is no longer in use: choosing it again needs its secret again.
    let r = put_storage(
        &app,
        &cookie,
        &company,
        json!({"storage": {"account": account_json(&account, None)}, "version": 3}),
    )
    .await;
    assert_eq!(
        (r.status, fields(&r)),
        (StatusCode::UNPROCESSABLE_ENTITY, vec!["account.secret".to_string()]),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn a_wrong_secret_or_bucket_is_refused_by_the_probe_next_to_its_field_and_nothing_is_saved() {
    let Some(account) = account_server() else { return };
    let app = TestApp::new().await;
    let cookie = app.login(ADMIN).await;
    let company = app.company_id(NORTHWIND).await;
    let wrong_secret = json!({"storage": {"account": account_json(&account, Some("not-the-secret"))}, "version": 0});
    let r = put_storage(&app, &cookie, &company, wrong_secret).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(fields(&r), ["account.secret"], "{}", r.body);
    assert!(r.json()["error"]["message"].as_str().unwrap().contains("refused"), "{}", r.body);

    let other_bucket = app::store::files::S3Account { bucket: "no-such-bucket-here".into(), ..account.clone() };
    let r = put_storage(
        &app,
        &cookie,
        &company,
        json!({"storage": {"account": account_json(&other_bucket, Some(&account.secret))}, "version": 0}),
    )
    .await;
    assert_eq!(
        (r.status, fields(&r)),
        (StatusCode::UNPROCESSABLE_ENTITY, vec!["account.bucket".to_string()]),
        "{}",
        r.body
    );

    assert_eq!(count(&app, "SELECT COUNT(*) FROM storage_accounts").await, 0);
    assert_eq!(get_storage(&app, &cookie, &company).await["version"], 0, "nothing saved");
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM audit_log WHERE action = 'storage.update' AND outcome = 'refused'").await,
        2,
        "each refusal audited"
    );
}

#[tokio::test]
async fn every_wrong_field_is_named_at_once_and_unknown_fields_are_refused() {
    let app = TestApp::new().await;
    let cookie = app.login(ADMIN).await;
    let company = app.company_id(NORTHWIND).await;
    let bad = json!({"storage": {
        "account": {"endpoint": "ftp://files", "region": "EU West", "bucket": "Bad_Bucket", "key_id": "", "secret": "x"},
        "max_length_seconds": 0,
    }, "version": 0});
    let r = put_storage(&app, &cookie, &company, bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(
        fields(&r),
        ["account.endpoint", "account.region", "account.bucket", "account.key_id", "max_length_seconds"],
        "{}",
        r.body
    );
    let unknown = json!({"storage": {"account": null, "colour": "blue"}, "version": 0});
    let r = put_storage(&app, &cookie, &company, unknown).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(fields(&r), ["storage.colour"], "the unknown field is named: {}", r.body);

    // Nothing answers at this endpoint: the probe says so next to it, within seconds.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let nowhere = json!({"storage": {"account": {"endpoint": format!("http://127.0.0.1:{closed}"), "bucket": "calls",
        "key_id": "AKIA", "secret": "s"}}, "version": 0});
    let r = put_storage(&app, &cookie, &company, nowhere).await;
    assert_eq!(
        (r.status, fields(&r)),
        (StatusCode::UNPROCESSABLE_ENTITY, vec!["account.endpoint".to_string()]),
        "{}",
        r.body
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM storage_accounts").await, 0);

    // A stale version changes nothing.
    let r = put_storage(&app, &cookie, &company, json!({"storage": {"max_length_seconds": 60}, "version": 5})).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
}

#[tokio::test]
async fn the_maximum_length_reaches_the_decisions_treatment() {
    let app = TestApp::new().await;
    let cookie = app.login(ADMIN).await;
    let company = app.company_id(NORTHWIND).await;
    let r = put_storage(&app, &cookie, &company, json!({"storage": {"max_length_seconds": 5400}, "version": 0})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["storage"]["max_length_seconds"], 5400);
    let desk = app.id_named("devices", &company, "Desk 201").await;
    // Record every inbound call from outside, so this one is recorded and has a treatment.
    let force = format!("/api/v1/companies/{company}/force-record");
    let mut fr = app.call(Method::GET, &force, Some(&cookie), None).await.json();
    fr["entire_account"]["inbound"]["offnet"] = json!(true);
    let r = app.call(Method::PUT, &force, Some(&cookie), Some(fr)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let call = json!({"source": {"external": "+15551234567"}, "destination": {"device": desk}});
    let d = app
        .call(Method::POST, &format!("/api/v1/companies/{company}/decisions"), Some(&cookie), Some(call))
        .await
        .json();
    assert_eq!(d["recorded"], true, "{d}");
    assert_eq!(d["treatment"]["max_length_seconds"]["value"], 5400, "{d}");
    assert_eq!(d["treatment"]["max_length_seconds"]["origin"]["level"], "company");
    let step = d["trace"].as_array().unwrap().iter().find(|s| s["rule"] == "treatment.max_length").unwrap().clone();
    assert!(step["says"].as_str().unwrap_or_default().contains("Recording stops after 1 h 30 min"), "{step}");
}

//! Consent evidence and pauses through the JSON API: the upload's metadata carries the queue
//! prompt's outcome and the paused stretches, checked against the call (every wrong field
//! named, an unknown one refused); the details give them back with who played the recording,
//! and the list filters on the caller's choice.

mod common;

use axum::http::{Method, StatusCode};
use common::recordings::{engine_token, get_audio, meta, tone, upload};
use common::TestApp;
use serde_json::{json, Value};

const NORTHWIND: &str = "Northwind Traders";
const ADMIN: &str = "admin@northwind.demo.test";

fn fields(v: &Value) -> Vec<String> {
    v["error"]["fields"]
        .as_array()
        .map_or(vec![], |f| f.iter().map(|e| e["field"].as_str().unwrap().to_string()).collect())
}

#[tokio::test]
async fn consent_and_pauses_are_kept_shown_and_filtered_on() {
    let app = TestApp::new().await;
    let company = app.company_id(NORTHWIND).await;
    let token = engine_token(&app, &company, &["recordings.upload"]).await;
    let admin = app.login(ADMIN).await;

    let mut bad = meta("consent-bad");
    bad["duration_seconds"] = json!(60.0);
    bad["consent"] =
        json!({"played": true, "choice": "accept", "key": "x", "prompt_at_seconds": 5.0, "answered_at_seconds": 70.0});
    bad["pauses"] = json!([
        {"start_seconds": 10.0, "end_seconds": 20.0, "reason": "hold"},
        {"start_seconds": 15.0, "end_seconds": 25.0, "reason": "pci"}
    ]);
    let r = upload(&app, &token, &company, &bad, &tone(800, 1000)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(fields(&r.json()), vec!["consent.key", "consent.answered_at_seconds", "pauses[1]"]);
    bad["consent"] = json!({"played": true, "choice": "accept", "pressed": "1"});
    let r = upload(&app, &token, &company, &bad, &tone(800, 1000)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("pressed"), "{}", r.body);

    let mut good = meta("consent-good");
    good["duration_seconds"] = json!(60.0);
    good["consent"] = json!({"played": true, "choice": "accept", "key": "1", "prompt_at_seconds": 2.0, "answered_at_seconds": 6.5, "replays": 1});
    good["pauses"] = json!([{"start_seconds": 30.0, "end_seconds": 45.0, "reason": "pci"}]);
    let r = upload(&app, &token, &company, &good, &tone(800, 1000)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["id"].as_str().unwrap().to_string();
    let plain = upload(&app, &token, &company, &meta("consent-none"), &tone(800, 1001)).await;
    assert_eq!(plain.status, StatusCode::CREATED, "{}", plain.body);

    let details = app.call(Method::GET, &format!("/api/v1/recordings/{id}"), Some(&admin), None).await.json();
    assert_eq!(details["consent"]["key"], "1");
    assert_eq!(details["consent"]["replays"], 1);
    assert_eq!(details["pauses"], json!([{"start_seconds": 30.0, "end_seconds": 45.0, "reason": "pci"}]));
    assert_eq!(details["accesses"], json!([]));
    // A play shows in the details, as on the page.
    assert_eq!(get_audio(&app, &format!("/recordings/{id}/audio"), &admin, None).await.0, StatusCode::OK);
    let details = app.call(Method::GET, &format!("/api/v1/recordings/{id}"), Some(&admin), None).await.json();
    assert_eq!(
        (details["accesses"][0]["who"].clone(), details["accesses"][0]["action"].clone()),
        (json!(ADMIN), json!("Played"))
    );

    // "Opted in by the caller": this one, never the one without a prompt.
    let r = app
        .call(
            Method::GET,
            &format!("/api/v1/companies/{company}/recordings?consent=accept&limit=500"),
            Some(&admin),
            None,
        )
        .await;
    let found: Vec<String> =
        r.json()["rows"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_string()).collect();
    assert!(found.contains(&id));
    assert!(!found.contains(&plain.json()["id"].as_str().unwrap().to_string()));
    let r = app
        .call(Method::GET, &format!("/api/v1/companies/{company}/recordings?consent=maybe"), Some(&admin), None)
        .await;
    assert_eq!((r.status, r.json()["error"]["field"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("consent")));
}

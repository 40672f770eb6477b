//! Erasure by number through the JSON API and the page's server functions: a preview lists
//! every recording the number is a party in; the erase deletes their audio and blanks the
//! number and name (search included), keeps those on legal hold, and the ledger keeps the
//! number only as a keyed hash. Later uploads for the number are not blocked.

mod common;

use app::api::erasures::EraseNumber;
use axum::http::{Method, StatusCode};
use common::recordings::{engine_token, get_audio, meta, tone, upload};
use common::{form_encode, sql, TestApp};
use leptos::server_fn::ServerFn;
use serde_json::{json, Value};

const NORTHWIND: &str = "Northwind Traders";
const ADMIN: &str = "admin@northwind.demo.test";
const NUMBER: &str = "+44 20 7946 1234";

#[tokio::test]
async fn an_erasure_deletes_audio_blanks_the_number_keeps_held_recordings_and_leaves_only_a_keyed_hash() {
    let app = TestApp::new().await;
    let company = app.company_id(NORTHWIND).await;
    let token = engine_token(&app, &company, &["recordings.upload"]).await;
    let admin = app.login(ADMIN).await;
    let mut ids = Vec::new();
    // As the caller twice (written two ways), as the callee once, and a call of someone else.
    for (i, (caller, callee)) in [
        (("Dana Subject", NUMBER), ("Ann Lee", "201")),
        (("Dana Subject", "+442079461234"), ("Ann Lee", "201")),
        (("Ann Lee", "201"), ("Dana Subject", "+44 (20) 7946-1234")),
        (("Someone Else", "+44 20 7946 9999"), ("Ann Lee", "201")),
    ]
    .into_iter()
    .enumerate()
    {
        let mut m = meta(&format!("erasure-{i}"));
        m["caller"] = json!({"name": caller.0, "number": caller.1});
        m["callee"] = json!({"name": callee.0, "number": callee.1});
        m["trace"] = json!([{"rule": "x", "fired": true, "says": format!("caller {}", caller.1)}]);
        let r = upload(&app, &token, &company, &m, &tone(800, 2000 + i as i16)).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        ids.push(r.json()["id"].as_str().unwrap().to_string());
    }
    let r = app
        .call(
            Method::PUT,
            &format!("/api/v1/recordings/{}/legal-hold", ids[1]),
            Some(&admin),
            Some(json!({"reason": "Claim 42"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let path = format!("/api/v1/companies/{company}/erasures");
    let keys_before = app.stored_keys().await;

    // A wrong number and an unknown field are refused by name.
    let r = app.call(Method::POST, &path, Some(&admin), Some(json!({"number": "12"}))).await;
    assert_eq!((r.status, r.json()["error"]["field"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("number")));
    let r = app.call(Method::POST, &path, Some(&admin), Some(json!({"number": NUMBER, "force": true}))).await;
    assert_eq!((r.status, r.json()["error"]["field"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("force")));

    // Without confirm: the same answer as a preview, nothing changed.
    let r = app.call(Method::POST, &path, Some(&admin), Some(json!({"number": NUMBER}))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let preview = r.json();
    assert_eq!(
        (preview["erased"].clone(), preview["kept"].clone(), preview["preview"].clone()),
        (json!(2), json!(1), json!(true))
    );
    let listed: Vec<&str> =
        preview["recordings"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(listed.len(), 3);
    assert!(!listed.contains(&ids[3].as_str()));
    let kept = preview["recordings"].as_array().unwrap().iter().find(|r| r["id"] == json!(ids[1])).unwrap();
    assert_eq!(kept["kept_because"]["reason"], "Claim 42");
    assert_eq!(get_audio(&app, &format!("/recordings/{}/audio", &ids[0]), &admin, None).await.0, StatusCode::OK);

    // The page's form waits for its box.
    let form = form_encode(&[("company", &company), ("number", NUMBER)]);
    let r = app.server_fn(EraseNumber::PATH, Some(&admin), &form).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let r = app.server_fn(EraseNumber::PATH, Some(&admin), &format!("{form}&confirm=yes")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let done: Value = r.json();
    assert_eq!(
        (done["erased"].clone(), done["kept"].clone(), done["preview"].clone()),
        (json!(2), json!(1), json!(false))
    );

    for (i, party) in [(0, "caller"), (2, "callee")] {
        let id = &ids[i];
        let r = app.call(Method::GET, &format!("/api/v1/recordings/{id}"), Some(&admin), None).await;
        let v = r.json();
        assert_eq!(v[party], json!({"name": "", "number": ""}), "{party} blanked");
        assert!(v["audio_erased_at"].is_string());
        assert!(!v["trace"].to_string().contains("7946"), "the trace no longer quotes the number");
        assert_eq!(v["trace"][0]["rule"], "x", "the trace keeps its shape");
        assert_eq!(get_audio(&app, &format!("/recordings/{}/audio", id), &admin, None).await.0, StatusCode::GONE);
        let key = keys_before.iter().find(|k| k.contains(id.as_str())).expect("its audio was stored");
        assert!(!app.stored_keys().await.contains(key), "its audio is deleted");
    }
    let held = app.call(Method::GET, &format!("/api/v1/recordings/{}", ids[1]), Some(&admin), None).await.json();
    assert_eq!(held["caller"]["name"], "Dana Subject", "the held recording is kept whole");
    assert_eq!(get_audio(&app, &format!("/recordings/{}/audio", &ids[1]), &admin, None).await.0, StatusCode::OK);
    // The search no longer finds the erased ones by the name.
    let r = app
        .call(
            Method::GET,
            &format!("/api/v1/companies/{company}/recordings?q=dana%20subject&limit=500"),
            Some(&admin),
            None,
        )
        .await;
    let found: Vec<String> =
        r.json()["rows"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_string()).collect();
    assert_eq!(found, vec![ids[1].clone()]);

    // The ledger: when, who, how many; the number only as a keyed hash, nowhere in the audit.
    let ledger = app.call(Method::GET, &path, Some(&admin), None).await.json();
    assert_eq!(ledger.as_array().unwrap().len(), 1);
    assert_eq!(
        (ledger[0]["erased"].clone(), ledger[0]["kept"].clone(), ledger[0]["erased_by"].clone()),
        (json!(2), json!(1), json!(ADMIN))
    );
    let hash: String = sql(&app.db, "SELECT number_hash FROM erasures").scalar().await.unwrap();
    assert_eq!(hash.len(), 64);
    assert!(!hash.contains("79461234"));
    let quoting: i64 = sql(
        &app.db,
        "SELECT COUNT(*) FROM audit_log WHERE (action LIKE '%erase%' OR action LIKE 'erasure%') \
         AND (coalesce(before, '') || coalesce(after, '') || coalesce(detail, '')) LIKE '%7946%'",
    )
    .scalar()
    .await
    .unwrap();
    assert_eq!(quoting, 0);
    let audited: i64 =
        sql(&app.db, "SELECT COUNT(*) FROM audit_log WHERE action = 'recording.erase'").scalar().await.unwrap();
    assert_eq!(audited, 2);

    // Erasing again finds only the held one; a later call from the number is recorded.
    let again = app.call(Method::POST, &path, Some(&admin), Some(json!({"number": NUMBER}))).await.json();
    assert_eq!((again["erased"].clone(), again["kept"].clone()), (json!(0), json!(1)));
    let mut later = meta("erasure-later");
    later["caller"] = json!({"name": "Dana Subject", "number": NUMBER});
    assert_eq!(upload(&app, &token, &company, &later, &tone(800, 1234)).await.status, StatusCode::CREATED);

    // An erasure is of the whole company: an administrator limited to teams is refused.
    app.add_team_limited_admin(
        "lead@northwind.demo.test",
        "Lead",
        &["recordings.view", "recordings.delete"],
        "Support",
    )
    .await;
    let lead = app.login("lead@northwind.demo.test").await;
    assert_eq!(
        app.call(Method::POST, &path, Some(&lead), Some(json!({"number": NUMBER}))).await.status,
        StatusCode::FORBIDDEN
    );

    // Recordings: Delete is needed.
    let supervisor = app.login("supervisor@northwind.demo.test").await;
    assert_eq!(
        app.call(Method::POST, &path, Some(&supervisor), Some(json!({"number": NUMBER}))).await.status,
        StatusCode::FORBIDDEN
    );
}

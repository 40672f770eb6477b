//! Provisioning from the PBX through the JSON API: users and devices created and brought up
//! to date by the PBX's own ids for them, idempotently; deleted by them (their recordings
//! keep their details and names); and teams through the API.

mod common;

use axum::http::{Method, StatusCode};
use common::recordings::{engine_token, meta, tone, upload};
use common::{sql, TestApp};
use serde_json::{json, Value};

const ADMIN: &str = "admin@northwind.demo.test";
const PRIVILEGES: [&str; 2] = ["users_devices.view", "users_devices.modify"];

struct Pbx<'a> {
    app: &'a TestApp,
    company: String,
    token: String,
}

impl<'a> Pbx<'a> {
    async fn new(app: &'a TestApp) -> Pbx<'a> {
        let company = app.company_id("Northwind Traders").await;
        let token = engine_token(app, &company, &PRIVILEGES).await;
        Pbx { app, company, token }
    }

    async fn call(&self, method: Method, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        let r = self.app.call_bearer(method, path, &self.token, body).await;
        let v = if r.body.is_empty() { Value::Null } else { r.json() };
        (r.status, v)
    }

    async fn put(&self, kind: &str, x: &str, body: Value) -> (StatusCode, Value) {
        self.call(Method::PUT, &format!("/api/v1/companies/{}/{kind}/by-external-id/{x}", self.company), Some(body))
            .await
    }

    async fn delete(&self, kind: &str, x: &str) -> StatusCode {
        self.call(Method::DELETE, &format!("/api/v1/companies/{}/{kind}/by-external-id/{x}", self.company), None)
            .await
            .0
    }

    /// The audit entries written for the object (any outcome).
    async fn audited(&self, id: &str) -> Vec<String> {
        sql(&self.app.db, "SELECT action || ':' || outcome FROM audit_log WHERE object_id = ? ORDER BY id")
            .bind(id)
            .scalars::<String>()
            .await
            .unwrap()
    }
}

fn fields(v: &Value) -> Vec<String> {
    let mut f: Vec<String> = v["error"]["fields"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| f["field"].as_str().unwrap().to_string())
        .collect();
    f.sort();
    f
}

#[tokio::test]
async fn the_pbx_creates_a_user_once_and_brings_it_up_to_date_after() {
    let app = TestApp::new().await;
    let pbx = Pbx::new(&app).await;
    let support = app.id_named("teams", &pbx.company, "Support").await;

    let (status, created) = pbx.put("users", "pbx-u-1", json!({"name": "  Pat Lee ", "extension": "4101"})).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(
        (&created["name"], &created["extension"], &created["external_id"], &created["seat"], &created["team"]),
        (&json!("Pat Lee"), &json!("4101"), &json!("pbx-u-1"), &json!(false), &Value::Null)
    );
    let id = created["id"].as_str().unwrap().to_string();

    // The same request again: nothing changes, nothing is written.
    let (status, again) = pbx.put("users", "pbx-u-1", json!({"name": "Pat Lee", "extension": "4101"})).await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(again, created);
    assert_eq!(pbx.audited(&id).await, ["user.create:ok"]);

    // A change: the team set, then kept when absent, then taken away with null.
    let (status, moved) =
        pbx.put("users", "pbx-u-1", json!({"name": "Pat Lee-Shaw", "extension": "4102", "team": support})).await;
    assert_eq!(status, StatusCode::OK, "{moved}");
    assert_eq!(
        (&moved["name"], &moved["extension"], &moved["team"]),
        (&json!("Pat Lee-Shaw"), &json!("4102"), &json!(support))
    );
    assert_eq!(moved["version"], created["version"].as_i64().unwrap() + 1);
    let (_, kept) =
        pbx.put("users", "pbx-u-1", json!({"name": "Pat Lee-Shaw", "extension": "4102", "seat": true})).await;
    assert_eq!((&kept["team"], &kept["seat"]), (&json!(support), &json!(true)), "{kept}");
    let (_, cleared) =
        pbx.put("users", "pbx-u-1", json!({"name": "Pat Lee-Shaw", "extension": "4102", "team": null})).await;
    assert_eq!(cleared["team"], Value::Null, "{cleared}");
    assert_eq!(
        pbx.audited(&id).await,
        ["user.create:ok", "user.provision:ok", "user.provision:ok", "user.provision:ok"]
    );

    // What a read returns is what the PBX set.
    let (_, read) = pbx.call(Method::GET, &format!("/api/v1/users/{id}"), None).await;
    assert_eq!(read, cleared);
}

#[tokio::test]
async fn a_provisioning_request_that_does_not_fit_is_refused_by_field_and_changes_nothing() {
    let app = TestApp::new().await;
    let pbx = Pbx::new(&app).await;
    let taken: String = sql(&app.db, "SELECT extension FROM users WHERE company_id = ? ORDER BY name LIMIT 1")
        .bind(&pbx.company)
        .scalar()
        .await
        .unwrap();
    let users_before: i64 = sql(&app.db, "SELECT COUNT(*) FROM users").scalar().await.unwrap();

    let (status, e) = pbx.put("users", "pbx-u-2", json!({"name": " ", "extension": "4x"})).await;
    assert_eq!(
        (status, fields(&e)),
        (StatusCode::UNPROCESSABLE_ENTITY, vec!["extension".into(), "name".into()]),
        "{e}"
    );
    let (status, e) =
        pbx.put("users", "pbx-u-2", json!({"name": "Kim", "extension": taken, "team": "no-such-team"})).await;
    assert_eq!(
        (status, fields(&e)),
        (StatusCode::UNPROCESSABLE_ENTITY, vec!["extension".into(), "team".into()]),
        "{e}"
    );
    let (status, e) = pbx.put("users", "pbx-u-2", json!({"name": "Kim", "extension": "4201", "extention": "1"})).await;
    assert_eq!((status, e["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("extention")), "{e}");
    let (status, e) = pbx.put("users", "not%20plain", json!({"name": "Kim", "extension": "4201"})).await;
    assert_eq!((status, e["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("external_id")), "{e}");
    let (status, e) = pbx.put("devices", "pbx-d-2", json!({"name": "Desk", "owner_external_id": "nobody"})).await;
    assert_eq!(
        (status, e["error"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("owner_external_id")),
        "{e}"
    );

    assert_eq!(sql(&app.db, "SELECT COUNT(*) FROM users").scalar::<i64>().await.unwrap(), users_before);
    assert_eq!(
        sql(&app.db, "SELECT COUNT(*) FROM devices WHERE external_id IS NOT NULL").scalar::<i64>().await.unwrap(),
        0
    );
    // Each refusal is in the audit log, as every refused write is.
    let refused: i64 = sql(
        &app.db,
        "SELECT COUNT(*) FROM audit_log WHERE action IN ('user.create', 'device.create') AND outcome = 'refused'",
    )
    .scalar()
    .await
    .unwrap();
    assert_eq!(refused, 2);
}

#[tokio::test]
async fn a_deleted_device_keeps_its_recordings_and_a_deleted_user_leaves_their_devices() {
    let app = TestApp::new().await;
    let pbx = Pbx::new(&app).await;
    let (status, user) = pbx.put("users", "pbx-u-3", json!({"name": "Lou Park", "extension": "4301"})).await;
    assert_eq!(status, StatusCode::CREATED, "{user}");
    let (status, device) =
        pbx.put("devices", "pbx-d-3", json!({"name": "Lou's desk", "owner_external_id": "pbx-u-3"})).await;
    assert_eq!(status, StatusCode::CREATED, "{device}");
    assert_eq!((&device["owner"], &device["external_id"]), (&user["id"], &json!("pbx-d-3")));
    let (status, same) = pbx.put("devices", "pbx-d-3", json!({"name": "Lou's desk"})).await;
    assert_eq!((status, &same), (StatusCode::OK, &device));

    let uploader = engine_token(&app, &pbx.company, &["recordings.upload"]).await;
    let mut m = meta("call-of-a-deleted-device");
    m["device"] = device["id"].clone();
    m["user"] = user["id"].clone();
    let r = upload(&app, &uploader, &pbx.company, &m, &tone(8000, 3000)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let recording = r.json()["id"].as_str().unwrap().to_string();

    // The user goes: the device stays, shared.
    assert_eq!(pbx.delete("users", "pbx-u-3").await, StatusCode::NO_CONTENT);
    assert_eq!(pbx.delete("users", "pbx-u-3").await, StatusCode::NOT_FOUND);
    let device_id = device["id"].as_str().unwrap();
    let (status, unowned) = pbx.call(Method::GET, &format!("/api/v1/devices/{device_id}"), None).await;
    assert_eq!((status, &unowned["owner"]), (StatusCode::OK, &Value::Null), "{unowned}");

    // Then the device, by its Earmark id: the recording keeps its parties and trace.
    let (status, _) = pbx.call(Method::DELETE, &format!("/api/v1/devices/{device_id}"), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(pbx.call(Method::GET, &format!("/api/v1/devices/{device_id}"), None).await.0, StatusCode::NOT_FOUND);
    assert_eq!(pbx.delete("devices", "pbx-d-3").await, StatusCode::NOT_FOUND);
    let admin = app.login(ADMIN).await;
    let r = app.call(Method::GET, &format!("/api/v1/recordings/{recording}"), Some(&admin), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let kept = r.json();
    assert_eq!(
        (&kept["caller"]["name"], &kept["callee"]["name"]),
        (&json!("Zed Quinlan"), &json!("Ann Lee")),
        "{kept}"
    );
    // Whose call it was stays said, by the names they had.
    assert_eq!((&kept["device"], &kept["user"]), (&json!("Lou's desk"), &json!("Lou Park")), "{kept}");
    let ids: (Option<String>, Option<String>) =
        sql(&app.db, "SELECT user_id, device_id FROM recordings WHERE id = ?").bind(&recording).row().await.unwrap();
    assert_eq!(ids, (None, None));
    assert_eq!(pbx.audited(device_id).await, ["device.create:ok", "device.delete:ok"]);
}

#[tokio::test]
async fn teams_are_kept_through_the_api() {
    let app = TestApp::new().await;
    let admin = app.login(ADMIN).await;
    let company = app.company_id("Northwind Traders").await;
    let teams = format!("/api/v1/companies/{company}/teams");
    let user = app.first_id("users", &company).await;
    let queue = app.first_id("queues", &company).await;

    let r = app.call(Method::POST, &teams, Some(&admin), Some(json!({"name": "", "members": ["nobody"]}))).await;
    assert_eq!(
        (r.status, fields(&r.json())),
        (StatusCode::UNPROCESSABLE_ENTITY, vec!["members".into(), "name".into()])
    );
    let r = app
        .call(
            Method::POST,
            &teams,
            Some(&admin),
            Some(json!({"name": "Night shift", "members": [user], "queues": [queue]})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let team = r.json();
    assert_eq!((&team["members"], &team["queues"]), (&json!([user]), &json!([queue])), "{team}");
    let id = team["id"].as_str().unwrap();
    let listed = app.call(Method::GET, &teams, Some(&admin), None).await.json();
    assert!(listed.as_array().unwrap().iter().any(|t| t == &team), "{listed}");
    let r = app.call(Method::GET, &format!("/api/v1/users/{user}"), Some(&admin), None).await;
    assert_eq!(r.json()["team"], json!(id));

    let one = format!("{teams}/{id}");
    let change = json!({"name": "Late shift", "members": [], "queues": [queue], "version": team["version"]});
    let r = app.call(Method::PUT, &one, Some(&admin), Some(change.clone())).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!((&r.json()["name"], &r.json()["members"]), (&json!("Late shift"), &json!([])));
    // The same version again is stale: someone changed the team since.
    assert_eq!(app.call(Method::PUT, &one, Some(&admin), Some(change)).await.status, StatusCode::CONFLICT);

    assert_eq!(app.call(Method::DELETE, &one, Some(&admin), None).await.status, StatusCode::NO_CONTENT);
    assert_eq!(app.call(Method::DELETE, &one, Some(&admin), None).await.status, StatusCode::NOT_FOUND);
    // Another company's team is not found from here.
    let other = app.company_id("Fabrikam").await;
    let theirs = app.first_id("teams", &other).await;
    let r = app
        .call(Method::PUT, &format!("{teams}/{theirs}"), Some(&admin), Some(json!({"name": "Mine", "version": 1})))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

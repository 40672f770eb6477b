//! The recording-policy JSON API through the real router on a fresh SQLite file: versioned
//! writes, the audit log, field errors, the licence, the decision for a call and bearer
//! tokens.

mod common;

use axum::http::{Method, StatusCode};
use common::{sql, Reply, TestApp};
use serde_json::{json, Value};

const NORTHWIND: &str = "Northwind Traders";
const CONTOSO: &str = "Contoso";
const FABRIKAM: &str = "Fabrikam";
const ADMIN: &str = "admin@northwind.demo.test";
const SUPERVISOR: &str = "supervisor@northwind.demo.test";
const OWNER: &str = "owner@demo.test";

async fn get(app: &TestApp, path: &str, cookie: &str) -> Value {
    let r = app.call(Method::GET, path, Some(cookie), None).await;
    assert_eq!(r.status, StatusCode::OK, "GET {path}: {}", r.body);
    r.json()
}

async fn put(app: &TestApp, path: &str, cookie: &str, body: Value) -> Reply {
    app.call(Method::PUT, path, Some(cookie), Some(body)).await
}

async fn post(app: &TestApp, path: &str, cookie: &str, body: Value) -> Reply {
    app.call(Method::POST, path, Some(cookie), Some(body)).await
}

/// A 422 `invalid` error naming `field`.
#[track_caller]
fn assert_invalid(r: &Reply, field: &str, what: &str) {
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{what}: {}", r.body);
    let e = &r.json()["error"];
    assert_eq!(e["code"], "invalid", "{what}: {}", r.body);
    assert_eq!(e["field"], field, "{what}: {}", r.body);
    assert!(e["message"].as_str().is_some_and(|m| !m.is_empty()), "{what}: a message for a person: {}", r.body);
}

#[track_caller]
fn assert_error(r: &Reply, status: StatusCode, code: &str, what: &str) {
    assert_eq!(r.status, status, "{what}: {}", r.body);
    assert_eq!(r.json()["error"]["code"], code, "{what}: {}", r.body);
}

#[derive(Debug, sqlx::FromRow)]
struct AuditRow {
    actor_email: Option<String>,
    object_kind: Option<String>,
    object_id: Option<String>,
    company_id: Option<String>,
    before: Option<String>,
    after: Option<String>,
    detail: Option<String>,
}

impl AuditRow {
    fn before(&self) -> Value {
        serde_json::from_str(self.before.as_deref().expect("a before")).expect("before is JSON")
    }

    fn after(&self) -> Value {
        serde_json::from_str(self.after.as_deref().expect("an after")).expect("after is JSON")
    }
}

async fn audit(app: &TestApp, action: &str, outcome: &str) -> Vec<AuditRow> {
    sql(
        &app.db,
        "SELECT actor_email, object_kind, object_id, company_id, before, after, detail \
         FROM audit_log WHERE action = ? AND outcome = ? ORDER BY id",
    )
    .bind(action)
    .bind(outcome)
    .rows()
    .await
    .unwrap()
}

async fn audit_count(app: &TestApp) -> i64 {
    sql(&app.db, "SELECT COUNT(*) FROM audit_log").scalar().await.unwrap()
}

fn force_path(company_id: &str) -> String {
    format!("/api/v1/companies/{company_id}/force-record")
}

fn decisions_path(company_id: &str) -> String {
    format!("/api/v1/companies/{company_id}/decisions")
}

/// Turns Northwind's "entire account, inbound from external" switch on as its administrator.
async fn record_all_inbound_offnet(app: &TestApp, cookie: &str, company_id: &str) {
    let mut fr = get(app, &force_path(company_id), cookie).await;
    fr["entire_account"]["inbound"]["offnet"] = json!(true);
    let r = put(app, &force_path(company_id), cookie, fr).await;
    assert_eq!(r.status, StatusCode::OK, "turning entire account inbound offnet on: {}", r.body);
}

fn step<'a>(decision: &'a Value, rule: &str) -> &'a Value {
    decision["trace"]
        .as_array()
        .expect("a trace")
        .iter()
        .find(|s| s["rule"] == rule)
        .unwrap_or_else(|| panic!("no step {rule} in the trace: {decision}"))
}

// 1. Versions

#[tokio::test]
async fn a_write_with_a_stale_version_gets_409_and_changes_nothing() {
    let app = TestApp::new().await;
    let c = app.company_id(NORTHWIND).await;
    let cookie = app.login(ADMIN).await;

    let read = get(&app, &force_path(&c), &cookie).await;
    let v = read["version"].as_i64().expect("a version");
    assert_eq!(read["entire_account"]["inbound"]["offnet"], false);
    assert_eq!(read["all_users"]["outbound"]["offnet"], false);

    let mut first = read.clone();
    first["entire_account"]["inbound"]["offnet"] = json!(true);
    let r = put(&app, &force_path(&c), &cookie, first).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["version"], v + 1);
    assert_eq!(r.json()["entire_account"]["inbound"]["offnet"], true);

    // A second editor still holds the version read before the first write.
    let mut second = read.clone();
    second["all_users"]["outbound"]["offnet"] = json!(true);
    assert_eq!(second["version"], v);
    let r = put(&app, &force_path(&c), &cookie, second).await;
    assert_error(&r, StatusCode::CONFLICT, "stale", "a write against the old version");

    let now = get(&app, &force_path(&c), &cookie).await;
    assert_eq!(now["version"], v + 1, "the stale write did not bump the version");
    assert_eq!(now["entire_account"]["inbound"]["offnet"], true, "the first write stands");
    assert_eq!(now["all_users"]["outbound"]["offnet"], false, "the stale write changed nothing");

    let refused = audit(&app, "force_record.update", "refused").await;
    assert_eq!(refused.len(), 1, "the stale write is audited as refused: {refused:?}");
    assert_eq!(refused[0].company_id.as_deref(), Some(c.as_str()));
    assert_eq!(audit(&app, "force_record.update", "ok").await.len(), 1, "only the first write succeeded");
}

// 2. Successful writes are audited

#[tokio::test]
async fn every_successful_write_is_audited_with_before_and_after() {
    let app = TestApp::new().await;
    let c = app.company_id(NORTHWIND).await;
    let cookie = app.login(ADMIN).await;

    let read = get(&app, &force_path(&c), &cookie).await;
    let v = read["version"].as_i64().unwrap();
    let mut change = read.clone();
    change["entire_account"]["inbound"]["offnet"] = json!(true);
    let r = put(&app, &force_path(&c), &cookie, change).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    let rows = audit(&app, "force_record.update", "ok").await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    let row = &rows[0];
    assert_eq!(row.company_id.as_deref(), Some(c.as_str()));
    assert_eq!(row.actor_email.as_deref(), Some(ADMIN));
    let (before, after) = (row.before(), row.after());
    assert_eq!(before["entire_account"]["inbound"]["offnet"], false, "before: {before}");
    assert_eq!(after["entire_account"]["inbound"]["offnet"], true, "after: {after}");
    assert_eq!(before["version"], v);
    assert_eq!(after["version"], v + 1);
    // Nothing else differs between before and after.
    let mut unchanged = after.clone();
    unchanged["entire_account"]["inbound"]["offnet"] = json!(false);
    unchanged["version"] = json!(v);
    assert_eq!(unchanged, before);

    // A queue's opt-in too.
    let q = app.id_named("queues", &c, "Support line").await;
    let queue = get(&app, &format!("/api/v1/queues/{q}"), &cookie).await;
    assert_eq!(queue["opt_in"]["accept_key"], "1");
    let mut opt_in = queue["opt_in"].clone();
    opt_in["accept_key"] = json!("3");
    let r = put(&app, &format!("/api/v1/queues/{q}"), &cookie, json!({"opt_in": opt_in, "version": queue["version"]}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let rows = audit(&app, "queue.opt_in.update", "ok").await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    let row = &rows[0];
    assert_eq!(row.company_id.as_deref(), Some(c.as_str()));
    assert_eq!(row.object_kind.as_deref(), Some("queue"));
    assert_eq!(row.object_id.as_deref(), Some(q.as_str()));
    assert_eq!(row.before()["opt_in"]["accept_key"], "1");
    assert_eq!(row.after()["opt_in"]["accept_key"], "3");
    assert_eq!(row.before()["opt_in"]["reject_key"], row.after()["opt_in"]["reject_key"]);
}

// 3. Refused writes are audited

#[tokio::test]
async fn a_refused_write_is_audited() {
    let app = TestApp::new().await;
    let c = app.company_id(NORTHWIND).await;
    let cookie = app.login(ADMIN).await;

    // Bad input: an on-demand code that clashes with the platform's *44.
    let mut fr = get(&app, &force_path(&c), &cookie).await;
    fr["on_demand"] = json!({"enabled": true, "code": "*4"});
    let r = put(&app, &force_path(&c), &cookie, fr).await;
    assert_invalid(&r, "on_demand.code", "*4");
    let rows = audit(&app, "force_record.update", "refused").await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].company_id.as_deref(), Some(c.as_str()));
    assert_eq!(rows[0].actor_email.as_deref(), Some(ADMIN));
    assert_eq!(rows[0].after()["on_demand"]["code"], "*4", "the attempted value is kept");
    assert!(rows[0].detail.as_deref().is_some_and(|d| d.contains("*44")), "why: {:?}", rows[0].detail);
    assert!(audit(&app, "force_record.update", "ok").await.is_empty());

    // Bad input on a queue: the same key to accept and to reject.
    let q = app.id_named("queues", &c, "Support line").await;
    let queue = get(&app, &format!("/api/v1/queues/{q}"), &cookie).await;
    let mut opt_in = queue["opt_in"].clone();
    opt_in["reject_key"] = json!("1");
    let r = put(&app, &format!("/api/v1/queues/{q}"), &cookie, json!({"opt_in": opt_in, "version": queue["version"]}))
        .await;
    assert_invalid(&r, "opt_in.reject_key", "equal keys");
    let rows = audit(&app, "queue.opt_in.update", "refused").await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].company_id.as_deref(), Some(c.as_str()));
    assert_eq!(rows[0].object_id.as_deref(), Some(q.as_str()));

    // A supervisor lacks Recording Policy: Modify.
    let supervisor = app.login(SUPERVISOR).await;
    let fr = get(&app, &force_path(&c), &cookie).await;
    let r = put(&app, &force_path(&c), &supervisor, fr).await;
    assert_error(&r, StatusCode::FORBIDDEN, "forbidden", "supervisor writing force record");
    let rows = audit(&app, "access.refused", "refused").await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].actor_email.as_deref(), Some(SUPERVISOR));
    assert_eq!(rows[0].object_kind.as_deref(), Some("company"));
    assert_eq!(rows[0].object_id.as_deref(), Some(c.as_str()));
    assert!(
        rows[0].detail.as_deref().is_some_and(|d| d.contains("Recording Policy: Modify")),
        "names the missing privilege: {:?}",
        rows[0].detail
    );
    assert_eq!(audit(&app, "force_record.update", "refused").await.len(), 1, "no write was attempted");
    assert!(audit(&app, "force_record.update", "ok").await.is_empty());
}

// 4. Bad input

/// PUTs a queue's opt-in, expects a 422 naming `field`, and checks the queue did not move.
async fn refused_opt_in(app: &TestApp, cookie: &str, q: &str, opt_in: Value, field: &str, what: &str) {
    let path = format!("/api/v1/queues/{q}");
    let before = get(app, &path, cookie).await;
    let audited = audit_count(app).await;
    let r = put(app, &path, cookie, json!({"opt_in": opt_in, "version": before["version"]})).await;
    assert_invalid(&r, field, what);
    assert_eq!(get(app, &path, cookie).await, before, "{what}: the queue is unchanged");
    let refused = audit(app, "queue.opt_in.update", "refused").await;
    assert!(audit_count(app).await > audited, "{what}: the refusal is audited");
    assert_eq!(refused.last().and_then(|r| r.object_id.as_deref()), Some(q), "{what}");
}

#[tokio::test]
async fn bad_input_gets_422_naming_the_field_and_saves_nothing() {
    let app = TestApp::new().await;
    let c = app.company_id(NORTHWIND).await;
    let contoso = app.company_id(CONTOSO).await;
    let cookie = app.login(ADMIN).await;

    // The queue's opt-in.
    let q = app.id_named("queues", &c, "Support line").await;
    let base = get(&app, &format!("/api/v1/queues/{q}"), &cookie).await["opt_in"].clone();
    let notice = app.id_named("audio_files", &c, "Recording notice").await;
    assert_eq!(base["audio"], json!({"file": notice}), "the demo prompt plays the recording notice");
    let with = |key: &str, value: Value| {
        let mut o = base.clone();
        o[key] = value;
        o
    };
    refused_opt_in(&app, &cookie, &q, with("accept_key", json!("0")), "opt_in.accept_key", "accept key 0").await;
    let mut same = with("accept_key", json!("3"));
    same["reject_key"] = json!("3");
    refused_opt_in(&app, &cookie, &q, same, "opt_in.reject_key", "equal keys").await;
    refused_opt_in(&app, &cookie, &q, with("delay_seconds", json!(0)), "opt_in.delay_seconds", "delay 0").await;
    refused_opt_in(&app, &cookie, &q, with("delay_seconds", json!(61)), "opt_in.delay_seconds", "delay 61").await;
    refused_opt_in(&app, &cookie, &q, with("audio", Value::Null), "opt_in.audio", "keys without audio").await;
    let theirs = app.id_named("audio_files", &contoso, "Recording notice").await;
    refused_opt_in(
        &app,
        &cookie,
        &q,
        with("audio", json!({"file": theirs})),
        "opt_in.audio",
        "another company's audio",
    )
    .await;
    refused_opt_in(&app, &cookie, &q, with("audio", json!({"file": "no-such-file"})), "opt_in.audio", "unknown audio")
        .await;
    // The limits themselves are accepted: the refusals above were about the values.
    let r = put(
        &app,
        &format!("/api/v1/queues/{q}"),
        &cookie,
        json!({"opt_in": with("delay_seconds", json!(60)), "version": get(&app, &format!("/api/v1/queues/{q}"), &cookie).await["version"]}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "delay 60: {}", r.body);

    // The decision for a call.
    let desk = app.id_named("devices", &c, "Desk 201").await;
    let cases = [
        (json!({"source": {"device": "no-such-device"}, "destination": {"device": desk}}), "source", "unknown source"),
        (
            json!({"source": {"external": "+15551234567"}, "destination": {"device": "no-such-device"}}),
            "destination",
            "unknown destination",
        ),
        (json!({"source": {"queue": q}, "destination": {"device": desk}}), "source", "a queue as source"),
        (
            json!({"source": {"external": "+15551234567"}, "destination": {"external": "+15557654321"}}),
            "destination",
            "two external numbers",
        ),
    ];
    for (body, field, what) in cases {
        let r = post(&app, &decisions_path(&c), &cookie, body).await;
        assert_invalid(&r, field, what);
    }
    // A device of another company is unknown here.
    let theirs = app.id_named("devices", &contoso, "Desk 100").await;
    let r = post(
        &app,
        &decisions_path(&c),
        &cookie,
        json!({"source": {"external": "+15551234567"}, "destination": {"device": theirs}}),
    )
    .await;
    assert_invalid(&r, "destination", "another company's device");

    // The on-demand code.
    let before = get(&app, &force_path(&c), &cookie).await;
    for code in ["*4", "12", "*44", "*12345"] {
        let mut fr = before.clone();
        fr["on_demand"] = json!({"enabled": true, "code": code});
        let r = put(&app, &force_path(&c), &cookie, fr).await;
        assert_invalid(&r, "on_demand.code", code);
        assert_eq!(get(&app, &force_path(&c), &cookie).await, before, "code {code}: force record unchanged");
    }

    // The recording mode.
    let path = format!("/api/v1/companies/{c}/recording-mode");
    let before = get(&app, &path, &cookie).await;
    let audited = audit_count(&app).await;
    let r =
        put(&app, &path, &cookie, json!({"mode": "sometimes", "outbound": "default", "version": before["version"]}))
            .await;
    assert_invalid(&r, "mode", "mode sometimes");
    assert_eq!(get(&app, &path, &cookie).await, before, "the recording mode is unchanged");
    assert!(audit_count(&app).await > audited, "the refusal is audited");
    let rows = audit(&app, "recording_mode.update", "refused").await;
    assert_eq!(rows.last().and_then(|r| r.company_id.as_deref()), Some(c.as_str()), "{rows:?}");
}

// 5. The licence

#[tokio::test]
async fn an_unlicensed_company_cannot_change_its_policy() {
    let app = TestApp::new().await;
    let fabrikam = app.company_id(FABRIKAM).await;
    let owner = app.login(OWNER).await;

    let before = get(&app, &force_path(&fabrikam), &owner).await;
    let mut fr = before.clone();
    fr["entire_account"]["inbound"]["offnet"] = json!(true);
    let r = put(&app, &force_path(&fabrikam), &owner, fr).await;
    assert_invalid(&r, "licence", "force record of an unlicensed company");
    assert_eq!(get(&app, &force_path(&fabrikam), &owner).await, before, "nothing saved");
    let rows = audit(&app, "force_record.update", "refused").await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].company_id.as_deref(), Some(fabrikam.as_str()));
}

#[tokio::test]
async fn a_seat_beyond_the_licence_is_refused() {
    let app = TestApp::new().await;
    let contoso = app.company_id(CONTOSO).await;
    let cookie = app.login("admin@contoso.demo.test").await;
    // Gina Park and Hugo Brandt hold the two seats of a licence lowered to two.
    sql(&app.db, "UPDATE companies SET seats = 2 WHERE id = ?").bind(&contoso).execute().await.unwrap();
    let licence = get(&app, &format!("/api/v1/companies/{contoso}/licence"), &cookie).await;
    assert_eq!((licence["seats"].as_i64(), licence["seats_used"].as_i64()), (Some(2), Some(2)), "{licence}");

    let ines = app.id_named("users", &contoso, "Ines Silva").await;
    let path = format!("/api/v1/users/{ines}");
    let before = get(&app, &path, &cookie).await;
    assert_eq!(before["seat"], false);
    let mut body = json!({"override": before["override"], "seat": true, "version": before["version"]});
    let r = put(&app, &path, &cookie, body.clone()).await;
    assert_invalid(&r, "seat", "a third seat on a licence of two");
    assert_eq!(get(&app, &path, &cookie).await, before, "Ines still holds no seat");
    let seat: bool = sql(&app.db, "SELECT seat FROM users WHERE id = ?").bind(&ines).scalar().await.unwrap();
    assert!(!seat);

    // With a third seat on the licence the same write goes through.
    sql(&app.db, "UPDATE companies SET seats = 3 WHERE id = ?").bind(&contoso).execute().await.unwrap();
    body["version"] = before["version"].clone();
    let r = put(&app, &path, &cookie, body).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["seat"], true);
}

// 6. The decision

#[tokio::test]
async fn the_decision_api_answers_with_the_rule_that_fired() {
    let app = TestApp::new().await;
    let c = app.company_id(NORTHWIND).await;
    let cookie = app.login(ADMIN).await;
    let desk = app.id_named("devices", &c, "Desk 201").await;
    let queue = app.id_named("queues", &c, "Support line").await;
    let to_desk = json!({"source": {"external": "+15551234567"}, "destination": {"device": desk}});

    // Nothing records it yet.
    let r = post(&app, &decisions_path(&c), &cookie, to_desk.clone()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["recorded"], false, "{}", r.body);

    record_all_inbound_offnet(&app, &cookie, &c).await;
    let r = post(&app, &decisions_path(&c), &cookie, to_desk).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let d = r.json();
    assert_eq!(d["recorded"], true, "{d}");
    let s = step(&d, "entire_account.inbound.offnet");
    assert_eq!(s["fired"], true, "{s}");
    assert_eq!(s["from"], format!("company {c}"), "{s}");

    // The caller's choice at the queue decides over the entire-account switch.
    let into_queue = |input: &str| json!({"source": {"external": "+15551234567"}, "destination": {"queue": queue}, "caller_input": input});
    let r = post(&app, &decisions_path(&c), &cookie, into_queue("reject")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let d = r.json();
    assert_eq!(d["recorded"], false, "the caller opted out: {d}");
    assert_eq!(step(&d, "entire_account.inbound.offnet")["fired"], true, "{d}");
    assert_eq!(step(&d, "queue.opt_in")["from"], format!("queue {queue}"), "{d}");
    let r = post(&app, &decisions_path(&c), &cookie, into_queue("accept")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["recorded"], true, "the caller opted in: {}", r.body);
}

// 7. Bearer tokens

#[tokio::test]
async fn bearer_tokens_reach_one_company_with_the_privileges_they_were_given() {
    let app = TestApp::new().await;
    let c = app.company_id(NORTHWIND).await;
    let contoso = app.company_id(CONTOSO).await;
    let admin = app.login(ADMIN).await;

    let r = post(
        &app,
        "/api/v1/tokens",
        &admin,
        json!({"company": c, "name": "engine", "privileges": ["recording_policy.view"]}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let created = r.json();
    let token = created["token"].as_str().expect("the secret, shown once").to_string();
    assert!(token.len() >= 32, "a long secret: {token}");
    assert_eq!(created["company"], c.as_str());
    assert_eq!(created["privileges"], json!(["recording_policy.view"]));

    // Only a hash of the secret is kept.
    let (hash, privileges): (String, String) =
        sql(&app.db, "SELECT secret_hash, privileges FROM api_tokens WHERE id = ?")
            .bind(created["id"].as_str().unwrap())
            .row()
            .await
            .unwrap();
    assert_ne!(hash, token);
    assert!(!hash.contains(&token) && !hash.contains(token.trim_start_matches("emk_")), "{hash}");
    assert_eq!(privileges, "recording_policy.view");
    let stored: i64 = sql(&app.db, "SELECT COUNT(*) FROM api_tokens WHERE secret_hash = ? OR secret_hash = ?")
        .bind(&token)
        .bind(token.trim_start_matches("emk_"))
        .scalar()
        .await
        .unwrap();
    assert_eq!(stored, 0);

    let desk = app.id_named("devices", &c, "Desk 201").await;
    let call = json!({"source": {"external": "+15551234567"}, "destination": {"device": desk}});
    let r = app.call_bearer(Method::POST, &decisions_path(&c), &token, Some(call.clone())).await;
    assert_eq!(r.status, StatusCode::OK, "the token decides for its company: {}", r.body);
    assert_eq!(r.json()["recorded"], false);

    let their_desk = app.id_named("devices", &contoso, "Desk 100").await;
    let r = app
        .call_bearer(
            Method::POST,
            &decisions_path(&contoso),
            &token,
            Some(json!({"source": {"external": "+15551234567"}, "destination": {"device": their_desk}})),
        )
        .await;
    assert_error(&r, StatusCode::NOT_FOUND, "not_found", "the token on another company");

    let fr = get(&app, &force_path(&c), &admin).await;
    let r = app.call_bearer(Method::PUT, &force_path(&c), &token, Some(fr.clone())).await;
    assert_error(&r, StatusCode::FORBIDDEN, "forbidden", "a privilege the token lacks");
    assert_eq!(get(&app, &force_path(&c), &admin).await, fr, "nothing changed");

    for made_up in [format!("emk_{}", "0".repeat(64)), "not-a-token".to_string()] {
        let r = app.call_bearer(Method::POST, &decisions_path(&c), &made_up, Some(call.clone())).await;
        assert_error(&r, StatusCode::UNAUTHORIZED, "unauthenticated", "a made-up token");
    }

    // Nobody grants what they lack, nor above the company.
    let supervisor = app.login(SUPERVISOR).await;
    let r = post(
        &app,
        "/api/v1/tokens",
        &supervisor,
        json!({"company": c, "name": "sneaky", "privileges": ["recording_policy.modify"]}),
    )
    .await;
    assert_error(&r, StatusCode::FORBIDDEN, "forbidden", "a supervisor making a token");
    let r =
        post(&app, "/api/v1/tokens", &admin, json!({"company": c, "name": "root", "privileges": ["system.modify"]}))
            .await;
    assert_invalid(&r, "privileges", "system.modify on a company token");
    let r =
        post(&app, "/api/v1/tokens", &admin, json!({"company": c, "name": "odd", "privileges": ["recordings.erase"]}))
            .await;
    assert_invalid(&r, "privileges", "an unknown privilege");
    let tokens: i64 = sql(&app.db, "SELECT COUNT(*) FROM api_tokens").scalar().await.unwrap();
    assert_eq!(tokens, 1, "only the first token was made");
}

// 8. Overrides through the API

#[tokio::test]
async fn a_device_set_off_is_not_recorded_even_when_its_user_is_on() {
    let app = TestApp::new().await;
    let c = app.company_id(NORTHWIND).await;
    let cookie = app.login(ADMIN).await;
    let ann = app.id_named("users", &c, "Ann Lee").await;
    let desk = app.id_named("devices", &c, "Desk 201").await;
    let softphone = app.id_named("devices", &c, "Softphone Ann").await;

    let user_path = format!("/api/v1/users/{ann}");
    let user = get(&app, &user_path, &cookie).await;
    assert_eq!(user["seat"], true, "Ann holds a seat");
    let mut overrides = user["override"].clone();
    overrides["inbound"]["offnet"] = json!("on");
    let r =
        put(&app, &user_path, &cookie, json!({"override": overrides, "seat": true, "version": user["version"]})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    let device_path = format!("/api/v1/devices/{desk}");
    let mut device = get(&app, &device_path, &cookie).await;
    assert_eq!(device["owner"], ann.as_str());
    device["override"]["inbound"]["offnet"] = json!("off");
    let r = put(&app, &device_path, &cookie, device).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["owner"], ann.as_str(), "the device keeps its owner");

    let from_outside = |d: &str| json!({"source": {"external": "+15551234567"}, "destination": {"device": d}});
    let r = post(&app, &decisions_path(&c), &cookie, from_outside(&desk)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let d = r.json();
    assert_eq!(d["recorded"], false, "Desk 201 is Off: {d}");
    let s = step(&d, "endpoint.inbound.offnet");
    assert_eq!((&s["fired"], &s["from"]), (&json!(false), &json!(format!("device {desk}"))), "{s}");

    let r = post(&app, &decisions_path(&c), &cookie, from_outside(&softphone)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let d = r.json();
    assert_eq!(d["recorded"], true, "Softphone Ann inherits Ann's On: {d}");
    let s = step(&d, "endpoint.inbound.offnet");
    assert_eq!((&s["fired"], &s["from"]), (&json!(true), &json!(format!("user {ann}"))), "{s}");
}

#[tokio::test]
async fn a_bulk_change_sets_one_cell_for_the_selected_users_in_one_go() {
    use leptos::server_fn::ServerFn;
    let app = TestApp::new().await;
    let cookie = app.login("admin@northwind.demo.test").await;
    let company = app.company_id("Northwind Traders").await;
    let ids: Vec<String> =
        sql(&app.db, "SELECT id FROM users WHERE company_id = ? AND name IN ('Ann Lee', 'Bob Stone') ORDER BY name")
            .bind(&company)
            .scalars()
            .await
            .unwrap();
    // Sparse indices, as a table of checkboxes posts them.
    let form =
        format!("company={company}&target=users&ids[0]={}&ids[3]={}&cell=outbound_offnet&value=on", ids[0], ids[1]);
    let r = app.server_fn(app::api::bulk_changes::BulkSetCell::PATH, Some(&cookie), &form).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body.trim(), "2");
    for id in &ids {
        let u = app.call(Method::GET, &format!("/api/v1/users/{id}"), Some(&cookie), None).await;
        let v: serde_json::Value = serde_json::from_str(&u.body).unwrap();
        assert_eq!(v["override"]["outbound"]["offnet"], "on");
    }
    let audited: i64 =
        sql(&app.db, "SELECT COUNT(*) FROM audit_log WHERE action = 'user.bulk_update' AND outcome = 'ok'")
            .scalar()
            .await
            .unwrap();
    assert_eq!(audited, 2, "one audit row per changed user");
    // The same change again changes nothing.
    let again = app.server_fn(app::api::bulk_changes::BulkSetCell::PATH, Some(&cookie), &form).await;
    assert_eq!(again.body.trim(), "0");
    // A user of another company makes the whole change fail, and nothing is saved.
    let other: String = sql(&app.db, "SELECT id FROM users WHERE name = 'Gina Park'").scalar().await.unwrap();
    let mixed = format!("company={company}&target=users&ids[0]={}&ids[1]={other}&cell=inbound_onnet&value=off", ids[0]);
    let refused = app.server_fn(app::api::bulk_changes::BulkSetCell::PATH, Some(&cookie), &mixed).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    let u = app.call(Method::GET, &format!("/api/v1/users/{}", ids[0]), Some(&cookie), None).await;
    let v: serde_json::Value = serde_json::from_str(&u.body).unwrap();
    assert_eq!(v["override"]["inbound"]["onnet"], "inherit", "the transaction rolled back");
}

#[tokio::test]
async fn the_licence_cannot_go_below_the_seats_in_use() {
    let app = TestApp::new().await;
    let cookie = app.login("admin@acme.demo.test").await;
    let company = app.company_id("Northwind Traders").await;
    let path = format!("/api/v1/companies/{company}/licence");
    let current: serde_json::Value =
        serde_json::from_str(&app.call(Method::GET, &path, Some(&cookie), None).await.body).unwrap();
    assert_eq!(current["seats_used"], 4);
    let r = app
        .call(
            Method::PUT,
            &path,
            Some(&cookie),
            Some(json!({"licensed": true, "seats": 3, "version": current["version"]})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let e: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(e["error"]["field"], "seats");
    assert!(e["error"]["message"].as_str().unwrap().contains("4 users hold a seat"), "{}", r.body);
    let ok = app
        .call(
            Method::PUT,
            &path,
            Some(&cookie),
            Some(json!({"licensed": true, "seats": 4, "version": current["version"]})),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    // A company administrator may not change the licence of their own company.
    let admin = app.login("admin@northwind.demo.test").await;
    let refused =
        app.call(Method::PUT, &path, Some(&admin), Some(json!({"licensed": true, "seats": 99, "version": 1}))).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn users_and_devices_are_created_through_the_api_and_decided_on_at_once() {
    let app = TestApp::new().await;
    let cookie = app.login("admin@northwind.demo.test").await;
    let company = app.company_id("Northwind Traders").await;
    let r = app
        .call(
            Method::POST,
            &format!("/api/v1/companies/{company}/users"),
            Some(&cookie),
            Some(json!({"name": "Gus Grey", "extension": "207", "seat": true})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let user: Value = serde_json::from_str(&r.body).unwrap();
    // The same extension again is refused and names who has it.
    let dup = app
        .call(
            Method::POST,
            &format!("/api/v1/companies/{company}/users"),
            Some(&cookie),
            Some(json!({"name": "Someone Else", "extension": "207"})),
        )
        .await;
    assert_eq!(dup.status, StatusCode::UNPROCESSABLE_ENTITY);
    let e: Value = serde_json::from_str(&dup.body).unwrap();
    assert_eq!(e["error"]["field"], "extension");
    assert_eq!(e["error"]["message"], "Extension 207 is already Gus Grey's.");

    // Warm the decision cache, then add a device: the next decision knows it.
    let desk: String = sql(&app.db, "SELECT id FROM devices WHERE name = 'Desk 201'").scalar().await.unwrap();
    let decisions = format!("/api/v1/companies/{company}/decisions");
    let warm = app
        .call(
            Method::POST,
            &decisions,
            Some(&cookie),
            Some(json!({"source": {"external": "+15551234567"}, "destination": {"device": desk}})),
        )
        .await;
    assert_eq!(warm.status, StatusCode::OK);
    let d = app
        .call(
            Method::POST,
            &format!("/api/v1/companies/{company}/devices"),
            Some(&cookie),
            Some(json!({"name": "Desk 207", "owner": user["id"], "override": {"inbound": {"onnet": "inherit", "offnet": "on"}, "outbound": {"onnet": "inherit", "offnet": "inherit"}}})),
        )
        .await;
    assert_eq!(d.status, StatusCode::CREATED, "{}", d.body);
    let device: Value = serde_json::from_str(&d.body).unwrap();
    let decided = app
        .call(
            Method::POST,
            &decisions,
            Some(&cookie),
            Some(json!({"source": {"external": "+15551234567"}, "destination": {"device": device["id"]}})),
        )
        .await;
    assert_eq!(decided.status, StatusCode::OK, "{}", decided.body);
    let v: Value = serde_json::from_str(&decided.body).unwrap();
    assert_eq!(v["recorded"], true, "the new device's own Inbound external On applies: {v}");
    let audited: i64 = sql(
        &app.db,
        "SELECT COUNT(*) FROM audit_log WHERE action IN ('user.create', 'device.create') AND outcome = 'ok'",
    )
    .scalar()
    .await
    .unwrap();
    assert_eq!(audited, 2);
}

fn wav(samples: usize) -> Vec<u8> {
    app::model::audio::wav_pcm16(8000, &vec![0; samples])
}

#[tokio::test]
async fn audio_is_recognised_by_content_limited_to_5_mb_and_kept_while_a_queue_plays_it() {
    let app = TestApp::new().await;
    let cookie = app.login("admin@northwind.demo.test").await;
    let company = app.company_id("Northwind Traders").await;

    let ok = app.upload_audio(&cookie, &company, "Hold music", &wav(8000)).await;
    assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.body);
    let item: Value = serde_json::from_str(&ok.body).unwrap();
    assert_eq!(item["format"], "wav");
    assert_eq!(item["size_bytes"], 16044);

    // A text file named .wav is refused by its content.
    let fake = app.upload_audio(&cookie, &company, "Not audio", b"hello, I am not a WAV file").await;
    assert_eq!(fake.status, StatusCode::UNPROCESSABLE_ENTITY);
    let e: Value = serde_json::from_str(&fake.body).unwrap();
    assert_eq!(e["error"]["field"], "file");

    // Over 5 MB: a clear 413, nothing stored.
    let big = app.upload_audio(&cookie, &company, "Too long", &wav(3 * 1024 * 1024)).await;
    assert_eq!(big.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", big.body);
    let e: Value = serde_json::from_str(&big.body).unwrap();
    assert!(e["error"]["message"].as_str().unwrap().contains("5.0 MB"), "{}", big.body);
    let names: Vec<String> =
        sql(&app.db, "SELECT name FROM audio_files WHERE company_id = ?").bind(&company).scalars().await.unwrap();
    assert!(names.contains(&"Hold music".to_string()) && !names.contains(&"Too long".to_string()));

    // The same name twice is refused.
    let dup = app.upload_audio(&cookie, &company, "hold music", &wav(10)).await;
    assert_eq!(dup.status, StatusCode::UNPROCESSABLE_ENTITY);

    // A file a queue plays is kept, and the refusal names the queue; an unused one goes.
    let notice: String = sql(&app.db, "SELECT id FROM audio_files WHERE company_id = ? AND name = 'Recording notice'")
        .bind(&company)
        .scalar()
        .await
        .unwrap();
    let kept = app.call(Method::DELETE, &format!("/api/v1/audio/{notice}"), Some(&cookie), None).await;
    assert_eq!(kept.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(kept.body.contains("Support line"), "{}", kept.body);
    let gone =
        app.call(Method::DELETE, &format!("/api/v1/audio/{}", item["id"].as_str().unwrap()), Some(&cookie), None).await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT);
    // The uploaded file could have been chosen as a queue's opt-in audio before it went.
    let list = app.call(Method::GET, &format!("/api/v1/companies/{company}/audio"), Some(&cookie), None).await;
    assert!(!list.body.contains("Hold music"));
}

#[tokio::test]
async fn playbooks_keep_their_order_refuse_foreign_or_missing_files_and_guard_what_they_hold() {
    let app = TestApp::new().await;
    let cookie = app.login(ADMIN).await;
    let company = app.company_id(NORTHWIND).await;
    let contoso = app.company_id(CONTOSO).await;
    let notice = app.id_named("audio_files", &company, "Recording notice").await;
    let welcome = app.id_named("audio_files", &company, "Welcome").await;
    let audio = format!("/api/v1/companies/{company}/audio");

    // The demo playbook plays the welcome, then the notice.
    let library = get(&app, &audio, &cookie).await;
    let demo = &library["playbooks"][0];
    assert_eq!(demo["name"], "Welcome and recording notice");
    let order: Vec<&str> = demo["files"].as_array().unwrap().iter().map(|f| f["name"].as_str().unwrap()).collect();
    assert_eq!(order, ["Welcome", "Recording notice"]);

    // A new playbook keeps the order it was given, repeats included.
    let created = app
        .call(
            Method::POST,
            &audio,
            Some(&cookie),
            Some(json!({"name": "Notice twice", "files": [notice, welcome, notice]})),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let p: Value = serde_json::from_str(&created.body).unwrap();
    let id = p["id"].as_str().unwrap().to_string();
    let ids: Vec<&str> = p["files"].as_array().unwrap().iter().map(|f| f["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [notice.as_str(), welcome.as_str(), notice.as_str()]);

    // Refused: no files, another company's file, a taken name.
    for (body, field) in [
        (json!({"name": "Nothing", "files": []}), "files"),
        (json!({"name": "Theirs", "files": [app.id_named("audio_files", &contoso, "Welcome").await]}), "files"),
        (json!({"name": "notice TWICE", "files": [welcome]}), "name"),
        (json!({"name": " ", "files": [welcome]}), "name"),
    ] {
        let r = app.call(Method::POST, &audio, Some(&cookie), Some(body.clone())).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {}", r.body);
        let e: Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!(e["error"]["field"], field, "{body}");
    }

    // An edit carries the version it read; a stale one changes nothing.
    let path = format!("/api/v1/audio/{id}");
    let edited = app
        .call(
            Method::PUT,
            &path,
            Some(&cookie),
            Some(json!({"name": "Welcome only", "files": [welcome], "version": 1})),
        )
        .await;
    assert_eq!(edited.status, StatusCode::OK, "{}", edited.body);
    let stale = app
        .call(Method::PUT, &path, Some(&cookie), Some(json!({"name": "Lost", "files": [notice], "version": 1})))
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    let library = get(&app, &audio, &cookie).await;
    let mine = library["playbooks"].as_array().unwrap().iter().find(|p| p["id"] == id.as_str()).unwrap().clone();
    assert_eq!(
        (mine["name"].as_str(), mine["version"].as_i64(), mine["files"].as_array().unwrap().len()),
        (Some("Welcome only"), Some(2), 1)
    );

    // A file a playbook holds is kept, naming the playbooks.
    let kept = app.call(Method::DELETE, &format!("/api/v1/audio/{welcome}"), Some(&cookie), None).await;
    assert_eq!(kept.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(kept.body.contains("the playbooks 'Welcome and recording notice', 'Welcome only'"), "{}", kept.body);

    // A playbook a queue plays is kept, naming the queue; once the queue plays other audio it goes.
    let queue = app.id_named("queues", &company, "Support line").await;
    let q = get(&app, &format!("/api/v1/queues/{queue}"), &cookie).await;
    let mut opt_in = q["opt_in"].clone();
    opt_in["audio"] = json!({"playbook": id});
    let put = app
        .call(
            Method::PUT,
            &format!("/api/v1/queues/{queue}"),
            Some(&cookie),
            Some(json!({"opt_in": opt_in, "version": q["version"]})),
        )
        .await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.body);
    let kept = app.call(Method::DELETE, &path, Some(&cookie), None).await;
    assert_eq!(kept.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(kept.body.contains("opt-in audio of Support line"), "{}", kept.body);
    let put = app
        .call(
            Method::PUT,
            &format!("/api/v1/queues/{queue}"),
            Some(&cookie),
            Some(json!({"opt_in": q["opt_in"], "version": q["version"].as_i64().unwrap() + 1})),
        )
        .await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.body);
    let gone = app.call(Method::DELETE, &path, Some(&cookie), None).await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT, "{}", gone.body);
    let items: i64 =
        sql(&app.db, "SELECT COUNT(*) FROM playbook_items WHERE playbook_id = ?").bind(&id).scalar().await.unwrap();
    assert_eq!(items, 0, "the playbook's items go with it");

    // A supervisor reads the library but cannot change it.
    let supervisor = app.login(SUPERVISOR).await;
    let r = app.call(Method::POST, &audio, Some(&supervisor), Some(json!({"name": "Mine", "files": [welcome]}))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_queue_is_created_from_the_shape_a_read_returns_and_nothing_it_sends_is_dropped() {
    let app = TestApp::new().await;
    let cookie = app.login(ADMIN).await;
    let c = app.company_id(NORTHWIND).await;
    let q = app.id_named("queues", &c, "Support line").await;
    let read = get(&app, &format!("/api/v1/queues/{q}"), &cookie).await;
    let path = format!("/api/v1/companies/{c}/queues");

    let mut opt_in = read["opt_in"].clone();
    opt_in["accept_key"] = json!("4");
    let mut contact_center = read["contact_center"].clone();
    contact_center["pause_on_hold"] = json!(true);
    let r =
        post(&app, &path, &cookie, json!({"name": "Copied line", "opt_in": opt_in, "contact_center": contact_center}))
            .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let created = r.json();
    let stored = get(&app, &format!("/api/v1/queues/{}", created["id"].as_str().unwrap()), &cookie).await;
    assert_eq!(stored, created, "what the create answered is what was stored");
    assert_eq!((stored["opt_in"].clone(), stored["contact_center"]["pause_on_hold"].clone()), (opt_in, json!(true)));

    // Every wrong setting named under its part; a field the route does not take by name; the
    // ids the server assigns are not taken either. Nothing created.
    let count = || sql(&app.db, "SELECT COUNT(*) FROM queues WHERE company_id = ?").bind(&c).scalar::<i64>();
    let before = count().await.unwrap();
    let mut bad_opt_in = read["opt_in"].clone();
    bad_opt_in["delay_seconds"] = json!(100_000);
    let r = post(&app, &path, &cookie, json!({"name": "Bad line", "opt_in": bad_opt_in})).await;
    assert_invalid(&r, "opt_in.delay_seconds", "a delay out of range");
    let r = post(&app, &path, &cookie, json!({"name": "Bad line", "colour": "blue"})).await;
    assert_invalid(&r, "colour", "an unknown field");
    let r = post(&app, &path, &cookie, json!({"name": "Bad line", "id": "x", "version": 1})).await;
    assert_invalid(&r, "id", "a server-assigned field");
    assert_eq!(count().await.unwrap(), before);
}

//! Recording treatment through the JSON API on a real SQLite file: the company's defaults,
//! a user's own options, a queue's contact-center options, and the decision that reports
//! each with where it came from.

mod common;

use axum::http::{Method, StatusCode};
use common::{sql, TestApp};
use serde_json::{json, Value};

const NORTHWIND: &str = "Northwind Traders";

async fn get(app: &TestApp, cookie: &str, path: &str) -> Value {
    let r = app.call(Method::GET, path, Some(cookie), None).await;
    assert_eq!(r.status, StatusCode::OK, "GET {path}: {}", r.body);
    r.json()
}

async fn put(app: &TestApp, cookie: &str, path: &str, body: Value) -> common::Reply {
    app.call(Method::PUT, path, Some(cookie), Some(body)).await
}

async fn decide(app: &TestApp, cookie: &str, company: &str, body: Value) -> common::Reply {
    app.call(Method::POST, &format!("/api/v1/companies/{company}/decisions"), Some(cookie), Some(body)).await
}

fn defaults() -> Value {
    json!({
        "record_redirected": true, "manual_control": true, "manual_start_code": "*44", "manual_stop_code": "*45",
        "announce": true, "beep": true, "beep_seconds": 30, "outgoing": {"kind": "record_all"},
        "announcement": {"kind": "built_in"}, "email": false
    })
}

#[tokio::test]
async fn the_decision_reports_each_option_with_its_origin() {
    let app = TestApp::new().await;
    let cookie = app.login("admin@northwind.demo.test").await;
    let company = app.company_id(NORTHWIND).await;
    let desk = app.id_named("devices", &company, "Desk 201").await;
    let ann = app.id_named("users", &company, "Ann Lee").await;

    let current = get(&app, &cookie, &format!("/api/v1/companies/{company}/treatment")).await;
    assert_eq!(current["treatment"]["manual_start_code"], "*44", "the built-in default codes");
    let r = put(
        &app,
        &cookie,
        &format!("/api/v1/companies/{company}/treatment"),
        json!({"treatment": defaults(), "version": current["version"]}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    // A redirected call to Ann's desk: recorded because the company records redirected calls.
    let call = json!({"source": {"external": "+15551234567"}, "destination": {"device": desk}, "redirected": true});
    let d = decide(&app, &cookie, &company, call.clone()).await.json();
    assert_eq!(d["recorded"], true, "{d}");
    let redirected =
        d["trace"].as_array().unwrap().iter().find(|s| s["rule"] == "treatment.record_redirected").unwrap();
    assert_eq!(
        (redirected["fired"].clone(), redirected["from"].clone()),
        (json!(true), json!(format!("company {company}")))
    );
    let t = &d["treatment"];
    assert_eq!(t["beep_seconds"]["value"], 30);
    assert_eq!(t["beep_seconds"]["origin"]["level"], "company");
    assert_eq!(t["announcement"]["value"]["kind"], "built_in");
    assert_eq!(t["manual_control"]["value"], json!({"start": "*44", "stop": "*45"}));
    assert_eq!(t["email_to"]["value"], Value::Null);

    // Ann's own options: a beep every 10 s and the recording by e-mail, from the user.
    let user = get(&app, &cookie, &format!("/api/v1/users/{ann}")).await;
    let r = put(
        &app,
        &cookie,
        &format!("/api/v1/users/{ann}/treatment"),
        json!({"treatment": {"beep_seconds": 10, "email": true}, "email": "Ann.Lee@Example.com", "version": user["version"]}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["email"], "ann.lee@example.com");
    let d = decide(&app, &cookie, &company, call.clone()).await.json();
    let t = &d["treatment"];
    assert_eq!(
        (t["beep_seconds"]["value"].clone(), t["beep_seconds"]["origin"]["level"].clone()),
        (json!(10), json!("user"))
    );
    assert_eq!(t["beep_seconds"]["origin"]["name"], "Ann Lee");
    assert_eq!(t["email_to"]["value"], "ann.lee@example.com");
    assert_eq!(t["announcement"]["origin"]["level"], "company", "still inherited");
    let steps: Vec<&str> = d["trace"].as_array().unwrap().iter().filter_map(|s| s["rule"].as_str()).collect();
    for rule in [
        "treatment.announcement",
        "treatment.beep",
        "treatment.manual_control",
        "treatment.email",
        "treatment.pause_on_hold",
    ] {
        assert!(steps.contains(&rule), "{rule} in {steps:?}");
    }

    // Not redirected and nothing else fires: not recorded, no treatment.
    let plain = json!({"source": {"external": "+15551234567"}, "destination": {"device": desk}});
    let d = decide(&app, &cookie, &company, plain).await.json();
    assert_eq!((d["recorded"].clone(), d["treatment"].clone()), (json!(false), Value::Null), "{d}");
}

#[tokio::test]
async fn each_bad_value_is_refused_naming_its_field_and_nothing_is_saved() {
    let app = TestApp::new().await;
    let cookie = app.login("admin@northwind.demo.test").await;
    let company = app.company_id(NORTHWIND).await;
    let ann = app.id_named("users", &company, "Ann Lee").await;
    let queue = app.first_id("queues", &company).await;
    let user = get(&app, &cookie, &format!("/api/v1/users/{ann}")).await;
    let version = user["version"].clone();
    let user_cases = [
        (json!({"beep_seconds": 4}), Value::Null, "beep_seconds"),
        (json!({"beep_seconds": 301}), Value::Null, "beep_seconds"),
        (json!({"manual_control": true, "manual_start_code": "*7"}), Value::Null, "manual_start_code"),
        (
            json!({"manual_control": true, "manual_start_code": "*61", "manual_stop_code": "*61"}),
            Value::Null,
            "manual_start_code",
        ),
        (
            json!({"announcement": {"kind": "tts", "text": "a".repeat(451), "language": "en-US", "gender": "female", "pitch": 5, "rate": 5}}),
            Value::Null,
            "announcement.text",
        ),
        (
            json!({"announcement": {"kind": "tts", "text": "Hello", "language": "xx", "gender": "male", "pitch": 5, "rate": 5}}),
            Value::Null,
            "announcement.language",
        ),
        (json!({"announcement": {"kind": "mp3", "file": "no-such-file"}}), Value::Null, "announcement.file"),
        (json!({"outgoing": {"kind": "ask_to_record", "prompt": ""}}), Value::Null, "outgoing.prompt"),
        (json!({"email": true}), Value::Null, "email_address"),
        (json!({}), json!("not-an-address"), "email_address"),
    ];
    for (treatment, email, field) in user_cases {
        let r = put(
            &app,
            &cookie,
            &format!("/api/v1/users/{ann}/treatment"),
            json!({"treatment": treatment, "email": email, "version": version}),
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{treatment}: {}", r.body);
        assert_eq!(r.json()["error"]["field"], field, "{treatment}");
    }
    // The on-demand code is a feature code too.
    let force = get(&app, &cookie, &format!("/api/v1/companies/{company}/force-record")).await;
    let mut on_demand = force.clone();
    on_demand["on_demand"] = json!({"enabled": true, "code": "*9"});
    assert_eq!(
        put(&app, &cookie, &format!("/api/v1/companies/{company}/force-record"), on_demand).await.status,
        StatusCode::OK
    );
    let r = put(
        &app,
        &cookie,
        &format!("/api/v1/users/{ann}/treatment"),
        json!({"treatment": {"manual_control": true, "manual_start_code": "*90"}, "version": version}),
    )
    .await;
    assert!(r.body.contains("on-demand"), "{}", r.body);

    let q = get(&app, &cookie, &format!("/api/v1/queues/{queue}")).await;
    for (cc, field) in [
        (json!({"selection": {"kind": "percentage", "percent": 0}}), "selection.percent"),
        (json!({"selection": {"kind": "percentage", "percent": 101}}), "selection.percent"),
        (json!({"selection": {"kind": "listed_numbers", "numbers": []}}), "selection.numbers"),
        (json!({"selection": {"kind": "listed_numbers", "numbers": ["+14155550123", "0044 20"]}}), "selection.numbers"),
    ] {
        let r = put(
            &app,
            &cookie,
            &format!("/api/v1/queues/{queue}/contact-center"),
            json!({"contact_center": cc, "version": q["version"]}),
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{cc}: {}", r.body);
        assert_eq!(r.json()["error"]["field"], field);
    }
    let mut bad = defaults();
    bad["beep_seconds"] = json!(3);
    let t = get(&app, &cookie, &format!("/api/v1/companies/{company}/treatment")).await;
    let r = put(
        &app,
        &cookie,
        &format!("/api/v1/companies/{company}/treatment"),
        json!({"treatment": bad, "version": t["version"]}),
    )
    .await;
    assert_eq!(r.json()["error"]["field"], "beep_seconds");

    // Nothing was written: versions unchanged, refusals audited.
    assert_eq!(get(&app, &cookie, &format!("/api/v1/users/{ann}")).await["version"], version);
    assert_eq!(get(&app, &cookie, &format!("/api/v1/queues/{queue}")).await["version"], q["version"]);
    let refused: i64 =
        sql(&app.db, "SELECT COUNT(*) FROM audit_log WHERE action = 'user.treatment.update' AND outcome = 'refused'")
            .scalar()
            .await
            .unwrap();
    assert!(refused >= 10, "{refused}");
    // A stale version is refused too.
    let r = put(&app, &cookie, &format!("/api/v1/users/{ann}/treatment"), json!({"treatment": {}, "version": 0})).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_queue_records_its_share_of_calls_by_call_id_and_its_listed_callers() {
    let app = TestApp::new().await;
    let cookie = app.login("admin@northwind.demo.test").await;
    let company = app.company_id(NORTHWIND).await;
    let queue = app.first_id("queues", &company).await;
    // The recording mode On records a queue call without a caller's choice.
    let mode = get(&app, &cookie, &format!("/api/v1/companies/{company}/recording-mode")).await;
    let r = put(
        &app,
        &cookie,
        &format!("/api/v1/companies/{company}/recording-mode"),
        json!({"mode": "on", "outbound": "default", "version": mode["version"]}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let q = get(&app, &cookie, &format!("/api/v1/queues/{queue}")).await;
    let r = put(
        &app,
        &cookie,
        &format!("/api/v1/queues/{queue}/contact-center"),
        json!({"contact_center": {"selection": {"kind": "percentage", "percent": 30}, "pause_on_hold": true, "agent_only": true}, "version": q["version"]}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    let call = |id: Option<&str>| {
        let mut c =
            json!({"source": {"external": "+15551234567"}, "destination": {"queue": queue}, "caller_input": "none"});
        if let Some(id) = id {
            c["call_id"] = json!(id);
        }
        c
    };
    let r = decide(&app, &cookie, &company, call(None)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["error"]["field"], "call_id");
    let mut recorded = 0;
    for i in 0..200 {
        let id = format!("call-{i}");
        let first = decide(&app, &cookie, &company, call(Some(&id))).await.json();
        let again = decide(&app, &cookie, &company, call(Some(&id))).await.json();
        assert_eq!(first["recorded"], again["recorded"], "the same call always gets the same answer");
        assert_eq!(first["recorded"], json!(app::policy::treatment::sampled(&id, 30)), "{first}");
        if first["recorded"] == true {
            recorded += 1;
            assert_eq!(first["treatment"]["pause_on_hold"]["value"], true);
            assert_eq!(first["treatment"]["agent_only"]["origin"]["level"], "queue");
        }
    }
    assert!((40..=80).contains(&recorded), "about 30% of 200: {recorded}");

    // Only listed callers.
    let q = get(&app, &cookie, &format!("/api/v1/queues/{queue}")).await;
    let r = put(
        &app,
        &cookie,
        &format!("/api/v1/queues/{queue}/contact-center"),
        json!({"contact_center": {"selection": {"kind": "listed_numbers", "numbers": ["+15551234567"]}}, "version": q["version"]}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(decide(&app, &cookie, &company, call(Some("x"))).await.json()["recorded"], true);
    let mut other = call(Some("x"));
    other["source"] = json!({"external": "+15559999999"});
    let d = decide(&app, &cookie, &company, other).await.json();
    assert_eq!(d["recorded"], false, "{d}");
    let selection = d["trace"].as_array().unwrap().iter().find(|s| s["rule"] == "queue.selection").unwrap().clone();
    assert!(selection["says"].as_str().unwrap().contains("is not listed"), "{selection}");
}

#[tokio::test]
async fn the_users_page_filters_by_me_a_team_or_everyone() {
    use leptos::server_fn::ServerFn;
    let app = TestApp::new().await;
    let cookie = app.login("admin@northwind.demo.test").await;
    let company = app.company_id(NORTHWIND).await;
    let sales = app.id_named("teams", &company, "Sales").await;
    let names = |r: &common::Reply| -> Vec<String> {
        let v = r.json();
        v["rows"]
            .as_array()
            .unwrap_or_else(|| panic!("{v}"))
            .iter()
            .map(|u| u["name"].as_str().unwrap().to_string())
            .collect()
    };
    let page = |scope: &str, team: &str| format!("company={company}&q=&page=1&scope={scope}&team={team}");
    let path = app::api::users::GetUsersPage::PATH;
    let everyone = app.server_fn(path, Some(&cookie), &page("everyone", "")).await;
    assert_eq!(names(&everyone).len(), 6, "{}", everyone.body);
    assert_eq!(everyone.json()["everyone_allowed"], true);
    let team = app.server_fn(path, Some(&cookie), &page("teams", &sales)).await;
    assert_eq!(names(&team), ["Dev Patel", "Erin Moss"]);
    // Me: the users with the administrator's e-mail address; none until one has it.
    assert!(names(&app.server_fn(path, Some(&cookie), &page("me", "")).await).is_empty());
    let ann = app.id_named("users", &company, "Ann Lee").await;
    let user = get(&app, &cookie, &format!("/api/v1/users/{ann}")).await;
    let r = put(
        &app,
        &cookie,
        &format!("/api/v1/users/{ann}/treatment"),
        json!({"treatment": {}, "email": "ADMIN@northwind.demo.test", "version": user["version"]}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(names(&app.server_fn(path, Some(&cookie), &page("me", "")).await), ["Ann Lee"]);
    // A team that is not the company's is ignored: all teams.
    let other = app.server_fn(path, Some(&cookie), &page("teams", "no-such-team")).await;
    assert_eq!(other.json()["team"], "");
}

#[tokio::test]
async fn an_mp3_announcement_is_kept_while_it_is_played() {
    let app = TestApp::new().await;
    let cookie = app.login("admin@northwind.demo.test").await;
    let company = app.company_id(NORTHWIND).await;
    let mut mp3 = vec![0xFF, 0xFB, 0x90, 0x64];
    mp3.extend(std::iter::repeat_n(0u8, 4000));
    let r = app.upload_audio(&cookie, &company, "Announcement", &mp3).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let file = r.json()["id"].as_str().unwrap().to_string();
    // A WAV is no announcement.
    let wav = app.upload_audio(&cookie, &company, "Hold", &app::model::audio::wav_pcm16(8000, &[0; 800])).await;
    let wav = wav.json()["id"].as_str().unwrap().to_string();
    let t = get(&app, &cookie, &format!("/api/v1/companies/{company}/treatment")).await;
    let mut defaults = defaults();
    defaults["announcement"] = json!({"kind": "mp3", "file": wav});
    let r = put(
        &app,
        &cookie,
        &format!("/api/v1/companies/{company}/treatment"),
        json!({"treatment": defaults, "version": t["version"]}),
    )
    .await;
    assert_eq!(r.json()["error"]["field"], "announcement.file");
    defaults["announcement"] = json!({"kind": "mp3", "file": file});
    let r = put(
        &app,
        &cookie,
        &format!("/api/v1/companies/{company}/treatment"),
        json!({"treatment": defaults, "version": t["version"]}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app.call(Method::DELETE, &format!("/api/v1/audio/{file}"), Some(&cookie), None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("recording announcement of the company defaults"), "{}", r.body);
}

#[tokio::test]
async fn a_user_is_created_with_their_treatment_and_e_mail_address_nothing_dropped() {
    let app = TestApp::new().await;
    let cookie = app.login("admin@northwind.demo.test").await;
    let company = app.company_id(NORTHWIND).await;
    let path = format!("/api/v1/companies/{company}/users");
    let new = json!({
        "name": "Una Created",
        "extension": "4712",
        "treatment": {"beep_seconds": 10, "email": true},
        "email": "Una.Created@Example.com"
    });
    let r = app.call(Method::POST, &path, Some(&cookie), Some(new)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let created = r.json();
    assert_eq!(created["email"], "una.created@example.com");
    assert_eq!(created["treatment"]["beep_seconds"], 10);
    let stored = get(&app, &cookie, &format!("/api/v1/users/{}", created["id"].as_str().unwrap())).await;
    assert_eq!(stored, created, "what the create answered is what was stored");

    // E-mail delivery without an address, like the treatment's own save, is refused; so is a
    // field the route does not take. Nothing created.
    let count = || sql(&app.db, "SELECT COUNT(*) FROM users WHERE company_id = ?").bind(&company).scalar::<i64>();
    let before = count().await.unwrap();
    let r = app
        .call(
            Method::POST,
            &path,
            Some(&cookie),
            Some(json!({"name": "No Address", "extension": "4713", "treatment": {"email": true}})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    // Named as the treatment's own save names it (its page's field).
    assert_eq!(r.json()["error"]["field"], "email_address", "{}", r.body);
    let r = app
        .call(
            Method::POST,
            &path,
            Some(&cookie),
            Some(json!({"name": "Odd Field", "extension": "4714", "colour": "red"})),
        )
        .await;
    assert_eq!((r.status, r.json()["error"]["field"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("colour")));
    assert_eq!(count().await.unwrap(), before);
}

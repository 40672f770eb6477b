//! How refusals answer: every wrong field at once, an undecodable server-function body as
//! 400, and the first platform owner held to the password rules of Your account.

mod common;

use axum::http::{Method, StatusCode};
use common::{sql, TestApp};
use leptos::server_fn::ServerFn;

#[tokio::test]
async fn a_refused_write_names_every_wrong_field() {
    let app = TestApp::new().await;
    let cookie = app.login("admin@northwind.demo.test").await;
    let company = app.company_id("Northwind Traders").await;
    let r = app
        .call(
            Method::POST,
            &format!("/api/v1/companies/{company}/users"),
            Some(&cookie),
            Some(serde_json::json!({"name": " ", "extension": "x"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let error = &r.json()["error"];
    let fields: Vec<&str> = error["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["name", "extension"], "{error}");
    // The first is still where older clients read it.
    assert_eq!(error["field"], "name");
    assert_eq!(error["message"], error["fields"][0]["message"]);
    assert!(error["fields"][1]["message"].as_str().unwrap().contains("2 to 10 digits"));
}

#[tokio::test]
async fn a_server_function_body_it_cannot_decode_is_a_bad_request() {
    let app = TestApp::new().await;
    let cookie = app.login("admin@northwind.demo.test").await;
    let company = app.company_id("Northwind Traders").await;
    let path = app::api::users::GetUsersPage::PATH;
    let r = app.server_fn(path, Some(&cookie), &format!("company={company}&q=&page=not-a-number")).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert_eq!(r.json()["code"], "bad_request");
    // The same call, readable, works.
    let r = app.server_fn(path, Some(&cookie), &format!("company={company}&q=&page=1")).await;
    assert_eq!(r.status, StatusCode::OK);
}

#[tokio::test]
async fn the_first_platform_owner_gets_the_password_rules_of_your_account() {
    let app = TestApp::new().await;
    let make = |password: &'static str| {
        app::services::bootstrap::create_platform_owner(&app.db, "first@example.com", "First Owner", password)
    };
    let short = make("too-short").await.unwrap_err();
    assert_eq!(short.field(), Some("password"));
    // Long enough, but a common password with digits and a sign added.
    let common = make("Password1234!").await.unwrap_err();
    assert!(common.to_string().contains("most common"), "{common}");
    assert_eq!(make("violet staple orbit lantern").await.unwrap(), "first@example.com");
    let again = make("violet staple orbit lantern").await.unwrap_err();
    assert_eq!(again.field(), Some("email"));
    assert_eq!(app.sign_in("first@example.com", "violet staple orbit lantern").await.status, StatusCode::OK);
}

/// A name taken by a write the services' own check could not see (a concurrent insert): the
/// database's unique constraint refuses it, and the refusal names the field, on SQLite (by
/// its message) and on PostgreSQL (by the constraint's name) alike, without the database's text.
#[tokio::test]
async fn a_unique_name_taken_past_the_check_names_its_field() {
    let app = TestApp::new().await;
    let company = app.company_id("Northwind Traders").await;
    let cases = [
        (
            "queues",
            "SELECT name FROM queues WHERE company_id = ? ORDER BY name LIMIT 1",
            "INSERT INTO queues (id, company_id, name) VALUES ('dup', ?, ?)",
            "name",
            "A queue with this name already exists.",
        ),
        (
            "teams",
            "SELECT name FROM teams WHERE company_id = ? ORDER BY name LIMIT 1",
            "INSERT INTO teams (id, company_id, name) VALUES ('dup', ?, ?)",
            "name",
            "A team with this name already exists.",
        ),
        (
            "users",
            "SELECT extension FROM users WHERE company_id = ? ORDER BY name LIMIT 1",
            "INSERT INTO users (id, company_id, name, extension) VALUES ('dup', ?, 'Someone', ?)",
            "extension",
            "This extension is already taken.",
        ),
    ];
    for (table, taken, insert, field, message) in cases {
        let value: String = sql(&app.db, taken).bind(&company).scalar().await.unwrap();
        let refused = sql(&app.db, insert).bind(&company).bind(&value).execute().await.unwrap_err();
        let e = app::error::AppError::from(refused);
        let fields = e.fields();
        assert_eq!(fields.len(), 1, "{table}: {e:?}");
        assert_eq!((fields[0].field.as_str(), fields[0].message.as_str()), (field, message), "{table}");
    }
    // An administrator's e-mail is taken whatever its case.
    let refused = sql(
        &app.db,
        "INSERT INTO administrators (id, email, name, password_hash, role_id, scope_kind, created_at) \
         VALUES ('dup', 'OWNER@demo.test', 'Dup', 'x', 'role-platform-owner', 'platform', '2026-01-01T00:00:00Z')",
    )
    .execute()
    .await
    .unwrap_err();
    let fields = app::error::AppError::from(refused).fields();
    assert_eq!(fields.first().map(|f| f.field.as_str()), Some("email"));
}

#[tokio::test]
async fn names_are_trimmed_and_refuse_control_and_invisible_characters() {
    let app = TestApp::new().await;
    let cookie = app.login("admin@northwind.demo.test").await;
    let company = app.company_id("Northwind Traders").await;
    let path = format!("/api/v1/companies/{company}/users");
    for bad in ["Ann\u{7} Lee", "Ann\nLee", "\u{202E}eeL nnA", "Ann\u{200B}Lee"] {
        let r = app
            .call(Method::POST, &path, Some(&cookie), Some(serde_json::json!({"name": bad, "extension": "4711"})))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad:?}: {}", r.body);
        assert_eq!(r.json()["error"]["field"], "name");
        assert_eq!(r.json()["error"]["message"], "A name cannot hold control or invisible characters.");
    }
    let r = app
        .call(
            Method::POST,
            &path,
            Some(&cookie),
            Some(serde_json::json!({"name": "  Ann Trimmed  ", "extension": "4711"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["name"], "Ann Trimmed");
}

/// PostgreSQL's text cannot hold U+0000, which JSON and addresses carry: an id or search
/// holding it is refused (422), on every backend, never a server error (the fuzzer found
/// a team's queue id doing so on PostgreSQL).
#[tokio::test]
async fn a_nul_character_is_refused_not_a_server_error() {
    let app = TestApp::new().await;
    let cookie = app.login("admin@northwind.demo.test").await;
    let company = app.company_id("Northwind Traders").await;
    let team = serde_json::json!({"name": "Night shift", "queues": ["q\u{0}1"], "members": []});
    let r = app.call(Method::POST, &format!("/api/v1/companies/{company}/teams"), Some(&cookie), Some(team)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let r =
        app.call(Method::GET, &format!("/api/v1/companies/{company}/recordings?q=a%00b"), Some(&cookie), None).await;
    assert!(r.status.is_success() || r.status == StatusCode::UNPROCESSABLE_ENTITY, "{} {}", r.status, r.body);
}

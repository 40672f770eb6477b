//! The CSV export and import of users and devices: the export is what the import takes back;
//! an upload is previewed line by line (what it adds, changes, leaves, or what is wrong with
//! it) with nothing written; applying it is all or nothing; the page's plain form works
//! without JavaScript.

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::{form_encode, sql, Reply, TestApp};
use serde_json::Value;

const ADMIN: &str = "admin@northwind.demo.test";

async fn stage(app: &TestApp, cookie: &str, company: &str, kind: &str, csv: &str, from_page: bool) -> Reply {
    let boundary = "earmark-import-boundary";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n{kind}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{kind}.csv\"\r\nContent-Type: text/csv\r\n\r\n{csv}\r\n\
         --{boundary}--\r\n"
    );
    let req = Request::builder()
        .method(Method::POST)
        .uri(format!("/api/v1/companies/{company}/imports"))
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
        .header(header::ACCEPT, if from_page { "text/html" } else { "application/json" })
        .body(Body::from(body))
        .unwrap();
    app.send(req).await
}

/// (line, action, fields with errors) of each line of a preview.
fn outcomes(preview: &Value) -> Vec<(u64, String, Vec<String>)> {
    preview["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let fields =
                l["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap().to_string()).collect();
            (l["line"].as_u64().unwrap(), l["action"].as_str().unwrap().to_string(), fields)
        })
        .collect()
}

/// The messages of a refusal's fields.
fn messages(refusal: &Value) -> Vec<String> {
    refusal["error"]["fields"].as_array().unwrap().iter().map(|f| f["message"].as_str().unwrap().to_string()).collect()
}

async fn apply(app: &TestApp, cookie: &str, company: &str, import: &str) -> Reply {
    app.call(Method::POST, &format!("/api/v1/companies/{company}/imports/{import}"), Some(cookie), None).await
}

#[tokio::test]
async fn a_users_import_is_previewed_line_by_line_and_applied_all_or_nothing() {
    let app = TestApp::new().await;
    let admin = app.login(ADMIN).await;
    let company = app.company_id("Northwind Traders").await;

    let export = app.call(Method::GET, &format!("/api/v1/companies/{company}/users.csv"), Some(&admin), None).await;
    assert_eq!(export.status, StatusCode::OK);
    assert!(export.headers["content-type"].to_str().unwrap().starts_with("text/csv"));
    let mut lines = export.body.lines();
    assert_eq!(lines.next(), Some("id,external_id,name,extension,team,seat"));
    let ann = lines.find(|l| l.contains("Ann Lee")).unwrap().to_string();
    assert!(ann.ends_with(",,Ann Lee,201,Support,yes"), "{ann}");

    let csv = "external_id,name,extension,team,seat\r\n\
               pbx-1,New Person,4501,Sales,no\r\n\
               ,Ann Lee,201,Support,yes\r\n\
               ,Bob Stone-Smith,202,support,yes\r\n\
               pbx-2,Bad,20x,Nowhere,maybe\r\n\
               pbx-1,Twin,4502,,no\r\n";
    let r = stage(&app, &admin, &company, "users", csv, false).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let preview = r.json();
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert_eq!(
        outcomes(&preview),
        vec![
            (2, "create".into(), vec![]),
            (3, "unchanged".into(), vec![]),
            (4, "update".into(), vec![]),
            (5, "invalid".into(), s(&["team", "seat", "extension"])),
            (6, "invalid".into(), s(&["external_id"])),
        ],
        "{preview}"
    );
    assert_eq!(preview["lines"][2]["changes"], serde_json::json!(["Name: Bob Stone → Bob Stone-Smith"]));
    assert_eq!(preview["lines"][4]["errors"][0]["message"], "Line 2 has this external id too.");
    // The preview wrote nothing.
    let created: i64 = sql(&app.db, "SELECT COUNT(*) FROM users WHERE extension = '4501'").scalar().await.unwrap();
    assert_eq!(created, 0);

    // A line with errors refuses them all, naming each.
    let r = apply(&app, &admin, &company, preview["import"].as_str().unwrap()).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let messages = messages(&r.json());
    assert_eq!(messages.len(), 4, "{messages:?}");
    assert!(messages[0].starts_with("Line 5: No team of this company is named \"Nowhere\""), "{messages:?}");
    assert_eq!(sql(&app.db, "SELECT COUNT(*) FROM users WHERE extension = '4501'").scalar::<i64>().await.unwrap(), 0);
    let bob: String = sql(&app.db, "SELECT name FROM users WHERE extension = '202'").scalar().await.unwrap();
    assert_eq!(bob, "Bob Stone");

    // The lines that are right, alone: applied, each audited.
    let good: String = csv.lines().take(4).map(|l| format!("{l}\n")).collect();
    let preview = stage(&app, &admin, &company, "users", &good, false).await.json();
    let import = preview["import"].as_str().unwrap().to_string();
    let r = apply(&app, &admin, &company, &import).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        (r.json()["created"].as_u64(), r.json()["updated"].as_u64(), r.json()["unchanged"].as_u64()),
        (Some(1), Some(1), Some(1))
    );
    let (name, team, external): (String, String, String) = sql(
        &app.db,
        "SELECT u.name, t.name, u.external_id FROM users u JOIN teams t ON t.id = u.team_id WHERE u.extension = '4501'",
    )
    .row()
    .await
    .unwrap();
    assert_eq!((name.as_str(), team.as_str(), external.as_str()), ("New Person", "Sales", "pbx-1"));
    let bob: String = sql(&app.db, "SELECT name FROM users WHERE extension = '202'").scalar().await.unwrap();
    assert_eq!(bob, "Bob Stone-Smith");
    let audited: i64 = sql(&app.db, "SELECT COUNT(*) FROM audit_log WHERE action = 'user.import' AND outcome = 'ok'")
        .scalar()
        .await
        .unwrap();
    assert_eq!(audited, 2);
    // Applied once: the staged file is gone.
    assert_eq!(apply(&app, &admin, &company, &import).await.status, StatusCode::NOT_FOUND);

    // The export of the result, imported back, changes nothing.
    let export = app.call(Method::GET, &format!("/api/v1/companies/{company}/users.csv"), Some(&admin), None).await;
    assert!(export.body.contains(",pbx-1,New Person,4501,Sales,no\r\n"), "{}", export.body);
    let preview = stage(&app, &admin, &company, "users", &export.body, false).await.json();
    assert!(outcomes(&preview).iter().all(|(_, a, _)| a == "unchanged"), "{preview}");
}

#[tokio::test]
async fn a_devices_import_names_owners_by_extension_and_devices_by_id() {
    let app = TestApp::new().await;
    let admin = app.login(ADMIN).await;
    let company = app.company_id("Northwind Traders").await;
    let export = app.call(Method::GET, &format!("/api/v1/companies/{company}/devices.csv"), Some(&admin), None).await;
    let lobby = export.body.lines().find(|l| l.contains("Lobby phone")).unwrap().to_string();
    let lobby_id = lobby.split(',').next().unwrap();
    assert!(lobby.ends_with(",,Lobby phone,"), "a shared device has no owner: {lobby}");

    let csv = format!("id,name,owner_extension\n,Hot desk,201\n,Broken,999\n{lobby_id},Lobby phone,205\n");
    let preview = stage(&app, &admin, &company, "devices", &csv, false).await.json();
    assert_eq!(
        outcomes(&preview),
        vec![
            (2, "create".into(), vec![]),
            (3, "invalid".into(), vec!["owner_extension".into()]),
            (4, "update".into(), vec![])
        ],
        "{preview}"
    );
    assert_eq!(preview["lines"][2]["changes"], serde_json::json!(["Owner's extension: none → 205"]));

    let fixed = csv.replace(",Broken,999\n", "");
    let preview = stage(&app, &admin, &company, "devices", &fixed, false).await.json();
    let r = apply(&app, &admin, &company, preview["import"].as_str().unwrap()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let owner: String =
        sql(&app.db, "SELECT u.name FROM devices d JOIN users u ON u.id = d.owner_user_id WHERE d.id = ?")
            .bind(lobby_id)
            .scalar()
            .await
            .unwrap();
    assert_eq!(owner, "Erin Moss");
    let hot: String = sql(
        &app.db,
        "SELECT u.extension FROM devices d JOIN users u ON u.id = d.owner_user_id WHERE d.name = 'Hot desk'",
    )
    .scalar()
    .await
    .unwrap();
    assert_eq!(hot, "201");
}

#[tokio::test]
async fn a_file_that_is_no_import_is_refused_at_upload() {
    let app = TestApp::new().await;
    let admin = app.login(ADMIN).await;
    let company = app.company_id("Northwind Traders").await;
    let r = stage(&app, &admin, &company, "users", "name,colour\nAnn,red\n", false).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let messages = messages(&r.json());
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(messages[0].contains("unknown column \"colour\""), "{messages:?}");
    let r = stage(&app, &admin, &company, "users", "name,extension\n\"Ann,201\n", false).await;
    assert_eq!(r.json()["error"]["message"], "Line 2: a quoted field is not closed.", "{}", r.body);
    let r = stage(&app, &admin, &company, "things", "name\n", false).await;
    assert_eq!(r.json()["error"]["field"], "kind", "{}", r.body);
    let staged: i64 = sql(&app.db, "SELECT COUNT(*) FROM pending_imports").scalar().await.unwrap();
    assert_eq!(staged, 0);
}

#[tokio::test]
async fn the_page_form_previews_and_applies_without_javascript() {
    let app = TestApp::new().await;
    let admin = app.login(ADMIN).await;
    let company = app.company_id("Northwind Traders").await;

    // A bad file: back to the Users page, the reason in the address.
    let r = stage(&app, &admin, &company, "users", "nonsense\n", true).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let back = r.headers["location"].to_str().unwrap();
    assert!(back.starts_with(&format!("/c/{company}/users?import_error=")), "{back}");
    let page = app.call(Method::GET, back, Some(&admin), None).await;
    assert!(page.body.contains("unknown column"), "the page shows why");

    // A good one: on to its preview page, rendered whole on the server.
    let r = stage(&app, &admin, &company, "users", "name,extension\nNew Person,4601\n", true).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let to = r.headers["location"].to_str().unwrap().to_string();
    let import = to.rsplit('/').next().unwrap().to_string();
    assert_eq!(to, format!("/c/{company}/users/import/{import}"));
    let page = app.call(Method::GET, &to, Some(&admin), None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("1 to add, 0 to change, 0 already as the file says"), "{}", page.body);
    assert!(page.body.contains("New Person (4601)"));

    // Someone else's staged file is not theirs to see or apply.
    let owner = app.login("owner@demo.test").await;
    assert_eq!(apply(&app, &owner, &company, &import).await.status, StatusCode::NOT_FOUND);

    // The Apply button is a plain form post of the server function: back to the Users page
    // with what was done.
    let req = Request::builder()
        .method(Method::POST)
        .uri(<app::api::imports::ApplyImport as leptos::server_fn::ServerFn>::PATH)
        .header(header::COOKIE, &admin)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "text/html")
        .body(Body::from(form_encode(&[("company", &company), ("import", &import)])))
        .unwrap();
    let r = app.send(req).await;
    assert!(r.status.is_redirection(), "{} {}", r.status, r.body);
    let back = r.headers["location"].to_str().unwrap();
    assert_eq!(back, format!("/c/{company}/users?imported=1.0.0"));
    let page = app.call(Method::GET, back, Some(&admin), None).await;
    assert!(page.body.contains("Import done: 1 users added, 0 changed, 0 already as the file says."));
    assert_eq!(sql(&app.db, "SELECT COUNT(*) FROM users WHERE extension = '4601'").scalar::<i64>().await.unwrap(), 1);
}

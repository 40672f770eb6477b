//! Legal hold through the JSON API and the pages' server functions: placed with a reason on
//! one recording or over a Stored Recordings filter (previewed first, within the caller's
//! teams), shown in the list and details, filtered on, never deleted or purged while held,
//! and every place and release audited per recording.

mod common;

use app::api::legal_hold::BulkReleaseLegalHold;
use axum::http::{Method, StatusCode};
use common::recordings::{engine_token, meta, tone, upload};
use common::{form_encode, sql, Reply, TestApp};
use leptos::server_fn::ServerFn;
use serde_json::{json, Value};

const NORTHWIND: &str = "Northwind Traders";
const ADMIN: &str = "admin@northwind.demo.test";
const LEAD: &str = "lead@northwind.demo.test";

fn fields(r: &Reply) -> Vec<String> {
    r.json()["error"]["fields"]
        .as_array()
        .map_or(vec![], |f| f.iter().map(|e| e["field"].as_str().unwrap_or_default().to_string()).collect())
}

async fn audits(app: &TestApp, action: &str, id: &str) -> i64 {
    sql(&app.db, "SELECT COUNT(*) FROM audit_log WHERE action = ? AND object_id = ? AND outcome = 'ok'")
        .bind(action)
        .bind(id)
        .scalar()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_hold_with_its_reason_keeps_a_recording_from_deletion_until_it_is_released() {
    let app = TestApp::new().await;
    let company = app.company_id(NORTHWIND).await;
    let token = engine_token(&app, &company, &["recordings.upload"]).await;
    let r = upload(&app, &token, &company, &meta("hold-1"), &tone(800, 4000)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["id"].as_str().unwrap().to_string();
    let admin = app.login(ADMIN).await;
    let hold_path = format!("/api/v1/recordings/{id}/legal-hold");

    // Every wrong field at once; an unknown one by name; nothing held.
    let r = app
        .call(Method::PUT, &hold_path, Some(&admin), Some(json!({"reason": " ", "case_reference": "C".repeat(101)})))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(fields(&r), vec!["reason", "case_reference"]);
    let r = app.call(Method::PUT, &hold_path, Some(&admin), Some(json!({"reason": "Claim", "until": "2030"}))).await;
    assert_eq!((r.status, r.json()["error"]["field"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("until")));
    assert_eq!(audits(&app, "recording.legal_hold.place", &id).await, 0);

    let r = app
        .call(Method::PUT, &hold_path, Some(&admin), Some(json!({"reason": " Claim 42 ", "case_reference": "C-7"})))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let hold = r.json()["hold"].clone();
    assert_eq!((hold["reason"].clone(), hold["case_reference"].clone()), (json!("Claim 42"), json!("C-7")));
    assert_eq!(hold["placed_by"], ADMIN);
    assert_eq!(r.json()["legal_hold"], true);
    assert_eq!(audits(&app, "recording.legal_hold.place", &id).await, 1);

    // The list shows it and filters on it.
    let list = |hold: &'static str| {
        let (app, admin, company) = (&app, &admin, &company);
        async move {
            let r = app
                .call(
                    Method::GET,
                    &format!("/api/v1/companies/{company}/recordings?hold={hold}&limit=500"),
                    Some(admin),
                    None,
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
            r.json()["rows"]
                .as_array()
                .unwrap()
                .iter()
                .map(|row| (row["id"].as_str().unwrap().to_string(), row["legal_hold"].as_bool().unwrap()))
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(list("held").await, vec![(id.clone(), true)]);
    assert!(list("not_held").await.iter().all(|(other, held)| other != &id && !held));
    let r =
        app.call(Method::GET, &format!("/api/v1/companies/{company}/recordings?hold=maybe"), Some(&admin), None).await;
    assert_eq!((r.status, r.json()["error"]["field"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("hold")));

    // Held: nobody deletes it, and the purge does not (a day's retention).
    let r = app.call(Method::DELETE, &format!("/api/v1/recordings/{id}"), Some(&admin), None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    sql(&app.db, "UPDATE companies SET retention_days = 1 WHERE id = ?").bind(&company).execute().await.unwrap();
    app::services::retention::purge(&app.db, &app.storages, time::OffsetDateTime::now_utc(), 500).await.unwrap();
    let r = app.call(Method::GET, &format!("/api/v1/recordings/{id}"), Some(&admin), None).await;
    assert_eq!(r.status, StatusCode::OK, "the held recording outlives the purge");

    // Only Recordings: Legal hold places or releases, only inside the company.
    let supervisor = app.login("supervisor@northwind.demo.test").await;
    assert_eq!(app.call(Method::DELETE, &hold_path, Some(&supervisor), None).await.status, StatusCode::FORBIDDEN);
    let stranger = app.login("admin@fabrikam.demo.test").await;
    assert_eq!(app.call(Method::DELETE, &hold_path, Some(&stranger), None).await.status, StatusCode::NOT_FOUND);

    let r = app.call(Method::DELETE, &hold_path, Some(&admin), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!((r.json()["hold"].clone(), r.json()["legal_hold"].clone()), (Value::Null, json!(false)));
    assert_eq!(audits(&app, "recording.legal_hold.release", &id).await, 1);
    // Releasing again changes nothing and audits nothing.
    assert_eq!(app.call(Method::DELETE, &hold_path, Some(&admin), None).await.status, StatusCode::OK);
    assert_eq!(audits(&app, "recording.legal_hold.release", &id).await, 1);
    let r = app.call(Method::DELETE, &format!("/api/v1/recordings/{id}"), Some(&admin), None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "released, it can be deleted");
}

#[tokio::test]
async fn a_bulk_hold_takes_the_list_filter_is_previewed_and_stays_within_the_teams() {
    let app = TestApp::new().await;
    let company = app.company_id(NORTHWIND).await;
    let admin = app.login(ADMIN).await;
    let path = format!("/api/v1/companies/{company}/recordings/legal-hold");
    let bulk = |body: Value| {
        let (app, admin, path) = (&app, &admin, &path);
        async move { app.call(Method::POST, path, Some(admin), Some(body)).await }
    };
    let inbound = json!({"direction": "inbound"});
    let total: i64 = sql(&app.db, "SELECT COUNT(*) FROM recordings WHERE company_id = ? AND direction = 'inbound'")
        .bind(&company)
        .scalar()
        .await
        .unwrap();
    assert!(total > 0, "the demo has inbound recordings");

    // Without confirm: what it would do, nothing changed.
    let r = bulk(json!({"filter": inbound, "action": "place"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json(), json!({"matching": total, "changed": total, "preview": true}));
    let held = || async {
        sql(&app.db, "SELECT COUNT(*) FROM recordings WHERE company_id = ? AND legal_hold = TRUE")
            .bind(&company)
            .scalar::<i64>()
            .await
            .unwrap()
    };
    assert_eq!(held().await, 0);

    // A bad filter and a missing reason are named; a wrong filter field too.
    let r = bulk(json!({"filter": {"from": "2026-02-30"}, "action": "place", "reason": "", "confirm": true})).await;
    assert_eq!((r.status, fields(&r)), (StatusCode::UNPROCESSABLE_ENTITY, vec!["filter.from".to_string()]));
    let r = bulk(json!({"filter": inbound, "action": "place", "reason": "", "confirm": true})).await;
    assert_eq!((r.status, fields(&r)), (StatusCode::UNPROCESSABLE_ENTITY, vec!["reason".to_string()]));
    let r = bulk(json!({"filter": {"team": "x"}, "action": "place"})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);

    let r = bulk(json!({"filter": inbound, "action": "place", "reason": "Complaint 9", "confirm": true})).await;
    assert_eq!(r.json(), json!({"matching": total, "changed": total, "preview": false}));
    assert_eq!(held().await, total);
    let placed: i64 =
        sql(&app.db, "SELECT COUNT(*) FROM audit_log WHERE action = 'recording.legal_hold.place' AND company_id = ?")
            .bind(&company)
            .scalar()
            .await
            .unwrap();
    assert_eq!(placed, total, "one audit entry per recording");
    // Placed again: already held, nothing changes.
    let r = bulk(json!({"filter": inbound, "action": "place", "reason": "Complaint 9", "confirm": true})).await;
    assert_eq!(r.json()["changed"], 0);

    // The page's form: without the box ticked, it says how many and waits.
    let form = form_encode(&[("company", &company), ("filter[direction]", "inbound")]);
    let r = app.server_fn(BulkReleaseLegalHold::PATH, Some(&admin), &form).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains(&format!("{total} on hold")), "{}", r.body);
    let r = app.server_fn(BulkReleaseLegalHold::PATH, Some(&admin), &format!("{form}&confirm=yes")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(held().await, 0);

    // A team lead holding Recordings: Legal hold reaches only the Support team's recordings.
    app.add_team_limited_admin(LEAD, "Lead", &["recordings.view", "recordings.legal_hold"], "Support").await;
    let lead = app.login(LEAD).await;
    let r = app
        .call(
            Method::POST,
            &path,
            Some(&lead),
            Some(json!({"action": "place", "reason": "Team case", "confirm": true})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let changed = r.json()["changed"].as_i64().unwrap();
    let all: i64 =
        sql(&app.db, "SELECT COUNT(*) FROM recordings WHERE company_id = ?").bind(&company).scalar().await.unwrap();
    assert!(changed > 0 && changed < all, "{changed} of {all}");
    let outside: i64 = sql(
        &app.db,
        format!("SELECT COUNT(*) FROM recordings r WHERE r.hold_by = ? AND {}", common::OUTSIDE_SUPPORT_TEAM),
    )
    .bind(LEAD)
    .scalar()
    .await
    .unwrap();
    assert_eq!(outside, 0, "nothing outside the team is held");
}

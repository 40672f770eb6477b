//! The bulk download: the recordings of a Stored Recordings filter as one ZIP (each file as
//! stored, byte for byte, and manifest.csv), within the caller's teams, at most the
//! operator's limit, each recording's download audited; an erased recording is listed, not
//! included. Through the real router, on every backend the suite runs on.

mod common;

use app::api::bulk_download::GetBulkDownloadPreview;
use axum::http::StatusCode;
use common::recordings::{engine_token, get_audio, meta, tone, upload};
use common::{sql, TestApp};
use earmark::config::ServeArgs;
use leptos::server_fn::ServerFn;
use serde_json::{json, Value};
use std::io::Read;

const NORTHWIND: &str = "Northwind Traders";
const ADMIN: &str = "admin@northwind.demo.test";
const SUPERVISOR: &str = "supervisor@northwind.demo.test";
const LEAD: &str = "lead@northwind.demo.test";

/// The ZIP's files by name, with their bytes.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a ZIP");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut content = Vec::new();
            f.read_to_end(&mut content).unwrap();
            (f.name().to_string(), content)
        })
        .collect()
}

async fn downloads(app: &TestApp, id: &str) -> i64 {
    sql(&app.db, "SELECT COUNT(*) FROM audit_log WHERE action = 'recording.download' AND object_id = ?")
        .bind(id)
        .scalar()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_filter_s_recordings_come_as_one_zip_with_their_manifest_each_download_audited() {
    let app = TestApp::with_args(ServeArgs { bulk_download_max: 3, ..ServeArgs::default() }).await;
    let company = app.company_id(NORTHWIND).await;
    let token = engine_token(&app, &company, &["recordings.upload"]).await;
    // Three calls from one caller at one minute: the same download name, numbered in the ZIP.
    let mut ids = Vec::new();
    let mut audio = Vec::new();
    for (i, level) in [1000i16, 2000, 3000].into_iter().enumerate() {
        let mut m = meta(&format!("zip-{i}"));
        m["caller"] = json!({"name": "Quill Zipper", "number": "+44 20 7000 5551"});
        let bytes = tone(800 + i * 10, level);
        let r = upload(&app, &token, &company, &m, &bytes).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        ids.push(r.json()["id"].as_str().unwrap().to_string());
        audio.push(bytes);
    }
    // The third's audio was erased on request: listed, not downloaded.
    sql(&app.db, "UPDATE recordings SET audio_erased_at = '2026-03-05T00:00:00Z' WHERE id = ?")
        .bind(&ids[2])
        .execute()
        .await
        .unwrap();
    let admin = app.login(ADMIN).await;

    let preview = app
        .server_fn(GetBulkDownloadPreview::PATH, Some(&admin), &format!("company={company}&filter[q]=Quill+Zipper"))
        .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    assert_eq!(preview.json(), json!({"matching": 3, "limit": 3}));

    let path = format!("/api/v1/companies/{company}/recordings.zip?q=Quill+Zipper");
    let (status, headers, body) = get_audio(&app, &path, &admin, None).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
    assert_eq!(headers["content-type"], "application/zip");
    let disposition = headers["content-disposition"].to_str().unwrap();
    assert!(disposition.starts_with("attachment; filename=\"recordings-Northwind-Traders-"), "{disposition}");
    let files = unzip(&body);
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names.len(), 3, "{names:?}");
    assert_eq!(names[2], "manifest.csv");
    assert!(
        names[0].ends_with("_inbound_Quill-Zipper.wav") && names[1].ends_with("_inbound_Quill-Zipper-2.wav"),
        "{names:?}"
    );
    // Newest first, as the list: the second upload was listed first only if it started later;
    // they start together, so match each file to its upload by its bytes.
    for (_, bytes) in &files[..2] {
        assert!(audio[..2].contains(bytes), "a file is a stored recording, byte for byte");
    }
    assert_ne!(files[0].1, files[1].1);
    let manifest = String::from_utf8(files[2].1.clone()).unwrap();
    let lines: Vec<&str> = manifest.lines().collect();
    assert!(lines[0].starts_with("file,call_id,started_at,duration,direction,caller_name,caller_number"), "{manifest}");
    assert_eq!(lines.len(), 4, "{manifest}");
    assert!(
        lines.iter().any(|l| l.starts_with(&format!("{},", names[0])) && l.contains("'+44 20 7000 5551")),
        "{manifest}"
    );
    assert!(lines.iter().any(|l| l.starts_with(",zip-2,") && l.contains("Audio erased on request")), "{manifest}");
    for id in &ids[..2] {
        assert_eq!(downloads(&app, id).await, 1, "one audit entry per recording downloaded");
    }
    assert_eq!(downloads(&app, &ids[2]).await, 0, "the erased one was listed, not downloaded");

    // More than the operator's limit: refused by name, nothing audited.
    let (status, _, body) = get_audio(&app, &format!("/api/v1/companies/{company}/recordings.zip"), &admin, None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let error: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(error["error"]["field"], "filter", "{error}");
    assert!(error["error"]["message"].as_str().unwrap().contains("at most 3"), "{error}");
    let (status, _, _) =
        get_audio(&app, &format!("/api/v1/companies/{company}/recordings.zip?q=nobody-at-all"), &admin, None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "nothing to download");
    assert_eq!(downloads(&app, &ids[0]).await, 1);

    // Recordings: Download is needed; the demo supervisor may only play.
    let supervisor = app.login(SUPERVISOR).await;
    let (status, _, _) = get_audio(&app, &path, &supervisor, None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_team_lead_downloads_only_the_team_s_recordings() {
    let app = TestApp::new().await;
    let company = app.company_id(NORTHWIND).await;
    app.add_team_limited_admin(LEAD, "Lead", &["recordings.view", "recordings.download"], "Support").await;
    let lead = app.login(LEAD).await;
    let (status, _, body) = get_audio(&app, &format!("/api/v1/companies/{company}/recordings.zip"), &lead, None).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
    let files = unzip(&body);
    let all: i64 =
        sql(&app.db, "SELECT COUNT(*) FROM recordings WHERE company_id = ?").bind(&company).scalar().await.unwrap();
    let audited: Vec<String> =
        sql(&app.db, "SELECT object_id FROM audit_log WHERE action = 'recording.download' AND actor_email = ?")
            .bind(LEAD)
            .scalars()
            .await
            .unwrap();
    assert_eq!(files.len() - 1, audited.len(), "one file per audited recording");
    assert!(!audited.is_empty() && (audited.len() as i64) < all, "{} of {all}", audited.len());
    let outside: i64 = sql(
        &app.db,
        format!(
            "SELECT COUNT(*) FROM recordings r WHERE r.id IN (SELECT object_id FROM audit_log \
             WHERE actor_email = ? AND action = 'recording.download') AND {}",
            common::OUTSIDE_SUPPORT_TEAM
        ),
    )
    .bind(LEAD)
    .scalar()
    .await
    .unwrap();
    assert_eq!(outside, 0, "nothing outside the team");
}

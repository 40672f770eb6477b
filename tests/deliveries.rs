//! Delivery by e-mail through a real SMTP server (aiosmtpd, which scripts/test starts and
//! which keeps each message it receives): a recording whose decision said `email_to` is queued
//! with its row and sent by the job, its attachment the very bytes uploaded; a large one goes
//! as a link; a server that does not answer is retried with backoff and then given up, each
//! attempt audited; a delivery whose sender died is taken again.

mod common;

use app::services::deliveries::{send_due, Mailer, Sent, MAX_ATTEMPTS};
use axum::http::StatusCode;
use common::recordings::{engine_token, meta, tone, upload};
use common::{sql, TestApp};
use leptos::server_fn::ServerFn;
use serde_json::{json, Value};
use std::path::PathBuf;

const NORTHWIND: &str = "Northwind Traders";
const ANN: &str = "ann.lee@example.com";

fn smtp() -> Option<(String, PathBuf)> {
    let url = std::env::var("EARMARK_TEST_SMTP").ok().filter(|s| !s.is_empty())?;
    let maildir = std::env::var("EARMARK_TEST_SMTP_MAILDIR").ok()?;
    Some((url, PathBuf::from(maildir)))
}

fn mailer(url: &str, attach_max_bytes: u64) -> Mailer {
    Mailer::new(url, "Earmark <earmark@portal.test>", attach_max_bytes, "https://portal.test").expect("the mailer")
}

/// A company with Ann Lee's e-mail on file and an upload token.
async fn setup(app: &TestApp) -> (String, String, String) {
    let company = app.company_id(NORTHWIND).await;
    let ann = app.id_named("users", &company, "Ann Lee").await;
    sql(&app.db, "UPDATE users SET email = ? WHERE id = ?").bind(ANN).bind(&ann).execute().await.unwrap();
    let token = engine_token(app, &company, &["recordings.upload"]).await;
    (company, ann, token)
}

fn emailed(call_id: &str, user: &str) -> Value {
    let mut m = meta(call_id);
    m["user"] = json!(user);
    m["email_to"] = json!(ANN);
    m
}

/// The message the SMTP server kept whose text names `needle`, waiting a little for it.
async fn received(maildir: &std::path::Path, needle: &str) -> mailparse::ParsedMail<'static> {
    for _ in 0..50 {
        for dir in ["new", "cur"] {
            let Ok(entries) = std::fs::read_dir(maildir.join(dir)) else { continue };
            for entry in entries.flatten() {
                let raw: &'static [u8] = Box::leak(std::fs::read(entry.path()).unwrap().into_boxed_slice());
                let mail = mailparse::parse_mail(raw).expect("a MIME message");
                // The text is quoted-printable: the link may be wrapped, so read it decoded.
                let text = mail.subparts.first().unwrap_or(&mail).get_body().unwrap_or_default();
                if text.contains(needle) {
                    return mail;
                }
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("no message naming {needle} in {}", maildir.display());
}

async fn state(app: &TestApp, recording: &str) -> (String, i64, Option<String>) {
    let rows: Vec<(String, i64, Option<String>)> =
        sql(&app.db, "SELECT state, attempts, last_error FROM deliveries WHERE recording_id = ?")
            .bind(recording)
            .rows()
            .await
            .unwrap();
    rows.into_iter().next().expect("a delivery")
}

async fn page_delivery(app: &TestApp, company: &str, id: &str) -> Value {
    let cookie = app.login("admin@northwind.demo.test").await;
    let r = app
        .server_fn(app::api::recordings::GetRecording::PATH, Some(&cookie), &format!("company={company}&id={id}"))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()["delivery"].clone()
}

#[tokio::test]
async fn a_recording_is_sent_by_e_mail_with_its_audio_attached_or_as_a_link() {
    let Some((url, maildir)) = smtp() else {
        eprintln!("skipped: no SMTP server (scripts/test starts aiosmtpd and sets EARMARK_TEST_SMTP)");
        return;
    };
    let app = TestApp::new().await;
    let (company, ann, token) = setup(&app).await;
    let audio = tone(8000, 1200);
    let r = upload(&app, &token, &company, &emailed("call-mail-1", &ann), &audio).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["id"].as_str().unwrap().to_string();
    assert_eq!(state(&app, &id).await.0, "pending", "queued with the row, not sent in the request");
    assert_eq!(page_delivery(&app, &company, &id).await["state"], "pending");

    let done = send_due(&app.db, &app.storages, &mailer(&url, 10 * 1024 * 1024), 20).await.unwrap();
    assert_eq!(done, Sent { sent: 1, retried: 0, failed: 0 });
    let mail = received(&maildir, &id).await;
    assert_eq!(mail.headers.iter().find(|h| h.get_key() == "To").map(|h| h.get_value()).as_deref(), Some(ANN));
    let attachment = mail
        .subparts
        .iter()
        .find(|p| p.get_content_disposition().disposition == mailparse::DispositionType::Attachment)
        .expect("an attachment");
    assert_eq!(attachment.ctype.mimetype, "audio/wav");
    assert!(attachment.get_body_raw().unwrap() == audio, "the attachment is the very audio uploaded");
    let text = mail.subparts[0].get_body().unwrap();
    assert!(text.contains(&format!("https://portal.test/c/{company}/recordings/{id}")), "{text}");
    let delivery = page_delivery(&app, &company, &id).await;
    assert_eq!((delivery["state"].clone(), delivery["attached"].clone()), (json!("sent"), json!(true)), "{delivery}");
    let audited: i64 = sql(
        &app.db,
        "SELECT COUNT(*) FROM audit_log WHERE action = 'recording.email' AND outcome = 'ok' AND object_id = ?",
    )
    .bind(&id)
    .scalar()
    .await
    .unwrap();
    assert_eq!(audited, 1);
    let again = send_due(&app.db, &app.storages, &mailer(&url, 10 * 1024 * 1024), 20).await.unwrap();
    assert_eq!(again, Sent::default(), "sent once");

    // Above the attachment limit: a link to its page instead.
    let r = upload(&app, &token, &company, &emailed("call-mail-2", &ann), &audio).await;
    let big = r.json()["id"].as_str().unwrap().to_string();
    send_due(&app.db, &app.storages, &mailer(&url, 1000), 20).await.unwrap();
    let mail = received(&maildir, &big).await;
    assert!(mail.subparts.is_empty(), "no attachment");
    let text = mail.get_body().unwrap();
    assert!(text.contains("too large to attach") && text.contains(&format!("/recordings/{big}")), "{text}");
    assert_eq!(page_delivery(&app, &company, &big).await["attached"], false);

    // A delivery whose sender stopped mid-send (its lease ran out) is sent by the next run.
    let r = upload(&app, &token, &company, &emailed("call-mail-3", &ann), &audio).await;
    let orphan = r.json()["id"].as_str().unwrap().to_string();
    sql(&app.db, "UPDATE deliveries SET state = 'sending', attempts = 1, next_attempt_at = 0 WHERE recording_id = ?")
        .bind(&orphan)
        .execute()
        .await
        .unwrap();
    let done = send_due(&app.db, &app.storages, &mailer(&url, 10 * 1024 * 1024), 20).await.unwrap();
    assert_eq!(done.sent, 1);
    received(&maildir, &orphan).await;
}

#[tokio::test]
async fn an_unreachable_mail_server_is_retried_with_backoff_then_given_up_each_attempt_audited() {
    let app = TestApp::new().await;
    let (company, ann, token) = setup(&app).await;
    let r = upload(&app, &token, &company, &emailed("call-mail-down", &ann), &tone(800, 500)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["id"].as_str().unwrap().to_string();
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let down = mailer(&format!("smtp://127.0.0.1:{closed}"), 10 * 1024 * 1024);

    let before = time::OffsetDateTime::now_utc().unix_timestamp();
    assert_eq!(send_due(&app.db, &app.storages, &down, 20).await.unwrap(), Sent { sent: 0, retried: 1, failed: 0 });
    let (st, attempts, error) = state(&app, &id).await;
    assert_eq!((st.as_str(), attempts), ("pending", 1));
    assert!(error.is_some_and(|e| !e.is_empty()));
    let next: i64 =
        sql(&app.db, "SELECT next_attempt_at FROM deliveries WHERE recording_id = ?").bind(&id).scalar().await.unwrap();
    assert!(next >= before + 30, "retried after a backoff, not at once");
    assert_eq!(send_due(&app.db, &app.storages, &down, 20).await.unwrap(), Sent::default(), "not due yet");
    let delivery = page_delivery(&app, &company, &id).await;
    assert_eq!((delivery["state"].clone(), delivery["attempts"].clone()), (json!("pending"), json!(1)), "{delivery}");
    assert!(delivery["next_attempt_at"].is_string());

    // The last attempt fails too: given up, with the reason.
    sql(&app.db, "UPDATE deliveries SET attempts = ?, next_attempt_at = 0 WHERE recording_id = ?")
        .bind(MAX_ATTEMPTS - 1)
        .bind(&id)
        .execute()
        .await
        .unwrap();
    assert_eq!(send_due(&app.db, &app.storages, &down, 20).await.unwrap(), Sent { sent: 0, retried: 0, failed: 1 });
    assert_eq!(state(&app, &id).await.0, "failed");
    assert_eq!(page_delivery(&app, &company, &id).await["state"], "failed");
    let failures: Vec<String> =
        sql(&app.db, "SELECT detail FROM audit_log WHERE action = 'recording.email' AND outcome = 'failed' AND object_id = ? ORDER BY id")
            .bind(&id)
            .scalars()
            .await
            .unwrap();
    assert_eq!(failures.len(), 2, "{failures:?}");
    assert!(failures[0].contains("tried again at") && failures[1].contains("given up"), "{failures:?}");
}

#[tokio::test]
async fn an_upload_may_only_ask_to_send_to_its_users_address() {
    let app = TestApp::new().await;
    let (company, ann, token) = setup(&app).await;
    let mut m = emailed("call-mail-elsewhere", &ann);
    m["email_to"] = json!("someone@elsewhere.example");
    let r = upload(&app, &token, &company, &m, &tone(800, 500)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["error"]["field"], "email_to");
    let mut m = emailed("call-mail-nobody", &ann);
    m["user"] = Value::Null;
    let r = upload(&app, &token, &company, &m, &tone(800, 500)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let queued: i64 = sql(&app.db, "SELECT COUNT(*) FROM deliveries").scalar().await.unwrap();
    assert_eq!(queued, 0, "nothing queued");
}

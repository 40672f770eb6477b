//! Call events through the JSON API: a recorded call's hold, retrieve, manual pause and resume
//! and transfers are answered with what the engine must do now, by the contact-center rules of
//! the call's queue (seed 003); a call Earmark was not asked to record has no events.

mod common;

use axum::http::{Method, StatusCode};
use common::recordings::{engine_token, record_inbound_calls};
use common::{sql, TestApp};
use serde_json::{json, Value};

const ADMIN: &str = "admin@northwind.demo.test";

/// A queue made with these contact-center settings.
async fn queue(app: &TestApp, company: &str, name: &str, pause_on_hold: bool, transfer_out: &str) -> String {
    let admin = app.login(ADMIN).await;
    let cc = json!({"selection": {"kind": "all"}, "transfer_out": transfer_out, "agent_only": false, "pause_on_hold": pause_on_hold});
    let r = app
        .call(
            Method::POST,
            &format!("/api/v1/companies/{company}/queues"),
            Some(&admin),
            Some(json!({"name": name, "contact_center": cc})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.json()["id"].as_str().unwrap().to_string()
}

struct Engine<'a> {
    app: &'a TestApp,
    company: String,
    token: String,
}

impl Engine<'_> {
    /// Asks for the call's decision, which must say record.
    async fn decide(&self, call_id: &str, queue: &str) {
        let request =
            json!({"source": {"external": "+15551234567"}, "destination": {"queue": queue}, "call_id": call_id});
        let path = format!("/api/v1/companies/{}/decisions", self.company);
        let r = self.app.call_bearer(Method::POST, &path, &self.token, Some(request)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(r.json()["recorded"], true, "{}", r.body);
    }

    async fn event(&self, call_id: &str, body: Value) -> (StatusCode, Value) {
        let path = format!("/api/v1/companies/{}/calls/{call_id}/events", self.company);
        let r = self.app.call_bearer(Method::POST, &path, &self.token, Some(body)).await;
        (r.status, r.json())
    }

    /// Reports the event and returns (action, state).
    async fn report(&self, call_id: &str, event: &str) -> (String, String) {
        let (status, answer) = self.event(call_id, json!({"event": event})).await;
        assert_eq!(status, StatusCode::OK, "{event}: {answer}");
        assert_eq!((answer["call_id"].as_str(), answer["event"].as_str()), (Some(call_id), Some(event)));
        (answer["action"].as_str().unwrap().to_string(), answer["state"].as_str().unwrap().to_string())
    }
}

fn said(action: &str, state: &str) -> (String, String) {
    (action.to_string(), state.to_string())
}

#[tokio::test]
async fn hold_pauses_retrieve_resumes_a_manual_pause_waits_for_the_agent_and_a_transfer_outside_stops() {
    let app = TestApp::new().await;
    let company = app.company_id("Northwind Traders").await;
    record_inbound_calls(&app, &company).await;
    let pausing = queue(&app, &company, "Escalations", true, "stop_recording").await;
    let engine = Engine { app: &app, token: engine_token(&app, &company, &["recording_policy.view"]).await, company };
    engine.decide("ev-1", &pausing).await;

    assert_eq!(engine.report("ev-1", "hold").await, said("pause", "paused_on_hold"));
    assert_eq!(engine.report("ev-1", "hold").await, said("pause", "paused_on_hold"), "reported twice: still paused");
    assert_eq!(engine.report("ev-1", "retrieve").await, said("resume", "recording"));
    assert_eq!(engine.report("ev-1", "manual_pause").await, said("pause", "paused_by_agent"));
    assert_eq!(engine.report("ev-1", "hold").await, said("pause", "paused_by_agent"));
    assert_eq!(engine.report("ev-1", "retrieve").await, said("pause", "paused_by_agent"), "only the agent resumes it");
    assert_eq!(engine.report("ev-1", "manual_resume").await, said("resume", "recording"));
    assert_eq!(engine.report("ev-1", "hold").await, said("pause", "paused_on_hold"));
    assert_eq!(
        engine.report("ev-1", "transfer_to_agent").await,
        said("resume", "recording"),
        "the next agent is recorded"
    );
    let (status, stopped) = engine.event("ev-1", json!({"event": "transfer_outside"})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!((stopped["action"].clone(), stopped["state"].clone()), (json!("stop"), json!("stopped")));
    assert_eq!(stopped["events"], 10);
    assert!(stopped["because"].as_str().unwrap().contains("outside the platform"), "{stopped}");
    assert_eq!(engine.report("ev-1", "retrieve").await, said("stop", "stopped"), "stopped for good");

    // A queue that neither pauses on hold nor stops at a transfer out keeps recording.
    let plain = queue(&app, &engine.company, "Walk-in line", false, "keep_recording").await;
    engine.decide("ev-2", &plain).await;
    let (_, held) = engine.event("ev-2", json!({"event": "hold"})).await;
    assert_eq!((held["action"].clone(), held["state"].clone()), (json!("record"), json!("recording")));
    assert!(held["because"].as_str().unwrap().contains("pause on hold is off"), "{held}");
    assert_eq!(engine.report("ev-2", "transfer_outside").await, said("record", "recording"));

    let kept: i64 = sql(&app.db, "SELECT COUNT(*) FROM call_events WHERE call_id = 'ev-1'").scalar().await.unwrap();
    assert_eq!(kept, 11, "every event is kept, in order");
    // They go with the call's decision (retention purges decisions).
    sql(&app.db, "DELETE FROM recording_decisions WHERE call_id = 'ev-1'").execute().await.unwrap();
    let kept: i64 = sql(&app.db, "SELECT COUNT(*) FROM call_events WHERE call_id = 'ev-1'").scalar().await.unwrap();
    assert_eq!(kept, 0);
}

#[tokio::test]
async fn an_event_is_refused_for_a_call_not_recorded_and_for_a_body_it_does_not_know() {
    let app = TestApp::new().await;
    let company = app.company_id("Northwind Traders").await;
    record_inbound_calls(&app, &company).await;
    let q = queue(&app, &company, "Escalations", true, "keep_recording").await;
    let engine = Engine { app: &app, token: engine_token(&app, &company, &["recording_policy.view"]).await, company };
    engine.decide("ev-known", &q).await;

    let (status, _) = engine.event("never-asked", json!({"event": "hold"})).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "no \"record\" decision for the call");
    let (status, e) = engine.event("ev-known", json!({"event": "mute"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert_eq!(e["error"]["field"], "event", "{e}");
    assert!(e["error"]["message"].as_str().unwrap().contains("unknown variant `mute`"), "{e}");
    let (status, e) = engine.event("ev-known", json!({"event": "hold", "at": "2026-12-01T10:00:00Z"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert_eq!(e["error"]["field"], "at", "an unknown field is named: {e}");
    let (status, e) = engine.event("ev-known", json!({})).await;
    assert_eq!((status, e["error"]["field"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("event")), "{e}");
    let kept: i64 = sql(&app.db, "SELECT COUNT(*) FROM call_events").scalar().await.unwrap();
    assert_eq!(kept, 0, "nothing refused is kept");

    // A token that may not read the recording policy is refused.
    let uploader = engine_token(&app, &engine.company, &["recordings.upload"]).await;
    let path = format!("/api/v1/companies/{}/calls/ev-known/events", engine.company);
    let r = app.call_bearer(Method::POST, &path, &uploader, Some(json!({"event": "hold"}))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
}

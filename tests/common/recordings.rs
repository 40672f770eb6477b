//! Recordings as the telephony engine sends them: its upload token, a call's metadata, a
//! WAV tone, and the multipart upload.

use super::{Reply, TestApp};
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use serde_json::{json, Value};

const ADMIN: &str = "admin@northwind.demo.test";

pub async fn engine_token(app: &TestApp, company: &str, privileges: &[&str]) -> String {
    let admin = app.login(ADMIN).await;
    let r = app
        .call(
            Method::POST,
            "/api/v1/tokens",
            Some(&admin),
            Some(json!({"company": company, "name": "engine", "privileges": privileges})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    serde_json::from_str::<Value>(&r.body).unwrap()["token"].as_str().unwrap().to_string()
}

/// Force record set so that every inbound call from outside the platform is recorded, as the
/// company administrator saves it.
pub async fn record_inbound_calls(app: &TestApp, company: &str) {
    let admin = app.login(ADMIN).await;
    let force = format!("/api/v1/companies/{company}/force-record");
    let version = app.call(Method::GET, &force, Some(&admin), None).await.json()["version"].clone();
    let off = json!({"inbound": {"onnet": false, "offnet": false}, "outbound": {"onnet": false, "offnet": false}});
    let mut body = json!({"all_users": off, "entire_account": off, "on_demand": {"enabled": false, "code": ""}, "version": version});
    body["entire_account"]["inbound"]["offnet"] = json!(true);
    let r = app.call(Method::PUT, &force, Some(&admin), Some(body)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

pub fn meta(call_id: &str) -> Value {
    json!({
        "call_id": call_id,
        "started_at": "2026-03-04T10:20:30+01:00",
        "duration_seconds": 1.0,
        "direction": "inbound",
        "caller": {"name": "Zed Quinlan", "number": "+44 20 7000 9876"},
        "callee": {"name": "Ann Lee", "number": "201"},
        "trace": [{"rule": "entire_account.inbound.offnet", "fired": true, "from": "company x"}]
    })
}

pub async fn upload(app: &TestApp, token: &str, company: &str, meta: &Value, audio: &[u8]) -> Reply {
    let (content_type, body) = upload_body(meta, audio);
    let req = Request::builder()
        .method(Method::POST)
        .uri(format!("/api/v1/companies/{company}/recordings"))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body))
        .unwrap();
    app.send(req).await
}

/// An upload's multipart body and its content type.
pub fn upload_body(meta: &Value, audio: &[u8]) -> (String, Vec<u8>) {
    let boundary = "earmark-recording-boundary";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"metadata\"\r\nContent-Type: application/json\r\n\r\n{meta}\r\n")
            .as_bytes(),
    );
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"audio\"; filename=\"call.wav\"\r\nContent-Type: audio/wav\r\n\r\n")
            .as_bytes(),
    );
    body.extend_from_slice(audio);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

pub fn tone(samples: usize, level: i16) -> Vec<u8> {
    app::model::audio::wav_pcm16(
        8000,
        &(0..samples).map(|i| if i % 2 == 0 { level } else { -level }).collect::<Vec<_>>(),
    )
}

/// A recording's audio as the player asks for it, with an HTTP Range or whole.
pub async fn get_audio(
    app: &TestApp,
    path: &str,
    cookie: &str,
    range: Option<&str>,
) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let mut b = Request::builder().method(Method::GET).uri(path).header(header::COOKIE, cookie);
    if let Some(r) = range {
        b = b.header(header::RANGE, r);
    }
    let res = tower::ServiceExt::oneshot(app.router.clone(), b.body(Body::empty()).unwrap()).await.unwrap();
    let (status, headers) = (res.status(), res.headers().clone());
    let bytes = http_body_util::BodyExt::collect(res.into_body()).await.unwrap().to_bytes().to_vec();
    (status, headers, bytes)
}

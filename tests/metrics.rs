//! `/metrics` of the real binary on its own address: after a sign-in refused and one made,
//! a decision, an upload and a play, the counters say so; the portal's own address has no
//! `/metrics`.

mod common;

use common::server::{company_named, free_port, http, http_body, login, make_token, serve_with};

const ADMIN: &str = "admin@northwind.demo.test";

/// The sum of a metric's samples whose labels include every one of `labels`.
fn value(text: &str, name: &str, labels: &[&str]) -> f64 {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.rsplit_once(' '))
        .filter(|(series, _)| {
            let (metric, rest) = series.split_once('{').unwrap_or((series, ""));
            metric == name && labels.iter().all(|l| rest.contains(l))
        })
        .map(|(_, v)| v.parse::<f64>().expect("a number"))
        .sum()
}

#[tokio::test]
async fn counters_move_with_traffic_on_the_metrics_address_only() {
    let dir = tempfile::tempdir().unwrap();
    let (_database, url, recordings) = common::server::demo_database(&dir).await;
    let metrics_port = free_port();
    let (_server, port) = serve_with(&url, &recordings, |cmd| {
        cmd.env("EARMARK_METRICS_ADDR", format!("127.0.0.1:{metrics_port}"));
    })
    .await;
    let scrape = || async move {
        let r = http(metrics_port, "GET", "/metrics", None, None).await;
        assert_eq!(r.status, 200, "{}", r.body);
        assert!(r.header("content-type").unwrap_or_default().starts_with("text/plain"), "{:?}", r.headers);
        r.body
    };
    let before = scrape().await;

    assert_eq!(login(port, ADMIN, "not-the-password").await.status, 401);
    let signed_in = login(port, ADMIN, common::PASSWORD).await;
    assert_eq!(signed_in.status, 200, "{}", signed_in.body);
    let cookie = signed_in.header("set-cookie").and_then(|c| c.split(';').next()).unwrap().to_string();
    let company = company_named(port, &cookie, "Northwind Traders").await;
    let made = make_token(port, &cookie, &company, &["recording_policy.view", "recordings.upload"]).await;
    let token = made["token"].as_str().unwrap().to_string();
    let decision = http(
        port,
        "POST",
        &format!("/api/v1/companies/{company}/decisions"),
        Some(&token),
        Some(&common::server::call_to_a_desk(port, &cookie, &company).await),
    )
    .await;
    assert_eq!(decision.status, 200, "{}", decision.body);
    let audio = common::recordings::tone(8000, 9000);
    let upload = http_body(
        port,
        "POST",
        &format!("/api/v1/companies/{company}/recordings"),
        Some(&token),
        Some(common::recordings::upload_body(&common::recordings::meta("metrics-call-1"), &audio)),
    )
    .await;
    assert_eq!(upload.status, 201, "{}", upload.body);
    let id = upload.json()["id"].as_str().unwrap().to_string();
    let played = http(port, "GET", &format!("/recordings/{id}/audio"), Some(&cookie), None).await;
    assert_eq!(played.status, 200);

    let after = scrape().await;
    let moved = |name: &str, labels: &[&str]| value(&after, name, labels) - value(&before, name, labels);
    assert_eq!(moved("earmark_login_failures_total", &["reason=\"credentials\""]), 1.0, "{after}");
    assert_eq!(moved("earmark_decisions_total", &[]), 1.0, "{after}");
    assert_eq!(moved("earmark_uploads_total", &["format=\"wav\""]), 1.0, "{after}");
    assert_eq!(moved("earmark_upload_bytes_total", &[]), audio.len() as f64, "{after}");
    assert!(moved("earmark_audio_streamed_bytes_total", &[]) >= audio.len() as f64, "{after}");
    // Requests by the route's pattern, never the path with its ids.
    let decisions = "route=\"/api/v1/companies/{c}/decisions\"";
    assert_eq!(moved("earmark_http_requests_total", &[decisions, "method=\"POST\"", "status=\"200\""]), 1.0, "{after}");
    assert_eq!(moved("earmark_http_requests_total", &["route=\"/api/v1/session\"", "status=\"401\""]), 1.0, "{after}");
    assert!(!after.contains(&company), "no ids in the series");
    assert!(moved("earmark_http_request_duration_seconds_count", &[decisions]) >= 1.0, "{after}");
    assert!(after.contains("earmark_http_request_duration_seconds_bucket{"), "latency is a histogram: {after}");
    assert!(value(&after, "earmark_db_pool_connections", &[]) >= 1.0, "{after}");
    // The retention purge runs once at start, on this instance (it holds the lease).
    assert!(value(&after, "earmark_job_runs_total", &["job=\"retention-purge\""]) >= 1.0, "{after}");
    assert!(value(&after, "earmark_job_last_run_timestamp_seconds", &["job=\"retention-purge\""]) > 1.0e9, "{after}");

    // The portal's own address does not answer it.
    let page = http(port, "GET", "/metrics", None, None).await;
    assert_eq!(page.status, 404);
}

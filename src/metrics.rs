//! `/metrics` in the Prometheus text format, served on an address of its own
//! (`EARMARK_METRICS_ADDR`) so that it is never reachable where the portal is: what it tells
//! (traffic, failures, job health) is for the operator's monitoring only.
//!
//! The counters are written where things happen (the app's services, the request
//! middleware) with the `metrics` macros, which cost nothing until [`install`] is called.

use app::Db;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::time::Duration;

/// Latency buckets in seconds: the decision API answers in milliseconds, pages in tens.
const LATENCY_BUCKETS: &[f64] = &[0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

/// Installs the process's recorder (once) and describes what it records.
pub fn install() -> anyhow::Result<PrometheusHandle> {
    let handle = PrometheusBuilder::new()
        .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), LATENCY_BUCKETS)?
        .install_recorder()?;
    use metrics::{describe_counter, describe_gauge, describe_histogram, Unit};
    describe_counter!("earmark_http_requests_total", "HTTP requests answered, by route, method and status");
    describe_histogram!("earmark_http_request_duration_seconds", Unit::Seconds, "Time to answer, by route");
    describe_counter!("earmark_decisions_total", "Recording decisions answered to the telephony engine, by outcome");
    describe_counter!("earmark_uploads_total", "Recordings stored from uploads, by format");
    describe_counter!("earmark_upload_bytes_total", Unit::Bytes, "Bytes of the recordings stored from uploads");
    describe_counter!("earmark_audio_streamed_bytes_total", Unit::Bytes, "Audio bytes sent to players and downloads");
    describe_counter!("earmark_login_failures_total", "Refused sign-ins: wrong credentials, or throttled");
    describe_gauge!("earmark_db_pool_connections", "Database connections open");
    describe_gauge!("earmark_db_pool_idle_connections", "Database connections open and idle");
    describe_gauge!("earmark_job_last_run_timestamp_seconds", "When a background job last ran on this instance");
    describe_counter!("earmark_job_runs_total", "Runs of a background job on this instance");
    describe_counter!("earmark_job_errors_total", "Errors of a background job's runs on this instance");
    // Histograms keep their samples until this drains them.
    let upkeep = handle.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(5));
        loop {
            tick.tick().await;
            upkeep.run_upkeep();
        }
    });
    Ok(handle)
}

/// The router of the metrics address: `/metrics` and nothing else.
pub fn router(handle: PrometheusHandle, db: Db) -> axum::Router {
    axum::Router::new().route("/metrics", axum::routing::get(scrape)).with_state((handle, db))
}

async fn scrape(State((handle, db)): State<(PrometheusHandle, Db)>) -> impl IntoResponse {
    let (open, idle) = db.pool_use();
    metrics::gauge!("earmark_db_pool_connections").set(open as f64);
    metrics::gauge!("earmark_db_pool_idle_connections").set(idle as f64);
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], handle.render())
}

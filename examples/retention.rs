//! The retention and missing-recordings benchmark of docs/PERFORMANCE.md (run by
//! scripts/bench-retention):
//!
//! 1. One SQLite file with the demo platform and N recordings (default 1,000,000) for one
//!    company, a tenth of them past the system's year of retention, each of those with a
//!    file of its own in a recordings folder.
//! 2. The decision API's latency (16 clients on loopback for 10 s) without a purge, then
//!    again while the purge deletes the expired tenth: both p50/p99 side by side, the purge's
//!    time and rate.
//! 3. N decisions kept for the missing-recordings list, half of them with their recording:
//!    `GET /companies/{c}/missing-recordings` next to `/healthz` in the same run.
//!
//! cargo run --release --example retention -- [rows]

use http_body_util::{BodyExt, Empty, Full};
use hyper::body::Bytes;
use std::time::{Duration, Instant};

// Shared with the other benchmarks; this one streams no audio.
#[path = "support/bench.rs"]
#[allow(dead_code)]
mod bench;
use bench::{login, percentile, send, serve_in_process};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let rows: i64 = std::env::args().nth(1).map(|r| r.parse()).transpose()?.unwrap_or(1_000_000);
    let expired = rows / 10;
    let dir = tempfile::tempdir()?;
    let db_path = dir.path().join("earmark.db");
    let db = earmark::cli::open_db(&app::Location::Sqlite(db_path.clone())).await?;
    app::services::bootstrap::demo::seed(&db).await?;
    let app::Pool::Sqlite(pool) = db.pool().clone() else { unreachable!("opened as SQLite") };
    let folder = dir.path().join("recordings");
    let storage =
        earmark::cli::open_storage(&(folder.clone(), app::store::files::PlatformStorage::Folder(folder.clone()), None))
            .await?;
    let company: String =
        sqlx::query_scalar("SELECT id FROM companies WHERE name = 'Northwind Traders'").fetch_one(&pool).await?;
    let device: String = sqlx::query_scalar("SELECT id FROM devices WHERE company_id = ?1 ORDER BY name LIMIT 1")
        .bind(&company)
        .fetch_one(&pool)
        .await?;

    // Rows: the newest 90 % within the last 300 days (one shared file), the oldest 10 % two
    // years back, each with a file of its own, as the purge finds them.
    let started = Instant::now();
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ?1 - 1) \
         INSERT INTO recordings (id, company_id, call_id, started_at, duration_ms, direction, caller_name, caller_number, \
         callee_name, callee_number, trace, format, size_bytes, sha256, storage_key, peaks, search_text, uploaded_at) \
         SELECT printf('bench-%08d', i), ?2, printf('bench-call-%08d', i), \
         strftime('%Y-%m-%dT%H:%M:%SZ', CASE WHEN i >= ?1 - ?3 THEN ?4 - 730 * 86400 - i ELSE ?4 - (i * 25920000 / ?1) END, 'unixepoch'), \
         60000, 'inbound', 'Caller', '+44 20 7000 0000', 'Ann Lee', '201', '[]', 'wav', 44, 'bench', \
         CASE WHEN i >= ?1 - ?3 THEN printf('bench/old-%08d.wav', i) ELSE 'bench/shared.wav' END, x'', \
         'caller', '2026-01-01T00:00:00Z' FROM n",
    )
    .bind(rows)
    .bind(&company)
    .bind(expired)
    .bind(now)
    .execute(&pool)
    .await?;
    std::fs::create_dir_all(folder.join("bench"))?;
    let wav = app::model::audio::wav_pcm16(8000, &[0i16; 8]);
    std::fs::write(folder.join("bench/shared.wav"), &wav)?;
    for i in (rows - expired)..rows {
        std::fs::write(folder.join(format!("bench/old-{i:08}.wav")), &wav)?;
    }
    // The decisions kept for the missing-recordings list: one per recorded call, and as many
    // again whose recording never came.
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ?1 - 1) \
         INSERT INTO recording_decisions (company_id, call_id, decided_at, rule, arrived) \
         SELECT ?2, CASE WHEN i % 2 = 0 THEN printf('bench-call-%08d', i) ELSE printf('lost-call-%08d', i) END, \
         strftime('%Y-%m-%dT%H:%M:%SZ', ?3 - 3600 - (i * 25920000 / ?1), 'unixepoch'), 'entire_account.inbound.offnet', \
         i % 2 = 0 FROM n",
    )
    .bind(rows)
    .bind(&company)
    .bind(now)
    .execute(&pool)
    .await?;
    sqlx::query("ANALYZE").execute(&pool).await?;
    println!(
        "seeded_rows={rows} expired={expired} decisions={rows} seed_seconds={:.1} db_mib={}",
        started.elapsed().as_secs_f64(),
        std::fs::metadata(&db_path)?.len() / (1 << 20)
    );

    let addr = serve_in_process(&db, &storage).await?;
    let cookie = login(addr).await?;
    let decision = format!(
        r#"{{"source":{{"external":"+15551234567"}},"destination":{{"device":"{device}"}},"caller_input":"none"}}"#
    );

    // The decision API alone, then beside the purge.
    let alone = decisions(addr, &cookie, &company, &decision, Duration::from_secs(10), None).await?;
    let purge = {
        let (db, storage) = (db.clone(), storage.clone());
        tokio::spawn(async move {
            let t = Instant::now();
            let done = app::services::retention::purge(
                &db,
                &storage,
                time::OffsetDateTime::now_utc(),
                app::services::retention::PURGE_BATCH,
            )
            .await;
            (done, t.elapsed().as_secs_f64())
        })
    };
    let during = decisions(addr, &cookie, &company, &decision, Duration::from_secs(600), Some(&purge)).await?;
    let (done, purge_s) = purge.await?;
    let done = done.map_err(|e| anyhow::anyhow!("{e}"))?;
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM recordings WHERE company_id = ?1")
        .bind(&company)
        .fetch_one(&pool)
        .await?;
    println!(
        "purge deleted={} seconds={purge_s:.1} per_s={:.0} rows_left={left}",
        done.deleted,
        done.deleted as f64 / purge_s
    );
    println!(
        "decisions_alone n={} p50_ms={:.2} p99_ms={:.2} | during_purge n={} p50_ms={:.2} p99_ms={:.2} | p99_ratio={:.2}",
        alone.len(),
        percentile(&alone, 0.5),
        percentile(&alone, 0.99),
        during.len(),
        percentile(&during, 0.5),
        percentile(&during, 0.99),
        percentile(&during, 0.99) / percentile(&alone, 0.99)
    );

    // The missing-recordings page's query over the kept decisions, next to /healthz.
    let missing = gets(addr, &cookie, &format!("/api/v1/companies/{company}/missing-recordings"), 50).await?;
    let health = gets(addr, &cookie, "/healthz", 50).await?;
    println!(
        "missing_recordings decisions={rows} p50_ms={:.1} p95_ms={:.1} | healthz p50_ms={:.2} p95_ms={:.2}",
        percentile(&missing, 0.5),
        percentile(&missing, 0.95),
        percentile(&health, 0.5),
        percentile(&health, 0.95)
    );
    Ok(())
}

/// 16 clients asking for decisions until `limit` passes or `until` finishes; the latencies.
async fn decisions(
    addr: std::net::SocketAddr,
    cookie: &str,
    company: &str,
    body: &str,
    limit: Duration,
    until: Option<&tokio::task::JoinHandle<(Result<app::services::retention::Purged, app::error::AppError>, f64)>>,
) -> anyhow::Result<Vec<f64>> {
    let started = Instant::now();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut tasks = Vec::new();
    for _ in 0..16 {
        let (cookie, body, stop) = (cookie.to_string(), body.to_string(), stop.clone());
        let path = format!("/api/v1/companies/{company}/decisions");
        tasks.push(tokio::spawn(async move {
            let mut out = Vec::new();
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let req = hyper::Request::post(path.as_str())
                    .header("host", addr.to_string())
                    .header("cookie", &cookie)
                    .header("content-type", "application/json")
                    .body(Full::new(Bytes::from(body.clone())))?;
                let (res, ms) = send(addr, req).await?;
                anyhow::ensure!(res.status() == 200, "decision answered {}", res.status());
                res.into_body().collect().await?;
                out.push(ms);
            }
            Ok::<_, anyhow::Error>(out)
        }));
    }
    loop {
        tokio::time::sleep(Duration::from_millis(50)).await;
        if started.elapsed() >= limit || until.is_some_and(|u| u.is_finished()) {
            break;
        }
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await??);
    }
    all.sort_by(f64::total_cmp);
    Ok(all)
}

/// `n` GETs of `path` one after another; the latencies, sorted.
async fn gets(addr: std::net::SocketAddr, cookie: &str, path: &str, n: usize) -> anyhow::Result<Vec<f64>> {
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let req = hyper::Request::get(path)
            .header("host", addr.to_string())
            .header("cookie", cookie)
            .body(Empty::<Bytes>::new())?;
        let t = Instant::now();
        let (res, _) = send(addr, req).await?;
        anyhow::ensure!(res.status() == 200, "{path} answered {}", res.status());
        res.into_body().collect().await?;
        out.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    out.sort_by(f64::total_cmp);
    Ok(out)
}

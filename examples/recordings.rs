//! The Stored Recordings benchmark of docs/PERFORMANCE.md (run by scripts/bench-recordings):
//!
//! 1. One SQLite file with the demo platform and N recordings (default 1,000,000) for one
//!    company, one a minute going back in time, sharing 50 real WAV files.
//! 2. Each filter combination and deep pages, through the same list query the server runs
//!    (sqlx, pool, row mapping), next to the same SQL in the sqlite3 shell on the same file:
//!    p50 and p95 of both, and their ratio.
//! 3. 100 concurrent audio streams against the real router on loopback, each playing from
//!    the start and then seeking three times with Range requests; latency, throughput, RSS.
//!
//! cargo run --release --example recordings -- [rows] [path to sqlite3]

use app::model::recordings::RecordingFilter;
use std::time::Instant;

#[path = "support/bench.rs"]
mod bench;
use bench::{listen, login, percentile, rss_kib, serve_in_process};

/// The SQL with its parameters written in, for the sqlite3 shell.
fn inline(sql: &str, binds: &[String]) -> String {
    let mut out = String::new();
    let mut it = binds.iter();
    for part in sql.split('?') {
        out.push_str(part);
        if let Some(b) = it.next() {
            out.push_str(&format!("'{}'", b.replace('\'', "''")));
        }
    }
    // `split` leaves the text after the last `?` as the last part; no bind follows it.
    out
}

/// p50 and p95 (ms) of the query run `runs` times in the sqlite3 shell, by its own timer.
fn shell_times(sqlite3: &str, db: &std::path::Path, query: &str, runs: usize) -> (f64, f64) {
    let mut script = String::from(".timer on\n.output /dev/null\n");
    for _ in 0..runs {
        script.push_str(query);
        script.push_str(";\n");
    }
    let out = std::process::Command::new(sqlite3)
        .arg(db)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().expect("stdin").write_all(script.as_bytes())?;
            child.wait_with_output()
        })
        .expect("sqlite3 runs");
    let text = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    // "Run Time: real 0.001 user 0.000412 sys 0.000051": the shell's wall clock has
    // millisecond steps, too coarse for these queries; its CPU time (user + sys, in
    // microseconds) is what the query cost the engine.
    let mut times: Vec<f64> = text
        .lines()
        .filter_map(|l| l.strip_prefix("Run Time: real "))
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            let user: f64 = f.get(2)?.parse().ok()?;
            let sys: f64 = f.get(4)?.parse().ok()?;
            Some((user + sys) * 1000.0)
        })
        .collect();
    assert!(!times.is_empty(), "sqlite3 printed no timings: {text}");
    times.sort_by(f64::total_cmp);
    (percentile(&times, 0.5), percentile(&times, 0.95))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rows: i64 = args.first().map(|r| r.parse()).transpose()?.unwrap_or(1_000_000);
    let sqlite3 = args.get(1).cloned().unwrap_or_else(|| "sqlite3".into());
    let dir = tempfile::tempdir()?;
    let db_path = dir.path().join("earmark.db");
    let db = earmark::cli::open_db(&app::Location::Sqlite(db_path.clone())).await?;
    app::services::bootstrap::demo::seed(&db).await?;
    // This benchmark seeds SQLite's own file with its own SQL and reads it with sqlite3.
    let app::Pool::Sqlite(pool) = db.pool().clone() else { unreachable!("opened as SQLite") };
    let folder = dir.path().join("recordings");
    let storage =
        earmark::cli::open_storage(&(folder.clone(), app::store::files::PlatformStorage::Folder(folder), None)).await?;

    // 50 one-minute WAV files (8 kHz 16-bit mono, about 940 KiB each) shared by all rows.
    for i in 0..50 {
        let samples: Vec<i16> = (0..8000 * 60)
            .map(|n| ((n as f64 * (200.0 + i as f64) / 8000.0 * std::f64::consts::TAU).sin() * 8000.0) as i16)
            .collect();
        let platform = storage.platform().expect("a folder");
        platform.put(&storage.spool, &format!("bench/{i}.wav"), &app::model::audio::wav_pcm16(8000, &samples)).await?;
    }
    let size = std::fs::metadata(dir.path().join("recordings/bench/0.wav"))?.len() as i64;
    let (company, support_user, sales_user) = seeded_ids(&db).await?;

    let started = Instant::now();
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ?1 - 1) \
         INSERT INTO recordings (id, company_id, call_id, started_at, duration_ms, direction, caller_name, caller_number, \
         callee_name, callee_number, user_id, trace, format, size_bytes, sha256, storage_key, peaks, search_text, uploaded_at) \
         SELECT printf('bench-%08d', i), ?2, printf('bench-call-%08d', i), \
         strftime('%Y-%m-%dT%H:%M:%SZ', 1767225600 - i * 60, 'unixepoch'), 60000, \
         CASE WHEN i % 5 < 3 THEN 'inbound' ELSE 'outbound' END, \
         'Caller ' || (i % 997), printf('+44 20 %04d %04d', i % 9973, i % 7919), 'Ann Lee', '201', \
         CASE i % 3 WHEN 0 THEN ?3 WHEN 1 THEN ?4 ELSE NULL END, '[]', 'wav', ?5, 'bench', \
         printf('bench/%d.wav', i % 50), x'', \
         lower('Caller ' || (i % 997)) || char(10) || printf('+44 20 %04d %04d', i % 9973, i % 7919) || char(10) || 'ann lee' || char(10) || '201', \
         '2026-01-01T00:00:00Z' FROM n",
    )
    .bind(rows)
    .bind(&company)
    .bind(&support_user)
    .bind(&sales_user)
    .bind(size)
    .execute(&pool)
    .await?;
    sqlx::query("ANALYZE").execute(&pool).await?;
    println!(
        "seeded_rows={rows} seed_seconds={:.1} db_mib={}",
        started.elapsed().as_secs_f64(),
        std::fs::metadata(&db_path)?.len() / (1 << 20)
    );

    search_table(&db, &company, rows, &Reference::Sqlite3 { shell: &sqlite3, file: &db_path }).await?;
    if let Ok(server) = std::env::var("EARMARK_BENCH_POSTGRES") {
        postgres_searches(&server, rows, &dir).await?;
    }

    // 100 concurrent streams with seeking, against the real router on loopback.
    let addr = serve_in_process(&db, &storage).await?;
    let login = login(addr).await?;
    let (rss_before, _) = rss_kib("self");
    let started = Instant::now();
    let mut tasks = Vec::new();
    for s in 0..100 {
        let cookie = login.clone();
        tasks.push(tokio::spawn(async move { stream(addr, &cookie, s, size as u64).await }));
    }
    let mut latencies = Vec::new();
    let mut bytes = 0u64;
    for t in tasks {
        let (l, b) = t.await??;
        latencies.extend(l);
        bytes += b;
    }
    let wall = started.elapsed().as_secs_f64();
    latencies.sort_by(f64::total_cmp);
    let (rss_after, rss_peak) = rss_kib("self");
    println!(
        "streams=100 requests={} wall_s={wall:.2} mib_per_s={:.0} first_byte_p50_ms={:.1} p95_ms={:.1} rss_before_kib={rss_before} rss_after_kib={rss_after} rss_peak_kib={rss_peak}",
        latencies.len(),
        bytes as f64 / (1 << 20) as f64 / wall,
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.95),
    );
    Ok(())
}

/// One listener of a seeded row: the whole file from the start, then three seeks.
async fn stream(addr: std::net::SocketAddr, cookie: &str, s: u64, size: u64) -> anyhow::Result<(Vec<f64>, u64)> {
    listen(addr, cookie, &format!("bench-{:08}", s * 7), size).await
}

/// The company the rows belong to and the two users they name (Ann Lee of Support, Dev
/// Patel of Sales), from the demo data of either database (both read `$1`).
async fn seeded_ids(db: &app::Db) -> anyhow::Result<(String, String, String)> {
    const COMPANY: &str = "SELECT id FROM companies WHERE name = 'Northwind Traders'";
    const USER: &str = "SELECT id FROM users WHERE name = $1";
    Ok(match db.pool() {
        app::Pool::Sqlite(p) => (
            sqlx::query_scalar(COMPANY).fetch_one(p).await?,
            sqlx::query_scalar(USER).bind("Ann Lee").fetch_one(p).await?,
            sqlx::query_scalar(USER).bind("Dev Patel").fetch_one(p).await?,
        ),
        app::Pool::Postgres(p) => (
            sqlx::query_scalar(COMPANY).fetch_one(p).await?,
            sqlx::query_scalar(USER).bind("Ann Lee").fetch_one(p).await?,
            sqlx::query_scalar(USER).bind("Dev Patel").fetch_one(p).await?,
        ),
    })
}

/// What a query's time is compared with: the engine's own figure for the same SQL.
enum Reference<'a> {
    /// The sqlite3 shell on the same file, by its CPU timer.
    Sqlite3 { shell: &'a str, file: &'a std::path::Path },
    /// PostgreSQL's own execution time of the same SQL (EXPLAIN ANALYZE, server side).
    Postgres(&'a sqlx::PgPool),
}

impl Reference<'_> {
    fn name(&self) -> &'static str {
        match self {
            Reference::Sqlite3 { .. } => "sqlite3 shell (CPU)",
            Reference::Postgres(_) => "PostgreSQL execution time",
        }
    }

    async fn times(&self, sql: &str, binds: &[String], runs: usize) -> anyhow::Result<(f64, f64)> {
        match self {
            Reference::Sqlite3 { shell, file } => Ok(shell_times(shell, file, &inline(sql, binds), runs)),
            Reference::Postgres(pool) => {
                let explain = format!("EXPLAIN (ANALYZE, FORMAT TEXT) {}", app::store::dialect::postgres(sql));
                let mut times = Vec::with_capacity(runs);
                for _ in 0..runs {
                    let mut q = sqlx::query_scalar::<_, String>(&explain);
                    for b in binds {
                        q = q.bind(b);
                    }
                    let plan = q.fetch_all(*pool).await?;
                    let ms = plan
                        .iter()
                        .find_map(|l| l.strip_prefix("Execution Time: "))
                        .and_then(|t| t.trim_end_matches(" ms").parse::<f64>().ok())
                        .ok_or_else(|| anyhow::anyhow!("no execution time in the plan: {plan:?}"))?;
                    times.push(ms);
                }
                times.sort_by(f64::total_cmp);
                Ok((percentile(&times, 0.5), percentile(&times, 0.95)))
            }
        }
    }
}

/// Each filter combination and deep pages through Earmark's list query, next to the engine's
/// own time for the same SQL.
async fn search_table(db: &app::Db, company: &str, rows: i64, reference: &Reference<'_>) -> anyhow::Result<()> {
    // Cursors deep into the list: the 900,000th newest row (or 90% of the way).
    let deep_at = (rows * 9 / 10).max(1) - 1;
    const DEEP: &str =
        "SELECT started_at, id FROM recordings WHERE company_id = $1 ORDER BY started_at DESC, id DESC LIMIT 1 OFFSET $2";
    const TEAM: &str = "SELECT id FROM teams WHERE name = 'Support' AND company_id = $1";
    let ((deep_t, deep_id), support_team): ((String, String), String) = match db.pool() {
        app::Pool::Sqlite(p) => (
            sqlx::query_as(DEEP).bind(company).bind(deep_at).fetch_one(p).await?,
            sqlx::query_scalar(TEAM).bind(company).fetch_one(p).await?,
        ),
        app::Pool::Postgres(p) => (
            sqlx::query_as(DEEP).bind(company).bind(deep_at).fetch_one(p).await?,
            sqlx::query_scalar(TEAM).bind(company).fetch_one(p).await?,
        ),
    };
    let deep = format!("{deep_t}~{deep_id}");

    let f = |from: &str, to: &str, direction: &str, q: &str, before: &str| RecordingFilter {
        from: from.into(),
        to: to.into(),
        direction: direction.into(),
        q: q.into(),
        before: before.into(),
        ..RecordingFilter::default()
    };
    let teams = [support_team];
    let cases: Vec<(&str, RecordingFilter, Option<&[String]>)> = vec![
        ("newest page, no filter", f("", "", "", "", ""), None),
        ("direction outbound", f("", "", "outbound", "", ""), None),
        ("one month", f("2025-06-01", "2025-06-30", "", "", ""), None),
        ("one year, inbound", f("2025-01-01", "2025-12-31", "inbound", "", ""), None),
        ("search, common (\"caller 99\")", f("", "", "", "caller 99", ""), None),
        ("search, part of a number (\"0042 \")", f("", "", "", "0042 ", ""), None),
        ("search + direction + month", f("2025-06-01", "2025-06-30", "inbound", "caller 9", ""), None),
        ("deep page (row 900,000)", f("", "", "", "", &deep), None),
        ("deep page, outbound", f("", "", "outbound", "", &deep), None),
        ("supervisor's teams, newest page", f("", "", "", "", ""), Some(&teams[..])),
        ("supervisor's teams, deep page", f("", "", "", "", &deep), Some(&teams[..])),
    ];
    println!("| query | rows | Earmark p50 / p95 (ms) | {} p50 / p95 (ms) | ratio p95 |", reference.name());
    println!("| --- | --- | --- | --- | --- |");
    const RUNS: usize = 40;
    for (name, filter, teams) in &cases {
        let q = filter.parse().expect("a valid filter");
        let mut times = Vec::with_capacity(RUNS);
        let mut n = 0;
        for _ in 0..RUNS {
            let t = Instant::now();
            let (page, _) = app::store::recordings::list(db, app::store::Reach::new(company, *teams), &q, 50).await?;
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            n = page.len();
        }
        times.sort_by(f64::total_cmp);
        let rare = app::store::recordings::is_rare(db, &q).await?;
        let (sql, binds) = app::store::recordings::list_sql(company, *teams, &q, 50, rare);
        let (s50, s95) = reference.times(&sql, &binds, RUNS).await?;
        let (o50, o95) = (percentile(&times, 0.5), percentile(&times, 0.95));
        println!("| {name} | {n} | {o50:.2} / {o95:.2} | {s50:.2} / {s95:.2} | {:.2} |", o95 / s95.max(0.001));
    }

    Ok(())
}

/// The same rows in a database of the PostgreSQL server `server` (scripts/bench-recordings
/// starts a throwaway one), and the same searches on it.
async fn postgres_searches(server: &str, rows: i64, dir: &tempfile::TempDir) -> anyhow::Result<()> {
    use sqlx::Connection;
    let mut admin = sqlx::PgConnection::connect(&format!("{server}/postgres")).await?;
    sqlx::query("DROP DATABASE IF EXISTS bench_recordings").execute(&mut admin).await?;
    sqlx::query("CREATE DATABASE bench_recordings").execute(&mut admin).await?;
    let db = earmark::cli::open_db(&app::Location::Postgres(format!("{server}/bench_recordings"))).await?;
    app::services::bootstrap::demo::seed(&db).await?;
    let app::Pool::Postgres(pool) = db.pool().clone() else { unreachable!("opened as PostgreSQL") };
    let size = std::fs::metadata(dir.path().join("recordings/bench/0.wav"))?.len() as i64;
    let (company, support_user, sales_user) = seeded_ids(&db).await?;
    let started = Instant::now();
    // The same rows as the SQLite seed above, in PostgreSQL's spelling.
    sqlx::query(
        "INSERT INTO recordings (id, company_id, call_id, started_at, duration_ms, direction, caller_name, caller_number, \
         callee_name, callee_number, user_id, trace, format, size_bytes, sha256, storage_key, peaks, search_text, uploaded_at) \
         SELECT 'bench-' || lpad(i::text, 8, '0'), $2, 'bench-call-' || lpad(i::text, 8, '0'), \
         to_char(to_timestamp(1767225600 - i * 60) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), 60000, \
         CASE WHEN i % 5 < 3 THEN 'inbound' ELSE 'outbound' END, \
         'Caller ' || (i % 997), '+44 20 ' || lpad((i % 9973)::text, 4, '0') || ' ' || lpad((i % 7919)::text, 4, '0'), \
         'Ann Lee', '201', CASE i % 3 WHEN 0 THEN $3 WHEN 1 THEN $4 ELSE NULL END, '[]', 'wav', $5, 'bench', \
         'bench/' || (i % 50) || '.wav', ''::bytea, \
         lower('Caller ' || (i % 997)) || chr(10) || '+44 20 ' || lpad((i % 9973)::text, 4, '0') || ' ' \
         || lpad((i % 7919)::text, 4, '0') || chr(10) || 'ann lee' || chr(10) || '201', \
         '2026-01-01T00:00:00Z' FROM generate_series(0, $1 - 1) AS i",
    )
    .bind(rows)
    .bind(&company)
    .bind(&support_user)
    .bind(&sales_user)
    .bind(size)
    .execute(&pool)
    .await?;
    // As a live database is after autovacuum: without it, index-only scans on freshly
    // written rows visit the table for each entry (the company's list of actions took 460 ms
    // instead of 0.5 ms in the first run).
    sqlx::query("VACUUM ANALYZE").execute(&pool).await?;
    let bytes: i64 = sqlx::query_scalar("SELECT pg_database_size('bench_recordings')").fetch_one(&pool).await?;
    println!(
        "postgresql: seeded_rows={rows} seed_seconds={:.1} db_mib={}",
        started.elapsed().as_secs_f64(),
        bytes / (1 << 20)
    );
    search_table(&db, &company, rows, &Reference::Postgres(&pool)).await
}

//! The Audit log benchmark of docs/PERFORMANCE.md (run by scripts/bench-audit): one SQLite
//! file with the demo platform and N audit entries (default 1,000,000) spread over its three
//! companies, its resellers and the platform, two years back; then each filter and deep
//! keyset pages through the same service the pages and the API call (capability, query,
//! the list of actions, row mapping), p50 and p95 of each, and a 100,000-entry CSV export.
//!
//! cargo run --release --example audit -- [entries]

use app::access::capability::{can, Principal};
use app::model::audit_log::AuditFilter;
use app::services::audit_log;
use std::time::Instant;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

async fn principal(db: &app::store::Db, email: &str) -> Principal {
    let record = app::store::administrators::by_email(db, email).await.expect("read").expect("demo login");
    Principal::from_record(record)
}

/// p50 and p95 (ms) of `runs` calls, after one call to warm the cache.
async fn time<F, Fut>(runs: usize, mut call: F) -> (f64, f64, usize)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = usize>,
{
    let rows = call().await;
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        call().await;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    (percentile(&times, 0.5), percentile(&times, 0.95), rows)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let entries: i64 = std::env::args().nth(1).map_or(Ok(1_000_000), |n| n.parse())?;
    let dir = tempfile::tempdir()?;
    let db = earmark::cli::open_db(&app::Location::Sqlite(dir.path().join("audit.db"))).await?;
    app::services::bootstrap::demo::seed(&db).await?;
    // This benchmark seeds SQLite's own file with its own SQL.
    let app::Pool::Sqlite(pool) = db.pool().clone() else { unreachable!("opened as SQLite") };

    // Entries: most are a company's (its writes, plays, downloads, logins), some a reseller
    // administrator's, a few the platform owner's; one a minute or so, back from now.
    let companies: Vec<(String, String)> =
        sqlx::query_as("SELECT id, reseller_id FROM companies ORDER BY name").fetch_all(&pool).await?;
    let t = Instant::now();
    let mut tx = pool.begin().await?;
    sqlx::query(
        "CREATE TEMP TABLE co AS SELECT row_number() OVER (ORDER BY name) - 1 AS n, id, reseller_id FROM companies",
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ?) \
         INSERT INTO audit_log (at, actor_id, actor_email, action, outcome, object_kind, object_id, reseller_id, \
                                company_id, before, after, detail) \
         SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now', printf('-%d minutes', (? - i))), \
                NULL, \
                CASE WHEN i % 50 = 0 THEN 'owner@demo.test' \
                     WHEN i % 10 = 0 THEN 'admin@acme.demo.test' \
                     ELSE printf('admin%d@company%d.demo.test', i % 7, i % 3) END, \
                CASE i % 9 WHEN 0 THEN 'login' WHEN 1 THEN 'queue.opt_in' WHEN 2 THEN 'recording.play' \
                     WHEN 3 THEN 'recording.download' WHEN 4 THEN 'user.override' WHEN 5 THEN 'device.override' \
                     WHEN 6 THEN 'force_record.update' WHEN 7 THEN 'access.refused' ELSE 'queue.rename' END, \
                CASE i % 9 WHEN 7 THEN 'refused' ELSE 'ok' END, \
                CASE i % 9 WHEN 1 THEN 'queue' WHEN 8 THEN 'queue' WHEN 2 THEN 'recording' WHEN 3 THEN 'recording' \
                     ELSE 'company' END, \
                printf('obj-%d', i % 5000), \
                CASE WHEN i % 50 = 0 THEN NULL ELSE (SELECT reseller_id FROM co WHERE n = i % 3) END, \
                CASE WHEN i % 50 = 0 OR i % 10 = 0 THEN NULL ELSE (SELECT id FROM co WHERE n = i % 3) END, \
                CASE i % 9 WHEN 1 THEN '{\"opt_in\":{\"delay_seconds\":5}}' ELSE NULL END, \
                CASE i % 9 WHEN 1 THEN '{\"opt_in\":{\"delay_seconds\":6}}' ELSE NULL END, \
                NULL \
         FROM seq",
    )
    .bind(entries)
    .bind(entries)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    sqlx::query("ANALYZE").execute(&pool).await?;
    let size = std::fs::metadata(dir.path().join("audit.db"))?.len();
    println!(
        "seeded {entries} audit entries in {:.1} s; database file {:.0} MiB",
        t.elapsed().as_secs_f64(),
        size as f64 / 1048576.0
    );

    measure(&db, &companies).await?;
    if let Ok(server) = std::env::var("EARMARK_BENCH_POSTGRES") {
        postgres(&server, entries).await?;
    }
    Ok(())
}

/// Each filter, deep pages and the CSV export through the services, on whichever database.
async fn measure(db: &app::store::Db, companies: &[(String, String)]) -> anyhow::Result<()> {
    let db = db.clone();
    let owner = principal(&db, "owner@demo.test").await;
    let reseller = principal(&db, "admin@acme.demo.test").await;
    let (company, _) = &companies[0];
    let company_cap = owner.company::<can::AuditLogView>(&db, company).await?;
    let platform_cap = owner.own_scope::<can::AuditLogView>(&db).await?;
    let reseller_cap = reseller.own_scope::<can::AuditLogView>(&db).await?;
    let max_id: i64 = match db.pool() {
        app::Pool::Sqlite(p) => sqlx::query_scalar("SELECT MAX(id) FROM audit_log").fetch_one(p).await?,
        app::Pool::Postgres(p) => sqlx::query_scalar("SELECT MAX(id) FROM audit_log").fetch_one(p).await?,
    };
    let deep = (max_id / 10).to_string();
    let month_ago = (time::OffsetDateTime::now_utc() - time::Duration::days(400)).date().to_string();
    let month_end = (time::OffsetDateTime::now_utc() - time::Duration::days(370)).date().to_string();
    let f = |build: &dyn Fn(&mut AuditFilter)| {
        let mut filter = AuditFilter::default();
        build(&mut filter);
        filter
    };
    let cases: Vec<(&str, AuditFilter)> = vec![
        ("company: newest page", f(&|_| {})),
        ("company: page at entry 900,000 (keyset)", f(&|x| x.before = deep.clone())),
        ("company: one action (recording.download)", f(&|x| x.action = "recording.download".into())),
        ("company: part of an e-mail (admin3@)", f(&|x| x.actor = "admin3@".into())),
        (
            "company: one month, a year ago",
            f(&|x| {
                x.from = month_ago.clone();
                x.to = month_end.clone();
            }),
        ),
        ("company: one object (obj-4242)", f(&|x| x.object = "obj-4242".into())),
        (
            "company: action + month + deep",
            f(&|x| {
                x.action = "login".into();
                x.from = month_ago.clone();
                x.to = month_end.clone();
            }),
        ),
    ];
    println!("\n| query | rows | p50 ms | p95 ms |\n| --- | ---: | ---: | ---: |");
    for (name, filter) in &cases {
        let (p50, p95, rows) =
            time(50, || async { audit_log::page(&company_cap, &db, filter).await.expect("page").entries.len() }).await;
        println!("| {name} | {rows} | {p50:.2} | {p95:.2} |");
    }
    let scoped: Vec<(&str, AuditFilter)> = vec![
        ("platform: newest page", f(&|_| {})),
        ("platform: page at entry 900,000", f(&|x| x.before = deep.clone())),
        ("platform: logins", f(&|x| x.action = "login".into())),
        (
            "platform: one month, a year ago",
            f(&|x| {
                x.from = month_ago.clone();
                x.to = month_end.clone();
            }),
        ),
    ];
    for (name, filter) in &scoped {
        let (p50, p95, rows) =
            time(50, || async { audit_log::scope_page(&platform_cap, &db, filter).await.expect("page").entries.len() })
                .await;
        println!("| {name} | {rows} | {p50:.2} | {p95:.2} |");
    }
    for (name, filter) in
        [("reseller: newest page", f(&|_| {})), ("reseller: logins", f(&|x| x.action = "login".into()))]
    {
        let (p50, p95, rows) = time(50, || async {
            audit_log::scope_page(&reseller_cap, &db, &filter).await.expect("page").entries.len()
        })
        .await;
        println!("| {name} | {rows} | {p50:.2} | {p95:.2} |");
    }
    let t = Instant::now();
    let csv = audit_log::export_csv(&company_cap, &db, &AuditFilter::default()).await?;
    println!(
        "\nCSV export of the company's newest 100,000 entries: {:.2} s, {:.1} MiB, {} lines",
        t.elapsed().as_secs_f64(),
        csv.len() as f64 / 1048576.0,
        csv.lines().count()
    );
    Ok(())
}

/// The same entries in a database of the PostgreSQL server `server` (scripts/bench-audit
/// starts a throwaway one), in PostgreSQL's spelling, and the same measurements.
async fn postgres(server: &str, entries: i64) -> anyhow::Result<()> {
    use sqlx::Connection;
    let mut admin = sqlx::PgConnection::connect(&format!("{server}/postgres")).await?;
    sqlx::query("DROP DATABASE IF EXISTS bench_audit").execute(&mut admin).await?;
    sqlx::query("CREATE DATABASE bench_audit").execute(&mut admin).await?;
    let db = earmark::cli::open_db(&app::Location::Postgres(format!("{server}/bench_audit"))).await?;
    app::services::bootstrap::demo::seed(&db).await?;
    let app::Pool::Postgres(pool) = db.pool().clone() else { unreachable!("opened as PostgreSQL") };
    let companies: Vec<(String, String)> =
        sqlx::query_as("SELECT id, reseller_id FROM companies ORDER BY name").fetch_all(&pool).await?;
    let t = Instant::now();
    sqlx::query(
        "WITH co AS (SELECT row_number() OVER (ORDER BY name) - 1 AS n, id, reseller_id FROM companies) \
         INSERT INTO audit_log (at, actor_id, actor_email, action, outcome, object_kind, object_id, reseller_id, \
                                company_id, before, after, detail) \
         SELECT to_char((now() - make_interval(mins => ($1 - i)::int)) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), \
                NULL, \
                CASE WHEN i % 50 = 0 THEN 'owner@demo.test' \
                     WHEN i % 10 = 0 THEN 'admin@acme.demo.test' \
                     ELSE format('admin%s@company%s.demo.test', i % 7, i % 3) END, \
                CASE i % 9 WHEN 0 THEN 'login' WHEN 1 THEN 'queue.opt_in' WHEN 2 THEN 'recording.play' \
                     WHEN 3 THEN 'recording.download' WHEN 4 THEN 'user.override' WHEN 5 THEN 'device.override' \
                     WHEN 6 THEN 'force_record.update' WHEN 7 THEN 'access.refused' ELSE 'queue.rename' END, \
                CASE i % 9 WHEN 7 THEN 'refused' ELSE 'ok' END, \
                CASE i % 9 WHEN 1 THEN 'queue' WHEN 8 THEN 'queue' WHEN 2 THEN 'recording' WHEN 3 THEN 'recording' \
                     ELSE 'company' END, \
                format('obj-%s', i % 5000), \
                CASE WHEN i % 50 = 0 THEN NULL ELSE (SELECT reseller_id FROM co WHERE n = i % 3) END, \
                CASE WHEN i % 50 = 0 OR i % 10 = 0 THEN NULL ELSE (SELECT id FROM co WHERE n = i % 3) END, \
                CASE i % 9 WHEN 1 THEN '{\"opt_in\":{\"delay_seconds\":5}}' ELSE NULL END, \
                CASE i % 9 WHEN 1 THEN '{\"opt_in\":{\"delay_seconds\":6}}' ELSE NULL END, \
                NULL \
         FROM generate_series(1, $1) AS i",
    )
    .bind(entries)
    .execute(&pool)
    .await?;
    // As a live database is after autovacuum: without it, index-only scans on freshly
    // written rows visit the table for each entry (the company's list of actions took 460 ms
    // instead of 0.5 ms in the first run).
    sqlx::query("VACUUM ANALYZE").execute(&pool).await?;
    let bytes: i64 = sqlx::query_scalar("SELECT pg_database_size('bench_audit')").fetch_one(&pool).await?;
    println!(
        "\npostgresql: seeded {entries} audit entries in {:.1} s; database {:.0} MiB",
        t.elapsed().as_secs_f64(),
        bytes as f64 / 1048576.0
    );
    measure(&db, &companies).await
}

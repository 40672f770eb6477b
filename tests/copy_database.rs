//! `earmark copy-database` moves an install from SQLite into an empty PostgreSQL database:
//! every table, ids and versions kept, counts checked; a database that is not empty is
//! refused; the copy serves at once.

mod common;

use common::server::{http, login, serve};
use sqlx::{Connection, PgConnection, SqliteConnection};

async fn ids(conn_sqlite: &mut SqliteConnection, conn_pg: &mut PgConnection, sql: &str) -> (Vec<String>, Vec<String>) {
    let from: Vec<String> = sqlx::query_scalar(sql).fetch_all(&mut *conn_sqlite).await.unwrap();
    let to: Vec<String> = sqlx::query_scalar(sql).fetch_all(&mut *conn_pg).await.unwrap();
    (from, to)
}

#[tokio::test]
async fn an_install_moves_from_sqlite_into_an_empty_postgresql_database() {
    if common::postgres_server().is_none() {
        eprintln!("skipped: the copy needs a PostgreSQL server, and EARMARK_TEST_POSTGRES names none (scripts/test starts one)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let sqlite = dir.path().join("earmark.db");
    let sqlite_url = format!("sqlite://{}", sqlite.display());
    let recordings = dir.path().join("recordings");
    let demo = common::server::earmark(&sqlite_url, &recordings).arg("demo").status().await.unwrap();
    assert!(demo.success());
    // An audited write, so the audit log has entries to carry over.
    let owner = common::server::earmark(&sqlite_url, &recordings)
        .args(["create-admin", "--email", "ops@example.test", "--name", "Operations"])
        .env("EARMARK_ADMIN_PASSWORD", "Quiet-harbour-lantern-2026")
        .status()
        .await
        .unwrap();
    assert!(owner.success());
    let target = common::test_database(&dir).await;
    let app::Location::Postgres(url) = &target.location else { unreachable!() };
    // The test cluster trusts loopback, so any password gets in: enough to see it is never shown.
    let with_password = url.replacen("postgres://postgres@", "postgres://postgres:s3cret-pass@", 1);

    let copy = common::server::earmark(&sqlite_url, &recordings)
        .args(["copy-database", "--from", &sqlite_url, "--to", &with_password])
        .stdout(std::process::Stdio::piped())
        .output()
        .await
        .unwrap();
    let out = String::from_utf8_lossy(&copy.stdout);
    assert!(copy.status.success(), "{out}\n{}", String::from_utf8_lossy(&copy.stderr));
    assert!(out.contains("  audit_log: "), "a progress line per table: {out}");
    assert!(out.contains("every table's count matches the source"), "{out}");
    assert!(with_password.contains("s3cret-pass") && !out.contains("s3cret-pass"), "no password in the output: {out}");
    assert!(out.contains("postgres:***@"), "{out}");

    let mut from = SqliteConnection::connect(&sqlite_url).await.unwrap();
    let mut to = PgConnection::connect(url).await.unwrap();
    for table in app::store::copy::TABLES {
        let sql = format!("SELECT COUNT(*) FROM {table}");
        let a: i64 = sqlx::query_scalar(&sql).fetch_one(&mut from).await.unwrap();
        let b: i64 = sqlx::query_scalar(&sql).fetch_one(&mut to).await.unwrap();
        assert_eq!(a, b, "{table}");
    }
    // Ids, versions and the audit log's own numbering are kept.
    for sql in [
        "SELECT id || ' ' || version FROM queues ORDER BY id",
        "SELECT id || ' ' || version || ' ' || override_code FROM users ORDER BY id",
        "SELECT CAST(id AS TEXT) || ' ' || action || ' ' || outcome FROM audit_log ORDER BY id",
        "SELECT id || ' ' || sha256 || ' ' || storage_key FROM recordings ORDER BY id",
    ] {
        let (a, b) = ids(&mut from, &mut to, sql).await;
        assert!(!a.is_empty(), "{sql}");
        assert_eq!(a, b, "{sql}");
    }
    // Flags arrive as booleans.
    let seated: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE seat = TRUE").fetch_one(&mut to).await.unwrap();
    let seated_before: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE seat = 1").fetch_one(&mut from).await.unwrap();
    assert_eq!(seated, seated_before);
    // No table is forgotten: each is copied or deliberately left out.
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables WHERE table_schema IN ('public', 'tower_sessions') \
         AND table_type = 'BASE TABLE'",
    )
    .fetch_all(&mut to)
    .await
    .unwrap();
    for t in &tables {
        let known = app::store::copy::TABLES.contains(&t.as_str())
            || app::store::copy::NOT_COPIED.contains(&t.as_str())
            || t == "session";
        assert!(known, "table {t} is neither copied nor listed as left out");
    }

    // Once filled, the database is refused as a target.
    let again = common::server::earmark(&sqlite_url, &recordings)
        .args(["copy-database", "--from", &sqlite_url, "--to", url])
        .output()
        .await
        .unwrap();
    assert!(!again.status.success());
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("is not empty"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );

    // The copy serves: the demo logins work, and the audit log numbers on after the copied entries.
    let last: i64 = sqlx::query_scalar("SELECT MAX(id) FROM audit_log").fetch_one(&mut to).await.unwrap();
    let (_server, port) = serve(url, &recordings).await;
    let signed_in = login(port, "admin@northwind.demo.test", common::PASSWORD).await;
    assert_eq!(signed_in.status, 200, "{}", signed_in.body);
    let next: i64 = sqlx::query_scalar("SELECT MAX(id) FROM audit_log").fetch_one(&mut to).await.unwrap();
    assert!(next > last, "the login is audited after the copied entries ({last} then {next})");
    assert_eq!(http(port, "GET", "/readyz", None, None).await.status, 200);
}

//! `earmark check-storage` finds what disagrees between the recordings' rows and the files of
//! the platform's storage (a folder, or the test bucket when scripts/test runs the suite on
//! S3), moves orphans aside with `--repair`, and never deletes a row.

mod common;

use common::sql;

async fn check(database: &str, recordings: &std::path::Path, args: &[&str]) -> (i32, String) {
    let out = common::server::earmark(database, recordings)
        .arg("check-storage")
        .args(args)
        .stdout(std::process::Stdio::piped())
        .output()
        .await
        .expect("earmark check-storage runs");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned())
}

#[tokio::test]
async fn check_storage_reports_missing_orphaned_and_changed_files_and_repairs_only_orphans() {
    let dir = tempfile::tempdir().unwrap();
    let database = common::test_database(&dir).await;
    // The test databases have no password, so the shown form is the whole location.
    let url = database.location.to_string();
    let recordings = dir.path().join("recordings");
    assert!(common::server::earmark(&url, &recordings).arg("demo").status().await.unwrap().success());
    let (code, out) = check(&url, &recordings, &[]).await;
    assert_eq!(code, 0, "the demo's storage agrees with its rows: {out}");
    assert!(out.contains("0 missing, 0 differ, 0 orphans"), "{out}");

    let db = app::Db::open(&database.location).await.unwrap();
    let rows: Vec<(String, String)> =
        sql(&db, "SELECT id, storage_key FROM recordings ORDER BY storage_key LIMIT 3").rows().await.unwrap();
    let storage = common::server::storage_of(&recordings).await;
    let spool = app::store::files::Spool::open(&dir.path().join("spool")).unwrap();
    // One file gone, one with other bytes of the same size, one with no row.
    let gone = storage.remove(&rows[0].1).await.unwrap();
    gone.finish().await;
    let size: i64 = sql(&db, "SELECT size_bytes FROM recordings WHERE id = ?").bind(&rows[1].0).scalar().await.unwrap();
    storage.put(&spool, &rows[1].1, &vec![7u8; size as usize]).await.unwrap();
    let orphan = format!("{}/stray.wav", rows[2].1.split('/').next().unwrap());
    storage.put(&spool, &orphan, b"RIFF not a row").await.unwrap();

    let (code, out) = check(&url, &recordings, &[]).await;
    assert_eq!(code, 1, "{out}");
    assert!(out.contains(&format!("missing   recording {}", rows[0].0)), "{out}");
    assert!(out.contains(&format!("differs   recording {}", rows[1].0)) && out.contains("SHA-256"), "{out}");
    assert!(out.contains(&format!("orphan    {orphan} (14 bytes)")), "{out}");
    assert!(out.contains("1 missing, 1 differ, 1 orphans"), "{out}");
    // Only this company's: another company's keys are not read.
    let company = rows[2].1.split('/').next().unwrap().to_string();
    let (_, mine) = check(&url, &recordings, &["--company", &company]).await;
    let listed: i64 =
        sql(&db, "SELECT COUNT(*) FROM recordings WHERE company_id = ?").bind(&company).scalar().await.unwrap();
    assert!(mine.contains(&format!("{listed} recordings,")), "{mine}");

    let rows_before: i64 = sql(&db, "SELECT COUNT(*) FROM recordings").scalar().await.unwrap();
    let (code, out) = check(&url, &recordings, &["--repair"]).await;
    assert_eq!(code, 1, "repair reports what it found: {out}");
    assert!(out.contains(&format!("moved     {orphan} to .orphaned/{orphan}")), "{out}");
    let keys: Vec<String> = storage.list().await.unwrap().into_iter().map(|o| o.key).collect();
    assert!(!keys.contains(&orphan), "the orphan is out of the recordings");
    let rows_after: i64 = sql(&db, "SELECT COUNT(*) FROM recordings").scalar().await.unwrap();
    assert_eq!(rows_after, rows_before, "no row is ever deleted");
    let (_, out) = check(&url, &recordings, &[]).await;
    assert!(out.contains("1 missing, 1 differ, 0 orphans"), "{out}");
}

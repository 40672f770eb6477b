//! Uploads in progress. A recording's audio is kept in the storage before its row commits, so
//! a crash in between would leave audio that no recording names. Each upload writes here what
//! it is about to keep, and its row's transaction takes the line away; a line left behind is
//! an upload that never finished, whose audio the sweep removes.

use super::run;
use super::{Db, Tx};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Unfinished {
    pub storage_key: String,
    pub company_id: String,
    pub storage_account_id: Option<String>,
}

/// Says, and commits, that the audio under `key` is about to be kept.
pub async fn begin(
    db: &Db,
    key: &str,
    company_id: &str,
    storage_account_id: Option<&str>,
    now: &str,
) -> Result<(), sqlx::Error> {
    run!(
        db,
        "INSERT INTO upload_intents (storage_key, company_id, storage_account_id, started_at) VALUES (?, ?, ?, ?)",
        |q, c| sqlx::query(q).bind(key).bind(company_id).bind(storage_account_id).bind(now).execute(c).await.affected()
    )?;
    Ok(())
}

/// The upload of `key` is done with (its row is in `tx`, or it failed). False when the line was
/// gone: the sweep took the upload for a dead one and removed its audio.
pub async fn finish(tx: &mut Tx, key: &str) -> Result<bool, sqlx::Error> {
    let n = run!(tx, "DELETE FROM upload_intents WHERE storage_key = ?", |q, c| sqlx::query(q)
        .bind(key)
        .execute(c)
        .await
        .affected())?;
    Ok(n == 1)
}

/// The same outside a transaction: the upload failed, or the sweep claims it. False when the
/// line was gone (the upload's row took it: its audio must stay).
pub async fn abandon(db: &Db, key: &str) -> Result<bool, sqlx::Error> {
    // A write outside a transaction takes SQLite's write turn too (see `Db::write_turn`).
    let _turn = db.write_turn().await;
    let n = run!(db, "DELETE FROM upload_intents WHERE storage_key = ?", |q, c| sqlx::query(q)
        .bind(key)
        .execute(c)
        .await
        .affected())?;
    Ok(n == 1)
}

/// Uploads begun before `before` and never finished, oldest first.
pub async fn unfinished(db: &Db, before: &str, limit: i64) -> Result<Vec<Unfinished>, sqlx::Error> {
    run!(
        db,
        "SELECT storage_key, company_id, storage_account_id FROM upload_intents WHERE started_at <= ? \
         ORDER BY started_at LIMIT ?",
        |q, c| sqlx::query_as::<_, Unfinished>(q).bind(before).bind(limit).fetch_all(c).await
    )
}

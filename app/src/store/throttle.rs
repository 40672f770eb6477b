//! Failed-login counters per account key.

use super::run;
use super::{now_text, Db};

/// Seconds since the Unix epoch until which the account key is locked, if it is.
pub async fn locked_until(db: &Db, key: &str) -> Result<i64, sqlx::Error> {
    let v: Option<i64> =
        run!(db, "SELECT locked_until FROM login_attempts WHERE account_key = ?", |q, c| sqlx::query_scalar(q)
            .bind(key)
            .fetch_optional(c)
            .await)?;
    Ok(v.unwrap_or(0))
}

/// Counts one more failure and returns the new count.
pub async fn add_failure(db: &Db, key: &str) -> Result<i64, sqlx::Error> {
    run!(
        db,
        "INSERT INTO login_attempts (account_key, failures, updated_at) VALUES (?, 1, ?) \
         ON CONFLICT (account_key) DO UPDATE SET failures = login_attempts.failures + 1, updated_at = excluded.updated_at \
         RETURNING failures",
        |q, c| sqlx::query_scalar(q).bind(key).bind(now_text()).fetch_one(c).await
    )
}

pub async fn lock(db: &Db, key: &str, until: i64) -> Result<(), sqlx::Error> {
    // A write outside a transaction takes SQLite's write turn too (see `Db::write_turn`).
    let _turn = db.write_turn().await;
    run!(db, "UPDATE login_attempts SET locked_until = ? WHERE account_key = ?", |q, c| sqlx::query(q)
        .bind(until)
        .bind(key)
        .execute(c)
        .await
        .affected())?;
    Ok(())
}

pub async fn clear(db: &Db, key: &str) -> Result<(), sqlx::Error> {
    // A write outside a transaction takes SQLite's write turn too (see `Db::write_turn`).
    let _turn = db.write_turn().await;
    run!(db, "DELETE FROM login_attempts WHERE account_key = ?", |q, c| sqlx::query(q)
        .bind(key)
        .execute(c)
        .await
        .affected())?;
    Ok(())
}

/// Failures of the client address in the window that holds `now` (seconds since the epoch),
/// and when that window began.
pub async fn address_failures(db: &Db, address: &str) -> Result<Option<(i64, i64)>, sqlx::Error> {
    run!(db, "SELECT window_start, failures FROM address_attempts WHERE address = ?", |q, c| {
        sqlx::query_as(q).bind(address).fetch_optional(c).await
    })
}

/// Counts one more failure of the address: in its open window, or in a new one from `now`
/// when the last closed. Windows that closed are dropped, so the table stays small.
pub async fn add_address_failure(db: &Db, address: &str, now: i64, window_secs: i64) -> Result<(), sqlx::Error> {
    // A write outside a transaction takes SQLite's write turn too (see `Db::write_turn`).
    let _turn = db.write_turn().await;
    run!(db, "DELETE FROM address_attempts WHERE window_start <= ?", |q, c| {
        sqlx::query(q).bind(now - window_secs).execute(c).await.affected()
    })?;
    run!(
        db,
        "INSERT INTO address_attempts (address, window_start, failures) VALUES (?, ?, 1) \
         ON CONFLICT (address) DO UPDATE SET failures = address_attempts.failures + 1",
        |q, c| sqlx::query(q).bind(address).bind(now).execute(c).await.affected()
    )?;
    Ok(())
}

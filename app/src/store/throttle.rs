//! Failed-login counters per account key.

use super::{now_text, Db};

/// Seconds since the Unix epoch until which the account key is locked, if it is.
pub async fn locked_until(db: &Db, key: &str) -> Result<i64, sqlx::Error> {
    let v: Option<i64> = sqlx::query_scalar("SELECT locked_until FROM login_attempts WHERE account_key = ?")
        .bind(key)
        .fetch_optional(db.pool())
        .await?;
    Ok(v.unwrap_or(0))
}

/// Counts one more failure and returns the new count.
pub async fn add_failure(db: &Db, key: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO login_attempts (account_key, failures, updated_at) VALUES (?, 1, ?) \
         ON CONFLICT (account_key) DO UPDATE SET failures = failures + 1, updated_at = excluded.updated_at \
         RETURNING failures",
    )
    .bind(key)
    .bind(now_text())
    .fetch_one(db.pool())
    .await
}

pub async fn lock(db: &Db, key: &str, until: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE login_attempts SET locked_until = ? WHERE account_key = ?")
        .bind(until)
        .bind(key)
        .execute(db.pool())
        .await?;
    Ok(())
}

pub async fn clear(db: &Db, key: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM login_attempts WHERE account_key = ?").bind(key).execute(db.pool()).await?;
    Ok(())
}

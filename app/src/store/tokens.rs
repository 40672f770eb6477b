//! Bearer tokens of the JSON API. Only the SHA-256 of a token's secret is stored.

use super::run;
use super::{Db, Tx};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct TokenRecord {
    pub id: String,
    pub company_id: String,
    pub name: String,
    pub privileges: String,
    pub creator_email: String,
}

pub struct NewToken<'a> {
    pub id: &'a str,
    pub company_id: &'a str,
    pub name: &'a str,
    pub secret_hash: &'a str,
    pub privileges: &'a str,
    pub created_by: &'a str,
    pub expires_at: Option<&'a str>,
}

pub async fn insert(tx: &mut Tx, t: &NewToken<'_>) -> Result<(), sqlx::Error> {
    run!(
        tx,
        "INSERT INTO api_tokens (id, company_id, name, secret_hash, privileges, created_by, created_at, expires_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        |q, c| sqlx::query(q)
            .bind(t.id)
            .bind(t.company_id)
            .bind(t.name)
            .bind(t.secret_hash)
            .bind(t.privileges)
            .bind(t.created_by)
            .bind(super::now_text())
            .bind(t.expires_at)
            .execute(c)
            .await
            .affected()
    )?;
    Ok(())
}

/// A live token: not revoked, not expired, and its creator still enabled (disabling an
/// administrator ends their tokens too).
pub async fn live_by_hash(db: &Db, secret_hash: &str, now: &str) -> Result<Option<TokenRecord>, sqlx::Error> {
    run!(
        db,
        "SELECT t.id, t.company_id, t.name, t.privileges, a.email AS creator_email \
         FROM api_tokens t JOIN administrators a ON a.id = t.created_by \
         WHERE t.secret_hash = ? AND t.revoked = FALSE AND a.disabled = FALSE \
         AND (t.expires_at IS NULL OR t.expires_at > ?)",
        |q, c| sqlx::query_as::<_, TokenRecord>(q).bind(secret_hash).bind(now).fetch_optional(c).await
    )
}

/// Notes that a token was used, at most once a minute.
pub async fn touch(db: &Db, id: &str, now: &str, a_minute_ago: &str) -> Result<(), sqlx::Error> {
    run!(
        db,
        "UPDATE api_tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)",
        |q, c| sqlx::query(q).bind(now).bind(id).bind(a_minute_ago).execute(c).await.affected()
    )?;
    Ok(())
}

/// A token as its list shows it, never its secret.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct TokenListRow {
    pub id: String,
    pub name: String,
    /// The privilege keys, comma-separated.
    pub privileges: String,
    pub creator_email: String,
    pub created_at: String,
    pub expires_at: Option<String>,
    pub last_used_at: Option<String>,
    pub revoked_at: Option<String>,
}

/// The company's tokens, newest first, with their creator's e-mail.
pub async fn list(db: &Db, company_id: &str) -> Result<Vec<TokenListRow>, sqlx::Error> {
    run!(
        db,
        "SELECT t.id, t.name, t.privileges, a.email AS creator_email, t.created_at, t.expires_at, t.last_used_at, \
         t.revoked_at FROM api_tokens t JOIN administrators a ON a.id = t.created_by WHERE t.company_id = ? \
         ORDER BY t.created_at DESC, t.id DESC",
        |q, c| sqlx::query_as(q).bind(company_id).fetch_all(c).await
    )
}

/// Revokes a live token of the company; false when there is none.
pub async fn revoke(tx: &mut Tx, company_id: &str, id: &str) -> Result<bool, sqlx::Error> {
    let done = run!(
        tx,
        "UPDATE api_tokens SET revoked = TRUE, revoked_at = ? WHERE company_id = ? AND id = ? AND revoked = FALSE",
        |q, c| sqlx::query(q).bind(super::now_text()).bind(company_id).bind(id).execute(c).await.affected()
    )?;
    Ok(done == 1)
}

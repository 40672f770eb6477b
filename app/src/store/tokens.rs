//! Bearer tokens of the JSON API. Only the SHA-256 of a token's secret is stored.

use super::{Db, Tx};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct TokenRecord {
    pub id: String,
    pub company_id: String,
    pub name: String,
    pub privileges: String,
    pub created_by: String,
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
    sqlx::query(
        "INSERT INTO api_tokens (id, company_id, name, secret_hash, privileges, created_by, created_at, expires_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(t.id)
    .bind(t.company_id)
    .bind(t.name)
    .bind(t.secret_hash)
    .bind(t.privileges)
    .bind(t.created_by)
    .bind(super::now_text())
    .bind(t.expires_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A live token: not revoked, not expired, and its creator still enabled (disabling an
/// administrator ends their tokens too).
pub async fn live_by_hash(db: &Db, secret_hash: &str, now: &str) -> Result<Option<TokenRecord>, sqlx::Error> {
    sqlx::query_as::<_, TokenRecord>(
        "SELECT t.id, t.company_id, t.name, t.privileges, t.created_by, a.email AS creator_email \
         FROM api_tokens t JOIN administrators a ON a.id = t.created_by \
         WHERE t.secret_hash = ? AND t.revoked = 0 AND a.disabled = 0 \
         AND (t.expires_at IS NULL OR t.expires_at > ?)",
    )
    .bind(secret_hash)
    .bind(now)
    .fetch_optional(db.pool())
    .await
}

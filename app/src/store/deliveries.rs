//! The e-mail delivery queue (migration 0013). Each sender claims a row with a conditional
//! UPDATE, so two instances never send one delivery twice, and a claim lapses when its
//! sender dies mid-send.

use super::run;
use super::{Db, Tx};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct DeliveryRow {
    pub id: String,
    pub company_id: String,
    pub recording_id: String,
    pub email_to: String,
    pub state: String,
    pub attempts: i64,
    pub next_attempt_at: i64,
    pub last_error: Option<String>,
    pub attached: Option<bool>,
    pub created_at: String,
    pub sent_at: Option<String>,
}

const COLUMNS: &str = "id, company_id, recording_id, email_to, state, attempts, next_attempt_at, last_error, \
                       attached, created_at, sent_at";

pub async fn insert(
    tx: &mut Tx,
    company_id: &str,
    recording_id: &str,
    email_to: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    run!(
        tx,
        "INSERT INTO deliveries (id, company_id, recording_id, email_to, next_attempt_at, created_at) \
         VALUES (?, ?, ?, ?, ?, ?)",
        |q, c| sqlx::query(q)
            .bind(super::new_id())
            .bind(company_id)
            .bind(recording_id)
            .bind(email_to)
            .bind(now)
            .bind(super::now_text())
            .execute(c)
            .await
            .affected()
    )?;
    Ok(())
}

/// Deliveries due at `now`, oldest first: pending ones whose time came, and sending ones whose
/// lease ran out (their sender stopped).
pub async fn due(db: &Db, now: i64, limit: i64) -> Result<Vec<String>, sqlx::Error> {
    run!(
        db,
        "SELECT id FROM deliveries WHERE state IN ('pending', 'sending') AND next_attempt_at <= ? \
         ORDER BY next_attempt_at LIMIT ?",
        |q, c| sqlx::query_scalar(q).bind(now).bind(limit).fetch_all(c).await
    )
}

/// Takes a due delivery for this sender until `lease_until`, counting the attempt; none when
/// another sender took it first.
pub async fn claim(db: &Db, id: &str, now: i64, lease_until: i64) -> Result<Option<DeliveryRow>, sqlx::Error> {
    let taken = run!(
        db,
        "UPDATE deliveries SET state = 'sending', attempts = attempts + 1, next_attempt_at = ? \
         WHERE id = ? AND state IN ('pending', 'sending') AND next_attempt_at <= ?",
        |q, c| sqlx::query(q).bind(lease_until).bind(id).bind(now).execute(c).await.affected()
    )?;
    if taken != 1 {
        return Ok(None);
    }
    run!(db, &format!("SELECT {COLUMNS} FROM deliveries WHERE id = ?"), |q, c| sqlx::query_as(q)
        .bind(id)
        .fetch_optional(c)
        .await)
}

pub async fn sent(db: &Db, id: &str, attached: bool) -> Result<(), sqlx::Error> {
    run!(
        db,
        "UPDATE deliveries SET state = 'sent', attached = ?, sent_at = ?, last_error = NULL WHERE id = ?",
        |q, c| sqlx::query(q).bind(attached).bind(super::now_text()).bind(id).execute(c).await.affected()
    )?;
    Ok(())
}

/// A failed attempt: tried again at `retry_at`, or, with none, given up.
pub async fn not_sent(db: &Db, id: &str, reason: &str, retry_at: Option<i64>) -> Result<(), sqlx::Error> {
    let state = if retry_at.is_some() { "pending" } else { "failed" };
    // A write outside a transaction takes SQLite's write turn too (see `Db::write_turn`).
    let _turn = db.write_turn().await;
    run!(db, "UPDATE deliveries SET state = ?, last_error = ?, next_attempt_at = ? WHERE id = ?", |q, c| sqlx::query(
        q
    )
    .bind(state)
    .bind(reason)
    .bind(retry_at.unwrap_or(0))
    .bind(id)
    .execute(c)
    .await
    .affected())?;
    Ok(())
}

/// The recording's latest delivery, for its details page.
pub async fn of_recording(db: &Db, recording_id: &str) -> Result<Option<DeliveryRow>, sqlx::Error> {
    run!(
        db,
        &format!("SELECT {COLUMNS} FROM deliveries WHERE recording_id = ? ORDER BY created_at DESC LIMIT 1"),
        |q, c| sqlx::query_as(q).bind(recording_id).fetch_optional(c).await
    )
}

//! The events of a recorded call, in the order the engine reported them.

use super::run;
use super::{Db, Tx};

/// The queue of a call a "record" decision was kept for: `None` when there is none (never
/// asked with this call id, or answered "no record"), `Some(None)` for a call of no queue.
pub async fn recorded_call(db: &Db, company_id: &str, call_id: &str) -> Result<Option<Option<String>>, sqlx::Error> {
    let row: Option<(Option<String>,)> =
        run!(db, "SELECT queue_id FROM recording_decisions WHERE company_id = ? AND call_id = ?", |q, c| {
            sqlx::query_as(q).bind(company_id).bind(call_id).fetch_optional(c).await
        })?;
    Ok(row.map(|(queue,)| queue))
}

pub async fn events(tx: &mut Tx, company_id: &str, call_id: &str) -> Result<Vec<String>, sqlx::Error> {
    run!(tx, "SELECT event FROM call_events WHERE company_id = ? AND call_id = ? ORDER BY seq", |q, c| {
        sqlx::query_scalar(q).bind(company_id).bind(call_id).fetch_all(c).await
    })
}

/// The call's `seq`th event; two reported at once for one call meet on the key, and the
/// later is refused (409) rather than ordered by chance.
pub async fn append(
    tx: &mut Tx,
    company_id: &str,
    call_id: &str,
    seq: i64,
    event: &str,
    at: &str,
) -> Result<(), sqlx::Error> {
    run!(tx, "INSERT INTO call_events (company_id, call_id, seq, event, at) VALUES (?, ?, ?, ?, ?)", |q, c| {
        sqlx::query(q).bind(company_id).bind(call_id).bind(seq).bind(event).bind(at).execute(c).await.affected()
    })?;
    Ok(())
}

//! The one recipe of every audited write: the audit entry the capability made, one
//! transaction, the object before and after, commit, and the read cache told. A refused write
//! (invalid, stale, not found, too large) is audited on its own, since its transaction never
//! commits. A write whose version moved on changes nothing ([`stale_unless`]).

use crate::error::{AppError, AppResult};
use crate::store::{audit_log, Db, Tx};
use serde::Serialize;

pub(crate) fn json<T: Serialize>(v: &T) -> Option<String> {
    serde_json::to_string(v).ok()
}

/// Runs one audited write. `write` opens the transaction, checks what it must, writes, and
/// hands back the transaction with the object before and after (`serde_json::Value::Null` for
/// what does not exist); the entry gets both, the transaction commits, and the decisions' read
/// cache of the entry's company (of all companies, for a write above company level) is
/// invalidated. `attempted` is what a refusal's audit entry records.
pub(crate) async fn audited<B: Serialize, T: Serialize>(
    db: &Db,
    entry: audit_log::Entry,
    attempted: &impl Serialize,
    write: impl std::future::Future<Output = AppResult<(Tx, B, T)>>,
) -> AppResult<T> {
    guarded(db, &entry, attempted, async {
        let (mut tx, before, after) = write.await?;
        audit_log::write(&mut tx, &audit_log::Entry { before: json(&before), after: json(&after), ..entry.clone() })
            .await?;
        tx.commit().await?;
        db.policy_changed(entry.company_id.as_deref());
        Ok(after)
    })
    .await
}

/// Writes one entry of a change made inside a larger write (a bulk change audits each
/// object it changed).
pub(crate) async fn audit_one<B: Serialize, A: Serialize>(
    tx: &mut Tx,
    entry: &audit_log::Entry,
    before: &B,
    after: &A,
) -> AppResult<()> {
    audit_log::write(tx, &audit_log::Entry { before: json(before), after: json(after), ..entry.clone() }).await?;
    Ok(())
}

/// A refused write is audited on its own (the write's transaction never commits).
async fn audit_refused<A: Serialize>(db: &Db, entry: &audit_log::Entry, attempted: &A, why: &AppError) {
    let refused = audit_log::Entry {
        outcome: audit_log::Outcome::Refused,
        before: None,
        after: json(attempted),
        detail: Some(why.to_string()),
        ..entry.clone()
    };
    if let Err(e) = audit_log::write_alone(db, &refused).await {
        let _ = AppError::internal(e);
    }
}

/// Runs a write; on refusal (validation, stale version, licence, not found) audits it.
pub(crate) async fn guarded<T, A: Serialize>(
    db: &Db,
    entry: &audit_log::Entry,
    attempted: &A,
    write: impl std::future::Future<Output = AppResult<T>>,
) -> AppResult<T> {
    match write.await {
        Ok(v) => Ok(v),
        Err(e @ (AppError::Invalid { .. } | AppError::Stale | AppError::NotFound | AppError::TooLarge { .. })) => {
            audit_refused(db, entry, attempted, &e).await;
            Err(e)
        }
        Err(e) => Err(e),
    }
}

/// A versioned update that matched no row: someone else changed it since it was read.
pub(crate) fn stale_unless(done: bool) -> AppResult<()> {
    if done {
        Ok(())
    } else {
        Err(AppError::Stale)
    }
}

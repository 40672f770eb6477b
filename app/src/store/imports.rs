//! Staged CSV imports: a file waits here between its upload and its preview page, until the
//! administrator who uploaded it applies it or a day passes.

use super::run;
use super::{Db, Tx};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct StagedImport {
    pub id: String,
    pub kind: String,
    pub file_name: String,
    pub content: String,
}

/// Stages a file, and forgets those staged more than a day ago (`a_day_ago`).
pub async fn stage(
    db: &Db,
    (id, company_id, admin_id): (&str, &str, &str),
    (kind, file_name, content): (&str, &str, &str),
    (now, a_day_ago): (&str, &str),
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    run!(tx, "DELETE FROM pending_imports WHERE staged_at < ?", |q, c| sqlx::query(q)
        .bind(a_day_ago)
        .execute(c)
        .await
        .affected())?;
    run!(
        tx,
        "INSERT INTO pending_imports (id, company_id, staged_by, kind, file_name, content, staged_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?)",
        |q, c| sqlx::query(q)
            .bind(id)
            .bind(company_id)
            .bind(admin_id)
            .bind(kind)
            .bind(file_name)
            .bind(content)
            .bind(now)
            .execute(c)
            .await
            .affected()
    )?;
    tx.commit().await
}

/// The import this administrator staged for the company; anyone else's is not found.
pub async fn staged(db: &Db, id: &str, company_id: &str, admin_id: &str) -> Result<Option<StagedImport>, sqlx::Error> {
    run!(
        db,
        "SELECT id, kind, file_name, content FROM pending_imports WHERE id = ? AND company_id = ? AND staged_by = ?",
        |q, c| sqlx::query_as::<_, StagedImport>(q).bind(id).bind(company_id).bind(admin_id).fetch_optional(c).await
    )
}

/// An applied import is done with.
pub async fn forget(tx: &mut Tx, id: &str) -> Result<(), sqlx::Error> {
    run!(tx, "DELETE FROM pending_imports WHERE id = ?", |q, c| sqlx::query(q).bind(id).execute(c).await.affected())?;
    Ok(())
}

/// A user's extension, for the preview of an owner's change.
pub async fn extension_of(tx: &mut Tx, user_id: Option<&str>) -> Result<Option<String>, sqlx::Error> {
    let Some(user_id) = user_id else { return Ok(None) };
    run!(tx, "SELECT extension FROM users WHERE id = ?", |q, c| sqlx::query_scalar(q)
        .bind(user_id)
        .fetch_optional(c)
        .await)
}

//! The append-only audit log. Rows are only ever inserted (triggers refuse the rest).

use super::{now_text, Db, Tx};

/// One audit entry before it is written.
#[derive(Clone, Debug, Default)]
pub struct Entry {
    pub actor_id: Option<String>,
    pub actor_email: Option<String>,
    pub action: &'static str,
    pub outcome: Outcome,
    pub object_kind: Option<&'static str>,
    pub object_id: Option<String>,
    pub reseller_id: Option<String>,
    pub company_id: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
    pub detail: Option<String>,
    pub client_addr: Option<String>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Outcome {
    #[default]
    Ok,
    Refused,
    Failed,
}

impl Outcome {
    fn as_str(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::Refused => "refused",
            Outcome::Failed => "failed",
        }
    }
}

pub async fn write(tx: &mut Tx, e: &Entry) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor_id, actor_email, action, outcome, object_kind, object_id, reseller_id, \
         company_id, before, after, detail, request_id, client_addr) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(now_text())
    .bind(&e.actor_id)
    .bind(&e.actor_email)
    .bind(e.action)
    .bind(e.outcome.as_str())
    .bind(e.object_kind)
    .bind(&e.object_id)
    .bind(&e.reseller_id)
    .bind(&e.company_id)
    .bind(&e.before)
    .bind(&e.after)
    .bind(&e.detail)
    .bind(crate::error::current_request_id())
    .bind(&e.client_addr)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Writes one entry in a transaction of its own: for events that change nothing else
/// (a failed login, a refused request).
pub async fn write_alone(db: &Db, e: &Entry) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    write(&mut tx, e).await?;
    tx.commit().await
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AuditRow {
    pub id: i64,
    pub at: String,
    pub actor_email: Option<String>,
    pub action: String,
    pub outcome: String,
    pub object_kind: Option<String>,
    pub detail: Option<String>,
}

/// The newest entries about one company, and the logins of its administrators.
pub async fn recent_for_company(db: &Db, company_id: &str, limit: i64) -> Result<Vec<AuditRow>, sqlx::Error> {
    sqlx::query_as::<_, AuditRow>(
        "SELECT id, at, actor_email, action, outcome, object_kind, detail FROM audit_log \
         WHERE company_id = ? ORDER BY id DESC LIMIT ?",
    )
    .bind(company_id)
    .bind(limit)
    .fetch_all(db.pool())
    .await
}

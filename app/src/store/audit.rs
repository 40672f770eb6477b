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

type EntryRow = (
    i64,
    String,
    Option<String>,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// A page of the company's entries, newest first, for the filter; `limit + 1` rows at most
/// (the extra one says there is more).
pub async fn page(
    db: &Db,
    within: super::Within<'_>,
    q: &crate::auditlog::AuditQuery,
    limit: usize,
) -> Result<Vec<crate::auditlog::AuditEntry>, sqlx::Error> {
    let (condition, key) = within.condition("reseller_id", "company_id");
    let mut sql = format!(
        "SELECT id, at, actor_email, action, outcome, object_kind, object_id, before, after, detail \
         FROM audit_log WHERE {condition}"
    );
    let mut binds: Vec<String> = vec![key.clone(), key];
    let mut add = |cond: &str, value: String| {
        sql.push_str(cond);
        binds.push(value);
    };
    if let Some(v) = &q.from {
        add(" AND at >= ?", v.clone());
    }
    if let Some(v) = &q.until {
        add(" AND at < ?", v.clone());
    }
    if let Some(v) = &q.actor {
        add(" AND lower(actor_email) LIKE ? ESCAPE '\\'", super::contains_pattern(v));
    }
    if let Some(v) = &q.action {
        add(" AND action = ?", v.clone());
    }
    if let Some(v) = &q.object {
        sql.push_str(" AND (object_kind = ? OR object_id = ?)");
        binds.push(v.clone());
        binds.push(v.clone());
    }
    let mut query_sql = sql;
    if let Some(b) = q.before {
        query_sql.push_str(&format!(" AND id < {b}"));
    }
    query_sql.push_str(&format!(" ORDER BY id DESC LIMIT {}", limit + 1));
    let mut query = sqlx::query_as::<_, EntryRow>(&query_sql);
    for b in &binds {
        query = query.bind(b);
    }
    let rows = query.fetch_all(db.pool()).await?;
    Ok(rows
        .into_iter()
        .map(|(id, at, actor, action, outcome, object_kind, object_id, before, after, detail)| {
            let parse = |t: Option<String>| t.and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok());
            let actor = actor.unwrap_or_else(|| "the system".into());
            crate::auditlog::AuditEntry {
                id,
                at,
                actor,
                action,
                outcome,
                object_kind,
                object_id,
                detail,
                changes: crate::auditlog::changes(parse(before).as_ref(), parse(after).as_ref()),
            }
        })
        .collect())
}

/// The actions that occur in the log, one index step each.
pub async fn actions(db: &Db, within: super::Within<'_>) -> Result<Vec<String>, sqlx::Error> {
    let (condition, key) = within.condition("reseller_id", "company_id");
    let sql = format!(
        "WITH RECURSIVE a(action) AS ( \
           SELECT MIN(action) FROM audit_log WHERE {condition} \
           UNION ALL \
           SELECT (SELECT MIN(action) FROM audit_log WHERE {condition} AND action > a.action) FROM a WHERE a.action IS NOT NULL \
         ) SELECT action FROM a WHERE action IS NOT NULL"
    );
    sqlx::query_scalar(&sql).bind(&key).bind(&key).bind(&key).bind(&key).fetch_all(db.pool()).await
}

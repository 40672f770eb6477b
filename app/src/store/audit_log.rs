//! The append-only audit log. Rows are only ever inserted (triggers refuse the rest).

use super::run;
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
    run!(tx, // An entry about a company is filed under its reseller too, so a reseller's log is
        // one index away.
        "INSERT INTO audit_log (at, actor_id, actor_email, action, outcome, object_kind, object_id, reseller_id, \
         company_id, before, after, detail, request_id, client_addr) \
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, coalesce(?8, (SELECT reseller_id FROM companies WHERE id = ?9)), ?9, ?10, ?11, \
         ?12, ?13, ?14", |q, c| sqlx::query(q)
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
    .execute(c).await.affected())?;
    Ok(())
}

/// Writes one entry in a transaction of its own: for events that change nothing else
/// (a failed login, a refused request).
pub async fn write_alone(db: &Db, e: &Entry) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    write(&mut tx, e).await?;
    tx.commit().await
}

/// One stored entry as the log's pages read it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct EntryRow {
    pub id: i64,
    pub at: String,
    pub actor_email: Option<String>,
    pub action: String,
    pub outcome: String,
    pub object_kind: Option<String>,
    pub object_id: Option<String>,
    /// The object as JSON before and after the change, when the entry is a change.
    pub before: Option<String>,
    pub after: Option<String>,
    pub detail: Option<String>,
}

/// A page of the company's entries, newest first, for the filter; `limit + 1` rows at most
/// (the extra one says there is more).
pub async fn page(
    db: &Db,
    within: super::Within<'_>,
    q: &crate::model::audit_log::AuditQuery,
    limit: usize,
) -> Result<Vec<EntryRow>, sqlx::Error> {
    // The object filter names a kind ("queue") or an id; which one decides the index.
    let object_is_kind = match &q.object {
        Some(v) => {
            run!(db, "SELECT EXISTS (SELECT 1 FROM audit_log WHERE object_kind = ?)", |q, c| sqlx::query_scalar::<
                _,
                bool,
            >(q)
            .bind(v)
            .fetch_one(c)
            .await)?
        }
        None => false,
    };
    let (condition, key) = scope_condition(within);
    let mut sql = format!(
        "SELECT id, at, actor_email, action, outcome, object_kind, object_id, before, after, detail \
         FROM audit_log WHERE {condition}"
    );
    let mut binds: Vec<String> = key.into_iter().collect();
    let mut add = |cond: &str, value: String| {
        sql.push_str(cond);
        binds.push(value);
    };
    // Entries are written with the time of writing, so id order is time order to within a
    // transaction's length. The time range therefore also bounds the ids (found on the time
    // index, with an hour of slack either side), and the newest-first walk by id starts and
    // stops near the range instead of crossing every newer entry.
    if let Some(v) = &q.from {
        add(" AND at >= ?", v.clone());
        add(
            " AND id >= coalesce((SELECT id FROM audit_log WHERE at >= ? ORDER BY at LIMIT 1), 9223372036854775807)",
            shifted(v, -1),
        );
    }
    if let Some(v) = &q.until {
        add(" AND at < ?", v.clone());
        add(" AND id <= coalesce((SELECT id FROM audit_log WHERE at < ? ORDER BY at DESC LIMIT 1), 0)", shifted(v, 1));
    }
    if let Some(v) = &q.actor {
        add(" AND lower(actor_email) LIKE ? ESCAPE '\\'", super::contains_pattern(v));
    }
    if let Some(v) = &q.action {
        add(" AND action = ?", v.clone());
    }
    if let Some(v) = &q.object {
        add(if object_is_kind { " AND object_kind = ?" } else { " AND object_id = ?" }, v.clone());
    }
    let mut query_sql = sql;
    if let Some(b) = q.before {
        query_sql.push_str(&format!(" AND id < {b}"));
    }
    query_sql.push_str(&format!(" ORDER BY id DESC LIMIT {}", limit + 1));
    run!(db, &query_sql, |q, c| {
        let mut query = sqlx::query_as::<_, EntryRow>(q);
        for b in &binds {
            query = query.bind(b);
        }
        query.fetch_all(c).await
    })
}

/// The actions that occur in the log, one index step each.
pub async fn actions(db: &Db, within: super::Within<'_>) -> Result<Vec<String>, sqlx::Error> {
    let (condition, key) = scope_condition(within);
    let sql = format!(
        "WITH RECURSIVE a(action) AS ( \
           SELECT MIN(action) FROM audit_log WHERE {condition} \
           UNION ALL \
           SELECT (SELECT MIN(action) FROM audit_log WHERE {condition} AND action > a.action) FROM a WHERE a.action IS NOT NULL \
         ) SELECT action FROM a WHERE action IS NOT NULL"
    );
    run!(db, &sql, |q, c| {
        let mut query = sqlx::query_scalar(q);
        for _ in 0..2 {
            if let Some(k) = &key {
                query = query.bind(k.clone());
            }
        }
        query.fetch_all(c).await
    })
}

/// Whose entries: an entry about a company always carries its reseller too (see [`write`]),
/// so each scope is one indexed column.
fn scope_condition(within: super::Within<'_>) -> (&'static str, Option<String>) {
    match within {
        super::Within::Platform => ("1 = 1", None),
        super::Within::Reseller(r) => ("reseller_id = ?", Some(r.to_string())),
        super::Within::Company(c) => ("company_id = ?", Some(c.to_string())),
    }
}

/// An RFC 3339 time moved by whole hours (unchanged if it does not parse).
fn shifted(at: &str, hours: i64) -> String {
    use time::format_description::well_known::Rfc3339;
    time::OffsetDateTime::parse(at, &Rfc3339)
        .ok()
        .and_then(|t| (t + time::Duration::hours(hours)).format(&Rfc3339).ok())
        .unwrap_or_else(|| at.to_string())
}

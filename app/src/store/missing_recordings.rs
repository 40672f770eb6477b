//! The decisions that said "record", and those of them no recording arrived for.

use super::run;
use super::{Db, Reach, Tx};

/// A decision kept for its call.
pub struct Noted<'a> {
    pub company_id: &'a str,
    pub call_id: &'a str,
    pub decided_at: &'a str,
    pub rule: &'a str,
    pub user_id: Option<&'a str>,
    pub queue_id: Option<&'a str>,
}

/// Keeps the first "record" decision of a call; asking again for the same call keeps it.
pub async fn note(db: &Db, n: &Noted<'_>) -> Result<(), sqlx::Error> {
    run!(
        db,
        "INSERT INTO recording_decisions (company_id, call_id, decided_at, rule, user_id, queue_id, arrived) \
         VALUES (?, ?, ?, ?, ?, ?, EXISTS (SELECT 1 FROM recordings WHERE company_id = ? AND call_id = ?)) \
         ON CONFLICT (company_id, call_id) DO NOTHING",
        |q, c| sqlx::query(q)
            .bind(n.company_id)
            .bind(n.call_id)
            .bind(n.decided_at)
            .bind(n.rule)
            .bind(n.user_id)
            .bind(n.queue_id)
            .bind(n.company_id)
            .bind(n.call_id)
            .execute(c)
            .await
            .affected()
    )?;
    Ok(())
}

/// A decision without its recording.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct MissingRow {
    pub call_id: String,
    pub decided_at: String,
    pub rule: String,
}

/// Marks the call's decision as having its recording: in the upload's transaction.
pub async fn arrived(tx: &mut Tx, company_id: &str, call_id: &str) -> Result<(), sqlx::Error> {
    run!(
        tx,
        "UPDATE recording_decisions SET arrived = TRUE WHERE company_id = ? AND call_id = ? AND arrived = FALSE",
        |q, c| sqlx::query(q).bind(company_id).bind(call_id).execute(c).await.affected()
    )?;
    Ok(())
}

/// The newest `limit` decisions made before `before` (within `reach`) that no recording
/// arrived for.
pub async fn missing(db: &Db, reach: Reach<'_>, before: &str, limit: i64) -> Result<Vec<MissingRow>, sqlx::Error> {
    let mut sql = String::from(
        "SELECT r.call_id, r.decided_at, r.rule FROM recording_decisions r \
         WHERE r.company_id = ? AND r.arrived = FALSE AND r.decided_at <= ?",
    );
    if reach.teams().is_some() {
        sql.push_str(super::recordings::TEAM_SCOPE);
    }
    sql.push_str(" ORDER BY r.decided_at DESC, r.call_id DESC LIMIT ?");
    let json = reach.teams_json();
    run!(db, &sql, |q, c| {
        let mut query = sqlx::query_as::<_, MissingRow>(q).bind(reach.company_id()).bind(before);
        if let Some(j) = &json {
            query = query.bind(j).bind(j);
        }
        query.bind(limit).fetch_all(c).await
    })
}

/// Per day (`YYYY-MM-DD`, UTC), how many decisions between `since` and `before` have no
/// recording, newest day first.
pub async fn per_day(db: &Db, reach: Reach<'_>, since: &str, before: &str) -> Result<Vec<(String, i64)>, sqlx::Error> {
    let mut sql = String::from(
        "SELECT substr(r.decided_at, 1, 10) AS day, COUNT(*) FROM recording_decisions r \
         WHERE r.company_id = ? AND r.arrived = FALSE AND r.decided_at >= ? AND r.decided_at <= ?",
    );
    if reach.teams().is_some() {
        sql.push_str(super::recordings::TEAM_SCOPE);
    }
    sql.push_str(" GROUP BY substr(r.decided_at, 1, 10) ORDER BY day DESC");
    let json = reach.teams_json();
    run!(db, &sql, |q, c| {
        let mut query = sqlx::query_as::<_, (String, i64)>(q).bind(reach.company_id()).bind(since).bind(before);
        if let Some(j) = &json {
            query = query.bind(j).bind(j);
        }
        query.fetch_all(c).await
    })
}

/// The company's upload deadline in minutes and its version.
pub async fn deadline(db: &Db, company_id: &str) -> Result<Option<(i64, i64)>, sqlx::Error> {
    run!(db, "SELECT upload_deadline_minutes, version FROM companies WHERE id = ?", |q, c| sqlx::query_as(q)
        .bind(company_id)
        .fetch_optional(c)
        .await)
}

pub async fn set_deadline(tx: &mut Tx, company_id: &str, minutes: i64, version: i64) -> Result<bool, sqlx::Error> {
    let done = run!(
        tx,
        "UPDATE companies SET upload_deadline_minutes = ?, version = version + 1 WHERE id = ? AND version = ?",
        |q, c| sqlx::query(q).bind(minutes).bind(company_id).bind(version).execute(c).await.affected()
    )?;
    Ok(done == 1)
}

/// Forgets the company's decisions made before `cutoff`: they go with retention.
pub async fn forget_before(db: &Db, company_id: &str, cutoff: &str) -> Result<u64, sqlx::Error> {
    // A write outside a transaction takes SQLite's write turn too (see `Db::write_turn`).
    let _turn = db.write_turn().await;
    run!(db, "DELETE FROM recording_decisions WHERE company_id = ? AND decided_at < ?", |q, c| sqlx::query(q)
        .bind(company_id)
        .bind(cutoff)
        .execute(c)
        .await
        .affected())
}

//! Retention periods at the three levels, and the recordings past them.

use super::run;
use super::{Db, Tx};
use crate::policy::retention::RetentionLevels;
use crate::policy::{Level, Origin};

const LEVELS: &str = "SELECT c.id, c.name, c.retention_days, r.id, r.name, r.retention_days, p.retention_days \
     FROM companies c JOIN resellers r ON r.id = c.reseller_id CROSS JOIN platform_settings p WHERE p.id = 1";

type LevelsRow = (String, String, Option<i64>, String, String, Option<i64>, i64);

fn levels_of((cid, cname, cdays, rid, rname, rdays, sdays): LevelsRow) -> RetentionLevels {
    RetentionLevels {
        system: sdays as u32,
        reseller: rdays.map(|d| d as u32),
        company: cdays.map(|d| d as u32),
        reseller_origin: Origin::new(Level::Reseller, rid, rname),
        company_origin: Origin::new(Level::Company, cid, cname),
    }
}

/// The levels of one company.
pub async fn of_company(db: &Db, company_id: &str) -> Result<Option<RetentionLevels>, sqlx::Error> {
    let row: Option<LevelsRow> =
        run!(db, &format!("{LEVELS} AND c.id = ?"), |q, c| sqlx::query_as(q).bind(company_id).fetch_optional(c).await)?;
    Ok(row.map(levels_of))
}

/// The levels of every company, or of one reseller's.
pub async fn of_companies(db: &Db, reseller_id: Option<&str>) -> Result<Vec<RetentionLevels>, sqlx::Error> {
    let rows: Vec<LevelsRow> = match reseller_id {
        Some(r) => run!(db, &format!("{LEVELS} AND r.id = ? ORDER BY c.name"), |q, c| sqlx::query_as(q)
            .bind(r)
            .fetch_all(c)
            .await)?,
        None => run!(db, &format!("{LEVELS} ORDER BY c.name"), |q, c| sqlx::query_as(q).fetch_all(c).await)?,
    };
    Ok(rows.into_iter().map(levels_of).collect())
}

/// The system's period and the settings row's version.
pub async fn system(db: &Db) -> Result<(u32, i64), sqlx::Error> {
    let (days, version): (i64, i64) =
        run!(db, "SELECT retention_days, version FROM platform_settings WHERE id = 1", |q, c| sqlx::query_as(q)
            .fetch_one(c)
            .await)?;
    Ok((days as u32, version))
}

/// A reseller's name, own period and version.
pub async fn reseller(db: &Db, id: &str) -> Result<Option<(String, Option<u32>, i64)>, sqlx::Error> {
    let row: Option<(String, Option<i64>, i64)> =
        run!(db, "SELECT name, retention_days, version FROM resellers WHERE id = ?", |q, c| sqlx::query_as(q)
            .bind(id)
            .fetch_optional(c)
            .await)?;
    Ok(row.map(|(name, days, version)| (name, days.map(|d| d as u32), version)))
}

/// Sets the period of `table`'s row `id` (`platform_settings` takes id 1) if its version is
/// still `version`.
pub async fn set(tx: &mut Tx, level: Level, id: &str, days: Option<u32>, version: i64) -> Result<bool, sqlx::Error> {
    let days = days.map(i64::from);
    let done = match level {
        Level::System => run!(
            tx,
            "UPDATE platform_settings SET retention_days = ?, version = version + 1, updated_at = ? \
             WHERE id = 1 AND version = ?",
            |q, c| sqlx::query(q).bind(days).bind(super::now_text()).bind(version).execute(c).await.affected()
        )?,
        Level::Reseller => run!(
            tx,
            "UPDATE resellers SET retention_days = ?, version = version + 1 WHERE id = ? AND version = ?",
            |q, c| sqlx::query(q).bind(days).bind(id).bind(version).execute(c).await.affected()
        )?,
        _ => run!(
            tx,
            "UPDATE companies SET retention_days = ?, version = version + 1 WHERE id = ? AND version = ?",
            |q, c| sqlx::query(q).bind(days).bind(id).bind(version).execute(c).await.affected()
        )?,
    };
    Ok(done == 1)
}

/// How many of the company's recordings started before `cutoff` and are not on legal hold.
pub async fn count_expired(db: &Db, company_id: &str, cutoff: &str) -> Result<i64, sqlx::Error> {
    run!(
        db,
        "SELECT COUNT(*) FROM recordings WHERE company_id = ? AND started_at < ? AND legal_hold = FALSE",
        |q, c| sqlx::query_scalar(q).bind(company_id).bind(cutoff).fetch_one(c).await
    )
}

/// A recording the purge deletes: enough to remove its audio and audit it.
#[derive(Clone, Debug, sqlx::FromRow, serde::Serialize)]
pub struct Expired {
    pub id: String,
    pub call_id: String,
    pub started_at: String,
    #[serde(skip)]
    pub storage_key: String,
    #[serde(skip)]
    pub storage_account_id: Option<String>,
}

/// Up to `limit` of the company's recordings past `cutoff`, oldest first, none on legal hold.
pub async fn expired(db: &Db, company_id: &str, cutoff: &str, limit: i64) -> Result<Vec<Expired>, sqlx::Error> {
    run!(
        db,
        "SELECT id, call_id, started_at, storage_key, storage_account_id FROM recordings \
         WHERE company_id = ? AND started_at < ? AND legal_hold = FALSE ORDER BY started_at, id LIMIT ?",
        |q, c| sqlx::query_as(q).bind(company_id).bind(cutoff).bind(limit).fetch_all(c).await
    )
}

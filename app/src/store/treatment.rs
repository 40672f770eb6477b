//! The recording treatment settings (migration 0009).

use super::run;
use super::{Db, Tx};
use crate::policy::treatment::Treatment;

/// A JSON setting of the shared policy model, as stored (see migration 0009).
pub(crate) fn setting_json<T: serde::Serialize + Default + PartialEq>(v: &T) -> Result<String, sqlx::Error> {
    if *v == T::default() {
        return Ok(String::new());
    }
    serde_json::to_string(v).map_err(|e| sqlx::Error::Encode(Box::new(e)))
}

/// Runs a versioned UPDATE whose first parameter is the new JSON and whose last three are
/// the company, the row and the version read; false when the version moved on.
pub(crate) async fn write_setting(
    tx: &mut Tx,
    sql: &str,
    json: String,
    company_id: &str,
    id: &str,
    version: i64,
) -> Result<bool, sqlx::Error> {
    Ok(run!(tx, sql, |q, c| sqlx::query(q)
        .bind(json)
        .bind(company_id)
        .bind(id)
        .bind(version)
        .execute(c)
        .await
        .affected())?
        == 1)
}

/// The company's treatment defaults over the company's version.
pub async fn update_company_treatment(
    tx: &mut Tx,
    company_id: &str,
    t: &Treatment,
    version: i64,
) -> Result<bool, sqlx::Error> {
    let sql = "UPDATE companies SET treatment = ?1, version = version + 1 WHERE id = ?2 AND id = ?3 AND version = ?4";
    super::treatment::write_setting(tx, sql, super::treatment::setting_json(t)?, company_id, company_id, version).await
}

/// The company's treatment defaults and version.
pub async fn company_treatment(db: &Db, company_id: &str) -> Result<Option<(Treatment, i64)>, sqlx::Error> {
    let row: Option<(String, i64)> =
        run!(db, "SELECT treatment, version FROM companies WHERE id = ?", |q, c| sqlx::query_as(q)
            .bind(company_id)
            .fetch_optional(c)
            .await)?;
    Ok(row.map(|(t, v)| (super::from_json(&t), v)))
}

//! Account force record.

use super::{Db, Tx};
use crate::policy::*;

pub async fn force_record_version(db: &Db, company_id: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT version FROM force_record WHERE company_id = ?")
        .bind(company_id)
        .fetch_one(db.pool())
        .await
}

pub async fn update_force_record(
    tx: &mut Tx,
    company_id: &str,
    f: &ForceRecord,
    version: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE force_record SET all_users = ?, entire_account = ?, on_demand_enabled = ?, on_demand_code = ?, \
         version = version + 1 WHERE company_id = ? AND version = ?",
    )
    .bind(f.all_users.to_bits())
    .bind(f.entire_account.to_bits())
    .bind(f.on_demand.enabled)
    .bind(f.on_demand.code.trim())
    .bind(company_id)
    .bind(version)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

//! Account force record.

use super::run;
use super::{Db, Tx};
use crate::policy::*;

pub async fn force_record_version(db: &Db, company_id: &str) -> Result<i64, sqlx::Error> {
    run!(db, "SELECT version FROM force_record WHERE company_id = ?", |q, c| sqlx::query_scalar(q)
        .bind(company_id)
        .fetch_one(c)
        .await)
}

pub async fn update_force_record(
    tx: &mut Tx,
    company_id: &str,
    f: &ForceRecord,
    version: i64,
) -> Result<bool, sqlx::Error> {
    let done = run!(
        tx,
        "UPDATE force_record SET all_users = ?, entire_account = ?, on_demand_enabled = ?, on_demand_code = ?, \
         version = version + 1 WHERE company_id = ? AND version = ?",
        |q, c| sqlx::query(q)
            .bind(f.all_users.to_bits())
            .bind(f.entire_account.to_bits())
            .bind(f.on_demand.enabled)
            .bind(f.on_demand.code.trim())
            .bind(company_id)
            .bind(version)
            .execute(c)
            .await
            .affected()
    )?;
    Ok(done == 1)
}

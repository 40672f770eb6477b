//! The recording mode and outbound recording of the system, resellers and companies.

use super::run;
use super::{Db, Tx};
use crate::policy::*;

/// The system level and one reseller, as `(mode, outbound, version)`.
pub async fn system_modes(db: &Db) -> Result<(SystemMode, SystemMode, i64), sqlx::Error> {
    let (m, o, v): (String, String, i64) =
        run!(db, "SELECT recording_mode, outbound_recording, version FROM platform_settings WHERE id = 1", |q, c| {
            sqlx::query_as(q).fetch_one(c).await
        })?;
    Ok((super::system_mode_of(&m), super::system_mode_of(&o), v))
}

pub async fn update_system_modes(tx: &mut Tx, m: SystemMode, o: SystemMode, version: i64) -> Result<bool, sqlx::Error> {
    let done = run!(
        tx,
        "UPDATE platform_settings SET recording_mode = ?, outbound_recording = ?, version = version + 1, \
         updated_at = ? WHERE id = 1 AND version = ?",
        |q, c| sqlx::query(q)
            .bind(m.as_str())
            .bind(o.as_str())
            .bind(super::now_text())
            .bind(version)
            .execute(c)
            .await
            .affected()
    )?;
    Ok(done == 1)
}

#[derive(Clone, Debug)]
pub struct ResellerModes {
    pub id: String,
    pub name: String,
    pub mode: Mode,
    pub outbound: Mode,
    pub version: i64,
}

pub async fn reseller_modes(db: &Db, reseller_id: &str) -> Result<Option<ResellerModes>, sqlx::Error> {
    let row: Option<(String, String, String, String, i64)> = run!(
        db,
        "SELECT id, name, recording_mode, outbound_recording, version FROM resellers WHERE id = ?",
        |q, c| sqlx::query_as(q).bind(reseller_id).fetch_optional(c).await
    )?;
    Ok(row.map(|(id, name, m, o, version)| ResellerModes {
        id,
        name,
        mode: super::mode_of(&m),
        outbound: super::mode_of(&o),
        version,
    }))
}

pub async fn update_reseller_modes(tx: &mut Tx, id: &str, m: Mode, o: Mode, version: i64) -> Result<bool, sqlx::Error> {
    let done = run!(
        tx,
        "UPDATE resellers SET recording_mode = ?, outbound_recording = ?, version = version + 1 \
         WHERE id = ? AND version = ?",
        |q, c| sqlx::query(q).bind(m.as_str()).bind(o.as_str()).bind(id).bind(version).execute(c).await.affected()
    )?;
    Ok(done == 1)
}

pub async fn update_company_modes(tx: &mut Tx, id: &str, m: Mode, o: Mode, version: i64) -> Result<bool, sqlx::Error> {
    let done = run!(
        tx,
        "UPDATE companies SET recording_mode = ?, outbound_recording = ?, version = version + 1 \
         WHERE id = ? AND version = ?",
        |q, c| sqlx::query(q).bind(m.as_str()).bind(o.as_str()).bind(id).bind(version).execute(c).await.affected()
    )?;
    Ok(done == 1)
}

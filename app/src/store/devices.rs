//! Devices, each read with its owner's settings.

use super::run;
use super::Reach;
use super::{Db, Tx};
use crate::policy::*;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct DeviceRecord {
    pub id: String,
    pub name: String,
    pub owner_user_id: Option<String>,
    pub override_code: String,
    pub external_id: Option<String>,
    pub version: i64,
    pub owner_name: Option<String>,
    pub owner_seat: Option<bool>,
    pub owner_override_code: Option<String>,
    pub owner_email: Option<String>,
    pub owner_treatment: Option<String>,
}

impl DeviceRecord {
    pub fn overrides(&self) -> Matrix<Override> {
        super::overrides_of(&self.override_code)
    }

    /// What a decision needs to know of this device and its user.
    pub fn facts(&self) -> DeviceFacts {
        DeviceFacts {
            id: self.id.clone(),
            name: self.name.clone(),
            overrides: self.overrides(),
            owner: self.owner_user_id.as_ref().map(|uid| UserFacts {
                id: uid.clone(),
                name: self.owner_name.clone().unwrap_or_default(),
                seat: self.owner_seat.unwrap_or(false),
                overrides: super::overrides_of(self.owner_override_code.as_deref().unwrap_or("iiii")),
                treatment: super::from_json(self.owner_treatment.as_deref().unwrap_or_default()),
                email: self.owner_email.clone(),
            }),
        }
    }
}

/// A device with its owner's settings, as [`DeviceRecord`] reads it.
macro_rules! device_columns {
    () => {
        "SELECT d.id, d.name, d.owner_user_id, d.override_code, d.external_id, d.version, \
         u.name AS owner_name, u.seat AS owner_seat, u.override_code AS owner_override_code, \
         u.email AS owner_email, u.treatment AS owner_treatment"
    };
}
macro_rules! device_from {
    () => {
        "FROM devices d LEFT JOIN users u ON u.id = d.owner_user_id"
    };
}
pub(crate) const SELECT_DEVICE: &str = concat!(device_columns!(), " ", device_from!());

/// A device of the company; outside the reach's teams (through its owner's team) `None`.
pub async fn device(db: &Db, reach: Reach<'_>, id: &str) -> Result<Option<DeviceRecord>, sqlx::Error> {
    run!(
        db,
        &format!(
            "{SELECT_DEVICE} WHERE d.company_id = ?1 AND d.id = ?2 \
         AND (?3 IS NULL OR u.team_id IN (SELECT value FROM json_each(?3)))"
        ),
        |q, c| sqlx::query_as::<_, DeviceRecord>(q)
            .bind(reach.company_id())
            .bind(id)
            .bind(reach.teams_json())
            .fetch_optional(c)
            .await
    )
}

/// The company's devices (of some teams' users only, with `teams`), by name.
pub async fn devices(db: &Db, reach: Reach<'_>, limit: i64) -> Result<Vec<DeviceRecord>, sqlx::Error> {
    Ok(super::search::searched(db, &DEVICE_SEARCH, (reach, None, ""), (limit, 0)).await?.0)
}

/// The company's device with this external id, whatever the caller's teams.
pub async fn device_by_external_id(
    db: &Db,
    company_id: &str,
    external_id: &str,
) -> Result<Option<DeviceRecord>, sqlx::Error> {
    run!(db, &format!("{SELECT_DEVICE} WHERE d.company_id = ? AND d.external_id = ?"), |q, c| sqlx::query_as::<
        _,
        DeviceRecord,
    >(q)
    .bind(company_id)
    .bind(external_id)
    .fetch_optional(c)
    .await)
}

/// What the PBX (or an import) says of a device: name, owner and external id, over the
/// version read.
pub async fn update_provisioned_device(
    tx: &mut Tx,
    company_id: &str,
    id: &str,
    d: &crate::model::NewDevice,
    version: i64,
) -> Result<bool, sqlx::Error> {
    let done = run!(
        tx,
        "UPDATE devices SET name = ?, owner_user_id = ?, external_id = ?, version = version + 1 \
         WHERE company_id = ? AND id = ? AND version = ?",
        |q, c| sqlx::query(q)
            .bind(d.name.trim())
            .bind(&d.owner)
            .bind(&d.external_id)
            .bind(company_id)
            .bind(id)
            .bind(version)
            .execute(c)
            .await
            .affected()
    )?;
    Ok(done == 1)
}

/// Deletes the device: its recordings keep the device's name (the foreign key sets the device
/// to none). False when not found.
pub async fn delete_device(tx: &mut Tx, company_id: &str, id: &str) -> Result<bool, sqlx::Error> {
    run!(
        tx,
        "UPDATE recordings SET device_name = (SELECT name FROM devices WHERE id = ?1) \
         WHERE company_id = ?2 AND device_id = ?1",
        |q, c| sqlx::query(q).bind(id).bind(company_id).execute(c).await.affected()
    )?;
    let done = run!(tx, "DELETE FROM devices WHERE company_id = ? AND id = ?", |q, c| sqlx::query(q)
        .bind(company_id)
        .bind(id)
        .execute(c)
        .await
        .affected())?;
    Ok(done == 1)
}

pub async fn user_in_company(tx: &mut Tx, company_id: &str, user_id: &str) -> Result<bool, sqlx::Error> {
    let n: i64 = run!(tx, "SELECT COUNT(*) FROM users WHERE company_id = ? AND id = ?", |q, c| sqlx::query_scalar(q)
        .bind(company_id)
        .bind(user_id)
        .fetch_one(c)
        .await)?;
    Ok(n > 0)
}

pub async fn update_device(
    tx: &mut Tx,
    company_id: &str,
    id: &str,
    o: &Matrix<Override>,
    owner: Option<&str>,
    version: i64,
) -> Result<bool, sqlx::Error> {
    let done = run!(
        tx,
        "UPDATE devices SET override_code = ?, owner_user_id = ?, version = version + 1 \
         WHERE company_id = ? AND id = ? AND version = ?",
        |q, c| sqlx::query(q)
            .bind(o.to_code())
            .bind(owner)
            .bind(company_id)
            .bind(id)
            .bind(version)
            .execute(c)
            .await
            .affected()
    )?;
    Ok(done == 1)
}

const DEVICE_SEARCH: super::search::Search = super::search::Search {
    select: device_columns!(),
    count_from: "FROM devices d",
    rows_from: device_from!(),
    company: "d.company_id = ?1",
    team: "AND d.owner_user_id IN (SELECT id FROM users WHERE team_id IN (SELECT value FROM json_each(?2)))",
    text: "AND (d.name LIKE ?3 ESCAPE '\\' OR d.owner_user_id IN \
           (SELECT id FROM users WHERE company_id = ?1 AND name LIKE ?3 ESCAPE '\\'))",
    order: "d.name, d.id",
};

/// The devices a user owns, with the user's own settings, as a decision reads them.
pub async fn devices_of_user(db: &Db, company_id: &str, user_id: &str) -> Result<Vec<DeviceRecord>, sqlx::Error> {
    run!(
        db,
        &format!("{SELECT_DEVICE} WHERE d.company_id = ? AND d.owner_user_id = ? ORDER BY d.name, d.id"),
        |q, c| sqlx::query_as::<_, DeviceRecord>(q).bind(company_id).bind(user_id).fetch_all(c).await
    )
}

/// One page of devices, searched by device name or owner name, with the total that match.
pub async fn search_devices(
    db: &Db,
    reach: Reach<'_>,
    q: &str,
    limit: i64,
    offset: i64,
) -> Result<(Vec<DeviceRecord>, i64), sqlx::Error> {
    super::search::searched(db, &DEVICE_SEARCH, (reach, None, q), (limit, offset)).await
}

pub async fn insert_device(
    tx: &mut Tx,
    id: &str,
    company_id: &str,
    d: &crate::model::NewDevice,
) -> Result<(), sqlx::Error> {
    run!(
        tx,
        "INSERT INTO devices (id, company_id, name, owner_user_id, override_code, external_id) \
         VALUES (?, ?, ?, ?, ?, ?)",
        |q, c| sqlx::query(q)
            .bind(id)
            .bind(company_id)
            .bind(d.name.trim())
            .bind(&d.owner)
            .bind(d.overrides.to_code())
            .bind(&d.external_id)
            .execute(c)
            .await
            .affected()
    )?;
    Ok(())
}

//! Devices: their owner and override matrix, the Devices page and its dialog.

use super::decisions::facts;
use super::licence::licensed;
use super::write::{audited, stale_unless};
use super::LIST_LIMIT;
use crate::access::capability::{can, CompanyAccess};
use crate::error::{AppError, AppResult};
use crate::model::*;
use crate::policy::{self, *};
use crate::store::{self, Db, Tx};

pub(crate) fn device_view(d: store::devices::DeviceRecord) -> DeviceView {
    DeviceView {
        overrides: d.overrides(),
        id: d.id,
        name: d.name,
        owner: d.owner_user_id,
        external_id: d.external_id,
        version: d.version,
    }
}

pub async fn devices(cap: &CompanyAccess<can::UsersDevicesView>, db: &Db) -> AppResult<Vec<DeviceView>> {
    Ok(store::devices::devices(db, cap.reach(), LIST_LIMIT).await?.into_iter().map(device_view).collect())
}

pub async fn device(cap: &CompanyAccess<can::UsersDevicesView>, db: &Db, id: &str) -> AppResult<DeviceView> {
    store::devices::device(db, cap.reach(), id).await?.map(device_view).ok_or(AppError::NotFound)
}

pub async fn set_device(
    cap: &CompanyAccess<can::UsersDevicesModify>,
    db: &Db,
    id: &str,
    overrides: Matrix<Override>,
    owner: Option<String>,
    version: i64,
) -> AppResult<DeviceView> {
    let c = cap.company();
    let entry = cap.audit("device.update", "device", id);
    let attempted = serde_json::json!({"override": overrides, "owner": owner, "version": version});
    audited(db, entry, &attempted, async {
        let mut tx = db.begin().await?;
        let before = store::devices::device(db, cap.reach(), id).await?.ok_or(AppError::NotFound)?;
        licensed(&facts(db, &c.id).await?)?;
        if let Some(owner) = &owner {
            if !store::devices::user_in_company(&mut tx, &c.id, owner).await? {
                return Err(AppError::invalid("owner", "No user of this company has this id."));
            }
        }
        stale_unless(store::devices::update_device(&mut tx, &c.id, id, &overrides, owner.as_deref(), version).await?)?;
        let after = DeviceView { overrides, owner, version: version + 1, ..device_view(before.clone()) };
        Ok((tx, device_view(before), after))
    })
    .await
}

pub(crate) fn device_row(d: &store::devices::DeviceRecord) -> DeviceRow {
    DeviceRow { facts: d.facts(), version: d.version }
}

/// One page of the company's devices that match `q` (device or owner name); a supervisor
/// limited to teams sees only devices of those teams' users.
pub async fn devices_page(
    cap: &CompanyAccess<can::UsersDevicesView>,
    db: &Db,
    can_modify: bool,
    q: &str,
    page: i64,
) -> AppResult<DevicesPage> {
    let c = cap.company();
    let f = facts(db, &c.id).await?;
    let page = page.max(1);
    let (rows, total) =
        store::devices::search_devices(db, cap.reach(), q, DEVICES_PER_PAGE, (page - 1) * DEVICES_PER_PAGE).await?;
    Ok(DevicesPage {
        company: c.name.clone(),
        licensed: f.licence.licensed,
        can_modify,
        all_users: f.force.all_users,
        rows: rows.iter().map(device_row).collect(),
        total,
        page,
    })
}

pub async fn device_editor(
    cap: &CompanyAccess<can::UsersDevicesView>,
    db: &Db,
    can_modify: bool,
    id: &str,
) -> AppResult<DeviceEditor> {
    let c = cap.company();
    let d = store::devices::device(db, cap.reach(), id).await?.ok_or(AppError::NotFound)?;
    let f = facts(db, &c.id).await?;
    Ok(DeviceEditor { device: device_row(&d), all_users: f.force.all_users, licensed: f.licence.licensed, can_modify })
}

/// Saves a device's override (its owner stays), and says what changes for its calls.
pub async fn save_device(
    cap: &CompanyAccess<can::UsersDevicesModify>,
    db: &Db,
    id: &str,
    overrides: Matrix<Override>,
    version: i64,
) -> AppResult<SavedOverride> {
    let c = cap.company();
    let before = store::devices::device(db, cap.reach(), id).await?.ok_or(AppError::NotFound)?;
    let saved = set_device(cap, db, id, overrides, before.owner_user_id.clone(), version).await?;
    // The owner stays, so the device after the save is the one before with its new cells.
    let before = before.facts();
    let after = DeviceFacts { overrides: saved.overrides, ..before.clone() };
    let f = facts(db, &c.id).await?;
    let impact = policy::impact::device_change(&before, &after, &f.force.all_users);
    Ok(SavedOverride { version: saved.version, impact })
}

pub async fn create_device(
    cap: &CompanyAccess<can::UsersDevicesModify>,
    db: &Db,
    new: NewDevice,
) -> AppResult<DeviceView> {
    let c = cap.company();
    let id = store::new_id();
    let entry = cap.audit("device.create", "device", &id);
    audited(db, entry, &new, async {
        let mut tx = db.begin().await?;
        check_device(&mut tx, &c.id, &new).await?;
        store::devices::insert_device(&mut tx, &id, &c.id, &new).await?;
        let created = DeviceView {
            id: id.clone(),
            name: new.name.trim().to_string(),
            owner: new.owner.clone(),
            overrides: new.overrides,
            external_id: new.external_id.clone(),
            version: 1,
        };
        Ok((tx, serde_json::Value::Null, created))
    })
    .await
}

/// Every check a device's fields pass in the company, all their errors at once.
pub(crate) async fn check_device(tx: &mut Tx, company_id: &str, new: &NewDevice) -> AppResult<()> {
    let mut v = new.validate();
    if let Some(owner) = &new.owner {
        if !store::devices::user_in_company(tx, company_id, owner).await? {
            v.push("owner", "No user of this company has this id.");
        }
    }
    Ok(v.into_result()?)
}

/// Deletes a device: its recordings keep the names and numbers they were made with.
pub async fn delete_device(cap: &CompanyAccess<can::UsersDevicesModify>, db: &Db, id: &str) -> AppResult<()> {
    let c = cap.company();
    let entry = cap.audit("device.delete", "device", id);
    audited(db, entry, &serde_json::json!({ "id": id }), async {
        let mut tx = db.begin().await?;
        let before = store::devices::device(db, cap.reach(), id).await?.ok_or(AppError::NotFound)?;
        if !store::devices::delete_device(&mut tx, &c.id, id).await? {
            return Err(AppError::NotFound);
        }
        Ok((tx, device_view(before), serde_json::Value::Null))
    })
    .await
    .map(|_| ())
}

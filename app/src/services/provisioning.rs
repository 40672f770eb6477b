//! Provisioning from the PBX: users and devices created or brought up to date by the PBX's own
//! id for them, idempotently (the same request twice changes nothing the second time, and
//! writes no audit entry), and deleted by it.

use super::devices::{check_device, delete_device, device_view};
use super::users::{check_user, delete_user, user_view};
use super::write::{audited, stale_unless};
use crate::access::capability::{can, CompanyAccess};
use crate::error::{AppError, AppResult};
use crate::model::provisioning::{check_external_id, ProvisionedDevice, ProvisionedUser};
use crate::model::*;
use crate::store::{self, Db};

type Cap = CompanyAccess<can::UsersDevicesModify>;

/// What a provisioning write did: created (201), changed or already so (200).
#[derive(Clone, Debug, PartialEq)]
pub enum Provisioned<T> {
    Created(T),
    Updated(T),
    Unchanged(T),
}

impl<T> Provisioned<T> {
    pub fn created(&self) -> bool {
        matches!(self, Provisioned::Created(_))
    }

    pub fn into_inner(self) -> T {
        match self {
            Provisioned::Created(v) | Provisioned::Updated(v) | Provisioned::Unchanged(v) => v,
        }
    }
}

/// Creates the user the PBX knows by `external_id`, or makes the one there is what the PBX
/// says (name, extension, and team and seat when given). A user outside the caller's teams
/// is not found, as everywhere.
pub async fn provision_user(
    cap: &Cap,
    db: &Db,
    external_id: &str,
    p: ProvisionedUser,
) -> AppResult<Provisioned<UserView>> {
    check_external_id(external_id)?;
    let c = cap.company();
    let Some(existing) = store::users::user_by_external_id(db, &c.id, external_id).await? else {
        let new = NewUser {
            name: p.name,
            extension: p.extension,
            team: p.team.flatten(),
            seat: p.seat.unwrap_or(false),
            external_id: Some(external_id.to_string()),
            ..NewUser::default()
        };
        return super::users::create_user(cap, db, new).await.map(Provisioned::Created);
    };
    let before = store::users::user(db, cap.reach(), &existing.id).await?.ok_or(AppError::NotFound)?;
    let wanted = NewUser {
        name: p.name.trim().to_string(),
        extension: p.extension.trim().to_string(),
        team: p.team.clone().unwrap_or_else(|| before.team_id.clone()),
        seat: p.seat.unwrap_or(before.seat),
        external_id: Some(external_id.to_string()),
        ..NewUser::default()
    };
    let unchanged = (&wanted.name, &wanted.extension, &wanted.team, wanted.seat)
        == (&before.name, &before.extension, &before.team_id, before.seat);
    if unchanged {
        return Ok(Provisioned::Unchanged(user_view(before)));
    }
    let entry = cap.audit("user.provision", "user", &before.id);
    audited(db, entry, &p, async {
        let mut tx = db.begin().await?;
        check_user(&mut tx, &c.id, &wanted, Some(&before.id)).await?;
        stale_unless(
            store::users::update_provisioned_user(&mut tx, &c.id, &before.id, &wanted, before.version).await?,
        )?;
        if wanted.seat && !before.seat {
            let f = super::decisions::facts(db, &c.id).await?;
            f.licence.check_seats(store::users::seats_used(&mut tx, &c.id).await?.max(0) as u32)?;
        }
        let after = UserView {
            name: wanted.name.clone(),
            extension: wanted.extension.clone(),
            team: wanted.team.clone(),
            seat: wanted.seat,
            version: before.version + 1,
            ..user_view(before.clone())
        };
        Ok((tx, user_view(before.clone()), after))
    })
    .await
    .map(Provisioned::Updated)
}

/// Creates the device the PBX knows by `external_id`, or makes the one there is what the PBX
/// says (its name, and its owner when given, by the PBX's id for the user).
pub async fn provision_device(
    cap: &Cap,
    db: &Db,
    external_id: &str,
    p: ProvisionedDevice,
) -> AppResult<Provisioned<DeviceView>> {
    check_external_id(external_id)?;
    let c = cap.company();
    let owner = match &p.owner_external_id {
        None => None,
        Some(None) => Some(None),
        Some(Some(x)) => match store::users::user_by_external_id(db, &c.id, x).await? {
            Some(u) => Some(Some(u.id)),
            None => {
                return Err(AppError::invalid("owner_external_id", "No user of this company has this external id."))
            }
        },
    };
    let Some(existing) = store::devices::device_by_external_id(db, &c.id, external_id).await? else {
        let new = NewDevice {
            name: p.name,
            owner: owner.flatten(),
            external_id: Some(external_id.to_string()),
            ..NewDevice::default()
        };
        return super::devices::create_device(cap, db, new).await.map(Provisioned::Created);
    };
    let before = store::devices::device(db, cap.reach(), &existing.id).await?.ok_or(AppError::NotFound)?;
    let wanted = NewDevice {
        name: p.name.trim().to_string(),
        owner: owner.unwrap_or_else(|| before.owner_user_id.clone()),
        external_id: Some(external_id.to_string()),
        ..NewDevice::default()
    };
    if (&wanted.name, &wanted.owner) == (&before.name, &before.owner_user_id) {
        return Ok(Provisioned::Unchanged(device_view(before)));
    }
    let entry = cap.audit("device.provision", "device", &before.id);
    audited(db, entry, &p, async {
        let mut tx = db.begin().await?;
        check_device(&mut tx, &c.id, &wanted).await?;
        stale_unless(
            store::devices::update_provisioned_device(&mut tx, &c.id, &before.id, &wanted, before.version).await?,
        )?;
        let after = DeviceView {
            name: wanted.name.clone(),
            owner: wanted.owner.clone(),
            version: before.version + 1,
            ..device_view(before.clone())
        };
        Ok((tx, device_view(before.clone()), after))
    })
    .await
    .map(Provisioned::Updated)
}

/// Deletes the user the PBX knows by `external_id`.
pub async fn remove_user(cap: &Cap, db: &Db, external_id: &str) -> AppResult<()> {
    check_external_id(external_id)?;
    let u = store::users::user_by_external_id(db, &cap.company().id, external_id).await?.ok_or(AppError::NotFound)?;
    delete_user(cap, db, &u.id).await
}

/// Deletes the device the PBX knows by `external_id`.
pub async fn remove_device(cap: &Cap, db: &Db, external_id: &str) -> AppResult<()> {
    check_external_id(external_id)?;
    let d =
        store::devices::device_by_external_id(db, &cap.company().id, external_id).await?.ok_or(AppError::NotFound)?;
    delete_device(cap, db, &d.id).await
}

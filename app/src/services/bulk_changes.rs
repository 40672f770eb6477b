//! One cell set for several users or devices at once.

use super::decisions::facts;
use super::licence::licensed;
use super::write::{audit_one, guarded, stale_unless};
use crate::access::capability::{can, CompanyAccess};
use crate::error::{AppError, AppResult};
use crate::policy::*;
use crate::store::{self, audit_log, Db};

/// Which list a bulk change applies to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BulkTarget {
    Users,
    Devices,
}

/// Sets one cell for several users or devices in one transaction, with an audit row for
/// each one that changed. Returns how many changed (those already at the value do not).
pub async fn bulk_set_cell(
    cap: &CompanyAccess<can::UsersDevicesModify>,
    db: &Db,
    target: BulkTarget,
    ids: &[String],
    direction: Direction,
    network: Network,
    value: Override,
) -> AppResult<usize> {
    let c = cap.company();
    let kind = match target {
        BulkTarget::Users => "user",
        BulkTarget::Devices => "device",
    };
    let entry =
        cap.audit(if target == BulkTarget::Users { "user.bulk_update" } else { "device.bulk_update" }, kind, "");
    let attempted =
        serde_json::json!({"ids": ids, "cell": format!("{}.{}", direction.key(), network.key()), "value": value});
    guarded(db, &entry, &attempted, async {
        licensed(&facts(db, &c.id).await?)?;
        if ids.is_empty() {
            return Err(AppError::invalid("ids", format!("Select at least one {kind}.")));
        }
        let mut tx = db.begin().await?;
        let mut changed = 0;
        for id in ids {
            let Some((code, version)) =
                store::bulk_changes::override_of(&mut tx, target == BulkTarget::Users, cap.reach(), id).await?
            else {
                return Err(AppError::invalid("ids", format!("No {kind} of this company has the id {id}.")));
            };
            let before = Matrix::from_code(&code).unwrap_or_default();
            let after = before.with(direction, network, value);
            if before == after {
                continue;
            }
            stale_unless(
                store::bulk_changes::set_override(&mut tx, target == BulkTarget::Users, &c.id, id, &after, version)
                    .await?,
            )?;
            let one = audit_log::Entry { object_id: Some(id.clone()), ..entry.clone() };
            audit_one(&mut tx, &one, &serde_json::json!({"override": before}), &serde_json::json!({"override": after}))
                .await?;
            changed += 1;
        }
        tx.commit().await?;
        db.policy_changed(Some(&c.id));
        Ok(changed)
    })
    .await
}

//! Account force record: both matrices and the on-demand code.

use super::decisions::facts;
use super::licence::licensed;
use super::write::{audited, stale_unless};
use crate::access::capability::{can, CompanyAccess};
use crate::error::AppResult;
use crate::model::*;
use crate::policy::{self, *};
use crate::store::{self, Db};

pub async fn force_record(cap: &CompanyAccess<can::RecordingPolicyView>, db: &Db) -> AppResult<ForceRecordView> {
    let f = facts(db, &cap.company().id).await?;
    let version = store::force_record::force_record_version(db, &cap.company().id).await?;
    Ok(ForceRecordView { force: f.force, version })
}

pub async fn set_force_record(
    cap: &CompanyAccess<can::RecordingPolicyModify>,
    db: &Db,
    force: ForceRecord,
    version: i64,
) -> AppResult<ForceRecordView> {
    let c = cap.company();
    let entry = cap.audit("force_record.update", "force_record", &c.id);
    let mut force = force;
    force.on_demand.code = force.on_demand.code.trim().to_string();
    let attempted = ForceRecordView { force: force.clone(), version };
    audited(db, entry, &attempted, async {
        let mut tx = db.begin().await?;
        let before = facts(db, &c.id).await?;
        licensed(&before)?;
        force.validate(&[]).into_result()?;
        stale_unless(store::force_record::update_force_record(&mut tx, &c.id, &force, version).await?)?;
        let after = ForceRecordView { force: force.clone(), version: version + 1 };
        Ok((tx, ForceRecordView { force: before.force, version }, after))
    })
    .await
}

/// Saves account force record and says what changes, switch by switch.
pub async fn save_force_record(
    cap: &CompanyAccess<can::RecordingPolicyModify>,
    db: &Db,
    force: ForceRecord,
    version: i64,
) -> AppResult<SavedOverride> {
    let before = facts(db, &cap.company().id).await?.force;
    let saved = set_force_record(cap, db, force, version).await?;
    Ok(SavedOverride { version: saved.version, impact: policy::impact::force_change(&before, &saved.force) })
}

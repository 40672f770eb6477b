//! Legal hold: placed with a reason (and a case reference) on one recording or on every
//! recording a Stored Recordings filter matches, and released again; each place and release
//! audited per recording. A held recording is never deleted or purged (the delete itself
//! refuses a held row). Team limits come with the capability's reach.

use super::recordings::entry;
use super::write::json;
use crate::access::capability::{can, CompanyAccess};
use crate::error::{AppError, AppResult};
use crate::model::legal_hold::*;
use crate::model::recordings::RecordingDetails;
use crate::store::{self, audit_log, Db, Tx};

/// Places (or replaces) the hold on one recording.
pub async fn place(
    cap: &CompanyAccess<can::RecordingsLegalHold>,
    db: &Db,
    id: &str,
    form: &HoldForm,
) -> AppResult<RecordingDetails> {
    form.validate().into_result()?;
    let form = form.cleaned();
    let before = super::recordings::details_of(db, cap.reach(), id).await?;
    let mut tx = db.begin().await?;
    put_hold(cap, &mut tx, id, &form, &store::now_text()).await?;
    let mut e = entry(cap.actor(), cap.company(), "recording.legal_hold.place", id);
    e.before = json(&before.hold);
    e.after = json(&form);
    audit_log::write(&mut tx, &e).await?;
    tx.commit().await?;
    super::recordings::details_of(db, cap.reach(), id).await
}

async fn put_hold(
    cap: &CompanyAccess<can::RecordingsLegalHold>,
    tx: &mut Tx,
    id: &str,
    form: &HoldForm,
    at: &str,
) -> AppResult<()> {
    if store::legal_hold::place(tx, &cap.company().id, id, form, &cap.actor().email, at).await? {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// Releases the hold of one recording; releasing one that is not held changes nothing.
pub async fn release(cap: &CompanyAccess<can::RecordingsLegalHold>, db: &Db, id: &str) -> AppResult<RecordingDetails> {
    let before = super::recordings::details_of(db, cap.reach(), id).await?;
    if before.hold.is_none() {
        return Ok(before);
    }
    let mut tx = db.begin().await?;
    if store::legal_hold::release(&mut tx, &cap.company().id, id).await? {
        let mut e = entry(cap.actor(), cap.company(), "recording.legal_hold.release", id);
        e.before = json(&before.hold);
        audit_log::write(&mut tx, &e).await?;
    }
    tx.commit().await?;
    super::recordings::details_of(db, cap.reach(), id).await
}

/// Places or releases the hold of every recording the filter matches (within the caller's
/// teams), up to [`BULK_LIMIT`]; without `confirm`, says what it would do and changes
/// nothing. All in one transaction, one audit entry per recording changed.
pub async fn bulk(
    cap: &CompanyAccess<can::RecordingsLegalHold>,
    db: &Db,
    request: &BulkHold,
) -> AppResult<BulkHoldOutcome> {
    let q =
        request.filter.as_filter().parse().map_err(|e| AppError::invalid(&format!("filter.{}", e.field), e.message))?;
    let form = HoldForm { reason: request.reason.clone(), case_reference: request.case_reference.clone() };
    if request.confirm && request.action == BulkAction::Place {
        form.validate().into_result()?;
    }
    let found = store::recordings::matching(db, cap.reach(), &q, BULK_LIMIT + 1).await?;
    if found.len() > BULK_LIMIT {
        return Err(AppError::invalid(
            "filter",
            format!(
                "The filter matches more than {BULK_LIMIT} recordings: narrow it (dates, direction, search) first."
            ),
        ));
    }
    let changes: Vec<&String> = found
        .iter()
        .filter(|(_, held)| match request.action {
            BulkAction::Place => !held,
            BulkAction::Release => *held,
        })
        .map(|(id, _)| id)
        .collect();
    let outcome = |preview| BulkHoldOutcome { matching: found.len() as u64, changed: changes.len() as u64, preview };
    if !request.confirm {
        return Ok(outcome(true));
    }
    let (form, at) = (form.cleaned(), store::now_text());
    let mut tx = db.begin().await?;
    for id in &changes {
        let mut e = match request.action {
            BulkAction::Place => {
                put_hold(cap, &mut tx, id, &form, &at).await?;
                let mut e = entry(cap.actor(), cap.company(), "recording.legal_hold.place", id);
                e.after = json(&form);
                e
            }
            BulkAction::Release => {
                store::legal_hold::release(&mut tx, &cap.company().id, id).await?;
                entry(cap.actor(), cap.company(), "recording.legal_hold.release", id)
            }
        };
        e.detail = Some(format!("one of {} recordings of a filter", changes.len()));
        audit_log::write(&mut tx, &e).await?;
    }
    tx.commit().await?;
    Ok(outcome(false))
}

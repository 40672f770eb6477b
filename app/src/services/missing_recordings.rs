//! Missing recordings: every decision that answered "record" for a call id is kept, and a
//! call whose recording has not arrived within the company's upload deadline is listed, the
//! first place an operator looks when "the call was recorded but it is not there".

use super::write::{audited, stale_unless};
use crate::access::capability::{can, CompanyAccess};
use crate::access::Privilege;
use crate::error::{AppError, AppResult};
use crate::model::missing_recordings::*;
use crate::policy::{Call, Decision, Endpoint};
use crate::store::{self, Db};
use time::OffsetDateTime;

/// Keeps a decision that said "record" for its call id: the user and queue of the call for
/// team limits, and the rule that fired. A decision without a call id cannot be matched to
/// an upload and is not kept.
pub async fn note(db: &Db, company_id: &str, call: &Call, decision: &Decision) -> AppResult<()> {
    let Some(call_id) = call.call_id.as_deref().map(str::trim).filter(|c| !c.is_empty()) else { return Ok(()) };
    if !decision.recorded {
        return Ok(());
    }
    let rule = decision.trace.iter().find(|s| s.fired).map(|s| s.rule.as_str()).unwrap_or("recorded");
    let (mut user, mut queue) = (None, None);
    for end in [&call.destination, &call.source] {
        match end {
            Endpoint::Device(d) => user = user.or(d.owner.as_ref().map(|u| u.id.as_str())),
            Endpoint::Queue(q) => queue = queue.or(Some(q.id.as_str())),
            Endpoint::External(_) => {}
        }
    }
    let at = store::seconds_text(OffsetDateTime::now_utc());
    store::missing_recordings::note(
        db,
        &store::missing_recordings::Noted {
            company_id,
            call_id,
            decided_at: &at,
            rule,
            user_id: user,
            queue_id: queue,
        },
    )
    .await?;
    Ok(())
}

/// The company's missing recordings as of `now`, with its deadline or `deadline_minutes`.
pub async fn missing(
    cap: &CompanyAccess<can::RecordingsView>,
    db: &Db,
    deadline_minutes: Option<i64>,
    privileges: crate::access::Privileges,
    now: OffsetDateTime,
) -> AppResult<MissingRecordings> {
    let c = cap.company();
    let (own, version) = store::missing_recordings::deadline(db, &c.id).await?.ok_or(AppError::NotFound)?;
    let deadline = match deadline_minutes {
        Some(m) => check_deadline("deadline_minutes", m, true)?,
        None => own,
    };
    let before = store::seconds_text(now - time::Duration::minutes(deadline));
    let since = store::seconds_text(now - time::Duration::days(30));
    let rows = store::missing_recordings::missing(db, cap.reach(), &before, LIST_LIMIT).await?;
    let per_day: Vec<DayCount> = store::missing_recordings::per_day(db, cap.reach(), &since, &before)
        .await?
        .into_iter()
        .map(|(day, count)| DayCount { day, count: count.max(0) as u64 })
        .collect();
    Ok(MissingRecordings {
        deadline_minutes: deadline,
        company_deadline_minutes: own,
        version,
        last_30_days: per_day.iter().map(|d| d.count).sum(),
        per_day,
        rows: rows
            .into_iter()
            .map(|r| MissingRecording { call_id: r.call_id, decided_at: r.decided_at, rule: r.rule })
            .collect(),
        can_modify: privileges.has(Privilege::RecordingPolicyModify),
    })
}

/// Changes the company's upload deadline.
pub async fn set_deadline(
    cap: &CompanyAccess<can::RecordingPolicyModify>,
    db: &Db,
    minutes: i64,
    version: i64,
) -> AppResult<i64> {
    let c = cap.company();
    let entry = cap.audit("upload_deadline.update", "company", &c.id);
    let attempted = serde_json::json!({"minutes": minutes, "version": version});
    audited(db, entry, &attempted, async {
        let minutes = check_deadline("minutes", minutes, false)?;
        let (before, _) = store::missing_recordings::deadline(db, &c.id).await?.ok_or(AppError::NotFound)?;
        let mut tx = db.begin().await?;
        stale_unless(store::missing_recordings::set_deadline(&mut tx, &c.id, minutes, version).await?)?;
        Ok((
            tx,
            serde_json::json!({"minutes": before}),
            serde_json::json!({"minutes": minutes, "version": version + 1}),
        ))
    })
    .await
    .map(|v| v["version"].as_i64().unwrap_or(version + 1))
}

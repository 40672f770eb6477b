//! The decision for one call, the company's policy facts it reads, and what the Policy
//! Simulator decides with in the browser.

use crate::access::capability::{can, CompanyAccess};
use crate::error::{AppError, AppResult};
use crate::model::*;
use crate::policy::{self, *};
use crate::store::{self, Db};

/// The most devices and queues the simulator lists.
pub const SIMULATOR_LIMIT: i64 = 500;

pub(crate) async fn facts(db: &Db, company_id: &str) -> AppResult<PolicyFacts> {
    store::decisions::facts(db, company_id).await?.ok_or(AppError::NotFound)
}

/// The decision for one call: what the telephony engine asks before it records, and what
/// the Policy Simulator confirms. It reads the company's policy from the read cache, which
/// every policy write invalidates, so it answers at the rate the engine asks.
pub async fn decide(
    cap: &CompanyAccess<can::RecordingPolicyView>,
    db: &Db,
    request: &CallRequest,
) -> AppResult<Decision> {
    Ok(decide_call(cap, db, request).await?.1)
}

async fn decide_call(
    cap: &CompanyAccess<can::RecordingPolicyView>,
    db: &Db,
    request: &CallRequest,
) -> AppResult<(policy::Call, Decision)> {
    let snapshot = db.cache().snapshot(db, &cap.company().id).await?.ok_or(AppError::NotFound)?;
    let call = request.to_call(snapshot.as_ref())?;
    let decision = policy::decide(&snapshot.facts, &call);
    Ok((call, decision))
}

/// The decision the telephony engine asks for: as [`decide`], and one that says "record"
/// for a call id is kept, so that a recording that never arrives is listed as missing. The
/// engine gets its answer even if keeping it fails (logged): the call must not wait on it.
pub async fn answer(
    cap: &CompanyAccess<can::RecordingPolicyView>,
    db: &Db,
    request: &CallRequest,
) -> AppResult<Decision> {
    let (call, decision) = decide_call(cap, db, request).await?;
    let outcome = if decision.recorded { "record" } else { "no_record" };
    metrics::counter!("earmark_decisions_total", "outcome" => outcome).increment(1);
    if let Err(e) = super::missing_recordings::note(db, &cap.company().id, &call, &decision).await {
        tracing::error!(error = %e, "a decision could not be kept for the missing recordings");
    }
    Ok(decision)
}

/// What the simulator decides with in the browser.
pub async fn simulator_data(cap: &CompanyAccess<can::RecordingPolicyView>, db: &Db) -> AppResult<SimulatorData> {
    let company_id = &cap.company().id;
    let facts = facts(db, company_id).await?;
    let devices = store::devices::devices(db, cap.reach(), SIMULATOR_LIMIT + 1).await?;
    let queues = store::queues::queues(db, cap.reach(), SIMULATOR_LIMIT + 1).await?;
    let truncated = devices.len() as i64 > SIMULATOR_LIMIT || queues.len() as i64 > SIMULATOR_LIMIT;
    Ok(SimulatorData {
        facts,
        devices: devices.iter().take(SIMULATOR_LIMIT as usize).map(|d| d.facts()).collect(),
        queues: queues.into_iter().take(SIMULATOR_LIMIT as usize).map(|q| q.facts()).collect(),
        truncated,
    })
}

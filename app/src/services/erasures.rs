//! Erasure by number (a data subject's request): every recording of the company in which the
//! number is a party loses its audio and that party's number and name, except those on legal
//! hold, which are kept and listed with why. The ledger keeps the number only as a keyed
//! hash. Later uploads for the number are not blocked: an erasure is of what is stored.

use super::recordings::entry;
use crate::access::capability::{can, CompanyAccess};
use crate::error::{AppError, AppResult};
use crate::model::erasures::*;
use crate::model::legal_hold::LegalHold;
use crate::model::recordings::{Direction, Party};
use crate::store::files::Storages;
use crate::store::{self, audit_log, Db};

/// The purpose the ledger's hash key is derived for.
const HASH_PURPOSE: &str = "earmark erasure number v1";
pub const LEDGER_ROWS: i64 = 200;

fn kept_because(r: &store::erasures::PartyIn) -> Option<LegalHold> {
    r.legal_hold.then(|| LegalHold {
        reason: r.hold_reason.clone().unwrap_or_default(),
        case_reference: r.hold_case.clone(),
        placed_by: r.hold_by.clone().unwrap_or_default(),
        placed_at: r.hold_at.clone().unwrap_or_default(),
    })
}

/// Finds, and with `confirm` erases, the recordings `request.number` is a party in.
pub async fn erase(
    cap: &CompanyAccess<can::RecordingsDelete>,
    db: &Db,
    storages: &Storages,
    request: &ErasureRequest,
) -> AppResult<ErasureOutcome> {
    // An erasure answers for the whole company: one limited to some teams would leave the
    // number in the others' recordings while the ledger says it was done.
    if cap.reach().teams().is_some() {
        return Err(AppError::Forbidden);
    }
    let number = compared_number(&request.number)?;
    let key = storages.secret_key().ok_or_else(|| {
        AppError::invalid(
            "number",
            "This server has no EARMARK_SECRET_KEY, which the erasure ledger needs to keep the number as a keyed hash: ask the platform operator to set one.",
        )
    })?;
    let found = store::erasures::party_in(db, cap.reach(), &number).await?;
    let recordings: Vec<ErasureRecording> = found
        .iter()
        .map(|r| ErasureRecording {
            id: r.id.clone(),
            started_at: r.started_at.clone(),
            direction: Direction::parse(&r.direction).unwrap_or_default(),
            kept_because: kept_because(r),
        })
        .collect();
    let kept = recordings.iter().filter(|r| r.kept_because.is_some()).count() as u64;
    let mut outcome = ErasureOutcome {
        number: number.clone(),
        erased: recordings.len() as u64 - kept,
        kept,
        recordings,
        preview: true,
    };
    if !request.confirm {
        return Ok(outcome);
    }
    let c = cap.company();
    let (id, at) = (store::new_id(), store::now_text());
    let mut held_in = Vec::new();
    for r in found.iter().filter(|r| !r.legal_hold) {
        held_in.push((r, super::storage::holding(db, storages, r.storage_account_id.as_deref()).await?));
    }
    let mut tx = db.begin().await?;
    let mut removals = Vec::new();
    let result: AppResult<u64> = async {
        let mut erased = 0;
        for (r, storage) in &held_in {
            let is_it = |n: &str| compared_number(n).is_ok_and(|c| c == number);
            let blank = |p: Party| if is_it(&p.number) { Party::default() } else { p };
            let caller = blank(Party { name: r.caller_name.clone(), number: r.caller_number.clone() });
            let callee = blank(Party { name: r.callee_name.clone(), number: r.callee_number.clone() });
            // The trace may quote the number or the name as the engine sent them: blanked in
            // its text values, its shape kept.
            let mut quoted: Vec<&str> = Vec::new();
            for (name, raw) in [(&r.caller_name, &r.caller_number), (&r.callee_name, &r.callee_number)] {
                if is_it(raw) {
                    quoted.extend([raw.trim(), name.trim()].into_iter().filter(|t| t.chars().count() >= 3));
                }
            }
            let trace = match serde_json::from_str::<serde_json::Value>(&r.trace) {
                Ok(mut v) => {
                    scrub(&mut v, &quoted);
                    v.to_string()
                }
                Err(_) => "[]".to_string(),
            };
            let blanked = store::erasures::Blanked {
                caller_name: &caller.name,
                caller_number: &caller.number,
                callee_name: &callee.name,
                callee_number: &callee.number,
                search_text: &store::recordings::search_text(&caller, &callee),
                trace: &trace,
            };
            if !store::erasures::blank(&mut tx, &c.id, &r.id, &blanked, &at).await? {
                continue;
            }
            let mut e = entry(cap.actor(), c, "recording.erase", &r.id);
            e.detail = Some(format!("At a data subject's request (erasure {id})."));
            audit_log::write(&mut tx, &e).await?;
            if r.audio_erased_at.is_none() {
                removals.push(storage.remove(&r.storage_key).await.map_err(AppError::internal)?);
            }
            erased += 1;
        }
        store::erasures::record(
            &mut tx,
            &store::erasures::NewErasure {
                id: &id,
                company_id: &c.id,
                number_hash: &key.keyed_hash(HASH_PURPOSE, &number),
                at: &at,
                by: &cap.actor().email,
                erased: erased as i64,
                kept: outcome.kept as i64,
            },
        )
        .await?;
        let mut e = cap.audit("erasure.create", "erasure", &id);
        e.after = super::write::json(&serde_json::json!({"erased": erased, "kept": outcome.kept}));
        audit_log::write(&mut tx, &e).await?;
        Ok(erased)
    }
    .await;
    let committed = match result {
        Ok(erased) => tx.commit().await.map(|()| erased).map_err(AppError::internal),
        Err(e) => Err(e),
    };
    match committed {
        Ok(erased) => {
            for removal in removals {
                removal.finish().await;
            }
            outcome.erased = erased;
            outcome.preview = false;
            Ok(outcome)
        }
        Err(e) => {
            for removal in removals {
                if let Err(io) = removal.restore().await {
                    tracing::error!(error = %io, "could not put an erased recording's file back");
                }
            }
            Err(e)
        }
    }
}

/// Blanks every occurrence of `quoted` inside the text values of `v`.
fn scrub(v: &mut serde_json::Value, quoted: &[&str]) {
    match v {
        serde_json::Value::String(text) => {
            for q in quoted {
                if text.contains(q) {
                    *text = text.replace(q, "");
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(|i| scrub(i, quoted)),
        serde_json::Value::Object(fields) => fields.values_mut().for_each(|f| scrub(f, quoted)),
        _ => {}
    }
}

/// The company's erasures, newest first.
pub async fn ledger(cap: &CompanyAccess<can::RecordingsDelete>, db: &Db) -> AppResult<Vec<ErasureEntry>> {
    Ok(store::erasures::ledger(db, &cap.company().id, LEDGER_ROWS)
        .await?
        .into_iter()
        .map(|r| ErasureEntry {
            id: r.id,
            erased_at: r.erased_at,
            erased_by: r.erased_by,
            erased: r.erased.max(0) as u64,
            kept: r.kept.max(0) as u64,
        })
        .collect())
}

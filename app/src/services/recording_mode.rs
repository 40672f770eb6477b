//! The recording mode and outbound recording at the system, reseller and company levels.

use super::decisions::facts;
use super::licence::licensed;
use super::write::{audited, stale_unless};
use crate::access::capability::{can, CompanyAccess, Principal, ResellerAccess, SystemAccess};
use crate::error::{AppError, AppResult};
use crate::model::*;
use crate::policy::*;
use crate::store::{self, Db};

pub(crate) fn mode_view(f: &PolicyFacts, version: i64) -> RecordingModeView {
    RecordingModeView {
        mode: f.recording_mode.company,
        outbound: f.outbound_recording.company,
        effective: (&f.recording_mode.resolve()).into(),
        outbound_effective: (&f.outbound_recording.resolve()).into(),
        version,
    }
}

pub async fn company_mode(cap: &CompanyAccess<can::InScope>, db: &Db) -> AppResult<RecordingModeView> {
    let f = facts(db, &cap.company().id).await?;
    Ok(mode_view(&f, cap.company().version))
}

pub async fn set_company_mode(
    cap: &CompanyAccess<can::CompaniesModify>,
    db: &Db,
    mode: &str,
    outbound: &str,
    version: i64,
) -> AppResult<RecordingModeView> {
    let c = cap.company();
    let entry = cap.audit("recording_mode.update", "company", &c.id);
    let attempted = serde_json::json!({"mode": mode, "outbound": outbound, "version": version});
    audited(db, entry, &attempted, async {
        let mut tx = db.begin().await?;
        // Parsed here, inside the guard, so a value that is not a mode is audited as refused.
        let (mode, outbound) = (Mode::parse("mode", mode)?, Mode::parse("outbound", outbound)?);
        let before = facts(db, &c.id).await?;
        licensed(&before)?;
        stale_unless(store::recording_mode::update_company_modes(&mut tx, &c.id, mode, outbound, version).await?)?;
        let mut after = before.clone();
        after.recording_mode.company = mode;
        after.outbound_recording.company = outbound;
        let (b, a) = (mode_view(&before, version), mode_view(&after, version + 1));
        Ok((tx, b, a))
    })
    .await
}

pub(crate) fn reseller_view(
    r: &store::recording_mode::ResellerModes,
    system: (SystemMode, SystemMode),
) -> RecordingModeView {
    let origin = Origin::new(Level::Reseller, &r.id, &r.name);
    let levels = |sys, res| ModeLevels {
        system: sys,
        reseller: res,
        company: Mode::Default,
        reseller_origin: origin.clone(),
        company_origin: Origin::new(Level::Company, "", ""),
    };
    RecordingModeView {
        mode: r.mode,
        outbound: r.outbound,
        effective: (&levels(system.0, r.mode).resolve_for_reseller()).into(),
        outbound_effective: (&levels(system.1, r.outbound).resolve_for_reseller()).into(),
        version: r.version,
    }
}

pub async fn reseller_mode(cap: &ResellerAccess<can::InScope>, db: &Db) -> AppResult<RecordingModeView> {
    let r = store::recording_mode::reseller_modes(db, cap.reseller_id()).await?.ok_or(AppError::NotFound)?;
    let (m, o, _) = store::recording_mode::system_modes(db).await?;
    Ok(reseller_view(&r, (m, o)))
}

pub async fn set_reseller_mode(
    cap: &ResellerAccess<can::ResellersModify>,
    db: &Db,
    mode: &str,
    outbound: &str,
    version: i64,
) -> AppResult<RecordingModeView> {
    let id = cap.reseller_id();
    let entry = cap.audit("recording_mode.update", "reseller", id);
    let attempted = serde_json::json!({"mode": mode, "outbound": outbound, "version": version});
    audited(db, entry, &attempted, async {
        let mut tx = db.begin().await?;
        let (mode, outbound) = (Mode::parse("mode", mode)?, Mode::parse("outbound", outbound)?);
        let before = store::recording_mode::reseller_modes(db, id).await?.ok_or(AppError::NotFound)?;
        let (m, o, _) = store::recording_mode::system_modes(db).await?;
        stale_unless(store::recording_mode::update_reseller_modes(&mut tx, id, mode, outbound, version).await?)?;
        let after = store::recording_mode::ResellerModes { mode, outbound, version: version + 1, ..before.clone() };
        let (b, a) = (reseller_view(&before, (m, o)), reseller_view(&after, (m, o)));
        Ok((tx, b, a))
    })
    .await
}

pub async fn system_mode(_cap: &SystemAccess<can::InScope>, db: &Db) -> AppResult<SystemModeView> {
    let (mode, outbound, version) = store::recording_mode::system_modes(db).await?;
    Ok(SystemModeView { mode, outbound, version })
}

pub async fn set_system_mode(
    cap: &SystemAccess<can::SystemModify>,
    db: &Db,
    mode: &str,
    outbound: &str,
    version: i64,
) -> AppResult<SystemModeView> {
    let entry = cap.audit("recording_mode.update", "system", "system");
    let attempted = serde_json::json!({"mode": mode, "outbound": outbound, "version": version});
    audited(db, entry, &attempted, async {
        let mut tx = db.begin().await?;
        let (mode, outbound) = (SystemMode::parse("mode", mode)?, SystemMode::parse("outbound", outbound)?);
        let after = SystemModeView { mode, outbound, version: version + 1 };
        let (m, o, v) = store::recording_mode::system_modes(db).await?;
        stale_unless(store::recording_mode::update_system_modes(&mut tx, mode, outbound, version).await?)?;
        Ok((tx, SystemModeView { mode: m, outbound: o, version: v }, after))
    })
    .await
}

/// The recording mode page of `level` (`system`, `reseller` or `company`) and object `id`.
pub async fn mode_page(principal: &Principal, db: &Db, level: &str, id: &str) -> AppResult<ModePage> {
    let companies_of = |list: Vec<store::tenants::CompanyRecord>| async move {
        let mut out = Vec::with_capacity(list.len());
        for c in list {
            let f = facts(db, &c.id).await?;
            out.push(CompanyModes { name: c.name, recording: f.recording_mode, outbound: f.outbound_recording });
        }
        Ok::<_, AppError>(out)
    };
    match level {
        "system" => {
            let _cap = principal.system::<can::InScope>(db).await?;
            let (mode, outbound, version) = store::recording_mode::system_modes(db).await?;
            Ok(ModePage {
                level: Level::System,
                id: String::new(),
                name: "the system".into(),
                mode: mode.as_str().into(),
                outbound: outbound.as_str().into(),
                version,
                can_modify: principal.privileges().has(crate::access::Privilege::SystemModify)
                    && *principal.scope() == crate::access::capability::Scope::Platform,
                // Only the companies this administrator reaches: a reseller's administrator
                // must not learn the names of another reseller's companies here.
                companies: companies_of(principal.reachable_companies(db).await?).await?,
            })
        }
        "reseller" => {
            let cap = principal.reseller::<can::InScope>(db, id).await?;
            let r = store::recording_mode::reseller_modes(db, cap.reseller_id()).await?.ok_or(AppError::NotFound)?;
            Ok(ModePage {
                level: Level::Reseller,
                id: r.id.clone(),
                name: r.name.clone(),
                mode: r.mode.as_str().into(),
                outbound: r.outbound.as_str().into(),
                version: r.version,
                can_modify: principal.privileges().has(crate::access::Privilege::ResellersModify),
                companies: companies_of(store::tenants::companies(db, Some(&r.id), None).await?).await?,
            })
        }
        _ => {
            let cap = principal.company::<can::InScope>(db, id).await?;
            let c = cap.company();
            let f = facts(db, &c.id).await?;
            Ok(ModePage {
                level: Level::Company,
                id: c.id.clone(),
                name: c.name.clone(),
                mode: f.recording_mode.company.as_str().into(),
                outbound: f.outbound_recording.company.as_str().into(),
                version: c.version,
                can_modify: principal.privileges().has(crate::access::Privilege::CompaniesModify) && c.licensed,
                companies: vec![CompanyModes {
                    name: c.name.clone(),
                    recording: f.recording_mode,
                    outbound: f.outbound_recording,
                }],
            })
        }
    }
}

/// Saves the recording mode of `level`; each level checks its own privilege.
pub async fn save_mode(
    principal: &Principal,
    db: &Db,
    level: &str,
    id: &str,
    mode: &str,
    outbound: &str,
    version: i64,
) -> AppResult<i64> {
    Ok(match level {
        "system" => {
            let cap = principal.system::<can::SystemModify>(db).await?;
            set_system_mode(&cap, db, mode, outbound, version).await?.version
        }
        "reseller" => {
            let cap = principal.reseller::<can::ResellersModify>(db, id).await?;
            set_reseller_mode(&cap, db, mode, outbound, version).await?.version
        }
        _ => {
            let cap = principal.company::<can::CompaniesModify>(db, id).await?;
            set_company_mode(&cap, db, mode, outbound, version).await?.version
        }
    })
}

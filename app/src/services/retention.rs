//! Retention: the period at the system, reseller and company levels, what a change of it
//! would purge, and the purge job that deletes recordings past their company's period (never
//! one on legal hold), each deletion audited with the period that applied.

use super::write::{audited, stale_unless};
use crate::access::capability::{can, CompanyAccess, Principal, ResellerAccess, SystemAccess};
use crate::access::Privilege;
use crate::error::{AppError, AppResult};
use crate::model::retention::*;
use crate::policy::retention::{check_days, parse_days, period_text, read_days, RetentionLevels};
use crate::policy::{Level, Origin};
use crate::store::files::Storages;
use crate::store::{self, audit_log, Db};
use std::time::Duration;
use time::OffsetDateTime;

/// Recordings deleted per transaction: small enough that the decisions and uploads sharing
/// the database wait at most one batch.
pub const PURGE_BATCH: usize = 500;
const JOB: &str = "retention-purge";

/// The start time before which a recording is past `days`, in the stored format.
pub fn cutoff(now: OffsetDateTime, days: u32) -> String {
    store::seconds_text(now - time::Duration::days(i64::from(days)))
}

/// Which level a view or a change is about.
#[derive(Clone, Copy)]
enum Target<'a> {
    System,
    Reseller(&'a str),
    Company(&'a str),
}

impl Target<'_> {
    fn level(self) -> Level {
        match self {
            Target::System => Level::System,
            Target::Reseller(_) => Level::Reseller,
            Target::Company(_) => Level::Company,
        }
    }

    /// The companies whose period this level's value can change.
    async fn companies(self, db: &Db) -> AppResult<Vec<RetentionLevels>> {
        Ok(match self {
            Target::System => store::retention::of_companies(db, None).await?,
            Target::Reseller(id) => store::retention::of_companies(db, Some(id)).await?,
            Target::Company(id) => store::retention::of_company(db, id).await?.into_iter().collect(),
        })
    }

    /// `levels` with this level's own value set to `days`.
    fn apply(self, levels: &mut RetentionLevels, days: Option<u32>) {
        match self {
            Target::System => levels.system = days.unwrap_or(levels.system),
            Target::Reseller(_) => levels.reseller = days,
            Target::Company(_) => levels.company = days,
        }
    }

    /// This level's own value, the value that applies here, its name and version.
    async fn read(self, db: &Db) -> AppResult<(Option<u32>, RetentionLevels, String, i64)> {
        let (system, system_version) = store::retention::system(db).await?;
        match self {
            Target::System => {
                let levels = RetentionLevels {
                    system,
                    reseller: None,
                    company: None,
                    reseller_origin: Origin::system(),
                    company_origin: Origin::system(),
                };
                Ok((Some(system), levels, "the system".into(), system_version))
            }
            Target::Reseller(id) => {
                let (name, days, version) = store::retention::reseller(db, id).await?.ok_or(AppError::NotFound)?;
                let levels = RetentionLevels {
                    system,
                    reseller: days,
                    company: None,
                    reseller_origin: Origin::new(Level::Reseller, id, &name),
                    company_origin: Origin::system(),
                };
                Ok((days, levels, name, version))
            }
            Target::Company(id) => {
                let levels = store::retention::of_company(db, id).await?.ok_or(AppError::NotFound)?;
                let version: i64 = store::tenants::companies(db, None, Some(id))
                    .await?
                    .first()
                    .map(|c| c.version)
                    .ok_or(AppError::NotFound)?;
                Ok((levels.company, levels.clone(), levels.company_origin.name.clone(), version))
            }
        }
    }
}

/// What the next purge would delete if this level's value were `days`.
async fn preview_of(db: &Db, target: Target<'_>, days: Option<u32>, now: OffsetDateTime) -> AppResult<PurgePreview> {
    let mut preview = PurgePreview { recordings: 0, companies: 0 };
    for mut levels in target.companies(db).await? {
        target.apply(&mut levels, days);
        let cut = cutoff(now, levels.resolve().days);
        let n = store::retention::count_expired(db, &levels.company_origin.id, &cut).await?;
        if n > 0 {
            preview.recordings += n as u64;
            preview.companies += 1;
        }
    }
    Ok(preview)
}

/// The level's view; `preview` counts the next purge under another value of its own.
/// `counted` is false for a viewer who may read the period but not count the recordings it
/// covers (a team-limited administrator, anyone outside the platform at the system level).
async fn view_of(db: &Db, target: Target<'_>, preview: Option<Option<u32>>, counted: bool) -> AppResult<RetentionView> {
    let (own, mut levels, _, version) = target.read(db).await?;
    let days = preview.unwrap_or(own);
    target.apply(&mut levels, days);
    let next_purge = if counted {
        Some(preview_of(db, target, days, OffsetDateTime::now_utc()).await?.recordings)
    } else if preview.is_some() {
        return Err(AppError::Forbidden);
    } else {
        None
    };
    Ok(RetentionView {
        days: if matches!(target, Target::System) { Some(levels.system) } else { days },
        effective: (&levels.resolve()).into(),
        next_purge,
        version,
    })
}

/// A `days` query parameter as a preview: absent, none; `default` or a number, that value.
fn preview_param(target: Target<'_>, days: Option<&str>) -> AppResult<Option<Option<u32>>> {
    days.map(|d| parse_days("days", d, matches!(target, Target::System)).map_err(AppError::from)).transpose()
}

pub async fn company_retention(
    cap: &CompanyAccess<can::InScope>,
    db: &Db,
    preview: Option<&str>,
) -> AppResult<RetentionView> {
    let target = Target::Company(&cap.company().id);
    view_of(db, target, preview_param(target, preview)?, cap.reach().teams().is_none()).await
}

pub async fn reseller_retention(
    cap: &ResellerAccess<can::InScope>,
    db: &Db,
    preview: Option<&str>,
) -> AppResult<RetentionView> {
    let target = Target::Reseller(cap.reseller_id());
    view_of(db, target, preview_param(target, preview)?, true).await
}

pub async fn system_retention(
    cap: &SystemAccess<can::InScope>,
    db: &Db,
    preview: Option<&str>,
) -> AppResult<RetentionView> {
    view_of(db, Target::System, preview_param(Target::System, preview)?, cap.platform()).await
}

/// One audited change of a level's period, whichever level.
async fn set(
    db: &Db,
    entry: audit_log::Entry,
    target: Target<'_>,
    days: Option<i64>,
    version: i64,
    counted: bool,
) -> AppResult<RetentionView> {
    let attempted = serde_json::json!({"days": days, "version": version});
    audited(db, entry, &attempted, async {
        // Checked inside the guard, so a period out of range is audited as refused.
        let days = check_days("days", days, matches!(target, Target::System))?;
        let before = view_of(db, target, None, counted).await?;
        let mut tx = db.begin().await?;
        let id = match target {
            Target::System => "",
            Target::Reseller(id) | Target::Company(id) => id,
        };
        stale_unless(store::retention::set(&mut tx, target.level(), id, days, version).await?)?;
        let after = RetentionView { version: version + 1, ..view_of(db, target, Some(days), counted).await? };
        Ok((tx, before, after))
    })
    .await
}

pub async fn set_company_retention(
    cap: &CompanyAccess<can::CompaniesModify>,
    db: &Db,
    days: Option<i64>,
    version: i64,
) -> AppResult<RetentionView> {
    let c = cap.company();
    let counted = cap.reach().teams().is_none();
    set(db, cap.audit("retention.update", "company", &c.id), Target::Company(&c.id), days, version, counted).await
}

pub async fn set_reseller_retention(
    cap: &ResellerAccess<can::ResellersModify>,
    db: &Db,
    days: Option<i64>,
    version: i64,
) -> AppResult<RetentionView> {
    let id = cap.reseller_id();
    set(db, cap.audit("retention.update", "reseller", id), Target::Reseller(id), days, version, true).await
}

pub async fn set_system_retention(
    cap: &SystemAccess<can::SystemModify>,
    db: &Db,
    days: Option<i64>,
    version: i64,
) -> AppResult<RetentionView> {
    set(db, cap.audit("retention.update", "system", "system"), Target::System, days, version, true).await
}

/// The Retention page of `level` (`system`, `reseller`, `company`) and object `id`, each
/// level behind its own scope check; `can_modify` as the save would check it.
pub async fn retention_page(principal: &Principal, db: &Db, level: &str, id: &str) -> AppResult<RetentionPage> {
    let privileges = principal.privileges();
    let (target, can_modify, counted) = page_target(principal, db, level, id).await?;
    let can_modify = can_modify
        && match target {
            Target::System => privileges.has(Privilege::SystemModify),
            Target::Reseller(_) => privileges.has(Privilege::ResellersModify),
            Target::Company(_) => privileges.has(Privilege::CompaniesModify),
        };
    let (own, levels, name, version) = target.read(db).await?;
    let next_purge = match counted {
        true => Some(preview_of(db, target, own, OffsetDateTime::now_utc()).await?.recordings),
        false => None,
    };
    Ok(RetentionPage {
        level: target.level(),
        id: id.to_string(),
        name,
        days: match own {
            Some(d) => d.to_string(),
            None => "default".into(),
        },
        effective: levels.resolve().describe(target.level()),
        next_purge,
        version,
        can_modify,
    })
}

/// The level a page is about, after its scope check; whether its scope lets it change the
/// level at all (the system only from the platform), and count the recordings it covers.
async fn page_target<'a>(
    principal: &Principal,
    db: &Db,
    level: &str,
    id: &'a str,
) -> AppResult<(Target<'a>, bool, bool)> {
    Ok(match level {
        "system" => {
            let cap = principal.system::<can::InScope>(db).await?;
            (Target::System, cap.platform(), cap.platform())
        }
        "reseller" => {
            principal.reseller::<can::InScope>(db, id).await?;
            (Target::Reseller(id), true, true)
        }
        _ => {
            let cap = principal.company::<can::InScope>(db, id).await?;
            (Target::Company(id), true, cap.reach().teams().is_none())
        }
    })
}

/// What saving `days` on the page would purge, for the sentence shown before saving.
pub async fn preview(principal: &Principal, db: &Db, level: &str, id: &str, days: &str) -> AppResult<PurgePreview> {
    let (target, _, counted) = page_target(principal, db, level, id).await?;
    if !counted {
        return Err(AppError::Forbidden);
    }
    let days = parse_days("days", days, matches!(target, Target::System))?;
    preview_of(db, target, days, OffsetDateTime::now_utc()).await
}

/// Saves the page's period; each level checks its own privilege first. A period under which
/// the next purge deletes more than now is refused until `confirm`, with how many it would
/// delete. Returns the new version.
pub async fn save_retention(
    principal: &Principal,
    db: &Db,
    level: &str,
    id: &str,
    days: &str,
    confirm: bool,
    version: i64,
) -> AppResult<i64> {
    // The form's text becomes the API's value, whose range the audited write checks.
    let days = read_days("days", days)?;
    let (entry, target, counted) = match level {
        "system" => {
            let cap = principal.system::<can::SystemModify>(db).await?;
            (cap.audit("retention.update", "system", "system"), Target::System, true)
        }
        "reseller" => {
            let cap = principal.reseller::<can::ResellersModify>(db, id).await?;
            (cap.audit("retention.update", "reseller", id), Target::Reseller(id), true)
        }
        _ => {
            let cap = principal.company::<can::CompaniesModify>(db, id).await?;
            let counted = cap.reach().teams().is_none();
            (cap.audit("retention.update", "company", id), Target::Company(id), counted)
        }
    };
    if let (false, true, Ok(new)) = (confirm, counted, check_days("days", days, matches!(target, Target::System))) {
        let (own, ..) = target.read(db).await?;
        let now = OffsetDateTime::now_utc();
        let after = preview_of(db, target, new, now).await?;
        if after.recordings > preview_of(db, target, own, now).await?.recordings {
            return Err(AppError::invalid(
                "confirm",
                format!("{} Tick the box to confirm, then save again.", after.sentence()),
            ));
        }
    }
    Ok(set(db, entry, target, days, version, counted).await?.version)
}

/// What one purge did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Purged {
    pub deleted: u64,
    pub companies: u64,
    /// Companies whose purge failed (logged each).
    pub failed: u64,
}

/// Deletes every recording past its company's period as of `now`, `batch` per transaction,
/// oldest first; a recording on legal hold is never selected, and one put on hold between
/// the selection and the delete is kept (the delete itself refuses a held row).
pub async fn purge(db: &Db, storages: &Storages, now: OffsetDateTime, batch: usize) -> AppResult<Purged> {
    let mut done = Purged::default();
    for levels in store::retention::of_companies(db, None).await? {
        // One company's failure (its storage down) must not keep the others' purge from running.
        match purge_company(db, storages, now, batch, &levels).await {
            Ok(0) => {}
            Ok(n) => {
                done.deleted += n;
                done.companies += 1;
            }
            Err(e) => {
                done.failed += 1;
                tracing::error!(company = %levels.company_origin.id, error = %e, "the retention purge of a company failed")
            }
        }
    }
    Ok(done)
}

/// The purge of one company; how many recordings it deleted.
async fn purge_company(
    db: &Db,
    storages: &Storages,
    now: OffsetDateTime,
    batch: usize,
    levels: &RetentionLevels,
) -> AppResult<u64> {
    {
        let period = levels.resolve();
        let cut = cutoff(now, period.days);
        let why = format!("Past its retention of {}, set at {}.", period_text(period.days), period.from.describe());
        let company = &levels.company_origin.id;
        let reseller = &levels.reseller_origin.id;
        let mut deleted_here = 0;
        loop {
            let due = store::retention::expired(db, company, &cut, batch as i64).await?;
            let n = purge_batch(db, storages, company, reseller, &why, &due).await?;
            deleted_here += n;
            if due.len() < batch || n == 0 {
                break;
            }
            // Let the requests sharing the database in between batches.
            tokio::task::yield_now().await;
        }
        // The decisions of calls past the period go with their recordings.
        store::missing_recordings::forget_before(db, company, &cut).await?;
        Ok(deleted_here)
    }
}

/// One transaction of the purge: rows and audit entries together, the files moved aside
/// before the commit and put back if it fails.
async fn purge_batch(
    db: &Db,
    storages: &Storages,
    company: &str,
    reseller: &str,
    why: &str,
    due: &[store::retention::Expired],
) -> AppResult<u64> {
    if due.is_empty() {
        return Ok(0);
    }
    let mut held_in = Vec::with_capacity(due.len());
    for r in due {
        held_in.push(super::storage::holding(db, storages, r.storage_account_id.as_deref()).await?);
    }
    let mut tx = db.begin().await?;
    let mut removals = Vec::with_capacity(due.len());
    let written: AppResult<()> = async {
        for (r, storage) in due.iter().zip(&held_in) {
            if !store::recordings::delete(&mut tx, company, &r.id).await? {
                continue;
            }
            let entry = audit_log::Entry {
                action: "recording.purge",
                object_kind: Some("recording"),
                object_id: Some(r.id.clone()),
                company_id: Some(company.to_string()),
                reseller_id: Some(reseller.to_string()),
                before: super::write::json(r),
                detail: Some(why.to_string()),
                ..Default::default()
            };
            audit_log::write(&mut tx, &entry).await?;
            removals.push(storage.remove(&r.storage_key).await.map_err(AppError::internal)?);
        }
        Ok(())
    }
    .await;
    let n = removals.len() as u64;
    let committed = match written {
        Ok(()) => tx.commit().await.map_err(AppError::internal),
        Err(e) => Err(e),
    };
    match committed {
        Ok(()) => {
            for removal in removals {
                removal.finish().await;
            }
            Ok(n)
        }
        // Rows and audit entries rolled back: every file moved aside goes back.
        Err(e) => {
            for removal in removals {
                if let Err(io) = removal.restore().await {
                    tracing::error!(error = %io, "could not put a purged recording's file back");
                }
            }
            Err(e)
        }
    }
}

/// The purge on a schedule, on whichever instance holds its lease.
pub async fn run(db: Db, storages: std::sync::Arc<Storages>, period: Duration) {
    let mut tick = tokio::time::interval(period);
    loop {
        tick.tick().await;
        match super::jobs::holds(&db, JOB, period).await {
            Ok(true) => match purge(&db, &storages, OffsetDateTime::now_utc(), PURGE_BATCH).await {
                Ok(p) => {
                    super::jobs::ran(JOB, p.failed);
                    if p.deleted > 0 {
                        tracing::info!(deleted = p.deleted, companies = p.companies, "retention purge");
                    }
                }
                Err(e) => {
                    super::jobs::ran(JOB, 1);
                    tracing::error!(error = %e, "the retention purge failed")
                }
            },
            Ok(false) => {}
            Err(e) => tracing::error!(error = %e, "the retention purge could not take its lease"),
        }
    }
}

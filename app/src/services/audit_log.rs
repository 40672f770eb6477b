//! The Audit log pages and their CSV export: a company's entries, or everything inside the
//! caller's own scope (the platform's, a reseller's), logins above company level included.

use crate::access::capability::{can, CompanyAccess, Scope, ScopeAccess};
use crate::error::{AppError, AppResult};
use crate::model::audit_log::*;
use crate::store::{audit_log, Db, Within};

fn company(cap: &CompanyAccess<can::AuditLogView>) -> Within<'_> {
    Within::Company(&cap.company().id)
}

fn own(cap: &ScopeAccess<can::AuditLogView>) -> Within<'_> {
    match cap.scope() {
        Scope::Platform => Within::Platform,
        Scope::Reseller { reseller_id } => Within::Reseller(reseller_id),
        Scope::Company { company_id } => Within::Company(company_id),
    }
}

/// An entry as the page shows it: who (or the system), and what changed field by field.
fn entry(row: audit_log::EntryRow) -> AuditEntry {
    let parse = |t: Option<String>| t.and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok());
    AuditEntry {
        changes: changes(parse(row.before).as_ref(), parse(row.after).as_ref()),
        id: row.id,
        at: row.at,
        actor: row.actor_email.unwrap_or_else(|| "the system".into()),
        action: row.action,
        outcome: row.outcome,
        object_kind: row.object_kind,
        object_id: row.object_id,
        detail: row.detail,
    }
}

/// One page of the company's entries for the filter, newest first.
pub async fn page(cap: &CompanyAccess<can::AuditLogView>, db: &Db, filter: &AuditFilter) -> AppResult<AuditPage> {
    page_within(db, company(cap), filter).await
}

/// One page of every entry inside the caller's own scope.
pub async fn scope_page(cap: &ScopeAccess<can::AuditLogView>, db: &Db, filter: &AuditFilter) -> AppResult<AuditPage> {
    page_within(db, own(cap), filter).await
}

async fn page_within(db: &Db, within: Within<'_>, filter: &AuditFilter) -> AppResult<AuditPage> {
    let q = filter.parse().map_err(AppError::from)?;
    let mut entries: Vec<AuditEntry> =
        audit_log::page(db, within, &q, PAGE_SIZE).await?.into_iter().map(entry).collect();
    let more = entries.len() > PAGE_SIZE;
    entries.truncate(PAGE_SIZE);
    Ok(AuditPage {
        older: if more { entries.last().map(|e| e.id.to_string()) } else { None },
        entries,
        actions: audit_log::actions(db, within).await?,
    })
}

pub async fn export_csv(cap: &CompanyAccess<can::AuditLogView>, db: &Db, filter: &AuditFilter) -> AppResult<String> {
    export_within(db, company(cap), filter).await
}

pub async fn scope_export_csv(
    cap: &ScopeAccess<can::AuditLogView>,
    db: &Db,
    filter: &AuditFilter,
) -> AppResult<String> {
    export_within(db, own(cap), filter).await
}

/// The filtered view as CSV, newest first, at most [`MAX_EXPORT`] entries, read a thousand
/// at a time by keyset.
async fn export_within(db: &Db, within: Within<'_>, filter: &AuditFilter) -> AppResult<String> {
    let mut q = filter.parse().map_err(AppError::from)?;
    let mut out = String::from(CSV_HEADER);
    let mut written = 0;
    loop {
        let batch = audit_log::page(db, within, &q, 1000).await?;
        let more = batch.len() > 1000;
        q.before = batch.get(999).map(|e| e.id);
        for row in batch.into_iter().take(1000) {
            out.push_str(&csv_line(&entry(row)));
            written += 1;
            if written >= MAX_EXPORT {
                return Ok(out);
            }
        }
        if !more {
            return Ok(out);
        }
    }
}

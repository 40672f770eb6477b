//! The Audit log page and its CSV export, within the caller's company.

use crate::access::capability::{can, CompanyAccess};
use crate::auditlog::*;
use crate::error::{AppError, AppResult};
use crate::store::{audit, Db};

/// One page of the company's entries for the filter, newest first.
pub async fn page(cap: &CompanyAccess<can::AuditLogView>, db: &Db, filter: &AuditFilter) -> AppResult<AuditPage> {
    let q = filter.parse().map_err(AppError::from)?;
    let mut entries = audit::page(db, &cap.company().id, &q, PAGE_SIZE).await?;
    let more = entries.len() > PAGE_SIZE;
    entries.truncate(PAGE_SIZE);
    Ok(AuditPage {
        older: if more { entries.last().map(|e| e.id.to_string()) } else { None },
        entries,
        actions: audit::actions(db, &cap.company().id).await?,
    })
}

/// The filtered view as CSV, newest first, at most [`MAX_EXPORT`] entries, read a thousand
/// at a time by keyset.
pub async fn export_csv(cap: &CompanyAccess<can::AuditLogView>, db: &Db, filter: &AuditFilter) -> AppResult<String> {
    let mut q = filter.parse().map_err(AppError::from)?;
    let mut out = String::from(CSV_HEADER);
    let mut written = 0;
    loop {
        let batch = audit::page(db, &cap.company().id, &q, 1000).await?;
        for e in batch.iter().take(1000) {
            out.push_str(&csv_line(e));
            written += 1;
            if written >= MAX_EXPORT {
                return Ok(out);
            }
        }
        if batch.len() <= 1000 {
            return Ok(out);
        }
        q.before = batch.get(999).map(|e| e.id);
    }
}

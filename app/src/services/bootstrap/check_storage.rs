//! `earmark check-storage`: the recordings' rows against the objects of the platform's
//! storage, for an operator after a restore, a failed disk or a bucket someone else can
//! write to. It reports rows whose object is missing, objects no row names, and files whose
//! size or SHA-256 is not the row's; `--repair` moves the objects no row names aside (under
//! `.orphaned/`). It never deletes a row: a recording whose audio is gone is still evidence
//! that the call was recorded, and deciding about it is a person's job.

use crate::store::files::{RecordingStorage, StoredObject};
use crate::store::recordings::{self, HeldIn};
use crate::store::Db;
use std::collections::BTreeMap;

/// What the check found, each list in key order.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct StorageReport {
    pub rows: u64,
    pub objects: u64,
    /// (recording id, key)
    pub missing: Vec<(String, String)>,
    /// Objects no row names, with their size.
    pub orphans: Vec<StoredObject>,
    /// (recording id, key, what differs)
    pub differ: Vec<(String, String, String)>,
    /// Orphans moved aside by `--repair`: (key, new key).
    pub moved: Vec<(String, String)>,
}

impl StorageReport {
    pub fn is_clean(&self) -> bool {
        self.missing.is_empty() && self.orphans.is_empty() && self.differ.is_empty()
    }
}

/// Progress of a check, for the command's output.
pub enum CheckProgress {
    Listed { objects: u64 },
    Hashed { done: u64, of: u64 },
}

const PAGE: i64 = 5_000;

/// Checks the storage's objects against the rows it holds (`held`; of one company's
/// recordings with `company`): every object is read and hashed, so this takes as long as
/// reading them all.
pub async fn check_storage(
    db: &Db,
    storage: &RecordingStorage,
    held: &HeldIn,
    company: Option<&str>,
    repair: bool,
    mut progress: impl FnMut(CheckProgress),
) -> Result<StorageReport, String> {
    let listed = storage.list().await.map_err(|e| format!("listing {}: {e}", storage.name()))?;
    // A company's recordings are kept under its id.
    let prefix = company.map(|c| format!("{c}/"));
    let mut objects: BTreeMap<String, u64> = listed
        .into_iter()
        .filter(|o| prefix.as_deref().is_none_or(|p| o.key.starts_with(p)))
        .map(|o| (o.key, o.size))
        .collect();
    let mut report = StorageReport { objects: objects.len() as u64, ..Default::default() };
    progress(CheckProgress::Listed { objects: report.objects });
    let mut after = String::new();
    loop {
        let page = recordings::stored_files(db, held, company, &after, PAGE)
            .await
            .map_err(|e| format!("reading rows: {e}"))?;
        let Some(last) = page.last() else { break };
        after = last.storage_key.clone();
        for row in page {
            report.rows += 1;
            let Some(size) = objects.remove(&row.storage_key) else {
                report.missing.push((row.id, row.storage_key));
                continue;
            };
            if size != row.size_bytes as u64 {
                let why = format!("size {size} bytes, the row says {}", row.size_bytes);
                report.differ.push((row.id, row.storage_key, why));
                continue;
            }
            match storage.sha256_of(&row.storage_key).await {
                Ok((sha, _)) if sha == row.sha256 => {}
                Ok((sha, _)) => {
                    report.differ.push((row.id, row.storage_key, format!("SHA-256 {sha}, the row says {}", row.sha256)))
                }
                Err(e) => report.differ.push((row.id, row.storage_key, format!("cannot be read: {e}"))),
            }
            if report.rows.is_multiple_of(500) {
                progress(CheckProgress::Hashed { done: report.rows, of: report.objects });
            }
        }
    }
    report.orphans = objects.into_iter().map(|(key, size)| StoredObject { key, size }).collect();
    if repair {
        for orphan in &report.orphans {
            let to = storage.move_aside(&orphan.key).await.map_err(|e| format!("moving {} aside: {e}", orphan.key))?;
            report.moved.push((orphan.key.clone(), to));
        }
    }
    Ok(report)
}

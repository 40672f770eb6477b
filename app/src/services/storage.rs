//! Where a company's recordings are kept: the platform's storage or a storage account of the
//! company's own, probed before it is saved and its secret sealed; the stored format and the
//! maximum recording length. Uploads, plays and deletes reach the storage through here.

use super::write::{audited, stale_unless};
use crate::access::capability::{can, CompanyAccess};
use crate::error::{AppError, AppResult};
use crate::model::storage::*;
use crate::policy::storage::{StorageAccount, StorageForm, StorageSettings, StoredFormat};
use crate::store::files::{ProbeFailure, RecordingStorage, S3Account, Storages};
pub use crate::store::recordings::HeldIn;
use crate::store::storage::{AccountRow, CompanyStorageRow};
use crate::store::{self, Db};
use std::sync::Arc;

/// The answer to an upload for a company with no storage to keep it in.
pub(crate) fn no_storage() -> AppError {
    AppError::invalid(
        "storage",
        "This company has no storage for recordings yet: set up its storage account on the Storage page first.",
    )
}

/// What the row's associated data binds a sealed secret to.
fn sealed_for(company_id: &str, account_id: &str) -> String {
    format!("storage_accounts/{company_id}/{account_id}")
}

fn account_view(a: &AccountRow) -> StorageAccount {
    StorageAccount {
        endpoint: a.endpoint.clone(),
        region: a.region.clone(),
        bucket: a.bucket.clone(),
        prefix: a.prefix.clone(),
        key_id: a.key_id.clone(),
        secret: None,
    }
}

async fn view_of(db: &Db, storages: &Storages, company_id: &str) -> AppResult<(StorageView, Option<AccountRow>)> {
    let row = store::storage::company_storage(db, company_id).await?;
    let account = match &row.account_id {
        Some(id) => Some(account_row(db, id).await?),
        None => None,
    };
    let view = StorageView {
        storage: StorageSettings {
            account: account.as_ref().map(account_view),
            stored_format: StoredFormat::parse(&row.stored_format).unwrap_or_default(),
            max_length_seconds: row.max_length_seconds.and_then(|s| u32::try_from(s).ok()),
        },
        version: row.version,
        platform_storage: storages.platform().is_some(),
        account_saved_at: account.as_ref().map(|a| a.created_at.clone()),
        account_saved_by: account.as_ref().map(|a| a.created_by.clone()),
    };
    Ok((view, account))
}

pub async fn storage(
    cap: &CompanyAccess<can::RecordingPolicyView>,
    db: &Db,
    storages: &Storages,
) -> AppResult<StorageView> {
    Ok(view_of(db, storages, &cap.company().id).await?.0)
}

pub async fn storage_page(
    cap: &CompanyAccess<can::RecordingPolicyView>,
    db: &Db,
    storages: &Storages,
    can_modify: bool,
) -> AppResult<StoragePage> {
    let view = storage(cap, db, storages).await?;
    Ok(StoragePage {
        form: StorageForm::from_settings(&view.storage),
        view,
        can_modify,
        can_seal: storages.secret_key().is_some(),
    })
}

/// The probe's failure as the field its owner must fix.
fn probe_error(f: ProbeFailure) -> AppError {
    tracing::info!(failure = ?f, "a storage account's probe failed");
    match f {
        ProbeFailure::Refused(_) => AppError::invalid(
            "account.secret",
            "The storage refused this access key id and secret key: writing a probe object was not allowed. Check both.",
        ),
        ProbeFailure::NoBucket(_) => {
            AppError::invalid("account.bucket", "The storage has no such bucket: check its name and region.")
        }
        ProbeFailure::Unreachable(_) => AppError::invalid(
            "account.endpoint",
            "The storage did not answer as S3 does at this endpoint: check the address and that it is reachable from the server.",
        ),
        ProbeFailure::Mismatch => AppError::invalid(
            "account.endpoint",
            "The storage gave back other bytes than the probe wrote: it cannot keep recordings faithfully.",
        ),
    }
}

/// The secret the account will use: the one given, or, for the same key id, the one saved.
fn secret_for(storages: &Storages, given: &StorageAccount, saved: Option<&AccountRow>) -> AppResult<String> {
    if let Some(secret) = &given.secret {
        return Ok(secret.clone());
    }
    let key = storages.secret_key().ok_or_else(cannot_seal)?;
    match saved.filter(|s| s.key_id == given.key_id) {
        Some(s) => key.open(&s.secret_sealed, &sealed_for(&s.company_id, &s.id)).map_err(AppError::internal),
        None => Err(AppError::invalid("account.secret", "Enter the secret key of this access key id.")),
    }
}

fn cannot_seal() -> AppError {
    AppError::invalid(
        "account.secret",
        "This server cannot keep a secret key safely: its operator must set EARMARK_SECRET_KEY before a storage account can be saved.",
    )
}

/// Saves the company's storage settings over the version read. A new or changed account is
/// probed (write, read, delete) before anything is saved and becomes a new row, so recordings
/// kept under the old one stay readable; the secret is sealed, and neither the audit entry nor
/// any answer carries it.
pub async fn set_storage(
    cap: &CompanyAccess<can::RecordingPolicyModify>,
    db: &Db,
    storages: &Storages,
    settings: StorageSettings,
    version: i64,
) -> AppResult<StorageView> {
    let c = cap.company();
    let settings = settings.normalized();
    let mut attempted = StorageUpdate { storage: settings.clone(), version };
    if let Some(a) = &mut attempted.storage.account {
        a.secret = None;
    }
    let entry = cap.audit("storage.update", "company", &c.id);
    let actor = cap.actor().email.clone();
    audited(db, entry, &attempted, async {
        settings.validate().into_result()?;
        let (before, saved) = view_of(db, storages, &c.id).await?;
        stale_unless(before.version == version)?;
        let unchanged = |a: &StorageAccount| {
            saved
                .as_ref()
                .is_some_and(|s| a.secret.is_none() && account_view(s) == StorageAccount { secret: None, ..a.clone() })
        };
        let new_account = match &settings.account {
            None if storages.platform().is_none() => {
                return Err(AppError::invalid(
                    "account",
                    "The platform keeps no recordings: set up a storage account of the company's own.",
                ))
            }
            None => None,
            Some(a) if unchanged(a) => None,
            Some(a) => {
                let key = storages.secret_key().ok_or_else(cannot_seal)?;
                let secret = secret_for(storages, a, saved.as_ref())?;
                let opened = RecordingStorage::s3(&s3_account(a, secret.clone())).map_err(|_| {
                    AppError::invalid(
                        "account.endpoint",
                        "Enter the endpoint as a URL, e.g. https://s3.eu-west-1.amazonaws.com.",
                    )
                })?;
                opened.probe().await.map_err(probe_error)?;
                let id = store::new_id();
                Some(AccountRow {
                    secret_sealed: key.seal(&secret, &sealed_for(&c.id, &id)),
                    id,
                    company_id: c.id.clone(),
                    endpoint: a.endpoint.clone(),
                    region: a.region.clone(),
                    bucket: a.bucket.clone(),
                    prefix: a.prefix.clone(),
                    key_id: a.key_id.clone(),
                    created_at: store::now_text(),
                    created_by: actor.clone(),
                })
            }
        };
        let account_id = match (&settings.account, &new_account) {
            (None, _) => None,
            (Some(_), Some(n)) => Some(n.id.clone()),
            (Some(_), None) => saved.as_ref().map(|s| s.id.clone()),
        };
        let mut tx = db.begin().await?;
        if let Some(n) = &new_account {
            store::storage::insert_account(&mut tx, n).await?;
        }
        let row = CompanyStorageRow {
            account_id,
            stored_format: settings.stored_format.as_str().into(),
            max_length_seconds: settings.max_length_seconds.map(i64::from),
            version,
        };
        stale_unless(store::storage::save_company_storage(&mut tx, &c.id, &row, version).await?)?;
        let account = new_account.as_ref().or(saved.as_ref().filter(|_| settings.account.is_some()));
        let after = StorageView {
            storage: StorageSettings { account: account.map(account_view), ..settings.clone() },
            version: version + 1,
            platform_storage: before.platform_storage,
            account_saved_at: account.map(|a| a.created_at.clone()),
            account_saved_by: account.map(|a| a.created_by.clone()),
        };
        Ok((tx, before, after))
    })
    .await
}

fn s3_account(a: &StorageAccount, secret: String) -> S3Account {
    S3Account {
        endpoint: a.endpoint.clone(),
        region: a.region.clone(),
        bucket: a.bucket.clone(),
        prefix: a.prefix.clone(),
        key_id: a.key_id.clone(),
        secret,
    }
}

/// The storage account `id`, opened once and kept open.
async fn open_account(db: &Db, storages: &Storages, id: &str) -> AppResult<Arc<RecordingStorage>> {
    // Every play of a recording kept in an account comes here: an account opened once is
    // neither read nor unsealed again.
    if let Some(opened) = storages.cached(id) {
        return Ok(opened);
    }
    let row = account_row(db, id).await?;
    let key = storages.secret_key().ok_or_else(|| {
        AppError::internal("a company keeps recordings in its own storage account, but EARMARK_SECRET_KEY is not set")
    })?;
    let secret = key.open(&row.secret_sealed, &sealed_for(&row.company_id, &row.id)).map_err(AppError::internal)?;
    let opened = RecordingStorage::s3(&s3_account(&account_view(&row), secret)).map_err(AppError::internal)?;
    Ok(storages.remember(id, opened))
}

async fn account_row(db: &Db, id: &str) -> AppResult<AccountRow> {
    store::storage::account(db, id).await?.ok_or_else(|| AppError::internal("a storage account row is missing"))
}

/// The storage that keeps the company's new recordings, and which rows it holds.
pub async fn current(db: &Db, storages: &Storages, company_id: &str) -> AppResult<(Arc<RecordingStorage>, HeldIn)> {
    let (account_id, storage) = for_new_recording(db, storages, company_id).await?;
    let held = match account_id {
        Some(id) => {
            let row = account_row(db, &id).await?;
            HeldIn::Bucket { endpoint: row.endpoint, bucket: row.bucket, prefix: row.prefix }
        }
        None => HeldIn::Platform,
    };
    Ok((storage, held))
}

/// The Storage page's check of the company's current storage against its rows: what is
/// missing, what differs, what no row names. It reads every recording, and repairs nothing.
pub async fn check(
    cap: &CompanyAccess<can::RecordingPolicyModify>,
    db: &Db,
    storages: &Storages,
) -> AppResult<StorageCheck> {
    let c = cap.company();
    let (storage, held) = current(db, storages, &c.id).await?;
    let report = super::bootstrap::check_storage::check_storage(db, &storage, &held, Some(&c.id), false, |_| {})
        .await
        .map_err(AppError::internal)?;
    let line = |recording: Option<String>, key: String, what: String| CheckLine { recording, key, what };
    Ok(StorageCheck {
        storage: storage.name(),
        rows: report.rows,
        objects: report.objects,
        missing_count: report.missing.len(),
        missing: report
            .missing
            .into_iter()
            .take(CHECK_LINES)
            .map(|(id, key)| line(Some(id), key, "no file".into()))
            .collect(),
        differ_count: report.differ.len(),
        differ: report.differ.into_iter().take(CHECK_LINES).map(|(id, key, why)| line(Some(id), key, why)).collect(),
        orphan_count: report.orphans.len(),
        orphans: report
            .orphans
            .into_iter()
            .take(CHECK_LINES)
            .map(|o| line(None, o.key, format!("{} bytes, no recording names it", o.size)))
            .collect(),
    })
}

/// Where the company's new recordings go: its own account (its id) or the platform's storage.
pub(crate) async fn for_new_recording(
    db: &Db,
    storages: &Storages,
    company_id: &str,
) -> AppResult<(Option<String>, Arc<RecordingStorage>)> {
    let account_id = store::storage::company_storage(db, company_id).await?.account_id;
    let storage = holding(db, storages, account_id.as_deref()).await?;
    Ok((account_id, storage))
}

/// The storage holding a recording, by the account its row names (none: the platform's).
pub(crate) async fn holding(
    db: &Db,
    storages: &Storages,
    account_id: Option<&str>,
) -> AppResult<Arc<RecordingStorage>> {
    match account_id {
        Some(id) => open_account(db, storages, id).await,
        None => storages.platform().cloned().ok_or_else(no_storage),
    }
}

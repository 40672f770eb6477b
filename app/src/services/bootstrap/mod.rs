//! What runs before anyone can sign in, and so without a capability: opening and migrating
//! the database, the recording storage, the first platform owner (`earmark create-admin`) and
//! the demo data (`earmark demo`). Nothing else skips the checks; the HTTP layer never
//! reaches this module.

pub mod check_storage;
pub mod demo;

use crate::access::BuiltinRole;
use crate::error::{AppError, AppResult};
use crate::policy::validation::check_email;
use crate::store::files::{PlatformStorage, RecordingStorage, Spool, Storages};
use crate::store::{self, administrators, audit_log, tenants, Db, Location};
use std::path::Path;
use std::sync::Arc;

/// Opens the database (creating the file), brings its schema up to date and makes sure the
/// platform and the built-in roles are there. The server refuses to start when this fails.
pub async fn open_database(location: &Location) -> Result<Db, String> {
    let db = Db::open(location).await.map_err(|e| format!("opening database {location}: {e}"))?;
    db.migrate().await.map_err(|e| format!("running database migrations: {e}"))?;
    let prepare = async {
        let mut tx = db.begin().await?;
        tenants::ensure_platform(&mut tx).await?;
        store::roles::sync_builtin(&mut tx).await?;
        tx.commit().await
    };
    prepare.await.map_err(|e| format!("preparing the database: {e}"))?;
    Ok(db)
}

/// Whether this instance can serve: its database answers and carries this build's schema.
/// The reason it cannot is logged, never sent.
pub async fn ready(db: &Db) -> bool {
    match db.pool().is_migrated().await {
        Ok(true) => true,
        Ok(false) => {
            tracing::warn!("not ready: the database lacks migrations this build needs");
            false
        }
        Err(e) => {
            tracing::warn!(error = %e, "not ready: the database does not answer");
            false
        }
    }
}

pub use crate::store::copy::Progress as CopyProgress;

/// `earmark copy-database`: every row of the SQLite database `from` (brought up to this
/// build's schema first) into the empty PostgreSQL database `to`, in one transaction; the
/// rows copied per table, each checked against the source. The recordings' audio stays
/// where it is: point the new install at the same recordings folder.
pub async fn copy_database(
    from: &Location,
    to: &Location,
    progress: impl FnMut(CopyProgress<'_>),
) -> Result<Vec<(&'static str, i64)>, String> {
    if !matches!((from, to), (Location::Sqlite(_), Location::Postgres(_))) {
        return Err("copy-database copies a SQLite database (--from) into a PostgreSQL database (--to)".into());
    }
    let source = open_database(from).await?;
    let target = Db::open(to).await.map_err(|e| format!("opening database {to}: {e}"))?;
    if let store::Pool::Postgres(p) = target.pool() {
        let filled = store::copy::first_filled_table(p).await.map_err(|e| format!("reading database {to}: {e}"))?;
        if let Some(table) = filled {
            return Err(format!(
                "the database {to} is not empty (its table {table} has rows); copy into a new, empty database"
            ));
        }
    }
    target.migrate().await.map_err(|e| format!("running database migrations on {to}: {e}"))?;
    store::copy::copy(source.pool(), target.pool(), progress).await.map_err(|e| e.to_string())
}

/// Opens the spool in `work_dir` (sweeping what an earlier run left half received) and the
/// platform's storage, checked to be reachable, so a wrong bucket or key stops the start with
/// the reason rather than failing the first upload.
pub async fn open_storage(
    work_dir: &Path,
    platform: &PlatformStorage,
    secret_key: Option<crate::store::secret::SecretKey>,
) -> Result<Arc<Storages>, String> {
    let spool_in = match platform {
        PlatformStorage::Folder(dir) => dir.as_path(),
        _ => work_dir,
    };
    let spool =
        Spool::open(spool_in).map_err(|e| format!("opening the upload spool in {}: {e}", spool_in.display()))?;
    let storage = match platform {
        PlatformStorage::Folder(dir) => Some(
            RecordingStorage::local(dir)
                .map_err(|e| format!("opening the recordings folder {}: {e}", dir.display()))?,
        ),
        PlatformStorage::S3(url) => {
            let storage = RecordingStorage::s3_from_env(url).map_err(|e| format!("the storage {url}: {e}"))?;
            storage.check().await.map_err(|e| format!("the storage {url} cannot be read: {e}"))?;
            Some(storage)
        }
        PlatformStorage::None => None,
    };
    Ok(Arc::new(Storages::new(spool, storage).with_secret_key(secret_key)))
}

/// Makes a platform owner with the password rules of the Your account page (the bundled
/// common-password list included), audited as made by `earmark create-admin`.
pub async fn create_platform_owner(db: &Db, email: &str, name: &str, password: &str) -> AppResult<String> {
    let email = check_email("email", email)?;
    let name = name.trim();
    crate::model::check_name("name", name)?;
    super::password::check_new(password, password, &email)?;
    let hash = super::password::hash(password.to_string()).await?;
    let mut tx = db.begin().await?;
    if administrators::exists_by_email(&mut tx, &email).await? {
        return Err(AppError::invalid("email", format!("An administrator with the e-mail {email} already exists.")));
    }
    let id = store::new_id();
    administrators::insert(
        &mut tx,
        &id,
        &administrators::NewAdmin {
            email: &email,
            name,
            password_hash: &hash,
            role_id: BuiltinRole::PlatformOwner.id(),
            scope_kind: "platform",
            reseller_id: None,
            company_id: None,
            teams: &[],
            must_change_password: false,
        },
    )
    .await?;
    audit_log::write(
        &mut tx,
        &audit_log::Entry {
            actor_email: Some("earmark create-admin".into()),
            action: "administrator.create",
            object_kind: Some("administrator"),
            object_id: Some(id.clone()),
            after: Some(serde_json::json!({"email": email, "role": BuiltinRole::PlatformOwner.name()}).to_string()),
            ..Default::default()
        },
    )
    .await?;
    tx.commit().await?;
    Ok(email)
}

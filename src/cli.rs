//! The commands of the `earmark` binary.

use crate::config::{CreateAdminArgs, ServeArgs};
use crate::router::{self, SessionSettings};
use anyhow::Context;
use app::access::BuiltinRole;
use app::state::{AppState, Settings};
use app::store::files::RecordingStorage;
use app::store::{admins, tenants, Db};
use leptos::config::LeptosOptions;
use std::net::SocketAddr;
use std::path::Path;
use tower_sessions::ExpiredDeletion;
use tower_sessions_sqlx_store::SqliteStore;

/// Opens the database and brings its schema up to date; failing here stops the program.
pub async fn open_db(path: &Path) -> anyhow::Result<Db> {
    let db = Db::open(path).await.with_context(|| format!("opening database {}", path.display()))?;
    db.migrate().await.context("running database migrations")?;
    let mut tx = db.begin().await?;
    tenants::ensure_platform(&mut tx).await?;
    admins::sync_builtin_roles(&mut tx).await?;
    tx.commit().await?;
    Ok(db)
}

/// Opens the recording storage (creating the folder), sweeping half-received files.
pub fn open_storage(dir: &Path) -> anyhow::Result<std::sync::Arc<RecordingStorage>> {
    Ok(std::sync::Arc::new(
        RecordingStorage::local(dir).with_context(|| format!("opening the recordings folder {}", dir.display()))?,
    ))
}

pub fn leptos_options(args: &ServeArgs) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("earmark")
        .site_root(args.site_root.as_str())
        .site_pkg_dir("pkg")
        .site_addr(args.addr)
        .hash_files(args.hash_files)
        .build()
}

pub fn settings(args: &ServeArgs) -> Settings {
    Settings {
        session_absolute_secs: args.session_absolute_hours * 3600,
        address_max_failures: args.address_max_failures,
        recording_max_bytes: args.recording_max_mb * 1024 * 1024,
        ..Settings::default()
    }
}

/// Everything `serve` builds before it listens; tests build the same.
pub async fn app_router(
    db: Db,
    recordings: std::sync::Arc<RecordingStorage>,
    args: &ServeArgs,
) -> anyhow::Result<(axum::Router, SqliteStore)> {
    let store = SqliteStore::new(db.pool().clone());
    let state = AppState::new(db, recordings, settings(args));
    let sessions = SessionSettings { secure: args.secure_cookies, idle_minutes: args.session_idle_minutes };
    Ok((router::build(state, leptos_options(args), store.clone(), sessions), store))
}

pub async fn serve(db_path: &Path, recordings: &Path, args: ServeArgs) -> anyhow::Result<()> {
    let db = open_db(db_path).await?;
    let (app, store) = app_router(db, open_storage(recordings)?, &args).await?;
    tokio::spawn(async move {
        if let Err(e) = store.continuously_delete_expired(tokio::time::Duration::from_secs(300)).await {
            tracing::error!(error = %e, "expired-session cleanup stopped");
        }
    });
    let listener = tokio::net::TcpListener::bind(args.addr).await.with_context(|| format!("binding {}", args.addr))?;
    tracing::info!("Earmark is listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}

pub async fn demo(db_path: &Path, recordings: &Path) -> anyhow::Result<()> {
    let db = open_db(db_path).await?;
    let created = crate::demo::seed(&db).await?;
    let stored =
        crate::demo::seed_recordings(&db, &*open_storage(recordings)?, crate::demo::RECORDINGS_PER_COMPANY).await?;
    println!(
        "Demo data is in place ({created} new logins, {stored} new recordings). Password for every demo login: {}",
        crate::demo::DEMO_PASSWORD
    );
    Ok(())
}

pub async fn create_admin(db_path: &Path, args: CreateAdminArgs) -> anyhow::Result<()> {
    let password = match std::env::var(&args.password_env) {
        Ok(p) => p,
        Err(_) => rpassword::prompt_password("Password for the new platform owner: ")?,
    };
    if password.chars().count() < 12 {
        anyhow::bail!("The password must have at least 12 characters.");
    }
    let email = args.email.trim().to_lowercase();
    if !email.contains('@') {
        anyhow::bail!("'{email}' is not an e-mail address.");
    }
    let db = open_db(db_path).await?;
    let hash = app::services::password::hash(password).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut tx = db.begin().await?;
    if admins::exists_by_email(&mut tx, &email).await? {
        anyhow::bail!("An administrator with the e-mail {email} already exists.");
    }
    let id = app::store::new_id();
    admins::insert(
        &mut tx,
        &id,
        &admins::NewAdmin {
            email: &email,
            name: args.name.trim(),
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
    app::store::audit::write(
        &mut tx,
        &app::store::audit::Entry {
            actor_email: Some("earmark create-admin".into()),
            action: "administrator.create",
            object_kind: Some("administrator"),
            object_id: Some(id),
            after: Some(serde_json::json!({"email": email, "role": BuiltinRole::PlatformOwner.name()}).to_string()),
            ..Default::default()
        },
    )
    .await?;
    tx.commit().await?;
    println!("Created platform owner {email}.");
    Ok(())
}

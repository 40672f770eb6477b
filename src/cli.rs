//! The commands of the `earmark` binary.

use crate::config::{CreateAdminArgs, ServeArgs};
use crate::router::{self, SessionSettings};
use crate::sessions::Sessions;
use anyhow::Context;
use app::services::bootstrap;
use app::state::{AppState, Settings};
use app::{Db, Location, PlatformStorage, Storages};
use leptos::config::LeptosOptions;
use std::path::PathBuf;
use tower_sessions::ExpiredDeletion;

/// Opens the database and brings its schema up to date; failing here stops the program.
pub async fn open_db(location: &Location) -> anyhow::Result<Db> {
    bootstrap::open_database(location).await.map_err(anyhow::Error::msg)
}

/// The recordings folder (the spool's place when the platform keeps recordings elsewhere),
/// the platform's storage, and the key that opens the companies' own storage accounts.
pub type StorageArgs = (PathBuf, PlatformStorage, Option<app::SecretKey>);

/// Opens the spool and the platform's storage (see [`bootstrap::open_storage`]).
pub async fn open_storage((dir, platform, key): &StorageArgs) -> anyhow::Result<std::sync::Arc<Storages>> {
    bootstrap::open_storage(dir, platform, key.clone()).await.map_err(anyhow::Error::msg)
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
        bulk_download_max: args.bulk_download_max,
        ..Settings::default()
    }
}

/// Everything `serve` builds before it listens; tests build the same.
pub async fn app_router(
    db: Db,
    recordings: std::sync::Arc<Storages>,
    args: &ServeArgs,
) -> anyhow::Result<(axum::Router, Sessions)> {
    let store = Sessions::new(&db);
    let state = AppState::new(db, recordings, settings(args));
    let sessions = SessionSettings {
        secure: args.secure_cookies,
        idle_minutes: args.session_idle_minutes,
        body_timeout: std::time::Duration::from_secs(args.body_timeout_secs),
    };
    Ok((router::build(state, leptos_options(args), store.clone(), sessions), store))
}

pub async fn serve(database: &Location, recordings: &StorageArgs, args: ServeArgs) -> anyhow::Result<()> {
    let db = open_db(database).await?;
    if let Some(addr) = args.metrics_addr {
        let handle = crate::metrics::install()?;
        let listener =
            tokio::net::TcpListener::bind(addr).await.with_context(|| format!("binding {addr} for /metrics"))?;
        tracing::info!("metrics at http://{}/metrics", listener.local_addr()?);
        let router = crate::metrics::router(handle, db.clone());
        tokio::spawn(async move {
            if let Err(e) = axum::serve(listener, router).await {
                tracing::error!(error = %e, "the metrics listener stopped");
            }
        });
    }
    let storages = open_storage(recordings).await?;
    if let Some(mailer) = mailer(&args)? {
        tokio::spawn(app::services::deliveries::run(
            db.clone(),
            storages.clone(),
            mailer,
            std::time::Duration::from_secs(10),
        ));
    }
    // What a crash left of unfinished uploads goes before the first request, then every ten
    // minutes on whichever instance holds the sweep's lease.
    let sweep_after = std::time::Duration::from_secs(args.upload_sweep_after_secs);
    match app::services::uploads::sweep(&db, &storages, sweep_after).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(swept = n, "removed what unfinished uploads had kept"),
        Err(e) => tracing::error!(error = %e, "the sweep of unfinished uploads failed"),
    }
    tokio::spawn(app::services::uploads::run(
        db.clone(),
        storages.clone(),
        sweep_after,
        std::time::Duration::from_secs(600),
    ));
    // Hourly, on whichever instance holds the purge's lease.
    tokio::spawn(app::services::retention::run(db.clone(), storages.clone(), std::time::Duration::from_secs(3600)));
    let (app, store) = app_router(db.clone(), storages, &args).await?;
    // Every five minutes, on whichever instance holds the sweep's lease.
    tokio::spawn(async move {
        let period = std::time::Duration::from_secs(300);
        let mut tick = tokio::time::interval(period);
        loop {
            tick.tick().await;
            match app::services::jobs::holds(&db, "expired-sessions", period).await {
                Ok(true) => {
                    let failed = store.delete_expired().await.err();
                    app::services::jobs::ran("expired-sessions", failed.is_some() as u64);
                    if let Some(e) = failed {
                        tracing::error!(error = %e, "the expired-session sweep failed");
                    }
                }
                Ok(false) => {}
                Err(e) => tracing::error!(error = %e, "the expired-session sweep could not take its lease"),
            }
        }
    });
    let listener = tokio::net::TcpListener::bind(args.addr).await.with_context(|| format!("binding {}", args.addr))?;
    tracing::info!("Earmark is listening on http://{}", listener.local_addr()?);
    let limits = crate::listen::ConnectionLimits {
        header_timeout: std::time::Duration::from_secs(args.header_timeout_secs),
        per_address: args.max_connections_per_address,
    };
    crate::listen::serve(listener, app, limits, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    Ok(())
}

/// The SMTP server of e-mail deliveries, when one is configured.
pub fn mailer(args: &ServeArgs) -> anyhow::Result<Option<app::services::deliveries::Mailer>> {
    let Some(url) = &args.smtp_url else { return Ok(None) };
    let public = args.public_url.clone().unwrap_or_else(|| format!("http://{}", args.addr));
    let mailer =
        app::services::deliveries::Mailer::new(url, &args.mail_from, args.mail_attach_max_mb * 1024 * 1024, &public)
            .map_err(anyhow::Error::msg)?;
    Ok(Some(mailer))
}

pub async fn demo(database: &Location, recordings: &StorageArgs) -> anyhow::Result<()> {
    let db = open_db(database).await?;
    let created = bootstrap::demo::seed(&db).await?;
    let stored = bootstrap::demo::seed_recordings(
        &db,
        &*open_storage(recordings).await?,
        bootstrap::demo::RECORDINGS_PER_COMPANY,
    )
    .await?;
    println!(
        "Demo data is in place ({created} new logins, {stored} new recordings). Password for every demo login: {}",
        bootstrap::demo::DEMO_PASSWORD
    );
    Ok(())
}

pub async fn create_admin(database: &Location, args: CreateAdminArgs) -> anyhow::Result<()> {
    let password = match std::env::var(&args.password_env) {
        Ok(p) => p,
        Err(_) => rpassword::prompt_password("Password for the new platform owner: ")?,
    };
    let db = open_db(database).await?;
    // The same refusals as the pages give, each on its own line.
    let email = match app::services::bootstrap::create_platform_owner(&db, &args.email, &args.name, &password).await {
        Ok(email) => email,
        Err(e) => {
            let fields = e.fields();
            if fields.is_empty() {
                anyhow::bail!("{e}");
            }
            anyhow::bail!(
                "{}",
                fields.iter().map(|f| format!("{}: {}", f.field, f.message)).collect::<Vec<_>>().join("\n")
            );
        }
    };
    println!("Created platform owner {email}.");
    Ok(())
}

pub async fn copy_database(from: &Location, to: &Location) -> anyhow::Result<()> {
    use bootstrap::CopyProgress;
    println!("Copying {from} into {to}");
    let started = std::time::Instant::now();
    let copied = bootstrap::copy_database(from, to, |p| match p {
        CopyProgress::Table { table, rows } => println!("  {table}: {rows} rows"),
        CopyProgress::Rows { table, done, of } => println!("  {table}: {done} of {of}"),
    })
    .await
    .map_err(anyhow::Error::msg)?;
    let rows: i64 = copied.iter().map(|(_, n)| n).sum();
    println!(
        "Copied {rows} rows in {} tables in {:.1} s; every table's count matches the source. Sessions are not copied: \
         everyone signs in again.",
        copied.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// `earmark check-storage`: prints what it finds, a line each, and a summary; true when the
/// storage and the rows agree.
pub async fn check_storage(
    database: &Location,
    recordings: &StorageArgs,
    args: &crate::config::CheckStorageArgs,
) -> anyhow::Result<bool> {
    use bootstrap::check_storage::CheckProgress;
    let db = open_db(database).await?;
    let storages = open_storage(recordings).await?;
    // A company's check is of the storage its new recordings go to: its own account, or the
    // platform's; without one, the platform's storage for every company.
    let (storage, held) = match &args.company {
        Some(c) => app::services::storage::current(&db, &storages, c).await.map_err(|e| anyhow::anyhow!("{e}"))?,
        None => (
            storages.platform().cloned().context("the platform has no storage (EARMARK_STORAGE=none) to check")?,
            app::services::storage::HeldIn::Platform,
        ),
    };
    println!("Checking the recordings in {}", storage.name());
    let started = std::time::Instant::now();
    let report = bootstrap::check_storage::check_storage(
        &db,
        &storage,
        &held,
        args.company.as_deref(),
        args.repair,
        |p| match p {
            CheckProgress::Listed { objects } => println!("  {objects} files listed; reading each against its row"),
            CheckProgress::Hashed { done, of } => println!("  {done} of about {of} read"),
        },
    )
    .await
    .map_err(anyhow::Error::msg)?;
    for (id, key) in &report.missing {
        println!("missing   recording {id}: no file at {key}");
    }
    for (id, key, why) in &report.differ {
        println!("differs   recording {id} ({key}): {why}");
    }
    for o in &report.orphans {
        println!("orphan    {} ({} bytes): no recording names it", o.key, o.size);
    }
    for (from, to) in &report.moved {
        println!("moved     {from} to {to}");
    }
    println!(
        "{} recordings, {} files: {} missing, {} differ, {} orphans{} ({:.1} s)",
        report.rows,
        report.objects,
        report.missing.len(),
        report.differ.len(),
        report.orphans.len(),
        if args.repair { format!(", {} moved aside", report.moved.len()) } else { String::new() },
        started.elapsed().as_secs_f64()
    );
    Ok(report.is_clean())
}

//! Configuration from the command line and the environment (`EARMARK_*`).

use app::{Location, PlatformStorage, SecretKey};
use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(name = "earmark", version, about = "Call-recording administration portal")]
pub struct Cli {
    #[command(flatten)]
    pub common: Common,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Args)]
pub struct Common {
    /// The database: a SQLite file (a path, or `sqlite://path`; created on first start) or a
    /// PostgreSQL database, `postgres://user:pass@host:port/db`, which several instances may
    /// share.
    #[arg(long, env = "EARMARK_DATABASE", default_value = "data/earmark.db", global = true, value_parser = parse_location)]
    pub database: Location,
    /// The folder recordings' audio is stored in; by default `recordings` beside a SQLite
    /// database, `data/recordings` with PostgreSQL.
    #[arg(long, env = "EARMARK_RECORDINGS_DIR", global = true)]
    pub recordings_dir: Option<PathBuf>,
    /// Where the platform keeps recordings: a folder (by default the recordings folder),
    /// `s3://bucket/prefix` on S3-compatible storage (the account in `AWS_ACCESS_KEY_ID`,
    /// `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`, `AWS_ENDPOINT_URL`; uploads are then received in
    /// the recordings folder before they go to the bucket), or `none`, when each company sets
    /// up its own storage account.
    #[arg(long, env = "EARMARK_STORAGE", global = true)]
    pub storage: Option<String>,
    /// The key that seals the secrets the database keeps (the companies' storage accounts'):
    /// 64 hexadecimal digits, e.g. from `openssl rand -hex 32`. Without it no company can save
    /// a storage account of its own. Keep it: the secrets sealed with it open with it only.
    #[arg(long, env = "EARMARK_SECRET_KEY", global = true, hide_env_values = true)]
    pub secret_key: Option<String>,
}

impl Common {
    pub fn recordings_dir(&self) -> PathBuf {
        self.recordings_dir.clone().unwrap_or_else(|| match &self.database {
            Location::Sqlite(file) => {
                file.parent().map(|d| d.join("recordings")).unwrap_or_else(|| PathBuf::from("recordings"))
            }
            Location::Postgres(_) => PathBuf::from("data/recordings"),
        })
    }
}

impl Common {
    pub fn secret_key(&self) -> Result<Option<SecretKey>, String> {
        self.secret_key.as_deref().filter(|k| !k.trim().is_empty()).map(SecretKey::parse).transpose()
    }

    pub fn storage(&self) -> PlatformStorage {
        match &self.storage {
            Some(text) => PlatformStorage::parse(text),
            None => PlatformStorage::Folder(self.recordings_dir()),
        }
    }
}

fn parse_location(text: &str) -> Result<Location, String> {
    Ok(Location::parse(text))
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the portal (the default).
    Serve(ServeArgs),
    /// Create the demo platform: resellers, companies, queues, users, devices and the demo
    /// logins. Running it again changes nothing.
    Demo,
    /// Create a platform owner, the first login of a real install.
    CreateAdmin(CreateAdminArgs),
    /// Copy an install's data from its SQLite database into a new, empty PostgreSQL
    /// database (every table, the audit log included, ids and versions kept).
    CopyDatabase(CopyDatabaseArgs),
    /// Compress the site's files once, after a build: brotli (best level) and gzip beside each,
    /// which the server then sends to browsers that take them.
    Precompress(PrecompressArgs),
    /// Check the recordings' rows against the platform's storage: rows whose file is missing,
    /// files no row names, sizes and SHA-256 that differ. Exits 1 when it found any.
    CheckStorage(CheckStorageArgs),
    /// Upload the finished recordings a PBX writes to a spool folder (an audio file and a JSON
    /// sidecar each, docs/INGEST.md), retrying while Earmark cannot take them; keeps watching
    /// unless `--once`.
    Ingest(IngestArgs),
}

#[derive(Debug, Clone, Args)]
pub struct IngestArgs {
    /// The spool folder; `uploading/`, `done/` and `failed/` are made inside it.
    #[arg(long, env = "EARMARK_INGEST_SPOOL")]
    pub spool: PathBuf,
    /// Earmark's address, e.g. `http://127.0.0.1:3000`.
    #[arg(long, env = "EARMARK_INGEST_URL")]
    pub url: String,
    /// An API token with the `recordings.upload` privilege, used for every company's
    /// recordings that the tokens file does not name.
    #[arg(long, env = "EARMARK_INGEST_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// A file of `company-id token` lines, for a spool that several companies share.
    #[arg(long, env = "EARMARK_INGEST_TOKENS_FILE")]
    pub tokens_file: Option<PathBuf>,
    /// rtpengine's `--recording-dir` (`--recording-method=pcap`): each call it finished
    /// recording is converted into the spool (a WAV and its sidecar) and uploaded.
    #[arg(long, env = "EARMARK_INGEST_RTPENGINE_DIR")]
    pub rtpengine_dir: Option<PathBuf>,
    /// Delete a recording's files once uploaded, instead of moving them to `done/`.
    #[arg(long, env = "EARMARK_INGEST_DELETE_UPLOADED")]
    pub delete_uploaded: bool,
    /// Upload what the spool holds now, then exit.
    #[arg(long)]
    pub once: bool,
    /// Seconds between looks at the spool for new recordings.
    #[arg(long, env = "EARMARK_INGEST_POLL_SECS", default_value_t = 2, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub poll_secs: u64,
    /// The longest wait between two tries of one recording, in seconds.
    #[arg(long, env = "EARMARK_INGEST_MAX_BACKOFF_SECS", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub max_backoff_secs: u64,
    /// One upload may take this many seconds before it is tried again.
    #[arg(long, env = "EARMARK_INGEST_REQUEST_TIMEOUT_SECS", default_value_t = 300, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub request_timeout_secs: u64,
}

#[derive(Debug, Clone, Args)]
pub struct PrecompressArgs {
    /// The folder cargo-leptos built the site into.
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: std::path::PathBuf,
}

#[derive(Debug, Clone, Args)]
pub struct CheckStorageArgs {
    /// Only this company's recordings (its id).
    #[arg(long)]
    pub company: Option<String>,
    /// Move the files no row names aside (under `.orphaned/`); rows are never deleted.
    #[arg(long)]
    pub repair: bool,
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "EARMARK_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    /// The folder cargo-leptos built the site into (pkg/ with the WASM, JS and CSS).
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: String,
    /// The site's file names carry a content hash. On by default because the workspace
    /// builds with cargo-leptos `hash-files = true`; a server that guessed wrong would
    /// point the page at /pkg files that do not exist and never hydrate.
    #[arg(long, env = "LEPTOS_HASH_FILES", default_value_t = true, action = clap::ArgAction::Set)]
    pub hash_files: bool,
    /// Mark the session cookie Secure: set this when the portal is served over https.
    #[arg(long, env = "EARMARK_SECURE_COOKIES", default_value_t = false, action = clap::ArgAction::Set)]
    pub secure_cookies: bool,
    /// A session ends after this many minutes without a request.
    #[arg(long, env = "EARMARK_SESSION_IDLE_MINUTES", default_value_t = 30)]
    pub session_idle_minutes: i64,
    /// A session ends this many hours after login, however active.
    #[arg(long, env = "EARMARK_SESSION_ABSOLUTE_HOURS", default_value_t = 12)]
    pub session_absolute_hours: i64,
    /// Failed logins from one client address within 10 minutes before it must wait.
    #[arg(long, env = "EARMARK_ADDRESS_MAX_FAILURES", default_value_t = 30)]
    pub address_max_failures: u32,
    /// The largest recording an upload may carry, in megabytes (more is refused with 413).
    #[arg(long, env = "EARMARK_RECORDING_MAX_MB", default_value_t = 200)]
    pub recording_max_mb: u64,
    /// The SMTP server recordings are sent by e-mail through, when a decision says `email_to`:
    /// `smtp://user:password@host:587?tls=required` (STARTTLS), `smtps://…:465` (TLS), or plain
    /// `smtp://host:25`. Without it deliveries wait in their queue.
    #[arg(long, env = "EARMARK_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// The sender of those e-mails.
    #[arg(long, env = "EARMARK_MAIL_FROM", default_value = "Earmark <earmark@localhost>")]
    pub mail_from: String,
    /// Recordings up to this size (MB) are attached; larger ones are sent as a link.
    #[arg(long, env = "EARMARK_MAIL_ATTACH_MAX_MB", default_value_t = 10)]
    pub mail_attach_max_mb: u64,
    /// Where administrators reach the portal, for the links in e-mails; by default
    /// `http://` and the listen address.
    #[arg(long, env = "EARMARK_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// A request whose body sends nothing for this many seconds is cut off (a client trickling
    /// its body holds a connection and a task for nothing).
    #[arg(long, env = "EARMARK_BODY_TIMEOUT_SECS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub body_timeout_secs: u64,
    /// A client that has not sent its request's head (the request line and headers) this many
    /// seconds after it began is cut off.
    #[arg(long, env = "EARMARK_HEADER_TIMEOUT_SECS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub header_timeout_secs: u64,
    /// The most connections one client address may hold open at once; more are closed as they
    /// come. Behind a load balancer every client has its address: raise it there.
    #[arg(long, env = "EARMARK_MAX_CONNECTIONS_PER_ADDRESS", default_value_t = 256)]
    pub max_connections_per_address: usize,
    /// The most recordings one bulk download (the ZIP of a Stored Recordings filter) may hold.
    #[arg(long, env = "EARMARK_BULK_DOWNLOAD_MAX", default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub bulk_download_max: u64,
    /// An upload not finished this many seconds after it began is taken for one a crash cut
    /// short, and the audio it kept is removed (at start, and every ten minutes): longer than
    /// any upload takes.
    #[arg(long, env = "EARMARK_UPLOAD_SWEEP_AFTER_SECS", default_value_t = 3600)]
    pub upload_sweep_after_secs: u64,
    /// Serve `/metrics` (Prometheus text format) on this address, apart from the portal's:
    /// keep it where only the monitoring reaches. Without it there is no `/metrics`.
    #[arg(long, env = "EARMARK_METRICS_ADDR")]
    pub metrics_addr: Option<SocketAddr>,
}

impl Default for ServeArgs {
    fn default() -> Self {
        ServeArgs {
            addr: "127.0.0.1:3000".parse().expect("valid default address"),
            site_root: "target/site".into(),
            hash_files: true,
            secure_cookies: false,
            session_idle_minutes: 30,
            session_absolute_hours: 12,
            address_max_failures: 30,
            recording_max_mb: 200,
            smtp_url: None,
            mail_from: "Earmark <earmark@localhost>".into(),
            mail_attach_max_mb: 10,
            public_url: None,
            body_timeout_secs: 30,
            header_timeout_secs: 30,
            max_connections_per_address: 256,
            bulk_download_max: 1000,
            upload_sweep_after_secs: 3600,
            metrics_addr: None,
        }
    }
}

#[derive(Debug, Clone, Args)]
pub struct CreateAdminArgs {
    #[arg(long)]
    pub email: String,
    #[arg(long)]
    pub name: String,
    /// Read the password from this variable instead of asking for it.
    #[arg(long, default_value = "EARMARK_ADMIN_PASSWORD")]
    pub password_env: String,
}

#[derive(Debug, Clone, Args)]
pub struct CopyDatabaseArgs {
    /// The SQLite database to copy: a path or `sqlite://path`.
    #[arg(long, value_parser = parse_location)]
    pub from: Location,
    /// The empty PostgreSQL database to copy into: `postgres://user:pass@host:port/db`.
    #[arg(long, value_parser = parse_location)]
    pub to: Location,
}

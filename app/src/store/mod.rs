//! Persistence. All SQL of Earmark lives under this module; nothing here knows a page or a
//! use case. `Db` is the interface the services see; SQLite (WAL, foreign keys on) or
//! PostgreSQL sits behind it, chosen when it is opened ([`backend`]). Each query is written
//! once, in SQLite's spelling, and rendered for PostgreSQL ([`dialect`]).

pub mod administrators;
pub mod audio_library;
pub mod audit_log;
pub mod bulk_changes;
pub mod cache;
pub mod call_events;
pub mod copy;
pub mod decisions;
pub mod deliveries;
pub mod devices;
pub mod erasures;
pub mod files;
pub mod force_record;
pub mod imports;
pub mod jobs;
pub mod legal_hold;
pub mod licence;
pub mod missing_recordings;
pub mod queues;
pub mod recording_mode;
pub mod recordings;
pub mod rename;
pub mod retention;
pub mod roles;
mod search;
pub mod secret;
pub mod sessions;
pub mod storage;
pub mod teams;
pub mod tenancy;
pub mod tenants;
pub mod throttle;
pub mod tokens;
pub mod treatment;
pub mod uploads;
pub mod users;

pub(crate) mod backend;
pub mod dialect;

pub(crate) use backend::run;
pub use backend::{Location, Pool, Tx};

#[derive(Clone, Debug)]
pub struct Db {
    pool: Pool,
    cache: std::sync::Arc<cache::ReadCache>,
    /// SQLite has one writer at a time. Write transactions take their turn here, before they
    /// take a connection: waiting inside SQLite instead, each would hold one of the pool's
    /// connections while the transaction holding the lock needs one for its reads (under 50
    /// sessions at once, saves waited 20 s and failed).
    writer: std::sync::Arc<tokio::sync::Mutex<()>>,
}

impl Db {
    /// Opens the database `location` names (a SQLite file is created if needed).
    pub async fn open(location: &Location) -> Result<Db, sqlx::Error> {
        let db = Db { pool: Pool::open(location).await?, cache: Default::default(), writer: Default::default() };
        if let Pool::Postgres(p) = &db.pool {
            cache::listen(p.clone(), db.cache.clone());
        }
        Ok(db)
    }

    /// Brings the schema up to date; the server refuses to start when this fails.
    pub async fn migrate(&self) -> Result<(), sqlx::migrate::MigrateError> {
        self.pool.migrate().await
    }

    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        let turn = self.write_turn().await;
        self.pool.begin(turn).await
    }

    /// On SQLite, the process's write turn, for a write made outside [`Db::begin`] (the session
    /// store's): held while it writes, so that it does not wait inside SQLite behind the queue
    /// of transactions (busy, after five seconds, under 500 sessions at once).
    pub async fn write_turn(&self) -> Option<tokio::sync::OwnedMutexGuard<()>> {
        match self.pool {
            Pool::Sqlite(_) => Some(self.writer.clone().lock_owned().await),
            Pool::Postgres(_) => None,
        }
    }

    /// How the queries reach the pool, for [`run!`].
    pub(crate) fn conn(&self) -> backend::Conn<&sqlx::SqlitePool, &sqlx::PgPool> {
        self.pool.conn()
    }

    /// The read cache of the decision path; see [`cache`].
    pub fn cache(&self) -> &cache::ReadCache {
        &self.cache
    }

    /// Tells the read cache that a write of one company's policy (or, with `None`, of
    /// something every company reads) committed; with PostgreSQL, every other instance's
    /// cache too.
    pub fn policy_changed(&self, company_id: Option<&str>) {
        self.cache.invalidate(company_id);
        if let Pool::Postgres(p) = &self.pool {
            cache::announce(p, company_id);
        }
    }

    /// Connections open and of those idle, for `/metrics`.
    pub fn pool_use(&self) -> (u32, usize) {
        match &self.pool {
            Pool::Sqlite(p) => (p.size(), p.num_idle()),
            Pool::Postgres(p) => (p.size(), p.num_idle()),
        }
    }

    /// The pool itself, for the session store, which speaks sqlx directly, and for the
    /// tests' and benchmarks' own look at the rows.
    pub fn pool(&self) -> &Pool {
        &self.pool
    }
}

/// A company's data as one capability reaches it: the company and, for an administrator
/// limited to teams, those teams. The app makes one only from a capability
/// ([`crate::access::capability::CompanyAccess::reach`]; outside the crate the store is
/// private but to the tests' own setup); the store's reads of users, devices, queues and
/// recordings take it instead of a bare company id, so no service can read past a team limit
/// by forgetting to pass it.
#[derive(Clone, Copy, Debug)]
pub struct Reach<'a> {
    company_id: &'a str,
    teams: Option<&'a [String]>,
}

impl<'a> Reach<'a> {
    pub fn new(company_id: &'a str, teams: Option<&'a [String]>) -> Reach<'a> {
        Reach { company_id, teams }
    }

    pub fn company_id(&self) -> &'a str {
        self.company_id
    }

    /// `None`: the whole company.
    pub fn teams(&self) -> Option<&'a [String]> {
        self.teams
    }

    /// The teams of `only` that lie inside the limit (all of them without one); `None` for the
    /// whole company. A filter can narrow what the capability reaches, never widen it.
    pub(crate) fn narrowed(&self, only: Option<&[String]>) -> Option<Vec<String>> {
        match (self.teams, only) {
            (Some(limit), Some(only)) => Some(only.iter().filter(|t| limit.contains(t)).cloned().collect()),
            (limit, only) => limit.or(only).map(<[String]>::to_vec),
        }
    }

    /// The teams as the JSON list the queries' `json_each` reads; `None` for the whole company.
    pub(crate) fn teams_json(&self) -> Option<String> {
        self.teams.map(|t| serde_json::to_string(t).expect("team ids serialize"))
    }
}

/// Whose rows a list shows: everything, a reseller's (its own and its companies'), or one
/// company's.
#[derive(Clone, Copy, Debug)]
pub enum Within<'a> {
    Platform,
    Reseller(&'a str),
    Company(&'a str),
}

impl Within<'_> {
    /// The condition on a table with a reseller and a company column; it takes the key
    /// twice, so the binds are the same for all three.
    pub(crate) fn condition(self, reseller_column: &str, company_column: &str) -> (String, String) {
        match self {
            Within::Platform => ("(? = '' AND ? = '')".into(), String::new()),
            Within::Reseller(r) => (
                format!(
                    "({reseller_column} = ? OR {company_column} IN (SELECT id FROM companies WHERE reseller_id = ?))"
                ),
                r.to_string(),
            ),
            Within::Company(c) => (format!("({company_column} = ? AND {company_column} = ?)"), c.to_string()),
        }
    }
}

/// `LIKE` pattern for a search box: the text anywhere, with `%` and `_` taken literally
/// (the query says `ESCAPE '\\'`).
pub(crate) fn contains_pattern(q: &str) -> String {
    let escaped = q.trim().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}

// Decoding what the rows store; a value that does not parse reads as the default.

pub(crate) fn mode_of(text: &str) -> crate::policy::Mode {
    crate::policy::Mode::parse("mode", text).unwrap_or_default()
}

pub(crate) fn system_mode_of(text: &str) -> crate::policy::SystemMode {
    crate::policy::SystemMode::parse("mode", text).unwrap_or_default()
}

pub(crate) fn overrides_of(code: &str) -> crate::policy::Matrix<crate::policy::Override> {
    crate::policy::Matrix::from_code(code).unwrap_or_default()
}

/// A JSON column of the shared model; empty (or, defensively, unreadable) is the default.
pub(crate) fn from_json<T: serde::de::DeserializeOwned + Default>(text: &str) -> T {
    if text.is_empty() {
        return T::default();
    }
    serde_json::from_str(text).unwrap_or_else(|e| {
        tracing::error!(error = %e, "a stored policy setting does not parse; its default applies");
        T::default()
    })
}

/// The current time as the RFC 3339 UTC text the database stores.
pub fn now_text() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .expect("RFC 3339 formatting of the current time cannot fail")
}

/// `t` in the form rows store times in (RFC 3339, UTC, whole seconds), so text comparison
/// orders them.
pub fn seconds_text(t: time::OffsetDateTime) -> String {
    t.to_offset(time::UtcOffset::UTC)
        .replace_nanosecond(0)
        .unwrap_or(t)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// A new id: UUID v7, so ids sort by creation time.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

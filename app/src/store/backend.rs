//! The two databases behind one store: SQLite (an embedded file, the default) and
//! PostgreSQL (several Earmark instances on one database). The choice is made once, when the
//! database is opened; every query is written once and run on whichever is open through
//! [`run!`](crate::store::run).

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgConnection, PgPool, Postgres, Sqlite, SqliteConnection, SqlitePool, Transaction};
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

/// Where the data lives, as `EARMARK_DATABASE` (or `--database`) names it: a file path or
/// `sqlite://path` for SQLite, `postgres://user:pass@host:port/db` for PostgreSQL.
#[derive(Clone, PartialEq, Eq)]
pub enum Location {
    Sqlite(PathBuf),
    Postgres(String),
}

impl Location {
    pub fn parse(text: &str) -> Location {
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            Location::Postgres(text.to_string())
        } else {
            Location::Sqlite(PathBuf::from(text.strip_prefix("sqlite://").unwrap_or(text)))
        }
    }
}

/// Shown in messages and logs: a PostgreSQL URL without its password.
impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Location::Sqlite(path) => write!(f, "{}", path.display()),
            Location::Postgres(url) => {
                // postgres://user:secret@host/db?options shows as postgres://user:***@host/db
                let url = url.split('?').next().unwrap_or_default();
                match (url.find("://"), url.rfind('@')) {
                    (Some(scheme), Some(at)) if at > scheme => {
                        let credentials = &url[scheme + 3..at];
                        match credentials.split_once(':') {
                            Some((user, _)) => write!(f, "{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                            None => f.write_str(url),
                        }
                    }
                    _ => f.write_str(url),
                }
            }
        }
    }
}

impl std::fmt::Debug for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Location({self})")
    }
}

/// The connection pool of the database that is open.
#[derive(Clone, Debug)]
pub enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

impl Pool {
    pub async fn open(location: &Location) -> Result<Pool, sqlx::Error> {
        match location {
            Location::Sqlite(path) => {
                if let Some(dir) = path.parent() {
                    if !dir.as_os_str().is_empty() {
                        std::fs::create_dir_all(dir).map_err(sqlx::Error::Io)?;
                    }
                }
                let options = SqliteConnectOptions::from_str("sqlite:")?
                    .filename(path)
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(5));
                Ok(Pool::Sqlite(SqlitePoolOptions::new().max_connections(8).connect_with(options).await?))
            }
            Location::Postgres(url) => {
                // The recordings search depends on its values (a rare text is best found by the
                // trigram index, a common one by the time index): a plan per execution, never
                // the generic plan PostgreSQL switches prepared statements to after five runs
                // (measured: a number search went from 1.9 ms to 158 ms on the generic plan).
                let options = PgConnectOptions::from_str(url)?
                    .application_name("earmark")
                    .options([("plan_cache_mode", "force_custom_plan")]);
                let pool = PgPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(5))
                    .connect_with(options)
                    .await?;
                Ok(Pool::Postgres(pool))
            }
        }
    }

    pub async fn migrate(&self) -> Result<(), sqlx::migrate::MigrateError> {
        match self {
            Pool::Sqlite(p) => sqlx::migrate!("../migrations/sqlite").run(p).await,
            // Several instances may start at once: sqlx holds an advisory lock while it migrates.
            Pool::Postgres(p) => sqlx::migrate!("../migrations/postgres").run(p).await,
        }
    }

    /// True when the database answers and every migration this build knows is applied (a
    /// load balancer's readiness check: an instance of a newer build on an older schema, or
    /// one that lost its database, is taken out).
    pub async fn is_migrated(&self) -> Result<bool, sqlx::Error> {
        const APPLIED: &str = "SELECT version FROM _sqlx_migrations WHERE success = TRUE";
        let (known, applied): (Vec<i64>, Vec<i64>) = match self {
            Pool::Sqlite(p) => (
                sqlx::migrate!("../migrations/sqlite").iter().map(|m| m.version).collect(),
                sqlx::query_scalar(APPLIED).fetch_all(p).await?,
            ),
            Pool::Postgres(p) => (
                sqlx::migrate!("../migrations/postgres").iter().map(|m| m.version).collect(),
                sqlx::query_scalar(APPLIED).fetch_all(p).await?,
            ),
        };
        Ok(known.iter().all(|v| applied.contains(v)))
    }

    /// A transaction; on SQLite, `turn` is the write turn it holds until it ends.
    pub(crate) async fn begin(&self, turn: Option<tokio::sync::OwnedMutexGuard<()>>) -> Result<Tx, sqlx::Error> {
        let inner = match self {
            // A write transaction takes SQLite's write lock when it begins, waiting its turn
            // (the busy timeout). Begun deferred, one that read first and wrote after another
            // writer had committed could not wait: SQLite refuses it at once ("database is
            // locked", SQLITE_BUSY_SNAPSHOT), as the crash test's concurrent writes showed.
            Pool::Sqlite(p) => TxInner::Sqlite(p.begin_with("BEGIN IMMEDIATE").await?),
            Pool::Postgres(p) => TxInner::Postgres(p.begin().await?),
        };
        Ok(Tx { inner, _turn: turn })
    }

    /// How the queries reach this pool, for [`run!`](crate::store::run).
    pub fn conn(&self) -> Conn<&SqlitePool, &PgPool> {
        match self {
            Pool::Sqlite(p) => Conn::Sqlite(p),
            Pool::Postgres(p) => Conn::Postgres(p),
        }
    }
}

/// One transaction: a write and its audit row commit together or not at all.
pub struct Tx {
    inner: TxInner,
    /// On SQLite, the process's write turn, given back when the transaction ends.
    _turn: Option<tokio::sync::OwnedMutexGuard<()>>,
}

enum TxInner {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

impl Tx {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self.inner {
            TxInner::Sqlite(t) => t.commit().await,
            TxInner::Postgres(t) => t.commit().await,
        }
    }

    pub async fn rollback(self) -> Result<(), sqlx::Error> {
        match self.inner {
            TxInner::Sqlite(t) => t.rollback().await,
            TxInner::Postgres(t) => t.rollback().await,
        }
    }

    /// How the queries reach this transaction, for [`run!`](crate::store::run).
    pub fn conn(&mut self) -> Conn<&mut SqliteConnection, &mut PgConnection> {
        match &mut self.inner {
            TxInner::Sqlite(t) => Conn::Sqlite(&mut **t),
            TxInner::Postgres(t) => Conn::Postgres(&mut **t),
        }
    }
}

/// What an `execute` in [`run!`] answers on either backend: the number of rows it changed.
pub trait Affected {
    fn affected(self) -> Result<u64, sqlx::Error>;
}

impl Affected for Result<sqlx::sqlite::SqliteQueryResult, sqlx::Error> {
    fn affected(self) -> Result<u64, sqlx::Error> {
        self.map(|done| done.rows_affected())
    }
}

impl Affected for Result<sqlx::postgres::PgQueryResult, sqlx::Error> {
    fn affected(self) -> Result<u64, sqlx::Error> {
        self.map(|done| done.rows_affected())
    }
}

/// An executor of one backend or the other.
pub enum Conn<S, P> {
    Sqlite(S),
    Postgres(P),
}

/// Runs one query, written once, on the database `$on` (a `&Db`, `&Pool` or `&mut Tx`)
/// reaches: `run!(db, "SELECT ... WHERE id = ?", |q, c| sqlx::query(q).bind(id).execute(c).await.affected())`.
/// The body is compiled for both backends; `q` is the SQL in the open backend's spelling
/// ([`dialect`](crate::store::dialect)) and `c` its executor.
macro_rules! run {
    ($on:expr, $sql:expr, |$q:ident, $c:ident| $body:expr) => {{
        let sql: &str = $sql;
        match $on.conn() {
            $crate::store::backend::Conn::Sqlite($c) => {
                #[allow(unused_imports)]
                use $crate::store::backend::Affected as _;
                let $q: &str = sql;
                $body
            }
            $crate::store::backend::Conn::Postgres($c) => {
                #[allow(unused_imports)]
                use $crate::store::backend::Affected as _;
                let rendered = $crate::store::dialect::postgres(sql);
                let $q: &str = &rendered;
                $body
            }
        }
    }};
}
pub(crate) use run;

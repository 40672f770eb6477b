//! Where browser sessions are kept: in the database Earmark runs on, so that with
//! PostgreSQL a session made through one instance is valid on every other.

use app::{Db, Pool};
use async_trait::async_trait;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

/// tower-sessions' store for the backend that is open.
#[derive(Clone, Debug)]
pub enum Sessions {
    /// With the database's write turn: a session's save is a write like any other.
    Sqlite(SqliteStore, Db),
    Postgres(PostgresStore),
}

impl Sessions {
    /// The tables are made by Earmark's own migrations (`tower_sessions` in SQLite,
    /// `tower_sessions.session` in PostgreSQL, the stores' default names).
    pub fn new(db: &Db) -> Sessions {
        match db.pool() {
            Pool::Sqlite(p) => Sessions::Sqlite(SqliteStore::new(p.clone()), db.clone()),
            Pool::Postgres(p) => Sessions::Postgres(PostgresStore::new(p.clone())),
        }
    }
}

#[async_trait]
impl SessionStore for Sessions {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            Sessions::Sqlite(s, db) => {
                let _turn = db.write_turn().await;
                s.create(record).await
            }
            Sessions::Postgres(s) => s.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            Sessions::Sqlite(s, db) => {
                let _turn = db.write_turn().await;
                s.save(record).await
            }
            Sessions::Postgres(s) => s.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            Sessions::Sqlite(s, _) => s.load(id).await,
            Sessions::Postgres(s) => s.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            Sessions::Sqlite(s, db) => {
                let _turn = db.write_turn().await;
                s.delete(id).await
            }
            Sessions::Postgres(s) => s.delete(id).await,
        }
    }
}

#[async_trait]
impl ExpiredDeletion for Sessions {
    async fn delete_expired(&self) -> session_store::Result<()> {
        match self {
            Sessions::Sqlite(s, db) => {
                let _turn = db.write_turn().await;
                s.delete_expired().await
            }
            Sessions::Postgres(s) => s.delete_expired().await,
        }
    }
}

//! `earmark copy-database`: an install's rows moved from its SQLite file into an empty
//! PostgreSQL database, ids and versions kept, in one transaction (all or nothing).
//!
//! The columns are read from the target's schema, so each value is read from SQLite as the
//! type PostgreSQL stores (SQLite keeps flags as 0/1, PostgreSQL as booleans).

use super::Pool;
use sqlx::{PgPool, Postgres, QueryBuilder, Row, SqlitePool};

/// Every table, parents before children, so each foreign key finds its row.
pub const TABLES: &[&str] = &[
    "platform_settings",
    "resellers",
    "companies",
    "teams",
    "users",
    "devices",
    "audio_files",
    "audio_blobs",
    "playbooks",
    "playbook_items",
    "queues",
    "team_queues",
    "roles",
    "role_privileges",
    "administrators",
    "administrator_teams",
    "force_record",
    "storage_accounts",
    "company_storage",
    "api_tokens",
    "recordings",
    "upload_intents",
    "deliveries",
    "erasures",
    "recording_decisions",
    "call_events",
    "login_attempts",
    "address_attempts",
    "audit_log",
];

/// Not copied: signed-in sessions (their owners sign in again on the new database), the
/// background jobs' leases (taken afresh), CSV imports waiting for their preview (uploaded
/// again in a moment) and the migration history (the target has its own).
pub const NOT_COPIED: &[&str] =
    &["admin_sessions", "job_leases", "pending_imports", "_sqlx_migrations", "tower_sessions"];

/// Columns whose values a sequence hands out; it continues after the copied ones.
const IDENTITIES: &[(&str, &str)] = &[("audit_log", "id"), ("recordings", "seq")];

#[derive(Clone, Debug)]
enum Value {
    Text(Option<String>),
    Int(Option<i64>),
    Bool(Option<bool>),
    Bytes(Option<Vec<u8>>),
}

#[derive(Clone, Copy, Debug)]
enum Kind {
    Text,
    Int,
    Bool,
    Bytes,
}

/// What the copy reports as it goes.
pub enum Progress<'a> {
    Table { table: &'a str, rows: i64 },
    Rows { table: &'a str, done: i64, of: i64 },
}

/// The first table of the target that holds rows, if any: a copy goes into an empty
/// database only.
pub async fn first_filled_table(target: &PgPool) -> Result<Option<String>, sqlx::Error> {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' \
         AND table_name <> '_sqlx_migrations' ORDER BY table_name",
    )
    .fetch_all(target)
    .await?;
    for table in tables {
        let has: bool =
            sqlx::query_scalar(&format!("SELECT EXISTS (SELECT 1 FROM \"{table}\")")).fetch_one(target).await?;
        if has {
            return Ok(Some(table));
        }
    }
    Ok(None)
}

async fn columns(target: &PgPool, table: &str) -> Result<Vec<(String, Kind)>, sqlx::Error> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT column_name::text, data_type::text FROM information_schema.columns \
         WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position",
    )
    .bind(table)
    .fetch_all(target)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(name, data_type)| {
            let kind = match data_type.as_str() {
                "bigint" | "integer" | "smallint" => Kind::Int,
                "boolean" => Kind::Bool,
                "bytea" => Kind::Bytes,
                _ => Kind::Text,
            };
            (name, kind)
        })
        .collect())
}

fn read(row: &sqlx::sqlite::SqliteRow, i: usize, kind: Kind) -> Result<Value, sqlx::Error> {
    Ok(match kind {
        Kind::Text => Value::Text(row.try_get(i)?),
        Kind::Int => Value::Int(row.try_get(i)?),
        Kind::Bool => Value::Bool(row.try_get(i)?),
        Kind::Bytes => Value::Bytes(row.try_get(i)?),
    })
}

/// Copies every table of [`TABLES`] from `source` into `target` (migrated, empty) in one
/// transaction and returns the rows copied per table, each checked against the source's
/// count.
pub async fn copy(
    source: &Pool,
    target: &Pool,
    mut progress: impl FnMut(Progress<'_>),
) -> Result<Vec<(&'static str, i64)>, CopyError> {
    let (Pool::Sqlite(source), Pool::Postgres(target)) = (source, target) else {
        return Err(CopyError::Unsupported);
    };
    let mut tx = target.begin().await?;
    // A new company gets its force-record row from a trigger; the copied rows replace those.
    sqlx::query("ALTER TABLE companies DISABLE TRIGGER force_record_for_new_company").execute(&mut *tx).await?;
    let mut copied = Vec::new();
    for &table in TABLES {
        let n = copy_table(source, &mut tx, target, table, &mut progress).await?;
        copied.push((table, n));
    }
    sqlx::query("ALTER TABLE companies ENABLE TRIGGER force_record_for_new_company").execute(&mut *tx).await?;
    for (table, column) in IDENTITIES {
        sqlx::query(&format!(
            "SELECT setval(pg_get_serial_sequence('{table}', '{column}'), COALESCE((SELECT MAX({column}) FROM {table}), 0) + 1, false)"
        ))
        .execute(&mut *tx)
        .await?;
    }
    for (table, n) in &copied {
        let there: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(&mut *tx).await?;
        if there != *n {
            return Err(CopyError::Count { table, source: *n, target: there });
        }
    }
    tx.commit().await?;
    Ok(copied)
}

async fn copy_table(
    source: &SqlitePool,
    tx: &mut sqlx::Transaction<'static, Postgres>,
    target: &PgPool,
    table: &'static str,
    progress: &mut impl FnMut(Progress<'_>),
) -> Result<i64, CopyError> {
    let columns = columns(target, table).await?;
    let total: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(source).await?;
    progress(Progress::Table { table, rows: total });
    let list = columns.iter().map(|(name, _)| format!("\"{name}\"")).collect::<Vec<_>>().join(", ");
    // PostgreSQL takes at most 65,535 parameters in one statement.
    let batch = (60_000 / columns.len().max(1)).clamp(1, 5_000);
    // Read in rowid order, a batch at a time, so a large table is never held whole.
    let select = format!("SELECT rowid, {list} FROM {table} WHERE rowid > ? ORDER BY rowid LIMIT {batch}");
    let (mut done, mut after) = (0i64, i64::MIN);
    loop {
        let rows = sqlx::query(&select).bind(after).fetch_all(source).await?;
        let Some(last) = rows.last() else { break };
        after = last.try_get(0)?;
        let values = rows
            .iter()
            .map(|row| columns.iter().enumerate().map(|(i, (_, kind))| read(row, i + 1, *kind)).collect())
            .collect::<Result<Vec<Vec<Value>>, sqlx::Error>>()?;
        done += insert(tx, table, &list, &values).await?;
        if done < total {
            progress(Progress::Rows { table, done, of: total });
        }
    }
    if done != total {
        return Err(CopyError::Count { table, source: total, target: done });
    }
    Ok(done)
}

async fn insert(
    tx: &mut sqlx::Transaction<'static, Postgres>,
    table: &str,
    list: &str,
    rows: &[Vec<Value>],
) -> Result<i64, sqlx::Error> {
    let mut q = QueryBuilder::<Postgres>::new(format!("INSERT INTO {table} ({list}) "));
    q.push_values(rows, |mut b, row| {
        for v in row {
            match v {
                Value::Text(t) => b.push_bind(t.clone()),
                Value::Int(i) => b.push_bind(*i),
                Value::Bool(x) => b.push_bind(*x),
                Value::Bytes(x) => b.push_bind(x.clone()),
            };
        }
    });
    Ok(q.build().execute(&mut **tx).await?.rows_affected() as i64)
}

#[derive(Debug)]
pub enum CopyError {
    /// Only a SQLite source and a PostgreSQL target.
    Unsupported,
    Count {
        table: &'static str,
        source: i64,
        target: i64,
    },
    Database(sqlx::Error),
}

impl From<sqlx::Error> for CopyError {
    fn from(e: sqlx::Error) -> Self {
        CopyError::Database(e)
    }
}

impl std::fmt::Display for CopyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CopyError::Unsupported => f.write_str("the copy goes from a SQLite database to a PostgreSQL database"),
            CopyError::Count { table, source, target } => {
                write!(f, "{table}: {source} rows in the source, {target} in the target; nothing was copied")
            }
            CopyError::Database(e) => write!(f, "{e}; nothing was copied"),
        }
    }
}

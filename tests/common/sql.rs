//! The tests' own look at the rows, on whichever database the app runs on: SQL written as
//! the store writes it (SQLite's spelling, rendered for PostgreSQL by the same
//! `store::dialect`), so one test checks both backends.

use app::Pool;
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use sqlx::{Decode, FromRow, Postgres, Sqlite, Type};

/// A value bound to a `?` of [`Sql`].
#[derive(Clone, Debug)]
pub enum Value {
    Text(Option<String>),
    Int(i64),
    Bool(bool),
}

pub trait IntoValue {
    fn into_value(self) -> Value;
}
impl IntoValue for &str {
    fn into_value(self) -> Value {
        Value::Text(Some(self.to_string()))
    }
}
impl IntoValue for String {
    fn into_value(self) -> Value {
        Value::Text(Some(self))
    }
}
impl IntoValue for &String {
    fn into_value(self) -> Value {
        Value::Text(Some(self.clone()))
    }
}
impl IntoValue for &&str {
    fn into_value(self) -> Value {
        Value::Text(Some(self.to_string()))
    }
}
impl IntoValue for Option<&str> {
    fn into_value(self) -> Value {
        Value::Text(self.map(str::to_string))
    }
}
impl IntoValue for i64 {
    fn into_value(self) -> Value {
        Value::Int(self)
    }
}
impl IntoValue for bool {
    fn into_value(self) -> Value {
        Value::Bool(self)
    }
}

/// One statement with its values, run by one of the fetch methods.
pub struct Sql<'a> {
    pool: &'a Pool,
    sql: String,
    values: Vec<Value>,
}

/// `sql(&app.db, "SELECT name FROM users WHERE id = ?").bind(&id).scalar::<String>()`.
pub fn sql<'a>(db: &'a app::Db, sql: impl Into<String>) -> Sql<'a> {
    Sql { pool: db.pool(), sql: sql.into(), values: Vec::new() }
}

macro_rules! bound {
    ($query:expr, $values:expr) => {{
        let mut query = $query;
        for v in $values {
            query = match v {
                Value::Text(t) => query.bind(t.clone()),
                Value::Int(i) => query.bind(*i),
                Value::Bool(b) => query.bind(*b),
            };
        }
        query
    }};
}

/// Runs `$body` with `q` the query text for the open backend and `p` its pool.
macro_rules! on_pool {
    ($self:expr, |$q:ident, $p:ident| $body:expr) => {
        match $self.pool {
            Pool::Sqlite($p) => {
                let $q: &str = &$self.sql;
                $body
            }
            Pool::Postgres($p) => {
                let rendered = app::store::dialect::postgres(&$self.sql);
                let $q: &str = &rendered;
                $body
            }
        }
    };
}

pub trait Scalar:
    for<'r> Decode<'r, Sqlite> + Type<Sqlite> + for<'r> Decode<'r, Postgres> + Type<Postgres> + Send + Unpin
{
}
impl<T> Scalar for T where
    T: for<'r> Decode<'r, Sqlite> + Type<Sqlite> + for<'r> Decode<'r, Postgres> + Type<Postgres> + Send + Unpin
{
}

pub trait Row: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin {}
impl<T> Row for T where T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin {}

impl Sql<'_> {
    pub fn bind(mut self, value: impl IntoValue) -> Self {
        self.values.push(value.into_value());
        self
    }

    pub async fn scalar<T: Scalar>(self) -> Result<T, sqlx::Error> {
        on_pool!(self, |q, p| bound!(sqlx::query_scalar(q), &self.values).fetch_one(p).await)
    }

    pub async fn scalar_opt<T: Scalar>(self) -> Result<Option<T>, sqlx::Error> {
        on_pool!(self, |q, p| bound!(sqlx::query_scalar(q), &self.values).fetch_optional(p).await)
    }

    pub async fn scalars<T: Scalar>(self) -> Result<Vec<T>, sqlx::Error> {
        on_pool!(self, |q, p| bound!(sqlx::query_scalar(q), &self.values).fetch_all(p).await)
    }

    pub async fn row<T: Row>(self) -> Result<T, sqlx::Error> {
        on_pool!(self, |q, p| bound!(sqlx::query_as(q), &self.values).fetch_one(p).await)
    }

    pub async fn row_opt<T: Row>(self) -> Result<Option<T>, sqlx::Error> {
        on_pool!(self, |q, p| bound!(sqlx::query_as(q), &self.values).fetch_optional(p).await)
    }

    pub async fn rows<T: Row>(self) -> Result<Vec<T>, sqlx::Error> {
        on_pool!(self, |q, p| bound!(sqlx::query_as(q), &self.values).fetch_all(p).await)
    }

    /// The number of rows the statement changed.
    pub async fn execute(self) -> Result<u64, sqlx::Error> {
        on_pool!(self, |q, p| bound!(sqlx::query(q), &self.values).execute(p).await.map(|d| d.rows_affected()))
    }
}

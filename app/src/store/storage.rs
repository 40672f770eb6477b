//! The companies' storage accounts and storage settings (migration 0012). An account row is
//! never changed: a new account is a new row, so a recording can always name the account that
//! holds it.

use super::run;
use super::{Db, Tx};

/// A company's storage account as stored, its secret sealed (store/secret.rs).
#[derive(Clone, sqlx::FromRow)]
pub struct AccountRow {
    pub id: String,
    pub company_id: String,
    pub endpoint: String,
    pub region: String,
    pub bucket: String,
    pub prefix: String,
    pub key_id: String,
    pub secret_sealed: String,
    pub created_at: String,
    pub created_by: String,
}

impl std::fmt::Debug for AccountRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccountRow").field("id", &self.id).field("bucket", &self.bucket).finish_non_exhaustive()
    }
}

/// The company's settings; a company without a row keeps its recordings in the platform's
/// storage, as uploaded, with no maximum length, at version 0.
#[derive(Clone, Debug, Default, sqlx::FromRow)]
pub struct CompanyStorageRow {
    pub account_id: Option<String>,
    pub stored_format: String,
    pub max_length_seconds: Option<i64>,
    pub version: i64,
}

pub async fn company_storage(db: &Db, company_id: &str) -> Result<CompanyStorageRow, sqlx::Error> {
    let row: Option<CompanyStorageRow> = run!(
        db,
        "SELECT account_id, stored_format, max_length_seconds, version FROM company_storage WHERE company_id = ?",
        |q, c| sqlx::query_as(q).bind(company_id).fetch_optional(c).await
    )?;
    Ok(row.unwrap_or(CompanyStorageRow { stored_format: "as_uploaded".into(), ..Default::default() }))
}

pub async fn account(db: &Db, id: &str) -> Result<Option<AccountRow>, sqlx::Error> {
    run!(
        db,
        "SELECT id, company_id, endpoint, region, bucket, prefix, key_id, secret_sealed, created_at, created_by \
         FROM storage_accounts WHERE id = ?",
        |q, c| sqlx::query_as(q).bind(id).fetch_optional(c).await
    )
}

pub async fn insert_account(tx: &mut Tx, a: &AccountRow) -> Result<(), sqlx::Error> {
    run!(
        tx,
        "INSERT INTO storage_accounts (id, company_id, endpoint, region, bucket, prefix, key_id, secret_sealed, \
         created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        |q, c| sqlx::query(q)
            .bind(&a.id)
            .bind(&a.company_id)
            .bind(&a.endpoint)
            .bind(&a.region)
            .bind(&a.bucket)
            .bind(&a.prefix)
            .bind(&a.key_id)
            .bind(&a.secret_sealed)
            .bind(&a.created_at)
            .bind(&a.created_by)
            .execute(c)
            .await
            .affected()
    )?;
    Ok(())
}

/// Writes the company's settings over the version read (0: none saved yet); false when they
/// moved on.
pub async fn save_company_storage(
    tx: &mut Tx,
    company_id: &str,
    row: &CompanyStorageRow,
    version: i64,
) -> Result<bool, sqlx::Error> {
    let sql = if version == 0 {
        "INSERT INTO company_storage (company_id, account_id, stored_format, max_length_seconds, version) \
         VALUES (?1, ?2, ?3, ?4, ?5 + 1) ON CONFLICT (company_id) DO NOTHING"
    } else {
        "UPDATE company_storage SET account_id = ?2, stored_format = ?3, max_length_seconds = ?4, \
         version = version + 1 WHERE company_id = ?1 AND version = ?5"
    };
    let affected = run!(tx, sql, |q, c| sqlx::query(q)
        .bind(company_id)
        .bind(&row.account_id)
        .bind(&row.stored_format)
        .bind(row.max_length_seconds)
        .bind(version)
        .execute(c)
        .await
        .affected())?;
    Ok(affected == 1)
}

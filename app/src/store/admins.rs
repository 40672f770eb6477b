//! Portal administrators, their roles and privileges.

use super::{now_text, Db, Tx};
use crate::access::{Privilege, Privileges};

/// An administrator as stored, with the privileges of their role resolved.
#[derive(Clone, Debug)]
pub struct AdminRecord {
    pub id: String,
    pub email: String,
    pub name: String,
    pub password_hash: String,
    pub role_id: String,
    pub role_name: String,
    pub scope_kind: String,
    pub reseller_id: Option<String>,
    pub company_id: Option<String>,
    pub disabled: bool,
    pub session_epoch: i64,
    pub privileges: Privileges,
    pub teams: Vec<String>,
}

#[derive(sqlx::FromRow)]
struct AdminRow {
    id: String,
    email: String,
    name: String,
    password_hash: String,
    role_id: String,
    role_name: String,
    scope_kind: String,
    reseller_id: Option<String>,
    company_id: Option<String>,
    disabled: bool,
    session_epoch: i64,
}

const SELECT_ADMIN: &str = "SELECT a.id, a.email, a.name, a.password_hash, a.role_id, r.name AS role_name, \
     a.scope_kind, a.reseller_id, a.company_id, a.disabled, a.session_epoch \
     FROM administrators a JOIN roles r ON r.id = a.role_id";

async fn complete(db: &Db, row: Option<AdminRow>) -> Result<Option<AdminRecord>, sqlx::Error> {
    let Some(row) = row else { return Ok(None) };
    let keys: Vec<String> = sqlx::query_scalar("SELECT privilege FROM role_privileges WHERE role_id = ?")
        .bind(&row.role_id)
        .fetch_all(db.pool())
        .await?;
    let teams: Vec<String> =
        sqlx::query_scalar("SELECT team_id FROM administrator_teams WHERE administrator_id = ? ORDER BY team_id")
            .bind(&row.id)
            .fetch_all(db.pool())
            .await?;
    // A privilege key this build does not know grants nothing.
    let privileges = keys.iter().filter_map(|k| Privilege::from_key(k)).collect();
    Ok(Some(AdminRecord {
        id: row.id,
        email: row.email,
        name: row.name,
        password_hash: row.password_hash,
        role_id: row.role_id,
        role_name: row.role_name,
        scope_kind: row.scope_kind,
        reseller_id: row.reseller_id,
        company_id: row.company_id,
        disabled: row.disabled,
        session_epoch: row.session_epoch,
        privileges,
        teams,
    }))
}

pub async fn by_email(db: &Db, email: &str) -> Result<Option<AdminRecord>, sqlx::Error> {
    let row = sqlx::query_as::<_, AdminRow>(&format!("{SELECT_ADMIN} WHERE a.email = ?"))
        .bind(email)
        .fetch_optional(db.pool())
        .await?;
    complete(db, row).await
}

pub async fn by_id(db: &Db, id: &str) -> Result<Option<AdminRecord>, sqlx::Error> {
    let row = sqlx::query_as::<_, AdminRow>(&format!("{SELECT_ADMIN} WHERE a.id = ?"))
        .bind(id)
        .fetch_optional(db.pool())
        .await?;
    complete(db, row).await
}

pub async fn record_login(tx: &mut Tx, id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE administrators SET last_login_at = ? WHERE id = ?")
        .bind(now_text())
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Ends every session of the administrator: sessions carry the epoch they were made at.
pub async fn end_sessions(tx: &mut Tx, id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE administrators SET session_epoch = session_epoch + 1, version = version + 1 WHERE id = ?")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn set_disabled(tx: &mut Tx, id: &str, disabled: bool) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE administrators SET disabled = ?, version = version + 1 WHERE id = ?")
        .bind(disabled)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    if disabled {
        end_sessions(tx, id).await?;
    }
    Ok(())
}

pub async fn set_password_hash(tx: &mut Tx, id: &str, hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE administrators SET password_hash = ?, version = version + 1 WHERE id = ?")
        .bind(hash)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    end_sessions(tx, id).await
}

pub struct NewAdmin<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub password_hash: &'a str,
    pub role_id: &'a str,
    pub scope_kind: &'a str,
    pub reseller_id: Option<&'a str>,
    pub company_id: Option<&'a str>,
    pub teams: &'a [String],
}

pub async fn insert(tx: &mut Tx, id: &str, admin: &NewAdmin<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO administrators (id, email, name, password_hash, role_id, scope_kind, reseller_id, company_id, created_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(id)
    .bind(admin.email)
    .bind(admin.name)
    .bind(admin.password_hash)
    .bind(admin.role_id)
    .bind(admin.scope_kind)
    .bind(admin.reseller_id)
    .bind(admin.company_id)
    .bind(now_text())
    .execute(&mut **tx)
    .await?;
    for team in admin.teams {
        sqlx::query("INSERT INTO administrator_teams (administrator_id, team_id) VALUES (?, ?)")
            .bind(id)
            .bind(team)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

pub async fn exists_by_email(tx: &mut Tx, email: &str) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM administrators WHERE email = ?")
        .bind(email)
        .fetch_one(&mut **tx)
        .await?;
    Ok(n > 0)
}

/// Writes the built-in roles with exactly the privileges of docs/ACCESS.md.
pub async fn sync_builtin_roles(tx: &mut Tx) -> Result<(), sqlx::Error> {
    for role in crate::access::BuiltinRole::ALL {
        sqlx::query("INSERT INTO roles (id, name, builtin) VALUES (?, ?, 1) ON CONFLICT (id) DO UPDATE SET name = excluded.name")
            .bind(role.id())
            .bind(role.name())
            .execute(&mut **tx)
            .await?;
        sqlx::query("DELETE FROM role_privileges WHERE role_id = ?").bind(role.id()).execute(&mut **tx).await?;
        for p in role.privileges().iter() {
            sqlx::query("INSERT INTO role_privileges (role_id, privilege) VALUES (?, ?)")
                .bind(role.id())
                .bind(p.key())
                .execute(&mut **tx)
                .await?;
        }
    }
    Ok(())
}

/// The company's own administrators, for the Administrators page.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AdminListRow {
    pub id: String,
    pub email: String,
    pub name: String,
    pub role_name: String,
    pub scope_kind: String,
    pub disabled: bool,
    pub last_login_at: Option<String>,
}

pub async fn list_for_company(db: &Db, company_id: &str) -> Result<Vec<AdminListRow>, sqlx::Error> {
    sqlx::query_as::<_, AdminListRow>(
        "SELECT a.id, a.email, a.name, r.name AS role_name, a.scope_kind, a.disabled, a.last_login_at \
         FROM administrators a JOIN roles r ON r.id = a.role_id \
         WHERE a.company_id = ? ORDER BY a.email",
    )
    .bind(company_id)
    .fetch_all(db.pool())
    .await
}

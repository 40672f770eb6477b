//! Portal administrators, with the privileges of their role resolved.

use super::run;
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
    pub must_change_password: bool,
    pub version: i64,
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
    must_change_password: bool,
    version: i64,
}

const SELECT_ADMIN: &str = "SELECT a.id, a.email, a.name, a.password_hash, a.role_id, r.name AS role_name, \
     a.scope_kind, a.reseller_id, a.company_id, a.disabled, a.session_epoch, \
     a.must_change_password, a.version \
     FROM administrators a JOIN roles r ON r.id = a.role_id";

async fn complete(db: &Db, row: Option<AdminRow>) -> Result<Option<AdminRecord>, sqlx::Error> {
    let Some(row) = row else { return Ok(None) };
    let keys: Vec<String> =
        run!(db, "SELECT privilege FROM role_privileges WHERE role_id = ?", |q, c| sqlx::query_scalar(q)
            .bind(&row.role_id)
            .fetch_all(c)
            .await)?;
    let teams: Vec<String> =
        run!(db, "SELECT team_id FROM administrator_teams WHERE administrator_id = ? ORDER BY team_id", |q, c| {
            sqlx::query_scalar(q).bind(&row.id).fetch_all(c).await
        })?;
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
        must_change_password: row.must_change_password,
        version: row.version,
        privileges,
        teams,
    }))
}

pub async fn by_email(db: &Db, email: &str) -> Result<Option<AdminRecord>, sqlx::Error> {
    let row = run!(db, &format!("{SELECT_ADMIN} WHERE a.email = ?"), |q, c| sqlx::query_as::<_, AdminRow>(q)
        .bind(email)
        .fetch_optional(c)
        .await)?;
    complete(db, row).await
}

pub async fn by_id(db: &Db, id: &str) -> Result<Option<AdminRecord>, sqlx::Error> {
    let row = run!(db, &format!("{SELECT_ADMIN} WHERE a.id = ?"), |q, c| sqlx::query_as::<_, AdminRow>(q)
        .bind(id)
        .fetch_optional(c)
        .await)?;
    complete(db, row).await
}

/// The fields the administrators page changes, written only over the version read.
pub struct AdminChange<'a> {
    pub name: &'a str,
    pub role_id: &'a str,
    pub scope_kind: &'a str,
    pub reseller_id: Option<&'a str>,
    pub company_id: Option<&'a str>,
    pub teams: &'a [String],
}

/// False when the version is no longer the stored one.
pub async fn update(tx: &mut Tx, id: &str, version: i64, change: &AdminChange<'_>) -> Result<bool, sqlx::Error> {
    let done = run!(
        tx,
        "UPDATE administrators SET name = ?, role_id = ?, scope_kind = ?, reseller_id = ?, company_id = ?, \
         version = version + 1 WHERE id = ? AND version = ?",
        |q, c| sqlx::query(q)
            .bind(change.name)
            .bind(change.role_id)
            .bind(change.scope_kind)
            .bind(change.reseller_id)
            .bind(change.company_id)
            .bind(id)
            .bind(version)
            .execute(c)
            .await
            .affected()
    )? == 1;
    if done {
        run!(tx, "DELETE FROM administrator_teams WHERE administrator_id = ?", |q, c| sqlx::query(q)
            .bind(id)
            .execute(c)
            .await
            .affected())?;
        insert_teams(tx, id, change.teams).await?;
    }
    Ok(done)
}

async fn insert_teams(tx: &mut Tx, id: &str, teams: &[String]) -> Result<(), sqlx::Error> {
    for team in teams {
        run!(tx, "INSERT INTO administrator_teams (administrator_id, team_id) VALUES (?, ?)", |q, c| sqlx::query(q)
            .bind(id)
            .bind(team)
            .execute(c)
            .await
            .affected())?;
    }
    Ok(())
}

/// Enabled platform-wide administrators whose role holds System: Modify, other than `except`:
/// the platform must never be left without one.
pub async fn other_platform_owners(tx: &mut Tx, except: &str) -> Result<i64, sqlx::Error> {
    run!(
        tx,
        "SELECT COUNT(*) FROM administrators a JOIN role_privileges p ON p.role_id = a.role_id \
         WHERE a.scope_kind = 'platform' AND a.disabled = FALSE AND p.privilege = 'system.modify' AND a.id <> ?",
        |q, c| sqlx::query_scalar(q).bind(except).fetch_one(c).await
    )
}

pub async fn record_login(tx: &mut Tx, id: &str) -> Result<(), sqlx::Error> {
    run!(tx, "UPDATE administrators SET last_login_at = ? WHERE id = ?", |q, c| sqlx::query(q)
        .bind(now_text())
        .bind(id)
        .execute(c)
        .await
        .affected())?;
    Ok(())
}

/// Ends every session of the administrator: sessions carry the epoch they were made at.
pub async fn end_sessions(tx: &mut Tx, id: &str) -> Result<(), sqlx::Error> {
    run!(
        tx,
        "UPDATE administrators SET session_epoch = session_epoch + 1, version = version + 1 WHERE id = ?",
        |q, c| sqlx::query(q).bind(id).execute(c).await.affected()
    )?;
    Ok(())
}

pub async fn set_disabled(tx: &mut Tx, id: &str, disabled: bool) -> Result<(), sqlx::Error> {
    run!(tx, "UPDATE administrators SET disabled = ?, version = version + 1 WHERE id = ?", |q, c| sqlx::query(q)
        .bind(disabled)
        .bind(id)
        .execute(c)
        .await
        .affected())?;
    if disabled {
        end_sessions(tx, id).await?;
        super::sessions::delete_all(tx, id, None).await?;
    }
    Ok(())
}

/// A new password ends every session made before it (the epoch moves on). `must_change`:
/// set by another administrator, so its owner must choose their own at next login.
pub async fn set_password_hash(tx: &mut Tx, id: &str, hash: &str, must_change: bool) -> Result<(), sqlx::Error> {
    run!(
        tx,
        "UPDATE administrators SET password_hash = ?, must_change_password = ?, version = version + 1 WHERE id = ?",
        |q, c| sqlx::query(q).bind(hash).bind(must_change).bind(id).execute(c).await.affected()
    )?;
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
    pub must_change_password: bool,
}

pub async fn insert(tx: &mut Tx, id: &str, admin: &NewAdmin<'_>) -> Result<(), sqlx::Error> {
    run!(
        tx,
        "INSERT INTO administrators (id, email, name, password_hash, role_id, scope_kind, reseller_id, company_id, \
         must_change_password, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        |q, c| sqlx::query(q)
            .bind(id)
            .bind(admin.email)
            .bind(admin.name)
            .bind(admin.password_hash)
            .bind(admin.role_id)
            .bind(admin.scope_kind)
            .bind(admin.reseller_id)
            .bind(admin.company_id)
            .bind(admin.must_change_password)
            .bind(now_text())
            .execute(c)
            .await
            .affected()
    )?;
    insert_teams(tx, id, admin.teams).await
}

pub async fn exists_by_email(tx: &mut Tx, email: &str) -> Result<bool, sqlx::Error> {
    let n: i64 = run!(tx, "SELECT COUNT(*) FROM administrators WHERE email = ?", |q, c| sqlx::query_scalar(q)
        .bind(email)
        .fetch_one(c)
        .await)?;
    Ok(n > 0)
}

/// One line of the administrators page.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AdminListRow {
    pub id: String,
    pub email: String,
    pub name: String,
    pub role_name: String,
    pub scope_kind: String,
    pub reseller_name: Option<String>,
    pub company_name: Option<String>,
    pub teams: Option<String>,
    pub disabled: bool,
    pub must_change_password: bool,
    pub last_login_at: Option<String>,
}

pub use super::Within;

/// The administrators inside a scope (a reseller's own and its companies'), by e-mail,
/// optionally those whose e-mail or name contains `q` (a LIKE pattern).
const SELECT_LIST_ROW: &str = "SELECT a.id, a.email, a.name, r.name AS role_name, a.scope_kind, \
     s.name AS reseller_name, c.name AS company_name, \
     (SELECT group_concat(t.name, ', ') FROM administrator_teams x JOIN teams t ON t.id = x.team_id \
      WHERE x.administrator_id = a.id) AS teams, \
     a.disabled, a.must_change_password, a.last_login_at \
     FROM administrators a JOIN roles r ON r.id = a.role_id \
     LEFT JOIN companies c ON c.id = a.company_id \
     LEFT JOIN resellers s ON s.id = coalesce(a.reseller_id, c.reseller_id)";

/// One administrator as the list shows them.
pub async fn list_row(db: &Db, id: &str) -> Result<Option<AdminListRow>, sqlx::Error> {
    run!(db, &format!("{SELECT_LIST_ROW} WHERE a.id = ?"), |q, c| sqlx::query_as::<_, AdminListRow>(q)
        .bind(id)
        .fetch_optional(c)
        .await)
}

pub async fn list(db: &Db, within: Within<'_>, q: &str, limit: i64) -> Result<Vec<AdminListRow>, sqlx::Error> {
    let (filter, key) = within.condition("a.reseller_id", "a.company_id");
    let sql = format!(
        "{SELECT_LIST_ROW} WHERE {filter} AND (? = '' OR a.email LIKE ? ESCAPE '\\' OR a.name LIKE ? ESCAPE '\\') \
         ORDER BY a.email LIMIT ?"
    );
    let pattern = super::contains_pattern(q);
    run!(db, &sql, |sql, c| sqlx::query_as::<_, AdminListRow>(sql)
        .bind(&key)
        .bind(&key)
        .bind(q)
        .bind(&pattern)
        .bind(&pattern)
        .bind(limit)
        .fetch_all(c)
        .await)
}

//! Roles and their privileges: the built-in ones, written at every start, and custom ones.

use super::run;
use super::{now_text, Db, Tx};

/// Writes the built-in roles with exactly the privileges of docs/ACCESS.md.
pub async fn sync_builtin(tx: &mut Tx) -> Result<(), sqlx::Error> {
    for role in crate::access::BuiltinRole::ALL {
        run!(tx, "INSERT INTO roles (id, name, builtin) VALUES (?, ?, TRUE) ON CONFLICT (id) DO UPDATE SET name = excluded.name", |q, c| sqlx::query(q)
            .bind(role.id())
            .bind(role.name())
            .execute(c).await.affected())?;
        run!(tx, "DELETE FROM role_privileges WHERE role_id = ?", |q, c| sqlx::query(q)
            .bind(role.id())
            .execute(c)
            .await
            .affected())?;
        for p in role.privileges().iter() {
            run!(tx, "INSERT INTO role_privileges (role_id, privilege) VALUES (?, ?)", |q, c| sqlx::query(q)
                .bind(role.id())
                .bind(p.key())
                .execute(c)
                .await
                .affected())?;
        }
    }
    Ok(())
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct RoleRow {
    pub id: String,
    pub name: String,
    pub builtin: bool,
    pub reseller_id: Option<String>,
    pub company_id: Option<String>,
    /// Comma-separated privilege keys.
    pub privileges: Option<String>,
    pub in_use: i64,
}

/// Every role with its privileges and how many administrators hold it; few enough to read whole.
pub async fn all(db: &Db) -> Result<Vec<RoleRow>, sqlx::Error> {
    run!(
        db,
        "SELECT r.id, r.name, r.builtin, r.reseller_id, r.company_id, \
         (SELECT group_concat(p.privilege, ',') FROM role_privileges p WHERE p.role_id = r.id) AS privileges, \
         (SELECT COUNT(*) FROM administrators a WHERE a.role_id = r.id) AS in_use \
         FROM roles r ORDER BY r.builtin DESC, r.name",
        |q, c| sqlx::query_as::<_, RoleRow>(q).fetch_all(c).await
    )
}

pub async fn name_taken(tx: &mut Tx, name: &str) -> Result<bool, sqlx::Error> {
    let n: i64 = run!(tx, "SELECT COUNT(*) FROM roles WHERE lower(name) = lower(?)", |q, c| sqlx::query_scalar(q)
        .bind(name)
        .fetch_one(c)
        .await)?;
    Ok(n > 0)
}

pub async fn insert(
    tx: &mut Tx,
    id: &str,
    name: &str,
    reseller_id: Option<&str>,
    company_id: Option<&str>,
    privileges: &[&str],
) -> Result<(), sqlx::Error> {
    run!(
        tx,
        "INSERT INTO roles (id, name, builtin, reseller_id, company_id, created_at) VALUES (?, ?, FALSE, ?, ?, ?)",
        |q, c| sqlx::query(q)
            .bind(id)
            .bind(name)
            .bind(reseller_id)
            .bind(company_id)
            .bind(now_text())
            .execute(c)
            .await
            .affected()
    )?;
    for p in privileges {
        run!(tx, "INSERT INTO role_privileges (role_id, privilege) VALUES (?, ?)", |q, c| sqlx::query(q)
            .bind(id)
            .bind(p)
            .execute(c)
            .await
            .affected())?;
    }
    Ok(())
}

/// The e-mails of the administrators holding the role.
pub async fn holders(tx: &mut Tx, role_id: &str) -> Result<Vec<String>, sqlx::Error> {
    run!(tx, "SELECT email FROM administrators WHERE role_id = ? ORDER BY email", |q, c| sqlx::query_scalar(q)
        .bind(role_id)
        .fetch_all(c)
        .await)
}

/// Deletes a custom role; false when there is no such custom role.
pub async fn delete(tx: &mut Tx, role_id: &str) -> Result<bool, sqlx::Error> {
    Ok(run!(tx, "DELETE FROM roles WHERE id = ? AND builtin = FALSE", |q, c| sqlx::query(q)
        .bind(role_id)
        .execute(c)
        .await
        .affected())?
        == 1)
}

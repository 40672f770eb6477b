//! The sessions an administrator is signed in with, as Your account lists them (migration
//! 0008). The session store keeps the sessions themselves; these rows name them.

use super::run;
use super::{now_text, Db, Tx};

pub async fn insert(
    tx: &mut Tx,
    id: &str,
    admin_id: &str,
    user_agent: Option<&str>,
    client_addr: Option<&str>,
) -> Result<(), sqlx::Error> {
    let now = now_text();
    run!(
        tx,
        "INSERT INTO admin_sessions (id, administrator_id, created_at, last_seen_at, user_agent, client_addr) \
         VALUES (?, ?, ?, ?, ?, ?)",
        |q, c| sqlx::query(q)
            .bind(id)
            .bind(admin_id)
            .bind(&now)
            .bind(&now)
            .bind(user_agent)
            .bind(client_addr)
            .execute(c)
            .await
            .affected()
    )?;
    Ok(())
}

/// True when the listed session still exists; notes its use at most once a minute, so a
/// page's many requests do not each write.
pub async fn alive(db: &Db, id: &str, admin_id: &str) -> Result<bool, sqlx::Error> {
    let seen: Option<String> =
        run!(db, "SELECT last_seen_at FROM admin_sessions WHERE id = ? AND administrator_id = ?", |q, c| {
            sqlx::query_scalar(q).bind(id).bind(admin_id).fetch_optional(c).await
        })?;
    let Some(seen) = seen else { return Ok(false) };
    let a_minute_ago = (time::OffsetDateTime::now_utc() - time::Duration::minutes(1))
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    if seen < a_minute_ago {
        // A write outside a transaction takes SQLite's write turn too (see `Db::write_turn`).
        let _turn = db.write_turn().await;
        run!(db, "UPDATE admin_sessions SET last_seen_at = ? WHERE id = ?", |q, c| sqlx::query(q)
            .bind(now_text())
            .bind(id)
            .execute(c)
            .await
            .affected())?;
    }
    Ok(true)
}

/// Deletes the administrator's listed sessions, all or all but `keep`.
pub async fn delete_all(tx: &mut Tx, admin_id: &str, keep: Option<&str>) -> Result<(), sqlx::Error> {
    run!(tx, "DELETE FROM admin_sessions WHERE administrator_id = ? AND id <> ?", |q, c| sqlx::query(q)
        .bind(admin_id)
        .bind(keep.unwrap_or(""))
        .execute(c)
        .await
        .affected())?;
    Ok(())
}

/// False when the administrator has no such session.
pub async fn delete(db: &Db, admin_id: &str, id: &str) -> Result<bool, sqlx::Error> {
    // A write outside a transaction takes SQLite's write turn too (see `Db::write_turn`).
    let _turn = db.write_turn().await;
    Ok(run!(db, "DELETE FROM admin_sessions WHERE administrator_id = ? AND id = ?", |q, c| sqlx::query(q)
        .bind(admin_id)
        .bind(id)
        .execute(c)
        .await
        .affected())?
        == 1)
}

/// Sessions older than `before` (past their absolute lifetime) are gone whatever the store
/// says; their rows are dropped at the owner's next login.
pub async fn forget_before(tx: &mut Tx, admin_id: &str, before: &str) -> Result<(), sqlx::Error> {
    run!(tx, "DELETE FROM admin_sessions WHERE administrator_id = ? AND created_at < ?", |q, c| sqlx::query(q)
        .bind(admin_id)
        .bind(before)
        .execute(c)
        .await
        .affected())?;
    Ok(())
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SessionRow {
    pub id: String,
    pub created_at: String,
    pub last_seen_at: String,
    pub user_agent: Option<String>,
    pub client_addr: Option<String>,
}

pub async fn of_admin(db: &Db, admin_id: &str) -> Result<Vec<SessionRow>, sqlx::Error> {
    run!(
        db,
        "SELECT id, created_at, last_seen_at, user_agent, client_addr FROM admin_sessions \
         WHERE administrator_id = ? ORDER BY last_seen_at DESC",
        |q, c| sqlx::query_as::<_, SessionRow>(q).bind(admin_id).fetch_all(c).await
    )
}

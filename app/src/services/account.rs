//! One's own account: the password and the signed-in sessions.

use super::password;
use crate::access::capability::{Principal, SessionAuth, SESSION_KEY};
use crate::error::{AppError, AppResult};
use crate::model::account::{device_name, AccountPage, SessionView};
use crate::store::{administrators, audit_log, sessions, Db};
use tower_sessions::Session;

pub async fn page(principal: &Principal, db: &Db) -> AppResult<AccountPage> {
    let sessions = sessions::of_admin(db, principal.admin_id())
        .await?
        .into_iter()
        .map(|s| SessionView {
            current: s.id == principal.session_id(),
            device: device_name(s.user_agent.as_deref()),
            id: s.id,
            created_at: s.created_at,
            last_seen_at: s.last_seen_at,
            client_addr: s.client_addr,
        })
        .collect();
    Ok(AccountPage {
        name: principal.name().to_string(),
        email: principal.email().to_string(),
        role: principal.role_name().to_string(),
        must_change_password: principal.must_change_password(),
        sessions,
    })
}

fn entry(principal: &Principal, action: &'static str) -> audit_log::Entry {
    audit_log::Entry {
        actor_id: Some(principal.admin_id().to_string()),
        actor_email: Some(principal.email().to_string()),
        action,
        object_kind: Some("administrator"),
        object_id: Some(principal.admin_id().to_string()),
        reseller_id: principal.scope().reseller_id().map(str::to_string),
        company_id: principal.scope().company_id().map(str::to_string),
        ..Default::default()
    }
}

/// Changes the password after checking the current one. Every other session ends; this one
/// goes on.
pub async fn change_password(
    principal: &Principal,
    db: &Db,
    session: &Session,
    current: &str,
    new: &str,
    confirm: &str,
) -> AppResult<()> {
    let admin = administrators::by_id(db, principal.admin_id()).await?.ok_or(AppError::Unauthenticated)?;
    if current.is_empty() {
        return Err(AppError::invalid("current", "Enter your current password."));
    }
    if !password::verify(admin.password_hash.clone(), current.to_string()).await? {
        return Err(AppError::invalid("current", "This is not your current password."));
    }
    password::check_new(new, confirm, &admin.email)?;
    if password::verify(admin.password_hash.clone(), new.to_string()).await? {
        return Err(AppError::invalid("password", "Choose a password other than the current one."));
    }
    let hash = password::hash(new.to_string()).await?;
    let mut tx = db.begin().await?;
    administrators::set_password_hash(&mut tx, &admin.id, &hash, false).await?;
    sessions::delete_all(&mut tx, &admin.id, Some(principal.session_id())).await?;
    let mut e = entry(principal, "account.change_password");
    e.after = Some(r#"{"password":"changed"}"#.into());
    audit_log::write(&mut tx, &e).await?;
    tx.commit().await?;
    // The epoch moved on, which ends every session; this one carries the new epoch forward.
    if let Some(mut auth) = session.get::<SessionAuth>(SESSION_KEY).await? {
        auth.epoch = admin.session_epoch + 1;
        session.insert(SESSION_KEY, auth).await?;
    }
    Ok(())
}

/// Ends one of the principal's own sessions (it is refused on its next request).
pub async fn end_session(principal: &Principal, db: &Db, id: &str) -> AppResult<()> {
    if !sessions::delete(db, principal.admin_id(), id).await? {
        return Err(AppError::NotFound);
    }
    let mut e = entry(principal, "account.end_session");
    e.detail = Some(if id == principal.session_id() { "this session".into() } else { "another session".into() });
    audit_log::write_alone(db, &e).await?;
    Ok(())
}

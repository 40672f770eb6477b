//! Signing in and out, with throttling per account and per client address.

use super::password;
use crate::access::capability::{Principal, SessionAuth, SESSION_KEY};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::store::{self, audit_log};
use std::net::IpAddr;
use tower_sessions::Session;

fn unix_now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// The account key the throttle counts on: the e-mail as typed, normalised.
fn account_key(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Checks the credentials and, when they are right, signs the session in (with a new id).
/// Unknown e-mail, wrong password and a disabled account all give the same answer, after
/// the same amount of work.
pub async fn login(
    state: &AppState,
    session: &Session,
    email: &str,
    password: &str,
    client: Option<IpAddr>,
    user_agent: Option<&str>,
) -> AppResult<Principal> {
    let key = account_key(email);
    if key.is_empty() {
        return Err(AppError::invalid("email", "Enter your e-mail address."));
    }
    if password.is_empty() {
        return Err(AppError::invalid("password", "Enter your password."));
    }
    let now = unix_now();
    let address_throttle = state.settings.address_throttle();
    if let Some(ip) = client {
        if let Some(retry_after) = address_throttle.retry_after(&state.db, ip, now).await? {
            metrics::counter!("earmark_login_failures_total", "reason" => "throttled").increment(1);
            return Err(AppError::Throttled { retry_after });
        }
    }
    let locked_until = store::throttle::locked_until(&state.db, &key).await?;
    if locked_until > now {
        metrics::counter!("earmark_login_failures_total", "reason" => "throttled").increment(1);
        return Err(AppError::Throttled { retry_after: (locked_until - now) as u64 });
    }

    let admin = store::administrators::by_email(&state.db, &key).await?;
    let hash = match &admin {
        Some(a) => a.password_hash.clone(),
        None => password::dummy_hash().await?,
    };
    let password_ok = password::verify(hash, password.to_string()).await?;
    let client_addr = client.map(|ip| ip.to_string());

    match admin {
        Some(admin) if password_ok && !admin.disabled => {
            store::throttle::clear(&state.db, &key).await?;
            // A new session id at login defeats session fixation.
            session.cycle_id().await?;
            let sid = store::new_id();
            let auth =
                SessionAuth { admin_id: admin.id.clone(), sid: sid.clone(), epoch: admin.session_epoch, login_at: now };
            session.insert(SESSION_KEY, auth).await?;
            let principal = Principal::from_record(admin).with_session(sid.clone());
            crate::access::capability::note_in_log("admin", principal.admin_id());
            let mut tx = state.db.begin().await?;
            store::administrators::record_login(&mut tx, principal.admin_id()).await?;
            let expired = time::OffsetDateTime::from_unix_timestamp(now - state.settings.session_absolute_secs)
                .ok()
                .and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok())
                .unwrap_or_default();
            store::sessions::forget_before(&mut tx, principal.admin_id(), &expired).await?;
            let user_agent: Option<String> = user_agent.map(|ua| ua.chars().take(300).collect());
            store::sessions::insert(&mut tx, &sid, principal.admin_id(), user_agent.as_deref(), client_addr.as_deref())
                .await?;
            audit_log::write(
                &mut tx,
                &audit_log::Entry {
                    actor_id: Some(principal.admin_id().to_string()),
                    actor_email: Some(principal.email().to_string()),
                    action: "login",
                    object_kind: Some("administrator"),
                    object_id: Some(principal.admin_id().to_string()),
                    reseller_id: principal.scope().reseller_id().map(str::to_string),
                    company_id: principal.scope().company_id().map(str::to_string),
                    client_addr,
                    ..Default::default()
                },
            )
            .await?;
            tx.commit().await?;
            Ok(principal)
        }
        admin => {
            // One reason for all three, as the answer gives: the log of who tried is the audit's.
            metrics::counter!("earmark_login_failures_total", "reason" => "credentials").increment(1);
            let failures = store::throttle::add_failure(&state.db, &key).await?;
            let s = &state.settings;
            if failures >= s.account_max_failures {
                // 30 s, then doubling with each further failure, capped at 15 minutes.
                let exponent = (failures - s.account_max_failures).min(10) as u32;
                let lock = (s.account_lock_secs * 2i64.pow(exponent)).min(900);
                store::throttle::lock(&state.db, &key, now + lock).await?;
            }
            if let Some(ip) = client {
                address_throttle.fail(&state.db, ip, now).await?;
            }
            let detail = match &admin {
                None => "unknown e-mail",
                Some(a) if a.disabled => "account disabled",
                Some(_) => "wrong password",
            };
            audit_log::write_alone(
                &state.db,
                &audit_log::Entry {
                    actor_id: admin.as_ref().map(|a| a.id.clone()),
                    actor_email: Some(key),
                    action: "login",
                    outcome: audit_log::Outcome::Failed,
                    object_kind: Some("administrator"),
                    reseller_id: admin.as_ref().and_then(|a| a.reseller_id.clone()),
                    company_id: admin.as_ref().and_then(|a| a.company_id.clone()),
                    detail: Some(detail.into()),
                    client_addr,
                    ..Default::default()
                },
            )
            .await?;
            Err(AppError::InvalidCredentials)
        }
    }
}

/// Ends the session: its data is deleted from the store and the cookie cleared.
pub async fn logout(state: &AppState, session: &Session, principal: Option<&Principal>) -> AppResult<()> {
    session.flush().await?;
    if let Some(p) = principal {
        store::sessions::delete(&state.db, p.admin_id(), p.session_id()).await?;
        audit_log::write_alone(
            &state.db,
            &audit_log::Entry {
                actor_id: Some(p.admin_id().to_string()),
                actor_email: Some(p.email().to_string()),
                action: "logout",
                object_kind: Some("administrator"),
                object_id: Some(p.admin_id().to_string()),
                reseller_id: p.scope().reseller_id().map(str::to_string),
                company_id: p.scope().company_id().map(str::to_string),
                ..Default::default()
            },
        )
        .await?;
    }
    Ok(())
}

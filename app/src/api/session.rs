//! Sign in, sign out, and who is signed in.

use crate::error::AppError;
use crate::model::Me;
use leptos::prelude::*;

/// Only a path on this site may be a post-login destination (no open redirect).
pub fn safe_next(next: &str) -> &str {
    if next.starts_with('/') && !next.starts_with("//") && !next.starts_with("/\\") {
        next
    } else {
        "/"
    }
}

#[server]
pub async fn login(email: String, password: String, next: String) -> Result<(), AppError> {
    use super::ctx::*;
    let result = async {
        let state = state()?;
        let session = session().await?;
        let client = client_addr().await;
        let user_agent = user_agent();
        let p =
            crate::services::auth::login(&state, &session, &email, &password, client, user_agent.as_deref()).await?;
        // A password set by another administrator is changed before anything else.
        leptos_axum::redirect(if p.must_change_password() { "/account" } else { safe_next(&next) });
        Ok(())
    }
    .await;
    respond(result)
}

#[server]
pub async fn logout() -> Result<(), AppError> {
    use super::ctx::*;
    let result = async {
        let state = state()?;
        let session = session().await?;
        let principal = maybe_principal(&state, &session).await?;
        crate::services::auth::logout(&state, &session, principal.as_ref()).await?;
        leptos_axum::redirect("/login");
        Ok(())
    }
    .await;
    respond(result)
}

/// The signed-in administrator, or `None` when nobody is.
#[server]
pub async fn get_me() -> Result<Option<Me>, AppError> {
    use super::ctx::*;
    let result = async {
        let state = state()?;
        let session = session().await?;
        match maybe_principal(&state, &session).await? {
            Some(p) => Ok(Some(crate::services::tenants::me(&p, &state.db).await?)),
            None => Ok(None),
        }
    }
    .await;
    respond(result)
}

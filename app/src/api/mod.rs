//! Server functions: the pages' way to the server. Each one is thin: find the session's
//! principal, call one service, and return its typed result. The status of a refusal is
//! set on the response, so a page rendered on the server answers 403/404 too.

pub mod account;
pub mod administrators;
pub mod audio_library;
pub mod audit_log;
pub mod bulk_changes;
pub mod bulk_download;
pub mod decisions;
pub mod devices;
pub mod erasures;
pub mod force_record;
pub mod imports;
pub mod legal_hold;
pub mod missing_recordings;
pub mod queues;
pub mod recording_mode;
pub mod recordings;
pub mod retention;
pub mod roles;
pub mod session;
pub mod storage;
pub mod teams;
pub mod tenants;
pub mod tokens;
pub mod treatment;
pub mod users;

#[cfg(feature = "ssr")]
pub(crate) mod ctx {
    use crate::access::capability::Principal;
    use crate::error::{AppError, AppResult};
    use crate::state::AppState;
    use leptos::prelude::*;
    use std::net::{IpAddr, SocketAddr};
    use tower_sessions::Session;

    pub fn state() -> AppResult<AppState> {
        use_context::<AppState>().ok_or_else(|| AppError::internal("AppState is not in the Leptos context"))
    }

    pub async fn session() -> AppResult<Session> {
        leptos_axum::extract::<Session>().await.map_err(AppError::internal)
    }

    pub async fn maybe_principal(state: &AppState, session: &Session) -> AppResult<Option<Principal>> {
        Principal::from_session(session, &state.db, state.settings.session_absolute_secs).await
    }

    /// The signed-in administrator, or "please sign in".
    pub async fn principal() -> AppResult<(AppState, Principal)> {
        let state = state()?;
        let session = session().await?;
        let principal = maybe_principal(&state, &session).await?.ok_or(AppError::Unauthenticated)?;
        Ok((state, principal))
    }

    pub async fn client_addr() -> Option<IpAddr> {
        leptos_axum::extract::<axum::extract::ConnectInfo<SocketAddr>>().await.ok().map(|c| c.0.ip())
    }

    pub fn user_agent() -> Option<String> {
        use_context::<axum::http::request::Parts>().and_then(|p| {
            p.headers.get(axum::http::header::USER_AGENT).and_then(|v| v.to_str().ok().map(str::to_string))
        })
    }

    /// A form posted without JavaScript: its answer must stay the redirect back to the form
    /// (which carries the error in the address), not become an error status.
    pub fn is_plain_form_post() -> bool {
        use_context::<axum::http::request::Parts>().is_some_and(|p| {
            p.method == axum::http::Method::POST
                && p.headers
                    .get(axum::http::header::ACCEPT)
                    .and_then(|v| v.to_str().ok())
                    .is_some_and(|v| v.contains("text/html"))
        })
    }

    /// Sends a form posted without JavaScript back to `to` after a success; a call from the
    /// hydrated page just gets the result.
    pub fn back_to(to: &str) {
        if is_plain_form_post() {
            leptos_axum::redirect(to);
        }
    }

    /// Carries an error's HTTP status onto the response (server function call or SSR page).
    pub fn respond<T>(result: AppResult<T>) -> AppResult<T> {
        if let (Err(e), false) = (&result, is_plain_form_post()) {
            if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
                if let Ok(status) = axum::http::StatusCode::from_u16(e.status()) {
                    res.set_status(status);
                }
            }
        }
        result
    }
}

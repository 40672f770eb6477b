//! Signing in and out.

use super::doc::{schema, Doc};
use super::{body, ApiResult, ApiRoute, ClientAddr};
use app::access::capability::Principal;
use app::state::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRef, State};
use axum::http::StatusCode;
use axum::routing::{delete, post};
use axum::Json;
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginBody {
    /// Not blank; which addresses have an account is not for the document to say.
    #[schema(
        pattern = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[^\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000][\s\S]*$"
    )]
    email: String,
    #[schema(min_length = 1)]
    password: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct AdministratorOut {
    id: String,
    email: String,
    name: String,
    role: String,
    #[schema(value_type = Vec<String>)]
    privileges: Vec<&'static str>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct SignedIn {
    administrator: AdministratorOut,
}

async fn login(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    session: Session,
    headers: axum::http::HeaderMap,
    payload: Result<Json<LoginBody>, JsonRejection>,
) -> ApiResult<Json<SignedIn>> {
    let b = body(payload)?;
    let user_agent = headers.get(axum::http::header::USER_AGENT).and_then(|v| v.to_str().ok());
    let p = app::services::auth::login(&state, &session, &b.email, &b.password, client, user_agent).await?;
    Ok(Json(SignedIn {
        administrator: AdministratorOut {
            id: p.admin_id().to_string(),
            email: p.email().to_string(),
            name: p.name().to_string(),
            role: p.role_name().to_string(),
            privileges: p.privileges().iter().map(|p| p.key()).collect(),
        },
    }))
}

async fn logout(State(state): State<AppState>, session: Session) -> ApiResult<StatusCode> {
    let principal = Principal::from_session(&session, &state.db, state.settings.session_absolute_secs).await?;
    app::services::auth::logout(&state, &session, principal.as_ref()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The routes of this feature; [`super::route_table`] joins every feature's.
pub(super) fn routes<S>() -> Vec<ApiRoute<S>>
where
    AppState: FromRef<S>,
    S: Clone + Send + Sync + 'static,
{
    vec![
        ApiRoute {
            method: "POST",
            path: "/session",
            handler: post(login),
            doc: Doc {
                summary: "Sign in: sets the session cookie",
                tag: "Session",
                request: Some(schema::<LoginBody>()),
                response: Some(schema::<SignedIn>()),
                status: 200,
            },
        },
        ApiRoute {
            method: "DELETE",
            path: "/session",
            handler: delete(logout),
            doc: Doc { summary: "Sign out", tag: "Session", request: None, response: None, status: 204 },
        },
    ]
}

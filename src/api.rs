//! The JSON API under `/api/v1`. Handlers are thin: find the principal, call the same
//! service functions the pages use, and shape the answer. Errors are
//! `{"error": {"code", "message", "field"}}` with the status of `AppError::status`.

use app::access::capability::{can, Principal};
use app::error::AppError;
use app::state::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, FromRef, FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, MethodRouter};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::net::{IpAddr, SocketAddr};
use tower_sessions::Session;

/// An `AppError` as the API answers it.
pub struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.0.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut body = json!({"code": self.0.code(), "message": self.0.to_string()});
        if let Some(field) = self.0.field() {
            body["field"] = json!(field);
        }
        if let AppError::Throttled { retry_after } = self.0 {
            body["retry_after"] = json!(retry_after);
        }
        (status, Json(json!({ "error": body }))).into_response()
    }
}

type ApiResult<T> = Result<T, ApiError>;

/// Every route of `/api/v1`: (method, path, handler). The router is built from this table
/// and the authorization matrix test checks every entry of it, so a route cannot be added
/// without a matrix row.
pub fn route_table<S>() -> Vec<(&'static str, &'static str, MethodRouter<S>)>
where
    AppState: FromRef<S>,
    S: Clone + Send + Sync + 'static,
{
    vec![
        ("POST", "/session", post(login)),
        ("DELETE", "/session", delete(logout)),
        ("GET", "/companies", get(companies)),
        ("GET", "/companies/{c}/licence", get(licence)),
    ]
}

pub fn routes<S>() -> Router<S>
where
    AppState: FromRef<S>,
    S: Clone + Send + Sync + 'static,
{
    route_table()
        .into_iter()
        .fold(Router::new(), |router, (_, path, handler)| router.route(path, handler))
        .fallback(|| async { ApiError(AppError::NotFound) })
}

/// The client's address, when the server knows it (not in in-process tests).
pub struct ClientAddr(pub Option<IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr(parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip())))
    }
}

/// The signed-in administrator of this request, or 401.
pub struct Signed(pub Principal);

impl<S> FromRequestParts<S> for Signed
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        let session = Session::from_request_parts(parts, &state).await.map_err(|(_, msg)| AppError::internal(msg))?;
        let principal = Principal::from_session(&session, &state.db, state.settings.session_absolute_secs)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        Ok(Signed(principal))
    }
}

fn body<T>(payload: Result<Json<T>, JsonRejection>) -> ApiResult<T> {
    payload.map(|Json(v)| v).map_err(|rejection| {
        tracing::debug!(%rejection, "unreadable JSON body");
        ApiError(AppError::BadRequest)
    })
}

#[derive(Deserialize)]
pub struct LoginBody {
    email: String,
    password: String,
}

#[derive(Serialize)]
struct AdministratorOut {
    id: String,
    email: String,
    name: String,
    role: String,
    privileges: Vec<&'static str>,
}

async fn login(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    session: Session,
    payload: Result<Json<LoginBody>, JsonRejection>,
) -> ApiResult<Json<serde_json::Value>> {
    let b = body(payload)?;
    let p = app::services::auth::login(&state, &session, &b.email, &b.password, client).await?;
    Ok(Json(json!({
        "administrator": AdministratorOut {
            id: p.admin_id,
            email: p.email,
            name: p.name,
            role: p.role_name,
            privileges: p.privileges.iter().map(|p| p.key()).collect(),
        }
    })))
}

async fn logout(State(state): State<AppState>, session: Session) -> ApiResult<StatusCode> {
    let principal = Principal::from_session(&session, &state.db, state.settings.session_absolute_secs).await?;
    app::services::auth::logout(&state, &session, principal.as_ref()).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn companies(State(state): State<AppState>, Signed(p): Signed) -> ApiResult<Json<serde_json::Value>> {
    let list = app::services::tenants::companies(&p, &state.db).await?;
    let out: Vec<_> = list
        .into_iter()
        .map(|c| json!({"id": c.id, "name": c.name, "reseller": c.reseller_id, "reseller_name": c.reseller_name}))
        .collect();
    Ok(Json(json!(out)))
}

async fn licence(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
) -> ApiResult<Json<serde_json::Value>> {
    let cap = p.company::<can::InScope>(&state.db, &c).await?;
    let o = app::services::tenants::overview(&cap, &state.db).await?;
    Ok(Json(json!({
        "licensed": o.licensed,
        "seats": o.seats,
        "seats_used": o.seats_used,
        "version": cap.company().version,
    })))
}

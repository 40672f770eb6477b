//! The JSON API under `/api/v1`. Handlers are thin: find the principal, call the same
//! service functions the pages use, and shape the answer. Errors are
//! `{"error": {"code", "message", "field"}}` with the status of `AppError::status`.

use app::access::capability::{can, Principal};
use app::error::AppError;
use app::model::{
    CallRequest, DeviceView, ForceRecordView, OptInInput, QueueView, RecordingModeView, SystemModeView, UserView,
};
use app::policy::{Decision, Matrix, Mode, Override, SystemMode};
use app::services::policy;
use app::state::AppState;
use app::store::policy::Owned;
use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, FromRef, FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, put, MethodRouter};
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
        ("POST", "/tokens", post(create_token)),
        ("GET", "/system/recording-mode", get(system_mode)),
        ("PUT", "/system/recording-mode", put(set_system_mode)),
        ("GET", "/resellers/{r}/recording-mode", get(reseller_mode)),
        ("PUT", "/resellers/{r}/recording-mode", put(set_reseller_mode)),
        ("GET", "/companies/{c}/recording-mode", get(company_mode)),
        ("PUT", "/companies/{c}/recording-mode", put(set_company_mode)),
        ("GET", "/companies/{c}/force-record", get(force_record)),
        ("PUT", "/companies/{c}/force-record", put(set_force_record)),
        ("GET", "/companies/{c}/queues", get(queues)),
        ("GET", "/queues/{q}", get(queue)),
        ("PUT", "/queues/{q}", put(set_queue)),
        ("GET", "/companies/{c}/users", get(users)),
        ("GET", "/users/{u}", get(user)),
        ("PUT", "/users/{u}", put(set_user)),
        ("GET", "/companies/{c}/devices", get(devices)),
        ("GET", "/devices/{d}", get(device)),
        ("PUT", "/devices/{d}", put(set_device)),
        ("POST", "/companies/{c}/decisions", post(decide)),
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
        // A request that names a bearer token is judged by the token alone: a bad token is
        // never rescued by a cookie that happens to ride along.
        if let Some(value) = parts.headers.get(axum::http::header::AUTHORIZATION) {
            let secret =
                value.to_str().ok().and_then(|v| v.strip_prefix("Bearer ")).ok_or(AppError::Unauthenticated)?;
            return Ok(Signed(app::services::tokens::principal(&state.db, secret.trim()).await?));
        }
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

// Bearer tokens

async fn create_token(
    State(state): State<AppState>,
    Signed(p): Signed,
    payload: Result<Json<app::services::tokens::NewTokenRequest>, JsonRejection>,
) -> ApiResult<(StatusCode, Json<app::services::tokens::CreatedToken>)> {
    let created = app::services::tokens::create(&p, &state.db, body(payload)?).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

// Recording mode at the three levels

#[derive(Deserialize)]
pub struct ModeBody {
    mode: String,
    outbound: String,
    version: i64,
}

impl ModeBody {
    fn parse(&self) -> Result<(Mode, Mode), AppError> {
        Ok((Mode::parse("mode", &self.mode)?, Mode::parse("outbound", &self.outbound)?))
    }
}

async fn system_mode(State(state): State<AppState>, Signed(p): Signed) -> ApiResult<Json<SystemModeView>> {
    let cap = p.system::<can::InScope>(&state.db).await?;
    Ok(Json(policy::system_mode(&cap, &state.db).await?))
}

async fn set_system_mode(
    State(state): State<AppState>,
    Signed(p): Signed,
    payload: Result<Json<ModeBody>, JsonRejection>,
) -> ApiResult<Json<SystemModeView>> {
    let cap = p.system::<can::SystemModify>(&state.db).await?;
    let b = body(payload)?;
    let (mode, outbound) = (
        SystemMode::parse("mode", &b.mode).map_err(AppError::from)?,
        SystemMode::parse("outbound", &b.outbound).map_err(AppError::from)?,
    );
    Ok(Json(policy::set_system_mode(&cap, &state.db, mode, outbound, b.version).await?))
}

async fn reseller_mode(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(r): Path<String>,
) -> ApiResult<Json<RecordingModeView>> {
    let cap = p.reseller::<can::InScope>(&state.db, &r).await?;
    Ok(Json(policy::reseller_mode(&cap, &state.db).await?))
}

async fn set_reseller_mode(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(r): Path<String>,
    payload: Result<Json<ModeBody>, JsonRejection>,
) -> ApiResult<Json<RecordingModeView>> {
    let cap = p.reseller::<can::ResellersModify>(&state.db, &r).await?;
    let b = body(payload)?;
    let (mode, outbound) = b.parse()?;
    Ok(Json(policy::set_reseller_mode(&cap, &state.db, mode, outbound, b.version).await?))
}

async fn company_mode(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
) -> ApiResult<Json<RecordingModeView>> {
    let cap = p.company::<can::InScope>(&state.db, &c).await?;
    Ok(Json(policy::company_mode(&cap, &state.db).await?))
}

async fn set_company_mode(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
    payload: Result<Json<ModeBody>, JsonRejection>,
) -> ApiResult<Json<RecordingModeView>> {
    let cap = p.company::<can::CompaniesModify>(&state.db, &c).await?;
    let b = body(payload)?;
    let (mode, outbound) = b.parse()?;
    Ok(Json(policy::set_company_mode(&cap, &state.db, mode, outbound, b.version).await?))
}

// Account force record

async fn force_record(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
) -> ApiResult<Json<ForceRecordView>> {
    let cap = p.company::<can::RecordingPolicyView>(&state.db, &c).await?;
    Ok(Json(policy::force_record(&cap, &state.db).await?))
}

async fn set_force_record(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
    payload: Result<Json<ForceRecordView>, JsonRejection>,
) -> ApiResult<Json<ForceRecordView>> {
    let cap = p.company::<can::RecordingPolicyModify>(&state.db, &c).await?;
    let b = body(payload)?;
    Ok(Json(policy::set_force_record(&cap, &state.db, b.force, b.version).await?))
}

// Queues, users, devices: addressed by their own id, so the company is looked up first and
// the scope is checked on it (an id of another tenant is simply not found).

async fn owner(state: &AppState, kind: Owned, id: &str) -> ApiResult<String> {
    Ok(app::store::policy::company_of(&state.db, kind, id).await.map_err(AppError::from)?.ok_or(AppError::NotFound)?)
}

async fn queues(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
) -> ApiResult<Json<Vec<QueueView>>> {
    let cap = p.company::<can::QueuesView>(&state.db, &c).await?;
    Ok(Json(policy::queues(&cap, &state.db).await?))
}

async fn queue(State(state): State<AppState>, Signed(p): Signed, Path(q): Path<String>) -> ApiResult<Json<QueueView>> {
    let company = owner(&state, Owned::Queue, &q).await?;
    let cap = p.company::<can::QueuesView>(&state.db, &company).await?;
    Ok(Json(policy::queue(&cap, &state.db, &q).await?))
}

#[derive(Deserialize)]
pub struct QueueBody {
    opt_in: OptInInput,
    version: i64,
}

async fn set_queue(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(q): Path<String>,
    payload: Result<Json<QueueBody>, JsonRejection>,
) -> ApiResult<Json<QueueView>> {
    let company = owner(&state, Owned::Queue, &q).await?;
    let cap = p.company::<can::QueuesModify>(&state.db, &company).await?;
    let b = body(payload)?;
    let opt_in = b.opt_in.parse().map_err(AppError::from)?;
    Ok(Json(policy::set_queue_opt_in(&cap, &state.db, &q, opt_in, b.version).await?))
}

async fn users(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
) -> ApiResult<Json<Vec<UserView>>> {
    let cap = p.company::<can::UsersDevicesView>(&state.db, &c).await?;
    Ok(Json(policy::users(&cap, &state.db).await?))
}

async fn user(State(state): State<AppState>, Signed(p): Signed, Path(u): Path<String>) -> ApiResult<Json<UserView>> {
    let company = owner(&state, Owned::User, &u).await?;
    let cap = p.company::<can::UsersDevicesView>(&state.db, &company).await?;
    Ok(Json(policy::user(&cap, &state.db, &u).await?))
}

#[derive(Deserialize)]
pub struct UserBody {
    #[serde(rename = "override")]
    overrides: Matrix<Override>,
    seat: bool,
    version: i64,
}

async fn set_user(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(u): Path<String>,
    payload: Result<Json<UserBody>, JsonRejection>,
) -> ApiResult<Json<UserView>> {
    let company = owner(&state, Owned::User, &u).await?;
    let cap = p.company::<can::UsersDevicesModify>(&state.db, &company).await?;
    let b = body(payload)?;
    Ok(Json(policy::set_user(&cap, &state.db, &u, b.overrides, b.seat, b.version).await?))
}

async fn devices(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
) -> ApiResult<Json<Vec<DeviceView>>> {
    let cap = p.company::<can::UsersDevicesView>(&state.db, &c).await?;
    Ok(Json(policy::devices(&cap, &state.db).await?))
}

async fn device(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(d): Path<String>,
) -> ApiResult<Json<DeviceView>> {
    let company = owner(&state, Owned::Device, &d).await?;
    let cap = p.company::<can::UsersDevicesView>(&state.db, &company).await?;
    Ok(Json(policy::device(&cap, &state.db, &d).await?))
}

#[derive(Deserialize)]
pub struct DeviceBody {
    #[serde(rename = "override")]
    overrides: Matrix<Override>,
    owner: Option<String>,
    version: i64,
}

async fn set_device(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(d): Path<String>,
    payload: Result<Json<DeviceBody>, JsonRejection>,
) -> ApiResult<Json<DeviceView>> {
    let company = owner(&state, Owned::Device, &d).await?;
    let cap = p.company::<can::UsersDevicesModify>(&state.db, &company).await?;
    let b = body(payload)?;
    Ok(Json(policy::set_device(&cap, &state.db, &d, b.overrides, b.owner, b.version).await?))
}

// The decision for one call

async fn decide(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
    payload: Result<Json<CallRequest>, JsonRejection>,
) -> ApiResult<Json<Decision>> {
    let cap = p.company::<can::RecordingPolicyView>(&state.db, &c).await?;
    Ok(Json(policy::decide(&cap, &state.db, &body(payload)?).await?))
}

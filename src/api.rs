//! The JSON API under `/api/v1`. Handlers are thin: find the principal, call the same
//! service functions the pages use, and shape the answer. Errors are
//! `{"error": {"code", "message", "field"}}` with the status of `AppError::status`.

use crate::openapi::{schema, Doc, ErrorBody, ErrorDetail};
use app::access::capability::{can, Principal};
use app::error::AppError;
use app::model::{
    AudioItem, AudioLibrary, CallRequest, DeviceView, ForceRecordView, LicenceView, NewDevice, NewUser, OptInInput,
    PlaybookInput, PlaybookView, QueueView, RecordingModeView, SystemModeView, UserView,
};
use app::policy::{Decision, Matrix, Override};
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
        let error = ErrorDetail {
            code: self.0.code().to_string(),
            message: self.0.to_string(),
            field: self.0.field().map(str::to_string),
            retry_after: match self.0 {
                AppError::Throttled { retry_after } => Some(retry_after),
                _ => None,
            },
        };
        (status, Json(ErrorBody { error })).into_response()
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

/// One route of `/api/v1` with what its OpenAPI entry says.
pub struct ApiRoute<S> {
    pub method: &'static str,
    pub path: &'static str,
    pub handler: MethodRouter<S>,
    pub doc: Doc,
}

/// Every route of `/api/v1`. The router, the OpenAPI document and the authorization
/// matrix test are all built from this table, so a route cannot be added without appearing
/// in all three.
pub fn route_table<S>() -> Vec<ApiRoute<S>>
where
    AppState: FromRef<S>,
    S: Clone + Send + Sync + 'static,
{
    vec![
        ApiRoute {
            method: "GET",
            path: "/openapi.json",
            handler: get(openapi),
            doc: Doc { summary: "This document (public)", tag: "Meta", request: None, response: None, status: 200 },
        },
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
        ApiRoute {
            method: "GET",
            path: "/companies",
            handler: get(companies),
            doc: Doc {
                summary: "The companies this caller may reach",
                tag: "Tenants",
                request: None,
                response: Some(schema::<Vec<CompanyOut>>()),
                status: 200,
            },
        },
        ApiRoute {
            method: "GET",
            path: "/companies/{c}/licence",
            handler: get(licence),
            doc: Doc {
                summary: "A company's call-recording licence and seats",
                tag: "Tenants",
                request: None,
                response: Some(schema::<LicenceView>()),
                status: 200,
            },
        },
        ApiRoute {
            method: "PUT",
            path: "/companies/{c}/licence",
            handler: put(set_licence),
            doc: Doc {
                summary: "Change a company's licence and seats (Resellers: Modify); seats cannot go below those in use",
                tag: "Tenants",
                request: Some(schema::<LicenceBody>()),
                response: Some(schema::<LicenceView>()),
                status: 200,
            },
        },
        ApiRoute {
            method: "GET",
            path: "/companies/{c}/tokens",
            handler: get(list_tokens),
            doc: Doc { summary: "The company's API tokens: name, privileges, who made them, last use, expiry, revocation; never the secret (Administrators: Modify)", tag: "Tokens", request: None, response: Some(schema::<Vec<app::model::TokenView>>()), status: 200 },
        },
        ApiRoute {
            method: "DELETE",
            path: "/tokens/{t}",
            handler: delete(revoke_token),
            doc: Doc { summary: "Revoke a token at once (Administrators: Modify)", tag: "Tokens", request: None, response: None, status: 204 },
        },
        ApiRoute {
            method: "POST",
            path: "/tokens",
            handler: post(create_token),
            doc: Doc {
                summary: "Create a bearer token for one company and a set of privileges; the secret is shown once",
                tag: "Tokens",
                request: Some(schema::<app::services::tokens::NewTokenRequest>()),
                response: Some(schema::<app::services::tokens::CreatedToken>()),
                status: 201,
            },
        },
        ApiRoute {
            method: "GET",
            path: "/system/recording-mode",
            handler: get(system_mode),
            doc: Doc {
                summary: "The system-level recording mode and outbound recording",
                tag: "Recording mode",
                request: None,
                response: Some(schema::<SystemModeView>()),
                status: 200,
            },
        },
        ApiRoute {
            method: "PUT",
            path: "/system/recording-mode",
            handler: put(set_system_mode),
            doc: Doc {
                summary: "Change the system-level recording mode (System: Modify)",
                tag: "Recording mode",
                request: Some(schema::<ModeBody>()),
                response: Some(schema::<SystemModeView>()),
                status: 200,
            },
        },
        ApiRoute {
            method: "GET",
            path: "/resellers/{r}/recording-mode",
            handler: get(reseller_mode),
            doc: Doc {
                summary: "A reseller's recording mode and what its companies inherit",
                tag: "Recording mode",
                request: None,
                response: Some(schema::<RecordingModeView>()),
                status: 200,
            },
        },
        ApiRoute {
            method: "PUT",
            path: "/resellers/{r}/recording-mode",
            handler: put(set_reseller_mode),
            doc: Doc {
                summary: "Change a reseller's recording mode (Resellers: Modify)",
                tag: "Recording mode",
                request: Some(schema::<ModeBody>()),
                response: Some(schema::<RecordingModeView>()),
                status: 200,
            },
        },
        ApiRoute {
            method: "GET",
            path: "/companies/{c}/recording-mode",
            handler: get(company_mode),
            doc: Doc {
                summary: "A company's recording mode with its effective value and where it came from",
                tag: "Recording mode",
                request: None,
                response: Some(schema::<RecordingModeView>()),
                status: 200,
            },
        },
        ApiRoute {
            method: "PUT",
            path: "/companies/{c}/recording-mode",
            handler: put(set_company_mode),
            doc: Doc {
                summary: "Change a company's recording mode (Companies: Modify)",
                tag: "Recording mode",
                request: Some(schema::<ModeBody>()),
                response: Some(schema::<RecordingModeView>()),
                status: 200,
            },
        },
        ApiRoute {
            method: "GET",
            path: "/companies/{c}/force-record",
            handler: get(force_record),
            doc: Doc {
                summary: "Account force record: both matrices and the on-demand code",
                tag: "Force record",
                request: None,
                response: Some(schema::<ForceRecordView>()),
                status: 200,
            },
        },
        ApiRoute {
            method: "PUT",
            path: "/companies/{c}/force-record",
            handler: put(set_force_record),
            doc: Doc {
                summary: "Change account force record (Recording Policy: Modify)",
                tag: "Force record",
                request: Some(schema::<ForceRecordView>()),
                response: Some(schema::<ForceRecordView>()),
                status: 200,
            },
        },
        ApiRoute {
            method: "GET",
            path: "/companies/{c}/queues",
            handler: get(queues),
            doc: Doc {
                summary: "Queues with their opt-in settings",
                tag: "Queues",
                request: None,
                response: Some(schema::<Vec<QueueView>>()),
                status: 200,
            },
        },
        ApiRoute {
            method: "POST",
            path: "/companies/{c}/queues",
            handler: post(add_queue),
            doc: Doc {
                summary: "Add a queue (Queues: Modify); names are unique in the company",
                tag: "Queues",
                request: Some(schema::<NewQueue>()),
                response: Some(schema::<QueueView>()),
                status: 201,
            },
        },
        ApiRoute {
            method: "GET",
            path: "/queues/{q}",
            handler: get(queue),
            doc: Doc {
                summary: "One queue with its opt-in settings",
                tag: "Queues",
                request: None,
                response: Some(schema::<QueueView>()),
                status: 200,
            },
        },
        ApiRoute {
            method: "PUT",
            path: "/queues/{q}",
            handler: put(set_queue),
            doc: Doc {
                summary: "Change a queue's opt-in settings (Queues: Modify)",
                tag: "Queues",
                request: Some(schema::<QueueBody>()),
                response: Some(schema::<QueueView>()),
                status: 200,
            },
        },
        ApiRoute {
            method: "PUT",
            path: "/queues/{q}/contact-center",
            handler: put(set_contact_center),
            doc: Doc {
                summary: "Change a queue's contact-center options: which calls are recorded (all, a percentage by call id, listed numbers), transfer outside the platform, agent-only, pause on hold (Queues: Modify)",
                tag: "Queues",
                request: Some(schema::<app::model::ContactCenterBody>()),
                response: Some(schema::<QueueView>()),
                status: 200,
            },
        },
        ApiRoute {
            method: "GET",
            path: "/companies/{c}/treatment",
            handler: get(treatment),
            doc: Doc {
                summary: "The company's defaults of the recording treatment (Recording Policy: View)",
                tag: "Recording policy",
                request: None,
                response: Some(schema::<app::model::TreatmentView>()),
                status: 200,
            },
        },
        ApiRoute {
            method: "PUT",
            path: "/companies/{c}/treatment",
            handler: put(set_treatment),
            doc: Doc {
                summary: "Change the company's treatment defaults over the version read (Recording Policy: Modify)",
                tag: "Recording policy",
                request: Some(schema::<app::model::TreatmentView>()),
                response: Some(schema::<app::model::TreatmentView>()),
                status: 200,
            },
        },
        ApiRoute {
            method: "PUT",
            path: "/users/{u}/treatment",
            handler: put(set_user_treatment),
            doc: Doc {
                summary: "Change a user's own treatment options (absent: Company default) and e-mail address (Users & Devices: Modify)",
                tag: "Users and devices",
                request: Some(schema::<app::model::UserTreatmentBody>()),
                response: Some(schema::<UserView>()),
                status: 200,
            },
        },
        ApiRoute {
            method: "DELETE",
            path: "/queues/{q}",
            handler: delete(delete_queue),
            doc: Doc {
                summary: "Delete a queue (Queues: Modify)",
                tag: "Queues",
                request: None,
                response: None,
                status: 204,
            },
        },
        ApiRoute {
            method: "GET",
            path: "/companies/{c}/audio",
            handler: get(audio_library),
            doc: Doc { summary: "The company's audio library: files and playbooks", tag: "Audio library", request: None, response: Some(schema::<AudioLibrary>()), status: 200 },
        },
        ApiRoute {
            method: "POST",
            path: "/companies/{c}/audio",
            // A little over the 5 MB an audio file may be, so the limit is reported as such.
            handler: post(add_audio).layer(axum::extract::DefaultBodyLimit::max(app::audio::MAX_AUDIO_BYTES + 64 * 1024)),
            doc: Doc {
                summary: "Upload an audio file (multipart name + file; WAV, MP3 or OGG by content; at most 5 MB), or create a playbook (JSON name + files in playing order; answers the playbook) (Audio Library: Modify)",
                tag: "Audio library",
                request: Some(schema::<PlaybookInput>().or_multipart(schema::<AudioUpload>)),
                response: Some(schema::<AudioItem>()),
                status: 201,
            },
        },
        ApiRoute {
            method: "DELETE",
            path: "/audio/{a}",
            handler: delete(delete_audio),
            doc: Doc { summary: "Delete an audio file or playbook no queue plays and (a file) no playbook holds (Audio Library: Modify)", tag: "Audio library", request: None, response: None, status: 204 },
        },
        ApiRoute {
            method: "PUT",
            path: "/audio/{a}",
            handler: put(update_playbook),
            doc: Doc {
                summary: "Change a playbook's name and files, with the version read (Audio Library: Modify)",
                tag: "Audio library",
                request: Some(schema::<PlaybookInput>()),
                response: Some(schema::<PlaybookView>()),
                status: 200,
            },
        },
        ApiRoute {
            method: "GET",
            path: "/audio/{a}/file",
            handler: get(audio_file),
            doc: Doc { summary: "An audio file's content, to play it", tag: "Audio library", request: None, response: None, status: 200 },
        },
        ApiRoute {
            method: "GET",
            path: "/companies/{c}/audit-log",
            handler: get(audit_log),
            doc: Doc {
                summary: "The company's audit log, newest first: filters from, to (YYYY-MM-DD), actor (part of an e-mail), action, object (kind or id), before (cursor) (Audit Log: View)",
                tag: "Audit log",
                request: None,
                response: Some(schema::<app::auditlog::AuditPage>()),
                status: 200,
            },
        },
        ApiRoute {
            method: "GET",
            path: "/companies/{c}/audit-log.csv",
            handler: get(audit_log_csv),
            doc: Doc { summary: "The filtered audit log as CSV (same filters; at most 100,000 entries) (Audit Log: View)", tag: "Audit log", request: None, response: None, status: 200 },
        },
        ApiRoute {
            method: "GET",
            path: "/audit-log",
            handler: get(own_audit_log),
            doc: Doc {
                summary: "Every audit entry inside the caller's own scope (the platform's, a reseller's), logins above company level included; the same filters (Audit Log: View)",
                tag: "Audit log",
                request: None,
                response: Some(schema::<app::auditlog::AuditPage>()),
                status: 200,
            },
        },
        ApiRoute {
            method: "GET",
            path: "/audit-log.csv",
            handler: get(own_audit_log_csv),
            doc: Doc { summary: "The caller's whole filtered audit log as CSV (at most 100,000 entries) (Audit Log: View)", tag: "Audit log", request: None, response: None, status: 200 },
        },
        ApiRoute {
            method: "GET",
            path: "/companies/{c}/recordings",
            handler: get(crate::recordings::list),
            doc: Doc {
                summary: "Stored recordings, newest first: filters from, to (YYYY-MM-DD, inclusive), direction, q (part of a name or number), before/after (cursors of the neighbouring pages), limit (Recordings: View)",
                tag: "Recordings",
                request: None,
                response: Some(schema::<app::recordings::RecordingList>()),
                status: 200,
            },
        },
        ApiRoute {
            method: "POST",
            path: "/companies/{c}/recordings",
            // The handler counts the audio against the configured limit as it streams in.
            handler: post(crate::recordings::upload).layer(axum::extract::DefaultBodyLimit::disable()),
            doc: Doc {
                summary: "Upload a recording: multipart metadata (JSON) + audio (WAV, MP3 or OGG by content). Idempotent on call_id: the same file again is 200, a different one 409 (Recordings: Upload)",
                tag: "Recordings",
                request: Some(schema::<crate::recordings::RecordingUpload>()),
                response: Some(schema::<app::recordings::RecordingDetails>()),
                status: 201,
            },
        },
        ApiRoute {
            method: "GET",
            path: "/recordings/{id}",
            handler: get(crate::recordings::one),
            doc: Doc { summary: "A recording's metadata and decision trace (Recordings: View)", tag: "Recordings", request: None, response: Some(schema::<app::recordings::RecordingDetails>()), status: 200 },
        },
        ApiRoute {
            method: "DELETE",
            path: "/recordings/{id}",
            handler: delete(crate::recordings::delete),
            doc: Doc { summary: "Delete a recording, file and row together; never one on legal hold (Recordings: Delete)", tag: "Recordings", request: None, response: None, status: 204 },
        },
        ApiRoute {
            method: "GET",
            path: "/companies/{c}/users",
            handler: get(users),
            doc: Doc {
                summary: "Users with their override matrix and seat",
                tag: "Users and devices",
                request: None,
                response: Some(schema::<Vec<UserView>>()),
                status: 200,
            },
        },
        ApiRoute {
            method: "POST",
            path: "/companies/{c}/users",
            handler: post(add_user),
            doc: Doc {
                summary: "Add a user (Users & Devices: Modify); the extension is unique in the company",
                tag: "Users and devices",
                request: Some(schema::<NewUser>()),
                response: Some(schema::<UserView>()),
                status: 201,
            },
        },
        ApiRoute {
            method: "GET",
            path: "/users/{u}",
            handler: get(user),
            doc: Doc {
                summary: "One user",
                tag: "Users and devices",
                request: None,
                response: Some(schema::<UserView>()),
                status: 200,
            },
        },
        ApiRoute {
            method: "PUT",
            path: "/users/{u}",
            handler: put(set_user),
            doc: Doc {
                summary: "Change a user's override matrix and seat (Users & Devices: Modify)",
                tag: "Users and devices",
                request: Some(schema::<UserBody>()),
                response: Some(schema::<UserView>()),
                status: 200,
            },
        },
        ApiRoute {
            method: "GET",
            path: "/companies/{c}/devices",
            handler: get(devices),
            doc: Doc {
                summary: "Devices with their owner and override matrix",
                tag: "Users and devices",
                request: None,
                response: Some(schema::<Vec<DeviceView>>()),
                status: 200,
            },
        },
        ApiRoute {
            method: "POST",
            path: "/companies/{c}/devices",
            handler: post(add_device),
            doc: Doc {
                summary: "Add a device, optionally owned by a user of the company (Users & Devices: Modify)",
                tag: "Users and devices",
                request: Some(schema::<NewDevice>()),
                response: Some(schema::<DeviceView>()),
                status: 201,
            },
        },
        ApiRoute {
            method: "GET",
            path: "/devices/{d}",
            handler: get(device),
            doc: Doc {
                summary: "One device",
                tag: "Users and devices",
                request: None,
                response: Some(schema::<DeviceView>()),
                status: 200,
            },
        },
        ApiRoute {
            method: "PUT",
            path: "/devices/{d}",
            handler: put(set_device),
            doc: Doc {
                summary: "Change a device's owner and override matrix (Users & Devices: Modify)",
                tag: "Users and devices",
                request: Some(schema::<DeviceBody>()),
                response: Some(schema::<DeviceView>()),
                status: 200,
            },
        },
        ApiRoute {
            method: "POST",
            path: "/companies/{c}/decisions",
            handler: post(decide),
            doc: Doc {
                summary: "The decision for one call, with its trace (Recording Policy: View)",
                tag: "Decisions",
                request: Some(schema::<CallRequest>()),
                response: Some(schema::<Decision>()),
                status: 200,
            },
        },
    ]
}

pub fn routes<S>() -> Router<S>
where
    AppState: FromRef<S>,
    S: Clone + Send + Sync + 'static,
{
    route_table()
        .into_iter()
        .fold(Router::new(), |router, r| router.route(r.path, r.handler))
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

#[derive(Deserialize, utoipa::ToSchema)]
pub struct LoginBody {
    email: String,
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

#[derive(Serialize, utoipa::ToSchema)]
pub struct CompanyOut {
    id: String,
    name: String,
    reseller: String,
    reseller_name: String,
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
            id: p.admin_id,
            email: p.email,
            name: p.name,
            role: p.role_name,
            privileges: p.privileges.iter().map(|p| p.key()).collect(),
        },
    }))
}

async fn logout(State(state): State<AppState>, session: Session) -> ApiResult<StatusCode> {
    let principal = Principal::from_session(&session, &state.db, state.settings.session_absolute_secs).await?;
    app::services::auth::logout(&state, &session, principal.as_ref()).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn companies(State(state): State<AppState>, Signed(p): Signed) -> ApiResult<Json<Vec<CompanyOut>>> {
    let list = app::services::tenants::companies(&p, &state.db).await?;
    Ok(Json(
        list.into_iter()
            .map(|c| CompanyOut { id: c.id, name: c.name, reseller: c.reseller_id, reseller_name: c.reseller_name })
            .collect(),
    ))
}

async fn licence(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
) -> ApiResult<Json<LicenceView>> {
    let cap = p.company::<can::InScope>(&state.db, &c).await?;
    let o = app::services::tenants::overview(&cap, &state.db).await?;
    Ok(Json(LicenceView {
        licensed: o.licensed,
        seats: o.seats,
        seats_used: o.seats_used,
        version: cap.company().version,
    }))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct LicenceBody {
    licensed: bool,
    seats: i64,
    version: i64,
}

async fn set_licence(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
    payload: Result<Json<LicenceBody>, JsonRejection>,
) -> ApiResult<Json<LicenceView>> {
    let cap = p.company::<can::ResellersModify>(&state.db, &c).await?;
    let b = body(payload)?;
    Ok(Json(policy::set_licence(&cap, &state.db, b.licensed, b.seats, b.version).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct NewQueue {
    name: String,
}

async fn add_queue(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
    payload: Result<Json<NewQueue>, JsonRejection>,
) -> ApiResult<(StatusCode, Json<QueueView>)> {
    let cap = p.company::<can::QueuesModify>(&state.db, &c).await?;
    Ok((StatusCode::CREATED, Json(policy::create_queue(&cap, &state.db, &body(payload)?.name).await?)))
}

async fn delete_queue(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(q): Path<String>,
) -> ApiResult<StatusCode> {
    let company = owner(&state, Owned::Queue, &q).await?;
    let cap = p.company::<can::QueuesModify>(&state.db, &company).await?;
    policy::delete_queue(&cap, &state.db, &q).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `multipart/form-data` with `name` and `file`, as a browser's upload form or the API sends it.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct AudioUpload {
    name: String,
    #[schema(format = Binary, value_type = String)]
    file: Vec<u8>,
}

/// The library page's upload form posts here; a browser (asking for HTML) is sent back to
/// the page with the outcome in the address, so the form works without JavaScript. A JSON
/// body creates a playbook instead.
async fn add_audio(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
    headers: axum::http::HeaderMap,
    request: axum::extract::Request,
) -> Result<Response, ApiError> {
    use axum::extract::FromRequest;
    // Privilege and scope before the body is read.
    let cap = p.company::<can::AudioLibraryModify>(&state.db, &c).await;
    let is_json = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if is_json {
        let cap = cap?;
        let input = body(Json::<PlaybookInput>::from_request(request, &state).await)?;
        let playbook = policy::save_playbook(&cap, &state.db, None, &input).await?;
        return Ok((StatusCode::CREATED, Json(playbook)).into_response());
    }
    let multipart = axum::extract::Multipart::from_request(request, &state).await;
    let from_page =
        headers.get(axum::http::header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("text/html"));
    let mut back = format!("/c/{c}/audio");
    let result = match cap {
        Ok(cap) => receive_audio(&state, &cap, multipart, &mut back).await,
        Err(e) => Err(e.into()),
    };
    if from_page {
        let sep = if back.contains('?') { '&' } else { '?' };
        let back = match &result {
            Ok(item) => format!("{back}{sep}uploaded={}", app::components::status::urlencode(&item.name)),
            Err(e) => format!("{back}{sep}error={}", app::components::status::urlencode(&e.0.to_string())),
        };
        return Ok(axum::response::Redirect::to(&back).into_response());
    }
    result.map(|item| (StatusCode::CREATED, Json(item)).into_response())
}

async fn update_playbook(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(a): Path<String>,
    payload: Result<Json<PlaybookInput>, JsonRejection>,
) -> ApiResult<Json<PlaybookView>> {
    let input = body(payload)?;
    let (company, audio) = audio_owner(&state, &a).await?;
    let cap = p.company::<can::AudioLibraryModify>(&state.db, &company).await?;
    if !matches!(audio, app::policy::OptInAudio::Playbook(_)) {
        return Err(AppError::invalid(
            "id",
            "Only a playbook can be changed; upload an audio file under a new name instead.",
        )
        .into());
    }
    Ok(Json(policy::save_playbook(&cap, &state.db, Some(&a), &input).await?))
}

/// The company an audio file or playbook belongs to, for the capability check.
async fn audio_owner(state: &AppState, id: &str) -> ApiResult<(String, app::policy::OptInAudio)> {
    Ok(app::store::policy::audio_company(&state.db, id).await.map_err(AppError::from)?.ok_or(AppError::NotFound)?)
}

async fn receive_audio(
    state: &AppState,
    cap: &app::access::capability::CompanyAccess<can::AudioLibraryModify>,
    multipart: Result<axum::extract::Multipart, axum::extract::multipart::MultipartRejection>,
    back: &mut String,
) -> ApiResult<AudioItem> {
    let too_large = || AppError::TooLarge {
        message: format!(
            "The file is larger than {}, the most an audio file may be.",
            app::audio::megabytes(app::audio::MAX_AUDIO_BYTES)
        ),
    };
    let mut multipart = multipart.map_err(|_| AppError::BadRequest)?;
    let (mut name, mut bytes, mut purpose) = (String::new(), None, String::new());
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_large().into()),
            Err(_) => return Err(AppError::BadRequest.into()),
        };
        match field.name() {
            Some("name") => name = field.text().await.map_err(|_| AppError::BadRequest)?,
            // An announcement's upload (the treatment pages): an MP3, and back to that page.
            Some("purpose") => purpose = field.text().await.map_err(|_| AppError::BadRequest)?,
            Some("back") => {
                let to = field.text().await.map_err(|_| AppError::BadRequest)?;
                *back = app::api::session::safe_next(&to).to_string();
            }
            Some("file") => {
                bytes = Some(field.bytes().await.map_err(|e| {
                    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                        too_large()
                    } else {
                        AppError::BadRequest
                    }
                })?)
            }
            _ => {}
        }
    }
    let bytes = bytes.ok_or_else(|| AppError::invalid("file", "Choose an audio file to upload."))?;
    if purpose == "announcement" && app::audio::AudioFormat::sniff(&bytes) != Some(app::audio::AudioFormat::Mp3) {
        return Err(AppError::invalid("file", "An announcement is an MP3 file: this file is not one.").into());
    }
    Ok(policy::upload_audio(cap, &state.db, &name, &bytes).await?)
}

/// The audio file itself, to play in the page: private, never cached.
async fn audio_file(State(state): State<AppState>, Signed(p): Signed, Path(a): Path<String>) -> ApiResult<Response> {
    let (company, _) = audio_owner(&state, &a).await?;
    let cap = p.company::<can::InScope>(&state.db, &company).await?;
    let (content_type, bytes) = policy::audio_content(&cap, &state.db, &a).await?;
    Ok((
        [(axum::http::header::CONTENT_TYPE, content_type), (axum::http::header::CACHE_CONTROL, "private, no-store")],
        bytes,
    )
        .into_response())
}

async fn audio_library(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
) -> ApiResult<Json<AudioLibrary>> {
    let cap = p.company::<can::InScope>(&state.db, &c).await?;
    Ok(Json(policy::audio_library(&cap, &state.db).await?))
}

async fn delete_audio(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(a): Path<String>,
) -> ApiResult<StatusCode> {
    let (company, _) = audio_owner(&state, &a).await?;
    let cap = p.company::<can::AudioLibraryModify>(&state.db, &company).await?;
    policy::delete_audio(&cap, &state.db, &a).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn audit_log(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
    axum::extract::Query(filter): axum::extract::Query<app::auditlog::AuditFilter>,
) -> ApiResult<Json<app::auditlog::AuditPage>> {
    let cap = p.company::<can::AuditLogView>(&state.db, &c).await?;
    Ok(Json(app::services::auditlog::page(&cap, &state.db, &filter).await?))
}

async fn audit_log_csv(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
    axum::extract::Query(filter): axum::extract::Query<app::auditlog::AuditFilter>,
) -> ApiResult<Response> {
    let cap = p.company::<can::AuditLogView>(&state.db, &c).await?;
    let csv = app::services::auditlog::export_csv(&cap, &state.db, &filter).await?;
    Ok(csv_file(&cap.company().name, csv))
}

async fn own_audit_log(
    State(state): State<AppState>,
    Signed(p): Signed,
    axum::extract::Query(filter): axum::extract::Query<app::auditlog::AuditFilter>,
) -> ApiResult<Json<app::auditlog::AuditPage>> {
    let cap = p.own_scope::<can::AuditLogView>(&state.db).await?;
    Ok(Json(app::services::auditlog::scope_page(&cap, &state.db, &filter).await?))
}

async fn own_audit_log_csv(
    State(state): State<AppState>,
    Signed(p): Signed,
    axum::extract::Query(filter): axum::extract::Query<app::auditlog::AuditFilter>,
) -> ApiResult<Response> {
    let cap = p.own_scope::<can::AuditLogView>(&state.db).await?;
    let csv = app::services::auditlog::scope_export_csv(&cap, &state.db, &filter).await?;
    Ok(csv_file("all", csv))
}

/// An audit log export as a download named after whose it is and the day.
fn csv_file(whose: &str, csv: String) -> Response {
    let day = app::store::now_text().chars().take(10).collect::<String>();
    let name: String = whose.chars().map(|ch| if ch.is_ascii_alphanumeric() { ch } else { '-' }).collect();
    (
        [
            (axum::http::header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (axum::http::header::CONTENT_DISPOSITION, format!("attachment; filename=\"audit-log-{name}-{day}.csv\"")),
            (axum::http::header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        csv,
    )
        .into_response()
}

async fn list_tokens(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
) -> ApiResult<Json<Vec<app::model::TokenView>>> {
    let cap = p.company::<can::AdministratorsModify>(&state.db, &c).await?;
    Ok(Json(app::services::tokens::page(&cap, &p, &state.db).await?.tokens))
}

async fn revoke_token(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(t): Path<String>,
) -> ApiResult<StatusCode> {
    let company =
        app::store::tokens::company_of(&state.db, &t).await.map_err(AppError::from)?.ok_or(AppError::NotFound)?;
    let cap = p.company::<can::AdministratorsModify>(&state.db, &company).await?;
    app::services::tokens::revoke(&cap, &state.db, &t).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(crate::openapi::document())
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

#[derive(Deserialize, utoipa::ToSchema)]
pub struct ModeBody {
    mode: String,
    outbound: String,
    version: i64,
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
    Ok(Json(policy::set_system_mode(&cap, &state.db, &b.mode, &b.outbound, b.version).await?))
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
    Ok(Json(policy::set_reseller_mode(&cap, &state.db, &b.mode, &b.outbound, b.version).await?))
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
    Ok(Json(policy::set_company_mode(&cap, &state.db, &b.mode, &b.outbound, b.version).await?))
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

#[derive(Deserialize, utoipa::ToSchema)]
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
    Ok(Json(policy::set_queue_opt_in(&cap, &state.db, &q, &b.opt_in, b.version).await?))
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

#[derive(Deserialize, utoipa::ToSchema)]
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

#[derive(Deserialize, utoipa::ToSchema)]
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

async fn add_user(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
    payload: Result<Json<NewUser>, JsonRejection>,
) -> ApiResult<(StatusCode, Json<UserView>)> {
    let cap = p.company::<can::UsersDevicesModify>(&state.db, &c).await?;
    Ok((StatusCode::CREATED, Json(policy::create_user(&cap, &state.db, body(payload)?).await?)))
}

async fn add_device(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
    payload: Result<Json<NewDevice>, JsonRejection>,
) -> ApiResult<(StatusCode, Json<DeviceView>)> {
    let cap = p.company::<can::UsersDevicesModify>(&state.db, &c).await?;
    Ok((StatusCode::CREATED, Json(policy::create_device(&cap, &state.db, body(payload)?).await?)))
}

async fn set_contact_center(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(q): Path<String>,
    payload: Result<Json<app::model::ContactCenterBody>, JsonRejection>,
) -> ApiResult<Json<QueueView>> {
    let company = owner(&state, Owned::Queue, &q).await?;
    let cap = p.company::<can::QueuesModify>(&state.db, &company).await?;
    let b = body(payload)?;
    Ok(Json(policy::set_contact_center(&cap, &state.db, &q, &b).await?))
}

async fn treatment(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
) -> ApiResult<Json<app::model::TreatmentView>> {
    let cap = p.company::<can::RecordingPolicyView>(&state.db, &c).await?;
    Ok(Json(policy::treatment(&cap, &state.db).await?))
}

async fn set_treatment(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
    payload: Result<Json<app::model::TreatmentView>, JsonRejection>,
) -> ApiResult<Json<app::model::TreatmentView>> {
    let cap = p.company::<can::RecordingPolicyModify>(&state.db, &c).await?;
    let b = body(payload)?;
    Ok(Json(policy::set_treatment(&cap, &state.db, b.treatment, b.version).await?))
}

async fn set_user_treatment(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(u): Path<String>,
    payload: Result<Json<app::model::UserTreatmentBody>, JsonRejection>,
) -> ApiResult<Json<UserView>> {
    let company = owner(&state, Owned::User, &u).await?;
    let cap = p.company::<can::UsersDevicesModify>(&state.db, &company).await?;
    let b = body(payload)?;
    Ok(Json(policy::set_user_treatment(&cap, &state.db, &u, &b).await?))
}

//! The JSON API under `/api/v1`. Handlers are thin: find the principal, call the same
//! service functions the pages use, and shape the answer. Errors are
//! `{"error": {"code", "message", "field", "fields"}}` with the status of `AppError::status`.
//! Each feature's handlers and routes live in the module of its name; [`route_table`] joins them.

use app::access::capability::Principal;
use app::error::AppError;
use app::state::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, FromRef, FromRequestParts};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, MethodRouter};
use axum::{Json, Router};
use std::net::{IpAddr, SocketAddr};
use tower_sessions::Session;

pub mod audio_library;
pub mod audit_log;
pub mod bulk_download;
pub mod call_events;
pub mod decisions;
pub mod devices;
pub mod doc;
pub mod erasures;
pub mod force_record;
pub mod imports;
pub mod legal_hold;
pub mod licence;
pub mod missing_recordings;
pub mod numbers;
pub mod provisioning;
pub mod queues;
pub mod recording_mode;
pub mod recordings;
pub mod retention;
pub mod session;
pub mod storage;
pub mod teams;
pub mod tenants;
pub mod tokens;
pub mod treatment;
pub mod users;

use doc::{Doc, ErrorBody, ErrorDetail};

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
        let retry_after = match self.0 {
            AppError::Throttled { retry_after } => Some(retry_after),
            _ => None,
        };
        let error = ErrorDetail {
            code: self.0.code().to_string(),
            message: self.0.to_string(),
            field: self.0.field().map(str::to_string),
            fields: self.0.fields(),
            retry_after,
        };
        let mut res = (status, Json(ErrorBody { error })).into_response();
        // The header too, which clients and proxies read without parsing the body.
        if let Some(seconds) = retry_after {
            res.headers_mut().insert(axum::http::header::RETRY_AFTER, axum::http::HeaderValue::from(seconds));
        }
        res
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
    [
        meta_routes(),
        session::routes(),
        tenants::routes(),
        licence::routes(),
        tokens::routes(),
        recording_mode::routes(),
        force_record::routes(),
        queues::routes(),
        treatment::routes(),
        storage::routes(),
        users::routes(),
        audio_library::routes(),
        audit_log::routes(),
        recordings::routes(),
        bulk_download::routes(),
        legal_hold::routes(),
        erasures::routes(),
        missing_recordings::routes(),
        retention::routes(),
        devices::routes(),
        provisioning::routes(),
        imports::routes(),
        teams::routes(),
        decisions::routes(),
        call_events::routes(),
    ]
    .into_iter()
    .flatten()
    .collect()
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
        .layer(axum::middleware::from_fn(numbers::whole_number_bodies))
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

/// The `Content-Disposition` of an export: `attachment; filename="{what}-{whose}-{day}.{ext}"`,
/// the name kept to letters, digits and dashes so that no browser reads it differently.
pub(crate) fn attachment(what: &str, whose: &str, ext: &str) -> String {
    let day = time::OffsetDateTime::now_utc().date();
    let whose: String = whose.chars().map(|ch| if ch.is_ascii_alphanumeric() { ch } else { '-' }).collect();
    format!("attachment; filename=\"{what}-{whose}-{day}.{ext}\"")
}

/// The most a JSON body may weigh: axum's default limit, which the handlers' `Json` keeps.
pub(crate) const JSON_BODY_MAX: usize = 2 * 1024 * 1024;

pub(crate) fn json_too_large() -> AppError {
    AppError::TooLarge { message: "The body is larger than 2 MB, the most this route takes.".into() }
}

/// A part of a multipart form the route does not read: refused, like a JSON body's unknown
/// field, rather than dropped.
pub(crate) fn unknown_part(name: Option<&str>) -> AppError {
    match name {
        Some(name) => AppError::invalid(name, format!("Unknown field {name}: this route does not take it.")),
        None => AppError::BadRequest,
    }
}

fn body<T>(payload: Result<Json<T>, JsonRejection>) -> ApiResult<T> {
    payload.map(|Json(v)| v).map_err(|rejection| {
        tracing::debug!(%rejection, "unreadable JSON body");
        if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            return ApiError(json_too_large());
        }
        ApiError(wrong_field(&rejection).unwrap_or(AppError::BadRequest))
    })
}

/// JSON that parses but does not fit the route is refused by field (422), never dropped or
/// answered with a bare 400: a field the route does not know (serde's `deny_unknown_fields`
/// says which, and axum where: `storage.colour: unknown field …`), one missing, or a value of
/// the wrong kind (`event: unknown variant `mute`, expected one of …`).
fn wrong_field(rejection: &JsonRejection) -> Option<AppError> {
    let JsonRejection::JsonDataError(e) = rejection else { return None };
    let text = e.body_text();
    let (_, detail) = text.split_once("target type: ")?;
    // `path: message`, or the message alone for the body itself.
    let (path, message) = match detail.split_once(": ") {
        Some((path, message)) if !path.contains(' ') => (path, message),
        _ => (".", detail),
    };
    let message = message.split(" at line ").next().unwrap_or(message);
    let root = path == "." || path.is_empty();
    let quoted = |prefix: &str| message.strip_prefix(prefix).and_then(|m| m.split('`').next());
    if let Some(name) = quoted("unknown field `") {
        let field = if root { name.to_string() } else { path.to_string() };
        return Some(AppError::invalid(&field, format!("Unknown field {name}: this route does not take it.")));
    }
    if let Some(name) = quoted("missing field `") {
        let field = if root { name.to_string() } else { format!("{path}.{name}") };
        return Some(AppError::invalid(&field, format!("Send {name}: this route needs it.")));
    }
    let field = if root { "body" } else { path };
    Some(AppError::invalid(field, format!("This is not a value {field} takes: {message}.")))
}

/// The document `crate::openapi` built from this table at start, handed over as an extension
/// so that this module does not depend on the one that documents it.
async fn openapi(axum::Extension(doc): axum::Extension<doc::Published>) -> Response {
    ([(axum::http::header::CONTENT_TYPE, "application/json")], doc.0.as_str().to_owned()).into_response()
}

/// The routes of this feature; [`super::route_table`] joins every feature's.
fn meta_routes<S>() -> Vec<ApiRoute<S>>
where
    AppState: FromRef<S>,
    S: Clone + Send + Sync + 'static,
{
    vec![ApiRoute {
        method: "GET",
        path: "/openapi.json",
        handler: get(openapi),
        doc: Doc { summary: "This document (public)", tag: "Meta", request: None, response: None, status: 200 },
    }]
}

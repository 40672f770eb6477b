//! The whole HTTP surface, built by one function so tests can drive it with `oneshot`.

use crate::middleware::{matched_route, refuse_cross_site, request_id, security_headers, HeaderSettings};
use app::state::AppState;
use app::{shell, App};
use axum::body::Body;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::post;
use axum::Router;
use leptos::config::LeptosOptions;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, handle_server_fns_with_context, LeptosRoutes};
use tower::ServiceExt;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

#[derive(Clone, Debug)]
pub struct SessionSettings {
    pub secure: bool,
    pub idle_minutes: i64,
    /// How long a request's body may send nothing before the request is cut off.
    pub body_timeout: std::time::Duration,
}

/// What Leptos needs in every render and server-function call: the shared state and a
/// fresh nonce for this response's scripts.
fn context(state: AppState) -> impl Fn() + Clone + Send + 'static {
    move || {
        provide_context(state.clone());
        leptos::nonce::provide_nonce();
    }
}

pub fn build(
    state: AppState,
    options: LeptosOptions,
    store: crate::sessions::Sessions,
    sessions: SessionSettings,
) -> Router {
    let routes = generate_route_list(App);
    let headers = HeaderSettings { hashed_files: options.hash_files, https: sessions.secure };
    let site_root = options.site_root.to_string();

    let server_fns = {
        let ctx = context(state.clone());
        move |req: Request<Body>| handle_server_fns_with_context(ctx.clone(), req)
    };

    // Files of the site first (the WASM, JS, CSS, favicon); anything else is a page that
    // does not exist, rendered by the app as its 404 page.
    let fallback = {
        let ctx = context(state.clone());
        let options = options.clone();
        move |req: Request<Body>| {
            let ctx = ctx.clone();
            let options = options.clone();
            let site_root = site_root.clone();
            async move {
                let (parts, body) = req.into_parts();
                let probe = Request::from_parts(parts.clone(), Body::empty());
                // The variant `earmark precompress` wrote, when the browser takes it.
                let files = ServeDir::new(&site_root).precompressed_br().precompressed_gzip();
                let Ok(res) = files.oneshot(probe).await;
                if res.status() == StatusCode::OK || res.status() == StatusCode::NOT_MODIFIED {
                    return res.into_response();
                }
                let render = leptos_axum::render_app_to_stream_with_context(ctx, move || shell(options.clone()));
                render(Request::from_parts(parts, body)).await.into_response()
            }
        }
    };

    let session_layer = SessionManagerLayer::new(store)
        .with_name("earmark_session")
        .with_http_only(true)
        .with_same_site(SameSite::Strict)
        .with_secure(sessions.secure)
        .with_expiry(Expiry::OnInactivity(time::Duration::minutes(sessions.idle_minutes)));

    let leptos_state = LeptosState { options: options.clone(), app: state.clone() };
    Router::<LeptosState>::new()
        .leptos_routes_with_context(&leptos_state, routes, context(state.clone()), {
            let options = options.clone();
            move || shell(options.clone())
        })
        // Server functions live at `/api/{name}` (one segment), beside the JSON API at `/api/v1/...`.
        .route("/api/{fn_name}", post(server_fns))
        // For load balancers and monitors: answers without touching the database.
        .route("/healthz", axum::routing::get(|| async { "ok" }))
        // Readiness: 200 only while the database answers and is migrated, so a load balancer
        // takes an instance without its database out.
        .route("/readyz", axum::routing::get(readyz))
        .nest("/api/v1", crate::api::routes().layer(axum::Extension(crate::openapi::published())))
        // The player's and the download's source: same session and scope checks as the pages.
        .route("/recordings/{id}/audio", axum::routing::get(crate::api::recordings::audio))
        .route_layer(axum::middleware::from_fn(matched_route))
        .fallback(fallback)
        .with_state(leptos_state)
        .layer(session_layer)
        .layer(axum::middleware::from_fn(server_fn_status))
        .layer(axum::middleware::from_fn(limit_server_fn_body))
        .layer(axum::middleware::from_fn(refuse_cross_site))
        .layer(axum::middleware::from_fn_with_state(headers, security_headers))
        // Audio is compressed already, and a compressed body would break the byte ranges
        // the player seeks with.
        .layer(CompressionLayer::new().br(true).gzip(true).compress_when({
            use tower_http::compression::Predicate;
            tower_http::compression::predicate::DefaultPredicate::new()
                .and(tower_http::compression::predicate::NotForContentType::const_new("audio/"))
        }))
        // Between any two parts of a body, not over the whole: a long upload that keeps
        // sending is never cut.
        .layer(
            tower::ServiceBuilder::new()
                .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(sessions.body_timeout))
                .map_request(|req: Request<tower_http::timeout::TimeoutBody<Body>>| req.map(Body::new)),
        )
        .layer(axum::middleware::from_fn(request_id))
}

/// The most a server function's arguments may weigh: they are the pages' forms, read whole
/// (the server-function layer itself would read any length).
const SERVER_FN_BODY_MAX: usize = 1024 * 1024;

fn is_server_fn(req: &Request) -> bool {
    req.uri().path().starts_with("/api/") && !req.uri().path().starts_with("/api/v1/")
}

/// Refuses a server function's body above [`SERVER_FN_BODY_MAX`] with 413, before it is
/// read when it says its length, and as soon as it passes the limit when it does not.
async fn limit_server_fn_body(req: Request, next: axum::middleware::Next) -> axum::response::Response {
    if !is_server_fn(&req) {
        return next.run(req).await;
    }
    let too_large = || {
        let error = app::error::AppError::TooLarge {
            message: format!(
                "The form is larger than {}, the most a form may be.",
                app::model::audio::megabytes(SERVER_FN_BODY_MAX)
            ),
        };
        let body = serde_json::to_string(&error).unwrap_or_default();
        (StatusCode::PAYLOAD_TOO_LARGE, [(axum::http::header::CONTENT_TYPE, "application/json")], body).into_response()
    };
    let declared =
        req.headers().get(axum::http::header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|n| n > SERVER_FN_BODY_MAX as u64) {
        return too_large();
    }
    let (parts, body) = req.into_parts();
    match http_body_util::BodyExt::collect(http_body_util::Limited::new(body, SERVER_FN_BODY_MAX)).await {
        Ok(collected) => next.run(Request::from_parts(parts, Body::from(collected.to_bytes()))).await,
        Err(e) if e.is::<http_body_util::LengthLimitError>() => too_large(),
        Err(_) => crate::api::ApiError(app::error::AppError::BadRequest).into_response(),
    }
}

/// A server function refused before its body ran (an argument list it cannot decode) comes
/// back as 500 whatever the error says; the error's own status is the honest one. Only the
/// (small) bodies of 500 answers are read.
async fn server_fn_status(req: Request, next: axum::middleware::Next) -> axum::response::Response {
    let is_server_fn = is_server_fn(&req);
    let res = next.run(req).await;
    if !is_server_fn || res.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "").into_response();
    };
    if let Ok(error) = serde_json::from_slice::<app::error::AppError>(&bytes) {
        if let Ok(status) = StatusCode::from_u16(error.status()) {
            parts.status = status;
        }
    }
    axum::response::Response::from_parts(parts, Body::from(bytes))
}

/// The router's state: Leptos wants its options, the API wants `AppState`.
#[derive(Clone, Debug)]
pub struct LeptosState {
    pub options: LeptosOptions,
    pub app: AppState,
}

impl axum::extract::FromRef<LeptosState> for LeptosOptions {
    fn from_ref(s: &LeptosState) -> Self {
        s.options.clone()
    }
}

impl axum::extract::FromRef<LeptosState> for AppState {
    fn from_ref(s: &LeptosState) -> Self {
        s.app.clone()
    }
}

async fn readyz(axum::extract::State(state): axum::extract::State<LeptosState>) -> (StatusCode, &'static str) {
    if app::services::bootstrap::ready(&state.app.db).await {
        (StatusCode::OK, "ready")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "not ready")
    }
}

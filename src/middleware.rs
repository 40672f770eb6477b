//! Middleware around every response: a request id for the logs, security headers, cache
//! rules, and the refusal of cross-site writes.

use app::error::{AppError, RequestContext, REQUEST};
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::time::Instant;
use tracing::Instrument;

/// Gives each request an id, logs it with its outcome, and makes it available to error
/// reports (`AppError::internal`) through a task-local. The id is ours, never the client's.
pub async fn request_id(mut req: Request, next: Next) -> Response {
    let id = uuid::Uuid::now_v7().simple().to_string();
    // At the error level, so that whatever the filter lets through (an error at `warn`)
    // carries the request's fields. `admin` and `company` are filled in once the request's
    // principal and capability are known.
    let span = tracing::error_span!(
        "request",
        request_id = %id,
        method = %req.method(),
        path = %req.uri().path(),
        admin = tracing::field::Empty,
        company = tracing::field::Empty,
    );
    let started = Instant::now();
    let method = method_label(req.method());
    let site_file = req.uri().path().starts_with("/pkg/");
    let request = RequestContext { id: id.clone(), span: span.clone() };
    req.extensions_mut().insert(request.clone());
    let served = async move {
        let res = next.run(req).await;
        tracing::info!(status = res.status().as_u16(), ms = started.elapsed().as_millis() as u64, "served");
        res
    };
    let mut res = REQUEST.scope(request, served).instrument(span).await;
    // By the route's pattern, never the path itself, so that the series stay few.
    let route = match res.extensions().get::<MatchedPath>() {
        Some(p) => p.as_str().to_string(),
        None if site_file => "/pkg/{file}".to_string(),
        None => "unmatched".to_string(),
    };
    let status = res.status().as_u16().to_string();
    metrics::counter!("earmark_http_requests_total", "route" => route.clone(), "method" => method, "status" => status)
        .increment(1);
    metrics::histogram!("earmark_http_request_duration_seconds", "route" => route).record(started.elapsed());
    if let Ok(v) = HeaderValue::from_str(&id) {
        res.headers_mut().insert("x-request-id", v);
    }
    res
}

/// The methods a series is kept for; any other token a client sends counts as one.
fn method_label(m: &Method) -> &'static str {
    match *m {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// Hands the route that matched to [`request_id`]'s count through the response: that
/// middleware wraps the router and runs before routing, so it cannot see it otherwise.
pub async fn matched_route(req: Request, next: Next) -> Response {
    let route = req.extensions().get::<MatchedPath>().cloned();
    let mut res = next.run(req).await;
    if let Some(route) = route {
        res.extensions_mut().insert(route);
    }
    res
}

/// What the headers of every response depend on.
#[derive(Clone, Copy)]
pub struct HeaderSettings {
    /// The site's files carry content hashes (and so may be cached for a year).
    pub hashed_files: bool,
    /// The portal is served over https (its cookies are Secure): browsers are told to come
    /// back over https only. Never over plain http, where a browser would keep it and lock
    /// itself out of a portal without a certificate.
    pub https: bool,
}

pub async fn security_headers(
    State(HeaderSettings { hashed_files: hashed, https }): State<HeaderSettings>,
    req: Request,
    next: Next,
) -> Response {
    let is_site_file = req.uri().path().starts_with("/pkg/");
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if https {
        h.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000"));
    }
    // Pages set their own policy with the nonce of their scripts; everything else may not
    // load or run anything.
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"),
        );
    }
    let cache = if is_site_file {
        if hashed {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        }
    } else {
        // Pages and API answers carry one administrator's data: never stored by a cache.
        "no-store"
    };
    if !h.contains_key(header::CACHE_CONTROL) || is_site_file {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    }
    // A site file's body depends on Accept-Encoding (a precompressed variant, or not): a
    // shared cache must keep them apart.
    if is_site_file && !h.contains_key(header::VARY) {
        h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    res
}

/// Refuses a state-changing request that a browser sent from another site. Browsers say so
/// in `Sec-Fetch-Site`; older ones in `Origin`. A request with neither (a script, the
/// telephony engine) cannot carry the SameSite=Strict session cookie anyway.
pub async fn refuse_cross_site(req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let headers = req.headers();
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let foreign = match (text("sec-fetch-site"), text("origin")) {
        (Some(site), _) => site != "same-origin" && site != "none",
        (None, Some(origin)) => {
            let host = text("host").unwrap_or_default();
            origin != format!("http://{host}") && origin != format!("https://{host}")
        }
        (None, None) => false,
    };
    if foreign {
        tracing::warn!("cross-site write refused");
        return crate::api::ApiError(AppError::Forbidden).into_response();
    }
    next.run(req).await
}

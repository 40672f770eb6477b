//! The audit log of a company and of the caller's whole scope, as JSON and CSV.

use super::doc::{schema, Doc};
use super::{ApiResult, ApiRoute, Signed};
use app::access::capability::can;
use app::state::AppState;
use axum::extract::{FromRef, Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Json;

async fn audit_log(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
    axum::extract::Query(filter): axum::extract::Query<app::model::audit_log::AuditFilter>,
) -> ApiResult<Json<app::model::audit_log::AuditPage>> {
    let cap = p.company::<can::AuditLogView>(&state.db, &c).await?;
    Ok(Json(app::services::audit_log::page(&cap, &state.db, &filter).await?))
}

async fn audit_log_csv(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
    axum::extract::Query(filter): axum::extract::Query<app::model::audit_log::AuditFilter>,
) -> ApiResult<Response> {
    let cap = p.company::<can::AuditLogView>(&state.db, &c).await?;
    let csv = app::services::audit_log::export_csv(&cap, &state.db, &filter).await?;
    Ok(csv_file(&cap.company().name, csv))
}

async fn own_audit_log(
    State(state): State<AppState>,
    Signed(p): Signed,
    axum::extract::Query(filter): axum::extract::Query<app::model::audit_log::AuditFilter>,
) -> ApiResult<Json<app::model::audit_log::AuditPage>> {
    let cap = p.own_scope::<can::AuditLogView>(&state.db).await?;
    Ok(Json(app::services::audit_log::scope_page(&cap, &state.db, &filter).await?))
}

async fn own_audit_log_csv(
    State(state): State<AppState>,
    Signed(p): Signed,
    axum::extract::Query(filter): axum::extract::Query<app::model::audit_log::AuditFilter>,
) -> ApiResult<Response> {
    let cap = p.own_scope::<can::AuditLogView>(&state.db).await?;
    let csv = app::services::audit_log::scope_export_csv(&cap, &state.db, &filter).await?;
    Ok(csv_file("all", csv))
}

/// An audit log export as a download named after whose it is and the day.
fn csv_file(whose: &str, csv: String) -> Response {
    (
        [
            (axum::http::header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (axum::http::header::CONTENT_DISPOSITION, super::attachment("audit-log", whose, "csv")),
            (axum::http::header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        csv,
    )
        .into_response()
}

/// The routes of this feature; [`super::route_table`] joins every feature's.
pub(super) fn routes<S>() -> Vec<ApiRoute<S>>
where
    AppState: FromRef<S>,
    S: Clone + Send + Sync + 'static,
{
    vec![
    ApiRoute {
        method: "GET",
        path: "/companies/{c}/audit-log",
        handler: get(audit_log),
        doc: Doc {
            summary: "The company's audit log, newest first: filters from, to (YYYY-MM-DD in the zone tz, UTC by default, or RFC 3339 date-times), actor (part of an e-mail), action, object (kind or id), before (cursor) (Audit Log: View)",
            tag: "Audit log",
            request: None,
            response: Some(schema::<app::model::audit_log::AuditPage>()),
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
            response: Some(schema::<app::model::audit_log::AuditPage>()),
            status: 200,
        },
    },
    ApiRoute {
        method: "GET",
        path: "/audit-log.csv",
        handler: get(own_audit_log_csv),
        doc: Doc { summary: "The caller's whole filtered audit log as CSV (at most 100,000 entries) (Audit Log: View)", tag: "Audit log", request: None, response: None, status: 200 },
    },
    ]
}

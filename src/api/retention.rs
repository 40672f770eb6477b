//! Retention at the three levels. A `days` query parameter on a GET previews another period:
//! `next_purge` then counts what the next purge would delete under it.

use super::doc::{schema, Doc, SchemaDoc};
use super::{body, ApiResult, ApiRoute, Signed};
use app::access::capability::can;
use app::model::retention::RetentionView;
use app::services::retention as service;
use app::state::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRef, Path, Query, State};
use axum::routing::{get, put};
use axum::Json;
use serde::Deserialize;

/// A level's own period: a number of days, or `null` for Default (the level above's; not at
/// the system level).
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RetentionBody {
    #[schema(minimum = 1, maximum = 36500, nullable)]
    days: Option<i64>,
    version: i64,
}

/// The system's own period: a number of days, since the system has no level above.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SystemRetentionBody {
    #[schema(minimum = 1, maximum = 36500)]
    days: i64,
    version: i64,
}

#[derive(Deserialize, Default)]
pub struct PreviewParams {
    /// `default` or a number of days.
    days: Option<String>,
}

async fn system(
    State(state): State<AppState>,
    Signed(p): Signed,
    Query(q): Query<PreviewParams>,
) -> ApiResult<Json<RetentionView>> {
    let cap = p.system::<can::InScope>(&state.db).await?;
    Ok(Json(service::system_retention(&cap, &state.db, q.days.as_deref()).await?))
}

async fn set_system(
    State(state): State<AppState>,
    Signed(p): Signed,
    payload: Result<Json<SystemRetentionBody>, JsonRejection>,
) -> ApiResult<Json<RetentionView>> {
    let cap = p.system::<can::SystemModify>(&state.db).await?;
    let b = body(payload)?;
    Ok(Json(service::set_system_retention(&cap, &state.db, Some(b.days), b.version).await?))
}

async fn reseller(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(r): Path<String>,
    Query(q): Query<PreviewParams>,
) -> ApiResult<Json<RetentionView>> {
    let cap = p.reseller::<can::InScope>(&state.db, &r).await?;
    Ok(Json(service::reseller_retention(&cap, &state.db, q.days.as_deref()).await?))
}

async fn set_reseller(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(r): Path<String>,
    payload: Result<Json<RetentionBody>, JsonRejection>,
) -> ApiResult<Json<RetentionView>> {
    let cap = p.reseller::<can::ResellersModify>(&state.db, &r).await?;
    let b = body(payload)?;
    Ok(Json(service::set_reseller_retention(&cap, &state.db, b.days, b.version).await?))
}

async fn company(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
    Query(q): Query<PreviewParams>,
) -> ApiResult<Json<RetentionView>> {
    let cap = p.company::<can::InScope>(&state.db, &c).await?;
    Ok(Json(service::company_retention(&cap, &state.db, q.days.as_deref()).await?))
}

async fn set_company(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
    payload: Result<Json<RetentionBody>, JsonRejection>,
) -> ApiResult<Json<RetentionView>> {
    let cap = p.company::<can::CompaniesModify>(&state.db, &c).await?;
    let b = body(payload)?;
    Ok(Json(service::set_company_retention(&cap, &state.db, b.days, b.version).await?))
}

fn doc(summary: &'static str, request: Option<SchemaDoc>) -> Doc {
    Doc { summary, tag: "Retention", request, response: Some(schema::<RetentionView>()), status: 200 }
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
            path: "/system/retention",
            handler: get(system),
            doc: doc("The system's retention period and what its next purge deletes", None),
        },
        ApiRoute {
            method: "PUT",
            path: "/system/retention",
            handler: put(set_system),
            doc: doc("Change the system's retention period (System: Modify)", Some(schema::<SystemRetentionBody>())),
        },
        ApiRoute {
            method: "GET",
            path: "/resellers/{r}/retention",
            handler: get(reseller),
            doc: doc("A reseller's retention period and what its companies inherit", None),
        },
        ApiRoute {
            method: "PUT",
            path: "/resellers/{r}/retention",
            handler: put(set_reseller),
            doc: doc("Change a reseller's retention period (Resellers: Modify)", Some(schema::<RetentionBody>())),
        },
        ApiRoute {
            method: "GET",
            path: "/companies/{c}/retention",
            handler: get(company),
            doc: doc("A company's retention period, where it was set, and what the next purge deletes", None),
        },
        ApiRoute {
            method: "PUT",
            path: "/companies/{c}/retention",
            handler: put(set_company),
            doc: doc("Change a company's retention period (Companies: Modify)", Some(schema::<RetentionBody>())),
        },
    ]
}

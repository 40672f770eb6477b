//! The recording mode at the three levels.

use super::doc::{schema, Doc};
use super::{body, ApiResult, ApiRoute, Signed};
use app::access::capability::can;
use app::model::{RecordingModeView, SystemModeView};
use app::services;
use app::state::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRef, Path, State};
use axum::routing::{get, put};
use axum::Json;
use serde::Deserialize;

/// A reseller's or company's modes: `default`, `off` or `on` (read by the service, which names
/// a wrong one by field).
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ModeBody {
    #[schema(value_type = app::policy::Mode)]
    mode: String,
    #[schema(value_type = app::policy::Mode)]
    outbound: String,
    version: i64,
}

/// The system's modes: `off` or `on`, since the system has no level above to take a default from.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SystemModeBody {
    #[schema(value_type = app::policy::SystemMode)]
    mode: String,
    #[schema(value_type = app::policy::SystemMode)]
    outbound: String,
    version: i64,
}

async fn system_mode(State(state): State<AppState>, Signed(p): Signed) -> ApiResult<Json<SystemModeView>> {
    let cap = p.system::<can::InScope>(&state.db).await?;
    Ok(Json(services::recording_mode::system_mode(&cap, &state.db).await?))
}

async fn set_system_mode(
    State(state): State<AppState>,
    Signed(p): Signed,
    payload: Result<Json<SystemModeBody>, JsonRejection>,
) -> ApiResult<Json<SystemModeView>> {
    let cap = p.system::<can::SystemModify>(&state.db).await?;
    let b = body(payload)?;
    Ok(Json(services::recording_mode::set_system_mode(&cap, &state.db, &b.mode, &b.outbound, b.version).await?))
}

async fn reseller_mode(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(r): Path<String>,
) -> ApiResult<Json<RecordingModeView>> {
    let cap = p.reseller::<can::InScope>(&state.db, &r).await?;
    Ok(Json(services::recording_mode::reseller_mode(&cap, &state.db).await?))
}

async fn set_reseller_mode(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(r): Path<String>,
    payload: Result<Json<ModeBody>, JsonRejection>,
) -> ApiResult<Json<RecordingModeView>> {
    let cap = p.reseller::<can::ResellersModify>(&state.db, &r).await?;
    let b = body(payload)?;
    Ok(Json(services::recording_mode::set_reseller_mode(&cap, &state.db, &b.mode, &b.outbound, b.version).await?))
}

async fn company_mode(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
) -> ApiResult<Json<RecordingModeView>> {
    let cap = p.company::<can::InScope>(&state.db, &c).await?;
    Ok(Json(services::recording_mode::company_mode(&cap, &state.db).await?))
}

async fn set_company_mode(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
    payload: Result<Json<ModeBody>, JsonRejection>,
) -> ApiResult<Json<RecordingModeView>> {
    let cap = p.company::<can::CompaniesModify>(&state.db, &c).await?;
    let b = body(payload)?;
    Ok(Json(services::recording_mode::set_company_mode(&cap, &state.db, &b.mode, &b.outbound, b.version).await?))
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
                request: Some(schema::<SystemModeBody>()),
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
    ]
}

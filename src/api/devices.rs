//! Devices.

use super::doc::{list, schema, Doc};
use super::{body, ApiResult, ApiRoute, Signed};
use app::access::capability::can;
use app::access::capability::Owned;
use app::model::{DeviceView, NewDevice};
use app::policy::{Matrix, Override};
use app::services;
use app::state::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRef, Path, State};
use axum::http::StatusCode;
use axum::routing::{delete, get, post, put};
use axum::Json;
use serde::Deserialize;

async fn devices(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
) -> ApiResult<Json<Vec<DeviceView>>> {
    let cap = p.company::<can::UsersDevicesView>(&state.db, &c).await?;
    Ok(Json(services::devices::devices(&cap, &state.db).await?))
}

async fn device(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(d): Path<String>,
) -> ApiResult<Json<DeviceView>> {
    let cap = p.company_of::<can::UsersDevicesView>(&state.db, Owned::Device, &d).await?;
    Ok(Json(services::devices::device(&cap, &state.db, &d).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
// The read-only fields are read to be accepted, never used.
#[allow(dead_code)]
pub struct DeviceBody {
    #[serde(rename = "override")]
    #[serde(deserialize_with = "app::policy::object::object")]
    overrides: Matrix<Override>,
    owner: Option<String>,
    version: i64,
    /// The rest of what a read returns, so that a client can send back what it read: taken
    /// and left as it is, since this route does not change them.
    #[serde(default)]
    #[schema(read_only, value_type = Option<String>)]
    id: Option<serde_json::Value>,
    #[serde(default)]
    #[schema(read_only, value_type = Option<String>)]
    name: Option<serde_json::Value>,
    #[serde(default)]
    #[schema(read_only, value_type = Option<String>)]
    external_id: Option<serde_json::Value>,
}

async fn set_device(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(d): Path<String>,
    payload: Result<Json<DeviceBody>, JsonRejection>,
) -> ApiResult<Json<DeviceView>> {
    let cap = p.company_of::<can::UsersDevicesModify>(&state.db, Owned::Device, &d).await?;
    let b = body(payload)?;
    Ok(Json(services::devices::set_device(&cap, &state.db, &d, b.overrides, b.owner, b.version).await?))
}

async fn add_device(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
    payload: Result<Json<NewDevice>, JsonRejection>,
) -> ApiResult<(StatusCode, Json<DeviceView>)> {
    let cap = p.company::<can::UsersDevicesModify>(&state.db, &c).await?;
    Ok((StatusCode::CREATED, Json(services::devices::create_device(&cap, &state.db, body(payload)?).await?)))
}

async fn delete_device(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(d): Path<String>,
) -> ApiResult<StatusCode> {
    let cap = p.company_of::<can::UsersDevicesModify>(&state.db, Owned::Device, &d).await?;
    services::devices::delete_device(&cap, &state.db, &d).await?;
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
            method: "GET",
            path: "/companies/{c}/devices",
            handler: get(devices),
            doc: Doc {
                summary: "Devices with their owner and override matrix",
                tag: "Users and devices",
                request: None,
                response: Some(list::<DeviceView>()),
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
            method: "DELETE",
            path: "/devices/{d}",
            handler: delete(delete_device),
            doc: Doc {
                summary: "Delete a device: its recordings keep their names and numbers (Users & Devices: Modify)",
                tag: "Users and devices",
                request: None,
                response: None,
                status: 204,
            },
        },
    ]
}

//! Provisioning from the PBX: users and devices by the PBX's own id for them.

use super::doc::{schema, Doc};
use super::{body, ApiResult, ApiRoute, Signed};
use app::access::capability::can;
use app::model::provisioning::{ProvisionedDevice, ProvisionedUser};
use app::model::{DeviceView, UserView};
use app::services::provisioning::{self, Provisioned};
use app::state::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRef, Path, State};
use axum::http::StatusCode;
use axum::routing::{delete, put};
use axum::Json;

fn answer<T>(done: Provisioned<T>) -> (StatusCode, Json<T>) {
    let status = if done.created() { StatusCode::CREATED } else { StatusCode::OK };
    (status, Json(done.into_inner()))
}

async fn put_user(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path((c, x)): Path<(String, String)>,
    payload: Result<Json<ProvisionedUser>, JsonRejection>,
) -> ApiResult<(StatusCode, Json<UserView>)> {
    let cap = p.company::<can::UsersDevicesModify>(&state.db, &c).await?;
    Ok(answer(provisioning::provision_user(&cap, &state.db, &x, body(payload)?).await?))
}

async fn delete_user(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path((c, x)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    let cap = p.company::<can::UsersDevicesModify>(&state.db, &c).await?;
    provisioning::remove_user(&cap, &state.db, &x).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn put_device(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path((c, x)): Path<(String, String)>,
    payload: Result<Json<ProvisionedDevice>, JsonRejection>,
) -> ApiResult<(StatusCode, Json<DeviceView>)> {
    let cap = p.company::<can::UsersDevicesModify>(&state.db, &c).await?;
    Ok(answer(provisioning::provision_device(&cap, &state.db, &x, body(payload)?).await?))
}

async fn delete_device(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path((c, x)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    let cap = p.company::<can::UsersDevicesModify>(&state.db, &c).await?;
    provisioning::remove_device(&cap, &state.db, &x).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The routes of this feature; [`super::route_table`] joins every feature's.
pub(super) fn routes<S>() -> Vec<ApiRoute<S>>
where
    AppState: FromRef<S>,
    S: Clone + Send + Sync + 'static,
{
    const TAG: &str = "Provisioning";
    vec![
        ApiRoute {
            method: "PUT",
            path: "/companies/{c}/users/by-external-id/{x}",
            handler: put(put_user),
            doc: Doc {
                summary: "Create (201) or bring up to date (200) the user the PBX knows by this id: name, extension, and team and seat when given; the same request again changes nothing (Users & Devices: Modify)",
                tag: TAG,
                request: Some(schema::<ProvisionedUser>()),
                response: Some(schema::<UserView>()),
                status: 200,
            },
        },
        ApiRoute {
            method: "DELETE",
            path: "/companies/{c}/users/by-external-id/{x}",
            handler: delete(delete_user),
            doc: Doc {
                summary: "Delete the user the PBX knows by this id: their devices stay, unowned; their recordings keep their names and numbers (Users & Devices: Modify)",
                tag: TAG,
                request: None,
                response: None,
                status: 204,
            },
        },
        ApiRoute {
            method: "PUT",
            path: "/companies/{c}/devices/by-external-id/{x}",
            handler: put(put_device),
            doc: Doc {
                summary: "Create (201) or bring up to date (200) the device the PBX knows by this id: its name, and its owner by the PBX's id for them when given (Users & Devices: Modify)",
                tag: TAG,
                request: Some(schema::<ProvisionedDevice>()),
                response: Some(schema::<DeviceView>()),
                status: 200,
            },
        },
        ApiRoute {
            method: "DELETE",
            path: "/companies/{c}/devices/by-external-id/{x}",
            handler: delete(delete_device),
            doc: Doc {
                summary: "Delete the device the PBX knows by this id: its recordings keep their names and numbers (Users & Devices: Modify)",
                tag: TAG,
                request: None,
                response: None,
                status: 204,
            },
        },
    ]
}

//! Users.

use super::doc::{list, schema, Doc};
use super::{body, ApiResult, ApiRoute, Signed};
use app::access::capability::can;
use app::access::capability::Owned;
use app::model::{NewUser, UserView};
use app::policy::{Matrix, Override};
use app::services;
use app::state::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRef, Path, State};
use axum::http::StatusCode;
use axum::routing::{delete, get, post, put};
use axum::Json;
use serde::Deserialize;

async fn users(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
) -> ApiResult<Json<Vec<UserView>>> {
    let cap = p.company::<can::UsersDevicesView>(&state.db, &c).await?;
    Ok(Json(services::users::users(&cap, &state.db).await?))
}

async fn user(State(state): State<AppState>, Signed(p): Signed, Path(u): Path<String>) -> ApiResult<Json<UserView>> {
    let cap = p.company_of::<can::UsersDevicesView>(&state.db, Owned::User, &u).await?;
    Ok(Json(services::users::user(&cap, &state.db, &u).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
// The read-only fields are read to be accepted, never used.
#[allow(dead_code)]
pub struct UserBody {
    #[serde(rename = "override")]
    #[serde(deserialize_with = "app::policy::object::object")]
    overrides: Matrix<Override>,
    seat: bool,
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
    extension: Option<serde_json::Value>,
    #[serde(default)]
    #[schema(read_only, value_type = Option<String>)]
    team: Option<serde_json::Value>,
    #[serde(default)]
    #[schema(read_only, value_type = Option<Object>)]
    treatment: Option<serde_json::Value>,
    #[serde(default)]
    #[schema(read_only, value_type = Option<String>)]
    email: Option<serde_json::Value>,
    #[serde(default)]
    #[schema(read_only, value_type = Option<String>)]
    external_id: Option<serde_json::Value>,
}

async fn set_user(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(u): Path<String>,
    payload: Result<Json<UserBody>, JsonRejection>,
) -> ApiResult<Json<UserView>> {
    let cap = p.company_of::<can::UsersDevicesModify>(&state.db, Owned::User, &u).await?;
    let b = body(payload)?;
    Ok(Json(services::users::set_user(&cap, &state.db, &u, b.overrides, b.seat, b.version).await?))
}

async fn add_user(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
    payload: Result<Json<NewUser>, JsonRejection>,
) -> ApiResult<(StatusCode, Json<UserView>)> {
    let cap = p.company::<can::UsersDevicesModify>(&state.db, &c).await?;
    Ok((StatusCode::CREATED, Json(services::users::create_user(&cap, &state.db, body(payload)?).await?)))
}

async fn set_user_treatment(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(u): Path<String>,
    payload: Result<Json<app::model::UserTreatmentBody>, JsonRejection>,
) -> ApiResult<Json<UserView>> {
    let cap = p.company_of::<can::UsersDevicesModify>(&state.db, Owned::User, &u).await?;
    let b = body(payload)?;
    Ok(Json(services::users::set_user_treatment(&cap, &state.db, &u, &b).await?))
}

async fn delete_user(State(state): State<AppState>, Signed(p): Signed, Path(u): Path<String>) -> ApiResult<StatusCode> {
    let cap = p.company_of::<can::UsersDevicesModify>(&state.db, Owned::User, &u).await?;
    services::users::delete_user(&cap, &state.db, &u).await?;
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
        method: "GET",
        path: "/companies/{c}/users",
        handler: get(users),
        doc: Doc {
            summary: "Users with their override matrix and seat",
            tag: "Users and devices",
            request: None,
            response: Some(list::<UserView>()),
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
        method: "DELETE",
        path: "/users/{u}",
        handler: delete(delete_user),
        doc: Doc {
            summary: "Delete a user: their devices stay, unowned; their recordings keep their names and numbers (Users & Devices: Modify)",
            tag: "Users and devices",
            request: None,
            response: None,
            status: 204,
        },
    },
    ]
}

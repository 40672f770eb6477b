//! Queues: opt-in settings, contact-center options, adding and deleting.

use super::doc::{list, schema, Doc};
use super::{body, ApiResult, ApiRoute, Signed};
use app::access::capability::can;
use app::access::capability::Owned;
use app::model::{NewQueue, OptInInput, QueueView};
use app::services;
use app::state::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRef, Path, State};
use axum::http::StatusCode;
use axum::routing::{delete, get, post, put};
use axum::Json;
use serde::Deserialize;

async fn add_queue(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
    payload: Result<Json<NewQueue>, JsonRejection>,
) -> ApiResult<(StatusCode, Json<QueueView>)> {
    let cap = p.company::<can::QueuesModify>(&state.db, &c).await?;
    Ok((StatusCode::CREATED, Json(services::queues::create_queue(&cap, &state.db, &body(payload)?).await?)))
}

async fn delete_queue(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(q): Path<String>,
) -> ApiResult<StatusCode> {
    let cap = p.company_of::<can::QueuesModify>(&state.db, Owned::Queue, &q).await?;
    services::queues::delete_queue(&cap, &state.db, &q).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn queues(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
) -> ApiResult<Json<Vec<QueueView>>> {
    let cap = p.company::<can::QueuesView>(&state.db, &c).await?;
    Ok(Json(services::queues::queues(&cap, &state.db).await?))
}

async fn queue(State(state): State<AppState>, Signed(p): Signed, Path(q): Path<String>) -> ApiResult<Json<QueueView>> {
    let cap = p.company_of::<can::QueuesView>(&state.db, Owned::Queue, &q).await?;
    Ok(Json(services::queues::queue(&cap, &state.db, &q).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QueueBody {
    #[serde(deserialize_with = "app::policy::object::object")]
    opt_in: OptInInput,
    version: i64,
}

async fn set_queue(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(q): Path<String>,
    payload: Result<Json<QueueBody>, JsonRejection>,
) -> ApiResult<Json<QueueView>> {
    let cap = p.company_of::<can::QueuesModify>(&state.db, Owned::Queue, &q).await?;
    let b = body(payload)?;
    Ok(Json(services::queues::set_queue_opt_in(&cap, &state.db, &q, &b.opt_in, b.version).await?))
}

async fn set_contact_center(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(q): Path<String>,
    payload: Result<Json<app::model::ContactCenterBody>, JsonRejection>,
) -> ApiResult<Json<QueueView>> {
    let cap = p.company_of::<can::QueuesModify>(&state.db, Owned::Queue, &q).await?;
    let b = body(payload)?;
    Ok(Json(services::queues::set_contact_center(&cap, &state.db, &q, &b).await?))
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
        path: "/companies/{c}/queues",
        handler: get(queues),
        doc: Doc {
            summary: "Queues with their opt-in settings",
            tag: "Queues",
            request: None,
            response: Some(list::<QueueView>()),
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
    ]
}

//! Legal hold on one recording, and over a Stored Recordings filter.

use super::doc::{schema, Doc};
use super::{body, ApiResult, ApiRoute, Signed};
use app::access::capability::{can, Owned};
use app::model::legal_hold::{BulkHold, BulkHoldOutcome, HoldForm};
use app::model::recordings::RecordingDetails;
use app::services::legal_hold as service;
use app::state::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRef, Path, State};
use axum::routing::{delete, post, put};
use axum::Json;

async fn place(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(id): Path<String>,
    payload: Result<Json<HoldForm>, JsonRejection>,
) -> ApiResult<Json<RecordingDetails>> {
    let cap = p.company_of::<can::RecordingsLegalHold>(&state.db, Owned::Recording, &id).await?;
    let form = body(payload)?;
    Ok(Json(service::place(&cap, &state.db, &id, &form).await?))
}

async fn release(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(id): Path<String>,
) -> ApiResult<Json<RecordingDetails>> {
    let cap = p.company_of::<can::RecordingsLegalHold>(&state.db, Owned::Recording, &id).await?;
    Ok(Json(service::release(&cap, &state.db, &id).await?))
}

async fn bulk(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
    payload: Result<Json<BulkHold>, JsonRejection>,
) -> ApiResult<Json<BulkHoldOutcome>> {
    let cap = p.company::<can::RecordingsLegalHold>(&state.db, &c).await?;
    let request = body(payload)?;
    Ok(Json(service::bulk(&cap, &state.db, &request).await?))
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
            path: "/recordings/{id}/legal-hold",
            handler: put(place),
            doc: Doc {
                summary: "Place a recording on legal hold, or change its reason (Recordings: Legal hold)",
                tag: "Legal hold",
                request: Some(schema::<HoldForm>()),
                response: Some(schema::<RecordingDetails>()),
                status: 200,
            },
        },
        ApiRoute {
            method: "DELETE",
            path: "/recordings/{id}/legal-hold",
            handler: delete(release),
            doc: Doc {
                summary: "Release a recording's legal hold (Recordings: Legal hold)",
                tag: "Legal hold",
                request: None,
                response: Some(schema::<RecordingDetails>()),
                status: 200,
            },
        },
        ApiRoute {
            method: "POST",
            path: "/companies/{c}/recordings/legal-hold",
            handler: post(bulk),
            doc: Doc {
                summary: "Place or release the legal hold of every recording a filter matches; without confirm, a preview (Recordings: Legal hold)",
                tag: "Legal hold",
                request: Some(schema::<BulkHold>()),
                response: Some(schema::<BulkHoldOutcome>()),
                status: 200,
            },
        },
    ]
}

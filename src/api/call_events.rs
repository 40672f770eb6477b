//! Call events over HTTP: the engine reports what happened on a recorded call and is told
//! what to do with its recording now.

use super::doc::{schema, Doc};
use super::{body, ApiResult, ApiRoute, Signed};
use app::access::capability::can;
use app::model::call_events::{CallEventAnswer, NewCallEvent};
use app::services::call_events as service;
use app::state::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRef, Path, State};
use axum::routing::post;
use axum::Json;

async fn report(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path((c, call_id)): Path<(String, String)>,
    payload: Result<Json<NewCallEvent>, JsonRejection>,
) -> ApiResult<Json<CallEventAnswer>> {
    let cap = p.company::<can::RecordingPolicyView>(&state.db, &c).await?;
    Ok(Json(service::report(&cap, &state.db, &call_id, &body(payload)?).await?))
}

/// The routes of this feature; [`super::route_table`] joins every feature's.
pub(super) fn routes<S>() -> Vec<ApiRoute<S>>
where
    AppState: FromRef<S>,
    S: Clone + Send + Sync + 'static,
{
    vec![ApiRoute {
        method: "POST",
        path: "/companies/{c}/calls/{call_id}/events",
        handler: post(report),
        doc: Doc {
            summary: "An event of a recorded call (hold, retrieve, manual pause or resume, transfer), answered with \
                      what to do with the recording now; 404 when no \"record\" decision was asked for the call id \
                      (Recording Policy: View)",
            tag: "Decisions",
            request: Some(schema::<NewCallEvent>()),
            response: Some(schema::<CallEventAnswer>()),
            status: 200,
        },
    }]
}

//! The decision for one call.

use super::doc::{schema, Doc};
use super::{body, ApiResult, ApiRoute, Signed};
use app::access::capability::can;
use app::model::CallRequest;
use app::policy::Decision;
use app::services;
use app::state::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRef, Path, State};
use axum::routing::post;
use axum::Json;

async fn decide(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
    payload: Result<Json<CallRequest>, JsonRejection>,
) -> ApiResult<Json<Decision>> {
    let cap = p.company::<can::RecordingPolicyView>(&state.db, &c).await?;
    Ok(Json(services::decisions::answer(&cap, &state.db, &body(payload)?).await?))
}

/// The routes of this feature; [`super::route_table`] joins every feature's.
pub(super) fn routes<S>() -> Vec<ApiRoute<S>>
where
    AppState: FromRef<S>,
    S: Clone + Send + Sync + 'static,
{
    vec![ApiRoute {
        method: "POST",
        path: "/companies/{c}/decisions",
        handler: post(decide),
        doc: Doc {
            summary: "The decision for one call, with its trace (Recording Policy: View)",
            tag: "Decisions",
            request: Some(schema::<CallRequest>()),
            response: Some(schema::<Decision>()),
            status: 200,
        },
    }]
}

//! Account force record.

use super::doc::{schema, Doc};
use super::{body, ApiResult, ApiRoute, Signed};
use app::access::capability::can;
use app::model::ForceRecordView;
use app::services;
use app::state::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRef, Path, State};
use axum::routing::{get, put};
use axum::Json;

async fn force_record(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
) -> ApiResult<Json<ForceRecordView>> {
    let cap = p.company::<can::RecordingPolicyView>(&state.db, &c).await?;
    Ok(Json(services::force_record::force_record(&cap, &state.db).await?))
}

async fn set_force_record(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
    payload: Result<Json<ForceRecordView>, JsonRejection>,
) -> ApiResult<Json<ForceRecordView>> {
    let cap = p.company::<can::RecordingPolicyModify>(&state.db, &c).await?;
    let b = body(payload)?;
    Ok(Json(services::force_record::set_force_record(&cap, &state.db, b.force, b.version).await?))
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
            path: "/companies/{c}/force-record",
            handler: get(force_record),
            doc: Doc {
                summary: "Account force record: both matrices and the on-demand code",
                tag: "Force record",
                request: None,
                response: Some(schema::<ForceRecordView>()),
                status: 200,
            },
        },
        ApiRoute {
            method: "PUT",
            path: "/companies/{c}/force-record",
            handler: put(set_force_record),
            doc: Doc {
                summary: "Change account force record (Recording Policy: Modify)",
                tag: "Force record",
                request: Some(schema::<ForceRecordView>()),
                response: Some(schema::<ForceRecordView>()),
                status: 200,
            },
        },
    ]
}

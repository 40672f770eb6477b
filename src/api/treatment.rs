//! The company's recording treatment defaults.

use super::doc::{schema, Doc};
use super::{body, ApiResult, ApiRoute, Signed};
use app::access::capability::can;
use app::services;
use app::state::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRef, Path, State};
use axum::routing::{get, put};
use axum::Json;

async fn treatment(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
) -> ApiResult<Json<app::model::TreatmentView>> {
    let cap = p.company::<can::RecordingPolicyView>(&state.db, &c).await?;
    Ok(Json(services::treatment::treatment(&cap, &state.db).await?))
}

async fn set_treatment(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
    payload: Result<Json<app::model::TreatmentView>, JsonRejection>,
) -> ApiResult<Json<app::model::TreatmentView>> {
    let cap = p.company::<can::RecordingPolicyModify>(&state.db, &c).await?;
    let b = body(payload)?;
    Ok(Json(services::treatment::set_treatment(&cap, &state.db, b.treatment, b.version).await?))
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
            path: "/companies/{c}/treatment",
            handler: get(treatment),
            doc: Doc {
                summary: "The company's defaults of the recording treatment (Recording Policy: View)",
                tag: "Recording policy",
                request: None,
                response: Some(schema::<app::model::TreatmentView>()),
                status: 200,
            },
        },
        ApiRoute {
            method: "PUT",
            path: "/companies/{c}/treatment",
            handler: put(set_treatment),
            doc: Doc {
                summary: "Change the company's treatment defaults over the version read (Recording Policy: Modify)",
                tag: "Recording policy",
                request: Some(schema::<app::model::TreatmentView>()),
                response: Some(schema::<app::model::TreatmentView>()),
                status: 200,
            },
        },
    ]
}

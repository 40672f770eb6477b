//! Missing recordings: decisions that said "record" with no recording after the deadline.

use super::doc::{schema, Doc};
use super::{body, ApiResult, ApiRoute, Signed};
use app::access::capability::can;
use app::error::AppError;
use app::model::missing_recordings::MissingRecordings;
use app::services::missing_recordings as service;
use app::state::AppState;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRef, Path, Query, State};
use axum::routing::{get, put};
use axum::Json;
use serde::{Deserialize, Serialize};

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct MissingParams {
    /// Look with this deadline (0 to 10080 minutes) instead of the company's.
    deadline_minutes: Option<i64>,
}

/// The company's upload deadline.
#[derive(Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeadlineBody {
    #[schema(minimum = 1, maximum = 10080)]
    minutes: i64,
    version: i64,
}

async fn missing(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
    params: Result<Query<MissingParams>, QueryRejection>,
) -> ApiResult<Json<MissingRecordings>> {
    let cap = p.company::<can::RecordingsView>(&state.db, &c).await?;
    let Query(params) = params
        .map_err(|_| AppError::invalid("deadline_minutes", "The deadline is a whole number of minutes, 0 to 10080."))?;
    let now = time::OffsetDateTime::now_utc();
    Ok(Json(service::missing(&cap, &state.db, params.deadline_minutes, p.privileges(), now).await?))
}

async fn set_deadline(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
    payload: Result<Json<DeadlineBody>, JsonRejection>,
) -> ApiResult<Json<DeadlineBody>> {
    let cap = p.company::<can::RecordingPolicyModify>(&state.db, &c).await?;
    let b = body(payload)?;
    let version = service::set_deadline(&cap, &state.db, b.minutes, b.version).await?;
    Ok(Json(DeadlineBody { minutes: b.minutes, version }))
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
            path: "/companies/{c}/missing-recordings",
            handler: get(missing),
            doc: Doc {
                summary: "Decisions that said record with no recording after the upload deadline, newest first, with the count per day (Recordings: View)",
                tag: "Missing recordings",
                request: None,
                response: Some(schema::<MissingRecordings>()),
                status: 200,
            },
        },
        ApiRoute {
            method: "PUT",
            path: "/companies/{c}/upload-deadline",
            handler: put(set_deadline),
            doc: Doc {
                summary: "Change the company's upload deadline in minutes (Recording Policy: Modify)",
                tag: "Missing recordings",
                request: Some(schema::<DeadlineBody>()),
                response: Some(schema::<DeadlineBody>()),
                status: 200,
            },
        },
    ]
}

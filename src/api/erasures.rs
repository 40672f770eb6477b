//! Erasure by number, a data subject's request, and the ledger of erasures.

use super::doc::{list, schema, Doc};
use super::{body, ApiResult, ApiRoute, Signed};
use app::access::capability::can;
use app::model::erasures::{ErasureEntry, ErasureOutcome, ErasureRequest};
use app::services::erasures as service;
use app::state::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRef, Path, State};
use axum::routing::{get, post};
use axum::Json;

async fn erase(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
    payload: Result<Json<ErasureRequest>, JsonRejection>,
) -> ApiResult<Json<ErasureOutcome>> {
    let cap = p.company::<can::RecordingsDelete>(&state.db, &c).await?;
    let request = body(payload)?;
    Ok(Json(service::erase(&cap, &state.db, &state.recordings, &request).await?))
}

async fn ledger(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
) -> ApiResult<Json<Vec<ErasureEntry>>> {
    let cap = p.company::<can::RecordingsDelete>(&state.db, &c).await?;
    Ok(Json(service::ledger(&cap, &state.db).await?))
}

/// The routes of this feature; [`super::route_table`] joins every feature's.
pub(super) fn routes<S>() -> Vec<ApiRoute<S>>
where
    AppState: FromRef<S>,
    S: Clone + Send + Sync + 'static,
{
    vec![
        ApiRoute {
            method: "POST",
            path: "/companies/{c}/erasures",
            handler: post(erase),
            doc: Doc {
                summary: "Erase a number from the company's recordings (audio deleted, number and name blanked, legal holds kept); without confirm, a preview (Recordings: Delete)",
                tag: "Erasure",
                request: Some(schema::<ErasureRequest>()),
                response: Some(schema::<ErasureOutcome>()),
                status: 200,
            },
        },
        ApiRoute {
            method: "GET",
            path: "/companies/{c}/erasures",
            handler: get(ledger),
            doc: Doc {
                summary: "The ledger of erasures, newest first: never the number (Recordings: Delete)",
                tag: "Erasure",
                request: None,
                response: Some(list::<ErasureEntry>()),
                status: 200,
            },
        },
    ]
}

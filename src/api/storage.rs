//! Where the company's recordings are kept: the platform's storage or its own account.

use super::doc::{schema, Doc};
use super::{body, ApiResult, ApiRoute, Signed};
use app::access::capability::can;
use app::model::storage::{StorageUpdate, StorageView};
use app::services;
use app::state::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRef, Path, State};
use axum::routing::{get, put};
use axum::Json;

async fn storage(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
) -> ApiResult<Json<StorageView>> {
    let cap = p.company::<can::RecordingPolicyView>(&state.db, &c).await?;
    Ok(Json(services::storage::storage(&cap, &state.db, &state.recordings).await?))
}

async fn set_storage(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
    payload: Result<Json<StorageUpdate>, JsonRejection>,
) -> ApiResult<Json<StorageView>> {
    let cap = p.company::<can::RecordingPolicyModify>(&state.db, &c).await?;
    let b = body(payload)?;
    Ok(Json(services::storage::set_storage(&cap, &state.db, &state.recordings, b.storage, b.version).await?))
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
            path: "/companies/{c}/storage",
            handler: get(storage),
            doc: Doc {
                summary: "Where the company's recordings are kept, its stored format and maximum recording length; never the account's secret (Recording Policy: View)",
                tag: "Storage",
                request: None,
                response: Some(schema::<StorageView>()),
                status: 200,
            },
        },
        ApiRoute {
            method: "PUT",
            path: "/companies/{c}/storage",
            handler: put(set_storage),
            doc: Doc {
                summary: "Change where new recordings are kept over the version read; a storage account is probed (write, read, delete) before it is saved, its secret sealed (Recording Policy: Modify)",
                tag: "Storage",
                request: Some(schema::<StorageUpdate>()),
                response: Some(schema::<StorageView>()),
                status: 200,
            },
        },
    ]
}

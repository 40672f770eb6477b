//! The companies a caller reaches.

use super::doc::{list, Doc};
use super::{ApiResult, ApiRoute, Signed};
use app::state::AppState;
use axum::extract::{FromRef, State};
use axum::routing::get;
use axum::Json;
use serde::Serialize;

#[derive(Serialize, utoipa::ToSchema)]
pub struct CompanyOut {
    id: String,
    name: String,
    reseller: String,
    reseller_name: String,
}

async fn companies(State(state): State<AppState>, Signed(p): Signed) -> ApiResult<Json<Vec<CompanyOut>>> {
    let list = app::services::tenants::companies(&p, &state.db).await?;
    Ok(Json(
        list.into_iter()
            .map(|c| CompanyOut { id: c.id, name: c.name, reseller: c.reseller_id, reseller_name: c.reseller_name })
            .collect(),
    ))
}

/// The routes of this feature; [`super::route_table`] joins every feature's.
pub(super) fn routes<S>() -> Vec<ApiRoute<S>>
where
    AppState: FromRef<S>,
    S: Clone + Send + Sync + 'static,
{
    vec![ApiRoute {
        method: "GET",
        path: "/companies",
        handler: get(companies),
        doc: Doc {
            summary: "The companies this caller may reach",
            tag: "Tenants",
            request: None,
            response: Some(list::<CompanyOut>()),
            status: 200,
        },
    }]
}

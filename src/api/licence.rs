//! A company's licence and seats.

use super::doc::{schema, Doc};
use super::{body, ApiResult, ApiRoute, Signed};
use app::access::capability::can;
use app::model::LicenceView;
use app::services;
use app::state::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRef, Path, State};
use axum::routing::{get, put};
use axum::Json;
use serde::Deserialize;

async fn licence(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
) -> ApiResult<Json<LicenceView>> {
    let cap = p.company::<can::InScope>(&state.db, &c).await?;
    let o = app::services::tenants::overview(&cap, &state.db, &state.recordings).await?;
    Ok(Json(LicenceView {
        licensed: o.licensed,
        seats: o.seats,
        seats_used: o.seats_used,
        version: cap.company().version,
    }))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LicenceBody {
    licensed: bool,
    #[schema(minimum = 0, maximum = 100000)]
    seats: i64,
    version: i64,
}

async fn set_licence(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
    payload: Result<Json<LicenceBody>, JsonRejection>,
) -> ApiResult<Json<LicenceView>> {
    let cap = p.company::<can::ResellersModify>(&state.db, &c).await?;
    let b = body(payload)?;
    Ok(Json(services::licence::set_licence(&cap, &state.db, b.licensed, b.seats, b.version).await?))
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
            path: "/companies/{c}/licence",
            handler: get(licence),
            doc: Doc {
                summary: "A company's call-recording licence and seats",
                tag: "Tenants",
                request: None,
                response: Some(schema::<LicenceView>()),
                status: 200,
            },
        },
        ApiRoute {
            method: "PUT",
            path: "/companies/{c}/licence",
            handler: put(set_licence),
            doc: Doc {
                summary: "Change a company's licence and seats (Resellers: Modify); seats cannot go below those in use",
                tag: "Tenants",
                request: Some(schema::<LicenceBody>()),
                response: Some(schema::<LicenceView>()),
                status: 200,
            },
        },
    ]
}

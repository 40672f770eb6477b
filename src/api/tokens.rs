//! API tokens.

use super::doc::{list, schema, Doc};
use super::{body, ApiResult, ApiRoute, Signed};
use app::access::capability::can;
use app::state::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRef, Path, State};
use axum::http::StatusCode;
use axum::routing::{delete, get, post};
use axum::Json;

async fn list_tokens(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
) -> ApiResult<Json<Vec<app::model::TokenView>>> {
    let cap = p.company::<can::AdministratorsModify>(&state.db, &c).await?;
    Ok(Json(app::services::tokens::page(&cap, &p, &state.db).await?.tokens))
}

async fn revoke_token(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(t): Path<String>,
) -> ApiResult<StatusCode> {
    let cap = p.company_of::<can::AdministratorsModify>(&state.db, app::access::capability::Owned::Token, &t).await?;
    app::services::tokens::revoke(&cap, &state.db, &t).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn create_token(
    State(state): State<AppState>,
    Signed(p): Signed,
    payload: Result<Json<app::services::tokens::NewTokenRequest>, JsonRejection>,
) -> ApiResult<(StatusCode, Json<app::services::tokens::CreatedToken>)> {
    let created = app::services::tokens::create(&p, &state.db, body(payload)?).await?;
    Ok((StatusCode::CREATED, Json(created)))
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
        path: "/companies/{c}/tokens",
        handler: get(list_tokens),
        doc: Doc { summary: "The company's API tokens: name, privileges, who made them, last use, expiry, revocation; never the secret (Administrators: Modify)", tag: "Tokens", request: None, response: Some(list::<app::model::TokenView>()), status: 200 },
    },
    ApiRoute {
        method: "DELETE",
        path: "/tokens/{t}",
        handler: delete(revoke_token),
        doc: Doc { summary: "Revoke a token at once (Administrators: Modify)", tag: "Tokens", request: None, response: None, status: 204 },
    },
    ApiRoute {
        method: "POST",
        path: "/tokens",
        handler: post(create_token),
        doc: Doc {
            summary: "Create a bearer token for one company and a set of privileges; the secret is shown once",
            tag: "Tokens",
            request: Some(schema::<app::services::tokens::NewTokenRequest>()),
            response: Some(schema::<app::services::tokens::CreatedToken>()),
            status: 201,
        },
    },
    ]
}

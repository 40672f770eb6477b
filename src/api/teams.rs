//! Teams: a company's teams with their users and the queues they serve.

use super::doc::{list, schema, Doc};
use super::{body, ApiResult, ApiRoute, Signed};
use app::access::capability::can;
use app::model::teams::{NewTeam, TeamChange, TeamView};
use app::services::teams::{self, TeamForm};
use app::state::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRef, Path, State};
use axum::http::StatusCode;
use axum::routing::{delete, get, post, put};
use axum::Json;

async fn list_teams(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
) -> ApiResult<Json<Vec<TeamView>>> {
    let cap = p.company::<can::AdministratorsModify>(&state.db, &c).await?;
    Ok(Json(teams::teams(&cap, &state.db).await?))
}

async fn add_team(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
    payload: Result<Json<NewTeam>, JsonRejection>,
) -> ApiResult<(StatusCode, Json<TeamView>)> {
    let cap = p.company::<can::AdministratorsModify>(&state.db, &c).await?;
    let b = body(payload)?;
    let form = TeamForm { team: String::new(), name: b.name, version: 0, members: b.members, queues: b.queues };
    let id = teams::save(&cap, &state.db, form).await?;
    Ok((StatusCode::CREATED, Json(teams::team(&cap, &state.db, &id).await?)))
}

async fn change_team(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path((c, team)): Path<(String, String)>,
    payload: Result<Json<TeamChange>, JsonRejection>,
) -> ApiResult<Json<TeamView>> {
    let cap = p.company::<can::AdministratorsModify>(&state.db, &c).await?;
    let b = body(payload)?;
    // An id of another company's team is not found here, like one that does not exist.
    teams::team(&cap, &state.db, &team).await?;
    let form = TeamForm { team: team.clone(), name: b.name, version: b.version, members: b.members, queues: b.queues };
    teams::save(&cap, &state.db, form).await?;
    Ok(Json(teams::team(&cap, &state.db, &team).await?))
}

async fn delete_team(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path((c, team)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    let cap = p.company::<can::AdministratorsModify>(&state.db, &c).await?;
    teams::delete(&cap, &state.db, &team).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The routes of this feature; [`super::route_table`] joins every feature's.
pub(super) fn routes<S>() -> Vec<ApiRoute<S>>
where
    AppState: FromRef<S>,
    S: Clone + Send + Sync + 'static,
{
    const TAG: &str = "Teams";
    vec![
        ApiRoute {
            method: "GET",
            path: "/companies/{c}/teams",
            handler: get(list_teams),
            doc: Doc {
                summary: "Teams with their users, the queues they serve and the supervisors limited to them (Administrators: Modify)",
                tag: TAG,
                request: None,
                response: Some(list::<TeamView>()),
                status: 200,
            },
        },
        ApiRoute {
            method: "POST",
            path: "/companies/{c}/teams",
            handler: post(add_team),
            doc: Doc {
                summary: "Add a team with its users (who leave the team they were in) and the queues it serves (Administrators: Modify)",
                tag: TAG,
                request: Some(schema::<NewTeam>()),
                response: Some(schema::<TeamView>()),
                status: 201,
            },
        },
        ApiRoute {
            method: "PUT",
            path: "/companies/{c}/teams/{team}",
            handler: put(change_team),
            doc: Doc {
                summary: "Change a team's name, users and queues, over the version read (Administrators: Modify)",
                tag: TAG,
                request: Some(schema::<TeamChange>()),
                response: Some(schema::<TeamView>()),
                status: 200,
            },
        },
        ApiRoute {
            method: "DELETE",
            path: "/companies/{c}/teams/{team}",
            handler: delete(delete_team),
            doc: Doc {
                summary: "Delete a team: its users stay, without a team; refused (409) while a supervisor is limited to it (Administrators: Modify)",
                tag: TAG,
                request: None,
                response: None,
                status: 204,
            },
        },
    ]
}

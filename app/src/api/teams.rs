//! Server functions of a company's Teams page.

use crate::error::AppError;
use crate::model::teams::TeamsPage;
use leptos::prelude::*;

#[server]
pub async fn get_teams(company: String) -> Result<TeamsPage, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::AdministratorsModify>(&state.db, &company).await?;
        crate::services::teams::page(&cap, &state.db).await
    }
    .await;
    respond(result)
}

/// Creates (`team` empty) or changes a team: name, users, queues served.
#[server]
pub async fn save_team(
    company: String,
    #[server(default)] team: String,
    #[server(default)] name: String,
    #[server(default)] version: i64,
    #[server(default)] members: Vec<String>,
    #[server(default)] queues: Vec<String>,
) -> Result<String, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::AdministratorsModify>(&state.db, &company).await?;
        let form = crate::services::teams::TeamForm { team, name, version, members, queues };
        let id = crate::services::teams::save(&cap, &state.db, form).await?;
        back_to(&format!("/c/{company}/teams?saved={id}"));
        Ok(id)
    }
    .await;
    respond(result)
}

#[server]
pub async fn delete_team(company: String, team: String) -> Result<(), AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::AdministratorsModify>(&state.db, &company).await?;
        crate::services::teams::delete(&cap, &state.db, &team).await?;
        back_to(&format!("/c/{company}/teams?deleted=1"));
        Ok(())
    }
    .await;
    respond(result)
}

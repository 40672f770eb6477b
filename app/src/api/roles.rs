//! Server functions of the Roles page.

use crate::error::AppError;
use crate::model::roles::{RoleInput, RolesPage};
use leptos::prelude::*;

#[server]
pub async fn get_roles() -> Result<RolesPage, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.own_scope::<can::AdministratorsModify>(&state.db).await?;
        crate::services::roles::page(&cap, &state.db).await
    }
    .await;
    respond(result)
}

#[server]
pub async fn create_role(#[server(default)] form: RoleInput) -> Result<String, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.own_scope::<can::AdministratorsModify>(&state.db).await?;
        let id = crate::services::roles::create(&cap, &state.db, &form).await?;
        back_to("/roles?created=1");
        Ok(id)
    }
    .await;
    respond(result)
}

#[server]
pub async fn delete_role(id: String) -> Result<(), AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.own_scope::<can::AdministratorsModify>(&state.db).await?;
        crate::services::roles::delete(&cap, &state.db, &id).await?;
        back_to("/roles?deleted=1");
        Ok(())
    }
    .await;
    respond(result)
}

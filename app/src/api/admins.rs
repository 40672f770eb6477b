//! Server functions of the administrators, roles, teams and own-account pages. Each finds
//! the principal, takes the capability and calls one service.

use crate::administration::{AccountPage, AdminEditor, AdminInput, AdminsPage, RoleInput, RolesPage, TeamsPage};
use crate::error::AppError;
use leptos::prelude::*;

/// The administrators inside the viewer's scope, or of one company (`company` not empty).
#[server]
pub async fn get_admins(company: String, #[server(default)] q: String) -> Result<AdminsPage, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let only = if company.is_empty() {
            None
        } else {
            // Outside the scope: 404, like any company page.
            Some(principal.company::<can::AdministratorsModify>(&state.db, &company).await?.company().id.clone())
        };
        let cap = principal.own_scope::<can::AdministratorsModify>(&state.db).await?;
        crate::services::admins::page(&cap, &principal, &state.db, only.as_deref(), &q).await
    }
    .await;
    respond(result)
}

#[server]
pub async fn get_admin(id: String) -> Result<AdminEditor, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.own_scope::<can::AdministratorsModify>(&state.db).await?;
        crate::services::admins::editor(&cap, &principal, &state.db, &id).await
    }
    .await;
    respond(result)
}

/// A new login with a first password its owner must change at first login.
#[server]
pub async fn create_admin(
    #[server(default)] form: AdminInput,
    #[server(default)] password: String,
    #[server(default)] confirm: String,
    #[server(default)] back: String,
) -> Result<String, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.own_scope::<can::AdministratorsModify>(&state.db).await?;
        let id = crate::services::admins::create(&cap, &state.db, &form, &password, &confirm).await?;
        back_to(&format!("{}?created={}", super::session::safe_next(&back), form.email.trim()));
        Ok(id)
    }
    .await;
    respond(result)
}

#[server]
pub async fn save_admin(id: String, version: i64, #[server(default)] form: AdminInput) -> Result<(), AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.own_scope::<can::AdministratorsModify>(&state.db).await?;
        crate::services::admins::update(&cap, &state.db, &id, &form, version).await?;
        back_to(&format!("/administrators/{id}?saved=1"));
        Ok(())
    }
    .await;
    respond(result)
}

/// Disables (`disabled` = "true") or enables a login.
#[server]
pub async fn set_admin_disabled(id: String, disabled: String) -> Result<(), AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.own_scope::<can::AdministratorsModify>(&state.db).await?;
        let disabled = disabled == "true";
        crate::services::admins::set_disabled(&cap, &state.db, &id, disabled).await?;
        back_to(&format!("/administrators/{id}?saved=1"));
        Ok(())
    }
    .await;
    respond(result)
}

#[server]
pub async fn reset_admin_password(
    id: String,
    #[server(default)] password: String,
    #[server(default)] confirm: String,
) -> Result<(), AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.own_scope::<can::AdministratorsModify>(&state.db).await?;
        crate::services::admins::reset_password(&cap, &state.db, &id, &password, &confirm).await?;
        back_to(&format!("/administrators/{id}?password=1"));
        Ok(())
    }
    .await;
    respond(result)
}

#[server]
pub async fn get_roles() -> Result<RolesPage, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.own_scope::<can::AdministratorsModify>(&state.db).await?;
        crate::services::admins::roles_page(&cap, &state.db).await
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
        let id = crate::services::admins::create_role(&cap, &state.db, &form).await?;
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
        crate::services::admins::delete_role(&cap, &state.db, &id).await?;
        back_to("/roles?deleted=1");
        Ok(())
    }
    .await;
    respond(result)
}

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

/// One's own account: any signed-in administrator, even one who must change their password.
#[server]
pub async fn get_account() -> Result<AccountPage, AppError> {
    use super::ctx::*;
    let result = async {
        let (state, principal) = principal().await?;
        crate::services::account::page(&principal, &state.db).await
    }
    .await;
    respond(result)
}

#[server]
pub async fn change_password(
    #[server(default)] current: String,
    #[server(default)] password: String,
    #[server(default)] confirm: String,
) -> Result<(), AppError> {
    use super::ctx::*;
    let result = async {
        let (state, principal) = principal().await?;
        let session = session().await?;
        crate::services::account::change_password(&principal, &state.db, &session, &current, &password, &confirm)
            .await?;
        back_to("/account?changed=1");
        Ok(())
    }
    .await;
    respond(result)
}

#[server]
pub async fn end_session(id: String) -> Result<(), AppError> {
    use super::ctx::*;
    let result = async {
        let (state, principal) = principal().await?;
        crate::services::account::end_session(&principal, &state.db, &id).await?;
        back_to("/account?ended=1");
        Ok(())
    }
    .await;
    respond(result)
}

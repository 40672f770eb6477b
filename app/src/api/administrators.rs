//! Server functions of the Administrators page. Each finds the principal, takes the
//! capability and calls one service.

use crate::error::AppError;
use crate::model::administrators::{AdminEditor, AdminInput, AdminsPage};
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
        crate::services::administrators::page(&cap, &principal, &state.db, only.as_deref(), &q).await
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
        crate::services::administrators::editor(&cap, &principal, &state.db, &id).await
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
        let id = crate::services::administrators::create(&cap, &state.db, &form, &password, &confirm).await?;
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
        crate::services::administrators::update(&cap, &state.db, &id, &form, version).await?;
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
        crate::services::administrators::set_disabled(&cap, &state.db, &id, disabled).await?;
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
        crate::services::administrators::reset_password(&cap, &state.db, &id, &password, &confirm).await?;
        back_to(&format!("/administrators/{id}?password=1"));
        Ok(())
    }
    .await;
    respond(result)
}

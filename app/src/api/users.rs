//! The Users page's server functions.

use crate::error::AppError;
use leptos::prelude::*;

#[server]
pub async fn get_users_page(
    company: String,
    q: String,
    page: i64,
    #[server(default)] scope: String,
    #[server(default)] team: String,
) -> Result<crate::model::UsersPage, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::UsersDevicesView>(&state.db, &company).await?;
        let can_modify = principal.privileges().has(crate::access::Privilege::UsersDevicesModify);
        crate::services::users::users_page(&cap, &state.db, can_modify, &q, page, (&scope, &team)).await
    }
    .await;
    respond(result)
}

#[server]
pub async fn get_user_editor(company: String, user: String) -> Result<crate::model::UserEditor, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::UsersDevicesView>(&state.db, &company).await?;
        let can_modify = principal.privileges().has(crate::access::Privilege::UsersDevicesModify);
        crate::services::users::user_editor(&cap, &state.db, can_modify, &user).await
    }
    .await;
    respond(result)
}

#[server]
pub async fn save_user(
    company: String,
    user: String,
    form: crate::model::OverrideForm,
) -> Result<crate::model::SavedOverride, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::UsersDevicesModify>(&state.db, &company).await?;
        let seat = form.seat.is_some();
        crate::services::users::save_user(&cap, &state.db, &user, form.overrides(), seat, form.version).await
    }
    .await;
    respond(result)
}

/// A user's own treatment options (the Treatment section of the user's dialog).
#[server]
pub async fn save_user_treatment(
    company: String,
    user: String,
    version: i64,
    #[server(default)] form: crate::policy::treatment::TreatmentForm,
) -> Result<crate::model::UserView, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::UsersDevicesModify>(&state.db, &company).await?;
        let body = crate::model::UserTreatmentBody {
            treatment: form.to_override()?,
            email: Some(form.email_address.clone()),
            version,
        };
        let saved = crate::services::users::set_user_treatment(&cap, &state.db, &user, &body).await?;
        back_to(&format!("/c/{company}/users?edit={user}&treatment=saved"));
        Ok(saved)
    }
    .await;
    respond(result)
}

//! Server functions of Your account.

use crate::error::AppError;
use crate::model::account::AccountPage;
use leptos::prelude::*;

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

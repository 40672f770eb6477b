//! The Storage page's server functions.

use crate::error::AppError;
use leptos::prelude::*;

#[server]
pub async fn get_storage_page(company: String) -> Result<crate::model::storage::StoragePage, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::RecordingPolicyView>(&state.db, &company).await?;
        let can_modify = principal.privileges().has(crate::access::Privilege::RecordingPolicyModify);
        crate::services::storage::storage_page(&cap, &state.db, &state.recordings, can_modify).await
    }
    .await;
    respond(result)
}

/// The check of the company's current storage against its recordings' rows.
#[server]
pub async fn get_storage_check(company: String) -> Result<crate::model::storage::StorageCheck, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::RecordingPolicyModify>(&state.db, &company).await?;
        crate::services::storage::check(&cap, &state.db, &state.recordings).await
    }
    .await;
    respond(result)
}

#[server]
pub async fn save_storage(
    company: String,
    version: i64,
    #[server(default)] form: crate::policy::storage::StorageForm,
) -> Result<crate::model::storage::StorageView, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::RecordingPolicyModify>(&state.db, &company).await?;
        let settings = form.to_settings()?;
        let saved =
            crate::services::storage::set_storage(&cap, &state.db, &state.recordings, settings, version).await?;
        back_to(&format!("/c/{company}/storage?saved=1"));
        Ok(saved)
    }
    .await;
    respond(result)
}

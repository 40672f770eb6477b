//! The Account Force Record page's server functions.

use crate::error::AppError;
use leptos::prelude::*;

#[server]
pub async fn get_force_record(company: String) -> Result<crate::model::ForceRecordPage, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::RecordingPolicyView>(&state.db, &company).await?;
        let current = crate::services::force_record::force_record(&cap, &state.db).await?;
        Ok(crate::model::ForceRecordPage {
            company: cap.company().name.clone(),
            licensed: cap.company().licensed,
            can_modify: principal.privileges().has(crate::access::Privilege::RecordingPolicyModify),
            current,
        })
    }
    .await;
    respond(result)
}

/// Saves account force record; answers the stored version and what changed, in words.
#[server]
pub async fn save_force_record(
    company: String,
    form: crate::model::ForceRecordForm,
) -> Result<crate::model::SavedOverride, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::RecordingPolicyModify>(&state.db, &company).await?;
        crate::services::force_record::save_force_record(&cap, &state.db, form.to_force(), form.version).await
    }
    .await;
    respond(result)
}

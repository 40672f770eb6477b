//! The Recording treatment page's server functions.

use crate::error::AppError;
use leptos::prelude::*;

/// The company's Recording treatment page.
#[server]
pub async fn get_treatment_page(company: String) -> Result<crate::model::TreatmentPage, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::RecordingPolicyView>(&state.db, &company).await?;
        let can_modify = principal.privileges().has(crate::access::Privilege::RecordingPolicyModify);
        crate::services::treatment::treatment_page(&cap, &state.db, can_modify).await
    }
    .await;
    respond(result)
}

#[server]
pub async fn save_treatment(
    company: String,
    version: i64,
    #[server(default)] form: crate::policy::treatment::TreatmentForm,
) -> Result<crate::model::TreatmentView, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::RecordingPolicyModify>(&state.db, &company).await?;
        let treatment = form.to_defaults()?;
        let saved = crate::services::treatment::set_treatment(&cap, &state.db, treatment, version).await?;
        back_to(&format!("/c/{company}/treatment?saved=1"));
        Ok(saved)
    }
    .await;
    respond(result)
}

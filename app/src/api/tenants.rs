//! A company's overview.

use crate::error::AppError;
use crate::model::CompanyOverview;
use leptos::prelude::*;

#[server]
pub async fn get_company_overview(company: String) -> Result<CompanyOverview, AppError> {
    use super::ctx::*;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<crate::access::capability::can::InScope>(&state.db, &company).await?;
        crate::services::tenants::overview(&cap, &state.db, &state.recordings).await
    }
    .await;
    respond(result)
}

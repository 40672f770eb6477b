//! A company's overview and its section pages.

use crate::access::Section;
use crate::error::AppError;
use crate::model::{CompanyOverview, SectionPage};
use leptos::prelude::*;

#[server]
pub async fn get_company_overview(company: String) -> Result<CompanyOverview, AppError> {
    use super::ctx::*;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<crate::access::capability::can::InScope>(&state.db, &company).await?;
        crate::services::tenants::overview(&cap, &state.db).await
    }
    .await;
    respond(result)
}

#[server]
pub async fn get_company_section(company: String, section: Section) -> Result<SectionPage, AppError> {
    use super::ctx::*;
    let result = async {
        let (state, principal) = principal().await?;
        crate::services::tenants::section(&principal, &state.db, &company, section).await
    }
    .await;
    respond(result)
}

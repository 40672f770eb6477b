//! The bulk download's server function: how many recordings the Stored Recordings filter
//! would put in the ZIP (the ZIP itself is a plain GET, `/api/v1/companies/{c}/recordings.zip`).

use crate::error::AppError;
use crate::model::bulk_download::BulkDownloadPreview;
use crate::model::legal_hold::BulkFilter;
use leptos::prelude::*;

#[server]
pub async fn get_bulk_download_preview(
    company: String,
    #[server(default)] filter: BulkFilter,
) -> Result<BulkDownloadPreview, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::RecordingsDownload>(&state.db, &company).await?;
        crate::services::bulk_download::preview(&cap, &state.db, &filter.as_filter(), state.settings.bulk_download_max)
            .await
    }
    .await;
    respond(result)
}

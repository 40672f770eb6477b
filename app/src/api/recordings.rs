//! Server functions of the Stored Recordings pages.

use crate::error::AppError;
use crate::model::recordings::{RecordingFilter, RecordingList, RecordingPage};
use leptos::prelude::*;

/// One page of the list for the filter in the address.
#[server]
pub async fn get_recordings(
    company: String,
    #[server(default)] filter: RecordingFilter,
) -> Result<RecordingList, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::RecordingsView>(&state.db, &company).await?;
        crate::services::recordings::list(&cap, &state.db, &filter, crate::model::recordings::PAGE_SIZE).await
    }
    .await;
    respond(result)
}

#[server]
pub async fn get_recording(company: String, id: String) -> Result<RecordingPage, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::RecordingsView>(&state.db, &company).await?;
        crate::services::recordings::page(&cap, &state.db, &id, principal.privileges()).await
    }
    .await;
    respond(result)
}

/// Deletes the recording and goes back to the list, which says so.
#[server]
pub async fn delete_recording(company: String, id: String) -> Result<(), AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::RecordingsDelete>(&state.db, &company).await?;
        crate::services::recordings::delete(&cap, &state.db, &state.recordings, &id).await?;
        leptos_axum::redirect(&format!("/c/{company}/recordings?deleted=1"));
        Ok(())
    }
    .await;
    respond(result)
}

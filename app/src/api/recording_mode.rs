//! The recording mode pages' server functions.

use crate::error::AppError;
use leptos::prelude::*;

/// The recording mode page of `level` (`system`, `reseller`, `company`) and object `id`.
#[server]
pub async fn get_mode_page(level: String, id: String) -> Result<crate::model::ModePage, AppError> {
    use super::ctx::*;
    let result = async {
        let (state, principal) = principal().await?;
        crate::services::recording_mode::mode_page(&principal, &state.db, &level, &id).await
    }
    .await;
    respond(result)
}

#[server]
pub async fn save_mode(
    level: String,
    id: String,
    mode: String,
    outbound: String,
    version: i64,
) -> Result<i64, AppError> {
    use super::ctx::*;
    let result = async {
        let (state, principal) = principal().await?;
        crate::services::recording_mode::save_mode(&principal, &state.db, &level, &id, &mode, &outbound, version).await
    }
    .await;
    respond(result)
}

//! The Retention pages' server functions.

use crate::error::AppError;
use leptos::prelude::*;

/// The Retention page of `level` (`system`, `reseller`, `company`) and object `id`.
#[server]
pub async fn get_retention_page(level: String, id: String) -> Result<crate::model::retention::RetentionPage, AppError> {
    use super::ctx::*;
    let result = async {
        let (state, principal) = principal().await?;
        crate::services::retention::retention_page(&principal, &state.db, &level, &id).await
    }
    .await;
    respond(result)
}

/// What the next purge would delete if the period were `days`: shown before saving.
#[server]
pub async fn preview_retention(
    level: String,
    id: String,
    days: String,
) -> Result<crate::model::retention::PurgePreview, AppError> {
    use super::ctx::*;
    let result = async {
        let (state, principal) = principal().await?;
        crate::services::retention::preview(&principal, &state.db, &level, &id, &days).await
    }
    .await;
    respond(result)
}

/// Saves the period: `period` is `default` (the level above's) or `days`, the number in
/// `days`. A period under which the next purge deletes more than now needs `confirm`.
#[server]
pub async fn save_retention(
    level: String,
    id: String,
    #[server(default)] period: Option<String>,
    #[server(default)] days: String,
    #[server(default)] confirm: Option<String>,
    #[server(default)] shown_days: String,
    version: i64,
) -> Result<i64, AppError> {
    use super::ctx::*;
    let result = async {
        let (state, principal) = principal().await?;
        let typed = !days.trim().is_empty() && days.trim() != shown_days.trim();
        let days = match period.as_deref() {
            Some("default") if !typed => "default".to_string(),
            Some("days") if days.trim().is_empty() => {
                return Err(AppError::invalid("days", "Enter the number of days, or choose Default."));
            }
            _ => days,
        };
        let saved = crate::services::retention::save_retention(
            &principal,
            &state.db,
            &level,
            &id,
            &days,
            confirm.is_some(),
            version,
        )
        .await?;
        back_to(&format!("{}?saved=1", crate::model::retention::page_path(&level, &id)));
        Ok(saved)
    }
    .await;
    respond(result)
}

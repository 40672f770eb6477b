//! Server functions of a CSV import's preview page.

use crate::error::AppError;
use crate::model::imports::{ImportOutcome, ImportPreview};
use leptos::prelude::*;

#[server]
pub async fn get_import_preview(company: String, import: String) -> Result<ImportPreview, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::UsersDevicesModify>(&state.db, &company).await?;
        crate::services::imports::preview(&cap, &state.db, &import).await
    }
    .await;
    respond(result)
}

/// Applies the import, and back to the Users or Devices page with what it did.
#[server]
pub async fn apply_import(company: String, import: String) -> Result<ImportOutcome, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::UsersDevicesModify>(&state.db, &company).await?;
        let done = crate::services::imports::apply(&cap, &state.db, &import).await?;
        let kind = done.kind.map(|k| k.as_str()).unwrap_or("users");
        back_to(&format!("/c/{company}/{kind}?imported={}.{}.{}", done.created, done.updated, done.unchanged));
        Ok(done)
    }
    .await;
    respond(result)
}

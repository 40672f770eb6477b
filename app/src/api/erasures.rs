//! The Erasure requests page's server functions.

use crate::error::AppError;
use crate::model::erasures::{ErasureEntry, ErasureOutcome};
use leptos::prelude::*;

/// The company's ledger of erasures.
#[server]
pub async fn get_erasures(company: String) -> Result<Vec<ErasureEntry>, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::RecordingsDelete>(&state.db, &company).await?;
        crate::services::erasures::ledger(&cap, &state.db).await
    }
    .await;
    respond(result)
}

/// Every recording `number` is a party in, and what erasing would keep: nothing changes.
#[server]
pub async fn preview_erasure(company: String, number: String) -> Result<ErasureOutcome, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::RecordingsDelete>(&state.db, &company).await?;
        let request = crate::model::erasures::ErasureRequest { number, confirm: false };
        crate::services::erasures::erase(&cap, &state.db, &state.recordings, &request).await
    }
    .await;
    respond(result)
}

/// Erases, once `confirm` is ticked.
#[server]
pub async fn erase_number(
    company: String,
    number: String,
    #[server(default)] confirm: Option<String>,
) -> Result<ErasureOutcome, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::RecordingsDelete>(&state.db, &company).await?;
        let request = crate::model::erasures::ErasureRequest { number, confirm: confirm.is_some() };
        let done = crate::services::erasures::erase(&cap, &state.db, &state.recordings, &request).await?;
        if done.preview {
            return Err(AppError::invalid("confirm", format!("{} Tick the box to confirm.", done.sentence())));
        }
        back_to(&format!("/c/{company}/erasures?erased={}&kept={}", done.erased, done.kept));
        Ok(done)
    }
    .await;
    respond(result)
}

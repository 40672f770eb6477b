//! Legal hold's server functions: on the details page, and over the Stored Recordings filter.

use crate::error::AppError;
use crate::model::legal_hold::{BulkAction, BulkFilter, BulkHoldOutcome};
use crate::model::recordings::RecordingDetails;
use leptos::prelude::*;

#[server]
pub async fn place_legal_hold(
    company: String,
    recording: String,
    #[server(default)] reason: String,
    #[server(default)] case_reference: Option<String>,
) -> Result<RecordingDetails, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::RecordingsLegalHold>(&state.db, &company).await?;
        let form = crate::model::legal_hold::HoldForm { reason, case_reference };
        let held = crate::services::legal_hold::place(&cap, &state.db, &recording, &form).await?;
        back_to(&format!("/c/{company}/recordings/{recording}?held=1"));
        Ok(held)
    }
    .await;
    respond(result)
}

#[server]
pub async fn release_legal_hold(company: String, recording: String) -> Result<RecordingDetails, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::RecordingsLegalHold>(&state.db, &company).await?;
        let released = crate::services::legal_hold::release(&cap, &state.db, &recording).await?;
        back_to(&format!("/c/{company}/recordings/{recording}?released=1"));
        Ok(released)
    }
    .await;
    respond(result)
}

/// What placing or releasing the hold over this filter would change: the count shown before
/// confirming.
#[server]
pub async fn get_bulk_hold_preview(
    company: String,
    action: BulkAction,
    #[server(default)] filter: BulkFilter,
) -> Result<BulkHoldOutcome, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::RecordingsLegalHold>(&state.db, &company).await?;
        let request = crate::model::legal_hold::BulkHold {
            filter,
            action,
            reason: String::new(),
            case_reference: None,
            confirm: false,
        };
        crate::services::legal_hold::bulk(&cap, &state.db, &request).await
    }
    .await;
    respond(result)
}

/// Places the hold on every recording the filter matches, once `confirm` is ticked.
#[server]
pub async fn bulk_legal_hold(
    company: String,
    #[server(default)] filter: BulkFilter,
    #[server(default)] reason: String,
    #[server(default)] case_reference: Option<String>,
    #[server(default)] confirm: Option<String>,
) -> Result<BulkHoldOutcome, AppError> {
    respond_bulk(company, BulkAction::Place, filter, reason, case_reference, confirm).await
}

/// Releases the hold of every recording the filter matches, once `confirm` is ticked: a
/// server function of its own, so that its refusal shows next to its own form.
#[server]
pub async fn bulk_release_legal_hold(
    company: String,
    #[server(default)] filter: BulkFilter,
    #[server(default)] confirm: Option<String>,
) -> Result<BulkHoldOutcome, AppError> {
    respond_bulk(company, BulkAction::Release, filter, String::new(), None, confirm).await
}

#[cfg(feature = "ssr")]
async fn respond_bulk(
    company: String,
    action: BulkAction,
    filter: BulkFilter,
    reason: String,
    case_reference: Option<String>,
    confirm: Option<String>,
) -> Result<BulkHoldOutcome, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::RecordingsLegalHold>(&state.db, &company).await?;
        let request = crate::model::legal_hold::BulkHold {
            filter: filter.clone(),
            action,
            reason,
            case_reference,
            confirm: confirm.is_some(),
        };
        let done = crate::services::legal_hold::bulk(&cap, &state.db, &request).await?;
        if done.preview {
            return Err(AppError::invalid("confirm", format!("{} Tick the box to confirm.", done.sentence(action))));
        }
        let key = if action == BulkAction::Place { "held" } else { "released" };
        let query = filter.as_filter().query_string();
        let sep = if query.is_empty() { "" } else { "&" };
        back_to(&format!("/c/{company}/recordings?{query}{sep}{key}={}", done.changed));
        Ok(done)
    }
    .await;
    respond(result)
}

//! The Missing recordings page's server functions.

use crate::error::AppError;
use crate::model::missing_recordings::MissingRecordings;
use leptos::prelude::*;

/// The company's missing recordings; `deadline_minutes` (a number, 0 included) looks with
/// another deadline than the company's.
#[server]
pub async fn get_missing_recordings(
    company: String,
    #[server(default)] deadline_minutes: String,
) -> Result<MissingRecordings, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::RecordingsView>(&state.db, &company).await?;
        let deadline = match deadline_minutes.trim() {
            "" => None,
            t => Some(t.parse::<i64>().map_err(|_| {
                AppError::invalid("deadline_minutes", "Enter the deadline as a whole number of minutes.")
            })?),
        };
        let now = time::OffsetDateTime::now_utc();
        crate::services::missing_recordings::missing(&cap, &state.db, deadline, principal.privileges(), now).await
    }
    .await;
    respond(result)
}

#[server]
pub async fn save_upload_deadline(company: String, minutes: String, version: i64) -> Result<i64, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::RecordingPolicyModify>(&state.db, &company).await?;
        let minutes = minutes
            .trim()
            .parse::<i64>()
            .map_err(|_| AppError::invalid("minutes", "Enter the deadline as a whole number of minutes."))?;
        let saved = crate::services::missing_recordings::set_deadline(&cap, &state.db, minutes, version).await?;
        back_to(&format!("/c/{company}/missing-recordings?saved=1"));
        Ok(saved)
    }
    .await;
    respond(result)
}

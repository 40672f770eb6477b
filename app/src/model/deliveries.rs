//! A recording's delivery by e-mail, as its details page shows it.

use serde::{Deserialize, Serialize};

#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryState {
    /// Waiting for its (next) attempt.
    Pending,
    /// Being sent now.
    Sending,
    Sent,
    /// Given up: the reason is the last error.
    Failed,
}

impl DeliveryState {
    pub fn parse(text: &str) -> DeliveryState {
        match text {
            "sending" => DeliveryState::Sending,
            "sent" => DeliveryState::Sent,
            "failed" => DeliveryState::Failed,
            _ => DeliveryState::Pending,
        }
    }
}

#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Delivery {
    pub email_to: String,
    pub state: DeliveryState,
    pub attempts: i64,
    /// When a pending delivery is tried next (RFC 3339, UTC).
    pub next_attempt_at: Option<String>,
    /// Why the last attempt failed, as the mail server said it.
    pub last_error: Option<String>,
    /// Sent with the audio attached (true) or as a link to its page (false).
    pub attached: Option<bool>,
    pub sent_at: Option<String>,
}

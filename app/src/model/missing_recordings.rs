//! Missing recordings as the API and the page read them: the decisions that said "record"
//! for a call no recording arrived for within the company's upload deadline.

use crate::policy::FieldError;
use serde::{Deserialize, Serialize};

/// Seed 002's upload SLA.
pub const DEFAULT_DEADLINE_MINUTES: i64 = 25;
/// A week: a recording later than that is lost, not late.
pub const MAX_DEADLINE_MINUTES: i64 = 10_080;
/// The most decisions one answer lists.
pub const LIST_LIMIT: i64 = 200;

/// A deadline in minutes: 1 to a week for the company's setting; a look with another one
/// may also use 0 (every decision without a recording, however recent).
pub fn check_deadline(field: &str, minutes: i64, zero_allowed: bool) -> Result<i64, FieldError> {
    let low = if zero_allowed { 0 } else { 1 };
    if (low..=MAX_DEADLINE_MINUTES).contains(&minutes) {
        Ok(minutes)
    } else {
        Err(FieldError::new(field, format!("A deadline is {low} to {MAX_DEADLINE_MINUTES} minutes (a week).")))
    }
}

/// A decision that said "record" and has no recording.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MissingRecording {
    pub call_id: String,
    /// RFC 3339 in UTC.
    pub decided_at: String,
    /// The rule that fired, e.g. `entire_account.inbound.offnet`.
    pub rule: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DayCount {
    /// `YYYY-MM-DD`, UTC.
    pub day: String,
    pub count: u64,
}

/// `GET /companies/{c}/missing-recordings`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MissingRecordings {
    /// The deadline this answer looked with.
    pub deadline_minutes: i64,
    /// The company's own upload deadline.
    pub company_deadline_minutes: i64,
    /// The company's version, for changing the deadline.
    pub version: i64,
    /// Newest first, at most 200.
    pub rows: Vec<MissingRecording>,
    /// The last 30 days, newest first; days without a missing recording are left out.
    pub per_day: Vec<DayCount>,
    pub last_30_days: u64,
    /// Recording Policy: Modify: the viewer may change the company's deadline.
    pub can_modify: bool,
}

//! Layer 3: account force record and the on-demand feature code.

use super::{FieldError, Matrix, Validation};
use serde::{Deserialize, Serialize};

/// Feature codes the platform dials itself, with what they do; an on-demand code may not
/// clash with them.
pub const PLATFORM_FEATURE_CODES: [(&str, &str); 6] = [
    ("*44", "manual recording start"),
    ("*45", "manual recording stop"),
    ("*72", "call forwarding on"),
    ("*73", "call forwarding off"),
    ("*78", "do not disturb on"),
    ("*79", "do not disturb off"),
];

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnDemand {
    pub enabled: bool,
    pub code: String,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForceRecord {
    /// The default of every user and device (the endpoint layer).
    pub all_users: Matrix<bool>,
    /// Every call of the company that matches, queues and conferences included, whatever
    /// the endpoints say.
    pub entire_account: Matrix<bool>,
    pub on_demand: OnDemand,
}

/// `*` and 1 to 4 digits, not equal to nor a prefix of another code, nor the reverse.
/// `others` are the other feature codes with what they do, to name a conflict.
pub fn check_feature_code(field: &str, code: &str, others: &[(&str, &str)]) -> Result<(), FieldError> {
    let digits = code.strip_prefix('*').unwrap_or("");
    if !code.starts_with('*') || digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(FieldError::new(field, "A feature code is * followed by 1 to 4 digits, e.g. *9."));
    }
    for (other, what) in others {
        let why = if *other == code {
            "it is the same code"
        } else if other.starts_with(code) {
            "dialling it would cut that code short"
        } else if code.starts_with(other) {
            "that code would be dialled first"
        } else {
            continue;
        };
        return Err(FieldError::new(field, format!("{code} conflicts with {other}, {what}: {why}.")));
    }
    Ok(())
}

impl ForceRecord {
    /// `company_codes`: the company's other feature codes with what they do (later layers
    /// add them).
    pub fn validate(&self, company_codes: &[(&str, &str)]) -> Validation {
        let mut v = Validation::default();
        let code = self.on_demand.code.trim();
        if self.on_demand.enabled || !code.is_empty() {
            let others: Vec<(&str, &str)> =
                PLATFORM_FEATURE_CODES.iter().copied().chain(company_codes.iter().copied()).collect();
            if code.is_empty() {
                v.push("on_demand.code", "Enter the feature code callers dial to start recording, e.g. *9.");
            } else {
                v.check(check_feature_code("on_demand.code", code, &others));
            }
        }
        v
    }
}

//! Layer 3: account force record and the on-demand feature code.

use super::{FieldError, Matrix, Validation};
use serde::{Deserialize, Serialize};

/// Feature codes the platform dials itself; an on-demand code may not clash with them.
pub const PLATFORM_FEATURE_CODES: [&str; 6] = ["*44", "*45", "*72", "*73", "*78", "*79"];

#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnDemand {
    pub enabled: bool,
    pub code: String,
}

#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
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
pub fn check_feature_code(field: &str, code: &str, others: &[&str]) -> Result<(), FieldError> {
    let digits = code.strip_prefix('*').unwrap_or("");
    if !code.starts_with('*') || digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(FieldError::new(field, "A feature code is * followed by 1 to 4 digits, e.g. *9."));
    }
    for other in others {
        if *other == code {
            return Err(FieldError::new(field, format!("{code} is already the feature code {other}.")));
        }
        if other.starts_with(code) {
            return Err(FieldError::new(
                field,
                format!("{code} is the start of the feature code {other}, so {other} could never be dialled."),
            ));
        }
        if code.starts_with(other) {
            return Err(FieldError::new(
                field,
                format!("{code} starts with the feature code {other}, so it could never be dialled."),
            ));
        }
    }
    Ok(())
}

impl ForceRecord {
    /// `company_codes`: the company's other feature codes (later layers add them).
    pub fn validate(&self, company_codes: &[&str]) -> Validation {
        let mut v = Validation::default();
        let code = self.on_demand.code.trim();
        if self.on_demand.enabled || !code.is_empty() {
            let others: Vec<&str> =
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

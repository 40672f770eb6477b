//! Legal hold as the API and the pages read and write it: the hold on a recording (who, when,
//! why), the form that places one, and the bulk action over the Stored Recordings filter.
//! Plain Rust, checked the same in the browser and on the server.

use crate::model::recordings::RecordingFilter;
use crate::policy::Validation;
use serde::{Deserialize, Serialize};

/// The most recordings one bulk hold or release changes: a case is narrowed by its filter.
pub const BULK_LIMIT: usize = 10_000;

/// A recording's hold.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LegalHold {
    pub reason: String,
    pub case_reference: Option<String>,
    /// The e-mail address of the administrator who placed it.
    pub placed_by: String,
    /// RFC 3339 in UTC.
    pub placed_at: String,
}

/// `PUT /recordings/{id}/legal-hold`: why (required) and the case it is for (optional).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct HoldForm {
    #[cfg_attr(feature = "ssr", schema(min_length = 1, max_length = 500))]
    pub reason: String,
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(max_length = 100))]
    pub case_reference: Option<String>,
}

use super::names::printable;

impl HoldForm {
    /// Every wrong field at once.
    pub fn validate(&self) -> Validation {
        let mut v = Validation::default();
        let reason = self.reason.trim();
        if reason.is_empty() {
            v.push("reason", "Say why the recording is held, e.g. the claim or request it is kept for.");
        } else if reason.chars().count() > 500 || !printable(reason) {
            v.push("reason", "A reason is at most 500 characters, without control characters.");
        }
        if let Some(case) = &self.case_reference {
            if case.trim().chars().count() > 100 || !printable(case) {
                v.push("case_reference", "A case reference is at most 100 characters, without control characters.");
            }
        }
        v
    }

    /// Trimmed; an empty case reference is none.
    pub fn cleaned(&self) -> HoldForm {
        HoldForm {
            reason: self.reason.trim().to_string(),
            case_reference: self.case_reference.as_deref().map(str::trim).filter(|c| !c.is_empty()).map(str::to_string),
        }
    }
}

/// Place a hold on, or release it from, every recording the filter matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum BulkAction {
    Place,
    Release,
}

/// The Stored Recordings filter as the bulk action takes it (no page cursor).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BulkFilter {
    /// `YYYY-MM-DD`, included.
    #[serde(default)]
    pub from: String,
    /// `YYYY-MM-DD`, included.
    #[serde(default)]
    pub to: String,
    /// `inbound`, `outbound`, or empty for both.
    #[serde(default)]
    pub direction: String,
    /// Part of a name or number.
    #[serde(default)]
    pub q: String,
    /// `held`, `not_held`, or empty for both.
    #[serde(default)]
    pub hold: String,
    /// The caller's choice: `accept`, `reject`, `none`, or empty for any.
    #[serde(default)]
    pub consent: String,
    /// The zone the dates are in (an IANA name); UTC when empty.
    #[serde(default)]
    pub tz: String,
}

impl BulkFilter {
    /// The list's filter without its cursor and order: what a bulk action takes.
    pub fn of(f: &RecordingFilter) -> BulkFilter {
        BulkFilter {
            from: f.from.clone(),
            to: f.to.clone(),
            direction: f.direction.clone(),
            q: f.q.clone(),
            hold: f.hold.clone(),
            consent: f.consent.clone(),
            tz: f.tz.clone(),
        }
    }

    pub fn as_filter(&self) -> RecordingFilter {
        RecordingFilter {
            from: self.from.clone(),
            to: self.to.clone(),
            direction: self.direction.clone(),
            q: self.q.clone(),
            hold: self.hold.clone(),
            consent: self.consent.clone(),
            tz: self.tz.clone(),
            ..Default::default()
        }
    }
}

/// `POST /companies/{c}/recordings/legal-hold`. Without `confirm`, nothing changes and the
/// answer says what would.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BulkHold {
    #[serde(default)]
    pub filter: BulkFilter,
    pub action: BulkAction,
    /// Required to place a hold.
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub case_reference: Option<String>,
    #[serde(default)]
    pub confirm: bool,
}

/// What a bulk action did, or (a preview) would do.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BulkHoldOutcome {
    /// Recordings the filter matches (within the caller's teams).
    pub matching: u64,
    /// Those the action changes (placed on hold, or released).
    pub changed: u64,
    /// True when nothing was changed because `confirm` was not given.
    pub preview: bool,
}

impl BulkHoldOutcome {
    /// "Place a hold on 12 of the 14 recordings this filter matches (2 are held already)."
    pub fn sentence(&self, action: BulkAction) -> String {
        let n = crate::model::recordings::recordings;
        let rest = self.matching - self.changed;
        match (action, self.preview) {
            (_, true) if self.matching == 0 => "No recordings match this filter.".into(),
            (BulkAction::Place, true) => format!(
                "This filter matches {}; a hold would be placed on {}{}.",
                n(self.matching),
                n(self.changed),
                if rest > 0 { format!(" ({rest} already held)") } else { String::new() }
            ),
            (BulkAction::Release, true) => {
                format!("This filter matches {}, {} on hold.", n(self.matching), self.changed)
            }
            (BulkAction::Place, false) => format!("A hold was placed on {}.", n(self.changed)),
            (BulkAction::Release, false) => format!("The hold was released from {}.", n(self.changed)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hold_needs_a_reason_and_every_wrong_field_is_named() {
        let v = HoldForm { reason: "  ".into(), case_reference: Some("x".repeat(101)) }.validate();
        let fields: Vec<_> = v.errors.iter().map(|e| e.field.clone()).collect();
        assert_eq!(fields, vec!["reason", "case_reference"]);
        assert_eq!(HoldForm { reason: "Claim 42\u{7}".into(), case_reference: None }.validate().errors.len(), 1);
        let ok = HoldForm { reason: " Claim 42 ".into(), case_reference: Some(" ".into()) };
        assert!(ok.validate().is_ok());
        assert_eq!(ok.cleaned(), HoldForm { reason: "Claim 42".into(), case_reference: None });
    }
}

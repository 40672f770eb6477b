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

/// What [`HoldForm::validate`] accepts as a reason, as the OpenAPI document states it: built as
/// [`crate::model::names::NAME_PATTERN`] is (the same trim and characters), of 1 to 500.
pub const HOLD_REASON_PATTERN: &str = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[^\x00-\x20\x7F-\xA0\u1680\u2000-\u200F\u2028-\u202F\u205F-\u2069\u3000\uFEFF](?:[^\x00-\x1F\x7F-\x9F\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]{0,498}[^\x00-\x20\x7F-\xA0\u1680\u2000-\u200F\u2028-\u202F\u205F-\u2069\u3000\uFEFF])?[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$";
/// What it accepts as a case reference: at most 100 characters once trimmed, and no control or
/// invisible character even among the spaces around it (those are checked before the trim):
/// so only spaces that are neither may surround it.
pub const CASE_REFERENCE_PATTERN: &str = r"^[ \xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*(?:[^\x00-\x20\x7F-\xA0\u1680\u2000-\u200F\u2028-\u202F\u205F-\u2069\u3000\uFEFF](?:[^\x00-\x1F\x7F-\x9F\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]{0,98}[^\x00-\x20\x7F-\xA0\u1680\u2000-\u200F\u2028-\u202F\u205F-\u2069\u3000\uFEFF])?[ \xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*)?$";

/// `PUT /recordings/{id}/legal-hold`: why (required) and the case it is for (optional).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct HoldForm {
    /// 1 to 500 characters once trimmed, no control or invisible ones.
    #[cfg_attr(
        feature = "ssr",
        schema(
            pattern = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[^\x00-\x20\x7F-\xA0\u1680\u2000-\u200F\u2028-\u202F\u205F-\u2069\u3000\uFEFF](?:[^\x00-\x1F\x7F-\x9F\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]{0,498}[^\x00-\x20\x7F-\xA0\u1680\u2000-\u200F\u2028-\u202F\u205F-\u2069\u3000\uFEFF])?[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$"
        )
    )]
    pub reason: String,
    /// At most 100 characters once trimmed, no control or invisible ones; blank: none.
    #[serde(default)]
    #[cfg_attr(
        feature = "ssr",
        schema(
            pattern = r"^[ \xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*(?:[^\x00-\x20\x7F-\xA0\u1680\u2000-\u200F\u2028-\u202F\u205F-\u2069\u3000\uFEFF](?:[^\x00-\x1F\x7F-\x9F\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]{0,98}[^\x00-\x20\x7F-\xA0\u1680\u2000-\u200F\u2028-\u202F\u205F-\u2069\u3000\uFEFF])?[ \xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*)?$"
        )
    )]
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
    /// `YYYY-MM-DD` (the whole day, in `tz`) or an RFC 3339 date-time, included; not after `to`.
    #[serde(default)]
    #[cfg_attr(
        feature = "ssr",
        schema(
            pattern = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*(?:(?:[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))|(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29)(?:[Tt ](?:[01][0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60)(?:\.[0-9]+)?(?:[Zz]|[+ -](?:[01][0-9]|2[0-3]):[0-5][0-9]))?)?[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$"
        )
    )]
    pub from: String,
    /// `YYYY-MM-DD` (the whole day, in `tz`) or an RFC 3339 date-time (its second included).
    #[serde(default)]
    #[cfg_attr(
        feature = "ssr",
        schema(
            pattern = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*(?:(?:[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))|(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29)(?:[Tt ](?:[01][0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60)(?:\.[0-9]+)?(?:[Zz]|[+ -](?:[01][0-9]|2[0-3]):[0-5][0-9]))?)?[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$"
        )
    )]
    pub to: String,
    /// `inbound`, `outbound`, `all` or empty for both.
    #[serde(default)]
    #[cfg_attr(
        feature = "ssr",
        schema(
            pattern = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*(?:all|inbound|outbound)?[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$"
        )
    )]
    pub direction: String,
    /// Part of a name or number, at most 100 characters once trimmed.
    #[serde(default)]
    #[cfg_attr(
        feature = "ssr",
        schema(
            pattern = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*(?:[^\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000](?:[\s\S]{0,98}[^\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000])?)?[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$"
        )
    )]
    pub q: String,
    /// `held`, `not_held`, `all` or empty for both.
    #[serde(default)]
    #[cfg_attr(
        feature = "ssr",
        schema(
            pattern = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*(?:all|held|not_held)?[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$"
        )
    )]
    pub hold: String,
    /// The caller's choice: `accept`, `reject`, `none`, `all` or empty for any.
    #[serde(default)]
    #[cfg_attr(
        feature = "ssr",
        schema(
            pattern = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*(?:all|accept|reject|none)?[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$"
        )
    )]
    pub consent: String,
    /// The zone the dates are in (an IANA name, or `UTC`); UTC when empty. Read only for a
    /// `from` or `to` that is a date; a well-formed name the zone database does not hold is
    /// read as UTC.
    #[serde(default)]
    #[cfg_attr(
        feature = "ssr",
        schema(
            pattern = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[A-Za-z0-9/_+-]{0,64}[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$"
        )
    )]
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
    #[serde(deserialize_with = "crate::policy::object::object")]
    pub filter: BulkFilter,
    pub action: BulkAction,
    /// Required to place a hold with `confirm`, as `PUT /recordings/{id}/legal-hold` takes it
    /// (1 to 500 characters once trimmed, no control or invisible ones); not read by a preview
    /// or a release.
    #[serde(default)]
    pub reason: String,
    /// As `reason`: checked as the single hold's when a hold is placed.
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

    #[test]
    fn the_hold_patterns_accept_what_the_form_s_check_accepts() {
        use crate::model::names::pattern_checks::agrees;
        let (r500, r501) = ("r".repeat(500), "r".repeat(501));
        let (c100, c101) = (format!(" {} ", "c".repeat(100)), "c".repeat(101));
        let padded = format!("\u{3000}{r500}\t");
        let samples = [
            "Claim 42",
            " Claim 42 ",
            "\tClaim 42\n",
            "\u{A0}Claim\u{3000}42\u{2028}",
            "Claim\u{7}42",
            "Claim\n42",
            "\u{202E}24 mialC",
            "Claim\u{200B}",
            "",
            " ",
            "\t",
            "\u{A0}",
            r500.as_str(),
            r501.as_str(),
            padded.as_str(),
            c100.as_str(),
            c101.as_str(),
        ];
        agrees(HOLD_REASON_PATTERN, &samples, |s| {
            HoldForm { reason: s.into(), case_reference: None }.validate().message_for("reason").is_none()
        });
        agrees(CASE_REFERENCE_PATTERN, &samples, |s| {
            let form = HoldForm { reason: "Claim".into(), case_reference: Some(s.into()) };
            form.validate().message_for("case_reference").is_none()
        });
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_hold_bodies_state_the_patterns_of_their_checks() {
        use crate::model::names::pattern_checks::assert_stated;
        use crate::model::recordings::{
            FILTER_CONSENT_PATTERN, FILTER_DATE_PATTERN, FILTER_DIRECTION_PATTERN, FILTER_HOLD_PATTERN,
            FILTER_SEARCH_PATTERN,
        };
        use crate::model::zone::ZONE_PATTERN;
        assert_stated::<HoldForm>("reason", HOLD_REASON_PATTERN);
        assert_stated::<HoldForm>("case_reference", CASE_REFERENCE_PATTERN);
        assert_stated::<BulkFilter>("from", FILTER_DATE_PATTERN);
        assert_stated::<BulkFilter>("to", FILTER_DATE_PATTERN);
        assert_stated::<BulkFilter>("direction", FILTER_DIRECTION_PATTERN);
        assert_stated::<BulkFilter>("q", FILTER_SEARCH_PATTERN);
        assert_stated::<BulkFilter>("hold", FILTER_HOLD_PATTERN);
        assert_stated::<BulkFilter>("consent", FILTER_CONSENT_PATTERN);
        assert_stated::<BulkFilter>("tz", ZONE_PATTERN);
    }
}

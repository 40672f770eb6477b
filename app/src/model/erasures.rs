//! Erasure by number, a data subject's request, as the API and the Erasure requests page
//! read and write it: the number as entered and as compared, the recordings it is a party
//! in (those on legal hold kept, with why), and the ledger of erasures done.

use crate::model::legal_hold::LegalHold;
use crate::model::recordings::{recordings, Direction};
use crate::policy::FieldError;
use serde::{Deserialize, Serialize};

/// `POST /companies/{c}/erasures`. Without `confirm`, nothing changes and the answer is the
/// same as a preview.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ErasureRequest {
    /// A phone number as the recordings show it: spaces, dashes, dots and brackets are
    /// ignored, so `+44 20 7946 0000` and `+442079460000` are the same number. 3 to 20 digits.
    #[cfg_attr(
        feature = "ssr",
        schema(
            pattern = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*\+?[ ().-]*(?:[0-9][ ().-]*){3,20}[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$"
        )
    )]
    pub number: String,
    #[serde(default)]
    pub confirm: bool,
}

/// What [`compared_number`] accepts, as the OpenAPI document states it: the whitespace
/// `str::trim` removes (spelled out: `\s` differs between ECMAScript, Python and Rust), an
/// optional `+`, and 3 to 20 digits among spaces, dashes, dots and brackets. No length of its
/// own: the separators are not counted.
pub const NUMBER_PATTERN: &str = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*\+?[ ().-]*(?:[0-9][ ().-]*){3,20}[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$";

/// A number as recordings are compared on it: its digits, with a leading `+` kept.
pub fn compared_number(text: &str) -> Result<String, FieldError> {
    let t = text.trim();
    let plus = t.starts_with('+');
    let rest = if plus { &t[1..] } else { t };
    let mut digits = String::new();
    for c in rest.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' | '.' | '(' | ')' => {}
            _ => return Err(FieldError::new("number", "Enter a phone number: digits, with an optional leading +.")),
        }
    }
    if !(3..=20).contains(&digits.len()) {
        return Err(FieldError::new("number", "A phone number has 3 to 20 digits."));
    }
    Ok(if plus { format!("+{digits}") } else { digits })
}

/// One recording the number is a party in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ErasureRecording {
    pub id: String,
    pub started_at: String,
    pub direction: Direction,
    /// Set when it is on legal hold: it is kept, and this is why.
    pub kept_because: Option<LegalHold>,
}

/// What an erasure did, or (a preview) would do.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ErasureOutcome {
    /// The number as compared.
    pub number: String,
    pub recordings: Vec<ErasureRecording>,
    /// Recordings whose audio is (or would be) deleted and the number and name blanked.
    pub erased: u64,
    /// Recordings kept because they are on legal hold.
    pub kept: u64,
    pub preview: bool,
}

impl ErasureOutcome {
    pub fn sentence(&self) -> String {
        let n = recordings;
        let kept = if self.kept > 0 { format!("; {} on legal hold kept", n(self.kept)) } else { String::new() };
        match (self.recordings.len(), self.preview) {
            (0, _) => format!("{} is a party in no recording of this company.", self.number),
            (_, true) => format!(
                "{} is a party in {}: {} would be erased{kept}.",
                self.number,
                n(self.recordings.len() as u64),
                n(self.erased)
            ),
            (_, false) => format!("{} erased{kept}.", n(self.erased)),
        }
    }
}

/// One erasure of the ledger: never the number itself.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ErasureEntry {
    pub id: String,
    pub erased_at: String,
    pub erased_by: String,
    pub erased: u64,
    pub kept: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_is_compared_on_its_digits() {
        assert_eq!(compared_number(" +44 (20) 7946-0000 ").unwrap(), "+442079460000");
        assert_eq!(compared_number("201").unwrap(), "201");
        assert_eq!(compared_number("12").unwrap_err().field, "number");
        assert!(compared_number("+44 20 x").is_err());
        assert!(compared_number("").is_err());
    }

    #[test]
    fn the_number_pattern_accepts_what_compared_number_accepts() {
        use crate::model::names::pattern_checks::agrees;
        let long = format!("1{}23", " - ".repeat(40));
        let samples = [
            " +44 (20) 7946-0000 ",
            "201",
            "12",
            "123",
            "+ 1 2 3",
            "++123",
            "1+23",
            "12345678901234567890",
            "123456789012345678901",
            "(0)-20.7946",
            "20\u{A0}7946",
            "\u{3000}+201\t",
            "20\t7946",
            "+",
            "",
            "２０１",
            long.as_str(),
        ];
        agrees(NUMBER_PATTERN, &samples, |s| compared_number(s).is_ok());
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_erasure_request_states_the_pattern_of_its_check() {
        crate::model::names::pattern_checks::assert_stated::<ErasureRequest>("number", NUMBER_PATTERN);
    }
}

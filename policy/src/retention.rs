//! Retention: how many days a recording is kept after its call, set at system, reseller and
//! company level where Default means "as the level above", like the recording mode. The
//! purge deletes what is older than the effective period, never a recording on legal hold.

use super::{FieldError, Level, Origin};
use serde::{Deserialize, Serialize};

/// The system's own period when nobody set one: seed 004's "stored for a minimum of 1 year".
pub const SYSTEM_DEFAULT_DAYS: u32 = 365;
/// A hundred years: longer is a typing slip, not a policy.
pub const MAX_DAYS: u32 = 36_500;

/// One setting at the three levels; `None` at a reseller or company is Default.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionLevels {
    pub system: u32,
    pub reseller: Option<u32>,
    pub company: Option<u32>,
    pub reseller_origin: Origin,
    pub company_origin: Origin,
}

/// The period that applies and the level it was set at.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionResolved {
    pub days: u32,
    pub from: Origin,
}

impl RetentionLevels {
    /// The company's own period, else its reseller's, else the system's.
    pub fn resolve(&self) -> RetentionResolved {
        match (self.company, self.reseller) {
            (Some(days), _) => RetentionResolved { days, from: self.company_origin.clone() },
            (None, Some(days)) => RetentionResolved { days, from: self.reseller_origin.clone() },
            (None, None) => RetentionResolved { days: self.system, from: Origin::system() },
        }
    }
}

impl RetentionResolved {
    /// "90 days, set here" or "1 year (365 days), inherited from the system".
    pub fn describe(&self, here: Level) -> String {
        let value = period_text(self.days);
        if self.from.level == here {
            format!("{value}, set here")
        } else {
            format!("{value}, inherited from {}", self.from.describe())
        }
    }
}

/// "90 days", "1 year (365 days)", "7 years (2,555 days)".
pub fn period_text(days: u32) -> String {
    let plain = if days == 1 { "1 day".to_string() } else { format!("{} days", thousands(days.into())) };
    if days >= 365 && days.is_multiple_of(365) {
        let years = days / 365;
        format!("{years} year{} ({plain})", if years == 1 { "" } else { "s" })
    } else {
        plain
    }
}

/// "36,500": a count with its thousands set apart, as the pages and the CLI print them.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A level's period as a form gives it: `default` (or empty) for Default, else a number of
/// days. The system level has no Default.
pub fn parse_days(field: &str, text: &str, system: bool) -> Result<Option<u32>, FieldError> {
    check_days(field, read_days(field, text)?, system)
}

/// A form's text as the API's value: `None` for Default, else the number, not yet checked
/// against the range (see [`check_days`]).
pub fn read_days(field: &str, text: &str) -> Result<Option<i64>, FieldError> {
    let t = text.trim();
    if t.is_empty() || t.eq_ignore_ascii_case("default") {
        return Ok(None);
    }
    t.replace(',', "").parse::<i64>().map(Some).map_err(|_| FieldError::new(field, "Enter a number of days, e.g. 365."))
}

/// A level's period as the API gives it: `null` for Default, else a number of days.
pub fn check_days(field: &str, days: Option<i64>, system: bool) -> Result<Option<u32>, FieldError> {
    match days {
        None if system => {
            Err(FieldError::new(field, "The system level has no default above it: enter a number of days."))
        }
        None => Ok(None),
        Some(n) if (1..=MAX_DAYS as i64).contains(&n) => Ok(Some(n as u32)),
        Some(_) => Err(FieldError::new(field, format!("Keep recordings 1 to {} days.", thousands(MAX_DAYS.into())))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn levels(reseller: Option<u32>, company: Option<u32>) -> RetentionLevels {
        RetentionLevels {
            system: SYSTEM_DEFAULT_DAYS,
            reseller,
            company,
            reseller_origin: Origin::new(Level::Reseller, "r1", "Acme Telecom"),
            company_origin: Origin::new(Level::Company, "c1", "Northwind"),
        }
    }

    #[test]
    fn the_nearest_level_that_set_a_period_wins() {
        assert_eq!(levels(None, None).resolve().days, 365);
        assert_eq!(levels(None, None).resolve().from.level, Level::System);
        assert_eq!(levels(Some(730), None).resolve().days, 730);
        assert_eq!(levels(Some(730), Some(30)).resolve().from.level, Level::Company);
        assert_eq!(
            levels(Some(730), None).resolve().describe(Level::Company),
            "2 years (730 days), inherited from reseller 'Acme Telecom'"
        );
        assert_eq!(levels(None, Some(90)).resolve().describe(Level::Company), "90 days, set here");
    }

    #[test]
    fn a_period_is_a_whole_number_of_days_within_a_century() {
        assert_eq!(parse_days("days", "default", false), Ok(None));
        assert_eq!(parse_days("days", " 90 ", false), Ok(Some(90)));
        assert_eq!(parse_days("days", "2,555", false), Ok(Some(2555)));
        assert!(parse_days("days", "0", false).is_err());
        assert!(parse_days("days", "36501", false).is_err());
        assert!(parse_days("days", "ninety", false).is_err());
        assert!(parse_days("days", "", true).is_err());
        assert_eq!(check_days("days", Some(365), true), Ok(Some(365)));
        assert_eq!(period_text(2555), "7 years (2,555 days)");
        assert_eq!(period_text(1), "1 day");
    }
}

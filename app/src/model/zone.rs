//! The time zone the pages show times in: the reader's browser's, by its IANA name (such as
//! `Europe/Berlin`), which the filter forms send as `tz` once the page has hydrated; UTC
//! without JavaScript, and wherever `tz` is empty. Stored times are always UTC.

use crate::policy::FieldError;

/// The longest zone name accepted (the IANA names are far shorter).
const MAX_ZONE: usize = 64;

/// The first instant of the day `(y, m, d)` in the zone `tz`, as stored times are written
/// (`2026-03-01T05:00:00Z` for New York's 1 March).
pub fn day_start(date: (i32, u32, u32), tz: &str) -> Result<String, FieldError> {
    let tz = tz.trim();
    let utc = || format!("{:04}-{:02}-{:02}T00:00:00Z", date.0, date.1, date.2);
    if tz.is_empty() || tz == "UTC" {
        return Ok(utc());
    }
    if tz.len() > MAX_ZONE {
        return Err(unknown());
    }
    in_zone(date, tz).ok_or_else(unknown).map(|t| t.unwrap_or_else(utc))
}

fn unknown() -> FieldError {
    FieldError::new("tz", "This time zone is not known: the dates are read in UTC without it.")
}

/// The day's start in a named zone; `Some(None)` where only the server can tell (the browser
/// checks the form's fields, the server reads the times).
#[cfg(feature = "ssr")]
fn in_zone((y, m, d): (i32, u32, u32), tz: &str) -> Option<Option<String>> {
    let zone = jiff::tz::TimeZone::get(tz).ok()?;
    let start = jiff::civil::date(y as i16, m as i8, d as i8).to_zoned(zone).ok()?.timestamp();
    Some(Some(start.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()))
}

#[cfg(not(feature = "ssr"))]
fn in_zone(_: (i32, u32, u32), _: &str) -> Option<Option<String>> {
    Some(None)
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn a_day_starts_at_its_zone_s_midnight_in_every_season() {
        assert_eq!(day_start((2026, 3, 1), "").unwrap(), "2026-03-01T00:00:00Z");
        assert_eq!(day_start((2026, 3, 1), "UTC").unwrap(), "2026-03-01T00:00:00Z");
        assert_eq!(day_start((2026, 1, 15), "America/New_York").unwrap(), "2026-01-15T05:00:00Z");
        assert_eq!(day_start((2026, 7, 15), "America/New_York").unwrap(), "2026-07-15T04:00:00Z");
        assert_eq!(day_start((2026, 7, 15), "Asia/Kolkata").unwrap(), "2026-07-14T18:30:00Z");
        assert_eq!(day_start((2026, 7, 15), "Mars/Olympus").unwrap_err().field, "tz");
    }
}

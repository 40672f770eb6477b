//! The time zone the pages show times in: the reader's browser's, by its IANA name (such as
//! `Europe/Berlin`), which the filter forms send as `tz` once the page has hydrated; UTC
//! without JavaScript, and wherever `tz` is empty. Stored times are always UTC. A well-formed
//! name the server's zone database does not hold is read as UTC too: the browser checks the
//! same shape the server does, so a page renders alike on both sides.

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
    let well_formed = tz.len() <= MAX_ZONE && tz.chars().all(|c| c.is_ascii_alphanumeric() || "/_+-".contains(c));
    if !well_formed {
        return Err(FieldError::new("tz", "Name the time zone as the IANA database does, e.g. Europe/Berlin."));
    }
    Ok(in_zone(date, tz).unwrap_or_else(utc))
}

/// The day's start in a named zone; `None` for a zone (or a day) the database does not hold.
#[cfg(feature = "ssr")]
fn in_zone((y, m, d): (i32, u32, u32), tz: &str) -> Option<String> {
    let zone = jiff::tz::TimeZone::get(tz).ok()?;
    let day = jiff::civil::Date::new(i16::try_from(y).ok()?, m as i8, d as i8).ok()?;
    let start = day.to_zoned(zone).ok()?.timestamp();
    Some(start.strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
}

/// The browser checks the form's fields; only the server reads the times.
#[cfg(not(feature = "ssr"))]
fn in_zone(_: (i32, u32, u32), _: &str) -> Option<String> {
    None
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
        assert_eq!(day_start((2026, 7, 15), "Mars/Olympus").unwrap(), "2026-07-15T00:00:00Z", "unknown: UTC");
        assert_eq!(day_start((10000, 1, 1), "Europe/Berlin").unwrap(), "10000-01-01T00:00:00Z", "past the database");
        assert_eq!(day_start((2026, 7, 15), "Europe/Berlin; DROP").unwrap_err().field, "tz");
    }
}

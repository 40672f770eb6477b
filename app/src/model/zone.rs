//! The time zone the pages show times in: the reader's browser's, by its IANA name (such as
//! `Europe/Berlin`), which the filter forms send as `tz` once the page has hydrated; UTC
//! without JavaScript, and wherever `tz` is empty. Stored times are always UTC. A well-formed
//! name the server's zone database does not hold is read as UTC too: the browser checks the
//! same shape the server does, so a page renders alike on both sides.

use crate::policy::FieldError;

/// The longest zone name accepted (the IANA names are far shorter).
const MAX_ZONE: usize = 64;

/// What [`day_start`] accepts as a zone, as the OpenAPI document states it: up to
/// 64 letters, digits and `/ _ + -`, with the whitespace `str::trim` removes around them
/// (spelled out: `\s` differs between ECMAScript, Python and Rust); empty is UTC.
pub const ZONE_PATTERN: &str = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[A-Za-z0-9/_+-]{0,64}[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$";

/// The first instant of the day `(y, m, d)` in the zone `tz`, as stored times are written
/// (`2026-03-01T05:00:00Z` for New York's 1 March).
pub fn day_start(date: (i32, u32, u32), tz: &str) -> Result<String, FieldError> {
    check_zone(tz)?;
    let tz = tz.trim();
    let utc = || format!("{:04}-{:02}-{:02}T00:00:00Z", date.0, date.1, date.2);
    if tz.is_empty() || tz == "UTC" {
        return Ok(utc());
    }
    Ok(in_zone(date, tz).unwrap_or_else(utc))
}

/// A zone's name of the shape [`ZONE_PATTERN`] states; refused whether or not a date is given,
/// so a filter is not accepted or refused by what else it holds.
pub fn check_zone(tz: &str) -> Result<(), FieldError> {
    let tz = tz.trim();
    let well_formed = tz.len() <= MAX_ZONE && tz.chars().all(|c| c.is_ascii_alphanumeric() || "/_+-".contains(c));
    if well_formed {
        Ok(())
    } else {
        Err(FieldError::new("tz", "Name the time zone as the IANA database does, e.g. Europe/Berlin."))
    }
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

/// An RFC 3339 date-time (`2026-03-01T09:00:00Z`, `2026-03-01T10:00:00.5+01:00`) as the UTC
/// instant the store writes (`2026-03-01T09:00:00Z`, fractions of a second dropped).
pub fn utc_instant(text: &str) -> Option<String> {
    seconds_of(text).map(instant_text)
}

/// The seconds since 1970 of an RFC 3339 date-time.
fn seconds_of(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() < 20
        || !matches!(b[10], b'T' | b't' | b' ')
        || b[4] != b'-'
        || b[7] != b'-'
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = text.get(r)?;
        part.bytes().all(|c| c.is_ascii_digit()).then(|| part.parse().ok())?
    };
    // The date as the filter's dates are checked (the month's days, leap years).
    let (y, mo, d) = super::recordings::parse_date(&text[..10])?;
    let (h, mi, s) = (num(11..13)?, num(14..16)?, num(17..19)?);
    let mut rest = &text[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        rest = &frac[digits..];
    }
    let offset = match rest {
        "Z" | "z" => 0,
        _ => {
            let sign = match rest.as_bytes().first()? {
                // A `+` sent unencoded in a query arrives as a space.
                b'+' | b' ' => 1,
                b'-' => -1,
                _ => return None,
            };
            let (oh, om) = rest[1..].split_once(':')?;
            if oh.len() != 2 || om.len() != 2 {
                return None;
            }
            let (oh, om): (i64, i64) = (oh.parse().ok()?, om.parse().ok()?);
            if oh > 23 || om > 59 {
                return None;
            }
            sign * (oh * 3600 + om * 60)
        }
    };
    if h > 23 || mi > 59 || s > 60 {
        return None;
    }
    Some(days_from_civil(y.into(), mo.into(), d.into()) * 86_400 + h * 3600 + mi * 60 + s.min(59) - offset)
}

/// The stored instant one second later: the exclusive end of a `to` that includes its second.
pub fn next_second(instant: &str) -> String {
    seconds_of(instant).map_or_else(|| instant.to_string(), |s| instant_text(s + 1))
}

fn instant_text(seconds: i64) -> String {
    let (days, rest) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rest / 3600, rest % 3600 / 60, rest % 60)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + if m <= 2 { 1 } else { 0 }, m, d)
}

#[cfg(test)]
mod instant_tests {
    use super::*;

    #[test]
    fn rfc_3339_date_times_become_the_stored_utc_instant() {
        assert_eq!(utc_instant("2026-03-01T09:00:00Z").unwrap(), "2026-03-01T09:00:00Z");
        assert_eq!(utc_instant("2026-03-01T10:00:00.250+01:00").unwrap(), "2026-03-01T09:00:00Z");
        assert_eq!(utc_instant("2026-03-01T00:30:00-05:30").unwrap(), "2026-03-01T06:00:00Z");
        assert_eq!(utc_instant("2026-01-01T00:30:00+01:00").unwrap(), "2025-12-31T23:30:00Z");
        assert_eq!(utc_instant("2028-02-29 23:59:59z").unwrap(), "2028-02-29T23:59:59Z");
        for bad in [
            "2026-03-01",
            "2026-02-30T00:00:00Z",
            "2026-03-01T25:00:00Z",
            "2026-03-01T09:00:00",
            "2026-03-01T09:00:00+1:00",
            "x026-03-01T09:00:00Z",
        ] {
            assert_eq!(utc_instant(bad), None, "{bad}");
        }
        assert_eq!(utc_instant("2026-03-01T10:00:00 01:00").unwrap(), "2026-03-01T09:00:00Z", "a + read from a query");
        assert_eq!(next_second("2026-12-31T23:59:59Z"), "2027-01-01T00:00:00Z");
    }
}

//! Stored recordings as the pages, the API and the telephony engine see them: the metadata an
//! upload carries, a row of the list, the filter of the list (which lives in the address so
//! a view can be bookmarked), and the checks of each. Plain Rust, no I/O.

use crate::policy::{FieldError, Validation};
use serde::{Deserialize, Serialize};

/// Rows per page of the Stored Recordings list.
pub const PAGE_SIZE: usize = 50;
/// The most rows one API call lists.
pub const MAX_LIMIT: usize = 500;
/// Bars of a recording's waveform picture.
pub const PEAKS: usize = 200;

/// What [`RecordingMeta::validate`] accepts as a call id, as the OpenAPI document states it:
/// 1 to 200 characters once the whitespace `str::trim` removes is gone (spelled out: `\s`
/// differs between ECMAScript, Python and Rust).
pub const CALL_ID_PATTERN: &str = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[^\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000](?:[\s\S]{0,198}[^\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000])?[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$";
/// What the upload reads as `started_at` (`time`'s RFC 3339 parser, on the trimmed text): a
/// calendar date of a four-digit year, any one ASCII character between date and time (RFC 3339
/// allows a space), fractions of any length, `Z` or an offset up to 23:59. Leap seconds are
/// left out: `time` takes `:60` only at the last second of a UTC month.
pub const STARTED_AT_PATTERN: &str = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*(?:[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))|(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29)[\x00-\x7F](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$";

/// What [`RecordingFilter::parse`] accepts as `from` and `to` (see `date_range`): nothing, a
/// date `YYYY-MM-DD` or an RFC 3339 date-time, trimmed. Not stated: the `+` that Rust's number
/// parsing lets before a year, month, day or offset (`+026-01-01`), which no client means.
pub const FILTER_DATE_PATTERN: &str = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*(?:(?:[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))|(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29)(?:[Tt ](?:[01][0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60)(?:\.[0-9]+)?(?:[Zz]|[+ -](?:[01][0-9]|2[0-3]):[0-5][0-9]))?)?[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$";
/// What it accepts as `direction`, trimmed.
pub const FILTER_DIRECTION_PATTERN: &str = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*(?:all|inbound|outbound)?[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$";
/// What it accepts as `hold`, trimmed.
pub const FILTER_HOLD_PATTERN: &str = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*(?:all|held|not_held)?[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$";
/// What it accepts as `consent`, trimmed.
pub const FILTER_CONSENT_PATTERN: &str = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*(?:all|accept|reject|none)?[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$";
/// What it accepts as `q`: at most 100 characters once trimmed (counted before lower-casing,
/// which lengthens only U+0130).
pub const FILTER_SEARCH_PATTERN: &str = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*(?:[^\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000](?:[\s\S]{0,98}[^\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000])?)?[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$";

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    #[default]
    Inbound,
    Outbound,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Inbound => "inbound",
            Direction::Outbound => "outbound",
        }
    }

    pub fn parse(text: &str) -> Option<Direction> {
        match text {
            "inbound" => Some(Direction::Inbound),
            "outbound" => Some(Direction::Outbound),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Direction::Inbound => "Inbound",
            Direction::Outbound => "Outbound",
        }
    }
}

/// A party of the call: a name and a number, either may be empty.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Party {
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(max_length = 200))]
    pub name: String,
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(max_length = 64))]
    pub number: String,
}

impl Party {
    /// "Ann Lee (201)", or whichever of the two is known.
    pub fn display(&self) -> String {
        match (self.name.trim(), self.number.trim()) {
            ("", "") => "Unknown".into(),
            (name, "") => name.into(),
            ("", number) => number.into(),
            (name, number) => format!("{name} ({number})"),
        }
    }
}

/// What the telephony engine sends with a recording (the multipart `metadata` part). A field
/// it does not know is refused by name, never stored without it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RecordingMeta {
    /// The engine's id of the call: the upload is idempotent on it. 1 to 200 characters once
    /// trimmed.
    #[cfg_attr(
        feature = "ssr",
        schema(
            pattern = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[^\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000](?:[\s\S]{0,198}[^\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000])?[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$"
        )
    )]
    pub call_id: String,
    /// RFC 3339, e.g. `2026-11-02T09:15:00Z`.
    #[cfg_attr(feature = "ssr", schema(format = DateTime, pattern = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*(?:[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))|(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29)[\x00-\x7F](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$"))]
    pub started_at: String,
    #[cfg_attr(feature = "ssr", schema(minimum = 0, maximum = 86400))]
    pub duration_seconds: f64,
    pub direction: Direction,
    #[serde(default)]
    #[serde(deserialize_with = "crate::policy::object::object")]
    pub caller: Party,
    #[serde(default)]
    #[serde(deserialize_with = "crate::policy::object::object")]
    pub callee: Party,
    #[serde(default)]
    pub user: Option<String>,
    #[serde(default)]
    pub device: Option<String>,
    #[serde(default)]
    pub queue: Option<String>,
    /// The decision trace that led to the recording, as POST /decisions answered it.
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(value_type = Vec<Object>))]
    pub trace: Vec<serde_json::Value>,
    /// Where the decision's treatment said to send the recording by e-mail
    /// (`treatment.email_to.value`); it must be the e-mail address of the recording's user.
    /// Blank: none.
    #[serde(default)]
    #[cfg_attr(
        feature = "ssr",
        schema(
            pattern = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*(?:(?![^\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]{255})[^\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000@]+@[^\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000@.][^\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000@]*\.[^\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000@]*[^\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000@.][\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*)?$"
        )
    )]
    pub email_to: Option<String>,
    /// What happened at the queue's consent prompt, when there was one.
    #[serde(default)]
    #[serde(deserialize_with = "crate::policy::object::optional_object")]
    pub consent: Option<crate::model::consent::Consent>,
    /// The stretches the recording was paused (hold, manual, PCI), in order and not
    /// overlapping, within the call.
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(max_items = 200))]
    pub pauses: Vec<crate::model::consent::Pause>,
}

impl RecordingMeta {
    /// Everything but the dates and ids, which the server checks against its clock-free
    /// parser and the company's objects.
    pub fn validate(&self) -> Validation {
        let mut v = Validation::default();
        let id = self.call_id.trim();
        if id.is_empty() || id.chars().count() > 200 {
            v.push("call_id", "A call id is 1 to 200 characters.");
        }
        if !(self.duration_seconds.is_finite() && (0.0..=86_400.0).contains(&self.duration_seconds)) {
            v.push("duration_seconds", "The duration is 0 to 86,400 seconds.");
        }
        for (field, p) in [("caller", &self.caller), ("callee", &self.callee)] {
            if p.name.chars().count() > 200 || p.number.chars().count() > 64 {
                v.push(field, "A name is at most 200 characters and a number at most 64.");
            }
        }
        if self.duration_seconds.is_finite() {
            crate::model::consent::validate(self.consent.as_ref(), &self.pauses, self.duration_seconds, &mut v);
        }
        v
    }
}

/// One row of the Stored Recordings list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RecordingRow {
    pub id: String,
    pub call_id: String,
    /// RFC 3339 in UTC.
    pub started_at: String,
    pub duration_ms: i64,
    pub direction: Direction,
    pub caller: Party,
    pub callee: Party,
    /// The user or queue that took part, by name.
    pub user: Option<String>,
    pub queue: Option<String>,
    /// On legal hold: it cannot be deleted or purged.
    pub legal_hold: bool,
}

/// A recording with everything the details page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RecordingDetails {
    #[serde(flatten)]
    pub row: RecordingRow,
    pub device: Option<String>,
    pub format: crate::model::audio::AudioFormat,
    pub size_bytes: i64,
    pub sha256: String,
    #[cfg_attr(feature = "ssr", schema(value_type = Vec<Object>))]
    pub trace: Vec<serde_json::Value>,
    /// The waveform, 0-255 per bar; empty when the format is not one the server reads.
    pub peaks: Vec<u8>,
    /// Who placed the legal hold, when and why; none when it is not held.
    pub hold: Option<crate::model::legal_hold::LegalHold>,
    /// When its audio was erased at a data subject's request; the row stays, without the
    /// party's number and name.
    pub audio_erased_at: Option<String>,
    pub consent: Option<crate::model::consent::Consent>,
    pub pauses: Vec<crate::model::consent::Pause>,
    pub uploaded_at: String,
}

/// Who played or downloaded a recording, when.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RecordingAccess {
    pub at: String,
    pub who: String,
    pub action: String,
}

/// `GET /recordings/{id}`: the recording and who played or downloaded it, as its page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RecordingWithAccesses {
    #[serde(flatten)]
    pub recording: RecordingDetails,
    pub accesses: Vec<RecordingAccess>,
}

/// The details page: the recording, its plays and downloads, and what the viewer may do.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecordingPage {
    pub recording: RecordingDetails,
    pub accesses: Vec<RecordingAccess>,
    pub can_play: bool,
    pub can_download: bool,
    pub can_delete: bool,
    /// Recordings: Legal hold: the viewer may place or release the hold.
    #[serde(default)]
    pub can_hold: bool,
    /// Its delivery by e-mail, when the decision said to send it.
    #[serde(default)]
    pub delivery: Option<crate::model::deliveries::Delivery>,
}

/// A page of the list: `older`/`newer` are the cursors of the neighbouring pages.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RecordingList {
    pub rows: Vec<RecordingRow>,
    pub older: Option<String>,
    pub newer: Option<String>,
}

/// The list's filter as the address carries it: `from`, `to` (dates, inclusive), `direction`,
/// `q` (part of a name or number), and a cursor (`before` or `after` a row).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RecordingFilter {
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub direction: String,
    #[serde(default)]
    pub q: String,
    /// `held`, `not_held`, or empty for both.
    #[serde(default)]
    pub hold: String,
    /// The caller's choice at the consent prompt: `accept` (opted in), `reject`, `none`.
    #[serde(default)]
    pub consent: String,
    /// Rows older than this cursor (the next page).
    #[serde(default)]
    pub before: String,
    /// Rows newer than this cursor (the previous page).
    #[serde(default)]
    pub after: String,
    /// `oldest` for oldest first; newest first otherwise.
    #[serde(default)]
    pub order: String,
    /// The zone the dates are in (an IANA name); UTC when empty.
    #[serde(default)]
    pub tz: String,
}

/// A checked filter: times as the database compares them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ListQuery {
    /// `YYYY-MM-DDT00:00:00Z` of `from`.
    pub from: Option<String>,
    /// The start of the day after `to`.
    pub until: Option<String>,
    pub direction: Option<Direction>,
    /// Lower-case, trimmed.
    pub q: Option<String>,
    /// On legal hold (true) or not (false).
    pub hold: Option<bool>,
    pub consent: Option<crate::policy::CallerInput>,
    pub before: Option<(String, String)>,
    pub after: Option<(String, String)>,
    pub oldest_first: bool,
}

impl ListQuery {
    /// Whether this page is read from the index oldest to newest: oldest first without a
    /// cursor or going on to newer rows; newest first when going back to newer rows.
    pub fn reads_ascending(&self) -> bool {
        if self.oldest_first {
            self.before.is_none() || self.after.is_some()
        } else {
            self.after.is_some() && self.before.is_none()
        }
    }
}

/// A date `YYYY-MM-DD` as (year, month, day), checked against the calendar.
pub(crate) fn parse_date(text: &str) -> Option<(i32, u32, u32)> {
    let mut parts = text.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (y, m, d): (i32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    (1..=12).contains(&m).then_some(())?;
    (1..=days[m as usize - 1]).contains(&d).then_some((y, m, d))
}

fn day_after((y, m, d): (i32, u32, u32)) -> (i32, u32, u32) {
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if d < days[m as usize - 1] {
        (y, m, d + 1)
    } else if m < 12 {
        (y, m + 1, 1)
    } else {
        (y + 1, 1, 1)
    }
}

/// A date range of a filter as the start of `from` and the end of `to` (exclusive), in the
/// stored time format. Each is a date (`YYYY-MM-DD`, the whole day included, in the zone `tz`:
/// see [`crate::model::zone`]) or an RFC 3339 date-time (`2026-03-01T09:00:00Z`, or with an
/// offset; `to` then includes its second).
pub(crate) fn date_range(from: &str, to: &str, tz: &str) -> Result<(Option<String>, Option<String>), FieldError> {
    use crate::model::zone::{check_zone, day_start, next_second, utc_instant};
    check_zone(tz)?;
    let bound = |field: &str, text: &str, end: bool| -> Result<Option<String>, FieldError> {
        let t = text.trim();
        if t.is_empty() {
            return Ok(None);
        }
        if let Some(day) = parse_date(t) {
            return day_start(if end { day_after(day) } else { day }, tz).map(Some);
        }
        // Said as the form asks for it, a date; a client that sent a time is told its format.
        let wrong = || {
            if t.len() > 10 {
                FieldError::new(field, "Enter a date and time as RFC 3339 does, e.g. 2026-03-01T09:00:00Z.")
            } else {
                FieldError::new(field, "Enter a date as YYYY-MM-DD.")
            }
        };
        let instant = utc_instant(t).ok_or_else(wrong)?;
        Ok(Some(if end { next_second(&instant) } else { instant }))
    };
    let (from, until) = (bound("from", from, false)?, bound("to", to, true)?);
    if let (Some(f), Some(u)) = (&from, &until) {
        // Both in one format, of four-digit years: compared as text.
        if u <= f {
            return Err(FieldError::new("to", "The end date is before the start date."));
        }
    }
    Ok((from, until))
}

/// A cursor: the start time and id of the row it stands after, as `time~id`.
pub fn cursor(row: &RecordingRow) -> String {
    format!("{}~{}", row.started_at, row.id)
}

fn parse_cursor(field: &str, text: &str) -> Result<Option<(String, String)>, FieldError> {
    if text.is_empty() {
        return Ok(None);
    }
    text.split_once('~')
        .filter(|(t, id)| !t.is_empty() && !id.is_empty())
        .map(|(t, id)| Some((t.to_string(), id.to_string())))
        .ok_or_else(|| FieldError::new(field, "This page link is damaged: start again from the newest recordings."))
}

impl RecordingFilter {
    /// The checked filter, or the first field that is wrong.
    pub fn parse(&self) -> Result<ListQuery, FieldError> {
        let (from, until) = date_range(&self.from, &self.to, &self.tz)?;
        let direction = match self.direction.trim() {
            "" | "all" => None,
            d => Some(
                Direction::parse(d).ok_or_else(|| FieldError::new("direction", "Choose inbound, outbound or all."))?,
            ),
        };
        let q = self.q.trim().to_lowercase();
        if q.chars().count() > 100 {
            return Err(FieldError::new("q", "Search for at most 100 characters."));
        }
        let hold = match self.hold.trim() {
            "" | "all" => None,
            "held" => Some(true),
            "not_held" => Some(false),
            _ => return Err(FieldError::new("hold", "Choose on hold, not on hold or all.")),
        };
        let consent = match self.consent.trim() {
            "" | "all" => None,
            "accept" => Some(crate::policy::CallerInput::Accept),
            "reject" => Some(crate::policy::CallerInput::Reject),
            "none" => Some(crate::policy::CallerInput::None),
            _ => return Err(FieldError::new("consent", "Choose opted in, opted out, no choice or all.")),
        };
        Ok(ListQuery {
            from,
            until,
            direction,
            q: (!q.is_empty()).then_some(q),
            hold,
            consent,
            before: parse_cursor("before", self.before.trim())?,
            after: parse_cursor("after", self.after.trim())?,
            oldest_first: match self.order.trim() {
                "" | "newest" => false,
                "oldest" => true,
                _ => return Err(FieldError::new("order", "Choose newest first or oldest first.")),
            },
        })
    }

    /// The filter without its cursor, as an address query (`from=...&to=...`).
    pub fn query_string(&self) -> String {
        let mut parts = Vec::new();
        let fields = [
            ("from", &self.from),
            ("to", &self.to),
            ("direction", &self.direction),
            ("q", &self.q),
            ("hold", &self.hold),
            ("consent", &self.consent),
            ("order", &self.order),
            ("tz", &self.tz),
        ];
        for (k, v) in fields {
            if !v.trim().is_empty() {
                parts.push(format!("{k}={}", crate::components::status::urlencode(v.trim())));
            }
        }
        parts.join("&")
    }

    /// The address of the page before or after a cursor, keeping the filter.
    pub fn page_href(&self, key: &str, cursor: &str) -> String {
        let base = self.query_string();
        let sep = if base.is_empty() { "" } else { "&" };
        format!("?{base}{sep}{key}={}", crate::components::status::urlencode(cursor))
    }
}

/// "1 recording", "2 recordings": the pages' and sentences' count of recordings.
pub fn recordings(k: u64) -> String {
    if k == 1 {
        "1 recording".to_string()
    } else {
        format!("{k} recordings")
    }
}

/// "1:05" or "1:02:05".
pub fn duration_text(ms: i64) -> String {
    let s = ms.max(0) / 1000;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

/// A file name for a download: "2026-11-02_0915_inbound_Ann-Lee.wav".
pub fn download_name(r: &RecordingRow, format: crate::model::audio::AudioFormat) -> String {
    let when: String = r.started_at.chars().take(16).filter(|c| *c != ':').collect::<String>().replace('T', "_");
    let who = if r.direction == Direction::Inbound { &r.caller } else { &r.callee };
    let who = if who.name.trim().is_empty() { &who.number } else { &who.name };
    let who: String = who
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '+' { c } else { '-' })
        .collect::<String>()
        .trim_matches('-')
        .to_string();
    let who = if who.is_empty() { "unknown".to_string() } else { who };
    format!("{when}_{}_{who}.{}", r.direction.as_str(), format.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked_and_the_end_date_is_inclusive() {
        let f = RecordingFilter { from: "2026-02-28".into(), to: "2026-12-31".into(), ..Default::default() };
        let q = f.parse().unwrap();
        assert_eq!(q.from.as_deref(), Some("2026-02-28T00:00:00Z"));
        assert_eq!(q.until.as_deref(), Some("2027-01-01T00:00:00Z"));
        let bad = RecordingFilter { from: "2026-02-30".into(), ..Default::default() };
        assert_eq!(bad.parse().unwrap_err().field, "from");
        let reversed = RecordingFilter { from: "2026-03-01".into(), to: "2026-02-01".into(), ..Default::default() };
        assert_eq!(reversed.parse().unwrap_err().field, "to");
        let leap = RecordingFilter { to: "2028-02-29".into(), ..Default::default() };
        assert_eq!(leap.parse().unwrap().until.as_deref(), Some("2028-03-01T00:00:00Z"));
    }

    #[test]
    fn a_page_link_keeps_the_filter() {
        let f = RecordingFilter { q: "ann lee".into(), direction: "inbound".into(), ..Default::default() };
        assert_eq!(
            f.page_href("before", "2026-01-01T00:00:00Z~x"),
            "?direction=inbound&q=ann%20lee&before=2026-01-01T00%3A00%3A00Z~x"
        );
    }

    #[test]
    fn download_names_are_plain() {
        let r = RecordingRow {
            id: "r".into(),
            call_id: "c".into(),
            started_at: "2026-11-02T09:15:00Z".into(),
            duration_ms: 0,
            direction: Direction::Inbound,
            caller: Party { name: "Ann Lee / Sales".into(), number: "+4420".into() },
            callee: Party::default(),
            user: None,
            queue: None,
            legal_hold: false,
        };
        assert_eq!(
            download_name(&r, crate::model::audio::AudioFormat::Wav),
            "2026-11-02_0915_inbound_Ann-Lee---Sales.wav"
        );
    }
}

#[cfg(test)]
mod pattern_tests {
    use super::*;
    use crate::model::names::pattern_checks::agrees;

    fn filter(f: impl FnOnce(&mut RecordingFilter)) -> bool {
        let mut filter = RecordingFilter::default();
        f(&mut filter);
        filter.parse().is_ok()
    }

    #[test]
    fn the_filter_patterns_accept_what_the_filter_s_parse_accepts() {
        let dates = [
            "",
            " ",
            "2026-02-28",
            " 2026-02-28\t",
            "2026-02-29",
            "2028-02-29",
            "2000-02-29",
            "1900-02-29",
            "0000-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-04-31",
            "2026-4-01",
            "2026/04/01",
            "２０２６-03-01",
            "2026-03-01T09:00:00Z",
            "2026-03-01t09:00:00z",
            "2026-03-01 09:00:00Z",
            "2026-03-01T09:00:00.250+01:00",
            "2026-03-01T10:00:00 01:00",
            "2026-03-01T00:30:00-05:30",
            "2026-12-31T23:59:60Z",
            "2026-03-01T24:00:00Z",
            "2026-03-01T09:60:00Z",
            "2026-03-01T09:00:61Z",
            "2026-03-01T09:00:00",
            "2026-03-01T09:00:00+1:00",
            "2026-03-01T09:00:00+24:00",
            "2026-03-01T09:00:00+01:60",
            "2026-03-01T09:00:00.Z",
            "2026-03-01X09:00:00Z",
            "2026-03-01T09:00Z",
        ];
        agrees(FILTER_DATE_PATTERN, &dates, |s| filter(|f| f.from = s.into()));
        agrees(FILTER_DATE_PATTERN, &dates, |s| filter(|f| f.to = s.into()));
        let words = [
            "",
            " ",
            "all",
            " all ",
            "inbound",
            "Inbound",
            "outbound\n",
            "in bound",
            "held",
            "not_held",
            "\u{A0}held",
            "not held",
            "accept",
            "reject",
            "none",
            "None",
            "any",
        ];
        agrees(FILTER_DIRECTION_PATTERN, &words, |s| filter(|f| f.direction = s.into()));
        agrees(FILTER_HOLD_PATTERN, &words, |s| filter(|f| f.hold = s.into()));
        agrees(FILTER_CONSENT_PATTERN, &words, |s| filter(|f| f.consent = s.into()));
        let (q100, q101) = ("q".repeat(100), "q".repeat(101));
        let padded = format!("\t{q100}\u{3000}");
        let searches = ["", "  ", "ann", " Ann Lee ", "a\u{0}b", q100.as_str(), q101.as_str(), padded.as_str()];
        agrees(FILTER_SEARCH_PATTERN, &searches, |s| filter(|f| f.q = s.into()));
        let (z64, z65) = ("Z".repeat(64), "Z".repeat(65));
        let zones = [
            "",
            " ",
            "UTC",
            "Europe/Berlin",
            " America/New_York ",
            "Etc/GMT+5",
            "Mars/Olympus",
            "Europe/Berlin; DROP",
            "Europe Berlin",
            "Zürich",
            z64.as_str(),
            z65.as_str(),
        ];
        // The zone is read for a date only.
        agrees(crate::model::zone::ZONE_PATTERN, &zones, |s| {
            filter(|f| {
                f.from = "2026-03-01".into();
                f.tz = s.into();
            })
        });
    }

    #[test]
    fn the_call_id_pattern_accepts_what_the_upload_s_check_accepts() {
        let (c200, c201) = ("c".repeat(200), "c".repeat(201));
        let padded = format!(" {c200}\n");
        let spaced = format!("a{}b", " ".repeat(198));
        let samples = ["fuzz-call", " call-1 ", "\u{3000}", "", "a\tb", "\u{0}", &*c200, &*c201, &*padded, &*spaced];
        agrees(CALL_ID_PATTERN, &samples, |s| {
            RecordingMeta { call_id: s.into(), ..Default::default() }.validate().message_for("call_id").is_none()
        });
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_start_time_pattern_accepts_what_the_upload_s_parser_accepts() {
        use time::format_description::well_known::Rfc3339;
        // No leap seconds: the pattern leaves them out (see its comment).
        let samples = [
            "2026-11-02T09:15:00Z",
            " 2026-11-02T09:15:00Z\n",
            "2026-11-02t09:15:00z",
            "2026-11-02 09:15:00+01:00",
            "2026-11-02_09:15:00-23:59",
            "2026-11-02X09:15:00-00:00",
            "2026-11-02T09:15:00.123456789123Z",
            "2028-02-29T00:00:00Z",
            "0000-01-01T00:00:00Z",
            "2026-02-29T00:00:00Z",
            "2026-11-31T00:00:00Z",
            "2026-11-02T24:00:00Z",
            "2026-11-02T09:60:00Z",
            "2026-11-02T9:15:00Z",
            "2026-11-02T09:15:00+24:00",
            "2026-11-02T09:15:00+01:60",
            "2026-11-02T09:15:00 +01:00",
            "2026-11-02T09:15:00.Z",
            "2026-11-02T09:15Z",
            "2026-11-02T09:15:00",
            "2026-11-02",
            "2026-11-02é09:15:00Z",
            "",
        ];
        agrees(STARTED_AT_PATTERN, &samples, |s| time::OffsetDateTime::parse(s.trim(), &Rfc3339).is_ok());
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_upload_s_metadata_states_the_patterns_of_its_checks() {
        use crate::model::names::pattern_checks::{assert_stated, stated};
        assert_stated::<RecordingMeta>("call_id", CALL_ID_PATTERN);
        assert_stated::<RecordingMeta>("started_at", STARTED_AT_PATTERN);
        assert_eq!(stated::<RecordingMeta>("started_at")["format"], "date-time");
    }
}

//! Later layers: how a recorded call is handled. Per user, each option is Inherit (the
//! company's default) or a value of its own; per queue, the contact-center options. The
//! decision reports each option with where its value came from, like every other setting.

use super::{FieldError, Origin, Validation};
use serde::{Deserialize, Serialize};

/// What callers hear when recording starts, unless an announcement of the company's own is
/// chosen.
pub const BUILT_IN_ANNOUNCEMENT: &str = "Call recording started";
/// The prompt of "ask to record", as seed 002 words it.
pub const ASK_TO_RECORD_PROMPT: &str = "Please press 0 to disable call recording, press 1 to apply call recording.";
/// At most this many characters of text-to-speech.
pub const TTS_MAX_CHARS: usize = 450;
/// An uploaded announcement is an MP3 of at most this many bytes.
pub const ANNOUNCEMENT_MAX_BYTES: u64 = 5 * 1024 * 1024;
/// The periodic beep's interval, in seconds.
pub const BEEP_SECONDS: std::ops::RangeInclusive<u32> = 5..=300;
/// At most this many numbers in a queue's list of recorded callers.
pub const MAX_LISTED_NUMBERS: usize = 1000;

/// Text-to-speech languages offered, as BCP 47 tags with their names.
pub const TTS_LANGUAGES: [(&str, &str); 8] = [
    ("en-US", "English (United States)"),
    ("en-GB", "English (United Kingdom)"),
    ("es-ES", "Spanish (Spain)"),
    ("fr-FR", "French (France)"),
    ("de-DE", "German"),
    ("it-IT", "Italian"),
    ("pt-BR", "Portuguese (Brazil)"),
    ("nl-NL", "Dutch"),
];

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VoiceGender {
    #[default]
    Female,
    Male,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tts {
    pub text: String,
    pub language: String,
    pub gender: VoiceGender,
    /// 0 (lowest) to 9 (highest).
    pub pitch: u8,
    /// 0 (slowest) to 9 (fastest).
    pub rate: u8,
}

impl Default for Tts {
    fn default() -> Self {
        Tts {
            text: "This call is being recorded.".into(),
            language: "en-US".into(),
            gender: VoiceGender::Female,
            pitch: 5,
            rate: 5,
        }
    }
}

/// The announcement played when recording starts.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Announcement {
    /// The platform's "Call recording started".
    #[default]
    BuiltIn,
    /// An MP3 of the company's audio library.
    Mp3 {
        file: String,
    },
    Tts(Tts),
}

/// Outgoing calls of a recorded user: all recorded, or the user is asked first.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Outgoing {
    #[default]
    RecordAll,
    AskToRecord {
        prompt: String,
    },
}

/// The company's defaults: every option has a value.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Treatment {
    pub record_redirected: bool,
    pub manual_control: bool,
    pub manual_start_code: String,
    pub manual_stop_code: String,
    pub announce: bool,
    pub beep: bool,
    pub beep_seconds: u32,
    pub outgoing: Outgoing,
    pub announcement: Announcement,
    pub email: bool,
}

impl Default for Treatment {
    fn default() -> Self {
        Treatment {
            record_redirected: false,
            manual_control: false,
            manual_start_code: "*44".into(),
            manual_stop_code: "*45".into(),
            announce: false,
            beep: false,
            beep_seconds: 30,
            outgoing: Outgoing::RecordAll,
            announcement: Announcement::BuiltIn,
            email: false,
        }
    }
}

/// A user's own options: `None` is Inherit ("Company default").
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TreatmentOverride {
    pub record_redirected: Option<bool>,
    pub manual_control: Option<bool>,
    pub manual_start_code: Option<String>,
    pub manual_stop_code: Option<String>,
    pub announce: Option<bool>,
    pub beep: Option<bool>,
    pub beep_seconds: Option<u32>,
    pub outgoing: Option<Outgoing>,
    pub announcement: Option<Announcement>,
    pub email: Option<bool>,
}

/// A value with the level and object it came from.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sourced<T> {
    pub value: T,
    pub origin: Origin,
}

fn pick<T: Clone>(own: &Option<T>, user: &Origin, default: &T, company: &Origin) -> Sourced<T> {
    match own {
        Some(v) => Sourced { value: v.clone(), origin: user.clone() },
        None => Sourced { value: default.clone(), origin: company.clone() },
    }
}

/// The options that apply to one user: their own where set, else the company's.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EffectiveTreatment {
    pub record_redirected: Sourced<bool>,
    pub manual_control: Sourced<bool>,
    pub manual_start_code: Sourced<String>,
    pub manual_stop_code: Sourced<String>,
    pub announce: Sourced<bool>,
    pub beep: Sourced<bool>,
    pub beep_seconds: Sourced<u32>,
    pub outgoing: Sourced<Outgoing>,
    pub announcement: Sourced<Announcement>,
    pub email: Sourced<bool>,
}

impl TreatmentOverride {
    /// Each option: the user's own value (from `user`) unless Inherit, else the company's.
    pub fn resolve(&self, user: &Origin, defaults: &Treatment, company: &Origin) -> EffectiveTreatment {
        EffectiveTreatment {
            record_redirected: pick(&self.record_redirected, user, &defaults.record_redirected, company),
            manual_control: pick(&self.manual_control, user, &defaults.manual_control, company),
            manual_start_code: pick(&self.manual_start_code, user, &defaults.manual_start_code, company),
            manual_stop_code: pick(&self.manual_stop_code, user, &defaults.manual_stop_code, company),
            announce: pick(&self.announce, user, &defaults.announce, company),
            beep: pick(&self.beep, user, &defaults.beep, company),
            beep_seconds: pick(&self.beep_seconds, user, &defaults.beep_seconds, company),
            outgoing: pick(&self.outgoing, user, &defaults.outgoing, company),
            announcement: pick(&self.announcement, user, &defaults.announcement, company),
            email: pick(&self.email, user, &defaults.email, company),
        }
    }
}

impl Treatment {
    /// The company's defaults as they apply to a call with no user.
    pub fn as_effective(&self, company: &Origin) -> EffectiveTreatment {
        TreatmentOverride::default().resolve(company, self, company)
    }
}

/// Checks the options a form sets; `codes` are the other feature codes of the platform and
/// the company with what they do (the on-demand code among them).
pub fn validate_options(o: &TreatmentOverride, effective: &EffectiveTreatment, codes: &[(&str, &str)]) -> Validation {
    let mut v = Validation::default();
    if effective.manual_control.value {
        let start = effective.manual_start_code.value.trim();
        let stop = effective.manual_stop_code.value.trim();
        // The platform's own entries for *44 and *45 are these very codes: not a conflict.
        let others: Vec<(&str, &str)> =
            codes.iter().copied().filter(|(_, what)| !what.starts_with("manual recording")).collect();
        let mut with_stop = others.clone();
        with_stop.push((stop, "the manual stop code"));
        v.check(super::force::check_feature_code("manual_start_code", start, &with_stop));
        let mut with_start = others;
        with_start.push((start, "the manual start code"));
        v.check(super::force::check_feature_code("manual_stop_code", stop, &with_start));
    }
    if let Some(seconds) = o.beep_seconds {
        if !BEEP_SECONDS.contains(&seconds) {
            v.push("beep_seconds", "The beep interval is 5 to 300 seconds.");
        }
    }
    if let Some(Outgoing::AskToRecord { prompt }) = &o.outgoing {
        let n = prompt.trim().chars().count();
        if n == 0 || n > TTS_MAX_CHARS {
            v.push("outgoing.prompt", format!("Enter the question users hear, 1 to {TTS_MAX_CHARS} characters."));
        }
    }
    if let Some(a) = &o.announcement {
        v.check(check_announcement(a));
    }
    v
}

/// A user whose recordings are sent by e-mail needs a valid address: it is where they go.
pub fn check_email_delivery(effective: &EffectiveTreatment, address: Option<&str>) -> Result<(), FieldError> {
    let address = address.unwrap_or("").trim();
    if address.is_empty() {
        if effective.email.value {
            return Err(FieldError::new(
                "email_address",
                "Sending recordings by e-mail needs the user's e-mail address.",
            ));
        }
        return Ok(());
    }
    super::validation::check_email("email_address", address).map(|_| ())
}

impl From<&Treatment> for TreatmentOverride {
    /// Every option set: the company's defaults, validated like a user's own.
    fn from(t: &Treatment) -> TreatmentOverride {
        TreatmentOverride {
            record_redirected: Some(t.record_redirected),
            manual_control: Some(t.manual_control),
            manual_start_code: Some(t.manual_start_code.clone()),
            manual_stop_code: Some(t.manual_stop_code.clone()),
            announce: Some(t.announce),
            beep: Some(t.beep),
            beep_seconds: Some(t.beep_seconds),
            outgoing: Some(t.outgoing.clone()),
            announcement: Some(t.announcement.clone()),
            email: Some(t.email),
        }
    }
}

/// The treatment form as a browser posts it (works without JavaScript): each choice a
/// string, "inherit" (or empty) for a user's Company default.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TreatmentForm {
    pub record_redirected: String,
    pub manual_control: String,
    pub manual_start_code: String,
    pub manual_stop_code: String,
    pub announce: String,
    pub beep: String,
    pub beep_seconds: String,
    /// `record_all` or `ask`.
    pub outgoing: String,
    pub prompt: String,
    /// `built_in`, `mp3` or `tts`.
    pub announcement: String,
    pub mp3: String,
    pub tts_text: String,
    pub tts_language: String,
    pub tts_gender: String,
    pub tts_pitch: String,
    pub tts_rate: String,
    pub email: String,
    pub email_address: String,
}

fn switch(field: &str, v: &str) -> Result<Option<bool>, FieldError> {
    match v {
        "" | "inherit" => Ok(None),
        "on" => Ok(Some(true)),
        "off" => Ok(Some(false)),
        _ => Err(FieldError::new(field, "Choose On, Off or Company default.")),
    }
}

fn digit(field: &str, v: &str, what: &str) -> Result<u8, FieldError> {
    v.trim().parse::<u8>().ok().filter(|n| *n <= 9).ok_or_else(|| FieldError::new(field, format!("{what} is 0 to 9.")))
}

fn text_switch(b: Option<bool>) -> String {
    match b {
        None => "inherit".into(),
        Some(true) => "on".into(),
        Some(false) => "off".into(),
    }
}

impl TreatmentForm {
    /// The options the form sets; what it leaves at Company default is `None`.
    pub fn to_override(&self) -> Result<TreatmentOverride, FieldError> {
        let code = |v: &str| Some(v.trim().to_string()).filter(|c| !c.is_empty());
        let beep_seconds = match self.beep_seconds.trim() {
            "" => None,
            s => Some(
                s.parse::<u32>()
                    .map_err(|_| FieldError::new("beep_seconds", "The beep interval is 5 to 300 seconds."))?,
            ),
        };
        let outgoing = match self.outgoing.as_str() {
            "" | "inherit" => None,
            "record_all" => Some(Outgoing::RecordAll),
            "ask" => Some(Outgoing::AskToRecord { prompt: self.prompt.trim().to_string() }),
            _ => return Err(FieldError::new("outgoing", "Choose Record all or Ask to record.")),
        };
        let announcement = match self.announcement.as_str() {
            "" | "inherit" => None,
            "built_in" => Some(Announcement::BuiltIn),
            "mp3" => Some(Announcement::Mp3 { file: self.mp3.trim().to_string() }),
            "tts" => Some(Announcement::Tts(Tts {
                text: self.tts_text.trim().to_string(),
                language: self.tts_language.clone(),
                gender: if self.tts_gender == "male" { VoiceGender::Male } else { VoiceGender::Female },
                pitch: digit("announcement.pitch", &self.tts_pitch, "Pitch")?,
                rate: digit("announcement.rate", &self.tts_rate, "Speech rate")?,
            })),
            _ => return Err(FieldError::new("announcement", "Choose the announcement.")),
        };
        Ok(TreatmentOverride {
            record_redirected: switch("record_redirected", &self.record_redirected)?,
            manual_control: switch("manual_control", &self.manual_control)?,
            manual_start_code: code(&self.manual_start_code),
            manual_stop_code: code(&self.manual_stop_code),
            announce: switch("announce", &self.announce)?,
            beep: switch("beep", &self.beep)?,
            beep_seconds,
            outgoing,
            announcement,
            email: switch("email", &self.email)?,
        })
    }

    /// The company's defaults: what the form leaves empty keeps its built-in default.
    pub fn to_defaults(&self) -> Result<Treatment, FieldError> {
        let o = self.to_override()?;
        let d = Treatment::default();
        Ok(Treatment {
            record_redirected: o.record_redirected.unwrap_or(d.record_redirected),
            manual_control: o.manual_control.unwrap_or(d.manual_control),
            manual_start_code: o.manual_start_code.unwrap_or(d.manual_start_code),
            manual_stop_code: o.manual_stop_code.unwrap_or(d.manual_stop_code),
            announce: o.announce.unwrap_or(d.announce),
            beep: o.beep.unwrap_or(d.beep),
            beep_seconds: o.beep_seconds.unwrap_or(d.beep_seconds),
            outgoing: o.outgoing.unwrap_or(d.outgoing),
            announcement: o.announcement.unwrap_or(d.announcement),
            email: o.email.unwrap_or(d.email),
        })
    }

    /// The form filled from stored options (a user's, or the company's as all set).
    pub fn from_override(o: &TreatmentOverride, email_address: Option<&str>) -> TreatmentForm {
        let tts = match &o.announcement {
            Some(Announcement::Tts(t)) => t.clone(),
            _ => Tts::default(),
        };
        TreatmentForm {
            record_redirected: text_switch(o.record_redirected),
            manual_control: text_switch(o.manual_control),
            manual_start_code: o.manual_start_code.clone().unwrap_or_default(),
            manual_stop_code: o.manual_stop_code.clone().unwrap_or_default(),
            announce: text_switch(o.announce),
            beep: text_switch(o.beep),
            beep_seconds: o.beep_seconds.map(|s| s.to_string()).unwrap_or_default(),
            outgoing: match &o.outgoing {
                None => "inherit".into(),
                Some(Outgoing::RecordAll) => "record_all".into(),
                Some(Outgoing::AskToRecord { .. }) => "ask".into(),
            },
            prompt: match &o.outgoing {
                Some(Outgoing::AskToRecord { prompt }) => prompt.clone(),
                _ => ASK_TO_RECORD_PROMPT.into(),
            },
            announcement: match &o.announcement {
                None => "inherit".into(),
                Some(Announcement::BuiltIn) => "built_in".into(),
                Some(Announcement::Mp3 { .. }) => "mp3".into(),
                Some(Announcement::Tts(_)) => "tts".into(),
            },
            mp3: match &o.announcement {
                Some(Announcement::Mp3 { file }) => file.clone(),
                _ => String::new(),
            },
            tts_text: tts.text,
            tts_language: tts.language,
            tts_gender: match tts.gender {
                VoiceGender::Female => "female".into(),
                VoiceGender::Male => "male".into(),
            },
            tts_pitch: tts.pitch.to_string(),
            tts_rate: tts.rate.to_string(),
            email: text_switch(o.email),
            email_address: email_address.unwrap_or_default().to_string(),
        }
    }
}

/// The contact-center tab as a browser posts it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContactCenterForm {
    /// `all`, `percentage` or `listed`.
    pub selection: String,
    pub percent: String,
    /// One number per line.
    pub numbers: String,
    /// `keep` or `stop`.
    pub transfer_out: String,
    pub agent_only: String,
    pub pause_on_hold: String,
}

impl ContactCenterForm {
    pub fn parse(&self) -> Result<ContactCenter, FieldError> {
        let selection = match self.selection.as_str() {
            "" | "all" => Selection::All,
            "percentage" => Selection::Percentage {
                percent: self
                    .percent
                    .trim()
                    .parse::<u8>()
                    .map_err(|_| FieldError::new("selection.percent", "Record 1 to 100 percent of calls."))?,
            },
            "listed" => Selection::ListedNumbers { numbers: ContactCenter::parse_numbers(&self.numbers) },
            _ => return Err(FieldError::new("selection", "Choose which calls are recorded.")),
        };
        Ok(ContactCenter {
            selection,
            transfer_out: if self.transfer_out == "stop" {
                TransferOut::StopRecording
            } else {
                TransferOut::KeepRecording
            },
            agent_only: self.agent_only == "on",
            pause_on_hold: self.pause_on_hold == "on",
        })
    }

    pub fn from_settings(cc: &ContactCenter) -> ContactCenterForm {
        let (selection, percent, numbers) = match &cc.selection {
            Selection::All => ("all", String::new(), String::new()),
            Selection::Percentage { percent } => ("percentage", percent.to_string(), String::new()),
            Selection::ListedNumbers { numbers } => ("listed", String::new(), numbers.join("\n")),
        };
        ContactCenterForm {
            selection: selection.into(),
            percent,
            numbers,
            transfer_out: if cc.transfer_out == TransferOut::StopRecording { "stop".into() } else { "keep".into() },
            agent_only: if cc.agent_only { "on".into() } else { String::new() },
            pause_on_hold: if cc.pause_on_hold { "on".into() } else { String::new() },
        }
    }
}

/// The text-to-speech limits, and an MP3 named.
pub fn check_announcement(a: &Announcement) -> Result<(), FieldError> {
    match a {
        Announcement::BuiltIn => Ok(()),
        Announcement::Mp3 { file } if file.trim().is_empty() => {
            Err(FieldError::new("announcement.file", "Choose the MP3 to play, or upload one."))
        }
        Announcement::Mp3 { .. } => Ok(()),
        Announcement::Tts(t) => {
            let n = t.text.trim().chars().count();
            if n == 0 {
                return Err(FieldError::new("announcement.text", "Enter the text to speak."));
            }
            if n > TTS_MAX_CHARS {
                return Err(FieldError::new(
                    "announcement.text",
                    format!("The text is {n} characters; at most {TTS_MAX_CHARS} can be spoken."),
                ));
            }
            if !TTS_LANGUAGES.iter().any(|(tag, _)| *tag == t.language) {
                return Err(FieldError::new("announcement.language", "Choose a language from the list."));
            }
            if t.pitch > 9 {
                return Err(FieldError::new("announcement.pitch", "Pitch is 0 (lowest) to 9 (highest)."));
            }
            if t.rate > 9 {
                return Err(FieldError::new("announcement.rate", "Speech rate is 0 (slowest) to 9 (fastest)."));
            }
            Ok(())
        }
    }
}

/// The characters left of the text-to-speech limit (negative past it): the form's counter.
pub fn tts_remaining(text: &str) -> i64 {
    TTS_MAX_CHARS as i64 - text.trim().chars().count() as i64
}

// Contact-center options of a queue (seed 003).

/// Which calls into the queue are recorded.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Selection {
    #[default]
    All,
    /// 1 to 100 percent, chosen by a hash of the call id.
    Percentage { percent: u8 },
    /// Only calls from these numbers (E.164).
    ListedNumbers { numbers: Vec<String> },
}

/// When an agent transfers a recorded call to a party outside the platform.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TransferOut {
    #[default]
    KeepRecording,
    StopRecording,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContactCenter {
    pub selection: Selection,
    pub transfer_out: TransferOut,
    pub agent_only: bool,
    pub pause_on_hold: bool,
}

/// An E.164 number: +, a country code not starting with 0, 8 to 15 digits in all.
pub fn check_e164(number: &str) -> bool {
    let Some(digits) = number.strip_prefix('+') else { return false };
    (8..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) && !digits.starts_with('0')
}

impl ContactCenter {
    pub fn validate(&self) -> Validation {
        let mut v = Validation::default();
        match &self.selection {
            Selection::All => {}
            Selection::Percentage { percent } => {
                if !(1..=100).contains(percent) {
                    v.push("selection.percent", "Record 1 to 100 percent of calls.");
                }
            }
            Selection::ListedNumbers { numbers } => {
                if numbers.is_empty() {
                    v.push("selection.numbers", "List at least one number whose calls are recorded.");
                } else if numbers.len() > MAX_LISTED_NUMBERS {
                    v.push(
                        "selection.numbers",
                        format!("List at most {MAX_LISTED_NUMBERS} numbers ({} now).", numbers.len()),
                    );
                } else if let Some((i, bad)) = numbers.iter().enumerate().find(|(_, n)| !check_e164(n)) {
                    v.push(
                        "selection.numbers",
                        format!("Line {}: '{bad}' is not an E.164 number such as +14155550123.", i + 1),
                    );
                }
            }
        }
        v
    }

    /// The list as one number per line in a form: blank lines and spaces are dropped.
    pub fn parse_numbers(text: &str) -> Vec<String> {
        text.lines()
            .map(|l| l.chars().filter(|c| !c.is_whitespace()).collect::<String>())
            .filter(|l| !l.is_empty())
            .collect()
    }
}

/// A stable hash of the call id (FNV-1a, then a 64-bit finaliser so that ids differing in
/// their last characters spread evenly): the same call always gets the same answer, on the
/// server and in the browser.
pub fn call_hash(call_id: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in call_id.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// Whether a call falls in the sampled `percent` of calls.
pub fn sampled(call_id: &str, percent: u8) -> bool {
    call_hash(call_id) % 10_000 < u64::from(percent.min(100)) * 100
}

/// What happens on a recorded call, in order, for the hold rules of seed 003.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CallEvent {
    Hold,
    Retrieve,
    ManualPause,
    ManualResume,
    /// Transferred to another agent of the platform.
    TransferToAgent,
    /// Transferred to a party outside the platform.
    TransferOutside,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RecordingState {
    Recording,
    /// Paused by the hold; resumes when the call is retrieved or transferred.
    PausedOnHold,
    /// Paused by the agent; only the agent resumes it.
    PausedByAgent,
    Stopped,
}

/// The recording's state after the events: hold pauses and retrieve resumes when the queue
/// pauses on hold; a manual pause is never resumed automatically; a transfer outside the
/// platform stops the recording when the queue says so.
pub fn after_events(cc: &ContactCenter, events: &[CallEvent]) -> RecordingState {
    use RecordingState::*;
    events.iter().fold(Recording, |state, e| match (state, e) {
        (Stopped, _) => Stopped,
        (_, CallEvent::TransferOutside) if cc.transfer_out == TransferOut::StopRecording => Stopped,
        (Recording, CallEvent::Hold) if cc.pause_on_hold => PausedOnHold,
        (PausedOnHold, CallEvent::Retrieve | CallEvent::TransferToAgent | CallEvent::TransferOutside) => Recording,
        (_, CallEvent::ManualPause) => PausedByAgent,
        (PausedByAgent, CallEvent::ManualResume) => Recording,
        (s, _) => s,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Level;

    fn company() -> Origin {
        Origin::new(Level::Company, "c1", "Northwind")
    }
    fn user() -> Origin {
        Origin::new(Level::User, "u1", "Ann Lee")
    }

    fn origins(e: &EffectiveTreatment) -> [&Origin; 10] {
        [
            &e.record_redirected.origin,
            &e.manual_control.origin,
            &e.manual_start_code.origin,
            &e.manual_stop_code.origin,
            &e.announce.origin,
            &e.beep.origin,
            &e.beep_seconds.origin,
            &e.outgoing.origin,
            &e.announcement.origin,
            &e.email.origin,
        ]
    }

    #[test]
    fn every_option_inherits_the_company_default_until_set() {
        let defaults = Treatment { beep: true, beep_seconds: 60, email: true, ..Treatment::default() };
        let e = TreatmentOverride::default().resolve(&user(), &defaults, &company());
        assert_eq!((e.beep.value, e.beep_seconds.value, e.email.value), (true, 60, true));
        for origin in origins(&e) {
            assert_eq!(origin, &company());
        }
        let own = TreatmentOverride {
            record_redirected: Some(true),
            manual_control: Some(true),
            manual_start_code: Some("*61".into()),
            manual_stop_code: Some("*62".into()),
            announce: Some(true),
            beep: Some(false),
            beep_seconds: Some(10),
            outgoing: Some(Outgoing::AskToRecord { prompt: ASK_TO_RECORD_PROMPT.into() }),
            announcement: Some(Announcement::Tts(Tts::default())),
            email: Some(false),
        };
        let e = own.resolve(&user(), &defaults, &company());
        assert!(!e.beep.value && e.record_redirected.value && !e.email.value);
        assert_eq!(e.manual_start_code.value, "*61");
        for origin in origins(&e) {
            assert_eq!(origin, &user());
        }
    }

    #[test]
    fn sampling_is_deterministic_and_close_to_the_percentage() {
        for percent in [1u8, 10, 25, 50, 73, 99] {
            let hits = (0..100_000).filter(|i| sampled(&format!("call-{i}"), percent)).count();
            let share = hits as f64 / 1000.0;
            assert!((share - f64::from(percent)).abs() <= 1.0, "{percent}%: {share}%");
        }
        assert!((0..1000).all(|i| sampled(&format!("x{i}"), 100)));
        let id = "7f1c2a9e-0b44-4c1e-9a51-2d0f5b8e6c13";
        assert_eq!(sampled(id, 37), sampled(id, 37));
        assert_eq!(call_hash(id), call_hash(id));
    }

    #[test]
    fn manual_codes_conflict_with_each_other_and_other_codes() {
        let codes = [
            ("*44", "manual recording start"),
            ("*45", "manual recording stop"),
            ("*72", "call forwarding on"),
            ("*9", "on-demand recording"),
        ];
        let check = |start: &str, stop: &str| {
            let o = TreatmentOverride {
                manual_control: Some(true),
                manual_start_code: Some(start.into()),
                manual_stop_code: Some(stop.into()),
                ..Default::default()
            };
            let e = o.resolve(&user(), &Treatment::default(), &company());
            validate_options(&o, &e, &codes)
        };
        assert!(check("*44", "*45").is_ok(), "the defaults are fine");
        assert_eq!(check("*44", "*44").errors[0].field, "manual_start_code");
        assert!(check("*7", "*45").errors[0].message.contains("*72"), "a prefix of another code");
        assert!(check("*90", "*45").errors[0].message.contains("*9"), "another code is its prefix");
        assert_eq!(check("*44", "45").errors[0].field, "manual_stop_code");
        assert!(check("*61", "*62").is_ok());
    }

    #[test]
    fn options_are_checked_field_by_field() {
        let e = Treatment::default().as_effective(&company());
        let bad = |o: TreatmentOverride| validate_options(&o, &e, &[]).errors[0].field.clone();
        assert_eq!(bad(TreatmentOverride { beep_seconds: Some(4), ..Default::default() }), "beep_seconds");
        assert_eq!(bad(TreatmentOverride { beep_seconds: Some(301), ..Default::default() }), "beep_seconds");
        let long = Tts { text: "a".repeat(451), ..Tts::default() };
        assert_eq!(
            bad(TreatmentOverride { announcement: Some(Announcement::Tts(long)), ..Default::default() }),
            "announcement.text"
        );
        let pitch = Tts { pitch: 10, ..Tts::default() };
        assert_eq!(
            bad(TreatmentOverride { announcement: Some(Announcement::Tts(pitch)), ..Default::default() }),
            "announcement.pitch"
        );
        let klingon = Tts { language: "tlh".into(), ..Tts::default() };
        assert_eq!(
            bad(TreatmentOverride { announcement: Some(Announcement::Tts(klingon)), ..Default::default() }),
            "announcement.language"
        );
        let empty = Outgoing::AskToRecord { prompt: " ".into() };
        assert_eq!(bad(TreatmentOverride { outgoing: Some(empty), ..Default::default() }), "outgoing.prompt");
        // E-mail delivery needs an address.
        let mail = TreatmentOverride { email: Some(true), ..Default::default() };
        let me = mail.resolve(&user(), &Treatment::default(), &company());
        assert_eq!(check_email_delivery(&me, None).unwrap_err().field, "email_address");
        assert_eq!(check_email_delivery(&me, Some("not-an-address")).unwrap_err().field, "email_address");
        assert!(check_email_delivery(&me, Some("ann@example.com")).is_ok());
        assert!(check_email_delivery(&e, None).is_ok(), "no address needed while off");
        assert_eq!(tts_remaining(&"a".repeat(450)), 0);
        assert_eq!(tts_remaining(&"a".repeat(452)), -2);
    }

    #[test]
    fn forms_round_trip() {
        let own = TreatmentOverride {
            beep: Some(true),
            beep_seconds: Some(15),
            outgoing: Some(Outgoing::AskToRecord { prompt: ASK_TO_RECORD_PROMPT.into() }),
            announcement: Some(Announcement::Tts(Tts { text: "Hello".into(), pitch: 3, ..Tts::default() })),
            ..Default::default()
        };
        let form = TreatmentForm::from_override(&own, Some("a@b.com"));
        assert_eq!(form.to_override().unwrap(), own);
        assert_eq!(TreatmentForm::default().to_override().unwrap(), TreatmentOverride::default());
        assert_eq!(TreatmentForm::default().to_defaults().unwrap(), Treatment::default());
        let bad = TreatmentForm { tts_pitch: "12".into(), announcement: "tts".into(), ..Default::default() };
        assert_eq!(bad.to_override().unwrap_err().field, "announcement.pitch");
        let cc = ContactCenter {
            selection: Selection::ListedNumbers { numbers: vec!["+14155550123".into()] },
            transfer_out: TransferOut::StopRecording,
            agent_only: true,
            pause_on_hold: true,
        };
        assert_eq!(ContactCenterForm::from_settings(&cc).parse().unwrap(), cc);
        assert_eq!(
            ContactCenterForm { selection: "percentage".into(), percent: "x".into(), ..Default::default() }
                .parse()
                .unwrap_err()
                .field,
            "selection.percent"
        );
    }

    #[test]
    fn contact_center_options_are_checked() {
        let pct =
            |p| ContactCenter { selection: Selection::Percentage { percent: p }, ..Default::default() }.validate();
        assert!(!pct(0).is_ok() && !pct(101).is_ok() && pct(1).is_ok() && pct(100).is_ok());
        let listed = |n: Vec<&str>| {
            ContactCenter {
                selection: Selection::ListedNumbers { numbers: n.into_iter().map(String::from).collect() },
                ..Default::default()
            }
            .validate()
        };
        assert!(listed(vec!["+14155550123", "+442071838750"]).is_ok());
        assert!(listed(vec!["+14155550123", "4155550123"]).errors[0].message.starts_with("Line 2"));
        assert!(!listed(vec![]).is_ok());
        assert!(!listed(vec!["+0123456789"]).is_ok());
        let many: Vec<String> = (0..1001).map(|i| format!("+1415555{i:04}")).collect();
        assert!(!ContactCenter { selection: Selection::ListedNumbers { numbers: many }, ..Default::default() }
            .validate()
            .is_ok());
        assert_eq!(
            ContactCenter::parse_numbers(" +1 415 555 0123 \n\n+442071838750\n"),
            vec!["+14155550123", "+442071838750"]
        );
    }

    #[test]
    fn hold_pauses_and_a_manual_pause_is_never_resumed_automatically() {
        use CallEvent::*;
        use RecordingState::*;
        let pausing = ContactCenter { pause_on_hold: true, ..Default::default() };
        let plain = ContactCenter::default();
        assert_eq!(after_events(&plain, &[Hold]), Recording, "by default hold goes on recording");
        assert_eq!(after_events(&pausing, &[Hold]), PausedOnHold);
        assert_eq!(after_events(&pausing, &[Hold, Retrieve]), Recording);
        assert_eq!(after_events(&pausing, &[ManualPause, Hold, Retrieve]), PausedByAgent);
        assert_eq!(after_events(&pausing, &[ManualPause, ManualResume]), Recording);
        assert_eq!(after_events(&pausing, &[Hold, TransferToAgent]), Recording, "resumed when transferred");
        assert_eq!(after_events(&pausing, &[Hold, TransferOutside]), Recording, "kept by default");
        let stopping =
            ContactCenter { pause_on_hold: true, transfer_out: TransferOut::StopRecording, ..Default::default() };
        assert_eq!(after_events(&stopping, &[Hold, TransferOutside]), Stopped);
        assert_eq!(after_events(&stopping, &[TransferOutside, Retrieve]), Stopped);
    }
}

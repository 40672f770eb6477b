//! Later layers: how a recorded call is handled. Per user, each option is Inherit (the
//! company's default) or a value of its own; per queue, the contact-center options. The
//! decision reports each option with where its value came from, like every other setting.

use super::{FieldError, Origin, Validation};
/// The contact-center options, a module of their own, named here as the treatment's.
pub use crate::contact_center::*;
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

/// What [`check_announcement`] accepts as text to speak, and [`validate_options`] as the
/// ask-to-record prompt, as the OpenAPI document states it: 1 to [`TTS_MAX_CHARS`] characters
/// once the whitespace `str::trim` removes is gone (spelled out: `\s` differs between
/// ECMAScript, Python and Rust).
pub const TTS_TEXT_PATTERN: &str = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[^\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000](?:[\s\S]{0,448}[^\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000])?[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$";
/// One of [`TTS_LANGUAGES`], exactly.
pub const TTS_LANGUAGE_PATTERN: &str = r"^(?:en-US|en-GB|es-ES|fr-FR|de-DE|it-IT|pt-BR|nl-NL)$";
/// An MP3 named: anything but whitespace alone (which file it is, only the library knows).
pub const MP3_FILE_PATTERN: &str = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[^\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000][\s\S]*$";

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
#[serde(deny_unknown_fields)]
pub struct Tts {
    /// 1 to 450 characters once trimmed.
    #[cfg_attr(
        feature = "openapi",
        schema(
            pattern = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[^\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000](?:[\s\S]{0,448}[^\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000])?[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$"
        )
    )]
    pub text: String,
    #[cfg_attr(feature = "openapi", schema(pattern = r"^(?:en-US|en-GB|es-ES|fr-FR|de-DE|it-IT|pt-BR|nl-NL)$"))]
    pub language: String,
    pub gender: VoiceGender,
    /// 0 (lowest) to 9 (highest).
    #[cfg_attr(feature = "openapi", schema(maximum = 9))]
    pub pitch: u8,
    /// 0 (slowest) to 9 (fastest).
    #[cfg_attr(feature = "openapi", schema(maximum = 9))]
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
#[serde(tag = "kind", rename_all = "snake_case", from = "closed::Announcement")]
pub enum Announcement {
    /// The platform's "Call recording started".
    #[default]
    BuiltIn,
    /// An MP3 of the company's audio library.
    Mp3 {
        #[cfg_attr(
            feature = "openapi",
            schema(
                pattern = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[^\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000][\s\S]*$"
            )
        )]
        file: String,
    },
    Tts(Tts),
}

/// Outgoing calls of a recorded user: all recorded, or the user is asked first.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", from = "closed::Outgoing")]
pub enum Outgoing {
    #[default]
    RecordAll,
    AskToRecord {
        /// 1 to 450 characters once trimmed.
        #[cfg_attr(
            feature = "openapi",
            schema(
                pattern = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[^\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000](?:[\s\S]{0,448}[^\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000])?[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$"
            )
        )]
        prompt: String,
    },
}

/// The company's defaults: every option has a value.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Treatment {
    pub record_redirected: bool,
    pub manual_control: bool,
    /// With `manual_control`: `*` and 1 to 4 digits, clashing with no other feature code (the
    /// stop code, the on-demand code, the platform's). Not checked while manual control is off.
    pub manual_start_code: String,
    /// As `manual_start_code`.
    pub manual_stop_code: String,
    pub announce: bool,
    pub beep: bool,
    #[cfg_attr(feature = "openapi", schema(minimum = 5, maximum = 300))]
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
#[serde(deny_unknown_fields)]
pub struct TreatmentOverride {
    pub record_redirected: Option<bool>,
    pub manual_control: Option<bool>,
    /// As the company's (`Treatment`), checked while the manual control that applies (this
    /// user's, else the company's) is on.
    pub manual_start_code: Option<String>,
    pub manual_stop_code: Option<String>,
    pub announce: Option<bool>,
    pub beep: Option<bool>,
    #[cfg_attr(feature = "openapi", schema(minimum = 5, maximum = 300))]
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

/// The API's reading of [`Announcement`] and [`Outgoing`]: each variant a closed struct
/// (see [`crate::object::NoFields`]).
mod closed {
    use crate::object::NoFields;
    use serde::Deserialize;

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Mp3 {
        file: String,
    }

    #[derive(Deserialize)]
    #[serde(tag = "kind", rename_all = "snake_case")]
    pub enum Announcement {
        BuiltIn(NoFields),
        Mp3(Mp3),
        Tts(super::Tts),
    }

    impl From<Announcement> for super::Announcement {
        fn from(a: Announcement) -> Self {
            match a {
                Announcement::BuiltIn(_) => Self::BuiltIn,
                Announcement::Mp3(Mp3 { file }) => Self::Mp3 { file },
                Announcement::Tts(tts) => Self::Tts(tts),
            }
        }
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Prompt {
        prompt: String,
    }

    #[derive(Deserialize)]
    #[serde(tag = "kind", rename_all = "snake_case")]
    pub enum Outgoing {
        RecordAll(NoFields),
        AskToRecord(Prompt),
    }

    impl From<Outgoing> for super::Outgoing {
        fn from(o: Outgoing) -> Self {
            match o {
                Outgoing::RecordAll(_) => Self::RecordAll,
                Outgoing::AskToRecord(Prompt { prompt }) => Self::AskToRecord { prompt },
            }
        }
    }
}

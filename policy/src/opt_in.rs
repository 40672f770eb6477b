//! Layer 2: a queue's caller opt-in / opt-out prompt.

use super::{FieldError, Validation};
use serde::{Deserialize, Serialize};

/// A DTMF key a caller can press to answer the prompt: 1-9, `#` or `*`. 0 is kept for
/// the operator on most platforms, so it is not allowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DtmfKey(char);

impl DtmfKey {
    pub const ALL: [char; 11] = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '#', '*'];

    pub fn parse(field: &str, text: &str) -> Result<DtmfKey, FieldError> {
        let text = text.trim();
        let mut chars = text.chars();
        match (chars.next(), chars.next()) {
            (Some('0'), None) => Err(FieldError::new(field, "0 cannot be used: choose 1-9, # or *.")),
            (Some(c), None) if DtmfKey::ALL.contains(&c) => Ok(DtmfKey(c)),
            _ => Err(FieldError::new(field, "Choose one key: 1-9, # or *.")),
        }
    }

    /// An empty form field means no key.
    pub fn parse_optional(field: &str, text: &str) -> Result<Option<DtmfKey>, FieldError> {
        if text.trim().is_empty() {
            Ok(None)
        } else {
            DtmfKey::parse(field, text).map(Some)
        }
    }

    pub fn as_char(self) -> char {
        self.0
    }
}

impl TryFrom<String> for DtmfKey {
    type Error = String;
    fn try_from(s: String) -> Result<DtmfKey, String> {
        DtmfKey::parse("key", &s).map_err(|e| e.message)
    }
}

impl From<DtmfKey> for String {
    fn from(k: DtmfKey) -> String {
        k.0.to_string()
    }
}

impl std::fmt::Display for DtmfKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// What the prompt plays: one audio file or a playbook, from the company's library.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[serde(deny_unknown_fields)]
pub enum OptInAudio {
    File(String),
    Playbook(String),
}

impl OptInAudio {
    pub fn id(&self) -> &str {
        match self {
            OptInAudio::File(id) | OptInAudio::Playbook(id) => id,
        }
    }
}

/// What [`DtmfKey::parse`] accepts, as the OpenAPI document states it: one key, with the
/// whitespace `str::trim` removes around it (spelled out: `\s` differs between ECMAScript,
/// Python and Rust).
pub const DTMF_KEY_PATTERN: &str = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[1-9#*][\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$";
/// What [`DtmfKey::parse_optional`] accepts: a key, or nothing but whitespace.
pub const DTMF_KEY_OR_NONE_PATTERN: &str = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[1-9#*]?[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$";

pub const DELAY_DEFAULT: u32 = 5;
pub const DELAY_MIN: u32 = 1;
pub const DELAY_MAX: u32 = 60;
pub const REPLAY_DEFAULT: u32 = 2;
pub const REPLAY_MAX: u32 = 10;

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptIn {
    pub audio: Option<OptInAudio>,
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 60))]
    pub delay_seconds: u32,
    /// One of 1-9, # or *.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, pattern = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[1-9#*][\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$"))]
    pub accept_key: Option<DtmfKey>,
    /// One of 1-9, # or *; differs from the accept key.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, pattern = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[1-9#*][\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$"))]
    pub reject_key: Option<DtmfKey>,
    #[cfg_attr(feature = "openapi", schema(maximum = 10))]
    pub replay_limit: u32,
}

impl Default for OptIn {
    fn default() -> OptIn {
        OptIn {
            audio: None,
            delay_seconds: DELAY_DEFAULT,
            accept_key: None,
            reject_key: None,
            replay_limit: REPLAY_DEFAULT,
        }
    }
}

/// What the caller did after the prompt, as the telephony engine reports it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CallerInput {
    Accept,
    Reject,
    #[default]
    None,
}

impl CallerInput {
    pub const ALL: [CallerInput; 3] = [CallerInput::None, CallerInput::Accept, CallerInput::Reject];

    pub fn as_str(self) -> &'static str {
        match self {
            CallerInput::Accept => "accept",
            CallerInput::Reject => "reject",
            CallerInput::None => "none",
        }
    }

    pub fn parse(text: &str) -> Option<CallerInput> {
        CallerInput::ALL.into_iter().find(|c| c.as_str() == text)
    }
}

/// The outcome of the prompt for one caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallerChoice {
    OptedIn,
    OptedOut,
    /// No prompt, or the replay limit was reached: the other layers decide.
    NoChoice,
}

impl OptIn {
    pub fn has_prompt(&self) -> bool {
        self.accept_key.is_some() || self.reject_key.is_some()
    }

    /// The outcome table of docs/POLICY.md. A key that is not configured is ignored, as if
    /// nothing was pressed.
    pub fn outcome(&self, input: CallerInput) -> CallerChoice {
        let pressed = match input {
            CallerInput::Accept if self.accept_key.is_some() => CallerInput::Accept,
            CallerInput::Reject if self.reject_key.is_some() => CallerInput::Reject,
            _ => CallerInput::None,
        };
        match (pressed, self.accept_key.is_some(), self.reject_key.is_some()) {
            (CallerInput::Accept, _, _) => CallerChoice::OptedIn,
            (CallerInput::Reject, _, _) => CallerChoice::OptedOut,
            (CallerInput::None, true, false) => CallerChoice::OptedOut,
            (CallerInput::None, false, true) => CallerChoice::OptedIn,
            // Both keys: the audio is replayed up to the limit, then as if there were no prompt.
            (CallerInput::None, true, true) | (CallerInput::None, false, false) => CallerChoice::NoChoice,
        }
    }

    /// `audio_exists` says whether an audio file or playbook is in the company's library.
    pub fn validate(&self, audio_exists: impl Fn(&OptInAudio) -> bool) -> Validation {
        let mut v = Validation::default();
        match &self.audio {
            Some(audio) if !audio_exists(audio) => v.push(
                "opt_in.audio",
                match audio {
                    OptInAudio::File(_) => "This audio file is not in the company's audio library.",
                    OptInAudio::Playbook(_) => "This playbook is not in the company's audio library.",
                },
            ),
            None if self.has_prompt() => {
                v.push("opt_in.audio", "Choose the opt-in audio the caller hears before pressing a key.")
            }
            _ => {}
        }
        if !(DELAY_MIN..=DELAY_MAX).contains(&self.delay_seconds) {
            v.push("opt_in.delay_seconds", format!("The delay is whole seconds from {DELAY_MIN} to {DELAY_MAX}."));
        }
        if let (Some(a), Some(r)) = (self.accept_key, self.reject_key) {
            if a == r {
                v.push("opt_in.reject_key", format!("The accept and reject keys must differ; both are {a}."));
            }
        }
        if self.replay_limit > REPLAY_MAX {
            v.push("opt_in.replay_limit", format!("The audio can be replayed at most {REPLAY_MAX} times."));
        }
        v
    }
}

impl OptIn {
    /// What happens to a caller, in sentences, given whether the company's recording mode
    /// is On (which decides when the caller makes no choice).
    pub fn explain(&self, mode_on: bool) -> Vec<String> {
        let no_choice = if mode_on {
            "the call is recorded because the company's recording mode is On"
        } else {
            "the account's and the users' force-record settings decide, because the company's recording mode is Off"
        };
        let wait = format!("within {} s", self.delay_seconds);
        let mut lines = Vec::new();
        if let Some(k) = self.accept_key {
            lines.push(format!("If the caller presses {k}, they opt in: the call is recorded."));
        }
        if let Some(k) = self.reject_key {
            lines.push(format!("If the caller presses {k}, they opt out: the call is not recorded."));
        }
        lines.push(match (self.accept_key, self.reject_key) {
            (Some(_), None) => format!("If the caller presses nothing {wait}, they opt out: the call is not recorded."),
            (None, Some(_)) => format!("If the caller presses nothing {wait}, they opt in: the call is recorded."),
            (Some(_), Some(_)) => format!(
                "If the caller presses nothing {wait}, the audio is replayed up to {} time{}, then {no_choice}.",
                self.replay_limit,
                if self.replay_limit == 1 { "" } else { "s" }
            ),
            (None, None) => format!("No key is set, so callers are not asked: {no_choice}."),
        });
        lines
    }
}

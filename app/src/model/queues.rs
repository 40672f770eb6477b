//! Queues as the API and the queue pages read and write them.

use super::*;
use crate::policy::OptIn;
pub use crate::policy::{CallRequest, PartyRef};
use serde::{Deserialize, Serialize};

#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueueView {
    pub id: String,
    pub name: String,
    pub opt_in: OptIn,
    /// The contact-center options (seed 003).
    #[serde(default)]
    pub contact_center: crate::policy::treatment::ContactCenter,
    pub version: i64,
}

/// `POST /companies/{c}/queues`: a queue as a read returns it, but for what the server
/// assigns (its id and version); the opt-in and contact-center settings are optional.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewQueue {
    #[cfg_attr(feature = "ssr", schema(schema_with = crate::model::names::name_schema))]
    pub name: String,
    #[serde(default)]
    #[serde(deserialize_with = "crate::policy::object::optional_object")]
    pub opt_in: Option<OptIn>,
    #[serde(default)]
    #[serde(deserialize_with = "crate::policy::object::optional_object")]
    pub contact_center: Option<crate::policy::treatment::ContactCenter>,
}

/// `PUT /queues/{q}/contact-center`.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactCenterBody {
    #[serde(deserialize_with = "crate::policy::object::object")]
    pub contact_center: crate::policy::treatment::ContactCenter,
    pub version: i64,
}

/// A queue's opt-in settings as a form or the API sends them: loose types, so a wrong key
/// or an out-of-range delay is a field error the person can read, not a parse failure.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OptInInput {
    #[serde(default)]
    pub audio: Option<crate::policy::OptInAudio>,
    /// Seconds before the prompt plays; absent: 5.
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(minimum = 1, maximum = 60))]
    pub delay_seconds: Option<i64>,
    /// One of 1-9, # or *; absent or blank: none.
    #[serde(default)]
    #[cfg_attr(
        feature = "ssr",
        schema(
            pattern = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[1-9#*]?[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$"
        )
    )]
    pub accept_key: Option<String>,
    /// As `accept_key`, and not the same key.
    #[serde(default)]
    #[cfg_attr(
        feature = "ssr",
        schema(
            pattern = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[1-9#*]?[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$"
        )
    )]
    pub reject_key: Option<String>,
    /// Times the prompt is played again; absent: 2.
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(minimum = 0, maximum = 10))]
    pub replay_limit: Option<i64>,
}

impl OptInInput {
    pub fn parse(&self) -> Result<OptIn, crate::policy::FieldError> {
        use crate::policy::{opt_in, DtmfKey, FieldError};
        let number = |field: &str, v: Option<i64>, default: u32, max: u32| match v {
            None => Ok(default),
            Some(n) if (0..=i64::from(max)).contains(&n) => Ok(n as u32),
            Some(_) => Err(FieldError::new(field, format!("Enter a whole number from 0 to {max}."))),
        };
        Ok(OptIn {
            audio: self.audio.clone().filter(|a| !a.id().trim().is_empty()),
            delay_seconds: number("opt_in.delay_seconds", self.delay_seconds, opt_in::DELAY_DEFAULT, 3600)
                .map_err(|_| FieldError::new("opt_in.delay_seconds", "The delay is whole seconds from 1 to 60."))?,
            accept_key: DtmfKey::parse_optional("opt_in.accept_key", self.accept_key.as_deref().unwrap_or(""))?,
            reject_key: DtmfKey::parse_optional("opt_in.reject_key", self.reject_key.as_deref().unwrap_or(""))?,
            replay_limit: number("opt_in.replay_limit", self.replay_limit, opt_in::REPLAY_DEFAULT, opt_in::REPLAY_MAX)?,
        })
    }
}

/// The queue page's Recording Opt In/Out tab.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueueOptInPage {
    pub company: String,
    pub licensed: bool,
    pub can_modify: bool,
    pub queue: QueueView,
    pub audio_files: Vec<AudioChoice>,
    pub playbooks: Vec<AudioChoice>,
    /// The company's recording mode and where it comes from.
    pub mode: RecordingModeView,
    /// "On, inherited from reseller 'Acme Telecom'".
    pub mode_says: String,
    pub contact_center: crate::policy::treatment::ContactCenterForm,
}

/// The opt-in tab as a browser posts it: every field as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OptInForm {
    pub version: i64,
    /// `file:<id>`, `playbook:<id>` or empty.
    #[serde(default)]
    pub audio: String,
    #[serde(default)]
    pub delay_seconds: String,
    #[serde(default)]
    pub accept_key: String,
    #[serde(default)]
    pub reject_key: String,
    #[serde(default)]
    pub replay_limit: String,
}

impl OptInForm {
    pub fn from_opt_in(o: &OptIn, version: i64) -> OptInForm {
        OptInForm {
            version,
            audio: match &o.audio {
                Some(crate::policy::OptInAudio::File(id)) => format!("file:{id}"),
                Some(crate::policy::OptInAudio::Playbook(id)) => format!("playbook:{id}"),
                None => String::new(),
            },
            delay_seconds: o.delay_seconds.to_string(),
            accept_key: o.accept_key.map(String::from).unwrap_or_default(),
            reject_key: o.reject_key.map(String::from).unwrap_or_default(),
            replay_limit: o.replay_limit.to_string(),
        }
    }

    /// The typed fields, with a field error for a number that is not one.
    pub fn to_input(&self) -> Result<OptInInput, crate::policy::FieldError> {
        use crate::policy::{FieldError, OptInAudio};
        let number = |field: &str, text: &str, what: &str| -> Result<Option<i64>, FieldError> {
            let t = text.trim();
            if t.is_empty() {
                return Ok(None);
            }
            t.parse::<i64>().map(Some).map_err(|_| FieldError::new(field, format!("Enter {what} as a whole number.")))
        };
        let audio = match self.audio.split_once(':') {
            Some(("file", id)) if !id.is_empty() => Some(OptInAudio::File(id.to_string())),
            Some(("playbook", id)) if !id.is_empty() => Some(OptInAudio::Playbook(id.to_string())),
            _ if self.audio.trim().is_empty() => None,
            _ => return Err(FieldError::new("opt_in.audio", "Choose an audio file or a playbook from the list.")),
        };
        Ok(OptInInput {
            audio,
            delay_seconds: number("opt_in.delay_seconds", &self.delay_seconds, "the delay in seconds")?,
            accept_key: Some(self.accept_key.clone()),
            reject_key: Some(self.reject_key.clone()),
            replay_limit: number("opt_in.replay_limit", &self.replay_limit, "the replay limit")?,
        })
    }

    /// Every problem of the form, as the server would find it (the dropdown lists only
    /// audio that exists).
    pub fn validate(&self) -> crate::policy::Validation {
        match self.to_input().and_then(|i| i.parse()) {
            Ok(o) => o.validate(|_| true),
            Err(e) => crate::policy::Validation { errors: vec![e] },
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::names::pattern_checks::agrees;
    use crate::policy::contact_center::{check_e164, E164_PATTERN};
    use crate::policy::opt_in::{DTMF_KEY_OR_NONE_PATTERN, DTMF_KEY_PATTERN};
    use crate::policy::DtmfKey;

    #[test]
    fn the_key_and_number_patterns_accept_what_their_checks_accept() {
        let keys = ["1", "9", "#", "*", " 5 ", "\t#\u{3000}", "0", "10", "12", "a", "", " ", "５", "1 2"];
        agrees(DTMF_KEY_PATTERN, &keys, |s| DtmfKey::parse("key", s).is_ok());
        agrees(DTMF_KEY_OR_NONE_PATTERN, &keys, |s| DtmfKey::parse_optional("key", s).is_ok());
        let numbers = [
            "+14155550123",
            "+12345678",
            "+1234567",
            "+123456789012345",
            "+1234567890123456",
            "+04155550123",
            "14155550123",
            " +14155550123",
            "+1 415 555 0123",
            "++14155550123",
        ];
        agrees(E164_PATTERN, &numbers, check_e164);
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_queue_bodies_state_the_patterns_of_their_checks() {
        use crate::model::names::pattern_checks::{assert_stated, stated};
        use crate::policy::treatment::Selection;
        assert_stated::<super::OptInInput>("accept_key", DTMF_KEY_OR_NONE_PATTERN);
        assert_stated::<super::OptInInput>("reject_key", DTMF_KEY_OR_NONE_PATTERN);
        assert_stated::<crate::policy::OptIn>("accept_key", DTMF_KEY_PATTERN);
        assert_stated::<crate::policy::OptIn>("reject_key", DTMF_KEY_PATTERN);
        assert_stated::<Selection>("numbers", E164_PATTERN);
        let numbers = stated::<Selection>("numbers");
        assert_eq!((&numbers["minItems"], &numbers["maxItems"]), (&1.into(), &1000.into()), "{numbers}");
    }
}

//! The recording treatment as the API and its pages read and write it.

use super::*;
pub use crate::policy::{CallRequest, PartyRef};
use serde::{Deserialize, Serialize};

/// `GET/PUT /companies/{c}/treatment`: the company's defaults of the recording treatment.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TreatmentView {
    #[serde(deserialize_with = "crate::policy::object::object")]
    pub treatment: crate::policy::treatment::Treatment,
    pub version: i64,
}

/// The company's Recording treatment page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TreatmentPage {
    pub form: crate::policy::treatment::TreatmentForm,
    pub version: i64,
    pub licensed: bool,
    pub can_modify: bool,
    pub mp3_files: Vec<AudioChoice>,
}

#[cfg(test)]
mod tests {
    use crate::model::names::pattern_checks::agrees;
    use crate::policy::treatment::*;
    use crate::policy::Origin;

    fn tts(text: &str, language: &str) -> Announcement {
        Announcement::Tts(Tts { text: text.into(), language: language.into(), ..Tts::default() })
    }

    #[test]
    fn the_treatment_patterns_accept_what_its_checks_accept() {
        let (t450, t451) = ("t".repeat(450), "t".repeat(451));
        let padded = format!("\n{t450}\u{3000}");
        let texts = [
            "This call is being recorded.",
            " Press 1. ",
            "a\u{0}b",
            "",
            " \t ",
            t450.as_str(),
            t451.as_str(),
            padded.as_str(),
        ];
        agrees(TTS_TEXT_PATTERN, &texts, |s| check_announcement(&tts(s, "en-US")).is_ok());
        let defaults = Treatment::default().as_effective(&Origin::system());
        agrees(TTS_TEXT_PATTERN, &texts, |s| {
            let own = TreatmentOverride {
                outgoing: Some(Outgoing::AskToRecord { prompt: s.into() }),
                ..TreatmentOverride::default()
            };
            validate_options(&own, &defaults, &[]).is_ok()
        });
        let languages = ["en-US", "nl-NL", "pt-BR", "en-us", " en-US", "en-US ", "en", "fr-CA", ""];
        agrees(TTS_LANGUAGE_PATTERN, &languages, |s| check_announcement(&tts("Hello", s)).is_ok());
        let files = ["a1", " a1 ", "", " ", "\t\u{3000}"];
        agrees(MP3_FILE_PATTERN, &files, |s| check_announcement(&Announcement::Mp3 { file: s.into() }).is_ok());
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_treatment_bodies_state_the_patterns_of_their_checks() {
        use crate::model::names::pattern_checks::{assert_stated, stated};
        assert_stated::<Tts>("text", TTS_TEXT_PATTERN);
        assert_stated::<Tts>("language", TTS_LANGUAGE_PATTERN);
        assert_stated::<Outgoing>("prompt", TTS_TEXT_PATTERN);
        assert_stated::<Announcement>("file", MP3_FILE_PATTERN);
        for beep in [stated::<Treatment>("beep_seconds"), stated::<TreatmentOverride>("beep_seconds")] {
            assert_eq!((&beep["minimum"], &beep["maximum"]), (&5.into(), &300.into()), "{beep}");
        }
    }
}

//! The caller's consent at the queue prompt and the stretches a recording was paused, as the
//! telephony engine reports them with the upload and the details page shows them. Plain Rust,
//! checked the same in the browser and on the server.

use crate::policy::{CallerInput, Validation};
use serde::{Deserialize, Serialize};

/// What happened at the queue's Recording Opt In/Out prompt.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Consent {
    /// The prompt was played to the caller.
    pub played: bool,
    /// What the caller chose: `accept`, `reject` or `none` (no key, or one the queue does not
    /// use).
    pub choice: CallerInput,
    /// The key pressed, if any: `0`-`9`, `*` or `#`.
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(pattern = "^[0-9*#]$"))]
    pub key: Option<String>,
    /// Seconds from the start of the call to the prompt, and to the key: within the call's
    /// duration, the key not before the prompt.
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(minimum = 0, maximum = 86400))]
    pub prompt_at_seconds: Option<f64>,
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(minimum = 0, maximum = 86400))]
    pub answered_at_seconds: Option<f64>,
    /// How many times the prompt was played again.
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(maximum = 20))]
    pub replays: u32,
}

/// Why a recording was paused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum PauseReason {
    Hold,
    Manual,
    Pci,
}

impl PauseReason {
    pub fn label(self) -> &'static str {
        match self {
            PauseReason::Hold => "on hold",
            PauseReason::Manual => "paused by the agent",
            PauseReason::Pci => "paused for card details (PCI)",
        }
    }
}

/// A stretch of the recording without audio, in seconds from its start.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Pause {
    /// Within the call's duration (86,400 seconds at most), before `end_seconds`.
    #[cfg_attr(feature = "ssr", schema(minimum = 0, maximum = 86400))]
    pub start_seconds: f64,
    #[cfg_attr(feature = "ssr", schema(minimum = 0, maximum = 86400))]
    pub end_seconds: f64,
    pub reason: PauseReason,
}

/// The most pauses one recording carries.
pub const MAX_PAUSES: usize = 200;

fn within(t: f64, duration: f64) -> bool {
    t.is_finite() && t >= 0.0 && t <= duration
}

/// Checks consent and pauses against the call's duration; every problem at once.
pub fn validate(consent: Option<&Consent>, pauses: &[Pause], duration: f64, v: &mut Validation) {
    if let Some(c) = consent {
        if c.key
            .as_deref()
            .is_some_and(|k| !matches!(k, "0" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" | "*" | "#"))
        {
            v.push("consent.key", "The key is one of 0-9, * or #.");
        }
        let times = [
            ("consent.prompt_at_seconds", c.prompt_at_seconds),
            ("consent.answered_at_seconds", c.answered_at_seconds),
        ];
        for (field, t) in times {
            if t.is_some_and(|t| !within(t, duration)) {
                v.push(field, "A time is within the call: 0 to its duration in seconds.");
            }
        }
        if let (Some(p), Some(a)) = (c.prompt_at_seconds, c.answered_at_seconds) {
            if a < p {
                v.push("consent.answered_at_seconds", "The caller answered after the prompt played, not before.");
            }
        }
        if c.replays > 20 {
            v.push("consent.replays", "At most 20 replays.");
        }
    }
    if pauses.len() > MAX_PAUSES {
        v.push("pauses", format!("At most {MAX_PAUSES} pauses."));
        return;
    }
    let mut last_end = 0.0;
    for (i, p) in pauses.iter().enumerate() {
        if !(within(p.start_seconds, duration) && within(p.end_seconds, duration) && p.start_seconds < p.end_seconds) {
            v.push(format!("pauses[{i}]"), "A pause starts before it ends, both within the call.");
        } else if p.start_seconds < last_end {
            v.push(format!("pauses[{i}]"), "Pauses are in order and do not overlap.");
        } else {
            last_end = p.end_seconds;
        }
    }
}

/// "0:04" for 4.2 seconds.
pub fn offset_text(seconds: f64) -> String {
    crate::model::recordings::duration_text((seconds * 1000.0) as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consent_and_pauses_are_checked_against_the_call() {
        let consent = Consent {
            played: true,
            choice: CallerInput::Accept,
            key: Some("x".into()),
            prompt_at_seconds: Some(5.0),
            answered_at_seconds: Some(4.0),
            replays: 21,
        };
        let pauses = [
            Pause { start_seconds: 10.0, end_seconds: 20.0, reason: PauseReason::Hold },
            Pause { start_seconds: 15.0, end_seconds: 25.0, reason: PauseReason::Pci },
            Pause { start_seconds: 30.0, end_seconds: 90.0, reason: PauseReason::Manual },
        ];
        let mut v = Validation::default();
        validate(Some(&consent), &pauses, 60.0, &mut v);
        let fields: Vec<_> = v.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            vec!["consent.key", "consent.answered_at_seconds", "consent.replays", "pauses[1]", "pauses[2]"]
        );
        let mut ok = Validation::default();
        validate(None, &pauses[..1], 60.0, &mut ok);
        assert!(ok.is_ok());
    }
}

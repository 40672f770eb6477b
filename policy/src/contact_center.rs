//! A queue's contact-center options (seed 003): which calls are recorded (all, a share by
//! a hash of the call id, listed numbers), transfer outside the platform, agent-only, pause
//! on hold, and the form that edits them.

use super::treatment::MAX_LISTED_NUMBERS;
use super::{FieldError, Validation};
use serde::{Deserialize, Serialize};

/// Which calls into the queue are recorded.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", from = "closed::Selection")]
pub enum Selection {
    #[default]
    All,
    /// 1 to 100 percent, chosen by a hash of the call id.
    Percentage {
        #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 100))]
        percent: u8,
    },
    /// Only calls from these numbers (E.164), 1 to 1000 of them.
    ListedNumbers {
        #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 1000, pattern = r"^\+[1-9][0-9]{7,14}$"))]
        numbers: Vec<String>,
    },
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
#[serde(deny_unknown_fields)]
pub struct ContactCenter {
    pub selection: Selection,
    pub transfer_out: TransferOut,
    pub agent_only: bool,
    pub pause_on_hold: bool,
}

/// What [`check_e164`] accepts, as the OpenAPI document states it (nothing is trimmed).
pub const E164_PATTERN: &str = r"^\+[1-9][0-9]{7,14}$";

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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
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

impl CallEvent {
    pub const ALL: [CallEvent; 6] = [
        CallEvent::Hold,
        CallEvent::Retrieve,
        CallEvent::ManualPause,
        CallEvent::ManualResume,
        CallEvent::TransferToAgent,
        CallEvent::TransferOutside,
    ];

    /// The name the API and the database use.
    pub fn as_str(self) -> &'static str {
        match self {
            CallEvent::Hold => "hold",
            CallEvent::Retrieve => "retrieve",
            CallEvent::ManualPause => "manual_pause",
            CallEvent::ManualResume => "manual_resume",
            CallEvent::TransferToAgent => "transfer_to_agent",
            CallEvent::TransferOutside => "transfer_outside",
        }
    }

    pub fn parse(text: &str) -> Option<CallEvent> {
        CallEvent::ALL.into_iter().find(|e| e.as_str() == text)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
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

/// What the engine must do when an event moved the recording from one state to another.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Instruction {
    /// Go on recording: nothing changes.
    Record,
    /// Pause the recording, or keep it paused.
    Pause,
    /// Resume the paused recording.
    Resume,
    /// Stop recording this call for good.
    Stop,
}

pub fn instruction(before: RecordingState, after: RecordingState) -> Instruction {
    use RecordingState::*;
    match (before, after) {
        (_, Stopped) => Instruction::Stop,
        (Recording, Recording) => Instruction::Record,
        (_, Recording) => Instruction::Resume,
        (_, PausedOnHold | PausedByAgent) => Instruction::Pause,
    }
}

/// Why the recording is in its state after `event`, in the words the pages use.
pub fn because(cc: &ContactCenter, event: CallEvent, after: RecordingState) -> &'static str {
    use RecordingState::*;
    match (event, after) {
        (_, Stopped) if event == CallEvent::TransferOutside => {
            "Transferred outside the platform: the queue stops recording."
        }
        (_, Stopped) => "The recording was stopped by an earlier transfer outside the platform.",
        (_, PausedByAgent) if event == CallEvent::ManualPause => "Paused by the agent.",
        (_, PausedByAgent) => "Paused by the agent: only the agent resumes it.",
        (CallEvent::Hold, PausedOnHold) => "On hold: the queue pauses recording on hold.",
        (_, PausedOnHold) => "Still on hold.",
        (CallEvent::Hold, Recording) if !cc.pause_on_hold => "On hold: the recording goes on (pause on hold is off).",
        (CallEvent::TransferOutside, Recording) => "Transferred outside the platform: the queue keeps recording.",
        (CallEvent::ManualResume, Recording) => "Resumed by the agent.",
        (CallEvent::Retrieve | CallEvent::TransferToAgent, Recording) => "Recording.",
        (_, Recording) => "Recording.",
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

/// The API's reading of [`Selection`]: each variant a closed struct (see
/// [`crate::object::NoFields`]).
mod closed {
    use crate::object::NoFields;
    use serde::Deserialize;

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Percentage {
        percent: u8,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct ListedNumbers {
        numbers: Vec<String>,
    }

    #[derive(Deserialize)]
    #[serde(tag = "kind", rename_all = "snake_case")]
    pub enum Selection {
        All(NoFields),
        Percentage(Percentage),
        ListedNumbers(ListedNumbers),
    }

    impl From<Selection> for super::Selection {
        fn from(s: Selection) -> Self {
            match s {
                Selection::All(_) => Self::All,
                Selection::Percentage(Percentage { percent }) => Self::Percentage { percent },
                Selection::ListedNumbers(ListedNumbers { numbers }) => Self::ListedNumbers { numbers },
            }
        }
    }
}

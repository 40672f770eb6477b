//! Call events: what the telephony engine reports happening on a recorded call, and the
//! answer it acts on.

use crate::policy::contact_center::{CallEvent, Instruction, RecordingState};
use serde::{Deserialize, Serialize};

/// The most events one call may report: a call put on hold and taken back a few hundred
/// times is already unusual; more is an engine in a loop.
pub const MAX_EVENTS: usize = 1000;

/// What happened: `hold`, `retrieve`, `manual_pause`, `manual_resume`, `transfer_to_agent`
/// (to another agent of the platform) or `transfer_outside` (to a party outside it).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewCallEvent {
    pub event: CallEvent,
}

/// What the engine must do now, by the queue's pause-on-hold and transfer rules.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CallEventAnswer {
    pub call_id: String,
    pub event: CallEvent,
    /// `record` (go on, nothing changes), `pause` (pause, or stay paused), `resume` or `stop`.
    pub action: Instruction,
    /// The recording's state after every event of the call so far.
    pub state: RecordingState,
    /// How many events the call has reported, this one included.
    pub events: usize,
    /// Why, in the words of the queue's settings.
    pub because: String,
}

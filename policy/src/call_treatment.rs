//! The treatment of a recorded call: whose options apply (the user's own, else the
//! company's), what each resolves to with its origin, and the trace steps that say so.

use super::decision::{on_off, step, Call, Endpoint, PolicyFacts, TraceStep, UserFacts};
use super::treatment::{sampled, Announcement, ContactCenter, EffectiveTreatment, Selection, Sourced, TransferOut};
use super::{Level, Origin};
use serde::{Deserialize, Serialize};

/// The manual start and stop codes a recorded user may dial.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManualCodes {
    pub start: String,
    pub stop: String,
}

/// The treatment of a recorded call, each option with where its value came from.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallTreatment {
    /// Played to all parties when recording starts; none: no announcement.
    pub announcement: Sourced<Option<Announcement>>,
    /// Seconds between beeps while recording; none: no beep.
    pub beep_seconds: Sourced<Option<u32>>,
    pub manual_control: Sourced<Option<ManualCodes>>,
    /// The question a user hears before an outgoing call is recorded; none: recorded as is.
    pub ask_to_record: Sourced<Option<String>>,
    /// Where the recording is sent by e-mail after the call; none: not sent.
    pub email_to: Sourced<Option<String>>,
    pub agent_only: Sourced<bool>,
    pub pause_on_hold: Sourced<bool>,
    pub transfer_out: Sourced<TransferOut>,
    /// The engine stops recording after this many seconds; none: no limit.
    pub max_length_seconds: Sourced<Option<u32>>,
}

/// The user whose options apply: the called device's, else the calling device's.
pub(crate) fn treated_user(call: &Call) -> Option<&UserFacts> {
    fn owner(e: &Endpoint) -> Option<&UserFacts> {
        match e {
            Endpoint::Device(d) => d.owner.as_ref(),
            _ => None,
        }
    }
    owner(&call.destination).or_else(|| owner(&call.source))
}

pub(crate) fn options_for(facts: &PolicyFacts, user: Option<&UserFacts>) -> EffectiveTreatment {
    match user {
        Some(u) => u.treatment.resolve(&Origin::new(Level::User, &u.id, &u.name), &facts.treatment, &facts.company),
        None => facts.treatment.as_effective(&facts.company),
    }
}

pub(crate) fn set_on(origin: &Origin) -> String {
    match origin.level {
        Level::User => format!("set on user '{}'", origin.name),
        Level::Queue => format!("set on queue '{}'", origin.name),
        _ => format!("the default of company '{}'", origin.name),
    }
}

/// Whether the queue's selection takes this call, and the rule in words.
pub(crate) fn selection(s: &Selection, call: &Call) -> (bool, String) {
    match s {
        Selection::All => (true, "all calls".into()),
        Selection::Percentage { percent } => {
            let id = call.call_id.as_deref().unwrap_or_default();
            let taken = sampled(id, *percent);
            (taken, format!("{percent}% of calls by call id: call {id} is {}", if taken { "in" } else { "not in" }))
        }
        Selection::ListedNumbers { numbers } => {
            let from = match &call.source {
                Endpoint::External(n) => Some(n.as_str()),
                _ => None,
            };
            let taken = from.is_some_and(|n| numbers.iter().any(|l| l == n));
            (
                taken,
                format!(
                    "only calls from {} listed number{}: {} {}",
                    numbers.len(),
                    if numbers.len() == 1 { "" } else { "s" },
                    from.unwrap_or("a device of the company"),
                    if taken { "is listed" } else { "is not listed" }
                ),
            )
        }
    }
}

pub(crate) fn call_treatment(
    facts: &PolicyFacts,
    call: &Call,
    o: &EffectiveTreatment,
    user: Option<&UserFacts>,
) -> CallTreatment {
    let when = |on: &Sourced<bool>| on.value;
    let announcement = if when(&o.announce) {
        Sourced { value: Some(o.announcement.value.clone()), origin: o.announcement.origin.clone() }
    } else {
        Sourced { value: None, origin: o.announce.origin.clone() }
    };
    let beep_seconds = if when(&o.beep) {
        Sourced { value: Some(o.beep_seconds.value), origin: o.beep_seconds.origin.clone() }
    } else {
        Sourced { value: None, origin: o.beep.origin.clone() }
    };
    let manual_control = Sourced {
        value: when(&o.manual_control)
            .then(|| ManualCodes { start: o.manual_start_code.value.clone(), stop: o.manual_stop_code.value.clone() }),
        origin: o.manual_control.origin.clone(),
    };
    // Asking applies to a user's outgoing calls: from their device.
    let outgoing = matches!(call.source, Endpoint::Device(_)) && user.is_some();
    let ask_to_record = Sourced {
        value: match &o.outgoing.value {
            super::treatment::Outgoing::AskToRecord { prompt } if outgoing => Some(prompt.clone()),
            _ => None,
        },
        origin: o.outgoing.origin.clone(),
    };
    let email_to = Sourced {
        value: if when(&o.email) { user.and_then(|u| u.email.clone()) } else { None },
        origin: o.email.origin.clone(),
    };
    let (cc, cc_origin) = match &call.destination {
        Endpoint::Queue(q) => (q.contact_center.clone(), Origin::new(Level::Queue, &q.id, &q.name)),
        _ => (ContactCenter::default(), facts.company.clone()),
    };
    CallTreatment {
        announcement,
        beep_seconds,
        manual_control,
        ask_to_record,
        email_to,
        agent_only: Sourced { value: cc.agent_only, origin: cc_origin.clone() },
        pause_on_hold: Sourced { value: cc.pause_on_hold, origin: cc_origin.clone() },
        transfer_out: Sourced { value: cc.transfer_out, origin: cc_origin },
        max_length_seconds: Sourced { value: facts.max_length_seconds, origin: facts.company.clone() },
    }
}

/// The treatment in the trace, one step per option, so the simulator and the API say where
/// each came from.
pub(crate) fn push_treatment_steps(trace: &mut Vec<TraceStep>, t: &CallTreatment) {
    let mut add = |rule: &str, on: bool, origin: &Origin, says: String| {
        trace.push(step(format!("treatment.{rule}"), on, origin.clone(), format!("{says}, {}", set_on(origin))));
    };
    add(
        "announcement",
        t.announcement.value.is_some(),
        &t.announcement.origin,
        match &t.announcement.value {
            None => "No announcement".into(),
            Some(Announcement::BuiltIn) => {
                format!("Announcement to all parties: \"{}\"", super::treatment::BUILT_IN_ANNOUNCEMENT)
            }
            Some(Announcement::Mp3 { file }) => format!("Announcement to all parties: the MP3 {file}"),
            Some(Announcement::Tts(tts)) => {
                format!("Announcement to all parties, spoken ({}): \"{}\"", tts.language, tts.text)
            }
        },
    );
    add(
        "beep",
        t.beep_seconds.value.is_some(),
        &t.beep_seconds.origin,
        match t.beep_seconds.value {
            Some(s) => format!("A beep every {s} s while recording"),
            None => "No periodic beep".into(),
        },
    );
    add(
        "manual_control",
        t.manual_control.value.is_some(),
        &t.manual_control.origin,
        match &t.manual_control.value {
            Some(c) => format!("Manual start {} and stop {}", c.start, c.stop),
            None => "No manual start and stop".into(),
        },
    );
    add(
        "ask_to_record",
        t.ask_to_record.value.is_some(),
        &t.ask_to_record.origin,
        match &t.ask_to_record.value {
            Some(p) => format!("The user is asked first: \"{p}\""),
            None => "Recorded without asking".into(),
        },
    );
    add(
        "email",
        t.email_to.value.is_some(),
        &t.email_to.origin,
        match &t.email_to.value {
            Some(to) => format!("The recording is sent by e-mail to {to}"),
            None => "Not sent by e-mail".into(),
        },
    );
    add(
        "agent_only",
        t.agent_only.value,
        &t.agent_only.origin,
        format!("Agent-only recording: {}", on_off(t.agent_only.value)),
    );
    add(
        "pause_on_hold",
        t.pause_on_hold.value,
        &t.pause_on_hold.origin,
        format!("Pause on hold: {}", on_off(t.pause_on_hold.value)),
    );
    add(
        "transfer_out",
        t.transfer_out.value == TransferOut::StopRecording,
        &t.transfer_out.origin,
        match t.transfer_out.value {
            TransferOut::KeepRecording => "Transferred outside the platform: recording goes on".into(),
            TransferOut::StopRecording => "Transferred outside the platform: recording stops".into(),
        },
    );
    add(
        "max_length",
        t.max_length_seconds.value.is_some(),
        &t.max_length_seconds.origin,
        match t.max_length_seconds.value {
            Some(s) => format!("Recording stops after {}", crate::storage::length_text(s)),
            None => "No maximum recording length".into(),
        },
    );
}

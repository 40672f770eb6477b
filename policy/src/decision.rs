//! The decision for one call, with its full trace: every rule considered, whether it fired,
//! and the setting (level and object) it came from.

use super::matrix::{Direction, Matrix, Network, Override};
use super::treatment::{ContactCenter, Selection, Treatment, TreatmentOverride};
use super::{CallerChoice, CallerInput, FieldError, ForceRecord, Level, Licence, ModeLevels, OptIn, Origin};
use serde::{Deserialize, Serialize};

use super::call_treatment::{call_treatment, options_for, push_treatment_steps, selection, set_on, treated_user};
pub use super::call_treatment::{CallTreatment, ManualCodes};

/// The company-wide settings a decision reads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyFacts {
    pub company: Origin,
    pub licence: Licence,
    pub recording_mode: ModeLevels,
    pub outbound_recording: ModeLevels,
    pub force: ForceRecord,
    /// The company's defaults of the recording treatment.
    #[serde(default)]
    pub treatment: Treatment,
    /// The company's maximum recording length (its Storage page); none: no limit.
    #[serde(default)]
    pub max_length_seconds: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserFacts {
    pub id: String,
    pub name: String,
    pub seat: bool,
    #[serde(rename = "override")]
    pub overrides: Matrix<Override>,
    /// The user's own treatment options (Inherit where not set).
    #[serde(default)]
    pub treatment: TreatmentOverride,
    #[serde(default)]
    pub email: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceFacts {
    pub id: String,
    pub name: String,
    #[serde(rename = "override")]
    pub overrides: Matrix<Override>,
    pub owner: Option<UserFacts>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueFacts {
    pub id: String,
    pub name: String,
    pub opt_in: OptIn,
    #[serde(default)]
    pub contact_center: ContactCenter,
}

/// One end of a call.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Endpoint {
    Device(DeviceFacts),
    Queue(QueueFacts),
    External(String),
}

impl Endpoint {
    pub fn network(&self) -> Network {
        match self {
            Endpoint::External(_) => Network::Offnet,
            Endpoint::Device(_) | Endpoint::Queue(_) => Network::Onnet,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Call {
    pub source: Endpoint,
    pub destination: Endpoint,
    #[serde(default)]
    pub caller_input: CallerInput,
    /// Forwarded or transferred to the destination.
    #[serde(default)]
    pub redirected: bool,
    /// The engine's id of the call: a queue that records a percentage of calls chooses by it.
    #[serde(default)]
    pub call_id: Option<String>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraceStep {
    /// e.g. `entire_account.inbound.offnet`.
    pub rule: String,
    pub fired: bool,
    /// `company <id>`: the setting's level and object.
    pub from: String,
    pub origin: Origin,
    /// The step as a sentence: "Device 'Desk 12' inbound from external: On, set on the device".
    pub says: String,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub recorded: bool,
    /// Why, in one sentence.
    pub reason: String,
    pub trace: Vec<TraceStep>,
    /// How the recording is made, when there is one.
    pub treatment: Option<CallTreatment>,
}

/// An external number: digits, optionally a leading +, 3 to 20 digits.
pub fn check_external_number(field: &str, number: &str) -> Result<(), FieldError> {
    let digits = number.strip_prefix('+').unwrap_or(number);
    if (3..=20).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(FieldError::new(field, "Enter a phone number: 3 to 20 digits, optionally starting with +."))
    }
}

impl Call {
    /// The shape of a call the policy can answer for.
    pub fn validate(&self) -> Result<(), FieldError> {
        if let Endpoint::Queue(_) = self.source {
            return Err(FieldError::new("source", "A call comes from a device or an external number, not a queue."));
        }
        if let Endpoint::External(n) = &self.source {
            check_external_number("source", n)?;
        }
        if let Endpoint::External(n) = &self.destination {
            check_external_number("destination", n)?;
        }
        if let Endpoint::Queue(q) = &self.destination {
            let has_id = self.call_id.as_deref().is_some_and(|id| !id.trim().is_empty());
            if matches!(q.contact_center.selection, Selection::Percentage { .. }) && !has_id {
                return Err(FieldError::new(
                    "call_id",
                    format!(
                        "Queue '{}' records a share of its calls, chosen by the call id: give the call's id.",
                        q.name
                    ),
                ));
            }
        }
        match (&self.source, &self.destination) {
            (Endpoint::External(_), Endpoint::External(_)) => Err(FieldError::new(
                "destination",
                "A call between two external numbers does not involve the company: choose a device or a queue.",
            )),
            (Endpoint::Device(a), Endpoint::Device(b)) if a.id == b.id => {
                Err(FieldError::new("destination", "A device cannot call itself: choose another destination."))
            }
            _ => Ok(()),
        }
    }
}

/// The value of one endpoint cell for a device: the device's own value unless Inherit, else
/// its user's unless Inherit, else the account's all-users switch.
pub fn endpoint_value(
    device: &DeviceFacts,
    all_users: &Matrix<bool>,
    company: &Origin,
    direction: Direction,
    network: Network,
) -> (bool, Origin) {
    if let Some(on) = device.overrides.get(direction, network).explicit() {
        return (on, Origin::new(Level::Device, &device.id, &device.name));
    }
    if let Some(user) = &device.owner {
        if let Some(on) = user.overrides.get(direction, network).explicit() {
            return (on, Origin::new(Level::User, &user.id, &user.name));
        }
    }
    (all_users.get(direction, network), company.clone())
}

pub(crate) fn on_off(on: bool) -> &'static str {
    if on {
        "On"
    } else {
        "Off"
    }
}

pub(crate) fn step(rule: String, fired: bool, origin: Origin, says: String) -> TraceStep {
    TraceStep { rule, fired, from: origin.reference(), origin, says }
}

fn endpoint_step(facts: &PolicyFacts, device: &DeviceFacts, direction: Direction, network: Network) -> TraceStep {
    let (on, origin) = endpoint_value(device, &facts.force.all_users, &facts.company, direction, network);
    let where_set = match origin.level {
        Level::Device => "set on the device".to_string(),
        Level::User => format!("inherited from user '{}'", origin.name),
        _ => "the account default for all users".to_string(),
    };
    let towards = match direction {
        Direction::Inbound => "from",
        Direction::Outbound => "to",
    };
    let mut says = format!(
        "Device '{}' {} {towards} {}: {}, {where_set}",
        device.name,
        direction.key(),
        network.label(),
        on_off(on)
    );
    let seatless = device.owner.as_ref().filter(|u| !u.seat);
    if let (true, Some(user)) = (on, seatless) {
        says.push_str(&format!(", but user '{}' holds no recording seat, so it does not count", user.name));
    }
    step(format!("endpoint.{}.{}", direction.key(), network.key()), on && seatless.is_none(), origin, says)
}

/// The decision for one call. `call` is assumed valid ([`Call::validate`]).
pub fn decide(facts: &PolicyFacts, call: &Call) -> Decision {
    let company = &facts.company;
    let source_net = call.source.network();
    let dest_net = call.destination.network();
    let mut trace = Vec::with_capacity(8);

    // 1. The licence.
    let licensed = facts.licence.licensed;
    trace.push(step(
        "licence".into(),
        !licensed,
        company.clone(),
        if licensed {
            format!("Company '{}' holds the call-recording licence", company.name)
        } else {
            format!("Company '{}' has no call-recording licence: nothing is recorded", company.name)
        },
    ));

    // 2. Account-wide rules.
    let entire = &facts.force.entire_account;
    let inbound = entire.get(Direction::Inbound, source_net);
    trace.push(step(
        format!("entire_account.inbound.{}", source_net.key()),
        inbound,
        company.clone(),
        format!(
            "Entire account inbound from {}: {}, set on company '{}'",
            source_net.label(),
            on_off(inbound),
            company.name
        ),
    ));
    let outbound = entire.get(Direction::Outbound, dest_net);
    trace.push(step(
        format!("entire_account.outbound.{}", dest_net.key()),
        outbound,
        company.clone(),
        format!(
            "Entire account outbound to {}: {}, set on company '{}'",
            dest_net.label(),
            on_off(outbound),
            company.name
        ),
    ));
    let outbound_recording = facts.outbound_recording.resolve();
    let applies = matches!(call.source, Endpoint::Device(_)) && dest_net == Network::Offnet;
    trace.push(step(
        "outbound_recording".into(),
        applies && outbound_recording.on,
        outbound_recording.from.clone(),
        format!(
            "Outbound recording: {}{}",
            outbound_recording
                .describe(Level::Company)
                .replace("set here", &format!("set on company '{}'", company.name)),
            if applies { "" } else { ", and it covers only calls from a device to an external number" }
        ),
    ));

    // 3. Endpoints.
    if let Endpoint::Device(device) = &call.source {
        trace.push(endpoint_step(facts, device, Direction::Outbound, dest_net));
    }
    if let Endpoint::Device(device) = &call.destination {
        trace.push(endpoint_step(facts, device, Direction::Inbound, source_net));
    }
    // A redirected call of a user who records redirected calls.
    let user = treated_user(call);
    let options = options_for(facts, user);
    if call.redirected {
        let on = options.record_redirected.value;
        let seated = user.is_none_or(|u| u.seat);
        trace.push(step(
            "treatment.record_redirected".into(),
            on && seated,
            options.record_redirected.origin.clone(),
            format!(
                "Redirected call: recording redirected calls is {}, {}{}",
                on_off(on),
                set_on(&options.record_redirected.origin),
                if on && !seated { ", but the user holds no recording seat" } else { "" }
            ),
        ));
    }
    let rules_fired = trace.iter().skip(1).find(|s| s.fired).map(|s| s.says.clone());

    // 4. A queue: the caller's choice decides over steps 2 and 3.
    let mut queue_verdict = None;
    if let Endpoint::Queue(queue) = &call.destination {
        let origin = Origin::new(Level::Queue, &queue.id, &queue.name);
        let choice = queue.opt_in.outcome(call.caller_input);
        let prompt = describe_prompt(&queue.opt_in, call.caller_input, choice);
        trace.push(step(
            "queue.opt_in".into(),
            choice != CallerChoice::NoChoice,
            origin,
            format!("Queue '{}': {prompt}", queue.name),
        ));
        let mode = facts.recording_mode.resolve();
        let mode_fires = choice == CallerChoice::NoChoice && mode.on;
        trace.push(step(
            "queue.recording_mode".into(),
            mode_fires,
            mode.from.clone(),
            format!(
                "Recording mode: {}{}",
                mode.describe(Level::Company).replace("set here", &format!("set on company '{}'", company.name)),
                match (choice, mode.on) {
                    (CallerChoice::NoChoice, true) => ": a queue call without a caller's choice is recorded",
                    (CallerChoice::NoChoice, false) => ": the other rules decide",
                    _ => ": not used, the caller chose",
                }
            ),
        ));
        queue_verdict = match choice {
            CallerChoice::OptedIn => Some((true, "Recorded: the caller opted in.".to_string())),
            CallerChoice::OptedOut => Some((false, "Not recorded: the caller opted out.".to_string())),
            CallerChoice::NoChoice if mode.on => {
                Some((true, "Recorded: the recording mode is On and the caller made no choice.".to_string()))
            }
            CallerChoice::NoChoice => None,
        };
        // The contact-center selection narrows what the queue itself records; the account's
        // own rules (steps 2 and 3) still record what they match.
        let (selected, says) = selection(&queue.contact_center.selection, call);
        trace.push(step(
            "queue.selection".into(),
            selected,
            Origin::new(Level::Queue, &queue.id, &queue.name),
            format!("Queue '{}' records {says}", queue.name),
        ));
        if !selected && matches!(queue_verdict, Some((true, _))) {
            queue_verdict = None;
        }
    }

    // 5. The verdict: at most one recording per call.
    let (recorded, reason) = if !licensed {
        (false, format!("Not recorded: company '{}' has no call-recording licence.", company.name))
    } else if let Some(verdict) = queue_verdict {
        verdict
    } else if let Some(says) = rules_fired {
        (true, format!("Recorded: {says}."))
    } else {
        (false, "Not recorded: no rule records this call.".to_string())
    };
    let treatment = recorded.then(|| call_treatment(facts, call, &options, user));
    if let Some(t) = &treatment {
        push_treatment_steps(&mut trace, t);
    }
    Decision { recorded, reason, trace, treatment }
}

fn describe_prompt(opt_in: &OptIn, input: CallerInput, choice: CallerChoice) -> String {
    let key = |k: Option<super::DtmfKey>| k.map(|k| k.to_string()).unwrap_or_default();
    let pressed = match input {
        CallerInput::Accept if opt_in.accept_key.is_some() => {
            format!("the caller pressed the accept key {}", key(opt_in.accept_key))
        }
        CallerInput::Reject if opt_in.reject_key.is_some() => {
            format!("the caller pressed the reject key {}", key(opt_in.reject_key))
        }
        CallerInput::Accept | CallerInput::Reject => {
            "the caller pressed a key that is not configured, as if nothing".to_string()
        }
        CallerInput::None => "the caller pressed nothing".to_string(),
    };
    match choice {
        _ if !opt_in.has_prompt() => "no opt-in prompt: no choice".to_string(),
        CallerChoice::OptedIn => format!("{pressed}: opted in"),
        CallerChoice::OptedOut => format!("{pressed}: opted out"),
        CallerChoice::NoChoice => format!(
            "{pressed}: the audio is replayed {} time{}, then no choice",
            opt_in.replay_limit,
            if opt_in.replay_limit == 1 { "" } else { "s" }
        ),
    }
}

//! The Policy Simulator's data and form.

pub use crate::policy::{CallRequest, PartyRef};
use crate::policy::{Decision, PolicyFacts};
use serde::{Deserialize, Serialize};

/// What the Policy Simulator needs to decide in the browser: the company's settings and the
/// devices and queues it can pick from, with their own settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SimulatorData {
    pub facts: PolicyFacts,
    pub devices: Vec<crate::policy::DeviceFacts>,
    pub queues: Vec<crate::policy::QueueFacts>,
    /// More devices or queues exist than the simulator lists.
    pub truncated: bool,
}

/// The Policy Simulator's form as the address carries it (`?source=device:…&destination=…`),
/// so the page works as a plain GET form with JavaScript off and a result can be linked.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimulatorQuery {
    /// `device:<id>` or `external`.
    pub source: String,
    pub source_number: String,
    /// `device:<id>`, `queue:<id>` or `external`.
    pub destination: String,
    pub destination_number: String,
    /// `none`, `accept` or `reject`.
    pub caller_input: String,
    /// `on` when the call was forwarded or transferred.
    #[serde(default)]
    pub redirected: String,
    #[serde(default)]
    pub call_id: String,
}

/// Phone numbers are typed with spaces and dashes; the policy sees digits and a leading +.
fn normalize_number(text: &str) -> String {
    text.chars().filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '.')).collect()
}

impl SimulatorQuery {
    pub const DEFAULT_SOURCE_NUMBER: &'static str = "+44 20 7946 0000";
    pub const DEFAULT_DESTINATION_NUMBER: &'static str = "+1 555 010 0199";
    pub const DEFAULT_CALL_ID: &'static str = "sim-call-0001";

    fn party(field: &str, choice: &str, number: &str) -> Result<PartyRef, crate::policy::FieldError> {
        use crate::policy::FieldError;
        match choice.split_once(':') {
            Some(("device", id)) if !id.is_empty() => Ok(PartyRef::Device(id.to_string())),
            Some(("queue", id)) if !id.is_empty() => Ok(PartyRef::Queue(id.to_string())),
            None if choice == "external" => {
                let n = normalize_number(number);
                crate::policy::decision::check_external_number(&format!("{field}_number"), &n)?;
                Ok(PartyRef::External(n))
            }
            _ => Err(FieldError::new(field, "Choose a device, a queue or an external number.")),
        }
    }

    pub fn to_request(&self) -> Result<CallRequest, crate::policy::FieldError> {
        Ok(CallRequest {
            source: Self::party("source", &self.source, &self.source_number)?,
            destination: Self::party("destination", &self.destination, &self.destination_number)?,
            caller_input: crate::policy::CallerInput::parse(&self.caller_input).unwrap_or_default(),
            redirected: self.redirected == "on",
            call_id: Some(self.call_id.trim().to_string()).filter(|id| !id.is_empty()),
        })
    }
}

impl crate::policy::Directory for SimulatorData {
    fn device(&self, id: &str) -> Option<crate::policy::DeviceFacts> {
        self.devices.iter().find(|d| d.id == id).cloned()
    }
    fn queue(&self, id: &str) -> Option<crate::policy::QueueFacts> {
        self.queues.iter().find(|q| q.id == id).cloned()
    }
}

impl SimulatorData {
    /// The call with the facts of the chosen device or queue, as the server would load them.
    pub fn call_for(&self, request: &CallRequest) -> Result<crate::policy::Call, crate::policy::FieldError> {
        request.to_call(self)
    }

    pub fn decide(&self, request: &CallRequest) -> Result<Decision, crate::policy::FieldError> {
        Ok(crate::policy::decide(&self.facts, &self.call_for(request)?))
    }
}

#[cfg(test)]
mod tests {
    use crate::model::names::pattern_checks::agrees;
    use crate::policy::decision::check_external_number;
    use crate::policy::request::EXTERNAL_NUMBER_PATTERN;

    #[test]
    fn the_external_number_pattern_accepts_what_a_request_s_check_accepts() {
        let numbers = [
            "+15551234567",
            "201",
            " +201 ",
            "\t201\u{3000}",
            "20",
            "+",
            "++201",
            "2 01",
            "+123456789012345678901",
            "12345678901234567890",
            "２０１",
        ];
        // `CallRequest::to_call` trims the number before the check.
        agrees(EXTERNAL_NUMBER_PATTERN, &numbers, |s| check_external_number("source", s.trim()).is_ok());
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn a_request_states_its_numbers_and_no_queue_as_its_source() {
        use utoipa::PartialSchema;
        let number = serde_json::to_value(crate::policy::request::ExternalNumber::schema()).unwrap();
        assert_eq!(number["pattern"], EXTERNAL_NUMBER_PATTERN, "{number}");
        fn properties(v: &serde_json::Value, out: &mut Vec<String>) {
            if let Some(p) = v.get("properties").and_then(|p| p.as_object()) {
                out.extend(p.keys().cloned());
            }
            match v {
                serde_json::Value::Object(map) => map.values().for_each(|v| properties(v, out)),
                serde_json::Value::Array(items) => items.iter().for_each(|v| properties(v, out)),
                _ => {}
            }
        }
        let source = serde_json::to_value(crate::policy::request::CallSource::schema()).unwrap();
        let mut ends = Vec::new();
        properties(&source, &mut ends);
        ends.sort();
        assert_eq!(ends, ["device", "external"], "{source}");
    }
}

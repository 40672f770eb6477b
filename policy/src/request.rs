//! A decision request as the telephony engine and the Policy Simulator send it: the ends of
//! the call named by id. [`CallRequest::to_call`] is the one way such a request becomes the
//! model's [`Call`], on the server (ids looked up in the company's cached policy) and in the
//! browser (ids looked up in the simulator's lists), so both read a request alike.

use super::{Call, CallerInput, DeviceFacts, Endpoint, FieldError, QueueFacts};
use serde::{Deserialize, Serialize};

/// One end of a call as a request names it: ids, not facts.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[serde(deny_unknown_fields)]
pub enum PartyRef {
    Device(String),
    Queue(String),
    #[cfg_attr(feature = "openapi", schema(value_type = ExternalNumber))]
    External(String),
}

/// What an external number of a request may be, as the OpenAPI document states it: the
/// whitespace `str::trim` removes (see [`CallRequest::to_call`]), then what
/// [`super::decision::check_external_number`] accepts.
pub const EXTERNAL_NUMBER_PATTERN: &str = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*\+?[0-9]{3,20}[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$";

// For the OpenAPI document only: utoipa takes a variant's pattern only from a type of its own.
/// An external number: 3 to 20 digits, optionally after a `+`; the spaces around it are trimmed.
#[cfg(feature = "openapi")]
#[derive(utoipa::ToSchema)]
#[schema(
    pattern = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*\+?[0-9]{3,20}[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$"
)]
pub struct ExternalNumber(pub String);

// For the OpenAPI document only: `CallRequest::to_call` refuses a queue as the source, so the
// document does not offer one.
/// Where a call comes from: a device of the company or an external number (a queue takes calls,
/// it does not make them).
#[cfg(feature = "openapi")]
#[derive(utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum CallSource {
    Device(String),
    #[schema(value_type = ExternalNumber)]
    External(String),
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CallRequest {
    /// A device or an external number, never a queue.
    #[cfg_attr(feature = "openapi", schema(value_type = CallSource))]
    pub source: PartyRef,
    pub destination: PartyRef,
    #[serde(default)]
    pub caller_input: CallerInput,
    /// Forwarded or transferred to the destination.
    #[serde(default)]
    pub redirected: bool,
    /// The engine's id of the call (a queue recording a share of its calls chooses by it).
    #[serde(default)]
    pub call_id: Option<String>,
}

/// Where a request's device and queue ids are looked up.
pub trait Directory {
    fn device(&self, id: &str) -> Option<DeviceFacts>;
    fn queue(&self, id: &str) -> Option<QueueFacts>;
}

impl CallRequest {
    /// The call with the facts of the devices and queues it names. An id the directory does
    /// not know is a field error on that end; numbers are trimmed; the call is validated.
    pub fn to_call(&self, directory: &impl Directory) -> Result<Call, FieldError> {
        if let PartyRef::Queue(_) = self.source {
            return Err(FieldError::new("source", "A call comes from a device or an external number, not a queue."));
        }
        let endpoint = |field: &str, party: &PartyRef| -> Result<Endpoint, FieldError> {
            match party {
                PartyRef::External(number) => Ok(Endpoint::External(number.trim().to_string())),
                PartyRef::Device(id) => directory
                    .device(id)
                    .map(Endpoint::Device)
                    .ok_or_else(|| FieldError::new(field, "No device of this company has this id.")),
                PartyRef::Queue(id) => directory
                    .queue(id)
                    .map(Endpoint::Queue)
                    .ok_or_else(|| FieldError::new(field, "No queue of this company has this id.")),
            }
        };
        let call = Call {
            source: endpoint("source", &self.source)?,
            destination: endpoint("destination", &self.destination)?,
            caller_input: self.caller_input,
            redirected: self.redirected,
            call_id: self.call_id.clone(),
        };
        call.validate()?;
        Ok(call)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Nobody;
    impl Directory for Nobody {
        fn device(&self, _: &str) -> Option<DeviceFacts> {
            None
        }
        fn queue(&self, _: &str) -> Option<QueueFacts> {
            None
        }
    }

    fn request(source: PartyRef, destination: PartyRef) -> CallRequest {
        CallRequest { source, destination, caller_input: CallerInput::None, redirected: false, call_id: None }
    }

    #[test]
    fn numbers_are_trimmed_and_unknown_ids_are_field_errors() {
        let r = request(PartyRef::External(" +15551234567 ".into()), PartyRef::Device("nope".into()));
        assert_eq!(r.to_call(&Nobody).unwrap_err().field, "destination");
        let r = request(PartyRef::Queue("q".into()), PartyRef::External("+15551234567".into()));
        assert_eq!(r.to_call(&Nobody).unwrap_err().field, "source");
    }
}

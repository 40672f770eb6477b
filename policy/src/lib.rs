//! The recording policy model of docs/POLICY.md, written once and compiled into the server
//! and into the browser's WASM. Plain Rust: no Leptos, no I/O, no clock. Every function here
//! is a pure function of its inputs, so the browser's preview and the server's answer agree.

pub mod call_treatment;
pub mod contact_center;
pub mod decision;
pub mod force;
pub mod impact;
pub mod matrix;
pub mod mode;
pub mod object;
pub mod opt_in;
pub mod request;
pub mod retention;
pub mod storage;
pub mod treatment;
pub mod validation;

pub use decision::{
    decide, Call, CallTreatment, Decision, DeviceFacts, Endpoint, PolicyFacts, QueueFacts, TraceStep, UserFacts,
};
pub use force::{ForceRecord, OnDemand};
pub use matrix::{Direction, Matrix, Network, Override, PerNetwork};
pub use mode::{Effective, Mode, ModeLevels, Resolved, SystemMode};
pub use opt_in::{CallerChoice, CallerInput, DtmfKey, OptIn, OptInAudio};
pub use request::{CallRequest, Directory, PartyRef};
pub use validation::{FieldError, Validation};

use serde::{Deserialize, Serialize};

/// The levels a setting can be made at, as the pages name them.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    System,
    Reseller,
    Company,
    User,
    Device,
    Queue,
}

impl Level {
    pub fn label(self) -> &'static str {
        match self {
            Level::System => "system",
            Level::Reseller => "reseller",
            Level::Company => "company",
            Level::User => "user",
            Level::Device => "device",
            Level::Queue => "queue",
        }
    }
}

/// Where a value was set: the level and the object, named so a trace can be read.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    pub level: Level,
    /// Empty for the system level.
    pub id: String,
    pub name: String,
}

impl Origin {
    pub fn system() -> Origin {
        Origin { level: Level::System, id: String::new(), name: String::new() }
    }

    pub fn new(level: Level, id: impl Into<String>, name: impl Into<String>) -> Origin {
        Origin { level, id: id.into(), name: name.into() }
    }

    /// `company <id>`, the form the decision API gives.
    pub fn reference(&self) -> String {
        if self.level == Level::System {
            "system".into()
        } else {
            format!("{} {}", self.level.label(), self.id)
        }
    }

    /// `reseller 'Acme Telecom'`, the form the pages show.
    pub fn describe(&self) -> String {
        if self.level == Level::System {
            "the system".into()
        } else {
            format!("{} '{}'", self.level.label(), self.name)
        }
    }
}

/// The call-recording licence of a company.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Licence {
    pub licensed: bool,
    pub seats: u32,
}

impl Licence {
    /// Seats are a hard limit: assigning more than the licence holds is refused.
    pub fn check_seats(&self, assigned: u32) -> Result<(), FieldError> {
        if !self.licensed && assigned > 0 {
            return Err(FieldError::new(
                "seat",
                "This company has no call-recording licence, so no seat can be assigned.",
            ));
        }
        if assigned > self.seats {
            return Err(FieldError::new(
                "seat",
                format!(
                    "All {} seat{} of the licence are in use. Free a seat or ask your reseller for more.",
                    self.seats,
                    if self.seats == 1 { "" } else { "s" }
                ),
            ));
        }
        Ok(())
    }

    pub fn validate(&self, assigned: u32) -> Validation {
        let mut v = Validation::default();
        if self.seats > 100_000 {
            v.push("seats", "Seats must be at most 100000.");
        } else if self.licensed && assigned > self.seats {
            v.push(
                "seats",
                format!("{assigned} users hold a seat; unassign seats before lowering the licence below {assigned}."),
            );
        }
        v
    }
}

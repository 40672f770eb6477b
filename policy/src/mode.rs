//! Layer 1: recording mode and outbound recording, set at system, reseller and company
//! level, where Default means "as the level above".

use super::{FieldError, Level, Origin};
use serde::{Deserialize, Serialize};

/// A reseller's or a company's own value.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    #[default]
    Default,
    Off,
    On,
}

impl Mode {
    pub const ALL: [Mode; 3] = [Mode::Default, Mode::Off, Mode::On];

    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Default => "default",
            Mode::Off => "off",
            Mode::On => "on",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Mode::Default => "Default",
            Mode::Off => "Off",
            Mode::On => "On",
        }
    }

    pub fn parse(field: &str, text: &str) -> Result<Mode, FieldError> {
        match text {
            "default" => Ok(Mode::Default),
            "off" => Ok(Mode::Off),
            "on" => Ok(Mode::On),
            _ => Err(FieldError::new(field, "Choose Default, Off or On.")),
        }
    }
}

/// The system level has no Default: it is where the chain ends.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SystemMode {
    #[default]
    Off,
    On,
}

impl SystemMode {
    pub fn as_str(self) -> &'static str {
        match self {
            SystemMode::Off => "off",
            SystemMode::On => "on",
        }
    }

    pub fn parse(field: &str, text: &str) -> Result<SystemMode, FieldError> {
        match text {
            "off" => Ok(SystemMode::Off),
            "on" => Ok(SystemMode::On),
            "default" => Err(FieldError::new(field, "The system level has no default above it: choose Off or On.")),
            _ => Err(FieldError::new(field, "Choose Off or On.")),
        }
    }

    pub fn is_on(self) -> bool {
        self == SystemMode::On
    }
}

/// One setting (recording mode, or outbound recording) at the three levels, with the
/// objects it was set on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModeLevels {
    pub system: SystemMode,
    pub reseller: Mode,
    pub company: Mode,
    pub reseller_origin: Origin,
    pub company_origin: Origin,
}

/// The effective value and where it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resolved {
    pub on: bool,
    pub from: Origin,
}

impl ModeLevels {
    /// The first value that is not Default, looking at the company, then its reseller, then
    /// the system.
    pub fn resolve(&self) -> Resolved {
        match (self.company, self.reseller) {
            (Mode::On, _) => Resolved { on: true, from: self.company_origin.clone() },
            (Mode::Off, _) => Resolved { on: false, from: self.company_origin.clone() },
            (Mode::Default, Mode::On) => Resolved { on: true, from: self.reseller_origin.clone() },
            (Mode::Default, Mode::Off) => Resolved { on: false, from: self.reseller_origin.clone() },
            (Mode::Default, Mode::Default) => Resolved { on: self.system.is_on(), from: Origin::system() },
        }
    }

    /// What the reseller's companies inherit when they say Default.
    pub fn resolve_for_reseller(&self) -> Resolved {
        ModeLevels { company: Mode::Default, ..self.clone() }.resolve()
    }
}

impl Resolved {
    /// "On, inherited from reseller 'Acme Telecom'" or "Off, set on this company".
    pub fn describe(&self, here: Level) -> String {
        let value = if self.on { "On" } else { "Off" };
        if self.from.level == here {
            format!("{value}, set here")
        } else {
            format!("{value}, inherited from {}", self.from.describe())
        }
    }
}

/// What the API shows as `effective`: the value and where it came from.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Effective {
    pub mode: SystemMode,
    pub from: Level,
    pub from_id: Option<String>,
    pub from_name: Option<String>,
}

impl From<&Resolved> for Effective {
    fn from(r: &Resolved) -> Effective {
        let system = r.from.level == Level::System;
        Effective {
            mode: if r.on { SystemMode::On } else { SystemMode::Off },
            from: r.from.level,
            from_id: (!system).then(|| r.from.id.clone()),
            from_name: (!system).then(|| r.from.name.clone()),
        }
    }
}

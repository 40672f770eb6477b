//! An override matrix as a dialog posts it, and what its save changed.

pub use crate::policy::{CallRequest, PartyRef};
use crate::policy::{Matrix, Override};
use serde::{Deserialize, Serialize};

/// The override dialog as a browser posts it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OverrideForm {
    pub version: i64,
    /// The Override toggle: off means every cell is Inherit ("Account default").
    #[serde(default)]
    pub override_enabled: Option<String>,
    #[serde(default)]
    pub inbound_onnet: String,
    #[serde(default)]
    pub inbound_offnet: String,
    #[serde(default)]
    pub outbound_onnet: String,
    #[serde(default)]
    pub outbound_offnet: String,
    #[serde(default)]
    pub seat: Option<String>,
}

impl OverrideForm {
    pub fn overrides(&self) -> Matrix<Override> {
        if self.override_enabled.is_none() {
            return Matrix::default();
        }
        let cell = |v: &str| Override::parse(v).unwrap_or_default();
        Matrix {
            inbound: crate::policy::PerNetwork { onnet: cell(&self.inbound_onnet), offnet: cell(&self.inbound_offnet) },
            outbound: crate::policy::PerNetwork {
                onnet: cell(&self.outbound_onnet),
                offnet: cell(&self.outbound_offnet),
            },
        }
    }
}

/// What a save did: the stored user, and what changes for their calls, in words.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedOverride {
    pub version: i64,
    pub impact: Vec<String>,
}

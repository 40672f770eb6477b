//! Devices as the API and the Devices page read and write them.

pub use crate::policy::{CallRequest, PartyRef};
use crate::policy::{Matrix, Override};
use serde::{Deserialize, Serialize};

#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeviceView {
    pub id: String,
    pub name: String,
    pub owner: Option<String>,
    #[serde(rename = "override")]
    pub overrides: Matrix<Override>,
    /// The PBX's own id for this device (provisioning), unique in the company.
    #[serde(default)]
    pub external_id: Option<String>,
    pub version: i64,
}

/// One device of the Devices page (or its dialog), with its owner's settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeviceRow {
    pub facts: crate::policy::DeviceFacts,
    pub version: i64,
}

pub const DEVICES_PER_PAGE: i64 = 50;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DevicesPage {
    pub company: String,
    pub licensed: bool,
    pub can_modify: bool,
    pub all_users: Matrix<bool>,
    pub rows: Vec<DeviceRow>,
    pub total: i64,
    pub page: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeviceEditor {
    pub device: DeviceRow,
    pub all_users: Matrix<bool>,
    pub licensed: bool,
    pub can_modify: bool,
}

/// `POST /companies/{c}/devices`: a device as a read returns it, but for what the server
/// assigns (its id and version).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewDevice {
    #[cfg_attr(feature = "ssr", schema(schema_with = crate::model::names::name_schema))]
    pub name: String,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default, rename = "override")]
    #[serde(deserialize_with = "crate::policy::object::object")]
    pub overrides: Matrix<Override>,
    /// The PBX's own id for this device, unique in the company.
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(pattern = "^[A-Za-z0-9._:@+-]+$", min_length = 1, max_length = 128))]
    pub external_id: Option<String>,
}

impl NewDevice {
    pub fn validate(&self) -> crate::policy::Validation {
        let mut v = crate::policy::Validation::default();
        v.check(super::names::check_name("name", &self.name));
        if let Some(x) = &self.external_id {
            v.check(super::provisioning::check_external_id(x));
        }
        v
    }
}

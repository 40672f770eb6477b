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

/// `POST /companies/{c}/devices`.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewDevice {
    pub name: String,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default, rename = "override")]
    pub overrides: Matrix<Override>,
}

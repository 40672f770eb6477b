//! Account force record as the API and its page read and write it.

use crate::policy::ForceRecord;
pub use crate::policy::{CallRequest, PartyRef};
use serde::{Deserialize, Serialize};

#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ForceRecordView {
    #[serde(flatten)]
    pub force: ForceRecord,
    pub version: i64,
}

/// The Account Force Record page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ForceRecordPage {
    pub company: String,
    pub licensed: bool,
    /// The signed-in administrator holds Recording Policy: Modify (the server checks again).
    pub can_modify: bool,
    pub current: ForceRecordView,
}

/// The Account Force Record form as a browser posts it: checkboxes are present when ticked.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ForceRecordForm {
    pub version: i64,
    #[serde(default)]
    pub all_users_inbound_onnet: Option<String>,
    #[serde(default)]
    pub all_users_inbound_offnet: Option<String>,
    #[serde(default)]
    pub all_users_outbound_onnet: Option<String>,
    #[serde(default)]
    pub all_users_outbound_offnet: Option<String>,
    #[serde(default)]
    pub entire_account_inbound_onnet: Option<String>,
    #[serde(default)]
    pub entire_account_inbound_offnet: Option<String>,
    #[serde(default)]
    pub entire_account_outbound_onnet: Option<String>,
    #[serde(default)]
    pub entire_account_outbound_offnet: Option<String>,
    #[serde(default)]
    pub on_demand_enabled: Option<String>,
    #[serde(default)]
    pub on_demand_code: String,
}

impl ForceRecordForm {
    /// The form field of one switch, e.g. `form[entire_account_inbound_offnet]`.
    pub fn cell_name(matrix: &str, direction: crate::policy::Direction, network: crate::policy::Network) -> String {
        format!("form[{matrix}_{}]", crate::policy::matrix::cell_key(direction, network))
    }

    pub fn to_force(&self) -> ForceRecord {
        use crate::policy::{Matrix, OnDemand, PerNetwork};
        let on = |v: &Option<String>| v.is_some();
        ForceRecord {
            all_users: Matrix {
                inbound: PerNetwork {
                    onnet: on(&self.all_users_inbound_onnet),
                    offnet: on(&self.all_users_inbound_offnet),
                },
                outbound: PerNetwork {
                    onnet: on(&self.all_users_outbound_onnet),
                    offnet: on(&self.all_users_outbound_offnet),
                },
            },
            entire_account: Matrix {
                inbound: PerNetwork {
                    onnet: on(&self.entire_account_inbound_onnet),
                    offnet: on(&self.entire_account_inbound_offnet),
                },
                outbound: PerNetwork {
                    onnet: on(&self.entire_account_outbound_onnet),
                    offnet: on(&self.entire_account_outbound_offnet),
                },
            },
            on_demand: OnDemand { enabled: on(&self.on_demand_enabled), code: self.on_demand_code.trim().to_string() },
        }
    }
}

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

#[cfg(test)]
mod tests {
    use crate::model::names::pattern_checks::agrees;
    use crate::policy::force::{ON_DEMAND_CODE_OR_NONE_PATTERN, ON_DEMAND_CODE_PATTERN};
    use crate::policy::{ForceRecord, OnDemand};

    fn accepted(enabled: bool, code: &str) -> bool {
        let force = ForceRecord { on_demand: OnDemand { enabled, code: code.into() }, ..ForceRecord::default() };
        force.validate(&[]).is_ok()
    }

    #[test]
    fn the_on_demand_patterns_accept_what_the_force_record_check_accepts() {
        let codes = [
            "", " ", "*9", " *9\t", "*0", "*1234", "*12345", "*4", "*7", "*40", "*46", "*44", "*45", "*440", "*70",
            "*74", "*72", "*79", "*790", "*", "9", "**9", "*９",
        ];
        agrees(ON_DEMAND_CODE_PATTERN, &codes, |s| accepted(true, s));
        agrees(ON_DEMAND_CODE_OR_NONE_PATTERN, &codes, |s| accepted(false, s));
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_on_demand_schema_is_one_object_for_on_and_one_for_off() {
        let schema = serde_json::to_value(<OnDemand as utoipa::PartialSchema>::schema()).unwrap();
        let variants = schema["oneOf"].as_array().unwrap_or_else(|| panic!("{schema}"));
        let of = |enabled: bool| {
            let variant = variants.iter().find(|v| v["properties"]["enabled"]["enum"][0] == enabled);
            variant.unwrap_or_else(|| panic!("{schema}"))
        };
        assert_eq!(of(true)["properties"]["code"]["pattern"], ON_DEMAND_CODE_PATTERN);
        assert_eq!(of(false)["properties"]["code"]["pattern"], ON_DEMAND_CODE_OR_NONE_PATTERN);
        assert_eq!(of(true)["required"], serde_json::json!(["enabled", "code"]));
    }
}

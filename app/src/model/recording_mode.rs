//! The recording mode as the API and the pages read and write it.

pub use crate::policy::{CallRequest, PartyRef};
use crate::policy::{Effective, Mode, SystemMode};
use serde::{Deserialize, Serialize};

/// `GET /companies/{c}/recording-mode` (and the reseller level).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecordingModeView {
    pub mode: Mode,
    pub outbound: Mode,
    pub effective: Effective,
    pub outbound_effective: Effective,
    pub version: i64,
}

#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SystemModeView {
    pub mode: SystemMode,
    pub outbound: SystemMode,
    pub version: i64,
}

/// One company as a recording-mode page previews it: its own levels of both settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompanyModes {
    pub name: String,
    pub recording: crate::policy::ModeLevels,
    pub outbound: crate::policy::ModeLevels,
}

/// The recording mode page of the system, a reseller or a company.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModePage {
    pub level: crate::policy::Level,
    pub id: String,
    pub name: String,
    /// This level's own values: `default`/`off`/`on` (the system has no `default`).
    pub mode: String,
    pub outbound: String,
    pub version: i64,
    pub can_modify: bool,
    /// The companies this level reaches (one, for a company page).
    pub companies: Vec<CompanyModes>,
}

impl ModePage {
    /// The companies' levels with this page's values changed to `mode` and `outbound`.
    pub fn with_values(&self, mode: &str, outbound: &str) -> Vec<CompanyModes> {
        use crate::policy::{Level, Mode, SystemMode};
        let apply = |levels: &mut crate::policy::ModeLevels, value: &str| match self.level {
            Level::System => levels.system = SystemMode::parse("mode", value).unwrap_or(levels.system),
            Level::Reseller => levels.reseller = Mode::parse("mode", value).unwrap_or(levels.reseller),
            _ => levels.company = Mode::parse("mode", value).unwrap_or(levels.company),
        };
        self.companies
            .iter()
            .cloned()
            .map(|mut c| {
                apply(&mut c.recording, mode);
                apply(&mut c.outbound, outbound);
                c
            })
            .collect()
    }

    /// What saving `mode` and `outbound` would do to the companies below, in sentences.
    pub fn impact(&self, mode: &str, outbound: &str) -> Vec<String> {
        let after = self.with_values(mode, outbound);
        let changed = |pick: fn(&CompanyModes) -> &crate::policy::ModeLevels| {
            self.companies.iter().zip(&after).filter(|(b, a)| pick(b).resolve().on != pick(a).resolve().on).count()
        };
        let total = self.companies.len();
        let line = |n: usize, what: &str| {
            if total == 1 {
                let now = if n == 1 { "changes" } else { "does not change" };
                format!("After saving, the company's effective {what} {now}.")
            } else {
                format!("After saving, {n} of {total} companies change their effective {what}.")
            }
        };
        vec![line(changed(|c| &c.recording), "recording mode"), line(changed(|c| &c.outbound), "outbound recording")]
    }
}

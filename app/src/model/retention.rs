//! Retention as the API and the pages read and write it.

use crate::policy::retention::RetentionResolved;
use crate::policy::Level;
use serde::{Deserialize, Serialize};

/// The period that applies and where it was set.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EffectiveRetention {
    pub days: u32,
    pub from: Level,
    pub from_id: Option<String>,
    pub from_name: Option<String>,
}

impl From<&RetentionResolved> for EffectiveRetention {
    fn from(r: &RetentionResolved) -> EffectiveRetention {
        let system = r.from.level == Level::System;
        EffectiveRetention {
            days: r.days,
            from: r.from.level,
            from_id: (!system).then(|| r.from.id.clone()),
            from_name: (!system).then(|| r.from.name.clone()),
        }
    }
}

/// `GET /companies/{c}/retention` (and the reseller and system levels).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RetentionView {
    /// This level's own period in days; `null`: Default, the level above's (never at the
    /// system level).
    pub days: Option<u32>,
    /// What applies here: for a company, its period; for a reseller, what its companies
    /// inherit; for the system, its own.
    pub effective: EffectiveRetention,
    /// The recordings the next purge deletes under this level's period (or, with the
    /// `days` parameter, under that period instead), legal holds left out. Null for a viewer
    /// who may read the period but not count what it covers (a team-limited administrator;
    /// at the system level, anyone outside the platform).
    pub next_purge: Option<u64>,
    pub version: i64,
}

/// The Retention page of the system, a reseller or a company.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RetentionPage {
    pub level: Level,
    pub id: String,
    pub name: String,
    /// This level's own value as the form shows it: `default` or a number of days.
    pub days: String,
    /// "1 year (365 days), inherited from the system".
    pub effective: String,
    /// None: not counted for this viewer.
    pub next_purge: Option<u64>,
    pub version: i64,
    pub can_modify: bool,
}

/// What the next purge would delete if the period were changed to the one asked about.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PurgePreview {
    pub recordings: u64,
    /// How many companies those recordings belong to.
    pub companies: u64,
}

impl PurgePreview {
    /// The sentence the page shows before saving.
    pub fn sentence(&self) -> String {
        match (self.recordings, self.companies) {
            (0, _) => "The next purge would delete no recordings.".into(),
            (1, _) => "The next purge would delete 1 recording.".into(),
            (n, 1) => format!("The next purge would delete {n} recordings."),
            (n, c) => format!("The next purge would delete {n} recordings of {c} companies."),
        }
    }
}

/// The address of the Retention page of `level` (`system`, `reseller`, `company`) and `id`.
pub fn page_path(level: &str, id: &str) -> String {
    match level {
        "system" => "/system/retention".into(),
        "reseller" => format!("/resellers/{id}/retention"),
        _ => format!("/c/{id}/retention"),
    }
}

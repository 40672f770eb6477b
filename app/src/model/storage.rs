//! The company's storage settings as the API and the Storage page read and write them.

use crate::policy::storage::{StorageForm, StorageSettings};
use serde::{Deserialize, Serialize};

/// `GET /companies/{c}/storage`: where the company's new recordings go and how they are kept.
/// The account's secret is never read back.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StorageView {
    pub storage: StorageSettings,
    pub version: i64,
    /// Whether the platform keeps recordings for companies without an account of their own.
    pub platform_storage: bool,
    /// When the account in use was saved, and by whom; none: the platform's storage.
    pub account_saved_at: Option<String>,
    pub account_saved_by: Option<String>,
}

/// `PUT /companies/{c}/storage`: the settings over the version read. An account is tried with
/// a write, a read and a delete of a probe object before it is saved.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StorageUpdate {
    pub storage: StorageSettings,
    pub version: i64,
}

/// The Storage page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoragePage {
    pub form: StorageForm,
    pub view: StorageView,
    pub can_modify: bool,
    /// Whether the server can keep an account's secret (`EARMARK_SECRET_KEY` is set).
    pub can_seal: bool,
}

/// What a check of the company's storage found (the same check as `earmark check-storage`):
/// up to [`CHECK_LINES`] lines of each kind, with the counts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StorageCheck {
    /// What the storage is called, e.g. `s3://bucket/prefix`.
    pub storage: String,
    pub rows: u64,
    pub objects: u64,
    pub missing: Vec<CheckLine>,
    pub missing_count: usize,
    pub differ: Vec<CheckLine>,
    pub differ_count: usize,
    pub orphans: Vec<CheckLine>,
    pub orphan_count: usize,
}

pub const CHECK_LINES: usize = 50;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckLine {
    pub recording: Option<String>,
    pub key: String,
    pub what: String,
}

impl StorageCheck {
    pub fn is_clean(&self) -> bool {
        self.missing_count + self.differ_count + self.orphan_count == 0
    }
}

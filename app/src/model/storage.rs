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

//! TODO remove

#[allow(unused_imports)]
use super::*;
use crate::access::Section;
pub use crate::policy::{CallRequest, PartyRef};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueueItem {
    pub id: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserItem {
    pub id: String,
    pub name: String,
    pub extension: String,
    pub team: Option<String>,
    pub seat: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeviceItem {
    pub id: String,
    pub name: String,
    pub owner: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditItem {
    pub id: i64,
    pub at: String,
    pub actor: Option<String>,
    pub action: String,
    pub outcome: String,
    pub detail: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminItem {
    pub id: String,
    pub email: String,
    pub name: String,
    pub role: String,
    pub disabled: bool,
    pub last_login_at: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum SectionRows {
    Queues(Vec<QueueItem>),
    Users(Vec<UserItem>),
    Devices(Vec<DeviceItem>),
    AuditLog(Vec<AuditItem>),
    Administrators(Vec<AdminItem>),
    /// A page whose settings arrive with the recording-policy work: nothing stored yet.
    Pending,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SectionPage {
    pub company: CompanyRef,
    pub section: Section,
    pub rows: SectionRows,
    /// More rows exist than the page shows.
    pub truncated: bool,
}

/// At most this many rows on a section page until paging arrives with each page's issue.
pub const SECTION_ROWS: usize = 200;

//! The shapes server functions return to pages: plain data, the same in WASM and on the
//! server.

use crate::access::{Privileges, Section};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompanyRef {
    pub id: String,
    pub name: String,
    pub reseller_id: String,
    pub reseller_name: String,
}

/// The signed-in administrator as the shell shows them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Me {
    pub name: String,
    pub email: String,
    pub role: String,
    /// "Platform", "Reseller Acme Telecom", "Northwind Traders".
    pub scope_label: String,
    pub privileges: Privileges,
    /// The companies this administrator may reach; more than one shows the tenant picker.
    pub companies: Vec<CompanyRef>,
}

impl Me {
    pub fn company(&self, id: &str) -> Option<&CompanyRef> {
        self.companies.iter().find(|c| c.id == id)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompanyOverview {
    pub company: CompanyRef,
    pub licensed: bool,
    pub seats: i64,
    pub seats_used: i64,
    pub queues: i64,
    pub users: i64,
    pub devices: i64,
    pub teams: i64,
}

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

//! The signed-in administrator and the company overview, as the shell and start page show them.

use crate::access::Privileges;
pub use crate::policy::{CallRequest, PartyRef};
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
    /// An administrator set the password: the shell points to the account page.
    #[serde(default)]
    pub must_change_password: bool,
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
    /// Whether new recordings have somewhere to go: the company's own storage account or the
    /// platform's storage.
    pub has_storage: bool,
}

//! Roles: the built-in ones and the custom roles an administrator makes of privileges they
//! hold, as the Roles page and the server see them.

use super::administrators::Choice;
use crate::policy::FieldError;
use serde::{Deserialize, Serialize};

/// A custom role: a name and the privileges (keys) it holds.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RoleInput {
    pub name: String,
    pub privileges: Vec<String>,
}

impl RoleInput {
    pub fn validate(&self) -> Result<(String, crate::access::Privileges), FieldError> {
        let name = crate::model::names::checked_name("name", &self.name, 60, "role name")?;
        let name = name.as_str();
        let mut privileges = crate::access::Privileges::NONE;
        for key in self.privileges.iter().filter(|k| !k.is_empty()) {
            let p = crate::access::Privilege::from_key(key)
                .ok_or_else(|| FieldError::new("privileges", format!("'{key}' is not a privilege.")))?;
            privileges = privileges.with(p);
        }
        if privileges.iter().next().is_none() {
            return Err(FieldError::new("privileges", "Choose at least one privilege."));
        }
        Ok((name.to_string(), privileges))
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoleView {
    pub id: String,
    pub name: String,
    pub builtin: bool,
    /// Where a custom role was made: "Platform", "Acme Telecom", "Northwind Traders".
    pub owner: String,
    pub privileges: Vec<String>,
    pub in_use: i64,
    pub can_delete: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RolesPage {
    pub roles: Vec<RoleView>,
    /// The privileges the viewer holds: a custom role is made of these only.
    pub grantable: Vec<Choice>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_need_a_name_and_a_privilege() {
        assert_eq!(RoleInput { name: " ".into(), privileges: vec![] }.validate().unwrap_err().field, "name");
        assert_eq!(RoleInput { name: "Night".into(), privileges: vec![] }.validate().unwrap_err().field, "privileges");
        assert_eq!(
            RoleInput { name: "Night".into(), privileges: vec!["nope".into()] }.validate().unwrap_err().field,
            "privileges"
        );
        let (name, p) =
            RoleInput { name: " Night ".into(), privileges: vec!["queues.view".into()] }.validate().unwrap();
        assert_eq!(name, "Night");
        assert!(p.has(crate::access::Privilege::QueuesView));
    }
}

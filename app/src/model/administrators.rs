//! Administrators: the shapes the Administrators page and the server share, and the
//! validation both run (e-mail, name, first password, role, scope and teams), so the message
//! next to a field is the one the server would give.

use crate::policy::FieldError;
use serde::{Deserialize, Serialize};

/// Passwords shorter than this are refused (NIST SP 800-63B asks at least 8; we ask more
/// because administrators reach recordings of calls).
pub const MIN_PASSWORD: usize = 12;
const MAX_PASSWORD: usize = 256;

pub fn check_email(email: &str) -> Result<String, FieldError> {
    crate::policy::validation::check_email("email", email)
}

pub fn check_name(name: &str) -> Result<String, FieldError> {
    super::names::checked_name("name", name, 100, "name")
}

/// The rules a new password meets that need no list: its length, and not the e-mail. The
/// server also checks it against the bundled list of common passwords.
pub fn check_new_password(password: &str, confirm: &str, email: &str) -> Result<(), FieldError> {
    let n = password.chars().count();
    if n < MIN_PASSWORD {
        return Err(FieldError::new("password", format!("Use at least {MIN_PASSWORD} characters ({n} now).")));
    }
    if n > MAX_PASSWORD {
        return Err(FieldError::new("password", format!("Use at most {MAX_PASSWORD} characters.")));
    }
    if password.trim().eq_ignore_ascii_case(email.trim()) {
        return Err(FieldError::new("password", "The password cannot be the e-mail address."));
    }
    if password != confirm {
        return Err(FieldError::new("confirm", "The two passwords differ."));
    }
    Ok(())
}

/// Where an administrator's authority reaches, as a form sends it: `platform`,
/// `reseller:<id>` or `company:<id>`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ScopeChoice {
    Platform,
    Reseller(String),
    Company(String),
}

impl ScopeChoice {
    pub fn parse(text: &str) -> Result<ScopeChoice, FieldError> {
        match text.trim().split_once(':') {
            None if text.trim() == "platform" => Ok(ScopeChoice::Platform),
            Some(("reseller", id)) if !id.is_empty() => Ok(ScopeChoice::Reseller(id.to_string())),
            Some(("company", id)) if !id.is_empty() => Ok(ScopeChoice::Company(id.to_string())),
            _ => Err(FieldError::new("scope", "Choose where this administrator's authority reaches.")),
        }
    }

    pub fn value(&self) -> String {
        match self {
            ScopeChoice::Platform => "platform".into(),
            ScopeChoice::Reseller(id) => format!("reseller:{id}"),
            ScopeChoice::Company(id) => format!("company:{id}"),
        }
    }
}

/// The administrator form: a new login, or the changes to one. A field left out is empty.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AdminInput {
    pub email: String,
    pub name: String,
    pub role: String,
    pub scope: String,
    /// Teams of the scope's company that a supervisor is limited to; none: the whole company.
    pub teams: Vec<String>,
}

/// The form after validation.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedAdmin {
    pub email: String,
    pub name: String,
    pub role: String,
    pub scope: ScopeChoice,
    pub teams: Vec<String>,
}

impl AdminInput {
    pub fn validate(&self) -> Result<CheckedAdmin, FieldError> {
        let email = check_email(&self.email)?;
        let name = check_name(&self.name)?;
        if self.role.trim().is_empty() {
            return Err(FieldError::new("role", "Choose a role."));
        }
        let scope = ScopeChoice::parse(&self.scope)?;
        let teams: Vec<String> = self.teams.iter().filter(|t| !t.is_empty()).cloned().collect();
        if !teams.is_empty() && !matches!(scope, ScopeChoice::Company(_)) {
            return Err(FieldError::new("teams", "Only an administrator of one company can be limited to teams."));
        }
        Ok(CheckedAdmin { email, name, role: self.role.trim().to_string(), scope, teams })
    }
}

/// A choice in a form's list: the value sent and the text shown.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminView {
    pub id: String,
    pub email: String,
    pub name: String,
    pub role: String,
    /// "Platform", "Reseller Acme Telecom", "Northwind Traders (Acme Telecom)".
    pub scope: String,
    pub teams: Option<String>,
    pub disabled: bool,
    pub must_change_password: bool,
    pub last_login_at: Option<String>,
}

/// A team a supervisor can be limited to, with its company's scope value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TeamChoice {
    pub id: String,
    pub label: String,
    pub scope: String,
}

/// The administrators page: who is listed, and what the viewer may hand out.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminsPage {
    pub admins: Vec<AdminView>,
    pub truncated: bool,
    pub roles: Vec<Choice>,
    pub scopes: Vec<Choice>,
    pub teams: Vec<TeamChoice>,
}

/// One administrator opened for change.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminEditor {
    pub admin: AdminView,
    pub role: String,
    pub scope: String,
    pub teams: Vec<String>,
    pub version: i64,
    pub is_self: bool,
    pub roles: Vec<Choice>,
    pub scopes: Vec<Choice>,
    pub team_choices: Vec<TeamChoice>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_checked_and_normalised() {
        assert_eq!(check_email(" Ann@Example.COM ").unwrap(), "ann@example.com");
        for bad in ["", "ann", "ann@", "@example.com", "ann@example", "an n@example.com", "a@b@c.com", "a@.com"] {
            assert_eq!(check_email(bad).unwrap_err().field, "email", "{bad}");
        }
    }

    #[test]
    fn passwords_need_length_not_the_email_and_the_same_twice() {
        let e = check_new_password("short", "short", "a@b.com").unwrap_err();
        assert!(e.message.contains("at least 12"), "{}", e.message);
        let e = check_new_password("ann@example.com", "ann@example.com", "Ann@Example.com").unwrap_err();
        assert!(e.message.contains("e-mail"));
        assert_eq!(
            check_new_password("correct horse battery", "correct horse batery", "a@b.com").unwrap_err().field,
            "confirm"
        );
        assert!(check_new_password("correct horse battery", "correct horse battery", "a@b.com").is_ok());
        // Counted in characters, not bytes.
        assert!(check_new_password("ééééééééééé", "ééééééééééé", "a@b.com").is_err());
    }

    #[test]
    fn scopes_round_trip() {
        for s in [ScopeChoice::Platform, ScopeChoice::Reseller("r1".into()), ScopeChoice::Company("c1".into())] {
            assert_eq!(ScopeChoice::parse(&s.value()).unwrap(), s);
        }
        assert!(ScopeChoice::parse("company:").is_err());
        assert!(ScopeChoice::parse("galaxy:1").is_err());
    }

    #[test]
    fn teams_only_for_a_company_scope() {
        let input = AdminInput {
            email: "s@x.com".into(),
            name: "S".into(),
            role: "role-supervisor".into(),
            scope: "reseller:r".into(),
            teams: vec!["t".into()],
        };
        assert_eq!(input.validate().unwrap_err().field, "teams");
        let ok = AdminInput { scope: "company:c".into(), ..input };
        assert_eq!(ok.validate().unwrap().teams, vec!["t".to_string()]);
    }
}

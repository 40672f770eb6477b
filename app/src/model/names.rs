//! The names every object of the portal carries.

pub use crate::policy::{CallRequest, PartyRef};

/// A name as the pages show it: 1 to 100 characters, no surrounding spaces.
pub fn check_name(field: &str, name: &str) -> Result<(), crate::policy::FieldError> {
    let n = name.trim().chars().count();
    if n == 0 || n > 100 {
        Err(crate::policy::FieldError::new(field, "Enter a name of 1 to 100 characters."))
    } else {
        Ok(())
    }
}

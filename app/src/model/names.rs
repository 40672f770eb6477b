//! The names every object of the portal carries.

pub use crate::policy::{CallRequest, PartyRef};

use crate::policy::FieldError;

/// A name as the pages show it: 1 to 100 characters, no surrounding spaces.
pub fn check_name(field: &str, name: &str) -> Result<(), FieldError> {
    checked_name(field, name, 100, "name").map(|_| ())
}

/// A name trimmed, of 1 to `max` characters, none of them a control character or one that
/// hides or reorders text (zero-width, bidirectional overrides): what a page would show
/// differently from what is stored, or a log line split in two.
pub fn checked_name(field: &str, name: &str, max: usize, what: &str) -> Result<String, FieldError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > max {
        return Err(FieldError::new(field, format!("Enter a {what} of 1 to {max} characters.")));
    }
    if !printable(name) {
        return Err(FieldError::new(field, format!("A {what} cannot hold control or invisible characters.")));
    }
    Ok(name.to_string())
}

/// No control character, and none that hides or reorders the text around it.
pub fn printable(text: &str) -> bool {
    !text.chars().any(|c| {
        c.is_control()
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_refuse_what_hides_or_splits_text() {
        assert_eq!(checked_name("name", "  Sales  ", 100, "name").unwrap(), "Sales");
        for bad in ["Sales\u{7}", "Sa\nles", "\u{202E}selaS", "Sa\u{200B}les", "\u{FEFF}Sales"] {
            assert_eq!(
                checked_name("name", bad, 100, "name").unwrap_err().message,
                "A name cannot hold control or invisible characters.",
                "{bad:?}"
            );
        }
        assert_eq!(
            checked_name("name", " ", 60, "team name").unwrap_err().message,
            "Enter a team name of 1 to 60 characters."
        );
        assert!(checked_name("name", "Müller & Søn – Ñandú 日本", 100, "name").is_ok());
    }
}

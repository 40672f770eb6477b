//! The names every object of the portal carries.

pub use crate::policy::{CallRequest, PartyRef};

use crate::policy::FieldError;

/// What [`check_name`] accepts, as the OpenAPI document states it (see [`name_schema`]). Built as
/// the check reads a name: whitespace that `str::trim` removes on either side, then a character
/// that is neither whitespace nor refused by [`printable`], up to 98 that [`printable`] accepts,
/// and another such edge character. The classes are spelled out, since `\s` means a different
/// set in each of ECMAScript, Python and Rust, and `\p{..}` is not in ECMAScript without its
/// `u` flag; the counts are of characters (code points), as `chars().count()` counts them.
pub const NAME_PATTERN: &str = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[^\x00-\x20\x7F-\xA0\u1680\u2000-\u200F\u2028-\u202F\u205F-\u2069\u3000\uFEFF](?:[^\x00-\x1F\x7F-\x9F\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]{0,98}[^\x00-\x20\x7F-\xA0\u1680\u2000-\u200F\u2028-\u202F\u205F-\u2069\u3000\uFEFF])?[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$";

/// [`NAME_PATTERN`] for a team's name, of 1 to 60 characters ([`crate::model::teams::check_team_name`]).
pub const TEAM_NAME_PATTERN: &str = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[^\x00-\x20\x7F-\xA0\u1680\u2000-\u200F\u2028-\u202F\u205F-\u2069\u3000\uFEFF](?:[^\x00-\x1F\x7F-\x9F\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]{0,58}[^\x00-\x20\x7F-\xA0\u1680\u2000-\u200F\u2028-\u202F\u205F-\u2069\u3000\uFEFF])?[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$";

/// [`NAME_PATTERN`] for an API token's name, of 1 to 80 characters (`services::tokens::create`).
pub const TOKEN_NAME_PATTERN: &str = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[^\x00-\x20\x7F-\xA0\u1680\u2000-\u200F\u2028-\u202F\u205F-\u2069\u3000\uFEFF](?:[^\x00-\x1F\x7F-\x9F\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]{0,78}[^\x00-\x20\x7F-\xA0\u1680\u2000-\u200F\u2028-\u202F\u205F-\u2069\u3000\uFEFF])?[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$";

/// The schema of a name field (`schema_with`): utoipa takes a `pattern` only as a literal, and
/// this keeps the one above. The length is in the pattern, not `maxLength`: the spaces around a
/// name are trimmed, so a name of 100 characters may arrive longer.
#[cfg(feature = "ssr")]
pub fn name_schema() -> utoipa::openapi::schema::Object {
    name_field(NAME_PATTERN, "1 to 100 characters once trimmed, no control or invisible ones.")
}

/// The schema of an API token's name field (`schema_with`), as [`name_schema`].
#[cfg(feature = "ssr")]
pub fn token_name_schema() -> utoipa::openapi::schema::Object {
    name_field(TOKEN_NAME_PATTERN, "1 to 80 characters once trimmed, no control or invisible ones.")
}

/// The schema of a team's name field (`schema_with`), as [`name_schema`].
#[cfg(feature = "ssr")]
pub fn team_name_schema() -> utoipa::openapi::schema::Object {
    name_field(TEAM_NAME_PATTERN, "1 to 60 characters once trimmed, no control or invisible ones.")
}

#[cfg(feature = "ssr")]
fn name_field(pattern: &str, description: &str) -> utoipa::openapi::schema::Object {
    utoipa::openapi::schema::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .description(Some(description))
        .pattern(Some(pattern))
        .build()
}

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

    #[test]
    fn the_name_patterns_accept_exactly_what_checked_name_accepts() {
        let n = |k: usize| "n".repeat(k);
        let mut samples: Vec<String> = [
            "Sales",
            "  Sales  ",
            "\u{A0}Sales\u{A0}",
            "\u{3000}Sales\u{3000}",
            "\u{2003}\u{2028}Sales\u{205F}",
            "\tSales\n",
            "\r\n\u{B}\u{C}Sales\u{85}",
            "Sa les",
            "Sa\u{A0}les",
            "Sa\u{3000}les",
            "Sa\tles",
            "Sa\u{85}les",
            "Sales\u{7}",
            "\u{0}",
            "\u{7F}Sales",
            "\u{9F}",
            "\u{200B}Sales",
            "Sa\u{200D}les",
            "Sales\u{200F}",
            "\u{FEFF}Sales",
            "\u{202E}selaS",
            "Sa\u{202A}les",
            "Sa\u{2066}les",
            "Sales\u{2069}",
            "\u{2060}",
            "",
            " ",
            "    ",
            "\t",
            "\t\n\r",
            "\u{A0}",
            "\u{3000}",
            "\u{2028}\u{2029}",
            "a",
            " a ",
            "a b",
            "Müller & Søn – Ñandú 日本",
            "😀",
        ]
        .into_iter()
        .map(String::from)
        .collect();
        for k in [59, 60, 61, 79, 80, 81, 99, 100, 101] {
            samples.push(n(k));
            samples.push(format!("  {}\u{3000}", n(k)));
            samples.push(format!("\t{}\u{A0}\n", n(k)));
            samples.push(format!("a{}b", " ".repeat(k - 2)));
            samples.push("😀".repeat(k));
            samples.push("日".repeat(k));
        }
        for (pattern, max, what) in
            [(NAME_PATTERN, 100, "name"), (TEAM_NAME_PATTERN, 60, "team name"), (TOKEN_NAME_PATTERN, 80, "token name")]
        {
            let pattern = regex::Regex::new(pattern).unwrap();
            for s in &samples {
                assert_eq!(pattern.is_match(s), checked_name("name", s, max, what).is_ok(), "at most {max}: {s:?}");
            }
        }
    }
}

/// Test support: the patterns as a JSON Schema validator reads them, and as the document states
/// them.
#[cfg(test)]
pub(crate) mod pattern_checks {
    /// Asserts that `pattern` matches exactly the samples `accepted` says the server takes. A
    /// search, as JSON Schema's `pattern` is (ours are anchored, `$` at the very end).
    pub(crate) fn agrees(pattern: &str, samples: &[&str], accepted: impl Fn(&str) -> bool) {
        let compiled = regex::Regex::new(pattern).expect("the pattern compiles");
        for s in samples {
            assert_eq!(compiled.is_match(s), accepted(s), "{s:?} against {pattern}");
        }
    }

    /// The schema the document states for `field` of `T`: the first property of that name,
    /// looked for through the `oneOf`s and nested objects utoipa writes for enums.
    #[cfg(feature = "ssr")]
    pub(crate) fn stated<T: utoipa::PartialSchema>(field: &str) -> serde_json::Value {
        fn find(v: &serde_json::Value, field: &str) -> Option<serde_json::Value> {
            if let Some(p) = v.get("properties").and_then(|p| p.get(field)) {
                return Some(p.clone());
            }
            match v {
                serde_json::Value::Object(map) => map.values().find_map(|v| find(v, field)),
                serde_json::Value::Array(items) => items.iter().find_map(|v| find(v, field)),
                _ => None,
            }
        }
        let schema = serde_json::to_value(T::schema()).expect("a schema serializes");
        find(&schema, field).unwrap_or_else(|| panic!("no field {field} in {schema}"))
    }

    /// The first `pattern` in a schema (a list's is in its `items`).
    #[cfg(feature = "ssr")]
    pub(crate) fn pattern_in(schema: &serde_json::Value) -> Option<&str> {
        if let Some(p) = schema.get("pattern").and_then(|p| p.as_str()) {
            return Some(p);
        }
        match schema {
            serde_json::Value::Object(map) => map.values().find_map(pattern_in),
            serde_json::Value::Array(items) => items.iter().find_map(pattern_in),
            _ => None,
        }
    }

    /// Asserts that the document states `pattern` for `field` of `T`, as the check's constant
    /// has it (utoipa takes a pattern only as a literal, so the attribute repeats it).
    #[cfg(feature = "ssr")]
    pub(crate) fn assert_stated<T: utoipa::PartialSchema>(field: &str, pattern: &str) {
        let schema = stated::<T>(field);
        assert_eq!(pattern_in(&schema), Some(pattern), "{field}: {schema}");
    }
}

#[cfg(all(test, feature = "ssr"))]
mod schema_tests {
    use super::pattern_checks::{assert_stated, stated};
    use super::*;
    use crate::model::{provisioning, teams, NewDevice, NewQueue, NewUser, PlaybookInput};

    #[test]
    fn every_name_field_states_the_pattern_of_its_check() {
        assert_stated::<NewQueue>("name", NAME_PATTERN);
        assert_stated::<PlaybookInput>("name", NAME_PATTERN);
        assert_stated::<NewUser>("name", NAME_PATTERN);
        assert_stated::<NewDevice>("name", NAME_PATTERN);
        assert_stated::<provisioning::ProvisionedUser>("name", NAME_PATTERN);
        assert_stated::<provisioning::ProvisionedDevice>("name", NAME_PATTERN);
        assert_stated::<teams::NewTeam>("name", TEAM_NAME_PATTERN);
        assert_stated::<teams::TeamChange>("name", TEAM_NAME_PATTERN);
        // The trimmed spaces may make a name of 100 characters longer: no maxLength.
        let name = stated::<NewUser>("name");
        assert!(name.get("maxLength").is_none(), "{name}");
    }
}

//! Layer 3: account force record and the on-demand feature code.

use super::{FieldError, Matrix, Validation};
use serde::{Deserialize, Serialize};

/// Feature codes the platform dials itself, with what they do; an on-demand code may not
/// clash with them.
pub const PLATFORM_FEATURE_CODES: [(&str, &str); 6] = [
    ("*44", "manual recording start"),
    ("*45", "manual recording stop"),
    ("*72", "call forwarding on"),
    ("*73", "call forwarding off"),
    ("*78", "do not disturb on"),
    ("*79", "do not disturb off"),
];

/// What [`ForceRecord::validate`] accepts as the code of an enabled on-demand recording, as the
/// OpenAPI document states it: `*` and 1 to 4 digits, with the whitespace `str::trim` removes
/// around them, that is none of the [`PLATFORM_FEATURE_CODES`], no prefix of one (`*4`, `*7`)
/// and does not begin with one.
pub const ON_DEMAND_CODE_PATTERN: &str = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*\*(?:[0-35689][0-9]{0,3}|4[0-36-9][0-9]{0,2}|7[0-14-7][0-9]{0,2})[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$";
/// The same for a disabled one, whose code may also be empty (a code given is checked all the
/// same).
pub const ON_DEMAND_CODE_OR_NONE_PATTERN: &str = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*(?:\*(?:[0-35689][0-9]{0,3}|4[0-36-9][0-9]{0,2}|7[0-14-7][0-9]{0,2}))?[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$";

/// The document's schema is written by hand (below): whether the code may be empty turns on
/// `enabled`, which a derived schema cannot say.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OnDemand {
    pub enabled: bool,
    pub code: String,
}

/// One object for on, one for off, told apart by `enabled`.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for OnDemand {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        let one_of = utoipa::openapi::schema::OneOfBuilder::new()
            .item(on_demand_variant(true, ON_DEMAND_CODE_PATTERN, "On: the code callers dial to start recording."))
            .item(on_demand_variant(false, ON_DEMAND_CODE_OR_NONE_PATTERN, "Off: the code kept for later, or none."));
        utoipa::openapi::schema::Schema::OneOf(one_of.build()).into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for OnDemand {}

#[cfg(feature = "openapi")]
fn on_demand_variant(enabled: bool, code: &str, description: &str) -> utoipa::openapi::schema::ObjectBuilder {
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .description(Some(description))
        .property("enabled", ObjectBuilder::new().schema_type(Type::Boolean).enum_values(Some([enabled])))
        .required("enabled")
        .property("code", ObjectBuilder::new().schema_type(Type::String).pattern(Some(code)))
        .required("code")
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForceRecord {
    /// The default of every user and device (the endpoint layer).
    #[serde(deserialize_with = "crate::object::object")]
    pub all_users: Matrix<bool>,
    /// Every call of the company that matches, queues and conferences included, whatever
    /// the endpoints say.
    #[serde(deserialize_with = "crate::object::object")]
    pub entire_account: Matrix<bool>,
    #[serde(deserialize_with = "crate::object::object")]
    pub on_demand: OnDemand,
}

/// `*` and 1 to 4 digits, not equal to nor a prefix of another code, nor the reverse.
/// `others` are the other feature codes with what they do, to name a conflict.
pub fn check_feature_code(field: &str, code: &str, others: &[(&str, &str)]) -> Result<(), FieldError> {
    let digits = code.strip_prefix('*').unwrap_or("");
    if !code.starts_with('*') || digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(FieldError::new(field, "A feature code is * followed by 1 to 4 digits, e.g. *9."));
    }
    for (other, what) in others {
        let why = if *other == code {
            "it is the same code"
        } else if other.starts_with(code) {
            "dialling it would cut that code short"
        } else if code.starts_with(other) {
            "that code would be dialled first"
        } else {
            continue;
        };
        return Err(FieldError::new(field, format!("{code} conflicts with {other}, {what}: {why}.")));
    }
    Ok(())
}

impl ForceRecord {
    /// `company_codes`: the company's other feature codes with what they do (later layers
    /// add them).
    pub fn validate(&self, company_codes: &[(&str, &str)]) -> Validation {
        let mut v = Validation::default();
        let code = self.on_demand.code.trim();
        if self.on_demand.enabled || !code.is_empty() {
            let others: Vec<(&str, &str)> =
                PLATFORM_FEATURE_CODES.iter().copied().chain(company_codes.iter().copied()).collect();
            if code.is_empty() {
                v.push("on_demand.code", "Enter the feature code callers dial to start recording, e.g. *9.");
            } else {
                v.check(check_feature_code("on_demand.code", code, &others));
            }
        }
        v
    }
}

//! API tokens as their page lists them.

pub use crate::policy::{CallRequest, PartyRef};
use serde::{Deserialize, Serialize};

/// An API token as the tokens page lists it (never its secret).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TokenView {
    pub id: String,
    pub name: String,
    /// The privileges by the names the pages show.
    pub privileges: Vec<String>,
    pub created_by: String,
    pub created_at: String,
    pub expires_at: Option<String>,
    pub last_used_at: Option<String>,
    pub revoked_at: Option<String>,
}

/// The privileges a token may be given, by the names `POST /tokens` reads (`privileges`): the
/// company-level ones, from [`crate::access::Privilege::ALL`] so the document cannot drift from
/// them. For the OpenAPI document only (`value_type = Vec<TokenPrivilege>`); which of them the
/// caller holds, and may so grant, only the server knows.
#[cfg(feature = "ssr")]
pub struct TokenPrivilege;

#[cfg(feature = "ssr")]
impl utoipa::PartialSchema for TokenPrivilege {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use crate::access::Privilege;
        let company_level = Privilege::ALL.into_iter().filter(|p| !p.is_above_company()).map(Privilege::key);
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .enum_values(Some(company_level))
            .into()
    }
}

#[cfg(feature = "ssr")]
impl utoipa::ToSchema for TokenPrivilege {}

/// The API tokens page: the company's tokens, and what the viewer may grant.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TokensPage {
    pub tokens: Vec<TokenView>,
    /// (key, label) of each company-level privilege the viewer holds.
    pub grantable: Vec<(String, String)>,
    /// A token just made by a form posted without JavaScript, to show once.
    pub just_made: Option<CreatedTokenView>,
}

/// A token just made: its name and its secret, shown this once.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CreatedTokenView {
    pub name: String,
    pub token: String,
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    #[test]
    fn a_token_may_be_given_every_company_level_privilege_by_its_name() {
        use crate::access::Privilege;
        let schema = serde_json::to_value(<super::TokenPrivilege as utoipa::PartialSchema>::schema()).unwrap();
        let names: Vec<&str> = schema["enum"].as_array().unwrap().iter().filter_map(|v| v.as_str()).collect();
        let company: Vec<&str> =
            Privilege::ALL.into_iter().filter(|p| !p.is_above_company()).map(Privilege::key).collect();
        assert_eq!(names, company, "{schema}");
        assert!(!names.contains(&Privilege::SystemModify.key()));
    }
}

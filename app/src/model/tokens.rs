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

//! Users as the API and the Users page read and write them.

use super::*;
pub use crate::policy::{CallRequest, PartyRef};
use crate::policy::{Matrix, Override};
use serde::{Deserialize, Serialize};

/// `PUT /users/{u}/treatment`: the user's own options (absent: Company default) and the
/// address recordings are e-mailed to.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserTreatmentBody {
    #[serde(default)]
    pub treatment: crate::policy::treatment::TreatmentOverride,
    #[serde(default)]
    pub email: Option<String>,
    pub version: i64,
}

#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserView {
    pub id: String,
    pub name: String,
    pub extension: String,
    pub team: Option<String>,
    pub seat: bool,
    #[serde(rename = "override")]
    pub overrides: Matrix<Override>,
    /// The user's own treatment options (absent: Company default).
    #[serde(default)]
    pub treatment: crate::policy::treatment::TreatmentOverride,
    #[serde(default)]
    pub email: Option<String>,
    /// The PBX's own id for this user (provisioning), unique in the company.
    #[serde(default)]
    pub external_id: Option<String>,
    pub version: i64,
}

/// One row of the Users page: the user's own cells; the page shows what applies.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserRow {
    pub id: String,
    pub name: String,
    pub extension: String,
    pub team: Option<String>,
    pub seat: bool,
    pub overrides: Matrix<Override>,
    pub devices: i64,
    pub version: i64,
}

pub const USERS_PER_PAGE: i64 = 50;

/// The Users page: one page of users that match the search.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UsersPage {
    pub company: String,
    pub licensed: bool,
    pub can_modify: bool,
    pub seats: i64,
    pub seats_used: i64,
    pub all_users: Matrix<bool>,
    pub rows: Vec<UserRow>,
    pub total: i64,
    pub page: i64,
    /// Whose users are listed (seed 002): `me`, `teams` or `everyone`.
    pub scope: String,
    /// With `teams`: the one team chosen, or empty for all the viewer may see.
    pub team: String,
    /// The teams the viewer may choose from: their own if limited to teams, else all.
    pub teams: Vec<(String, String)>,
    /// Everyone is offered only to a viewer not limited to teams.
    pub everyone_allowed: bool,
    /// The viewer's e-mail: "Me" lists the users with this address.
    pub my_email: String,
}

/// The override dialog of one user: the user, and their devices for the impact preview.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserEditor {
    pub user: UserRow,
    pub devices: Vec<crate::policy::DeviceFacts>,
    pub all_users: Matrix<bool>,
    pub licensed: bool,
    pub can_modify: bool,
    /// The user's own treatment options as the form shows them, and what applies.
    pub treatment: crate::policy::treatment::TreatmentForm,
    pub effective: crate::policy::treatment::EffectiveTreatment,
    pub mp3_files: Vec<AudioChoice>,
}

/// `POST /companies/{c}/users`: a user as a read returns it, but for what the server assigns
/// (its id and version); the treatment options and e-mail address are optional.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    #[cfg_attr(feature = "ssr", schema(min_length = 1, max_length = 100))]
    pub name: String,
    #[cfg_attr(feature = "ssr", schema(pattern = "^[0-9]{2,10}$"))]
    pub extension: String,
    #[serde(default)]
    pub team: Option<String>,
    #[serde(default)]
    pub seat: bool,
    #[serde(default, rename = "override")]
    pub overrides: Matrix<Override>,
    /// The user's own treatment options, checked as their own save checks them.
    #[serde(default)]
    pub treatment: Option<crate::policy::treatment::TreatmentOverride>,
    #[serde(default)]
    pub email: Option<String>,
    /// The PBX's own id for this user, unique in the company.
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(pattern = "^[A-Za-z0-9._:@+-]+$", min_length = 1, max_length = 128))]
    pub external_id: Option<String>,
}

impl NewUser {
    pub fn validate(&self) -> crate::policy::Validation {
        let mut v = crate::policy::Validation::default();
        v.check(check_name("name", &self.name));
        let ext = self.extension.trim();
        if !(2..=10).contains(&ext.len()) || !ext.bytes().all(|b| b.is_ascii_digit()) {
            v.push("extension", "An extension is 2 to 10 digits.");
        }
        if let Some(x) = &self.external_id {
            v.check(super::provisioning::check_external_id(x));
        }
        v
    }
}

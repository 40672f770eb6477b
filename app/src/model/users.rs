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
    #[serde(deserialize_with = "crate::policy::object::object")]
    pub treatment: crate::policy::treatment::TreatmentOverride,
    /// Where the user's recordings are e-mailed; absent or blank: none (refused while the
    /// options in force send recordings by e-mail).
    #[serde(default)]
    #[cfg_attr(
        feature = "ssr",
        schema(
            pattern = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*(?:(?![^\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]{255})[^\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000@]+@[^\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000@.][^\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000@]*\.[^\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000@]*[^\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000@.][\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*)?$"
        )
    )]
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
    #[cfg_attr(feature = "ssr", schema(schema_with = crate::model::names::name_schema))]
    pub name: String,
    /// 2 to 10 digits (the spaces around them are trimmed).
    #[cfg_attr(
        feature = "ssr",
        schema(
            pattern = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[0-9]{2,10}[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$"
        )
    )]
    pub extension: String,
    #[serde(default)]
    pub team: Option<String>,
    #[serde(default)]
    pub seat: bool,
    #[serde(default, rename = "override")]
    #[serde(deserialize_with = "crate::policy::object::object")]
    pub overrides: Matrix<Override>,
    /// The user's own treatment options, checked as their own save checks them.
    #[serde(default)]
    #[serde(deserialize_with = "crate::policy::object::optional_object")]
    pub treatment: Option<crate::policy::treatment::TreatmentOverride>,
    /// As in `PUT /users/{u}/treatment`.
    #[serde(default)]
    #[cfg_attr(
        feature = "ssr",
        schema(
            pattern = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*(?:(?![^\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]{255})[^\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000@]+@[^\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000@.][^\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000@]*\.[^\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000@]*[^\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000@.][\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*)?$"
        )
    )]
    pub email: Option<String>,
    /// The PBX's own id for this user, unique in the company.
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(pattern = "^[A-Za-z0-9._:@+-]+$", min_length = 1, max_length = 128))]
    pub external_id: Option<String>,
}

/// What [`NewUser::validate`] accepts as an extension, as the OpenAPI document states it: 2 to
/// 10 digits, with the whitespace `str::trim` removes around them (spelled out: `\s` differs
/// between ECMAScript, Python and Rust).
pub const EXTENSION_PATTERN: &str = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[0-9]{2,10}[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$";

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::names::pattern_checks::agrees;

    #[test]
    fn the_extension_pattern_accepts_what_a_new_user_s_check_accepts() {
        let samples = [
            "10",
            "0123456789",
            "1",
            "12345678901",
            " 201 ",
            "\t201\u{3000}",
            "\u{A0}201\n",
            "2 01",
            "２０１",
            "+201",
            "",
            "  ",
            "201\u{200B}",
        ];
        agrees(EXTENSION_PATTERN, &samples, |s| {
            let user = NewUser { name: "Ann".into(), extension: s.into(), ..Default::default() };
            user.validate().message_for("extension").is_none()
        });
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_user_bodies_state_the_patterns_of_their_checks() {
        use crate::model::names::pattern_checks::assert_stated;
        use crate::policy::validation::EMAIL_OR_NONE_PATTERN;
        assert_stated::<NewUser>("extension", EXTENSION_PATTERN);
        assert_stated::<crate::model::provisioning::ProvisionedUser>("extension", EXTENSION_PATTERN);
        assert_stated::<NewUser>("email", EMAIL_OR_NONE_PATTERN);
        assert_stated::<UserTreatmentBody>("email", EMAIL_OR_NONE_PATTERN);
        assert_stated::<crate::model::recordings::RecordingMeta>("email_to", EMAIL_OR_NONE_PATTERN);
    }
}

//! Provisioning from the PBX: users and devices created and kept up to date by the PBX's own
//! ids for them (`PUT /companies/{c}/users/by-external-id/{x}`, devices alike), and the CSV
//! import and export of the Users and Devices pages.

use crate::policy::FieldError;
use serde::{Deserialize, Deserializer, Serialize};

/// The longest external id: a PBX's UUIDs, SIP URIs and database keys fit.
pub const EXTERNAL_ID_MAX: usize = 128;

/// What [`check_external_id`] accepts, as the OpenAPI document states it.
pub const EXTERNAL_ID_PATTERN: &str = "^[A-Za-z0-9._:@+-]+$";

/// An external id is a path segment of the provisioning routes, so it keeps to characters no
/// client has to escape and no proxy rewrites.
pub fn check_external_id(id: &str) -> Result<(), FieldError> {
    let ok = (1..=EXTERNAL_ID_MAX).contains(&id.len())
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b"._:@+-".contains(&b));
    if ok {
        Ok(())
    } else {
        Err(FieldError::new(
            "external_id",
            format!("An external id is 1 to {EXTERNAL_ID_MAX} letters, digits or . _ : @ + -"),
        ))
    }
}

/// A field the PBX may leave out: absent keeps what Earmark has, `null` clears it.
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// `PUT /companies/{c}/users/by-external-id/{x}`: what the PBX knows of a user. The override
/// matrix and treatment options are the administrators' and stay as they set them.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProvisionedUser {
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
    /// The team's id; absent keeps the user's team (none for a new user), `null` takes it away.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>))]
    pub team: Option<Option<String>>,
    /// Absent keeps the user's seat (none for a new user).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seat: Option<bool>,
}

/// `PUT /companies/{c}/devices/by-external-id/{x}`: what the PBX knows of a device.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProvisionedDevice {
    #[cfg_attr(feature = "ssr", schema(schema_with = crate::model::names::name_schema))]
    pub name: String,
    /// The owner by the PBX's id for them; absent keeps the device's owner (none for a new
    /// device), `null` makes it a shared device.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>, pattern = "^[A-Za-z0-9._:@+-]+$", max_length = 128))]
    pub owner_external_id: Option<Option<String>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_external_id_is_a_plain_path_segment() {
        for ok in ["u-1001", "3f2b7c1e-9d1a-4b8e-a3c0-5e6f7a8b9c0d", "sip:1001@pbx.example", "a"] {
            assert!(check_external_id(ok).is_ok(), "{ok}");
        }
        for bad in ["", "a/b", "a b", "é", &"x".repeat(129)] {
            assert_eq!(check_external_id(bad).unwrap_err().field, "external_id", "{bad}");
        }
    }

    #[test]
    fn an_absent_team_keeps_it_and_null_clears_it() {
        let absent: ProvisionedUser = serde_json::from_str(r#"{"name":"A","extension":"10"}"#).unwrap();
        assert_eq!(absent.team, None);
        let null: ProvisionedUser = serde_json::from_str(r#"{"name":"A","extension":"10","team":null}"#).unwrap();
        assert_eq!(null.team, Some(None));
        let set: ProvisionedUser = serde_json::from_str(r#"{"name":"A","extension":"10","team":"t"}"#).unwrap();
        assert_eq!(set.team, Some(Some("t".into())));
        assert!(serde_json::from_str::<ProvisionedUser>(r#"{"name":"A","extension":"10","tema":"t"}"#).is_err());
    }
}

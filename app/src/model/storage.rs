//! The company's storage settings as the API and the Storage page read and write them.

use crate::policy::storage::{StorageForm, StorageSettings};
use serde::{Deserialize, Serialize};

/// `GET /companies/{c}/storage`: where the company's new recordings go and how they are kept.
/// The account's secret is never read back.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StorageView {
    pub storage: StorageSettings,
    pub version: i64,
    /// Whether the platform keeps recordings for companies without an account of their own.
    pub platform_storage: bool,
    /// When the account in use was saved, and by whom; none: the platform's storage.
    pub account_saved_at: Option<String>,
    pub account_saved_by: Option<String>,
}

/// `PUT /companies/{c}/storage`: the settings over the version read. An account is tried with
/// a write, a read and a delete of a probe object before it is saved.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StorageUpdate {
    #[serde(deserialize_with = "crate::policy::object::object")]
    pub storage: StorageSettings,
    pub version: i64,
}

/// The Storage page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoragePage {
    pub form: StorageForm,
    pub view: StorageView,
    pub can_modify: bool,
    /// Whether the server can keep an account's secret (`EARMARK_SECRET_KEY` is set).
    pub can_seal: bool,
}

/// What a check of the company's storage found (the same check as `earmark check-storage`):
/// up to [`CHECK_LINES`] lines of each kind, with the counts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StorageCheck {
    /// What the storage is called, e.g. `s3://bucket/prefix`.
    pub storage: String,
    pub rows: u64,
    pub objects: u64,
    pub missing: Vec<CheckLine>,
    pub missing_count: usize,
    pub differ: Vec<CheckLine>,
    pub differ_count: usize,
    pub orphans: Vec<CheckLine>,
    pub orphan_count: usize,
}

pub const CHECK_LINES: usize = 50;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckLine {
    pub recording: Option<String>,
    pub key: String,
    pub what: String,
}

impl StorageCheck {
    pub fn is_clean(&self) -> bool {
        self.missing_count + self.differ_count + self.orphan_count == 0
    }
}

#[cfg(test)]
mod tests {
    use crate::model::names::pattern_checks::agrees;
    use crate::policy::storage::*;

    /// Whether the check finds nothing wrong with `field` of an account that is otherwise fine.
    fn accepted(field: &str, set: impl FnOnce(&mut StorageAccount)) -> bool {
        let mut account = StorageAccount { bucket: "recordings".into(), key_id: "AKIA1".into(), ..Default::default() };
        set(&mut account);
        let settings = StorageSettings { account: Some(account), ..Default::default() };
        settings.validate().message_for(&format!("account.{field}")).is_none()
    }

    #[test]
    fn the_account_patterns_accept_what_its_check_accepts() {
        let (host491, host492) = ("h".repeat(491), "h".repeat(492));
        let (at_most, too_long) = (format!("https://{host491}a//"), format!("https://{host492}a"));
        let endpoints = [
            "",
            "  ",
            "///",
            "https://s3.eu-west-1.amazonaws.com",
            " http://minio:9000/ ",
            "https://a/b/",
            "https:///a",
            "https://",
            "https:///",
            "http://",
            "ftp://a",
            "https://a b",
            "https://a\u{7}",
            "HTTPS://a",
            at_most.as_str(),
            too_long.as_str(),
        ];
        agrees(ENDPOINT_PATTERN, &endpoints, |s| accepted("endpoint", |a| a.endpoint = s.into()));
        let (r64, r65) = ("r".repeat(64), "r".repeat(65));
        let regions =
            ["", " ", "eu-west-1", " us-east-1\t", "EU-west-1", "eu_west", "eu west", r64.as_str(), r65.as_str()];
        agrees(REGION_PATTERN, &regions, |s| accepted("region", |a| a.region = s.into()));
        let (k128, k129) = ("k".repeat(128), "k".repeat(129));
        let keys = [
            "AKIA1",
            " AKIA1 ",
            "",
            " ",
            "AK IA",
            "AK\u{A0}IA",
            "AK\u{7F}",
            "AK\u{200B}IA",
            k128.as_str(),
            k129.as_str(),
        ];
        agrees(KEY_ID_PATTERN, &keys, |s| accepted("key_id", |a| a.key_id = s.into()));
        let (s256, s257) = ("s".repeat(256), "s".repeat(257));
        let secrets = ["wJalr/K7MDENG", " x ", "", "\t", "a b", "a\u{0}", s256.as_str(), s257.as_str()];
        agrees(SECRET_PATTERN, &secrets, |s| accepted("secret", |a| a.secret = Some(s.into())));
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_account_states_the_patterns_of_its_check() {
        use crate::model::names::pattern_checks::assert_stated;
        assert_stated::<StorageAccount>("endpoint", ENDPOINT_PATTERN);
        assert_stated::<StorageAccount>("region", REGION_PATTERN);
        assert_stated::<StorageAccount>("bucket", BUCKET_PATTERN);
        assert_stated::<StorageAccount>("prefix", PREFIX_PATTERN);
        assert_stated::<StorageAccount>("key_id", KEY_ID_PATTERN);
        assert_stated::<StorageAccount>("secret", SECRET_PATTERN);
    }
}

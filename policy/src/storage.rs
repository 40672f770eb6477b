//! Where a company's recordings are kept and how: the platform's storage or a storage account
//! of the company's own (an S3-compatible bucket), the stored format, and the maximum length
//! of a recording, which the decision's treatment returns to the engine. The rules here are
//! the Storage page's, in the browser and on the server alike.

use super::{FieldError, Validation};
use serde::{Deserialize, Serialize};

/// The longest maximum recording length a company may set: a day.
pub const MAX_LENGTH_SECONDS: std::ops::RangeInclusive<u32> = 1..=86_400;

/// How a recording is kept. Only as uploaded: no encoder the project can install from a
/// package registry converts to MP3 or Opus without a system library (README, "A company's own
/// storage account").
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StoredFormat {
    #[default]
    AsUploaded,
}

impl StoredFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            StoredFormat::AsUploaded => "as_uploaded",
        }
    }

    pub fn parse(text: &str) -> Option<StoredFormat> {
        match text {
            "" | "as_uploaded" => Some(StoredFormat::AsUploaded),
            _ => None,
        }
    }
}

/// What [`StorageAccount`]'s check accepts of each field, as the OpenAPI document states it.
/// Each allows the whitespace `str::trim` removes around the value (spelled out: `\s` differs
/// between ECMAScript, Python and Rust). The endpoint: empty, or `https://` or `http://` and a
/// host, 500 characters at most once its trailing slashes are dropped, no whitespace or control
/// characters.
pub const ENDPOINT_PATTERN: &str = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*(?:(?:https://[^\x00-\x20\x7F-\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]{0,491}|http://[^\x00-\x20\x7F-\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]{0,492})[^\x00-\x20\x7F-\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000/]/*|/*)[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$";
/// Lower-case letters, digits and hyphens, 64 at most; empty: us-east-1.
pub const REGION_PATTERN: &str = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[a-z0-9-]{0,64}[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$";
/// As `check_bucket`; its "no `..`" is a lookahead (ECMAScript and Python have it, Rust's
/// `regex` crate does not).
pub const BUCKET_PATTERN: &str = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*(?![\s\S]*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9][\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$";
/// At most 200 characters, none of them control ones, once the slashes around it are dropped,
/// and no `..` between slashes (a lookahead, as in [`BUCKET_PATTERN`]).
pub const PREFIX_PATTERN: &str = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*(?!(?:[\s\S]*/)?\.\.(?:/|[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$))(?:/*|(?:/+[^\x00-\x1F\x7F-\x9F/]|[^\x00-\x20\x7F-\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000/])/*|(?:/+[^\x00-\x1F\x7F-\x9F/]|[^\x00-\x20\x7F-\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000/])[^\x00-\x1F\x7F-\x9F]{0,198}(?:[^\x00-\x1F\x7F-\x9F/]/+|[^\x00-\x20\x7F-\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000/]))[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$";
/// 1 to 128 characters, no whitespace or control ones. The check counts bytes, which a pattern
/// cannot: a key id of characters beyond ASCII is refused sooner than this says.
pub const KEY_ID_PATTERN: &str = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[^\x00-\x20\x7F-\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]{1,128}[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$";
/// As [`KEY_ID_PATTERN`], up to 256, or nothing but whitespace (the secret saved stays).
pub const SECRET_PATTERN: &str = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*(?:[^\x00-\x20\x7F-\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]{1,256}[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*)?$";

/// A company's own S3-compatible bucket. The secret is write-only: a read never carries it,
/// and a write without it keeps the one saved.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StorageAccount {
    /// The S3 endpoint, `https://…` (empty: Amazon S3 itself). Path-style requests.
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "https://s3.eu-west-1.amazonaws.com",
            pattern = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*(?:(?:https://[^\x00-\x20\x7F-\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]{0,491}|http://[^\x00-\x20\x7F-\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]{0,492})[^\x00-\x20\x7F-\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000/]/*|/*)[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$"
        )
    )]
    #[serde(default)]
    pub endpoint: String,
    /// Empty: us-east-1.
    #[cfg_attr(
        feature = "openapi",
        schema(
            pattern = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[a-z0-9-]{0,64}[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$"
        )
    )]
    #[serde(default)]
    pub region: String,
    #[cfg_attr(
        feature = "openapi",
        schema(
            pattern = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*(?![\s\S]*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9][\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$"
        )
    )]
    pub bucket: String,
    /// The folder of the bucket the recordings go under; empty: its top.
    #[cfg_attr(
        feature = "openapi",
        schema(
            pattern = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*(?!(?:[\s\S]*/)?\.\.(?:/|[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$))(?:/*|(?:/+[^\x00-\x1F\x7F-\x9F/]|[^\x00-\x20\x7F-\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000/])/*|(?:/+[^\x00-\x1F\x7F-\x9F/]|[^\x00-\x20\x7F-\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000/])[^\x00-\x1F\x7F-\x9F]{0,198}(?:[^\x00-\x1F\x7F-\x9F/]/+|[^\x00-\x20\x7F-\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000/]))[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$"
        )
    )]
    #[serde(default)]
    pub prefix: String,
    #[cfg_attr(
        feature = "openapi",
        schema(
            pattern = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[^\x00-\x20\x7F-\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]{1,128}[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$"
        )
    )]
    pub key_id: String,
    /// Write-only; absent on a write: the secret saved with the account stays.
    #[cfg_attr(
        feature = "openapi",
        schema(
            write_only,
            pattern = r"^[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*(?:[^\x00-\x20\x7F-\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]{1,256}[\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*)?$"
        )
    )]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
}

/// The company's storage settings (`GET/PUT /companies/{c}/storage`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StorageSettings {
    /// The company's own storage account; none: the platform's storage.
    #[serde(default)]
    #[serde(deserialize_with = "crate::object::optional_object")]
    pub account: Option<StorageAccount>,
    #[serde(default)]
    pub stored_format: StoredFormat,
    /// The longest a recording may run; none: no limit. The engine stops recording then.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 86400))]
    #[serde(default)]
    pub max_length_seconds: Option<u32>,
}

fn check_text(v: &mut Validation, field: &str, text: &str, max: usize) {
    if text.chars().count() > max {
        v.push(field, format!("At most {max} characters."));
    } else if text.chars().any(char::is_control) {
        v.push(field, "Remove the control characters.");
    }
}

impl StorageAccount {
    /// Trimmed, the prefix without its outer slashes.
    pub fn normalized(&self) -> StorageAccount {
        StorageAccount {
            endpoint: self.endpoint.trim().trim_end_matches('/').to_string(),
            region: self.region.trim().to_string(),
            bucket: self.bucket.trim().to_string(),
            prefix: self.prefix.trim().trim_matches('/').to_string(),
            key_id: self.key_id.trim().to_string(),
            secret: self.secret.as_ref().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()),
        }
    }

    fn validate(&self, v: &mut Validation) {
        let a = self.normalized();
        check_text(v, "account.endpoint", &a.endpoint, 500);
        if !a.endpoint.is_empty()
            && (!(a.endpoint.starts_with("https://") || a.endpoint.starts_with("http://"))
                || a.endpoint.contains(char::is_whitespace)
                || a.endpoint.split_once("://").is_some_and(|(_, host)| host.is_empty()))
        {
            v.push("account.endpoint", "Enter the endpoint as a URL, e.g. https://s3.eu-west-1.amazonaws.com, or leave it empty for Amazon S3.");
        }
        if a.region.len() > 64 || !a.region.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
            v.push("account.region", "Enter a region such as eu-west-1 (lower-case letters, digits and hyphens).");
        }
        v.check(check_bucket(&a.bucket));
        check_text(v, "account.prefix", &a.prefix, 200);
        if a.prefix.split('/').any(|part| part == "..") {
            v.push("account.prefix", "A prefix cannot contain \"..\".");
        }
        if a.key_id.is_empty() {
            v.push("account.key_id", "Enter the access key id.");
        } else if a.key_id.len() > 128 || a.key_id.contains(|c: char| c.is_whitespace() || c.is_control()) {
            v.push("account.key_id", "An access key id has at most 128 characters and no spaces.");
        }
        if let Some(secret) = &a.secret {
            if secret.len() > 256 || secret.contains(|c: char| c.is_whitespace() || c.is_control()) {
                v.push("account.secret", "A secret key has at most 256 characters and no spaces.");
            }
        }
    }
}

/// An S3 bucket name: 3 to 63 lower-case letters, digits, dots and hyphens, beginning and
/// ending with a letter or digit.
fn check_bucket(bucket: &str) -> Result<(), FieldError> {
    let edge_ok = |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    let ok = (3..=63).contains(&bucket.len())
        && bucket.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
        && edge_ok(bucket.chars().next())
        && edge_ok(bucket.chars().last())
        && !bucket.contains("..");
    if ok {
        Ok(())
    } else {
        Err(FieldError::new(
            "account.bucket",
            "Enter the bucket's name: 3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit.",
        ))
    }
}

impl StorageSettings {
    /// Every problem at once, each named by its field.
    pub fn validate(&self) -> Validation {
        let mut v = Validation::default();
        if let Some(a) = &self.account {
            a.validate(&mut v);
        }
        if let Some(s) = self.max_length_seconds {
            if !MAX_LENGTH_SECONDS.contains(&s) {
                v.push(
                    "max_length_seconds",
                    "Enter a maximum length from 1 second to 24 hours (86400 s), or leave it empty for no limit.",
                );
            }
        }
        v
    }

    pub fn normalized(&self) -> StorageSettings {
        StorageSettings { account: self.account.as_ref().map(StorageAccount::normalized), ..self.clone() }
    }
}

/// The Storage page's form as a browser posts it (works without JavaScript).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StorageForm {
    /// `platform` or `own`.
    pub keep_in: String,
    pub endpoint: String,
    pub region: String,
    pub bucket: String,
    pub prefix: String,
    pub key_id: String,
    pub secret: String,
    pub stored_format: String,
    /// In minutes, as the page asks; empty: no limit.
    pub max_length_minutes: String,
}

impl StorageForm {
    pub fn from_settings(s: &StorageSettings) -> StorageForm {
        let a = s.account.clone().unwrap_or_default();
        StorageForm {
            keep_in: if s.account.is_some() { "own" } else { "platform" }.into(),
            endpoint: a.endpoint,
            region: a.region,
            bucket: a.bucket,
            prefix: a.prefix,
            key_id: a.key_id,
            secret: String::new(),
            stored_format: s.stored_format.as_str().into(),
            max_length_minutes: s.max_length_seconds.map(minutes_text).unwrap_or_default(),
        }
    }

    /// The settings the form says, or every problem at once (the form's fields named as the
    /// API names them, so one message lands next to one field either way).
    pub fn to_settings(&self) -> Result<StorageSettings, Validation> {
        let mut v = Validation::default();
        let account = match self.keep_in.as_str() {
            "" | "platform" => None,
            "own" => Some(StorageAccount {
                endpoint: self.endpoint.clone(),
                region: self.region.clone(),
                bucket: self.bucket.clone(),
                prefix: self.prefix.clone(),
                key_id: self.key_id.clone(),
                secret: Some(self.secret.clone()),
            }),
            _ => {
                v.push("account", "Choose the platform's storage or your own storage account.");
                None
            }
        };
        let stored_format = StoredFormat::parse(&self.stored_format).unwrap_or_else(|| {
            v.push("stored_format", "Choose a stored format from the list.");
            StoredFormat::AsUploaded
        });
        let minutes = self.max_length_minutes.trim();
        let max_length_seconds = if minutes.is_empty() {
            None
        } else {
            match minutes.parse::<f64>() {
                Ok(m) if m.is_finite() && m > 0.0 && m * 60.0 <= *MAX_LENGTH_SECONDS.end() as f64 => {
                    Some(((m * 60.0).round() as u32).max(1))
                }
                _ => {
                    v.push(
                        "max_length_seconds",
                        "Enter a maximum length in minutes, from 1 to 1440, or leave it empty for no limit.",
                    );
                    None
                }
            }
        };
        let settings = StorageSettings { account, stored_format, max_length_seconds }.normalized();
        v.errors.extend(settings.validate().errors);
        v.into_result().map(|()| settings)
    }
}

/// A maximum length as a person says it: `1 h 30 min`, `45 min`, `90 s`.
pub fn length_text(seconds: u32) -> String {
    let (h, m, s) = (seconds / 3600, seconds % 3600 / 60, seconds % 60);
    match (h, m, s) {
        (0, 0, s) => format!("{s} s"),
        (0, m, 0) => format!("{m} min"),
        (h, 0, 0) => format!("{h} h"),
        (h, m, 0) => format!("{h} h {m} min"),
        _ => format!("{seconds} s"),
    }
}

/// `90` seconds as `1.5`, `120` as `2`.
fn minutes_text(seconds: u32) -> String {
    if seconds.is_multiple_of(60) {
        (seconds / 60).to_string()
    } else {
        format!("{:.2}", seconds as f64 / 60.0).trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn own(bucket: &str) -> StorageForm {
        StorageForm {
            keep_in: "own".into(),
            endpoint: " https://s3.example.com/ ".into(),
            region: "eu-west-1".into(),
            bucket: bucket.into(),
            prefix: "/calls/".into(),
            key_id: "AKIA1".into(),
            secret: "s3cret".into(),
            max_length_minutes: "90".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_form_becomes_normalized_settings() {
        let s = own("acme-calls").to_settings().unwrap();
        let a = s.account.clone().unwrap();
        assert_eq!((a.endpoint.as_str(), a.prefix.as_str()), ("https://s3.example.com", "calls"));
        assert_eq!(a.secret.as_deref(), Some("s3cret"));
        assert_eq!(s.max_length_seconds, Some(5400));
        let back = StorageForm::from_settings(&s);
        assert_eq!((back.keep_in.as_str(), back.max_length_minutes.as_str(), back.secret.as_str()), ("own", "90", ""));
        let platform = StorageForm { keep_in: "platform".into(), ..Default::default() }.to_settings().unwrap();
        assert_eq!(platform, StorageSettings::default());
    }

    #[test]
    fn every_wrong_field_is_named_at_once() {
        let form = StorageForm {
            endpoint: "ftp://x".into(),
            region: "EU West".into(),
            key_id: "".into(),
            max_length_minutes: "0".into(),
            stored_format: "flac".into(),
            ..own("Bad_Bucket")
        };
        let fields: Vec<String> = form.to_settings().unwrap_err().errors.into_iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                "stored_format",
                "max_length_seconds",
                "account.endpoint",
                "account.region",
                "account.bucket",
                "account.key_id"
            ]
        );
    }

    #[test]
    fn bucket_names_follow_s3s_rules() {
        for ok in ["abc", "acme.calls-2026", &"a".repeat(63)] {
            assert!(check_bucket(ok).is_ok(), "{ok}");
        }
        for bad in ["ab", "-abc", "abc-", "ABC", "a..b", "a_b", &"a".repeat(64)] {
            assert!(check_bucket(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn minutes_are_shown_as_a_person_writes_them() {
        assert_eq!(minutes_text(120), "2");
        assert_eq!(minutes_text(90), "1.5");
        assert_eq!(minutes_text(1), "0.02");
    }
}

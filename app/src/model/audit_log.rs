//! The audit log as the Audit log page and its CSV export show it: the filter (in the
//! address), an entry with its change as a readable list of fields, and the CSV line. Plain
//! Rust, no I/O.

use crate::policy::FieldError;
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub const PAGE_SIZE: usize = 50;
/// The most rows one CSV export writes.
pub const MAX_EXPORT: usize = 100_000;

/// The filter as the address carries it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AuditFilter {
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    /// Part of the administrator's e-mail address.
    #[serde(default)]
    pub actor: String,
    /// An action, e.g. `queue.rename`.
    #[serde(default)]
    pub action: String,
    /// An object's kind (`queue`) or id.
    #[serde(default)]
    pub object: String,
    /// Entries older than this one (the next page).
    #[serde(default)]
    pub before: String,
    /// The zone the dates are in (an IANA name); UTC when empty.
    #[serde(default)]
    pub tz: String,
}

/// A checked filter.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AuditQuery {
    pub from: Option<String>,
    pub until: Option<String>,
    pub actor: Option<String>,
    pub action: Option<String>,
    pub object: Option<String>,
    pub before: Option<i64>,
}

impl AuditFilter {
    pub fn parse(&self) -> Result<AuditQuery, FieldError> {
        let (from, until) = crate::model::recordings::date_range(&self.from, &self.to, &self.tz)?;
        let text = |v: &str| Some(v.trim().to_string()).filter(|t| !t.is_empty());
        let before = match self.before.trim() {
            "" => None,
            b => Some(b.parse::<i64>().map_err(|_| {
                FieldError::new("before", "This page link is damaged: start again from the newest entries.")
            })?),
        };
        Ok(AuditQuery {
            from,
            until,
            actor: text(&self.actor).map(|a| a.to_lowercase()),
            action: text(&self.action),
            object: text(&self.object),
            before,
        })
    }

    /// The filter without its cursor, as an address query.
    pub fn query_string(&self) -> String {
        let fields = [
            ("from", &self.from),
            ("to", &self.to),
            ("actor", &self.actor),
            ("action", &self.action),
            ("object", &self.object),
            ("tz", &self.tz),
        ];
        fields
            .iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(k, v)| format!("{k}={}", crate::components::status::urlencode(v.trim())))
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// One field a change touched: its path, and its value before and after ("" when absent).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FieldChange {
    pub field: String,
    pub before: String,
    pub after: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    /// The administrator's e-mail, or "the system" when there was none.
    pub actor: String,
    pub action: String,
    pub outcome: String,
    pub object_kind: Option<String>,
    pub object_id: Option<String>,
    /// Why a write was refused, or what else is worth saying.
    pub detail: Option<String>,
    pub changes: Vec<FieldChange>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// The cursor of the next (older) page.
    pub older: Option<String>,
    /// The actions that occur in this company's log, for the filter's list.
    pub actions: Vec<String>,
}

fn leaves(prefix: &str, v: &Value, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                let path = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                leaves(&path, child, out);
            }
        }
        Value::Null => out.push((prefix.to_string(), String::new())),
        Value::String(s) => out.push((prefix.to_string(), s.clone())),
        other => out.push((prefix.to_string(), other.to_string())),
    }
}

/// What a change did, field by field: every leaf of the before and after documents whose
/// value differs, with dotted paths (`opt_in.delay_seconds: 5 -> 8`). A document that is
/// not an object counts as one field named `value`.
pub fn changes(before: Option<&Value>, after: Option<&Value>) -> Vec<FieldChange> {
    let flat = |v: Option<&Value>| {
        let mut out = Vec::new();
        match v {
            Some(v @ Value::Object(_)) => leaves("", v, &mut out),
            Some(Value::Null) | None => {}
            Some(other) => leaves("value", other, &mut out),
        }
        out
    };
    let (b, a) = (flat(before), flat(after));
    let mut fields: Vec<&String> = b.iter().chain(a.iter()).map(|(k, _)| k).collect();
    fields.sort();
    fields.dedup();
    let value = |list: &[(String, String)], k: &str| list.iter().find(|(f, _)| f == k).map(|(_, v)| v.clone());
    fields
        .into_iter()
        .filter_map(|k| {
            let (old, new) = (value(&b, k).unwrap_or_default(), value(&a, k).unwrap_or_default());
            (old != new).then(|| FieldChange { field: k.clone(), before: old, after: new })
        })
        .collect()
}

pub const CSV_HEADER: &str = "id,at,actor,action,outcome,object_kind,object_id,detail,changes\r\n";

/// An entry as one CSV line (changes as `field: before -> after; ...`).
pub fn csv_line(e: &AuditEntry) -> String {
    let changes =
        e.changes.iter().map(|c| format!("{}: {} -> {}", c.field, c.before, c.after)).collect::<Vec<_>>().join("; ");
    let fields = [
        e.id.to_string(),
        e.at.clone(),
        e.actor.clone(),
        e.action.clone(),
        e.outcome.clone(),
        e.object_kind.clone().unwrap_or_default(),
        e.object_id.clone().unwrap_or_default(),
        e.detail.clone().unwrap_or_default(),
        changes,
    ];
    super::csv::line(&fields.each_ref().map(String::as_str))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_change_is_listed_field_by_field() {
        let before = json!({"name": "Support", "opt_in": {"delay_seconds": 5, "accept_key": "1"}, "version": 3});
        let after = json!({"name": "Support", "opt_in": {"delay_seconds": 8, "accept_key": null}, "version": 4});
        let c = changes(Some(&before), Some(&after));
        let text: Vec<String> = c.iter().map(|c| format!("{}: {} -> {}", c.field, c.before, c.after)).collect();
        assert_eq!(text, ["opt_in.accept_key: 1 -> ", "opt_in.delay_seconds: 5 -> 8", "version: 3 -> 4"]);
        assert_eq!(changes(None, Some(&json!({"id": "x"})))[0].after, "x");
        assert!(changes(Some(&before), Some(&before)).is_empty());
    }
}

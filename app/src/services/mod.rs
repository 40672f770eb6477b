//! Use cases. Each takes a capability (or, for login, the session itself), validates, and
//! writes together with its audit row in one transaction. Server functions and JSON API
//! handlers both call these, so each rule is written once.

pub mod account;
pub mod administrators;
pub mod audio_library;
pub mod audit_log;
pub mod auth;
pub mod bootstrap;
pub mod bulk_changes;
pub mod bulk_download;
pub mod call_events;
pub mod decisions;
pub mod deliveries;
pub mod devices;
pub mod erasures;
pub mod force_record;
pub mod imports;
pub mod jobs;
pub mod legal_hold;
pub mod licence;
pub mod missing_recordings;
pub mod password;
pub mod provisioning;
pub mod queues;
pub mod recording_mode;
pub mod recordings;
pub mod retention;
pub mod roles;
pub mod storage;
pub mod teams;
pub mod tenants;
pub mod throttle;
pub mod tokens;
pub mod treatment;
pub mod uploads;
pub mod users;
pub mod waveform;
mod write;

/// The most rows a list of the API returns.
pub const LIST_LIMIT: i64 = 1000;

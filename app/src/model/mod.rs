//! The shapes server functions and the JSON API return and read: plain data, the same in
//! WASM and on the server. One module per feature, named as in `services`, `store` and `api`;
//! the policy settings' shapes are re-exported here, so `crate::model::UserView` names
//! it wherever it lives; administrators, the audio formats, the audit log and recordings are
//! reached by their module (`crate::model::recordings::RecordingRow`).

pub mod account;
pub mod administrators;
pub mod audio;
pub mod audio_library;
pub mod audit_log;
pub mod bulk_download;
pub mod call_events;
pub mod consent;
pub mod csv;
pub mod decisions;
pub mod deliveries;
pub mod devices;
pub mod erasures;
pub mod force_record;
pub mod imports;
pub mod legal_hold;
pub mod licence;
pub mod missing_recordings;
pub mod names;
pub mod overrides;
pub mod provisioning;
pub mod queues;
pub mod recording_mode;
pub mod recordings;
pub mod retention;
pub mod roles;
pub mod shell;
pub mod storage;
pub mod teams;
pub mod tokens;
pub mod treatment;
pub mod users;
pub mod zone;

pub use audio_library::*;
pub use decisions::*;
pub use devices::*;
pub use force_record::*;
pub use licence::*;
pub use names::*;
pub use overrides::*;
pub use queues::*;
pub use recording_mode::*;
pub use shell::*;
pub use tokens::*;
pub use treatment::*;
pub use users::*;

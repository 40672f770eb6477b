//! What every request handler on the server shares.

use crate::store::files::Storages;
use crate::store::Db;
use std::sync::Arc;

#[derive(Clone, Debug)]
pub struct Settings {
    /// A session ends this long after login, however active (seconds).
    pub session_absolute_secs: i64,
    /// Failed logins for one account before it is locked for a while.
    pub account_max_failures: i64,
    /// The first lock of an account, doubled on each further failure (seconds).
    pub account_lock_secs: i64,
    /// Failed logins from one client address within the window before it is refused.
    pub address_max_failures: u32,
    pub address_window_secs: i64,
    /// The largest recording an upload may carry (bytes); more is refused with 413.
    pub recording_max_bytes: u64,
    /// The most recordings one bulk download (ZIP) may hold.
    pub bulk_download_max: u64,
}

impl Settings {
    pub fn address_throttle(&self) -> crate::services::throttle::AddressThrottle {
        crate::services::throttle::AddressThrottle {
            max_failures: self.address_max_failures,
            window_secs: self.address_window_secs,
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            session_absolute_secs: 12 * 3600,
            account_max_failures: 5,
            account_lock_secs: 30,
            address_max_failures: 30,
            address_window_secs: 600,
            recording_max_bytes: 200 * 1024 * 1024,
            bulk_download_max: 1000,
        }
    }
}

#[derive(Clone, Debug)]
pub struct AppState {
    pub db: Db,
    pub settings: Arc<Settings>,
    /// Where recordings' audio is received and kept.
    pub recordings: Arc<Storages>,
}

impl AppState {
    pub fn new(db: Db, recordings: Arc<Storages>, settings: Settings) -> AppState {
        AppState { db, settings: Arc::new(settings), recordings }
    }
}

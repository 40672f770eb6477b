//! The login throttle by client address, kept in memory (the per-account lock is in the
//! database, `store::throttle`). A module of its own so that the shared state can hold one
//! without depending on the login service that uses it.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failed logins per client address in a fixed window, kept in memory. It guards against
/// one address trying many accounts; the per-account lock (in the database) guards against
/// many addresses trying one account.
#[derive(Debug)]
pub struct IpThrottle {
    max_failures: u32,
    window: Duration,
    failures: Mutex<HashMap<IpAddr, (Instant, u32)>>,
}

impl IpThrottle {
    pub fn new(max_failures: u32, window: Duration) -> IpThrottle {
        IpThrottle { max_failures, window, failures: Mutex::new(HashMap::new()) }
    }

    /// Seconds until this address may try again, if it is over its limit now.
    pub fn retry_after(&self, ip: IpAddr) -> Option<u64> {
        let map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let (start, n) = map.get(&ip)?;
        let elapsed = start.elapsed();
        (*n >= self.max_failures && elapsed < self.window).then(|| (self.window - elapsed).as_secs().max(1))
    }

    pub fn fail(&self, ip: IpAddr) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        // Keep the map bounded: forget windows that have closed.
        if map.len() > 10_000 {
            let window = self.window;
            map.retain(|_, (start, _)| start.elapsed() < window);
        }
        let entry = map.entry(ip).or_insert((Instant::now(), 0));
        if entry.0.elapsed() >= self.window {
            *entry = (Instant::now(), 0);
        }
        entry.1 += 1;
    }
}

//! The login throttle by client address. Like the per-account lock it is kept in the
//! database (`store::throttle`), so every instance on one database throttles alike. It
//! guards against one address trying many accounts; the per-account lock guards against
//! many addresses trying one account.

use crate::store::{self, Db};
use std::net::IpAddr;

#[derive(Clone, Copy, Debug)]
pub struct AddressThrottle {
    pub max_failures: u32,
    pub window_secs: i64,
}

impl AddressThrottle {
    /// Seconds until this address may try again, if it is over its limit at `now`.
    pub async fn retry_after(&self, db: &Db, ip: IpAddr, now: i64) -> Result<Option<u64>, sqlx::Error> {
        let Some((start, failures)) = store::throttle::address_failures(db, &ip.to_string()).await? else {
            return Ok(None);
        };
        let ends = start + self.window_secs;
        Ok((failures >= i64::from(self.max_failures) && now < ends).then(|| (ends - now).max(1) as u64))
    }

    pub async fn fail(&self, db: &Db, ip: IpAddr, now: i64) -> Result<(), sqlx::Error> {
        store::throttle::add_address_failure(db, &ip.to_string(), now, self.window_secs).await
    }
}

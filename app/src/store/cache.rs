//! A read cache in front of the database for the hot path of the decision API: the company
//! (for the capability check), its policy with every device and queue, and bearer tokens.
//!
//! Every write of this process that changes what is cached tells the cache (services call
//! [`Db::policy_changed`]), so one instance never answers from stale data. With PostgreSQL
//! the write is announced to every other instance too ([`listen`]), which forgets it within
//! moments; entries also expire after [`MAX_AGE`], the bound when an announcement is lost.

use super::devices::{self, DeviceRecord};
use super::tenants::{self, CompanyRecord};
use super::Db;
use super::{decisions, queues, Reach};
use crate::policy::{DeviceFacts, PolicyFacts, QueueFacts};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

pub const MAX_AGE: Duration = Duration::from_secs(5);

/// A company's policy as a decision reads it.
#[derive(Debug)]
pub struct CompanySnapshot {
    pub facts: PolicyFacts,
    pub devices: HashMap<String, DeviceFacts>,
    pub queues: HashMap<String, QueueFacts>,
}

impl crate::policy::Directory for CompanySnapshot {
    fn device(&self, id: &str) -> Option<DeviceFacts> {
        self.devices.get(id).cloned()
    }
    fn queue(&self, id: &str) -> Option<QueueFacts> {
        self.queues.get(id).cloned()
    }
}

#[derive(Debug, Default)]
struct Entries {
    records: HashMap<String, (Instant, Option<CompanyRecord>)>,
    snapshots: HashMap<String, (Instant, Arc<CompanySnapshot>)>,
    tokens: HashMap<String, (Instant, Arc<dyn std::any::Any + Send + Sync>)>,
}

#[derive(Debug, Default)]
pub struct ReadCache {
    entries: RwLock<Entries>,
    /// Bumped by every invalidation: a value loaded while a write committed is not kept.
    generation: AtomicU64,
}

fn fresh<T>(entry: Option<&(Instant, T)>) -> Option<&T> {
    entry.filter(|(at, _)| at.elapsed() < MAX_AGE).map(|(_, v)| v)
}

impl ReadCache {
    /// Forgets one company, or everything (a change at system or reseller level, tokens or
    /// administrators).
    pub fn invalidate(&self, company_id: Option<&str>) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        let mut e = self.entries.write().expect("cache lock");
        match company_id {
            Some(id) => {
                e.records.remove(id);
                e.snapshots.remove(id);
            }
            None => *e = Entries::default(),
        }
    }

    fn keep<T>(&self, generation: u64, put: impl FnOnce(&mut Entries) -> T) -> Option<T> {
        let mut e = self.entries.write().expect("cache lock");
        (self.generation.load(Ordering::SeqCst) == generation).then(|| put(&mut e))
    }

    pub async fn company(&self, db: &Db, id: &str) -> Result<Option<CompanyRecord>, sqlx::Error> {
        if let Some(found) = fresh(self.entries.read().expect("cache lock").records.get(id)) {
            return Ok(found.clone());
        }
        let generation = self.generation.load(Ordering::SeqCst);
        let record = tenants::company(db, id).await?;
        self.keep(generation, |e| e.records.insert(id.to_string(), (Instant::now(), record.clone())));
        Ok(record)
    }

    pub async fn snapshot(&self, db: &Db, company_id: &str) -> Result<Option<Arc<CompanySnapshot>>, sqlx::Error> {
        if let Some(found) = fresh(self.entries.read().expect("cache lock").snapshots.get(company_id)) {
            return Ok(Some(found.clone()));
        }
        let generation = self.generation.load(Ordering::SeqCst);
        let Some(facts) = decisions::facts(db, company_id).await? else {
            return Ok(None);
        };
        // A decision reads the whole company: the snapshot is shared by every caller.
        let whole = Reach::new(company_id, None);
        let devices = devices::devices(db, whole, i64::MAX).await?;
        let queues = queues::queues(db, whole, i64::MAX).await?;
        let snapshot = Arc::new(CompanySnapshot {
            facts,
            devices: devices.iter().map(|d: &DeviceRecord| (d.id.clone(), d.facts())).collect(),
            queues: queues.into_iter().map(|q| (q.id.clone(), q.facts())).collect(),
        });
        self.keep(generation, |e| e.snapshots.insert(company_id.to_string(), (Instant::now(), snapshot.clone())));
        Ok(Some(snapshot))
    }

    /// A value derived from a bearer token (the principal it stands for), by the SHA-256
    /// of its secret. `load` runs when it is not cached; an error is not cached.
    pub async fn token<T, F>(&self, secret_hash: &str, load: F) -> Result<Arc<T>, crate::error::AppError>
    where
        T: Send + Sync + 'static,
        F: std::future::Future<Output = Result<T, crate::error::AppError>>,
    {
        if let Some(found) = fresh(self.entries.read().expect("cache lock").tokens.get(secret_hash)) {
            if let Ok(v) = found.clone().downcast::<T>() {
                return Ok(v);
            }
        }
        let generation = self.generation.load(Ordering::SeqCst);
        let value = Arc::new(load.await?);
        let any: Arc<dyn std::any::Any + Send + Sync> = value.clone();
        self.keep(generation, |e| e.tokens.insert(secret_hash.to_string(), (Instant::now(), any)));
        Ok(value)
    }
}

/// With PostgreSQL, every instance's cache hears of every instance's policy writes: a write
/// is announced on this channel (the company's id, or `*` for everything) and each instance
/// listens. A notification that is lost (a dropped connection) is covered by [`MAX_AGE`],
/// and a listener that reconnects forgets everything it holds.
const CHANNEL: &str = "earmark_policy";

pub(crate) fn announce(pool: &sqlx::PgPool, company_id: Option<&str>) {
    let pool = pool.clone();
    let payload = company_id.unwrap_or("*").to_string();
    tokio::spawn(async move {
        let sent = sqlx::query("SELECT pg_notify($1, $2)").bind(CHANNEL).bind(&payload).execute(&pool).await;
        if let Err(e) = sent {
            tracing::warn!(error = %e, "the other instances were not told of a policy change; their caches expire within 5 s");
        }
    });
}

pub(crate) fn listen(pool: sqlx::PgPool, cache: Arc<ReadCache>) {
    tokio::spawn(async move {
        while !pool.is_closed() {
            match sqlx::postgres::PgListener::connect_with(&pool).await {
                Ok(mut listener) => match listener.listen(CHANNEL).await {
                    Ok(()) => {
                        // Whatever was written while nobody listened is unknown.
                        cache.invalidate(None);
                        loop {
                            match listener.try_recv().await {
                                Ok(Some(n)) => cache.invalidate(Some(n.payload()).filter(|p| *p != "*")),
                                // The connection dropped; the next call reconnects and listens again.
                                Ok(None) => cache.invalidate(None),
                                Err(e) => {
                                    tracing::warn!(error = %e, "the policy-change listener lost PostgreSQL; retrying");
                                    break;
                                }
                            }
                        }
                    }
                    Err(e) => tracing::warn!(error = %e, "could not listen for policy changes; retrying"),
                },
                Err(e) => tracing::warn!(error = %e, "could not connect the policy-change listener; retrying"),
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    });
}

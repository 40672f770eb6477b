//! The sweep of uploads that never finished: a crash (or a lost database) between keeping an
//! upload's audio and committing its row leaves the upload's line in `store::uploads`; once it
//! is older than any upload takes, the sweep claims the line and removes the audio. Claiming
//! first is what keeps it safe beside a slow upload still running: whichever of the two takes
//! the line away first decides, the row (the audio stays) or the sweep (the upload fails and
//! is retried by the engine).

use crate::error::{AppError, AppResult};
use crate::store::files::Storages;
use crate::store::{self, Db};
use std::time::Duration;

const JOB: &str = "unfinished-uploads";
const BATCH: i64 = 500;

/// Removes the audio of uploads begun more than `older_than` ago and never finished; the
/// number removed.
pub async fn sweep(db: &Db, storages: &Storages, older_than: Duration) -> AppResult<usize> {
    let before = store::seconds_text(time::OffsetDateTime::now_utc() - older_than);
    let mut removed = 0;
    loop {
        let lines = store::uploads::unfinished(db, &before, BATCH).await?;
        let last = lines.len() < BATCH as usize;
        for u in lines {
            if !store::uploads::abandon(db, &u.storage_key).await? {
                continue;
            }
            let storage = super::storage::holding(db, storages, u.storage_account_id.as_deref()).await?;
            match storage.remove(&u.storage_key).await {
                Ok(removal) => {
                    removal.finish().await;
                    removed += 1;
                }
                // The crash came before the audio was kept.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(AppError::internal(e)),
            }
            tracing::info!(company_id = %u.company_id, key = %u.storage_key, "removed the audio of an upload that never finished");
        }
        if last {
            return Ok(removed);
        }
    }
}

/// The sweep on a schedule, on whichever instance holds its lease.
pub async fn run(db: Db, storages: std::sync::Arc<Storages>, older_than: Duration, period: Duration) {
    let mut tick = tokio::time::interval(period);
    loop {
        tick.tick().await;
        match super::jobs::holds(&db, JOB, period).await {
            Ok(true) => {
                let failed = sweep(&db, &storages, older_than).await.err();
                super::jobs::ran(JOB, failed.is_some() as u64);
                if let Some(e) = failed {
                    tracing::error!(error = %e, "the sweep of unfinished uploads failed");
                }
            }
            Ok(false) => {}
            Err(e) => tracing::error!(error = %e, "the sweep of unfinished uploads could not take its lease"),
        }
    }
}

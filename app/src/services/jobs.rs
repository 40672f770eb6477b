//! Background work that one instance runs for all (see `store::jobs`): each instance asks for
//! the job's lease before each run, under an id of its own.

use crate::error::AppResult;
use crate::store::{self, Db};
use std::sync::OnceLock;
use std::time::Duration;

fn instance() -> &'static str {
    static ID: OnceLock<String> = OnceLock::new();
    ID.get_or_init(store::new_id)
}

/// Marks a run of `job` on this instance for `/metrics`: when it last ran, how many runs,
/// how many errors (a failed run, or the parts of a run that failed).
pub fn ran(job: &'static str, errors: u64) {
    let now = time::OffsetDateTime::now_utc().unix_timestamp() as f64;
    metrics::gauge!("earmark_job_last_run_timestamp_seconds", "job" => job).set(now);
    metrics::counter!("earmark_job_runs_total", "job" => job).increment(1);
    metrics::counter!("earmark_job_errors_total", "job" => job).increment(errors);
}

/// True when this instance holds `job` for the next `lease` (taken now, or renewed).
pub async fn holds(db: &Db, job: &str, lease: Duration) -> AppResult<bool> {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    Ok(store::jobs::take_lease(db, job, instance(), now, now + lease.as_secs() as i64).await?)
}

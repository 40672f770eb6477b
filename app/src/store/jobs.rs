//! Background work that must run once however many instances share the database (the
//! expired-session sweep now; retention purges and e-mail later): an instance runs a job
//! only while it holds the job's lease, a row in the database with an expiry, so two
//! instances never both run it and a crashed holder's lease simply runs out.

use super::{run, Db};

/// Takes (or renews) the lease on `job` for `holder` until `until` (seconds since the
/// epoch), unless another holder's lease is still running at `now`. True when `holder`
/// holds it.
pub async fn take_lease(db: &Db, job: &str, holder: &str, now: i64, until: i64) -> Result<bool, sqlx::Error> {
    let taken = run!(
        db,
        "INSERT INTO job_leases (job, holder, until) VALUES (?1, ?2, ?3) \
         ON CONFLICT (job) DO UPDATE SET holder = ?2, until = ?3 \
         WHERE job_leases.holder = ?2 OR job_leases.until <= ?4",
        |q, c| sqlx::query(q).bind(job).bind(holder).bind(until).bind(now).execute(c).await.affected()
    )?;
    Ok(taken == 1)
}

//! Work that must run once among all instances on a database: only the lease's holder runs
//! it, until the lease runs out.

mod common;

use app::store::jobs::take_lease;
use common::TestApp;

#[tokio::test]
async fn one_instance_at_a_time_holds_a_job_until_its_lease_runs_out() {
    let app = TestApp::new().await;
    let db = &app.db;
    assert!(take_lease(db, "sweep", "instance-a", 100, 160).await.unwrap(), "a free job is taken");
    assert!(!take_lease(db, "sweep", "instance-b", 120, 180).await.unwrap(), "a held job is refused");
    assert!(take_lease(db, "sweep", "instance-a", 150, 210).await.unwrap(), "the holder renews");
    assert!(!take_lease(db, "sweep", "instance-b", 200, 260).await.unwrap(), "the renewed lease still holds");
    assert!(take_lease(db, "sweep", "instance-b", 210, 270).await.unwrap(), "a lease that ran out is taken over");
    assert!(!take_lease(db, "sweep", "instance-a", 220, 280).await.unwrap(), "and the old holder is refused");
    assert!(take_lease(db, "another job", "instance-a", 220, 280).await.unwrap(), "jobs are leased apart");
}

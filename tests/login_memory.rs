//! A hundred sign-ins at once against the real server all succeed. Argon2 takes 19 MiB a run
//! and the server runs as many at once as it has cores (the unit test of services/password.rs
//! checks that); how far its peak memory grows is printed, for docs/PERFORMANCE.md.

mod common;

use common::server::{login, serve};

const ADMIN: &str = "admin@northwind.demo.test";

/// The process's peak resident memory, in KiB (Linux's VmHWM).
fn peak_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("the server's /proc status");
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).expect("VmHWM");
    line.split_whitespace().nth(1).and_then(|n| n.parse().ok()).expect("a size in kB")
}

#[tokio::test]
async fn a_hundred_sign_ins_at_once_all_succeed() {
    let dir = tempfile::tempdir().unwrap();
    let (_database, url, recordings) = common::server::demo_database(&dir).await;
    let (server, port) = serve(&url, &recordings).await;
    let pid = server.id().expect("the server's pid");
    // One sign-in first, so that what is counted is the runs, not the first one's set-up.
    assert_eq!(login(port, ADMIN, common::PASSWORD).await.status, 200);
    let before = peak_kib(pid);
    let started = std::time::Instant::now();
    let tasks: Vec<_> = (0..100).map(|_| tokio::spawn(login(port, ADMIN, common::PASSWORD))).collect();
    for t in tasks {
        assert_eq!(t.await.unwrap().status, 200, "a sign-in");
    }
    let grown = peak_kib(pid).saturating_sub(before);
    eprintln!(
        "100 sign-ins at once: {:.1} s, peak memory grew by {} MiB",
        started.elapsed().as_secs_f64(),
        grown / 1024
    );
}

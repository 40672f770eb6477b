//! Two Earmark servers (the real binary, two ports) on one PostgreSQL database, as a
//! platform runs them behind a load balancer: a session made on one is valid on the other,
//! a throttled account is throttled on both, a policy write on one changes the other's
//! decisions within a second, and when one stops the other keeps answering.

mod common;

use common::server::{http, login, make_token, serve};
use serde_json::json;
use std::time::{Duration, Instant};

const ADMIN: &str = "admin@northwind.demo.test";

#[tokio::test]
async fn two_instances_on_one_postgresql_database_act_as_one() {
    if common::postgres_server().is_none() {
        eprintln!(
            "skipped: two instances share a database only on PostgreSQL, and EARMARK_TEST_POSTGRES names no server \
             (scripts/test starts one)"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let database = common::test_database(&dir).await;
    let app::Location::Postgres(url) = &database.location else { unreachable!("a PostgreSQL test database") };
    let recordings = dir.path().join("recordings");
    let seeded = common::server::earmark(url, &recordings).arg("demo").status().await.expect("earmark demo runs");
    assert!(seeded.success(), "earmark demo");
    let (mut a, port_a) = serve(url, &recordings).await;
    let (_b, port_b) = serve(url, &recordings).await;

    // A session made through A is valid on B.
    let signed_in = login(port_a, ADMIN, common::PASSWORD).await;
    assert_eq!(signed_in.status, 200, "{}", signed_in.body);
    let cookie = signed_in
        .header("set-cookie")
        .and_then(|c| c.split(';').next())
        .filter(|c| c.starts_with("earmark_session="))
        .expect("login sets the session cookie")
        .to_string();
    let companies = http(port_b, "GET", "/api/v1/companies", Some(&cookie), None).await;
    assert_eq!(companies.status, 200, "B knows A's session: {}", companies.body);
    let company = companies.json().as_array().unwrap().iter().find(|c| c["name"] == "Northwind Traders").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();

    // The engine's token, made on A, asks B.
    let token =
        make_token(port_a, &cookie, &company, &["recording_policy.view"]).await["token"].as_str().unwrap().to_string();
    let devices = http(port_b, "GET", &format!("/api/v1/companies/{company}/devices"), Some(&cookie), None).await;
    let desk = devices.json().as_array().unwrap().iter().find(|d| !d["owner"].is_null()).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let decisions = format!("/api/v1/companies/{company}/decisions");
    let call = json!({"source": {"external": "+15551234567"}, "destination": {"device": desk}});
    let decide = |port| {
        let (decisions, call, token) = (decisions.clone(), call.clone(), token.clone());
        async move {
            let r = http(port, "POST", &decisions, Some(&token), Some(&call)).await;
            assert_eq!(r.status, 200, "decision on port {port}: {}", r.body);
            r.json()["recorded"].as_bool().expect("recorded")
        }
    };
    assert!(!decide(port_b).await, "an external call to a desk is not recorded by the demo policy");

    // A policy write on A: B's next decisions (its cache warm from the one above) change
    // within a second, long before its cache would expire by itself.
    let force = format!("/api/v1/companies/{company}/force-record");
    let mut fr = http(port_a, "GET", &force, Some(&cookie), None).await.json();
    fr["entire_account"]["inbound"]["offnet"] = json!(true);
    let saved = http(port_a, "PUT", &force, Some(&cookie), Some(&fr)).await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    let written = Instant::now();
    while !decide(port_b).await {
        assert!(written.elapsed() < Duration::from_secs(1), "B still answers from before A's write after 1 s");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    eprintln!("B saw A's write after {} ms", written.elapsed().as_millis());

    // An account locked by failures on A is locked on B.
    for _ in 0..5 {
        assert_eq!(login(port_a, "supervisor@northwind.demo.test", "wrong").await.status, 401);
    }
    let locked = login(port_b, "supervisor@northwind.demo.test", common::PASSWORD).await;
    assert_eq!(locked.status, 429, "B refuses the account A locked: {}", locked.body);

    // A stops; B keeps answering.
    a.kill().await.expect("A stops");
    assert!(decide(port_b).await, "B answers with A gone");
    assert_eq!(http(port_b, "GET", "/readyz", None, None).await.status, 200);
}

//! A real PBX in the loop: SIPp places calls through Kamailio (contrib/kamailio) to a SIPp
//! callee, and Kamailio asks the real Earmark whether to record each. The callee sees the
//! answer in `X-Earmark-Record`; the decision is kept for the call's id; the hold and retrieve
//! re-INVITEs are reported as call events; with Earmark stopped the call goes on unrecorded
//! (fail-open) or is refused (fail-closed). Skipped, and said so, when Kamailio or SIPp is not
//! installed (scripts/lib.sh `ensure_pbx` installs them from Debian).

mod common;

use common::server::{company_named, http, login, make_token, serve};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};
use tokio::process::{Child, Command};

const ADMIN: &str = "admin@northwind.demo.test";
const CONTRIB: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/contrib/kamailio");

/// The program, when installed; otherwise the reason the test skips.
fn installed(name: &str) -> Result<PathBuf, String> {
    ["/usr/sbin", "/usr/bin", "/usr/local/bin", "/usr/local/sbin"]
        .iter()
        .map(|d| Path::new(d).join(name))
        .find(|p| p.is_file())
        .ok_or_else(|| format!("skipped: {name} is not installed (scripts/lib.sh ensure_pbx installs it from Debian)"))
}

fn free_udp_port() -> u16 {
    std::net::UdpSocket::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Kamailio with the example configuration, the test's devices table beside it, until dropped.
struct Kamailio {
    _process: Child,
    port: u16,
    log: PathBuf,
}

impl Kamailio {
    async fn start(dir: &Path, defines: &[String]) -> Kamailio {
        let port = free_udp_port();
        let log = dir.join(format!("kamailio-{port}.log"));
        std::fs::create_dir_all(dir.join("run")).unwrap();
        let mut cmd = Command::new(installed("kamailio").unwrap());
        cmd.arg("-f").arg(dir.join("kamailio.cfg"));
        cmd.args(["-DD", "-E", "-n", "1", "-m", "32", "-M", "8", "-l", &format!("udp:127.0.0.1:{port}")]);
        cmd.arg("-Y").arg(dir.join("run")).arg("-w").arg(dir);
        for d in defines {
            cmd.arg("-A").arg(d);
        }
        let out = std::fs::File::create(&log).unwrap();
        cmd.stdout(Stdio::null()).stderr(Stdio::from(out)).kill_on_drop(true);
        let child = cmd.spawn().expect("kamailio starts");
        let k = Kamailio { _process: child, port, log };
        k.wait_ready().await;
        k
    }

    /// Until it answers an OPTIONS with 200.
    async fn wait_ready(&self) {
        let socket = tokio::net::UdpSocket::bind("127.0.0.1:0").await.unwrap();
        let local = socket.local_addr().unwrap();
        let started = Instant::now();
        loop {
            let options = format!(
                "OPTIONS sip:127.0.0.1:{port} SIP/2.0\r\nVia: SIP/2.0/UDP {local};branch=z9hG4bK-ready-{n}\r\n\
                 From: <sip:probe@{local}>;tag=probe\r\nTo: <sip:127.0.0.1:{port}>\r\nCall-ID: ready-{n}@test\r\n\
                 CSeq: 1 OPTIONS\r\nMax-Forwards: 5\r\nContent-Length: 0\r\n\r\n",
                port = self.port,
                n = started.elapsed().as_millis()
            );
            socket.send_to(options.as_bytes(), ("127.0.0.1", self.port)).await.unwrap();
            let mut buf = [0u8; 2048];
            if let Ok(Ok((n, _))) = tokio::time::timeout(Duration::from_millis(300), socket.recv_from(&mut buf)).await {
                if String::from_utf8_lossy(&buf[..n]).starts_with("SIP/2.0 200") {
                    return;
                }
            }
            assert!(started.elapsed() < Duration::from_secs(20), "kamailio did not start:\n{}", self.log_text());
        }
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

/// The SIPp callee of contrib/kamailio/sipp/callee.xml, for every call of the test.
fn callee(dir: &Path, port: u16) -> Child {
    Command::new(installed("sipp").unwrap())
        .arg("-sf")
        .arg(format!("{CONTRIB}/sipp/callee.xml"))
        .args(["-i", "127.0.0.1", "-p", &port.to_string(), "-trace_msg", "-message_file"])
        .arg(dir.join("callee.log"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("sipp starts")
}

/// One call from outside to `extension` through the proxy; true when it completed.
async fn call(dir: &Path, proxy: u16, extension: &str, call_id: &str) -> bool {
    let status = Command::new(installed("sipp").unwrap())
        .arg("-sf")
        .arg(format!("{CONTRIB}/sipp/caller.xml"))
        .arg(format!("127.0.0.1:{proxy}"))
        .args(["-s", extension, "-m", "1", "-i", "127.0.0.1", "-p", &free_udp_port().to_string()])
        .args(["-cid_str", call_id, "-timeout", "20s", "-timeout_error", "-trace_msg", "-message_file"])
        .arg(dir.join(format!("caller-{call_id}.log")))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .status()
        .await
        .expect("sipp runs");
    status.success()
}

/// How many initial INVITEs the callee received with `X-Earmark-Record: {value}`.
fn callee_saw(dir: &Path, value: &str) -> usize {
    std::fs::read_to_string(dir.join("callee.log"))
        .unwrap_or_default()
        .matches(&format!("X-Earmark-Record: {value}"))
        .count()
}

/// Sets the device to record every call (`on`) or none (`off`).
async fn set_device(port: u16, cookie: &str, device: &Value, value: &str) {
    let id = device["id"].as_str().unwrap();
    let cells = json!({"onnet": value, "offnet": value});
    let body = json!({"override": {"inbound": cells, "outbound": cells}, "owner": device["owner"], "version": device["version"]});
    let r = http(port, "PUT", &format!("/api/v1/devices/{id}"), Some(cookie), Some(&body)).await;
    assert_eq!(r.status, 200, "{}", r.body);
}

#[tokio::test]
async fn kamailio_asks_earmark_tells_the_callee_reports_holds_and_fails_open_or_closed() {
    for program in ["kamailio", "sipp"] {
        if let Err(why) = installed(program) {
            eprintln!("{why}");
            return;
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let database = common::test_database(&dir).await;
    let recordings = dir.path().join("recordings");
    let seeded = common::server::earmark(&database.url(), &recordings).arg("demo").status().await.unwrap();
    assert!(seeded.success());
    let (mut earmark, port) = serve(&database.url(), &recordings).await;
    let signed_in = login(port, ADMIN, common::PASSWORD).await;
    let cookie = signed_in.header("set-cookie").and_then(|c| c.split(';').next()).unwrap().to_string();
    let company = company_named(port, &cookie, "Northwind Traders").await;
    let token =
        make_token(port, &cookie, &company, &["recording_policy.view"]).await["token"].as_str().unwrap().to_string();

    // Extension 201 records every call, 202 none: as the decision API says, first.
    let devices = http(port, "GET", &format!("/api/v1/companies/{company}/devices"), Some(&cookie), None).await.json();
    let devices = devices.as_array().unwrap();
    let (recorded, off) = (&devices[0], &devices[1]);
    set_device(port, &cookie, recorded, "on").await;
    set_device(port, &cookie, off, "off").await;
    for (device, expected) in [(recorded, true), (off, false)] {
        let request = json!({"source": {"external": "+15551230000"}, "destination": {"device": device["id"]}});
        let d =
            http(port, "POST", &format!("/api/v1/companies/{company}/decisions"), Some(&token), Some(&request)).await;
        assert_eq!(d.json()["recorded"], expected, "{}", d.body);
    }
    let work = dir.path().join("kamailio");
    std::fs::create_dir_all(&work).unwrap();
    std::fs::copy(format!("{CONTRIB}/kamailio.cfg"), work.join("kamailio.cfg")).unwrap();
    std::fs::write(
        work.join("devices.cfg"),
        format!(
            "event_route[htable:mod-init] {{\n\t$sht(devices=>201) = \"{}\";\n\t$sht(devices=>202) = \"{}\";\n}}\n",
            recorded["id"].as_str().unwrap(),
            off["id"].as_str().unwrap()
        ),
    )
    .unwrap();
    let callee_port = free_udp_port();
    let _callee = callee(&work, callee_port);
    let defines = |extra: &[&str]| -> Vec<String> {
        let mut d = vec![
            format!("EARMARK_URL=\"http://127.0.0.1:{port}\""),
            format!("EARMARK_TOKEN=\"{token}\""),
            format!("EARMARK_COMPANY=\"{company}\""),
            format!("CALLEE=\"sip:127.0.0.1:{callee_port}\""),
        ];
        d.extend(extra.iter().map(|s| s.to_string()));
        d
    };
    let proxy = Kamailio::start(&work, &defines(&[])).await;

    assert!(call(&work, proxy.port, "201", "pbx-recorded@test").await, "{}", proxy.log_text());
    assert_eq!((callee_saw(&work, "yes"), callee_saw(&work, "no")), (1, 0), "{}", proxy.log_text());
    assert!(call(&work, proxy.port, "202", "pbx-off@test").await, "{}", proxy.log_text());
    assert_eq!((callee_saw(&work, "yes"), callee_saw(&work, "no")), (1, 1), "{}", proxy.log_text());

    // The "record" decision was kept under the SIP Call-ID, for its upload and its events.
    let missing = http(
        port,
        "GET",
        &format!("/api/v1/companies/{company}/missing-recordings?deadline_minutes=0"),
        Some(&cookie),
        None,
    )
    .await
    .json();
    let calls: Vec<&str> = missing["rows"].as_array().unwrap().iter().filter_map(|r| r["call_id"].as_str()).collect();
    assert!(calls.contains(&"pbx-recorded@test") && !calls.contains(&"pbx-off@test"), "{missing}");
    // The hold and retrieve re-INVITEs of the recorded call were reported and answered (a
    // device's call pauses on no queue's rule: recording goes on).
    let log = proxy.log_text();
    assert!(log.contains("earmark: call pbx-recorded@test hold: \"record\""), "{log}");
    assert!(log.contains("earmark: call pbx-recorded@test retrieve: \"record\""), "{log}");
    assert!(!log.contains("earmark: call pbx-off@test hold"), "an unrecorded call has no events: {log}");

    // Earmark stopped: fail-open lets the call through unrecorded.
    earmark.kill().await.unwrap();
    let _ = earmark.wait().await;
    assert!(call(&work, proxy.port, "201", "pbx-open@test").await, "{}", proxy.log_text());
    assert_eq!((callee_saw(&work, "yes"), callee_saw(&work, "no")), (1, 2), "{}", proxy.log_text());
    assert!(proxy.log_text().contains("earmark: no decision for call pbx-open@test"));
    drop(proxy);

    // Fail-closed refuses it, and the callee never rings.
    let closed = Kamailio::start(&work, &defines(&["FAIL_CLOSED"])).await;
    let invites_before = std::fs::read_to_string(work.join("callee.log")).unwrap().matches("INVITE sip:").count();
    assert!(call(&work, closed.port, "201", "pbx-closed@test").await, "{}", closed.log_text());
    let caller = std::fs::read_to_string(work.join("caller-pbx-closed@test.log")).unwrap();
    assert!(caller.contains("SIP/2.0 503 Recording Policy Unavailable"), "{caller}");
    let invites_after = std::fs::read_to_string(work.join("callee.log")).unwrap().matches("INVITE sip:").count();
    assert_eq!(invites_before, invites_after, "the callee saw no INVITE");
}

//! A real PBX in the loop: SIPp places calls with real RTP audio through Kamailio
//! (contrib/kamailio) to a SIPp callee, and Kamailio asks the real Earmark whether to record
//! each. The callee sees the answer in `X-Earmark-Record`; the decision is kept for the call's
//! id; the hold and retrieve re-INVITEs are reported as call events; with Earmark stopped the
//! call goes on unrecorded (fail-open) or is refused (fail-closed). With rtpengine in the media
//! path, a recorded call's audio is converted and uploaded by `earmark ingest` and appears in
//! Stored Recordings with its decision's trace. Skipped, and said so, when Kamailio, SIPp or
//! rtpengine is not installed (scripts/lib.sh `ensure_pbx` installs them from Debian).

mod common;

use common::server::{company_named, http, login, make_token, serve};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};
use tokio::io::AsyncBufReadExt;
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
        .args(["-i", "127.0.0.1", "-p", &port.to_string(), "-mp", &free_udp_port().to_string(), "-rtp_echo"])
        .args(["-trace_msg", "-message_file"])
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
        .args(["-mp", &free_udp_port().to_string()])
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

/// The programs are all installed, or the reason the test skips (said on its output).
fn skip_without(programs: &[&str]) -> bool {
    for program in programs {
        if let Err(why) = installed(program) {
            eprintln!("{why}");
            return true;
        }
    }
    false
}

/// Earmark on the demo data, serving; extension 201 a device that records every call and
/// 202 one that records none (as the decision API says, checked first); Kamailio's folder
/// with the example configuration and a devices table of the two.
struct Platform {
    dir: tempfile::TempDir,
    earmark: Child,
    port: u16,
    cookie: String,
    company: String,
    token: String,
    recorded: Value,
    work: PathBuf,
}

impl Platform {
    async fn start(privileges: &[&str]) -> Platform {
        let dir = tempfile::tempdir().unwrap();
        let database = common::test_database(&dir).await;
        let recordings = dir.path().join("recordings");
        let seeded = common::server::earmark(&database.url(), &recordings).arg("demo").status().await.unwrap();
        assert!(seeded.success());
        let (earmark, port) = serve(&database.url(), &recordings).await;
        // The database lives as long as the folder (a PostgreSQL one is dropped with it).
        std::mem::forget(database);
        let signed_in = login(port, ADMIN, common::PASSWORD).await;
        let cookie = signed_in.header("set-cookie").and_then(|c| c.split(';').next()).unwrap().to_string();
        let company = company_named(port, &cookie, "Northwind Traders").await;
        let token = make_token(port, &cookie, &company, privileges).await["token"].as_str().unwrap().to_string();
        let devices =
            http(port, "GET", &format!("/api/v1/companies/{company}/devices"), Some(&cookie), None).await.json();
        let devices = devices.as_array().unwrap();
        let (recorded, off) = (devices[0].clone(), devices[1].clone());
        set_device(port, &cookie, &recorded, "on").await;
        set_device(port, &cookie, &off, "off").await;
        let platform = Platform { dir, earmark, port, cookie, company, token, recorded, work: PathBuf::new() };
        for (device, expected) in [(&platform.recorded, true), (&off, false)] {
            let d = platform.decide(device).await;
            assert_eq!(d["recorded"], expected, "{d}");
        }
        let work = platform.dir.path().join("kamailio");
        std::fs::create_dir_all(&work).unwrap();
        std::fs::copy(format!("{CONTRIB}/kamailio.cfg"), work.join("kamailio.cfg")).unwrap();
        std::fs::write(
            work.join("devices.cfg"),
            format!(
                "event_route[htable:mod-init] {{\n\t$sht(devices=>201) = \"{}\";\n\t$sht(devices=>202) = \"{}\";\n}}\n",
                platform.recorded["id"].as_str().unwrap(),
                off["id"].as_str().unwrap()
            ),
        )
        .unwrap();
        Platform { work, ..platform }
    }

    /// The decision for a call from outside to the device, as the API answers it.
    async fn decide(&self, device: &Value) -> Value {
        let request = json!({"source": {"external": "+15551230000"}, "destination": {"device": device["id"]}});
        let path = format!("/api/v1/companies/{}/decisions", self.company);
        http(self.port, "POST", &path, Some(&self.token), Some(&request)).await.json()
    }

    /// Kamailio's defines for this Earmark and a callee.
    fn defines(&self, callee_port: u16, extra: &[&str]) -> Vec<String> {
        let mut d = vec![
            format!("EARMARK_URL=\"http://127.0.0.1:{}\"", self.port),
            format!("EARMARK_TOKEN=\"{}\"", self.token),
            format!("EARMARK_COMPANY=\"{}\"", self.company),
            format!("CALLEE=\"sip:127.0.0.1:{callee_port}\""),
        ];
        d.extend(extra.iter().map(|s| s.to_string()));
        d
    }
}

#[tokio::test]
async fn kamailio_asks_earmark_tells_the_callee_reports_holds_and_fails_open_or_closed() {
    if skip_without(&["kamailio", "sipp"]) {
        return;
    }
    let mut p = Platform::start(&["recording_policy.view"]).await;
    let work = p.work.clone();
    let callee_port = free_udp_port();
    let _callee = callee(&work, callee_port);
    let proxy = Kamailio::start(&work, &p.defines(callee_port, &[])).await;

    assert!(call(&work, proxy.port, "201", "pbx-recorded@test").await, "{}", proxy.log_text());
    assert_eq!((callee_saw(&work, "yes"), callee_saw(&work, "no")), (1, 0), "{}", proxy.log_text());
    assert!(call(&work, proxy.port, "202", "pbx-off@test").await, "{}", proxy.log_text());
    assert_eq!((callee_saw(&work, "yes"), callee_saw(&work, "no")), (1, 1), "{}", proxy.log_text());

    // The "record" decision was kept under the SIP Call-ID, for its upload and its events.
    let missing = format!("/api/v1/companies/{}/missing-recordings?deadline_minutes=0", p.company);
    let missing = http(p.port, "GET", &missing, Some(&p.cookie), None).await.json();
    let calls: Vec<&str> = missing["rows"].as_array().unwrap().iter().filter_map(|r| r["call_id"].as_str()).collect();
    assert!(calls.contains(&"pbx-recorded@test") && !calls.contains(&"pbx-off@test"), "{missing}");
    // The hold and retrieve re-INVITEs of the recorded call were reported and answered (a
    // device's call pauses on no queue's rule: recording goes on).
    let log = proxy.log_text();
    assert!(log.contains("earmark: call pbx-recorded@test hold: \"record\""), "{log}");
    assert!(log.contains("earmark: call pbx-recorded@test retrieve: \"record\""), "{log}");
    assert!(!log.contains("earmark: call pbx-off@test hold"), "an unrecorded call has no events: {log}");

    // Earmark stopped: fail-open lets the call through unrecorded.
    p.earmark.kill().await.unwrap();
    let _ = p.earmark.wait().await;
    assert!(call(&work, proxy.port, "201", "pbx-open@test").await, "{}", proxy.log_text());
    assert_eq!((callee_saw(&work, "yes"), callee_saw(&work, "no")), (1, 2), "{}", proxy.log_text());
    assert!(proxy.log_text().contains("earmark: no decision for call pbx-open@test"));
    drop(proxy);

    // Fail-closed refuses it, and the callee never rings.
    let closed = Kamailio::start(&work, &p.defines(callee_port, &["FAIL_CLOSED"])).await;
    let invites = || std::fs::read_to_string(work.join("callee.log")).unwrap().matches("INVITE sip:").count();
    let invites_before = invites();
    assert!(call(&work, closed.port, "201", "pbx-closed@test").await, "{}", closed.log_text());
    let caller = std::fs::read_to_string(work.join("caller-pbx-closed@test.log")).unwrap();
    assert!(caller.contains("SIP/2.0 503 Recording Policy Unavailable"), "{caller}");
    assert_eq!(invites_before, invites(), "the callee saw no INVITE");
}

/// rtpengine in user space on free ports, recording to `dir` as pcap, until dropped.
struct Rtpengine {
    _process: Child,
    control: u16,
}

impl Rtpengine {
    async fn start(dir: &Path) -> Rtpengine {
        let control = free_udp_port();
        // A media port range of its own (rtpengine takes two ports a stream).
        let base = 20_000 + (control % 40_000) / 100 * 100;
        let log = std::fs::File::create(dir.join("rtpengine.log")).unwrap();
        let process = Command::new(installed("rtpengine").unwrap())
            .args(["--table=-1", "--interface=127.0.0.1", "--foreground", "--log-stderr", "--no-fallback"])
            .arg(format!("--listen-ng=127.0.0.1:{control}"))
            .arg(format!("--port-min={base}"))
            .arg(format!("--port-max={}", base + 99))
            .arg(format!("--recording-dir={}", dir.join("recordings").display()))
            .args(["--recording-method=pcap", "--delete-delay=0"])
            .arg(format!("--pidfile={}", dir.join("rtpengine.pid").display()))
            .stdout(Stdio::null())
            .stderr(Stdio::from(log))
            .kill_on_drop(true)
            .spawn()
            .expect("rtpengine starts");
        let socket = tokio::net::UdpSocket::bind("127.0.0.1:0").await.unwrap();
        let started = Instant::now();
        loop {
            socket.send_to(b"ready d7:command4:pinge", ("127.0.0.1", control)).await.unwrap();
            let mut buf = [0u8; 256];
            if let Ok(Ok((n, _))) = tokio::time::timeout(Duration::from_millis(300), socket.recv_from(&mut buf)).await {
                if String::from_utf8_lossy(&buf[..n]).contains("pong") {
                    break;
                }
            }
            assert!(started.elapsed() < Duration::from_secs(20), "rtpengine did not start");
        }
        Rtpengine { _process: process, control }
    }
}

#[tokio::test]
async fn a_recorded_call_is_converted_and_uploaded_by_the_ingest_with_its_trace_and_length() {
    if skip_without(&["kamailio", "sipp", "rtpengine"]) {
        return;
    }
    let p = Platform::start(&["recording_policy.view", "recordings.upload"]).await;
    let work = p.work.clone();
    let rtpengine = Rtpengine::start(&work).await;
    let callee_port = free_udp_port();
    let _callee = callee(&work, callee_port);
    let socket = format!("RTPENGINE_SOCK=\"udp:127.0.0.1:{}\"", rtpengine.control);
    let proxy = Kamailio::start(&work, &p.defines(callee_port, &["WITH_RTPENGINE", &socket])).await;
    let spool = work.join("spool");
    std::fs::create_dir_all(&spool).unwrap();
    let mut ingest = Command::new(env!("CARGO_BIN_EXE_earmark"))
        .args(["ingest", "--poll-secs", "1", "--spool"])
        .arg(&spool)
        .arg("--rtpengine-dir")
        .arg(work.join("recordings"))
        .env("EARMARK_INGEST_URL", format!("http://127.0.0.1:{}", p.port))
        .env("EARMARK_INGEST_TOKEN", &p.token)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = tokio::io::BufReader::new(ingest.stdout.take().unwrap()).lines();

    // The device set to Off first: no recording at all.
    assert!(call(&work, proxy.port, "202", "pbx-media-off@test").await, "{}", proxy.log_text());
    let started = Instant::now();
    assert!(call(&work, proxy.port, "201", "pbx-media@test").await, "{}", proxy.log_text());
    let call_seconds = started.elapsed().as_secs_f64();
    let mut seen = Vec::new();
    let recording = loop {
        let line = tokio::time::timeout(Duration::from_secs(30), lines.next_line())
            .await
            .unwrap_or_else(|_| panic!("no upload in time: {seen:?}\n{}", proxy.log_text()))
            .unwrap()
            .expect("the ingest runs");
        if let Some(rest) = line.strip_prefix("uploaded        ") {
            break rest.rsplit(' ').next().unwrap().to_string();
        }
        seen.push(line);
    };
    assert_eq!(seen.len(), 1, "one call converted, none failed: {seen:?}");
    assert!(seen[0].starts_with("converted       pbx-media_test: from rtpengine's"), "{seen:?}");

    let details = http(p.port, "GET", &format!("/api/v1/recordings/{recording}"), Some(&p.cookie), None).await.json();
    assert_eq!(details["call_id"], "pbx-media@test", "{details}");
    assert_eq!(details["device"], p.recorded["name"], "the device, by its name: {details}");
    assert_eq!(details["trace"], p.decide(&p.recorded).await["trace"], "the decision's trace came with it");
    let seconds = details["duration_ms"].as_f64().unwrap() / 1000.0;
    assert!((seconds - call_seconds).abs() < 1.0, "recorded {seconds} s of a {call_seconds} s call");
    assert!(details["peaks"].as_array().unwrap().iter().any(|p| p.as_u64() > Some(10)), "real audio, not silence");
    let played = http(p.port, "GET", &format!("/recordings/{recording}/audio"), Some(&p.cookie), None).await;
    assert_eq!((played.status, played.header("content-type")), (200, Some("audio/wav")));
    let rest = |dir: &str| {
        std::fs::read_dir(work.join("recordings").join(dir))
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.path().is_file())
            .count()
    };
    assert_eq!((rest("metadata"), rest("pcaps")), (0, 0), "rtpengine's files are removed once converted");
}

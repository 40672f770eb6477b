//! The storage benchmark of docs/PERFORMANCE.md (run by scripts/bench-storage): the release
//! server twice in one run, once keeping recordings in a folder and once on an S3-compatible
//! server (moto), each measured the same way from this process:
//!
//! 1. Twenty one-minute WAV recordings (about 940 KiB each) uploaded through the API.
//! 2. 100 concurrent listeners, each playing one from the start, then seeking three times
//!    with Range requests: time to the first byte (p50, p95), MiB/s, the server's RSS.
//! 3. Uploads of 20, 100 and 200 MB (the last twice), streamed from here (never held whole on either side): the
//!    server's peak RSS after each, which must not grow with the file.
//!
//! cargo run --release --example storage -- BINARY [S3 endpoint]

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Frame};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

// Shared with the other benchmarks; this one runs the release binary, not the router here.
#[path = "support/bench.rs"]
#[allow(dead_code)]
mod bench;
use bench::{listen, login, percentile, rss_kib, send};

/// A multipart upload of a WAV of `data_bytes` of samples, made as it is sent.
struct Upload {
    parts: Vec<Bytes>,
    remaining: u64,
    tail: Option<Bytes>,
}

const BOUNDARY: &str = "earmark-bench-boundary";
const CHUNK: usize = 256 * 1024;

impl Upload {
    fn new(call_id: &str, data_bytes: u64) -> Upload {
        let meta = serde_json::json!({
            "call_id": call_id, "started_at": "2026-11-30T09:00:00Z", "duration_seconds": data_bytes as f64 / 16000.0,
            "direction": "inbound", "caller": {"name": "Bench", "number": "+44 20 7946 0000"},
            "callee": {"name": "Ann Lee", "number": "201"},
        });
        let head = format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"metadata\"\r\nContent-Type: application/json\r\n\r\n{meta}\r\n\
             --{BOUNDARY}\r\nContent-Disposition: form-data; name=\"audio\"; filename=\"call.wav\"\r\nContent-Type: audio/wav\r\n\r\n"
        );
        let mut wav = Vec::with_capacity(44);
        wav.extend_from_slice(b"RIFF");
        wav.extend_from_slice(&(36 + data_bytes as u32).to_le_bytes());
        wav.extend_from_slice(b"WAVEfmt ");
        wav.extend_from_slice(&16u32.to_le_bytes());
        wav.extend_from_slice(&1u16.to_le_bytes());
        wav.extend_from_slice(&1u16.to_le_bytes());
        wav.extend_from_slice(&8000u32.to_le_bytes());
        wav.extend_from_slice(&16000u32.to_le_bytes());
        wav.extend_from_slice(&2u16.to_le_bytes());
        wav.extend_from_slice(&16u16.to_le_bytes());
        wav.extend_from_slice(b"data");
        wav.extend_from_slice(&(data_bytes as u32).to_le_bytes());
        Upload {
            parts: vec![Bytes::from(head), Bytes::from(wav)],
            remaining: data_bytes,
            tail: Some(Bytes::from(format!("\r\n--{BOUNDARY}--\r\n"))),
        }
    }
}

impl hyper::body::Body for Upload {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        if !self.parts.is_empty() {
            let part = self.parts.remove(0);
            return Poll::Ready(Some(Ok(Frame::data(part))));
        }
        if self.remaining > 0 {
            let n = (self.remaining as usize).min(CHUNK);
            self.remaining -= n as u64;
            // A quiet tone: samples alternate, so the waveform has something to draw.
            let chunk: Vec<u8> =
                (0..n / 2).flat_map(|i| (if i % 2 == 0 { 900i16 } else { -900 }).to_le_bytes()).collect();
            return Poll::Ready(Some(Ok(Frame::data(Bytes::from(chunk)))));
        }
        Poll::Ready(self.tail.take().map(|t| Ok(Frame::data(t))))
    }
}

async fn upload(
    addr: std::net::SocketAddr,
    token: &str,
    company: &str,
    call_id: &str,
    data_bytes: u64,
) -> anyhow::Result<String> {
    let req = hyper::Request::post(format!("/api/v1/companies/{company}/recordings"))
        .header("host", addr.to_string())
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"))
        .body(Upload::new(call_id, data_bytes))?;
    let (res, _) = send(addr, req).await?;
    let status = res.status();
    let body = res.into_body().collect().await?.to_bytes();
    anyhow::ensure!(status == 201, "upload {call_id}: {status} {}", String::from_utf8_lossy(&body));
    Ok(serde_json::from_slice::<serde_json::Value>(&body)?["id"].as_str().unwrap_or_default().to_string())
}

async fn json(
    addr: std::net::SocketAddr,
    method: &str,
    path: &str,
    cookie: &str,
    body: Option<serde_json::Value>,
) -> anyhow::Result<serde_json::Value> {
    let req = hyper::Request::builder()
        .method(method)
        .uri(path)
        .header("host", addr.to_string())
        .header("cookie", cookie)
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from(body.map(|b| b.to_string()).unwrap_or_default())))?;
    let (res, _) = send(addr, req).await?;
    Ok(serde_json::from_slice(&res.into_body().collect().await?.to_bytes())?)
}

struct Server {
    child: std::process::Child,
    addr: std::net::SocketAddr,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(bin: &str, dir: &std::path::Path, storage: &[(&str, String)]) -> anyhow::Result<Server> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let run = |args: &[&str]| {
        let mut c = std::process::Command::new(bin);
        c.args(args)
            .env("EARMARK_DATABASE", dir.join("earmark.db"))
            .env("EARMARK_RECORDINGS_DIR", dir.join("recordings"))
            .env("RUST_LOG", "warn")
            .stdout(std::process::Stdio::null());
        for (k, v) in storage {
            c.env(k, v);
        }
        c
    };
    anyhow::ensure!(run(&["demo"]).status()?.success(), "earmark demo failed");
    let child = run(&["serve", "--addr", &format!("127.0.0.1:{port}")]).spawn()?;
    let addr: std::net::SocketAddr = format!("127.0.0.1:{port}").parse()?;
    for _ in 0..100 {
        if std::net::TcpStream::connect(addr).is_ok() {
            return Ok(Server { child, addr });
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    anyhow::bail!("the server did not start")
}

async fn bench(name: &str, server: &Server) -> anyhow::Result<()> {
    let addr = server.addr;
    let pid = server.child.id();
    let cookie = login(addr).await?;
    let companies = json(addr, "GET", "/api/v1/companies", &cookie, None).await?;
    let company = companies[0]["id"].as_str().unwrap_or_default().to_string();
    let token = json(
        addr,
        "POST",
        "/api/v1/tokens",
        &cookie,
        Some(serde_json::json!({"company": company, "name": "bench", "privileges": ["recordings.upload"]})),
    )
    .await?["token"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let size = 60 * 16000u64;
    let mut ids = Vec::new();
    let started = Instant::now();
    for i in 0..20 {
        ids.push(upload(addr, &token, &company, &format!("bench-{name}-{i}"), size).await?);
    }
    let upload_s = started.elapsed().as_secs_f64();
    let (rss_idle, _) = rss_kib(&pid.to_string());

    let peak = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let sampling = {
        let peak = peak.clone();
        tokio::spawn(async move {
            loop {
                peak.fetch_max(rss_kib(&pid.to_string()).0, std::sync::atomic::Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        })
    };
    let started = Instant::now();
    let tasks: Vec<_> = (0..100)
        .map(|s| {
            let (cookie, id) = (cookie.clone(), ids[s % ids.len()].clone());
            tokio::spawn(async move { listen(addr, &cookie, &id, size + 44).await })
        })
        .collect();
    let (mut latencies, mut bytes) = (Vec::new(), 0u64);
    for t in tasks {
        let (l, b) = t.await??;
        latencies.extend(l);
        bytes += b;
    }
    let wall = started.elapsed().as_secs_f64();
    sampling.abort();
    latencies.sort_by(f64::total_cmp);
    println!(
        "storage={name} uploads=20x{}KiB upload_s={upload_s:.1} listeners=100 requests={} wall_s={wall:.2} mib_per_s={:.0} \
         first_byte_p50_ms={:.1} first_byte_p95_ms={:.1} rss_idle_kib={rss_idle} rss_peak_while_streaming_kib={}",
        size / 1024,
        latencies.len(),
        bytes as f64 / (1 << 20) as f64 / wall,
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.95),
        peak.load(std::sync::atomic::Ordering::Relaxed),
    );

    for (i, mb) in [20u64, 100, 200, 200].into_iter().enumerate() {
        let started = Instant::now();
        upload(addr, &token, &company, &format!("bench-{name}-big-{i}"), mb * 1_000_000 - 44).await?;
        let (rss, hwm) = rss_kib(&pid.to_string());
        println!(
            "storage={name} upload_mb={mb} seconds={:.1} server_rss_kib={rss} server_peak_rss_kib={hwm}",
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let bin = args.first().ok_or_else(|| anyhow::anyhow!("usage: storage BINARY [S3 endpoint]"))?;
    let folder = tempfile::tempdir()?;
    bench("folder", &start(bin, folder.path(), &[])?).await?;
    match args.get(1) {
        Some(endpoint) => {
            let s3 = tempfile::tempdir()?;
            let env = [
                ("EARMARK_STORAGE", "s3://earmark-bench/recordings".to_string()),
                ("AWS_ENDPOINT_URL", endpoint.clone()),
                ("AWS_REGION", "us-east-1".into()),
                ("AWS_ACCESS_KEY_ID", "bench".into()),
                ("AWS_SECRET_ACCESS_KEY", "bench-secret".into()),
            ];
            bench("s3", &start(bin, s3.path(), &env)?).await?;
        }
        None => println!("storage=s3 skipped: no S3 endpoint given"),
    }
    Ok(())
}

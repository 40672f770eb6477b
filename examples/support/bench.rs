//! What the benchmarks that talk to a real router share: one request per connection over
//! loopback (the time to the response head measured), a sign-in, a listener seeking, the
//! memory of a process, and percentiles.

use http_body_util::{BodyExt, Empty, Full};
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;
use std::time::Instant;

/// Sends `req` on a connection of its own; the reply and the milliseconds to its head.
pub async fn send<B>(
    addr: std::net::SocketAddr,
    req: hyper::Request<B>,
) -> anyhow::Result<(hyper::Response<hyper::body::Incoming>, f64)>
where
    B: hyper::body::Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let stream = tokio::net::TcpStream::connect(addr).await?;
    let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
    tokio::spawn(conn);
    let t = Instant::now();
    let res = sender.send_request(req).await?;
    Ok((res, t.elapsed().as_secs_f64() * 1000.0))
}

/// The real router on a loopback port of its own, in this process; its address.
pub async fn serve_in_process(
    db: &app::Db,
    storages: &std::sync::Arc<app::Storages>,
) -> anyhow::Result<std::net::SocketAddr> {
    let args = earmark::config::ServeArgs { hash_files: false, ..earmark::config::ServeArgs::default() };
    let (router, _) = earmark::cli::app_router(db.clone(), storages.clone(), &args).await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move {
        axum::serve(listener, router.into_make_service_with_connect_info::<std::net::SocketAddr>())
            .await
            .expect("serve");
    });
    Ok(addr)
}

/// Signs in as Northwind's administrator; the session cookie.
pub async fn login(addr: std::net::SocketAddr) -> anyhow::Result<String> {
    let body = r#"{"email":"admin@northwind.demo.test","password":"demo-pass-2026"}"#;
    let req = hyper::Request::post("/api/v1/session")
        .header("host", addr.to_string())
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from(body)))?;
    let (res, _) = send(addr, req).await?;
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("earmark_session="))
        .map(|c| c.split(';').next().unwrap_or_default().to_string())
        .ok_or_else(|| anyhow::anyhow!("no session cookie"))
}

pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// One listener: the whole recording from the start, then three seeks.
pub async fn listen(addr: std::net::SocketAddr, cookie: &str, id: &str, size: u64) -> anyhow::Result<(Vec<f64>, u64)> {
    let mut latencies = Vec::new();
    let mut bytes = 0;
    let ranges = [
        "bytes=0-".to_string(),
        format!("bytes={}-", size / 2),
        format!("bytes={}-{}", size / 4, size / 4 + 65535),
        format!("bytes={}-", size * 3 / 4),
    ];
    for range in ranges {
        let req = hyper::Request::get(format!("/recordings/{id}/audio"))
            .header("host", addr.to_string())
            .header("cookie", cookie)
            .header("range", range)
            .body(Empty::<Bytes>::new())?;
        let (res, first) = send(addr, req).await?;
        anyhow::ensure!(res.status() == 206, "expected 206, got {}", res.status());
        latencies.push(first);
        bytes += res.into_body().collect().await?.to_bytes().len() as u64;
    }
    Ok((latencies, bytes))
}

/// VmRSS and VmHWM (KiB) of a process: `self` or a process id.
pub fn rss_kib(process: &str) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{process}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

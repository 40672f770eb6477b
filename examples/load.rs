//! A small closed-loop load generator for scripts/bench: N connections, each sending one
//! request after another over its own HTTP/1.1 keep-alive connection, for a fixed time.
//!
//! cargo run --release --example load -- <GET|POST> <url> <connections> <seconds> [bearer token] [json body]
//! Prints requests per second, latency percentiles and the count of non-2xx answers.

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::Request;
use hyper_util::rt::TokioIo;
use std::time::{Duration, Instant};
use tokio::net::TcpStream;

struct Target {
    method: hyper::Method,
    host: String,
    path: String,
    token: Option<String>,
    body: Bytes,
}

async fn connection(t: std::sync::Arc<Target>, until: Instant) -> (Vec<u32>, u64) {
    let stream = TcpStream::connect(&t.host).await.expect("connect");
    stream.set_nodelay(true).expect("nodelay");
    let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await.expect("handshake");
    tokio::spawn(conn);
    let mut latencies = Vec::with_capacity(100_000);
    let mut failures = 0;
    while Instant::now() < until {
        let mut req = Request::builder().method(t.method.clone()).uri(&t.path).header("host", &t.host);
        if let Some(token) = &t.token {
            req = req.header("authorization", format!("Bearer {token}"));
        }
        if !t.body.is_empty() {
            req = req.header("content-type", "application/json");
        }
        let req = req.body(Full::new(t.body.clone())).expect("request");
        let started = Instant::now();
        let res = sender.send_request(req).await.expect("response");
        let ok = res.status().is_success();
        res.into_body().collect().await.expect("body");
        latencies.push(started.elapsed().as_micros() as u32);
        if !ok {
            failures += 1;
        }
    }
    (latencies, failures)
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [method, url, connections, seconds, rest @ ..] = args.as_slice() else {
        eprintln!("usage: load <GET|POST> <url> <connections> <seconds> [token] [json body]");
        std::process::exit(2);
    };
    let url = url.strip_prefix("http://").expect("http:// url");
    let (host, path) = url.split_once('/').map(|(h, p)| (h.to_string(), format!("/{p}"))).expect("url with a path");
    let target = std::sync::Arc::new(Target {
        method: method.parse().expect("method"),
        host,
        path,
        token: rest.first().filter(|t| !t.is_empty()).cloned(),
        body: Bytes::from(rest.get(1).cloned().unwrap_or_default()),
    });
    let connections: usize = connections.parse().expect("connections");
    let seconds: u64 = seconds.parse().expect("seconds");
    let until = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let tasks: Vec<_> = (0..connections).map(|_| tokio::spawn(connection(target.clone(), until))).collect();
    let mut all = Vec::new();
    let mut failures = 0;
    for t in tasks {
        let (l, f) = t.await.expect("task");
        all.extend(l);
        failures += f;
    }
    let elapsed = started.elapsed().as_secs_f64();
    all.sort_unstable();
    let p = |q: f64| all[((all.len() as f64 * q) as usize).min(all.len() - 1)] as f64 / 1000.0;
    println!(
        "requests={} rps={:.0} p50_ms={:.2} p90_ms={:.2} p99_ms={:.2} max_ms={:.2} non_2xx={failures}",
        all.len(),
        all.len() as f64 / elapsed,
        p(0.50),
        p(0.90),
        p(0.99),
        p(1.0) - 0.0,
    );
}

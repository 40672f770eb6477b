//! The site's files as a browser gets them: compressed once by `earmark precompress` (brotli
//! and gzip beside each file), then sent as the variant the browser accepts, with
//! `Content-Encoding` and `Vary`, byte for byte what was written; as they are to a browser
//! that accepts neither.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::TestApp;
use earmark::config::ServeArgs;

async fn get(app: &TestApp, path: &str, accept: Option<&str>) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let mut req = Request::builder().uri(path);
    if let Some(a) = accept {
        req = req.header(header::ACCEPT_ENCODING, a);
    }
    let res = tower::ServiceExt::oneshot(app.router.clone(), req.body(Body::empty()).unwrap()).await.unwrap();
    let (status, headers) = (res.status(), res.headers().clone());
    let bytes = http_body_util::BodyExt::collect(res.into_body()).await.unwrap().to_bytes().to_vec();
    (status, headers, bytes)
}

#[tokio::test]
async fn site_files_are_sent_precompressed_in_the_encoding_the_browser_accepts() {
    let site = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(site.path().join("pkg")).unwrap();
    let script: String = (0..4000).map(|i| format!("function f{i}(a) {{ return a + {i}; }}\n")).collect();
    std::fs::write(site.path().join("pkg/earmark-1a2b3c.js"), &script).unwrap();
    std::fs::write(site.path().join("pkg/logo.png"), [0x89, b'P', b'N', b'G']).unwrap();

    let done = earmark::precompress::run(site.path(), |_| {}).unwrap();
    assert_eq!(done.len(), 1, "the script only: images are compressed already");
    assert!(
        done[0].br < done[0].gz && done[0].gz < done[0].raw / 5,
        "{} / {} / {}",
        done[0].raw,
        done[0].gz,
        done[0].br
    );
    let br = std::fs::read(site.path().join("pkg/earmark-1a2b3c.js.br")).unwrap();
    let gz = std::fs::read(site.path().join("pkg/earmark-1a2b3c.js.gz")).unwrap();
    // A second run finds them current and writes nothing.
    let written = std::fs::metadata(site.path().join("pkg/earmark-1a2b3c.js.br")).unwrap().modified().unwrap();
    earmark::precompress::run(site.path(), |_| {}).unwrap();
    assert_eq!(std::fs::metadata(site.path().join("pkg/earmark-1a2b3c.js.br")).unwrap().modified().unwrap(), written);

    let app =
        TestApp::with_args(ServeArgs { site_root: site.path().to_string_lossy().into_owned(), ..ServeArgs::default() })
            .await;
    let path = "/pkg/earmark-1a2b3c.js";
    let (status, h, body) = get(&app, path, Some("gzip, deflate, br")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(h[header::CONTENT_ENCODING], "br");
    assert_eq!(body, br, "the precompressed file as written, not compressed again");
    assert!(h[header::VARY].to_str().unwrap().to_lowercase().contains("accept-encoding"), "{h:?}");
    assert!(h[header::CONTENT_TYPE].to_str().unwrap().contains("javascript"), "{h:?}");
    let (_, h, body) = get(&app, path, Some("gzip")).await;
    assert_eq!((h[header::CONTENT_ENCODING].to_str().unwrap(), body), ("gzip", gz));
    let (_, h, body) = get(&app, path, None).await;
    assert!(!h.contains_key(header::CONTENT_ENCODING), "{h:?}");
    assert_eq!(body, script.as_bytes());
    assert!(h[header::VARY].to_str().unwrap().to_lowercase().contains("accept-encoding"), "{h:?}");
}

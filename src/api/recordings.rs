//! Stored recordings over HTTP: the telephony engine's upload (streamed to the storage, never
//! held whole in memory), the JSON list and details, delete, and `/recordings/{id}/audio`,
//! which streams with HTTP Range for a seekable player and serves downloads.

use super::doc::{schema, Doc};
use super::{ApiResult, ApiRoute, Signed};
use app::access::capability::can;
use app::access::capability::Owned;
use app::error::AppError;
use app::model::recordings::{RecordingFilter, RecordingList, RecordingMeta, PAGE_SIZE};
use app::services::recordings as service;
use app::state::AppState;
use axum::body::Body;
use axum::extract::FromRef;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Json;
use serde::Deserialize;

/// The multipart form of an upload, for the OpenAPI document.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct RecordingUpload {
    metadata: RecordingMeta,
    #[schema(format = Binary, value_type = String)]
    audio: Vec<u8>,
}

/// The list's query: the page's filter plus a page size.
#[derive(Deserialize, Default)]
pub struct ListParams {
    #[serde(flatten)]
    filter: RecordingFilter,
    limit: Option<usize>,
}

pub async fn upload(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> ApiResult<Response> {
    let cap = p.company::<can::RecordingsUpload>(&state.db, &c).await?;
    let mut multipart = multipart.map_err(|_| AppError::BadRequest)?;
    let limit = state.settings.recording_max_bytes;
    let too_large = || AppError::TooLarge {
        message: format!(
            "The recording is larger than {}, the most an upload may be.",
            app::model::audio::megabytes(limit as usize)
        ),
    };
    let (mut meta, mut received) = (None, None);
    while let Some(mut field) = multipart.next_field().await.map_err(|_| AppError::BadRequest)? {
        match field.name() {
            Some("metadata") => {
                let text = field.bytes().await.map_err(|_| AppError::BadRequest)?;
                let text = super::numbers::read_whole(&text).map(Into::into).unwrap_or(text);
                let m: RecordingMeta = serde_json::from_slice(&text)
                    .map_err(|e| AppError::invalid("metadata", format!("The metadata is not valid: {e}.")))?;
                meta = Some(m);
            }
            Some("audio") => {
                // Streamed to a temporary file; dropped on any error, which removes it.
                let mut incoming = state.recordings.spool.receive().await.map_err(AppError::internal)?;
                while let Some(chunk) = field.chunk().await.map_err(|_| AppError::BadRequest)? {
                    if incoming.size() + chunk.len() as u64 > limit {
                        return Err(too_large().into());
                    }
                    incoming.write(&chunk).await.map_err(AppError::internal)?;
                }
                received = Some(incoming.finish().await.map_err(AppError::internal)?);
            }
            other => return Err(super::unknown_part(other).into()),
        }
    }
    let meta = meta.ok_or_else(|| AppError::invalid("metadata", "Send the call's metadata as the `metadata` part."))?;
    let received = received.ok_or_else(|| AppError::invalid("audio", "Send the recording as the `audio` part."))?;
    Ok(match service::upload(&cap, &state.db, &state.recordings, &meta, received).await? {
        service::Uploaded::Created(r) => (StatusCode::CREATED, Json(r)).into_response(),
        service::Uploaded::AlreadyStored(r) => (StatusCode::OK, Json(r)).into_response(),
    })
}

pub async fn list(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
    Query(params): Query<ListParams>,
) -> ApiResult<Json<RecordingList>> {
    let cap = p.company::<can::RecordingsView>(&state.db, &c).await?;
    Ok(Json(service::list(&cap, &state.db, &params.filter, params.limit.unwrap_or(PAGE_SIZE)).await?))
}

pub async fn one(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(id): Path<String>,
) -> ApiResult<Json<app::model::recordings::RecordingWithAccesses>> {
    let cap = p.company_of::<can::RecordingsView>(&state.db, Owned::Recording, &id).await?;
    Ok(Json(service::with_accesses(&cap, &state.db, &id).await?))
}

pub async fn delete(State(state): State<AppState>, Signed(p): Signed, Path(id): Path<String>) -> ApiResult<StatusCode> {
    let cap = p.company_of::<can::RecordingsDelete>(&state.db, Owned::Recording, &id).await?;
    service::delete(&cap, &state.db, &state.recordings, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, Default)]
pub struct AudioParams {
    #[serde(default)]
    download: Option<String>,
}

/// A single byte range of a `Range` header, inclusive, within `size`; `Err` when it cannot
/// be satisfied, `None` for the whole file (no header, or one this server does not split,
/// such as several ranges).
fn byte_range(value: Option<&HeaderValue>, size: u64) -> Result<Option<(u64, u64)>, ()> {
    let Some(spec) = value.and_then(|v| v.to_str().ok()).and_then(|v| v.trim().strip_prefix("bytes=")) else {
        return Ok(None);
    };
    if spec.contains(',') {
        return Ok(None);
    }
    let (a, b) = spec.split_once('-').ok_or(())?;
    let (start, end) = match (a.trim(), b.trim()) {
        ("", "") => return Err(()),
        ("", n) => {
            let n: u64 = n.parse().map_err(|_| ())?;
            if n == 0 {
                return Err(());
            }
            (size.saturating_sub(n), size.saturating_sub(1))
        }
        (s, "") => (s.parse().map_err(|_| ())?, size.saturating_sub(1)),
        (s, e) => (s.parse().map_err(|_| ())?, e.parse::<u64>().map_err(|_| ())?.min(size.saturating_sub(1))),
    };
    if size == 0 || start >= size || start > end {
        return Err(());
    }
    Ok(Some((start, end)))
}

/// Plays (Recordings: Play) or, with `?download=1`, downloads (Recordings: Download) a
/// recording. A play is audited once, at its first request; the range requests of seeking
/// within it are not.
pub async fn audio(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(id): Path<String>,
    Query(params): Query<AudioParams>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let downloading = params.download.is_some_and(|d| d != "0");
    let range_header = headers.get(header::RANGE);
    let first_request = match range_header.and_then(|v| v.to_str().ok()) {
        None => true,
        Some(v) => v.trim().starts_with("bytes=0-"),
    };
    let opened = if downloading {
        let cap = p.company_of::<can::RecordingsDownload>(&state.db, Owned::Recording, &id).await?;
        service::download(&cap, &state.db, &id).await?
    } else {
        let cap = p.company_of::<can::RecordingsPlay>(&state.db, Owned::Recording, &id).await?;
        service::play(&cap, &state.db, &id, first_request).await?
    };
    let size = opened.recording.size_bytes.max(0) as u64;
    let content_type = opened.recording.format.content_type();
    let mut res = Response::builder()
        .header(header::CONTENT_TYPE, content_type)
        .header(header::ACCEPT_RANGES, "bytes")
        .header(header::CACHE_CONTROL, "private, no-store");
    if downloading {
        let name = app::model::recordings::download_name(&opened.recording.row, opened.recording.format);
        res = res.header(header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\""));
    }
    let (status, start, len) = match byte_range(range_header, size) {
        Ok(None) => (StatusCode::OK, 0, size),
        Ok(Some((start, end))) => {
            res = res.header(header::CONTENT_RANGE, format!("bytes {start}-{end}/{size}"));
            (StatusCode::PARTIAL_CONTENT, start, end - start + 1)
        }
        Err(()) => {
            return Ok(res
                .status(StatusCode::RANGE_NOT_SATISFIABLE)
                .header(header::CONTENT_RANGE, format!("bytes */{size}"))
                .body(Body::empty())
                .map_err(AppError::internal)?);
        }
    };
    let body = Body::from_stream(opened.read(&state.db, &state.recordings, start, start + len).await?);
    Ok(res.status(status).header(header::CONTENT_LENGTH, len).body(body).map_err(AppError::internal)?)
}

/// The routes of this feature; [`super::route_table`] joins every feature's.
pub(super) fn routes<S>() -> Vec<ApiRoute<S>>
where
    AppState: FromRef<S>,
    S: Clone + Send + Sync + 'static,
{
    vec![
    ApiRoute {
        method: "GET",
        path: "/companies/{c}/recordings",
        handler: get(list),
        doc: Doc {
            summary: "Stored recordings, newest first: filters from, to (YYYY-MM-DD, whole days included, in the zone tz, an IANA name, UTC by default; or RFC 3339 date-times, to including its second), direction, q (part of a name or number), hold, consent, order, before/after (cursors of the neighbouring pages), limit (Recordings: View)",
            tag: "Recordings",
            request: None,
            response: Some(schema::<app::model::recordings::RecordingList>()),
            status: 200,
        },
    },
    ApiRoute {
        method: "POST",
        path: "/companies/{c}/recordings",
        // The handler counts the audio against the configured limit as it streams in.
        handler: post(upload).layer(axum::extract::DefaultBodyLimit::disable()),
        doc: Doc {
            summary: "Upload a recording: multipart metadata (JSON) + audio (WAV, MP3 or OGG by content). Idempotent on call_id: the same file again is 200, a different one 409 (Recordings: Upload)",
            tag: "Recordings",
            request: Some(super::doc::form::<RecordingUpload>()),
            response: Some(schema::<app::model::recordings::RecordingDetails>()),
            status: 201,
        },
    },
    ApiRoute {
        method: "GET",
        path: "/recordings/{id}",
        handler: get(one),
        doc: Doc { summary: "A recording's metadata, decision trace, consent and pauses, and who played or downloaded it (Recordings: View)", tag: "Recordings", request: None, response: Some(schema::<app::model::recordings::RecordingWithAccesses>()), status: 200 },
    },
    ApiRoute {
        method: "DELETE",
        path: "/recordings/{id}",
        handler: axum::routing::delete(delete),
        doc: Doc { summary: "Delete a recording, file and row together; never one on legal hold (Recordings: Delete)", tag: "Recordings", request: None, response: None, status: 204 },
    },
    ]
}

#[cfg(test)]
mod tests {
    use super::byte_range;
    use axum::http::HeaderValue;

    fn r(v: &str, size: u64) -> Result<Option<(u64, u64)>, ()> {
        byte_range(Some(&HeaderValue::from_str(v).unwrap()), size)
    }

    #[test]
    fn ranges_are_read_as_rfc_9110_says() {
        assert_eq!(byte_range(None, 100), Ok(None));
        assert_eq!(r("bytes=0-", 100), Ok(Some((0, 99))));
        assert_eq!(r("bytes=10-19", 100), Ok(Some((10, 19))));
        assert_eq!(r("bytes=90-200", 100), Ok(Some((90, 99))));
        assert_eq!(r("bytes=-10", 100), Ok(Some((90, 99))));
        assert_eq!(r("bytes=100-", 100), Err(()));
        assert_eq!(r("bytes=20-10", 100), Err(()));
        assert_eq!(r("bytes=0-1,5-6", 100), Ok(None));
        assert_eq!(r("bytes=x-", 100), Err(()));
    }
}

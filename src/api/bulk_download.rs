//! `GET /companies/{c}/recordings.zip`: the recordings of a Stored Recordings filter as one
//! ZIP with their manifest, streamed as it is built.

use super::doc::Doc;
use super::{ApiResult, ApiRoute, Signed};
use app::access::capability::can;
use app::error::AppError;
use app::model::recordings::RecordingFilter;
use app::state::AppState;
use axum::body::Body;
use axum::extract::{FromRef, Path, Query, State};
use axum::http::header;
use axum::response::Response;
use axum::routing::get;

async fn recordings_zip(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
    Query(filter): Query<RecordingFilter>,
) -> ApiResult<Response> {
    let cap = p.company::<can::RecordingsDownload>(&state.db, &c).await?;
    let limit = state.settings.bulk_download_max;
    let body = app::services::bulk_download::zip(&cap, &state.db, &state.recordings, &filter, limit).await?;
    Ok(Response::builder()
        .header(header::CONTENT_TYPE, "application/zip")
        .header(header::CONTENT_DISPOSITION, super::attachment("recordings", &cap.company().name, "zip"))
        .header(header::CACHE_CONTROL, "private, no-store")
        .body(Body::from_stream(body))
        .map_err(AppError::internal)?)
}

/// The routes of this feature; [`super::route_table`] joins every feature's.
pub(super) fn routes<S>() -> Vec<ApiRoute<S>>
where
    AppState: FromRef<S>,
    S: Clone + Send + Sync + 'static,
{
    vec![ApiRoute {
        method: "GET",
        path: "/companies/{c}/recordings.zip",
        handler: get(recordings_zip),
        doc: Doc {
            summary: "The recordings the Stored Recordings filter matches (from, to, direction, q, hold, consent) as one ZIP, each file as it is stored, with manifest.csv of their details; at most EARMARK_BULK_DOWNLOAD_MAX (1,000) recordings, more is 422; each recording's download audited (Recordings: Download)",
            tag: "Recordings",
            request: None,
            response: None,
            status: 200,
        },
    }]
}

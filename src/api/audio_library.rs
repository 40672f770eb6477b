//! The audio library: uploads, playbooks, playing a file, deleting.

use super::doc::{schema, Doc};
use super::{body, ApiError, ApiResult, ApiRoute, Signed};
use app::access::capability::can;
use app::access::capability::Owned;
use app::error::AppError;
use app::model::{AudioItem, AudioLibrary, PlaybookInput, PlaybookView};
use app::services;
use app::state::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRef, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, put};
use axum::Json;

/// `multipart/form-data` with `name` and `file`, as a browser's upload form or the API sends it.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct AudioUpload {
    #[schema(schema_with = app::model::names::name_schema)]
    name: String,
    #[schema(format = Binary, value_type = String)]
    file: Vec<u8>,
}

/// The library page's upload form posts here; a browser (asking for HTML) is sent back to
/// the page with the outcome in the address, so the form works without JavaScript. A JSON
/// body creates a playbook instead.
async fn add_audio(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
    headers: axum::http::HeaderMap,
    request: axum::extract::Request,
) -> Result<Response, ApiError> {
    use axum::extract::FromRequest;
    // Privilege and scope before the body is read.
    let cap = p.company::<can::AudioLibraryModify>(&state.db, &c).await;
    let is_json = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if is_json {
        let cap = cap?;
        let input = body(Json::<PlaybookInput>::from_request(request, &state).await)?;
        let playbook = services::audio_library::save_playbook(&cap, &state.db, None, &input).await?;
        return Ok((StatusCode::CREATED, Json(playbook)).into_response());
    }
    let multipart = axum::extract::Multipart::from_request(request, &state).await;
    let from_page =
        headers.get(axum::http::header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("text/html"));
    let mut back = format!("/c/{c}/audio");
    let result = match cap {
        Ok(cap) => receive_audio(&state, &cap, multipart, &mut back).await,
        Err(e) => Err(e.into()),
    };
    if from_page {
        let sep = if back.contains('?') { '&' } else { '?' };
        let back = match &result {
            Ok(item) => format!("{back}{sep}uploaded={}", app::components::status::urlencode(&item.name)),
            Err(e) => format!("{back}{sep}error={}", app::components::status::urlencode(&e.0.to_string())),
        };
        return Ok(axum::response::Redirect::to(&back).into_response());
    }
    result.map(|item| (StatusCode::CREATED, Json(item)).into_response())
}

async fn update_playbook(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(a): Path<String>,
    payload: Result<Json<PlaybookInput>, JsonRejection>,
) -> ApiResult<Json<PlaybookView>> {
    let input = body(payload)?;
    let cap = p.company_of::<can::AudioLibraryModify>(&state.db, Owned::Audio, &a).await?;
    Ok(Json(services::audio_library::update_playbook(&cap, &state.db, &a, &input).await?))
}

async fn receive_audio(
    state: &AppState,
    cap: &app::access::capability::CompanyAccess<can::AudioLibraryModify>,
    multipart: Result<axum::extract::Multipart, axum::extract::multipart::MultipartRejection>,
    back: &mut String,
) -> ApiResult<AudioItem> {
    let too_large = || AppError::TooLarge {
        message: format!(
            "The file is larger than {}, the most an audio file may be.",
            app::model::audio::megabytes(app::model::audio::MAX_AUDIO_BYTES)
        ),
    };
    let mut multipart = multipart.map_err(|_| AppError::BadRequest)?;
    let (mut name, mut bytes, mut purpose) = (String::new(), None, String::new());
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_large().into()),
            Err(_) => return Err(AppError::BadRequest.into()),
        };
        match field.name() {
            Some("name") => name = field.text().await.map_err(|_| AppError::BadRequest)?,
            // An announcement's upload (the treatment pages): an MP3, and back to that page.
            Some("purpose") => purpose = field.text().await.map_err(|_| AppError::BadRequest)?,
            Some("back") => {
                let to = field.text().await.map_err(|_| AppError::BadRequest)?;
                *back = app::api::session::safe_next(&to).to_string();
            }
            Some("file") => {
                bytes = Some(field.bytes().await.map_err(|e| {
                    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                        too_large()
                    } else {
                        AppError::BadRequest
                    }
                })?)
            }
            other => return Err(super::unknown_part(other).into()),
        }
    }
    let bytes = bytes.ok_or_else(|| AppError::invalid("file", "Choose an audio file to upload."))?;
    if purpose == "announcement"
        && app::model::audio::AudioFormat::sniff(&bytes) != Some(app::model::audio::AudioFormat::Mp3)
    {
        return Err(AppError::invalid("file", "An announcement is an MP3 file: this file is not one.").into());
    }
    Ok(services::audio_library::upload_audio(cap, &state.db, &name, &bytes).await?)
}

/// The audio file itself, to play in the page: private, never cached.
async fn audio_file(State(state): State<AppState>, Signed(p): Signed, Path(a): Path<String>) -> ApiResult<Response> {
    let cap = p.company_of::<can::InScope>(&state.db, Owned::Audio, &a).await?;
    let (content_type, bytes) = services::audio_library::audio_content(&cap, &state.db, &a).await?;
    Ok((
        [(axum::http::header::CONTENT_TYPE, content_type), (axum::http::header::CACHE_CONTROL, "private, no-store")],
        bytes,
    )
        .into_response())
}

async fn audio_library(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
) -> ApiResult<Json<AudioLibrary>> {
    let cap = p.company::<can::InScope>(&state.db, &c).await?;
    Ok(Json(services::audio_library::audio_library(&cap, &state.db).await?))
}

async fn delete_audio(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(a): Path<String>,
) -> ApiResult<StatusCode> {
    let cap = p.company_of::<can::AudioLibraryModify>(&state.db, Owned::Audio, &a).await?;
    services::audio_library::delete_audio(&cap, &state.db, &a).await?;
    Ok(StatusCode::NO_CONTENT)
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
        path: "/companies/{c}/audio",
        handler: get(audio_library),
        doc: Doc { summary: "The company's audio library: files and playbooks", tag: "Audio library", request: None, response: Some(schema::<AudioLibrary>()), status: 200 },
    },
    ApiRoute {
        method: "POST",
        path: "/companies/{c}/audio",
        // A little over the 5 MB an audio file may be, so the limit is reported as such.
        handler: post(add_audio).layer(axum::extract::DefaultBodyLimit::max(app::model::audio::MAX_AUDIO_BYTES + 64 * 1024)),
        doc: Doc {
            summary: "Upload an audio file (multipart name + file; WAV, MP3 or OGG by content; at most 5 MB), or create a playbook (JSON name + files in playing order; answers the playbook) (Audio Library: Modify)",
            tag: "Audio library",
            request: Some(schema::<PlaybookInput>().or_multipart(schema::<AudioUpload>)),
            response: Some(schema::<AudioItem>()),
            status: 201,
        },
    },
    ApiRoute {
        method: "DELETE",
        path: "/audio/{a}",
        handler: delete(delete_audio),
        doc: Doc { summary: "Delete an audio file or playbook no queue plays and (a file) no playbook holds (Audio Library: Modify)", tag: "Audio library", request: None, response: None, status: 204 },
    },
    ApiRoute {
        method: "PUT",
        path: "/audio/{a}",
        handler: put(update_playbook),
        doc: Doc {
            summary: "Change a playbook's name and files, with the version read (Audio Library: Modify)",
            tag: "Audio library",
            request: Some(schema::<PlaybookInput>()),
            response: Some(schema::<PlaybookView>()),
            status: 200,
        },
    },
    ApiRoute {
        method: "GET",
        path: "/audio/{a}/file",
        handler: get(audio_file),
        doc: Doc { summary: "An audio file's content, to play it", tag: "Audio library", request: None, response: None, status: 200 },
    },
    ]
}

//! The CSV export and import of users and devices. The Users and Devices pages' import form
//! posts its file here; a browser (asking for HTML) is sent on to the preview page, or back
//! with the reason, so the form works without JavaScript.

use super::doc::{form, schema, Doc};
use super::{ApiError, ApiResult, ApiRoute, Signed};
use app::access::capability::can;
use app::error::AppError;
use app::model::imports::{ImportKind, ImportOutcome, ImportPreview, MAX_IMPORT_BYTES};
use app::services::imports;
use app::state::AppState;
use axum::extract::{FromRef, Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Json;

async fn export(
    state: &AppState,
    p: &app::access::capability::Principal,
    c: &str,
    kind: ImportKind,
) -> ApiResult<Response> {
    let cap = p.company::<can::UsersDevicesView>(&state.db, c).await?;
    let csv = imports::export(&cap, &state.db, kind).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, super::attachment(kind.as_str(), &cap.company().name, "csv")),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        csv,
    )
        .into_response())
}

async fn users_csv(State(state): State<AppState>, Signed(p): Signed, Path(c): Path<String>) -> ApiResult<Response> {
    export(&state, &p, &c, ImportKind::Users).await
}

async fn devices_csv(State(state): State<AppState>, Signed(p): Signed, Path(c): Path<String>) -> ApiResult<Response> {
    export(&state, &p, &c, ImportKind::Devices).await
}

/// The multipart form's `kind` and `file`, read within the import's size.
async fn read_form(
    multipart: Result<axum::extract::Multipart, axum::extract::multipart::MultipartRejection>,
    kind: &mut Option<ImportKind>,
) -> Result<(String, Vec<u8>), AppError> {
    let too_large = || AppError::TooLarge {
        message: format!("The file is larger than {} KB, the most an import takes.", MAX_IMPORT_BYTES / 1024),
    };
    let mut multipart = multipart.map_err(|_| AppError::BadRequest)?;
    let mut file = None;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_large()),
            Err(_) => return Err(AppError::BadRequest),
        };
        match field.name() {
            Some("kind") => {
                let text = field.text().await.map_err(|_| AppError::BadRequest)?;
                *kind = Some(
                    ImportKind::parse(&text)
                        .ok_or_else(|| AppError::invalid("kind", "An import is of users or devices."))?,
                );
            }
            Some("file") => {
                let name = field.file_name().unwrap_or_default().to_string();
                let bytes = field.bytes().await.map_err(|e| {
                    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                        too_large()
                    } else {
                        AppError::BadRequest
                    }
                })?;
                file = Some((name, bytes.to_vec()));
            }
            other => return Err(super::unknown_part(other)),
        }
    }
    if kind.is_none() {
        return Err(AppError::invalid("kind", "Say whether the file holds users or devices."));
    }
    file.filter(|(_, b)| !b.is_empty()).ok_or_else(|| AppError::invalid("file", "Choose a CSV file to import."))
}

async fn stage(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path(c): Path<String>,
    headers: HeaderMap,
    request: axum::extract::Request,
) -> Result<Response, ApiError> {
    use axum::extract::FromRequest;
    // Privilege and scope before the body is read.
    let cap = p.company::<can::UsersDevicesModify>(&state.db, &c).await;
    let from_page = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("text/html"));
    let multipart = axum::extract::Multipart::from_request(request, &state).await;
    let mut kind = None;
    let result = async {
        let cap = cap?;
        let (name, bytes) = read_form(multipart, &mut kind).await?;
        let kind = kind.unwrap_or(ImportKind::Users);
        let id = imports::stage(&cap, &state.db, kind, &name, &bytes).await?;
        imports::preview(&cap, &state.db, &id).await
    }
    .await;
    if from_page {
        let page = format!("/c/{c}/{}", kind.unwrap_or(ImportKind::Users).as_str());
        let to = match &result {
            Ok(preview) => format!("{page}/import/{}", preview.import),
            Err(e) => format!("{page}?import_error={}", app::components::status::urlencode(&e.to_string())),
        };
        return Ok(Redirect::to(&to).into_response());
    }
    Ok((StatusCode::CREATED, Json(result?)).into_response())
}

async fn apply(
    State(state): State<AppState>,
    Signed(p): Signed,
    Path((c, import)): Path<(String, String)>,
) -> ApiResult<Json<ImportOutcome>> {
    let cap = p.company::<can::UsersDevicesModify>(&state.db, &c).await?;
    Ok(Json(imports::apply(&cap, &state.db, &import).await?))
}

/// The multipart form of a staged import.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct ImportUpload {
    kind: ImportKind,
    #[schema(format = Binary, value_type = String)]
    file: Vec<u8>,
}

/// The routes of this feature; [`super::route_table`] joins every feature's.
pub(super) fn routes<S>() -> Vec<ApiRoute<S>>
where
    AppState: FromRef<S>,
    S: Clone + Send + Sync + 'static,
{
    const TAG: &str = "Users and devices";
    vec![
        ApiRoute {
            method: "GET",
            path: "/companies/{c}/users.csv",
            handler: get(users_csv),
            doc: Doc {
                summary: "The users as CSV (id, external_id, name, extension, team, seat): what an import takes back (Users & Devices: View)",
                tag: TAG,
                request: None,
                response: None,
                status: 200,
            },
        },
        ApiRoute {
            method: "GET",
            path: "/companies/{c}/devices.csv",
            handler: get(devices_csv),
            doc: Doc {
                summary: "The devices as CSV (id, external_id, name, owner_extension): what an import takes back (Users & Devices: View)",
                tag: TAG,
                request: None,
                response: None,
                status: 200,
            },
        },
        ApiRoute {
            method: "POST",
            path: "/companies/{c}/imports",
            handler: post(stage).layer(axum::extract::DefaultBodyLimit::max(MAX_IMPORT_BYTES + 64 * 1024)),
            doc: Doc {
                summary: "Stage a CSV import of users or devices (multipart kind + file, at most 1 MB and 5,000 lines) and answer what applying it would change, line by line; nothing is written (Users & Devices: Modify)",
                tag: TAG,
                request: Some(form::<ImportUpload>()),
                response: Some(schema::<ImportPreview>()),
                status: 201,
            },
        },
        ApiRoute {
            method: "POST",
            path: "/companies/{c}/imports/{import}",
            handler: post(apply),
            doc: Doc {
                summary: "Apply a staged import in one transaction: refused (422, each wrong line named) while any line has an error (Users & Devices: Modify)",
                tag: TAG,
                request: None,
                response: Some(schema::<ImportOutcome>()),
                status: 200,
            },
        },
    ]
}

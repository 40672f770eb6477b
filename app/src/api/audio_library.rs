//! The audio library page's server functions.

use crate::error::AppError;
use leptos::prelude::*;

#[server]
pub async fn get_audio_library(company: String) -> Result<crate::model::AudioLibraryPage, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::InScope>(&state.db, &company).await?;
        Ok(crate::model::AudioLibraryPage {
            can_modify: principal.privileges().has(crate::access::Privilege::AudioLibraryModify),
            library: crate::services::audio_library::audio_library(&cap, &state.db).await?,
        })
    }
    .await;
    respond(result)
}

#[server]
pub async fn delete_audio_file(company: String, audio: String) -> Result<(), AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::AudioLibraryModify>(&state.db, &company).await?;
        crate::services::audio_library::delete_audio(&cap, &state.db, &audio).await
    }
    .await;
    respond(result)
}

/// Creates a playbook (empty `id`) or saves one: the page's form posts the files as
/// numbered slots (`files[0]`, `files[1]`, ...), empty slots ignored.
#[server]
pub async fn save_playbook(
    company: String,
    #[server(default)] id: String,
    name: String,
    #[server(default)] files: Vec<String>,
    #[server(default)] version: Option<i64>,
) -> Result<crate::model::PlaybookView, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::AudioLibraryModify>(&state.db, &company).await?;
        let input = crate::model::PlaybookInput { name, files, version };
        let id = Some(id.as_str()).filter(|i| !i.is_empty());
        let saved = crate::services::audio_library::save_playbook(&cap, &state.db, id, &input).await?;
        // Back to the library with the outcome in the address: the same confirmation with
        // and without JavaScript, and the editor closed.
        let name = crate::components::status::urlencode(&saved.name);
        leptos_axum::redirect(&format!("/c/{company}/audio?saved={name}"));
        Ok(saved)
    }
    .await;
    respond(result)
}

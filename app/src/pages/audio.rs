//! The audio library: the company's audio files, played in the page, uploaded with a plain
//! multipart form (it works without JavaScript; the server sends the browser back here with
//! the outcome), and deleted unless a queue plays them.

use crate::api::policy::{get_audio_library, DeleteAudioFile};
use crate::audio::{megabytes, MAX_AUDIO_BYTES};
use crate::components::form::action_error;
use crate::components::status::Loaded;
use crate::model::AudioLibraryPage;
use crate::pages::company::use_company_id;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AudioView() -> impl IntoView {
    let company = use_company_id();
    let query = use_query_map();
    let delete = ServerAction::<DeleteAudioFile>::new();
    let page = Resource::new(move || (company(), delete.version().get()), |(c, _)| get_audio_library(c));
    let uploaded = move || query.read().get("uploaded");
    let upload_error = move || query.read().get("error");
    view! {
        <Title text="Audio library"/>
        <section class="page">
            <h1>"Audio library"</h1>
            <p class="muted">"Audio files that queues play to callers, e.g. the recording opt-in announcement. WAV, MP3 or OGG, at most " {megabytes(MAX_AUDIO_BYTES)} "."</p>
            {move || uploaded().map(|n| view! { <p class="alert ok" role="status">{format!("Uploaded {n}.")}</p> })}
            <Loaded resource=page render=move |p| view! { <Library page=p delete company=company() upload_error=upload_error()/> }/>
        </section>
    }
}

#[component]
fn Library(
    page: AudioLibraryPage,
    delete: ServerAction<DeleteAudioFile>,
    company: String,
    upload_error: Option<String>,
) -> impl IntoView {
    let delete_error = action_error(delete);
    let upload = page.can_modify.then(|| {
        let has_error = upload_error.is_some();
        view! {
            <form class="inline-form" method="post" enctype="multipart/form-data" action=format!("/api/v1/companies/{company}/audio") aria-label="Upload an audio file">
                <div class="field">
                    <label for="audio-name">"Name"</label>
                    <input id="audio-name" name="name" type="text" required autocomplete="off"/>
                </div>
                <div class="field">
                    <label for="audio-file">"Audio file"</label>
                    <input id="audio-file" name="file" type="file" accept="audio/wav,audio/mpeg,audio/ogg,.wav,.mp3,.ogg" required aria-describedby="audio-file-error" aria-invalid=has_error.to_string()/>
                    <p class="field-error" id="audio-file-error">{upload_error}</p>
                </div>
                <button type="submit" class="secondary">"Upload"</button>
            </form>
        }
    });
    let rows = page
        .items
        .iter()
        .map(|a| {
            let playable = a.format.is_some();
            let src = format!("/api/v1/audio/{}/file", a.id);
            let label = format!("Play {}", a.name);
            let delete_button = page.can_modify.then(|| {
                let company = company.clone();
                let id = a.id.clone();
                let name = a.name.clone();
                view! {
                    <ActionForm action=delete>
                        <input type="hidden" name="company" value=company/>
                        <input type="hidden" name="audio" value=id/>
                        <button type="submit" class="secondary" aria-label=format!("Delete {name}")>"Delete"</button>
                    </ActionForm>
                }
            });
            view! {
                <tr>
                    <th scope="row">{a.name.clone()}</th>
                    <td>{a.format.map(|f| f.as_str().to_uppercase()).unwrap_or_else(|| "—".into())}</td>
                    <td>{megabytes(a.size_bytes.max(0) as usize)}</td>
                    <td>{playable.then(|| view! { <audio controls preload="none" src=src aria-label=label></audio> })}</td>
                    <td>{delete_button}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        {upload}
        <p class="alert error" role="alert" hidden=move || delete_error().is_none()>{move || delete_error().map(|e| e.to_string())}</p>
        {if page.items.is_empty() {
            view! { <p class="empty">"The library is empty: upload the first audio file."</p> }.into_any()
        } else {
            view! {
                <table>
                    <caption class="visually-hidden">"Audio files"</caption>
                    <thead><tr><th scope="col">"Name"</th><th scope="col">"Format"</th><th scope="col">"Size"</th><th scope="col">"Listen"</th><th scope="col"><span class="visually-hidden">"Delete"</span></th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            }
            .into_any()
        }}
    }
}

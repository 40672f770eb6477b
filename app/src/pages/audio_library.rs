//! The audio library: the company's audio files, played in the page, uploaded with a plain
//! multipart form (it works without JavaScript; the server sends the browser back here with
//! the outcome), and its playbooks, files played one after another. Nothing a queue plays,
//! and no file a playbook holds, can be deleted.

use crate::api::audio_library::{get_audio_library, DeleteAudioFile, SavePlaybook};
use crate::components::form::action_error;
use crate::components::status::Loaded;
use crate::model::audio::{megabytes, MAX_AUDIO_BYTES};
use crate::model::{AudioItem, AudioLibraryPage, PlaybookView, MAX_PLAYBOOK_FILES};
use crate::pages::company::use_company_id;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AudioView() -> impl IntoView {
    let company = use_company_id();
    let query = use_query_map();
    let delete = ServerAction::<DeleteAudioFile>::new();
    let save = ServerAction::<SavePlaybook>::new();
    // Read again after a delete, and after a successful save only: a refused save keeps
    // the editor as typed, with the message next to the field.
    let saved = move || save.value().get().and_then(|r| r.ok()).map(|p| (p.id, p.version));
    let page = Resource::new(move || (company(), delete.version().get(), saved()), |(c, _, _)| get_audio_library(c));
    let param = move |name: &str| query.read().get(name);
    view! {
        <Title text="Audio library"/>
        <section class="page">
            <h1>"Audio library"</h1>
            <p class="muted">"Audio files and playbooks that queues play to callers, e.g. the recording opt-in announcement."</p>
            {move || param("uploaded").map(|n| view! { <p class="alert ok" role="status">{format!("Uploaded {n}.")}</p> })}
            {move || param("saved").map(|n| view! { <p class="alert ok" role="status">{format!("Saved the playbook {n}.")}</p> })}
            <Loaded resource=page render=move |p| view! {
                <Library page=p delete save company=company() upload_error=param("error") editing=param("playbook")/>
            }/>
        </section>
    }
}

#[component]
fn Library(
    page: AudioLibraryPage,
    delete: ServerAction<DeleteAudioFile>,
    save: ServerAction<SavePlaybook>,
    company: String,
    upload_error: Option<String>,
    /// The playbook being edited (`?playbook=<id>`), or `new`.
    editing: Option<String>,
) -> impl IntoView {
    let delete_error = action_error(delete);
    let can_modify = page.can_modify;
    let files = page.library.files;
    let playbooks = page.library.playbooks;
    let editor = can_modify.then(|| {
        let playbook = editing.as_deref().and_then(|id| playbooks.iter().find(|p| p.id == id)).cloned();
        view! { <PlaybookEditor files=files.clone() playbook save company=company.clone()/> }
    });
    view! {
        <p class="alert error" role="alert" hidden=move || delete_error().is_none()>{move || delete_error().map(|e| e.to_string())}</p>
        <section aria-labelledby="files-heading">
            <h2 id="files-heading">"Audio files"</h2>
            <p class="muted">"WAV, MP3 or OGG, at most " {megabytes(MAX_AUDIO_BYTES)} ". The format is read from the file's content."</p>
            {can_modify.then(|| view! { <UploadForm company=company.clone() error=upload_error/> })}
            <FileTable files=files.clone() delete company=company.clone() can_modify/>
        </section>
        <section aria-labelledby="playbooks-heading">
            <h2 id="playbooks-heading">"Playbooks"</h2>
            <p class="muted">"A playbook plays several audio files one after another, e.g. a welcome and then the recording notice. A queue can play a playbook as its opt-in audio."</p>
            <PlaybookTable playbooks delete company can_modify/>
            {editor}
        </section>
    }
}

#[component]
fn UploadForm(company: String, error: Option<String>) -> impl IntoView {
    let has_error = error.is_some();
    view! {
        <form class="inline-form" method="post" enctype="multipart/form-data" action=format!("/api/v1/companies/{company}/audio") aria-label="Upload an audio file">
            <div class="field">
                <label for="audio-name">"Name"</label>
                <input id="audio-name" name="name" type="text" required autocomplete="off"/>
            </div>
            <div class="field">
                <label for="audio-file">"Audio file"</label>
                <input id="audio-file" name="file" type="file" accept="audio/wav,audio/mpeg,audio/ogg,.wav,.mp3,.ogg" required aria-describedby="audio-file-error" aria-invalid=has_error.to_string()/>
                <p class="field-error" id="audio-file-error">{error}</p>
            </div>
            <button type="submit" class="secondary">"Upload"</button>
        </form>
    }
}

/// A delete button for an audio file or playbook: the server refuses what is in use.
#[component]
fn DeleteButton(delete: ServerAction<DeleteAudioFile>, company: String, id: String, name: String) -> impl IntoView {
    view! {
        <ActionForm action=delete>
            <input type="hidden" name="company" value=company/>
            <input type="hidden" name="audio" value=id/>
            <button type="submit" class="secondary" aria-label=format!("Delete {name}")>"Delete"</button>
        </ActionForm>
    }
}

#[component]
fn FileTable(
    files: Vec<AudioItem>,
    delete: ServerAction<DeleteAudioFile>,
    company: String,
    can_modify: bool,
) -> impl IntoView {
    if files.is_empty() {
        return view! { <p class="empty">"No audio files yet: upload the first one."</p> }.into_any();
    }
    let rows = files
        .into_iter()
        .map(|a| {
            let src = format!("/api/v1/audio/{}/file", a.id);
            let label = format!("Play {}", a.name);
            let delete = can_modify
                .then(|| view! { <DeleteButton delete company=company.clone() id=a.id.clone() name=a.name.clone()/> });
            view! {
                <tr>
                    <th scope="row">{a.name.clone()}</th>
                    <td>{a.format.map(|f| f.as_str().to_uppercase()).unwrap_or_else(|| "—".into())}</td>
                    <td>{crate::model::audio::size_text(a.size_bytes.max(0) as usize)}</td>
                    <td>{a.format.is_some().then(|| view! { <audio controls preload="none" src=src aria-label=label></audio> })}</td>
                    <td>{delete}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table>
            <caption class="visually-hidden">"Audio files"</caption>
            <thead><tr><th scope="col">"Name"</th><th scope="col">"Format"</th><th scope="col">"Size"</th><th scope="col">"Listen"</th><th scope="col"><span class="visually-hidden">"Delete"</span></th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

#[component]
fn PlaybookTable(
    playbooks: Vec<PlaybookView>,
    delete: ServerAction<DeleteAudioFile>,
    company: String,
    can_modify: bool,
) -> impl IntoView {
    if playbooks.is_empty() {
        return view! { <p class="empty">"No playbooks yet."</p> }.into_any();
    }
    let rows = playbooks
        .into_iter()
        .map(|p| {
            let order = p.files.iter().map(|f| view! { <li>{f.name.clone()}</li> }).collect_view();
            let actions = can_modify.then(|| {
                view! {
                    <div class="actions">
                        <a class="button secondary" href=format!("?playbook={}#playbook-editor", p.id) aria-label=format!("Edit {}", p.name)>"Edit"</a>
                        <DeleteButton delete company=company.clone() id=p.id.clone() name=p.name.clone()/>
                    </div>
                }
            });
            view! {
                <tr>
                    <th scope="row">{p.name.clone()}</th>
                    <td><ol class="playlist">{order}</ol></td>
                    <td>{actions}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table>
            <caption class="visually-hidden">"Playbooks"</caption>
            <thead><tr><th scope="col">"Name"</th><th scope="col">"Plays, in order"</th><th scope="col"><span class="visually-hidden">"Actions"</span></th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

/// Creates a playbook, or edits `playbook`: a name and numbered slots, each a dropdown of
/// the library's files, so the order is plain to see and works without JavaScript.
#[component]
fn PlaybookEditor(
    files: Vec<AudioItem>,
    playbook: Option<PlaybookView>,
    save: ServerAction<SavePlaybook>,
    company: String,
) -> impl IntoView {
    let error = action_error(save);
    let field_error =
        move |field: &'static str| move || error().filter(|e| e.field() == Some(field)).map(|e| e.to_string());
    let other_error =
        move || error().filter(|e| !matches!(e.field(), Some("name") | Some("files"))).map(|e| e.to_string());
    if files.is_empty() {
        return view! { <p class="empty" id="playbook-editor">"Upload audio files first; a playbook is made of them."</p> }.into_any();
    }
    let chosen: Vec<String> =
        playbook.as_ref().map(|p| p.files.iter().map(|f| f.id.clone()).collect()).unwrap_or_default();
    let slots = (chosen.len() + 2).clamp(3, MAX_PLAYBOOK_FILES);
    let heading = match &playbook {
        Some(p) => format!("Edit the playbook {}", p.name),
        None => "New playbook".to_string(),
    };
    let selects = (0..slots)
        .map(|i| {
            let current = chosen.get(i).cloned().unwrap_or_default();
            let options = files
                .iter()
                .map(|f| {
                    let chosen = f.id == current;
                    view! { <option value=f.id.clone() selected=chosen prop:selected=chosen>{f.name.clone()}</option> }
                })
                .collect_view();
            view! {
                <div class="field">
                    <label for=format!("playbook-file-{i}")>{format!("Position {}", i + 1)}</label>
                    <select id=format!("playbook-file-{i}") name=format!("files[{i}]") aria-describedby="playbook-files-error">
                        // The property as well as the attribute: a select drawn in the browser
                        // (after client-side navigation) goes by the property.
                        <option value="" selected=current.is_empty() prop:selected=current.is_empty()>"— nothing —"</option>
                        {options}
                    </select>
                </div>
            }
        })
        .collect_view();
    let editing = playbook.is_some();
    view! {
        <div class="editor" id="playbook-editor">
            <h3>{heading}</h3>
            <ActionForm action=save attr:aria-label=if editing { "Edit the playbook" } else { "New playbook" }>
                <input type="hidden" name="company" value=company/>
                <input type="hidden" name="id" value=playbook.as_ref().map(|p| p.id.clone()).unwrap_or_default()/>
                {playbook.as_ref().map(|p| view! { <input type="hidden" name="version" value=p.version/> })}
                <div class="field">
                    <label for="playbook-name">"Playbook name"</label>
                    <input
                        id="playbook-name"
                        name="name"
                        type="text"
                        required
                        autocomplete="off"
                        value=playbook.as_ref().map(|p| p.name.clone()).unwrap_or_default()
                        aria-describedby="playbook-name-error"
                        aria-invalid=move || field_error("name")().is_some().to_string()
                    />
                    <p class="field-error" id="playbook-name-error">{field_error("name")}</p>
                </div>
                <fieldset>
                    <legend>"Audio files, in playing order"</legend>
                    {selects}
                    <p class="field-error" id="playbook-files-error">{field_error("files")}</p>
                </fieldset>
                <p class="alert error" role="alert" hidden=move || other_error().is_none()>{other_error}</p>
                <div class="actions">
                    <button type="submit">{if editing { "Save playbook" } else { "Create playbook" }}</button>
                    {editing.then(|| view! { <a class="button secondary" href="?">"Cancel"</a> })}
                </div>
            </ActionForm>
        </div>
    }
    .into_any()
}

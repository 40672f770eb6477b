//! The audio library: audio files and playbooks.

use super::write::{audited, stale_unless};
use crate::access::capability::{can, CompanyAccess};
use crate::error::{AppError, AppResult};
use crate::model::*;
use crate::policy::*;
use crate::store::{self, Db};

pub async fn audio_library(cap: &CompanyAccess<can::InScope>, db: &Db) -> AppResult<AudioLibrary> {
    let c = &cap.company().id;
    Ok(AudioLibrary {
        files: store::audio_library::audio_items(db, c).await?.into_iter().map(audio_item).collect(),
        playbooks: store::audio_library::playbooks(db, c, None).await?.into_iter().map(playbook_view).collect(),
    })
}

/// Adds an audio file: WAV, MP3 or OGG by content, at most 5 MB, a name unique in the library.
pub async fn upload_audio(
    cap: &CompanyAccess<can::AudioLibraryModify>,
    db: &Db,
    name: &str,
    bytes: &[u8],
) -> AppResult<crate::model::AudioItem> {
    use crate::model::audio::{megabytes, AudioFormat, MAX_AUDIO_BYTES};
    let c = cap.company();
    let id = store::new_id();
    let entry = cap.audit("audio.upload", "audio_file", &id);
    let attempted = serde_json::json!({"name": name, "size_bytes": bytes.len()});
    audited(db, entry, &attempted, async {
        let mut tx = db.begin().await?;
        check_name("name", name)?;
        if bytes.len() > MAX_AUDIO_BYTES {
            return Err(AppError::TooLarge {
                message: format!(
                    "The file is {}; an audio file may be at most {}.",
                    megabytes(bytes.len()),
                    megabytes(MAX_AUDIO_BYTES)
                ),
            });
        }
        let format = AudioFormat::sniff(bytes).ok_or_else(|| {
            AppError::invalid("file", "This file is not WAV, MP3 or OGG audio (its content was checked, not its name).")
        })?;
        let name = name.trim();
        if store::audio_library::audio_named(&mut tx, &c.id, name).await? {
            return Err(AppError::invalid("name", format!("The library already has an audio file named \"{name}\".")));
        }
        store::audio_library::insert_audio(&mut tx, &id, &c.id, name, format, bytes).await?;
        let item = crate::model::AudioItem {
            id: id.clone(),
            name: name.to_string(),
            format: Some(format),
            size_bytes: bytes.len() as i64,
        };
        Ok((tx, serde_json::Value::Null, item))
    })
    .await
}

/// Deletes an audio file that no queue plays; otherwise says which queues do.
/// Deletes an audio file or a playbook, unless a queue plays it or (for a file) a playbook
/// holds it; the refusal names them.
pub async fn delete_audio(cap: &CompanyAccess<can::AudioLibraryModify>, db: &Db, id: &str) -> AppResult<()> {
    let c = cap.company();
    let audio = match store::audio_library::audio_company(db, id).await? {
        Some((company, audio)) if company == c.id => audio,
        _ => return Err(AppError::NotFound),
    };
    let audio = &audio;
    let (kind, what) = match audio {
        OptInAudio::File(_) => ("audio_file", "audio file"),
        OptInAudio::Playbook(_) => ("playbook", "playbook"),
    };
    let entry = cap.audit(if kind == "playbook" { "playbook.delete" } else { "audio.delete" }, kind, id);
    audited(db, entry, &serde_json::Value::Null, async {
        let mut tx = db.begin().await?;
        let queues = store::audio_library::queues_playing(&mut tx, &c.id, audio).await?;
        if !queues.is_empty() {
            return Err(AppError::invalid(
                "audio",
                format!("This {what} is the opt-in audio of {}: choose other audio there first.", queues.join(", ")),
            ));
        }
        if let OptInAudio::File(id) = audio {
            let playbooks = store::audio_library::playbooks_playing(&mut tx, &c.id, id).await?;
            if !playbooks.is_empty() {
                return Err(AppError::invalid(
                    "audio",
                    format!(
                        "This audio file plays in {}: remove it from there first.",
                        quoted_list("playbook", &playbooks)
                    ),
                ));
            }
            let announcing = store::audio_library::announcements_playing(&mut tx, &c.id, id).await?;
            if !announcing.is_empty() {
                return Err(AppError::invalid(
                    "audio",
                    format!(
                        "This audio file is the recording announcement of {}: choose another announcement there first.",
                        announcing.join(", ")
                    ),
                ));
            }
        }
        let deleted = match audio {
            OptInAudio::File(id) => store::audio_library::delete_audio(&mut tx, &c.id, id).await?,
            OptInAudio::Playbook(id) => store::audio_library::delete_playbook(&mut tx, &c.id, id).await?,
        };
        if !deleted {
            return Err(AppError::NotFound);
        }
        Ok((tx, serde_json::json!({"id": id}), ()))
    })
    .await
}

/// "the playbook 'A'" or "the playbooks 'A', 'B'".
fn quoted_list(noun: &str, names: &[String]) -> String {
    let list = names.iter().map(|n| format!("'{n}'")).collect::<Vec<_>>().join(", ");
    if names.len() == 1 {
        format!("the {noun} {list}")
    } else {
        format!("the {noun}s {list}")
    }
}

/// Creates a playbook (no `id`) or replaces one's name and files: files of this company's
/// library, at least one, in playing order; a name unique among the playbooks.
pub async fn save_playbook(
    cap: &CompanyAccess<can::AudioLibraryModify>,
    db: &Db,
    id: Option<&str>,
    input: &PlaybookInput,
) -> AppResult<PlaybookView> {
    let c = cap.company();
    let new_id = store::new_id();
    let entry =
        cap.audit(if id.is_some() { "playbook.update" } else { "playbook.create" }, "playbook", id.unwrap_or(&new_id));
    audited(db, entry, input, async {
        let mut tx = db.begin().await?;
        input.validate().into_result()?;
        let before = match id {
            Some(id) => Some(playbook_view(
                store::audio_library::playbooks(db, &c.id, Some(id)).await?.pop().ok_or(AppError::NotFound)?,
            )),
            None => None,
        };
        let name = input.name.trim().to_string();
        let chosen = input.chosen_files();
        let files = store::audio_library::library_files(&mut tx, &c.id, &chosen)
            .await?
            .map(|files| files.into_iter().map(choice).collect::<Vec<_>>())
            .ok_or_else(|| AppError::invalid("files", "Choose audio files of this company's library."))?;
        if let Some(other) = store::audio_library::playbook_named(&mut tx, &c.id, &name).await? {
            if Some(other.as_str()) != id {
                return Err(AppError::invalid("name", format!("A playbook named \"{name}\" already exists.")));
            }
        }
        let id = match id {
            Some(id) => {
                let version =
                    input.version.ok_or_else(|| AppError::invalid("version", "The version you read is missing."))?;
                stale_unless(
                    store::rename::rename(&mut tx, store::rename::Renamed::Playbook, &c.id, id, &name, version).await?,
                )?;
                id
            }
            None => {
                store::audio_library::insert_library_item(&mut tx, true, &new_id, &c.id, &name).await?;
                new_id.as_str()
            }
        };
        store::audio_library::set_playbook_files(&mut tx, id, &chosen).await?;
        let after =
            PlaybookView { id: id.to_string(), name, files, version: before.as_ref().map_or(1, |b| b.version + 1) };
        Ok((tx, before, after))
    })
    .await
}

/// Changes a playbook's name and files over the version read; an audio file of the library is
/// not changed this way (a new one is uploaded instead).
pub async fn update_playbook(
    cap: &CompanyAccess<can::AudioLibraryModify>,
    db: &Db,
    id: &str,
    input: &PlaybookInput,
) -> AppResult<PlaybookView> {
    if let Some((company, OptInAudio::File(_))) = store::audio_library::audio_company(db, id).await? {
        if company == cap.company().id {
            return Err(AppError::invalid(
                "id",
                "Only a playbook can be changed; upload an audio file under a new name instead.",
            ));
        }
    }
    save_playbook(cap, db, Some(id), input).await
}

/// An audio file's content type and bytes, to play it in the page.
pub async fn audio_content(cap: &CompanyAccess<can::InScope>, db: &Db, id: &str) -> AppResult<(&'static str, Vec<u8>)> {
    let (format, bytes) =
        store::audio_library::audio_bytes(db, &cap.company().id, id).await?.ok_or(AppError::NotFound)?;
    let format = crate::model::audio::AudioFormat::parse(&format).ok_or(AppError::NotFound)?;
    Ok((format.content_type(), bytes))
}

/// A library item as a dropdown lists it.
pub(crate) fn choice(item: store::audio_library::LibraryItem) -> AudioChoice {
    AudioChoice { id: item.id, name: item.name }
}

fn audio_item(f: store::audio_library::AudioFileRecord) -> AudioItem {
    AudioItem { id: f.id, name: f.name, format: f.format, size_bytes: f.size_bytes }
}

fn playbook_view(p: store::audio_library::PlaybookRecord) -> PlaybookView {
    PlaybookView { id: p.id, name: p.name, files: p.files.into_iter().map(choice).collect(), version: p.version }
}

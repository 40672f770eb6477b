//! The audio library: audio files and playbooks.

use super::run;
use super::{Db, Tx};
use crate::policy::*;

/// An audio file or a playbook as the store reads it: its id and name.
#[derive(Clone, Debug)]
pub struct LibraryItem {
    pub id: String,
    pub name: String,
}

/// An audio file of the library with its format and size.
#[derive(Clone, Debug)]
pub struct AudioFileRecord {
    pub id: String,
    pub name: String,
    pub format: Option<crate::model::audio::AudioFormat>,
    pub size_bytes: i64,
}

/// A playbook with its files in playing order.
#[derive(Clone, Debug)]
pub struct PlaybookRecord {
    pub id: String,
    pub name: String,
    pub files: Vec<LibraryItem>,
    pub version: i64,
}

/// True when the audio file or playbook is in this company's library.
pub async fn audio_exists(db: &Db, company_id: &str, audio: &OptInAudio) -> Result<bool, sqlx::Error> {
    let sql = match audio {
        OptInAudio::File(_) => "SELECT COUNT(*) FROM audio_files WHERE company_id = ? AND id = ?",
        OptInAudio::Playbook(_) => "SELECT COUNT(*) FROM playbooks WHERE company_id = ? AND id = ?",
    };
    let n: i64 = run!(db, sql, |q, c| sqlx::query_scalar(q).bind(company_id).bind(audio.id()).fetch_one(c).await)?;
    Ok(n > 0)
}

/// The company's audio files and playbooks, by name, for the opt-in audio dropdown.
pub async fn audio_library(db: &Db, company_id: &str) -> Result<(Vec<LibraryItem>, Vec<LibraryItem>), sqlx::Error> {
    let list = |table: &'static str| async move {
        let rows: Vec<(String, String)> =
            run!(db, &format!("SELECT id, name FROM {table} WHERE company_id = ? ORDER BY name, id"), |q, c| {
                sqlx::query_as(q).bind(company_id).fetch_all(c).await
            })?;
        Ok::<_, sqlx::Error>(rows.into_iter().map(|(id, name)| LibraryItem { id, name }).collect())
    };
    Ok((list("audio_files").await?, list("playbooks").await?))
}

pub async fn audio_items(db: &Db, company_id: &str) -> Result<Vec<AudioFileRecord>, sqlx::Error> {
    let rows: Vec<(String, String, Option<String>, i64)> = run!(
        db,
        "SELECT id, name, format, size_bytes FROM audio_files WHERE company_id = ? ORDER BY name, id",
        |q, c| sqlx::query_as(q).bind(company_id).fetch_all(c).await
    )?;
    Ok(rows
        .into_iter()
        .map(|(id, name, format, size_bytes)| AudioFileRecord {
            id,
            name,
            format: format.as_deref().and_then(crate::model::audio::AudioFormat::parse),
            size_bytes,
        })
        .collect())
}

pub async fn audio_named(tx: &mut Tx, company_id: &str, name: &str) -> Result<bool, sqlx::Error> {
    let n: i64 =
        run!(tx, "SELECT COUNT(*) FROM audio_files WHERE company_id = ? AND lower(name) = lower(?)", |q, c| {
            sqlx::query_scalar(q).bind(company_id).bind(name).fetch_one(c).await
        })?;
    Ok(n > 0)
}

pub async fn insert_audio(
    tx: &mut Tx,
    id: &str,
    company_id: &str,
    name: &str,
    format: crate::model::audio::AudioFormat,
    bytes: &[u8],
) -> Result<(), sqlx::Error> {
    insert_library_item(tx, false, id, company_id, name).await?;
    put_audio_content(tx, id, format, bytes).await
}

/// Stores an audio file's bytes with their format and size.
pub async fn put_audio_content(
    tx: &mut Tx,
    id: &str,
    format: crate::model::audio::AudioFormat,
    bytes: &[u8],
) -> Result<(), sqlx::Error> {
    run!(tx, "UPDATE audio_files SET format = ?, size_bytes = ? WHERE id = ?", |q, c| sqlx::query(q)
        .bind(format.as_str())
        .bind(bytes.len() as i64)
        .bind(id)
        .execute(c)
        .await
        .affected())?;
    run!(tx, "INSERT INTO audio_blobs (audio_file_id, bytes) VALUES (?, ?)", |q, c| sqlx::query(q)
        .bind(id)
        .bind(bytes)
        .execute(c)
        .await
        .affected())?;
    Ok(())
}

/// The queues whose opt-in prompt plays this audio file or playbook, by name.
pub async fn queues_playing(tx: &mut Tx, company_id: &str, audio: &OptInAudio) -> Result<Vec<String>, sqlx::Error> {
    let (sql, id) = match audio {
        OptInAudio::File(id) => {
            ("SELECT name FROM queues WHERE company_id = ? AND opt_in_audio_file = ? ORDER BY name", id)
        }
        OptInAudio::Playbook(id) => {
            ("SELECT name FROM queues WHERE company_id = ? AND opt_in_playbook = ? ORDER BY name", id)
        }
    };
    run!(tx, sql, |q, c| sqlx::query_scalar(q).bind(company_id).bind(id).fetch_all(c).await)
}

/// The playbooks that play this audio file, by name.
pub async fn playbooks_playing(tx: &mut Tx, company_id: &str, file_id: &str) -> Result<Vec<String>, sqlx::Error> {
    run!(
        tx,
        "SELECT DISTINCT p.name FROM playbooks p JOIN playbook_items i ON i.playbook_id = p.id \
         WHERE p.company_id = ? AND i.audio_file_id = ? ORDER BY p.name",
        |q, c| sqlx::query_scalar(q).bind(company_id).bind(file_id).fetch_all(c).await
    )
}

/// The company's playbooks with their files in playing order; only `only` when given.
pub async fn playbooks(db: &Db, company_id: &str, only: Option<&str>) -> Result<Vec<PlaybookRecord>, sqlx::Error> {
    // Playbook id, name and version, then one of its files (id, name), in playing order.
    type Row = (String, String, i64, Option<String>, Option<String>);
    let rows: Vec<Row> = run!(
        db,
        "SELECT p.id, p.name, p.version, f.id, f.name FROM playbooks p \
         LEFT JOIN playbook_items i ON i.playbook_id = p.id LEFT JOIN audio_files f ON f.id = i.audio_file_id \
         WHERE p.company_id = ?1 AND (?2 IS NULL OR p.id = ?2) ORDER BY p.name, p.id, i.position",
        |q, c| sqlx::query_as(q).bind(company_id).bind(only).fetch_all(c).await
    )?;
    let mut out: Vec<PlaybookRecord> = Vec::new();
    for (id, name, version, file_id, file_name) in rows {
        if out.last().is_none_or(|p| p.id != id) {
            out.push(PlaybookRecord { id, name, files: Vec::new(), version });
        }
        if let (Some(id), Some(name), Some(p)) = (file_id, file_name, out.last_mut()) {
            p.files.push(LibraryItem { id, name });
        }
    }
    Ok(out)
}

pub async fn playbook_named(tx: &mut Tx, company_id: &str, name: &str) -> Result<Option<String>, sqlx::Error> {
    run!(tx, "SELECT id FROM playbooks WHERE company_id = ? AND lower(name) = lower(?)", |q, c| sqlx::query_scalar(q)
        .bind(company_id)
        .bind(name)
        .fetch_optional(c)
        .await)
}

/// The names of these audio files in the company's library, in the given order; None when
/// one of them is not there.
pub async fn library_files(
    tx: &mut Tx,
    company_id: &str,
    ids: &[String],
) -> Result<Option<Vec<LibraryItem>>, sqlx::Error> {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let name: Option<String> =
            run!(tx, "SELECT name FROM audio_files WHERE company_id = ? AND id = ?", |q, c| sqlx::query_scalar(q)
                .bind(company_id)
                .bind(id)
                .fetch_optional(c)
                .await)?;
        match name {
            Some(name) => out.push(LibraryItem { id: id.clone(), name }),
            None => return Ok(None),
        }
    }
    Ok(Some(out))
}

/// Adds an audio file (its name only; [`put_audio_content`] gives it content) or a
/// playbook to the company's library.
pub async fn insert_library_item(
    tx: &mut Tx,
    playbook: bool,
    id: &str,
    company_id: &str,
    name: &str,
) -> Result<(), sqlx::Error> {
    let table = if playbook { "playbooks" } else { "audio_files" };
    run!(tx, &format!("INSERT INTO {table} (id, company_id, name, created_at) VALUES (?, ?, ?, ?)"), |q, c| {
        sqlx::query(q).bind(id).bind(company_id).bind(name).bind(super::now_text()).execute(c).await.affected()
    })?;
    Ok(())
}

/// Replaces the playbook's files with these, in this order.
pub async fn set_playbook_files(tx: &mut Tx, id: &str, files: &[String]) -> Result<(), sqlx::Error> {
    run!(tx, "DELETE FROM playbook_items WHERE playbook_id = ?", |q, c| sqlx::query(q)
        .bind(id)
        .execute(c)
        .await
        .affected())?;
    for (position, file) in files.iter().enumerate() {
        run!(tx, "INSERT INTO playbook_items (playbook_id, position, audio_file_id) VALUES (?, ?, ?)", |q, c| {
            sqlx::query(q).bind(id).bind(position as i64).bind(file).execute(c).await.affected()
        })?;
    }
    Ok(())
}

pub async fn delete_playbook(tx: &mut Tx, company_id: &str, id: &str) -> Result<bool, sqlx::Error> {
    let done = run!(tx, "DELETE FROM playbooks WHERE company_id = ? AND id = ?", |q, c| sqlx::query(q)
        .bind(company_id)
        .bind(id)
        .execute(c)
        .await
        .affected())?;
    Ok(done == 1)
}

pub async fn delete_audio(tx: &mut Tx, company_id: &str, id: &str) -> Result<bool, sqlx::Error> {
    let done = run!(tx, "DELETE FROM audio_files WHERE company_id = ? AND id = ?", |q, c| sqlx::query(q)
        .bind(company_id)
        .bind(id)
        .execute(c)
        .await
        .affected())?;
    Ok(done == 1)
}

/// The company of an audio file or playbook, and which of the two it is.
pub async fn audio_company(db: &Db, id: &str) -> Result<Option<(String, OptInAudio)>, sqlx::Error> {
    let row: Option<(String, bool)> = run!(
        db,
        "SELECT company_id, FALSE FROM audio_files WHERE id = ?1 \
         UNION ALL SELECT company_id, TRUE FROM playbooks WHERE id = ?1",
        |q, c| sqlx::query_as(q).bind(id).fetch_optional(c).await
    )?;
    Ok(row.map(|(company, playbook)| {
        (company, if playbook { OptInAudio::Playbook(id.to_string()) } else { OptInAudio::File(id.to_string()) })
    }))
}

/// An audio file's bytes and format, for playing it.
pub async fn audio_bytes(db: &Db, company_id: &str, id: &str) -> Result<Option<(String, Vec<u8>)>, sqlx::Error> {
    run!(
        db,
        "SELECT f.format, b.bytes FROM audio_files f JOIN audio_blobs b ON b.audio_file_id = f.id \
         WHERE f.company_id = ? AND f.id = ?",
        |q, c| sqlx::query_as(q).bind(company_id).bind(id).fetch_optional(c).await
    )
}

/// True when the audio file is the company's and an MP3 (checked by content at upload).
pub async fn audio_is_mp3(db: &Db, company_id: &str, id: &str) -> Result<bool, sqlx::Error> {
    let n: i64 =
        run!(db, "SELECT COUNT(*) FROM audio_files WHERE company_id = ? AND id = ? AND format = 'mp3'", |q, c| {
            sqlx::query_scalar(q).bind(company_id).bind(id).fetch_one(c).await
        })?;
    Ok(n > 0)
}

/// The company's MP3 audio files, by name: what an announcement may play.
pub async fn mp3_files(db: &Db, company_id: &str) -> Result<Vec<LibraryItem>, sqlx::Error> {
    let rows: Vec<(String, String)> =
        run!(db, "SELECT id, name FROM audio_files WHERE company_id = ? AND format = 'mp3' ORDER BY name", |q, c| {
            sqlx::query_as(q).bind(company_id).fetch_all(c).await
        })?;
    Ok(rows.into_iter().map(|(id, name)| LibraryItem { id, name }).collect())
}

/// Who plays the audio file as their recording announcement: the company's defaults and
/// users (the treatment JSON names it as `"file":"<id>"`).
pub async fn announcements_playing(tx: &mut Tx, company_id: &str, file_id: &str) -> Result<Vec<String>, sqlx::Error> {
    let needle = format!("\"file\":\"{file_id}\"");
    run!(tx, "SELECT 'the company defaults' FROM companies WHERE id = ?1 AND treatment LIKE '%' || ?2 || '%' \
         UNION ALL SELECT 'user ' || name FROM users WHERE company_id = ?1 AND treatment LIKE '%' || ?2 || '%' LIMIT 10", |q, c| sqlx::query_scalar(q)
    .bind(company_id)
    .bind(&needle)
    .fetch_all(c).await)
}

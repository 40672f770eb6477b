//! The recordings a Stored Recordings filter matches, as one ZIP streamed while it is built:
//! each recording's audio read from its storage straight into the ZIP (stored, not
//! compressed: audio is compressed already), then `manifest.csv` with their details. Never
//! held whole; the memory is a buffer's and the manifest's.

use crate::access::capability::{can, CompanyAccess};
use crate::error::{AppError, AppResult};
use crate::model::bulk_download::{manifest_line, BulkDownloadPreview, FileNames, Missing, MANIFEST_HEADER};
use crate::model::recordings::{download_name, RecordingFilter};
use crate::store::files::{AudioStream, Storages};
use crate::store::{self, audit_log, Db};
use async_zip::base::write::ZipFileWriter;
use async_zip::{Compression, ZipDateTimeBuilder, ZipEntryBuilder};
use futures_util::{AsyncWriteExt, StreamExt};
use std::sync::Arc;

/// How many recordings the filter matches (counted up to one past `limit`).
pub async fn preview(
    cap: &CompanyAccess<can::RecordingsDownload>,
    db: &Db,
    filter: &RecordingFilter,
    limit: u64,
) -> AppResult<BulkDownloadPreview> {
    Ok(matching(cap, db, filter, limit).await?.0)
}

/// The count and the ids of the recordings the filter matches, one query for both: up to one
/// past `limit`, so that a filter matching more says so.
async fn matching(
    cap: &CompanyAccess<can::RecordingsDownload>,
    db: &Db,
    filter: &RecordingFilter,
    limit: u64,
) -> AppResult<(BulkDownloadPreview, Vec<String>)> {
    let q = filter.parse().map_err(AppError::from)?;
    let found = store::recordings::matching(db, cap.reach(), &q, limit as usize + 1).await?;
    Ok((BulkDownloadPreview { matching: found.len() as u64, limit }, found.into_iter().map(|(id, _)| id).collect()))
}

/// The ZIP of the recordings the filter matches within the caller's teams, at most `limit`
/// of them (more, or none, is refused and nothing is audited). Each recording whose audio goes
/// into it is audited before the first byte leaves (an erased one is listed, not audited). A
/// failure half-way is logged and ends the body with an error, so the client sees a broken
/// download rather than a short ZIP.
pub async fn zip(
    cap: &CompanyAccess<can::RecordingsDownload>,
    db: &Db,
    storages: &Arc<Storages>,
    filter: &RecordingFilter,
    limit: u64,
) -> AppResult<AudioStream> {
    let (preview, ids) = matching(cap, db, filter, limit).await?;
    if !preview.allowed() {
        return Err(AppError::invalid("filter", preview.sentence()));
    }
    let mut found = Vec::new();
    for id in ids {
        // Deleted (or purged) since it matched: not in the download.
        if let Some(recording) = super::recordings::stored(db, cap.reach(), &id).await? {
            found.push(recording);
        }
    }
    let included: Vec<&str> =
        found.iter().filter(|(r, _)| r.audio_erased_at.is_none()).map(|(r, _)| r.row.id.as_str()).collect();
    let detail = format!("In a download (ZIP) of {}.", crate::model::recordings::recordings(included.len() as u64));
    let mut tx = db.begin().await?;
    for id in included {
        let mut entry = super::recordings::entry(cap.actor(), cap.company(), "recording.download", id);
        entry.detail = Some(detail.clone());
        audit_log::write(&mut tx, &entry).await?;
    }
    tx.commit().await?;

    let (writer, reader) = tokio::io::duplex(256 * 1024);
    let (done, finished) = tokio::sync::oneshot::channel::<bool>();
    let (db, storages) = (db.clone(), storages.clone());
    let request_id = crate::error::current_request_id().unwrap_or_default();
    tokio::spawn(async move {
        let written = write_zip(writer, &db, &storages, found).await;
        match &written {
            Ok(()) => {}
            // The client went away: its choice, not a failure.
            Err(Stopped::ClientGone) => tracing::info!(request_id, "a bulk download was cancelled by its client"),
            Err(Stopped::Failed(e)) => tracing::error!(request_id, error = %e, "a bulk download stopped half-way"),
        }
        let _ = done.send(written.is_ok());
    });
    let failed = futures_util::stream::once(finished).filter_map(|ok| async move {
        (!ok.unwrap_or(false)).then(|| Err(std::io::Error::other("the download stopped half-way")))
    });
    Ok(Box::pin(tokio_util::io::ReaderStream::new(reader).chain(failed)))
}

/// Why a ZIP was not finished.
enum Stopped {
    ClientGone,
    Failed(String),
}

impl From<async_zip::error::ZipError> for Stopped {
    fn from(e: async_zip::error::ZipError) -> Stopped {
        match e {
            async_zip::error::ZipError::UpstreamReadError(io) => Stopped::from(io),
            other => Stopped::Failed(other.to_string()),
        }
    }
}

impl From<std::io::Error> for Stopped {
    fn from(e: std::io::Error) -> Stopped {
        match e.kind() {
            std::io::ErrorKind::BrokenPipe => Stopped::ClientGone,
            _ => Stopped::Failed(e.to_string()),
        }
    }
}

/// How long a client may keep the download waiting before it is given up: one that stopped
/// reading would otherwise hold the task and its storage stream for ever.
const STALLED: std::time::Duration = std::time::Duration::from_secs(120);

async fn write_zip(
    writer: tokio::io::DuplexStream,
    db: &Db,
    storages: &Storages,
    found: Vec<(crate::model::recordings::RecordingDetails, super::recordings::Held)>,
) -> Result<(), Stopped> {
    let mut zip = ZipFileWriter::with_tokio(writer);
    let (mut manifest, mut names) = (String::from(MANIFEST_HEADER), FileNames::default());
    let streamed = metrics::counter!("earmark_audio_streamed_bytes_total");
    for (r, held) in found {
        let id = &r.row.id;
        if r.audio_erased_at.is_some() {
            manifest.push_str(&manifest_line(&r, "", Some(Missing::Erased)));
            continue;
        }
        let audio = match super::storage::holding(db, storages, held.account_id.as_deref()).await {
            Ok(storage) => storage.read(&held.key, 0, r.size_bytes.max(0) as u64).await.map_err(|e| e.to_string()),
            Err(e) => Err(e.to_string()),
        };
        let mut audio = match audio {
            Ok(a) => a,
            Err(e) => {
                tracing::error!(recording = %id, error = %e, "a recording's audio could not be read for a bulk download");
                manifest.push_str(&manifest_line(&r, "", Some(Missing::NotInStorage)));
                continue;
            }
        };
        let name = names.unique(download_name(&r.row, r.format));
        let entry = ZipEntryBuilder::new(name.clone().into(), Compression::Stored)
            .last_modification_date(zip_time(&r.row.started_at));
        let mut out = zip.write_entry_stream(entry).await?;
        while let Some(chunk) = audio.next().await {
            let chunk = chunk.map_err(|e| Stopped::Failed(e.to_string()))?;
            let stalled = || Stopped::Failed(format!("the client read nothing for {} s", STALLED.as_secs()));
            tokio::time::timeout(STALLED, out.write_all(&chunk)).await.map_err(|_| stalled())??;
            streamed.increment(chunk.len() as u64);
        }
        out.close().await?;
        manifest.push_str(&manifest_line(&r, &name, None));
    }
    let entry = ZipEntryBuilder::new("manifest.csv".to_string().into(), Compression::Stored)
        .last_modification_date(zip_time(&store::now_text()));
    zip.write_entry_whole(entry, manifest.as_bytes()).await?;
    let mut writer = zip.close().await?;
    Ok(writer.close().await?)
}

/// A stored UTC time (`2026-03-04T09:20:30Z`) as the ZIP's date of a file.
fn zip_time(at: &str) -> async_zip::ZipDateTime {
    let part = |range: std::ops::Range<usize>| at.get(range).and_then(|t| t.parse::<u32>().ok()).unwrap_or(0);
    ZipDateTimeBuilder::new()
        .year(part(0..4) as i32)
        .month(part(5..7))
        .day(part(8..10))
        .hour(part(11..13))
        .minute(part(14..16))
        .second(part(17..19))
        .build()
}

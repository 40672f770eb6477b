//! The recordings a Stored Recordings filter matches, as one ZIP streamed while it is built:
//! each recording's audio read from its storage straight into the ZIP (stored, not
//! compressed: audio is compressed already), then `manifest.csv` with their details. Never
//! held whole; the memory is a buffer's and the manifest's.

use crate::access::capability::{can, CompanyAccess};
use crate::error::{AppError, AppResult};
use crate::model::bulk_download::{manifest_line, BulkDownloadPreview, FileNames, Missing, MANIFEST_HEADER};
use crate::model::recordings::{download_name, ListQuery, RecordingFilter};
use crate::store::files::{AudioStream, Storages};
use crate::store::{self, audit_log, Db, Reach};
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
    let q = filter.parse().map_err(AppError::from)?;
    let found = store::recordings::matching(db, cap.reach(), &q, limit as usize + 1).await?;
    Ok(BulkDownloadPreview { matching: found.len() as u64, limit })
}

/// The ZIP of the recordings the filter matches within the caller's teams, at most `limit`
/// of them (more, or none, is refused and nothing is audited). Each recording's download is
/// audited before the first byte leaves. A failure half-way is logged and ends the body with
/// an error, so the client sees a broken download rather than a short ZIP.
pub async fn zip(
    cap: &CompanyAccess<can::RecordingsDownload>,
    db: &Db,
    storages: &Arc<Storages>,
    filter: &RecordingFilter,
    limit: u64,
) -> AppResult<AudioStream> {
    let q: ListQuery = filter.parse().map_err(AppError::from)?;
    let preview = preview(cap, db, filter, limit).await?;
    if !preview.allowed() {
        return Err(AppError::invalid("filter", preview.sentence()));
    }
    let ids: Vec<String> =
        store::recordings::matching(db, cap.reach(), &q, limit as usize).await?.into_iter().map(|(id, _)| id).collect();
    let detail = format!("In a download (ZIP) of {}.", crate::model::recordings::recordings(ids.len() as u64));
    let mut tx = db.begin().await?;
    for id in &ids {
        let mut entry = super::recordings::entry(cap.actor(), cap.company(), "recording.download", id);
        entry.detail = Some(detail.clone());
        audit_log::write(&mut tx, &entry).await?;
    }
    tx.commit().await?;

    let (writer, reader) = tokio::io::duplex(256 * 1024);
    let (done, finished) = tokio::sync::oneshot::channel::<bool>();
    let (db, storages) = (db.clone(), storages.clone());
    let (company, teams) = (cap.company().id.clone(), cap.teams().map(<[String]>::to_vec));
    let request_id = crate::error::current_request_id();
    tokio::spawn(async move {
        let reach = Reach::new(&company, teams.as_deref());
        let written = write_zip(writer, &db, &storages, reach, &ids).await;
        if let Err(e) = &written {
            tracing::error!(request_id = request_id.as_deref().unwrap_or_default(), error = %e, "a bulk download stopped half-way");
        }
        let _ = done.send(written.is_ok());
    });
    let failed = futures_util::stream::once(finished).filter_map(|ok| async move {
        (!ok.unwrap_or(false)).then(|| Err(std::io::Error::other("the download stopped half-way")))
    });
    Ok(Box::pin(tokio_util::io::ReaderStream::new(reader).chain(failed)))
}

async fn write_zip(
    writer: tokio::io::DuplexStream,
    db: &Db,
    storages: &Storages,
    reach: Reach<'_>,
    ids: &[String],
) -> Result<(), String> {
    let mut zip = ZipFileWriter::with_tokio(writer);
    let (mut manifest, mut names) = (String::from(MANIFEST_HEADER), FileNames::default());
    for id in ids {
        // Deleted (or purged) since the count: not in the download.
        let Some((r, held)) = super::recordings::stored(db, reach, id).await.map_err(|e| e.to_string())? else {
            continue;
        };
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
        let mut out = zip.write_entry_stream(entry).await.map_err(|e| e.to_string())?;
        while let Some(chunk) = audio.next().await {
            out.write_all(&chunk.map_err(|e| e.to_string())?).await.map_err(|e| e.to_string())?;
        }
        out.close().await.map_err(|e| e.to_string())?;
        manifest.push_str(&manifest_line(&r, &name, None));
    }
    let entry = ZipEntryBuilder::new("manifest.csv".to_string().into(), Compression::Stored)
        .last_modification_date(zip_time(&store::now_text()));
    zip.write_entry_whole(entry, manifest.as_bytes()).await.map_err(|e| e.to_string())?;
    let mut writer = zip.close().await.map_err(|e| e.to_string())?;
    writer.close().await.map_err(|e| e.to_string())
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

//! Stored recordings: the upload from the telephony engine, the list and details pages, the
//! player and downloads (each audited), and deleting. The API handlers and the server
//! functions both call these.

use crate::access::capability::{can, Actor, CompanyAccess};
use crate::error::{AppError, AppResult};
use crate::model::audio::AudioFormat;
use crate::model::recordings::*;
use crate::store::files::{AudioStream, Received, Storages};
use crate::store::{self, audit_log, recordings as rows, Db, Reach};

/// What an upload did: stored a new recording, or found this very file already stored.
pub enum Uploaded {
    Created(RecordingDetails),
    AlreadyStored(RecordingDetails),
}

pub(crate) fn entry(
    actor: &Actor,
    company: &crate::store::tenants::CompanyRecord,
    action: &'static str,
    id: &str,
) -> audit_log::Entry {
    audit_log::Entry {
        actor_id: Some(actor.admin_id.clone()),
        actor_email: Some(actor.email.clone()),
        action,
        object_kind: Some("recording"),
        object_id: Some(id.to_string()),
        company_id: Some(company.id.clone()),
        reseller_id: Some(company.reseller_id.clone()),
        ..Default::default()
    }
}

/// `2026-11-02T09:15:00+01:00` as `2026-11-02T08:15:00Z`, the form the list sorts by.
fn utc_text(text: &str) -> AppResult<String> {
    use time::format_description::well_known::Rfc3339;
    let wrong = || AppError::invalid("started_at", "Give the start time in RFC 3339, e.g. 2026-11-02T09:15:00Z.");
    // An instant past year 9999 or before year 0 in UTC has no RFC 3339 spelling: refused,
    // as any other time that is not one.
    let t = time::OffsetDateTime::parse(text.trim(), &Rfc3339)
        .map_err(|_| wrong())?
        .checked_to_offset(time::UtcOffset::UTC)
        .ok_or_else(wrong)?
        .replace_nanosecond(0)
        .map_err(|_| wrong())?;
    t.format(&Rfc3339).map_err(|_| wrong())
}

/// Stores an uploaded recording: the metadata checked against the company's users, devices
/// and queues, the audio recognised by its content. The file is already fsynced under a
/// temporary name; it is renamed into place before the row commits, and removed again if
/// the row does not. The same call id with the same file is answered with the stored
/// recording; with a different file it is a conflict.
pub async fn upload(
    cap: &CompanyAccess<can::RecordingsUpload>,
    db: &Db,
    storages: &Storages,
    meta: &RecordingMeta,
    received: Received,
) -> AppResult<Uploaded> {
    let c = cap.company();
    let (account_id, storage) = super::storage::for_new_recording(db, storages, &c.id).await?;
    meta.validate().into_result()?;
    let started_at = utc_text(&meta.started_at)?;
    let format = AudioFormat::sniff(&received.head).ok_or_else(|| {
        AppError::invalid("audio", "The audio is not WAV, MP3 or OGG (its content was checked, not its name).")
    })?;
    let call_id = meta.call_id.trim();
    if let Some((id, sha256)) = rows::by_call_id(db, &c.id, call_id).await? {
        return if sha256 == received.sha256 {
            Ok(Uploaded::AlreadyStored(details_of(db, cap.reach(), &id).await?))
        } else {
            Err(AppError::Conflict {
                message: format!("Call {call_id} already has a recording with different audio; it was kept."),
            })
        };
    }
    for (field, table, id) in
        [("user", "users", &meta.user), ("device", "devices", &meta.device), ("queue", "queues", &meta.queue)]
    {
        if let Some(id) = id {
            if !rows::belongs(db, table, &c.id, id).await? {
                return Err(AppError::invalid(field, format!("There is no {field} {id} in this company.")));
            }
        }
    }
    let email_to = email_to_of(db, &c.id, meta).await?;
    let (path, size) = (received.path().to_path_buf(), received.size);
    let waveform = tokio::task::spawn_blocking(move || super::waveform::of_file(&path, size, format))
        .await
        .map_err(AppError::internal)?;
    if let Some(ms) = waveform.duration_ms {
        // Not refused: the engine's word may be right where a damaged file is not. Said, so
        // that an operator sees an engine whose metadata is wrong.
        if (ms as f64 / 1000.0 - meta.duration_seconds).abs() > 2.0 {
            tracing::warn!(
                call_id,
                audio_seconds = ms / 1000,
                "the audio plays longer or shorter than its metadata says"
            );
        }
    }
    let peaks = waveform.peaks;
    let id = store::new_id();
    let key = format!("{}/{}.{}", c.id, id, format.as_str());
    let (sha256, size) = (received.sha256.clone(), received.size as i64);
    // Said before the audio is kept, so that a crash before the row commits leaves a line the
    // sweep finds (services/uploads.rs), never audio nobody knows of.
    store::uploads::begin(db, &key, &c.id, account_id.as_deref(), &store::now_text()).await?;
    if let Err(e) = storage.keep(received, &key).await {
        store::uploads::abandon(db, &key).await?;
        return Err(AppError::internal(e));
    }
    let trace = serde_json::to_string(&meta.trace).map_err(AppError::internal)?;
    let consent = meta.consent.as_ref().map(serde_json::to_string).transpose().map_err(AppError::internal)?;
    let pauses = serde_json::to_string(&meta.pauses).map_err(AppError::internal)?;
    let stored = async {
        let mut tx = db.begin().await?;
        rows::insert(
            &mut tx,
            &rows::NewRecording {
                id: &id,
                company_id: &c.id,
                call_id,
                started_at: &started_at,
                duration_ms: (meta.duration_seconds * 1000.0).round() as i64,
                direction: meta.direction,
                caller: &meta.caller,
                callee: &meta.callee,
                user_id: meta.user.as_deref(),
                device_id: meta.device.as_deref(),
                queue_id: meta.queue.as_deref(),
                trace: &trace,
                format: format.as_str(),
                size_bytes: size,
                sha256: &sha256,
                storage_key: &key,
                storage_account_id: account_id.as_deref(),
                peaks: &peaks,
                consent: consent.as_deref(),
                caller_choice: meta.consent.as_ref().map(|c| c.choice.as_str()),
                pauses: &pauses,
            },
        )
        .await?;
        let mut e = entry(cap.actor(), c, "recording.upload", &id);
        e.after =
            serde_json::to_string(&serde_json::json!({"call_id": call_id, "size_bytes": size, "sha256": sha256})).ok();
        audit_log::write(&mut tx, &e).await?;
        if let Some(to) = &email_to {
            super::deliveries::enqueue(&mut tx, &c.id, &id, to).await?;
        }
        // The call's decision has its recording: off the missing list.
        store::missing_recordings::arrived(&mut tx, &c.id, call_id).await?;
        if !store::uploads::finish(&mut tx, &key).await? {
            // The sweep took this upload for one a crash cut short and removed its audio.
            return Err(sqlx::Error::Protocol("the upload's audio was swept before its row committed".into()));
        }
        tx.commit().await
    }
    .await;
    if let Err(e) = stored {
        // The row did not commit: the file must not outlive it. A concurrent upload of the
        // same call may have won the race; answer as if it had come first.
        if let Ok(removal) = storage.remove(&key).await {
            removal.finish().await;
            store::uploads::abandon(db, &key).await?;
        }
        if let Some((existing, theirs)) = rows::by_call_id(db, &c.id, call_id).await? {
            return if theirs == sha256 {
                Ok(Uploaded::AlreadyStored(details_of(db, cap.reach(), &existing).await?))
            } else {
                Err(AppError::Conflict {
                    message: format!("Call {call_id} already has a recording with different audio; it was kept."),
                })
            };
        }
        return Err(AppError::internal(e));
    }
    metrics::counter!("earmark_uploads_total", "format" => format.as_str()).increment(1);
    metrics::counter!("earmark_upload_bytes_total").increment(size as u64);
    Ok(Uploaded::Created(details_of(db, cap.reach(), &id).await?))
}

pub(crate) async fn details_of(db: &Db, reach: Reach<'_>, id: &str) -> AppResult<RecordingDetails> {
    Ok(details_from(rows::get(db, reach, id).await?.ok_or(AppError::NotFound)?).0)
}

fn row_from(r: rows::ListedRecording) -> RecordingRow {
    RecordingRow {
        direction: Direction::parse(&r.direction).unwrap_or(Direction::Inbound),
        caller: Party { name: r.caller_name, number: r.caller_number },
        callee: Party { name: r.callee_name, number: r.callee_number },
        id: r.id,
        call_id: r.call_id,
        started_at: r.started_at,
        duration_ms: r.duration_ms,
        user: r.user_name,
        queue: r.queue_name,
        legal_hold: r.legal_hold,
    }
}

/// The details page's shape of a stored recording, and the storage key of its file.
/// Where a recording's audio is: its key, in the storage its row names.
pub(crate) struct Held {
    pub key: String,
    pub account_id: Option<String>,
}

/// The recording and where its audio is, for the e-mail delivery job (which acts for the
/// company its queue row names).
pub(crate) async fn held(db: &Db, company_id: &str, id: &str) -> AppResult<Option<(RecordingDetails, Held)>> {
    stored(db, Reach::new(company_id, None), id).await
}

/// A recording within `reach` and where its audio is.
pub(crate) async fn stored(db: &Db, reach: Reach<'_>, id: &str) -> AppResult<Option<(RecordingDetails, Held)>> {
    Ok(rows::get(db, reach, id).await?.map(details_from))
}

/// The upload's `email_to`, which must be the e-mail address of the recording's user: the
/// only address a decision's treatment sends a recording to.
async fn email_to_of(db: &Db, company_id: &str, meta: &RecordingMeta) -> AppResult<Option<String>> {
    let Some(to) = meta.email_to.as_deref().map(str::trim).filter(|t| !t.is_empty()) else { return Ok(None) };
    let refused = || {
        AppError::invalid(
            "email_to",
            "email_to must be the e-mail address of the recording's user, as the decision's treatment said.",
        )
    };
    let Some(user) = meta.user.as_deref() else { return Err(refused()) };
    let user = store::users::user(db, Reach::new(company_id, None), user).await?.ok_or_else(refused)?;
    match user.email {
        Some(email) if email.eq_ignore_ascii_case(to) => Ok(Some(email)),
        _ => Err(refused()),
    }
}

fn details_from(r: rows::StoredRecording) -> (RecordingDetails, Held) {
    let hold = r.listed.legal_hold.then(|| crate::model::legal_hold::LegalHold {
        reason: r.hold_reason.unwrap_or_default(),
        case_reference: r.hold_case,
        placed_by: r.hold_by.unwrap_or_default(),
        placed_at: r.hold_at.unwrap_or_default(),
    });
    let details = RecordingDetails {
        row: row_from(r.listed),
        device: r.device_name,
        format: AudioFormat::parse(&r.format).unwrap_or(AudioFormat::Wav),
        size_bytes: r.size_bytes,
        sha256: r.sha256,
        trace: serde_json::from_str(&r.trace).unwrap_or_default(),
        peaks: r.peaks,
        hold,
        audio_erased_at: r.audio_erased_at,
        consent: r.consent.as_deref().and_then(|c| serde_json::from_str(c).ok()),
        pauses: serde_json::from_str(&r.pauses).unwrap_or_default(),
        uploaded_at: r.uploaded_at,
    };
    (details, Held { key: r.storage_key, account_id: r.storage_account_id })
}

/// One page of the company's recordings (of a supervisor's teams only), newest or oldest
/// first.
pub async fn list(
    cap: &CompanyAccess<can::RecordingsView>,
    db: &Db,
    filter: &RecordingFilter,
    limit: usize,
) -> AppResult<RecordingList> {
    let q = filter.parse().map_err(AppError::from)?;
    let (rows, more) = rows::list(db, cap.reach(), &q, limit.clamp(1, MAX_LIMIT)).await?;
    let rows: Vec<RecordingRow> = rows.into_iter().map(row_from).collect();
    // The oldest and newest rows shown, whichever way the page is ordered.
    let (oldest, newest) = if q.oldest_first { (rows.first(), rows.last()) } else { (rows.last(), rows.first()) };
    let (oldest, newest) = (oldest.map(cursor), newest.map(cursor));
    // Read towards older rows, `more` says whether older rows follow, and newer ones exist
    // when the page was reached from a newer one; read towards newer rows, the other way.
    let (older, newer) = if q.reads_ascending() {
        (if q.after.is_some() { oldest } else { None }, if more { newest } else { None })
    } else {
        (if more { oldest } else { None }, if q.before.is_some() { newest } else { None })
    };
    Ok(RecordingList { rows, older, newer })
}

/// A recording with its trace and waveform; 404 outside the caller's teams.
pub async fn details(cap: &CompanyAccess<can::RecordingsView>, db: &Db, id: &str) -> AppResult<RecordingDetails> {
    details_of(db, cap.reach(), id).await
}

/// Who played or downloaded the recording, newest first.
async fn accesses_of(db: &Db, id: &str) -> AppResult<Vec<RecordingAccess>> {
    Ok(rows::accesses(db, id)
        .await?
        .into_iter()
        .map(|a| RecordingAccess {
            at: a.at,
            who: a.actor_email.unwrap_or_else(|| "an API token".into()),
            action: if a.action == "recording.play" { "Played".into() } else { "Downloaded".into() },
        })
        .collect())
}

/// A recording with who played or downloaded it: the API's read of what its page shows.
pub async fn with_accesses(
    cap: &CompanyAccess<can::RecordingsView>,
    db: &Db,
    id: &str,
) -> AppResult<RecordingWithAccesses> {
    let recording = details(cap, db, id).await?;
    Ok(RecordingWithAccesses { accesses: accesses_of(db, id).await?, recording })
}

/// The details page: the recording and who played or downloaded it.
pub async fn page(
    cap: &CompanyAccess<can::RecordingsView>,
    db: &Db,
    id: &str,
    privileges: crate::access::Privileges,
) -> AppResult<RecordingPage> {
    use crate::access::Privilege;
    let recording = details(cap, db, id).await?;
    Ok(RecordingPage {
        accesses: accesses_of(db, id).await?,
        can_play: privileges.has(Privilege::RecordingsPlay) && recording.audio_erased_at.is_none(),
        can_download: privileges.has(Privilege::RecordingsDownload) && recording.audio_erased_at.is_none(),
        can_delete: privileges.has(Privilege::RecordingsDelete) && !recording.row.legal_hold,
        can_hold: privileges.has(Privilege::RecordingsLegalHold),
        delivery: super::deliveries::of_recording(db, id).await?,
        recording,
    })
}

/// A recording whose audio the caller may play or download: its details (the size among
/// them, for the ranges of a player) and where its file is. Reading it writes the audit
/// entry, once the file was found.
pub struct Audio {
    pub recording: RecordingDetails,
    held: Held,
    audit: Option<audit_log::Entry>,
}

impl Audio {
    /// The bytes `start..end` of the file; the play or download is audited once they could be
    /// read (a missing file is logged and answered 500, and audits nothing).
    pub async fn read(self, db: &Db, storages: &Storages, start: u64, end: u64) -> AppResult<AudioStream> {
        let id = &self.recording.row.id;
        let storage = super::storage::holding(db, storages, self.held.account_id.as_deref()).await?;
        let key = &self.held.key;
        let stream = storage.read(key, start, end).await.map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                tracing::error!(recording = %id, key = %key, "a recording's file is missing from storage");
            }
            AppError::internal(e)
        })?;
        if let Some(e) = &self.audit {
            audit_log::write_alone(db, e).await?;
        }
        // Counted as the bytes leave, so a player that stops early counts what it took.
        let streamed = metrics::counter!("earmark_audio_streamed_bytes_total");
        Ok(Box::pin(futures_util::TryStreamExt::inspect_ok(stream, move |b| streamed.increment(b.len() as u64))))
    }
}

/// `audited` is false for the follow-up range requests of one play (seeking), so a play is
/// one audit row, not one per seek.
async fn open_audio<G>(
    cap: &CompanyAccess<G>,
    db: &Db,
    id: &str,
    action: &'static str,
    audited: bool,
) -> AppResult<Audio> {
    let (recording, held) = details_from(rows::get(db, cap.reach(), id).await?.ok_or(AppError::NotFound)?);
    if let Some(at) = &recording.audio_erased_at {
        return Err(AppError::Gone {
            message: format!(
                "This recording's audio was erased on {} at a data subject's request.",
                crate::components::status::utc_text(at, false)
            ),
        });
    }
    let audit = audited.then(|| entry(cap.actor(), cap.company(), action, id));
    Ok(Audio { recording, held, audit })
}

pub async fn play(cap: &CompanyAccess<can::RecordingsPlay>, db: &Db, id: &str, audited: bool) -> AppResult<Audio> {
    open_audio(cap, db, id, "recording.play", audited).await
}

pub async fn download(cap: &CompanyAccess<can::RecordingsDownload>, db: &Db, id: &str) -> AppResult<Audio> {
    open_audio(cap, db, id, "recording.download", true).await
}

/// Deletes a recording, file and row together; never one on legal hold.
pub async fn delete(
    cap: &CompanyAccess<can::RecordingsDelete>,
    db: &Db,
    storages: &Storages,
    id: &str,
) -> AppResult<()> {
    let c = cap.company();
    let (before, held) = details_from(rows::get(db, cap.reach(), id).await?.ok_or(AppError::NotFound)?);
    let storage = super::storage::holding(db, storages, held.account_id.as_deref()).await?;
    if before.row.legal_hold {
        let mut e = entry(cap.actor(), c, "recording.delete", id);
        e.outcome = audit_log::Outcome::Refused;
        e.detail = Some("legal hold".into());
        audit_log::write_alone(db, &e).await?;
        return Err(AppError::invalid("recording", "This recording is on legal hold and cannot be deleted."));
    }
    let mut tx = db.begin().await?;
    if !rows::delete(&mut tx, &c.id, id).await? {
        return Err(AppError::NotFound);
    }
    let mut e = entry(cap.actor(), c, "recording.delete", id);
    // The call, without its parties: the audit log must not keep a number that an erasure
    // request would have to take back.
    e.before = serde_json::to_string(&serde_json::json!({
        "call_id": before.row.call_id,
        "started_at": before.row.started_at,
        "direction": before.row.direction,
        "duration_ms": before.row.duration_ms,
    }))
    .ok();
    audit_log::write(&mut tx, &e).await?;
    // The file is moved aside before the commit and put back if the commit fails, so row
    // and file go together.
    let removal = storage.remove(&held.key).await.map_err(AppError::internal)?;
    match tx.commit().await {
        Ok(()) => {
            removal.finish().await;
            Ok(())
        }
        Err(e) => {
            if let Err(io) = removal.restore().await {
                tracing::error!(recording = id, error = %io, "could not put a recording's file back");
            }
            Err(AppError::internal(e))
        }
    }
}

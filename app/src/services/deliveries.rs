//! Delivery by e-mail: a recording whose decision said `email_to` is queued with its row and
//! sent by a background job through the operator's SMTP server (`EARMARK_SMTP_URL`), attached
//! up to a size the operator sets, otherwise as a link to its page. A failed attempt is
//! retried with backoff, a permanent refusal or the last attempt gives up; each attempt is
//! audited. Never inside the upload request.

use crate::error::{AppError, AppResult};
use crate::model::deliveries::{Delivery, DeliveryState};
use crate::model::recordings::{download_name, RecordingDetails};
use crate::store::deliveries::DeliveryRow;
use crate::store::files::Storages;
use crate::store::{self, audit_log, Db, Tx};
use futures_util::TryStreamExt;
use lettre::message::{header::ContentType, Attachment, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

/// Attempts before a delivery is given up.
pub const MAX_ATTEMPTS: i64 = 6;
/// How long a sender holds a delivery it took; after that another may take it.
const LEASE_SECS: i64 = 120;

/// The operator's SMTP server and what a message says.
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// Larger recordings are sent as a link to their page.
    pub attach_max_bytes: u64,
    /// Where the portal is reached, for links (`EARMARK_PUBLIC_URL`).
    public_url: String,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The URL carries the SMTP password: never printed.
        f.debug_struct("Mailer").field("from", &self.from.to_string()).finish_non_exhaustive()
    }
}

impl Mailer {
    /// `smtp://host:port` (plain, or `?tls=required` for STARTTLS) or `smtps://host:port` (TLS),
    /// with `user:password@` when the server wants a login.
    pub fn new(url: &str, from: &str, attach_max_bytes: u64, public_url: &str) -> Result<Mailer, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| {
                format!("EARMARK_SMTP_URL is not an SMTP address (smtp://host:port or smtps://host:port): {e}")
            })?
            .timeout(Some(Duration::from_secs(30)))
            .build();
        let from = from.parse::<Mailbox>().map_err(|e| format!("EARMARK_MAIL_FROM {from:?} is not an address: {e}"))?;
        Ok(Mailer { transport, from, attach_max_bytes, public_url: public_url.trim_end_matches('/').to_string() })
    }
}

fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// 30 s, 2 min, 8 min, 32 min, then 2 h between attempts.
pub fn backoff_secs(attempts: i64) -> i64 {
    30 * 4i64.pow(attempts.clamp(1, 5) as u32 - 1).min(240)
}

fn at_text(unix: i64) -> Option<String> {
    use time::format_description::well_known::Rfc3339;
    time::OffsetDateTime::from_unix_timestamp(unix).ok()?.format(&Rfc3339).ok()
}

/// Queues the delivery of a recording being stored, in the row's own transaction.
pub(crate) async fn enqueue(
    tx: &mut Tx,
    company_id: &str,
    recording_id: &str,
    email_to: &str,
) -> Result<(), sqlx::Error> {
    store::deliveries::insert(tx, company_id, recording_id, email_to, now()).await
}

/// The recording's delivery as its details page shows it.
pub(crate) async fn of_recording(db: &Db, recording_id: &str) -> AppResult<Option<Delivery>> {
    Ok(store::deliveries::of_recording(db, recording_id).await?.map(|d| {
        let state = DeliveryState::parse(&d.state);
        Delivery {
            next_attempt_at: (state == DeliveryState::Pending).then(|| at_text(d.next_attempt_at)).flatten(),
            email_to: d.email_to,
            state,
            attempts: d.attempts,
            last_error: d.last_error,
            attached: d.attached,
            sent_at: d.sent_at,
        }
    }))
}

/// What one run of the job did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sent {
    pub sent: usize,
    pub retried: usize,
    pub failed: usize,
}

/// Sends every delivery due now (at most `limit`), each taken by a claim so that instances
/// sharing the database never send one twice.
pub async fn send_due(db: &Db, storages: &Storages, mailer: &Mailer, limit: i64) -> AppResult<Sent> {
    let mut done = Sent::default();
    for id in store::deliveries::due(db, now(), limit).await? {
        let t = now();
        let Some(d) = store::deliveries::claim(db, &id, t, t + LEASE_SECS).await? else { continue };
        match send_one(db, storages, mailer, &d).await {
            Ok(attached) => {
                store::deliveries::sent(db, &d.id, attached).await?;
                audit(
                    db,
                    &d,
                    audit_log::Outcome::Ok,
                    format!(
                        "sent to {}{}",
                        d.email_to,
                        if attached { " with the audio attached" } else { " as a link" }
                    ),
                )
                .await;
                done.sent += 1;
            }
            Err(Failure { reason, permanent }) => {
                let retry_at = (!permanent && d.attempts < MAX_ATTEMPTS).then(|| now() + backoff_secs(d.attempts));
                store::deliveries::not_sent(db, &d.id, &reason, retry_at).await?;
                let next = match retry_at.and_then(at_text) {
                    Some(at) => format!("tried again at {at}"),
                    None => "given up".into(),
                };
                audit(
                    db,
                    &d,
                    audit_log::Outcome::Failed,
                    format!("attempt {} to {}: {reason}; {next}", d.attempts, d.email_to),
                )
                .await;
                if retry_at.is_some() {
                    done.retried += 1;
                } else {
                    done.failed += 1;
                }
            }
        }
    }
    Ok(done)
}

async fn audit(db: &Db, d: &DeliveryRow, outcome: audit_log::Outcome, detail: String) {
    let reseller_id = store::tenants::company(db, &d.company_id).await.ok().flatten().map(|c| c.reseller_id);
    let entry = audit_log::Entry {
        action: "recording.email",
        outcome,
        object_kind: Some("recording"),
        object_id: Some(d.recording_id.clone()),
        company_id: Some(d.company_id.clone()),
        reseller_id,
        detail: Some(detail),
        ..Default::default()
    };
    if let Err(e) = audit_log::write_alone(db, &entry).await {
        let _ = AppError::internal(e);
    }
}

struct Failure {
    reason: String,
    /// The mail server refused for good (5xx): trying again will not help.
    permanent: bool,
}

impl Failure {
    fn ours(e: impl std::fmt::Display) -> Failure {
        // Our own trouble (a missing file, a storage down) is logged, not shown.
        let reference = match AppError::internal(e) {
            AppError::Internal { reference } => reference,
            _ => String::new(),
        };
        Failure { reason: format!("the recording could not be read (reference {reference})"), permanent: false }
    }
}

/// Sends one delivery; true when the audio went attached.
async fn send_one(db: &Db, storages: &Storages, mailer: &Mailer, d: &DeliveryRow) -> Result<bool, Failure> {
    let Some((recording, held)) =
        super::recordings::held(db, &d.company_id, &d.recording_id).await.map_err(Failure::ours)?
    else {
        return Err(Failure { reason: "the recording was deleted before it could be sent".into(), permanent: true });
    };
    let to = d
        .email_to
        .parse::<Mailbox>()
        .map_err(|e| Failure { reason: format!("not an address: {e}"), permanent: true })?;
    let size = recording.size_bytes.max(0) as u64;
    let attach = size <= mailer.attach_max_bytes;
    let audio = if attach {
        let storage = super::storage::holding(db, storages, held.account_id.as_deref()).await.map_err(Failure::ours)?;
        let chunks: Vec<bytes::Bytes> = storage
            .read(&held.key, 0, size)
            .await
            .map_err(Failure::ours)?
            .try_collect()
            .await
            .map_err(Failure::ours)?;
        Some(chunks.concat())
    } else {
        None
    };
    let message =
        message(mailer, to, &d.company_id, &recording, audio).map_err(|e| Failure { reason: e, permanent: true })?;
    mailer.transport.send(message).await.map_err(|e| Failure { reason: e.to_string(), permanent: e.is_permanent() })?;
    Ok(attach)
}

fn message(
    mailer: &Mailer,
    to: Mailbox,
    company_id: &str,
    r: &RecordingDetails,
    audio: Option<Vec<u8>>,
) -> Result<Message, String> {
    let row = &r.row;
    let party = |p: &crate::model::recordings::Party| {
        if p.name.is_empty() {
            p.number.clone()
        } else {
            format!("{} ({})", p.name, p.number)
        }
    };
    let link = format!("{}/c/{company_id}/recordings/{}", mailer.public_url, row.id);
    let seconds = (row.duration_ms + 500) / 1000;
    let mut text = format!(
        "The call from {} to {} on {} ({} min {:02} s) was recorded.\n\n",
        party(&row.caller),
        party(&row.callee),
        row.started_at,
        seconds / 60,
        seconds % 60
    );
    if audio.is_some() {
        text.push_str(&format!("The recording is attached. It is also on its page: {link}\n"));
    } else {
        text.push_str(&format!(
            "The recording ({:.1} MB) is too large to attach: play or download it on its page: {link}\n",
            r.size_bytes as f64 / 1_000_000.0
        ));
    }
    let builder = Message::builder().from(mailer.from.clone()).to(to).subject(format!(
        "Call recording: {} to {}, {}",
        party(&row.caller),
        party(&row.callee),
        row.started_at
    ));
    let body = SinglePart::plain(text);
    let built = match audio {
        Some(bytes) => {
            let kind = ContentType::parse(r.format.content_type()).map_err(|e| e.to_string())?;
            let attachment = Attachment::new(download_name(row, r.format)).body(bytes, kind);
            builder.multipart(MultiPart::mixed().singlepart(body).singlepart(attachment))
        }
        None => builder.singlepart(body),
    };
    built.map_err(|e| e.to_string())
}

/// The job: every `period`, what is due, on every instance (claims keep them apart).
pub async fn run(db: Db, storages: std::sync::Arc<Storages>, mailer: Mailer, period: Duration) {
    let mut tick = tokio::time::interval(period);
    loop {
        tick.tick().await;
        match send_due(&db, &storages, &mailer, 20).await {
            Ok(Sent { sent: 0, retried: 0, failed: 0 }) => super::jobs::ran("email-deliveries", 0),
            Ok(s) => {
                super::jobs::ran("email-deliveries", (s.retried + s.failed) as u64);
                tracing::info!(sent = s.sent, retried = s.retried, failed = s.failed, "e-mail deliveries")
            }
            Err(e) => {
                super::jobs::ran("email-deliveries", 1);
                tracing::error!(error = %e, "the e-mail delivery job failed")
            }
        }
    }
}

//! `earmark ingest`: the engine's side of an upload, for a PBX that writes its finished
//! recordings to a folder (rtpengine's recording daemon does). Each recording is an audio
//! file and a JSON sidecar; the sidecar is written last, so its presence says the audio is
//! complete. The spool's layout and the sidecar are described in docs/INGEST.md.
//!
//! A recording is claimed by moving it into `uploading/` before it is sent, so a restart
//! finds the ones it was in the middle of and sends them again: the upload is idempotent on
//! the call id (the same audio is answered "already stored"), so nothing is lost and nothing
//! is stored twice.

pub mod rtpengine;

use crate::config::IngestArgs;
use anyhow::Context;
use app::model::audio::AudioFormat;
use app::model::recordings::RecordingMeta;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

const UPLOADING: &str = "uploading";
const DONE: &str = "done";
const FAILED: &str = "failed";

/// The sidecar beside each recording: the company it belongs to, the audio's file name when
/// it is not the sidecar's own name with `.wav`, `.mp3` or `.ogg`, and the metadata the upload
/// API takes, as it takes it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sidecar {
    pub company: String,
    #[serde(default)]
    pub audio: Option<String>,
    pub metadata: RecordingMeta,
}

/// A recording of the spool: its sidecar, and its name without `.json`.
#[derive(Debug, Clone)]
struct Item {
    name: String,
    sidecar: PathBuf,
}

/// What became of one recording.
enum Outcome {
    Uploaded {
        recording: String,
    },
    AlreadyStored {
        recording: String,
    },
    /// Earmark refused it for good (a 4xx other than 408 and 429), or it cannot be sent.
    Failed(String),
    /// Earmark could not take it now: unreachable, 5xx, 408 or 429. `after` is what the
    /// server asked for in `Retry-After`.
    Later {
        why: String,
        after: Option<Duration>,
    },
}

#[derive(Default)]
struct Tally {
    uploaded: usize,
    already_stored: usize,
    failed: usize,
}

/// The tokens to upload with: one for every company, or one per company from a file.
struct Tokens {
    every: Option<String>,
    by_company: HashMap<String, String>,
}

impl Tokens {
    fn load(args: &IngestArgs) -> anyhow::Result<Tokens> {
        let every = args.token.clone().filter(|t| !t.trim().is_empty());
        let mut by_company = HashMap::new();
        if let Some(file) = &args.tokens_file {
            let text = std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
            for (n, line) in text.lines().enumerate() {
                let line = line.trim();
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                let (company, token) = line
                    .split_once(char::is_whitespace)
                    .with_context(|| format!("{} line {}: expected `company-id token`", file.display(), n + 1))?;
                by_company.insert(company.to_string(), token.trim().to_string());
            }
        }
        anyhow::ensure!(
            every.is_some() || !by_company.is_empty(),
            "no token: set EARMARK_INGEST_TOKEN, or EARMARK_INGEST_TOKENS_FILE with a `company-id token` line per company"
        );
        Ok(Tokens { every, by_company })
    }

    fn for_company(&self, company: &str) -> Option<&str> {
        self.by_company.get(company).or(self.every.as_ref()).map(String::as_str)
    }
}

pub async fn command(args: IngestArgs) -> anyhow::Result<()> {
    let tokens = Tokens::load(&args)?;
    let base = args.url.trim_end_matches('/').to_string();
    anyhow::ensure!(
        base.starts_with("http://") || base.starts_with("https://"),
        "EARMARK_INGEST_URL must start with http:// or https://, e.g. http://127.0.0.1:3000"
    );
    for dir in [UPLOADING, DONE, FAILED] {
        let path = args.spool.join(dir);
        std::fs::create_dir_all(&path).with_context(|| format!("creating {}", path.display()))?;
    }
    let client = reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(args.request_timeout_secs))
        .user_agent(concat!("earmark-ingest/", env!("CARGO_PKG_VERSION")))
        .build()
        .context("building the HTTP client")?;
    let ingest = Ingest { args: &args, tokens, base, client };
    let mut tally = Tally::default();
    let stop = shutdown();
    tokio::pin!(stop);
    tracing::info!(spool = %args.spool.display(), url = %ingest.base, "ingest started");
    let stopped = 'run: loop {
        if let Some(dir) = &args.rtpengine_dir {
            rtpengine::convert_finished(dir, &args.spool).context("converting rtpengine's recordings")?;
        }
        let claimed = claim_new(&args.spool).context("claiming new recordings")?;
        if claimed > 0 {
            tracing::debug!(claimed, "new recordings claimed");
        }
        for item in &in_folder(&args.spool.join(UPLOADING))? {
            tokio::select! {
                _ = ingest.send_until_answered(item, &mut tally) => {}
                _ = &mut stop => break 'run true,
            }
        }
        // Once: what the spool held at the start; what arrived since waits for the next run.
        if args.once {
            break false;
        }
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_secs(args.poll_secs)) => {}
            _ = &mut stop => break true,
        }
    };
    let waiting = in_folder(&args.spool.join(UPLOADING))?.len() + in_folder(&args.spool)?.len();
    println!(
        "{} uploaded, {} already stored, {} failed, {} waiting{}",
        tally.uploaded,
        tally.already_stored,
        tally.failed,
        waiting,
        match (stopped, waiting) {
            (false, _) => "",
            (true, 0) => " (stopped)",
            (true, _) => " (stopped; the waiting ones are sent at the next start)",
        }
    );
    Ok(())
}

struct Ingest<'a> {
    args: &'a IngestArgs,
    tokens: Tokens,
    base: String,
    client: reqwest::Client,
}

impl Ingest<'_> {
    /// Sends one recording until Earmark answers it, waiting longer after each failure to
    /// reach it (doubling to `max_backoff_secs`, or what `Retry-After` asks).
    async fn send_until_answered(&self, item: &Item, tally: &mut Tally) {
        let mut wait = Duration::from_secs(1);
        let most = Duration::from_secs(self.args.max_backoff_secs.max(1));
        loop {
            match self.send(item).await {
                Outcome::Uploaded { recording } => {
                    tally.uploaded += 1;
                    println!("uploaded        {}: recording {recording}", item.name);
                    tracing::info!(file = %item.name, recording, "uploaded");
                    self.finish(item);
                    return;
                }
                Outcome::AlreadyStored { recording } => {
                    tally.already_stored += 1;
                    println!("already stored  {}: recording {recording}", item.name);
                    tracing::info!(file = %item.name, recording, "already stored");
                    self.finish(item);
                    return;
                }
                Outcome::Failed(reason) => {
                    tally.failed += 1;
                    println!("failed          {}: {reason}", item.name);
                    tracing::warn!(file = %item.name, reason, "moved to failed/");
                    if let Err(e) = fail(&self.args.spool, item, &reason) {
                        tracing::error!(file = %item.name, error = %e, "could not move it to failed/");
                    }
                    return;
                }
                Outcome::Later { why, after } => {
                    let pause = after.unwrap_or(wait).min(most);
                    println!("waiting         {}: {why}; trying again in {} s", item.name, pause.as_secs());
                    tracing::warn!(file = %item.name, why, retry_in_secs = pause.as_secs(), "not uploaded yet");
                    tokio::time::sleep(pause).await;
                    wait = (wait * 2).min(most);
                }
            }
        }
    }

    async fn send(&self, item: &Item) -> Outcome {
        let sidecar = match read_sidecar(&item.sidecar) {
            Ok(s) => s,
            Err(reason) => return Outcome::Failed(reason),
        };
        if let Err(v) = sidecar.metadata.validate().into_result() {
            let fields: Vec<String> = v.errors.iter().map(|e| format!("metadata.{e}")).collect();
            return Outcome::Failed(fields.join(" "));
        }
        let audio = match audio_of(&item.sidecar, &item.name, sidecar.audio.as_deref()) {
            Ok(a) => a,
            Err(reason) => return Outcome::Failed(reason),
        };
        let Some(token) = self.tokens.for_company(&sidecar.company) else {
            return Outcome::Failed(format!("no token for company {}", sidecar.company));
        };
        let form = match form(&sidecar.metadata, &audio).await {
            Ok(f) => f,
            Err(e) => return Outcome::Later { why: format!("cannot read {}: {e}", audio.display()), after: None },
        };
        let url = format!("{}/api/v1/companies/{}/recordings", self.base, sidecar.company);
        let reply = match self.client.post(&url).bearer_auth(token).multipart(form).send().await {
            Ok(r) => r,
            Err(e) if e.is_timeout() => {
                let why = format!("Earmark did not answer within {} s", self.args.request_timeout_secs);
                return Outcome::Later { why, after: None };
            }
            Err(e) => {
                return Outcome::Later { why: format!("Earmark is not reachable ({})", root_cause(&e)), after: None }
            }
        };
        let status = reply.status();
        let retry_after = reply
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse().ok())
            .map(Duration::from_secs);
        let body: serde_json::Value = reply.json().await.unwrap_or_default();
        let recording = || body["id"].as_str().unwrap_or("?").to_string();
        match status.as_u16() {
            201 => Outcome::Uploaded { recording: recording() },
            200 => Outcome::AlreadyStored { recording: recording() },
            408 | 429 | 500..=599 => {
                Outcome::Later { why: format!("Earmark answered {status} ({})", message(&body)), after: retry_after }
            }
            _ => Outcome::Failed(format!("Earmark answered {status}: {}", message(&body))),
        }
    }

    /// Moves an uploaded recording to `done/`, or deletes it when told to.
    fn finish(&self, item: &Item) {
        let result = match files_of(item) {
            Ok(files) if self.args.delete_uploaded => {
                files.iter().try_for_each(std::fs::remove_file).map_err(anyhow::Error::from)
            }
            Ok(files) => move_all(&files, &self.args.spool.join(DONE)),
            Err(e) => Err(e),
        };
        if let Err(e) = result {
            tracing::error!(file = %item.name, error = %e, "uploaded, but could not be moved out of uploading/");
        }
    }
}

fn read_sidecar(path: &Path) -> Result<Sidecar, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read the sidecar: {e}"))?;
    serde_json::from_str(&text).map_err(|e| format!("the sidecar is not valid: {e}"))
}

/// The audio of a sidecar in the same folder: the name it gives (a bare file name), or its
/// own name with a format's extension.
fn audio_of(sidecar: &Path, name: &str, given: Option<&str>) -> Result<PathBuf, String> {
    let dir = sidecar.parent().unwrap_or(Path::new("."));
    if let Some(file) = given {
        if file.is_empty() || file.contains(['/', '\\']) || file.starts_with('.') {
            return Err(format!("the sidecar's audio {file:?} is not a file name of the spool"));
        }
        let path = dir.join(file);
        return if path.is_file() { Ok(path) } else { Err(format!("its audio {file} is not in the spool")) };
    }
    formats()
        .map(|ext| dir.join(format!("{name}.{ext}")))
        .find(|p| p.is_file())
        .ok_or_else(|| format!("no {name}.wav, {name}.mp3 or {name}.ogg beside the sidecar"))
}

fn formats() -> impl Iterator<Item = &'static str> {
    [AudioFormat::Wav, AudioFormat::Mp3, AudioFormat::Ogg].into_iter().map(AudioFormat::as_str)
}

/// The upload's two parts; the audio is streamed from its file, never read whole.
async fn form(meta: &RecordingMeta, audio: &Path) -> std::io::Result<reqwest::multipart::Form> {
    let file = tokio::fs::File::open(audio).await?;
    let size = file.metadata().await?.len();
    let content_type = audio
        .extension()
        .and_then(|e| e.to_str())
        .and_then(AudioFormat::parse)
        .map_or("application/octet-stream", AudioFormat::content_type);
    let body = reqwest::Body::wrap_stream(tokio_util::io::ReaderStream::new(file));
    let metadata = reqwest::multipart::Part::text(serde_json::to_string(meta).map_err(std::io::Error::other)?)
        .mime_str("application/json")
        .map_err(std::io::Error::other)?;
    let file_name = audio.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let audio = reqwest::multipart::Part::stream_with_length(body, size)
        .file_name(file_name)
        .mime_str(content_type)
        .map_err(std::io::Error::other)?;
    Ok(reqwest::multipart::Form::new().part("metadata", metadata).part("audio", audio))
}

/// What an error answer says: its message, and each field's.
fn message(body: &serde_json::Value) -> String {
    let error = &body["error"];
    let mut text = error["message"].as_str().unwrap_or("no message").to_string();
    for f in error["fields"].as_array().into_iter().flatten() {
        if let (Some(field), Some(m)) = (f["field"].as_str(), f["message"].as_str()) {
            text.push_str(&format!(" {field}: {m}"));
        }
    }
    text
}

/// The innermost error, e.g. "Connection refused (os error 111)": the outer ones repeat the URL.
fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut inner = e;
    while let Some(s) = inner.source() {
        inner = s;
    }
    inner.to_string()
}

/// The sidecars of a folder, oldest name first; a name starting with `.` or ending `.tmp`
/// is still being written.
fn in_folder(dir: &Path) -> anyhow::Result<Vec<Item>> {
    let mut items = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        let Some(file) = path.file_name().and_then(|n| n.to_str()) else { continue };
        if file.starts_with('.') || !path.is_file() {
            continue;
        }
        if let Some(name) = file.strip_suffix(".json") {
            items.push(Item { name: name.to_string(), sidecar: path.clone() });
        }
    }
    items.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(items)
}

/// Moves each complete recording of the spool into `uploading/`: the audio first, then the
/// sidecar, so that a sidecar there always has its audio beside it (a crash between the two
/// leaves the audio there and the sidecar here, which the next claim finishes). A sidecar
/// whose audio is missing is claimed too, and fails with that reason.
fn claim_new(spool: &Path) -> anyhow::Result<usize> {
    let uploading = spool.join(UPLOADING);
    let items = in_folder(spool)?;
    for item in &items {
        let given = read_sidecar(&item.sidecar).ok().and_then(|s| s.audio);
        if let Ok(audio) = audio_of(&item.sidecar, &item.name, given.as_deref()) {
            move_all(&[audio], &uploading)?;
        }
        move_all(std::slice::from_ref(&item.sidecar), &uploading)?;
    }
    Ok(items.len())
}

/// A recording's files in `uploading/`: its sidecar and, when found, its audio.
fn files_of(item: &Item) -> anyhow::Result<Vec<PathBuf>> {
    let given = read_sidecar(&item.sidecar).ok().and_then(|s| s.audio);
    let mut files = vec![item.sidecar.clone()];
    files.extend(audio_of(&item.sidecar, &item.name, given.as_deref()).ok());
    Ok(files)
}

/// Moves a recording to `failed/` with the reason beside it, `NAME.reason.txt`.
fn fail(spool: &Path, item: &Item, reason: &str) -> anyhow::Result<()> {
    let failed = spool.join(FAILED);
    std::fs::write(failed.join(format!("{}.reason.txt", item.name)), format!("{reason}\n"))?;
    move_all(&files_of(item)?, &failed)
}

/// Renames files into a folder of the same file system (atomic), replacing what a previous
/// round left there under the same name.
fn move_all(files: &[PathBuf], dir: &Path) -> anyhow::Result<()> {
    for file in files {
        let name = file.file_name().context("a file name")?;
        std::fs::rename(file, dir.join(name))
            .with_context(|| format!("moving {} to {}", file.display(), dir.display()))?;
    }
    Ok(())
}

/// Ctrl-C or SIGTERM: the one being sent is left in `uploading/` for the next start.
async fn shutdown() -> bool {
    let term = async {
        #[cfg(unix)]
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
            return;
        }
        std::future::pending::<()>().await
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term => {}
    }
    true
}

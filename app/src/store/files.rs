//! Where recordings' audio lives: the one interface the services use, with two backends, a
//! local folder and S3-compatible object storage.
//!
//! An upload is first received into the spool, a local folder: written under a temporary
//! name while its SHA-256 and size are counted, and fsynced. Only then, once the audio was
//! recognised and the call found not already stored, is it kept under its key: renamed into
//! place in the local folder, or streamed to the object store (multipart above
//! [`PART_SIZE`], so never more than a few parts in memory). So a bucket never holds half an
//! upload or a refused one, and a crash leaves at most a spool file, which the next start
//! sweeps away.
//!
//! Deleting in the local folder moves the file aside first, so it can be put back if the
//! database refuses the delete; an object store has no rename, so there the object is
//! deleted once the row's delete has committed.

use bytes::Bytes;
use futures_util::stream::{BoxStream, StreamExt, TryStreamExt};
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, ObjectStoreExt};
use sha2::{Digest, Sha256};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncSeekExt, AsyncWriteExt};

const TEMP_DIR: &str = ".incoming";
/// Objects above this size are written in parts of this size.
pub const PART_SIZE: usize = 8 * 1024 * 1024;
/// Parts in flight at once while streaming an object out.
const PARTS_IN_FLIGHT: usize = 2;

/// The audio of a recording, read as a stream of chunks.
pub type AudioStream = BoxStream<'static, io::Result<Bytes>>;

/// The local folder uploads are received into before they are kept.
#[derive(Debug)]
pub struct Spool {
    dir: PathBuf,
}

impl Spool {
    /// A spool in `root/.incoming`; what an earlier run left half received is removed.
    pub fn open(root: &Path) -> io::Result<Spool> {
        let dir = root.join(TEMP_DIR);
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir_all(&dir)?;
        Ok(Spool { dir })
    }

    /// Starts receiving a file under a temporary name.
    pub async fn receive(&self) -> io::Result<Incoming> {
        let path = self.dir.join(format!("{}.part", uuid::Uuid::new_v4()));
        let file = tokio::fs::File::create(&path).await?;
        Ok(Incoming { file: Some(file), path, hasher: Sha256::new(), size: 0, head: Vec::new() })
    }
}

/// A file being received: written under a temporary name while its SHA-256 and size are
/// counted. Dropped without [`RecordingStorage::keep`], it is removed.
pub struct Incoming {
    file: Option<tokio::fs::File>,
    path: PathBuf,
    hasher: Sha256,
    size: u64,
    head: Vec<u8>,
}

/// A received file, fsynced, waiting to be kept under its key or thrown away.
pub struct Received {
    path: PathBuf,
    pub sha256: String,
    pub size: u64,
    /// The first bytes, to recognise the format by content.
    pub head: Vec<u8>,
}

impl Drop for Received {
    fn drop(&mut self) {
        if !self.path.as_os_str().is_empty() {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

impl Drop for Incoming {
    fn drop(&mut self) {
        if !self.path.as_os_str().is_empty() {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

impl Incoming {
    pub async fn write(&mut self, chunk: &[u8]) -> io::Result<()> {
        if self.head.len() < 64 {
            let take = (64 - self.head.len()).min(chunk.len());
            self.head.extend_from_slice(&chunk[..take]);
        }
        self.hasher.update(chunk);
        self.size += chunk.len() as u64;
        self.file.as_mut().expect("open until finished").write_all(chunk).await
    }

    pub fn size(&self) -> u64 {
        self.size
    }

    /// Flushes and fsyncs the file: after this it survives a power cut.
    pub async fn finish(mut self) -> io::Result<Received> {
        let mut file = self.file.take().expect("open until finished");
        file.flush().await?;
        file.sync_all().await?;
        drop(file);
        let path = std::mem::take(&mut self.path);
        Ok(Received {
            path,
            sha256: hex::encode(std::mem::take(&mut self.hasher).finalize()),
            size: self.size,
            head: std::mem::take(&mut self.head),
        })
    }
}

impl Received {
    /// The received file, to read again (the waveform of a WAV file).
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// One place recordings are kept.
pub enum RecordingStorage {
    /// A folder on this machine (one instance, or a shared mount).
    Local { root: PathBuf },
    /// An S3-compatible bucket, under a prefix.
    Object { store: Arc<dyn ObjectStore>, prefix: ObjectPath, name: String },
}

impl std::fmt::Debug for RecordingStorage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name())
    }
}

/// Where an S3-compatible bucket is and how to sign in to it.
#[derive(Clone, Default)]
pub struct S3Account {
    /// `https://s3.eu-west-1.amazonaws.com`, `http://127.0.0.1:9000`; empty for AWS itself.
    pub endpoint: String,
    pub region: String,
    pub bucket: String,
    pub prefix: String,
    pub key_id: String,
    pub secret: String,
}

impl std::fmt::Debug for S3Account {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the secret.
        write!(f, "s3://{}/{} at {:?} ({})", self.bucket, self.prefix, self.endpoint, self.region)
    }
}

fn not_found_or_other(e: object_store::Error) -> io::Error {
    match e {
        object_store::Error::NotFound { .. } => io::Error::new(io::ErrorKind::NotFound, e.to_string()),
        e => io::Error::other(e),
    }
}

fn check_key(key: &str) -> io::Result<()> {
    // Keys are made by the server from ids; refuse anything that could leave the root.
    if key.is_empty() || key.split('/').any(|p| p.is_empty() || p == "." || p == "..") {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "bad storage key"));
    }
    Ok(())
}

impl RecordingStorage {
    /// A storage in this directory, created if needed.
    pub fn local(root: impl Into<PathBuf>) -> io::Result<RecordingStorage> {
        let root = root.into();
        std::fs::create_dir_all(&root)?;
        Ok(RecordingStorage::Local { root })
    }

    /// A bucket of an S3-compatible server, path-style (as S3-compatible servers expect);
    /// plain HTTP only for an `http://` endpoint.
    pub fn s3(account: &S3Account) -> io::Result<RecordingStorage> {
        let mut builder = object_store::aws::AmazonS3Builder::new()
            .with_bucket_name(&account.bucket)
            .with_region(if account.region.is_empty() { "us-east-1" } else { &account.region })
            .with_access_key_id(&account.key_id)
            .with_secret_access_key(&account.secret)
            .with_virtual_hosted_style_request(false)
            // A few quick retries: a storage that is down answers an upload or a Storage page's
            // probe within seconds, not after object_store's default three minutes.
            .with_retry(object_store::RetryConfig {
                max_retries: 3,
                retry_timeout: std::time::Duration::from_secs(30),
                ..Default::default()
            })
            .with_client_options(
                object_store::ClientOptions::new().with_connect_timeout(std::time::Duration::from_secs(5)),
            );
        if !account.endpoint.is_empty() {
            builder = builder
                .with_endpoint(account.endpoint.trim_end_matches('/'))
                .with_allow_http(account.endpoint.starts_with("http://"));
        }
        let store = builder.build().map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e.to_string()))?;
        let prefix = account.prefix.trim_matches('/');
        Ok(RecordingStorage::Object {
            store: Arc::new(store),
            prefix: ObjectPath::from(prefix),
            name: format!("s3://{}/{}", account.bucket, prefix),
        })
    }

    /// `s3://bucket/prefix` with the account in the usual `AWS_*` variables
    /// (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`, `AWS_ENDPOINT_URL`).
    pub fn s3_from_env(url: &str) -> io::Result<RecordingStorage> {
        let rest = url
            .strip_prefix("s3://")
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "an object storage is s3://bucket/prefix"))?;
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.is_empty() {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "s3:// needs a bucket: s3://bucket/prefix"));
        }
        let var = |names: &[&str]| names.iter().find_map(|n| std::env::var(n).ok()).unwrap_or_default();
        RecordingStorage::s3(&S3Account {
            endpoint: var(&["AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL", "AWS_ENDPOINT"]),
            region: var(&["AWS_REGION", "AWS_DEFAULT_REGION"]),
            bucket: bucket.to_string(),
            prefix: prefix.to_string(),
            key_id: var(&["AWS_ACCESS_KEY_ID"]),
            secret: var(&["AWS_SECRET_ACCESS_KEY"]),
        })
    }

    /// What the logs and the Storage page call it.
    pub fn name(&self) -> String {
        match self {
            RecordingStorage::Local { root } => format!("folder {}", root.display()),
            RecordingStorage::Object { name, .. } => name.clone(),
        }
    }

    fn path_of(&self, key: &str) -> io::Result<PathBuf> {
        check_key(key)?;
        match self {
            RecordingStorage::Local { root } => Ok(root.join(key)),
            RecordingStorage::Object { .. } => Err(io::Error::other("not a folder")),
        }
    }

    fn object_of(prefix: &ObjectPath, key: &str) -> io::Result<ObjectPath> {
        check_key(key)?;
        Ok(key.split('/').fold(prefix.clone(), |p, part| p.join(part)))
    }

    /// Keeps a received file under its key: renamed into place (and the folder fsynced, so the
    /// rename lasts), or streamed to the object store.
    pub async fn keep(&self, mut received: Received, key: &str) -> io::Result<()> {
        match self {
            RecordingStorage::Local { root } => {
                let target = self.path_of(key)?;
                let dir = target.parent().unwrap_or(root).to_path_buf();
                tokio::fs::create_dir_all(&dir).await?;
                if tokio::fs::rename(&received.path, &target).await.is_err() {
                    // The spool is on another file system: copy, then fsync the copy.
                    tokio::fs::copy(&received.path, &target).await?;
                    tokio::fs::File::open(&target).await?.sync_all().await?;
                    let _ = tokio::fs::remove_file(&received.path).await;
                }
                received.path = PathBuf::new();
                sync_dir(dir).await
            }
            RecordingStorage::Object { store, prefix, .. } => {
                let path = Self::object_of(prefix, key)?;
                let mut file = tokio::fs::File::open(&received.path).await?;
                if received.size as usize <= PART_SIZE {
                    let mut bytes = Vec::with_capacity(received.size as usize);
                    file.read_to_end(&mut bytes).await?;
                    store.put(&path, bytes.into()).await.map_err(io::Error::other)?;
                    return Ok(());
                }
                let upload = store.put_multipart(&path).await.map_err(io::Error::other)?;
                let mut writer = object_store::WriteMultipart::new_with_chunk_size(upload, PART_SIZE);
                let mut buf = vec![0u8; 1024 * 1024];
                loop {
                    let n = match file.read(&mut buf).await {
                        Ok(n) => n,
                        Err(e) => {
                            let _ = writer.abort().await;
                            return Err(e);
                        }
                    };
                    if n == 0 {
                        break;
                    }
                    if let Err(e) = writer.wait_for_capacity(PARTS_IN_FLIGHT).await {
                        let _ = writer.abort().await;
                        return Err(io::Error::other(e));
                    }
                    writer.write(&buf[..n]);
                }
                writer.finish().await.map_err(io::Error::other)?;
                Ok(())
            }
        }
    }

    /// Writes bytes under a key as an upload does (the demo's recordings, the probe).
    pub async fn put(&self, spool: &Spool, key: &str, bytes: &[u8]) -> io::Result<(String, u64)> {
        let mut incoming = spool.receive().await?;
        incoming.write(bytes).await?;
        let received = incoming.finish().await?;
        let info = (received.sha256.clone(), received.size);
        self.keep(received, key).await?;
        Ok(info)
    }

    /// The bytes `start..end` of the file under `key`; `NotFound` before any byte when it is
    /// missing, so a caller can still answer with an error status.
    pub async fn read(&self, key: &str, start: u64, end: u64) -> io::Result<AudioStream> {
        match self {
            RecordingStorage::Local { .. } => {
                let mut file = tokio::fs::File::open(self.path_of(key)?).await?;
                file.seek(io::SeekFrom::Start(start)).await?;
                Ok(tokio_util::io::ReaderStream::new(file.take(end.saturating_sub(start))).boxed())
            }
            RecordingStorage::Object { store, prefix, .. } => {
                let path = Self::object_of(prefix, key)?;
                if end <= start {
                    // A zero-length read must still say whether the object is there.
                    store.head(&path).await.map_err(not_found_or_other)?;
                    return Ok(futures_util::stream::empty().boxed());
                }
                // Reading to the end (`u64::MAX`) asks for no end, which every server takes.
                let range = match (start, end) {
                    (0, u64::MAX) => None,
                    (s, u64::MAX) => Some(object_store::GetRange::Offset(s)),
                    (s, e) => Some((s..e).into()),
                };
                let options = object_store::GetOptions { range, ..Default::default() };
                let got = store.get_opts(&path, options).await.map_err(not_found_or_other)?;
                Ok(got.into_stream().map_err(not_found_or_other).boxed())
            }
        }
    }

    /// Moves the file aside; [`Removal::restore`] puts it back, [`Removal::finish`] deletes it.
    pub async fn remove(&self, key: &str) -> io::Result<Removal> {
        match self {
            RecordingStorage::Local { root } => {
                let from = self.path_of(key)?;
                let aside = root.join(TEMP_DIR).join(format!("{}.deleted", uuid::Uuid::new_v4()));
                tokio::fs::create_dir_all(root.join(TEMP_DIR)).await?;
                match tokio::fs::rename(&from, &aside).await {
                    Ok(()) => Ok(Removal::Aside { from, aside }),
                    // Already gone: the row can still go.
                    Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Removal::Nothing),
                    Err(e) => Err(e),
                }
            }
            RecordingStorage::Object { store, prefix, .. } => {
                Ok(Removal::Object { store: store.clone(), path: Self::object_of(prefix, key)? })
            }
        }
    }
}

/// A file on its way out for a delete.
pub enum Removal {
    Nothing,
    Aside { from: PathBuf, aside: PathBuf },
    Object { store: Arc<dyn ObjectStore>, path: ObjectPath },
}

impl Removal {
    /// The row's delete committed: the file goes for good. A failure leaves an object without
    /// a row, which `earmark check-storage` reports; it is logged, not returned, because the
    /// recording is already gone for every reader.
    pub async fn finish(self) {
        match self {
            Removal::Nothing => {}
            Removal::Aside { aside, .. } => {
                let _ = tokio::fs::remove_file(aside).await;
            }
            Removal::Object { store, path } => {
                if let Err(e) = store.delete(&path).await {
                    if !matches!(e, object_store::Error::NotFound { .. }) {
                        tracing::error!(object = %path, error = %e, "a deleted recording's object could not be removed");
                    }
                }
            }
        }
    }

    pub async fn restore(self) -> io::Result<()> {
        match self {
            Removal::Aside { aside, from } => tokio::fs::rename(aside, from).await,
            Removal::Nothing | Removal::Object { .. } => Ok(()),
        }
    }
}

async fn sync_dir(dir: PathBuf) -> io::Result<()> {
    tokio::task::spawn_blocking(move || std::fs::File::open(Path::new(&dir))?.sync_all())
        .await
        .map_err(io::Error::other)?
}

/// The storages of this server: the spool every upload is received into, and the platform's
/// storage (none when every company must bring its own).
#[derive(Debug)]
pub struct Storages {
    pub spool: Spool,
    platform: Option<Arc<RecordingStorage>>,
    /// Opens the companies' storage accounts' secrets; none: no company can save one.
    secret_key: Option<super::secret::SecretKey>,
    /// The companies' storage accounts opened so far, by account id. An account row never
    /// changes (a change is a new row), so an opened one stays right.
    accounts: std::sync::Mutex<std::collections::HashMap<String, Arc<RecordingStorage>>>,
}

impl Storages {
    pub fn new(spool: Spool, platform: Option<RecordingStorage>) -> Storages {
        Storages { spool, platform: platform.map(Arc::new), secret_key: None, accounts: Default::default() }
    }

    pub fn with_secret_key(self, key: Option<super::secret::SecretKey>) -> Storages {
        Storages { secret_key: key, ..self }
    }

    /// The platform's storage: where a company without its own keeps its recordings.
    pub fn platform(&self) -> Option<&Arc<RecordingStorage>> {
        self.platform.as_ref()
    }

    pub fn secret_key(&self) -> Option<&super::secret::SecretKey> {
        self.secret_key.as_ref()
    }

    /// The storage account `id`, when it was opened before.
    pub fn cached(&self, id: &str) -> Option<Arc<RecordingStorage>> {
        self.accounts.lock().expect("the accounts' lock").get(id).cloned()
    }

    /// Keeps the storage account `id` open for the next asker.
    pub fn remember(&self, id: &str, opened: RecordingStorage) -> Arc<RecordingStorage> {
        let opened = Arc::new(opened);
        self.accounts.lock().expect("the accounts' lock").insert(id.to_string(), opened.clone());
        opened
    }
}

/// Where the platform keeps recordings (`EARMARK_STORAGE`): a folder, `s3://bucket/prefix`,
/// or `none`, when every company must set up its own storage account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlatformStorage {
    Folder(PathBuf),
    S3(String),
    None,
}

impl PlatformStorage {
    pub fn parse(text: &str) -> PlatformStorage {
        let text = text.trim();
        if text.eq_ignore_ascii_case("none") {
            PlatformStorage::None
        } else if text.starts_with("s3://") {
            PlatformStorage::S3(text.to_string())
        } else {
            PlatformStorage::Folder(PathBuf::from(text))
        }
    }
}

impl RecordingStorage {
    /// Asks the storage for an object that is not there: answered "not found", the storage is
    /// reachable and the account may read it; anything else (no such bucket, a refused key, no
    /// server) is the error to show.
    pub async fn check(&self) -> io::Result<()> {
        match self.read("earmark-check/absent", 0, 0).await {
            Ok(_) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(e),
        }
    }
}

/// An object a storage holds, by key, with its size.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredObject {
    pub key: String,
    pub size: u64,
}

impl RecordingStorage {
    /// Every object under this storage (not the spool, nor files moved aside), in key order.
    pub async fn list(&self) -> io::Result<Vec<StoredObject>> {
        let mut out = match self {
            RecordingStorage::Local { root } => {
                let root = root.clone();
                tokio::task::spawn_blocking(move || {
                    let mut out = Vec::new();
                    walk(&root, &root, &mut out)?;
                    Ok::<_, io::Error>(out)
                })
                .await
                .map_err(io::Error::other)??
            }
            RecordingStorage::Object { store, prefix, .. } => {
                let mut listed = store.list(Some(prefix));
                let mut out = Vec::new();
                while let Some(meta) = listed.next().await {
                    let meta = meta.map_err(io::Error::other)?;
                    let key = meta
                        .location
                        .prefix_match(prefix)
                        .map(|parts| parts.map(|p| p.as_ref().to_string()).collect::<Vec<_>>().join("/"));
                    if let Some(key) = key.filter(|k| !k.is_empty() && !k.starts_with(ORPHANS)) {
                        out.push(StoredObject { key, size: meta.size });
                    }
                }
                out
            }
        };
        out.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(out)
    }
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<StoredObject>) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        // The spool and the orphans moved aside are not recordings.
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if entry.file_type()?.is_dir() {
            walk(root, &path, out)?;
        } else if let Ok(rel) = path.strip_prefix(root) {
            let key = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            out.push(StoredObject { key, size: entry.metadata()?.len() });
        }
    }
    Ok(())
}

impl Spool {
    /// How many files are being received, or were left by a failed upload (none, at rest).
    pub fn files(&self) -> io::Result<usize> {
        Ok(std::fs::read_dir(&self.dir)?.count())
    }
}

/// Where `check-storage --repair` moves objects that no row names.
pub const ORPHANS: &str = ".orphaned";

impl RecordingStorage {
    /// The SHA-256 and size of the file under `key`, read as a stream.
    pub async fn sha256_of(&self, key: &str) -> io::Result<(String, u64)> {
        let mut stream = self.read(key, 0, u64::MAX).await?;
        let (mut hasher, mut size) = (Sha256::new(), 0u64);
        while let Some(chunk) = stream.next().await {
            let chunk = chunk?;
            hasher.update(&chunk);
            size += chunk.len() as u64;
        }
        Ok((hex::encode(hasher.finalize()), size))
    }

    /// Moves a file under [`ORPHANS`], keeping its key below it; answers the new key.
    pub async fn move_aside(&self, key: &str) -> io::Result<String> {
        let to = format!("{ORPHANS}/{key}");
        match self {
            RecordingStorage::Local { .. } => {
                let (from, target) = (self.path_of(key)?, self.path_of(&to)?);
                if let Some(dir) = target.parent() {
                    tokio::fs::create_dir_all(dir).await?;
                }
                tokio::fs::rename(from, target).await?;
            }
            RecordingStorage::Object { store, prefix, .. } => {
                let (from, target) = (Self::object_of(prefix, key)?, Self::object_of(prefix, &to)?);
                store.copy(&from, &target).await.map_err(not_found_or_other)?;
                store.delete(&from).await.map_err(not_found_or_other)?;
            }
        }
        Ok(to)
    }
}

/// Why a storage account's probe failed, by what its owner must fix.
#[derive(Debug)]
pub enum ProbeFailure {
    /// The storage refused the key id and secret (or their rights): a 401 or 403.
    Refused(String),
    /// No such bucket.
    NoBucket(String),
    /// No answer from the endpoint, or an answer that is not S3's.
    Unreachable(String),
    /// The probe object read back is not what was written.
    Mismatch,
}

impl From<object_store::Error> for ProbeFailure {
    fn from(e: object_store::Error) -> ProbeFailure {
        let text = e.to_string();
        match e {
            object_store::Error::PermissionDenied { .. } | object_store::Error::Unauthenticated { .. } => {
                ProbeFailure::Refused(text)
            }
            object_store::Error::NotFound { .. } => ProbeFailure::NoBucket(text),
            _ if text.contains("NoSuchBucket") => ProbeFailure::NoBucket(text),
            _ if text.contains("SignatureDoesNotMatch")
                || text.contains("InvalidAccessKeyId")
                || text.contains("AccessDenied") =>
            {
                ProbeFailure::Refused(text)
            }
            _ => ProbeFailure::Unreachable(text),
        }
    }
}

impl RecordingStorage {
    /// Writes, reads back and deletes a small object under the prefix: what keeping, playing
    /// and deleting recordings will need of the account. A folder needs no probe.
    pub async fn probe(&self) -> Result<(), ProbeFailure> {
        let RecordingStorage::Object { store, prefix, .. } = self else { return Ok(()) };
        let path = prefix.clone().join(format!(".earmark-probe-{}", uuid::Uuid::now_v7().simple()));
        let written = Bytes::from_static(b"Earmark checks that it may write, read and delete here.");
        store.put(&path, written.clone().into()).await?;
        let read = async { store.get(&path).await?.bytes().await }.await;
        let deleted = store.delete(&path).await;
        if read? != written {
            return Err(ProbeFailure::Mismatch);
        }
        deleted?;
        Ok(())
    }
}

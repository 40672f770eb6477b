//! Where recordings' audio lives: the one interface the services use, a local directory
//! today. A file arrives under a temporary name, is fsynced, and only then renamed to its
//! key, so a reader never sees half a file and a crash leaves at most a temporary file,
//! which the next start sweeps away. Deleting moves the file aside first, so it can be put
//! back if the database refuses the delete.

use sha2::{Digest, Sha256};
use std::io;
use std::path::{Path, PathBuf};
use tokio::io::AsyncWriteExt;

const TEMP_DIR: &str = ".incoming";

#[derive(Debug)]
pub struct RecordingStorage {
    root: PathBuf,
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
    /// The received bytes (for the waveform of a WAV file).
    pub async fn read(&self) -> io::Result<Vec<u8>> {
        tokio::fs::read(&self.path).await
    }
}

impl RecordingStorage {
    /// A storage in this directory, created if needed; temporary files of an earlier run
    /// that never finished are removed.
    pub fn local(root: impl Into<PathBuf>) -> io::Result<RecordingStorage> {
        let root = root.into();
        let temp = root.join(TEMP_DIR);
        if temp.exists() {
            std::fs::remove_dir_all(&temp)?;
        }
        std::fs::create_dir_all(&temp)?;
        Ok(RecordingStorage { root })
    }

    /// Starts receiving a file under a temporary name.
    pub async fn receive(&self) -> io::Result<Incoming> {
        let path = self.root.join(TEMP_DIR).join(format!("{}.part", uuid::Uuid::new_v4()));
        let file = tokio::fs::File::create(&path).await?;
        Ok(Incoming { file: Some(file), path, hasher: Sha256::new(), size: 0, head: Vec::new() })
    }

    fn path_of(&self, key: &str) -> io::Result<PathBuf> {
        // Keys are made by the server from ids; refuse anything that could leave the root.
        if key.is_empty() || key.split('/').any(|p| p.is_empty() || p == "." || p == "..") {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "bad storage key"));
        }
        Ok(self.root.join(key))
    }

    /// Renames a received file to its key (and fsyncs the directory, so the rename lasts).
    pub async fn keep(&self, mut received: Received, key: &str) -> io::Result<()> {
        let target = self.path_of(key)?;
        let dir = target.parent().unwrap_or(&self.root).to_path_buf();
        tokio::fs::create_dir_all(&dir).await?;
        tokio::fs::rename(&received.path, &target).await?;
        received.path = PathBuf::new();
        sync_dir(dir).await
    }

    /// Writes bytes under a key the same way an upload does (the demo's recordings).
    pub async fn put(&self, key: &str, bytes: &[u8]) -> io::Result<Received> {
        let mut incoming = self.receive().await?;
        incoming.write(bytes).await?;
        let received = incoming.finish().await?;
        let info =
            Received { path: PathBuf::new(), sha256: received.sha256.clone(), size: received.size, head: Vec::new() };
        self.keep(received, key).await?;
        Ok(info)
    }

    pub async fn open(&self, key: &str) -> io::Result<tokio::fs::File> {
        tokio::fs::File::open(self.path_of(key)?).await
    }

    /// Moves the file aside; [`Removal::restore`] puts it back, [`Removal::finish`] deletes it.
    pub async fn remove(&self, key: &str) -> io::Result<Removal> {
        let from = self.path_of(key)?;
        let aside = self.root.join(TEMP_DIR).join(format!("{}.deleted", uuid::Uuid::new_v4()));
        match tokio::fs::rename(&from, &aside).await {
            Ok(()) => Ok(Removal { from, aside: Some(aside) }),
            // Already gone: the row can still go.
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Removal { from, aside: None }),
            Err(e) => Err(e),
        }
    }
}

/// A file moved aside for a delete.
pub struct Removal {
    from: PathBuf,
    aside: Option<PathBuf>,
}

impl Removal {
    pub async fn finish(self) {
        if let Some(aside) = &self.aside {
            let _ = tokio::fs::remove_file(aside).await;
        }
    }

    pub async fn restore(self) -> io::Result<()> {
        match &self.aside {
            Some(aside) => tokio::fs::rename(aside, &self.from).await,
            None => Ok(()),
        }
    }
}

async fn sync_dir(dir: PathBuf) -> io::Result<()> {
    tokio::task::spawn_blocking(move || std::fs::File::open(Path::new(&dir))?.sync_all())
        .await
        .map_err(io::Error::other)?
}

//! `earmark precompress`: brotli (at its best level) and gzip beside each of the site's files,
//! once after a build, so that the server sends them as they are (`ServeDir` picks the variant
//! the browser accepts) instead of compressing the WASM for every first visit.

use anyhow::Context;
use app::policy::retention::thousands;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// What is worth compressing: text and WebAssembly. Images and audio are compressed already.
const COMPRESSIBLE: &[&str] = &["js", "wasm", "css", "html", "svg", "json", "txt", "ico", "map"];

/// The site's files without their compressed variants, biggest first, so that the progress
/// lines show the slow one first.
fn files(site_root: &Path) -> anyhow::Result<Vec<(PathBuf, u64)>> {
    let mut found = Vec::new();
    let mut dirs = vec![site_root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))? {
            let entry = entry?;
            let (path, kind) = (entry.path(), entry.file_type()?);
            if kind.is_dir() {
                dirs.push(path);
            } else if path.extension().and_then(|e| e.to_str()).is_some_and(|e| COMPRESSIBLE.contains(&e)) {
                found.push((path, entry.metadata()?.len()));
            }
        }
    }
    found.sort_by_key(|f| std::cmp::Reverse(f.1));
    Ok(found)
}

/// The sizes a file had: as it is, as brotli, as gzip.
pub struct Compressed {
    pub path: PathBuf,
    pub raw: u64,
    pub br: u64,
    pub gz: u64,
}

/// Where a run is: about to compress a file (the `i`th of `n`, its size), or done with one.
pub enum Step<'a> {
    Compressing { path: &'a Path, raw: u64, i: usize, n: usize },
    Done(&'a Compressed),
}

/// Writes `file.br` and `file.gz` beside every compressible file under `site_root` whose
/// variants are missing or older than it; says each as it goes.
pub fn run(site_root: &Path, mut progress: impl FnMut(Step)) -> anyhow::Result<Vec<Compressed>> {
    let all = files(site_root)?;
    let mut done = Vec::new();
    for (i, (path, raw)) in all.iter().enumerate() {
        let (br, gz) = (variant(path, "br"), variant(path, "gz"));
        if !fresh(path, &br) || !fresh(path, &gz) {
            progress(Step::Compressing { path, raw: *raw, i: i + 1, n: all.len() });
            let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
            write_atomically(&br, &brotli_of(&bytes)?)?;
            write_atomically(&gz, &gzip_of(&bytes)?)?;
        }
        let c = Compressed {
            path: path.clone(),
            raw: *raw,
            br: std::fs::metadata(&br)?.len(),
            gz: std::fs::metadata(&gz)?.len(),
        };
        progress(Step::Done(&c));
        done.push(c);
    }
    Ok(done)
}

fn variant(path: &Path, ext: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(ext);
    PathBuf::from(name)
}

/// The variant exists and was written after the file last changed.
fn fresh(path: &Path, variant: &Path) -> bool {
    match (std::fs::metadata(path).and_then(|m| m.modified()), std::fs::metadata(variant).and_then(|m| m.modified())) {
        (Ok(file), Ok(compressed)) => compressed >= file,
        _ => false,
    }
}

fn brotli_of(bytes: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 24, ..Default::default() };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    Ok(out)
}

fn gzip_of(bytes: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes)?;
    Ok(gz.finish()?)
}

/// Beside the file under a temporary name, then renamed: a server reading it meanwhile sees
/// the old variant or the new one, never half of one.
fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let partial = variant(path, "partial");
    std::fs::write(&partial, bytes).with_context(|| format!("writing {}", partial.display()))?;
    std::fs::rename(&partial, path).with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}

/// The command: a line per file and a summary.
pub fn command(site_root: &Path) -> anyhow::Result<()> {
    let started = Instant::now();
    let name = |p: &Path| p.strip_prefix(site_root).unwrap_or(p).display().to_string();
    let done = run(site_root, |step| match step {
        Step::Compressing { path, raw, i, n } => {
            print!("[{i}/{n}] {} ({} bytes)… ", name(path), thousands(raw));
            let _ = std::io::stdout().flush();
        }
        Step::Done(c) => println!("{}: brotli {}, gzip {}", name(&c.path), thousands(c.br), thousands(c.gz)),
    })?;
    let (raw, br): (u64, u64) = done.iter().fold((0, 0), |(r, b), c| (r + c.raw, b + c.br));
    println!(
        "Precompressed {} files under {}: {} bytes, {} as brotli, in {:.1} s",
        done.len(),
        site_root.display(),
        thousands(raw),
        thousands(br),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

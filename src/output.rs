//! Writing the built site. Everything goes into a staging folder beside the output; only a
//! build without errors swaps it in, whole. A failed build leaves the previous output exactly as
//! it was, and no stale file of an earlier build survives a successful one.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Where rendered files go: a staging folder, nowhere (`xuezhou check`), or memory (`xuezhou
/// serve`, which writes only the files that changed into the folder it serves).
pub struct Sink {
    dir: Option<PathBuf>,
    /// `serve` only: what a build produced, applied by `serve::incremental` after a good build.
    memory: Option<Mutex<Collected>>,
}

/// What a build sent to a memory sink, by site-relative path.
#[derive(Default)]
pub struct Collected {
    pub written: HashMap<String, Vec<u8>>,
    pub copied: HashMap<String, PathBuf>,
    /// Files of pages that did not change since the last build: not rendered again, kept as they are.
    pub kept: Vec<String>,
}

impl Sink {
    pub fn discard() -> Sink {
        Sink { dir: None, memory: None }
    }

    /// `serve`: keeps everything in memory; see `Collected`.
    pub fn memory() -> Sink {
        Sink { dir: None, memory: Some(Mutex::new(Collected::default())) }
    }

    /// `serve`: what the build produced (`None` for other sinks).
    pub fn into_collected(mut self) -> Option<Collected> {
        self.memory.take().map(|m| m.into_inner().unwrap_or_else(|e| e.into_inner()))
    }

    fn collected(&self) -> Option<std::sync::MutexGuard<'_, Collected>> {
        self.memory.as_ref().map(|m| m.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// `serve`: the file at `path` is left as the last build wrote it. A no-op for other sinks.
    pub fn keep(&self, path: &str) {
        if let Some(mut c) = self.collected() {
            c.kept.push(path.to_string());
        }
    }

    /// A fresh staging folder beside `output` (same file system, so the swap is a rename).
    pub fn staging_for(output: &Path) -> io::Result<Sink> {
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let parent = output.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)?;
        let dir = parent.join(format!(".{name}.xuezhou-new-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir_all(&dir)?;
        Ok(Sink { dir: Some(dir), memory: None })
    }

    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// Writes `bytes` to the site-relative `path` (`events/x/index.html`).
    pub fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        if let Some(mut c) = self.collected() {
            c.written.insert(path.to_string(), bytes.to_vec());
            return Ok(());
        }
        let Some(dir) = &self.dir else { return Ok(()) };
        let full = dir.join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(full, bytes)
    }

    /// Copies a file (static assets, videos) to the site-relative `path`.
    pub fn copy(&self, from: &Path, path: &str) -> io::Result<()> {
        if let Some(mut c) = self.collected() {
            c.copied.insert(path.to_string(), from.to_path_buf());
            return Ok(());
        }
        let Some(dir) = &self.dir else { return Ok(()) };
        let full = dir.join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::copy(from, full).map(|_| ())
    }

    /// Replaces `output` with the staging folder. The old output is moved aside first and only
    /// removed once the new one is in place.
    pub fn commit(self, output: &Path) -> io::Result<()> {
        let Some(dir) = self.dir.clone() else { return Ok(()) };
        let old = output.with_file_name(format!(
            ".{}.xuezhou-old-{}",
            output.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            std::process::id()
        ));
        let had_old = output.exists();
        if had_old {
            std::fs::rename(output, &old)?;
        }
        if let Err(e) = std::fs::rename(&dir, output) {
            if had_old {
                let _ = std::fs::rename(&old, output);
            }
            return Err(e);
        }
        if had_old {
            let _ = std::fs::remove_dir_all(&old);
        }
        // Dropping `self` would delete the staging folder, which is now the output.
        std::mem::forget(self);
        Ok(())
    }
}

impl Drop for Sink {
    /// A build that did not commit removes what it staged.
    fn drop(&mut self) {
        if let Some(dir) = &self.dir {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// Copies a folder's files into the sink, skipping editor leftovers.
pub fn copy_tree(sink: &Sink, from: &Path) -> io::Result<usize> {
    if !from.is_dir() {
        return Ok(0);
    }
    let mut n = 0;
    for entry in walkdir::WalkDir::new(from)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !crate::content::is_hidden(e.file_name()))
    {
        let entry = entry.map_err(io::Error::other)?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(from)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        sink.copy(entry.path(), &rel)?;
        n += 1;
    }
    Ok(n)
}

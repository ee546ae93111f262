//! Where rendered files go (a staging folder, nowhere, or memory), and how an unchanged file of
//! the previous output is reused instead of written again.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

fn two_pages() -> io::Error {
    io::Error::other("two pages of the site have this address; rename one of them")
}

/// Where rendered files go: a staging folder, nowhere (`xuezhou check`), or memory (`xuezhou
/// serve`, which writes only the files that changed into the folder it serves).
pub struct Sink {
    pub(super) dir: Option<PathBuf>,
    /// The output of an earlier build: files with the same bytes there are linked, not written.
    pub(super) previous: Option<PathBuf>,
    /// Site-relative paths written so far: two pages at one address is an error, never a
    /// silent overwrite (in `check` too).
    written: Mutex<HashSet<String>>,
    /// `serve` only: what a build produced, applied by `serve::incremental` after a good build.
    memory: Option<Mutex<Collected>>,
    /// Held (locked) while this build runs, so that a build beside it on a system without /proc
    /// can tell its staging folder from a killed build's (see `alive`).
    pub(super) lock: Option<(PathBuf, File)>,
    /// Cleared after the first failed hard link: copy from then on.
    link: AtomicBool,
}

/// The bytes of a file, made when asked: a download that no page shows and that takes long to
/// make (the tables' .xlsx), which `serve` makes once open pages have been told to reload.
pub type Later = Box<dyn FnOnce() -> Result<Vec<u8>, crate::diagnostics::Diagnostic> + Send>;

/// What a build sent to a memory sink, by site-relative path.
#[derive(Default)]
pub struct Collected {
    pub written: HashMap<String, Vec<u8>>,
    pub copied: HashMap<String, PathBuf>,
    /// Files of pages that did not change since the last build: not rendered again, kept as they are.
    pub kept: Vec<String>,
    /// Files to make after the rest is served (see `Later`).
    pub deferred: Vec<(String, Later)>,
}

impl Sink {
    pub(super) fn new(dir: Option<PathBuf>, memory: Option<Mutex<Collected>>) -> Sink {
        Sink {
            dir,
            previous: None,
            written: Mutex::default(),
            memory,
            lock: None,
            link: AtomicBool::new(true),
        }
    }

    pub fn discard() -> Sink {
        Sink::new(None, None)
    }

    /// `serve`: keeps everything in memory; see `Collected`.
    pub fn memory() -> Sink {
        Sink::new(None, Some(Mutex::new(Collected::default())))
    }

    /// `serve`: what the build produced (`None` for other sinks).
    pub fn into_collected(mut self) -> Option<Collected> {
        self.memory
            .take()
            .map(|memory| memory.into_inner().unwrap_or_else(|e| e.into_inner()))
    }

    fn collected(&self) -> Option<std::sync::MutexGuard<'_, Collected>> {
        self.memory
            .as_ref()
            .map(|memory| memory.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// `serve`: the files at `paths` are left as the last build wrote them. A no-op for other
    /// sinks.
    pub fn keep_all<'p>(&self, paths: impl Iterator<Item = &'p str>) {
        if let Some(mut collected) = self.collected() {
            collected.kept.extend(paths.map(str::to_string));
        }
    }

    /// Whether `path` is written for the first time in this build.
    fn claim(&self, path: &str) -> bool {
        self.written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_string())
    }

    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// Writes `bytes` to the site-relative `path` (`events/x/index.html`).
    /// An owned `bytes` goes into a memory sink without a copy (lists are megabytes).
    pub fn write(&self, path: &str, bytes: impl AsRef<[u8]> + Into<Vec<u8>>) -> io::Result<()> {
        if !self.claim(path) {
            return Err(two_pages());
        }
        if let Some(mut collected) = self.collected() {
            collected.written.insert(path.to_string(), bytes.into());
            return Ok(());
        }
        let bytes = bytes.as_ref();
        let Some(dir) = &self.dir else { return Ok(()) };
        let full = dir.join(path);
        if let Some(previous) = &self.previous {
            let old = previous.join(path);
            if same_bytes(&old, bytes) {
                return self.reuse(&old, &full);
            }
        }
        // Write first and make the folder only when it is missing: a page, its event.ics and
        // its print/ poster share folders, so `create_dir_all` before every one of 30,000 files
        // cost a mkdir syscall (and a path walk) each that almost always found the folder there.
        match new_file(&full, bytes) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if let Some(parent) = full.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                new_file(&full, bytes)
            }
            written => written,
        }
    }

    /// `serve`: `path` is made by `later` after the rest of the build is served. Other sinks
    /// hand `later` back, to be made and written now.
    pub fn defer(&self, path: &str, later: Later) -> io::Result<Option<Later>> {
        let Some(mut collected) = self.collected() else {
            return Ok(Some(later));
        };
        if !self.claim(path) {
            return Err(two_pages());
        }
        collected.deferred.push((path.to_string(), later));
        Ok(None)
    }

    /// Copies a file (static assets, videos) to the site-relative `path`.
    pub fn copy(&self, from: &Path, path: &str) -> io::Result<()> {
        if let Some(mut collected) = self.collected() {
            collected
                .copied
                .insert(path.to_string(), from.to_path_buf());
            return Ok(());
        }
        let Some(dir) = &self.dir else { return Ok(()) };
        self.written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_string());
        let full = dir.join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent)?;
        }
        // A second copy to one path (a page's bundle file where static/ has one) replaces the
        // first. Never write through the staged file: it may be a hard link into the live output.
        remove_if_there(&full)?;
        if let Some(previous) = &self.previous {
            let old = previous.join(path);
            if same_file(from, &old) {
                return self.reuse(&old, &full);
            }
        }
        std::fs::copy(from, full).map(|_| ())
    }

    /// Puts the unchanged file `old` of the previous output at `to` in the staging folder: a hard
    /// link, or a copy that keeps the old date where links fail (FAT disks, some shares).
    pub(super) fn reuse(&self, old: &Path, to: &Path) -> io::Result<()> {
        if self.link.load(Ordering::Relaxed) {
            let mut linked = std::fs::hard_link(old, to);
            if matches!(&linked, Err(e) if e.kind() == io::ErrorKind::NotFound) {
                if let Some(parent) = to.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                linked = std::fs::hard_link(old, to);
            }
            match linked {
                Ok(()) => return Ok(()),
                Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(e),
                Err(_) => self.link.store(false, Ordering::Relaxed),
            }
        }
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent)?;
        }
        remove_if_there(to)?;
        std::fs::copy(old, to)?;
        if let Ok(date) = std::fs::metadata(old).and_then(|m| m.modified()) {
            let _ = File::options()
                .write(true)
                .open(to)
                .and_then(|file| file.set_modified(date));
        }
        Ok(())
    }
}

/// Creates `path` with `bytes`; fails if it is there, so a file is never written through a hard
/// link into the live output.
pub(super) fn new_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    File::options()
        .write(true)
        .create_new(true)
        .open(path)?
        .write_all(bytes)
}

fn remove_if_there(path: &Path) -> io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Whether the file at `path` holds exactly `bytes`. The length is compared first: a changed
/// page is usually a different length, and reading it back is then not needed.
pub(super) fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    use std::io::Read;
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    if !file
        .metadata()
        .is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
    {
        return false;
    }
    let mut old = Vec::with_capacity(bytes.len());
    file.read_to_end(&mut old).is_ok() && old == bytes
}

/// Whether the copy at `dest` of the file `from` is still the same. Small files (stylesheets,
/// scripts, PDFs) are compared byte for byte; for big ones (videos) the same length and a copy
/// newer than its source are taken as the same, as rsync's quick check does.
fn same_file(from: &Path, dest: &Path) -> bool {
    const COMPARE_UP_TO: u64 = 16 << 20;
    let (Ok(source), Ok(copy)) = (std::fs::metadata(from), std::fs::metadata(dest)) else {
        return false;
    };
    if !copy.is_file() || source.len() != copy.len() {
        return false;
    }
    if source.len() > COMPARE_UP_TO {
        return matches!((source.modified(), copy.modified()), (Ok(source), Ok(copy)) if copy >= source);
    }
    matches!((std::fs::read(from), std::fs::read(dest)), (Ok(source), Ok(copy)) if source == copy)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::testing::scratch;

    #[test]
    #[cfg(target_os = "linux")]
    fn a_copy_never_writes_through_a_link_into_the_output() {
        let (tmp, out) = scratch("copy");
        let root = tmp.join("site");
        std::fs::write(root.join("style.css"), "one").unwrap();
        std::fs::write(root.join("other.css"), "two").unwrap();
        let sink = Sink::staging_for(&out, &root).unwrap();
        sink.copy(&root.join("style.css"), "style.css").unwrap();
        sink.commit(&out).unwrap();
        let sink = Sink::staging_for(&out, &root).unwrap();
        sink.copy(&root.join("style.css"), "style.css").unwrap();
        // A second copy to the same path replaces the staged link, not the file it links to.
        sink.copy(&root.join("other.css"), "style.css").unwrap();
        assert_eq!(std::fs::read(out.join("style.css")).unwrap(), b"one");
        drop(sink);
        assert_eq!(std::fs::read(out.join("style.css")).unwrap(), b"one");
        std::fs::remove_dir_all(&tmp).unwrap();
    }

    #[test]
    fn one_address_is_written_once() {
        let sink = Sink::discard();
        sink.write("events/index.html", b"a").unwrap();
        let e = sink.write("events/index.html", b"b").unwrap_err();
        assert!(e.to_string().contains("two pages"), "{e}");
        sink.write("events/x/index.html", b"c").unwrap();
    }
}

//! Writing the built site. The output folder is xuezhou's alone: it holds a marker file
//! (`MARKER`) that says so, and a build refuses any other non-empty folder (`check_output`).
//!
//! Every build stages the complete new site in a folder beside the output (same file system), then
//! puts it in place in one step: on Linux the two folders are exchanged by one
//! renameat2(RENAME_EXCHANGE), elsewhere the old one is renamed away and the new one in. Whatever
//! moment the process dies at, the output is the old build or the new one, never a mix; a failed
//! build leaves it exactly as it was. Files whose bytes did not change are hard links to the
//! previous output's (copies with the old date where links fail), so they keep their dates (upload
//! tools that sync by date send only what changed) and a rebuild of 30,000 files copies none.
//! What a killed build left beside the output is removed by the next build (`remove_leftovers`).

use crate::diagnostics::Diagnostic;
use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

/// The file xuezhou writes into every output folder it makes: the only proof that a folder holds
/// nothing but a build, so that replacing it loses no one's work.
pub const MARKER: &str = ".xuezhou-output";

const MARKER_TEXT: &str = "\
本文件夹由 xuezhou build 生成，每次生成时整个替换：请不要把自己的文件放在这里。\n\
本文件随网站一起上传没有影响。\n\
\n\
This folder is made by `xuezhou build` and replaced whole by every build: do not keep files of\n\
your own here. Uploading this file with the site is harmless.\n";

/// Where rendered files go: a staging folder, nowhere (`xuezhou check`), or memory (`xuezhou
/// serve`, which writes only the files that changed into the folder it serves).
pub struct Sink {
    dir: Option<PathBuf>,
    /// The output of an earlier build: files with the same bytes there are linked, not written.
    previous: Option<PathBuf>,
    /// Site-relative paths written so far: two pages at one address is an error, never a
    /// silent overwrite (in `check` too).
    written: Mutex<HashSet<String>>,
    /// `serve` only: what a build produced, applied by `serve::incremental` after a good build.
    memory: Option<Mutex<Collected>>,
    /// Held (locked) while this build runs, so that a build beside it on a system without /proc
    /// can tell its staging folder from a killed build's (see `alive`).
    lock: Option<(PathBuf, File)>,
    /// Cleared after the first failed hard link: copy from then on.
    link: AtomicBool,
}

/// What a build sent to a memory sink, by site-relative path.
#[derive(Default)]
pub struct Collected {
    pub written: HashMap<String, Vec<u8>>,
    pub copied: HashMap<String, PathBuf>,
    /// Files of pages that did not change since the last build: not rendered again, kept as they are.
    pub kept: Vec<String>,
}

/// Why a commit failed, and what the output folder holds after it.
#[derive(Debug)]
pub enum CommitError {
    /// Failed before the switch: the output folder is exactly the previous build.
    Unchanged(io::Error),
    /// The old output was renamed away and neither build could be put back in its place (only on
    /// systems without an atomic exchange); the text says where each build is.
    Missing(String),
}

impl std::fmt::Display for CommitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CommitError::Unchanged(e) => write!(f, "{e}"),
            CommitError::Missing(s) => write!(f, "{s}"),
        }
    }
}

impl Sink {
    fn new(dir: Option<PathBuf>, memory: Option<Mutex<Collected>>) -> Sink {
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
            .map(|m| m.into_inner().unwrap_or_else(|e| e.into_inner()))
    }

    fn collected(&self) -> Option<std::sync::MutexGuard<'_, Collected>> {
        self.memory
            .as_ref()
            .map(|m| m.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// `serve`: the file at `path` is left as the last build wrote it. A no-op for other sinks.
    pub fn keep(&self, path: &str) {
        if let Some(mut c) = self.collected() {
            c.kept.push(path.to_string());
        }
    }

    /// A fresh staging folder beside `output` (same file system, so the switch is a rename), with
    /// the marker in it. Refuses an output folder that is not xuezhou's (see `check_output`), and
    /// first removes what killed builds left beside it.
    pub fn staging_for(output: &Path, root: &Path) -> io::Result<Sink> {
        check_output(output, root).map_err(|r| io::Error::other(r.message))?;
        let (parent, name) = beside(output);
        std::fs::create_dir_all(&parent)?;
        remove_leftovers(output);
        let pid = std::process::id();
        let lock_path = parent.join(format!(".{name}.xuezhou-lock-{pid}"));
        let lock = File::create(&lock_path)?;
        // A system without file locks: liveness is then told by /proc (Linux) or not at all.
        let _ = lock.try_lock();
        let dir = parent.join(format!(".{name}.xuezhou-new-{pid}"));
        let mut sink = Sink::new(None, None);
        sink.lock = Some((lock_path, lock));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir(&dir)?;
        sink.dir = Some(dir.clone());
        // `check_output` let it through: it is empty, or a build of xuezhou's.
        sink.previous = output.is_dir().then(|| output.to_path_buf());
        // Like every unchanged file, the marker keeps its date.
        let marker = dir.join(MARKER);
        match &sink.previous {
            Some(p) if same_bytes(&p.join(MARKER), MARKER_TEXT.as_bytes()) => {
                sink.reuse(&p.join(MARKER), &marker)?
            }
            _ => new_file(&marker, MARKER_TEXT.as_bytes())?,
        }
        Ok(sink)
    }

    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// Writes `bytes` to the site-relative `path` (`events/x/index.html`).
    pub fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let first = self
            .written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_string());
        if !first {
            return Err(io::Error::other(
                "two pages of the site have this address; rename one of them",
            ));
        }
        if let Some(mut c) = self.collected() {
            c.written.insert(path.to_string(), bytes.to_vec());
            return Ok(());
        }
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
            r => r,
        }
    }

    /// Copies a file (static assets, videos) to the site-relative `path`.
    pub fn copy(&self, from: &Path, path: &str) -> io::Result<()> {
        if let Some(mut c) = self.collected() {
            c.copied.insert(path.to_string(), from.to_path_buf());
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
    fn reuse(&self, old: &Path, to: &Path) -> io::Result<()> {
        if self.link.load(Ordering::Relaxed) {
            let mut r = std::fs::hard_link(old, to);
            if matches!(&r, Err(e) if e.kind() == io::ErrorKind::NotFound) {
                if let Some(parent) = to.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                r = std::fs::hard_link(old, to);
            }
            match r {
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
                .and_then(|f| f.set_modified(date));
        }
        Ok(())
    }

    /// Puts the staged build in place of `output` in one step (see the module's comment), then
    /// removes the previous build. `Ok` holds a warning when that removal failed (the next build
    /// removes it).
    pub fn commit(mut self, output: &Path) -> Result<Option<String>, CommitError> {
        let Some(dir) = self.dir.clone() else {
            return Ok(None);
        };
        if std::fs::symlink_metadata(output).is_err() {
            std::fs::rename(&dir, output).map_err(CommitError::Unchanged)?;
            self.dir = None;
            return Ok(None);
        }
        let (parent, name) = beside(output);
        let old = match exchange(&dir, output) {
            // The staging folder's name now holds the previous build.
            Ok(()) => dir.clone(),
            Err(e) if !exchange_unsupported(&e) => return Err(CommitError::Unchanged(e)),
            Err(_) => {
                let old = parent.join(format!(".{name}.xuezhou-old-{}", std::process::id()));
                std::fs::rename(output, &old).map_err(CommitError::Unchanged)?;
                if let Err(e) = std::fs::rename(&dir, output) {
                    if std::fs::rename(&old, output).is_ok() {
                        return Err(CommitError::Unchanged(e));
                    }
                    // Both builds are kept where they are for the user to choose.
                    self.dir = None;
                    return Err(CommitError::Missing(format!(
                        "{} could not be replaced ({e}) and is missing now: the previous build is in {} and the new one in {}",
                        output.display(),
                        old.display(),
                        dir.display()
                    )));
                }
                old
            }
        };
        self.dir = None;
        match remove_tree(&old) {
            Ok(()) => Ok(None),
            Err(e) => Ok(Some(format!(
                "the new build is in place, but the previous one could not be removed from {} ({e}); the next build removes it",
                old.display()
            ))),
        }
    }
}

/// `remove_dir_all`, the folders of the first two levels on all cores: the previous build of a big
/// site is 30,000 files in 20,000 folders (`events/x/print/`), and each removal waits on the disk.
fn remove_tree(dir: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    if std::fs::symlink_metadata(dir)?.is_symlink() {
        // An output that was a link to a folder: the link goes, the folder it named stays.
        return std::fs::remove_file(dir);
    }
    let mut folders = Vec::new();
    for e in std::fs::read_dir(dir)?.flatten() {
        if e.file_type().is_ok_and(|t| t.is_dir()) {
            match std::fs::read_dir(e.path()) {
                Ok(inner) => folders.extend(inner.flatten().map(|i| i.path())),
                Err(_) => folders.push(e.path()),
            }
        }
    }
    folders.par_iter().for_each(|f| {
        let _ = match std::fs::symlink_metadata(f) {
            Ok(m) if m.is_dir() => std::fs::remove_dir_all(f),
            _ => std::fs::remove_file(f),
        };
    });
    std::fs::remove_dir_all(dir)
}

/// The folder an output sits in, and its name: staging and leftover folders are named after it.
fn beside(output: &Path) -> (PathBuf, String) {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    (parent, name)
}

/// Creates `path` with `bytes`; fails if it is there, so a file is never written through a hard
/// link into the live output.
fn new_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
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

/// Swaps the two folders in one step.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// The exchange is not offered here (old kernels, some network and FUSE file systems): fall back to
/// two renames, which leave the output missing for a moment but never mixed.
fn exchange_unsupported(e: &io::Error) -> bool {
    #[cfg(target_os = "linux")]
    {
        use rustix::io::Errno;
        let raw = e.raw_os_error();
        if [Errno::INVAL, Errno::NOSYS, Errno::OPNOTSUPP]
            .iter()
            .any(|n| raw == Some(n.raw_os_error()))
        {
            return true;
        }
    }
    e.kind() == io::ErrorKind::Unsupported
}

/// Removes what builds killed before they finished left beside `output`: staging folders
/// (`.public.xuezhou-new-PID`), previous builds not yet removed (`-old-PID`) and lock files
/// (`-lock-PID`). A folder of a build that is still running is left alone.
pub fn remove_leftovers(output: &Path) {
    let (parent, name) = beside(output);
    let Ok(entries) = std::fs::read_dir(&parent) else {
        return;
    };
    let prefix = format!(".{name}.xuezhou-");
    let mut dead_locks = Vec::new();
    for e in entries.flatten() {
        let file_name = e.file_name().to_string_lossy().into_owned();
        let Some((kind, pid)) = file_name
            .strip_prefix(&prefix)
            .and_then(|rest| rest.split_once('-'))
        else {
            continue;
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        if pid == std::process::id() || alive(pid, &parent.join(format!("{prefix}lock-{pid}"))) {
            continue;
        }
        match kind {
            // Folders beside an output; single files beside the tables in reports/.
            "new" | "old" if e.file_type().is_ok_and(|t| t.is_dir()) => {
                let _ = std::fs::remove_dir_all(e.path());
            }
            "new" | "old" => {
                let _ = std::fs::remove_file(e.path());
            }
            "lock" => dead_locks.push(e.path()),
            _ => {}
        }
    }
    // After the folders, so a lock file never goes before the folder it guards.
    for l in dead_locks {
        let _ = std::fs::remove_file(l);
    }
}

/// Whether the build with this process id may still be running. Linux: its /proc entry. Elsewhere:
/// its lock file is locked (the system releases the lock of a killed process).
fn alive(pid: u32, lock: &Path) -> bool {
    if Path::new("/proc/self").exists() {
        return Path::new("/proc").join(pid.to_string()).exists();
    }
    locked(lock)
}

fn locked(lock: &Path) -> bool {
    let Ok(f) = File::open(lock) else {
        return false;
    };
    match f.try_lock() {
        Ok(()) => {
            let _ = f.unlock();
            false
        }
        Err(std::fs::TryLockError::WouldBlock) => true,
        // Cannot tell: leave it.
        Err(_) => true,
    }
}

/// Whether the file at `path` holds exactly `bytes`. The length is compared first: a changed
/// page is usually a different length, and reading it back is then not needed.
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    use std::io::Read;
    let Ok(mut f) = std::fs::File::open(path) else {
        return false;
    };
    if !f
        .metadata()
        .is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
    {
        return false;
    }
    let mut old = Vec::with_capacity(bytes.len());
    f.read_to_end(&mut old).is_ok() && old == bytes
}

/// Whether the copy at `dest` of the file `from` is still the same. Small files (stylesheets,
/// scripts, PDFs) are compared byte for byte; for big ones (videos) the same length and a copy
/// newer than its source are taken as the same, as rsync's quick check does.
fn same_file(from: &Path, dest: &Path) -> bool {
    const COMPARE_UP_TO: u64 = 16 << 20;
    let (Ok(a), Ok(b)) = (std::fs::metadata(from), std::fs::metadata(dest)) else {
        return false;
    };
    if !b.is_file() || a.len() != b.len() {
        return false;
    }
    if a.len() > COMPARE_UP_TO {
        return matches!((a.modified(), b.modified()), (Ok(src), Ok(copy)) if copy >= src);
    }
    matches!((std::fs::read(from), std::fs::read(dest)), (Ok(x), Ok(y)) if x == y)
}

/// A relative path with `/` between its parts on every system (site addresses, messages).
pub fn slash(rel: &Path) -> String {
    rel.to_string_lossy().replace('\\', "/")
}

impl Drop for Sink {
    /// A build that did not commit removes what it staged; every build removes its lock file.
    fn drop(&mut self) {
        if let Some(dir) = &self.dir {
            let _ = std::fs::remove_dir_all(dir);
        }
        if let Some((path, _)) = self.lock.take() {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Why an output folder is refused: what is wrong, and what to do.
#[derive(Debug, PartialEq)]
pub struct Refusal {
    pub message: String,
    pub help: String,
}

/// The output folder is xuezhou's alone: a build replaces it whole. So it is never a folder that
/// holds the site or anything of it (the site folder, an ancestor of it, `content/`, `themes/`,
/// `static/`, the folder the command runs in), and never an existing non-empty folder without
/// xuezhou's marker: a folder of other files (`--output ~/文档`), or one that only looks like a
/// build (an index.html made by hand, or a build of an older xuezhou, which cannot be told apart).
pub fn check_output(output: &Path, root: &Path) -> Result<(), Refusal> {
    let shown = output.display();
    let abs = resolve(output);
    let site = resolve(root);
    let own = "give the output a new or empty folder of its own (the default is public/ in the site folder; --output DIR names another), and keep your own files elsewhere";
    let refuse = |message: String| {
        Err(Refusal {
            message,
            help: own.to_string(),
        })
    };
    if abs.parent().is_none() {
        return refuse(format!(
            "{shown} is the root of the file system, and a build replaces the output folder whole"
        ));
    }
    if abs == site {
        return refuse(format!(
            "{shown} is the site folder, and a build replaces the output folder whole"
        ));
    }
    if site.starts_with(&abs) {
        return refuse(format!(
            "{shown} holds the site folder {}, and a build replaces the output folder whole",
            root.display()
        ));
    }
    if let Ok(cwd) = std::env::current_dir().map(|c| c.canonicalize().unwrap_or(c)) {
        if cwd.starts_with(&abs) {
            return refuse(format!("{shown} holds the folder xuezhou runs in, and a build replaces the output folder whole"));
        }
    }
    // This site's folders, and those of any site the output would sit in.
    for dir in std::iter::once(site.as_path()).chain(abs.ancestors()) {
        if dir == site || dir.join("site.toml").is_file() {
            if dir == abs {
                return refuse(format!("{shown} is a site folder (it has site.toml), and a build replaces the output folder whole"));
            }
            for source in ["content", "themes", "static"] {
                let source_dir = dir.join(source);
                if abs == source_dir {
                    return refuse(format!("{shown} is the site's {source}/ folder, and a build replaces the output folder whole"));
                }
                if abs.starts_with(&source_dir) {
                    return refuse(format!(
                        "{shown} is inside the site's {source}/ folder, which is published as it is"
                    ));
                }
            }
        }
    }
    if let Ok(meta) = std::fs::metadata(&abs) {
        if !meta.is_dir() {
            return refuse(format!("{shown} is a file, not a folder"));
        }
        let empty = std::fs::read_dir(&abs)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty && !abs.join(MARKER).is_file() {
            if abs.join("index.html").is_file() {
                return Err(Refusal {
                    message: format!("{shown} has an index.html but no {MARKER} file: it was not made by this xuezhou, and a build replaces the output folder whole"),
                    help: format!("if it is a site built by an older xuezhou, delete or empty the folder once and build again (from then on xuezhou knows its own output by {MARKER}); if it holds files of your own, {own}"),
                });
            }
            return refuse(format!("{shown} already holds files that xuezhou did not make (it has no {MARKER} file), and a build replaces the output folder whole"));
        }
    }
    Ok(())
}

/// The absolute path of `p` as the file system reads it: links resolved and `..` taken after
/// them, as far as the path exists (`link/..` is the folder around the link's target, not the one
/// the link sits in: read by its letters, `--output q/link/../events` would pass for a new folder
/// `q/events` while the build replaced `content/events`). Only the part that does not exist yet
/// is read by its letters.
fn resolve(p: &Path) -> PathBuf {
    let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let parts: Vec<std::path::Component> = abs.components().collect();
    let mut out = PathBuf::new();
    let mut tail = &parts[..];
    for end in (1..=parts.len()).rev() {
        let prefix: PathBuf = parts[..end].iter().collect();
        if let Ok(real) = prefix.canonicalize() {
            out = real;
            tail = &parts[end..];
            break;
        }
    }
    for c in tail {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Copies the files of `folders` into the sink, skipping editor leftovers. A file in a later
/// folder wins over one at the same path in an earlier one (the site's static/ over the
/// theme's), and only the winner is copied. Links are followed, but a link to a file or folder
/// outside the site (`static/passwd.txt` -> /etc/passwd) and anything that is not a regular file
/// (a FIFO would hang the copy) are errors naming it: only files inside the site are published.
pub fn copy_trees(sink: &Sink, root: &Path, folders: &[PathBuf]) -> Result<usize, Vec<Diagnostic>> {
    let real_root = crate::files::real_root(root);
    let shown = |p: &Path| slash(&crate::diagnostics::rel(root, p));
    let mut errors = Vec::new();
    let mut files: std::collections::BTreeMap<String, PathBuf> = std::collections::BTreeMap::new();
    for from in folders.iter().filter(|f| f.is_dir()) {
        let mut walk = walkdir::WalkDir::new(from)
            .follow_links(true)
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !crate::content::is_hidden(e.file_name()));
        while let Some(entry) = walk.next() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let at = e.path().unwrap_or(from).to_path_buf();
                    errors.push(
                        Diagnostic::error(shown(&at), format!("cannot copy static files: {e}"))
                            .help("check that the folder is readable and holds no link that points at itself"),
                    );
                    continue;
                }
            };
            let problem = match crate::files::inside(&real_root, entry.path()) {
                Err(r) => Some(r),
                Ok((_, meta)) if meta.is_dir() || meta.is_file() => None,
                Ok(_) => crate::files::check(&real_root, entry.path()).err(),
            };
            if let Some(r) = problem {
                if entry.file_type().is_dir() {
                    walk.skip_current_dir();
                }
                let help = match r {
                    crate::files::Refusal::Outside(_) => {
                        "copy the file (or folder) itself into static/ instead of a link to it"
                    }
                    _ => "remove it from static/: only ordinary files are published",
                };
                let message = format!("{} {}", shown(entry.path()), r.describe());
                errors.push(Diagnostic::error(shown(entry.path()), message).help(help));
                continue;
            }
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry.path().strip_prefix(from).unwrap_or(entry.path());
            files.insert(slash(rel), entry.path().to_path_buf());
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    for (rel, path) in &files {
        sink.copy(path, rel).map_err(|e| {
            vec![Diagnostic::error(
                shown(path),
                format!("cannot copy static files: {e}"),
            )]
        })?;
    }
    Ok(files.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_outputs_a_build_must_not_replace() {
        let tmp = std::env::temp_dir().join(format!("xuezhou-output-test-{}", std::process::id()));
        let site = tmp.join("p/site");
        std::fs::create_dir_all(site.join("content/events")).unwrap();
        std::fs::create_dir_all(site.join("themes/default")).unwrap();
        std::fs::write(site.join("site.toml"), "title = \"x\"").unwrap();
        std::fs::write(tmp.join("p/index.html"), "<p>").unwrap();
        std::fs::create_dir_all(tmp.join("docs")).unwrap();
        std::fs::write(tmp.join("docs/report.docx"), "mine").unwrap();
        std::fs::create_dir_all(tmp.join("old-build")).unwrap();
        std::fs::write(tmp.join("old-build/index.html"), "<p>").unwrap();
        std::fs::create_dir_all(tmp.join("ours/events")).unwrap();
        std::fs::write(tmp.join("ours/index.html"), "<p>").unwrap();
        std::fs::write(tmp.join("ours").join(MARKER), MARKER_TEXT).unwrap();
        std::fs::create_dir_all(tmp.join("empty")).unwrap();
        std::fs::write(tmp.join("file"), "x").unwrap();

        for bad in [
            site.clone(),
            site.join("content"),
            site.join("content/events/new"),
            site.join("themes/default/static"),
            site.join("static/files"),
            site.join("public/.."),
            tmp.join("p"),
            tmp.clone(),
            tmp.join("docs"),
            tmp.join("old-build"),
            tmp.join("file"),
            PathBuf::from("/"),
        ] {
            assert!(
                check_output(&bad, &site).is_err(),
                "{} is refused",
                bad.display()
            );
        }
        let old = check_output(&tmp.join("old-build"), &site).unwrap_err();
        assert!(old.help.contains("delete or empty"), "{old:?}");
        for good in [
            site.join("public"),
            tmp.join("ours"),
            tmp.join("empty"),
            tmp.join("new/deep/out"),
        ] {
            assert_eq!(check_output(&good, &site), Ok(()), "{}", good.display());
        }
        std::fs::remove_dir_all(&tmp).unwrap();
    }

    #[test]
    #[cfg(unix)]
    fn a_link_then_dot_dot_is_read_as_the_file_system_reads_it() {
        let tmp =
            std::env::temp_dir().join(format!("xuezhou-output-dotdot-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&tmp);
        let site = tmp.join("p/site");
        std::fs::create_dir_all(site.join("content/events")).unwrap();
        std::fs::create_dir_all(site.join("content/cases")).unwrap();
        std::fs::write(site.join("site.toml"), "title = \"x\"").unwrap();
        std::fs::write(site.join("content/events/a.md"), "---").unwrap();
        std::fs::create_dir_all(tmp.join("q")).unwrap();
        std::os::unix::fs::symlink(site.join("content/cases"), tmp.join("q/l")).unwrap();
        // By its letters `q/events`, a new folder; for the file system `content/events`.
        let sneaky = tmp.join("q/l/../events");
        assert!(check_output(&sneaky, &site).is_err());
        assert!(check_output(&tmp.join("q/l/../new"), &site).is_err());
        assert_eq!(check_output(&tmp.join("q/new/../out"), &site), Ok(()));
        std::fs::remove_dir_all(&tmp).unwrap();
    }

    fn scratch(name: &str) -> (PathBuf, PathBuf) {
        let tmp =
            std::env::temp_dir().join(format!("xuezhou-output-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&tmp);
        std::fs::create_dir_all(tmp.join("site")).unwrap();
        let out = tmp.join("site/public");
        (tmp, out)
    }

    fn beside_output(out: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(out.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn a_rebuild_switches_whole_and_links_what_did_not_change() {
        use std::os::unix::fs::MetadataExt;
        let (tmp, out) = scratch("switch");
        let root = tmp.join("site");
        let sink = Sink::staging_for(&out, &root).unwrap();
        sink.write("index.html", b"home").unwrap();
        sink.write("events/a/index.html", b"a").unwrap();
        sink.write("events/b/index.html", b"b").unwrap();
        assert_eq!(sink.commit(&out).unwrap(), None);
        assert!(out.join(MARKER).is_file());
        let inode = |rel: &str| std::fs::metadata(out.join(rel)).unwrap().ino();
        let home = inode("index.html");
        let a = inode("events/a/index.html");

        let sink = Sink::staging_for(&out, &root).unwrap();
        sink.write("index.html", b"home").unwrap();
        sink.write("events/a/index.html", b"a, changed").unwrap();
        // The live output is untouched until the commit.
        assert_eq!(
            std::fs::read(out.join("events/a/index.html")).unwrap(),
            b"a"
        );
        assert!(out.join("events/b/index.html").is_file());
        assert_eq!(sink.commit(&out).unwrap(), None);
        assert_eq!(
            inode("index.html"),
            home,
            "an unchanged file is the same file"
        );
        assert_ne!(inode("events/a/index.html"), a);
        assert_eq!(
            std::fs::read(out.join("events/a/index.html")).unwrap(),
            b"a, changed"
        );
        assert!(!out.join("events/b").exists(), "no stale file survives");
        assert_eq!(beside_output(&out), vec!["public".to_string()]);

        // A build that fails (dropped before its commit) leaves nothing beside the output.
        let sink = Sink::staging_for(&out, &root).unwrap();
        sink.write("index.html", b"other").unwrap();
        drop(sink);
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"home");
        assert_eq!(beside_output(&out), vec!["public".to_string()]);
        std::fs::remove_dir_all(&tmp).unwrap();
    }

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
    #[cfg(target_os = "linux")]
    fn leftovers_of_killed_builds_go_and_running_ones_stay() {
        let (tmp, out) = scratch("leftovers");
        let parent = out.parent().unwrap();
        // No process has this id (above the Linux limit of 2^22).
        let dead = 4_194_400;
        for kind in ["new", "old"] {
            std::fs::create_dir_all(parent.join(format!(".public.xuezhou-{kind}-{dead}/x")))
                .unwrap();
        }
        std::fs::write(parent.join(format!(".public.xuezhou-lock-{dead}")), "").unwrap();
        // A running build: this process's parent (the test harness's own id is skipped anyway).
        let running = std::os::unix::process::parent_id();
        std::fs::create_dir_all(parent.join(format!(".public.xuezhou-new-{running}"))).unwrap();
        std::fs::create_dir_all(parent.join(".other.xuezhou-new-1")).unwrap();
        std::fs::create_dir_all(parent.join("content")).unwrap();
        remove_leftovers(&out);
        assert_eq!(
            beside_output(&out),
            vec![
                format!(".other.xuezhou-new-1"),
                format!(".public.xuezhou-new-{running}"),
                "content".to_string()
            ]
        );
        std::fs::remove_dir_all(&tmp).unwrap();
    }

    #[test]
    fn a_lock_file_tells_a_running_build() {
        let (tmp, _) = scratch("lock");
        let path = tmp.join("lock");
        assert!(!locked(&path), "no lock file: nobody runs");
        let f = File::create(&path).unwrap();
        assert!(!locked(&path));
        f.lock().unwrap();
        assert!(locked(&path));
        drop(f);
        assert!(!locked(&path), "the lock goes with its process's file");
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

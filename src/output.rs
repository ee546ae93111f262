//! Writing the built site. Everything goes into a staging folder beside the output; only a
//! build without errors touches the output. A failed build leaves the previous output exactly as
//! it was, and no stale file of an earlier build survives a successful one.
//!
//! The first build renames the staging folder into place. Later builds stage only the files whose
//! bytes differ from the output's, then move those in and remove the files no longer made: the
//! files that did not change keep their dates (upload tools that sync by date send only what
//! changed), and a rebuild does not delete and write again 30,000 files of a big site.

use crate::diagnostics::Diagnostic;
use std::collections::{HashMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Where rendered files go: a staging folder, nowhere (`xuezhou check`), or memory (`xuezhou
/// serve`, which writes only the files that changed into the folder it serves).
pub struct Sink {
    dir: Option<PathBuf>,
    /// The output of an earlier build: files with the same bytes there are not staged.
    previous: Option<PathBuf>,
    /// Site-relative paths written so far: two pages at one address is an error, never a
    /// silent overwrite (in `check` too).
    written: Mutex<HashSet<String>>,
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
        Sink {
            dir: None,
            previous: None,
            written: Mutex::default(),
            memory: None,
        }
    }

    /// `serve`: keeps everything in memory; see `Collected`.
    pub fn memory() -> Sink {
        Sink {
            dir: None,
            previous: None,
            written: Mutex::default(),
            memory: Some(Mutex::new(Collected::default())),
        }
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

    /// A fresh staging folder beside `output` (same file system, so the swap is a rename).
    /// Refuses an output folder that a successful build must not replace (see `check_output`).
    pub fn staging_for(output: &Path) -> io::Result<Sink> {
        check_output(output).map_err(io::Error::other)?;
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
        Ok(Sink {
            dir: Some(dir),
            // `check_output` let it through: it is empty or a site built before.
            previous: output.is_dir().then(|| output.to_path_buf()),
            written: Mutex::default(),
            memory: None,
        })
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
        if self
            .previous
            .as_ref()
            .is_some_and(|p| same_bytes(&p.join(path), bytes))
        {
            return Ok(());
        }
        let full = dir.join(path);
        // Write first and make the folder only when it is missing: a page, its event.ics and
        // its print/ poster share folders, so `create_dir_all` before every one of 30,000 files
        // cost a mkdir syscall (and a path walk) each that almost always found the folder there.
        match std::fs::write(&full, bytes) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if let Some(parent) = full.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                std::fs::write(full, bytes)
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
        // A second copy to one path (a page's bundle file where static/ has one) replaces the
        // first in the staging folder, so it is written whatever the output holds.
        let first = self
            .written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_string());
        if first
            && self
                .previous
                .as_ref()
                .is_some_and(|p| same_file(from, &p.join(path)))
        {
            return Ok(());
        }
        let full = dir.join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::copy(from, full).map(|_| ())
    }

    /// Puts the staged build in place of `output`. The first time the staging folder is renamed
    /// into place; later, only the staged (changed) files are moved in, then files of `output`
    /// this build did not make are removed (see the module's comment).
    pub fn commit(self, output: &Path) -> io::Result<()> {
        let Some(dir) = self.dir.clone() else {
            return Ok(());
        };
        match &self.previous {
            Some(previous) if previous.is_dir() => {
                let written =
                    std::mem::take(&mut *self.written.lock().unwrap_or_else(|e| e.into_inner()));
                update_in_place(&dir, previous, written)?;
                // Dropping `self` removes the staging folder's now empty folders.
                Ok(())
            }
            _ => {
                if output.exists() {
                    // An empty folder (check_output allows no other): make room for the rename.
                    std::fs::remove_dir(output)?;
                }
                std::fs::rename(&dir, output)?;
                // Dropping `self` would delete the staging folder, which is now the output.
                std::mem::forget(self);
                Ok(())
            }
        }
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

/// Moves every file staged in `staging` to the same place in `output`, then removes the files
/// of `output` that are neither staged nor in `made` (written this build with the same bytes as
/// before), and the folders left empty.
fn update_in_place(staging: &Path, output: &Path, mut made: HashSet<String>) -> io::Result<()> {
    let mut staged: Vec<PathBuf> = Vec::new();
    for entry in walkdir::WalkDir::new(staging).min_depth(1) {
        let entry = entry.map_err(io::Error::other)?;
        if !entry.file_type().is_dir() {
            staged.push(
                entry
                    .path()
                    .strip_prefix(staging)
                    .map_err(io::Error::other)?
                    .to_path_buf(),
            );
        }
    }
    for rel in &staged {
        let dest = output.join(rel);
        if let Some(parent) = dest.parent() {
            make_folder(output, parent)?;
        }
        if dest.is_dir() {
            // A folder where this build makes a file: the file wins, as with a fresh output.
            std::fs::remove_dir_all(&dest)?;
        }
        std::fs::rename(staging.join(rel), &dest)?;
        made.insert(slash(rel));
    }
    // Whatever else is in the output was made by an earlier build only.
    let mut emptied: HashSet<PathBuf> = HashSet::new();
    for entry in walkdir::WalkDir::new(output).min_depth(1) {
        let entry = entry.map_err(io::Error::other)?;
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(output)
            .map_err(io::Error::other)?;
        if !made.contains(&slash(rel)) {
            std::fs::remove_file(entry.path())?;
            if let Some(parent) = entry.path().parent() {
                emptied.insert(parent.to_path_buf());
            }
        }
    }
    // The folders that lost files, and theirs, deepest first, while they are empty (removing a
    // folder that still holds files fails, and is meant to).
    let mut folders: Vec<PathBuf> = emptied
        .iter()
        .flat_map(|f| {
            f.ancestors()
                .take_while(|a| a.starts_with(output) && *a != output)
        })
        .map(Path::to_path_buf)
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    folders.sort_by_key(|f| std::cmp::Reverse(f.components().count()));
    for f in folders {
        let _ = std::fs::remove_dir(&f);
    }
    Ok(())
}

/// `create_dir_all(dir)` inside `output`, where a file of an earlier build may stand in the way
/// of a folder this build needs (a page that became a section): that file goes.
fn make_folder(output: &Path, dir: &Path) -> io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut at = output.to_path_buf();
    for c in dir
        .strip_prefix(output)
        .map_err(io::Error::other)?
        .components()
    {
        at.push(c);
        if at.is_file() {
            std::fs::remove_file(&at)?;
        }
    }
    std::fs::create_dir_all(dir)
}

/// A relative path with `/` between its parts on every system (site addresses, messages).
pub fn slash(rel: &Path) -> String {
    rel.to_string_lossy().replace('\\', "/")
}

impl Drop for Sink {
    /// A build that did not commit removes what it staged.
    fn drop(&mut self) {
        if let Some(dir) = &self.dir {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// A successful build replaces the output folder whole, so it must never be a folder that holds
/// anything else: the site itself (`--output .`), a folder of it (`content/`, `themes/`,
/// `static/`), a folder the command runs in, or a folder of other files (`--output ~/文档`).
/// An existing output is replaced only if it is empty or a site built before (has index.html).
pub fn check_output(output: &Path) -> Result<(), String> {
    let shown = output.display();
    let abs = resolve(output);
    if abs.parent().is_none() {
        return Err(format!("{shown} is the root of the file system; give the output its own folder, such as public/"));
    }
    if let Ok(cwd) = std::env::current_dir().map(|c| c.canonicalize().unwrap_or(c)) {
        if cwd.starts_with(&abs) {
            return Err(format!("{shown} holds the folder xuezhou runs in, and a build replaces the output folder whole; give the output its own folder, such as public/"));
        }
    }
    for dir in abs.ancestors() {
        if dir.join("site.toml").is_file() {
            if dir == abs {
                return Err(format!("{shown} is a site folder (it has site.toml), and a build replaces the output folder whole; give the output its own folder, such as public/"));
            }
            for source in ["content", "themes", "static"] {
                let source_dir = dir.join(source);
                if abs == source_dir {
                    return Err(format!("{shown} is the site's {source}/ folder, and a build replaces the output folder whole; give the output its own folder, such as public/"));
                }
                if abs.starts_with(&source_dir) {
                    return Err(format!("{shown} is inside the site's {source}/ folder; give the output its own folder, such as public/"));
                }
            }
        }
    }
    if abs.exists() {
        if !abs.is_dir() {
            return Err(format!("{shown} is a file, not a folder"));
        }
        let empty = std::fs::read_dir(&abs)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty && !abs.join("index.html").is_file() {
            return Err(format!("{shown} already holds files that are not a built site, and a build replaces the output folder whole; give an empty or new folder"));
        }
    }
    Ok(())
}

/// The absolute path of `p`, `..` taken away, links resolved as far as it exists.
fn resolve(p: &Path) -> PathBuf {
    let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let mut lexical = PathBuf::new();
    for c in abs.components() {
        match c {
            std::path::Component::ParentDir => {
                lexical.pop();
            }
            std::path::Component::CurDir => {}
            other => lexical.push(other),
        }
    }
    let mut existing = lexical.as_path();
    let mut rest: Vec<&std::ffi::OsStr> = Vec::new();
    while let (Err(_), Some(parent), Some(name)) = (
        existing.canonicalize(),
        existing.parent(),
        existing.file_name(),
    ) {
        rest.push(name);
        existing = parent;
    }
    let mut out = existing
        .canonicalize()
        .unwrap_or_else(|_| existing.to_path_buf());
    out.extend(rest.iter().rev());
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
        let site = tmp.join("site");
        std::fs::create_dir_all(site.join("content/events")).unwrap();
        std::fs::create_dir_all(site.join("themes/default")).unwrap();
        std::fs::write(site.join("site.toml"), "title = \"x\"").unwrap();
        std::fs::create_dir_all(tmp.join("docs")).unwrap();
        std::fs::write(tmp.join("docs/report.docx"), "mine").unwrap();
        std::fs::create_dir_all(tmp.join("old-build")).unwrap();
        std::fs::write(tmp.join("old-build/index.html"), "<p>").unwrap();
        std::fs::write(tmp.join("file"), "x").unwrap();

        for bad in [
            site.clone(),
            site.join("content"),
            site.join("content/events/new"),
            site.join("themes/default/static"),
            site.join("public/.."),
            tmp.join("docs"),
            tmp.join("file"),
            PathBuf::from("/"),
        ] {
            assert!(check_output(&bad).is_err(), "{} is refused", bad.display());
        }
        for good in [
            site.join("public"),
            tmp.join("old-build"),
            tmp.join("new/deep/out"),
        ] {
            assert_eq!(check_output(&good), Ok(()), "{}", good.display());
        }
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

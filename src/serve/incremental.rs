//! What `xuezhou serve` keeps between rebuilds, so that an edit costs only what it affects:
//!
//! - files read and checked (`content::Cache`): only the files the watcher names are read again,
//!   and content/ is walked again only when one path cannot tell what changed;
//! - the theme's compiled templates, until a template changes;
//! - each page's Markdown and image plans, until its file or any page's address changes;
//! - fragments (event cards, calendar entries) by the key of exactly what they are made of, and
//!   for each served file the key of what it was made of (see `render::keys`): a file whose key
//!   is unchanged is kept, not rendered again;
//! - the files written into the served folder, with a hash or the stamp of their source, so that
//!   only files whose bytes changed are written, and files no build produces any more are removed;
//! - the downloads slow to make (the tables' .xlsx), made after open pages are told to reload.
//!
//! Images are processed only for pages whose Markdown is rendered again (the image cache under
//! ROOT/.cache makes even that cheap); a template edit processes none.
//!
//! The build sees this through `build::BuildCache` and `render::Reuse`, which it owns.

use super::recorded::Recorded;
use super::unflushed::Unflushed;
use crate::build::{BuildCache, KeptExtras, KeptModel};
use crate::content;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::{Collected, Later};
use crate::page::{Page, Source};
// A file's bytes are hashed to tell whether it changed: xxh3, several times faster than SipHash
// on the megabytes of list pages a rebuild makes.
use crate::render::deps::{hash_bytes as content_hash, IdMap, Records};
use crate::render::templates::{self, Theme};
use crate::render::views::PageExtras;
use crate::render::Reuse;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, RwLock};
use std::time::SystemTime;

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn hash_of(x: impl Hash) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    x.hash(&mut h);
    h.finish()
}

/// Each page's rendered Markdown, found by its file text (the content cache hands out the same
/// `Arc<Source>` while a file is unchanged): 10,000 lookups a rebuild from all cores, which a
/// mutex and hashing each path's components made a tenth of a body edit.
#[derive(Default)]
struct ExtrasCache {
    by_source: IdMap<ExtrasEntry>,
    /// Each file's entry, to drop the one of its previous text.
    by_file: HashMap<PathBuf, u64>,
}

/// A key for the `Source` behind `source`: its address, unique while the entry holds the
/// `Arc`, spread over all 64 bits for the map.
fn source_key(source: &Arc<Source>) -> u64 {
    crate::render::deps::spread(Arc::as_ptr(source) as usize as u64)
}

fn write<T>(lock: &RwLock<T>) -> std::sync::RwLockWriteGuard<'_, T> {
    lock.write().unwrap_or_else(|e| e.into_inner())
}

struct ExtrasEntry {
    /// The very file text the Markdown was rendered from (the content cache hands out the same
    /// `Arc` while the file is unchanged); holding it keeps the pointer comparison sound.
    source: Arc<Source>,
    links_key: u64,
    extras: Arc<PageExtras>,
    diags: Vec<Diagnostic>,
    version: u64,
}

/// How a served file was made: the hash of its bytes, or the size and time of the file it is a
/// copy of.
#[derive(Clone, PartialEq, Eq, Debug)]
pub(super) enum Stamp {
    Bytes(u64),
    Copy(PathBuf, u64, Option<SystemTime>),
}

fn copy_stamp(src: &Path) -> Stamp {
    let meta = std::fs::metadata(src).ok();
    Stamp::Copy(
        src.to_path_buf(),
        meta.as_ref().map_or(0, |m| m.len()),
        meta.and_then(|m| m.modified().ok()),
    )
}

/// What one application of a build changed in the served folder.
#[derive(Debug, Default)]
pub struct Changes {
    /// Site-relative paths written or copied.
    pub written: Vec<String>,
    pub removed: Vec<String>,
    /// Of `written`, the files of single pages (the rest are lists, feeds and other files).
    pub pages: usize,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.written.is_empty() && self.removed.is_empty()
    }

    /// Only stylesheets changed: open pages can swap them without reloading.
    pub fn only_css(&self) -> bool {
        !self.is_empty()
            && self
                .written
                .iter()
                .chain(&self.removed)
                .all(|p| p.ends_with(".css"))
    }

    /// `1 page + 14 lists + 2 files`
    pub fn summary(&self) -> String {
        let lists = self.written.iter().filter(|p| p.ends_with(".html")).count() - self.pages;
        let files = self.written.len() - self.pages - lists;
        use crate::messages::serve::Serve;
        use crate::tr;
        let s = |n: usize| if n == 1 { "" } else { "s" };
        let mut parts = Vec::new();
        for (count, says) in [
            (self.pages, Serve::Pages),
            (lists, Serve::Lists),
            (files, Serve::OtherFiles),
        ] {
            if count > 0 {
                parts.push(tr!(says, count, count_s = s(count)));
            }
        }
        if !self.removed.is_empty() {
            parts.push(tr!(Serve::Removed, count = self.removed.len()));
        }
        if parts.is_empty() {
            tr!(Serve::SameFiles)
        } else {
            parts.join(" + ")
        }
    }
}

#[derive(Default)]
pub struct Incremental {
    pub content: content::Cache,
    theme: Mutex<Option<(String, Arc<Theme>)>>,
    theme_generation: AtomicU64,
    settings_generation: AtomicU64,
    extras: RwLock<ExtrasCache>,
    /// The last model, the key of what it was made from, and its version (`build::model_of`).
    model: Mutex<Option<Arc<KeptModel>>>,
    /// This build's page addresses, to count the pages among the files written.
    pages: Mutex<HashSet<String>>,
    /// A hash of the pages' files and addresses that `pages` (and `extras`'s files) were last
    /// made for.
    pages_key: Mutex<u64>,
    /// What each output and fragment read (see `render::deps`): this build's, and those of the
    /// build that is served. Only the served build's are recalled, so a failed build never
    /// makes a later one keep a file it did not write.
    records: Records,
    output: Mutex<Option<Collected>>,
    /// Every file written into the served folder by a build, by site-relative path.
    recorded: Mutex<Recorded>,
    /// The applied build's downloads, to make once open pages have been told (see `Later`).
    deferred: Mutex<Vec<(String, Later)>>,
}

impl Incremental {
    pub fn new() -> Self {
        Self {
            // serve's watcher names every change (see `Server::changed`).
            content: content::Cache::watched(),
            ..Self::default()
        }
    }

    /// site.toml changed: everything read or rendered may depend on it.
    pub fn settings_changed(&self) {
        self.content.clear();
        *lock(&self.theme) = None;
        *write(&self.extras) = ExtrasCache::default();
        self.settings_generation.fetch_add(1, Ordering::SeqCst);
    }

    /// A template changed: load the theme again (every page is then rendered again, no Markdown).
    pub fn templates_changed(&self) {
        *lock(&self.theme) = None;
    }

    /// A file other than Markdown changed under content/ (a photo, a video): render every
    /// page's Markdown again, which plans its images again.
    pub fn bundle_files_changed(&self) {
        *write(&self.extras) = ExtrasCache::default();
    }

    /// The folder of the theme in use, once a build has loaded it.
    pub fn theme_dir(&self) -> Option<PathBuf> {
        lock(&self.theme).as_ref().map(|(_, t)| t.dir.clone())
    }

    /// Writes what the last good build produced into `out`: only files whose bytes (or source)
    /// changed; removes files that no build produces any more. Files written into `out` directly
    /// (processed images) are left alone.
    /// A file that was in `out` and changed is served from `unflushed` until `flush` writes it.
    pub fn apply(&self, out: &Path, unflushed: &Unflushed) -> io::Result<Changes> {
        let Some(mut collected) = lock(&self.output).take() else {
            return Ok(Changes::default());
        };
        let deferred = std::mem::take(&mut collected.deferred);
        let t = std::time::Instant::now();
        let mut recorded = lock(&self.recorded);
        let written = write_or_hold(&mut collected.written, &recorded, out, unflushed)?;
        let copied: Vec<(String, Stamp, bool)> = collected
            .copied
            .par_iter()
            .filter(|(path, _)| !collected.written.contains_key(*path))
            .map(|(path, src)| {
                let stamp = copy_stamp(src);
                let dest = out.join(path);
                let changed = recorded.get(path) != Some(&stamp) || !dest.exists();
                if changed {
                    write_atomic(&dest, |tmp| std::fs::copy(src, tmp).map(|_| ()))?;
                }
                Ok((path.clone(), stamp, changed))
            })
            .collect::<io::Result<_>>()?;
        crate::timings::report(|| "writing".into(), t, std::time::Duration::ZERO);
        let mut changes = Changes::default();
        let pages = lock(&self.pages);
        for (path, stamp, changed) in written.into_iter().chain(copied) {
            if changed {
                if path
                    .strip_suffix("index.html")
                    .is_some_and(|address| pages.contains(address))
                {
                    changes.pages += 1;
                }
                changes.written.push(path.clone());
                recorded.insert(path, stamp);
            }
        }
        // Files this build kept, wrote or copied; the rest of the record is gone.
        let live = || {
            let copied = collected.copied.keys();
            let copied = copied.filter(|path| !collected.written.contains_key(*path));
            let deferred = deferred.iter().map(|(path, _)| path);
            let made = collected.written.keys().chain(copied).chain(deferred);
            (collected.kept.par_iter(), made)
        };
        let gone = recorded.gone(live);
        for path in gone {
            unflushed.remove(&path);
            remove_file_and_empty_parents(out, &out.join(&path));
            recorded.remove(&path);
            changes.removed.push(path);
        }
        changes.written.sort();
        // The served files now stand for this build's reads.
        self.records
            .commit(changes.removed.iter().map(String::as_str));
        *lock(&self.deferred) = deferred;
        Ok(changes)
    }

    /// Makes the downloads the applied build left for later and writes those whose bytes
    /// changed, adding them to `changes`. One that cannot be made is reported and forgotten, so
    /// that the next build makes it again rather than keep a file it never wrote.
    pub fn write_deferred(&self, out: &Path, changes: &mut Changes) -> Vec<Diagnostic> {
        let deferred = std::mem::take(&mut *lock(&self.deferred));
        if deferred.is_empty() {
            return Vec::new();
        }
        let t = std::time::Instant::now();
        let made: Vec<(String, Result<Vec<u8>, Diagnostic>)> = deferred
            .into_par_iter()
            .map(|(path, later)| (path, later()))
            .collect();
        let mut recorded = lock(&self.recorded);
        let mut problems = Vec::new();
        for (path, result) in made {
            let stamp = result.map(|bytes| (Stamp::Bytes(content_hash(&bytes)), bytes));
            let written = match stamp {
                Ok((stamp, _)) if recorded.get(&path) == Some(&stamp) => continue,
                Ok((stamp, bytes)) => {
                    write_atomic(&out.join(&path), |tmp| std::fs::write(tmp, bytes))
                        .map(|()| stamp)
                        .map_err(|e| crate::render::write_error(&path, e))
                }
                Err(problem) => Err(problem),
            };
            match written {
                Ok(stamp) => {
                    recorded.insert(path.clone(), stamp);
                    changes.written.push(path);
                }
                Err(problem) => {
                    recorded.remove(&path);
                    self.records.commit([path.as_str()]);
                    problems.push(problem);
                }
            }
        }
        changes.written.sort();
        crate::timings::report(|| "writing downloads".into(), t, std::time::Duration::ZERO);
        problems
    }

    /// A file of static/ or the theme's static/ changed: copy just that file (or remove it).
    /// `None` when it is not a plain static file of the last build; then build as usual.
    pub fn copy_static(
        &self,
        out: &Path,
        rel: &str,
        src: Option<&Path>,
    ) -> Option<io::Result<Changes>> {
        let mut recorded = lock(&self.recorded);
        match (recorded.get(rel), src) {
            (Some(Stamp::Bytes(_)), _) => None,
            (None, None) => Some(Ok(Changes::default())),
            (Some(Stamp::Copy(..)), None) => {
                remove_file_and_empty_parents(out, &out.join(rel));
                recorded.remove(rel);
                Some(Ok(Changes {
                    removed: vec![rel.to_string()],
                    ..Changes::default()
                }))
            }
            (_, Some(src)) => {
                let stamp = copy_stamp(src);
                if recorded.get(rel) == Some(&stamp) {
                    return Some(Ok(Changes::default()));
                }
                if let Err(e) =
                    write_atomic(&out.join(rel), |tmp| std::fs::copy(src, tmp).map(|_| ()))
                {
                    return Some(Err(e));
                }
                recorded.insert(rel.to_string(), stamp);
                Some(Ok(Changes {
                    written: vec![rel.to_string()],
                    ..Changes::default()
                }))
            }
        }
    }
}

impl Reuse for Incremental {
    fn generation(&self) -> u64 {
        hash_of((
            self.theme_generation.load(Ordering::SeqCst),
            self.settings_generation.load(Ordering::SeqCst),
        ))
    }

    fn records(&self) -> &Records {
        &self.records
    }
}

impl BuildCache for Incremental {
    fn content(&self) -> &content::Cache {
        &self.content
    }

    fn theme(&self, root: &Path, name: &str, diags: &Diagnostics) -> Option<Arc<Theme>> {
        let mut slot = lock(&self.theme);
        if let Some((n, t)) = slot.as_ref() {
            if n == name {
                return Some(t.clone());
            }
        }
        let t = Arc::new(templates::load(root, name, diags)?);
        self.theme_generation.fetch_add(1, Ordering::SeqCst);
        *slot = Some((name.to_string(), t.clone()));
        Some(t)
    }

    fn extras(&self, pages: &[Arc<Page>], links_key: u64) -> Vec<Option<KeptExtras>> {
        let cache = self.extras.read().unwrap_or_else(|e| e.into_inner());
        let kept = |page: &Arc<Page>| {
            let entry = cache.by_source.get(&source_key(&page.source))?;
            (Arc::ptr_eq(&entry.source, &page.source) && entry.links_key == links_key)
                .then(|| (entry.extras.clone(), entry.diags.clone(), entry.version))
        };
        pages.iter().map(kept).collect()
    }

    fn store_extras(
        &self,
        page: &Page,
        links_key: u64,
        made: (&Arc<PageExtras>, &[Diagnostic], u64),
    ) {
        let (extras, diags, version) = made;
        let key = source_key(&page.source);
        let mut cache = write(&self.extras);
        let file = page.source.abs.clone();
        if let Some(old) = cache.by_file.insert(file, key) {
            cache.by_source.remove(&old);
        }
        cache.by_source.insert(
            key,
            ExtrasEntry {
                source: page.source.clone(),
                links_key,
                extras: Arc::clone(extras),
                diags: diags.to_vec(),
                version,
            },
        );
    }

    fn model(&self) -> Option<Arc<KeptModel>> {
        lock(&self.model).clone()
    }

    fn store_model(&self, model: Arc<KeptModel>) {
        *lock(&self.model) = Some(model);
    }

    fn prepare(&self, pages: &[Arc<Page>]) {
        self.records.start();
        // Both lists below are made from the pages' files and addresses alone: while those
        // are the same (most edits), they are too, and making them took 13 ms at 10,000 pages.
        use crate::render::deps::{hash_all, hash_bytes};
        let file = |p: &Page| hash_bytes(p.source.abs.as_os_str().as_encoded_bytes());
        let files_and_addresses = pages
            .iter()
            .flat_map(|p| [file(p), hash_bytes(p.path.as_bytes())]);
        let key = hash_all(files_and_addresses.chain([pages.len() as u64]));
        if std::mem::replace(&mut *lock(&self.pages_key), key) == key {
            return;
        }
        let live: HashSet<&Path> = pages.iter().map(|p| p.source.abs.as_path()).collect();
        let mut extras = write(&self.extras);
        extras
            .by_file
            .retain(|file, _| live.contains(file.as_path()));
        extras
            .by_source
            .retain(|_, e| live.contains(e.source.abs.as_path()));
        drop(extras);
        *lock(&self.pages) = pages.iter().map(|p| p.path.clone()).collect();
    }

    fn set_output(&self, collected: Collected) {
        *lock(&self.output) = Some(collected);
    }
}

/// Each rendered file's stamp and whether it changed. A changed file that is new to `out` is
/// written at once; one that was there is held in `unflushed` (its bytes taken), to be served
/// from memory until `flush`.
fn write_or_hold(
    files: &mut HashMap<String, Vec<u8>>,
    recorded: &Recorded,
    out: &Path,
    unflushed: &Unflushed,
) -> io::Result<Vec<(String, Stamp, bool)>> {
    type Stamped = (String, Stamp, bool, Option<Vec<u8>>);
    let stamped: Vec<Stamped> = files
        .par_iter_mut()
        .map(|(path, bytes)| {
            let stamp = Stamp::Bytes(content_hash(bytes));
            let before = recorded.get(path);
            if before == Some(&stamp) {
                return Ok((path.clone(), stamp, false, None));
            }
            let dest = out.join(path);
            if before.is_some() && dest.is_file() {
                return Ok((path.clone(), stamp, true, Some(std::mem::take(bytes))));
            }
            write_atomic(&dest, |tmp| std::fs::write(tmp, &bytes))?;
            Ok((path.clone(), stamp, true, None))
        })
        .collect::<io::Result<_>>()?;
    let mut held = Vec::new();
    let mut written = Vec::with_capacity(stamped.len());
    for (path, stamp, changed, bytes) in stamped {
        if let Some(bytes) = bytes {
            held.push((path.clone(), bytes));
        }
        written.push((path, stamp, changed));
    }
    unflushed.put(held);
    Ok(written)
}

/// Writes the changed files `apply` left in memory into `out`.
pub fn flush(out: &Path, unflushed: &Unflushed) -> io::Result<()> {
    let t = std::time::Instant::now();
    let flushed = unflushed.flush(out, |dest, bytes| {
        write_atomic(dest, |tmp| std::fs::write(tmp, bytes))
    });
    crate::timings::report(|| "flushing".into(), t, std::time::Duration::ZERO);
    flushed
}

/// Writes through a hidden temporary file and a rename, so a reader never sees half a file
/// (the server never serves hidden files).
fn write_atomic(dest: &Path, write: impl FnOnce(&Path) -> io::Result<()>) -> io::Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let parent = dest.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)?;
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = parent.join(format!(
        ".{name}.xuezhou-{}",
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    write(&tmp)?;
    std::fs::rename(&tmp, dest).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

fn remove_file_and_empty_parents(root: &Path, file: &Path) {
    let _ = std::fs::remove_file(file);
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == root || !d.starts_with(root) || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

#[cfg(test)]
mod tests;

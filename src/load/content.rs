//! Reads content/: finds the page files (links inside the site only), reads each through
//! `page_file` (on all cores, reusing what `serve` kept of unchanged files) and gathers the pages,
//! refusing two at one address.

use super::page::Page;
pub use super::page::Section;
use super::page_file::{load_file, Item, Loaded};
pub use super::page_file::{normalize_text, parse_page_text, split_front_matter, Split};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::messages::load::Load;
use crate::t;
use rayon::prelude::*;
use std::collections::HashMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Debug, Default)]
pub struct Content {
    pub pages: Vec<Arc<Page>>,
    /// By section name; `""` is content/_index.md (the home page's intro).
    pub sections: HashMap<String, Section>,
    /// Files that are pages but were left out because of errors (already reported): a link to
    /// one is not reported again as pointing at no page.
    pub failed: Vec<PathBuf>,
    /// Those of the failed pages whose Markdown and images can still be checked, so that one
    /// run reports every problem of a page (never published: their errors fail the build).
    pub unchecked: Vec<Arc<Page>>,
}
/// Every Markdown file under content/, sorted for a stable order. Links are followed, but a
/// link to a file or folder outside the site is an error naming it (its pages would publish
/// what nobody put in the site), and so is a `.md` name on something that is not a file.
/// The flag says whether the walk met neither a link nor a refusal: only then can `serve` keep
/// the list and amend it from the watcher's paths alone (a link's target changes without the
/// watcher naming the link).
fn markdown_files(root: &Path, content_dir: &Path, diags: &Diagnostics) -> (Vec<PathBuf>, bool) {
    let real_root = crate::files::real_root(root);
    let mut plain = true;
    let mut files = Vec::new();
    let mut walk = walkdir::WalkDir::new(content_dir)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| !is_hidden(e.file_name()));
    while let Some(entry) = walk.next() {
        let Ok(entry) = entry else { continue };
        let ft = entry.file_type();
        plain &= !entry.path_is_symlink();
        let refusal = if entry.depth() == 0 || entry.path_is_symlink() {
            crate::files::inside(&real_root, entry.path()).err()
        } else {
            None
        };
        let refusal = refusal.or_else(|| {
            (!ft.is_dir() && !ft.is_file() && is_md(entry.path()))
                .then(|| crate::files::check(&real_root, entry.path()).err())
                .flatten()
        });
        if let Some(refusal) = refusal {
            plain = false;
            if ft.is_dir() {
                walk.skip_current_dir();
            }
            let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
            let help = match refusal {
                crate::files::Refusal::Outside(_) => t!(Load::CopyLinkHelp),
                _ => t!(Load::RemoveOrSaveHelp),
            };
            diags.push(
                Diagnostic::error(
                    rel,
                    t!(
                        Load::ContentRefused,
                        path = crate::files::slash(rel),
                        why = refusal.describe()
                    ),
                )
                .help(help),
            );
            continue;
        }
        if ft.is_file() && is_md(entry.path()) {
            files.push(entry.into_path());
        }
    }
    files.sort();
    (files, plain)
}

fn is_md(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md"))
}

pub use crate::files::is_hidden;

/// Loads every page under `ROOT/content`. Drafts are left out unless `drafts`.
pub fn load(root: &Path, config: &Config, drafts: bool, diags: &Diagnostics) -> Content {
    load_cached(root, config, drafts, diags, None)
}

/// Files read by earlier builds, kept by `xuezhou serve` so that a rebuild reads and checks only
/// the files that changed. Whoever keeps it clears it when site.toml changes: the checks depend
/// on its lists.
///
/// Serve names every path the watcher reports (`named`). While the last walk of content/ met no
/// link, the list of Markdown files is kept and amended from those paths alone, and a file not
/// named is reused without even a `stat`: on a 10,000-event site the walk and the stats were
/// most of a rebuild's load stage. Anything the list cannot follow from one path (a folder
/// appearing or going, a link, something that is not a plain file) drops the list, and the next
/// build walks content/ and compares every file's size and time, as a first build does.
#[derive(Default)]
pub struct Cache {
    /// Read from all cores for every page on every rebuild: a reader-writer lock, and keys
    /// hashed as bytes (a `PathBuf` hashes component by component, ten times slower).
    files: std::sync::RwLock<HashMap<OsString, Cached>>,
    /// The Markdown files of the last walk, sorted, amended since by named paths; `None`: walk.
    listing: std::sync::Mutex<Option<Arc<Vec<PathBuf>>>>,
    /// Whether a watcher names every change (`watched`); without one, every build walks.
    watched: bool,
}

/// A file's size and modification time when it was read, and what it gave.
type Cached = (u64, Option<std::time::SystemTime>, Loaded);

fn lock<T>(mutex: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

fn write<T>(lock: &std::sync::RwLock<T>) -> std::sync::RwLockWriteGuard<'_, T> {
    lock.write().unwrap_or_else(|e| e.into_inner())
}

impl Cache {
    /// A cache whose owner names every changed path under content/ (`named`), as serve's
    /// watcher does: the list of files is kept between builds.
    pub fn watched() -> Cache {
        Cache {
            watched: true,
            ..Cache::default()
        }
    }

    /// Forgets `path` and, if it is a folder, everything in it; the next build walks content/.
    pub fn forget(&self, path: &Path) {
        write(&self.files).retain(|p, _| !Path::new(p).starts_with(path));
        *lock(&self.listing) = None;
    }

    /// The watcher reported `path` (under content/): it is read again, and the list of files
    /// follows it when one path tells what happened, else the next build walks.
    pub fn named(&self, content_dir: &Path, path: &Path) {
        let mut files = write(&self.files);
        // A file (most edits) is one entry; comparing every path's components with it took
        // 13 ms on a 10,000-page site. What may be a folder (or was one) forgets what it held.
        if path.is_file() {
            files.remove(path.as_os_str());
        } else {
            files.retain(|p, _| !Path::new(p).starts_with(path));
        }
        drop(files);
        let mut listing = lock(&self.listing);
        if let Some(files) = listing.as_mut().map(Arc::make_mut) {
            if !amend(files, content_dir, path) {
                *listing = None;
            }
        }
    }

    /// The watcher may have missed changes (its queue overflowed, a folder was watched again):
    /// the next build walks content/ and compares every file's size and time.
    pub fn rescan(&self) {
        *lock(&self.listing) = None;
    }

    pub fn clear(&self) {
        write(&self.files).clear();
        *lock(&self.listing) = None;
    }

    /// A file's size and time, to tell later (after a walk) whether it changed.
    fn stamp(file: &Path) -> (u64, Option<std::time::SystemTime>) {
        let meta = std::fs::metadata(file).ok();
        (
            meta.as_ref().map_or(0, |m| m.len()),
            meta.and_then(|m| m.modified().ok()),
        )
    }

    /// What `file` gave last time if it is unchanged (by the watcher's word when `trusted`,
    /// else by its size and time), or what `load` gives now.
    fn get_or_load(&self, file: &Path, trusted: bool, load: impl FnOnce() -> Loaded) -> Loaded {
        let stamp = (!trusted).then(|| Cache::stamp(file));
        let files = self.files.read().unwrap_or_else(|e| e.into_inner());
        if let Some((len, mtime, loaded)) = files.get(file.as_os_str()) {
            if stamp.is_none_or(|s| (*len, *mtime) == s && s.1.is_some()) {
                return loaded.clone();
            }
        }
        drop(files);
        // Stamped before reading: a save during the read shows as a change next time.
        let (len, mtime) = stamp.unwrap_or_else(|| Cache::stamp(file));
        let loaded = load();
        write(&self.files).insert(file.as_os_str().to_owned(), (len, mtime, loaded.clone()));
        loaded
    }
}

/// Follows one named path in the sorted list of Markdown files; false when one path cannot
/// tell what happened (a folder, a link, not a plain file, outside content/).
fn amend(files: &mut Vec<PathBuf>, content_dir: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(content_dir) else {
        return false;
    };
    let at = files.binary_search_by(|f| f.as_path().cmp(path));
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_file() => {
            // The walk leaves out hidden folders and files, and any name but `.md`.
            let listed = is_md(path) && !rel.iter().any(is_hidden);
            if let (true, Err(i)) = (listed, at) {
                files.insert(i, path.to_path_buf());
            }
            true
        }
        Ok(_) => false,
        Err(_) => {
            if let Ok(i) = at {
                files.remove(i);
            }
            // A folder that went: its files go with it, which the walk finds.
            !files.iter().any(|f| f.starts_with(path))
        }
    }
}

/// `load`, reusing the files in `cache` that did not change (`xuezhou serve`).
pub fn load_cached(
    root: &Path,
    config: &Config,
    drafts: bool,
    diags: &Diagnostics,
    cache: Option<&Cache>,
) -> Content {
    let content_dir = root.join("content");
    if !content_dir.is_dir() {
        diags.push(Diagnostic::error("content", t!(Load::NoContent)).help(t!(Load::NoContentHelp)));
        return Content::default();
    }
    let kept = cache.and_then(|c| lock(&c.listing).clone());
    let trusted = kept.is_some();
    let files = kept.unwrap_or_else(|| {
        let (files, plain) = markdown_files(root, &content_dir, diags);
        let files = Arc::new(files);
        if let Some(cache) = cache.filter(|c| plain && c.watched) {
            *lock(&cache.listing) = Some(Arc::clone(&files));
        }
        files
    });
    let load = |file: &PathBuf| load_file(root, &content_dir, file, config, drafts);
    let loaded: Vec<Loaded> = files
        .par_iter()
        .map(|file| match cache {
            Some(cache) => cache.get_or_load(file, trusted, || load(file)),
            None => load(file),
        })
        .collect();
    gather(loaded, &files, diags)
}

/// The pages and sections of the loaded files, refusing a second page at one address (the
/// file first in order keeps it).
fn gather(loaded: Vec<Loaded>, files: &[PathBuf], diags: &Diagnostics) -> Content {
    let mut content = Content::default();
    let mut pages = Vec::with_capacity(loaded.len());
    for (one, file) in loaded.into_iter().zip(files) {
        if one.item.is_none() && one.diags.iter().any(Diagnostic::is_error) {
            content.failed.push(file.clone());
        }
        diags.extend(one.diags);
        content.unchecked.extend(one.unchecked);
        match one.item {
            Some(Item::Page(page)) => pages.push(page),
            Some(Item::Section(section)) => {
                content.sections.insert(section.name.clone(), section);
            }
            None => {}
        }
    }
    // Sorted by address, pages of one address are side by side: no map of 10,000 copied
    // addresses on every rebuild of the preview.
    let mut by_address: Vec<usize> = (0..pages.len()).collect();
    by_address.sort_by(|&a, &b| pages[a].path.cmp(&pages[b].path).then(a.cmp(&b)));
    let mut refused = vec![false; pages.len()];
    let mut keeper = 0;
    for k in 1..by_address.len() {
        let (first, page) = (&pages[by_address[keeper]], &pages[by_address[k]]);
        if first.path != page.path {
            keeper = k;
            continue;
        }
        refused[by_address[k]] = true;
        // At its `slug:` when it has one: that is what gave it the address.
        let (line, col) = page.marks.value(&["slug"]).unwrap_or((1, 1));
        diags.push(
            Diagnostic::error(
                &page.source.rel,
                t!(
                    Load::SameAddress,
                    path = &page.path,
                    other = first.source.rel.display()
                ),
            )
            .at(&page.source.text, line, col)
            .help(t!(Load::SameAddressHelp)),
        );
        content.failed.push(page.source.abs.clone());
    }
    content.pages = pages
        .into_iter()
        .zip(refused)
        .filter_map(|(page, refused)| (!refused).then_some(page))
        .collect();
    content
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listing(cache: &Cache) -> Option<Vec<String>> {
        let files = lock(&cache.listing).clone()?;
        let files: &[PathBuf] = &files;
        Some(
            files
                .iter()
                .filter_map(|f| f.file_name())
                .map(|n| n.to_string_lossy().into_owned())
                .collect(),
        )
    }

    #[test]
    fn the_list_of_files_follows_the_watchers_paths_and_walks_when_one_cannot_tell() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let content = dir.path().join("content");
        let events = content.join("events");
        std::fs::create_dir_all(&events).expect("folders");
        std::fs::write(events.join("b.md"), "x").expect("write");
        let cache = Cache::watched();
        let (files, plain) = markdown_files(dir.path(), &content, &Diagnostics::new());
        assert!(plain);
        *lock(&cache.listing) = Some(Arc::new(files));
        // A new page joins the list in its sorted place; a photo and a hidden file do not.
        for name in ["a.md", "photo.jpg", ".c.md"] {
            std::fs::write(events.join(name), "x").expect("write");
            cache.named(&content, &events.join(name));
        }
        assert_eq!(listing(&cache), Some(vec!["a.md".into(), "b.md".into()]));
        // A page removed leaves it; an edited one stays.
        std::fs::remove_file(events.join("a.md")).expect("remove");
        cache.named(&content, &events.join("a.md"));
        cache.named(&content, &events.join("b.md"));
        assert_eq!(listing(&cache), Some(vec!["b.md".into()]));
        // A folder cannot be followed from its path alone: the next build walks.
        std::fs::create_dir(content.join("cases")).expect("folder");
        cache.named(&content, &content.join("cases"));
        assert_eq!(listing(&cache), None);
        // A folder that went, with its pages, neither.
        *lock(&cache.listing) = Some(Arc::new(vec![events.join("b.md")]));
        std::fs::remove_dir_all(&events).expect("remove");
        cache.named(&content, &events);
        assert_eq!(listing(&cache), None);
    }

    #[test]
    fn a_link_in_content_keeps_the_walk() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let content = dir.path().join("content");
        std::fs::create_dir_all(content.join("events")).expect("folders");
        std::fs::write(content.join("events/a.md"), "x").expect("write");
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(content.join("events/a.md"), content.join("b.md"))
                .expect("link");
            let (files, plain) = markdown_files(dir.path(), &content, &Diagnostics::new());
            assert_eq!(files.len(), 2);
            assert!(!plain, "a link's target may change unseen: walk every time");
        }
    }

    #[test]
    fn a_file_not_named_is_reused_without_looking_while_the_watcher_is_trusted() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let file = dir.path().join("a.md");
        std::fs::write(&file, "one").expect("write");
        let cache = Cache::default();
        let loads = std::sync::atomic::AtomicUsize::new(0);
        let load = || {
            loads.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            Loaded {
                item: None,
                diags: Vec::new(),
                unchecked: None,
            }
        };
        cache.get_or_load(&file, false, load);
        std::fs::write(&file, "two, longer").expect("write");
        cache.get_or_load(&file, true, load);
        assert_eq!(loads.load(std::sync::atomic::Ordering::SeqCst), 1);
        // Without the watcher's word, the size tells.
        cache.get_or_load(&file, false, load);
        assert_eq!(loads.load(std::sync::atomic::Ordering::SeqCst), 2);
        // Named: read again.
        cache.named(dir.path(), &file);
        cache.get_or_load(&file, true, load);
        assert_eq!(loads.load(std::sync::atomic::Ordering::SeqCst), 3);
    }
}

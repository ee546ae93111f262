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
fn markdown_files(root: &Path, content_dir: &Path, diags: &Diagnostics) -> Vec<PathBuf> {
    let real_root = crate::files::real_root(root);
    let is_md = |p: &Path| {
        p.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("md"))
    };
    let mut files = Vec::new();
    let mut walk = walkdir::WalkDir::new(content_dir)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| !is_hidden(e.file_name()));
    while let Some(entry) = walk.next() {
        let Ok(entry) = entry else { continue };
        let ft = entry.file_type();
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
    files
}

pub use crate::files::is_hidden;

/// Loads every page under `ROOT/content`. Drafts are left out unless `drafts`.
pub fn load(root: &Path, config: &Config, drafts: bool, diags: &Diagnostics) -> Content {
    load_cached(root, config, drafts, diags, None)
}

/// Files read by earlier builds, kept by `xuezhou serve` so that a rebuild reads and checks only
/// the files that changed (by size and modification time, and those the watcher names).
/// Whoever keeps it clears it when site.toml changes: the checks depend on its lists.
#[derive(Default)]
pub struct Cache {
    files: std::sync::Mutex<HashMap<PathBuf, Cached>>,
}

/// A file's size and modification time when it was read, and what it gave.
type Cached = (u64, Option<std::time::SystemTime>, Loaded);

impl Cache {
    /// Forgets `path` and, if it is a folder, everything in it.
    pub fn forget(&self, path: &Path) {
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|p, _| !p.starts_with(path));
    }

    pub fn clear(&self) {
        self.files.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }

    fn get_or_load(&self, file: &Path, load: impl FnOnce() -> Loaded) -> Loaded {
        let meta = std::fs::metadata(file).ok();
        let stamp = (
            meta.as_ref().map_or(0, |m| m.len()),
            meta.and_then(|m| m.modified().ok()),
        );
        if let Some((len, mtime, loaded)) = self
            .files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(file)
        {
            if (*len, *mtime) == stamp && stamp.1.is_some() {
                return loaded.clone();
            }
        }
        let loaded = load();
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(file.to_path_buf(), (stamp.0, stamp.1, loaded.clone()));
        loaded
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
    let files = markdown_files(root, &content_dir, diags);
    let loaded: Vec<Loaded> = files
        .par_iter()
        .map(|file| match cache {
            Some(cache) => {
                cache.get_or_load(file, || load_file(root, &content_dir, file, config, drafts))
            }
            None => load_file(root, &content_dir, file, config, drafts),
        })
        .collect();

    let mut content = Content::default();
    let mut by_path: HashMap<String, PathBuf> = HashMap::new();
    for (one, file) in loaded.into_iter().zip(&files) {
        if one.item.is_none() && one.diags.iter().any(Diagnostic::is_error) {
            content.failed.push(file.clone());
        }
        diags.extend(one.diags);
        content.unchecked.extend(one.unchecked);
        match one.item {
            Some(Item::Page(page)) => {
                if let Some(first) = by_path.get(&page.path) {
                    // At its `slug:` when it has one: that is what gave it the address.
                    let (line, col) = page.marks.value(&["slug"]).unwrap_or((1, 1));
                    diags.push(
                        Diagnostic::error(
                            &page.source.rel,
                            t!(
                                Load::SameAddress,
                                path = &page.path,
                                other = first.display()
                            ),
                        )
                        .at(&page.source.text, line, col)
                        .help(t!(Load::SameAddressHelp)),
                    );
                    content.failed.push(page.source.abs.clone());
                    continue;
                }
                by_path.insert(page.path.clone(), page.source.rel.clone());
                content.pages.push(page);
            }
            Some(Item::Section(section)) => {
                content.sections.insert(section.name.clone(), section);
            }
            None => {}
        }
    }
    content
}

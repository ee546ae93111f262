//! Static folders (the theme's, then the site's) copied into the sink.

use super::{slash, Sink};
use crate::diagnostics::Diagnostic;
use crate::messages::render::Render;
use crate::t;
use std::path::{Path, PathBuf};

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
            .filter_entry(|e| e.depth() == 0 || !crate::files::is_hidden(e.file_name()));
        while let Some(entry) = walk.next() {
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) => {
                    let at = error.path().unwrap_or(from).to_path_buf();
                    errors.push(
                        Diagnostic::error(shown(&at), t!(Render::CannotCopyStatic, error))
                            .help(t!(Render::CannotCopyStaticHelp)),
                    );
                    continue;
                }
            };
            let problem = match crate::files::inside(&real_root, entry.path()) {
                Err(refusal) => Some(refusal),
                Ok((_, meta)) if meta.is_dir() || meta.is_file() => None,
                Ok(_) => crate::files::check(&real_root, entry.path()).err(),
            };
            if let Some(refusal) = problem {
                if entry.file_type().is_dir() {
                    walk.skip_current_dir();
                }
                let help = match refusal {
                    crate::files::Refusal::Outside(_) => t!(Render::StaticCopyLinkHelp),
                    _ => t!(Render::StaticRemoveHelp),
                };
                let message = t!(
                    Render::StaticRefused,
                    path = shown(entry.path()),
                    why = refusal.describe()
                );
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
        sink.copy(path, rel).map_err(|error| {
            vec![Diagnostic::error(
                shown(path),
                t!(Render::CannotCopyStatic, error),
            )]
        })?;
    }
    Ok(files.len())
}

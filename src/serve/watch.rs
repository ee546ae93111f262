//! Watching the site folder (notify): content/, themes/ and static/ recursively, and the root
//! itself (site.toml, and those folders appearing or going). Editor leftovers are dropped here;
//! `serve::batch` gathers what remains into rebuilds.

use crate::messages::serve::Serve;
use crate::tr;
#[cfg(target_os = "linux")]
use notify::event::RenameMode;
use notify::event::{AccessKind, AccessMode, ModifyKind};
use notify::{EventKind, RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Instant;

pub enum Msg {
    /// Files that changed, when, and how (`serve::batch` decides from it when to rebuild).
    Changed(Vec<PathBuf>, Instant, Kind),
    /// A watched folder appeared or went: watch again.
    Rewatch,
    Stop,
}

/// What happened to a file, as far as batching cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Created,
    /// Written to, and maybe more to come.
    Written,
    /// Closed after writing: this save is complete.
    Closed,
    /// Renamed (into place, or away).
    Renamed,
    Removed,
}

impl Kind {
    /// `None` for events that change nothing (reads, opens, closes without writing).
    fn of(kind: &EventKind) -> Option<Kind> {
        Some(match kind {
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => Kind::Closed,
            EventKind::Access(_) => return None,
            EventKind::Create(_) => Kind::Created,
            // On Linux, notify reports a rename as `From`, `To`, then `Both` with the two paths
            // again; `Both` arriving a moment later would start a second, empty rebuild.
            #[cfg(target_os = "linux")]
            EventKind::Modify(ModifyKind::Name(RenameMode::Both)) => return None,
            EventKind::Modify(ModifyKind::Name(_)) => Kind::Renamed,
            EventKind::Remove(_) => Kind::Removed,
            _ => Kind::Written,
        })
    }
}

pub const WATCHED: [&str; 3] = ["content", "themes", "static"];

pub struct Watch {
    watcher: notify::RecommendedWatcher,
    root: PathBuf,
    watching: Vec<PathBuf>,
}

impl Watch {
    pub fn start(root: &Path, tx: Sender<Msg>) -> Result<Watch, String> {
        let root_in = root.to_path_buf();
        let watcher =
            notify::recommended_watcher(move |res: notify::Result<notify::Event>| match res {
                Ok(ev) if ev.need_rescan() => {
                    let _ = tx.send(everything(&root_in));
                }
                Ok(ev) => {
                    let Some(kind) = Kind::of(&ev.kind) else {
                        return;
                    };
                    let now = Instant::now();
                    let mut rewatch = false;
                    let paths: Vec<PathBuf> = ev
                        .paths
                        .into_iter()
                        .filter(|p| {
                            if p.parent() == Some(root_in.as_path())
                                && WATCHED.iter().any(|w| p.ends_with(w))
                            {
                                rewatch = true;
                            }
                            relevant(&root_in, p)
                        })
                        .collect();
                    if rewatch {
                        let _ = tx.send(Msg::Rewatch);
                    }
                    if !paths.is_empty() {
                        let _ = tx.send(Msg::Changed(paths, now, kind));
                    }
                }
                Err(error) => {
                    eprintln!("{}", tr!(Serve::WatchTrouble, error));
                    let _ = tx.send(everything(&root_in));
                }
            })
            .map_err(|error| tr!(Serve::CannotWatchSite, error))?;
        let mut w = Watch {
            watcher,
            root: root.to_path_buf(),
            watching: Vec::new(),
        };
        w.watcher
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|error| tr!(Serve::CannotWatchRoot, root = root.display(), error))?;
        w.rewatch();
        Ok(w)
    }

    /// Watches each of content/, themes/, static/ that exists (again).
    pub fn rewatch(&mut self) {
        for p in std::mem::take(&mut self.watching) {
            let _ = self.watcher.unwatch(&p);
        }
        for name in WATCHED {
            let dir = self.root.join(name);
            if dir.is_dir() {
                match self.watcher.watch(&dir, RecursiveMode::Recursive) {
                    Ok(()) => self.watching.push(dir),
                    Err(error) => {
                        eprintln!("{}", tr!(Serve::CannotWatchDir, dir = dir.display(), error))
                    }
                }
            }
        }
    }
}

/// The watcher lost track (its queue overflowed, or it failed): every rebuild trusts it to name
/// each changed file, so what it may have missed is named as a whole: the settings (which
/// drop every cache) and the three folders (a walk of each).
fn everything(root: &Path) -> Msg {
    let mut paths = vec![root.join("site.toml")];
    paths.extend(WATCHED.iter().map(|w| root.join(w)));
    Msg::Changed(paths, Instant::now(), Kind::Closed)
}

/// Whether a change at `path` can matter to the site: site.toml, or a file under the watched
/// folders that is not an editor's leftover (swap, backup, lock and temporary files; vim's
/// `4913` probe) nor inside a hidden folder.
pub fn relevant(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let mut comps = rel.iter();
    let Some(first) = comps.next() else {
        return false;
    };
    if rel == Path::new("site.toml") {
        return true;
    }
    if !WATCHED.iter().any(|w| first == *w) {
        return false;
    }
    rel.iter()
        .skip(1)
        .all(|c| !is_editor_junk(&c.to_string_lossy()))
}

pub fn is_editor_junk(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    name.starts_with('.')
        || name.starts_with('#')
        || name.starts_with("~$")
        || name.ends_with('~')
        || name == "4913"
        || lower == "thumbs.db"
        || lower == "desktop.ini"
        || [
            ".swp",
            ".swo",
            ".swx",
            ".swpx",
            ".tmp",
            ".temp",
            ".crdownload",
            ".part",
            ".bak",
            "___jb_tmp___",
            "___jb_old___",
        ]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_editor_leftovers() {
        let root = Path::new("/s");
        for ok in [
            "/s/site.toml",
            "/s/content/events/a.md",
            "/s/static/x.css",
            "/s/themes/default/templates/base.html",
            "/s/content/events",
        ] {
            assert!(relevant(root, Path::new(ok)), "{ok}");
        }
        for junk in [
            "/s/content/events/.a.md.swp",
            "/s/content/events/a.md~",
            "/s/content/events/.#a.md",
            "/s/content/events/#a.md#",
            "/s/content/events/4913",
            "/s/content/events/a.md.tmp",
            "/s/content/.git/x",
            "/s/static/~$report.xlsx",
            "/s/public/index.html",
            "/s/.cache/x",
            "/s/README.md",
            "/elsewhere/site.toml",
        ] {
            assert!(!relevant(root, Path::new(junk)), "{junk}");
        }
    }
}

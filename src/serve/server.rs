//! One rebuild of the preview after a batch of changes: static files copied alone when that
//! is all they need, otherwise a build that reuses what it can; then the changed files written
//! into the served folder, open pages told to reload (or shown the problem), and one line in
//! the terminal.

use super::http;
use super::incremental::{self, Changes, Incremental};
use super::livereload;
use crate::build;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::messages::serve::Serve;
use crate::tr;
use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What the terminal line of a good rebuild says besides the changes.
struct Told<'a> {
    reason: &'a str,
    /// When open pages were told, after the first change; `None`: they were not.
    signal_ms: Option<u128>,
    build_ms: u128,
    warned: String,
    had_error: bool,
}

pub(super) struct Server {
    opts: build::Options,
    inc: Incremental,
    shared: Arc<http::Shared>,
    out: PathBuf,
    /// The processed image files the served folder holds. The image step writes them into it
    /// directly (linked from the cache), outside `inc`'s record of the files it wrote.
    images: Mutex<HashSet<String>>,
}

impl Server {
    pub(super) fn new(opts: build::Options, shared: Arc<http::Shared>, out: PathBuf) -> Server {
        Server {
            opts,
            inc: Incremental::new(),
            shared,
            out,
            images: Mutex::default(),
        }
    }

    /// Tells the caches what changed, then copies static files or rebuilds.
    pub(super) fn changed(&self, root: &Path, paths: &BTreeSet<PathBuf>, first: Instant) {
        let rels: BTreeSet<PathBuf> = paths
            .iter()
            .map(|p| p.strip_prefix(root).unwrap_or(p).to_path_buf())
            .collect();
        let reason = describe(&rels);
        let theme_dir = self.inc.theme_dir();
        let theme_static = theme_dir.as_ref().map(|d| d.join("static"));
        let mut statics: Vec<(String, &Path)> = Vec::new();
        let mut only_static = true;
        for p in paths {
            let rel = p.strip_prefix(root).unwrap_or(p);
            let first_dir = rel
                .iter()
                .next()
                .map(|c| c.to_string_lossy().into_owned())
                .unwrap_or_default();
            match first_dir.as_str() {
                "site.toml" => {
                    self.inc.settings_changed();
                    only_static = false;
                }
                "content" => {
                    self.inc.content.named(&root.join("content"), p);
                    let is_markdown = p.extension().is_some_and(|e| e.eq_ignore_ascii_case("md"));
                    if !is_markdown && (p.is_file() || p.extension().is_some()) {
                        self.inc.bundle_files_changed();
                    }
                    only_static = false;
                }
                "static" => match p.strip_prefix(root.join("static")) {
                    Ok(r) if !r.as_os_str().is_empty() => statics.push((crate::files::slash(r), p)),
                    _ => only_static = false,
                },
                "themes" => match theme_static.as_ref().and_then(|s| p.strip_prefix(s).ok()) {
                    Some(r) if !r.as_os_str().is_empty() => {
                        statics.push((crate::files::slash(r), p))
                    }
                    Some(_) => only_static = false,
                    None if p.iter().any(|c| c == "static")
                        && theme_dir.as_ref().is_some_and(|d| !p.starts_with(d)) =>
                    {
                        // Another theme's static file: not part of this site.
                    }
                    None => {
                        self.inc.templates_changed();
                        only_static = false;
                    }
                },
                _ => only_static = false,
            }
        }
        if only_static && !statics.is_empty() && !self.has_error() {
            if let Some(changes) = self.copy_statics(root, &statics, theme_static.as_deref()) {
                let ms = first.elapsed().as_millis();
                if changes.is_empty() {
                    eprintln!("{}", tr!(Serve::NoChange, reason, ms));
                } else {
                    self.shared
                        .publish(if changes.only_css() { "css" } else { "reload" }, None);
                    eprintln!(
                        "{}",
                        tr!(Serve::Copied, reason, summary = changes.summary(), ms)
                    );
                }
                return;
            }
        }
        self.rebuild(&reason, &rels, first, false);
    }

    /// Removes the image files of the last good build that this one no longer makes (a photo
    /// replaced by a smaller one, or taken off its page), as a fresh build would not have them.
    fn remove_stale_images(&self, now: &HashSet<String>) {
        let mut images = self.images.lock().unwrap_or_else(|e| e.into_inner());
        for stale in images.difference(now) {
            let file = self.out.join(stale);
            if std::fs::remove_file(&file).is_ok() {
                let mut dir = file.parent();
                while let Some(d) = dir.filter(|d| *d != self.out) {
                    if std::fs::remove_dir(d).is_err() {
                        break;
                    }
                    dir = d.parent();
                }
            }
        }
        *images = now.clone();
    }

    fn has_error(&self) -> bool {
        self.shared
            .status
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .overlay
            .is_some()
    }

    /// Copies changed static files one by one; `None` when one of them needs a build instead
    /// (a folder, or a file that shadows a rendered one).
    fn copy_statics(
        &self,
        root: &Path,
        statics: &[(String, &Path)],
        theme_static: Option<&Path>,
    ) -> Option<Changes> {
        let mut all = Changes::default();
        for (rel, path) in statics {
            if path.is_dir() {
                return None;
            }
            // The site's static/ wins over the theme's.
            let own = root.join("static").join(rel);
            let src = if own.is_file() {
                Some(own)
            } else {
                theme_static.map(|t| t.join(rel)).filter(|t| t.is_file())
            };
            match self.inc.copy_static(&self.out, rel, src.as_deref())? {
                Ok(c) => {
                    all.written.extend(c.written);
                    all.removed.extend(c.removed);
                }
                Err(e) => {
                    eprintln!("{}", tr!(Serve::CannotCopy, rel, error = e));
                    return None;
                }
            }
        }
        Some(all)
    }

    /// Builds (reusing what it can), writes what changed and tells open pages.
    pub(super) fn rebuild(
        &self,
        reason: &str,
        rels: &BTreeSet<PathBuf>,
        first: Instant,
        initial: bool,
    ) {
        let started = Instant::now();
        let diags = Diagnostics::new();
        let result = build::build_with(&self.opts, &diags, Some(&self.inc));
        crate::timings::lap("build returned", started);
        let sorted = diags.sorted();
        let shown: Vec<&Diagnostic> = sorted
            .iter()
            .filter(|d| initial || d.is_error() || rels.contains(&d.path))
            .collect();
        for d in &shown {
            eprintln!("{}\n", d.render());
        }
        let (errors, warnings) = diags.counts();
        let Ok(report) = result else {
            let errs: Vec<Diagnostic> = sorted.into_iter().filter(|d| d.is_error()).collect();
            self.shared
                .publish("overlay", Some(livereload::overlay(&errs)));
            let none_yet = if initial {
                tr!(Serve::NoneYet)
            } else {
                String::new()
            };
            let summary = crate::diagnostics::summary_line(errors, warnings);
            eprintln!("{}", tr!(Serve::StillShows, summary, none_yet));
            return;
        };
        let had_error = self.has_error();
        self.remove_stale_images(&report.image_files);
        crate::timings::lap("stale images", started);
        let t = Instant::now();
        let applied = self.inc.apply(&self.out, &self.shared.unflushed);
        crate::timings::report(|| "applying".into(), t, Duration::ZERO);
        match applied {
            Ok(mut changes) => {
                let build_ms = started.elapsed().as_millis();
                // Open pages reload first; the downloads are made after (see `output::Later`),
                // and when nothing else changed, before the signal they alone may call for.
                let mut signal_ms = self.signal(&changes, had_error, initial, first);
                if let Err(e) = incremental::flush(&self.out, &self.shared.unflushed) {
                    let out = self.out.display();
                    eprintln!("{}", tr!(Serve::CannotWritePreview, out = out, error = e));
                }
                for problem in self.inc.write_deferred(&self.out, &mut changes) {
                    eprintln!("{}\n", problem.render());
                }
                signal_ms = signal_ms.or_else(|| self.signal(&changes, had_error, initial, first));
                let warned = if warnings > shown.len() && !initial {
                    tr!(Serve::WarningsInAll, warnings)
                } else {
                    String::new()
                };
                let told = Told {
                    reason,
                    signal_ms,
                    build_ms,
                    warned,
                    had_error,
                };
                self.tell(&report, &changes, &told, initial);
            }
            Err(e) => eprintln!(
                "{}",
                tr!(
                    Serve::CannotWritePreview,
                    out = self.out.display(),
                    error = e
                )
            ),
        }
    }

    /// Tells open pages to reload (or to swap their stylesheets) after a change; when it did,
    /// how long after the first change of the batch.
    fn signal(
        &self,
        changes: &Changes,
        had_error: bool,
        initial: bool,
        first: Instant,
    ) -> Option<u128> {
        if initial || (changes.is_empty() && !had_error) {
            return None;
        }
        let css = changes.only_css() && !had_error;
        self.shared
            .publish(if css { "css" } else { "reload" }, None);
        Some(first.elapsed().as_millis())
    }

    /// Says in the terminal what a good build changed.
    fn tell(&self, report: &build::Report, changes: &Changes, told: &Told, initial: bool) {
        let Told {
            reason,
            signal_ms,
            build_ms,
            warned,
            had_error,
        } = told;
        let ms = *build_ms;
        let images = if report.images.decoded > 0 {
            tr!(Serve::ImagesProcessed, count = report.images.decoded)
        } else {
            String::new()
        };
        if initial {
            let (pages, files) = (report.pages, changes.written.len());
            eprintln!(
                "{}",
                tr!(Serve::FirstBuilt, pages, files, images, ms, warned)
            );
        } else if let Some(signal_ms) = signal_ms {
            let summary = changes.summary();
            eprintln!(
                "{}",
                tr!(
                    Serve::Rebuilt,
                    reason,
                    summary,
                    images,
                    ms,
                    signal_ms,
                    warned
                )
            );
            if *had_error {
                eprintln!("{}", tr!(Serve::Fixed));
            }
        } else {
            eprintln!("{}", tr!(Serve::NoChangeBuilt, reason, ms, warned));
        }
    }
}

/// `content/events/a.md`, or `3 files (content/events/a.md, …)`.
fn describe(rels: &BTreeSet<PathBuf>) -> String {
    let mut it = rels.iter();
    match (it.next(), rels.len()) {
        (Some(one), 1) => crate::files::slash(one),
        (Some(one), n) => tr!(Serve::Files, count = n, first = crate::files::slash(one)),
        (None, _) => tr!(Serve::TheSite),
    }
}

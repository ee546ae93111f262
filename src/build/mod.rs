//! One build, start to end: load site -> parse content -> render Markdown -> build the model ->
//! render templates -> process images -> write output. `check` runs the same steps and writes
//! nothing.

use crate::config::{self, Config};
use crate::content::{self, Content};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::images::{self, Registry};
use crate::markdown;
use crate::messages::render::Render;
use crate::model;
use crate::output::{self, Collected, Sink};
use crate::page::{Details, Page};
use crate::render::templates::{self, Theme};
use crate::render::views::{PageExtras, Urls};
use crate::render::{self, Known, Parts, Reuse, Site};
use crate::{t, tr};
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

mod bodies;
mod kept_model;

use bodies::{render_markdown, video_error, Sections};
use kept_model::model_of;
pub use kept_model::KeptModel;

#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    /// Defaults to ROOT/public.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// False for `xuezhou check`.
    pub write: bool,
    /// Show a progress bar for long steps (on a terminal).
    pub progress: bool,
}

#[derive(Debug, Default)]
pub struct Report {
    pub pages: usize,
    pub files: usize,
    pub images: images::ProcessStats,
    pub millis: u128,
    pub output: PathBuf,
    /// Every processed image file of the site (site-relative), reused pages' included: serve
    /// removes those of an earlier build that are not in it.
    pub image_files: HashSet<String>,
}

/// A failed build: its problems are in `diags`; this says what it left in the output folder.
#[derive(Debug, Default)]
pub struct Failed {
    /// None: the output folder (and reports/) are exactly as before the build. Some: what is
    /// there now, when the build failed after switching the output.
    pub changed: Option<String>,
}

impl From<()> for Failed {
    fn from(_: ()) -> Failed {
        Failed::default()
    }
}

/// A page's rendered Markdown kept from an earlier build, the problems it had, its version.
pub type KeptExtras = (Arc<PageExtras>, Vec<Diagnostic>, u64);

/// What `xuezhou serve` keeps between builds, as the build uses it: the build owns this trait
/// and serve implements it (src/serve/incremental.rs), so the build never imports the server.
pub trait BuildCache: Reuse {
    /// Files read and checked by earlier builds.
    fn content(&self) -> &content::Cache;
    /// The theme, loaded again only after a template changed.
    fn theme(&self, root: &Path, name: &str, diags: &Diagnostics) -> Option<Arc<Theme>>;
    /// The Markdown of each of `pages` rendered by an earlier build, where its file and the
    /// site's addresses (`links_key`) are the same; with its version (`extras_version`), which
    /// the render stage's reuse keys use.
    fn extras(&self, pages: &[Arc<Page>], links_key: u64) -> Vec<Option<KeptExtras>>;
    fn store_extras(
        &self,
        page: &Page,
        links_key: u64,
        made: (&Arc<PageExtras>, &[Diagnostic], u64),
    );
    /// The model the last build made, with what it was made from (see `kept_model`).
    fn model(&self) -> Option<Arc<KeptModel>>;
    fn store_model(&self, model: Arc<KeptModel>);
    /// Called once the site's pages and model are known, before rendering.
    fn prepare(&self, pages: &[Arc<Page>]);
    /// Called at the end of a good build with what it produced.
    fn set_output(&self, collected: Collected);
}

/// Builds the site. Problems (errors and warnings) are in `diags`.
pub fn build(opts: &Options, diags: &Diagnostics) -> Result<Report, Failed> {
    build_with(opts, diags, None)
}

/// `build` for `xuezhou serve`: with `inc`, files, Markdown, the theme, event cards and unchanged
/// pages of earlier builds are reused, and the output is left in `inc` (a memory sink) for serve
/// to write only what changed into the folder it serves. Without `inc`, this is `build`.
pub fn build_with(
    opts: &Options,
    diags: &Diagnostics,
    inc: Option<&dyn BuildCache>,
) -> Result<Report, Failed> {
    let started = Instant::now();
    let lap = |step: &str| crate::timings::lap(step, started);
    let root = opts.root.as_path();
    let (config, theme, content) = load_site(opts, inc, diags)?;
    let output = opts.output.clone().unwrap_or_else(|| root.join("public"));
    lap("load");

    let Content {
        pages,
        sections,
        failed,
        unchecked,
    } = content;
    warn_outside_week(&config, &pages, diags);
    let urls = Urls {
        base_path: config.base_path(),
        config: &config,
    };
    let registry = Registry::new(root, &config.images);
    let (extras, body_versions, section_html) = render_markdown(
        root,
        &pages,
        (&sections, &failed, &unchecked),
        (&urls, &registry),
        inc,
        diags,
    );

    lap("markdown");
    let page_versions = inc.map(|_| render::page_versions(&pages));
    let (model, model_version) = model_of(&config, &pages, page_versions.as_deref(), inc);
    let known = page_versions.map(|pages| Known {
        pages,
        bodies: body_versions,
        model: model_version,
    });
    lap("model");
    if diags.has_errors() {
        return Err(Failed::default());
    }

    let (sink, files, reports) = render_stage(
        (opts, inc, &output),
        (&config, &theme, urls, section_html),
        (&pages, &extras, &model, known),
        diags,
    )?;
    lap("render");
    let videos = copy_files(
        opts,
        inc.is_some(),
        (root, &theme),
        (&pages, &extras),
        &sink,
        diags,
    );
    let stats = process_images(opts, &registry, sink.dir().unwrap_or(&output), diags);
    lap("images");
    if diags.has_errors() {
        return Err(Failed::default());
    }
    finish(
        inc,
        opts,
        (sink, &output),
        (&registry, videos),
        (root, &reports),
        diags,
    )?;
    lap("written");
    let report = Report {
        pages: pages.len(),
        files,
        images: stats,
        millis: started.elapsed().as_millis(),
        output,
        image_files: image_files(&registry, &extras),
    };
    lap("report");
    Ok(report)
}

/// The render stage over a sink opened for this build. Returns the sink, the number of files
/// rendered, and the tables for ROOT/reports/ when they are not published.
#[allow(clippy::type_complexity)]
fn render_stage(
    (opts, inc, output): (&Options, Option<&dyn BuildCache>, &Path),
    (config, theme, urls, section_html): (&Config, &Theme, Urls, Sections),
    (pages, extras, model, known): (
        &[Arc<Page>],
        &[Arc<PageExtras>],
        &model::Model,
        Option<Known>,
    ),
    diags: &Diagnostics,
) -> Result<(Sink, usize, Vec<(String, Vec<u8>)>), Failed> {
    if let Some(inc) = inc {
        inc.prepare(pages);
    }
    let sink = open_sink(opts, inc.is_some(), output, &opts.root, diags)?;
    let site = Site::new(
        Parts {
            config,
            theme,
            urls,
            sections: section_html,
            pages,
            extras,
            model,
        },
        inc.zip(known).map(|(i, known)| (i as &dyn Reuse, known)),
    );
    let rendered = render::render_site(&site, &sink);
    diags.extend(rendered.diags);
    if diags.has_errors() {
        return Err(Failed::default());
    }
    // `[tables] publish = false`: the two tables go to ROOT/reports/ instead, written only once
    // the whole build has succeeded (see `Reports`).
    let reports = if config.tables.publish {
        Vec::new()
    } else {
        render::tables::reports(&site).map_err(|d| {
            diags.push(d);
            Failed::default()
        })?
    };

    Ok((sink, rendered.files, reports))
}

/// Every processed image file the build made (serve removes those a rebuild no longer makes).
fn image_files(registry: &Registry, extras: &[Arc<PageExtras>]) -> HashSet<String> {
    registry
        .outputs(None)
        .into_iter()
        .chain(extras.iter().flat_map(|e| e.images.iter().cloned()))
        .collect()
}

/// Copies the theme's and the site's static files and each page's bundle files (cleaned
/// videos among them) into the sink. Returns the video cache for `finish` to prune.
fn copy_files(
    opts: &Options,
    serve: bool,
    (root, theme): (&Path, &Theme),
    (pages, extras): (&[Arc<Page>], &[Arc<PageExtras>]),
    sink: &Sink,
    diags: &Diagnostics,
) -> Option<crate::video::Cache> {
    // The site's own static/ wins over a theme file of the same path.
    if let Err(ds) =
        output::copy_trees(sink, root, &[theme.dir.join("static"), root.join("static")])
    {
        diags.extend(ds);
    }
    // `check` has checked the videos; a build and serve publish cleaned copies.
    let videos = (opts.write || serve).then(|| crate::video::Cache::new(root));
    copy_bundle_files(pages, extras, sink, videos.as_ref(), diags);
    videos
}

/// serve: hands the build to the preview (which writes what changed into the folder it
/// serves). build: switches the output folder in one step, then prunes the caches.
fn finish(
    inc: Option<&dyn BuildCache>,
    opts: &Options,
    (sink, output): (Sink, &Path),
    (registry, videos): (&Registry, Option<crate::video::Cache>),
    (root, reports): (&Path, &[(String, Vec<u8>)]),
    diags: &Diagnostics,
) -> Result<(), Failed> {
    if let Some(inc) = inc {
        // serve writes what changed into the folder it serves.
        inc.set_output(sink.into_collected().unwrap_or_default());
    } else if opts.write {
        commit(sink, output, (root, reports), diags)?;
        // Only now is it certain the cache entries this build did not use are stale.
        registry.prune();
        if let Some(v) = videos {
            v.prune();
        }
    }
    Ok(())
}

/// The load stage: site.toml (with `--base-url`), the theme (serve keeps it until a template
/// changes) and the content (serve keeps each file until it changes).
fn load_site(
    opts: &Options,
    inc: Option<&dyn BuildCache>,
    diags: &Diagnostics,
) -> Result<(Config, Arc<Theme>, Content), Failed> {
    let root = opts.root.as_path();
    let mut config = config::load(root, diags).ok_or(())?;
    if let Some(url) = &opts.base_url {
        config.base_url = config::normalize_base_url(url);
    }
    let theme = match inc {
        Some(inc) => inc.theme(root, &config.theme, diags),
        None => templates::load(root, &config.theme, diags).map(Arc::new),
    };
    let content = content::load_cached(root, &config, opts.drafts, diags, inc.map(|i| i.content()));
    let theme = theme.ok_or_else(Failed::default)?;
    Ok((config, theme, content))
}

/// The image stage: a build makes every planned size it has not cached; `check` writes
/// nothing but decodes what the cache has not made from before, so that it finds every damaged
/// picture a build would (SPEC §1).
fn process_images(
    opts: &Options,
    registry: &Registry,
    dir: &Path,
    diags: &Diagnostics,
) -> images::ProcessStats {
    if opts.write {
        let (stats, problems) = registry.process(dir, opts.progress);
        diags.extend(problems);
        stats
    } else {
        diags.extend(registry.verify(opts.progress));
        images::ProcessStats::default()
    }
}

/// Where the build writes: memory for serve, a staging folder beside the output for a build,
/// nowhere for `check`.
fn open_sink(
    opts: &Options,
    serve: bool,
    output: &Path,
    root: &Path,
    diags: &Diagnostics,
) -> Result<Sink, Failed> {
    if serve {
        return Ok(Sink::memory());
    }
    if !opts.write {
        return Ok(Sink::discard());
    }
    Sink::staging_for(output, root).map_err(|e| {
        diags.push(
            Diagnostic::error(output, t!(Render::CannotCreateOutput, error = e))
                .help(t!(Render::CannotCreateOutputHelp)),
        );
        Failed::default()
    })
}

/// Puts a good build in place: the tables of reports/ staged, the output switched in one step,
/// then the tables renamed into place. Says what is left in the output folder when it fails.
fn commit(
    sink: Sink,
    output: &Path,
    (root, reports): (&Path, &[(String, Vec<u8>)]),
    diags: &Diagnostics,
) -> Result<(), Failed> {
    let staged = if reports.is_empty() {
        None
    } else {
        match Reports::stage(&root.join("reports"), reports) {
            Ok(r) => Some(r),
            Err(e) => {
                diags.push(
                    Diagnostic::error("reports", t!(Render::CannotWriteReports, error = e))
                        .help(t!(Render::CannotWriteReportsHelp)),
                );
                return Err(Failed::default());
            }
        }
    };
    match sink.commit(output) {
        Ok(None) => {}
        // The build is in place; only the previous one is left beside it.
        Ok(Some(warning)) => diags.push(Diagnostic::warning(output, warning)),
        Err(e) => {
            let changed = match &e {
                output::CommitError::Unchanged(_) => None,
                output::CommitError::Missing(_) => {
                    Some(tr!(Render::OutputMissingNow, output = output.display()))
                }
            };
            diags.push(
                Diagnostic::error(output, t!(Render::CannotReplaceOutput, error = e))
                    .help(t!(Render::CannotReplaceOutputHelp)),
            );
            return Err(Failed { changed });
        }
    }
    if let Some(r) = staged {
        if let Err(e) = r.commit() {
            diags.push(
                Diagnostic::error("reports", t!(Render::CannotWriteReports, error = e))
                    .help(t!(Render::CloseTablesHelp)),
            );
            return Err(Failed {
                changed: Some(tr!(Render::TablesMayBeOld, output = output.display())),
            });
        }
    }
    Ok(())
}

/// The files of ROOT/reports/ (`[tables] publish = false`), staged as hidden temporary files
/// beside their final names and renamed into place only once the site's output has been
/// committed. A build that fails before leaves reports/ as it was (dropping `Reports` removes
/// the temporary files, and the folder if the build created it). Files in reports/ that
/// xuezhou does not make are left alone.
struct Reports {
    dir: PathBuf,
    created_dir: bool,
    /// (temporary file, final file)
    files: Vec<(PathBuf, PathBuf)>,
    done: bool,
}

impl Reports {
    fn stage(dir: &Path, files: &[(String, Vec<u8>)]) -> std::io::Result<Reports> {
        let created_dir = !dir.exists();
        std::fs::create_dir_all(dir)?;
        let mut r = Reports {
            dir: dir.to_path_buf(),
            created_dir,
            files: Vec::new(),
            done: false,
        };
        for (name, bytes) in files {
            // A killed build's temporary copy of this table goes first.
            crate::output::remove_leftovers(&dir.join(name));
            let tmp = dir.join(format!(".{name}.xuezhou-new-{}", std::process::id()));
            std::fs::write(&tmp, bytes)?;
            r.files.push((tmp, dir.join(name)));
        }
        Ok(r)
    }

    fn commit(mut self) -> std::io::Result<()> {
        self.done = true;
        for (tmp, dest) in &self.files {
            std::fs::rename(tmp, dest)?;
        }
        Ok(())
    }
}

impl Drop for Reports {
    fn drop(&mut self) {
        for (tmp, _) in &self.files {
            let _ = std::fs::remove_file(tmp);
        }
        if !self.done && self.created_dir {
            let _ = std::fs::remove_dir(&self.dir);
        }
    }
}

fn warn_outside_week(config: &Config, pages: &[Arc<Page>], diags: &Diagnostics) {
    let (Some(start), Some(end)) = (config.week.start, config.week.end) else {
        return;
    };
    for p in pages {
        let Some(e) = p.event() else { continue };
        let days = e.days();
        if days.iter().all(|d| *d < start || *d > end) {
            let line = p.field_line("start");
            diags.push(
                Diagnostic::warning(
                    &p.source.rel,
                    t!(Render::OutsideWeek, date = e.start.date, start, end),
                )
                .at(&p.source.text, line, 1)
                .help(t!(Render::OutsideWeekHelp)),
            );
        }
    }
}

/// Videos of case bundles are published without their location and device metadata (see
/// `video`); `cache` is None for `check`, which only checks them (in `page_extras`).
fn copy_bundle_files(
    pages: &[Arc<Page>],
    extras: &[Arc<PageExtras>],
    sink: &Sink,
    cache: Option<&crate::video::Cache>,
    diags: &Diagnostics,
) {
    let Some(cache) = cache else { return };
    let jobs: Vec<_> = pages
        .iter()
        .zip(extras)
        .filter_map(|(p, x)| match (&p.details, &x.video_path) {
            (Details::Case(c), Some(dest)) => c.video.as_ref().map(|v| (p, v, dest)),
            _ => None,
        })
        .collect();
    jobs.par_iter().for_each(|(p, v, dest)| {
        let file = markdown::join_normalized(&p.dir, &v.src);
        match cache.cleaned(&file) {
            Ok(cleaned) => {
                if let Err(e) = sink.copy(&cleaned, dest) {
                    diags.push(video_error(
                        p,
                        v,
                        &crate::video::Damaged(tr!(Render::VideoCannotCopy, error = e)),
                    ));
                }
            }
            Err(e) => diags.push(video_error(p, v, &e)),
        }
    });
}

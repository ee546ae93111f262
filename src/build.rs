//! One build, start to end: load site -> parse content -> render Markdown -> build the model ->
//! render templates -> process images -> write output. `check` runs the same steps and writes
//! nothing.

use crate::config::{self, Config};
use crate::content::{self, Content};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::images::{self, Registry, Shape};
use crate::markdown::{self, Origin, Resolver};
use crate::messages::render::Render;
use crate::model;
use crate::output::{self, Collected, Sink};
use crate::page::{Details, ImageRef, Page};
use crate::render::templates::{self, Theme};
use crate::render::views::{PageExtras, PictureRef, Urls};
use crate::render::{self, Parts, Reuse, Site};
use crate::{t, tr};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

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

/// What `xuezhou serve` keeps between builds, as the build uses it: the build owns this trait
/// and serve implements it (src/serve/incremental.rs), so the build never imports the server.
pub trait BuildCache: Reuse {
    /// Files read and checked by earlier builds.
    fn content(&self) -> &content::Cache;
    /// The theme, loaded again only after a template changed.
    fn theme(&self, root: &Path, name: &str, diags: &Diagnostics) -> Option<Arc<Theme>>;
    /// The Markdown of `page` rendered by an earlier build, if its file and the site's
    /// addresses (`links_key`) are the same.
    /// With its version (`extras_version`), which the render stage's reuse keys use.
    fn extras(
        &self,
        page: &Page,
        links_key: u64,
    ) -> Option<(Arc<PageExtras>, Vec<Diagnostic>, u64)>;
    fn store_extras(
        &self,
        page: &Page,
        links_key: u64,
        made: (&Arc<PageExtras>, &[Diagnostic], u64),
    );
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
    let model = model::build(&config, &pages);
    lap("model");
    if diags.has_errors() {
        return Err(Failed::default());
    }

    let (sink, files, reports) = render_stage(
        (opts, inc, &output),
        (&config, &theme, urls, section_html),
        (&pages, &extras, &model, body_versions),
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
    (pages, extras, model, body_versions): (
        &[Arc<Page>],
        &[Arc<PageExtras>],
        &model::Model,
        Vec<u64>,
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
        inc.map(|i| (i as &dyn Reuse, body_versions)),
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

/// The Markdown stage: every page's body (in parallel, or serve's copy when its file and the
/// site's addresses are unchanged) and every section's intro, with the images they name planned
/// in `registry`. Serve also gets each body's version (see `render::deps`).
fn render_markdown(
    root: &Path,
    pages: &[Arc<Page>],
    (sections, failed, unchecked): (
        &HashMap<String, crate::page::Section>,
        &[PathBuf],
        &[Arc<Page>],
    ),
    (urls, registry): (&Urls, &Registry),
    inc: Option<&dyn BuildCache>,
    diags: &Diagnostics,
) -> (Vec<Arc<PageExtras>>, Vec<u64>, Sections) {
    let content_dir = root.join("content");
    let link_map = LinkMap::new(pages, sections, failed, urls);
    let real_root = crate::files::real_root(root);
    // serve: Markdown is rendered again when its file or the site's page addresses change.
    let links_key = inc.map_or(0, |_| link_map.key());
    let (extras, body_versions): (Vec<Arc<PageExtras>>, Vec<u64>) = pages
        .par_iter()
        .map(|p| {
            if let Some((extras, ds, version)) = inc.and_then(|i| i.extras(p, links_key)) {
                diags.extend(ds);
                return (extras, version);
            }
            let (extras, ds) = page_extras(
                p,
                &link_map,
                registry,
                &content_dir,
                &real_root,
                &urls.base_path,
            );
            let extras = Arc::new(extras);
            let version = inc.map_or(0, |i| {
                let version = extras_version(&extras);
                i.store_extras(p, links_key, (&extras, &ds, version));
                version
            });
            diags.extend(ds);
            (extras, version)
        })
        .unzip();
    // Pages that failed their checks: their links and images are checked all the same, so one
    // run reports every problem (issue 13); what they make is thrown away with the build.
    unchecked.par_iter().for_each(|p| {
        let base = &urls.base_path;
        let (_, ds) = page_extras(p, &link_map, registry, &content_dir, &real_root, base);
        diags.extend(ds);
    });
    let section_html = render_sections(sections, &link_map, registry, urls, &content_dir, diags);
    (extras, body_versions, section_html)
}

/// Section name -> (title, intro HTML) from each `_index.md`.
type Sections = HashMap<String, (Option<String>, String)>;

fn render_sections(
    sections: &HashMap<String, crate::page::Section>,
    link_map: &LinkMap,
    registry: &Registry,
    urls: &Urls,
    content_dir: &Path,
    diags: &Diagnostics,
) -> Sections {
    let mut section_html = Sections::new();
    for (name, section) in sections {
        let dir = section
            .source
            .abs
            .parent()
            .unwrap_or(content_dir)
            .to_path_buf();
        let resolver = PageResolver {
            links: link_map,
            registry,
            dest_dir: if name.is_empty() {
                String::new()
            } else {
                format!("{name}/")
            },
            page_rel: &section.source.rel,
            base_path: &urls.base_path,
        };
        let rendered = markdown::render(
            &section.body,
            &Origin {
                rel: &section.source.rel,
                file_text: &section.source.text,
                body_line: section.body_line,
                dir: &dir,
                content_dir,
            },
            &resolver,
        );
        diags.extend(rendered.diags);
        section_html.insert(name.clone(), (section.title.clone(), rendered.html));
    }
    section_html
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

/// A page's rendered Markdown as a version for serve's reuse keys: a hash of all of it, made
/// once when the Markdown is rendered (not on every rebuild).
fn extras_version(extras: &PageExtras) -> u64 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(extras.html.as_bytes());
    // The rest is small: pictures, headings, the video's address.
    hasher.update(
        format!(
            "{:?}",
            (
                &extras.headings,
                extras.has_code,
                &extras.cover,
                &extras.photos,
                &extras.portrait,
                &extras.poster,
                &extras.book_covers,
                &extras.video_path,
                &extras.images
            )
        )
        .as_bytes(),
    );
    hasher.digest()
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

/// Maps `.md` files to page addresses for link rewriting.
struct LinkMap {
    urls: HashMap<PathBuf, String>,
}

impl LinkMap {
    /// serve: a hash of every page's address, to know when Markdown links must be made again.
    fn key(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut all: Vec<_> = self.urls.iter().collect();
        all.sort();
        let mut h = std::collections::hash_map::DefaultHasher::new();
        all.hash(&mut h);
        h.finish()
    }

    fn new(
        pages: &[Arc<Page>],
        sections: &HashMap<String, content::Section>,
        failed: &[PathBuf],
        urls: &Urls,
    ) -> Self {
        let mut map = HashMap::new();
        // Pages with errors fail the build anyway; a link to one is not a second problem.
        for f in failed {
            map.insert(f.clone(), urls.path(""));
        }
        for p in pages {
            map.insert(p.source.abs.clone(), urls.path(&p.path));
        }
        for (name, s) in sections {
            let path = if name.is_empty() {
                String::new()
            } else {
                format!("{name}/")
            };
            map.insert(s.source.abs.clone(), urls.path(&path));
        }
        LinkMap { urls: map }
    }
}

struct PageResolver<'a> {
    links: &'a LinkMap,
    registry: &'a Registry,
    dest_dir: String,
    page_rel: &'a Path,
    base_path: &'a str,
}

impl Resolver for PageResolver<'_> {
    fn page_url(&self, md_file: &Path) -> Option<String> {
        self.links.urls.get(md_file).cloned()
    }

    fn image_html(&self, file: &Path, alt: &str) -> Result<String, String> {
        let pic = self
            .registry
            .plan(file, &self.dest_dir, Shape::Free, self.page_rel, 0)
            .map_err(String::from)?;
        Ok(images::picture_html(
            &pic,
            alt,
            self.base_path,
            "(min-width: 60rem) 56rem, 100vw",
            "",
        ))
    }

    fn base_path(&self) -> &str {
        self.base_path
    }
}

fn page_extras(
    p: &Page,
    links: &LinkMap,
    registry: &Registry,
    content_dir: &Path,
    real_root: &Path,
    base_path: &str,
) -> (PageExtras, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let resolver = PageResolver {
        links,
        registry,
        dest_dir: p.path.clone(),
        page_rel: &p.source.rel,
        base_path,
    };
    let r = markdown::render(
        &p.body,
        &Origin {
            rel: &p.source.rel,
            file_text: &p.source.text,
            body_line: p.body_line,
            dir: &p.dir,
            content_dir,
        },
        &resolver,
    );
    diags.extend(r.diags);
    let mut plan =
        |img: &ImageRef, shape: Shape, alt: &str, caption: Option<String>| -> Option<PictureRef> {
            let file = markdown::join_normalized(&p.dir, &img.src);
            match registry.plan(&file, &p.path, shape, &p.source.rel, img.line) {
                Ok(picture) => Some(PictureRef {
                    picture,
                    alt: alt.to_string(),
                    caption,
                }),
                Err(e) => {
                    diags.push(
                        Diagnostic::error(&p.source.rel, e.message)
                            .at(&p.source.text, img.line, img.col)
                            .help(e.help),
                    );
                    None
                }
            }
        };
    let cover = p
        .cover
        .as_ref()
        .and_then(|c| plan(c, Shape::Free, &p.title, None));
    let photos: Vec<PictureRef> = p
        .photos
        .iter()
        .filter_map(|ph| plan(&ph.image, Shape::Free, &ph.alt, ph.caption.clone()))
        .collect();
    let mut extras = PageExtras {
        html: r.html,
        headings: r.headings,
        has_code: r.has_code,
        cover,
        photos,
        ..Default::default()
    };
    match &p.details {
        Details::Star(s) => {
            extras.portrait = s
                .portrait
                .as_ref()
                .and_then(|img| plan(img, Shape::Square, &format!("{}的照片", s.name), None));
        }
        Details::Reading(r) => {
            extras.book_covers = r
                .books
                .iter()
                .map(|b| {
                    b.cover.as_ref().and_then(|img| {
                        plan(img, Shape::BookCover, &format!("《{}》封面", b.title), None)
                    })
                })
                .collect();
        }
        Details::Case(c) => {
            if let Some(v) = &c.video {
                extras.poster = v
                    .poster
                    .as_ref()
                    .and_then(|img| plan(img, Shape::Free, &format!("{}视频封面", p.title), None));
                let file = markdown::join_normalized(&p.dir, &v.src);
                // Inside the site and a regular file first (files.rs), then a video we can clean.
                let usable = crate::files::check(real_root, &file);
                let ext = file
                    .extension()
                    .map(|e| e.to_string_lossy().to_lowercase())
                    .unwrap_or_default();
                let checked = match &usable {
                    Err(_) => None,
                    Ok(_) if !crate::video::EXTENSIONS.contains(&ext.as_str()) => Some(Err(
                        crate::video::Damaged(tr!(crate::messages::render::Video::OnlyMp4)),
                    )),
                    Ok(_) => Some(crate::video::check(&file)),
                };
                if let Some(Err(e)) = &checked {
                    diags.push(video_error(p, v, e));
                } else if checked.is_some() {
                    let name = file
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    extras.video_path = Some(format!(
                        "{}{}",
                        p.path,
                        crate::slug::suggest_slug(
                            Path::new(&name)
                                .file_stem()
                                .map(|s| s.to_string_lossy().into_owned())
                                .unwrap_or_default()
                                .as_str()
                        ) + ".mp4"
                    ));
                } else if let Err(r) = usable {
                    let help = if matches!(r, crate::files::Refusal::Outside(_)) {
                        t!(Render::VideoOutsideHelp)
                    } else {
                        t!(Render::VideoMissingHelp)
                    };
                    diags.push(
                        Diagnostic::error(
                            &p.source.rel,
                            t!(Render::VideoRefused, src = &v.src, why = r.describe()),
                        )
                        .at(&p.source.text, v.line, 1)
                        .help(help),
                    );
                }
            }
            if p.photos.len() > 5 {
                let line = p.field_line("photos");
                diags.push(
                    Diagnostic::warning(
                        &p.source.rel,
                        t!(Render::TooManyPhotos, count = p.photos.len()),
                    )
                    .at(&p.source.text, line, 1)
                    .help(t!(Render::TooManyPhotosHelp)),
                );
            }
        }
        _ => {}
    }
    // Planned by this page alone: no two pages share a folder.
    extras.images = registry.outputs(Some(&p.path));
    (extras, diags)
}

fn video_error(p: &Page, v: &crate::page::Video, e: &crate::video::Damaged) -> Diagnostic {
    Diagnostic::error(
        &p.source.rel,
        t!(Render::VideoUnusable, src = &v.src, why = &e.0),
    )
    .at(&p.source.text, v.line, 1)
    .help(t!(Render::VideoUnusableHelp))
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

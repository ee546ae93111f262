//! The Markdown stage: every page's body rendered (in parallel, or serve's copy when its file
//! and the site's addresses are unchanged), the pictures its front matter names planned, a
//! case's video checked, and every section's intro. The result is each page's `PageExtras`,
//! with a version for serve's reuse keys.

use super::BuildCache;
use crate::content;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::images::{self, Registry, Shape};
use crate::markdown::{self, Origin, Resolver};
use crate::messages::render::Render;
use crate::page::{Details, ImageRef, Page};
use crate::render::views::{PageExtras, PictureRef, Urls};
use crate::{t, tr};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Every page's `PageExtras` and every section's intro, with the images they name planned in
/// `registry`. Serve also gets each body's version (see `render::deps`).
pub(super) fn render_markdown(
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
    // serve: Markdown is rendered again when its file or the site's page addresses change.
    let links_key = inc.map_or(0, |_| links_key(pages, sections, failed, urls));
    let make_links = || LinkMap::new(pages, sections, failed, urls);
    let link_map = match inc {
        Some(inc) => inc.records().derived("links", links_key, make_links),
        None => Arc::new(make_links()),
    };
    let real_root = crate::files::real_root(root);
    let ctx = Context {
        links: &link_map,
        registry,
        content_dir: &content_dir,
        real_root: &real_root,
        base_path: &urls.base_path,
    };
    // Looked up in one go: a lock per page from all cores was a tenth of a body edit.
    let kept = match inc {
        Some(inc) => inc.extras(pages, links_key),
        None => vec![None; pages.len()],
    };
    let (extras, body_versions): (Vec<Arc<PageExtras>>, Vec<u64>) = pages
        .par_iter()
        .zip(kept)
        .map(|(p, kept)| {
            if let Some((extras, ds, version)) = kept {
                diags.extend(ds);
                return (extras, version);
            }
            let (extras, ds) = page_extras(p, &ctx);
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
        let (_, ds) = page_extras(p, &ctx);
        diags.extend(ds);
    });
    let section_html = render_sections(sections, &link_map, registry, urls, &content_dir, diags);
    (extras, body_versions, section_html)
}

/// Section name -> (title, intro HTML) from each `_index.md`.
pub(super) type Sections = HashMap<String, (Option<String>, String)>;

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

/// Maps `.md` files to page addresses for link rewriting.
struct LinkMap {
    urls: HashMap<PathBuf, String>,
}

impl LinkMap {
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

/// serve: a hash of everything `LinkMap::new` makes its map of, to know when Markdown links
/// must be made again: every page's file and address, the sections' files and names, the
/// failed files and the base path. Made of one-shot hashes: hashing the map's paths
/// component by component took most of the Markdown stage of a 10,000-page edit.
fn links_key(
    pages: &[Arc<Page>],
    sections: &HashMap<String, content::Section>,
    failed: &[PathBuf],
    urls: &Urls,
) -> u64 {
    use crate::render::deps::{hash_all, hash_bytes};
    let file = |path: &Path| hash_bytes(path.as_os_str().as_encoded_bytes());
    // Sections in any order: their hashes are added up.
    let sections = sections.iter().fold(0u64, |sum, (name, s)| {
        let one = hash_all([file(&s.source.abs), hash_bytes(name.as_bytes())]);
        sum.wrapping_add(one)
    });
    let counts = [pages.len(), failed.len()].map(|n| n as u64);
    let files = pages
        .iter()
        .flat_map(|p| [file(&p.source.abs), hash_bytes(p.path.as_bytes())]);
    let failed = failed.iter().map(|f| file(f));
    let base = hash_bytes(urls.base_path.as_bytes());
    hash_all(
        counts
            .into_iter()
            .chain(files)
            .chain(failed)
            .chain([sections, base]),
    )
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

/// One page's Markdown stage: its body rendered (links and images in it checked), the
/// pictures of its front matter planned, a case's video checked. Every problem is returned,
/// so a page's broken cover does not hide its dead link.
fn page_extras(p: &Page, ctx: &Context) -> (PageExtras, Vec<Diagnostic>) {
    let resolver = PageResolver {
        links: ctx.links,
        registry: ctx.registry,
        dest_dir: p.path.clone(),
        page_rel: &p.source.rel,
        base_path: ctx.base_path,
    };
    let rendered = markdown::render(
        &p.body,
        &Origin {
            rel: &p.source.rel,
            file_text: &p.source.text,
            body_line: p.body_line,
            dir: &p.dir,
            content_dir: ctx.content_dir,
        },
        &resolver,
    );
    let mut diags = rendered.diags;
    let mut plan = Planner {
        page: p,
        registry: ctx.registry,
        diags: &mut diags,
    };
    let mut extras = PageExtras {
        html: rendered.html,
        headings: rendered.headings,
        has_code: rendered.has_code,
        cover: p
            .cover
            .as_ref()
            .and_then(|c| plan.picture(c, Shape::Free, &p.title, None)),
        photos: p
            .photos
            .iter()
            .filter_map(|ph| plan.picture(&ph.image, Shape::Free, &ph.alt, ph.caption.clone()))
            .collect(),
        ..Default::default()
    };
    match &p.details {
        Details::Star(s) => {
            extras.portrait = s.portrait.as_ref().and_then(|img| {
                plan.picture(img, Shape::Square, &format!("{}的照片", s.name), None)
            });
        }
        Details::Reading(r) => {
            extras.book_covers = r
                .books
                .iter()
                .map(|b| {
                    let alt = format!("《{}》封面", b.title);
                    b.cover
                        .as_ref()
                        .and_then(|img| plan.picture(img, Shape::BookCover, &alt, None))
                })
                .collect();
        }
        Details::Case(c) => {
            if let Some(v) = &c.video {
                extras.poster = v.poster.as_ref().and_then(|img| {
                    plan.picture(img, Shape::Free, &format!("{}视频封面", p.title), None)
                });
                extras.video_path = case_video(p, v, ctx.real_root, plan.diags);
            }
            if p.photos.len() > 5 {
                plan.diags.push(too_many_photos(p));
            }
        }
        _ => {}
    }
    // Planned by this page alone: no two pages share a folder.
    extras.images = ctx.registry.outputs(Some(&p.path));
    (extras, diags)
}

/// What every page's Markdown stage shares.
struct Context<'a> {
    links: &'a LinkMap,
    registry: &'a Registry,
    content_dir: &'a Path,
    real_root: &'a Path,
    base_path: &'a str,
}

/// Plans the pictures a page's front matter names, each problem at its line.
struct Planner<'a, 'd> {
    page: &'a Page,
    registry: &'a Registry,
    diags: &'d mut Vec<Diagnostic>,
}

impl Planner<'_, '_> {
    fn picture(
        &mut self,
        img: &ImageRef,
        shape: Shape,
        alt: &str,
        caption: Option<String>,
    ) -> Option<PictureRef> {
        let p = self.page;
        let file = markdown::join_normalized(&p.dir, &img.src);
        match self
            .registry
            .plan(&file, &p.path, shape, &p.source.rel, img.line)
        {
            Ok(picture) => Some(PictureRef {
                picture,
                alt: alt.to_string(),
                caption,
            }),
            Err(e) => {
                self.diags.push(
                    Diagnostic::error(&p.source.rel, e.message)
                        .at(&p.source.text, img.line, img.col)
                        .help(e.help),
                );
                None
            }
        }
    }
}

/// A case's video: inside the site and a regular file first (files.rs), then a video we can
/// clean. Its address in the built site, or the problem.
fn case_video(
    p: &Page,
    v: &crate::page::Video,
    real_root: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Option<String> {
    let file = markdown::join_normalized(&p.dir, &v.src);
    if let Err(refusal) = crate::files::check(real_root, &file) {
        {
            let help = if matches!(refusal, crate::files::Refusal::Outside(_)) {
                t!(Render::VideoOutsideHelp)
            } else {
                t!(Render::VideoMissingHelp)
            };
            diags.push(
                Diagnostic::error(
                    &p.source.rel,
                    t!(Render::VideoRefused, src = &v.src, why = refusal.describe()),
                )
                .at(&p.source.text, v.line, 1)
                .help(help),
            );
            return None;
        }
    };
    let ext = file
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let checked = if crate::video::EXTENSIONS.contains(&ext.as_str()) {
        crate::video::check(&file)
    } else {
        Err(crate::video::Damaged(tr!(
            crate::messages::render::Video::OnlyMp4
        )))
    };
    if let Err(e) = checked {
        diags.push(video_error(p, v, &e));
        return None;
    }
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Some(format!(
        "{}{}.mp4",
        p.path,
        crate::slug::suggest_slug(&stem)
    ))
}

/// The district notice asks for five photos of a case.
fn too_many_photos(p: &Page) -> Diagnostic {
    let line = p.field_line("photos");
    Diagnostic::warning(
        &p.source.rel,
        t!(Render::TooManyPhotos, count = p.photos.len()),
    )
    .at(&p.source.text, line, 1)
    .help(t!(Render::TooManyPhotosHelp))
}

pub(super) fn video_error(
    p: &Page,
    v: &crate::page::Video,
    e: &crate::video::Damaged,
) -> Diagnostic {
    Diagnostic::error(
        &p.source.rel,
        t!(Render::VideoUnusable, src = &v.src, why = &e.0),
    )
    .at(&p.source.text, v.line, 1)
    .help(t!(Render::VideoUnusableHelp))
}

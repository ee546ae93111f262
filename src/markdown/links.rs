//! Links and images, resolved against the page's folder: a `.md` link becomes its page's
//! address, a `/`-rooted one goes under the base path, an image goes to the image pipeline.

use super::{OpenImage, Origin, Renderer, Resolver};
use crate::diagnostics::Diagnostic;
use crate::messages::render::Render;
use crate::messages::{Entry, Said};
use crate::{t, tr};
use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};
use std::path::{Component, Path, PathBuf};

/// Lexically resolves `rel` against `base` (no file system access; `..` pops a component).
pub fn join_normalized(base: &Path, rel: &str) -> PathBuf {
    let mut out = base.to_path_buf();
    for comp in Path::new(rel).components() {
        match comp {
            Component::ParentDir => {
                out.pop();
            }
            Component::Normal(part) => out.push(part),
            Component::RootDir | Component::Prefix(_) | Component::CurDir => {}
        }
    }
    out
}

/// `%XX` escapes to bytes. Works on bytes only: staff text is mostly Chinese, and a `%` before a
/// multi-byte character (`%中文.md`) is not an escape and must not be sliced as one.
pub(super) fn percent_decode(text: &str) -> String {
    let hex = |b: Option<&u8>| b.and_then(|b| (*b as char).to_digit(16));
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut pos = 0;
    while pos < bytes.len() {
        if bytes[pos] == b'%' {
            if let (Some(hi), Some(lo)) = (hex(bytes.get(pos + 1)), hex(bytes.get(pos + 2))) {
                out.push((hi * 16 + lo) as u8);
                pos += 3;
                continue;
            }
        }
        out.push(bytes[pos]);
        pos += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn is_external(dest: &str) -> bool {
    dest.contains("://")
        || dest.starts_with("mailto:")
        || dest.starts_with("tel:")
        || dest.starts_with("//")
}

impl<'src> Renderer<'src, '_> {
    /// A link: refused (its text kept, with a warning) when its address could run code, else
    /// written with its address rewritten (see `rewrite_link`).
    pub(super) fn start_link(
        &mut self,
        link_type: LinkType,
        dest_url: CowStr<'src>,
        title: CowStr<'src>,
        id: CowStr<'src>,
        offset: usize,
    ) {
        if !crate::markdown::sanitize::safe_url(&dest_url) {
            let warning = self
                .at(
                    Diagnostic::warning(
                        self.origin.rel,
                        t!(Render::LinkNotPublished, url = &dest_url),
                    ),
                    offset,
                )
                .help(t!(Render::LinkNotPublishedHelp));
            self.out.diags.push(warning);
            self.links.push(true);
            return;
        }
        self.links.push(false);
        let dest = match rewrite_link(&dest_url, self.origin, self.resolver) {
            Ok(dest) => dest,
            Err((msg, help)) => {
                let error = self
                    .at(Diagnostic::error(self.origin.rel, msg), offset)
                    .help(help);
                self.out.diags.push(error);
                dest_url.to_string()
            }
        };
        self.events.push(Event::Start(Tag::Link {
            link_type,
            dest_url: dest.into(),
            title,
            id,
        }));
    }

    /// An event inside an open image: its text is the alt text; at its end the image's markup
    /// comes from the resolver.
    pub(super) fn take_image_part(&mut self, event: Event<'src>) {
        match &event {
            Event::Text(text) | Event::Code(text) => {
                if let Some(image) = self.image.as_mut() {
                    image.alt.push_str(text);
                }
            }
            Event::End(TagEnd::Image) => {
                if let Some(image) = self.image.take() {
                    self.end_image(image);
                }
            }
            _ => {}
        }
    }

    fn end_image(&mut self, image: OpenImage) {
        let OpenImage { dest, alt, offset } = image;
        let file = if let Some(rooted) = dest.strip_prefix('/') {
            join_normalized(self.origin.content_dir, rooted)
        } else {
            join_normalized(self.origin.dir, &percent_decode(&dest))
        };
        let html = match self.resolver.image_html(&file, &alt) {
            Ok(html) => html,
            Err(msg) => {
                // The resolver's words are the catalogue's; the code says which entry they are.
                let said = Said {
                    code: Render::ImageRefused.code(),
                    text: msg,
                };
                let error = self
                    .at(Diagnostic::error(self.origin.rel, said), offset)
                    .help(t!(Render::ImageMissingHelp));
                self.out.diags.push(error);
                String::new()
            }
        };
        if alt.trim().is_empty() {
            let error = self
                .at(
                    Diagnostic::error(self.origin.rel, t!(Render::ImageNoAlt, dest = &dest)),
                    offset,
                )
                .help(t!(Render::ImageNoAltHelp));
            self.out.diags.push(error);
        }
        self.events.push(Event::Html(html.into()));
    }
}

/// A link to a `.md` file becomes that page's address; a `/`-rooted link goes under the site's
/// base path; other links stay as they are. Errors are (message, help).
fn rewrite_link(
    dest: &str,
    origin: &Origin,
    resolver: &dyn Resolver,
) -> Result<String, (Said, String)> {
    if is_external(dest) || dest.starts_with('#') {
        return Ok(dest.to_string());
    }
    let (path_part, fragment) = match dest.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (dest, None),
    };
    let decoded = percent_decode(path_part);
    if !decoded.to_ascii_lowercase().ends_with(".md") {
        let base = resolver.base_path();
        if let Some(rest) = dest.strip_prefix('/') {
            // `/files/报名表.pdf` (a file of static/) or `/events/`: the site lives under its base path.
            if !dest.starts_with(base) {
                return Ok(format!("{base}{rest}"));
            }
            return Ok(dest.to_string());
        }
        // Only pages and processed images are published: a file beside the page is not.
        let path_only = decoded.split('?').next().unwrap_or("");
        if !path_only.is_empty() && join_normalized(origin.dir, path_only).is_file() {
            let name = Path::new(path_only)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            return Err((
                t!(Render::LinkToFileBeside, dest),
                tr!(Render::LinkToFileBesideHelp, name),
            ));
        }
        return Ok(dest.to_string());
    }
    let target = if let Some(rooted) = decoded.strip_prefix('/') {
        join_normalized(origin.content_dir, rooted)
    } else {
        join_normalized(origin.dir, &decoded)
    };
    match resolver.page_url(&target) {
        Some(url) => Ok(match fragment {
            Some(fragment) => format!("{url}#{fragment}"),
            None => url,
        }),
        None => Err((
            t!(
                Render::DeadLink,
                dest,
                target = shown(&target, origin.content_dir)
            ),
            tr!(Render::DeadLinkHelp),
        )),
    }
}

fn shown(target: &Path, content_dir: &Path) -> String {
    match target.strip_prefix(content_dir) {
        Ok(path) => format!("content/{}", path.display()),
        Err(_) => target.display().to_string(),
    }
}

//! Markdown to HTML with pulldown-cmark: GFM extensions, heading anchors that keep the heading's
//! own characters, `.md` links rewritten to page addresses, code highlighted with CSS classes,
//! and images handed to the image pipeline.
//!
//! `render` walks pulldown-cmark's events once through a `Renderer`, which hands each kind of
//! event to the room that owns it:
//!
//! - `headings`: anchors and their unique ids;
//! - `links`: `.md` links and images resolved against the page's folder;
//! - `code`: fenced and indented code blocks, highlighted;
//! - `raw_html`: raw HTML sanitised, with a warning at the line of what was removed.

mod code;
mod headings;
pub mod highlight;
mod links;
mod raw_html;
pub mod sanitize;

use crate::diagnostics::Diagnostic;
use headings::HeadingIds;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use std::path::Path;

pub use headings::anchor;
pub use links::join_normalized;

#[derive(Debug, Clone, Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
    pub has_code: bool,
    pub diags: Vec<Diagnostic>,
}

/// What rendering needs from the rest of the build.
pub trait Resolver: Sync {
    /// The address (with the site's base path) of the page written in `md_file`, if any.
    fn page_url(&self, md_file: &Path) -> Option<String>;
    /// `<picture>` markup for an image file, or a message saying why it cannot be used.
    fn image_html(&self, file: &Path, alt: &str) -> Result<String, String>;
    /// The path part of base_url (`/xuexizhou/2022/`): `/`-rooted links are under it.
    fn base_path(&self) -> &str {
        "/"
    }
}

/// Where the Markdown comes from, for resolving relative names and reporting lines.
pub struct Origin<'a> {
    pub rel: &'a Path,
    /// The whole file's text, to show offending lines.
    pub file_text: &'a str,
    pub body_line: usize,
    /// The folder relative links and images are resolved against.
    pub dir: &'a Path,
    pub content_dir: &'a Path,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
}

pub fn render(markdown: &str, origin: &Origin, resolver: &dyn Resolver) -> Rendered {
    let mut renderer = Renderer {
        markdown,
        origin,
        resolver,
        out: Rendered::default(),
        events: Vec::new(),
        heading_ids: HeadingIds::default(),
        code: None,
        image: None,
        html_block: None,
        skip_inline: None,
        links: Vec::new(),
        block_diags: Vec::new(),
    };
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        renderer.take(event, range.start);
    }
    renderer.finish()
}

/// An image being read: its address, its alt text so far, and its offset in the Markdown.
struct OpenImage {
    dest: String,
    alt: String,
    offset: usize,
}

/// The state of one `render`: the events to write, and what is open while its parts arrive.
struct Renderer<'src, 'ctx> {
    markdown: &'src str,
    origin: &'ctx Origin<'ctx>,
    resolver: &'ctx dyn Resolver,
    out: Rendered,
    events: Vec<Event<'src>>,
    heading_ids: HeadingIds,
    /// An open code block: its language and its text so far.
    code: Option<(String, String)>,
    image: Option<OpenImage>,
    /// Raw HTML is sanitised (see `sanitize`): an HTML block as a whole, with its lines and their
    /// offsets to point the warning at; inline HTML a tag at a time.
    html_block: Option<(usize, raw_html::RawLines)>,
    /// The inline element whose content is dropped up to its closing tag (`<script>…</script>`).
    skip_inline: Option<String>,
    /// One entry per open link: whether its address was refused (then neither tag is written).
    links: Vec<bool>,
    /// Diagnostics of HTML blocks, reported after all the others.
    block_diags: Vec<Diagnostic>,
}

impl<'src> Renderer<'src, '_> {
    /// One event of the parser, at `offset` in the Markdown.
    fn take(&mut self, event: Event<'src>, offset: usize) {
        if self.skipping_inline(&event) {
            return;
        }
        // An open image or code block takes every event up to its end.
        if self.image.is_some() {
            self.take_image_part(event);
            return;
        }
        if self.code.is_some() {
            self.take_code_part(event);
            return;
        }
        match event {
            Event::Start(Tag::Heading { .. }) => self.start_heading(event),
            Event::End(TagEnd::Heading(level)) => self.end_heading(level),
            Event::Text(_) | Event::Code(_) => {
                self.heading_ids.add_text(&event);
                self.events.push(event);
            }
            Event::Start(Tag::CodeBlock(kind)) => self.start_code(kind),
            Event::Start(Tag::Image { dest_url, .. }) => {
                self.image = Some(OpenImage {
                    dest: dest_url.to_string(),
                    alt: String::new(),
                    offset,
                });
            }
            Event::Start(Tag::HtmlBlock) => self.html_block = Some((offset, Vec::new())),
            Event::Html(text) => self.html(&text, offset),
            Event::End(TagEnd::HtmlBlock) => self.end_html_block(),
            Event::InlineHtml(text) => self.inline_html(&text, offset),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => self.start_link(link_type, dest_url, title, id, offset),
            Event::End(TagEnd::Link) => {
                if !self.links.pop().unwrap_or(false) {
                    self.events.push(Event::End(TagEnd::Link));
                }
            }
            other => self.events.push(other),
        }
    }

    /// `diag` pointed at `offset` in the Markdown, as a line and column of the whole file.
    fn at(&self, diag: Diagnostic, offset: usize) -> Diagnostic {
        let before = &self.markdown[..offset.min(self.markdown.len())];
        let line = self.origin.body_line + before.matches('\n').count();
        let column = before
            .rsplit('\n')
            .next()
            .map(|l| l.chars().count())
            .unwrap_or(0)
            + 1;
        diag.at(self.origin.file_text, line, column)
    }

    fn finish(mut self) -> Rendered {
        self.out.diags.append(&mut self.block_diags);
        pulldown_cmark::html::push_html(&mut self.out.html, self.events.into_iter());
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::links::percent_decode;
    use super::*;

    struct TestResolver;
    impl Resolver for TestResolver {
        fn page_url(&self, md_file: &Path) -> Option<String> {
            (md_file == Path::new("/c/cases/a.md")).then(|| "/base/cases/a/".to_string())
        }
        fn image_html(&self, file: &Path, alt: &str) -> Result<String, String> {
            Ok(format!("<img alt=\"{alt}\" data-f=\"{}\">", file.display()))
        }
    }

    pub(super) fn render_str(md: &str) -> Rendered {
        let origin = Origin {
            rel: Path::new("content/events/x.md"),
            file_text: md,
            body_line: 1,
            dir: Path::new("/c/events"),
            content_dir: Path::new("/c"),
        };
        render(md, &origin, &TestResolver)
    }

    #[test]
    fn anchors_keep_chinese_and_stay_unique() {
        let rendered = render_str("## 活动简介\n\n## 活动简介\n\n## Hello World!\n");
        assert!(
            rendered.html.contains("<h2 id=\"活动简介\">"),
            "{}",
            rendered.html
        );
        assert!(
            rendered.html.contains("<h2 id=\"活动简介-1\">"),
            "{}",
            rendered.html
        );
        assert!(
            rendered.html.contains("<h2 id=\"hello-world\">"),
            "{}",
            rendered.html
        );
    }

    #[test]
    fn md_links_become_page_urls_and_dangling_ones_are_errors() {
        let rendered =
            render_str("见[案例](../cases/a.md#做法)。\n\n第二行[坏链接](../cases/b.md)\n");
        assert!(
            rendered
                .html
                .contains("href=\"/base/cases/a/#%E5%81%9A%E6%B3%95\""),
            "{}",
            rendered.html
        );
        assert_eq!(rendered.diags.len(), 1);
        assert_eq!(rendered.diags[0].line, 3);
        assert!(rendered.diags[0].message.contains("../cases/b.md"));
    }

    #[test]
    fn gfm_extensions() {
        let rendered = render_str(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~删~~\n\n- [x] 完成\n\n注[^1]\n\n[^1]: 脚注\n",
        );
        assert!(rendered.html.contains("<table>"));
        assert!(rendered.html.contains("<del>"));
        assert!(rendered.html.contains("type=\"checkbox\""));
        assert!(rendered.html.contains("footnote"));
    }

    #[test]
    fn images_go_to_the_resolver() {
        let rendered = render_str("![学员 合影](photo%201.jpg)\n");
        assert!(
            rendered.html.contains("alt=\"学员 合影\""),
            "{}",
            rendered.html
        );
        assert!(
            rendered.html.contains("/c/events/photo 1.jpg"),
            "{}",
            rendered.html
        );
    }

    #[test]
    fn percent_decoding_never_slices_a_character() {
        assert_eq!(percent_decode("%中文.md"), "%中文.md");
        assert_eq!(percent_decode("x%中.jpg"), "x%中.jpg");
        assert_eq!(percent_decode("a%e4%b8%ad"), "a中");
        assert_eq!(percent_decode("%"), "%");
        assert_eq!(percent_decode("a%"), "a%");
        assert_eq!(percent_decode("a%4"), "a%4");
        assert_eq!(percent_decode("%Z1"), "%Z1");
        assert_eq!(percent_decode("%+1"), "%+1");
        assert_eq!(percent_decode("%4中"), "%4中");
        assert_eq!(percent_decode("%E4%B8"), "\u{fffd}");
        assert_eq!(percent_decode("%20%41"), " A");
    }

    #[test]
    fn a_percent_before_chinese_in_links_and_images_is_an_error_not_a_panic() {
        for md in [
            "[说明](%中文.md)\n",
            "[说明](%中文)\n",
            "![图](x%中.jpg)\n",
            "![图](%)\n",
            "![图](%Z)\n",
            "[说明](%E4%B8.md)\n",
            "[说明](a%)\n",
            "见[说明][1]。\n\n[1]: %中文.md\n",
            "![图][p]\n\n[p]: 照片%中.jpg\n",
        ] {
            let rendered = render_str(md);
            assert!(!rendered.html.is_empty(), "{md}");
        }
        let rendered = render_str("第一行\n\n[说明](%中文.md)\n");
        assert_eq!(rendered.diags.len(), 1, "{:?}", rendered.diags);
        assert_eq!(rendered.diags[0].line, 3);
        assert!(
            rendered.diags[0].message.contains("%中文.md"),
            "{}",
            rendered.diags[0].message
        );
    }

    #[test]
    fn code_is_highlighted_with_classes() {
        let rendered = render_str("```rust\nfn main() {}\n```\n");
        assert!(rendered.has_code);
        assert!(rendered.html.contains("class="), "{}", rendered.html);
        assert!(!rendered.html.contains("style="), "{}", rendered.html);
    }
}

//! Markdown to HTML with pulldown-cmark: GFM extensions, heading anchors that keep the heading's
//! own characters, `.md` links rewritten to page addresses, code highlighted with CSS classes,
//! and images handed to the image pipeline.

use crate::diagnostics::Diagnostic;
use crate::highlight;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

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

/// A heading's anchor: its own characters (letters and ideographs, digits, `-`, `_`), spaces as
/// `-`, ASCII lower-cased; punctuation dropped.
pub fn anchor(text: &str) -> String {
    let mut out = String::new();
    for c in text.trim().chars() {
        if c.is_whitespace() {
            if !out.ends_with('-') {
                out.push('-');
            }
        } else if c.is_alphanumeric() || c == '-' || c == '_' {
            out.extend(c.to_lowercase());
        }
    }
    let out = out.trim_matches('-').to_string();
    if out.is_empty() {
        "section".into()
    } else {
        out
    }
}

/// Lexically resolves `rel` against `base` (no file system access; `..` pops a component).
pub fn join_normalized(base: &Path, rel: &str) -> PathBuf {
    let mut out = base.to_path_buf();
    for comp in Path::new(rel).components() {
        match comp {
            Component::ParentDir => {
                out.pop();
            }
            Component::Normal(c) => out.push(c),
            Component::RootDir | Component::Prefix(_) | Component::CurDir => {}
        }
    }
    out
}

/// `%XX` escapes to bytes. Works on bytes only: staff text is mostly Chinese, and a `%` before a
/// multi-byte character (`%中文.md`) is not an escape and must not be sliced as one.
fn percent_decode(s: &str) -> String {
    let hex = |b: Option<&u8>| b.and_then(|b| (*b as char).to_digit(16));
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            if let (Some(hi), Some(lo)) = (hex(bytes.get(i + 1)), hex(bytes.get(i + 2))) {
                out.push((hi * 16 + lo) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn is_external(dest: &str) -> bool {
    dest.contains("://")
        || dest.starts_with("mailto:")
        || dest.starts_with("tel:")
        || dest.starts_with("//")
}

/// The lines of a raw HTML block, each with its offset in the Markdown.
type RawLines = Vec<(String, usize)>;

pub fn render(markdown: &str, origin: &Origin, resolver: &dyn Resolver) -> Rendered {
    let mut out = Rendered::default();
    let line_of = |offset: usize| {
        origin.body_line + markdown[..offset.min(markdown.len())].matches('\n').count()
    };
    let col_of = |offset: usize| {
        let before = &markdown[..offset.min(markdown.len())];
        before
            .rsplit('\n')
            .next()
            .map(|l| l.chars().count())
            .unwrap_or(0)
            + 1
    };

    let mut events: Vec<Event> = Vec::new();
    let mut used_ids: HashSet<String> = HashSet::new();
    let mut id_counts: HashMap<String, usize> = HashMap::new();
    // Index into `events` of an open heading, and its text so far.
    let mut open_heading: Option<(usize, String)> = None;
    let mut code: Option<(String, String)> = None;
    let mut image: Option<(String, String, usize)> = None;
    // Raw HTML is sanitised (see `sanitize`): an HTML block as a whole, with its lines and their
    // offsets to point the warning at; inline HTML a tag at a time.
    let mut html_block: Option<(usize, RawLines)> = None;
    let mut skip_inline: Option<String> = None;
    // One entry per open link: whether its address was refused (then neither tag is written).
    let mut links: Vec<bool> = Vec::new();
    let raw_html_warning = |kinds: &[&str], offset: usize| {
        Diagnostic::warning(
            origin.rel,
            format!(
                "raw HTML here contains {}: removed, the rest is published",
                kinds.join(", ")
            ),
        )
        .at(origin.file_text, line_of(offset), col_of(offset))
        .help("pages of the site must not run code or show forms or other sites inside them: delete that part to silence this warning, and link to what it showed instead: [报名表](https://…)")
    };

    let mut block_diags = Vec::new();
    let mut clean_html_block = |lines: &RawLines, start: usize| -> String {
        let text: String = lines.iter().map(|(l, _)| l.as_str()).collect();
        match crate::sanitize::clean_block(&text) {
            Ok(c) => {
                if !c.removed.is_empty() {
                    // The first line that is unsafe on its own; else the block's first line.
                    let at = lines
                        .iter()
                        .find(|(l, _)| {
                            crate::sanitize::clean_block(l).is_ok_and(|c| !c.removed.is_empty())
                        })
                        .map_or(start, |(_, o)| *o);
                    block_diags.push(raw_html_warning(&c.removed, at));
                }
                c.html
            }
            Err(depth) => {
                block_diags.push(
                    Diagnostic::error(
                        origin.rel,
                        format!(
                            "raw HTML here nests {depth} elements deep, more than the {} a page may have",
                            crate::sanitize::MAX_DEPTH
                        ),
                    )
                    .at(origin.file_text, line_of(start), col_of(start))
                    .help("close the tags you open (<div> … </div>), or paste the text without its formatting"),
                );
                String::new()
            }
        }
    };

    for (ev, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        if let Some(name) = &skip_inline {
            match &ev {
                Event::InlineHtml(t)
                    if t.trim()
                        .to_ascii_lowercase()
                        .starts_with(&format!("</{name}")) =>
                {
                    skip_inline = None;
                    continue;
                }
                Event::Text(_)
                | Event::Code(_)
                | Event::SoftBreak
                | Event::HardBreak
                | Event::InlineHtml(_) => continue,
                _ => skip_inline = None,
            }
        }
        if let Some((_, alt, _)) = image.as_mut() {
            match &ev {
                Event::Text(t) | Event::Code(t) => {
                    alt.push_str(t);
                    continue;
                }
                Event::End(TagEnd::Image) => {
                    let (dest, alt, offset) = image.take().unwrap_or_default();
                    let file = if let Some(rooted) = dest.strip_prefix('/') {
                        join_normalized(origin.content_dir, rooted)
                    } else {
                        join_normalized(origin.dir, &percent_decode(&dest))
                    };
                    let html = match resolver.image_html(&file, &alt) {
                        Ok(h) => h,
                        Err(msg) => {
                            out.diags.push(
                                Diagnostic::error(origin.rel, msg)
                                    .at(origin.file_text, line_of(offset), col_of(offset))
                                    .help("put the image file beside the page and check the spelling of its name (upper and lower case count)"),
                            );
                            String::new()
                        }
                    };
                    if alt.trim().is_empty() {
                        out.diags.push(
                            Diagnostic::error(origin.rel, format!("image \"{dest}\" has no description"))
                                .at(origin.file_text, line_of(offset), col_of(offset))
                                .help("describe it for readers who cannot see it: ![学员在练习书法](photo.jpg)"),
                        );
                    }
                    events.push(Event::Html(html.into()));
                    continue;
                }
                _ => continue,
            }
        }
        if let Some((lang, text)) = code.as_mut() {
            match ev {
                Event::Text(t) => {
                    text.push_str(&t);
                    continue;
                }
                Event::End(TagEnd::CodeBlock) => {
                    let (lang, text) = code.take().unwrap_or_default();
                    out.has_code = true;
                    events.push(Event::Html(highlight::code_block(&text, &lang).into()));
                    continue;
                }
                _ => {
                    let _ = lang;
                    continue;
                }
            }
        }
        match ev {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                open_heading = Some((events.len(), String::new()));
                events.push(Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some((idx, text)) = open_heading.take() {
                    let base = anchor(&text);
                    let mut id = base.clone();
                    while used_ids.contains(&id) {
                        let n = id_counts.entry(base.clone()).or_insert(0);
                        *n += 1;
                        id = format!("{base}-{n}");
                    }
                    used_ids.insert(id.clone());
                    if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[idx] {
                        *slot = Some(CowStr::from(id.clone()));
                    }
                    out.headings.push(Heading {
                        level: heading_number(level),
                        id,
                        text: text.trim().to_string(),
                    });
                }
                events.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Text(t) => {
                if let Some((_, h)) = open_heading.as_mut() {
                    h.push_str(&t);
                }
                events.push(Event::Text(t));
            }
            Event::Code(t) => {
                if let Some((_, h)) = open_heading.as_mut() {
                    h.push_str(&t);
                }
                events.push(Event::Code(t));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(l) => {
                        l.split([' ', ',']).next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                image = Some((dest_url.to_string(), String::new(), range.start));
            }
            Event::Start(Tag::HtmlBlock) => html_block = Some((range.start, Vec::new())),
            Event::Html(t) => match html_block.as_mut() {
                Some((_, lines)) => lines.push((t.to_string(), range.start)),
                None => {
                    let lines = vec![(t.to_string(), range.start)];
                    events.push(Event::Html(clean_html_block(&lines, range.start).into()));
                }
            },
            Event::End(TagEnd::HtmlBlock) => {
                if let Some((start, lines)) = html_block.take() {
                    events.push(Event::Html(clean_html_block(&lines, start).into()));
                }
            }
            Event::InlineHtml(t) => {
                let tag = crate::sanitize::clean_inline_tag(&t);
                if !tag.removed.is_empty() {
                    out.diags.push(raw_html_warning(&tag.removed, range.start));
                }
                skip_inline = tag.skip_until;
                if !tag.html.is_empty() {
                    events.push(Event::InlineHtml(tag.html.into()));
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) if !crate::sanitize::safe_url(&dest_url) => {
                out.diags.push(
                    Diagnostic::warning(
                        origin.rel,
                        format!("the link \"{dest_url}\" is not published (links go to http://, https://, mailto: or tel: addresses); its text is"),
                    )
                    .at(origin.file_text, line_of(range.start), col_of(range.start))
                    .help("write the address of a web page, as in [报名](https://…), or remove the link"),
                );
                links.push(true);
            }
            Event::End(TagEnd::Link) => {
                if !links.pop().unwrap_or(false) {
                    events.push(Event::End(TagEnd::Link));
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                links.push(false);
                let dest =
                    rewrite_link(&dest_url, origin, resolver).unwrap_or_else(|(msg, help)| {
                        out.diags.push(
                            Diagnostic::error(origin.rel, msg)
                                .at(origin.file_text, line_of(range.start), col_of(range.start))
                                .help(help),
                        );
                        dest_url.to_string()
                    });
                events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest.into(),
                    title,
                    id,
                }));
            }
            other => events.push(other),
        }
    }
    out.diags.append(&mut block_diags);
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    out
}

fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// A link to a `.md` file becomes that page's address; a `/`-rooted link goes under the site's
/// base path; other links stay as they are. Errors are (message, help).
fn rewrite_link(
    dest: &str,
    origin: &Origin,
    resolver: &dyn Resolver,
) -> Result<String, (String, String)> {
    if is_external(dest) || dest.starts_with('#') {
        return Ok(dest.to_string());
    }
    let (path_part, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f)),
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
                format!("the link \"{dest}\" points at a file beside the page, which is not published (only pages and images are)"),
                format!("put the file in the site's static/ folder, for example static/files/{name}, and link to /files/{name}"),
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
            Some(f) => format!("{url}#{f}"),
            None => url,
        }),
        None => Err((
            format!("the link \"{dest}\" points at no page (no published file {})", shown(&target, origin.content_dir)),
            "check the file name and the folders (`../` goes up one folder); the link is relative to this page's file".into(),
        )),
    }
}

fn shown(target: &Path, content_dir: &Path) -> String {
    match target.strip_prefix(content_dir) {
        Ok(p) => format!("content/{}", p.display()),
        Err(_) => target.display().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct R;
    impl Resolver for R {
        fn page_url(&self, md: &Path) -> Option<String> {
            (md == Path::new("/c/cases/a.md")).then(|| "/base/cases/a/".to_string())
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
        render(md, &origin, &R)
    }

    #[test]
    fn anchors_keep_chinese_and_stay_unique() {
        let r = render_str("## 活动简介\n\n## 活动简介\n\n## Hello World!\n");
        assert!(r.html.contains("<h2 id=\"活动简介\">"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"活动简介-1\">"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"hello-world\">"), "{}", r.html);
    }

    #[test]
    fn md_links_become_page_urls_and_dangling_ones_are_errors() {
        let r = render_str("见[案例](../cases/a.md#做法)。\n\n第二行[坏链接](../cases/b.md)\n");
        assert!(
            r.html
                .contains("href=\"/base/cases/a/#%E5%81%9A%E6%B3%95\""),
            "{}",
            r.html
        );
        assert_eq!(r.diags.len(), 1);
        assert_eq!(r.diags[0].line, 3);
        assert!(r.diags[0].message.contains("../cases/b.md"));
    }

    #[test]
    fn gfm_extensions() {
        let r = render_str(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~删~~\n\n- [x] 完成\n\n注[^1]\n\n[^1]: 脚注\n",
        );
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("<del>"));
        assert!(r.html.contains("type=\"checkbox\""));
        assert!(r.html.contains("footnote"));
    }

    #[test]
    fn images_go_to_the_resolver() {
        let r = render_str("![学员 合影](photo%201.jpg)\n");
        assert!(r.html.contains("alt=\"学员 合影\""), "{}", r.html);
        assert!(r.html.contains("/c/events/photo 1.jpg"), "{}", r.html);
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
            let r = render_str(md);
            assert!(!r.html.is_empty(), "{md}");
        }
        let r = render_str("第一行\n\n[说明](%中文.md)\n");
        assert_eq!(r.diags.len(), 1, "{:?}", r.diags);
        assert_eq!(r.diags[0].line, 3);
        assert!(
            r.diags[0].message.contains("%中文.md"),
            "{}",
            r.diags[0].message
        );
    }

    #[test]
    fn code_is_highlighted_with_classes() {
        let r = render_str("```rust\nfn main() {}\n```\n");
        assert!(r.has_code);
        assert!(r.html.contains("class="), "{}", r.html);
        assert!(!r.html.contains("style="), "{}", r.html);
    }
}

#[cfg(test)]
mod raw_html_tests {
    // The same resolver and helper as the other tests (a link to cases/a.md resolves there).
    use super::tests::render_str;

    fn warnings(r: &super::Rendered) -> Vec<(usize, String)> {
        r.diags
            .iter()
            .map(|d| {
                assert!(!d.is_error(), "{}", d.render());
                (d.line, d.message.clone())
            })
            .collect()
    }

    #[test]
    fn scripts_frames_and_handlers_are_removed_with_a_warning_at_their_line() {
        let md = "第一段。\n\n<div>\n<p>报名</p>\n<img src=\"a.jpg\" onerror=\"alert(1)\">\n</div>\n\n<script>\nalert(1)\n</script>\n\n<iframe src=\"https://v.qq.com/x\"></iframe>\n\n正文<script>alert(2)</script>继续，<a href=\"javascript:alert(3)\">点我</a>。\n";
        let r = render_str(md);
        let h = &r.html;
        for gone in ["script", "alert", "onerror", "iframe", "javascript"] {
            assert!(!h.contains(gone), "{gone} in {h}");
        }
        assert!(
            h.contains("<p>报名</p>") && h.contains("<img src=\"a.jpg\">"),
            "{h}"
        );
        assert!(
            h.contains("正文继续，<a rel=\"noopener noreferrer\">点我</a>。"),
            "{h}"
        );
        let mut w = warnings(&r);
        w.sort_by_key(|(l, _)| *l);
        let lines: Vec<usize> = w.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, vec![5, 8, 12, 14, 14], "{w:?}");
        assert!(w[0].1.contains("event handler"), "{w:?}");
        assert!(w[1].1.contains("a script"), "{w:?}");
        assert!(w[2].1.contains("embedded frame"), "{w:?}");
    }

    #[test]
    fn markdown_links_to_javascript_keep_only_their_text() {
        let r = render_str("前[点我](javascript:alert(1))后 <javascript:alert(2)> [好](https://a.cn/)\n\n[x]: vbscript:x\n\n[参考][x]\n");
        assert!(
            !r.html.contains("href=\"javascript") && !r.html.contains("vbscript"),
            "{}",
            r.html
        );
        assert!(r.html.contains("前点我后"), "{}", r.html);
        assert!(
            r.html.contains("<a href=\"https://a.cn/\">好</a>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<p>参考</p>"), "{}", r.html);
        let w = warnings(&r);
        assert_eq!(w.len(), 3, "{w:?}");
        assert!(
            w[0].1
                .contains("the link \"javascript:alert(1)\" is not published"),
            "{w:?}"
        );
        assert_eq!(w[2].0, 5);
    }

    #[test]
    fn a_wechat_paste_keeps_its_text_and_safe_markup_silently() {
        let md = "<section style=\"margin: 0px; color: rgb(62, 62, 62); box-sizing: border-box;\" data-tools=\"135编辑器\"><p style=\"text-align: center;\"><span style=\"font-size: 18px; color: rgb(255, 0, 0);\"><strong>全民终身学习活动周</strong></span></p><p><span>欢迎参加</span><br></p></section>\n\n普通<span style=\"color: red;\">红字</span>。\n";
        let r = render_str(md);
        assert!(r.diags.is_empty(), "{:?}", warnings(&r));
        let h = &r.html;
        assert!(
            h.contains("<section style=\"margin:0px;color:rgb(62, 62, 62)\">"),
            "{h}"
        );
        assert!(h.contains("<p style=\"text-align:center\"><span style=\"font-size:18px;color:rgb(255, 0, 0)\"><strong>全民终身学习活动周</strong></span></p>"), "{h}");
        assert!(h.contains("<span>欢迎参加</span><br>"), "{h}");
        assert!(
            h.contains("普通<span style=\"color:red\">红字</span>。"),
            "{h}"
        );
    }

    #[test]
    fn raw_html_nested_too_deep_is_an_error_at_its_line() {
        let md = format!(
            "正文\n\n{}x{}\n",
            "<div>".repeat(5000),
            "</div>".repeat(5000)
        );
        let r = render_str(&md);
        assert_eq!(r.diags.len(), 1);
        assert!(
            r.diags[0].is_error() && r.diags[0].line == 3,
            "{}",
            r.diags[0].render()
        );
        assert!(r.diags[0].message.contains("5000 elements deep"));
        assert!(!r.html.contains("<div>"));
    }

    #[test]
    fn xuezhou_s_own_markup_is_left_alone() {
        let r = render_str("## 标题\n\n![合影](a.jpg)\n\n```rust\nfn main() {}\n```\n");
        assert!(r.html.contains("<h2 id=\"标题\">"), "{}", r.html);
        assert!(r.html.contains("<img alt=\"合影\" data-f="), "{}", r.html);
        assert!(r.html.contains("class="), "{}", r.html);
    }
}

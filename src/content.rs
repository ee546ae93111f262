//! Reads content/: finds pages and bundles, splits front matter from Markdown and turns each file
//! into a checked `Page` (or a section's `_index.md` into a `Section`).

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::page::{self, Fields, Kind, Page, Source};
use crate::slug;
use crate::yaml;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A section's `_index.md`: the title and intro of a list page.
#[derive(Debug, Clone)]
pub struct Section {
    pub name: String,
    pub title: Option<String>,
    pub body: String,
    pub body_line: usize,
    pub source: Arc<Source>,
}

#[derive(Debug, Default)]
pub struct Content {
    pub pages: Vec<Page>,
    /// By section name; `""` is content/_index.md (the home page's intro).
    pub sections: HashMap<String, Section>,
    /// Files that are pages but were left out because of errors (already reported): a link to
    /// one is not reported again as pointing at no page.
    pub failed: Vec<PathBuf>,
}

/// Front matter and body of a Markdown file.
pub struct Split<'a> {
    pub front_matter: &'a str,
    /// File line of the first front-matter line (the one after `---`).
    pub fm_first_line: usize,
    pub body: &'a str,
    pub body_line: usize,
}

/// Splits `---\nYAML\n---\nbody`. `text` must already have `\n` line endings and no BOM.
pub fn split_front_matter(text: &str) -> Result<Split<'_>, (usize, String, String)> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        return Err((
            1,
            "this file does not start with front matter".into(),
            "put a line `---` first, then the fields (`title: ...`), then another `---` line, then the text".into(),
        ));
    }
    let fm_start = first.len();
    let mut offset = fm_start;
    let mut line_no = 1;
    for line in lines {
        line_no += 1;
        if line.trim_end() == "---" || line.trim_end() == "..." {
            let front_matter = &text[fm_start..offset];
            let body_start = offset + line.len();
            return Ok(Split {
                front_matter,
                fm_first_line: 2,
                body: &text[body_start..],
                body_line: line_no + 1,
            });
        }
        offset += line.len();
    }
    Err((
        1,
        "the front matter that starts on line 1 is never closed".into(),
        "add a line `---` after the last field, before the text of the page".into(),
    ))
}

/// Normalises what editors write: a UTF-8 byte-order mark (Notepad) and CRLF line endings.
pub fn normalize_text(raw: &str) -> String {
    raw.trim_start_matches('\u{feff}').replace("\r\n", "\n")
}

/// Top-level addresses the site makes itself (lists, term pages, calendar, tables, search).
const RESERVED: &[(&str, &str)] = &[
    ("events", "list of events"),
    ("cases", "list of case stories"),
    ("stars", "list of 百姓学习之星"),
    ("reading", "list of reading lists"),
    ("towns", "list of towns"),
    ("categories", "list of categories"),
    ("topics", "list of topics"),
    ("audiences", "list of audiences"),
    ("calendar", "calendar"),
    ("tables", "tables"),
    ("search", "search page"),
];

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
        if let Some(r) = refusal {
            if ft.is_dir() {
                walk.skip_current_dir();
            }
            let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
            let help = match r {
                crate::files::Refusal::Outside(_) => {
                    "copy the file (or folder) itself into content/ instead of a link to it"
                }
                _ => "remove it from content/, or save the page there as an ordinary .md file",
            };
            diags.push(
                Diagnostic::error(
                    rel,
                    format!("{} {}", crate::output::slash(rel), r.describe()),
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

/// Editors leave `.#x.md`, `x.md~` and `.x.md.swp`; they are not pages.
pub fn is_hidden(name: &std::ffi::OsStr) -> bool {
    let n = name.to_string_lossy();
    (n.starts_with('.') && n != ".") || n.ends_with('~') || n.starts_with('#')
}

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
        if let Some((len, mtime, l)) = self
            .files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(file)
        {
            if (*len, *mtime) == stamp && stamp.1.is_some() {
                return l.clone();
            }
        }
        let l = load();
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(file.to_path_buf(), (stamp.0, stamp.1, l.clone()));
        l
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
        diags.push(
            Diagnostic::error("content", "there is no content/ folder").help(
                "create content/ with your pages in it, or make a new site with `xuezhou init DIR`",
            ),
        );
        return Content::default();
    }
    let files = markdown_files(root, &content_dir, diags);
    let loaded: Vec<Loaded> = files
        .par_iter()
        .map(|f| match cache {
            Some(c) => c.get_or_load(f, || load_file(root, &content_dir, f, config, drafts)),
            None => load_file(root, &content_dir, f, config, drafts),
        })
        .collect();

    let mut content = Content::default();
    let mut by_path: HashMap<String, PathBuf> = HashMap::new();
    for (l, file) in loaded.into_iter().zip(&files) {
        if l.item.is_none() && l.diags.iter().any(Diagnostic::is_error) {
            content.failed.push(file.clone());
        }
        diags.extend(l.diags);
        match l.item {
            Some(Item::Page(p)) => {
                if let Some(first) = by_path.get(&p.path) {
                    // At its `slug:` when it has one: that is what gave it the address.
                    let (line, col) = p.marks.value(&["slug"]).unwrap_or((1, 1));
                    diags.push(
                        Diagnostic::error(
                            &p.source.rel,
                            format!(
                                "two pages have the address /{}: this one and {}",
                                p.path,
                                first.display()
                            ),
                        )
                        .at(&p.source.text, line, col)
                        .help("rename one of the files, or give one a different `slug:`"),
                    );
                    content.failed.push(p.source.abs.clone());
                    continue;
                }
                by_path.insert(p.path.clone(), p.source.rel.clone());
                content.pages.push(*p);
            }
            Some(Item::Section(s)) => {
                content.sections.insert(s.name.clone(), s);
            }
            None => {}
        }
    }
    content
}

#[derive(Clone)]
enum Item {
    Page(Box<Page>),
    Section(Section),
}

#[derive(Clone)]
struct Loaded {
    item: Option<Item>,
    diags: Vec<Diagnostic>,
}

fn load_file(
    root: &Path,
    content_dir: &Path,
    file: &Path,
    config: &Config,
    drafts: bool,
) -> Loaded {
    let rel = file.strip_prefix(root).unwrap_or(file).to_path_buf();
    let fail = |d: Diagnostic| Loaded {
        item: None,
        diags: vec![d],
    };
    let bytes =
        match crate::files::read(&crate::files::real_root(root), file, crate::files::MAX_TEXT) {
            Ok(b) => b,
            Err(crate::files::Refusal::TooBig(size, limit)) => return fail(
                Diagnostic::error(
                    &rel,
                    format!(
                        "this file is {} MB; a page may be at most {} MB",
                        size.div_ceil(1 << 20),
                        limit >> 20
                    ),
                )
                .help("check that it is the right file; split a very long text into several pages"),
            ),
            Err(r) => {
                return fail(Diagnostic::error(
                    &rel,
                    format!("this file {}", r.describe()),
                ))
            }
        };
    let raw = match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            // Point at the first line that is not UTF-8 (shown as well as it can be).
            let bytes = e.as_bytes();
            let bad = e.utf8_error().valid_up_to();
            let line = bytes[..bad].iter().filter(|b| **b == b'\n').count() + 1;
            let line_start = bytes[..bad]
                .iter()
                .rposition(|b| *b == b'\n')
                .map_or(0, |i| i + 1);
            let col = String::from_utf8_lossy(&bytes[line_start..bad])
                .chars()
                .count()
                + 1;
            let shown = String::from_utf8_lossy(bytes).replace("\r\n", "\n");
            return fail(
                Diagnostic::error(
                    &rel,
                    "this file is not UTF-8 text (it may have been saved as GBK or \"ANSI\")",
                )
                .at(&shown, line, col)
                .help("save it again as \"UTF-8\" (in Notepad: 另存为 → 编码 UTF-8)"),
            );
        }
    };
    load_text(rel, file, content_dir, &raw, config, drafts)
}

/// A page file's text, read as a build reads the file `rel` (`content/events/x.md`, relative to
/// the site folder): its front matter parsed and checked. A section's `_index.md` gives no page.
/// The page's Markdown is then rendered by `markdown::render`. For the fuzzer (fuzz/) and tests:
/// it reads no file.
pub fn parse_page_text(
    rel: &Path,
    text: &str,
    config: &Config,
    drafts: bool,
) -> (Option<Page>, Vec<Diagnostic>) {
    let l = load_text(
        rel.to_path_buf(),
        rel,
        Path::new("content"),
        text,
        config,
        drafts,
    );
    match l.item {
        Some(Item::Page(p)) => (Some(*p), l.diags),
        _ => (None, l.diags),
    }
}

/// `load_file` after reading: `raw` is the file's text as saved.
fn load_text(
    rel: PathBuf,
    file: &Path,
    content_dir: &Path,
    raw: &str,
    config: &Config,
    drafts: bool,
) -> Loaded {
    let fail = |d: Diagnostic| Loaded {
        item: None,
        diags: vec![d],
    };
    let source = Arc::new(Source {
        rel: rel.clone(),
        abs: file.to_path_buf(),
        text: normalize_text(raw),
    });
    let text = &source.text;
    let split = match split_front_matter(text) {
        Ok(s) => s,
        Err((line, msg, help)) => {
            return fail(Diagnostic::error(&rel, msg).at(text, line, 1).help(help))
        }
    };
    let place = yaml::Place {
        path: &rel,
        file_text: text,
        first_line: split.fm_first_line,
    };
    let front = match yaml::parse_front_matter(split.front_matter, &place) {
        Ok(front) => front,
        Err(problem) => return fail(problem),
    };

    let in_content = file.strip_prefix(content_dir).unwrap_or(file);
    let comps: Vec<String> = in_content
        .iter()
        .map(|c| c.to_string_lossy().into_owned())
        .collect();
    let file_name = comps.last().cloned().unwrap_or_default();
    let stem = Path::new(&file_name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let section = if comps.len() > 1 {
        comps[0].clone()
    } else {
        String::new()
    };
    let dir = file.parent().unwrap_or(content_dir).to_path_buf();

    let mut fields = Fields::new(&front, &source);

    if stem == "_index" {
        let title = fields.string("title");
        let mut diags = fields.finish("a section's _index.md", &[]);
        if comps.len() > 2 {
            diags.push(Diagnostic::warning(&rel, "only top-level sections (content/NAME/_index.md) have a list page; this _index.md is not used").help("move it to content/NAME/_index.md or remove it"));
            return Loaded { item: None, diags };
        }
        let name = if comps.len() == 2 {
            section
        } else {
            String::new()
        };
        return Loaded {
            item: Some(Item::Section(Section {
                name,
                title,
                body: split.body.to_string(),
                body_line: split.body_line,
                source: source.clone(),
            })),
            diags,
        };
    }

    // A bundle is `SECTION/SLUG/index.md`; its folder holds its images.
    let is_bundle = stem == "index" && comps.len() >= 3;
    let file_slug = if is_bundle {
        comps[comps.len() - 2].clone()
    } else {
        stem.clone()
    };
    let kind = Kind::of_section(&section);
    let draft = page::read_draft(&mut fields);
    let parsed = page::read_front_matter(kind, &mut fields, config);
    let slug_override = parsed.as_ref().and_then(|p| p.slug.clone());
    let mut diags = fields.finish(page::kind_zh(kind), page::kind_keys(kind));
    for (line, col, placeholder) in page::body_placeholders(split.body, split.body_line) {
        diags.push(
            Diagnostic::error(
                &rel,
                format!("the text still reads {placeholder}, left by `xuezhou new` to be replaced"),
            )
            .at(text, line, col)
            .help("write the page's own text in its place, or delete the line"),
        );
    }
    // A draft that is not being published is still checked, but its problems are warnings: a
    // half-written page must not hold back the rest of the site.
    let is_draft = draft == Some(true);
    if is_draft && !drafts {
        for d in &mut diags {
            if d.is_error() {
                d.severity = crate::diagnostics::Severity::Warning;
                d.message = format!("{} (in a draft, not published)", d.message);
            }
        }
        return Loaded { item: None, diags };
    }
    // A `draft:` that is neither yes nor no is an error of its own: never guess "publish".
    let (Some(parsed), Some(_)) = (parsed, draft) else {
        return Loaded { item: None, diags };
    };
    let slug = slug_override.unwrap_or(file_slug);
    if !slug::is_valid_slug(&slug) {
        // At `slug:`, or at the front matter, where a `slug:` line would go.
        let at_slug = front.marks.value(&["slug"]);
        let (line, col) = at_slug.unwrap_or((1, 1));
        let suggested = slug::suggest_slug(&slug);
        let help = if at_slug.is_some() {
            format!("write `slug: {suggested}` (a-z, 0-9 and - only)")
        } else if is_bundle {
            format!("rename the folder to \"{suggested}\" or add `slug: {suggested}` to the front matter")
        } else {
            format!("rename the file to \"{suggested}.md\" or add `slug: {suggested}` to the front matter")
        };
        diags.push(
            Diagnostic::error(
                &rel,
                format!("the address of this page would be \"{slug}\", but addresses use only a-z, 0-9 and -"),
            )
            .at(text, line, col)
            .help(help),
        );
        return Loaded { item: None, diags };
    }
    // Nested folders below a section keep their path: content/events/2022/x.md -> events/2022/x/.
    let mut parts: Vec<String> = Vec::new();
    let dir_comps = if is_bundle {
        &comps[..comps.len() - 2]
    } else {
        &comps[..comps.len() - 1]
    };
    for c in dir_comps {
        if !slug::is_valid_slug(c) {
            diags.push(
                Diagnostic::error(&rel, format!("the folder \"{c}\" would be part of an address, but addresses use only a-z, 0-9 and -"))
                    .at(text, 1, 1)
                    .help(format!("rename the folder to \"{}\"", slug::suggest_slug(c))),
            );
            return Loaded { item: None, diags };
        }
        parts.push(c.clone());
    }
    parts.push(slug.clone());
    let path = format!("{}/", parts.join("/"));
    // A plain page or section may not take an address the site's own pages use.
    if kind == Kind::Plain {
        if let Some((_, what)) = RESERVED.iter().find(|(r, _)| *r == parts[0]) {
            let (line, col) = front
                .marks
                .value(&["slug"])
                .filter(|_| parts.len() == 1)
                .unwrap_or((1, 1));
            let top = &parts[0];
            let fix = if parts.len() == 1 {
                "rename the file or give it another `slug:`".to_string()
            } else {
                format!("rename the folder content/{top}/")
            };
            diags.push(
                Diagnostic::error(&rel, format!("the address /{top}/ is the site's {what}; a page of your own cannot have it"))
                    .at(text, line, col)
                    .help(format!("{fix}: the site makes /{top}/ itself")),
            );
            return Loaded { item: None, diags };
        }
    }

    let page = Page {
        kind,
        section,
        slug,
        path,
        source: source.clone(),
        dir,
        is_bundle,
        title: parsed.title,
        summary: parsed.summary,
        draft: is_draft,
        weight: parsed.weight,
        cover: parsed.cover,
        photos: parsed.photos,
        body: split.body.to_string(),
        body_line: split.body_line,
        details: parsed.details,
        marks: Arc::new(front.marks),
    };
    Loaded {
        item: Some(Item::Page(Box::new(page))),
        diags,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter() {
        let s = split_front_matter("---\ntitle: a\n---\nbody\n").unwrap();
        assert_eq!(s.front_matter, "title: a\n");
        assert_eq!(s.body, "body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let e = split_front_matter("---\ntitle: a\nbody\n").err().unwrap();
        assert!(e.1.contains("never closed"));
    }

    #[test]
    fn parse_page_text_reads_a_page_as_a_build_does() {
        let config =
            crate::config::parse(include_str!("../site.toml"), &Diagnostics::new()).unwrap();
        let text = "---\r\ntitle: 讲座\r\nstart: 2022-12-03 09:30\r\ntown: 湖塘镇\r\norganizer: 中心\r\ncategory: 讲座\r\nvenue: 活动室\r\n---\r\n正文\r\n";
        let (page, diags) =
            parse_page_text(Path::new("content/events/2022/x.md"), text, &config, false);
        assert!(diags.is_empty(), "{diags:?}");
        let page = page.unwrap();
        assert_eq!(
            (page.path.as_str(), page.body.as_str()),
            ("events/2022/x/", "正文\n")
        );
        let (page, diags) = parse_page_text(
            Path::new("content/events/y.md"),
            "---\ntitle: a\ntown: 某镇\n---\n",
            &config,
            false,
        );
        assert!(page.is_none());
        assert!(
            diags.iter().any(|d| d.line == 3 && d.is_error()),
            "{diags:?}"
        );
    }

    #[test]
    fn bom_and_crlf() {
        let t = normalize_text("\u{feff}---\r\ntitle: a\r\n---\r\nx\r\n");
        let s = split_front_matter(&t).unwrap();
        assert_eq!(s.front_matter, "title: a\n");
    }
}

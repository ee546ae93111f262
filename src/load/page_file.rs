//! One Markdown file becomes a checked `Page` (or a section's `_index.md` a `Section`): read
//! within the limits of `files`, split at its `---` lines, its front matter parsed by `yaml` and
//! checked by `front_matter`, and its address worked out from its place under content/.

use super::fields::Fields;
use super::front_matter::{self, kind_keys, kind_zh, Parsed};
use super::page::{Kind, Page, Section, Source};
use super::yaml;
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Severity};
use crate::messages::load::Load;
use crate::messages::{pick, Said};
use crate::slug;
use crate::{t, tr};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Front matter and body of a Markdown file.
pub struct Split<'a> {
    pub front_matter: &'a str,
    /// File line of the first front-matter line (the one after `---`).
    pub fm_first_line: usize,
    pub body: &'a str,
    pub body_line: usize,
}

/// Splits `---\nYAML\n---\nbody`. `text` must already have `\n` line endings and no BOM; `path`
/// is the file as shown in messages.
pub fn split_front_matter<'a>(path: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let problem =
        |message: Said, help: Said| Diagnostic::error(path, message).at(text, 1, 1).help(help);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        return Err(problem(
            t!(Load::NoFrontMatter),
            t!(Load::NoFrontMatterHelp),
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
    Err(problem(
        t!(Load::FrontMatterNotClosed),
        t!(Load::FrontMatterNotClosedHelp),
    ))
}

/// Normalises what editors write: a UTF-8 byte-order mark (Notepad) and CRLF line endings.
pub fn normalize_text(raw: &str) -> String {
    raw.trim_start_matches('\u{feff}').replace("\r\n", "\n")
}

/// Top-level addresses the site makes itself (lists, term pages, calendar, tables, search).
const RESERVED: &[(&str, &str, &str)] = &[
    ("events", "活动列表", "list of events"),
    ("cases", "案例列表", "list of case stories"),
    ("stars", "百姓学习之星列表", "list of 百姓学习之星"),
    ("reading", "书单列表", "list of reading lists"),
    ("towns", "镇街列表", "list of towns"),
    ("categories", "活动类别列表", "list of categories"),
    ("topics", "主题列表", "list of topics"),
    ("audiences", "面向对象列表", "list of audiences"),
    ("calendar", "日历", "calendar"),
    ("tables", "统计表", "tables"),
    ("search", "搜索页", "search page"),
];

/// What a file under content/ gives.
#[derive(Clone)]
pub(super) enum Item {
    /// Shared: serve's cache hands the same page to every rebuild until its file changes.
    Page(Arc<Page>),
    Section(Section),
}

/// A file's item, if it gives one, and its problems.
#[derive(Clone)]
pub(super) struct Loaded {
    pub(super) item: Option<Item>,
    pub(super) diags: Vec<Diagnostic>,
    /// A page that failed its checks, kept only so that its Markdown and images are checked too
    /// (never published: the build fails on its errors).
    pub(super) unchecked: Option<Arc<Page>>,
}

impl Loaded {
    fn failed(problem: Diagnostic) -> Loaded {
        Loaded::problems(vec![problem])
    }

    fn problems(diags: Vec<Diagnostic>) -> Loaded {
        Loaded {
            item: None,
            diags,
            unchecked: None,
        }
    }
}

/// Reads and checks the page file `file` under `content_dir` of the site `root`.
pub(super) fn load_file(
    root: &Path,
    content_dir: &Path,
    file: &Path,
    config: &Config,
    drafts: bool,
) -> Loaded {
    let rel = file.strip_prefix(root).unwrap_or(file).to_path_buf();
    match read_text(root, file, &rel) {
        Ok(raw) => load_text(rel, file, content_dir, &raw, config, drafts),
        Err(problem) => Loaded::failed(problem),
    }
}

/// The file's text as saved: within the size limit, and UTF-8.
fn read_text(root: &Path, file: &Path, rel: &Path) -> Result<String, Diagnostic> {
    let bytes =
        match crate::files::read(&crate::files::real_root(root), file, crate::files::MAX_TEXT) {
            Ok(bytes) => bytes,
            Err(crate::files::Refusal::TooBig(size, limit)) => {
                return Err(Diagnostic::error(
                    rel,
                    t!(
                        Load::FileTooBig,
                        size = size.div_ceil(1 << 20),
                        limit = limit >> 20
                    ),
                )
                .help(t!(Load::FileTooBigHelp)))
            }
            Err(refusal) => {
                return Err(Diagnostic::error(
                    rel,
                    t!(Load::FileRefused, why = refusal.describe()),
                ))
            }
        };
    String::from_utf8(bytes).map_err(|error| not_utf8(rel, &error))
}

/// Points at the first line that is not UTF-8 (shown as well as it can be).
fn not_utf8(rel: &Path, error: &std::string::FromUtf8Error) -> Diagnostic {
    let bytes = error.as_bytes();
    let bad = error.utf8_error().valid_up_to();
    let line = bytes[..bad].iter().filter(|byte| **byte == b'\n').count() + 1;
    let line_start = bytes[..bad]
        .iter()
        .rposition(|byte| *byte == b'\n')
        .map_or(0, |i| i + 1);
    let col = String::from_utf8_lossy(&bytes[line_start..bad])
        .chars()
        .count()
        + 1;
    let shown = String::from_utf8_lossy(bytes).replace("\r\n", "\n");
    Diagnostic::error(rel, t!(Load::NotUtf8))
        .at(&shown, line, col)
        .help(t!(Load::NotUtf8Help))
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
    let loaded = load_text(
        rel.to_path_buf(),
        rel,
        Path::new("content"),
        text,
        config,
        drafts,
    );
    match loaded.item {
        Some(Item::Page(page)) => (Some(Arc::unwrap_or_clone(page)), loaded.diags),
        _ => (None, loaded.diags),
    }
}

/// Where a file sits under content/.
struct FilePlace {
    /// The path's parts under content/, the file name last.
    parts: Vec<String>,
    /// The file name without `.md`.
    stem: String,
    /// The top-level folder ("" for a file directly in content/).
    section: String,
    /// The folder the file is in.
    dir: PathBuf,
}

impl FilePlace {
    fn of(file: &Path, content_dir: &Path) -> FilePlace {
        let in_content = file.strip_prefix(content_dir).unwrap_or(file);
        let parts: Vec<String> = in_content
            .iter()
            .map(|part| part.to_string_lossy().into_owned())
            .collect();
        let file_name = parts.last().cloned().unwrap_or_default();
        let stem = Path::new(&file_name)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let section = if parts.len() > 1 {
            parts[0].clone()
        } else {
            String::new()
        };
        let dir = file.parent().unwrap_or(content_dir).to_path_buf();
        FilePlace {
            parts,
            stem,
            section,
            dir,
        }
    }

    /// A bundle is `SECTION/SLUG/index.md`; its folder holds its images.
    fn is_bundle(&self) -> bool {
        self.stem == "index" && self.parts.len() >= 3
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
    let source = Arc::new(Source {
        rel: rel.clone(),
        abs: file.to_path_buf(),
        text: normalize_text(raw),
    });
    let text = &source.text;
    let split = match split_front_matter(&rel, text) {
        Ok(split) => split,
        Err(problem) => return Loaded::failed(problem),
    };
    let place = yaml::Place {
        path: &rel,
        file_text: text,
        first_line: split.fm_first_line,
    };
    let front = match yaml::parse_front_matter(split.front_matter, &place) {
        Ok(front) => front,
        Err(problem) => return Loaded::failed(problem),
    };
    let at = FilePlace::of(file, content_dir);
    if at.stem == "_index" {
        return section_index(&front, &source, &split, at, drafts);
    }
    read_page(front, &source, &split, at, (config, drafts))
}

/// A section's `_index.md`: its title and intro.
fn section_index(
    front: &yaml::FrontMatter,
    source: &Arc<Source>,
    split: &Split,
    at: FilePlace,
    drafts: bool,
) -> Loaded {
    let mut fields = Fields::new(front, source);
    let title = fields.string("title");
    // A section's intro marked as a draft is not approved either: the list goes out without it.
    let draft = fields.draft();
    let draft_pos = fields.pos(&["draft"]);
    let mut diags = fields.finish(pick("栏目介绍 _index.md", "a section's _index.md"), &[]);
    if at.parts.len() > 2 {
        diags.push(
            Diagnostic::warning(&source.rel, t!(Load::NestedIndex)).help(t!(Load::NestedIndexHelp)),
        );
        return Loaded::problems(diags);
    }
    if draft != Some(false) && !drafts {
        if draft == Some(true) {
            diags.push(
                Diagnostic::warning(&source.rel, t!(Load::SectionDraft))
                    .at(&source.text, draft_pos.0, draft_pos.1)
                    .help(t!(Load::SectionDraftHelp)),
            );
        }
        return Loaded::problems(diags);
    }
    let name = if at.parts.len() == 2 {
        at.section
    } else {
        String::new()
    };
    let section = Section {
        name,
        title,
        body: split.body.into(),
        body_line: split.body_line,
        source: source.clone(),
    };
    Loaded {
        item: Some(Item::Section(section)),
        diags,
        unchecked: None,
    }
}

/// A page file: its front matter checked for its kind, its body for placeholders, its address
/// for what addresses may hold. A draft's problems are warnings unless drafts are published.
fn read_page(
    front: yaml::FrontMatter,
    source: &Arc<Source>,
    split: &Split,
    at: FilePlace,
    (config, drafts): (&Config, bool),
) -> Loaded {
    let kind = Kind::of_section(&at.section);
    let mut fields = Fields::new(&front, source);
    let draft = fields.draft();
    let parsed = front_matter::read_front_matter(kind, &mut fields, config);
    let mut diags = fields.finish(kind_zh(kind), kind_keys(kind));
    diags.extend(placeholders(source, split));
    // A draft that is not being published is still checked, but its problems are warnings: a
    // half-written page must not hold back the rest of the site.
    let is_draft = draft == Some(true);
    if is_draft && !drafts {
        for problem in &mut diags {
            if problem.is_error() {
                problem.severity = Severity::Warning;
                let message = problem.message.trim_end_matches('。');
                problem.message = tr!(Load::InDraft, message);
            }
        }
        return Loaded::problems(diags);
    }
    let text = source.text.as_str();
    let front_hash =
        xxhash_rust::xxh3::xxh3_64(text.strip_suffix(split.body).unwrap_or(text).as_bytes());
    let page_of = |address: Option<(String, String)>, parsed: Parsed| {
        let (slug, path) = address.unwrap_or_else(|| stand_in_address(&at));
        Page {
            kind,
            is_bundle: at.is_bundle(),
            section: at.section.clone(),
            slug,
            path,
            source: source.clone(),
            dir: at.dir.clone(),
            title: parsed.title,
            summary: parsed.summary,
            draft: is_draft,
            weight: parsed.weight,
            cover: parsed.cover,
            photos: parsed.photos,
            body: split.body.into(),
            front_hash,
            body_line: split.body_line,
            details: parsed.details,
            marks: Arc::new(front.marks.clone()),
        }
    };
    let parsed = match parsed {
        // A `draft:` that is neither yes nor no is an error of its own: never guess "publish".
        Ok(parsed) if draft.is_some() => parsed,
        Ok(parsed) => return unchecked(diags, page_of(None, parsed)),
        Err(left) => return unchecked(diags, page_of(None, Parsed::left_over(left, &at.stem))),
    };
    let (slug, path) = match page_address(&front.marks, source, &at, kind, parsed.slug.clone()) {
        Ok(address) => address,
        Err(problem) => {
            diags.push(problem);
            return unchecked(diags, page_of(None, parsed));
        }
    };
    let page = page_of(Some((slug, path)), parsed);
    Loaded {
        item: Some(Item::Page(Arc::new(page))),
        diags,
        unchecked: None,
    }
}

/// A page that failed its checks, kept for the checks of its Markdown and images.
fn unchecked(diags: Vec<Diagnostic>, page: Page) -> Loaded {
    Loaded {
        item: None,
        diags,
        unchecked: Some(Arc::new(page)),
    }
}

/// An address for a page whose own could not be made: only its images' planned names use it.
fn stand_in_address(at: &FilePlace) -> (String, String) {
    let slug = slug::suggest_slug(&at.parts.join("-"));
    let path = format!("unchecked/{slug}/");
    (slug, path)
}

/// The body's lines still holding a placeholder of `xuezhou new`.
fn placeholders(source: &Source, split: &Split) -> Vec<Diagnostic> {
    front_matter::body_placeholders(split.body, split.body_line)
        .into_iter()
        .map(|(line, col, placeholder)| {
            Diagnostic::error(&source.rel, t!(Load::Placeholder, placeholder))
                .at(&source.text, line, col)
                .help(t!(Load::PlaceholderHelp))
        })
        .collect()
}

/// The page's slug and address (`events/2022/x/`): from `slug:` or the file (or bundle folder)
/// name, under the folders it sits in, each of a-z, 0-9 and - only.
fn page_address(
    marks: &yaml::Marks,
    source: &Source,
    at: &FilePlace,
    kind: Kind,
    slug_field: Option<String>,
) -> Result<(String, String), Diagnostic> {
    let parts = &at.parts;
    let slug = slug_field.unwrap_or_else(|| {
        if at.is_bundle() {
            parts[parts.len() - 2].clone()
        } else {
            at.stem.clone()
        }
    });
    let problem = |message: Said, (line, col): (usize, usize), help: String| {
        Diagnostic::error(&source.rel, message)
            .at(&source.text, line, col)
            .help(help)
    };
    let at_slug = marks.value(&["slug"]);
    if !slug::is_valid_slug(&slug) {
        // At `slug:`, or at the front matter, where a `slug:` line would go.
        let suggested = slug::suggest_slug(&slug);
        let help = if at_slug.is_some() {
            tr!(Load::BadSlugField, suggested)
        } else if at.is_bundle() {
            tr!(Load::BadSlugFolder, suggested)
        } else {
            tr!(Load::BadSlugFile, suggested)
        };
        return Err(problem(
            t!(Load::BadSlug, slug),
            at_slug.unwrap_or((1, 1)),
            help,
        ));
    }
    // Nested folders below a section keep their path: content/events/2022/x.md -> events/2022/x/.
    let folders = &parts[..parts.len() - if at.is_bundle() { 2 } else { 1 }];
    if let Some(bad) = folders.iter().find(|part| !slug::is_valid_slug(part)) {
        return Err(problem(
            t!(Load::BadFolderName, bad),
            (1, 1),
            tr!(Load::RenameFolder, suggested = slug::suggest_slug(bad)),
        ));
    }
    let mut address: Vec<&str> = folders.iter().map(String::as_str).collect();
    address.push(&slug);
    // A plain page or section may not take an address the site's own pages use.
    if kind == Kind::Plain {
        if let Some((top, what_zh, what_en)) = RESERVED
            .iter()
            .find(|(reserved, _, _)| *reserved == address[0])
        {
            let alone = address.len() == 1;
            let fix = if alone {
                tr!(Load::ReservedRenameFile)
            } else {
                tr!(Load::ReservedRenameFolder, top)
            };
            return Err(problem(
                t!(Load::ReservedAddress, top, what = pick(what_zh, what_en)),
                at_slug.filter(|_| alone).unwrap_or((1, 1)),
                tr!(Load::ReservedHelp, fix, top),
            ));
        }
    }
    let path = format!("{}/", address.join("/"));
    Ok((slug, path))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;

    #[test]
    fn splits_front_matter() {
        let s = split_front_matter(Path::new("a.md"), "---\ntitle: a\n---\nbody\n").unwrap();
        assert_eq!(s.front_matter, "title: a\n");
        assert_eq!(s.body, "body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let e = split_front_matter(Path::new("a.md"), "---\ntitle: a\nbody\n")
            .err()
            .unwrap();
        assert!(e.message.contains("没有结束"), "{}", e.message);
    }

    #[test]
    fn parse_page_text_reads_a_page_as_a_build_does() {
        let config =
            crate::config::parse(include_str!("../../site.toml"), &Diagnostics::new()).unwrap();
        let text = "---\r\ntitle: 讲座\r\nstart: 2022-12-03 09:30\r\ntown: 湖塘镇\r\norganizer: 中心\r\ncategory: 讲座\r\nvenue: 活动室\r\n---\r\n正文\r\n";
        let (page, diags) =
            parse_page_text(Path::new("content/events/2022/x.md"), text, &config, false);
        assert!(diags.is_empty(), "{diags:?}");
        let page = page.unwrap();
        assert_eq!(
            (page.path.as_str(), &*page.body),
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
        let s = split_front_matter(Path::new("a.md"), &t).unwrap();
        assert_eq!(s.front_matter, "title: a\n");
    }
}

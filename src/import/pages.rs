//! The event pages already in the site, as `import` needs them: which row each came from (its
//! `imported:` block), whether it was edited by hand since, and for pages written by hand, the
//! identity a row of the same event would have.

use super::write::{fingerprint, identity, recorded_fingerprint};
use crate::dates::LocalTime;
use serde_json::Value;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct Existing {
    /// Relative to the site folder: `content/events/x/index.md`.
    pub rel: PathBuf,
    /// The row identity: from `imported: key`, or made from a hand-written page's fields.
    pub key: Option<String>,
    /// Whether `import` wrote it (it has an `imported:` block).
    pub imported: bool,
    /// The file it was imported from.
    pub from: Option<String>,
    /// The fingerprint recorded at import, and whether the text still has it.
    pub recorded: Option<String>,
    pub edited: bool,
}

/// Every Markdown page under content/events/ (sections' `_index.md` aside). A page that cannot
/// be read or parsed is still listed, so its address is never given to a new page.
pub fn existing(root: &Path) -> Vec<Existing> {
    let dir = root.join("content").join("events");
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        let path = entry.path();
        let is_page = entry.file_type().is_file()
            && path.extension().is_some_and(|e| e == "md")
            && path.file_name().is_some_and(|n| n != "_index.md");
        if !is_page {
            continue;
        }
        let rel = path.strip_prefix(root).unwrap_or(path).to_path_buf();
        let text = std::fs::read(path)
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            .unwrap_or_default();
        out.push(read(rel, text));
    }
    out
}

fn read(rel: PathBuf, text: String) -> Existing {
    let normalized = crate::load::page_file::normalize_text(&text);
    let fields = crate::load::page_file::split_front_matter(&rel, &normalized)
        .ok()
        .and_then(|split| crate::yaml::parse_mapping(split.front_matter).ok())
        .unwrap_or_default();
    let field = |name: &str| fields.get(name).and_then(crate::load::fields::scalar_text);
    let imported = fields.get("imported").and_then(Value::as_object);
    let from = imported
        .and_then(|block| block.get("from"))
        .and_then(crate::load::fields::scalar_text);
    let key = match imported
        .and_then(|block| block.get("key"))
        .and_then(crate::load::fields::scalar_text)
    {
        Some(key) => Some(key),
        None => match (
            field("organizer"),
            field("title"),
            field("start").and_then(|s| LocalTime::parse(&s)),
        ) {
            (Some(organizer), Some(title), Some(start)) => {
                Some(identity(&organizer, &title, start.date))
            }
            _ => None,
        },
    };
    let recorded = imported.and_then(|_| recorded_fingerprint(&normalized));
    let edited = recorded.as_deref() != Some(fingerprint(&normalized).as_str());
    Existing {
        rel,
        key,
        imported: imported.is_some(),
        from,
        recorded,
        edited,
    }
}

/// Whether a page address (the folder or file name under content/events/) is in use.
pub fn slug_taken(pages: &[Existing], slug: &str) -> bool {
    pages.iter().any(|page| {
        let mut parts = page.rel.iter().skip(2);
        let first = parts
            .next()
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default();
        first == slug || first == format!("{slug}.md")
    })
}

//! The search index under `search/` (SPEC §5: full text, in Chinese and English, without a
//! server), read by the theme's `search.js`. The page itself is rendered with the other pages.
//!
//! A reader's phone fetches only what one query needs: an inverted index of every two
//! characters in a row (`keys`), cut into shards by a hash of the key (`shards`), and the
//! titles and lines of the results shown. What a reader may type differently from the page
//! (full width, upper case, traditional characters) is folded one way on both sides
//! (`normalize`); pinyin and sound-alike characters go through the site's own words
//! (`pinyin`). Each page's part is made once and kept by serve until the page changes; serve
//! then updates the last index (`index`): only the shards of the keys the edit changed are
//! made again.
//!
//! - `index`: the files, made whole or updated; `shards`: their format;
//! - `text`: the plain text of a rendered body.

mod index;
mod keys;
mod normalize;
mod pinyin;
mod shards;
mod text;

pub(crate) use index::Index;
pub use shards::shard_of;
pub use text::html_to_text;

use super::reader::{Inputs, Reader};
use crate::diagnostics::Diagnostic;
use crate::model::Model;
use crate::page::{Details, Format, Page};
use keys::PageKeys;
use std::sync::Arc;

/// The folder of the index, relative to the site's root; `meta.json` in it is read first.
pub const INDEX_DIR: &str = "search/";
pub const META_PATH: &str = "search/meta.json";

/// The kinds in the order of the numbers pages carry.
const KINDS: [&str; 5] = ["活动", "案例", "之星", "书单", "页面"];

/// Characters of text kept to show under a result.
const EXCERPT_CHARS: usize = 90;

/// One page's part of the index.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub(crate) struct Doc {
    pub kind: u8,
    pub path: String,
    pub title: String,
    pub meta: String,
    pub excerpt: String,
    pub keys: PageKeys,
    /// Pairs of characters of the page's own words that have sound keys, in order.
    pub sounds: Vec<pinyin::SoundPair>,
    /// A hash of all the above: serve's index compares pages by it.
    pub version: u64,
}

impl Doc {
    pub fn new(
        kind: u8,
        path: String,
        title: String,
        meta: String,
        excerpt: String,
        keys: PageKeys,
        sounds: Vec<pinyin::SoundPair>,
    ) -> Doc {
        let version = super::deps::hash_of(&(kind, &path, &title, &meta, &excerpt, &keys, &sounds));
        Doc {
            kind,
            path,
            title,
            meta,
            excerpt,
            keys,
            sounds,
            version,
        }
    }
}

/// Each listed page's part, made once and kept by serve until the page changes (the plain
/// text of every body is most of the work on a big site): the published pages readers would
/// look for (events, cases, stars, reading lists and plain pages) in that order. Drafts are
/// not among them unless the build publishes them.
pub(super) fn entries(inputs: &Inputs) -> Result<Vec<Arc<Doc>>, Vec<Diagnostic>> {
    let order: Vec<(u8, usize)> = {
        let m: &Model = inputs.reader().model();
        let lists: [(u8, &[usize]); 5] = [
            (0, &m.events),
            (1, &m.cases),
            (2, &m.stars),
            (3, &m.readings),
            (4, &m.plain),
        ];
        lists
            .iter()
            .flat_map(|(kind, list)| list.iter().map(move |&i| (*kind, i)))
            .collect()
    };
    inputs.memo_each(
        "search entries",
        &order,
        |&(_, i)| super::deps::id("search entry", inputs.page_path(i)),
        |r, &(kind, i)| Ok(Arc::new(doc(r, kind, i))),
    )
}

fn doc(r: &Reader, kind: u8, i: usize) -> Doc {
    let (p, x) = (r.page(i), r.extras(i));
    let Fields { meta, terms, text } = fields(p);
    let summary = p.summary.clone().unwrap_or_default();
    let body = html_to_text(&x.html);
    let keys = keys::page_keys(&p.title, &terms, &[&meta, &summary, &body, &text]);
    let mut sounds = Vec::new();
    for word in std::iter::once(p.title.as_str()).chain(terms.iter().copied()) {
        sounds.extend(pinyin::sound_pairs(&normalize::fold(word)));
    }
    sounds.sort_unstable();
    sounds.dedup();
    sounds.shrink_to_fit();
    let excerpt_from = if summary.trim().is_empty() {
        &body
    } else {
        &summary
    };
    let excerpt = excerpt(excerpt_from);
    Doc::new(
        kind,
        p.path.clone(),
        p.title.clone(),
        meta,
        excerpt,
        keys,
        sounds,
    )
}

/// The start of `text` with its whitespace runs made one space, cut after `EXCERPT_CHARS`
/// characters. Only the words it shows are gathered: a body is a thousand characters, and every
/// page has one.
fn excerpt(text: &str) -> String {
    let (mut shown, mut chars) = (String::new(), 0);
    for word in text.split_whitespace() {
        if chars > EXCERPT_CHARS {
            break;
        }
        if !shown.is_empty() {
            shown.push(' ');
            chars += 1;
        }
        shown.push_str(word);
        chars += word.chars().count();
    }
    match shown.char_indices().nth(EXCERPT_CHARS) {
        Some((end, _)) => format!("{}…", &shown[..end]),
        None => shown,
    }
}

/// The index of the pages' parts: updated from `last` (serve's last index) when only pages'
/// text changed, made whole otherwise.
pub(super) fn index(r: &Reader, last: Option<&Arc<Index>>) -> Arc<Index> {
    let docs = r.search_entries();
    let settings = settings(r);
    let updated = last.and_then(|last| last.update(docs, &settings));
    let mut index = updated.unwrap_or_else(|| Index::build(docs.to_vec(), &settings));
    if !r.keyed() {
        // Only serve updates an index; a build frees the pages' parts.
        index.forget_pages();
    }
    Arc::new(index)
}

fn settings<'r>(r: &Reader<'r, '_>) -> shards::Settings<'r> {
    let config = r.site().config;
    let fold_all =
        |words: &[String]| -> Vec<String> { words.iter().map(|w| normalize::fold(w)).collect() };
    let lists = &config.lists;
    let mut words = Vec::new();
    for list in [
        &lists.towns,
        &lists.categories,
        &lists.topics,
        &lists.audiences,
    ] {
        for word in fold_all(list) {
            // Readers leave out the 镇 or 街道 of a town.
            for short in [word.strip_suffix('镇'), word.strip_suffix("街道")] {
                words.extend(short.filter(|s| s.chars().count() >= 2).map(str::to_string));
            }
            words.push(word);
        }
    }
    shards::Settings {
        base: &r.site().urls.base_path,
        kinds: &KINDS,
        synonyms: config.search.synonyms.iter().map(|g| fold_all(g)).collect(),
        words,
    }
}

/// A page's line under its title in the results, its terms, and the searchable fields neither
/// shows (organizer, a reading list's books…).
struct Fields<'p> {
    meta: String,
    terms: Vec<&'p str>,
    text: String,
}

fn strs(list: &[String]) -> Vec<&str> {
    list.iter().map(String::as_str).collect()
}

fn fields(p: &Page) -> Fields<'_> {
    let join = |parts: &[&str]| -> String {
        parts
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" · ")
    };
    match &p.details {
        Details::Event(e) => {
            // Date and time as in 附件1, but a multi-day event's range already says its days.
            let text = crate::model::event_text(e);
            let when = if e.last_day() > e.start.date {
                text.date
            } else {
                format!("{} {}", text.date, text.time)
            };
            // A result says it can be joined both ways, where a calendar entry has no room.
            let place = match (e.format, &e.venue) {
                (Format::Hybrid, Some(_)) => format!("{}（线上线下结合）", text.venue),
                _ => text.venue,
            };
            let mut terms = vec![e.town.as_str(), e.category.as_str()];
            terms.extend(strs(&e.topics));
            terms.extend(strs(&e.audience));
            let extra = [e.organizer.as_str(), e.address.as_deref().unwrap_or("")];
            Fields {
                meta: join(&[&when, &e.town, &place]),
                terms,
                text: extra.join(" "),
            }
        }
        Details::Case(c) => {
            let mut terms = vec![c.town.as_str(), c.case_type.as_str()];
            terms.extend(strs(&c.topics));
            Fields {
                meta: join(&[&c.unit, &c.town]),
                terms,
                text: String::new(),
            }
        }
        Details::Star(s) => {
            let mut text: Vec<&str> = strs(&s.honors);
            text.extend(s.quote.as_deref());
            let occupation = s.occupation.as_deref().unwrap_or("");
            Fields {
                meta: join(&[occupation, &s.town]),
                terms: vec![s.town.as_str()],
                text: text.join(" "),
            }
        }
        Details::Reading(r) => {
            let mut text: Vec<&str> = Vec::new();
            for b in &r.books {
                text.push(&b.title);
                text.extend(b.author.as_deref());
                text.extend(b.note.as_deref());
            }
            let mut terms = vec![r.curator.as_str()];
            terms.extend(strs(&r.audience));
            Fields {
                meta: join(&[&r.curator]),
                terms,
                text: text.join(" "),
            }
        }
        _ => Fields {
            meta: String::new(),
            terms: Vec::new(),
            text: String::new(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_are_short_and_say_when_cut() {
        assert_eq!(excerpt("  一段\n话 "), "一段 话");
        let long = "学".repeat(200);
        let cut = excerpt(&long);
        assert_eq!(cut.chars().count(), EXCERPT_CHARS + 1);
        assert!(cut.ends_with('…'));
        // Cut where the whole text collapsed would be cut, also right at a space.
        for text in [
            format!("{} 二", "学".repeat(EXCERPT_CHARS)),
            format!("{}\n\n 二", "学".repeat(EXCERPT_CHARS - 1)),
            format!("{} 二三", "学".repeat(EXCERPT_CHARS + 1)),
            "一 二".repeat(40),
        ] {
            let whole = text.split_whitespace().collect::<Vec<_>>().join(" ");
            let expected = match whole.char_indices().nth(EXCERPT_CHARS) {
                Some((end, _)) => format!("{}…", &whole[..end]),
                None => whole.clone(),
            };
            assert_eq!(excerpt(&text), expected, "{text:?}");
        }
    }
}

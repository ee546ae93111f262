//! The index's files, all under `search/`:
//!
//! - `meta.json`: what the script needs first (number of key shards, pages per page shard,
//!   kinds, the base path, synonyms, the site's own words). The search page carries the same
//!   in its inline script (`data-meta`), so a query's shards are asked for as soon as the page
//!   is parsed, without a round trip for meta.json first; it changes only when the settings or
//!   the number of shards do, so an edit of a page's text does not reach the search page;
//! - `k/N.json`: the key shards. A key goes to shard `hash(key) % shards` (`shard_of`, the
//!   script's `shardOf`); each holds `{"书法":[page, score, page step, score, …], "~shufa":
//!   ["书法"], …}`: pages as steps from the one before, which keeps numbers short;
//! - `d/N.json`: the pages, `PER_DOC_SHARD` a file, in the index's order: `[kind, path, title,
//!   meta line, excerpt]`, fetched only for the results shown;
//! - `t2s.json` and `pinyin.json`, fetched only when a query found nothing (see `normalize`,
//!   `pinyin`).
//!
//! The number of key shards grows with the site so that a shard stays near `POSTINGS_PER_SHARD`
//! postings (a few KB gzip; a key's own postings are most of what a query fetches). An edit
//! of one page's text changes only the shards of the keys it added, removed or changed the
//! count of, and the page's own page shard (see `index`).

use super::Doc;
use std::collections::BTreeSet;
use std::sync::Arc;

/// Pages in one `d/N.json`: ten results need at most ten small files.
pub(crate) const PER_DOC_SHARD: usize = 16;
const POSTINGS_PER_SHARD: usize = 1_000;

/// What the index says about the site as a whole.
#[derive(Hash)]
pub(crate) struct Settings<'a> {
    pub base: &'a str,
    pub kinds: &'a [&'a str],
    pub synonyms: Vec<Vec<String>>,
    pub words: Vec<String>,
}

impl Settings<'_> {
    /// A hash of them all: a change of any makes the index whole again (meta.json says them
    /// all).
    pub fn basis(&self) -> u64 {
        crate::render::deps::hash_of(self)
    }
}

/// The shard of a key: FNV-1a over its UTF-16 code units (`hash_units`), as the script's
/// `shardOf` computes it.
pub fn shard_of(key: &str, shards: u32) -> u32 {
    hash_units(key.encode_utf16()) % shards.max(1)
}

/// FNV-1a over UTF-16 code units, mixed so the low bits spread.
pub(crate) fn hash_units(units: impl Iterator<Item = u16>) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for unit in units {
        h ^= u32::from(unit);
        h = h.wrapping_mul(0x0100_0193);
    }
    h ^= h >> 16;
    h = h.wrapping_mul(0x85eb_ca6b);
    h ^= h >> 13;
    h
}

/// A power of two, so that a site that grows a little keeps its shards.
pub(crate) fn shard_count(postings: usize) -> u32 {
    let wanted = postings.div_ceil(POSTINGS_PER_SHARD).clamp(1, 4096);
    wanted.next_power_of_two() as u32
}

/// A key's entry in its shard.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Entry {
    /// Page number << 8 | score, by page.
    Pages(Vec<u32>),
    /// The characters a sound key stands for, most frequent first.
    Sounds(Vec<String>),
}

/// `t2s.json`: the pairs of traditional and simplified characters the site's text needs.
pub(crate) fn t2s_json(chars: &BTreeSet<char>) -> String {
    json(&super::normalize::t2s_pairs(chars))
}

/// A key shard's text, its keys in order.
pub(crate) fn key_shard(mut keys: Vec<(String, Entry)>) -> String {
    keys.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut out = String::from("{");
    for (k, (key, entry)) in keys.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        out.push_str(&json(key));
        out.push_str(":[");
        match entry {
            Entry::Pages(postings) => {
                let mut last = 0;
                for (j, p) in postings.iter().enumerate() {
                    let (page, score) = (p >> 8, p & 0xFF);
                    if j > 0 {
                        out.push(',');
                    }
                    push_number(&mut out, page - last);
                    out.push(',');
                    push_number(&mut out, score);
                    last = page;
                }
            }
            Entry::Sounds(chars) => {
                let list: Vec<String> = chars.iter().map(|c| json(c)).collect();
                out.push_str(&list.join(","));
            }
        }
        out.push(']');
    }
    out.push('}');
    out
}

/// A key shard's entries read back from its text (the inverse of `key_shard`), or None when
/// the text is not one.
pub(crate) fn parse_key_shard(bytes: &[u8]) -> Option<Vec<(String, Entry)>> {
    let text = std::str::from_utf8(bytes).ok()?;
    let mut rest = text.strip_prefix('{')?.strip_suffix('}')?;
    let mut entries = Vec::new();
    while !rest.is_empty() {
        let (key, after) = json_string(rest)?;
        rest = after.strip_prefix(":[")?;
        let entry;
        (entry, rest) = if rest.starts_with('"') {
            sounds_list(rest)?
        } else {
            pages_list(rest)?
        };
        entries.push((key, entry));
        rest = rest.strip_prefix(',').unwrap_or(rest);
    }
    Some(entries)
}

/// A list of strings up to its `]`, and what follows it.
fn sounds_list(mut rest: &str) -> Option<(Entry, &str)> {
    let mut chars = Vec::new();
    loop {
        let (item, after) = json_string(rest)?;
        chars.push(item);
        match after.as_bytes().first()? {
            b',' => rest = &after[1..],
            b']' => return Some((Entry::Sounds(chars), &after[1..])),
            _ => return None,
        }
    }
}

/// A list of page steps and scores up to its `]`, and what follows it.
fn pages_list(rest: &str) -> Option<(Entry, &str)> {
    let end = rest.find(']')?;
    let mut pages = Vec::new();
    let mut page = 0u32;
    let mut numbers = rest[..end].split(',');
    while let Some(step) = numbers.next() {
        page = page.checked_add(step.parse().ok()?)?;
        let score: u32 = numbers.next()?.parse().ok()?;
        pages.push(page.checked_shl(8)? | score.min(0xFF));
    }
    Some((Entry::Pages(pages), &rest[end + 1..]))
}

/// The JSON string at the start of `s`, and what follows it.
fn json_string(s: &str) -> Option<(String, &str)> {
    let body = s.strip_prefix('"')?;
    let mut escaped = false;
    for (i, c) in body.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => {
                let quoted = &s[..i + 2];
                let text = match quoted.contains('\\') {
                    true => serde_json::from_str(quoted).ok()?,
                    false => body[..i].to_string(),
                };
                return Some((text, &body[i + 1..]));
            }
            _ => {}
        }
    }
    None
}

/// `n` in decimal: `write!` would be a tenth of the index's time, for 16 million numbers.
fn push_number(out: &mut String, mut n: u32) {
    let mut digits = [0u8; 10];
    let mut k = digits.len();
    loop {
        k -= 1;
        digits[k] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[k..].iter().map(|&d| d as char));
}

pub(crate) fn doc_shard(docs: &[Arc<Doc>]) -> String {
    let rows: Vec<serde_json::Value> = docs
        .iter()
        .map(|d| serde_json::json!([d.kind, d.path, d.title, d.meta, d.excerpt]))
        .collect();
    serde_json::Value::Array(rows).to_string()
}

pub(crate) fn meta(settings: &Settings, shards: u32) -> String {
    serde_json::json!({
        "base": settings.base,
        "kinds": settings.kinds,
        "keys": shards,
        "per": PER_DOC_SHARD,
        "synonyms": settings.synonyms,
        "words": settings.words,
    })
    .to_string()
}

fn json(s: &str) -> String {
    serde_json::Value::from(s).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_are_spread_and_stable() {
        // Pinned: the script's shardOf gives the same numbers (checked with node; the browser
        // suite finds every key it looks up), a character outside the BMP as two code units.
        assert_eq!(shard_of("书法", 1024), 900);
        assert_eq!(shard_of("~shufa", 1024), 489);
        assert_eq!(shard_of("\u{20000}a", 64), 56);
        assert_eq!(shard_of("anything", 1), 0);
        let mut used = [0usize; 16];
        for a in '一'..='龥' {
            used[shard_of(&format!("{a}法"), 16) as usize] += 1;
        }
        let (least, most) = (used.iter().min(), used.iter().max());
        assert!(
            least.zip(most).is_some_and(|(l, m)| m - l < m / 5),
            "{used:?}"
        );
    }

    #[test]
    fn shard_count_grows_in_powers_of_two() {
        assert_eq!(shard_count(0), 1);
        assert_eq!(shard_count(1_000), 1);
        assert_eq!(shard_count(1_001), 2);
        assert_eq!(shard_count(1_000_000), 1024);
        assert_eq!(shard_count(usize::MAX / 2), 4096);
    }

    #[test]
    fn numbers_in_decimal() {
        let mut out = String::new();
        for n in [0, 7, 10, 129, 4_294_967_295] {
            push_number(&mut out, n);
            out.push(' ');
        }
        assert_eq!(out, "0 7 10 129 4294967295 ");
    }

    #[test]
    fn postings_are_steps_and_scores() {
        let keys = vec![
            (
                "书法".to_string(),
                Entry::Pages(vec![3 << 8 | 0x81, 10 << 8 | 2]),
            ),
            ("~shufa".to_string(), Entry::Sounds(vec!["书法".into()])),
        ];
        assert_eq!(key_shard(keys), r#"{"~shufa":["书法"],"书法":[3,129,7,2]}"#);
    }

    #[test]
    fn a_key_shard_reads_back_as_its_entries() {
        let keys = vec![
            (
                "书法".to_string(),
                Entry::Pages(vec![3 << 8 | 0x81, 10 << 8 | 2]),
            ),
            (
                "~shufa".to_string(),
                Entry::Sounds(vec!["书法".into(), "书发".into()]),
            ),
            ("a\"b".to_string(), Entry::Pages(vec![1])),
        ];
        let text = key_shard(keys.clone());
        let mut read = parse_key_shard(text.as_bytes()).expect("our own text");
        read.sort_by(|a, b| a.0.cmp(&b.0));
        let mut keys = keys;
        keys.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(read, keys);
        assert_eq!(parse_key_shard(b"{}"), Some(vec![]));
        assert_eq!(parse_key_shard(b"{\"x\":[1,2,3]}"), None);
        assert_eq!(parse_key_shard(b"not json"), None);
    }
}

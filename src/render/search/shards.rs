//! The index's files, all under `search/`:
//!
//! - `meta.json`: what the script needs first (number of key shards, pages per page shard,
//!   kinds, the base path, synonyms, the site's own words). The search page carries the same
//!   in its form (`data-meta`), so a query's shards are asked for as soon as the script runs,
//!   without a round trip for meta.json first; it changes only when the settings or the number
//!   of shards do, so an edit of a page's text does not reach the search page;
//! - `k/N.json`: the key shards. A key goes to shard `hash(key) % shards` (`shard_of`, the
//!   script's `shardOf`); each holds `{"书法":[page, score, page step, score, …], "~shufa":
//!   ["书法"], …}`: pages as steps from the one before, which keeps numbers short;
//! - `d/N.json`: the pages, `PER_DOC_SHARD` a file, in the index's order: `[kind, path, title,
//!   meta line, excerpt]`, fetched only for the results shown;
//! - `t2s.json` and `pinyin.json`, fetched only when a query found nothing (see `normalize`,
//!   `pinyin`).
//!
//! The number of key shards grows with the site so that a shard stays near `POSTINGS_PER_SHARD`
//! postings (a few KB gzip; a key's own postings are most of what a query fetches). An edit of one page's text changes only the shards of the keys
//! it added, removed or changed the count of, the page's own page shard, and meta.json.

use super::keys::packed_text;
use super::Doc;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

/// Pages in one `d/N.json`: ten results need at most ten small files.
pub(crate) const PER_DOC_SHARD: usize = 16;
const POSTINGS_PER_SHARD: usize = 1_000;
/// Characters a sound key keeps: the most frequent in the site first.
const SOUNDS_PER_KEY: usize = 12;

/// What the index says about the site as a whole.
pub(crate) struct Settings<'a> {
    pub base: &'a str,
    pub kinds: &'a [&'a str],
    pub synonyms: Vec<Vec<String>>,
    pub words: Vec<String>,
}

/// FNV-1a over the key's UTF-16 code units, mixed so the low bits spread: the script's
/// `shardOf` computes the same.
pub fn shard_of(key: &str, shards: u32) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for unit in key.encode_utf16() {
        h ^= u32::from(unit);
        h = h.wrapping_mul(0x0100_0193);
    }
    h ^= h >> 16;
    h = h.wrapping_mul(0x85eb_ca6b);
    h ^= h >> 13;
    h % shards.max(1)
}

/// A power of two, so that a site that grows a little keeps its shards.
pub(crate) fn shard_count(postings: usize) -> u32 {
    let wanted = postings.div_ceil(POSTINGS_PER_SHARD).clamp(1, 4096);
    wanted.next_power_of_two() as u32
}

/// A multiply-shift hash for the packed keys: SipHash would be a third of the build.
#[derive(Default)]
struct Mix(u64);

impl Hasher for Mix {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = (self.0 ^ x ^ (x >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    }
}

type Postings = Vec<u32>;

/// A key's entry in its shard.
enum Entry {
    /// Page number << 8 | score, by page.
    Pages(Postings),
    /// The characters a sound key stands for, most frequent first.
    Sounds(Vec<String>),
}

/// Every file of the index (its path under `search/` and its bytes), and meta.json's text.
pub(crate) fn files(docs: &[Arc<Doc>], settings: &Settings) -> (super::Files, String) {
    let postings: usize = docs.iter().map(|d| d.keys.len()).sum();
    let shards = shard_count(postings);
    let mut by_shard: Vec<Vec<(String, Entry)>> = (0..shards).map(|_| Vec::new()).collect();
    let mut chars = BTreeSet::new();
    for (key, entry) in entries(docs) {
        if !key.starts_with(['~', '^']) {
            chars.extend(key.chars().filter(|&c| super::normalize::is_han(c)));
        }
        by_shard[shard_of(&key, shards) as usize].push((key, entry));
    }
    let mut files: super::Files = Vec::with_capacity(by_shard.len() + docs.len() / 8);
    let written: Vec<String> = by_shard.into_par_iter().map(key_shard).collect();
    for (n, text) in written.into_iter().enumerate() {
        files.push((format!("k/{n}.json"), text.into_bytes()));
    }
    for (n, chunk) in docs.chunks(PER_DOC_SHARD).enumerate() {
        files.push((format!("d/{n}.json"), doc_shard(chunk).into_bytes()));
    }
    let t2s = super::normalize::t2s_pairs(&chars);
    files.push(("t2s.json".into(), json(&t2s).into_bytes()));
    let pinyin = super::pinyin::table_json();
    files.push(("pinyin.json".into(), pinyin.as_bytes().to_vec()));
    let meta = meta(settings, shards);
    files.push(("meta.json".into(), meta.clone().into_bytes()));
    (files, meta)
}

/// Every key of the site with its entry, in no particular order.
fn entries(docs: &[Arc<Doc>]) -> Vec<(String, Entry)> {
    let mut packed: HashMap<u64, Postings, BuildHasherDefault<Mix>> = HashMap::default();
    let mut words: HashMap<&str, Postings> = HashMap::new();
    let mut sounds: HashMap<&str, HashMap<&str, u32>> = HashMap::new();
    for (n, doc) in docs.iter().enumerate() {
        let n = u32::try_from(n).unwrap_or(u32::MAX >> 8) << 8;
        for &key in &doc.keys.packed {
            packed
                .entry(key >> 8)
                .or_default()
                .push(n | (key & 0xFF) as u32);
        }
        for (key, score) in &doc.keys.words {
            words.entry(key).or_default().push(n | u32::from(*score));
        }
        for (key, chars) in &doc.sounds {
            *sounds.entry(key).or_default().entry(chars).or_default() += 1;
        }
    }
    let mut out: Vec<(String, Entry)> = Vec::with_capacity(packed.len() + words.len());
    out.extend(
        packed
            .into_iter()
            .map(|(k, p)| (packed_text(k), Entry::Pages(p))),
    );
    out.extend(
        words
            .into_iter()
            .map(|(k, p)| (k.to_string(), Entry::Pages(p))),
    );
    for (key, counts) in sounds {
        let mut counts: Vec<(&str, u32)> = counts.into_iter().collect();
        counts.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let chars = counts.iter().take(SOUNDS_PER_KEY);
        out.push((
            key.to_string(),
            Entry::Sounds(chars.map(|c| c.0.into()).collect()),
        ));
    }
    out
}

fn key_shard(mut keys: Vec<(String, Entry)>) -> String {
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

fn doc_shard(docs: &[Arc<Doc>]) -> String {
    let rows: Vec<serde_json::Value> = docs
        .iter()
        .map(|d| serde_json::json!([d.kind, d.path, d.title, d.meta, d.excerpt]))
        .collect();
    serde_json::Value::Array(rows).to_string()
}

fn meta(settings: &Settings, shards: u32) -> String {
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
}

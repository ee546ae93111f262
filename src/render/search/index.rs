//! The index's files, made whole (a build, or serve when the pages or settings moved) or
//! updated from the last served index (serve, after an edit of pages' text).
//!
//! An update costs what the edit touched, not what the site holds: the changed pages' old and
//! new keys name the key shards to make again, and each of those is read back from its own
//! bytes (the file is the state: nothing else is kept between rebuilds), changed, and written
//! out. At 10,000 events an edit of one page's body touches a few hundred of 4,096 shards; making
//! every shard again was most of a preview rebuild. Updating gives the bytes a fresh build gives
//! (`tests/serve_series.rs` compares them, and the unit tests below do too).

use super::keys::{packed_chars, packed_hash, KEY_BITS};
use super::normalize::is_han;
use super::pinyin::{SoundKey, SoundPair};
use super::shards::{
    doc_shard, key_shard, meta, parse_key_shard, shard_count, shard_of, t2s_json, Entry, Settings,
    PER_DOC_SHARD,
};
use super::Doc;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

/// Characters a sound key keeps: the most frequent in the site first.
const SOUNDS_PER_KEY: usize = 12;

/// One file of the index: its path under `search/`, its bytes, and their hash (its version).
#[derive(Clone)]
pub(crate) struct File {
    pub name: Arc<str>,
    pub bytes: Arc<[u8]>,
    pub version: u64,
}

impl File {
    fn new(name: impl Into<Arc<str>>, bytes: Vec<u8>) -> File {
        File {
            name: name.into(),
            version: xxhash_rust::xxh3::xxh3_64(&bytes),
            bytes: bytes.into(),
        }
    }
}

/// The whole index: its files in a fixed order (`k/0…`, `d/0…`, t2s, pinyin, meta), and what
/// an update needs to know of the build that made them.
pub(crate) struct Index {
    pub files: Vec<File>,
    pub meta: String,
    docs: Vec<Arc<Doc>>,
    /// A hash of the settings the index was made with (`Settings`).
    basis: u64,
    shards: u32,
    postings: usize,
    /// The Chinese characters of the index's keys (t2s.json gives only their pairs).
    chars: Arc<BTreeSet<char>>,
}

impl Index {
    /// The index of `docs`, made whole.
    pub fn build(docs: Vec<Arc<Doc>>, settings: &Settings) -> Index {
        let postings: usize = docs.iter().map(|d| d.keys.len()).sum();
        let shards = shard_count(postings);
        let mut files = Vec::with_capacity(shards as usize + docs.len() / PER_DOC_SHARD + 4);
        let mut chars = BTreeSet::new();
        for (k, (text, shard_chars)) in key_shards(&docs, shards).into_iter().enumerate() {
            files.push(File::new(format!("k/{k}.json"), text.into_bytes()));
            chars.extend(shard_chars);
        }
        for (n, chunk) in docs.chunks(PER_DOC_SHARD).enumerate() {
            files.push(File::new(
                format!("d/{n}.json"),
                doc_shard(chunk).into_bytes(),
            ));
        }
        let t2s = t2s_json(&chars);
        files.push(File::new("t2s.json", t2s.into_bytes()));
        let pinyin = super::pinyin::table_json();
        files.push(File::new("pinyin.json", pinyin.as_bytes().to_vec()));
        let meta = meta(settings, shards);
        files.push(File::new("meta.json", meta.clone().into_bytes()));
        Index {
            files,
            meta,
            docs,
            basis: settings.basis(),
            shards,
            postings,
            chars: Arc::new(chars),
        }
    }

    /// The index of `docs` made from this one, when only pages' text changed (the same pages in
    /// the same order, the same settings and number of shards); None when it must be made whole.
    pub fn update(&self, docs: &[Arc<Doc>], settings: &Settings) -> Option<Index> {
        if self.basis != settings.basis() || self.docs.len() != docs.len() {
            return None;
        }
        let changed: Vec<usize> = (0..docs.len())
            .filter(|&n| !Arc::ptr_eq(&self.docs[n], &docs[n]) && self.docs[n] != docs[n])
            .collect();
        let moved = |n: &usize| self.docs[*n].path != docs[*n].path;
        if changed.iter().any(moved) {
            return None;
        }
        let before: usize = changed.iter().map(|&n| self.docs[n].keys.len()).sum();
        let after: usize = changed.iter().map(|&n| docs[n].keys.len()).sum();
        let postings = self.postings - before + after;
        if shard_count(postings) != self.shards {
            return None;
        }
        let mut files = self.files.clone();
        let edits = Edits::of(&self.docs, docs, &changed);
        let made: Vec<Option<(usize, String)>> = edits
            .by_shard(self.shards)
            .into_par_iter()
            .map(|(shard, keys)| {
                let old = parse_key_shard(&self.files[shard].bytes)?;
                Some((shard, key_shard(edits.apply(old, &keys))))
            })
            .collect();
        for (shard, text) in made.into_iter().collect::<Option<Vec<_>>>()? {
            files[shard] = File::new(format!("k/{shard}.json"), text.into_bytes());
        }
        let first_doc_file = self.shards as usize;
        let chunks: BTreeSet<usize> = changed.iter().map(|n| n / PER_DOC_SHARD).collect();
        for chunk in chunks {
            let pages = &docs[chunk * PER_DOC_SHARD..docs.len().min((chunk + 1) * PER_DOC_SHARD)];
            let file = File::new(format!("d/{chunk}.json"), doc_shard(pages).into_bytes());
            files[first_doc_file + chunk] = file;
        }
        let chars = self.chars_after(docs, &changed);
        let at = files.len() - 3;
        if chars != self.chars && *files[at].bytes != *t2s_json(&chars).as_bytes() {
            files[at] = File::new("t2s.json", t2s_json(&chars).into_bytes());
        }
        Some(Index {
            files,
            meta: self.meta.clone(),
            docs: docs.to_vec(),
            basis: self.basis,
            shards: self.shards,
            postings,
            chars,
        })
    }

    /// What only an update needs (a tenth of a build's memory at 10,000 events): an index
    /// without it is made whole next time.
    pub fn forget_pages(&mut self) {
        self.docs = Vec::new();
        self.basis = 0;
    }

    /// The characters of the new index: the old set with those the changed pages brought,
    /// less those they lost that no page has any more. Only a lost character sends the pages
    /// to be read, and only to look for it: making the set again from every page took a
    /// quarter of a second at 10,000 events, on the first edit to type a new character.
    fn chars_after(&self, docs: &[Arc<Doc>], changed: &[usize]) -> Arc<BTreeSet<char>> {
        let (mut brought, mut lost) = (BTreeSet::new(), HashSet::<char>::new());
        for &n in changed {
            let (old, new) = (doc_chars(&self.docs[n]), doc_chars(&docs[n]));
            brought.extend(new.iter().filter(|c| !self.chars.contains(c)));
            lost.extend(old.difference(&new));
        }
        // One pass over the pages whatever the number of lost characters (a deleted paragraph
        // loses dozens).
        for doc in docs {
            if lost.is_empty() {
                break;
            }
            for c in chars_of(doc) {
                lost.remove(&c);
            }
        }
        if brought.is_empty() && lost.is_empty() {
            return Arc::clone(&self.chars);
        }
        let kept = self.chars.iter().filter(|c| !lost.contains(c));
        Arc::new(kept.chain(&brought).copied().collect())
    }
}

/// The Chinese characters of a page's keys (sound keys are spelled in pinyin).
fn doc_chars(doc: &Doc) -> HashSet<char> {
    chars_of(doc).collect()
}

/// The same, one by one and as often as the keys hold them.
fn chars_of(doc: &Doc) -> impl Iterator<Item = char> + '_ {
    let packed = doc.keys.packed.iter().flat_map(|&k| packed_chars(k >> 8));
    let words = doc.keys.words.iter().flat_map(|(w, _)| w.chars());
    packed.chain(words).filter(|&c| is_han(c))
}

/// Every key shard's text and the Chinese characters of its keys, in shard order.
fn key_shards(docs: &[Arc<Doc>], shards: u32) -> Vec<(String, Vec<char>)> {
    let count = shards as usize;
    let shard_of_key: Vec<Vec<u16>> = docs
        .par_iter()
        .map(|doc| {
            let keys = doc.keys.packed.iter();
            keys.map(|&key| (packed_hash(key >> 8) % shards) as u16)
                .collect()
        })
        .collect();
    let mut sizes = vec![0usize; count];
    for &shard in shard_of_key.iter().flatten() {
        sizes[usize::from(shard)] += 1;
    }
    // Each shard's postings with their keys, in one number (`posting_with_key`), in buckets of
    // exactly their size, filled reading the pages in order: fetching a posting's key from its
    // page later was a cache miss for each of 3 million postings at 10,000 events.
    let mut packed: Vec<Vec<u64>> = sizes.iter().map(|&n| Vec::with_capacity(n)).collect();
    let mut words: Vec<Vec<(&str, u32)>> = vec![Vec::new(); count];
    for (n, (doc, shard_of_key)) in docs.iter().zip(shard_of_key).enumerate() {
        for (&key, shard) in doc.keys.packed.iter().zip(shard_of_key) {
            packed[usize::from(shard)].push(posting_with_key(n, key));
        }
        for (word, score) in &doc.keys.words {
            let posting = page_bits(n) | u32::from(*score);
            words[shard_of(word, shards) as usize].push((word, posting));
        }
    }
    let mut sounds: Vec<Vec<(String, Entry)>> = (0..count).map(|_| Vec::new()).collect();
    for (key, chars) in sound_entries(docs, None) {
        let key = key.spell();
        sounds[shard_of(&key, shards) as usize].push((key, Entry::Sounds(chars)));
    }
    packed
        .into_par_iter()
        .zip(words)
        .zip(sounds)
        .map(|((packed, words), sounds)| key_shard_of(packed, words, sounds))
        .collect()
}

/// Page `n`'s posting of a packed key (`key << 8 | score`) with the key above it (in the bits
/// a posting leaves): sorting these numbers orders the postings by key, then by page.
fn posting_with_key(n: usize, key: u64) -> u64 {
    (key >> 8) << (64 - KEY_BITS) | u64::from(page_bits(n) | (key & 0xFF) as u32)
}

/// The key of a `posting_with_key`, and its posting.
fn key_and_posting(p: u64) -> (u64, u32) {
    (
        p >> (64 - KEY_BITS),
        (p & ((1 << (64 - KEY_BITS)) - 1)) as u32,
    )
}

/// A page's number in the high bits of a posting, its score in the low eight: 29 bits, which
/// leave room for a key in 64 (`posting_with_key`).
fn page_bits(n: usize) -> u32 {
    const MOST: u32 = (1 << (64 - KEY_BITS - 8)) - 1;
    // 2 million pages do not build anyway; saturating keeps the postings in order.
    u32::try_from(n).unwrap_or(MOST).min(MOST) << 8
}

/// One key shard from its postings (in page order) and its sound keys.
fn key_shard_of(
    mut packed: Vec<u64>,
    mut words: Vec<(&str, u32)>,
    sounds: Vec<(String, Entry)>,
) -> (String, Vec<char>) {
    packed.sort_unstable();
    // Stable: a word's postings keep their page order.
    words.sort_by_key(|&(word, _)| word);
    let mut entries: Vec<(String, Entry)> = Vec::with_capacity(packed.len() / 2 + sounds.len());
    let mut chars = Vec::new();
    for group in packed.chunk_by(|&a, &b| key_and_posting(a).0 == key_and_posting(b).0) {
        let text: String = packed_chars(key_and_posting(group[0]).0).collect();
        chars.extend(text.chars().filter(|&c| is_han(c)));
        let postings = group.iter().map(|&p| key_and_posting(p).1).collect();
        entries.push((text, Entry::Pages(postings)));
    }
    for group in words.chunk_by(|a, b| a.0 == b.0) {
        chars.extend(group[0].0.chars().filter(|&c| is_han(c)));
        entries.push((
            group[0].0.to_string(),
            Entry::Pages(group.iter().map(|p| p.1).collect()),
        ));
    }
    entries.extend(sounds);
    (key_shard(entries), chars)
}

/// Each sound key of the site (or only those in `only`) with the characters it stands for,
/// those of the most pages first.
fn sound_entries(
    docs: &[Arc<Doc>],
    only: Option<&HashSet<SoundKey>>,
) -> HashMap<SoundKey, Vec<String>> {
    let mut counts: HashMap<SoundKey, HashMap<SoundPair, u32>> = HashMap::new();
    for doc in docs {
        for &pair in &doc.sounds {
            for key in SoundKey::of(pair).into_iter().flatten() {
                if only.is_none_or(|keys| keys.contains(&key)) {
                    *counts.entry(key).or_default().entry(pair).or_default() += 1;
                }
            }
        }
    }
    counts
        .into_iter()
        .map(|(key, counts)| {
            let mut counts: Vec<(SoundPair, u32)> = counts.into_iter().collect();
            // A pair's characters in code point order are its text in byte order.
            counts.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            let chars = counts.iter().take(SOUNDS_PER_KEY);
            (key, chars.map(|c| c.0.iter().collect()).collect())
        })
        .collect()
}

/// What an edit of some pages does to the keys: for each key, the pages whose posting goes
/// (`None`) or becomes a new score; and the sound keys to count again.
struct Edits {
    postings: HashMap<String, Vec<(u32, Option<u8>)>>,
    sounds: HashMap<String, Vec<String>>,
}

impl Edits {
    fn of(old: &[Arc<Doc>], new: &[Arc<Doc>], changed: &[usize]) -> Edits {
        let mut postings: HashMap<String, Vec<(u32, Option<u8>)>> = HashMap::new();
        let mut sound_keys: HashSet<SoundKey> = HashSet::new();
        for &n in changed {
            let page = page_bits(n) >> 8;
            // A key whose score stays is no edit: most keys of an edited body keep theirs.
            let scores = |doc: &Doc| -> HashMap<String, u8> {
                let packed = doc.keys.packed.iter();
                let packed = packed.map(|&key| (packed_chars(key >> 8).collect(), key as u8));
                packed.chain(doc.keys.words.iter().cloned()).collect()
            };
            let (before, mut after) = (scores(&old[n]), scores(&new[n]));
            for (key, score) in before {
                match after.remove(&key) {
                    Some(same) if same == score => {}
                    changed => postings.entry(key).or_default().push((page, changed)),
                }
            }
            for (key, score) in after {
                postings.entry(key).or_default().push((page, Some(score)));
            }
            let (before, after) = (&old[n].sounds, &new[n].sounds);
            let gone = before.iter().filter(|pair| !after.contains(pair));
            let came = after.iter().filter(|pair| !before.contains(pair));
            let keys = gone.chain(came).filter_map(|&pair| SoundKey::of(pair));
            sound_keys.extend(keys.flatten());
        }
        let mut sounds: HashMap<SoundKey, Vec<String>> =
            sound_keys.iter().map(|&key| (key, Vec::new())).collect();
        // A body edit changes no sound (they are the title's and the terms'): the pages need
        // not be counted again.
        if !sound_keys.is_empty() {
            sounds.extend(sound_entries(new, Some(&sound_keys)));
        }
        let sounds = sounds.into_iter().map(|(key, chars)| (key.spell(), chars));
        Edits {
            postings,
            sounds: sounds.collect(),
        }
    }

    /// The shards the edit reaches, each with its keys.
    fn by_shard(&self, shards: u32) -> Vec<(usize, Vec<&str>)> {
        let mut by_shard: HashMap<usize, Vec<&str>> = HashMap::new();
        let keys = self.postings.keys().map(String::as_str);
        for key in keys.chain(self.sounds.keys().map(String::as_str)) {
            by_shard
                .entry(shard_of(key, shards) as usize)
                .or_default()
                .push(key);
        }
        by_shard.into_iter().collect()
    }

    /// A shard's entries after the edit of `keys`.
    fn apply(&self, entries: Vec<(String, Entry)>, keys: &[&str]) -> Vec<(String, Entry)> {
        let mut entries: HashMap<String, Entry> = entries.into_iter().collect();
        for &key in keys {
            if let Some(chars) = self.sounds.get(key) {
                match chars.is_empty() {
                    true => entries.remove(key),
                    false => entries.insert(key.to_string(), Entry::Sounds(chars.clone())),
                };
                continue;
            }
            let Some(edits) = self.postings.get(key) else {
                continue;
            };
            let mut pages = match entries.remove(key) {
                Some(Entry::Pages(pages)) => pages,
                _ => Vec::new(),
            };
            for &(page, score) in edits {
                let at = pages.partition_point(|p| p >> 8 < page);
                if pages.get(at).is_some_and(|p| p >> 8 == page) {
                    pages.remove(at);
                }
                if let Some(score) = score {
                    pages.insert(at, page << 8 | u32::from(score));
                }
            }
            if !pages.is_empty() {
                entries.insert(key.to_string(), Entry::Pages(pages));
            }
        }
        entries.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::keys::page_keys;
    use super::*;

    fn doc(path: &str, title: &str, body: &str) -> Arc<Doc> {
        let keys = page_keys(title, &["湖塘镇"], &[body]);
        let sounds = super::super::pinyin::sound_pairs(title);
        Arc::new(Doc::new(
            0,
            path.into(),
            title.into(),
            String::new(),
            body.into(),
            keys,
            sounds,
        ))
    }

    fn settings() -> Settings<'static> {
        Settings {
            base: "/",
            kinds: &["活动"],
            synonyms: vec![],
            words: vec!["湖塘".into()],
        }
    }

    fn bytes(index: &Index) -> Vec<(String, Vec<u8>)> {
        let files = index.files.iter();
        files
            .map(|f| (f.name.to_string(), f.bytes.to_vec()))
            .collect()
    }

    #[test]
    fn a_body_edit_of_known_characters_keeps_the_characters_and_counts_no_sounds() {
        let docs = site(40);
        let whole = Index::build(docs.clone(), &settings());
        let mut edited = docs.clone();
        let body = format!("{}，学习手机", docs[7].excerpt);
        edited[7] = doc(&docs[7].path, &docs[7].title, &body);
        let updated = whole.update(&edited, &settings()).expect("an update");
        assert!(
            Arc::ptr_eq(&updated.chars, &whole.chars),
            "the same characters"
        );
        let edits = Edits::of(&whole.docs, &edited, &[7]);
        assert!(edits.sounds.is_empty(), "the title kept its sounds");
        assert_eq!(bytes(&updated), bytes(&Index::build(edited, &settings())));
    }

    #[test]
    fn characters_brought_and_lost_by_an_edit_are_those_of_a_whole_build() {
        let docs = site(40);
        let whole = Index::build(docs.clone(), &settings());
        // 鹤 is new; 洛 and 阳 leave page 2 but stay on pages 5, 8…; 期 stays in every title.
        let mut edited = docs.clone();
        edited[2] = doc(&docs[2].path, &docs[2].title, "白鹤");
        let updated = whole.update(&edited, &settings()).expect("an update");
        let fresh = Index::build(edited.clone(), &settings());
        assert_eq!(*updated.chars, *fresh.chars);
        assert!(updated.chars.contains(&'鹤') && updated.chars.contains(&'洛'));
        // 鹤 leaves again, and no page has it.
        let mut again = edited.clone();
        again[2] = docs[2].clone();
        let back = updated.update(&again, &settings()).expect("an update");
        assert_eq!(*back.chars, *whole.chars);
        assert_eq!(bytes(&back), bytes(&whole));
    }

    fn site(n: usize) -> Vec<Arc<Doc>> {
        (0..n)
            .map(|k| {
                let body = format!(
                    "老年人学习手机第{k}课，在{}",
                    ["湖塘", "牛塘", "洛阳"][k % 3]
                );
                doc(&format!("events/e{k}/"), &format!("书法班第{k}期"), &body)
            })
            .collect()
    }

    #[test]
    fn an_update_gives_the_bytes_of_a_whole_build() {
        let old = site(400);
        let before = Index::build(old.clone(), &settings());
        assert!(before.shards > 4, "{} shards", before.shards);
        let mut new = old.clone();
        new[3] = doc("events/e3/", "湖塘太极拳", "健身气功 書法 ＡＰＰ");
        new[17] = doc("events/e17/", "书法班第17期", "");
        let updated = before.update(&new, &settings());
        let updated = updated.expect("only text changed: an update");
        let whole = Index::build(new, &settings());
        assert_eq!(bytes(&updated), bytes(&whole));
        // A small edit remakes only the shards of the keys it changed.
        let mut small = old.clone();
        small[5] = doc(
            "events/e5/",
            "书法班第5期",
            "老年人学习手机第5课，在洛阳。添加",
        );
        let updated = before.update(&small, &settings());
        let updated = updated.expect("only text changed: an update");
        assert_eq!(bytes(&updated), bytes(&Index::build(small, &settings())));
        let files = updated.files.iter().zip(&before.files);
        let remade = files.filter(|(a, b)| !Arc::ptr_eq(&a.bytes, &b.bytes));
        let names: Vec<&str> = remade.map(|(file, _)| &*file.name).collect();
        assert_eq!(
            names.len(),
            2,
            "one key shard and one page shard: {names:?}"
        );
        assert!(names.contains(&"d/0.json"), "{names:?}");
    }

    #[test]
    fn moved_pages_or_new_settings_make_the_index_whole() {
        let old = site(5);
        let before = Index::build(old.clone(), &settings());
        let mut swapped = old.clone();
        swapped.swap(1, 2);
        assert!(before.update(&swapped, &settings()).is_none());
        assert!(before.update(&old[..4], &settings()).is_none());
        let mut other = settings();
        other.words.push("书法".into());
        assert!(before.update(&old, &other).is_none());
        assert!(before.update(&old, &settings()).is_some());
    }
}

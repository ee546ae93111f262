//! The keys of one page: every two units in a row (see `normalize`), every word, and every
//! single Chinese character of the title and terms, each with a score that says where it
//! occurs (title, terms) and how often in the text.
//!
//! Most keys are two Chinese characters; they are packed into a number while a page is read
//! (sorting numbers is what makes 10,000 pages take a fraction of a second), and written out
//! as text only once per key for the whole site.

use super::normalize::{
    fold_stretch, is_han, is_plain_han, is_punctuation, is_word_char, simplified,
};
use std::collections::HashMap;

/// Score bits: the key is in the title, in the terms (town, category, topics…); the low six
/// bits count its occurrences in the text, up to 63.
pub(crate) const IN_TITLE: u8 = 0x80;
pub(crate) const IN_TERMS: u8 = 0x40;
const MAX_COUNT: u8 = 0x3F;

/// Marks a packed key of two characters, each its number among the Chinese characters
/// (`han_number`, 17 bits): a key is 35 bits, and a posting with its key fits in 64 (`index`).
const PAIR: u64 = 1 << (2 * HAN_BITS);
pub(crate) const KEY_BITS: u32 = 2 * HAN_BITS + 1;
const HAN_BITS: u32 = 17;

/// The blocks `normalize::is_han` accepts, each with the number of its first character.
const HAN_BLOCKS: [(u32, u32, u64); 4] = [
    (0x3400, 0x4DBF, 0),
    (0x4E00, 0x9FFF, 6_592),
    (0xF900, 0xFAFF, 27_584),
    (0x2_0000, 0x3_134F, 28_096),
];

/// A Chinese character's number among all of them (under 2^17); a character that is not one
/// (never packed) gets the last number, which spells nothing.
fn han_number(c: char) -> u64 {
    let c = c as u32;
    HAN_BLOCKS
        .iter()
        .find(|(first, last, _)| (*first..=*last).contains(&c))
        .map_or((1 << HAN_BITS) - 1, |&(first, _, at)| {
            at + u64::from(c - first)
        })
}

fn han_of(number: u64) -> Option<char> {
    let (first, _, at) = HAN_BLOCKS.iter().rev().find(|(_, _, at)| number >= *at)?;
    let c = char::from_u32(first + u32::try_from(number - at).ok()?)?;
    super::normalize::is_han(c).then_some(c)
}

/// The packed key of two characters.
fn pack_pair(a: char, b: char) -> u64 {
    PAIR | han_number(a) << HAN_BITS | han_number(b)
}

/// Where text comes from, in the two low bits of an occurrence.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Body = 0,
    Terms = 1,
    Title = 2,
}

/// A page's keys and their scores, each list sorted by key.
#[derive(Clone, Debug, Default, Hash, PartialEq, Eq)]
pub(crate) struct PageKeys {
    /// Keys of one or two Chinese characters, packed (`packed_text` spells them), each
    /// `key << 8 | score`: half the memory of pairs, at 10,000 pages.
    pub packed: Vec<u64>,
    /// Keys with a word in them (`app`, `12月`).
    pub words: Vec<(String, u8)>,
}

impl PageKeys {
    pub fn len(&self) -> usize {
        self.packed.len() + self.words.len()
    }
}

/// Reads text a unit at a time as `normalize::fold` and `normalize::runs` would cut it, without
/// making the folded text or its runs: the body of every page goes through here, and those
/// copies were half of the index's time at 10,000 events.
#[derive(Default)]
struct KeyReader {
    occurrences: Vec<u64>,
    words: HashMap<String, (u8, u8)>,
    /// The unit before, in this run: a character, or the word in `last_word`.
    last: Option<Last>,
    last_word: String,
    word: String,
    stretch: String,
    pair: String,
}

#[derive(Clone, Copy)]
enum Last {
    Han(char),
    Word,
}

impl KeyReader {
    fn read(&mut self, text: &str, field: Field) {
        let mut stretch_start: Option<usize> = None;
        for (i, c) in text.char_indices() {
            if is_plain_han(c) {
                if let Some(start) = stretch_start.take() {
                    self.stretch(&text[start..i], field);
                }
                self.folded(simplified(c), field);
            } else {
                stretch_start.get_or_insert(i);
            }
        }
        if let Some(start) = stretch_start {
            self.stretch(&text[start..], field);
        }
        self.end_run(field);
    }

    /// Text between plain ideographs, folded as `fold` folds it.
    fn stretch(&mut self, stretch: &str, field: Field) {
        if stretch.is_ascii() {
            for c in stretch.chars() {
                self.folded(c.to_ascii_lowercase(), field);
            }
            return;
        }
        if stretch.chars().all(is_punctuation) {
            // Most stretches of Chinese text are a comma or a full stop: they end the run.
            self.end_run(field);
            return;
        }
        let mut folded = std::mem::take(&mut self.stretch);
        folded.clear();
        fold_stretch(stretch, &mut folded);
        for c in folded.chars() {
            self.folded(c, field);
        }
        self.stretch = folded;
    }

    fn folded(&mut self, c: char, field: Field) {
        // Chinese characters first: they have no case, and asking is a table search.
        let han = is_han(c);
        if !han && is_word_char(c) {
            self.word.push(c);
            return;
        }
        self.end_word(field);
        if han {
            if field != Field::Body {
                self.occurrences.push(han_number(c) << 2 | field as u64);
            }
            match self.last {
                Some(Last::Han(a)) => {
                    self.occurrences.push(pack_pair(a, c) << 2 | field as u64);
                }
                Some(Last::Word) => {
                    self.pair.clear();
                    self.pair.push_str(&self.last_word);
                    self.pair.push(c);
                    add_word(&mut self.words, &self.pair, field);
                }
                None => {}
            }
            self.last = Some(Last::Han(c));
        } else {
            self.last = None;
        }
    }

    /// A word ends: it is a unit of the run.
    fn end_word(&mut self, field: Field) {
        if self.word.is_empty() {
            return;
        }
        add_word(&mut self.words, &self.word, field);
        if let Some(last) = self.last {
            self.pair.clear();
            match last {
                Last::Han(a) => self.pair.push(a),
                Last::Word => self.pair.push_str(&self.last_word),
            }
            self.pair.push_str(&self.word);
            add_word(&mut self.words, &self.pair, field);
        }
        std::mem::swap(&mut self.word, &mut self.last_word);
        self.word.clear();
        self.last = Some(Last::Word);
    }

    fn end_run(&mut self, field: Field) {
        self.end_word(field);
        self.last = None;
    }
}

/// The keys of a page's title, terms and texts (none of them folded yet; the texts are read
/// as if joined by spaces).
pub(crate) fn page_keys(title: &str, terms: &[&str], texts: &[&str]) -> PageKeys {
    let mut reader = KeyReader::default();
    // A Chinese character takes three bytes and makes one occurrence, two in a title or term:
    // room for them all at once, not grown a doubling at a time for every page.
    let shown: usize = title.len() + terms.iter().map(|t| t.len()).sum::<usize>();
    let read: usize = texts.iter().map(|t| t.len()).sum();
    reader.occurrences.reserve((2 * shown + read) / 3 + 8);
    reader.read(title, Field::Title);
    for term in terms {
        reader.read(term, Field::Terms);
    }
    for text in texts {
        reader.read(text, Field::Body);
    }
    let KeyReader {
        mut occurrences,
        words,
        ..
    } = reader;
    occurrences.sort_unstable();
    let mut packed: Vec<u64> = Vec::new();
    for occurrence in occurrences {
        let (key, field) = (occurrence >> 2, occurrence & 3);
        if packed.last().map(|k| k >> 8) != Some(key) {
            packed.push(key << 8);
        }
        if let Some(last) = packed.last_mut() {
            *last = (*last & !0xFF) | u64::from(add(*last as u8, field));
        }
    }
    let mut words: Vec<(String, u8)> = words
        .into_iter()
        .map(|(w, (flags, count))| (w, flags | count))
        .collect();
    words.sort_unstable();
    // Kept for the whole build (3 million keys at 10,000 events): no room to grow.
    packed.shrink_to_fit();
    PageKeys { packed, words }
}

fn add_word(words: &mut HashMap<String, (u8, u8)>, word: &str, field: Field) {
    if !words.contains_key(word) {
        words.insert(word.to_string(), (0, 0));
    }
    let Some(entry) = words.get_mut(word) else {
        return;
    };
    match field {
        Field::Title => entry.0 |= IN_TITLE,
        Field::Terms => entry.0 |= IN_TERMS,
        Field::Body => entry.1 = (entry.1 + 1).min(MAX_COUNT),
    }
}

fn add(score: u8, field: u64) -> u8 {
    match field {
        2 => score | IN_TITLE,
        1 => score | IN_TERMS,
        _ if score & MAX_COUNT < MAX_COUNT => score + 1,
        _ => score,
    }
}

/// The one or two characters of a packed key.
pub(crate) fn packed_chars(key: u64) -> impl Iterator<Item = char> {
    let char_at = move |shift: u32| han_of((key >> shift) & ((1 << HAN_BITS) - 1));
    let first = (key & PAIR != 0).then(|| char_at(HAN_BITS)).flatten();
    first.into_iter().chain(char_at(0))
}

/// A packed key as the text the script looks up.
#[cfg(test)]
pub(crate) fn packed_text(key: u64) -> String {
    packed_chars(key).collect()
}

/// The hash of a packed key's text (`shards::hash_units`), without spelling it.
pub(crate) fn packed_hash(key: u64) -> u32 {
    let mut chars = packed_chars(key);
    // Most keys are two characters of the basic plane: each is one UTF-16 unit.
    if let (Some(first), Some(second), true) = (chars.next(), chars.next(), key & PAIR != 0) {
        if let (Ok(a), Ok(b)) = (u16::try_from(first as u32), u16::try_from(second as u32)) {
            return super::shards::hash_units([a, b].into_iter());
        }
    }
    let utf16 = |c: char| {
        let mut buf = [0u16; 2];
        let len = c.encode_utf16(&mut buf).len();
        buf.into_iter().take(len)
    };
    super::shards::hash_units(packed_chars(key).flat_map(utf16))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spelled(keys: &PageKeys) -> Vec<(String, u8)> {
        let mut all: Vec<(String, u8)> = keys
            .packed
            .iter()
            .map(|&k| (packed_text(k >> 8), k as u8))
            .chain(keys.words.iter().cloned())
            .collect();
        all.sort();
        all
    }

    #[test]
    fn pairs_of_units_with_where_and_how_often() {
        let keys = page_keys("书法班", &["湖塘镇"], &["书法，书法！ＡＰＰ"]);
        let all = spelled(&keys);
        let score = |k: &str| all.iter().find(|(key, _)| key == k).map(|(_, s)| *s);
        assert_eq!(score("书法"), Some(IN_TITLE | 2));
        assert_eq!(score("法班"), Some(IN_TITLE));
        assert_eq!(score("湖塘"), Some(IN_TERMS));
        assert_eq!(score("app"), Some(1), "full width folded: {all:?}");
        // Single characters of the title and terms only.
        assert_eq!(score("班"), Some(IN_TITLE));
        assert_eq!(score("镇"), Some(IN_TERMS));
        assert_eq!(score("，"), None);
    }

    #[test]
    fn words_pair_with_their_neighbours() {
        let all = spelled(&page_keys("", &[], &["１２月３日"]));
        let keys: Vec<&str> = all.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["12", "12月", "3", "3日", "月3"]);
    }

    #[test]
    fn every_chinese_character_packs_and_spells_back() {
        let all = (0..=0x3_FFFF).filter_map(char::from_u32);
        let mut numbers = std::collections::HashSet::new();
        for c in all.filter(|&c| super::super::normalize::is_han(c)) {
            let n = han_number(c);
            assert!(n < (1 << HAN_BITS) - 1 && numbers.insert(n), "{c:?}");
            assert_eq!(packed_text(pack_pair(c, '学')), format!("{c}学"));
            assert_eq!(packed_text(han_number(c)), c.to_string());
        }
        assert_eq!(
            packed_text(pack_pair('A', '学')),
            "学",
            "not packed: spells nothing"
        );
    }

    #[test]
    fn counts_stop_at_63() {
        let body = "书法 ".repeat(100);
        let keys = page_keys("", &[], &[&body]);
        assert_eq!(keys.packed, vec![pack_pair('书', '法') << 8 | 63]);
    }

    #[test]
    fn a_packed_key_hashes_as_its_text() {
        for text in ["书法", "法", "\u{20000}书"] {
            let keys = page_keys(text, &[], &[]);
            for &k in &keys.packed {
                let spelled = packed_text(k >> 8);
                let units = spelled.encode_utf16();
                assert_eq!(packed_hash(k >> 8), super::super::shards::hash_units(units));
            }
        }
    }

    /// The keys as `normalize::fold` and `normalize::runs` cut the text: what the script reads.
    fn keys_by_runs(texts: &[&str]) -> Vec<String> {
        use super::super::normalize::{fold, runs, Unit};
        let spell = |unit: &Unit| match unit {
            Unit::Han(c) => c.to_string(),
            Unit::Word(w) => w.to_string(),
        };
        let mut keys = Vec::new();
        for text in texts {
            let folded = fold(text);
            for run in runs(&folded) {
                for (k, unit) in run.iter().enumerate() {
                    if let Unit::Word(w) = unit {
                        keys.push(w.to_string());
                    }
                    if let Some(next) = run.get(k + 1) {
                        keys.push(spell(unit) + &spell(next));
                    }
                }
            }
        }
        keys.sort();
        keys.dedup();
        keys
    }

    #[test]
    fn the_streamed_keys_are_those_of_the_folded_runs() {
        let texts = [
            "书法，书法！ＡＰＰ和app第１２期 12月3日",
            "Ｅｍａｉｌ：ｘｙ@ｅｘ.ｃｏｍ 書法班 﨑 café 老年大学",
            "a",
            "",
            "湖塘镇2022年12月3日9:30—11:00 Ⅻ ㊀ ﹙括号﹚",
            "x书y法z 𠀀𠀁 ab",
        ];
        for text in texts {
            let keys = page_keys("", &[], &[text]);
            let mut streamed: Vec<String> = spelled(&keys).into_iter().map(|(k, _)| k).collect();
            streamed.sort();
            assert_eq!(streamed, keys_by_runs(&[text]), "{text}");
        }
        let parts = ["书法", "班长", "ab", "cd"];
        let streamed = spelled(&page_keys("", &[], &parts));
        let streamed: Vec<String> = streamed.into_iter().map(|(k, _)| k).collect();
        assert_eq!(streamed, keys_by_runs(&[&parts.join(" ")]));
    }
}

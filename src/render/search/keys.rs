//! The keys of one page: every two units in a row (see `normalize`), every word, and every
//! single Chinese character of the title and terms, each with a score that says where it
//! occurs (title, terms) and how often in the text.
//!
//! Most keys are two Chinese characters; they are packed into a number while a page is read
//! (sorting numbers is what makes 10,000 pages take a fraction of a second), and written out
//! as text only once per key for the whole site.

use super::normalize::{fold, runs, Unit};
use std::collections::HashMap;

/// Score bits: the key is in the title, in the terms (town, category, topics…); the low six
/// bits count its occurrences in the text, up to 63.
pub(crate) const IN_TITLE: u8 = 0x80;
pub(crate) const IN_TERMS: u8 = 0x40;
const MAX_COUNT: u8 = 0x3F;

/// Marks a packed key of two characters (one character needs 21 bits).
const PAIR: u64 = 1 << 42;

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

/// The keys of a page's title, terms and text (none of them folded yet).
pub(crate) fn page_keys(title: &str, terms: &[&str], body: &str) -> PageKeys {
    let mut occurrences: Vec<u64> = Vec::new();
    let mut words: HashMap<String, (u8, u8)> = HashMap::new();
    let mut pair = String::new();
    let mut read = |text: &str, field: Field| {
        let folded = fold(text);
        for run in runs(&folded) {
            for (k, unit) in run.iter().enumerate() {
                match *unit {
                    Unit::Han(c) if field != Field::Body => {
                        occurrences.push((c as u64) << 2 | field as u64)
                    }
                    Unit::Word(w) => add_word(&mut words, w, field),
                    Unit::Han(_) => {}
                }
                match (unit, run.get(k + 1)) {
                    (Unit::Han(a), Some(Unit::Han(b))) => {
                        let packed = PAIR | (*a as u64) << 21 | *b as u64;
                        occurrences.push(packed << 2 | field as u64);
                    }
                    (a, Some(b)) => {
                        pair.clear();
                        spell(a, &mut pair);
                        spell(b, &mut pair);
                        add_word(&mut words, &pair, field);
                    }
                    (_, None) => {}
                }
            }
        }
    };
    read(title, Field::Title);
    for term in terms {
        read(term, Field::Terms);
    }
    read(body, Field::Body);
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

fn spell(unit: &Unit, out: &mut String) {
    match unit {
        Unit::Han(c) => out.push(*c),
        Unit::Word(w) => out.push_str(w),
    }
}

/// The one or two characters of a packed key.
pub(crate) fn packed_chars(key: u64) -> impl Iterator<Item = char> {
    let char_at = move |shift: u32| char::from_u32(((key >> shift) & 0x1F_FFFF) as u32);
    let first = (key & PAIR != 0).then(|| char_at(21)).flatten();
    first.into_iter().chain(char_at(0))
}

/// A packed key as the text the script looks up.
#[cfg(test)]
pub(crate) fn packed_text(key: u64) -> String {
    packed_chars(key).collect()
}

/// The hash of a packed key's text (`shards::hash_units`), without spelling it.
pub(crate) fn packed_hash(key: u64) -> u32 {
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
        let keys = page_keys("书法班", &["湖塘镇"], "书法，书法！ＡＰＰ");
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
        let all = spelled(&page_keys("", &[], "１２月３日"));
        let keys: Vec<&str> = all.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["12", "12月", "3", "3日", "月3"]);
    }

    #[test]
    fn counts_stop_at_63() {
        let body = "书法 ".repeat(100);
        let keys = page_keys("", &[], &body);
        assert_eq!(
            keys.packed,
            vec![(PAIR | ('书' as u64) << 21 | '法' as u64) << 8 | 63]
        );
    }

    #[test]
    fn a_packed_key_hashes_as_its_text() {
        for text in ["书法", "法", "\u{20000}书"] {
            let keys = page_keys(text, &[], "");
            for &k in &keys.packed {
                let spelled = packed_text(k >> 8);
                let units = spelled.encode_utf16();
                assert_eq!(packed_hash(k >> 8), super::super::shards::hash_units(units));
            }
        }
    }
}

//! Pinyin for search: readers type `hutang`, `shufa`, `lnjy` (initials of 老年教育), or pick the
//! wrong character of the right sound on a pinyin keyboard (书发, 湖糖).
//!
//! The site's own words (titles, towns, categories, topics, people's names) give *sound keys*:
//! each two characters in a row, under their toneless pinyin run together (`~hutang` -> 湖塘)
//! and under their initials (`^ht` -> 湖塘). They go into the index's shards like any key, so
//! the script fetches only the shards of the keys a query needs. The script turns the
//! characters it finds back into a query of Chinese words (hutang -> 湖塘, lnjy -> 老年教育 by
//! chaining 老年, 年教, 教育).
//!
//! To split a pinyin query into syllables, and to read the sound of a query's characters, the
//! script fetches `pinyin.json` (every common character under its syllable), but only when a
//! query found nothing as it was typed.

use super::normalize::{runs, Unit};
use crate::slug::char_pinyin;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Two characters in a row of the site's own words, each with a pinyin reading: the index
/// keeps these, 8 bytes each, and spells their keys (`SoundKey`) only when it is made.
pub(crate) type SoundPair = [char; 2];

/// The pairs of a folded word that have sound keys.
pub(crate) fn sound_pairs(folded: &str) -> Vec<SoundPair> {
    let mut out = Vec::new();
    for run in runs(folded) {
        let chars: Vec<Option<char>> = run
            .iter()
            .map(|unit| match unit {
                Unit::Han(c) => char_pinyin(*c).map(|_| *c),
                Unit::Word(_) => None,
            })
            .collect();
        for pair in chars.windows(2) {
            if let [Some(a), Some(b)] = *pair {
                out.push([a, b]);
            }
        }
    }
    out
}

/// A sound key, unspelled: the toneless pinyin of two characters run together (`~hutang`),
/// or their initials (`^ht`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum SoundKey {
    Pinyin(&'static str, &'static str),
    Initials(char, char),
}

impl SoundKey {
    /// The two keys a pair is found under.
    pub fn of([a, b]: SoundPair) -> Option<[SoundKey; 2]> {
        let (pa, pb) = (char_pinyin(a)?, char_pinyin(b)?);
        Some([
            SoundKey::Pinyin(pa, pb),
            SoundKey::Initials(initial(pa), initial(pb)),
        ])
    }

    /// The key as the index's shards hold it.
    pub fn spell(self) -> String {
        match self {
            SoundKey::Pinyin(a, b) => format!("~{a}{b}"),
            SoundKey::Initials(a, b) => format!("^{a}{b}"),
        }
    }
}

/// The sound keys of a folded word, each with the two characters it stands for.
#[cfg(test)]
pub(crate) fn sound_keys(folded: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for pair in sound_pairs(folded) {
        for key in SoundKey::of(pair).into_iter().flatten() {
            out.push((key.spell(), pair.iter().collect()));
        }
    }
    out
}

fn initial(syllable: &str) -> char {
    syllable.chars().next().unwrap_or('?')
}

/// `pinyin.json`: `{"a":"阿啊…","ai":"爱哀…",…}`, every character of the basic block that has
/// a reading, under its most common reading. The same for every site, made once.
pub(crate) fn table_json() -> &'static str {
    static TABLE: OnceLock<String> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut by_sound: BTreeMap<&str, String> = BTreeMap::new();
        for c in (0x4E00u32..=0x9FFF).filter_map(char::from_u32) {
            if let Some(p) = char_pinyin(c) {
                by_sound.entry(p).or_default().push(c);
            }
        }
        serde_json::to_string(&by_sound).unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_of_characters_under_their_pinyin_and_initials() {
        let keys = sound_keys("老年教育");
        let has = |k: &str, v: &str| keys.iter().any(|(a, b)| a == k && b == v);
        assert!(has("~laonian", "老年"), "{keys:?}");
        assert!(has("~jiaoyu", "教育"), "{keys:?}");
        assert!(has("^ln", "老年") && has("^nj", "年教") && has("^jy", "教育"));
        assert!(sound_keys("张伟").contains(&("~zhangwei".into(), "张伟".into())));
        // Words and separators break the pairs.
        assert!(sound_keys("湖塘 app 书法")
            .iter()
            .all(|(_, v)| v == "湖塘" || v == "书法"));
    }

    #[test]
    fn the_table_reads_the_sound_of_any_common_character() {
        let table: BTreeMap<String, String> = serde_json::from_str(table_json()).unwrap();
        assert!(table["shu"].contains('书'));
        assert!(table["fa"].contains('发') && table["fa"].contains('法'));
        assert!(table["tang"].contains('糖') && table["tang"].contains('塘'));
    }
}

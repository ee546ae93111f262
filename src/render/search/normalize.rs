//! How the index and the search page's script read text, one way on both sides: NFKC (full-width
//! ＡＰＰ and １２月３日 become APP and 12月3日), lower case, and traditional characters as
//! their simplified ones (書法 is 书法). The script does the first two with
//! `normalize('NFKC').toLowerCase()`; for the third it fetches `t2s.json` (see `t2s_pairs`).
//!
//! Text is then cut into runs of *units* between separators: a Chinese character is a unit on
//! its own, a run of letters and digits (`app`, `12`) is one unit. The index's keys are pairs
//! of neighbouring units, so any two characters in a row inside a word are a key.

use std::collections::BTreeSet;
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

/// One unit of searchable text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unit<'a> {
    Han(char),
    Word(&'a str),
}

/// The text as the index keeps it and the script compares it. The same as NFKC, then lower
/// case, then `t2s`, a character at a time, but quicker on Chinese: an ideograph is stable under
/// NFKC and composes with nothing, so NFKC runs only on the stretches between ideographs that
/// are not plain ASCII (full-width forms, punctuation, accents), which gives the same text.
pub(crate) fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut stretch_start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if is_plain_han(c) {
            if let Some(start) = stretch_start.take() {
                fold_stretch(&text[start..i], &mut out);
            }
            out.push(simplified(c));
        } else {
            stretch_start.get_or_insert(i);
        }
    }
    if let Some(start) = stretch_start {
        fold_stretch(&text[start..], &mut out);
    }
    out
}

/// The ideographs that fold to themselves or their simplified form, alone: not the
/// compatibility ideographs (U+F900…), which NFKC changes.
pub(crate) fn is_plain_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF)
}

/// A stretch of text between plain ideographs, folded onto `out`.
pub(crate) fn fold_stretch(stretch: &str, out: &mut String) {
    if stretch.is_ascii() {
        out.extend(stretch.chars().map(|c| c.to_ascii_lowercase()));
        return;
    }
    for c in stretch.nfkc().flat_map(char::to_lowercase) {
        out.push(if is_han(c) { simplified(c) } else { c });
    }
}

pub(crate) fn simplified(c: char) -> char {
    let table = t2s();
    let found = (c as usize)
        .checked_sub(T2S_FIRST as usize)
        .and_then(|k| table.get(k))
        .copied()
        .unwrap_or(0);
    char::from_u32(found).filter(|_| found != 0).unwrap_or(c)
}

/// Chinese characters (the unified ideographs and their extensions), which the index pairs
/// one by one. The script's `isHan` has the same ranges.
pub(crate) fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// Chinese and full-width punctuation, spaces and dashes: folded, none of them is a Chinese
/// character or part of a word (a unit test checks every one), so they only end a run.
pub(crate) fn is_punctuation(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x3004 | 0x3008..=0x3011 | 0x3014..=0x301F
        | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65
        | 0x2010..=0x2027 | 0x2030..=0x205E)
}

/// Letters and digits that run together into a word: ASCII ones, and letters that have a case
/// (é, Greek, Cyrillic). The script tests `c.toLowerCase() !== c.toUpperCase()` for the latter.
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || (!c.is_ascii() && (c.is_lowercase() || c.is_uppercase()))
}

/// The runs of units of folded text: anything but a Chinese character or a word character
/// separates runs (spaces, punctuation, symbols).
pub(crate) fn runs(folded: &str) -> Vec<Vec<Unit<'_>>> {
    let mut out: Vec<Vec<Unit>> = Vec::new();
    let mut run: Vec<Unit> = Vec::new();
    let mut word_start: Option<usize> = None;
    for (i, c) in folded.char_indices() {
        if is_word_char(c) {
            word_start.get_or_insert(i);
            continue;
        }
        if let Some(start) = word_start.take() {
            run.push(Unit::Word(&folded[start..i]));
        }
        if is_han(c) {
            run.push(Unit::Han(c));
        } else if !run.is_empty() {
            out.push(std::mem::take(&mut run));
        }
    }
    if let Some(start) = word_start {
        run.push(Unit::Word(&folded[start..]));
    }
    if !run.is_empty() {
        out.push(run);
    }
    out
}

/// The first character `t2s` covers; it covers up to U+9FFF.
const T2S_FIRST: u32 = 0x3400;

/// Traditional character -> simplified character (0: none), indexed from `T2S_FIRST`, for every
/// character zhconv's zh-Hans table changes into exactly one other character. Made once per
/// process (some 30 ms); a table rather than a map, as every character of every page is looked up.
fn t2s() -> &'static [u32] {
    static TABLE: OnceLock<Vec<u32>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let converter = zhconv::get_builtin_converter(zhconv::Variant::ZhHans);
        let mut table = vec![0; (0x9FFF - T2S_FIRST + 1) as usize];
        let mut buf = [0u8; 4];
        for (k, slot) in table.iter_mut().enumerate() {
            let Some(c) = char::from_u32(T2S_FIRST + k as u32) else {
                continue;
            };
            let converted = converter.convert(c.encode_utf8(&mut buf));
            let mut chars = converted.chars();
            if let (Some(s), None) = (chars.next(), chars.next()) {
                if s != c {
                    *slot = s as u32;
                }
            }
        }
        table
    })
}

/// The pairs the search page needs to read a traditional query: those whose simplified
/// character occurs in the site (`chars`), as one string of traditional, simplified,
/// traditional, simplified… A character the site never has cannot be found either way.
pub(crate) fn t2s_pairs(chars: &BTreeSet<char>) -> String {
    let pairs: Vec<(char, char)> = t2s()
        .iter()
        .enumerate()
        .filter_map(|(k, &s)| Some((char::from_u32(T2S_FIRST + k as u32)?, char::from_u32(s)?)))
        .filter(|(t, s)| t != s && chars.contains(s))
        .collect();
    pairs.iter().flat_map(|&(t, s)| [t, s]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_and_case_fold_to_half_width_lower_case() {
        assert_eq!(fold("ＡＰＰ使用"), "app使用");
        assert_eq!(fold("１２月３日"), "12月3日");
        assert_eq!(fold("WeChat　小程序"), "wechat 小程序");
        // A compatibility ideograph is its unified one; an accent composes as in the browser.
        assert_eq!(fold("\u{F900}書"), "岂书");
        assert_eq!(fold("café Cafe\u{301}"), "café café");
    }

    #[test]
    fn punctuation_folds_to_no_unit() {
        let all = (0x2000..=0xFFFF)
            .filter_map(char::from_u32)
            .filter(|&c| is_punctuation(c));
        let mut seen = 0;
        for c in all {
            seen += 1;
            let folded = fold(&c.to_string());
            assert!(
                !folded.chars().any(|f| is_han(f) || is_word_char(f)),
                "{c:?} folds to {folded:?}"
            );
        }
        assert!(seen > 120, "{seen}");
        assert!(is_punctuation('，') && is_punctuation('。') && is_punctuation('“'));
        assert!(!is_punctuation('〇') && !is_punctuation('々') && !is_punctuation('Ａ'));
    }

    #[test]
    fn traditional_characters_read_as_simplified() {
        assert_eq!(fold("書法"), "书法");
        assert_eq!(fold("湖塘鎮老年大學"), "湖塘镇老年大学");
        // Simplified text stays as it is.
        assert_eq!(fold("书法班开课了"), "书法班开课了");
        let pairs = t2s_pairs(&['书', '学'].into_iter().collect());
        assert!(pairs.contains("書书") && pairs.contains("學学"), "{pairs}");
        assert!(
            !pairs.contains('东'),
            "only pairs of characters the site has: {pairs}"
        );
    }

    #[test]
    fn units_are_characters_and_words_between_separators() {
        let folded = fold("第3期：ＡＰＰ课堂，12月3日 hello");
        let runs = runs(&folded);
        use Unit::*;
        assert_eq!(
            runs,
            vec![
                vec![Han('第'), Word("3"), Han('期')],
                vec![Word("app"), Han('课'), Han('堂')],
                vec![Word("12"), Han('月'), Word("3"), Han('日')],
                vec![Word("hello")],
            ]
        );
    }
}

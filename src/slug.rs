//! ASCII addresses: term pages in pinyin (湖塘镇 -> hutangzhen), page slugs checked; and the
//! toneless pinyin of one character, for search (the one module that uses the pinyin crate).

use pinyin::ToPinyin;

/// The pinyin address of a term: Chinese characters as toneless pinyin run together, ASCII
/// letters and digits kept (lower-cased), anything else a single `-`.
pub fn pinyin_slug(term: &str) -> String {
    let mut out = String::new();
    let mut pending_dash = false;
    for (c, p) in term.chars().zip(term.to_pinyin()) {
        let piece: Option<String> = match p {
            Some(p) => Some(p.plain().to_string()),
            None if c.is_ascii_alphanumeric() => Some(c.to_ascii_lowercase().to_string()),
            None => None,
        };
        match piece {
            Some(s) => {
                if pending_dash && !out.is_empty() {
                    out.push('-');
                }
                pending_dash = false;
                out.push_str(&s);
            }
            None => pending_dash = true,
        }
    }
    if out.is_empty() {
        out.push_str("term");
    }
    out
}

/// A character's toneless pinyin in its most common reading (书 -> shu), if it has one.
pub fn char_pinyin(c: char) -> Option<&'static str> {
    c.to_pinyin().map(|p| p.plain())
}

/// Whether a slug is usable in an address as it is: lower-case ASCII letters, digits, `-`, `_`.
pub fn is_valid_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        && !s.starts_with('-')
}

/// A suggested slug for a name staff gave in Chinese or with spaces.
pub fn suggest_slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if let Some(p) = c.to_pinyin() {
            if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
            out.push_str(p.plain());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_matches('-').to_string();
    if out.is_empty() {
        "page".into()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn towns_in_pinyin() {
        assert_eq!(pinyin_slug("湖塘镇"), "hutangzhen");
        assert_eq!(pinyin_slug("横山桥镇"), "hengshanqiaozhen");
        assert_eq!(pinyin_slug("区直单位"), "quzhidanwei");
        assert_eq!(pinyin_slug("四个一"), "sigeyi");
        assert_eq!(pinyin_slug("AI 课堂"), "ai-ketang");
    }

    #[test]
    fn slugs() {
        assert!(is_valid_slug("hutang-zhulao-2022"));
        assert!(!is_valid_slug("湖塘"));
        assert!(!is_valid_slug("Hu Tang"));
        assert_eq!(suggest_slug("Hu Tang 讲座"), "hu-tang-jiang-zuo");
    }
}

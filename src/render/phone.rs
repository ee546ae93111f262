//! Telephone numbers in text a reader sees (an event's 联系方式), made into `tel:` links: on a
//! phone, one tap calls the organizer instead of copying digits by hand, which many elderly
//! readers cannot do. Exposed to templates as the filter `phone_links`.
//!
//! Only numbers that can be dialled as written are linked: mobile numbers (11 digits, 1[3-9]…),
//! numbers with an area code (0…, 10–12 digits) and 400/800 service numbers (10 digits).
//! Digits may be grouped by single spaces or hyphens, in groups of 3 or more, so dates
//! (2022-12-03), times and short codes are never linked. A local number without its area code
//! is left as text: it could as well be a QQ number.

use std::collections::HashMap;

/// `text`, HTML-escaped, with each number found wrapped in `<a href="tel:DIGITS">`.
pub fn links(text: &str) -> String {
    use crate::html::escape as escape_html;
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 32);
    // The text since the last number, escaped in one go when a number or the end comes.
    let mut plain = String::new();
    let mut i = 0;
    while i < chars.len() {
        if let Some((end, digits)) = number_at(&chars, i) {
            out.push_str(&escape_html(&plain));
            plain.clear();
            let shown: String = chars[i..end].iter().collect();
            out.push_str(&format!(
                "<a href=\"tel:{digits}\" class=\"tel\">{}</a>",
                escape_html(&shown)
            ));
            i = end;
        } else {
            plain.push(chars[i]);
            i += 1;
        }
    }
    out.push_str(&escape_html(&plain));
    out
}

/// The number starting at `chars[start]`, if one does: where it ends and its digits.
fn number_at(chars: &[char], start: usize) -> Option<(usize, String)> {
    // A number starts at a digit that does not continue a longer run of digits or letters.
    if !chars[start].is_ascii_digit()
        || start > 0 && (chars[start - 1].is_ascii_alphanumeric() || chars[start - 1] == '-')
    {
        return None;
    }
    // Groups of digits and where each ends.
    let mut groups: Vec<(String, usize)> = vec![(String::new(), start)];
    let mut i = start;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            let g = groups.last_mut()?;
            g.0.push(c);
            i += 1;
            g.1 = i;
        } else if matches!(c, '-' | ' ') && chars.get(i + 1).is_some_and(char::is_ascii_digit) {
            groups.push((String::new(), i + 1));
            i += 1;
        } else {
            break;
        }
    }
    // The longest run of whole groups that is a number (“0519-86301258 13812345678” is two).
    for n in (1..=groups.len()).rev() {
        let taken = &groups[..n];
        let end = taken[n - 1].1;
        // A digit or letter right after it: part of something else (an address, a code).
        if chars.get(end).is_some_and(char::is_ascii_alphanumeric) {
            continue;
        }
        let digits: String = taken.iter().map(|(g, _)| g.as_str()).collect();
        let grouped_ok = n == 1 || taken.iter().all(|(g, _)| g.len() >= 3);
        if grouped_ok && dialable(&digits) {
            return Some((end, digits));
        }
    }
    None
}

fn dialable(d: &str) -> bool {
    let b = d.as_bytes();
    match (b.first(), d.len()) {
        (Some(b'1'), 11) => matches!(b[1], b'3'..=b'9'),
        (Some(b'0'), 10..=12) => b[1] != b'0',
        (Some(b'4' | b'8'), 10) => d.starts_with("400") || d.starts_with("800"),
        _ => false,
    }
}

/// The Tera filter: `{{ e.contact | phone_links | safe }}` (the filter escapes the text itself).
pub fn filter(value: &tera::Value, _: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    match value {
        tera::Value::String(s) => Ok(tera::Value::String(links(s))),
        tera::Value::Null => Ok(tera::Value::String(String::new())),
        other => Ok(tera::Value::String(links(&other.to_string()))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn linked(text: &str) -> Vec<String> {
        let html = links(text);
        html.split("href=\"tel:")
            .skip(1)
            .map(|s| s.split('"').next().unwrap_or_default().to_string())
            .collect()
    }

    #[test]
    fn links_numbers_that_can_be_dialled() {
        assert_eq!(linked("陈老师 0519-86301258"), ["051986301258"]);
        assert_eq!(linked("手机13812345678"), ["13812345678"]);
        assert_eq!(
            linked("138 1234 5678，或 0519 8630 1258"),
            ["13812345678", "051986301258"]
        );
        assert_eq!(linked("热线 400-820-8820"), ["4008208820"]);
        assert_eq!(linked("0519-86301258转123"), ["051986301258"]);
        assert_eq!(
            linked("0519-86301258 13812345678"),
            ["051986301258", "13812345678"]
        );
        assert_eq!(
            links("王老师 0519-86301258"),
            "王老师 <a href=\"tel:051986301258\" class=\"tel\">0519-86301258</a>"
        );
    }

    #[test]
    fn leaves_other_numbers_alone() {
        for text in [
            "2022-12-03",
            "12月3日 09:30",
            "QQ群 123456789",
            "86301258",
            "湖塘镇花园街12号",
            "报名截止2022-12-01 18:00",
            "12345678901",
            "A0519-86301258",
            "19 30 1258 1",
            "",
        ] {
            assert_eq!(linked(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn escapes_the_text() {
        assert_eq!(links("<b>张 & 李</b>"), "&lt;b&gt;张 &amp; 李&lt;/b&gt;");
    }
}

//! Yes and no, the way staff write them. The one reading of every true/false field (front
//! matter's `draft`, `free`, `launch`; site.toml's switches): two readings of the same field
//! once let a page be checked as a draft and still be published.

/// What `yes_no` accepts, for messages: true first, then false.
pub const ACCEPTED: &str = "true/false, 是/否, 对/错, yes/no, y/n, on/off, 1/0";

const YES: &[&str] = &["true", "yes", "y", "on", "1", "是", "对"];
const NO: &[&str] = &["false", "no", "n", "off", "0", "否", "错", "不是"];

/// Reads yes or no from text as typed: case does not matter, full-width letters and digits
/// (typed with a Chinese input method) count as their ASCII forms, spaces around are ignored.
/// `None` for anything else: a caller reports it with [`ACCEPTED`].
pub fn yes_no(text: &str) -> Option<bool> {
    let folded: String = text
        .trim()
        .chars()
        .map(|c| match c {
            // Full-width forms U+FF01..=U+FF5E sit 0xFEE0 above their ASCII twins.
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            c => c.to_ascii_lowercase(),
        })
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if YES.contains(&folded.as_str()) {
        Some(true)
    } else if NO.contains(&folded.as_str()) {
        Some(false)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_staff_use() {
        for t in [
            "true",
            "True",
            "TRUE",
            "yes",
            "Yes",
            "Y",
            "on",
            "1",
            "是",
            " 是 ",
            "对",
            "ｙｅｓ",
            "１",
            "ＴＲＵＥ",
            "\u{3000}是",
        ] {
            assert_eq!(yes_no(t), Some(true), "{t:?}");
        }
        for f in [
            "false", "False", "no", "NO", "n", "off", "0", "否", "错", "不是", "ｎｏ", "０",
        ] {
            assert_eq!(yes_no(f), Some(false), "{f:?}");
        }
        for x in ["", "草稿", "maybe", "2", "是的吧", "t"] {
            assert_eq!(yes_no(x), None, "{x:?}");
        }
    }
}

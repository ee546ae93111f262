//! An imported event as its page: the front matter `xuezhou new event` writes, line for line
//! with its comments, each field filled in from the row, then the `imported:` block that finds
//! the page again on the next import, and the 简介 as the body.

use super::rows::Imported;
use crate::page::Format;
use xxhash_rust::xxh3::xxh3_64;

/// The line of the `imported:` block holding the page's fingerprint; left out of it.
const HASH_LINE: &str = "  hash: ";

/// A row's identity: the same 主办单位, 活动名称 and first day are the same event, in whichever
/// file or row it comes. Spaces do not count.
pub fn identity(organizer: &str, title: &str, first_day: chrono::NaiveDate) -> String {
    let squeeze = |text: &str| {
        text.chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
    };
    let text = format!(
        "{}\u{1f}{}\u{1f}{first_day}",
        squeeze(organizer),
        squeeze(title)
    );
    format!("{:016x}", xxh3_64(text.as_bytes()))
}

/// The line naming the file a page was imported from.
const FROM_LINE: &str = "  from: ";

/// The fingerprint of a page's text: everything but the hash line itself and the file name
/// (a corrected sheet sent again under another name changes no page whose row is the same),
/// line endings and a byte-order mark as a build reads them.
pub fn fingerprint(text: &str) -> String {
    let text = crate::load::page_file::normalize_text(text);
    let without: String = text
        .split_inclusive('\n')
        .filter(|line| !line.starts_with(HASH_LINE) && !line.starts_with(FROM_LINE))
        .collect();
    format!("{:016x}", xxh3_64(without.as_bytes()))
}

/// The fingerprint a page recorded when it was imported.
pub fn recorded_fingerprint(text: &str) -> Option<String> {
    text.lines()
        .find_map(|line| line.strip_prefix(HASH_LINE))
        .and_then(|rest| rest.split_whitespace().next())
        .map(str::to_string)
}

/// The whole page. `from` is the file the row came from (its name alone).
pub fn page_text(event: &Imported, from: &str) -> String {
    let template = crate::scaffold::NEW_EVENT;
    let mut out = String::from("---\n");
    let front = template
        .strip_prefix("---\n")
        .and_then(|rest| rest.split_once("\n---\n"))
        .map(|(front, _)| front)
        .unwrap_or("");
    for line in front.lines() {
        match line.split_once(':') {
            Some((key, rest)) if !line.starts_with(['#', ' ']) => {
                let comment = rest.find('#').map(|at| &rest[at..]).unwrap_or("");
                let value = value_of(event, key).unwrap_or_else(|| {
                    rest[..rest.find('#').unwrap_or(rest.len())]
                        .trim()
                        .to_string()
                });
                out.push_str(&aligned(&format!("{key}: {value}"), comment, line));
            }
            _ => out.push_str(line),
        }
        out.push('\n');
    }
    let key = identity(&event.organizer, &event.title, event.start.date);
    out.push_str(&aligned(
        "imported:",
        "# 由 xuezhou import 从表格导入，请勿改动这一段：再次导入同一活动时据此找到本页",
        "imported:                             #",
    ));
    out.push_str(&format!("\n{FROM_LINE}{}\n", scalar(from, false)));
    out.push_str(&aligned(
        &format!("  key: {key}"),
        "# 主办单位＋活动名称＋日期",
        "  key: 0123456789abcdef               #",
    ));
    out.push_str(&format!("\n{HASH_LINE}\n---\n"));
    if !event.intro.trim().is_empty() {
        out.push_str(&format!(
            "\n## 活动简介\n\n{}\n",
            event.intro.trim().replace("\r\n", "\n")
        ));
    }
    let hash = fingerprint(&out);
    let line = aligned(
        &format!("{HASH_LINE}{hash}"),
        "# 导入时本页的指纹：本页改过后，再次导入不会覆盖它（除非加 --force）",
        "  key: 0123456789abcdef               #",
    );
    out.replacen(&format!("\n{HASH_LINE}\n"), &format!("\n{line}\n"), 1)
}

/// `text` with `comment` at the column it has in `model` (the template's line), or two spaces
/// after a longer text.
fn aligned(text: &str, comment: &str, model: &str) -> String {
    if comment.is_empty() {
        return text.trim_end().to_string();
    }
    let column = model.find('#').unwrap_or(0);
    let width: usize = text
        .chars()
        .map(|c| if (c as u32) < 0x1100 { 1 } else { 2 })
        .sum();
    let pad = if width + 1 < column {
        column - width
    } else {
        2
    };
    format!("{text}{}{comment}", " ".repeat(pad))
}

/// The YAML of a field, `None` for the lines the row says nothing about (kept as the template
/// has them).
fn value_of(event: &Imported, key: &str) -> Option<String> {
    let text = |value: &str| scalar(value, false);
    let optional = |value: &Option<String>| value.as_deref().map(text).unwrap_or_default();
    let list = |items: &[String]| {
        format!(
            "[{}]",
            items
                .iter()
                .map(|i| scalar(i, true))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let time = |t: crate::dates::LocalTime| match t.time {
        Some(_) => format!("{} {}", t.date, t.hm()),
        None => t.date.to_string(),
    };
    Some(match key {
        "title" => text(&event.title),
        "start" => time(event.start),
        "end" => event.end.map(time).unwrap_or_default(),
        "town" => text(&event.town),
        "organizer" => text(&event.organizer),
        "category" => text(&event.category),
        "venue" => optional(&event.venue),
        "format" => match event.format {
            Format::Offline => "offline",
            Format::Online => "online",
            Format::Hybrid => "hybrid",
        }
        .into(),
        "online_url" => optional(&event.online_url),
        "topics" => list(&event.topics),
        "audience" => list(&event.audience),
        "free" => match event.free {
            Some(true) => "是".into(),
            Some(false) => "否".into(),
            None => String::new(),
        },
        "capacity" => event.capacity.map(|n| n.to_string()).unwrap_or_default(),
        "contact" => optional(&event.contact),
        "draft" => "false".into(),
        _ => return None,
    })
}

/// Text as a YAML scalar: plain when YAML reads it back as the same text, else double-quoted.
/// `flow` is inside `[...]`, where commas and brackets end a plain scalar.
pub fn scalar(text: &str, flow: bool) -> String {
    let words = [
        "true", "false", "yes", "no", "on", "off", "null", "y", "n", "~",
    ];
    let plain = !text.is_empty()
        && text.trim() == text
        && !text.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`.+".contains(c) || c.is_ascii_digit())
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with(':')
        && !text.contains(|c: char| c.is_control())
        && !(flow && text.contains([',', '[', ']', '{', '}']))
        && !words.contains(&text.to_lowercase().as_str());
    if plain {
        return text.to_string();
    }
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A page address for a new event: its title in pinyin, syllables joined by `-`, at most 48
/// characters; `taken` says whether an address is in use.
pub fn slug_for(title: &str, taken: impl Fn(&str) -> bool) -> String {
    let full = crate::slug::suggest_slug(title);
    let mut slug = String::new();
    for part in full.split('-') {
        if !slug.is_empty() && slug.len() + 1 + part.len() > 48 {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(part);
    }
    if !crate::slug::is_valid_slug(&slug) {
        slug = "huodong".into();
    }
    let mut candidate = slug.clone();
    let mut n = 2;
    while taken(&candidate) {
        candidate = format!("{slug}-{n}");
        n += 1;
    }
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_read_back_as_the_same_text() {
        assert_eq!(scalar("社区智慧助老培训班", false), "社区智慧助老培训班");
        assert_eq!(scalar("0519-86000000", false), "\"0519-86000000\"");
        assert_eq!(
            scalar("王老师 0519-86000000", false),
            "王老师 0519-86000000"
        );
        assert_eq!(scalar("是", false), "是");
        assert_eq!(scalar("yes", false), "\"yes\"");
        assert_eq!(scalar("a: b", false), "\"a: b\"");
        assert_eq!(scalar("a,b", true), "\"a,b\"");
        // Whatever the form, YAML reads back the very text.
        for text in [
            "说\"好\"",
            "\"引号\"开头",
            "a\\b",
            "#1",
            "- 列表",
            "true",
            "12:30",
            "多行\n文本",
            "[括号]",
            "50%",
            "@我",
        ] {
            let yaml = format!("k: {}\nl: [{}]\n", scalar(text, false), scalar(text, true));
            let map = crate::yaml::parse_mapping(&yaml).expect("valid YAML");
            assert_eq!(map.get("k").and_then(|v| v.as_str()), Some(text), "{yaml}");
            assert_eq!(
                map.get("l").and_then(|v| v.get(0)).and_then(|v| v.as_str()),
                Some(text),
                "{yaml}"
            );
        }
    }

    #[test]
    fn slugs_are_pinyin_and_never_taken() {
        assert_eq!(slug_for("智慧助老", |_| false), "zhi-hui-zhu-lao");
        assert_eq!(
            slug_for("智慧助老", |s| s == "zhi-hui-zhu-lao"),
            "zhi-hui-zhu-lao-2"
        );
        assert_eq!(slug_for("！！", |_| false), "page");
        assert!(slug_for(&"长".repeat(40), |_| false).len() <= 48);
    }
}

//! The only place that parses YAML (serde_yaml is archived upstream: swap it here).
//!
//! Front matter becomes a plain `serde_json::Value` tree (read by serde_yaml) plus the marks an
//! event parser (saphyr-parser) reports for every key, value and list item, so that every error
//! points at the line and column the parser saw, never at an earlier mention of the same word.

use crate::diagnostics::Diagnostic;
use crate::messages::load::{Load, Yaml};
use crate::{t, tr};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::path::Path;

/// A front matter read: its fields as plain values, and where each was written.
#[derive(Debug, Default)]
pub struct FrontMatter {
    pub fields: Map<String, Value>,
    pub marks: Marks,
}

/// Where a front matter sits: the file (shown as `path`, whole text `file_text`) and the file
/// line of the first YAML line, so that every problem lands on its line of the Markdown file.
pub struct Place<'a> {
    pub path: &'a Path,
    pub file_text: &'a str,
    pub first_line: usize,
}

impl Place<'_> {
    /// A syntax problem at `line` (of the YAML text) and `col`.
    fn problem(&self, line: usize, col: usize, message: impl std::fmt::Display) -> Diagnostic {
        Diagnostic::error(self.path, t!(Load::YamlInvalid, detail = message))
            .at(
                self.file_text,
                self.first_line + line.saturating_sub(1),
                col,
            )
            .help(t!(Load::YamlHelp))
    }
}

/// Parses a front matter `text` (a YAML mapping; an empty one is an empty mapping) written at
/// `place`.
pub fn parse_front_matter(text: &str, place: &Place) -> Result<FrontMatter, Diagnostic> {
    if text.trim().is_empty() {
        return Ok(FrontMatter::default());
    }
    // serde_yaml takes time that grows with the square of the depth before it gives up on a
    // deep value, so such text never reaches it.
    if let Some((line, col)) = too_deep(text) {
        return Err(place.problem(line, col, t!(Yaml::TooDeep, depth = MAX_DEPTH)));
    }
    let parsed: Result<serde_yaml::Value, _> = serde_yaml::from_str(text);
    if !matches!(parsed, Ok(serde_yaml::Value::Mapping(_))) {
        if let Some((line, col)) = full_width_colon(text) {
            return Err(place.problem(line, col, t!(Yaml::ChineseColon)));
        }
    }
    let value = parsed.map_err(|error| syntax_problem(text, &error, place))?;
    let fields = match to_json(value, place)? {
        Value::Object(map) => map,
        Value::Null => Map::new(),
        _ => return Err(place.problem(1, 1, t!(Yaml::NotMapping))),
    };
    Ok(FrontMatter {
        fields,
        marks: Marks::read(text, place.first_line),
    })
}

/// Parses a YAML mapping on its own (line 1 is the YAML's first line).
pub fn parse_mapping(text: &str) -> Result<Map<String, Value>, Diagnostic> {
    let place = Place {
        path: Path::new("front matter"),
        file_text: text,
        first_line: 1,
    };
    parse_front_matter(text, &place).map(|front| front.fields)
}

/// serde_yaml's error at its location, or where an unclosed `[` or quote opens: the parser
/// notices those only lines later.
fn syntax_problem(text: &str, error: &serde_yaml::Error, place: &Place) -> Diagnostic {
    let (line, col) = error
        .location()
        .map(|line| (line.line(), line.column()))
        .unwrap_or((1, 1));
    let message = plain_message(&error.to_string());
    match unclosed_before(text, line) {
        Some((line, col, open)) => {
            place.problem(line, col, t!(Load::YamlNeverClosed, message, open))
        }
        None => place.problem(line, col, message),
    }
}

/// Front matter nests a few levels (`books:` → a book → its fields); far more is a mistake or
/// an attack, never a page.
pub const MAX_DEPTH: usize = 64;

/// Where the nesting of `text` first passes `MAX_DEPTH` levels: flow collections (`[`, `{`) open
/// at once, plus block nesting (each deeper indentation, and each `- ` starting a line's item).
/// Errs towards counting too much only for text far deeper than any page.
fn too_deep(text: &str) -> Option<(usize, usize)> {
    let mut flow = 0usize;
    // Indentations of the enclosing block levels.
    let mut indents: Vec<usize> = Vec::new();
    let mut quote: Option<char> = None;
    for (line_index, line) in text.lines().enumerate() {
        let mut block = 0usize;
        if flow == 0 && quote.is_none() {
            let trimmed = line.trim_start_matches(' ');
            if trimmed.trim().is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let indent = line.len() - trimmed.len();
            while indents.last().is_some_and(|&top| top > indent) {
                indents.pop();
            }
            if indents.last().is_none_or(|&top| top < indent) {
                indents.push(indent);
            }
            // `- - - a` opens a list in a list on one line.
            let mut rest = trimmed;
            while let Some(after_dash) = rest.strip_prefix('-') {
                if !(after_dash.is_empty() || after_dash.starts_with([' ', '\t'])) {
                    break;
                }
                block += 1;
                rest = after_dash.trim_start_matches([' ', '\t']);
            }
            if indents.len() + block > MAX_DEPTH {
                return Some((line_index + 1, indent + 1));
            }
        }
        let mut prev: Option<char> = None;
        let mut prev_space = true;
        let mut chars = line.chars().enumerate().peekable();
        while let Some((ci, ch)) = chars.next() {
            match quote {
                Some('"') => {
                    if ch == '\\' {
                        chars.next();
                    } else if ch == '"' {
                        quote = None;
                        prev = Some(ch);
                    }
                    continue;
                }
                Some(_) => {
                    if ch == '\'' {
                        if chars.peek().is_some_and(|next| next.1 == '\'') {
                            chars.next();
                        } else {
                            quote = None;
                            prev = Some(ch);
                        }
                    }
                    continue;
                }
                None => {}
            }
            let at_value = matches!(prev, None | Some(':' | '-' | ',' | '[' | '{' | '?'));
            match ch {
                '#' if prev_space => break,
                '"' | '\'' if at_value => quote = Some(ch),
                '[' | '{' if at_value || flow > 0 => {
                    flow += 1;
                    if indents.len() + block + flow > MAX_DEPTH {
                        return Some((line_index + 1, ci + 1));
                    }
                }
                ']' | '}' if flow > 0 => flow -= 1,
                _ => {}
            }
            prev_space = ch.is_whitespace();
            if !ch.is_whitespace() {
                prev = Some(ch);
            }
        }
    }
    None
}

/// The first line whose field name is followed by a full-width colon (`title：…`, typed with a
/// Chinese keyboard): its line and the colon's column.
fn full_width_colon(text: &str) -> Option<(usize, usize)> {
    text.lines().enumerate().find_map(|(line_index, line)| {
        let trimmed = line.trim_start();
        let trimmed = trimmed.strip_prefix("- ").unwrap_or(trimmed).trim_start();
        let key_len = trimmed.find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_'))?;
        if key_len == 0 || !trimmed[key_len..].trim_start().starts_with('：') {
            return None;
        }
        let before = line.len() - trimmed.len() + key_len;
        let col = line[..before].chars().count()
            + (trimmed[key_len..]
                .chars()
                .take_while(|ch| *ch == ' ')
                .count())
            + 1;
        Some((line_index + 1, col))
    })
}

/// The outermost flow collection (`[`, `{`) or quoted text still open at the start of line
/// `line` (1-based): its line, column and opening character.
fn unclosed_before(text: &str, error_line: usize) -> Option<(usize, usize, char)> {
    let mut open: Vec<(usize, usize, char)> = Vec::new();
    for (line_index, line) in text.lines().enumerate().take(error_line.saturating_sub(1)) {
        // The last character outside quotes that is not a space: a quote or bracket opens only
        // where a value can start (after `:`, `-`, `,`, `[`, `{`, or first on the line).
        let mut prev: Option<char> = None;
        let mut prev_space = true;
        let mut chars = line.chars().enumerate().peekable();
        while let Some((ci, ch)) = chars.next() {
            match open.last().map(|opened| opened.2) {
                Some('"') => {
                    if ch == '\\' {
                        chars.next();
                    } else if ch == '"' {
                        open.pop();
                        prev = Some(ch);
                    }
                    continue;
                }
                Some('\'') => {
                    if ch == '\'' {
                        if chars.peek().is_some_and(|next| next.1 == '\'') {
                            chars.next();
                        } else {
                            open.pop();
                            prev = Some(ch);
                        }
                    }
                    continue;
                }
                _ => {}
            }
            let at_value = matches!(prev, None | Some(':' | '-' | ',' | '[' | '{' | '?'));
            match ch {
                '#' if prev_space => break,
                '"' | '\'' | '[' | '{' if at_value => open.push((line_index + 1, ci + 1, ch)),
                ']' | '}'
                    if open.last().is_some_and(|opened| {
                        (opened.2 == '[' && ch == ']') || (opened.2 == '{' && ch == '}')
                    }) =>
                {
                    open.pop();
                }
                _ => {}
            }
            prev_space = ch.is_whitespace();
            if !ch.is_whitespace() {
                prev = Some(ch);
            }
        }
    }
    open.first().copied()
}

/// serde_yaml appends " at line X column Y" to its messages; we print the position ourselves.
fn plain_message(msg: &str) -> String {
    // serde_yaml's words for an alias bomb (`&a [x, x]`, `&b [*a, *a]`… a billion copies).
    if msg.starts_with("repetition limit exceeded") {
        return tr!(Yaml::Repetition);
    }
    match msg.find(" at line ") {
        Some(at) => msg[..at].to_string(),
        None => msg.to_string(),
    }
}

fn to_json(value: serde_yaml::Value, place: &Place) -> Result<Value, Diagnostic> {
    Ok(match value {
        serde_yaml::Value::Null => Value::Null,
        serde_yaml::Value::Bool(flag) => Value::Bool(flag),
        serde_yaml::Value::Number(number) => {
            if let Some(signed) = number.as_i64() {
                Value::from(signed)
            } else if let Some(unsigned) = number.as_u64() {
                Value::from(unsigned)
            } else {
                // `.inf` and `.nan` have no JSON number: kept as written, so a check names them
                // (as null, `capacity: .nan` vanished and `draft: .nan` published the page).
                serde_json::Number::from_f64(number.as_f64().unwrap_or(0.0))
                    .map(Value::Number)
                    .unwrap_or_else(|| Value::String(number.to_string()))
            }
        }
        serde_yaml::Value::String(text) => Value::String(text),
        serde_yaml::Value::Sequence(items) => Value::Array(
            items
                .into_iter()
                .map(|item| to_json(item, place))
                .collect::<Result<_, _>>()?,
        ),
        serde_yaml::Value::Mapping(mapping) => {
            let mut out = serde_json::Map::new();
            for (name, value) in mapping {
                let key = match name {
                    serde_yaml::Value::String(text) => text,
                    serde_yaml::Value::Number(number) => number.to_string(),
                    serde_yaml::Value::Bool(flag) => flag.to_string(),
                    _ => return Err(place.problem(1, 1, t!(Yaml::KeyNotText))),
                };
                out.insert(key, to_json(value, place)?);
            }
            Value::Object(out)
        }
        serde_yaml::Value::Tagged(tagged) => to_json(tagged.value, place)?,
    })
}

/// Where a field sits: its key and its value, each as a 1-based line and column (characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spot {
    pub key: (usize, usize),
    /// The value's first character; the key's position when the value is left empty (`start:`),
    /// since the parser then places it wherever the next field begins.
    pub value: (usize, usize),
}

/// The positions of every field and list item of a front matter, as the parser saw them, by
/// path (keys and list indexes: `["books", "2", "isbn"]`). Lines count from `first_line`.
#[derive(Debug, Clone, Default)]
pub struct Marks {
    spots: HashMap<Vec<String>, Spot>,
}

impl Marks {
    /// Reads the marks of `text`, whose first line is line `first_line` of its file. Text that
    /// serde_yaml accepted but this parser does not gives the marks found before the difference:
    /// lookups then fall back to the enclosing field.
    pub fn read(text: &str, first_line: usize) -> Marks {
        let mut builder = MarkBuilder::default();
        for event in saphyr_parser::Parser::new_from_str(text) {
            let Ok((event, span)) = event else { break };
            let at = (
                first_line + span.start.line().saturating_sub(1),
                span.start.col() + 1,
            );
            if !builder.take(event, at) {
                break;
            }
        }
        Marks {
            spots: builder.spots,
        }
    }

    /// The spot of `path`, or of its nearest enclosing field that has one.
    fn nearest(&self, path: &[&str]) -> Option<Spot> {
        (1..=path.len()).rev().find_map(|depth| {
            let key: Vec<String> = path[..depth].iter().map(|name| name.to_string()).collect();
            self.spots.get(&key).copied()
        })
    }

    /// Where the value of `path` begins (for a list item, the item).
    pub fn value(&self, path: &[&str]) -> Option<(usize, usize)> {
        self.nearest(path).map(|spot| spot.value)
    }

    /// Where the key of `path` is written (for a list item, the item).
    pub fn key(&self, path: &[&str]) -> Option<(usize, usize)> {
        self.nearest(path).map(|spot| spot.key)
    }
}

/// A mapping or a list being read, and where its next entry goes.
enum Open {
    Mapping {
        path: Vec<String>,
        key: Option<(String, (usize, usize))>,
    },
    Sequence {
        path: Vec<String>,
        next: usize,
    },
}

#[derive(Default)]
struct MarkBuilder {
    open: Vec<Open>,
    spots: HashMap<Vec<String>, Spot>,
}

impl MarkBuilder {
    /// Takes one parser event at `at`; false when the rest cannot be placed (a key that is a
    /// list or a group, which serde_yaml refuses as a field name anyway).
    fn take(&mut self, event: saphyr_parser::Event, at: (usize, usize)) -> bool {
        use saphyr_parser::{Event, ScalarStyle};
        let (is_node, opens, empty) = match &event {
            Event::Scalar(text, style, _, tag) => (
                true,
                false,
                text.is_empty() && *style == ScalarStyle::Plain && tag.is_none(),
            ),
            Event::Alias(_) => (true, false, false),
            Event::SequenceStart(..) | Event::MappingStart(..) => (true, true, false),
            Event::SequenceEnd | Event::MappingEnd => {
                self.open.pop();
                return true;
            }
            _ => return true,
        };
        if !is_node {
            return true;
        }
        let path = match self.open.last_mut() {
            None => Vec::new(),
            Some(Open::Mapping {
                key: key @ None, ..
            }) => {
                let Event::Scalar(text, ..) = &event else {
                    return false;
                };
                *key = Some((text.to_string(), at));
                return true;
            }
            Some(Open::Mapping { path, key }) => {
                let (name, key_at) = key.take().unwrap_or_default();
                let mut full = path.clone();
                full.push(name);
                let value = if empty { key_at } else { at };
                self.spots.insert(full.clone(), Spot { key: key_at, value });
                full
            }
            Some(Open::Sequence { path, next }) => {
                let mut full = path.clone();
                full.push(next.to_string());
                *next += 1;
                self.spots.insert(full.clone(), Spot { key: at, value: at });
                full
            }
        };
        if opens {
            self.open.push(match event {
                Event::MappingStart(..) => Open::Mapping { path, key: None },
                _ => Open::Sequence { path, next: 0 },
            });
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FM: &str = "title: 书单\nbooks:\n  - title: 活着\n    isbn: \"1\"\n  - title: 围城\n    isbn: \"2\"\naudience: [老年人]\n";

    #[test]
    fn parses_a_mapping() {
        let m = parse_mapping(FM).unwrap();
        assert_eq!(m["title"], "书单");
        assert_eq!(m["books"][1]["title"], "围城");
    }

    #[test]
    fn marks_keys_values_and_items_as_parsed() {
        let marks = Marks::read(FM, 1);
        assert_eq!(marks.key(&["title"]), Some((1, 1)));
        assert_eq!(marks.value(&["title"]), Some((1, 8)));
        assert_eq!(marks.value(&["books", "1"]), Some((5, 5)));
        assert_eq!(marks.key(&["books", "1", "isbn"]), Some((6, 5)));
        assert_eq!(marks.value(&["books", "1", "isbn"]), Some((6, 11)));
        assert_eq!(marks.value(&["audience", "0"]), Some((7, 12)));
        // An unknown path falls back to its nearest field; lines count from the file's.
        let marks = Marks::read(FM, 2);
        assert_eq!(marks.value(&["books", "1", "cover"]), Some((6, 5)));
        assert_eq!(marks.value(&["nothing"]), None);
    }

    #[test]
    fn marks_land_on_the_value_not_an_earlier_mention() {
        // `town:` and 湖塘镇 both appear first inside other values and a comment.
        let text = "title: \"湖塘镇 town: 讲座\"\n# town: 湖塘镇\nsummary: \"town: x\"\ntown:   湖塘镇\nempty:\nlast: 1\n";
        let marks = Marks::read(text, 2);
        assert_eq!(marks.key(&["town"]), Some((5, 1)));
        assert_eq!(marks.value(&["town"]), Some((5, 9)));
        // An empty value is shown at its key, not at the next field.
        assert_eq!(marks.value(&["empty"]), Some((6, 1)));
    }

    #[test]
    fn points_at_an_unclosed_list_or_quote() {
        let e = parse_mapping("title: a\naudience: [老年人\nfree: true\n").unwrap_err();
        assert_eq!((e.line, e.col), (2, 11), "{e:?}");
        assert!(e.message.contains("`[` 没有配对的结尾"), "{e:?}");
        let e = parse_mapping("title: \"智慧助老\nfree: true\nx: 1\n").unwrap_err();
        assert_eq!(e.line, 1, "{e:?}");
        // Brackets and quotes inside plain text, and lists over two lines, are fine.
        assert!(parse_mapping("title: 活动[第一期] 'x\ntopics: [a,\n  b]\nnote: it's\n").is_ok());
        let e = parse_mapping("title: a: b\ntopics: [a,\n  b]\n").unwrap_err();
        assert_eq!(e.line, 1, "{e:?}");
    }

    #[test]
    fn points_at_a_chinese_colon() {
        let e = parse_mapping("title：活动\nsummary: b\n").unwrap_err();
        assert_eq!((e.line, e.col), (1, 6), "{e:?}");
        assert!(e.message.contains("中文冒号“：”"), "{e:?}");
        let e = parse_mapping("title: a\nphotos:\n  - src: a.jpg\n    alt ：b\n").unwrap_err();
        assert_eq!((e.line, e.col), (4, 9), "{e:?}");
        // In a value it is just text.
        assert!(parse_mapping("venue: 地点：湖塘\n").is_ok());
    }

    #[test]
    fn an_alias_bomb_is_named_in_words() {
        let mut text = String::from("title: a\na: &a [x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12u8 {
            let (name, prev) = ((b'a' + i) as char, (b'a' + i - 1) as char);
            text.push_str(&format!(
                "{name}: &{name} [{}]\n",
                vec![format!("*{prev}"); 9].join(", ")
            ));
        }
        let e = parse_mapping(&text).unwrap_err();
        assert!(e.message.contains("`&name`"), "{e:?}");
        assert!(!e.message.contains("repetition limit"), "{e:?}");
    }

    #[test]
    fn refuses_deep_nesting_before_parsing_it() {
        // 40,000 `[` took serde_yaml seconds; the error names the line and column where the limit is passed.
        let text = format!("title: a\naudience: {}\n", "[".repeat(40_000));
        let e = parse_mapping(&text).unwrap_err();
        assert_eq!((e.line, e.col), (2, 10 + MAX_DEPTH), "{e:?}");
        assert!(e.message.contains("嵌套超过了 64 层"), "{e:?}");
        let text = format!("title: a\nx: {}1{}\n", "{a: ".repeat(100), "}".repeat(100));
        assert_eq!(parse_mapping(&text).unwrap_err().line, 2);
        // Block nesting: each field indented under the one before, or `- - - a`.
        let mut text = String::from("title: a\n");
        for d in 0..100 {
            text.push_str(&format!("{}k{d}:\n", " ".repeat(d)));
        }
        let e = parse_mapping(&text).unwrap_err();
        assert_eq!(e.line, 2 + MAX_DEPTH, "{e:?}");
        let text = format!("title: a\nx:\n  {}a\n", "- ".repeat(100));
        assert_eq!(parse_mapping(&text).unwrap_err().line, 3);
    }

    #[test]
    fn ordinary_nesting_still_parses() {
        let text = format!(
            "title: a\ntopics: [家庭教育, 老年教育]\nx: {}1{}\nnote: \"[[[[\"\nnote2: '{{{{'\nbooks:\n  - title: 活着\n    tags:\n      - - a\n        - b\n",
            "[".repeat(MAX_DEPTH - 2),
            "]".repeat(MAX_DEPTH - 2)
        );
        let m = parse_mapping(&text).unwrap();
        assert_eq!(m["books"][0]["tags"][0][1], "b");
        assert!(parse_mapping(&format!("title: 活动{}\n", "[第一期]".repeat(100))).is_ok());
    }

    #[test]
    fn reports_the_line_of_a_syntax_error() {
        let e = parse_mapping("title: a\nstart: [2022\nx: 1\n").unwrap_err();
        assert!(e.line >= 2, "{e:?}");
    }
}

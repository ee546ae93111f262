//! The only place that parses YAML (serde_yaml is archived upstream: swap it here).
//!
//! Front matter becomes a plain `serde_json::Value` tree plus a way to find the line a key or a
//! list item sits on, so that every error can point at the line of the Markdown file.

use serde_json::Value;

#[derive(Debug)]
pub struct YamlError {
    /// 1-based, relative to the YAML text.
    pub line: usize,
    pub col: usize,
    pub message: String,
}

/// Parses a YAML mapping. An empty document is an empty mapping.
pub fn parse_mapping(text: &str) -> Result<serde_json::Map<String, Value>, YamlError> {
    if text.trim().is_empty() {
        return Ok(serde_json::Map::new());
    }
    // serde_yaml takes time that grows with the square of the depth before it gives up on a
    // deep value, so such text never reaches it.
    if let Some((line, col)) = too_deep(text) {
        return Err(YamlError {
            line,
            col,
            message: format!(
                "the fields are nested more than {MAX_DEPTH} levels deep (lists in lists, or indented under each other) here"
            ),
        });
    }
    let parsed: Result<serde_yaml::Value, _> = serde_yaml::from_str(text);
    if !matches!(parsed, Ok(serde_yaml::Value::Mapping(_))) {
        if let Some((line, col)) = full_width_colon(text) {
            return Err(YamlError {
                line,
                col,
                message: "a field name is followed by a Chinese colon `：`; front matter needs the English colon `:` and a space".into(),
            });
        }
    }
    let value: serde_yaml::Value = parsed.map_err(|e| {
        let (line, col) = e
            .location()
            .map(|l| (l.line(), l.column()))
            .unwrap_or((1, 1));
        let message = plain_message(&e.to_string());
        // The parser notices an unclosed `[` or quote only lines later: point at where it opens.
        match unclosed_before(text, line) {
            Some((line, col, open)) => YamlError {
                line,
                col,
                message: format!("{message}: the `{open}` here is never closed"),
            },
            None => YamlError { line, col, message },
        }
    })?;
    match to_json(value) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(Value::Null) => Ok(serde_json::Map::new()),
        Ok(_) => Err(YamlError {
            line: 1,
            col: 1,
            message: "front matter must be a list of `field: value` lines".into(),
        }),
        Err(message) => Err(YamlError {
            line: 1,
            col: 1,
            message,
        }),
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
    for (i, l) in text.lines().enumerate() {
        let mut block = 0usize;
        if flow == 0 && quote.is_none() {
            let t = l.trim_start_matches(' ');
            if t.trim().is_empty() || t.starts_with('#') {
                continue;
            }
            let indent = l.len() - t.len();
            while indents.last().is_some_and(|&top| top > indent) {
                indents.pop();
            }
            if indents.last().is_none_or(|&top| top < indent) {
                indents.push(indent);
            }
            // `- - - a` opens a list in a list on one line.
            let mut rest = t;
            while let Some(r) = rest.strip_prefix('-') {
                if !(r.is_empty() || r.starts_with([' ', '\t'])) {
                    break;
                }
                block += 1;
                rest = r.trim_start_matches([' ', '\t']);
            }
            if indents.len() + block > MAX_DEPTH {
                return Some((i + 1, indent + 1));
            }
        }
        let mut prev: Option<char> = None;
        let mut prev_space = true;
        let mut chars = l.chars().enumerate().peekable();
        while let Some((ci, c)) = chars.next() {
            match quote {
                Some('"') => {
                    if c == '\\' {
                        chars.next();
                    } else if c == '"' {
                        quote = None;
                        prev = Some(c);
                    }
                    continue;
                }
                Some(_) => {
                    if c == '\'' {
                        if chars.peek().is_some_and(|n| n.1 == '\'') {
                            chars.next();
                        } else {
                            quote = None;
                            prev = Some(c);
                        }
                    }
                    continue;
                }
                None => {}
            }
            let at_value = matches!(prev, None | Some(':' | '-' | ',' | '[' | '{' | '?'));
            match c {
                '#' if prev_space => break,
                '"' | '\'' if at_value => quote = Some(c),
                '[' | '{' if at_value || flow > 0 => {
                    flow += 1;
                    if indents.len() + block + flow > MAX_DEPTH {
                        return Some((i + 1, ci + 1));
                    }
                }
                ']' | '}' if flow > 0 => flow -= 1,
                _ => {}
            }
            prev_space = c.is_whitespace();
            if !c.is_whitespace() {
                prev = Some(c);
            }
        }
    }
    None
}

/// The first line whose field name is followed by a full-width colon (`title：…`, typed with a
/// Chinese keyboard): its line and the colon's column.
fn full_width_colon(text: &str) -> Option<(usize, usize)> {
    text.lines().enumerate().find_map(|(i, l)| {
        let t = l.trim_start();
        let t = t.strip_prefix("- ").unwrap_or(t).trim_start();
        let key_len = t.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))?;
        if key_len == 0 || !t[key_len..].trim_start().starts_with('：') {
            return None;
        }
        let before = l.len() - t.len() + key_len;
        let col = l[..before].chars().count()
            + (t[key_len..].chars().take_while(|c| *c == ' ').count())
            + 1;
        Some((i + 1, col))
    })
}

/// The outermost flow collection (`[`, `{`) or quoted text still open at the start of line
/// `line` (1-based): its line, column and opening character.
fn unclosed_before(text: &str, line: usize) -> Option<(usize, usize, char)> {
    let mut open: Vec<(usize, usize, char)> = Vec::new();
    for (i, l) in text.lines().enumerate().take(line.saturating_sub(1)) {
        // The last character outside quotes that is not a space: a quote or bracket opens only
        // where a value can start (after `:`, `-`, `,`, `[`, `{`, or first on the line).
        let mut prev: Option<char> = None;
        let mut prev_space = true;
        let mut chars = l.chars().enumerate().peekable();
        while let Some((ci, c)) = chars.next() {
            match open.last().map(|o| o.2) {
                Some('"') => {
                    if c == '\\' {
                        chars.next();
                    } else if c == '"' {
                        open.pop();
                        prev = Some(c);
                    }
                    continue;
                }
                Some('\'') => {
                    if c == '\'' {
                        if chars.peek().is_some_and(|n| n.1 == '\'') {
                            chars.next();
                        } else {
                            open.pop();
                            prev = Some(c);
                        }
                    }
                    continue;
                }
                _ => {}
            }
            let at_value = matches!(prev, None | Some(':' | '-' | ',' | '[' | '{' | '?'));
            match c {
                '#' if prev_space => break,
                '"' | '\'' | '[' | '{' if at_value => open.push((i + 1, ci + 1, c)),
                ']' | '}'
                    if open
                        .last()
                        .is_some_and(|o| (o.2 == '[' && c == ']') || (o.2 == '{' && c == '}')) =>
                {
                    open.pop();
                }
                _ => {}
            }
            prev_space = c.is_whitespace();
            if !c.is_whitespace() {
                prev = Some(c);
            }
        }
    }
    open.first().copied()
}

/// serde_yaml appends " at line X column Y" to its messages; we print the position ourselves.
fn plain_message(msg: &str) -> String {
    // serde_yaml's words for an alias bomb (`&a [x, x]`, `&b [*a, *a]`… a billion copies).
    if msg.starts_with("repetition limit exceeded") {
        return "names (`&name`) are repeated through `*name` far more often than any page needs (a file made to blow up, or a copy gone wrong)".into();
    }
    match msg.find(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

fn to_json(v: serde_yaml::Value) -> Result<Value, String> {
    Ok(match v {
        serde_yaml::Value::Null => Value::Null,
        serde_yaml::Value::Bool(b) => Value::Bool(b),
        serde_yaml::Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                // `.inf` and `.nan` have no JSON number: kept as written, so a check names them
                // (as null, `capacity: .nan` vanished and `draft: .nan` published the page).
                serde_json::Number::from_f64(n.as_f64().unwrap_or(0.0))
                    .map(Value::Number)
                    .unwrap_or_else(|| Value::String(n.to_string()))
            }
        }
        serde_yaml::Value::String(s) => Value::String(s),
        serde_yaml::Value::Sequence(items) => {
            Value::Array(items.into_iter().map(to_json).collect::<Result<_, _>>()?)
        }
        serde_yaml::Value::Mapping(m) => {
            let mut out = serde_json::Map::new();
            for (k, v) in m {
                let key = match k {
                    serde_yaml::Value::String(s) => s,
                    serde_yaml::Value::Number(n) => n.to_string(),
                    serde_yaml::Value::Bool(b) => b.to_string(),
                    _ => return Err("a field name must be plain text".into()),
                };
                out.insert(key, to_json(v)?);
            }
            Value::Object(out)
        }
        serde_yaml::Value::Tagged(t) => to_json(t.value)?,
    })
}

/// Finds lines in YAML text by key path, for error messages. A path is a list of keys and list
/// indexes, e.g. `["books", "2", "isbn"]`. Block style is searched; for flow style (`[a, b]`) the
/// nearest enclosing key's line is returned. Returns a 1-based line and column.
pub fn locate(text: &str, path: &[&str]) -> Option<(usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut lo = 0usize;
    let mut hi = lines.len();
    let mut min_indent = 0usize;
    let mut found: Option<(usize, usize)> = None;
    for seg in path {
        if let Ok(index) = seg.parse::<usize>() {
            // The index-th `-` item at the block's item indent.
            let mut item_indent: Option<usize> = None;
            let mut count = 0usize;
            let mut hit = None;
            for (i, l) in lines.iter().enumerate().take(hi).skip(lo) {
                let indent = l.len() - l.trim_start().len();
                let t = l.trim_start();
                if t.is_empty() || t.starts_with('#') {
                    continue;
                }
                if indent < min_indent {
                    break;
                }
                if t.starts_with("- ") || t == "-" {
                    let ii = *item_indent.get_or_insert(indent);
                    if indent == ii {
                        if count == index {
                            hit = Some(i);
                            break;
                        }
                        count += 1;
                    }
                }
            }
            match hit {
                Some(i) => {
                    let indent = lines[i].len() - lines[i].trim_start().len();
                    found = Some((i + 1, indent + 1));
                    // The item's block: this line to the next item at the same indent.
                    let end = (i + 1..hi)
                        .find(|&j| {
                            let l = lines[j];
                            let ind = l.len() - l.trim_start().len();
                            !l.trim().is_empty() && ind <= indent
                        })
                        .unwrap_or(hi);
                    lo = i;
                    hi = end;
                    min_indent = indent;
                }
                None => return found,
            }
        } else {
            let mut hit = None;
            for (i, l) in lines.iter().enumerate().take(hi).skip(lo) {
                let indent = l.len() - l.trim_start().len();
                let mut t = l.trim_start();
                if t.starts_with("- ") {
                    t = t[2..].trim_start();
                }
                if indent < min_indent {
                    continue;
                }
                let key_col = l.len() - t.len();
                if let Some(rest) = t.strip_prefix(seg) {
                    let rest = rest.trim_start_matches(['"', '\'']);
                    if rest.trim_start().starts_with(':') {
                        hit = Some((i, key_col));
                        break;
                    }
                }
            }
            match hit {
                Some((i, col)) => {
                    found = Some((i + 1, col + 1));
                    let end = (i + 1..hi)
                        .find(|&j| {
                            let l = lines[j];
                            let ind = l.len() - l.trim_start().len();
                            !l.trim().is_empty() && ind <= col && !l.trim_start().starts_with("- ")
                        })
                        .unwrap_or(hi);
                    lo = i + 1;
                    hi = end;
                    min_indent = 0;
                }
                None => return found,
            }
        }
    }
    found
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
    fn locates_keys_and_items() {
        assert_eq!(locate(FM, &["title"]), Some((1, 1)));
        assert_eq!(locate(FM, &["books", "1"]), Some((5, 3)));
        assert_eq!(locate(FM, &["books", "1", "isbn"]), Some((6, 5)));
        assert_eq!(locate(FM, &["audience", "0"]), Some((7, 1)));
    }

    #[test]
    fn points_at_an_unclosed_list_or_quote() {
        let e = parse_mapping("title: a\naudience: [老年人\nfree: true\n").unwrap_err();
        assert_eq!((e.line, e.col), (2, 11), "{e:?}");
        assert!(e.message.contains("`[` here is never closed"), "{e:?}");
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
        assert!(e.message.contains("`：`"), "{e:?}");
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
        assert!(e.message.contains("nested more than 64 levels"), "{e:?}");
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

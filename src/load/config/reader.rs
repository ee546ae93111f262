//! Reading site.toml's settings one by one, each problem at the key or value its parser saw.

use super::strings;
use crate::diagnostics::{suggestion, Diagnostic, Diagnostics};
use crate::messages::site::Site;
use crate::{t, tr};
use chrono::NaiveDate;
use std::collections::HashMap;
use toml::Value;

pub(super) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    // A parser's offset inside a Chinese character must not panic: step back to its start.
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    let line = before.matches('\n').count() + 1;
    let col = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    (line, col)
}

/// Where a key and its value are written (1-based line and column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Spot {
    key: (usize, usize),
    value: (usize, usize),
}

/// Every key of site.toml by section ("" for the top) and name, at the spans its parser saw: a
/// key named again in a comment, a title or another section does not mislead it.
fn spots_of(text: &str) -> HashMap<(String, String), Spot> {
    let mut spots = HashMap::new();
    let Ok(doc) = toml_edit::ImDocument::parse(text) else {
        return spots;
    };
    let at = |range: Option<std::ops::Range<usize>>| range.map(|r| line_col(text, r.start));
    let mut note = |section: &str, table: &dyn toml_edit::TableLike| {
        for (name, _) in table.iter() {
            let Some((key, item)) = table.get_key_value(name) else {
                continue;
            };
            // A section is shown at its `[name]` header.
            let header = item.as_table().and_then(|t| at(t.span()));
            let Some(key_at) = header.or_else(|| at(key.span())) else {
                continue;
            };
            let value = at(item.span()).unwrap_or(key_at);
            spots.insert(
                (section.to_string(), name.to_string()),
                Spot { key: key_at, value },
            );
        }
    };
    let top = doc.as_table();
    note("", top);
    for (name, item) in top.iter() {
        if let Some(section) = item.as_table_like() {
            note(name, section);
        }
    }
    spots
}

pub(super) struct Reader<'a> {
    text: &'a str,
    diags: &'a Diagnostics,
    spots: HashMap<(String, String), Spot>,
}

impl<'a> Reader<'a> {
    pub(super) fn new(text: &'a str, diags: &'a Diagnostics) -> Self {
        Reader {
            text,
            diags,
            spots: spots_of(text),
        }
    }

    fn spot(&self, key: &str, section: Option<&str>) -> Option<Spot> {
        self.spots
            .get(&(section.unwrap_or("").to_string(), key.to_string()))
            .copied()
    }

    /// Reports `d` with the caret under the value of `key` in `[section]`.
    pub(super) fn push_at(&self, key: &str, section: Option<&str>, problem: Diagnostic) {
        let at = self.spot(key, section).map(|spot| spot.value);
        self.push(at, problem);
    }

    /// Reports `d` with the caret under `key` itself (a setting that should not be there).
    fn push_at_key(&self, key: &str, section: Option<&str>, problem: Diagnostic) {
        let at = self.spot(key, section).map(|spot| spot.key);
        self.push(at, problem);
    }

    fn push(&self, at: Option<(usize, usize)>, problem: Diagnostic) {
        self.diags.push(match at {
            Some((line, col)) => problem.at(self.text, line, col),
            None => problem,
        });
    }

    pub(super) fn unknown_keys(&self, table: &toml::Table, known: &[&str], section: Option<&str>) {
        let known_s = strings(known);
        for key in table.keys() {
            if !known.contains(&key.as_str()) {
                let where_ = section
                    .map(|section| tr!(Site::InSection, section))
                    .unwrap_or_default();
                self.push_at_key(
                    key,
                    section,
                    Diagnostic::error("site.toml", t!(Site::UnknownSetting, key, where_))
                        .help(suggestion(key, &known_s)),
                );
            }
        }
    }

    pub(super) fn type_error(&self, key: &str, section: Option<&str>, expected: &str) {
        self.push_at(
            key,
            section,
            Diagnostic::error("site.toml", t!(Site::WrongType, key, expected)),
        );
    }

    pub(super) fn table<'t>(&self, table: &'t toml::Table, key: &str) -> Option<&'t toml::Table> {
        match table.get(key) {
            Some(Value::Table(section)) => Some(section),
            Some(_) => {
                self.type_error(key, None, &tr!(Site::ExpectSection, key));
                None
            }
            None => None,
        }
    }

    pub(super) fn string(
        &self,
        table: &toml::Table,
        key: &str,
        section: Option<&str>,
    ) -> Option<String> {
        match table.get(key) {
            Some(Value::String(text)) => Some(text.clone()),
            Some(_) => {
                self.type_error(key, section, &tr!(Site::ExpectText));
                None
            }
            None => None,
        }
    }

    pub(super) fn boolean(&self, table: &toml::Table, key: &str, section: &str) -> Option<bool> {
        match table.get(key) {
            Some(Value::Boolean(b)) => Some(*b),
            // `publish = "否"`: quoted, as TOML wants text, but still a yes or no.
            Some(value) => {
                let read = match value {
                    Value::String(text) => crate::yesno::yes_no(text),
                    Value::Integer(number) => crate::yesno::yes_no(&number.to_string()),
                    _ => None,
                };
                if read.is_none() {
                    self.push_at(
                        key,
                        Some(section),
                        Diagnostic::error("site.toml", t!(Site::NotYesNo, key)).help(t!(
                            Site::NotYesNoHelp,
                            key,
                            accepted = crate::yesno::ACCEPTED
                        )),
                    );
                }
                read
            }
            None => None,
        }
    }

    pub(super) fn string_list(
        &self,
        table: &toml::Table,
        key: &str,
        section: &str,
    ) -> Option<Vec<String>> {
        match table.get(key) {
            Some(Value::Array(items)) if items.iter().all(|v| v.is_str()) && !items.is_empty() => {
                Some(
                    items
                        .iter()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect(),
                )
            }
            Some(_) => {
                self.type_error(key, Some(section), &tr!(Site::ExpectNames));
                None
            }
            None => None,
        }
    }

    pub(super) fn date(&self, table: &toml::Table, key: &str, section: &str) -> Option<NaiveDate> {
        let parsed = match table.get(key)? {
            Value::Datetime(written) => written.date.and_then(|date| {
                NaiveDate::from_ymd_opt(date.year as i32, date.month as u32, date.day as u32)
            }),
            Value::String(text) => NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok(),
            _ => None,
        };
        if parsed.is_none() {
            self.type_error(key, Some(section), &tr!(Site::ExpectDate));
        }
        parsed
    }
}

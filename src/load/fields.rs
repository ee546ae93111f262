//! Reading front-matter fields one by one: each read marks the field as used, each problem is
//! reported at the value the parser saw, and `finish` reports the fields nobody read.

use super::page::{ImageRef, Photo, Source, MAX_PEOPLE};
use crate::dates::LocalTime;
use crate::diagnostics::{did_you_mean, suggestion, Diagnostic};
use crate::messages::load::Load;
use crate::messages::{field, Said};
use crate::yaml;
use crate::yesno;
use crate::{t, tr};
use chrono::NaiveDate;
use serde_json::{Map, Value};
use std::collections::HashSet;

/// The fields every page may have, whatever its kind.
pub const COMMON_KEYS: &[&str] = &[
    "title", "summary", "draft", "weight", "cover", "photos", "slug",
];
const PHOTO_KEYS: &[&str] = &["src", "alt", "caption"];

/// Reads front matter fields, remembering which were used and reporting each problem at the
/// line and column of the Markdown file the parser saw it at.
pub struct Fields<'a> {
    map: &'a Map<String, Value>,
    marks: &'a yaml::Marks,
    source: &'a Source,
    pub diags: Vec<Diagnostic>,
    used: HashSet<String>,
}

impl<'a> Fields<'a> {
    pub fn new(front: &'a yaml::FrontMatter, source: &'a Source) -> Self {
        Fields {
            map: &front.fields,
            marks: &front.marks,
            source,
            diags: Vec::new(),
            used: HashSet::new(),
        }
    }

    /// File line and column of the value at `path` (the caret goes under the value; under the
    /// key when the value is empty); the front matter's `---` line when there is no such field.
    pub fn pos(&self, path: &[&str]) -> (usize, usize) {
        self.marks.value(path).unwrap_or((1, 1))
    }

    /// File line and column of the key at `path`, for a field that should not be there.
    fn key_pos(&self, path: &[&str]) -> (usize, usize) {
        self.marks.key(path).unwrap_or((1, 1))
    }

    fn push(&mut self, diagnostic: Diagnostic, (line, col): (usize, usize), help: Option<String>) {
        let mut diagnostic = diagnostic.at(&self.source.text, line, col);
        if let Some(help) = help {
            diagnostic = diagnostic.help(help);
        }
        self.diags.push(diagnostic);
    }

    /// An error with the caret under the value at `path`.
    pub fn error(&mut self, path: &[&str], message: Said, help: Option<String>) {
        let at = self.pos(path);
        self.push(Diagnostic::error(&self.source.rel, message), at, help);
    }

    /// An error with the caret under the key at `path` (a field that is unknown).
    fn key_error(&mut self, path: &[&str], message: Said, help: Option<String>) {
        let at = self.key_pos(path);
        self.push(Diagnostic::error(&self.source.rel, message), at, help);
    }

    pub fn warning(&mut self, path: &[&str], message: Said, help: Option<String>) {
        let at = self.pos(path);
        self.push(Diagnostic::warning(&self.source.rel, message), at, help);
    }

    /// The value of `key` (none when empty), marking the field as read.
    pub fn get(&mut self, key: &str) -> Option<&'a Value> {
        self.used.insert(key.to_string());
        match self.map.get(key) {
            None | Some(Value::Null) => None,
            Some(value) => Some(value),
        }
    }

    /// Text; numbers are taken as text too (a phone number, an ISBN written without quotes).
    pub fn string(&mut self, key: &str) -> Option<String> {
        let value = self.get(key)?;
        match scalar_text(value) {
            Some(text) if !text.trim().is_empty() => Some(text.trim().to_string()),
            Some(_) => None,
            None => {
                self.error(
                    &[key],
                    t!(Load::NotText, field = field(key)),
                    Some(tr!(Load::NotTextHelp, key)),
                );
                None
            }
        }
    }

    pub fn required(&mut self, key: &str, kind_zh: &str, example: &str) -> Option<String> {
        let value = self.string(key);
        if value.is_none() && self.is_blank(key) {
            let help = if self.contains(key) {
                tr!(Load::MissingFieldFill, key, example)
            } else {
                tr!(Load::MissingFieldAdd, key, example)
            };
            self.missing(
                key,
                t!(Load::MissingField, kind = kind_zh, field = field(key)),
                help,
            );
        }
        value
    }

    /// Whether the front matter has a `key:` line, empty or not.
    pub fn contains(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    /// The errors reported so far: a kind's checks compare before and after.
    pub fn errors(&self) -> usize {
        self.diags.iter().filter(|d| d.is_error()).count()
    }

    /// A required field that is missing or empty: at its empty `key:` line when there is one (a
    /// page made by `xuezhou new`), else at the front matter's start.
    pub fn missing(&mut self, key: &str, message: Said, help: String) {
        let at: &[&str] = if self.contains(key) { &[key] } else { &[] };
        self.error(at, message, Some(help));
    }

    /// Whether the page is a draft, read once: the same reading decides whether it is published
    /// and whether its problems are only warnings. `None` when `draft:` holds no yes or no.
    pub fn draft(&mut self) -> Option<bool> {
        match self.get("draft") {
            None => Some(false),
            Some(_) => self.boolean("draft"),
        }
    }

    pub fn is_blank(&self, key: &str) -> bool {
        match self.map.get(key) {
            None | Some(Value::Null) => true,
            Some(value) => scalar_text(value).is_some_and(|text| text.trim().is_empty()),
        }
    }

    /// Yes or no, read by [`yesno::yes_no`] like every other true/false field.
    pub fn boolean(&mut self, key: &str) -> Option<bool> {
        let value = self.get(key)?;
        let read = match value {
            Value::Bool(flag) => Some(*flag),
            // `draft: 1` and `draft: yes` reach here as a number and a text.
            Value::Number(_) | Value::String(_) => {
                scalar_text(value).and_then(|text| yesno::yes_no(&text))
            }
            _ => None,
        };
        if read.is_none() {
            self.error(
                &[key],
                t!(Load::NotYesNo, field = field(key), value = show(value)),
                Some(tr!(Load::NotYesNoHelp, key, accepted = yesno::ACCEPTED)),
            );
        }
        read
    }

    pub fn uint(&mut self, key: &str) -> Option<u64> {
        let value = self.get(key)?;
        let parsed = match value {
            Value::Number(number) => number.as_u64(),
            Value::String(text) => text.trim().trim_end_matches('人').parse().ok(),
            _ => None,
        };
        if parsed.is_none() {
            self.error(
                &[key],
                t!(
                    Load::NotWholeNumber,
                    field = field(key),
                    value = show(value)
                ),
                Some(tr!(Load::NotWholeNumberHelp, key)),
            );
        }
        parsed
    }

    /// A number of people for one event (`capacity`, `participants`): at most
    /// [`MAX_PEOPLE`], so that a slip of the keyboard cannot swamp 附件2's totals.
    pub fn people(&mut self, key: &str) -> Option<u64> {
        let number = self.uint(key)?;
        if number > MAX_PEOPLE {
            self.error(
                &[key],
                t!(Load::TooManyPeople, field = field(key), number),
                Some(tr!(Load::TooManyPeopleHelp, key)),
            );
            return None;
        }
        Some(number)
    }

    pub fn integer(&mut self, key: &str) -> Option<i64> {
        let value = self.get(key)?;
        let parsed = match value {
            Value::Number(number) => number.as_i64(),
            Value::String(text) => text.trim().parse().ok(),
            _ => None,
        };
        if parsed.is_none() {
            self.error(
                &[key],
                t!(
                    Load::NotWholeNumber,
                    field = field(key),
                    value = show(value)
                ),
                None,
            );
        }
        parsed
    }

    /// A list of texts; a single text is taken as a list of one.
    pub fn string_list(&mut self, key: &str) -> Vec<String> {
        let Some(value) = self.get(key) else {
            return Vec::new();
        };
        match value {
            Value::Array(items) => {
                let mut out = Vec::new();
                for (index, item) in items.iter().enumerate() {
                    match scalar_text(item) {
                        Some(text) => out.push(text.trim().to_string()),
                        None => self.error(
                            &[key, &index.to_string()],
                            t!(Load::ItemNotText, field = field(key)),
                            None,
                        ),
                    }
                }
                out
            }
            other => match scalar_text(other) {
                Some(text) => text
                    .split(['、', ',', '，'])
                    .map(|part| part.trim().to_string())
                    .filter(|part| !part.is_empty())
                    .collect(),
                None => {
                    self.error(&[key], t!(Load::NotList, field = field(key), key), None);
                    Vec::new()
                }
            },
        }
    }

    /// A value that must be one of site.toml's `[lists] list_name`.
    pub fn check_term(
        &mut self,
        key: &str,
        index: Option<usize>,
        value: &str,
        allowed: &[String],
        list_name: &str,
    ) {
        if allowed.iter().any(|one| one == value) {
            return;
        }
        let idx = index.map(|index| index.to_string());
        let mut path = vec![key];
        if let Some(index) = &idx {
            path.push(index);
        }
        self.error(
            &path,
            t!(
                Load::NotInList,
                field = field(key),
                value,
                list = list_label(list_name)
            ),
            Some(tr!(
                Load::NotInListHelp,
                suggestion = suggestion(value, allowed),
                key = list_name
            )),
        );
    }

    pub fn local_time(&mut self, key: &str) -> Option<LocalTime> {
        let text = self.string(key)?;
        let time = LocalTime::parse(&text);
        if time.is_none() {
            self.error(
                &[key],
                t!(Load::NotDate, field = field(key), text),
                Some(tr!(Load::NotDateHelp, key)),
            );
        }
        time
    }

    pub fn date(&mut self, key: &str) -> Option<NaiveDate> {
        let time = self.local_time(key)?;
        Some(time.date)
    }

    pub fn web_address(&mut self, key: &str) -> Option<String> {
        let text = self.string(key)?;
        if !(text.starts_with("https://") || text.starts_with("http://"))
            || text.contains(char::is_whitespace)
        {
            self.error(
                &[key],
                t!(Load::NotWebAddress, field = field(key), text),
                Some(tr!(Load::NotWebAddressHelp)),
            );
            return None;
        }
        Some(text)
    }

    pub fn image(&mut self, key: &str) -> Option<ImageRef> {
        let text = self.string(key)?;
        let (line, col) = self.pos(&[key]);
        Some(ImageRef {
            src: text,
            line,
            col,
        })
    }

    /// Sub-fields of a group (a photo, a book, the video), with their own unknown-key check.
    pub fn object(
        &mut self,
        path: &[&str],
        value: &'a Value,
        keys: &[&str],
    ) -> Option<&'a Map<String, Value>> {
        match value {
            Value::Object(group) => {
                for name in group.keys() {
                    if !keys.contains(&name.as_str()) {
                        let mut sub_path = path.to_vec();
                        sub_path.push(name);
                        let known: Vec<String> = keys.iter().map(|text| text.to_string()).collect();
                        self.key_error(
                            &sub_path,
                            t!(Load::UnknownSubField, name, parent = field(path[0])),
                            Some(suggestion(name, &known)),
                        );
                    }
                }
                Some(group)
            }
            _ => {
                self.error(
                    path,
                    t!(
                        Load::NotGroup,
                        field = field(path[0]),
                        keys = keys.join(", ")
                    ),
                    None,
                );
                None
            }
        }
    }

    pub fn photos(&mut self) -> Vec<Photo> {
        let Some(value) = self.get("photos") else {
            return Vec::new();
        };
        let Value::Array(items) = value else {
            self.error(
                &["photos"],
                t!(Load::PhotosNotList),
                Some(tr!(Load::PhotosNotListHelp)),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (index, item) in items.iter().enumerate() {
            let is = index.to_string();
            // `- 1.jpg` alone: there is no alt text, which readers with screen readers need.
            if let Some(src) = scalar_text(item) {
                self.error(
                    &["photos", &is],
                    t!(Load::PhotoNoAlt, src),
                    Some(tr!(Load::PhotoNoAltHelp, src)),
                );
                continue;
            }
            let Some(group) = self.object(&["photos", &is], item, PHOTO_KEYS) else {
                continue;
            };
            let src = group.get("src").and_then(scalar_text);
            let alt = group
                .get("alt")
                .and_then(scalar_text)
                .filter(|alt| !alt.trim().is_empty());
            let (line, col) = self.pos(&["photos", &is, "src"]);
            match (src, alt) {
                (None, _) => self.error(
                    &["photos", &is],
                    t!(Load::PhotoNoSrc),
                    Some(tr!(Load::PhotoNoSrcHelp)),
                ),
                (Some(src), None) => self.error(
                    &["photos", &is],
                    t!(Load::PhotoNoAlt, src = &src),
                    Some(tr!(Load::PhotoNoAltHelp, src = &src)),
                ),
                (Some(src), Some(alt)) => out.push(Photo {
                    image: ImageRef { src, line, col },
                    alt,
                    caption: group.get("caption").and_then(scalar_text),
                }),
            }
        }
        out
    }

    /// Reports every key that was not read, with the nearest known one.
    pub fn finish(mut self, kind_zh: &str, kind_keys: &[&str]) -> Vec<Diagnostic> {
        let mut known: Vec<String> = COMMON_KEYS.iter().map(|text| text.to_string()).collect();
        known.extend(kind_keys.iter().map(|text| text.to_string()));
        let unknown: Vec<String> = self
            .map
            .keys()
            .filter(|name| !self.used.contains(*name) && !known.contains(name))
            .cloned()
            .collect();
        for name in unknown {
            let known_list = known.join(", ");
            let help = match did_you_mean(&name, &known) {
                Some(near) => tr!(
                    Load::UnknownFieldNear,
                    near,
                    kind = kind_zh,
                    known = known_list
                ),
                None => tr!(Load::UnknownFieldList, kind = kind_zh, known = known_list),
            };
            self.key_error(
                &[&name],
                t!(Load::UnknownField, name = &name, kind = kind_zh),
                Some(help),
            );
        }
        self.diags
    }
}

pub fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

/// A site.toml list as named to staff: `towns` is the list of 镇街.
fn list_label(list_name: &str) -> &str {
    use crate::messages::{lang, Lang};
    if lang() == Lang::En {
        return list_name;
    }
    match list_name {
        "towns" => "镇街",
        "categories" => "活动类别",
        "topics" => "主题",
        "audiences" => "面向对象",
        other => other,
    }
}

fn show(value: &Value) -> String {
    match value {
        Value::String(text) => format!("\"{text}\""),
        other => other.to_string(),
    }
}

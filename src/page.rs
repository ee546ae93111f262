//! The kinds of content (SPEC §4) and how their front matter is read and checked.

use crate::config::Config;
use crate::dates::LocalTime;
use crate::diagnostics::{did_you_mean, suggestion, Diagnostic};
use crate::yaml;
use crate::yesno;
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Event,
    Case,
    Star,
    Reading,
    Plain,
}

impl Kind {
    pub fn of_section(section: &str) -> Kind {
        match section {
            "events" => Kind::Event,
            "cases" => Kind::Case,
            "stars" => Kind::Star,
            "reading" => Kind::Reading,
            _ => Kind::Plain,
        }
    }

    /// The template that renders one page of this kind.
    pub fn template(self) -> &'static str {
        match self {
            Kind::Event => "event.html",
            Kind::Case => "case.html",
            Kind::Star => "star.html",
            Kind::Reading => "reading.html",
            Kind::Plain => "page.html",
        }
    }
}

/// A Markdown file as read from disk: its path relative to the site root and its text with
/// line endings normalised to `\n` and any byte-order mark removed.
#[derive(Debug)]
pub struct Source {
    pub rel: PathBuf,
    pub abs: PathBuf,
    pub text: String,
}

/// An image named in front matter, as written (relative to the page's folder).
#[derive(Debug, Clone, Serialize)]
pub struct ImageRef {
    pub src: String,
    #[serde(skip)]
    pub line: usize,
    #[serde(skip)]
    pub col: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Photo {
    pub image: ImageRef,
    pub alt: String,
    pub caption: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Offline,
    Online,
    Hybrid,
}

impl Format {
    pub fn zh(self) -> &'static str {
        match self {
            Format::Offline => "线下",
            Format::Online => "线上",
            Format::Hybrid => "线上线下结合",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Event {
    pub start: LocalTime,
    pub end: Option<LocalTime>,
    pub town: String,
    pub organizer: String,
    pub category: String,
    pub venue: Option<String>,
    pub topics: Vec<String>,
    pub audience: Vec<String>,
    pub format: Format,
    pub online_url: Option<String>,
    pub address: Option<String>,
    pub free: Option<bool>,
    pub capacity: Option<u64>,
    pub participants: Option<u64>,
    pub contact: Option<String>,
    pub launch: bool,
}

impl Event {
    /// Dates only: shown as all-day.
    pub fn all_day(&self) -> bool {
        self.start.time.is_none()
    }

    /// The last day the event runs on (an end at exactly midnight ends the day before).
    pub fn last_day(&self) -> NaiveDate {
        match self.end {
            Some(end) => {
                if end.time == Some(chrono::NaiveTime::MIN) && end.date > self.start.date {
                    end.date.pred_opt().unwrap_or(end.date)
                } else {
                    end.date
                }
            }
            None => self.start.date,
        }
    }

    /// Every day the event is on, first to last.
    pub fn days(&self) -> Vec<NaiveDate> {
        let mut out = Vec::new();
        let mut d = self.start.date;
        let last = self.last_day();
        while d <= last && out.len() < 366 {
            out.push(d);
            match d.succ_opt() {
                Some(n) => d = n,
                None => break,
            }
        }
        out
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Video {
    pub src: String,
    pub poster: Option<ImageRef>,
    pub duration: Option<String>,
    #[serde(skip)]
    pub seconds: Option<u32>,
    #[serde(skip)]
    pub line: usize,
}

#[derive(Debug, Clone)]
pub struct Case {
    pub unit: String,
    pub town: String,
    pub date: Option<NaiveDate>,
    pub case_type: String,
    pub topics: Vec<String>,
    pub video: Option<Video>,
}

#[derive(Debug, Clone)]
pub struct Star {
    pub name: String,
    pub town: String,
    pub occupation: Option<String>,
    pub honors: Vec<String>,
    pub quote: Option<String>,
    pub portrait: Option<ImageRef>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Book {
    pub title: String,
    pub author: Option<String>,
    pub publisher: Option<String>,
    pub year: Option<String>,
    pub isbn: Option<String>,
    pub cover: Option<ImageRef>,
    pub note: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Reading {
    pub curator: String,
    pub audience: Vec<String>,
    pub books: Vec<Book>,
}

#[derive(Debug, Clone)]
pub enum Details {
    Event(Box<Event>),
    Case(Case),
    Star(Star),
    Reading(Reading),
    Plain,
}

/// One page of the site, after its front matter has been read and checked.
#[derive(Debug, Clone)]
pub struct Page {
    pub kind: Kind,
    /// Top-level folder under content/ ("" for a page directly in content/).
    pub section: String,
    pub slug: String,
    /// Address relative to the site root, ending in `/`: `events/launch/`.
    pub path: String,
    pub source: Arc<Source>,
    /// The folder whose files the page may name (its bundle folder, or the folder it sits in).
    pub dir: PathBuf,
    pub is_bundle: bool,
    pub title: String,
    pub summary: Option<String>,
    pub draft: bool,
    pub weight: i64,
    pub cover: Option<ImageRef>,
    pub photos: Vec<Photo>,
    pub body: String,
    /// The file line the Markdown body starts on.
    pub body_line: usize,
    pub details: Details,
    /// Where each front-matter field was written.
    pub marks: Arc<yaml::Marks>,
}

impl Page {
    pub fn event(&self) -> Option<&Event> {
        match &self.details {
            Details::Event(e) => Some(e),
            _ => None,
        }
    }

    /// The file line a front-matter field is written on; the first line when it has none.
    pub fn field_line(&self, key: &str) -> usize {
        self.marks.key(&[key]).map_or(1, |(line, _)| line)
    }

    /// Every image the page names in front matter, with the line it is named on.
    pub fn front_matter_images(&self) -> Vec<&ImageRef> {
        let mut out: Vec<&ImageRef> = Vec::new();
        out.extend(self.cover.iter());
        out.extend(self.photos.iter().map(|p| &p.image));
        match &self.details {
            Details::Case(c) => {
                if let Some(v) = &c.video {
                    out.extend(v.poster.iter());
                }
            }
            Details::Star(s) => out.extend(s.portrait.iter()),
            Details::Reading(r) => out.extend(r.books.iter().filter_map(|b| b.cover.as_ref())),
            _ => {}
        }
        out
    }
}

/// The most people one event may count in `capacity` or `participants`.
pub const MAX_PEOPLE: u64 = 1_000_000;

const COMMON_KEYS: &[&str] = &[
    "title", "summary", "draft", "weight", "cover", "photos", "slug",
];
const EVENT_KEYS: &[&str] = &[
    "start",
    "end",
    "town",
    "organizer",
    "category",
    "venue",
    "topics",
    "audience",
    "format",
    "online_url",
    "address",
    "free",
    "capacity",
    "participants",
    "contact",
    "launch",
];
const CASE_KEYS: &[&str] = &["unit", "town", "date", "type", "topics", "video"];
const STAR_KEYS: &[&str] = &["name", "town", "occupation", "honors", "quote", "portrait"];
const READING_KEYS: &[&str] = &["curator", "audience", "books"];
const BOOK_KEYS: &[&str] = &[
    "title",
    "author",
    "publisher",
    "year",
    "isbn",
    "cover",
    "note",
];
const PHOTO_KEYS: &[&str] = &["src", "alt", "caption"];
const VIDEO_KEYS: &[&str] = &["src", "poster", "duration"];

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
    pub fn error(&mut self, path: &[&str], message: String, help: Option<String>) {
        let at = self.pos(path);
        self.push(Diagnostic::error(&self.source.rel, message), at, help);
    }

    /// An error with the caret under the key at `path` (a field that is unknown).
    fn key_error(&mut self, path: &[&str], message: String, help: Option<String>) {
        let at = self.key_pos(path);
        self.push(Diagnostic::error(&self.source.rel, message), at, help);
    }

    pub fn warning(&mut self, path: &[&str], message: String, help: Option<String>) {
        let at = self.pos(path);
        self.push(Diagnostic::warning(&self.source.rel, message), at, help);
    }

    fn get(&mut self, key: &str) -> Option<&'a Value> {
        self.used.insert(key.to_string());
        match self.map.get(key) {
            None | Some(Value::Null) => None,
            Some(v) => Some(v),
        }
    }

    /// Text; numbers are taken as text too (a phone number, an ISBN written without quotes).
    pub fn string(&mut self, key: &str) -> Option<String> {
        let v = self.get(key)?;
        match scalar_text(v) {
            Some(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Some(_) => None,
            None => {
                self.error(
                    &[key],
                    format!("`{key}` must be text, not a list or a group of fields"),
                    Some(format!("write it on one line: `{key}: ...`")),
                );
                None
            }
        }
    }

    pub fn required(&mut self, key: &str, kind_zh: &str, example: &str) -> Option<String> {
        let v = self.string(key);
        if v.is_none() && !self.map.contains_key(key) || v.is_none() && self.is_blank(key) {
            // At the empty `key:` line when there is one (a page made by `xuezhou new`).
            let present = self.map.contains_key(key);
            let at: &[&str] = if present { &[key] } else { &[] };
            let help = if present {
                format!("write it after the colon, such as `{key}: {example}`")
            } else {
                format!("add a line to the front matter: `{key}: {example}`")
            };
            self.error(
                at,
                format!("{kind_zh} is missing the required field `{key}`"),
                Some(help),
            );
        }
        v
    }

    fn is_blank(&self, key: &str) -> bool {
        match self.map.get(key) {
            None | Some(Value::Null) => true,
            Some(v) => scalar_text(v).is_some_and(|s| s.trim().is_empty()),
        }
    }

    /// Yes or no, read by [`yesno::yes_no`] like every other true/false field.
    pub fn boolean(&mut self, key: &str) -> Option<bool> {
        let v = self.get(key)?;
        let read = match v {
            Value::Bool(b) => Some(*b),
            // `draft: 1` and `draft: yes` reach here as a number and a text.
            Value::Number(_) | Value::String(_) => scalar_text(v).and_then(|t| yesno::yes_no(&t)),
            _ => None,
        };
        if read.is_none() {
            self.error(
                &[key],
                format!("`{key}` must be true or false, not {}", show(v)),
                Some(format!(
                    "write `{key}: true` or `{key}: false` (also accepted: {})",
                    yesno::ACCEPTED
                )),
            );
        }
        read
    }

    pub fn uint(&mut self, key: &str) -> Option<u64> {
        let v = self.get(key)?;
        let parsed = match v {
            Value::Number(n) => n.as_u64(),
            Value::String(s) => s.trim().trim_end_matches('人').parse().ok(),
            _ => None,
        };
        if parsed.is_none() {
            self.error(
                &[key],
                format!("`{key}` must be a whole number, not {}", show(v)),
                Some(format!("write digits only, such as `{key}: 50`")),
            );
        }
        parsed
    }

    /// A number of people for one event (`capacity`, `participants`): at most
    /// [`MAX_PEOPLE`], so that a slip of the keyboard cannot swamp 附件2's totals.
    pub fn people(&mut self, key: &str) -> Option<u64> {
        let n = self.uint(key)?;
        if n > MAX_PEOPLE {
            self.error(
                &[key],
                format!("`{key}` is {n}, more people than one event can have (at most 1,000,000)"),
                Some(format!(
                    "check the number: write the people of this one event, such as `{key}: 50`"
                )),
            );
            return None;
        }
        Some(n)
    }

    pub fn integer(&mut self, key: &str) -> Option<i64> {
        let v = self.get(key)?;
        let parsed = match v {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        };
        if parsed.is_none() {
            self.error(
                &[key],
                format!("`{key}` must be a whole number, not {}", show(v)),
                None,
            );
        }
        parsed
    }

    /// A list of texts; a single text is taken as a list of one.
    pub fn string_list(&mut self, key: &str) -> Vec<String> {
        let Some(v) = self.get(key) else {
            return Vec::new();
        };
        match v {
            Value::Array(items) => {
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    match scalar_text(item) {
                        Some(s) => out.push(s.trim().to_string()),
                        None => self.error(
                            &[key, &i.to_string()],
                            format!("each item of `{key}` must be text"),
                            None,
                        ),
                    }
                }
                out
            }
            other => match scalar_text(other) {
                Some(s) => s
                    .split(['、', ',', '，'])
                    .map(|x| x.trim().to_string())
                    .filter(|x| !x.is_empty())
                    .collect(),
                None => {
                    self.error(
                        &[key],
                        format!("`{key}` must be a list, such as `{key}: [老年人, 社区居民]`"),
                        None,
                    );
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
        if allowed.iter().any(|a| a == value) {
            return;
        }
        let idx = index.map(|i| i.to_string());
        let mut path = vec![key];
        if let Some(i) = &idx {
            path.push(i);
        }
        self.error(
            &path,
            format!("\"{value}\" is not one of the {list_name} in site.toml"),
            Some(format!(
                "{} (or add it to [lists] {list_name} in site.toml)",
                suggestion(value, allowed)
            )),
        );
    }

    pub fn local_time(&mut self, key: &str) -> Option<LocalTime> {
        let s = self.string(key)?;
        let t = LocalTime::parse(&s);
        if t.is_none() {
            self.error(
                &[key],
                format!("`{key}` is \"{s}\", which is not a date or a date and time"),
                Some(format!(
                    "write `{key}: 2022-12-03` for a whole day or `{key}: 2022-12-03 09:30`"
                )),
            );
        }
        t
    }

    pub fn date(&mut self, key: &str) -> Option<NaiveDate> {
        let t = self.local_time(key)?;
        Some(t.date)
    }

    pub fn web_address(&mut self, key: &str) -> Option<String> {
        let s = self.string(key)?;
        if !(s.starts_with("https://") || s.starts_with("http://"))
            || s.contains(char::is_whitespace)
        {
            self.error(
                &[key],
                format!("`{key}` \"{s}\" is not a web address"),
                Some("write the full address, starting with https://".into()),
            );
            return None;
        }
        Some(s)
    }

    pub fn image(&mut self, key: &str) -> Option<ImageRef> {
        let s = self.string(key)?;
        let (line, col) = self.pos(&[key]);
        Some(ImageRef { src: s, line, col })
    }

    /// Sub-fields of a group (a photo, a book, the video), with their own unknown-key check.
    fn object(
        &mut self,
        path: &[&str],
        v: &'a Value,
        keys: &[&str],
    ) -> Option<&'a Map<String, Value>> {
        match v {
            Value::Object(m) => {
                for k in m.keys() {
                    if !keys.contains(&k.as_str()) {
                        let mut p = path.to_vec();
                        p.push(k);
                        let known: Vec<String> = keys.iter().map(|s| s.to_string()).collect();
                        self.key_error(
                            &p,
                            format!("unknown field `{k}` in `{}`", path[0]),
                            Some(suggestion(k, &known)),
                        );
                    }
                }
                Some(m)
            }
            _ => {
                self.error(
                    path,
                    format!(
                        "`{}` must be a group of fields ({})",
                        path[0],
                        keys.join(", ")
                    ),
                    None,
                );
                None
            }
        }
    }

    pub fn photos(&mut self) -> Vec<Photo> {
        let Some(v) = self.get("photos") else {
            return Vec::new();
        };
        let Value::Array(items) = v else {
            self.error(
                &["photos"],
                "`photos` must be a list of photos, each with `src` and `alt`".into(),
                Some(
                    "write\nphotos:\n  - src: 1.jpg\n    alt: 居民在社区学校学习使用智能手机"
                        .into(),
                ),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let is = i.to_string();
            // `- 1.jpg` alone: there is no alt text, which readers with screen readers need.
            if let Some(src) = scalar_text(item) {
                self.error(
                    &["photos", &is],
                    format!("photo \"{src}\" has no `alt` text"),
                    Some(format!("describe the photo for readers who cannot see it:\n  - src: {src}\n    alt: 学员们在老师指导下练习书法")),
                );
                continue;
            }
            let Some(m) = self.object(&["photos", &is], item, PHOTO_KEYS) else {
                continue;
            };
            let src = m.get("src").and_then(scalar_text);
            let alt = m
                .get("alt")
                .and_then(scalar_text)
                .filter(|a| !a.trim().is_empty());
            let (line, col) = self.pos(&["photos", &is, "src"]);
            match (src, alt) {
                (None, _) => self.error(
                    &["photos", &is],
                    "this photo has no `src` (the image file's name)".into(),
                    Some("add `src: photo.jpg` naming a file beside the page".into()),
                ),
                (Some(src), None) => self.error(
                    &["photos", &is],
                    format!("photo \"{src}\" has no `alt` text"),
                    Some("add `alt:` describing the photo for readers who cannot see it, e.g. `alt: 学员们在老师指导下练习书法`".into()),
                ),
                (Some(src), Some(alt)) => out.push(Photo {
                    image: ImageRef { src, line, col },
                    alt,
                    caption: m.get("caption").and_then(scalar_text),
                }),
            }
        }
        out
    }

    /// Reports every key that was not read, with the nearest known one.
    pub fn finish(mut self, kind_zh: &str, kind_keys: &[&str]) -> Vec<Diagnostic> {
        let mut known: Vec<String> = COMMON_KEYS.iter().map(|s| s.to_string()).collect();
        known.extend(kind_keys.iter().map(|s| s.to_string()));
        let unknown: Vec<String> = self
            .map
            .keys()
            .filter(|k| !self.used.contains(*k) && !known.contains(k))
            .cloned()
            .collect();
        for k in unknown {
            let help = match did_you_mean(&k, &known) {
                Some(near) => format!(
                    "did you mean `{near}`? fields of {kind_zh}: {}",
                    known.join(", ")
                ),
                None => format!("fields of {kind_zh}: {}", known.join(", ")),
            };
            self.key_error(
                &[&k],
                format!("unknown field `{k}` for {kind_zh}"),
                Some(help),
            );
        }
        self.diags
    }
}

fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn show(v: &Value) -> String {
    match v {
        Value::String(s) => format!("\"{s}\""),
        other => other.to_string(),
    }
}

/// Whether an ISBN (10 or 13 digits, hyphens and spaces allowed) has a right check digit.
pub fn isbn_ok(isbn: &str) -> bool {
    let chars: Vec<char> = isbn.chars().filter(|c| *c != '-' && *c != ' ').collect();
    match chars.len() {
        13 => {
            if !chars.iter().all(|c| c.is_ascii_digit()) {
                return false;
            }
            let sum: u32 = chars
                .iter()
                .enumerate()
                .map(|(i, c)| c.to_digit(10).unwrap_or(0) * if i % 2 == 0 { 1 } else { 3 })
                .sum();
            sum.is_multiple_of(10)
        }
        10 => {
            let mut sum = 0u32;
            for (i, c) in chars.iter().enumerate() {
                let d = match c {
                    '0'..='9' => c.to_digit(10).unwrap_or(0),
                    'X' | 'x' if i == 9 => 10,
                    _ => return false,
                };
                sum += d * (10 - i as u32);
            }
            sum.is_multiple_of(11)
        }
        _ => false,
    }
}

/// `m:ss` or `h:mm:ss` into seconds.
pub fn parse_duration(s: &str) -> Option<u32> {
    let parts: Vec<&str> = s.trim().split([':', '：']).collect();
    let nums: Option<Vec<u32>> = parts.iter().map(|p| p.trim().parse().ok()).collect();
    let nums = nums?;
    match nums.as_slice() {
        [m, s] if *s < 60 => Some(m * 60 + s),
        [h, m, s] if *m < 60 && *s < 60 => Some(h * 3600 + m * 60 + s),
        _ => None,
    }
}

/// What one page's front matter says, before Markdown. `map` is the parsed front matter.
pub struct Parsed {
    pub title: String,
    pub summary: Option<String>,
    pub weight: i64,
    pub slug: Option<String>,
    pub cover: Option<ImageRef>,
    pub photos: Vec<Photo>,
    pub details: Details,
}

/// Whether a page is a draft, read once: the same reading decides whether it is published and
/// whether its problems are only warnings. `None` when `draft:` holds no yes or no (an error).
pub fn read_draft(fields: &mut Fields) -> Option<bool> {
    match fields.map.get("draft") {
        None | Some(Value::Null) => {
            fields.used.insert("draft".into());
            Some(false)
        }
        Some(_) => fields.boolean("draft"),
    }
}

/// Reads and checks one page's front matter for its kind (all but `draft`: [`read_draft`]).
/// Problems are returned, not thrown: a run reports all of them.
pub fn read_front_matter(kind: Kind, fields: &mut Fields, config: &Config) -> Option<Parsed> {
    let lists = &config.lists;
    let summary = fields.string("summary");
    let weight = fields.integer("weight").unwrap_or(0);
    let slug = fields.string("slug");
    let cover = fields.image("cover");
    let photos = fields.photos();
    let errors_before = fields.diags.iter().filter(|d| d.is_error()).count();

    let (title, details) = match kind {
        Kind::Event => {
            let title = fields.required("title", "an event", "社区智慧助老培训班");
            let start = fields.local_time("start");
            if fields.is_blank("start") {
                let at: &[&str] = if fields.map.contains_key("start") {
                    &["start"]
                } else {
                    &[]
                };
                fields.error(
                    at,
                    "an event is missing the required field `start`".into(),
                    Some(
                        "add `start: 2022-12-03 09:30` (or a date alone for an all-day event)"
                            .into(),
                    ),
                );
            }
            let end = fields.local_time("end");
            let town = fields.required("town", "an event", "湖塘镇");
            if let Some(t) = &town {
                fields.check_term("town", None, t, &lists.towns, "towns");
            }
            let organizer = fields.required("organizer", "an event", "湖塘镇社区教育中心");
            let category = fields.required("category", "an event", "讲座");
            if let Some(c) = &category {
                fields.check_term("category", None, c, &lists.categories, "categories");
            }
            let topics = fields.string_list("topics");
            for (i, t) in topics.iter().enumerate() {
                fields.check_term("topics", Some(i), t, &lists.topics, "topics");
            }
            let audience = fields.string_list("audience");
            for (i, a) in audience.iter().enumerate() {
                fields.check_term("audience", Some(i), a, &lists.audiences, "audiences");
            }
            let format = match fields.string("format").as_deref() {
                None | Some("offline") | Some("线下") => Format::Offline,
                Some("online") | Some("线上") => Format::Online,
                Some("hybrid") | Some("线上线下") | Some("线上线下结合") => {
                    Format::Hybrid
                }
                Some(other) => {
                    let allowed: Vec<String> = ["offline", "online", "hybrid"]
                        .iter()
                        .map(|s| s.to_string())
                        .collect();
                    fields.error(
                        &["format"],
                        format!("format \"{other}\" is not offline, online or hybrid"),
                        Some(suggestion(other, &allowed)),
                    );
                    Format::Offline
                }
            };
            let venue = fields.string("venue");
            if venue.is_none() && format != Format::Online {
                let at: &[&str] = if fields.map.contains_key("venue") {
                    &["venue"]
                } else {
                    &[]
                };
                fields.error(
                    at,
                    "an event held in person is missing the required field `venue`".into(),
                    Some("add `venue: 湖塘镇社区教育中心三楼报告厅`, or `format: online` if it is online only".into()),
                );
            }
            let online_url = fields.web_address("online_url");
            if online_url.is_none() && format != Format::Offline && fields.is_blank("online_url") {
                fields.error(
                    &["format"],
                    format!(
                        "an event with `format: {}` needs `online_url`",
                        if format == Format::Online {
                            "online"
                        } else {
                            "hybrid"
                        }
                    ),
                    Some("add `online_url: https://...`, the address where people join".into()),
                );
            }
            if let (Some(s), Some(e)) = (start, end) {
                let end_cmp = if e.time.is_none() && s.time.is_some() {
                    // An end date alone means the end of that day.
                    e.date < s.date
                } else {
                    e.naive() < s.naive()
                };
                if end_cmp {
                    fields.error(
                        &["end"],
                        format!("`end` ({}) is before `start` ({})", e.naive().format("%Y-%m-%d %H:%M"), s.naive().format("%Y-%m-%d %H:%M")),
                        Some("check the date and time; an event that ends the next day ends on the next date".into()),
                    );
                }
            }
            let address = fields.string("address");
            let free = fields.boolean("free");
            let capacity = fields.people("capacity");
            let participants = fields.people("participants");
            let contact = fields.string("contact");
            let launch = fields.boolean("launch").unwrap_or(false);
            let event = match (start, town, organizer, category) {
                (Some(start), Some(town), Some(organizer), Some(category)) => Some(Event {
                    start,
                    end,
                    town,
                    organizer,
                    category,
                    venue,
                    topics,
                    audience,
                    format,
                    online_url,
                    address,
                    free,
                    capacity,
                    participants,
                    contact,
                    launch,
                }),
                _ => None,
            };
            (title, event.map(|e| Details::Event(Box::new(e))))
        }
        Kind::Case => {
            let title = fields.required("title", "a case story", "社区学习共同体建设的探索");
            let unit = fields.required("unit", "a case story", "湖塘镇社区教育中心");
            let town = fields.required("town", "a case story", "湖塘镇");
            if let Some(t) = &town {
                fields.check_term("town", None, t, &lists.towns, "towns");
            }
            let date = fields.date("date");
            let case_type = match fields.string("type") {
                None => "典型案例".to_string(),
                Some(t) if t == "典型案例" || t == "品牌项目" => t,
                Some(t) => {
                    let allowed = vec!["典型案例".to_string(), "品牌项目".to_string()];
                    fields.error(
                        &["type"],
                        format!("type \"{t}\" is neither 典型案例 nor 品牌项目"),
                        Some(suggestion(&t, &allowed)),
                    );
                    t
                }
            };
            let topics = fields.string_list("topics");
            for (i, t) in topics.iter().enumerate() {
                fields.check_term("topics", Some(i), t, &lists.topics, "topics");
            }
            let video = fields.get("video").and_then(|v| {
                let m = fields.object(&["video"], v, VIDEO_KEYS)?;
                let src = m.get("src").and_then(scalar_text);
                let Some(src) = src else {
                    fields.error(
                        &["video"],
                        "`video` has no `src` (the .mp4 file's name)".into(),
                        None,
                    );
                    return None;
                };
                let duration = m.get("duration").and_then(scalar_text);
                let seconds = duration.as_deref().and_then(parse_duration);
                if duration.is_some() && seconds.is_none() {
                    fields.error(
                        &["video", "duration"],
                        format!(
                            "video duration \"{}\" is not minutes:seconds",
                            duration.as_deref().unwrap_or("")
                        ),
                        Some("write it as `duration: \"4:30\"`".into()),
                    );
                }
                if seconds.is_some_and(|s| s > 300) {
                    fields.warning(
                        &["video", "duration"],
                        format!(
                            "the video runs {}, longer than the 5:00 the district notice asks for",
                            duration.as_deref().unwrap_or("")
                        ),
                        Some(
                            "cut it to at most 5 minutes before submitting it to the district"
                                .into(),
                        ),
                    );
                }
                let poster = m.get("poster").and_then(scalar_text).map(|p| {
                    let (line, col) = fields.pos(&["video", "poster"]);
                    ImageRef { src: p, line, col }
                });
                let (line, _) = fields.pos(&["video", "src"]);
                Some(Video {
                    src,
                    poster,
                    duration,
                    seconds,
                    line,
                })
            });
            let case = match (unit, town) {
                (Some(unit), Some(town)) => Some(Case {
                    unit,
                    town,
                    date,
                    case_type,
                    topics,
                    video,
                }),
                _ => None,
            };
            (title, case.map(Details::Case))
        }
        Kind::Star => {
            let name = fields.required("name", "a 百姓学习之星 page", "张秀英");
            let town = fields.required("town", "a 百姓学习之星 page", "湖塘镇");
            if let Some(t) = &town {
                fields.check_term("town", None, t, &lists.towns, "towns");
            }
            let title = fields.string("title").or_else(|| name.clone());
            let star = match (name, town) {
                (Some(name), Some(town)) => Some(Star {
                    name,
                    town,
                    occupation: fields.string("occupation"),
                    honors: fields.string_list("honors"),
                    quote: fields.string("quote"),
                    portrait: fields.image("portrait"),
                }),
                _ => None,
            };
            (title, star.map(Details::Star))
        }
        Kind::Reading => {
            let title = fields.required("title", "a reading list", "老年朋友的好书");
            let curator = fields.required("curator", "a reading list", "武进区图书馆");
            let audience = fields.string_list("audience");
            for (i, a) in audience.iter().enumerate() {
                fields.check_term("audience", Some(i), a, &lists.audiences, "audiences");
            }
            let books = read_books(fields);
            (
                title,
                curator.map(|curator| {
                    Details::Reading(Reading {
                        curator,
                        audience,
                        books,
                    })
                }),
            )
        }
        Kind::Plain => {
            let title = fields.required("title", "a page", "关于本站");
            (title, Some(Details::Plain))
        }
    };

    let errors_after = fields.diags.iter().filter(|d| d.is_error()).count();
    if errors_after > errors_before {
        return None;
    }
    Some(Parsed {
        title: title?,
        summary,
        weight,
        slug,
        cover,
        photos,
        details: details?,
    })
}

fn read_books(fields: &mut Fields) -> Vec<Book> {
    let Some(v) = fields.get("books") else {
        return Vec::new();
    };
    let Value::Array(items) = v else {
        fields.error(&["books"], "`books` must be a list of books".into(), Some("write\nbooks:\n  - title: 平凡的世界\n    author: 路遥\n    isbn: \"9787530212004\"".into()));
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let is = i.to_string();
        let Some(m) = fields.object(&["books", &is], item, BOOK_KEYS) else {
            continue;
        };
        let text = |k: &str| m.get(k).and_then(scalar_text).map(|s| s.trim().to_string());
        let Some(title) = text("title") else {
            fields.error(
                &["books", &is],
                format!("book {} has no `title`", i + 1),
                None,
            );
            continue;
        };
        let isbn = text("isbn");
        if let Some(isbn) = &isbn {
            if !isbn_ok(isbn) {
                fields.error(
                    &["books", &is, "isbn"],
                    format!("ISBN {isbn} of 《{title}》 is not valid: its check digit (the last one) does not match"),
                    Some("copy the ISBN again from the book's back cover or copyright page".into()),
                );
            }
        }
        let cover = text("cover").map(|src| {
            let (line, col) = fields.pos(&["books", &is, "cover"]);
            ImageRef { src, line, col }
        });
        out.push(Book {
            title,
            author: text("author"),
            publisher: text("publisher"),
            year: text("year"),
            isbn,
            cover,
            note: text("note"),
        });
    }
    out
}

/// How a line that `xuezhou new` left for staff to replace begins: `（在这里写活动介绍）`.
pub const PLACEHOLDER_MARK: &str = "（在这里写";

/// The lines of a page body still holding a placeholder of `xuezhou new`, each as (file line,
/// column, the placeholder). `body_line` is the file line the body starts on.
pub fn body_placeholders(body: &str, body_line: usize) -> Vec<(usize, usize, String)> {
    body.lines()
        .enumerate()
        .filter_map(|(i, l)| {
            let t = l.trim_start();
            if !t.starts_with(PLACEHOLDER_MARK) {
                return None;
            }
            let col = l[..l.len() - t.len()].chars().count() + 1;
            Some((body_line + i, col, t.trim_end().to_string()))
        })
        .collect()
}

pub fn kind_keys(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Event => EVENT_KEYS,
        Kind::Case => CASE_KEYS,
        Kind::Star => STAR_KEYS,
        Kind::Reading => READING_KEYS,
        Kind::Plain => &[],
    }
}

pub fn kind_zh(kind: Kind) -> &'static str {
    match kind {
        Kind::Event => "an event",
        Kind::Case => "a case story",
        Kind::Star => "a 百姓学习之星 page",
        Kind::Reading => "a reading list",
        Kind::Plain => "a page",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isbn_check_digits() {
        assert!(isbn_ok("9787020024759"));
        assert!(isbn_ok("978-7-02-002475-9"));
        assert!(!isbn_ok("9787020024758"));
        assert!(isbn_ok("7020024750"));
        assert!(!isbn_ok("12345"));
    }

    #[test]
    fn placeholders_of_new_pages_are_found_at_their_line() {
        let found = body_placeholders(
            "## 活动简介\n\n  （在这里写活动介绍）\n正文（在这里写）\n",
            7,
        );
        assert_eq!(found, vec![(9, 3, "（在这里写活动介绍）".to_string())]);
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("4:30"), Some(270));
        assert_eq!(parse_duration("1:02:03"), Some(3723));
        assert_eq!(parse_duration("4:70"), None);
    }
}

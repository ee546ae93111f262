//! The kinds of content (SPEC §4) and the page a checked front matter becomes: the types only.
//! The fields are read by `fields`, checked per kind by `front_matter`, and a file becomes a page
//! in `page_file`.

use crate::dates::LocalTime;
use crate::yaml;
use chrono::NaiveDate;
use serde::Serialize;
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

/// A section's `_index.md`: the title and intro of a list page.
#[derive(Debug, Clone)]
pub struct Section {
    pub name: String,
    pub title: Option<String>,
    pub body: String,
    pub body_line: usize,
    pub source: Arc<Source>,
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
        let mut day = self.start.date;
        let last = self.last_day();
        while day <= last && out.len() < 366 {
            out.push(day);
            match day.succ_opt() {
                Some(next) => day = next,
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
    /// Shared: serve hands the same page out on every rebuild, and the body is most of it.
    pub body: Arc<str>,
    /// A hash of the file's text before the body (its front matter; the whole text where the
    /// body is not its end), made once when the file is read: serve's version of every page on
    /// every rebuild is then a hash of a number, not of 10,000 front matters.
    pub front_hash: u64,
    /// The file line the Markdown body starts on.
    pub body_line: usize,
    pub details: Details,
    /// Where each front-matter field was written.
    pub marks: Arc<yaml::Marks>,
}

impl Page {
    pub fn event(&self) -> Option<&Event> {
        match &self.details {
            Details::Event(event) => Some(event),
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
        out.extend(self.photos.iter().map(|photo| &photo.image));
        match &self.details {
            Details::Case(case) => {
                if let Some(video) = &case.video {
                    out.extend(video.poster.iter());
                }
            }
            Details::Star(star) => out.extend(star.portrait.iter()),
            Details::Reading(reading) => {
                out.extend(reading.books.iter().filter_map(|book| book.cover.as_ref()))
            }
            _ => {}
        }
        out
    }
}

/// The most people one event may count in `capacity` or `participants`.
pub const MAX_PEOPLE: u64 = 1_000_000;

//! The checks of each kind of page (SPEC §4): which fields it needs, which values they may
//! take, and the page details they become. Fields are read through `fields::Fields`.

use super::fields::{scalar_text, Fields};
use super::page::{
    Book, Case, Details, Event, Format, ImageRef, Kind, Photo, Reading, Star, Video,
};
use crate::config::{Config, Lists};
use crate::dates::LocalTime;
use crate::diagnostics::suggestion;
use serde_json::Value;

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
    // Written by `xuezhou import`: which row the page came from (src/import/write.rs).
    "imported",
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
const VIDEO_KEYS: &[&str] = &["src", "poster", "duration"];

/// What one page's front matter says, before Markdown.
pub struct Parsed {
    pub title: String,
    pub summary: Option<String>,
    pub weight: i64,
    pub slug: Option<String>,
    pub cover: Option<ImageRef>,
    pub photos: Vec<Photo>,
    pub details: Details,
}

/// What a kind's checks give: the title and the details, each missing when at fault.
type KindParts = (Option<String>, Option<Details>);

/// Reads and checks one page's front matter for its kind (all but `draft`: [`Fields::draft`]).
/// Problems are returned, not thrown: a run reports all of them.
pub fn read_front_matter(kind: Kind, fields: &mut Fields, config: &Config) -> Option<Parsed> {
    let lists = &config.lists;
    let summary = fields.string("summary");
    let weight = fields.integer("weight").unwrap_or(0);
    let slug = fields.string("slug");
    let cover = fields.image("cover");
    let photos = fields.photos();
    let errors_before = fields.errors();
    let (title, details) = match kind {
        Kind::Event => read_event(fields, lists),
        Kind::Case => read_case(fields, lists),
        Kind::Star => read_star(fields, lists),
        Kind::Reading => read_reading(fields, lists),
        Kind::Plain => (
            fields.required("title", "a page", "关于本站"),
            Some(Details::Plain),
        ),
    };
    if fields.errors() > errors_before {
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

/// Each item of the list `key` must be one of site.toml's `[lists] list_name`.
fn check_terms(
    fields: &mut Fields,
    key: &str,
    items: &[String],
    allowed: &[String],
    list_name: &str,
) {
    for (index, item) in items.iter().enumerate() {
        fields.check_term(key, Some(index), item, allowed, list_name);
    }
}

/// A required field whose value must be one of site.toml's `[lists] list_name`.
fn required_term(
    fields: &mut Fields,
    key: &str,
    kind_zh: &str,
    example: &str,
    (allowed, list_name): (&[String], &str),
) -> Option<String> {
    let value = fields.required(key, kind_zh, example);
    if let Some(value) = &value {
        fields.check_term(key, None, value, allowed, list_name);
    }
    value
}

fn read_event(fields: &mut Fields, lists: &Lists) -> KindParts {
    let title = fields.required("title", "an event", "社区智慧助老培训班");
    let (start, end) = read_event_times(fields);
    let town = required_term(
        fields,
        "town",
        "an event",
        "湖塘镇",
        (&lists.towns, "towns"),
    );
    let organizer = fields.required("organizer", "an event", "湖塘镇社区教育中心");
    let category = required_term(
        fields,
        "category",
        "an event",
        "讲座",
        (&lists.categories, "categories"),
    );
    let topics = fields.string_list("topics");
    check_terms(fields, "topics", &topics, &lists.topics, "topics");
    let audience = fields.string_list("audience");
    check_terms(fields, "audience", &audience, &lists.audiences, "audiences");
    let (format, venue, online_url) = read_event_place(fields);
    if let (Some(start), Some(end)) = (start, end) {
        check_event_order(fields, start, end);
    }
    let address = fields.string("address");
    let free = fields.boolean("free");
    let capacity = fields.people("capacity");
    let participants = fields.people("participants");
    let contact = fields.string("contact");
    let launch = fields.boolean("launch").unwrap_or(false);
    let (Some(start), Some(town), Some(organizer), Some(category)) =
        (start, town, organizer, category)
    else {
        return (title, None);
    };
    let event = Event {
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
    };
    (title, Some(Details::Event(Box::new(event))))
}

/// `start` (required) and `end`.
fn read_event_times(fields: &mut Fields) -> (Option<LocalTime>, Option<LocalTime>) {
    let start = fields.local_time("start");
    if fields.is_blank("start") {
        fields.missing(
            "start",
            "an event is missing the required field `start`".into(),
            "add `start: 2022-12-03 09:30` (or a date alone for an all-day event)".into(),
        );
    }
    (start, fields.local_time("end"))
}

fn check_event_order(fields: &mut Fields, start: LocalTime, end: LocalTime) {
    let before = if end.time.is_none() && start.time.is_some() {
        // An end date alone means the end of that day.
        end.date < start.date
    } else {
        end.naive() < start.naive()
    };
    if before {
        fields.error(
            &["end"],
            format!(
                "`end` ({}) is before `start` ({})",
                end.naive().format("%Y-%m-%d %H:%M"),
                start.naive().format("%Y-%m-%d %H:%M")
            ),
            Some(
                "check the date and time; an event that ends the next day ends on the next date"
                    .into(),
            ),
        );
    }
}

/// `format`, and the `venue` or `online_url` it needs.
fn read_event_place(fields: &mut Fields) -> (Format, Option<String>, Option<String>) {
    let format = match fields.string("format").as_deref() {
        None | Some("offline") | Some("线下") => Format::Offline,
        Some("online") | Some("线上") => Format::Online,
        Some("hybrid") | Some("线上线下") | Some("线上线下结合") => Format::Hybrid,
        Some(other) => {
            let allowed: Vec<String> = ["offline", "online", "hybrid"]
                .iter()
                .map(|text| text.to_string())
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
        fields.missing(
            "venue",
            "an event held in person is missing the required field `venue`".into(),
            "add `venue: 湖塘镇社区教育中心三楼报告厅`, or `format: online` if it is online only"
                .into(),
        );
    }
    let online_url = fields.web_address("online_url");
    if online_url.is_none() && format != Format::Offline && fields.is_blank("online_url") {
        let written = if format == Format::Online {
            "online"
        } else {
            "hybrid"
        };
        fields.error(
            &["format"],
            format!("an event with `format: {written}` needs `online_url`"),
            Some("add `online_url: https://...`, the address where people join".into()),
        );
    }
    (format, venue, online_url)
}

fn read_case(fields: &mut Fields, lists: &Lists) -> KindParts {
    let title = fields.required("title", "a case story", "社区学习共同体建设的探索");
    let unit = fields.required("unit", "a case story", "湖塘镇社区教育中心");
    let town = required_term(
        fields,
        "town",
        "a case story",
        "湖塘镇",
        (&lists.towns, "towns"),
    );
    let date = fields.date("date");
    let case_type = match fields.string("type") {
        None => "典型案例".to_string(),
        Some(written) if written == "典型案例" || written == "品牌项目" => written,
        Some(written) => {
            let allowed = vec!["典型案例".to_string(), "品牌项目".to_string()];
            fields.error(
                &["type"],
                format!("type \"{written}\" is neither 典型案例 nor 品牌项目"),
                Some(suggestion(&written, &allowed)),
            );
            written
        }
    };
    let topics = fields.string_list("topics");
    check_terms(fields, "topics", &topics, &lists.topics, "topics");
    let video = read_video(fields);
    let (Some(unit), Some(town)) = (unit, town) else {
        return (title, None);
    };
    let case = Case {
        unit,
        town,
        date,
        case_type,
        topics,
        video,
    };
    (title, Some(Details::Case(case)))
}

/// A case story's `video:` group.
fn read_video(fields: &mut Fields) -> Option<Video> {
    let value = fields.get("video")?;
    let group = fields.object(&["video"], value, VIDEO_KEYS)?;
    let Some(src) = group.get("src").and_then(scalar_text) else {
        fields.error(
            &["video"],
            "`video` has no `src` (the .mp4 file's name)".into(),
            None,
        );
        return None;
    };
    let duration = group.get("duration").and_then(scalar_text);
    let seconds = duration.as_deref().and_then(parse_duration);
    let shown = duration.as_deref().unwrap_or("");
    if duration.is_some() && seconds.is_none() {
        fields.error(
            &["video", "duration"],
            format!("video duration \"{shown}\" is not minutes:seconds"),
            Some("write it as `duration: \"4:30\"`".into()),
        );
    }
    if seconds.is_some_and(|seconds| seconds > 300) {
        fields.warning(
            &["video", "duration"],
            format!("the video runs {shown}, longer than the 5:00 the district notice asks for"),
            Some("cut it to at most 5 minutes before submitting it to the district".into()),
        );
    }
    let poster = group.get("poster").and_then(scalar_text).map(|src| {
        let (line, col) = fields.pos(&["video", "poster"]);
        ImageRef { src, line, col }
    });
    let (line, _) = fields.pos(&["video", "src"]);
    Some(Video {
        src,
        poster,
        duration,
        seconds,
        line,
    })
}

fn read_star(fields: &mut Fields, lists: &Lists) -> KindParts {
    let kind_zh = "a 百姓学习之星 page";
    let name = fields.required("name", kind_zh, "张秀英");
    let town = required_term(fields, "town", kind_zh, "湖塘镇", (&lists.towns, "towns"));
    let title = fields.string("title").or_else(|| name.clone());
    let (Some(name), Some(town)) = (name, town) else {
        return (title, None);
    };
    let star = Star {
        name,
        town,
        occupation: fields.string("occupation"),
        honors: fields.string_list("honors"),
        quote: fields.string("quote"),
        portrait: fields.image("portrait"),
    };
    (title, Some(Details::Star(star)))
}

fn read_reading(fields: &mut Fields, lists: &Lists) -> KindParts {
    let title = fields.required("title", "a reading list", "老年朋友的好书");
    let curator = fields.required("curator", "a reading list", "武进区图书馆");
    let audience = fields.string_list("audience");
    check_terms(fields, "audience", &audience, &lists.audiences, "audiences");
    let books = read_books(fields);
    let details = curator.map(|curator| {
        Details::Reading(Reading {
            curator,
            audience,
            books,
        })
    });
    (title, details)
}

/// A reading list's `books:`, each with its own fields.
fn read_books(fields: &mut Fields) -> Vec<Book> {
    let Some(value) = fields.get("books") else {
        return Vec::new();
    };
    let Value::Array(items) = value else {
        fields.error(&["books"], "`books` must be a list of books".into(), Some("write\nbooks:\n  - title: 平凡的世界\n    author: 路遥\n    isbn: \"9787530212004\"".into()));
        return Vec::new();
    };
    let mut out = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let is = index.to_string();
        let Some(group) = fields.object(&["books", &is], item, BOOK_KEYS) else {
            continue;
        };
        let text = |name: &str| {
            group
                .get(name)
                .and_then(scalar_text)
                .map(|text| text.trim().to_string())
        };
        let Some(title) = text("title") else {
            fields.error(
                &["books", &is],
                format!("book {} has no `title`", index + 1),
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

/// Whether an ISBN (10 or 13 digits, hyphens and spaces allowed) has a right check digit.
pub fn isbn_ok(isbn: &str) -> bool {
    let chars: Vec<char> = isbn.chars().filter(|ch| *ch != '-' && *ch != ' ').collect();
    match chars.len() {
        13 => {
            if !chars.iter().all(|ch| ch.is_ascii_digit()) {
                return false;
            }
            let sum: u32 = chars
                .iter()
                .enumerate()
                .map(|(index, ch)| {
                    ch.to_digit(10).unwrap_or(0) * if index % 2 == 0 { 1 } else { 3 }
                })
                .sum();
            sum.is_multiple_of(10)
        }
        10 => {
            let mut sum = 0u32;
            for (index, ch) in chars.iter().enumerate() {
                let digit = match ch {
                    '0'..='9' => ch.to_digit(10).unwrap_or(0),
                    'X' | 'x' if index == 9 => 10,
                    _ => return false,
                };
                sum += digit * (10 - index as u32);
            }
            sum.is_multiple_of(11)
        }
        _ => false,
    }
}

/// `m:ss` or `h:mm:ss` into seconds.
pub fn parse_duration(text: &str) -> Option<u32> {
    let parts: Vec<&str> = text.trim().split([':', '：']).collect();
    let nums: Option<Vec<u32>> = parts.iter().map(|part| part.trim().parse().ok()).collect();
    let nums = nums?;
    match nums.as_slice() {
        [minutes, seconds] if *seconds < 60 => Some(minutes * 60 + seconds),
        [hours, minutes, seconds] if *minutes < 60 && *seconds < 60 => {
            Some(hours * 3600 + minutes * 60 + seconds)
        }
        _ => None,
    }
}

/// How a line that `xuezhou new` left for staff to replace begins: `（在这里写活动介绍）`.
pub const PLACEHOLDER_MARK: &str = "（在这里写";

/// The lines of a page body still holding a placeholder of `xuezhou new`, each as (file line,
/// column, the placeholder). `body_line` is the file line the body starts on.
pub fn body_placeholders(body: &str, body_line: usize) -> Vec<(usize, usize, String)> {
    body.lines()
        .enumerate()
        .filter_map(|(index, line)| {
            let written = line.trim_start();
            if !written.starts_with(PLACEHOLDER_MARK) {
                return None;
            }
            let col = line[..line.len() - written.len()].chars().count() + 1;
            Some((body_line + index, col, written.trim_end().to_string()))
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

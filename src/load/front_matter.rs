//! The checks of each kind of page (SPEC §4): which fields it needs, which values they may
//! take, and the page details they become. Fields are read through `fields::Fields`.

use super::fields::{scalar_text, Fields};
use super::page::{
    Book, Case, Details, Event, Format, ImageRef, Kind, Photo, Reading, Star, Video,
};
use crate::config::{Config, Lists};
use crate::dates::LocalTime;
use crate::diagnostics::suggestion;
use crate::messages::load::Load;
use crate::messages::{field, pick};
use crate::{t, tr};
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

impl Parsed {
    /// A stand-in for a page that failed its checks: what it names, as plain page details.
    pub fn left_over(left: Leftover, stem: &str) -> Parsed {
        Parsed {
            title: left.title.unwrap_or_else(|| stem.to_string()),
            summary: None,
            weight: 0,
            slug: None,
            cover: left.cover,
            photos: left.photos,
            details: Details::Plain,
        }
    }
}

/// What a kind's checks give: the title and the details, each missing when at fault.
type KindParts = (Option<String>, Option<Details>);

/// What a page that failed its checks still says: the images its Markdown and fields name,
/// checked all the same so that a front-matter error hides no other problem of the page.
pub struct Leftover {
    pub title: Option<String>,
    pub cover: Option<ImageRef>,
    pub photos: Vec<Photo>,
}

/// Reads and checks one page's front matter for its kind (all but `draft`: [`Fields::draft`]).
/// Problems are returned, not thrown: a run reports all of them.
pub fn read_front_matter(
    kind: Kind,
    fields: &mut Fields,
    config: &Config,
) -> Result<Parsed, Leftover> {
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
            fields.required("title", kind_zh(Kind::Plain), "关于本站"),
            Some(Details::Plain),
        ),
    };
    match (title, details) {
        (Some(title), Some(details)) if fields.errors() == errors_before => Ok(Parsed {
            title,
            summary,
            weight,
            slug,
            cover,
            photos,
            details,
        }),
        (title, _) => Err(Leftover {
            title,
            cover,
            photos,
        }),
    }
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
    let event = kind_zh(Kind::Event);
    let title = fields.required("title", event, "社区智慧助老培训班");
    let (start, end) = read_event_times(fields);
    let town = required_term(fields, "town", event, "湖塘镇", (&lists.towns, "towns"));
    let organizer = fields.required("organizer", event, "湖塘镇社区教育中心");
    let category = required_term(
        fields,
        "category",
        event,
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
            t!(Load::StartMissing, field = field("start")),
            tr!(Load::StartMissingHelp),
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
            t!(
                Load::EndBeforeStart,
                end = end.naive().format("%Y-%m-%d %H:%M"),
                start = start.naive().format("%Y-%m-%d %H:%M")
            ),
            Some(tr!(Load::EndBeforeStartHelp)),
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
                t!(Load::BadFormat, value = other),
                Some(suggestion(other, &allowed)),
            );
            Format::Offline
        }
    };
    let venue = fields.string("venue");
    if venue.is_none() && format != Format::Online {
        fields.missing(
            "venue",
            t!(Load::VenueMissing, field = field("venue")),
            tr!(Load::VenueMissingHelp),
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
            t!(Load::OnlineUrlMissing, written),
            Some(tr!(Load::OnlineUrlMissingHelp)),
        );
    }
    (format, venue, online_url)
}

fn read_case(fields: &mut Fields, lists: &Lists) -> KindParts {
    let case = kind_zh(Kind::Case);
    let title = fields.required("title", case, "社区学习共同体建设的探索");
    let unit = fields.required("unit", case, "湖塘镇社区教育中心");
    let town = required_term(fields, "town", case, "湖塘镇", (&lists.towns, "towns"));
    let date = fields.date("date");
    let case_type = match fields.string("type") {
        None => "典型案例".to_string(),
        Some(written) if written == "典型案例" || written == "品牌项目" => written,
        Some(written) => {
            let allowed = vec!["典型案例".to_string(), "品牌项目".to_string()];
            fields.error(
                &["type"],
                t!(Load::BadCaseType, value = &written),
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
        fields.error(&["video"], t!(Load::VideoNoSrc), None);
        return None;
    };
    let duration = group.get("duration").and_then(scalar_text);
    let seconds = duration.as_deref().and_then(parse_duration);
    let shown = duration.as_deref().unwrap_or("");
    if duration.is_some() && seconds.is_none() {
        fields.error(
            &["video", "duration"],
            t!(Load::BadDuration, shown),
            Some(tr!(Load::BadDurationHelp)),
        );
    }
    if seconds.is_some_and(|seconds| seconds > 300) {
        fields.warning(
            &["video", "duration"],
            t!(Load::VideoTooLong, shown),
            Some(tr!(Load::VideoTooLongHelp)),
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
    let kind_zh = kind_zh(Kind::Star);
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
    let reading = kind_zh(Kind::Reading);
    let title = fields.required("title", reading, "老年朋友的好书");
    let curator = fields.required("curator", reading, "武进区图书馆");
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
        fields.error(
            &["books"],
            t!(Load::BooksNotList),
            Some(tr!(Load::BooksNotListHelp)),
        );
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
                t!(Load::BookNoTitle, number = index + 1),
                None,
            );
            continue;
        };
        let isbn = text("isbn");
        if let Some(isbn) = &isbn {
            if !isbn_ok(isbn) {
                fields.error(
                    &["books", &is, "isbn"],
                    t!(Load::BadIsbn, isbn, title = &title),
                    Some(tr!(Load::BadIsbnHelp)),
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

/// The kind of a page as a message names it, in the run's language.
pub fn kind_zh(kind: Kind) -> &'static str {
    match kind {
        Kind::Event => pick("活动页面", "an event"),
        Kind::Case => pick("案例页面", "a case story"),
        Kind::Star => pick("百姓学习之星页面", "a 百姓学习之星 page"),
        Kind::Reading => pick("书单页面", "a reading list"),
        Kind::Plain => pick("页面", "a page"),
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

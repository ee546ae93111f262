//! site.toml: the site's settings (SPEC §3). Unknown keys are errors with a suggestion; every key
//! but `title` and `base_url` has a default.

mod reader;
mod search;

use crate::dates;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::messages::site::Site;
use crate::{t, tr};
use chrono::{FixedOffset, NaiveDate};
use reader::Reader;
pub use search::SearchSettings;
use std::path::Path;
use toml::Value;

/// How site.toml is named in messages.
const SHOWN: &str = "site.toml";

#[derive(Debug, Clone, serde::Serialize)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// Always ends with `/`.
    pub base_url: String,
    pub language: String,
    pub theme: String,
    pub week: Week,
    pub lists: Lists,
    pub images: ImageSettings,
    pub tables: TableSettings,
    pub search: SearchSettings,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Week {
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub slogan: String,
    #[serde(skip)]
    pub utc_offset: FixedOffset,
    #[serde(rename = "utc_offset")]
    pub utc_offset_text: String,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Lists {
    pub towns: Vec<String>,
    pub categories: Vec<String>,
    pub topics: Vec<String>,
    pub audiences: Vec<String>,
}

#[derive(Debug, Clone, serde::Serialize, PartialEq, Eq, Hash)]
pub struct ImageSettings {
    pub widths: Vec<u32>,
    pub quality: u8,
    pub webp: bool,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct TableSettings {
    pub publish: bool,
}

const KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "theme",
    "week",
    "lists",
    "images",
    "tables",
    "search",
];
const WEEK_KEYS: &[&str] = &["start", "end", "slogan", "utc_offset"];
const LIST_KEYS: &[&str] = &["towns", "categories", "topics", "audiences"];
const IMAGE_KEYS: &[&str] = &["widths", "quality", "webp"];
const TABLE_KEYS: &[&str] = &["publish"];

pub(crate) fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

impl Lists {
    pub fn defaults() -> Lists {
        Lists {
            towns: strings(&[
                "湖塘镇",
                "牛塘镇",
                "洛阳镇",
                "遥观镇",
                "横林镇",
                "横山桥镇",
                "雪堰镇",
                "前黄镇",
                "礼嘉镇",
                "嘉泽镇",
                "湟里镇",
                "南夏墅街道",
                "西湖街道",
                "丁堰街道",
                "戚墅堰街道",
                "潞城街道",
                "区直单位",
            ]),
            categories: strings(&["讲座", "培训", "论坛", "展览", "阅读", "展演", "其他"]),
            topics: strings(&[
                "核心价值观教育",
                "家庭教育",
                "老年教育",
                "职业技能培训",
                "智慧助老",
                "全民阅读",
                "四个一",
            ]),
            audiences: strings(&[
                "社区居民",
                "老年人",
                "青少年",
                "学生",
                "教师",
                "农民工",
                "残疾人",
                "零就业家庭",
                "特困家庭学生",
            ]),
        }
    }
}

/// Reads and checks `ROOT/site.toml`. Problems go to `diags`; `None` when the file cannot be used.
pub fn load(root: &Path, diags: &Diagnostics) -> Option<Config> {
    let path = root.join("site.toml");
    let shown = Path::new("site.toml");
    let read = crate::files::read(
        &crate::files::real_root(root),
        &path,
        crate::files::MAX_TEXT,
    )
    .and_then(|bytes| {
        String::from_utf8(bytes).map_err(|not_utf8| {
            crate::files::Refusal::Io(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                not_utf8,
            ))
        })
    });
    let text = match read {
        Ok(text) => text.trim_start_matches('\u{feff}').replace("\r\n", "\n"),
        Err(refusal) => {
            let why = match refusal {
                crate::files::Refusal::Io(error) => error.to_string(),
                other => tr!(Site::It, why = other.describe()),
            };
            diags.push(
                Diagnostic::error(shown, t!(Site::CannotRead, why)).help(t!(Site::CannotReadHelp)),
            );
            return None;
        }
    };
    parse(&text, diags)
}

/// Parses site.toml text; exposed for tests.
pub fn parse(text: &str, diags: &Diagnostics) -> Option<Config> {
    let table = match parse_toml(text) {
        Ok(table) => table,
        Err(problem) => {
            diags.push(problem);
            return None;
        }
    };
    let errors_before = diags.counts().0;
    let reader = Reader::new(text, diags);
    reader.unknown_keys(&table, KEYS, None);
    let (title, base_url) = read_title_and_address(&reader, &table);
    let empty = toml::Table::new();
    let section = |name: &str| reader.table(&table, name).unwrap_or(&empty);
    let config = Config {
        title: title.unwrap_or_default(),
        description: reader
            .string(&table, "description", None)
            .unwrap_or_default(),
        base_url: base_url.unwrap_or_default(),
        language: reader
            .string(&table, "language", None)
            .unwrap_or_else(|| "zh-CN".into()),
        theme: reader
            .string(&table, "theme", None)
            .unwrap_or_else(|| "default".into()),
        week: read_week(&reader, section("week")),
        lists: read_lists(&reader, section("lists")),
        images: read_images(&reader, section("images")),
        tables: read_tables(&reader, section("tables")),
        search: search::read(&reader, section("search")),
    };
    (diags.counts().0 == errors_before).then_some(config)
}

/// The text as TOML, or its syntax error at the place the parser stopped.
fn parse_toml(text: &str) -> Result<toml::Table, Diagnostic> {
    text.parse().map_err(|e: toml::de::Error| {
        let (line, col) = e
            .span()
            .map(|s| reader::line_col(text, s.start))
            .unwrap_or((1, 1));
        Diagnostic::error(SHOWN, t!(Site::NotToml, detail = e.message().trim_end()))
            .at(text, line, col)
            .help(t!(Site::NotTomlHelp))
    })
}

/// `title` and `base_url`, the two settings without a default.
fn read_title_and_address(
    reader: &Reader,
    table: &toml::Table,
) -> (Option<String>, Option<String>) {
    let title = reader.string(table, "title", None);
    if title.is_none() {
        reader.push_at(
            "title",
            None,
            Diagnostic::error(SHOWN, t!(Site::NoTitle)).help(t!(Site::NoTitleHelp)),
        );
    }
    let base_url = reader.string(table, "base_url", None);
    if base_url.is_none() {
        reader.push_at(
            "base_url",
            None,
            Diagnostic::error(SHOWN, t!(Site::NoBaseUrl)).help(t!(Site::NoBaseUrlHelp)),
        );
    }
    let base_url = base_url.map(|u| normalize_base_url(&u));
    if let Some(url) = &base_url {
        if let Err(problem) = check_base_url(url) {
            reader.push_at(
                "base_url",
                None,
                Diagnostic::error(SHOWN, t!(Site::BadBaseUrl, problem)).help(base_url_help()),
            );
        }
    }
    (title, base_url)
}

fn read_week(reader: &Reader, week_t: &toml::Table) -> Week {
    reader.unknown_keys(week_t, WEEK_KEYS, Some("week"));
    let start = reader.date(week_t, "start", "week");
    let end = reader.date(week_t, "end", "week");
    if let (Some(start), Some(end)) = (start, end) {
        if end < start {
            reader.push_at(
                "end",
                Some("week"),
                Diagnostic::error(SHOWN, t!(Site::WeekEndBeforeStart, end, start)),
            );
        }
    }
    let offset_text = reader
        .string(week_t, "utc_offset", Some("week"))
        .unwrap_or_else(|| "+08:00".into());
    let utc_offset = match dates::parse_offset(&offset_text) {
        Some(offset) => offset,
        None => {
            reader.push_at(
                "utc_offset",
                Some("week"),
                Diagnostic::error(SHOWN, t!(Site::BadOffset, offset = &offset_text))
                    .help(t!(Site::BadOffsetHelp)),
            );
            dates::china_offset()
        }
    };
    Week {
        start,
        end,
        slogan: reader
            .string(week_t, "slogan", Some("week"))
            .unwrap_or_default(),
        utc_offset,
        utc_offset_text: offset_text,
    }
}

fn read_lists(reader: &Reader, lists_t: &toml::Table) -> Lists {
    reader.unknown_keys(lists_t, LIST_KEYS, Some("lists"));
    let defaults = Lists::defaults();
    Lists {
        towns: reader
            .string_list(lists_t, "towns", "lists")
            .unwrap_or(defaults.towns),
        categories: reader
            .string_list(lists_t, "categories", "lists")
            .unwrap_or(defaults.categories),
        topics: reader
            .string_list(lists_t, "topics", "lists")
            .unwrap_or(defaults.topics),
        audiences: reader
            .string_list(lists_t, "audiences", "lists")
            .unwrap_or(defaults.audiences),
    }
}

fn read_images(reader: &Reader, images_t: &toml::Table) -> ImageSettings {
    reader.unknown_keys(images_t, IMAGE_KEYS, Some("images"));
    let mut widths: Vec<u32> = match images_t.get("widths") {
        None => vec![480, 960, 1600],
        Some(Value::Array(items)) => {
            let widths: Vec<u32> = items
                .iter()
                .filter_map(|v| v.as_integer())
                .filter(|w| (16..=8192).contains(w))
                .map(|w| w as u32)
                .collect();
            if widths.len() != items.len() || widths.is_empty() {
                reader.type_error("widths", Some("images"), &tr!(Site::ExpectWidths));
            }
            widths
        }
        Some(_) => {
            reader.type_error("widths", Some("images"), &tr!(Site::ExpectWidthList));
            vec![480, 960, 1600]
        }
    };
    widths.sort_unstable();
    widths.dedup();
    let quality = match images_t.get("quality") {
        None => 80,
        Some(Value::Integer(quality)) if (1..=100).contains(quality) => *quality as u8,
        Some(_) => {
            reader.type_error("quality", Some("images"), &tr!(Site::ExpectQuality));
            80
        }
    };
    ImageSettings {
        widths,
        quality,
        webp: reader.boolean(images_t, "webp", "images").unwrap_or(true),
    }
}

fn read_tables(reader: &Reader, tables_t: &toml::Table) -> TableSettings {
    reader.unknown_keys(tables_t, TABLE_KEYS, Some("tables"));
    TableSettings {
        publish: reader
            .boolean(tables_t, "publish", "tables")
            .unwrap_or(true),
    }
}

impl Config {
    /// The path part of base_url, e.g. `/xuexizhou/2022/`; every link of the site starts with it.
    pub fn base_path(&self) -> String {
        base_path_of(&self.base_url)
    }
}

pub fn base_path_of(base_url: &str) -> String {
    let after_scheme = base_url.split_once("://").map(|x| x.1).unwrap_or(base_url);
    match after_scheme.find('/') {
        Some(slash) => after_scheme[slash..].to_string(),
        None => "/".to_string(),
    }
}

/// How to write base_url, for site.toml and `--base-url` alike.
pub fn base_url_help() -> String {
    tr!(Site::BaseUrlHelp)
}

/// The one test of a base_url, for site.toml and `--base-url` alike: `Err` says what is wrong
/// (after "base_url").
pub fn check_base_url(url: &str) -> Result<(), String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| tr!(Site::UrlNotWeb, url))?;
    let host = rest.split('/').next().unwrap_or("");
    if host.is_empty() {
        return Err(tr!(Site::UrlNoHost, url));
    }
    if let Some(bad) = url.chars().find(|c| c.is_whitespace() || c.is_control()) {
        return Err(tr!(Site::UrlSpace, url, bad = format!("{bad:?}")));
    }
    // Every address of the site is base_url followed by a path: a query or fragment would come
    // before it, and these characters are not allowed in a web address at all.
    if let Some(c) = url.chars().find(|c| "\"<>\\^`{|}?#".contains(*c)) {
        return Err(tr!(Site::UrlBadChar, url, c));
    }
    Ok(())
}

pub fn normalize_base_url(url: &str) -> String {
    let url = url.trim();
    if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    }
}

#[cfg(test)]
mod tests {
    use super::reader::line_col;
    use super::*;

    #[test]
    fn a_position_inside_a_character_is_not_a_panic() {
        assert_eq!(line_col("a\n中文", 3), (2, 1));
        assert_eq!(line_col("a\n中文", 5), (2, 2));
        assert_eq!(line_col("中", 99), (1, 2));
    }

    fn ok(text: &str) -> Config {
        let d = Diagnostics::new();
        let c = parse(text, &d);
        assert!(!d.has_errors(), "{}", d.report());
        c.unwrap()
    }

    #[test]
    fn defaults_all_but_title_and_base_url() {
        let c = ok("title = \"t\"\nbase_url = \"https://example.org/a/b\"\n");
        assert_eq!(c.base_url, "https://example.org/a/b/");
        assert_eq!(c.base_path(), "/a/b/");
        assert_eq!(c.images.widths, vec![480, 960, 1600]);
        assert!(c.tables.publish);
        assert_eq!(c.lists.towns.len(), 17);
    }

    #[test]
    fn unknown_key_suggests_the_nearest() {
        let d = Diagnostics::new();
        let c = parse(
            "title = \"t\"\nbase_url = \"https://e.org/\"\n[images]\nwidth = [1]\n",
            &d,
        );
        assert!(c.is_none());
        let r = d.report();
        assert!(
            r.contains(
                "site.toml:4:1: 错误[XZ-E208]: site.toml 没有“width”这项设置（在 [images] 里）"
            ),
            "{r}"
        );
        assert!(r.contains("是不是想写“widths”"), "{r}");
    }

    #[test]
    fn unknown_section_points_at_its_header() {
        let d = Diagnostics::new();
        assert!(parse(
            "title = \"t\"\nbase_url = \"https://e.org/\"\n\n[image]\nwidths = [480]\n",
            &d
        )
        .is_none());
        let r = d.report();
        assert!(
            r.contains("site.toml:4:1: 错误[XZ-E208]: site.toml 没有“image”这项设置"),
            "{r}"
        );
        assert!(r.contains(" 4 | [image]"), "{r}");
        assert!(r.contains("是不是想写“images”"), "{r}");
    }

    #[test]
    fn problems_point_at_the_value_the_parser_saw() {
        // `quality` and `webp` appear first in the title, a comment and another section.
        let d = Diagnostics::new();
        let text = "title = \"quality = 1, webp = 2\"\nbase_url = \"https://e.org/\"\n# quality = 500\n[tables]\npublish = true\n[images]\nwebp =   \"maybe\"\nquality = 500\n";
        assert!(parse(text, &d).is_none());
        let r = d.report();
        assert!(
            r.contains("site.toml:7:10: 错误[XZ-E210]: `webp` 只能写 true 或 false"),
            "{r}"
        );
        assert!(
            r.contains("site.toml:8:11: 错误[XZ-E209]: `quality` 应当是"),
            "{r}"
        );
        let d = Diagnostics::new();
        let text = "title = \"utc_offset\"\nbase_url = \"https://e.org/\"\n[week]\nslogan = \"end = 2022\"\nstart = 2022-12-05\nend = 2022-12-01\nutc_offset = \"+8h\"\n";
        assert!(parse(text, &d).is_none());
        let r = d.report();
        assert!(
            r.contains("site.toml:6:7: 错误[XZ-E206]: [week] 的结束日期"),
            "{r}"
        );
        assert!(
            r.contains("site.toml:7:14: 错误[XZ-E207]: utc_offset"),
            "{r}"
        );
        // A dotted key and an inline table have their spots too.
        let d = Diagnostics::new();
        let text = "title = \"t\"\nbase_url = \"https://e.org/\"\ntables.publish = \"maybe\"\nimages = { quality = 0 }\n";
        assert!(parse(text, &d).is_none());
        let r = d.report();
        assert!(
            r.contains("site.toml:3:18: 错误[XZ-E210]: `publish`"),
            "{r}"
        );
        assert!(
            r.contains("site.toml:4:22: 错误[XZ-E209]: `quality`"),
            "{r}"
        );
    }

    #[test]
    fn base_urls_are_checked_one_way() {
        assert!(check_base_url("https://example.org/a/").is_ok());
        assert!(check_base_url("http://127.0.0.1:8000/").is_ok());
        for bad in [
            "not-a-url",
            "https://",
            "https:///x",
            "ftp://e.org/",
            "https://e .org/",
            "https://exa\"mple.org/",
            "https://e.org/<b>/",
            "https://e.org/?q=1",
            "https://e.org/#top",
            "https://e.org\\x/",
        ] {
            assert!(check_base_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn switches_read_yes_and_no_as_staff_write_them() {
        let c = ok("title = \"t\"\nbase_url = \"https://e.org/\"\n[tables]\npublish = \"否\"\n");
        assert!(!c.tables.publish);
        let d = Diagnostics::new();
        let bad = "title = \"t\"\nbase_url = \"https://e.org/\"\n[images]\nwebp = \"maybe\"\n";
        let _ = parse(bad, &d);
        assert!(d.has_errors());
        assert!(d.report().contains("是/否"), "{}", d.report());
    }

    #[test]
    fn missing_title_is_an_error() {
        let d = Diagnostics::new();
        assert!(parse("base_url = \"https://e.org/\"\n", &d).is_none());
        assert!(d.report().contains("没有写 title（网站名称）"));
    }
}

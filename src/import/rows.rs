//! A sheet's data rows become events: every cell read by its form (`forms`), every value checked
//! against site.toml's lists, each problem at its cell.

use super::columns::{column, Header, Key};
use super::forms;
use super::grid::{Merge, Place, Sheet, Value};
use super::when::{self, Blame, Year};
use crate::config::Lists;
use crate::dates::LocalTime;
use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::page::Format;

/// An event as a row gives it: what its page will say.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub title: String,
    pub start: LocalTime,
    pub end: Option<LocalTime>,
    pub town: String,
    pub organizer: String,
    pub category: String,
    pub venue: Option<String>,
    pub format: Format,
    pub online_url: Option<String>,
    pub topics: Vec<String>,
    pub audience: Vec<String>,
    pub free: Option<bool>,
    pub capacity: Option<u64>,
    pub contact: Option<String>,
    pub intro: String,
}

/// A row read: where it is (its first cell) and its event.
#[derive(Debug, Clone)]
pub struct Row {
    pub place: Place,
    pub event: Imported,
}

/// What every row is checked against.
pub struct Settings<'a> {
    pub lists: &'a Lists,
    pub year: Year,
    /// `--town` and `--category`: the value of a row whose column is missing or cell empty.
    pub town: Option<String>,
    pub category: Option<String>,
}

/// Reads every data row under the header; problems of every row, not only the first.
pub fn read_rows(
    sheet: &Sheet,
    header: &Header,
    place: &Place,
    settings: &Settings,
) -> (Vec<Row>, Vec<Diagnostic>) {
    let mut problems = merged_problems(sheet, header, place);
    let covered: Vec<&Merge> = sheet
        .merged
        .iter()
        .filter(|m| m.last_row > header.row)
        .collect();
    let mut rows = Vec::new();
    for row in header.row + 1..sheet.rows.len() {
        let filled = header
            .columns
            .iter()
            .any(|(col, key)| *key != Key::Number && !sheet.cell(row, *col).is_empty());
        if !filled {
            continue;
        }
        let mut reader = RowReader {
            sheet,
            header,
            place,
            row,
            covered: &covered,
            problems: Vec::new(),
        };
        let event = reader.event(settings);
        problems.append(&mut reader.problems);
        if let Some(event) = event {
            let title_col = header.col(Key::Title).unwrap_or(0);
            rows.push(Row {
                place: place.at(row, title_col),
                event,
            });
        }
    }
    (rows, problems)
}

/// A merged range over data rows hides every value but its first: each row must say its own.
fn merged_problems(sheet: &Sheet, header: &Header, place: &Place) -> Vec<Diagnostic> {
    sheet
        .merged
        .iter()
        .filter(|merge| merge.last_row > header.row)
        .map(|merge| {
            let first = super::grid::cell_name(merge.first_row, merge.first_col);
            let last = super::grid::cell_name(merge.last_row, merge.last_col);
            Diagnostic::error(
                place.at(merge.first_row, merge.first_col).to_string(),
                format!("{first}:{last} 是合并单元格，合并后只有第一格有内容，其余各行读不到"),
            )
            .help("选中它，点“合并后居中”取消合并，再在每一行填上各自的内容")
        })
        .collect()
}

struct RowReader<'a> {
    sheet: &'a Sheet,
    header: &'a Header,
    place: &'a Place,
    row: usize,
    covered: &'a [&'a Merge],
    problems: Vec<Diagnostic>,
}

impl RowReader<'_> {
    fn cell(&self, key: Key) -> &Value {
        match self.header.col(key) {
            Some(col) => self.sheet.cell(self.row, col),
            None => &Value::Empty,
        }
    }

    /// The place of a column's cell in this row (the row's first cell if the column is missing).
    fn at(&self, key: Key) -> String {
        let col = self.header.col(key).unwrap_or(0);
        self.place.at(self.row, col).to_string()
    }

    fn problem(&mut self, key: Key, message: String, help: String) {
        let problem = Diagnostic::error(self.at(key), message).help(help);
        self.problems.push(problem);
    }

    /// A text cell; a formula's error value is a problem, not text.
    fn text(&mut self, key: Key) -> String {
        if let Value::Error(error) = self.cell(key) {
            let message = format!("“{}”是公式的错误值 {error}", column(key).header);
            self.problem(key, message, "改正公式，或直接填上内容".into());
            return String::new();
        }
        forms::text_of(self.cell(key))
    }

    /// A required cell: empty is a problem, unless a merged range covers it (said once).
    fn required(&mut self, key: Key) -> Option<String> {
        let text = self.text(key);
        if !text.is_empty() {
            return Some(text);
        }
        let col = self.header.col(key).unwrap_or(0);
        let merged = self.covered.iter().any(|m| {
            (m.first_row..=m.last_row).contains(&self.row)
                && (m.first_col..=m.last_col).contains(&col)
        });
        if !merged && self.header.col(key).is_some() {
            let c = column(key);
            self.problem(
                key,
                format!("“{}”没有填", c.header),
                format!("这一列必填：{}，例如 {}", c.how, c.example),
            );
        }
        None
    }

    /// A value from one of site.toml's lists.
    fn term(&mut self, key: Key, value: &str, allowed: &[String], what: &str) -> bool {
        if allowed.iter().any(|a| a == value) {
            return true;
        }
        let near = did_you_mean(value, allowed)
            .map(|near| format!("您是不是要找“{near}”？"))
            .unwrap_or_default();
        self.problem(
            key,
            format!("“{value}”不是 site.toml 中的{what}"),
            format!(
                "{near}可填：{}（要加新的，先在 site.toml 的 [lists] 里加上）",
                allowed.join("、")
            ),
        );
        false
    }

    fn one_term(
        &mut self,
        key: Key,
        default: Option<&String>,
        allowed: &[String],
        what: &str,
    ) -> Option<String> {
        let value = match (self.text(key), default) {
            (text, Some(default)) if text.is_empty() => default.clone(),
            _ => self.required(key)?,
        };
        self.term(key, &value, allowed, what).then_some(value)
    }

    fn terms(&mut self, key: Key, allowed: &[String], what: &str) -> Vec<String> {
        let items = forms::list(self.cell(key));
        items
            .into_iter()
            .filter(|item| self.term(key, item, allowed, what))
            .collect()
    }

    fn event(&mut self, settings: &Settings) -> Option<Imported> {
        let lists = settings.lists;
        let title = self.required(Key::Title);
        let organizer = self.required(Key::Organizer);
        let when = self.when(settings.year);
        let town = self.one_term(
            Key::Town,
            settings.town.as_ref(),
            &lists.towns,
            "镇（街道）",
        );
        let category = self.one_term(
            Key::Category,
            settings.category.as_ref(),
            &lists.categories,
            "活动类别",
        );
        let topics = self.terms(Key::Topics, &lists.topics, "活动主题");
        let audience = self.terms(Key::Audience, &lists.audiences, "面向对象");
        let place = self.place_and_format();
        let free = self.free();
        let capacity = match forms::people(self.cell(Key::Capacity)) {
            Ok(n) => n,
            Err(reason) => {
                self.problem(Key::Capacity, reason, "计划名额只写人数，例如 40".into());
                None
            }
        };
        let contact = Some(self.text(Key::Contact)).filter(|c| !c.is_empty());
        let intro = self.text(Key::Intro);
        let (start, end) = when?;
        let (format, venue, online_url) = place?;
        Some(Imported {
            title: title?,
            start,
            end,
            town: town?,
            organizer: organizer?,
            category: category?,
            venue,
            format,
            online_url,
            topics,
            audience,
            free,
            capacity,
            contact,
            intro,
        })
    }

    fn free(&mut self) -> Option<bool> {
        match forms::yes_no(self.cell(Key::Free)) {
            Ok(free) => free,
            Err(reason) => {
                self.problem(
                    Key::Free,
                    reason,
                    "是否免费只填 是 或 否；还不知道就空着".into(),
                );
                None
            }
        }
    }

    /// The start and end from 日期 and 时间.
    fn when(&mut self, year: Year) -> Option<(LocalTime, Option<LocalTime>)> {
        let date_cell = self.cell(Key::Date).clone();
        let time_cell = self.cell(Key::Time).clone();
        let dates = if date_cell.is_empty() {
            self.required(Key::Date);
            None
        } else {
            when::dates(&date_cell, year)
                .map_err(|reason| {
                    self.problem(
                        Key::Date,
                        reason,
                        format!("日期可以写 {}", when::DATE_FORMS),
                    )
                })
                .ok()
        };
        let times = if time_cell.is_empty() {
            self.required(Key::Time);
            None
        } else {
            when::times(&time_cell)
                .map_err(|reason| {
                    self.problem(
                        Key::Time,
                        reason,
                        format!("时间可以写 {}", when::TIME_FORMS),
                    )
                })
                .ok()
        };
        match when::start_end(dates?, times?, year) {
            Ok(when) => Some(when),
            Err((blame, reason)) => {
                let key = if blame == Blame::Date {
                    Key::Date
                } else {
                    Key::Time
                };
                let help = "核对时间；跨过午夜的活动，日期写 12月2日—12月3日，时间写 12月2日 23:30—12月3日 01:00";
                self.problem(key, reason, help.into());
                None
            }
        }
    }

    /// 活动形式, 地点 and 线上网址 together: an online event needs its address, others a venue.
    fn place_and_format(&mut self) -> Option<(Format, Option<String>, Option<String>)> {
        let written = match forms::format(self.cell(Key::Format)) {
            Ok(format) => format,
            Err(reason) => {
                self.problem(
                    Key::Format,
                    reason,
                    "活动形式填 线下、线上 或 线上线下结合".into(),
                );
                return None;
            }
        };
        let place_text = self.text(Key::Place);
        let (venue, url_in_place) = forms::place(&place_text);
        let url_cell = self.text(Key::OnlineUrl);
        let (url, url_key) = match (url_cell.is_empty(), url_in_place) {
            (false, _) => (Some(url_cell), Key::OnlineUrl),
            (true, found) => (found, Key::Place),
        };
        let format = written.unwrap_or(match (&venue, &url) {
            (Some(_), Some(_)) => Format::Hybrid,
            (None, Some(_)) => Format::Online,
            _ => Format::Offline,
        });
        let mut fine = true;
        if let Some(url) = &url {
            let web = (url.starts_with("https://") || url.starts_with("http://"))
                && !url.contains(char::is_whitespace);
            if !web {
                self.problem(
                    url_key,
                    format!("“{url}”不是网址"),
                    "网址以 https:// 或 http:// 开头，中间没有空格".into(),
                );
                fine = false;
            }
        }
        if format != Format::Offline && url.is_none() {
            let key = if self.header.col(Key::OnlineUrl).is_some() {
                Key::OnlineUrl
            } else {
                Key::Format
            };
            self.problem(
                key,
                format!("{}活动没有写线上参加的网址", format.zh()),
                "在“线上网址”列填上网址（以 https:// 开头）".into(),
            );
            fine = false;
        }
        if format != Format::Online && venue.is_none() {
            self.required(Key::Place);
            fine = false;
        }
        fine.then_some((format, venue, url))
    }
}

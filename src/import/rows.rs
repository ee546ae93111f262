//! A sheet's data rows become events: every cell read by its form (`forms`), every value checked
//! against site.toml's lists, each problem at its cell.

use super::columns::{column, Header, Key};
use super::forms;
use super::grid::{Merge, Place, Sheet, Value};
use super::when::{self, Blame, Year};
use crate::config::Lists;
use crate::dates::LocalTime;
use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::messages::import::Import;
use crate::messages::{pick, Said};
use crate::page::Format;
use crate::{t, tr};

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
                t!(Import::MergedCells, first, last),
            )
            .help(t!(Import::MergedCellsHelp))
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

    fn problem(&mut self, key: Key, message: Said, help: Said) {
        let problem = Diagnostic::error(self.at(key), message).help(help);
        self.problems.push(problem);
    }

    /// A text cell; a formula's error value is a problem, not text.
    fn text(&mut self, key: Key) -> String {
        if let Value::Error(error) = self.cell(key) {
            let message = t!(Import::FormulaError, header = column(key).header, error);
            self.problem(key, message, t!(Import::FormulaErrorHelp));
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
                t!(Import::Missing, header = c.header),
                t!(Import::MissingHelp, how = c.how, example = c.example),
            );
        }
        None
    }

    /// A value from one of site.toml's lists.
    fn term(&mut self, key: Key, value: &str, allowed: &[String], what: Import) -> bool {
        if allowed.iter().any(|a| a == value) {
            return true;
        }
        let near = did_you_mean(value, allowed)
            .map(|near| tr!(Import::DidYouMeanFind, near))
            .unwrap_or_default();
        self.problem(
            key,
            t!(Import::NotInList, value, what = tr!(what)),
            t!(
                Import::NotInListHelp,
                near,
                allowed = allowed.join(pick("、", ", "))
            ),
        );
        false
    }

    fn one_term(
        &mut self,
        key: Key,
        default: Option<&String>,
        allowed: &[String],
        what: Import,
    ) -> Option<String> {
        let value = match (self.text(key), default) {
            (text, Some(default)) if text.is_empty() => default.clone(),
            _ => self.required(key)?,
        };
        self.term(key, &value, allowed, what).then_some(value)
    }

    fn terms(&mut self, key: Key, allowed: &[String], what: Import) -> Vec<String> {
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
            Import::Towns,
        );
        let category = self.one_term(
            Key::Category,
            settings.category.as_ref(),
            &lists.categories,
            Import::Categories,
        );
        let topics = self.terms(Key::Topics, &lists.topics, Import::Topics);
        let audience = self.terms(Key::Audience, &lists.audiences, Import::Audiences);
        let place = self.place_and_format();
        let free = self.free();
        let capacity = match forms::people(self.cell(Key::Capacity)) {
            Ok(n) => n,
            Err(reason) => {
                let reason = t!(Import::BadCapacity, reason);
                self.problem(Key::Capacity, reason, t!(Import::BadCapacityHelp));
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
                    t!(Import::BadFree, reason),
                    t!(Import::BadFreeHelp),
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
                        t!(Import::BadDate, reason),
                        t!(Import::BadDateHelp, forms = tr!(Import::DateForms)),
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
                        t!(Import::BadTime, reason),
                        t!(Import::BadTimeHelp, forms = tr!(Import::TimeForms)),
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
                let help = t!(Import::BadStartEndHelp);
                self.problem(key, t!(Import::BadStartEnd, reason), help);
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
                    t!(Import::BadFormat, reason),
                    t!(Import::BadFormatHelp),
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
                self.problem(url_key, t!(Import::NotAUrl, url), t!(Import::NotAUrlHelp));
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
                t!(Import::NoOnlineUrl, format = format_name(format)),
                t!(Import::NoOnlineUrlHelp),
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

/// The event's format as the message names it: the sheet's word in Chinese.
fn format_name(format: Format) -> &'static str {
    match format {
        Format::Offline => pick(format.zh(), "in person"),
        Format::Online => pick(format.zh(), "online"),
        Format::Hybrid => pick(format.zh(), "online and in person"),
    }
}

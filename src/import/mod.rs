//! `xuezhou import FILE…`: the 附件1 sheets towns send back become event pages.
//!
//! The data flows one way, a module a step:
//! - `sheet` (.xlsx/.xls through calamine) and `csv_file` (CSV in UTF-8, GBK or UTF-16) read a
//!   file into a `grid::Book` of typed cells;
//! - `columns` finds the header row and which column is which;
//! - `rows` reads each data row into an event, every cell by its form (`forms`; 日期 and 时间
//!   by `when`), checked
//!   against site.toml's lists;
//! - `pages` reads the event pages already in the site; `plan` (here) decides for each row:
//!   a new page, an update, unchanged, or kept because it was edited by hand;
//! - `write` makes a page's text; `report` says it all in Chinese.
//!
//! Every problem of every file is found before anything is written: with one error, nothing is.

mod columns;
mod csv_file;
mod forms;
mod grid;
mod pages;
mod report;
mod rows;
mod sheet;
mod when;
mod write;

pub use columns::{Column, Key, COLUMNS};
pub use when::{DATE_FORMS, TIME_FORMS};

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::messages::import::Import;
use crate::messages::{pick, Said};
use crate::{t, tr};
use grid::{Book, Place};
use rows::{Row, Settings};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub struct Options {
    pub root: PathBuf,
    pub files: Vec<PathBuf>,
    pub dry_run: bool,
    /// Overwrite pages edited by hand since their import.
    pub force: bool,
    /// The town and category of rows whose column is missing or cell empty.
    pub town: Option<String>,
    pub category: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    New,
    Update,
    Unchanged,
    /// Edited by hand since its import and changed in the sheet: not overwritten.
    Kept,
}

/// What one row does to the site.
#[derive(Debug, Clone)]
pub struct Planned {
    pub action: Action,
    pub rel: PathBuf,
    pub text: String,
    pub row: String,
    pub title: String,
}

/// Largest file read: a sheet of a district's events is well under a megabyte.
const MAX_FILE: u64 = 50 << 20;

/// Runs the command; the exit status.
pub fn run(options: &Options) -> u8 {
    let (planned, problems) = plan(options);
    let errors = problems.iter().filter(|d| d.is_error()).count();
    eprint!("{}", report::problems(&problems));
    if errors > 0 {
        eprintln!("{}", tr!(Import::NothingWritten));
        return 1;
    }
    if options.dry_run {
        eprint!("{}", report::actions(&planned, true));
        return 0;
    }
    for page in planned
        .iter()
        .filter(|p| matches!(p.action, Action::New | Action::Update))
    {
        if let Err(e) = write_page(&options.root, &page.rel, &page.text) {
            let said = t!(Import::CannotWritePage, error = e);
            let kind = format!("{}[{}]", pick("错误", "error"), said.code.unwrap_or(""));
            let place = page.rel.display();
            eprintln!("{}", tr!(Import::Line, place, kind, message = said));
            return 1;
        }
    }
    eprint!("{}", report::actions(&planned, false));
    0
}

fn write_page(root: &Path, rel: &Path, text: &str) -> std::io::Result<()> {
    let path = root.join(rel);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    // Written beside and renamed over, so a page is never left half-written.
    let temp = path.with_extension("md.xuezhou-import");
    std::fs::write(&temp, text)?;
    std::fs::rename(&temp, &path)
}

/// Every row of every file, and every problem; nothing is written.
pub fn plan(options: &Options) -> (Vec<Planned>, Vec<Diagnostic>) {
    let Some(config) = load_config(&options.root) else {
        return (Vec::new(), vec![not_a_site(&options.root)]);
    };
    let settings = Settings {
        lists: &config.lists,
        year: when::Year {
            week_start: config.week.start,
        },
        town: options.town.clone(),
        category: options.category.clone(),
    };
    let mut problems = check_defaults(&settings);
    let mut rows: Vec<(String, Row)> = Vec::new();
    for file in &options.files {
        match read_book(file) {
            Ok(book) => {
                let from = file
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let (found, mut found_problems) = book_rows(&book, &settings);
                rows.extend(found.into_iter().map(|row| (from.clone(), row)));
                problems.append(&mut found_problems);
            }
            Err(problem) => problems.push(problem),
        }
    }
    problems.extend(duplicates(&rows));
    let existing = pages::existing(&options.root);
    let (planned, mut plan_problems) = decide(&rows, &existing, options, &config);
    problems.append(&mut plan_problems);
    problems.extend(gone(&rows, &existing));
    (planned, problems)
}

fn load_config(root: &Path) -> Option<Config> {
    if !root.join("site.toml").is_file() {
        return None;
    }
    let diags = Diagnostics::new();
    let config = crate::config::load(root, &diags);
    if diags.has_errors() {
        // site.toml's own problems, in the build's words, before anything else.
        eprint!("{}", diags.report());
        return None;
    }
    config
}

fn not_a_site(root: &Path) -> Diagnostic {
    Diagnostic::error(root.join("site.toml"), t!(Import::NoSite)).help(t!(Import::NoSiteHelp))
}

/// `--town` and `--category` must be values of site.toml's lists too.
fn check_defaults(settings: &Settings) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let pairs = [
        (
            &settings.town,
            &settings.lists.towns,
            "--town",
            Import::Towns,
        ),
        (
            &settings.category,
            &settings.lists.categories,
            "--category",
            Import::Categories,
        ),
    ];
    for (value, allowed, flag, what) in pairs {
        if let Some(value) = value.as_ref().filter(|v| !allowed.contains(v)) {
            let near = crate::diagnostics::did_you_mean(value, allowed)
                .map(|near| tr!(Import::DidYouMeanFind, near))
                .unwrap_or_default();
            let allowed = allowed.join(pick("、", ", "));
            out.push(
                Diagnostic::error(flag, t!(Import::NotInList, value, what = tr!(what))).help(t!(
                    Import::NotInListFlagHelp,
                    near,
                    allowed
                )),
            );
        }
    }
    out
}

/// A file the user named, read by its kind.
fn read_book(path: &Path) -> Result<Book, Diagnostic> {
    let shown = path.display().to_string();
    let problem = |message: Said, help: Said| Diagnostic::error(&shown, message).help(help);
    let unreadable =
        |reason: String| problem(t!(Import::CannotReadBook, reason), t!(Import::SaveAsXlsx));
    let size = std::fs::metadata(path)
        .map_err(|_| problem(t!(Import::FileNotFound), t!(Import::FileNotFoundHelp)))?
        .len();
    if size > MAX_FILE {
        return Err(problem(
            t!(Import::FileTooBig, mb = size >> 20),
            t!(Import::FileTooBigHelp),
        ));
    }
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "xlsx" | "xlsm" | "xls" => sheet::read(path, &shown).map_err(unreadable),
        "csv" | "txt" => {
            let bytes = std::fs::read(path).map_err(|error| {
                problem(
                    t!(Import::CannotReadFile, error),
                    t!(Import::CannotReadFileHelp),
                )
            })?;
            let (sheet, _) = csv_file::read(&bytes).map_err(unreadable)?;
            Ok(Book {
                file: shown.clone(),
                sheets: vec![sheet],
            })
        }
        _ => Err(problem(t!(Import::WrongKind), t!(Import::SaveAsXlsx))),
    }
}

/// Every data row of a workbook: its visible sheets with a 附件1 header; a hidden sheet with
/// rows is a problem (its rows would be imported unseen, or dropped unseen).
fn book_rows(book: &Book, settings: &Settings) -> (Vec<Row>, Vec<Diagnostic>) {
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    let defaults: Vec<Key> = [
        (Key::Town, &settings.town),
        (Key::Category, &settings.category),
    ]
    .into_iter()
    .filter(|(_, value)| value.is_some())
    .map(|(key, _)| key)
    .collect();
    let mut headers = 0;
    for sheet in &book.sheets {
        let place = Place {
            file: book.file.clone(),
            sheet: sheet.name.clone(),
            cell: None,
        };
        let Some(header_row) = columns::find_header(sheet) else {
            continue;
        };
        let first_data = (header_row + 1..sheet.rows.len())
            .find(|&r| sheet.rows[r].iter().any(|v| !v.is_empty()));
        if sheet.hidden {
            if let Some(row) = first_data {
                problems.push(report::hidden_sheet(
                    &place.at(row, 0),
                    sheet.name.as_deref().unwrap_or(""),
                ));
            }
            continue;
        }
        headers += 1;
        let (header, mut header_problems) =
            columns::read_header(sheet, header_row, &place, &defaults);
        problems.append(&mut header_problems);
        let (mut found, mut row_problems) = rows::read_rows(sheet, &header, &place, settings);
        if found.is_empty() && row_problems.is_empty() {
            problems.push(report::empty_sheet(&place));
        }
        rows.append(&mut found);
        problems.append(&mut row_problems);
    }
    if headers == 0 && problems.is_empty() {
        problems.push(report::no_header(&book.file));
    }
    (rows, problems)
}

/// Two rows of the same event (same 主办单位, 活动名称 and first day), in one file or two.
fn duplicates(rows: &[(String, Row)]) -> Vec<Diagnostic> {
    let mut first: HashMap<String, &Row> = HashMap::new();
    let mut out = Vec::new();
    for (_, row) in rows {
        let key = write::identity(&row.event.organizer, &row.event.title, row.event.start.date);
        match first.get(&key) {
            Some(earlier) => out.push(report::duplicate(row, earlier)),
            None => {
                first.insert(key, row);
            }
        }
    }
    out
}

/// For each row: its page, new or existing, and what to do with it.
fn decide(
    rows: &[(String, Row)],
    existing: &[pages::Existing],
    options: &Options,
    config: &Config,
) -> (Vec<Planned>, Vec<Diagnostic>) {
    let mut planned: Vec<Planned> = Vec::new();
    let mut problems = Vec::new();
    for (from, row) in rows {
        let key = write::identity(&row.event.organizer, &row.event.title, row.event.start.date);
        let text = write::page_text(&row.event, from);
        let found = existing
            .iter()
            .find(|page| page.key.as_deref() == Some(key.as_str()));
        let (action, rel) = match found {
            Some(page) if !page.imported => {
                problems.push(report::hand_written(row, &page.rel));
                continue;
            }
            Some(page) => (
                update_action(page, &text, row, from, options, &mut problems),
                page.rel.clone(),
            ),
            None => {
                let slug = write::slug_for(&row.event.title, |slug| {
                    pages::slug_taken(existing, slug)
                        || options.root.join("content/events").join(slug).exists()
                        || planned
                            .iter()
                            .any(|p| p.rel.iter().nth(2).is_some_and(|s| s == slug))
                });
                (
                    Action::New,
                    PathBuf::from("content/events").join(slug).join("index.md"),
                )
            }
        };
        if matches!(action, Action::New | Action::Update) {
            problems.extend(check_page(&rel, &text, config, row));
        }
        planned.push(Planned {
            action,
            rel,
            text,
            row: row.place.row_text(),
            title: row.event.title.clone(),
        });
    }
    (planned, problems)
}

/// An imported page met again: unchanged when the row is as it was imported (hand edits stay),
/// updated when the row changed and the page did not, kept (with a warning) when both did.
fn update_action(
    page: &pages::Existing,
    text: &str,
    row: &Row,
    from: &str,
    options: &Options,
    problems: &mut Vec<Diagnostic>,
) -> Action {
    if page.recorded.as_deref() == Some(write::fingerprint(text).as_str()) {
        return Action::Unchanged;
    }
    if page.edited && !options.force {
        problems.push(report::edited(row, &page.rel));
        return Action::Kept;
    }
    if let Some(before) = page.from.as_deref().filter(|before| *before != from) {
        problems.push(report::moved(row, &page.rel, before));
    }
    Action::Update
}

/// A generated page read as a build reads it: what a row gives must build.
fn check_page(rel: &Path, text: &str, config: &Config, row: &Row) -> Vec<Diagnostic> {
    let (_, found) = crate::load::page_file::parse_page_text(rel, text, config, false);
    found
        .into_iter()
        .filter(Diagnostic::is_error)
        .map(|d| {
            Diagnostic::error(
                row.place.to_string(),
                t!(Import::PageFails, message = d.message),
            )
            .help(match d.help {
                Some(help) => Said::from(help),
                None => t!(Import::PageFailsHelp),
            })
        })
        .collect()
}

/// Pages imported before from one of these files whose row is no longer in it.
fn gone(rows: &[(String, Row)], existing: &[pages::Existing]) -> Vec<Diagnostic> {
    let keys: Vec<String> = rows
        .iter()
        .map(|(_, row)| {
            write::identity(&row.event.organizer, &row.event.title, row.event.start.date)
        })
        .collect();
    existing
        .iter()
        .filter(|page| page.imported)
        .filter(|page| {
            page.from
                .as_ref()
                .is_some_and(|from| rows.iter().any(|(f, _)| f == from))
        })
        .filter(|page| page.key.as_ref().is_some_and(|key| !keys.contains(key)))
        .map(report::gone)
        .collect()
}

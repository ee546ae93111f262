//! The page side of the district's two tables (the tables themselves are `crate::model::tables`):
//! `/tables/`, `/tables/schedule/`, `/tables/statistics/` with their .csv and .xlsx when
//! `[tables] publish = true`; otherwise `reports` makes them for ROOT/reports/.

use super::deps;
use super::reader::{Inputs, Reader};
use super::splice::{Piece, Skeleton, SkeletonPart};
use super::{Made, Place, Site};
use crate::diagnostics::Diagnostic;
use crate::model::tables::{self, Row, Table};
use serde_json::{json, Value};
use std::sync::Arc;

#[derive(Debug, Hash)]
pub(crate) enum Job {
    Index,
    Html(usize),
    Csv(usize),
    Xlsx(usize),
}

/// The place of 附件1 among the tables: its rows are pieces (see `splice`).
pub(super) const SCHEDULE: usize = 0;

/// A row of 附件1 and the pieces its page and its CSV show.
#[derive(Clone)]
pub(crate) struct RowPieces {
    pub row: Arc<Row>,
    pub html: Arc<str>,
    pub csv: Arc<str>,
    pub version: u64,
}

/// The tables and 附件1's rows as pieces.
type Prepared = (Arc<Vec<Table>>, Vec<RowPieces>);

/// The tables, when they are published, and 附件1's rows as pieces. Each row is made once and
/// kept while its event is the same and at the same place: an edit of one title makes one row
/// again, not 10,000.
pub(super) fn prepare(inputs: &Inputs) -> Result<Prepared, Vec<Diagnostic>> {
    let site = inputs.site;
    let config = site.config;
    if !config.tables.publish {
        return Ok(Default::default());
    }
    // Which event is on which row follows from the model (in every key through the rows').
    let untracked = inputs.reader();
    let (pages, model) = (untracked.pages(), untracked.model());
    let items: Vec<(usize, usize)> = model
        .events
        .iter()
        .copied()
        .filter(|&i| pages[i].event().is_some())
        .enumerate()
        .collect();
    let id = |&(n, i): &(usize, usize)| deps::id_at("schedule row", inputs.page_path(i), n as u64);
    let links = &site.urls.base_path;
    let rows = inputs.memo_each("schedule rows", &items, id, |r, &(n, i)| {
        let page = r.page(i);
        let row = match page.event() {
            Some(e) => tables::schedule_row(n, page, e),
            None => Row {
                cells: Vec::new(),
                url: None,
            },
        };
        let html = tables::schedule_row_html(&row, links);
        let csv = tables::csv_line(&row).map_err(|e| table_error(tables::SCHEDULE_NAME, e))?;
        let csv = String::from_utf8_lossy(&csv).into_owned();
        Ok(RowPieces {
            version: deps::hash_of(&(&html, &csv)),
            row: Arc::new(row),
            html: html.into(),
            csv: csv.into(),
        })
    })?;
    let schedule = tables::schedule_of(config, rows.iter().map(|p| Arc::clone(&p.row)).collect());
    let statistics = inputs
        .memo("statistics", "", |r| {
            Ok(tables::statistics(config, r.pages(), r.model()))
        })
        .map_err(|d| vec![d])?;
    Ok((Arc::new(vec![schedule, statistics]), rows))
}

/// A table's version: 附件1's leaves out the text of its rows (each is versioned alone),
/// not their number.
pub(super) fn version(k: usize, table: &Table) -> u64 {
    if k != SCHEDULE {
        return deps::hash_of(table);
    }
    let Table {
        key,
        label,
        name,
        title,
        headers,
        groups,
        rows,
        footer,
        row_header,
        wrap,
    } = table;
    let frame = (key, label, name, title, headers, groups);
    deps::hash_of(&(frame, rows.len(), footer, row_header, wrap))
}

pub(super) fn jobs(inputs: &Inputs) -> Vec<super::Job> {
    let count = inputs.table_count();
    let mut jobs: Vec<Job> = (0..count)
        .flat_map(|k| [Job::Html(k), Job::Xlsx(k), Job::Csv(k)])
        .collect();
    if count > 0 {
        jobs.push(Job::Index);
    }
    jobs.into_iter().map(super::Job::Tables).collect()
}

pub(super) fn place(r: &Reader, job: &Job) -> Place {
    match job {
        Job::Index => Place::page("tables/".into()),
        Job::Html(k) => Place::page(format!("tables/{}/", r.table(*k).key)),
        Job::Csv(k) => Place::file(format!("tables/{}", r.table(*k).csv_name())),
        Job::Xlsx(k) => Place::file(format!("tables/{}", r.table(*k).xlsx_name())),
    }
}

/// `(label, name)`: `("附件1", "主要活动安排表")`.
fn table_error((label, name): (&str, &str), e: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::error(
        "public",
        crate::t!(
            crate::messages::render::Render::CannotMakeTable,
            label = label,
            name = name,
            error = e
        ),
    )
}

fn names(table: &Table) -> (&str, &str) {
    (table.label, table.name)
}

pub(super) fn make(r: &Reader, job: &Job) -> Result<Made, Diagnostic> {
    let site = r.site();
    match job {
        Job::Index => {
            let title = "统计表";
            let og = site.og(title, None, "tables/", None);
            let mut draft = r.draft("tables.html", "tables", og);
            let views: Vec<Value> = r
                .table_frames()
                .iter()
                .map(|table| table_view(table, site, None))
                .collect();
            draft.insert("title", title);
            draft.insert("tables", &views);
            Ok(Made::Template(draft))
        }
        Job::Html(k) => {
            let table = r.table_frame(*k);
            let rows = if *k == SCHEDULE {
                (r.schedule_rows_html(), String::new())
            } else {
                tables::rows_html(r.table(*k), &site.urls.base_path)
            };
            let address = format!("tables/{}/", table.key);
            let title = format!("{} {}", table.label, table.name);
            let og = site.og(&title, None, &address, None);
            let mut draft = r.draft("table.html", "tables", og);
            draft.insert("title", &title);
            draft.insert("t", &table_view(table, site, Some(rows)));
            Ok(Made::Template(draft))
        }
        // 附件1's rows are pieces: an edit of one title puts the file together again.
        Job::Csv(k) if *k == SCHEDULE => {
            let table = r.table_frame(*k);
            let head = tables::csv_head(table).map_err(|e| table_error(names(table), e))?;
            let mut parts = vec![SkeletonPart::Text(head)];
            let rows = (0..table.rows.len()).map(|n| Piece::RowCsv(index(n)));
            parts.extend(rows.map(SkeletonPart::Piece));
            if let Some(footer) = &table.footer {
                let line = tables::csv_line(footer).map_err(|e| table_error(names(table), e))?;
                parts.push(SkeletonPart::Text(line));
            }
            Ok(Made::Spliced(Skeleton::of(parts)))
        }
        Job::Csv(k) => {
            let table = r.table(*k);
            Ok(Made::Bytes(
                tables::csv(table).map_err(|e| table_error(names(table), e))?,
            ))
        }
        // Made after the reload signal in serve: the .xlsx of a 10,000-event schedule takes half
        // a second to compress, and no page shows it. (The .csv costs little and tests/serve.rs
        // reads it as soon as the page reloads.)
        Job::Xlsx(k) => {
            let (all, k) = (r.table_shared(*k), *k);
            let week_start = r.model().week_start;
            Ok(Made::Later(Box::new(move || {
                let table = &all[k];
                tables::xlsx(table, week_start).map_err(|e| table_error(names(table), e))
            })))
        }
    }
}

fn index(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn table_view(table: &Table, site: &Site, rows: Option<(String, String)>) -> Value {
    let urls = &site.urls;
    let mut view = tables::view(table, &urls.path("tables/"), rows);
    view["url"] = json!(urls.path(&format!("tables/{}/", table.key)));
    view
}

/// The files of ROOT/reports/ when `[tables] publish = false`: both tables as CSV and XLSX, and
/// an index.html that shows them and opens from the disk (links are relative; event names link
/// to the published site).
pub fn reports(site: &Site) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    // Not an output of the site: made by every build, nothing to record.
    let (pages, _, model) = site.untracked();
    let tables = [
        tables::schedule(site.config, pages, model),
        tables::statistics(site.config, pages, model),
    ];
    let mut files = Vec::new();
    for table in &tables {
        let csv = tables::csv(table).map_err(|e| table_error(names(table), e))?;
        files.push((table.csv_name(), csv));
        let xlsx =
            tables::xlsx(table, model.week_start).map_err(|e| table_error(names(table), e))?;
        files.push((table.xlsx_name(), xlsx));
    }
    let views: Vec<Value> = tables
        .iter()
        .map(|table| {
            tables::view(
                table,
                "",
                Some(tables::rows_html(table, &site.config.base_url)),
            )
        })
        .collect();
    let mut context = tera::Context::new();
    context.insert("site", &site.site_value());
    context.insert("tables", &views);
    let html = site.theme.render("tables_report.html", &context)?;
    files.push(("index.html".into(), html.into_bytes()));
    Ok(files)
}

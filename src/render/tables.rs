//! The page side of the district's two tables (the tables themselves are `crate::tables`):
//! `/tables/`, `/tables/schedule/`, `/tables/statistics/` with their .csv and .xlsx when
//! `[tables] publish = true`; otherwise `reports` makes them for ROOT/reports/.

use super::{Inputs, Made, Place, Site};
use crate::diagnostics::Diagnostic;
use crate::tables::{self, Table};
use serde_json::{json, Value};
use std::hash::{Hash, Hasher};

#[derive(Debug)]
pub(crate) enum Job {
    Index,
    Html(usize),
    Csv(usize),
    Xlsx(usize),
}

/// The tables, when they are published.
pub(super) fn public(site: &Site) -> Vec<Table> {
    if !site.config.tables.publish {
        return Vec::new();
    }
    vec![
        tables::schedule(site.config, site.pages, site.model),
        tables::statistics(site.config, site.pages, site.model),
    ]
}

pub(super) fn jobs(inputs: &Inputs) -> Vec<super::Job> {
    let count = inputs.tables.len();
    let mut jobs: Vec<Job> = (0..count)
        .flat_map(|k| [Job::Html(k), Job::Xlsx(k), Job::Csv(k)])
        .collect();
    if count > 0 {
        jobs.push(Job::Index);
    }
    jobs.into_iter().map(super::Job::Tables).collect()
}

pub(super) fn place(inputs: &Inputs, job: &Job) -> Place {
    match job {
        Job::Index => Place::page("tables/".into()),
        Job::Html(k) => Place::page(format!("tables/{}/", inputs.tables[*k].key)),
        Job::Csv(k) => Place::file(format!("tables/{}", inputs.tables[*k].csv_name())),
        Job::Xlsx(k) => Place::file(format!("tables/{}", inputs.tables[*k].xlsx_name())),
    }
}

fn table_error(table: &Table, e: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::error(
        "public",
        format!("cannot make {} {}: {e}", table.label, table.name),
    )
}

/// serve: the key of a file made from `table` alone (and the date the workbook is stamped with).
fn data_key(inputs: &Inputs, table: &Table, kind: &str) -> Option<u64> {
    let reuse = inputs.site.reuse?;
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    (
        reuse.generation(),
        kind,
        table,
        inputs.site.model.week_start,
    )
        .hash(&mut hasher);
    Some(hasher.finish())
}

pub(super) fn make<'a>(inputs: &'a Inputs, job: &Job) -> Result<Made<'a>, Diagnostic> {
    let site = inputs.site;
    match job {
        Job::Index => {
            let title = "统计表";
            let og = site.og(title, None, "tables/", None);
            let mut draft = inputs.draft("tables.html", "tables", og);
            let views: Vec<Value> = inputs
                .tables
                .iter()
                .map(|table| table_view(table, site, false))
                .collect();
            draft.insert("title", title);
            draft.insert("tables", &views);
            Ok(Made::Template(draft))
        }
        Job::Html(k) => {
            let table = &inputs.tables[*k];
            let address = format!("tables/{}/", table.key);
            let title = format!("{} {}", table.label, table.name);
            let og = site.og(&title, None, &address, None);
            let mut draft = inputs.draft("table.html", "tables", og);
            draft.insert("title", &title);
            draft.insert("t", &table_view(table, site, true));
            Ok(Made::Template(draft))
        }
        Job::Csv(k) => {
            let table = &inputs.tables[*k];
            Ok(Made::Data {
                key: data_key(inputs, table, "csv"),
                make: Box::new(move || tables::csv(table).map_err(|e| table_error(table, e))),
            })
        }
        Job::Xlsx(k) => {
            let table = &inputs.tables[*k];
            // Zipping the workbook is most of a serve rebuild's time on a big site.
            let week_start = site.model.week_start;
            Ok(Made::Data {
                key: data_key(inputs, table, "xlsx"),
                make: Box::new(move || {
                    tables::xlsx(table, week_start).map_err(|e| table_error(table, e))
                }),
            })
        }
    }
}

fn table_view(table: &Table, site: &Site, with_rows: bool) -> Value {
    let urls = &site.urls;
    let mut view = tables::view(table, &urls.path("tables/"), &urls.base_path, with_rows);
    view["url"] = json!(urls.path(&format!("tables/{}/", table.key)));
    view
}

/// The files of ROOT/reports/ when `[tables] publish = false`: both tables as CSV and XLSX, and
/// an index.html that shows them and opens from the disk (links are relative; event names link
/// to the published site).
pub fn reports(site: &Site) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let tables = [
        tables::schedule(site.config, site.pages, site.model),
        tables::statistics(site.config, site.pages, site.model),
    ];
    let mut files = Vec::new();
    for table in &tables {
        let csv = tables::csv(table).map_err(|e| table_error(table, e))?;
        files.push((table.csv_name(), csv));
        let xlsx = tables::xlsx(table, site.model.week_start).map_err(|e| table_error(table, e))?;
        files.push((table.xlsx_name(), xlsx));
    }
    let views: Vec<Value> = tables
        .iter()
        .map(|table| tables::view(table, "", &site.config.base_url, true))
        .collect();
    let mut context = tera::Context::new();
    context.insert("site", &site.site_value());
    context.insert("tables", &views);
    let html = site.theme.render("tables_report.html", &context)?;
    files.push(("index.html".into(), html.into_bytes()));
    Ok(files)
}

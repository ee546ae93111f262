//! The page side of the district's two tables (the tables themselves are `crate::model::tables`):
//! `/tables/`, `/tables/schedule/`, `/tables/statistics/` with their .csv and .xlsx when
//! `[tables] publish = true`; otherwise `reports` makes them for ROOT/reports/.

use super::reader::{Inputs, Reader};
use super::{Made, Place, Site};
use crate::diagnostics::Diagnostic;
use crate::model::tables::{self, Table};
use serde_json::{json, Value};
use std::sync::Arc;

#[derive(Debug, Hash)]
pub(crate) enum Job {
    Index,
    Html(usize),
    Csv(usize),
    Xlsx(usize),
}

/// The tables, when they are published.
pub(super) fn public(r: &Reader) -> Arc<Vec<Table>> {
    let config = r.site().config;
    if !config.tables.publish {
        return Arc::default();
    }
    Arc::new(vec![
        tables::schedule(config, r.pages(), r.model()),
        tables::statistics(config, r.pages(), r.model()),
    ])
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

fn table_error(table: &Table, e: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::error(
        "public",
        crate::t!(
            crate::messages::render::Render::CannotMakeTable,
            label = table.label,
            name = table.name,
            error = e
        ),
    )
}

pub(super) fn make(r: &Reader, job: &Job) -> Result<Made, Diagnostic> {
    let site = r.site();
    match job {
        Job::Index => {
            let title = "统计表";
            let og = site.og(title, None, "tables/", None);
            let mut draft = r.draft("tables.html", "tables", og);
            let views: Vec<Value> = r
                .tables()
                .iter()
                .map(|table| table_view(table, site, false))
                .collect();
            draft.insert("title", title);
            draft.insert("tables", &views);
            Ok(Made::Template(draft))
        }
        Job::Html(k) => {
            let table = r.table(*k);
            let address = format!("tables/{}/", table.key);
            let title = format!("{} {}", table.label, table.name);
            let og = site.og(&title, None, &address, None);
            let mut draft = r.draft("table.html", "tables", og);
            draft.insert("title", &title);
            draft.insert("t", &table_view(table, site, true));
            Ok(Made::Template(draft))
        }
        Job::Csv(k) => {
            let table = r.table(*k);
            Ok(Made::Bytes(
                tables::csv(table).map_err(|e| table_error(table, e))?,
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
                tables::xlsx(table, week_start).map_err(|e| table_error(table, e))
            })))
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
    // Not an output of the site: made by every build, nothing to record.
    let (pages, _, model) = site.untracked();
    let tables = [
        tables::schedule(site.config, pages, model),
        tables::statistics(site.config, pages, model),
    ];
    let mut files = Vec::new();
    for table in &tables {
        let csv = tables::csv(table).map_err(|e| table_error(table, e))?;
        files.push((table.csv_name(), csv));
        let xlsx = tables::xlsx(table, model.week_start).map_err(|e| table_error(table, e))?;
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

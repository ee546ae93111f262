//! The two tables the district office collects (SPEC §5), each as an HTML page, a CSV (UTF-8
//! with a byte-order mark, so that Excel shows the Chinese) and an XLSX:
//!
//! - 附件1 主要活动安排表 (`schedule`): a row per event, in the order of the events list.
//! - 附件2 情况统计表 (`statistics`): a row per town in site.toml's order, and a totals row.
//!
//! Both count every published event, those outside the week too (the build warns about them).
//! How dates and times read in 附件1:
//! - 日期: `12月3日 周六`; an event on several days `12月2日—12月8日`.
//! - 时间: `09:30—11:00` (or `09:30` without an end); an all-day event `全天`; a timed event
//!   that runs over several days gives both ends with their dates: `12月2日 23:30—12月3日 01:00`.

use crate::config::Config;
use crate::model::{event_text, Model};
use crate::page::{Event, Format, Page};
use rayon::prelude::*;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Arc;

mod xlsx;
pub use xlsx::{dated_workbook, xlsx};

#[derive(Debug, Clone, PartialEq, Hash)]
pub enum Cell {
    Text(String),
    Num(u64),
}

impl Cell {
    pub fn text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Num(n) => n.to_string(),
        }
    }
}

#[derive(Debug, Clone, Hash)]
pub struct Row {
    pub cells: Vec<Cell>,
    /// The site-relative address of the event page the row's header cell links to (附件1).
    pub url: Option<String>,
}

/// One of the two tables.
#[derive(Debug, Clone, Hash)]
pub struct Table {
    /// `schedule` or `statistics`: the address under /tables/ and the file names.
    pub key: &'static str,
    /// `附件1`
    pub label: &'static str,
    /// `主要活动安排表`
    pub name: &'static str,
    /// `武进区2022年全民终身学习活动周主要活动安排表`
    pub title: String,
    pub headers: Vec<String>,
    /// An upper header row: (label, number of columns). A group of one column is the column's
    /// own header spanning both rows.
    pub groups: Option<Vec<(String, usize)>>,
    /// Shared: 附件1's rows are made one by one and kept (see `render::tables`).
    pub rows: Vec<Arc<Row>>,
    /// The totals row.
    pub footer: Option<Row>,
    /// The column that names a row (`<th scope="row">`).
    pub row_header: usize,
    /// Columns of long text, wrapped in the XLSX.
    pub wrap: Vec<usize>,
}

impl Table {
    pub fn csv_name(&self) -> String {
        format!("{}.csv", self.key)
    }
    pub fn xlsx_name(&self) -> String {
        format!("{}.xlsx", self.key)
    }
    /// The name a download is saved under: `附件1 主要活动安排表.xlsx`.
    pub fn download_name(&self, ext: &str) -> String {
        format!("{} {}.{ext}", self.label, self.name)
    }
}

pub const SCHEDULE_HEADERS: [&str; 10] = [
    "序号",
    "日期",
    "时间",
    "活动名称",
    "活动形式",
    "地点",
    "主办单位",
    "面向对象",
    "是否免费",
    "联系方式",
];

fn free_text(free: Option<bool>) -> &'static str {
    match free {
        Some(true) => "是",
        Some(false) => "否",
        None => "",
    }
}

/// 附件1 主要活动安排表.
pub fn schedule(config: &Config, pages: &[Arc<Page>], model: &Model) -> Table {
    let events: Vec<_> = model
        .events
        .iter()
        .filter_map(|&i| pages[i].event().map(|e| (&pages[i], e)))
        .collect();
    // On all cores: 10,000 rows of ten cells are the slowest part of the tables.
    let rows = events
        .into_par_iter()
        .enumerate()
        .map(|(n, (page, e))| Arc::new(schedule_row(n, page, e)))
        .collect();
    schedule_of(config, rows)
}

/// Row `n` (from 0) of 附件1: event `e` of `page`.
pub fn schedule_row(n: usize, page: &Page, e: &Event) -> Row {
    let text = event_text(e);
    Row {
        cells: vec![
            Cell::Num(n as u64 + 1),
            Cell::Text(text.date),
            Cell::Text(text.time),
            Cell::Text(page.title.clone()),
            Cell::Text(e.format.zh().into()),
            Cell::Text(text.place),
            Cell::Text(e.organizer.clone()),
            Cell::Text(e.audience.join("、")),
            Cell::Text(free_text(e.free).into()),
            Cell::Text(e.contact.clone().unwrap_or_default()),
        ],
        url: Some(page.path.clone()),
    }
}

/// 附件1 with its rows made (see `schedule_row`).
pub fn schedule_of(config: &Config, rows: Vec<Arc<Row>>) -> Table {
    Table {
        key: "schedule",
        label: SCHEDULE_NAME.0,
        name: SCHEDULE_NAME.1,
        title: format!("{}{}", config.title, SCHEDULE_NAME.1),
        headers: SCHEDULE_HEADERS.iter().map(|s| s.to_string()).collect(),
        groups: None,
        rows,
        footer: None,
        row_header: SCHEDULE_ROW_HEADER,
        wrap: vec![3, 5, 6, 7, 9],
    }
}

/// 附件1's label and name.
pub const SCHEDULE_NAME: (&str, &str) = ("附件1", "主要活动安排表");

/// 附件1's naming column: the event's title.
const SCHEDULE_ROW_HEADER: usize = 3;

/// 附件2's column headers, and the upper header row that groups them.
fn statistics_headers(cats: &[String]) -> (Vec<String>, Vec<(String, usize)>) {
    let mut headers: Vec<String> = vec!["镇（街道）".into(), "活动总数".into()];
    headers.extend(cats.iter().cloned());
    headers.extend(
        [
            "线上",
            "线下",
            "线上线下结合",
            "免费场次",
            "计划名额（人）",
            "参加人数（人）",
        ]
        .map(String::from),
    );
    let mut groups: Vec<(String, usize)> = vec![("镇（街道）".into(), 1), ("活动总数".into(), 1)];
    if !cats.is_empty() {
        groups.push(("活动类别（场次）".into(), cats.len()));
    }
    groups.push(("活动形式（场次）".into(), 3));
    groups.extend(["免费场次", "计划名额（人）", "参加人数（人）"].map(|s| (s.to_string(), 1)));
    (headers, groups)
}

/// Where each name first is in `names`.
fn first_of(names: &[String]) -> HashMap<&str, usize> {
    names
        .iter()
        .enumerate()
        .rev()
        .map(|(k, name)| (name.as_str(), k))
        .collect()
}

/// What 附件2 shows for a sum too large to count (it cannot be reached while each event
/// counts at most `page::MAX_PEOPLE`).
pub const TOO_LARGE: &str = "数字过大";

fn checked_sum(sum: Option<u64>, n: u64) -> Option<u64> {
    sum.and_then(|s| s.checked_add(n))
}

/// 附件2 情况统计表: a row per town in site.toml's order, then 合计.
pub fn statistics(config: &Config, pages: &[Arc<Page>], model: &Model) -> Table {
    let cats = &config.lists.categories;
    // per town: total, per category…, online, offline, hybrid, free, capacity, participants
    let width = 1 + cats.len() + 6;
    // `None` once a sum no longer fits: shown as such, never as a wrapped-around number.
    let mut counts: Vec<Vec<Option<u64>>> = vec![vec![Some(0); width]; config.lists.towns.len()];
    let mut totals = vec![Some(0u64); width];
    // The first town and category of each name, found in a map (not a walk per event).
    let (town_at, category_at) = (first_of(&config.lists.towns), first_of(cats));
    for &i in &model.events {
        let Some(e) = pages[i].event() else { continue };
        let Some(&t) = town_at.get(e.town.as_str()) else {
            continue;
        };
        let mut add = |col: usize, n: u64| {
            counts[t][col] = checked_sum(counts[t][col], n);
            totals[col] = checked_sum(totals[col], n);
        };
        add(0, 1);
        if let Some(&c) = category_at.get(e.category.as_str()) {
            add(1 + c, 1);
        }
        let base = 1 + cats.len();
        match e.format {
            Format::Online => add(base, 1),
            Format::Offline => add(base + 1, 1),
            Format::Hybrid => add(base + 2, 1),
        }
        if e.free == Some(true) {
            add(base + 3, 1);
        }
        add(base + 4, e.capacity.unwrap_or(0));
        add(base + 5, e.participants.unwrap_or(0));
    }
    let row = |name: &str, nums: &[Option<u64>]| Row {
        cells: std::iter::once(Cell::Text(name.to_string()))
            .chain(nums.iter().map(|&n| match n {
                Some(n) => Cell::Num(n),
                None => Cell::Text(TOO_LARGE.into()),
            }))
            .collect(),
        url: None,
    };
    let rows = config
        .lists
        .towns
        .iter()
        .zip(&counts)
        .map(|(t, c)| Arc::new(row(t, c)))
        .collect();
    let (headers, groups) = statistics_headers(cats);
    Table {
        key: "statistics",
        label: "附件2",
        name: "情况统计表",
        title: format!("{}情况统计表", config.title),
        headers,
        groups: Some(groups),
        rows,
        footer: Some(row("合计", &totals)),
        row_header: 0,
        wrap: Vec::new(),
    }
}

/// A CSV cell that a spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, a
/// tab or a carriage return, per OWASP's CSV-injection advice; also after leading spaces, and
/// in the full-width forms a Chinese input method types) gets a leading `'`, so Excel shows
/// it as text. `+86 138…` and `-` become `'+86 138…` and `'-`: the price of never running
/// `=HYPERLINK(…)` from a title. Numbers of our own (counts) are digits and pass as they are.
pub fn csv_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    let first = cell.trim_start_matches(' ').chars().next();
    if matches!(
        first,
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '＝' | '＋' | '－' | '＠')
    ) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// The CSV: UTF-8 with a byte-order mark, a header row, the rows, and the totals row. Every
/// cell passes [`csv_safe`].
pub fn csv(t: &Table) -> Result<Vec<u8>, String> {
    let mut buf = csv_head(t)?;
    for r in t.rows.iter().map(|r| &**r).chain(t.footer.iter()) {
        buf.extend_from_slice(&csv_line(r)?);
    }
    Ok(buf)
}

/// The CSV's byte-order mark and header row.
pub fn csv_head(t: &Table) -> Result<Vec<u8>, String> {
    let mut buf: Vec<u8> = "\u{feff}".as_bytes().to_vec();
    buf.extend_from_slice(&csv_record(t.headers.iter().map(String::as_str))?);
    Ok(buf)
}

/// One row of the CSV, with its line end.
pub fn csv_line(row: &Row) -> Result<Vec<u8>, String> {
    let cells: Vec<String> = row.cells.iter().map(Cell::text).collect();
    csv_record(cells.iter().map(String::as_str))
}

fn csv_record<'c>(cells: impl Iterator<Item = &'c str>) -> Result<Vec<u8>, String> {
    let mut buf = Vec::new();
    {
        // One record: the writer's default 8 KB buffer would be most of the cost.
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .buffer_capacity(512)
            .from_writer(&mut buf);
        w.write_record(cells.map(|c| csv_safe(c).into_owned().into_bytes()))
            .map_err(|e| e.to_string())?;
        w.flush().map_err(|e| e.to_string())?;
    }
    Ok(buf)
}

/// Each column's name as a phone shows it beside the value, when a row becomes a card: the
/// header, with the unit of its group for a column under a group header (`讲座（场次）`).
fn labels(t: &Table) -> Vec<String> {
    let mut labels = t.headers.clone();
    if let Some(groups) = &t.groups {
        let mut col = 0;
        for (name, span) in groups {
            let unit = name.find('（').map(|at| &name[at..]).unwrap_or("");
            if *span > 1 {
                for label in labels.iter_mut().skip(col).take(*span) {
                    label.push_str(unit);
                }
            }
            col += span;
        }
    }
    labels
}

/// A row as HTML: the naming column as `<th scope="row">` (a link to the event page when it
/// has one: `links` goes before its address), numbers right-aligned, each other cell with its
/// column's name (`data-label`, in escaped form) for the phone's card layout.
fn row_html(out: &mut String, row_header: usize, r: &Row, links: &str, labels: &[String]) {
    use crate::html::escape as esc;
    use std::fmt::Write as _;
    out.push_str("<tr>");
    for (c, cell) in r.cells.iter().enumerate() {
        let text = esc(&cell.text());
        let label = labels.get(c).map(String::as_str).unwrap_or("");
        if c == row_header {
            match &r.url {
                Some(u) => {
                    let _ = write!(
                        out,
                        "<th scope=\"row\"><a href=\"{}\">{text}</a></th>",
                        esc(&format!("{links}{u}"))
                    );
                }
                None => {
                    let _ = write!(out, "<th scope=\"row\">{text}</th>");
                }
            }
        } else if matches!(cell, Cell::Num(_)) {
            let _ = write!(out, "<td class=\"num\" data-label=\"{label}\">{text}</td>");
        } else {
            let _ = write!(out, "<td data-label=\"{label}\">{text}</td>");
        }
    }
    out.push_str("</tr>\n");
}

/// Row `row` of 附件1 as HTML (see `rows_html`).
pub fn schedule_row_html(row: &Row, links: &str) -> String {
    static LABELS: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
        let labels = SCHEDULE_HEADERS.iter();
        labels.map(|label| crate::html::escape(label)).collect()
    });
    let mut out = String::with_capacity(600);
    row_html(&mut out, SCHEDULE_ROW_HEADER, row, links, &LABELS);
    out
}

/// A table's rows and its totals row as HTML; `links` goes before the addresses of event
/// pages.
pub fn rows_html(t: &Table, links: &str) -> (String, String) {
    let labels: Vec<String> = labels(t).iter().map(|l| crate::html::escape(l)).collect();
    let mut rows = String::with_capacity(t.rows.len() * 500);
    for r in &t.rows {
        row_html(&mut rows, t.row_header, r, links, &labels);
    }
    let mut footer = String::new();
    if let Some(f) = &t.footer {
        row_html(&mut footer, t.row_header, f, links, &labels);
    }
    (rows, footer)
}

/// What the tables' templates see. `files` goes before the .csv and .xlsx names. The rows come
/// as HTML (`rows_html`, `footer_html`; empty when `rows` is `None`): a template loop over a
/// 10,000-event schedule would be the slowest page of the site.
pub fn view(t: &Table, files: &str, rows: Option<(String, String)>) -> Value {
    let groups: Option<Vec<Value>> = t.groups.as_ref().map(|g| {
        g.iter()
            .map(|(name, span)| json!({"name": name, "span": span}))
            .collect()
    });
    // The second header row of a grouped header: the columns of groups wider than one.
    let mut sub: Vec<&str> = Vec::new();
    if let Some(g) = &t.groups {
        let mut col = 0;
        for (_, span) in g {
            if *span > 1 {
                sub.extend(t.headers[col..col + span].iter().map(String::as_str));
            }
            col += span;
        }
    }
    let (rows_html, footer_html) = rows.unwrap_or_default();
    json!({
        "key": t.key,
        "label": t.label,
        "name": t.name,
        "title": t.title,
        "headers": t.headers,
        "groups": groups,
        "sub_headers": sub,
        "rows_html": rows_html,
        "footer_html": footer_html,
        "csv_url": format!("{files}{}", t.csv_name()),
        "xlsx_url": format!("{files}{}", t.xlsx_name()),
        "csv_download": t.download_name("csv"),
        "xlsx_download": t.download_name("xlsx"),
        "count": t.rows.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn csv_cells_a_spreadsheet_would_run_are_quoted() {
        for risky in [
            "=1+1", "+86 138", "-", "-5", "@SUM(A1)", "\t=1", "\r=1", "  =1", "＝1", "＋86",
        ] {
            assert_eq!(csv_safe(risky), format!("'{risky}"), "{risky:?}");
        }
        for plain in [
            "社区智慧助老培训班",
            "12月3日 周六",
            "40",
            "王老师 0519-86000000",
            "",
        ] {
            assert_eq!(csv_safe(plain), plain);
        }
    }

    #[test]
    fn sums_that_do_not_fit_are_never_wrapped() {
        assert_eq!(checked_sum(Some(1), 2), Some(3));
        assert_eq!(checked_sum(Some(u64::MAX), 1), None);
        assert_eq!(checked_sum(None, 0), None);
    }
}

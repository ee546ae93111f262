//! Workbooks (.xlsx, .xls) read through calamine: the only module that knows it. Every sheet
//! comes out as a `grid::Sheet` of typed cells with its visibility and merged ranges, so the
//! rest of `import` never depends on the crate.

use super::grid::{Book, Merge, Sheet, Value};
use crate::messages::import::Import;
use crate::tr;
use calamine::{open_workbook_auto, Data, Dimensions, Reader, SheetType, SheetVisible, Sheets};
use chrono::{NaiveDate, NaiveTime};
use std::path::Path;

/// Reads every worksheet of the workbook at `path`; `file` is its name for messages.
/// The error is a reason in Chinese for the whole file.
pub fn read(path: &Path, file: &str) -> Result<Book, String> {
    let mut workbook =
        open_workbook_auto(path).map_err(|error| tr!(Import::BookUnreadable, error))?;
    if let Sheets::Xlsx(xlsx) = &mut workbook {
        xlsx.load_merged_regions()
            .map_err(|error| tr!(Import::MergesUnreadable, error))?;
    }
    let listed: Vec<(String, bool)> = workbook
        .sheets_metadata()
        .iter()
        .filter(|meta| meta.typ == SheetType::WorkSheet)
        .map(|meta| (meta.name.clone(), meta.visible != SheetVisible::Visible))
        .collect();
    let mut sheets = Vec::new();
    for (name, hidden) in listed {
        let range = workbook
            .worksheet_range(&name)
            .map_err(|error| tr!(Import::SheetUnreadable, name, error))?;
        let merged = merged_ranges(&workbook, &name);
        let mut rows: Vec<Vec<Value>> = Vec::new();
        if let Some((first_row, first_col)) = range.start() {
            // calamine's range starts at the first used cell; rows and columns keep Excel's
            // numbering here, so that a cell's name in a message is the one Excel shows.
            rows.resize(first_row as usize, Vec::new());
            for cells in range.rows() {
                let mut row = vec![Value::Empty; first_col as usize];
                row.extend(cells.iter().map(value));
                rows.push(row);
            }
        }
        sheets.push(Sheet {
            name: Some(name),
            hidden,
            rows,
            merged,
        });
    }
    Ok(Book {
        file: file.to_string(),
        sheets,
    })
}

fn merged_ranges<RS: std::io::Read + std::io::Seek>(
    workbook: &Sheets<RS>,
    name: &str,
) -> Vec<Merge> {
    let dims: Vec<Dimensions> = match workbook {
        Sheets::Xlsx(xlsx) => xlsx
            .merged_regions_by_sheet(name)
            .into_iter()
            .map(|(_, _, dims)| *dims)
            .collect(),
        Sheets::Xls(xls) => xls.worksheet_merge_cells(name).unwrap_or_default(),
        _ => Vec::new(),
    };
    dims.into_iter()
        .map(|dims| Merge {
            first_row: dims.start.0 as usize,
            first_col: dims.start.1 as usize,
            last_row: dims.end.0 as usize,
            last_col: dims.end.1 as usize,
        })
        .collect()
}

fn value(data: &Data) -> Value {
    match data {
        Data::Empty => Value::Empty,
        Data::String(text) => Value::Text(text.clone()),
        Data::Int(n) => Value::Number(*n as f64),
        Data::Float(n) => Value::Number(*n),
        Data::Bool(flag) => Value::Bool(*flag),
        Data::Error(error) => Value::Error(error.to_string()),
        Data::DateTimeIso(text) | Data::DurationIso(text) => Value::Text(text.clone()),
        Data::DateTime(stamp) => date_time(stamp),
    }
}

/// A date cell as a date, a time cell (a fraction of a day) as a time, both when it has both.
fn date_time(stamp: &calamine::ExcelDateTime) -> Value {
    let serial = stamp.as_f64();
    let (year, month, day, hour, minute, second, milli) = stamp.to_ymd_hms_milli();
    // Round to the minute: Excel stores 09:30 as a fraction that may read back as 09:29:59.999.
    let seconds = u32::from(hour) * 3600
        + u32::from(minute) * 60
        + u32::from(second)
        + u32::from(milli >= 500);
    let minutes = (seconds + 30) / 60;
    let time = NaiveTime::from_hms_opt((minutes / 60) % 24, minutes % 60, 0);
    let date = NaiveDate::from_ymd_opt(i32::from(year), u32::from(month), u32::from(day));
    match (serial < 1.0, serial.fract() == 0.0, date, time) {
        (true, _, _, Some(time)) => Value::Time(time),
        (false, true, Some(date), _) => Value::Date(date),
        (false, false, Some(date), Some(time)) => Value::DateTime(date.and_time(time)),
        _ => Value::Number(serial),
    }
}

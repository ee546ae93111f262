//! The two tables as XLSX: a title row, a bold header (grouped for 附件2), the rows with
//! long text wrapped, and columns as wide as their text.

use super::{Cell, Table};
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format as XFormat, FormatAlign, FormatBorder, Workbook,
    Worksheet, XlsxError,
};

/// Width of text in Excel columns: Chinese characters count two.
fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) < 0x1100 { 1 } else { 2 })
        .sum()
}

/// A workbook titled `title` whose creation date is `created` rather than now, so that the
/// same site always gives the same bytes (the published tables and the template alike).
pub fn dated_workbook(title: &str, created: NaiveDate) -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    let date = ExcelDateTime::from_ymd(
        created.year().clamp(1900, 9999) as u16,
        created.month() as u8,
        created.day() as u8,
    )?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_creation_datetime(&date),
    );
    Ok(workbook)
}

/// The XLSX: a label row (附件1), a title row, the header (two rows when grouped), the rows and
/// the totals row; bold header, borders, column widths to fit, header frozen and repeated on
/// each printed page (A4 landscape). `created` is the document's creation date: fixed, so
/// that a build after no change writes the same file.
pub fn xlsx(table: &Table, created: NaiveDate) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = dated_workbook(&table.title, created)?;
    let sheet = workbook.add_worksheet();
    sheet.set_name(table.name)?;
    let formats = SheetFormats::new();
    write_title(sheet, table, &formats)?;
    let first_row = write_header(sheet, table, &formats.head, 2)?;
    sheet.set_freeze_panes(first_row, 0)?;
    sheet.set_repeat_rows(2, first_row - 1)?;
    let widths = write_rows(sheet, table, &formats, first_row)?;
    for (col, width) in widths.iter().enumerate() {
        let cap = if table.wrap.contains(&col) { 36 } else { 48 };
        sheet.set_column_width(col as u16, ((*width).clamp(4, cap) + 2) as f64)?;
    }
    sheet.set_landscape();
    sheet.set_paper_size(9); // A4
    sheet.set_print_fit_to_pages(1, 0);
    workbook.save_to_buffer()
}

/// The cell formats of a table's sheet.
struct SheetFormats {
    label: XFormat,
    title: XFormat,
    head: XFormat,
    text: XFormat,
    wrapped: XFormat,
    num: XFormat,
    foot_text: XFormat,
    foot_num: XFormat,
}

impl SheetFormats {
    fn new() -> SheetFormats {
        let text = XFormat::new()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter);
        let num = XFormat::new()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter);
        SheetFormats {
            label: XFormat::new().set_bold().set_font_size(12),
            title: XFormat::new()
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            head: XFormat::new()
                .set_bold()
                .set_border(FormatBorder::Thin)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_text_wrap()
                .set_background_color(0xF2E8D5),
            wrapped: text.clone().set_text_wrap(),
            foot_text: text.clone().set_bold(),
            foot_num: num.clone().set_bold(),
            text,
            num,
        }
    }
}

/// The label row (附件1) and the title row, merged across the table.
fn write_title(
    sheet: &mut Worksheet,
    table: &Table,
    formats: &SheetFormats,
) -> Result<(), XlsxError> {
    let last_col = (table.headers.len() as u16).saturating_sub(1);
    sheet.write_string_with_format(0, 0, table.label, &formats.label)?;
    if last_col > 0 {
        sheet.merge_range(1, 0, 1, last_col, &table.title, &formats.title)?;
    } else {
        sheet.write_string_with_format(1, 0, &table.title, &formats.title)?;
    }
    sheet.set_row_height(1, 30)?;
    Ok(())
}

/// The header from `row` on: one row, or two when the columns are grouped (a group of one
/// column spans both rows). Returns the first row after it.
fn write_header(
    sheet: &mut Worksheet,
    table: &Table,
    head: &XFormat,
    row: u32,
) -> Result<u32, XlsxError> {
    let Some(groups) = &table.groups else {
        for (col, header) in table.headers.iter().enumerate() {
            sheet.write_string_with_format(row, col as u16, header, head)?;
        }
        return Ok(row + 1);
    };
    let mut col: u16 = 0;
    for (name, span) in groups {
        let span = *span as u16;
        if span == 1 {
            sheet.merge_range(row, col, row + 1, col, name, head)?;
        } else {
            sheet.merge_range(row, col, row, col + span - 1, name, head)?;
            for offset in 0..span {
                sheet.write_string_with_format(
                    row + 1,
                    col + offset,
                    &table.headers[(col + offset) as usize],
                    head,
                )?;
            }
        }
        col += span;
    }
    Ok(row + 2)
}

/// The rows and the footer from `first_row` on. Returns each column's widest text, in
/// `display_width` units (headers counted up to 12).
fn write_rows(
    sheet: &mut Worksheet,
    table: &Table,
    formats: &SheetFormats,
    first_row: u32,
) -> Result<Vec<usize>, XlsxError> {
    let mut widths: Vec<usize> = table
        .headers
        .iter()
        .map(|header| display_width(header).min(12))
        .collect();
    let body = table.rows.iter().map(|row| (&**row, false));
    let footer = table.footer.iter().map(|row| (row, true));
    for (row_number, (row, is_footer)) in (first_row..).zip(body.chain(footer)) {
        for (col, cell) in row.cells.iter().enumerate() {
            match cell {
                Cell::Text(text) => {
                    let format = if is_footer {
                        &formats.foot_text
                    } else if table.wrap.contains(&col) {
                        &formats.wrapped
                    } else {
                        &formats.text
                    };
                    sheet.write_string_with_format(row_number, col as u16, text, format)?;
                }
                Cell::Num(number) => {
                    let format = if is_footer {
                        &formats.foot_num
                    } else {
                        &formats.num
                    };
                    sheet.write_number_with_format(
                        row_number,
                        col as u16,
                        *number as f64,
                        format,
                    )?;
                }
            }
            if let Some(width) = widths.get_mut(col) {
                *width = (*width).max(display_width(&cell.text()));
            }
        }
    }
    Ok(widths)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_count_chinese_twice() {
        assert_eq!(display_width("ab"), 2);
        assert_eq!(display_width("湖塘"), 4);
    }
}

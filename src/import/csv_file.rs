//! CSV files as towns save them. Excel on a Chinese Windows writes "CSV" in GBK (the system's
//! ANSI code page), WPS and our own tables write UTF-8 with a byte-order mark, and "Unicode
//! text" is UTF-16 with tabs: each is recognised and read right. The only module that decodes
//! text that is not UTF-8.

use super::grid::{Sheet, Value};
use crate::messages::import::Import;
use crate::tr;
use encoding_rs::{GB18030, UTF_16BE, UTF_16LE};

/// How a CSV file's bytes were decoded, for the tests and for nothing else to guess again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Gbk,
    Utf16,
}

/// Decodes a CSV file's bytes: UTF-8 (with or without a byte-order mark), UTF-16 with its
/// mark, and otherwise GBK. GB18030 is read as GBK's superset, so every GBK file reads right.
pub fn decode(bytes: &[u8]) -> (String, Encoding) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return (String::from_utf8_lossy(rest).into_owned(), Encoding::Utf8);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return (
            UTF_16LE.decode_without_bom_handling(rest).0.into_owned(),
            Encoding::Utf16,
        );
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return (
            UTF_16BE.decode_without_bom_handling(rest).0.into_owned(),
            Encoding::Utf16,
        );
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), Encoding::Utf8),
        Err(_) => (
            GB18030.decode_without_bom_handling(bytes).0.into_owned(),
            Encoding::Gbk,
        ),
    }
}

/// The one sheet of a CSV file. Every cell is text, as the file has no types. A cell our own
/// tables guarded with a leading `'` (so that Excel would not run it) is read back without it.
pub fn read(bytes: &[u8]) -> Result<(Sheet, Encoding), String> {
    let (text, encoding) = decode(bytes);
    let first_line = text.lines().next().unwrap_or("");
    // "Unicode text" from Excel separates cells with tabs; a CSV never has a tab in its header.
    let delimiter = if first_line.contains('\t') && !first_line.contains(',') {
        b'\t'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|error| tr!(Import::CsvUnreadable, error))?;
        rows.push(record.iter().map(cell).collect());
    }
    let sheet = Sheet {
        name: None,
        hidden: false,
        rows,
        merged: Vec::new(),
    };
    Ok((sheet, encoding))
}

fn cell(text: &str) -> Value {
    match text.strip_prefix('\'') {
        Some(rest) if crate::model::tables::csv_safe(rest) == text => Value::Text(rest.to_string()),
        _ => Value::Text(text.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gbk_file_from_excel_is_read_right() {
        let (bytes, _, _) = GB18030.encode("活动名称,所在镇（街道）\r\n智慧助老,湖塘镇\r\n");
        let (sheet, encoding) = read(&bytes).expect("reads");
        assert_eq!(encoding, Encoding::Gbk);
        assert_eq!(sheet.cell(1, 1), &Value::Text("湖塘镇".into()));
    }

    #[test]
    fn utf8_with_and_without_a_mark() {
        let (text, encoding) = decode("\u{feff}日期".as_bytes());
        assert_eq!((text.as_str(), encoding), ("日期", Encoding::Utf8));
        let (text, encoding) = decode("日期".as_bytes());
        assert_eq!((text.as_str(), encoding), ("日期", Encoding::Utf8));
    }

    #[test]
    fn our_formula_guard_is_taken_off_again() {
        assert_eq!(cell("'+86 138"), Value::Text("+86 138".into()));
        assert_eq!(cell("'-"), Value::Text("-".into()));
        assert_eq!(cell("'书名号"), Value::Text("'书名号".into()));
    }
}

//! A spreadsheet as `import` sees it, whichever file it came from (.xlsx, .xls or .csv): sheets
//! of rows of typed cells, with where each cell is, so every problem names its cell.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use std::fmt;

/// One cell's content. Dates and times are what Excel stored (a number formatted as a date),
/// already turned into calendar values; text is exactly as typed.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
    Time(NaiveTime),
    DateTime(NaiveDateTime),
    Bool(bool),
    /// A formula's error (`#N/A`, `#REF!`), as Excel shows it.
    Error(String),
}

impl Value {
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(text) => text.trim().is_empty(),
            _ => false,
        }
    }
}

/// A merged range, 0-based and inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    pub first_row: usize,
    pub first_col: usize,
    pub last_row: usize,
    pub last_col: usize,
}

#[derive(Debug, Clone)]
pub struct Sheet {
    /// `None` for a CSV file, which has no sheets.
    pub name: Option<String>,
    pub hidden: bool,
    /// Row 0 is the sheet's first row (Excel's row 1), column 0 its column A.
    pub rows: Vec<Vec<Value>>,
    pub merged: Vec<Merge>,
}

impl Sheet {
    pub fn cell(&self, row: usize, col: usize) -> &Value {
        self.rows
            .get(row)
            .and_then(|cells| cells.get(col))
            .unwrap_or(&Value::Empty)
    }
}

/// A file read: its name as the user gave it, and its sheets in workbook order.
#[derive(Debug, Clone)]
pub struct Book {
    pub file: String,
    pub sheets: Vec<Sheet>,
}

/// Where something is: `湖塘镇.xlsx:活动安排表!F7`, `湖塘镇.csv:F7`, or a whole sheet or file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Place {
    pub file: String,
    pub sheet: Option<String>,
    /// 0-based row and column.
    pub cell: Option<(usize, usize)>,
}

impl Place {
    pub fn at(&self, row: usize, col: usize) -> Place {
        Place {
            cell: Some((row, col)),
            ..self.clone()
        }
    }

    /// The row alone, for messages about a whole row: `活动安排表 第7行`.
    pub fn row_text(&self) -> String {
        let row = self.cell.map(|(row, _)| row + 1).unwrap_or(0);
        match &self.sheet {
            Some(sheet) => format!("{} {sheet} 第{row}行", self.file),
            None => format!("{} 第{row}行", self.file),
        }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        match (&self.sheet, self.cell) {
            (Some(sheet), Some((row, col))) => write!(f, ":{sheet}!{}", cell_name(row, col)),
            (Some(sheet), None) => write!(f, ":{sheet}"),
            (None, Some((row, col))) => write!(f, ":{}", cell_name(row, col)),
            (None, None) => Ok(()),
        }
    }
}

/// Excel's name of a column: 0 -> A, 25 -> Z, 26 -> AA.
pub fn column_name(col: usize) -> String {
    let mut name = Vec::new();
    let mut n = col + 1;
    while n > 0 {
        let rest = (n - 1) % 26;
        name.push(b'A' + rest as u8);
        n = (n - 1) / 26;
    }
    name.reverse();
    String::from_utf8_lossy(&name).into_owned()
}

/// `F7` for row 6, column 5 (0-based).
pub fn cell_name(row: usize, col: usize) -> String {
    format!("{}{}", column_name(col), row + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_named_as_excel_names_them() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(6, 5), "F7");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(701), "ZZ");
        let place = Place {
            file: "湖塘镇.xlsx".into(),
            sheet: Some("活动安排表".into()),
            cell: Some((6, 5)),
        };
        assert_eq!(place.to_string(), "湖塘镇.xlsx:活动安排表!F7");
        let csv = Place {
            sheet: None,
            ..place
        };
        assert_eq!(csv.to_string(), "湖塘镇.xlsx:F7");
    }
}

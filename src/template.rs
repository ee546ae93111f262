//! `xuezhou template schedule`: the blank 附件1 the district office hands out. Its columns are
//! the ones `import` reads (`import::COLUMNS`), with drop-down lists from site.toml, hints on
//! the date and time cells, a 填写说明 sheet, and the print settings of the published tables.

use crate::config::Config;
use crate::import::{Column, Key, COLUMNS, DATE_FORMS, TIME_FORMS};
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, Format, FormatAlign, FormatBorder, Worksheet,
    XlsxError,
};

/// The sheet staff fill in, and the one holding the drop-down lists.
pub const SHEET: &str = "活动安排表";
const GUIDE: &str = "填写说明";
const LISTS: &str = "下拉选项";
/// Rows ready for data (with lists and hints); more can be inserted among them.
const ROWS: u32 = 200;
/// The first data row (0-based): after 附件1, the title and the header.
const FIRST: u32 = 3;

/// The workbook's bytes. Its creation date is the week's start, so the same site gives the
/// same file.
pub fn schedule(config: &Config) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = crate::model::tables::dated_workbook(
        &format!("{}主要活动安排表（填写模板）", config.title),
        config.week.start.unwrap_or_default(),
    )?;
    workbook.push_worksheet(form_sheet(config)?);
    workbook.push_worksheet(guide_sheet(config)?);
    workbook.push_worksheet(lists_sheet(config)?);
    workbook.save_to_buffer()
}

fn title(config: &Config) -> String {
    let dates = match (config.week.start, config.week.end) {
        (Some(start), Some(end)) => format!(
            "（{}—{}）",
            crate::dates::ymd_zh(start),
            crate::dates::md_zh(end)
        ),
        (Some(start), None) => format!("（{} 起）", crate::dates::ymd_zh(start)),
        _ => String::new(),
    };
    format!("{}主要活动安排表{dates}", config.title)
}

fn form_sheet(config: &Config) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(SHEET)?;
    let last = COLUMNS.len() as u16 - 1;
    let label = Format::new().set_bold().set_font_size(12);
    let heading = Format::new()
        .set_bold()
        .set_font_size(16)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    ws.write_string_with_format(0, 0, "附件1", &label)?;
    ws.merge_range(1, 0, 1, last, &title(config), &heading)?;
    ws.set_row_height(1, 30)?;
    let head = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap()
        .set_background_color(0xF2E8D5);
    let required = head.clone().set_font_color(0xC00000);
    let cell = Format::new()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap();
    // A real date shows as 附件1 writes it; the time stays text, so 9:30-11:00 is kept as typed.
    let date = cell.clone().set_num_format("m\"月\"d\"日\"");
    let text = cell.clone().set_num_format("@");
    for (index, column) in COLUMNS.iter().enumerate() {
        let col = index as u16;
        ws.write_string_with_format(
            FIRST - 1,
            col,
            column.header,
            if column.required { &required } else { &head },
        )?;
        ws.set_column_width(col, column.width)?;
        let format = match column.key {
            Key::Date => &date,
            Key::Time | Key::Contact | Key::Capacity => &text,
            _ => &cell,
        };
        for row in FIRST..FIRST + ROWS {
            ws.write_blank(row, col, format)?;
        }
        if let Some(rule) = validation(config, column)? {
            ws.add_data_validation(FIRST, col, FIRST + ROWS - 1, col, &rule)?;
        }
    }
    ws.set_freeze_panes(FIRST, 0)?;
    ws.set_repeat_rows(FIRST - 1, FIRST - 1)?;
    ws.set_landscape();
    ws.set_paper_size(9); // A4
    ws.set_print_fit_to_pages(1, 0);
    ws.set_active(true);
    Ok(ws)
}

/// The drop-down list or input hint of a column, if it has one.
fn validation(config: &Config, column: &Column) -> Result<Option<DataValidation>, XlsxError> {
    let lists = &config.lists;
    let from_sheet = |index: usize, len: usize| -> rust_xlsxwriter::Formula {
        let letter = (b'A' + index as u8) as char;
        format!("='{LISTS}'!${letter}$2:${letter}${}", len.max(1) + 1)
            .as_str()
            .into()
    };
    let hint = |title: &str, message: &str| -> Result<DataValidation, XlsxError> {
        DataValidation::new()
            .allow_any_value()
            .set_input_title(title)?
            .set_input_message(message)
    };
    let rule = match column.key {
        Key::Date => hint("日期怎么写", &format!("可写 {DATE_FORMS}"))?,
        Key::Time => hint(
            "时间怎么写",
            &format!("可写 {TIME_FORMS}。跨过午夜：12月2日 23:30—12月3日 01:00"),
        )?,
        Key::Town => strict(
            DataValidation::new().allow_list_formula(from_sheet(0, lists.towns.len())),
            "镇（街道）",
        )?,
        Key::Category => strict(
            DataValidation::new().allow_list_formula(from_sheet(1, lists.categories.len())),
            "活动类别",
        )?,
        Key::Audience => {
            several(DataValidation::new().allow_list_formula(from_sheet(2, lists.audiences.len())))?
        }
        Key::Topics => {
            several(DataValidation::new().allow_list_formula(from_sheet(3, lists.topics.len())))?
        }
        Key::Format => strict(
            DataValidation::new().allow_list_strings(&["线下", "线上", "线上线下结合"])?,
            "活动形式",
        )?,
        Key::Free => strict(
            DataValidation::new().allow_list_strings(&["是", "否"])?,
            "是否免费",
        )?,
        _ => return Ok(None),
    };
    Ok(Some(rule))
}

/// One value of the list only.
fn strict(rule: DataValidation, what: &str) -> Result<DataValidation, XlsxError> {
    rule.set_error_title(format!("不是可选的{what}"))?
        .set_error_message("请从下拉列表中选一个")
}

/// Several values may be written, separated by 、: the list helps, a combination is allowed.
fn several(rule: DataValidation) -> Result<DataValidation, XlsxError> {
    rule.set_input_title("可填多个")?
        .set_input_message(
            "从下拉列表中选一个；要填多个时，直接输入，用 、 隔开，例如 老年人、社区居民",
        )?
        .set_error_style(DataValidationErrorStyle::Information)
        .set_error_title("填了多个？")?
        .set_error_message("多个之间用 、 隔开，每一个都要是下拉列表里的")
}

/// How to fill each column, with an example: the 示例 column is a whole example row.
fn guide_sheet(config: &Config) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(GUIDE)?;
    let bold = Format::new().set_bold().set_font_size(14);
    let head = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_background_color(0xF2E8D5);
    let cell = Format::new()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter);
    ws.write_string_with_format(0, 0, "填写说明", &bold)?;
    let notes = [
        "在“活动安排表”中一行填一个活动，从第4行开始；红色表头的列必填。",
        "不要合并单元格，不要隐藏行、列或工作表；同一单位同一天的活动不要重名。",
        "填好后按通知的时间交回；区里用 xuezhou import 导入，每个错误都会指出是哪一格。",
    ];
    for (i, note) in notes.iter().enumerate() {
        ws.write_string(1 + i as u32, 0, *note)?;
    }
    let top = 1 + notes.len() as u32 + 1;
    for (col, name) in ["列", "是否必填", "怎么填", "示例"].iter().enumerate() {
        ws.write_string_with_format(top, col as u16, *name, &head)?;
    }
    for (i, column) in COLUMNS.iter().enumerate() {
        let row = top + 1 + i as u32;
        ws.write_string_with_format(row, 0, column.header, &cell)?;
        ws.write_string_with_format(row, 1, if column.required { "必填" } else { "" }, &cell)?;
        ws.write_string_with_format(row, 2, how(config, column), &cell)?;
        ws.write_string_with_format(row, 3, column.example, &cell)?;
    }
    for (col, width) in [16.0, 10.0, 60.0, 36.0].iter().enumerate() {
        ws.set_column_width(col as u16, *width)?;
    }
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    Ok(ws)
}

fn how(config: &Config, column: &Column) -> String {
    let lists = &config.lists;
    let choices = match column.key {
        Key::Town => Some(&lists.towns),
        Key::Category => Some(&lists.categories),
        Key::Audience => Some(&lists.audiences),
        Key::Topics => Some(&lists.topics),
        _ => None,
    };
    match choices {
        Some(list) => format!("{}。可选：{}", column.how, list.join("、")),
        None => column.how.to_string(),
    }
}

/// The lists the drop-downs offer, from site.toml; hidden, as it is not to be edited.
fn lists_sheet(config: &Config) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(LISTS)?;
    let lists = &config.lists;
    let columns = [
        ("可选的镇（街道）", &lists.towns),
        ("可选的活动类别", &lists.categories),
        ("可选的面向对象", &lists.audiences),
        ("可选的活动主题", &lists.topics),
    ];
    for (col, (name, values)) in columns.iter().enumerate() {
        ws.write_string(0, col as u16, *name)?;
        for (row, value) in values.iter().enumerate() {
            ws.write_string(1 + row as u32, col as u16, value)?;
        }
        ws.set_column_width(col as u16, 20)?;
    }
    ws.set_hidden(true);
    Ok(ws)
}

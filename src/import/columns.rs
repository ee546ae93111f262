//! The columns of the 附件1 sheet: SPEC §5's ten, then what an event page needs besides. The
//! template (`template.rs`) writes them and `import` finds them, by the header's text, in any
//! order, under the names towns commonly give them.

use super::grid::{column_name, Place, Sheet};
use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::messages::import::Import;
use crate::messages::pick;
use crate::{t, tr};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    Number,
    Date,
    Time,
    Title,
    Format,
    Place,
    Organizer,
    Audience,
    Free,
    Contact,
    Town,
    Category,
    Topics,
    OnlineUrl,
    Capacity,
    Intro,
}

pub struct Column {
    pub key: Key,
    /// The header as the template writes it.
    pub header: &'static str,
    /// Other headers read as this column (compared after [`normalize`]).
    pub aliases: &'static [&'static str],
    pub required: bool,
    /// How to fill it in, for 填写说明 and the messages.
    pub how: &'static str,
    pub example: &'static str,
    /// Column width in the template, in Excel's units.
    pub width: f64,
}

const fn col(
    key: Key,
    header: &'static str,
    aliases: &'static [&'static str],
    required: bool,
    (how, example): (&'static str, &'static str),
    width: f64,
) -> Column {
    Column {
        key,
        header,
        aliases,
        required,
        how,
        example,
        width,
    }
}

/// In the template's order: the published 附件1's ten columns first, so the template is 附件1.
pub const COLUMNS: &[Column] = &[
    col(
        Key::Number,
        "序号",
        &["编号"],
        false,
        ("可不填，导入时不用", "1"),
        6.0,
    ),
    col(
        Key::Date,
        "日期",
        &["活动日期"],
        true,
        (
            "活动那天：12月3日、2022/12/3 或 Excel 的日期；连续几天写 12月2日—12月8日",
            "12月3日",
        ),
        14.0,
    ),
    col(
        Key::Time,
        "时间",
        &["活动时间", "时段"],
        true,
        (
            "9:30—11:00、9:30-11:00 或 9:30（只写开始）；一整天写 全天",
            "9:30—11:00",
        ),
        14.0,
    ),
    col(
        Key::Title,
        "活动名称",
        &["名称", "活动项目", "项目名称"],
        true,
        ("活动的名称，同一单位同一天不要重名", "社区智慧助老培训班"),
        28.0,
    ),
    col(
        Key::Format,
        "活动形式",
        &["形式"],
        false,
        ("线下、线上 或 线上线下结合；不填为线下", "线下"),
        12.0,
    ),
    col(
        Key::Place,
        "地点",
        &["活动地点"],
        true,
        ("活动地点（纯线上活动可不填）", "湖塘镇社区教育中心三楼教室"),
        28.0,
    ),
    col(
        Key::Organizer,
        "主办单位",
        &["单位", "举办单位", "承办单位"],
        true,
        ("主办单位的全称", "湖塘镇社区教育中心"),
        24.0,
    ),
    col(
        Key::Audience,
        "面向对象",
        &["参加对象", "对象", "活动对象"],
        false,
        ("可填多个，用 、 或 ， 隔开", "老年人、社区居民"),
        18.0,
    ),
    col(
        Key::Free,
        "是否免费",
        &["免费"],
        false,
        ("是 或 否", "是"),
        10.0,
    ),
    col(
        Key::Contact,
        "联系方式",
        &["联系人及电话", "联系电话", "联系人"],
        false,
        ("联系人和电话", "王老师 0519-86000000"),
        22.0,
    ),
    col(
        Key::Town,
        "所在镇（街道）",
        &["镇（街道）", "所在镇", "镇街", "所属镇（街道）", "所在镇街"],
        true,
        ("从下拉列表中选", "湖塘镇"),
        14.0,
    ),
    col(
        Key::Category,
        "活动类别",
        &["类别", "活动类型", "类型"],
        true,
        ("从下拉列表中选", "培训"),
        10.0,
    ),
    col(
        Key::Topics,
        "活动主题",
        &["主题"],
        false,
        ("可填多个，用 、 或 ， 隔开", "智慧助老"),
        16.0,
    ),
    col(
        Key::OnlineUrl,
        "线上网址",
        &["网址", "线上链接", "直播网址", "链接"],
        false,
        (
            "线上或线上线下结合的活动必填，以 https:// 开头",
            "https://example.org/live",
        ),
        24.0,
    ),
    col(
        Key::Capacity,
        "计划名额",
        &["名额", "计划人数"],
        false,
        ("人数，只写数字", "40"),
        10.0,
    ),
    col(
        Key::Intro,
        "简介",
        &["活动简介", "内容简介", "活动内容"],
        false,
        (
            "几句话介绍活动，会成为网页的正文",
            "手把手教老年朋友用智能手机挂号、买菜、视频聊天。",
        ),
        40.0,
    ),
];

pub fn column(key: Key) -> &'static Column {
    COLUMNS
        .iter()
        .find(|column| column.key == key)
        .unwrap_or(&COLUMNS[0])
}

/// A header as compared: no spaces or line breaks, no `*` marks, parentheses in one width,
/// no （必填） or （选填） note.
pub fn normalize(header: &str) -> String {
    let text: String = header
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '*' | '＊'))
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            c => c,
        })
        .collect();
    ["（必填）", "（选填）", "（可不填）"]
        .iter()
        .fold(text, |text, note| text.replace(note, ""))
}

fn key_of(header: &str) -> Option<Key> {
    let header = normalize(header);
    COLUMNS
        .iter()
        .find(|column| {
            normalize(column.header) == header
                || column
                    .aliases
                    .iter()
                    .any(|alias| normalize(alias) == header)
        })
        .map(|column| column.key)
}

/// Where a sheet's columns are.
#[derive(Debug, Clone)]
pub struct Header {
    /// 0-based row of the header.
    pub row: usize,
    pub columns: Vec<(usize, Key)>,
}

impl Header {
    pub fn col(&self, key: Key) -> Option<usize> {
        self.columns
            .iter()
            .find(|(_, k)| *k == key)
            .map(|(col, _)| *col)
    }
}

/// The header row: the first of the sheet's first 20 rows naming 活动名称 and at least two
/// more columns. Rows above it (附件1, the title) are not data.
pub fn find_header(sheet: &Sheet) -> Option<usize> {
    sheet.rows.iter().take(20).position(|cells| {
        let keys: Vec<Key> = cells
            .iter()
            .filter_map(|value| match value {
                super::grid::Value::Text(text) => key_of(text),
                _ => None,
            })
            .collect();
        keys.contains(&Key::Title) && keys.len() >= 3
    })
}

/// Reads the header row `row`: every column it names, and a problem for each header that is
/// no column of 附件1, a column named twice, a column with data but no header, and each
/// required column missing (`defaults` lists the columns the command line gave a value for).
pub fn read_header(
    sheet: &Sheet,
    row: usize,
    place: &Place,
    defaults: &[Key],
) -> (Header, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let mut columns: Vec<(usize, Key)> = Vec::new();
    let width = sheet.rows.iter().map(Vec::len).max().unwrap_or(0);
    for col in 0..width {
        let text = super::forms::text_of(sheet.cell(row, col));
        let text = text.trim();
        if text.is_empty() {
            if (row + 1..sheet.rows.len()).any(|r| !sheet.cell(r, col).is_empty()) {
                problems.push(
                    Diagnostic::error(
                        place.at(row, col).to_string(),
                        t!(Import::DataWithoutHeader, col = column_name(col)),
                    )
                    .help(t!(Import::DataWithoutHeaderHelp, known = known_headers())),
                );
            }
            continue;
        }
        match key_of(text) {
            Some(key) if columns.iter().any(|(_, k)| *k == key) => problems.push(
                Diagnostic::error(
                    place.at(row, col).to_string(),
                    t!(Import::ColumnTwice, text),
                )
                .help(t!(Import::ColumnTwiceHelp)),
            ),
            Some(key) => columns.push((col, key)),
            None => problems.push(unknown_column(place.at(row, col), text)),
        }
    }
    for column in COLUMNS
        .iter()
        .filter(|c| c.required && !defaults.contains(&c.key))
    {
        if !columns.iter().any(|(_, key)| *key == column.key) {
            problems.push(missing_column(place.at(row, 0), column));
        }
    }
    (Header { row, columns }, problems)
}

fn known_headers() -> String {
    COLUMNS
        .iter()
        .map(|c| c.header)
        .collect::<Vec<_>>()
        .join(pick("、", ", "))
}

fn unknown_column(place: Place, text: &str) -> Diagnostic {
    let names: Vec<String> = COLUMNS.iter().map(|c| c.header.to_string()).collect();
    let near = did_you_mean(text, &names)
        .map(|near| tr!(Import::DidYouMeanWrite, near))
        .unwrap_or_default();
    Diagnostic::error(place.to_string(), t!(Import::UnknownColumn, text)).help(t!(
        Import::UnknownColumnHelp,
        near,
        known = known_headers()
    ))
}

fn missing_column(place: Place, column: &Column) -> Diagnostic {
    let extra = match column.key {
        Key::Town => tr!(Import::TownFlag),
        Key::Category => tr!(Import::CategoryFlag),
        _ => String::new(),
    };
    Diagnostic::error(
        place.to_string(),
        t!(
            Import::MissingColumn,
            row = place.cell.map(|(r, _)| r + 1).unwrap_or(0),
            header = column.header
        ),
    )
    .help(t!(
        Import::MissingColumnHelp,
        header = column.header,
        how = column.how,
        example = column.example,
        extra
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_found_by_their_common_names() {
        assert_eq!(key_of("所在镇(街道)"), Some(Key::Town));
        assert_eq!(key_of("所在镇（街道）"), Some(Key::Town));
        assert_eq!(key_of(" 活动名称*"), Some(Key::Title));
        assert_eq!(key_of("活动名称\n（必填）"), Some(Key::Title));
        assert_eq!(key_of("联系人及电话"), Some(Key::Contact));
        assert_eq!(key_of("备注"), None);
    }
}

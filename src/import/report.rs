//! What `import` says, in Chinese for the staff who run it: each problem at its place
//! (`湖塘镇.xlsx:活动安排表!F7`), what is wrong and how to fix it; then what was written.

use super::grid::Place;
use super::pages::Existing;
use super::rows::Row;
use super::{Action, Planned};
use crate::diagnostics::Diagnostic;
use std::fmt::Write as _;
use std::path::Path;

/// Every problem in the order found (file by file, row by row), then the count.
pub fn problems(found: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in found {
        let kind = if d.is_error() { "错误" } else { "警告" };
        let _ = writeln!(out, "{}: {kind}：{}", d.path.display(), d.message);
        if let Some(help) = &d.help {
            let _ = writeln!(out, "   = 怎么改：{help}");
        }
        out.push('\n');
    }
    let errors = found.iter().filter(|d| d.is_error()).count();
    let warnings = found.len() - errors;
    if !found.is_empty() {
        let _ = writeln!(out, "共 {errors} 个错误，{warnings} 个警告。");
    }
    out
}

/// The pages written (or, with `--dry-run`, that would be).
pub fn actions(planned: &[Planned], dry_run: bool) -> String {
    let mut out = String::new();
    let (new, update) = if dry_run {
        ("将新建", "将更新")
    } else {
        ("新建", "更新")
    };
    for page in planned {
        let verb = match page.action {
            Action::New => new,
            Action::Update => update,
            Action::Unchanged | Action::Kept => continue,
        };
        let _ = writeln!(
            out,
            "{verb} {}  ← {}：{}",
            page.rel.display(),
            page.row,
            page.title
        );
    }
    let count = |action: Action| planned.iter().filter(|p| p.action == action).count();
    let _ = writeln!(
        out,
        "{}：{} 个活动，新建 {} 页，更新 {} 页，{} 页不变，{} 页手工改过未覆盖。",
        if dry_run {
            "检查完毕（--dry-run，没有写入任何文件）"
        } else {
            "导入完成"
        },
        planned.len(),
        count(Action::New),
        count(Action::Update),
        count(Action::Unchanged),
        count(Action::Kept),
    );
    let next = if dry_run {
        "去掉 --dry-run 再运行一次即可写入"
    } else {
        "用 xuezhou serve 预览，确认后 xuezhou build 发布"
    };
    let _ = writeln!(out, "下一步：{next}。");
    out
}

pub fn hidden_sheet(place: &Place, name: &str) -> Diagnostic {
    Diagnostic::error(
        place.to_string(),
        format!("工作表“{name}”是隐藏的，但里面有活动"),
    )
    .help("隐藏的表不导入：右键工作表标签 → 取消隐藏，确认后把活动放进要交的表里，或删去这张表")
}

pub fn empty_sheet(place: &Place) -> Diagnostic {
    Diagnostic::warning(place.to_string(), "这张表里没有活动")
        .help("在表头下面一行填一个活动；如果交错了文件，换成填好的那份")
}

pub fn no_header(file: &str) -> Diagnostic {
    Diagnostic::error(file, "找不到附件1 的表头（要有“活动名称”“日期”“时间”等列）")
        .help("用 xuezhou template schedule 生成的表格填写；或在活动上方加一行表头，写上各列的名称")
}

pub fn duplicate(row: &Row, earlier: &Row) -> Diagnostic {
    let same_file = row.place.file == earlier.place.file;
    let help = if same_file {
        "删去重复的一行；同一单位同一天办两场同名活动，请在名称里区分（如“第一场”“第二场”）"
    } else {
        "两个表格里都有这个活动，不会合并：只在一个表格里保留它"
    };
    Diagnostic::error(
        row.place.to_string(),
        format!(
            "“{}”和 {} 是同一活动（主办单位、活动名称、日期都相同）",
            row.event.title, earlier.place
        ),
    )
    .help(help)
}

pub fn hand_written(row: &Row, page: &Path) -> Diagnostic {
    Diagnostic::error(
        row.place.to_string(),
        format!(
            "网站里已有同一活动 {}（主办单位、活动名称、日期都相同），它不是从表格导入的",
            page.display()
        ),
    )
    .help("删去表格中的这一行；或者先移走那个网页，再导入")
}

pub fn edited(row: &Row, page: &Path) -> Diagnostic {
    Diagnostic::warning(
        page.display().to_string(),
        format!(
            "导入后被手工改过，表格中这一行（{}）的新内容没有写进去",
            row.place
        ),
    )
    .help("要用表格的内容覆盖它（手工改的会丢掉），加 --force 再导入；或者直接改这个网页文件")
}

pub fn moved(row: &Row, page: &Path, before: &str) -> Diagnostic {
    Diagnostic::warning(
        page.display().to_string(),
        format!("这个活动上次从 {before} 导入，这次按 {} 更新", row.place),
    )
    .help(format!(
        "同一活动只应出现在一个表格里；如果 {before} 里仍有这一行，请删去"
    ))
}

pub fn gone(page: &Existing) -> Diagnostic {
    let from = page.from.as_deref().unwrap_or("");
    Diagnostic::warning(
        page.rel.display().to_string(),
        format!("上次从 {from} 导入，这次的表格里没有这个活动了（活动名称、主办单位或日期改了，或删了这一行？）"),
    )
    .help("不再需要就删掉这个网页的文件夹；导入不会替您删除")
}

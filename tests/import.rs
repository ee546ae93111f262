//! `xuezhou import` and `xuezhou template schedule`: the 附件1 sheets towns send back, written by
//! programs other than ours (tests/fixtures/import/make.py: openpyxl, xlwt, a GBK CSV), read
//! into event pages; every mistake named by file, sheet and cell, with nothing written; importing
//! again is safe; and the site's own published 附件1 read back gives the same 附件1.

mod common;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use common::{copy_dir, diff, repo, snapshot, xuezhou_in, xuezhou_zh_in, Run, Site};
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    repo().join("tests/fixtures/import")
}

/// `xuezhou import FILES… ARGS --root SITE`, run in the fixtures folder so that messages name
/// the files as `town.xlsx`.
fn import(site: &Site, files: &[&str], args: &[&str]) -> Run {
    let root = site.root().to_string_lossy().into_owned();
    let mut all = vec!["import"];
    all.extend_from_slice(files);
    all.extend_from_slice(args);
    all.extend_from_slice(&["--root", &root]);
    xuezhou_zh_in(&fixtures(), all)
}

fn page(site: &Site, slug: &str) -> String {
    let path = site.path(&format!("content/events/{slug}/index.md"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A site with one event page of its own (not in any sheet), to see that nothing changes.
fn site_with_a_page() -> Site {
    let site = Site::bare();
    site.write(
        "content/events/x.md",
        &common::EVENT.replace("智慧助老手机课堂", "社区合唱团排练"),
    );
    site
}

/// The spreadsheet mistakes people make, each with the place and the words its message must
/// have. Every one stops the import with nothing written.
const MISTAKES: &[(&[&str], &str, &str)] = &[
    (
        &["town.xlsx"],
        "town.xlsx:活动安排表!K4: 错误[XZ-E608]：",
        "“湖塘”不是 site.toml 中的镇（街道）",
    ),
    (
        &["town.xlsx"],
        "town.xlsx:活动安排表!K4",
        "您是不是要找“湖塘镇”",
    ),
    (
        &["category.xlsx"],
        "category.xlsx:活动安排表!L4: 错误[XZ-E608]：",
        "“讲座活动”不是 site.toml 中的活动类别",
    ),
    (
        &["date.xlsx"],
        "date.xlsx:活动安排表!B5: 错误[XZ-E611]：",
        "看不懂日期“下周三”",
    ),
    (
        &["weekday.xlsx"],
        "weekday.xlsx:活动安排表!B5: 错误[XZ-E611]：",
        "12月5日 是周一，不是周六",
    ),
    (
        &["end-before-start.xlsx"],
        "end-before-start.xlsx:活动安排表!C5: 错误[XZ-E613]：",
        "早于开始",
    ),
    (
        &["empty-title.xlsx"],
        "empty-title.xlsx:活动安排表!D6: 错误[XZ-E607]：",
        "“活动名称”没有填",
    ),
    (
        &["free.xlsx"],
        "free.xlsx:活动安排表!I4: 错误[XZ-E610]：",
        "“可能”不是 是 或 否",
    ),
    (
        &["merged.xlsx"],
        "merged.xlsx:活动安排表!K4: 错误[XZ-E605]：",
        "K4:K5 是合并单元格",
    ),
    (
        &["extra-column.xlsx"],
        "extra-column.xlsx:活动安排表!Q3: 错误[XZ-E619]：",
        "“备注”不是附件1 的列",
    ),
    (
        &["missing-column.xlsx"],
        "missing-column.xlsx:活动安排表!A3: 错误[XZ-E620]：",
        "缺少“主办单位”列",
    ),
    (
        &["hidden-sheet.xlsx"],
        "hidden-sheet.xlsx:Sheet2!A4: 错误[XZ-E601]：",
        "工作表“Sheet2”是隐藏的",
    ),
    // Read as GBK: the cell's Chinese is right in the message, and the town suggested.
    (
        &["gbk.csv"],
        "gbk.csv:K2: 错误[XZ-E608]：",
        "“湖塘”不是 site.toml 中的镇（街道）",
    ),
    (
        &["online-without-address.xlsx"],
        "online-without-address.xlsx:活动安排表!N5: 错误[XZ-E616]：",
        "没有写线上参加的网址",
    ),
    (
        &["capacity.xlsx"],
        "capacity.xlsx:活动安排表!O4: 错误[XZ-E609]：",
        "“很多”不是人数",
    ),
    (
        &["duplicate-a.xlsx", "duplicate-b.xlsx"],
        "duplicate-b.xlsx:活动安排表!D5: 错误[XZ-E603]：",
        "和 duplicate-a.xlsx:活动安排表!D4 是同一活动",
    ),
];

#[test]
fn every_mistake_is_named_by_file_sheet_and_cell_and_nothing_is_written() {
    for (files, place, words) in MISTAKES {
        let site = site_with_a_page();
        let before = snapshot(site.root());
        let run = import(&site, files, &[]);
        run.expect_code(1)
            .says(place)
            .says(words)
            .says("没有写入任何文件");
        // The words are said at that place: in its message or in the help under it.
        let at = place.split(": 错误").next().unwrap_or(place);
        let lines: Vec<&str> = run.stderr.lines().collect();
        let said = lines.iter().enumerate().any(|(i, l)| {
            l.starts_with(at)
                && (l.contains(words) || lines.get(i + 1).is_some_and(|h| h.contains(words)))
        });
        assert!(said, "{files:?}: {}", run.stderr);
        assert!(
            diff(&before, &snapshot(site.root())).is_empty(),
            "{files:?} wrote something"
        );
        // One mistake, one message: a row at fault is not reported again by later checks.
        assert!(
            run.stderr.contains("共 1 个错误"),
            "{files:?}:\n{}",
            run.stderr
        );
    }
}

#[test]
fn a_bad_sheet_is_reported_in_english_under_lang_en() {
    let site = site_with_a_page();
    let root = site.root().to_string_lossy().into_owned();
    let files = ["missing-column.xlsx", "town.xlsx", "date.xlsx"];
    let mut args = vec!["import"];
    args.extend_from_slice(&files);
    args.extend_from_slice(&["--root", &root]);
    let run = xuezhou_in(&fixtures(), args);
    run.expect_code(1)
        .says("missing-column.xlsx:活动安排表!A3: error[XZ-E620]: ")
        .says("has no \"主办单位\" column")
        .says("town.xlsx:活动安排表!K4: error[XZ-E608]: ")
        .says("\"湖塘\" is not one of the towns (streets) in site.toml")
        .says("did you mean \"湖塘镇\"?")
        .says("date.xlsx:活动安排表!B5: error[XZ-E611]: ")
        .says("cannot read the date \"下周三\"")
        .says("no file was written");
    for chinese in [
        "缺少“",
        "不是 site.toml 中的",
        "您是不是要找",
        "看不懂日期",
        "没有写入任何文件",
        "错误",
    ] {
        assert!(!run.stderr.contains(chinese), "{chinese}:\n{}", run.stderr);
    }
}

#[test]
fn the_mistakes_of_every_file_are_reported_at_once() {
    let site = site_with_a_page();
    let mut files: Vec<&str> = MISTAKES
        .iter()
        .flat_map(|(files, _, _)| files.iter().copied())
        .collect();
    files.dedup();
    let before = snapshot(site.root());
    let run = import(&site, &files, &["--dry-run"]);
    run.expect_code(1);
    for (_, place, _) in MISTAKES {
        run.says(place);
    }
    assert!(diff(&before, &snapshot(site.root())).is_empty());
}

#[test]
fn a_workbook_from_openpyxl_becomes_pages_that_build() {
    let site = Site::bare();
    import(&site, &["good.xlsx"], &["--dry-run"])
        .ok()
        .says("将新建 content/events/zhi-hui-zhu-lao-shou-ji-ke-tang/index.md");
    assert!(
        !site.path("content/events").exists(),
        "--dry-run wrote pages"
    );
    import(&site, &["good.xlsx"], &[]).ok().says("新建 3 页");
    // A real date cell and a real time cell; audiences separated by 、; a phone number stored
    // as a number; the 简介 as the body.
    let first = page(&site, "zhi-hui-zhu-lao-shou-ji-ke-tang");
    for line in [
        "start: 2022-12-03 09:30 ",
        "audience: [老年人, 社区居民]",
        "contact: \"13812345678\"",
        "free: 是 ",
        "capacity: 40 ",
        "town: 湖塘镇 ",
        "category: 培训 ",
        "draft: false",
        "  from: good.xlsx",
    ] {
        assert!(first.contains(line), "{line:?} missing:\n{first}");
    }
    assert!(
        first.ends_with("---\n\n## 活动简介\n\n教老年朋友用智能手机挂号、买菜。\n"),
        "{first}"
    );
    // Text typed in the cells: 12月5日, 14:00-16:30, 社区居民，青少年, 60人, 线上线下结合.
    let second = page(&site, "jia-ting-jiao-yu-jiang-zuo");
    for line in [
        "start: 2022-12-05 14:00 ",
        "end: 2022-12-05 16:30 ",
        "audience: [社区居民, 青少年]",
        "format: hybrid ",
        "online_url: https://example.org/live ",
        "capacity: 60 ",
    ] {
        assert!(second.contains(line), "{line:?} missing:\n{second}");
    }
    let third = page(&site, "zhong-shen-xue-xi-cheng-guo-zhan");
    assert!(
        third.contains("start: 2022-12-02 ") && third.contains("end: 2022-12-08 "),
        "{third}"
    );
    site.build().ok();
    let csv =
        std::fs::read_to_string(site.out().join("tables/schedule.csv")).expect("schedule.csv");
    for row in [
        "12月3日 周六,09:30,智慧助老手机课堂,线下,湖塘镇社区教育中心二楼,湖塘镇社区教育中心,老年人、社区居民,是,13812345678",
        "12月5日 周一,14:00—16:30,家庭教育讲座,线上线下结合,牛塘镇文化中心；线上：https://example.org/live,牛塘镇社区教育中心,社区居民、青少年,否",
        "12月2日—12月8日,全天,终身学习成果展,线下,区图书馆一楼展厅,武进区图书馆,,是,",
    ] {
        assert!(csv.contains(row), "{row:?} not in\n{csv}");
    }
}

/// A page's text without the two lines that name its source file and fingerprint.
fn without_source(text: &str) -> String {
    text.lines()
        .filter(|l| !l.starts_with("  from: ") && !l.starts_with("  hash: "))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn an_xls_workbook_from_xlwt_reads_like_the_xlsx() {
    let (xlsx, xls) = (Site::bare(), Site::bare());
    import(&xlsx, &["good.xlsx"], &[]).ok();
    import(&xls, &["good.xls"], &[]).ok();
    for slug in [
        "zhi-hui-zhu-lao-shou-ji-ke-tang",
        "jia-ting-jiao-yu-jiang-zuo",
        "zhong-shen-xue-xi-cheng-guo-zhan",
    ] {
        assert_eq!(
            without_source(&page(&xlsx, slug)),
            without_source(&page(&xls, slug)),
            "{slug}"
        );
    }
}

#[test]
fn importing_again_is_safe() {
    let site = Site::bare();
    import(&site, &["good.xlsx"], &[]).ok();
    let first = snapshot(site.root());
    // The same file twice: nothing new, nothing changed.
    import(&site, &["good.xlsx"], &[])
        .ok()
        .says("新建 0 页，更新 0 页，3 页不变");
    assert!(diff(&first, &snapshot(site.root())).is_empty());
    // A corrected file: only its changed row's page changes.
    import(&site, &["good-corrected.xlsx"], &[])
        .ok()
        .says("更新 1 页");
    let changed = diff(&first, &snapshot(site.root()));
    assert_eq!(
        changed,
        ["changed: content/events/jia-ting-jiao-yu-jiang-zuo/index.md"]
    );
    assert!(page(&site, "jia-ting-jiao-yu-jiang-zuo").contains("start: 2022-12-05 14:30 "));
}

#[test]
fn a_page_edited_by_hand_is_kept_without_force() {
    let site = Site::bare();
    import(&site, &["good.xlsx"], &[]).ok();
    let rel = "content/events/jia-ting-jiao-yu-jiang-zuo/index.md";
    let edited =
        page(&site, "jia-ting-jiao-yu-jiang-zuo").replace("summary:  ", "summary: 家长必听 ");
    assert!(edited.contains("summary: 家长必听"));
    site.write(rel, &edited);
    // The row as it was imported: the hand edit stays, silently.
    import(&site, &["good.xlsx"], &[]).ok().says("3 页不变");
    assert_eq!(page(&site, "jia-ting-jiao-yu-jiang-zuo"), edited);
    // The row changed: the page is kept, and the warning names it.
    import(&site, &["good-corrected.xlsx"], &[])
        .ok()
        .says(&format!("{rel}: 警告[XZ-W602]：导入后被手工改过"))
        .says("--force");
    assert_eq!(page(&site, "jia-ting-jiao-yu-jiang-zuo"), edited);
    // --force: the sheet wins.
    import(&site, &["good-corrected.xlsx"], &["--force"])
        .ok()
        .says("更新 1 页");
    let forced = page(&site, "jia-ting-jiao-yu-jiang-zuo");
    assert!(
        forced.contains("start: 2022-12-05 14:30 ") && !forced.contains("家长必听"),
        "{forced}"
    );
}

#[test]
fn a_row_of_a_page_written_by_hand_is_reported() {
    let site = Site::bare();
    // The same 主办单位, 活动名称 and day as good.xlsx's first row.
    site.write("content/events/shouji.md", common::EVENT);
    let before = snapshot(site.root());
    import(&site, &["good.xlsx"], &[]).expect_code(1).says(
        "good.xlsx:活动安排表!D4: 错误[XZ-E604]：网站里已有同一活动 content/events/shouji.md",
    );
    assert!(diff(&before, &snapshot(site.root())).is_empty());
}

/// The rows of a schedule.xlsx as text, under its header (row 3).
fn xlsx_rows(path: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).expect("schedule.xlsx");
    let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("an xlsx");
    let range = book.worksheet_range("主要活动安排表").expect("the sheet");
    range
        .rows()
        .skip(2)
        .map(|row| {
            row.iter()
                .map(|c| match c {
                    Data::Float(f) => f.to_string(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

/// A site with the demo's site.toml and theme and no content.
fn empty_demo_site() -> Site {
    let site = Site::empty();
    site.write(
        "site.toml",
        &std::fs::read_to_string(repo().join("site.toml")).expect("site.toml"),
    );
    copy_dir(&repo().join("themes/default"), &site.path("themes/default"));
    site
}

#[test]
fn the_demo_schedule_round_trips_through_xlsx_and_csv() {
    // The demo, built with one photo size (the round trip is about the tables).
    let demo = empty_demo_site();
    copy_dir(&repo().join("content"), &demo.path("content"));
    let toml = std::fs::read_to_string(demo.path("site.toml")).expect("site.toml");
    demo.write(
        "site.toml",
        &toml
            .replace("widths = [480, 960, 1600]", "widths = [480]")
            .replace("webp = true", "webp = false"),
    );
    demo.build().ok();
    let tables = demo.out().join("tables");
    for file in ["schedule.xlsx", "schedule.csv"] {
        let site = empty_demo_site();
        let source = tables.join(file).to_string_lossy().into_owned();
        // The published 附件1 has no town or category column: given for every row.
        let root = site.root().to_string_lossy().into_owned();
        xuezhou_zh_in(
            site.root(),
            [
                "import",
                &source,
                "--town",
                "区直单位",
                "--category",
                "其他",
                "--root",
                &root,
            ],
        )
        .ok();
        site.build().ok();
        let again = site.out().join("tables");
        assert_eq!(
            std::fs::read_to_string(again.join("schedule.csv")).expect("csv"),
            std::fs::read_to_string(tables.join("schedule.csv")).expect("csv"),
            "{file}: 附件1 as CSV differs"
        );
        assert_eq!(
            xlsx_rows(&again.join("schedule.xlsx")),
            xlsx_rows(&tables.join("schedule.xlsx")),
            "{file}"
        );
    }
}

#[test]
fn the_template_is_what_import_reads() {
    let site = Site::bare();
    let root = site.root().to_string_lossy().into_owned();
    xuezhou_zh_in(
        site.root(),
        ["template", "schedule", "t.xlsx", "--root", &root],
    )
    .ok();
    let bytes = std::fs::read(site.path("t.xlsx")).expect("the template");
    let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("an xlsx");
    let names: Vec<(String, bool)> = book
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.visible == calamine::SheetVisible::Visible))
        .collect();
    assert_eq!(
        names,
        [
            ("活动安排表".to_string(), true),
            ("填写说明".to_string(), true),
            ("下拉选项".to_string(), false)
        ]
    );
    let form = book.worksheet_range("活动安排表").expect("the form");
    let title = form
        .get_value((1, 0))
        .map(|d| d.to_string())
        .unwrap_or_default();
    assert_eq!(title, "测试活动周主要活动安排表（2022年12月2日—12月8日）");
    let header: Vec<String> = (0..16)
        .map(|c| {
            form.get_value((2, c))
                .map(|d| d.to_string())
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(
        &header[..10],
        [
            "序号",
            "日期",
            "时间",
            "活动名称",
            "活动形式",
            "地点",
            "主办单位",
            "面向对象",
            "是否免费",
            "联系方式"
        ]
    );
    assert!(header.contains(&"所在镇（街道）".to_string()) && header.contains(&"简介".to_string()));
    let lists = book.worksheet_range("下拉选项").expect("the lists");
    assert_eq!(
        lists.get_value((1, 0)).map(|d| d.to_string()),
        Some("湖塘镇".into())
    );
    let guide = book.worksheet_range("填写说明").expect("the guide");
    assert!(guide
        .rows()
        .any(|r| r.iter().any(|c| c.to_string().contains("12月2日—12月8日"))));
    // The blank template imports as no events, with a warning; a second template is refused.
    xuezhou_zh_in(site.root(), ["import", "t.xlsx", "--root", &root])
        .ok()
        .says("没有活动");
    xuezhou_zh_in(
        site.root(),
        ["template", "schedule", "t.xlsx", "--root", &root],
    )
    .expect_code(1)
    .says("已经存在");
}

#[test]
fn a_page_whose_row_left_its_file_is_named_not_deleted() {
    let site = Site::bare();
    import(&site, &["good.xlsx"], &[]).ok();
    // good.xlsx sent again with only its first row (the others corrected away or deleted).
    let again = site.path("returns/good.xlsx");
    std::fs::create_dir_all(again.parent().expect("a folder")).expect("mkdir");
    std::fs::copy(fixtures().join("duplicate-a.xlsx"), &again).expect("copy");
    let run = xuezhou_zh_in(site.root(), ["import", "returns/good.xlsx", "--root", "."]);
    run.ok()
        .says("content/events/jia-ting-jiao-yu-jiang-zuo/index.md: 警告[XZ-W604]：上次从 good.xlsx 导入，这次的表格里没有这个活动了")
        .says("content/events/zhong-shen-xue-xi-cheng-guo-zhan/index.md: 警告[XZ-W604]：")
        .says("1 页不变");
    assert!(site
        .path("content/events/jia-ting-jiao-yu-jiang-zuo/index.md")
        .is_file());
}

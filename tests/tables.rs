//! 附件1 主要活动安排表 and 附件2 情况统计表 on the fixture site (six events, three towns), read
//! back from the CSV with the `csv` reader and from the XLSX with `calamine`, and compared with
//! figures worked out by hand from tests/fixtures/calendar-site/content/events/:
//!
//! | event      | town     | category | format  | free  | capacity | participants |
//! |------------|----------|----------|---------|-------|----------|--------------|
//! | midnight   | 湖塘镇   | 讲座     | offline | yes   | 30       | 25           |
//! | outside    | 湖塘镇   | 其他     | offline | (—)   | 20       | —            |
//! | allday     | 湖塘镇   | 培训     | offline | yes   | —        | —            |
//! | online     | 牛塘镇   | 讲座     | online  | yes   | 500      | —            |
//! | punct      | 牛塘镇   | 培训     | hybrid  | no    | 40       | 38           |
//! | exhibition | 区直单位 | 展览     | offline | yes   | 1000     | 800          |

mod support_calendar;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use support_calendar::{build_site, built, fixture, read};

const STAT_HEADER: [&str; 12] = [
    "镇（街道）",
    "活动总数",
    "讲座",
    "培训",
    "展览",
    "其他",
    "线上",
    "线下",
    "线上线下结合",
    "免费场次",
    "计划名额（人）",
    "参加人数（人）",
];

fn stat_rows() -> Vec<Vec<String>> {
    let rows: [(&str, [u64; 11]); 4] = [
        //            total 讲座 培训 展览 其他 线上 线下 混合 免费 名额  参加
        ("湖塘镇", [3, 1, 1, 0, 1, 0, 3, 0, 2, 50, 25]),
        ("牛塘镇", [2, 1, 1, 0, 0, 1, 0, 1, 1, 540, 38]),
        ("区直单位", [1, 0, 0, 1, 0, 0, 1, 0, 1, 1000, 800]),
        ("合计", [6, 2, 2, 1, 1, 1, 4, 1, 4, 1590, 863]),
    ];
    rows.iter()
        .map(|(t, n)| {
            std::iter::once(t.to_string())
                .chain(n.iter().map(|x| x.to_string()))
                .collect()
        })
        .collect()
}

fn schedule_rows() -> Vec<Vec<&'static str>> {
    vec![
        vec![
            "1",
            "12月2日—12月8日",
            "全天",
            "全民终身学习成果展",
            "线下",
            "区图书馆一楼展厅",
            "武进区图书馆",
            "社区居民",
            "是",
            "钱老师 0519-86000002",
        ],
        vec![
            "2",
            "12月2日—12月3日",
            "12月2日 23:30—12月3日 01:00",
            "跨夜观星讲座",
            "线下",
            "湖塘镇天文台",
            "湖塘镇社区教育中心",
            "社区居民、青少年",
            "是",
            "张老师 0519-86000001",
        ],
        vec![
            "3",
            "12月4日 周日",
            "09:00—11:30",
            "智慧助老, 第一期; 手机\\课堂",
            "线上线下结合",
            "牛塘镇文化站, 三楼; 多功能厅；线上：https://live.example.org/room/7",
            "牛塘镇老年大学, 社区学校",
            "老年人",
            "否",
            "王老师; 0519-86000004, 李老师",
        ],
        vec![
            "4",
            "12月5日 周一",
            "19:30—21:00",
            "线上家庭教育讲座",
            "线上",
            "线上：https://live.example.org/room/42",
            "牛塘镇社区教育中心",
            "社区居民",
            "是",
            "孙老师 0519-86000003",
        ],
        vec![
            "5",
            "12月6日 周二",
            "全天",
            "家政技能全天培训",
            "线下",
            "湖塘镇成人教育中心",
            "湖塘镇成人教育中心",
            "社区居民",
            "是",
            "",
        ],
        vec![
            "6",
            "12月10日 周六",
            "14:00—16:00",
            "活动周之后的读书会",
            "线下",
            "湖塘镇图书馆",
            "湖塘镇图书馆",
            "",
            "",
            "",
        ],
    ]
}

fn read_csv(bytes: &[u8]) -> Vec<Vec<String>> {
    assert!(
        bytes.starts_with("\u{feff}".as_bytes()),
        "CSV starts with a byte-order mark"
    );
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&bytes[3..]);
    r.records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn cell(range: &calamine::Range<Data>, row: u32, col: u32) -> String {
    match range.get_value((row, col)) {
        None | Some(Data::Empty) => String::new(),
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) => {
            assert_eq!(f.fract(), 0.0);
            format!("{}", *f as i64)
        }
        Some(Data::Int(i)) => i.to_string(),
        Some(other) => panic!("unexpected cell {other:?}"),
    }
}

fn row(range: &calamine::Range<Data>, r: u32, n: usize) -> Vec<String> {
    (0..n as u32).map(|c| cell(range, r, c)).collect()
}

fn open_xlsx(bytes: Vec<u8>, sheet: &str) -> calamine::Range<Data> {
    let mut wb: Xlsx<_> =
        open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("the XLSX opens");
    assert_eq!(wb.sheet_names(), vec![sheet.to_string()]);
    wb.worksheet_range(sheet).unwrap()
}

#[test]
fn statistics_csv_and_xlsx_match_the_hand_count() {
    let (_dir, public) = built();
    let csv = read_csv(&std::fs::read(public.join("tables/statistics.csv")).unwrap());
    assert_eq!(csv[0], STAT_HEADER);
    assert_eq!(&csv[1..], &stat_rows()[..]);

    let x = open_xlsx(
        std::fs::read(public.join("tables/statistics.xlsx")).unwrap(),
        "情况统计表",
    );
    assert_eq!(cell(&x, 0, 0), "附件2");
    assert_eq!(cell(&x, 1, 0), "测试区2022年全民终身学习活动周情况统计表");
    // Two header rows: groups above, categories and formats below.
    assert_eq!(
        row(&x, 2, 12),
        [
            "镇（街道）",
            "活动总数",
            "活动类别（场次）",
            "",
            "",
            "",
            "活动形式（场次）",
            "",
            "",
            "免费场次",
            "计划名额（人）",
            "参加人数（人）"
        ]
    );
    assert_eq!(
        row(&x, 3, 12),
        [
            "",
            "",
            "讲座",
            "培训",
            "展览",
            "其他",
            "线上",
            "线下",
            "线上线下结合",
            "",
            "",
            ""
        ]
    );
    for (k, expected) in stat_rows().iter().enumerate() {
        assert_eq!(&row(&x, 4 + k as u32, 12), expected);
    }
    // Numbers are numbers, so that Excel can add them up.
    assert!(matches!(
        x.get_value((4, 1)),
        Some(Data::Float(_)) | Some(Data::Int(_))
    ));
}

#[test]
fn schedule_csv_and_xlsx_have_a_row_per_event() {
    let (_dir, public) = built();
    let csv = read_csv(&std::fs::read(public.join("tables/schedule.csv")).unwrap());
    assert_eq!(
        csv[0],
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
    assert_eq!(csv.len(), 7);
    for (k, expected) in schedule_rows().iter().enumerate() {
        assert_eq!(&csv[k + 1], expected, "row {}", k + 1);
    }

    let x = open_xlsx(
        std::fs::read(public.join("tables/schedule.xlsx")).unwrap(),
        "主要活动安排表",
    );
    assert_eq!(cell(&x, 0, 0), "附件1");
    assert_eq!(
        cell(&x, 1, 0),
        "测试区2022年全民终身学习活动周主要活动安排表"
    );
    assert_eq!(row(&x, 2, 10), csv[0]);
    for (k, expected) in schedule_rows().iter().enumerate() {
        assert_eq!(&row(&x, 3 + k as u32, 10), expected, "row {}", k + 1);
    }
    assert_eq!(cell(&x, 9, 0), "", "nothing after the last event");
}

#[test]
fn table_pages_are_accessible_html_tables() {
    let (_dir, public) = built();
    let html = read(&public, "tables/statistics/index.html");
    assert!(html.contains("<caption id=\"cap-statistics\">附件2"));
    assert!(html.contains("<th scope=\"col\" rowspan=\"2\">镇（街道）</th>"));
    assert!(html.contains("<th scope=\"colgroup\" colspan=\"4\">活动类别（场次）</th>"));
    assert!(html.contains("<th scope=\"row\">合计</th>"));
    assert!(html.contains("class=\"table-scroll\" role=\"region\""));
    assert!(html.contains(
        "href=\"/xuexizhou/2022/tables/statistics.xlsx\" download=\"附件2 情况统计表.xlsx\""
    ));
    assert!(html.contains("href=\"/xuexizhou/2022/tables/statistics.csv\""));
    assert!(html.contains("data-wechat-hint"));
    let html = read(&public, "tables/schedule/index.html");
    assert!(html.contains(
        "<th scope=\"row\"><a href=\"/xuexizhou/2022/events/midnight/\">跨夜观星讲座</a></th>"
    ));
    assert!(read(&public, "tables/index.html").contains("附件1"));
    assert!(
        read(&public, "index.html").contains("href=\"/xuexizhou/2022/tables/\""),
        "in the nav"
    );
    assert!(read(&public, "sitemap.xml").contains("tables/schedule/"));
}

#[test]
fn unpublished_tables_go_to_reports_and_not_to_the_site() {
    let dir = fixture();
    let toml = dir.path().join("site.toml");
    let text = std::fs::read_to_string(&toml)
        .unwrap()
        .replace("publish = true", "publish = false");
    std::fs::write(&toml, text).unwrap();
    // What a killed build left in reports/ (a process id no process has) goes with the next build.
    let reports = dir.path().join("reports");
    std::fs::create_dir_all(&reports).unwrap();
    let leftover = reports.join(".schedule.csv.xuezhou-new-4000000000");
    std::fs::write(&leftover, "half a table").unwrap();
    let (r, report) = build_site(dir.path());
    assert!(r.is_ok(), "{report}");
    assert!(
        !leftover.exists(),
        "a killed build's file in reports/ is removed"
    );
    for f in [
        "schedule.csv",
        "schedule.xlsx",
        "statistics.csv",
        "statistics.xlsx",
        "index.html",
    ] {
        assert!(reports.join(f).is_file(), "reports/{f}");
    }
    let csv = read_csv(&std::fs::read(reports.join("statistics.csv")).unwrap());
    assert_eq!(&csv[1..], &stat_rows()[..]);
    let index = std::fs::read_to_string(reports.join("index.html"))
        .unwrap()
        .replace("&#x2F;", "/");
    assert!(index.contains("href=\"statistics.xlsx\""));
    assert!(index.contains("https://example.org/xuexizhou/2022/events/midnight/"));
    // No temporary files left behind.
    assert_eq!(std::fs::read_dir(&reports).unwrap().count(), 5);

    let public = dir.path().join("public");
    assert!(!public.join("tables").exists());
    let mut stack = vec![public.clone()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let name = p.file_name().unwrap().to_string_lossy().to_string();
                assert!(
                    !name.ends_with(".csv") && !name.ends_with(".xlsx"),
                    "{}",
                    p.display()
                );
                if name.ends_with(".html") || name.ends_with(".xml") {
                    let text = std::fs::read_to_string(&p).unwrap();
                    assert!(
                        !text.contains("tables/"),
                        "{} links to the tables",
                        p.display()
                    );
                    assert!(!text.contains("统计表"), "{} names the tables", p.display());
                }
            }
        }
    }

    // A failed build writes nothing to reports/.
    let dir = fixture();
    let toml = dir.path().join("site.toml");
    let text = std::fs::read_to_string(&toml)
        .unwrap()
        .replace("publish = true", "publish = false");
    std::fs::write(&toml, text).unwrap();
    let bad = dir.path().join("content/events/bad.md");
    std::fs::write(&bad, "---\ntitle: 坏的\nstart: 2022-12-03\ntown: 不存在镇\norganizer: x\ncategory: 讲座\nvenue: y\n---\n").unwrap();
    let (r, report) = build_site(dir.path());
    assert!(r.is_err(), "{report}");
    assert!(!dir.path().join("reports").exists());
    assert!(!dir.path().join("public").exists());
}

#[test]
fn xlsx_is_the_same_bytes_on_every_build() {
    let (dir, public) = built();
    let first = std::fs::read(public.join("tables/statistics.xlsx")).unwrap();
    let (r, report) = build_site(dir.path());
    assert!(r.is_ok(), "{report}");
    assert_eq!(
        first,
        std::fs::read(public.join("tables/statistics.xlsx")).unwrap()
    );
}

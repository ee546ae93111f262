//! Issue 11: never publish what staff did not approve, and nothing a spreadsheet would run.
//! Drafts however `draft:` is written, formulas in the CSV tables, counts too large to add up,
//! calendar UIDs of two events with one slug, and usage errors of `--base-url` and `--bind`.

mod common;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use common::*;

/// An event page titled `title` (front matter as `EVENT`, `extra` lines added).
fn event(title: &str, extra: &str) -> String {
    EVENT.replacen(
        "title: 智慧助老手机课堂\n",
        &format!("title: {title}\n{extra}"),
        1,
    )
}

/// Every file of the output whose bytes contain `needle` (ASCII, any case).
fn files_mentioning(out: &std::path::Path, needle: &str) -> Vec<String> {
    let needle = needle.to_ascii_lowercase();
    walk(out)
        .into_iter()
        .filter(|p| p.is_file())
        .filter(|p| {
            let bytes = std::fs::read(p).unwrap().to_ascii_lowercase();
            bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
        })
        .map(|p| p.display().to_string())
        .collect()
}

const DRAFT_SPELLINGS: &[&str] = &[
    "true",
    "True",
    "yes",
    "Yes",
    "y",
    "on",
    "1",
    "是",
    "对",
    "\"是\"",
    "ＹＥＳ",
    "１",
];
const NOT_DRAFT_SPELLINGS: &[&str] = &["false", "no", "n", "off", "0", "否", "错", "No"];

#[test]
fn a_draft_is_a_draft_however_it_is_written() {
    let s = Site::new();
    for (i, spelling) in DRAFT_SPELLINGS.iter().enumerate() {
        s.write(
            &format!("content/events/secret-{i}.md"),
            &event(&format!("Secretdraft {i}"), &format!("draft: {spelling}\n")),
        );
    }
    for (i, spelling) in NOT_DRAFT_SPELLINGS.iter().enumerate() {
        s.write(
            &format!("content/events/open-{i}.md"),
            &event(&format!("Opentitle {i}"), &format!("draft: {spelling}\n")),
        );
    }
    s.build().ok();
    // Not a page, nor in the lists, sitemap, search index, feed, tables or calendar.
    for needle in ["secret-", "secretdraft"] {
        let found = files_mentioning(&s.out(), needle);
        assert!(found.is_empty(), "a draft is published in {found:?}");
    }
    for (i, spelling) in NOT_DRAFT_SPELLINGS.iter().enumerate() {
        assert!(
            s.out()
                .join(format!("events/open-{i}/index.html"))
                .is_file(),
            "draft: {spelling} is published"
        );
    }
    let csv = s.read("tables/schedule.csv");
    assert!(csv.contains("Opentitle 0"), "{csv}");

    // With --drafts, every one of them is published.
    s.run(&["build", "--drafts"]).ok();
    for i in 0..DRAFT_SPELLINGS.len() {
        let page = s.read(&format!("events/secret-{i}/index.html"));
        assert!(page.contains(&format!("Secretdraft {i}")));
    }
    assert!(s.read("calendar/week.ics").contains("Secretdraft 0"));
    assert!(s.read("sitemap.xml").contains("secret-0"));
}

#[test]
fn a_draft_value_that_is_neither_yes_nor_no_is_an_error_listing_the_accepted_ones() {
    let s = Site::new();
    s.write(
        "content/events/unsure.md",
        &event("Unsuretitle", "draft: 草稿\n"),
    );
    let r = s.build();
    r.expect_code(1)
        .says("content/events/unsure.md:3:8: error[XZ-E103]: `draft` must be true or false, not \"草稿\"")
        .says("是/否");
    assert!(!s.out().exists(), "nothing was published");
    // The same reading for every yes-or-no field.
    s.write(
        "content/events/unsure.md",
        &EVENT.replace("free: true", "free: 收费"),
    );
    s.build()
        .expect_code(1)
        .says("`free` must be true or false, not \"收费\"");
    s.write(
        "content/events/unsure.md",
        &EVENT.replace("free: true", "free: 否\nlaunch: 是"),
    );
    s.build().ok();
    let csv = s.read("tables/schedule.csv");
    assert!(csv.contains(",否,"), "free: 否 reads as not free\n{csv}");
}

fn read_csv(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = std::str::from_utf8(bytes).unwrap();
    let text = text.strip_prefix('\u{feff}').unwrap();
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

#[test]
fn tables_never_carry_a_formula_a_spreadsheet_would_run() {
    let title = r#"=HYPERLINK("http://evil.example/","点击报名")"#;
    let risky: &[(&str, &str)] = &[
        ("title", title),
        ("organizer", "@SUM(1+1)"),
        ("venue", "-2+3"),
        ("contact", "+86 138 0000 0000"),
    ];
    let s = Site::new();
    let mut page = EVENT.to_string();
    for (field, value) in risky {
        let line = page
            .lines()
            .find(|l| l.starts_with(&format!("{field}:")))
            .unwrap()
            .to_string();
        page = page.replace(&line, &format!("{field}: '{value}'"));
    }
    s.write("content/events/x.md", &page);
    s.build().ok();

    let rows = read_csv(&std::fs::read(s.out().join("tables/schedule.csv")).unwrap());
    let row = &rows[1];
    assert_eq!(row[3], format!("'{title}"));
    assert_eq!(row[5], "'-2+3");
    assert_eq!(row[6], "'@SUM(1+1)");
    assert_eq!(row[9], "'+86 138 0000 0000");
    // Plain values are left as they are.
    assert_eq!(row[1], "12月3日 周六");

    // The XLSX holds each value as a plain string, never a formula.
    let bytes = std::fs::read(s.out().join("tables/schedule.xlsx")).unwrap();
    let mut wb: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let range = wb.worksheet_range("主要活动安排表").unwrap();
    let formulas = wb.worksheet_formula("主要活动安排表").unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no formula in the workbook"
    );
    let cells: Vec<&Data> = range.used_cells().map(|(_, _, d)| d).collect();
    for (_, value) in risky {
        assert!(
            cells.contains(&&Data::String(value.to_string())),
            "{value} is a string cell in the XLSX"
        );
    }
}

#[test]
fn counts_of_people_have_a_ceiling_named_at_their_line() {
    let s = Site::new();
    s.write(
        "content/events/x.md",
        &EVENT.replace("capacity: 40", "capacity: 18446744073709551615"),
    );
    s.write(
        "content/events/y.md",
        &EVENT.replace("capacity: 40", "capacity: 18446744073709551615"),
    );
    let r = s.build();
    r.expect_code(1)
        .says("content/events/x.md:11:11: error[XZ-E105]: `capacity` is 18446744073709551615, more people than one event can have (at most 1,000,000)")
        .says("content/events/y.md:11:11: error[XZ-E105]: `capacity`")
        .says("= help: check the number");
    assert!(!s.out().exists());

    // At the ceiling, the totals add up.
    s.write(
        "content/events/x.md",
        &EVENT.replace("capacity: 40", "capacity: 1000000\nparticipants: 1000000"),
    );
    s.write(
        "content/events/y.md",
        &EVENT.replace("capacity: 40", "capacity: 1000000\nparticipants: 1000001"),
    );
    s.build()
        .expect_code(1)
        .says("content/events/y.md:12:15: error[XZ-E105]: `participants` is 1000001");
    s.write(
        "content/events/y.md",
        &EVENT.replace("capacity: 40", "capacity: 1000000"),
    );
    s.build().ok();
    let rows = read_csv(&std::fs::read(s.out().join("tables/statistics.csv")).unwrap());
    let total = rows.last().unwrap();
    assert_eq!(total[0], "合计");
    let n = total.len();
    assert_eq!(total[n - 2], "2000000");
    assert_eq!(total[n - 1], "1000000");
}

#[test]
fn two_events_with_one_slug_have_distinct_stable_calendar_uids() {
    let s = Site::new();
    s.write("content/events/2022/x.md", &event("去年的同名活动", ""));
    s.build().ok();
    let uids = |text: &str| -> Vec<String> {
        text.lines()
            .filter_map(|l| l.strip_prefix("UID:"))
            .map(String::from)
            .collect()
    };
    let week = uids(&s.read("calendar/week.ics"));
    assert_eq!(week.len(), 2, "{week:?}");
    assert_ne!(week[0], week[1], "one UID for two events");
    let one = uids(&s.read("events/x/event.ics"));
    let other = uids(&s.read("events/2022/x/event.ics"));
    assert_eq!(
        one,
        vec!["x@example.org".to_string()],
        "unchanged for events/x.md"
    );
    assert_eq!(other, vec!["2022.x@example.org".to_string()]);
    assert!(week.contains(&one[0]) && week.contains(&other[0]));
    // The same on the next build.
    s.build().ok();
    assert_eq!(uids(&s.read("calendar/week.ics")), week);
}

#[test]
fn a_bad_base_url_flag_is_a_usage_error() {
    let s = Site::new();
    for bad in [
        "not-a-url",
        "https://",
        "ftp://example.org/",
        "https://exa mple.org/",
    ] {
        let r = s.run(&["build", "--base-url", bad]);
        r.expect_code(2).says("--base-url").says("https://");
        assert!(!s.out().exists(), "{bad}: nothing was built");
    }
    s.run(&["build", "--base-url", "https://example.net/week/"])
        .ok();
    assert!(s.read("sitemap.xml").contains("https://example.net/week/"));
}

#[test]
fn a_bad_bind_address_is_a_usage_error() {
    let s = Site::new();
    // Refused while the command line is read: no server starts.
    let r = s.run(&["serve", "--bind", "foo"]);
    r.expect_code(2).says("--bind").says("not an IP address");
}

#[test]
fn a_sections_intro_marked_as_a_draft_is_not_published() {
    let s = Site::new();
    s.write("content/events/a.md", EVENT);
    s.write(
        "content/events/_index.md",
        "---\ntitle: Secretlisttitle\ndraft: Yes\n---\n\nSecretintro of the events.\n",
    );
    s.write(
        "content/news/_index.md",
        "---\ntitle: 新闻\ndraft: 是\n---\n\nSecretnews intro.\n",
    );
    s.write(
        "content/news/one.md",
        "---\ntitle: 一条新闻\n---\n\n正文。\n",
    );
    s.write(
        "content/_index.md",
        "---\ntitle: 首页\ndraft: \"TRUE\"\n---\n\nSecrethome intro.\n",
    );
    s.build()
        .ok()
        .says("content/events/_index.md:3:8: warning[XZ-W103]: this section's title and intro are a draft");
    for needle in ["secretlisttitle", "secretintro", "secretnews", "secrethome"] {
        let found = files_mentioning(&s.out(), needle);
        assert!(
            found.is_empty(),
            "{needle}: a draft intro is published in {found:?}"
        );
    }
    assert!(s.out().join("news/one/index.html").is_file());
    s.run(&["build", "--drafts"]).ok();
    assert!(s.read("events/index.html").contains("Secretintro"));
}

#[test]
fn infinity_and_not_a_number_are_named_not_taken_as_empty() {
    let s = Site::new();
    s.write("content/events/a.md", &event("Nanpage", "draft: .nan\n"));
    s.write(
        "content/events/b.md",
        &EVENT.replace("capacity: 40", "capacity: .inf"),
    );
    s.build()
        .expect_code(1)
        .says(
            "content/events/a.md:3:8: error[XZ-E103]: `draft` must be true or false, not \".nan\"",
        )
        .says("content/events/b.md:")
        .says("`capacity` must be a whole number, not \".inf\"");
    assert!(!s.out().exists(), "nothing was published");
}

//! What a reader on a phone gets, as far as the built HTML shows it (issue 15): counts that say
//! what they count and match the page they link to, dated cards where no day heading dates
//! them, each page linking only the stylesheets and scripts it uses, covers that load first,
//! print views with their icon, a sitemap without empty term pages, and table cells that carry
//! their column's name for the phone's card layout. Where it looks in a browser is checked by
//! the browser suite (browser/tests/first-screen, counts, assets, tables).

mod common;
mod support_calendar;

use common::{Site, EVENT};
use support_calendar::{build_site, fixture};

/// A built page's HTML, with `/` as written (Tera may escape it as `&#x2F;`).
fn read(public: &std::path::Path, rel: &str) -> String {
    support_calendar::read(public, rel).replace("&#x2F;", "/")
}

/// The number in the first "TEXT N 项" after `from` in `html`.
fn count_after(html: &str, from: &str) -> usize {
    let at = html
        .find(from)
        .unwrap_or_else(|| panic!("no {from:?} in the page"));
    let rest = &html[at + from.len()..];
    let digits: String = rest
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("no number after {from:?}: {}", &rest[..rest.len().min(60)]))
}

/// The addresses of the event pages a piece of HTML links to, each once.
fn event_links(html: &str) -> std::collections::BTreeSet<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .filter(|h| h.contains("/events/") && h.ends_with('/') && !h.ends_with("/events/"))
        .map(String::from)
        .collect()
}

/// The fixture site (five events in the week, one after it), with the one after it marked free,
/// so that every count has an event outside the week to leave out or count apart.
fn fixture_built() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = fixture();
    let outside = dir.path().join("content/events/outside.md");
    let text = std::fs::read_to_string(&outside).unwrap();
    std::fs::write(&outside, text.replacen("---\n", "---\nfree: true\n", 1)).unwrap();
    let (r, report) = build_site(dir.path());
    assert!(r.is_ok(), "the fixture site should build:\n{report}");
    let public = dir.path().join("public");
    (dir, public)
}

#[test]
fn the_week_counts_its_own_events_and_those_outside_apart() {
    let (_dir, public) = fixture_built();
    let home = read(&public, "index.html");
    assert_eq!(count_after(&home, "，共"), 5, "home: the week's events");
    assert!(
        home.contains("另有 <a href=\"/xuexizhou/2022/events/#other-dates\">1 项在活动周以外</a>"),
        "{home}"
    );

    let cal = read(&public, "calendar/index.html");
    assert_eq!(count_after(&cal, "，共"), 5, "calendar: the week's events");
    let week =
        &cal[cal.find("class=\"cal-week\"").unwrap()..cal.find("id=\"other-dates\"").unwrap()];
    assert_eq!(event_links(week).len(), 5, "the grid lists the five");
    assert!(cal.contains("另有 <a href=\"#other-dates\">1 项在活动周以外</a>"));
    assert_eq!(
        count_after(&cal, "活动周以外的活动 <small class=\"cal-count\">"),
        1
    );

    let print = read(&public, "calendar/print/index.html");
    assert_eq!(count_after(&print, " · 共"), 5, "print: the week's events");
    assert!(print.contains("另有 1 项在活动周以外（列在最后）"));
    assert_eq!(count_after(&print, "活动周以外的活动　<small>"), 1);

    let events = read(&public, "events/index.html");
    assert_eq!(count_after(&events, "活动周内共"), 5);
    assert_eq!(count_after(&events, "活动周以外的活动 <small>"), 1);
}

#[test]
fn filter_links_show_the_count_of_the_page_they_open() {
    let (_dir, public) = fixture_built();
    // 12-06 has two events (the all-week exhibition of 区直单位, and an all-day course in
    // 湖塘镇); 湖塘镇 has three, one of them after the week; five events are free, one of
    // them after the week.
    let day = read(&public, "calendar/2022-12-06/index.html");
    assert_eq!(count_after(&day, "这一天共"), 2);
    let links = &day[day.find("data-filter-links").unwrap()..];
    assert!(
        links.contains("不只这一天的"),
        "the links say they lead past the day"
    );
    assert!(
        !links.contains("整周"),
        "nothing says 整周 of a count that is not the week's"
    );
    let town = "湖塘镇 <small>共 ";
    assert_eq!(count_after(links, town), 3);
    let term = read(&public, "towns/hutangzhen/index.html");
    assert_eq!(
        count_after(&term, "<p>共"),
        3,
        "the term page says the same"
    );
    assert_eq!(event_links(&term[term.find("<main").unwrap()..]).len(), 3);
    assert!(term.contains("活动周内 2 项"), "{term}");
    assert!(term.contains("活动周以外 1 项"));

    // The free events of the whole site: the week's calendar gives their count, which the free
    // page says too; a day's page leaves the count out rather than read every event.
    assert!(links.contains("只看免费活动</a>"), "{links}");
    let cal = read(&public, "calendar/index.html");
    let cal_links = &cal[cal.find("data-filter-links").unwrap()..];
    assert_eq!(count_after(cal_links, "只看免费活动 <small>共"), 5);
    let free = read(&public, "calendar/free/index.html");
    assert_eq!(count_after(&free, "<p>共"), 5);
    // The form filters the day in place: its choices count the day's events.
    assert!(
        day.contains("<option value=\"湖塘镇\">湖塘镇（1）</option>"),
        "{day}"
    );
}

#[test]
fn cards_outside_a_list_by_day_show_their_date() {
    let s = Site::new();
    s.write(
        "content/events/launch.md",
        &EVENT
            .replace("title: 智慧助老手机课堂", "title: 启动仪式\nlaunch: true")
            .replace("2022-12-03", "2022-12-02"),
    );
    s.write(
        "content/events/later.md",
        &EVENT
            .replace("title: 智慧助老手机课堂", "title: 活动周之后的课堂")
            .replace("2022-12-03", "2022-12-12"),
    );
    s.build().ok();
    let home = s.read("index.html");
    let launch = &home[home.find("id=\"launch-h\"").unwrap()..home.find("id=\"today-h\"").unwrap()];
    assert!(
        launch.contains("<span class=\"time\">12月2日 周五 09:30—11:00</span>"),
        "{launch}"
    );
    // In the list by day the day's heading says the date: the card gives the time alone.
    let day = &home[home.find("data-date=\"2022-12-02\"").unwrap()..];
    assert!(day.contains("<span class=\"time\">09:30—11:00</span>"));
    let events = s.read("events/index.html");
    let outside = &events[events.find("id=\"other-dates\"").unwrap()..];
    assert!(
        outside.contains("<span class=\"time\">12月12日 周一 09:30—11:00</span>"),
        "{outside}"
    );
}

/// The stylesheets and scripts a page links, in order, by file name.
fn assets(html: &str) -> Vec<String> {
    let html = html.replace("&#x2F;", "/");
    let mut out = Vec::new();
    for (tag, attr) in [
        ("<link rel=\"stylesheet\"", "href=\""),
        ("<script ", "src=\""),
    ] {
        for part in html.split(tag).skip(1) {
            let part = &part[..part.find('>').unwrap_or(part.len())];
            if let Some(at) = part.find(attr) {
                let url = part[at + attr.len()..].split('"').next().unwrap_or("");
                out.push(url.rsplit('/').next().unwrap_or("").to_string());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn each_page_links_only_the_stylesheets_and_scripts_it_uses() {
    let s = Site::new();
    s.write(
        "content/about.md",
        "---\ntitle: 关于\n---\n\n```rust\nfn main() {}\n```\n",
    );
    s.write("content/notice.md", "---\ntitle: 通知\n---\n\n没有代码。\n");
    let photo = std::fs::read(common::repo().join("tests/fixtures/photos/flower.jpg")).unwrap();
    s.write_bytes("content/events/photo/flower.jpg", &photo);
    s.write(
        "content/events/photo/index.md",
        &EVENT.replace(
            "contact:",
            "cover: flower.jpg\nphotos:\n  - src: flower.jpg\n    alt: 一朵花\ncontact:",
        ),
    );
    s.build().ok();
    let base = ["style.css", "xuezhou.js"];
    let with = |extra: &[&str]| {
        let mut v: Vec<String> = base.iter().chain(extra).map(|x| x.to_string()).collect();
        v.sort();
        v
    };
    for page in [
        "index.html",
        "events/index.html",
        "events/x/index.html",
        "notice/index.html",
        "towns/index.html",
        "tables/schedule/index.html",
        "404.html",
    ] {
        assert_eq!(assets(&s.read(page)), with(&[]), "{page}");
    }
    assert_eq!(
        assets(&s.read("about/index.html")),
        with(&["highlight.css"])
    );
    assert_eq!(
        assets(&s.read("calendar/index.html")),
        with(&["calendar.js"])
    );
    assert_eq!(
        assets(&s.read("calendar/2022-12-03/index.html")),
        with(&["calendar.js"])
    );
    assert_eq!(assets(&s.read("search/index.html")), with(&["search.js"]));
    assert_eq!(
        assets(&s.read("events/photo/index.html")),
        with(&["lightbox.js"])
    );
    for file in [
        "xuezhou.js",
        "calendar.js",
        "lightbox.js",
        "search.js",
        "highlight.css",
    ] {
        assert!(s.out().join(file).is_file(), "{file} is published");
    }
    assert!(
        !s.read("xuezhou.js").contains("meta.json"),
        "the search code is not in xuezhou.js"
    );

    // The cover is the page's first picture: it loads at once; the gallery waits.
    let page = s.read("events/photo/index.html");
    let cover = &page[page.find("<figure class=\"cover\">").unwrap()..];
    let cover = &cover[..cover.find("</figure>").unwrap()];
    assert!(
        cover.contains("loading=\"eager\" fetchpriority=\"high\""),
        "{cover}"
    );
    assert!(!cover.contains("loading=\"lazy\""));
    let gallery = &page[page.find("class=\"gallery-grid\"").unwrap()..];
    assert!(gallery.contains("loading=\"lazy\""), "{gallery}");
    assert!(!gallery.contains("fetchpriority"));
}

#[test]
fn print_views_have_their_icon_and_the_sitemap_leaves_out_empty_terms() {
    let s = Site::new();
    s.build().ok();
    for page in ["events/x/print/index.html", "calendar/print/index.html"] {
        let html = s.read(page).replace("&#x2F;", "/");
        assert!(
            html.contains("<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">"),
            "{page}"
        );
    }
    let sitemap = s.read("sitemap.xml");
    // The one event is in 湖塘镇, 培训, 老年人: those term pages are listed, the others not.
    assert!(sitemap.contains("/towns/hutangzhen/"));
    assert!(sitemap.contains("/audiences/laonianren/"), "{sitemap}");
    assert!(!sitemap.contains("/towns/niutangzhen/"), "{sitemap}");
    assert!(!sitemap.contains("/audiences/canjiren/"));
    // The empty term page is still there for a link to it, says so plainly, and is not indexed.
    let empty = s.read("audiences/canjiren/index.html");
    assert!(empty.contains("这一项暂时没有安排活动。"));
    assert!(empty.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(!empty.contains("共 0 项"));
    assert!(!s.read("towns/hutangzhen/index.html").contains("noindex"));
}

#[test]
fn table_cells_carry_their_column_names() {
    let s = Site::new();
    s.build().ok();
    let schedule = s.read("tables/schedule/index.html");
    let body = &schedule[schedule.find("<tbody>").unwrap()..];
    for label in [
        "序号",
        "日期",
        "时间",
        "活动形式",
        "地点",
        "主办单位",
        "面向对象",
        "是否免费",
        "联系方式",
    ] {
        assert!(body.contains(&format!("data-label=\"{label}\"")), "{label}");
    }
    let stats = s.read("tables/statistics/index.html");
    let body = &stats[stats.find("<tbody>").unwrap()..];
    for label in [
        "活动总数",
        "讲座（场次）",
        "线上（场次）",
        "免费场次",
        "计划名额（人）",
    ] {
        assert!(body.contains(&format!("data-label=\"{label}\"")), "{label}");
    }
}

//! Builds the repository's demo site (the 2022 武进区 activity week) with the binary, as a user
//! would, and checks the pages, feeds, sitemap and links of what it built.

mod common;

use common::*;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

const BASE_URL: &str = "https://example.org/xuexizhou/2022/";
const BASE_PATH: &str = "/xuexizhou/2022/";

/// The demo builds share the repository's image cache; one at a time.
static BUILD_LOCK: Mutex<()> = Mutex::new(());

struct Built {
    _dir: tempfile::TempDir,
    out: PathBuf,
    run: Run,
}

fn build_demo(extra: &[&str]) -> Built {
    let _guard = BUILD_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::Builder::new()
        .prefix("xuezhou-demo-")
        .tempdir()
        .expect("tempdir");
    let out = dir.path().join("public");
    let mut args: Vec<String> = vec![
        "build".into(),
        "--root".into(),
        repo().display().to_string(),
        "--output".into(),
        out.display().to_string(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    let run = xuezhou(&args);
    run.ok();
    Built {
        _dir: dir,
        out,
        run,
    }
}

/// The demo built once with its own settings, shared by the tests of this file.
fn demo() -> &'static Built {
    static DEMO: OnceLock<Built> = OnceLock::new();
    DEMO.get_or_init(|| build_demo(&[]))
}

fn read(out: &Path, rel: &str) -> String {
    let p = out.join(rel);
    let text =
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()));
    decode_entities(&text)
}

/// A content file's front matter, as the site's own YAML reader sees it.
fn front_matter(path: &Path) -> serde_json::Map<String, Value> {
    let text = std::fs::read_to_string(path).expect("read content");
    let text = text.trim_start_matches('\u{feff}').replace("\r\n", "\n");
    let rest = text.strip_prefix("---\n").expect("front matter");
    let end = rest.find("\n---\n").expect("closed front matter");
    xuezhou::yaml::parse_mapping(&rest[..end + 1]).expect("valid YAML")
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The content files of a section, with their slugs, drafts left out.
fn published(section: &str) -> Vec<(String, serde_json::Map<String, Value>)> {
    let dir = repo().join("content").join(section);
    let mut out = Vec::new();
    for p in walk(&dir) {
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if !name.ends_with(".md") || name == "_index.md" {
            continue;
        }
        let fm = front_matter(&p);
        if fm.get("draft") == Some(&Value::Bool(true)) {
            continue;
        }
        let slug = match fm.get("slug") {
            Some(s) => text(s),
            None if name == "index.md" => p
                .parent()
                .unwrap()
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned(),
            None => name.trim_end_matches(".md").to_string(),
        };
        out.push((slug, fm));
    }
    assert!(!out.is_empty(), "the demo has pages in content/{section}/");
    out
}

/// `2022-12-03 09:30` -> (`12月3日`, Some(`09:30`)).
fn md_and_time(start: &str) -> (String, Option<String>) {
    let (date, time) = match start.split_once(' ') {
        Some((d, t)) => (d, Some(t.to_string())),
        None => (start, None),
    };
    let parts: Vec<u32> = date.split('-').map(|x| x.parse().unwrap()).collect();
    (format!("{}月{}日", parts[1], parts[2]), time)
}

#[test]
fn builds_with_no_problem_reported() {
    let d = demo();
    assert!(!d.run.stderr.contains("error"), "{}", d.run.stderr);
    assert!(!d.run.stderr.contains("warning"), "{}", d.run.stderr);
}

#[test]
fn home_shows_the_theme_dates_and_launch_ceremony() {
    let home = read(&demo().out, "index.html");
    assert!(
        home.contains("<title>武进区2022年全民终身学习活动周</title>"),
        "{home}"
    );
    assert!(home.contains("砥砺奋进启新程 全民学习再出发"));
    assert!(home.contains("2022年12月2日—12月8日"));
    assert!(home.contains("武进区2022年全民终身学习活动周启动仪式"));
    assert!(home.contains(&format!("href=\"{BASE_PATH}events/launch-ceremony/\"")));
    // Every day of the week has its list.
    for day in 2..=8 {
        assert!(
            home.contains(&format!("12月{day}日")),
            "day 12-{day} on the home page"
        );
    }
    // Latest cases and stars.
    assert!(home.contains(&format!("href=\"{BASE_PATH}cases/")));
    assert!(home.contains(&format!("href=\"{BASE_PATH}stars/")));
}

#[test]
fn every_event_page_has_its_facts() {
    let out = &demo().out;
    let events = published("events");
    assert!(events.len() >= 30, "the demo has at least 30 events");
    let events_list = read(out, "events/index.html");
    for (slug, fm) in &events {
        let page = read(out, &format!("events/{slug}/index.html"));
        let get = |k: &str| fm.get(k).map(text);
        let title = get("title").unwrap();
        assert!(page.contains(&title), "{slug}: title");
        assert!(
            events_list.contains(&format!("href=\"{BASE_PATH}events/{slug}/\"")),
            "{slug} on /events/"
        );
        let (md, time) = md_and_time(&get("start").unwrap());
        assert!(page.contains(&md), "{slug}: date {md}");
        if let Some(t) = time {
            assert!(page.contains(&t), "{slug}: time {t}");
        } else {
            assert!(
                page.contains("全天") || page.contains("（共"),
                "{slug}: all-day"
            );
        }
        for key in ["organizer", "venue", "town", "category"] {
            if let Some(v) = get(key) {
                assert!(page.contains(&v), "{slug}: {key} {v}");
            }
        }
        // The phone number in it is a link of its own (tap to call).
        if let Some(v) = get("contact") {
            for part in v.split_whitespace() {
                assert!(page.contains(part), "{slug}: contact {v}");
            }
            assert!(
                page.contains("href=\"tel:"),
                "{slug}: contact {v} can be called"
            );
        }
        if let Some(Value::Array(aud)) = fm.get("audience") {
            for a in aud {
                assert!(page.contains(&text(a)), "{slug}: audience {a}");
            }
        }
        match fm.get("free") {
            Some(Value::Bool(true)) => assert!(page.contains("免费"), "{slug}: free"),
            Some(Value::Bool(false)) => assert!(page.contains("收费"), "{slug}: not free"),
            _ => {}
        }
        let format = get("format").unwrap_or_else(|| "offline".into());
        if format == "online" || format == "hybrid" {
            let url = get("online_url").expect("online events have online_url");
            assert!(
                page.contains(&format!("href=\"{url}\"")),
                "{slug}: online link"
            );
        }
    }
    // The kinds of event the issue asks the demo to have.
    let formats: BTreeSet<String> = events
        .iter()
        .map(|(_, fm)| {
            fm.get("format")
                .map(text)
                .unwrap_or_else(|| "offline".into())
        })
        .collect();
    assert_eq!(
        formats,
        ["hybrid", "offline", "online"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    );
}

#[test]
fn draft_pages_are_not_published() {
    let out = &demo().out;
    assert!(repo().join("content/events/draft-example.md").is_file());
    assert!(!out.join("events/draft-example").exists());
    for f in ["sitemap.xml", "atom.xml", "events/index.html", "index.html"] {
        assert!(
            !read(out, f).contains("draft-example"),
            "{f} names the draft"
        );
    }
}

#[test]
fn drafts_flag_publishes_drafts() {
    let b = build_demo(&["--drafts"]);
    let page = read(&b.out, "events/draft-example/index.html");
    assert!(page.contains("前黄镇社区合唱团汇报演出"));
    assert!(read(&b.out, "sitemap.xml").contains("events/draft-example/"));
}

#[test]
fn term_pages_are_in_pinyin() {
    let out = &demo().out;
    let hutang = read(out, "towns/hutangzhen/index.html");
    assert!(hutang.contains("湖塘镇"));
    for (slug, fm) in published("events") {
        let town = text(&fm["town"]);
        let linked = hutang.contains(&format!("href=\"{BASE_PATH}events/{slug}/\""));
        assert_eq!(
            town == "湖塘镇",
            linked,
            "{slug} ({town}) on the 湖塘镇 page"
        );
    }
    for (path, name) in [
        ("towns/index.html", "湖塘镇"),
        ("towns/hengshanqiaozhen/index.html", "横山桥镇"),
        ("towns/quzhidanwei/index.html", "区直单位"),
        ("categories/index.html", "讲座"),
        ("categories/jiangzuo/index.html", "讲座"),
        ("categories/zhanlan/index.html", "展览"),
        ("topics/index.html", "智慧助老"),
        ("topics/zhihuizhulao/index.html", "智慧助老"),
        ("topics/sigeyi/index.html", "四个一"),
        ("audiences/index.html", "老年人"),
        ("audiences/laonianren/index.html", "老年人"),
    ] {
        assert!(read(out, path).contains(name), "{path} shows {name}");
    }
}

#[test]
fn cases_stars_and_reading_lists() {
    let out = &demo().out;
    for (section, min) in [("cases", 4), ("stars", 4), ("reading", 2)] {
        let list = read(out, &format!("{section}/index.html"));
        let pages = published(section);
        assert!(pages.len() >= min, "at least {min} pages in {section}");
        for (slug, fm) in pages {
            assert!(
                list.contains(&format!("href=\"{BASE_PATH}{section}/{slug}/\"")),
                "{section} list links {slug}"
            );
            let page = read(out, &format!("{section}/{slug}/index.html"));
            let title = fm.get("title").or(fm.get("name")).map(text).unwrap();
            assert!(page.contains(&title), "{section}/{slug}: {title}");
            if section == "stars" {
                if let Some(q) = fm.get("quote") {
                    assert!(page.contains(&text(q)), "{slug}: quote");
                }
            }
            if section == "reading" {
                let books = fm["books"].as_array().expect("books");
                assert!(books.len() >= 6, "{slug} has at least 6 books");
                for b in books {
                    assert!(
                        page.contains(&text(&b["title"])),
                        "{slug}: book {}",
                        b["title"]
                    );
                    if let Some(isbn) = b.get("isbn") {
                        assert!(page.contains(&text(isbn)), "{slug}: ISBN {isbn}");
                    }
                }
            }
        }
    }
    let cases = published("cases");
    assert!(
        cases
            .iter()
            .any(|(_, fm)| fm.get("type").map(text).as_deref() == Some("品牌项目")),
        "one case is a 品牌项目"
    );
}

#[test]
fn plain_pages_and_404() {
    let out = &demo().out;
    let notice = read(out, "notice/index.html");
    assert!(notice.contains("砥砺奋进启新程"));
    assert!(read(out, "about/index.html").contains("<h1"));
    let nf = read(out, "404.html");
    assert!(nf.contains("<h1"));
    // The 404 page is served at any address: its links must be absolute.
    for l in links(&nf) {
        assert!(
            l.starts_with('/') || l.starts_with('#') || l.contains("://"),
            "404.html has a relative link {l}"
        );
    }
}

fn child<'a, 'i>(n: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    n.children().find(|c| c.tag_name().name() == name)
}

#[test]
fn atom_feed_is_well_formed_and_lists_entries() {
    let out = &demo().out;
    let text = std::fs::read_to_string(out.join("atom.xml")).unwrap();
    let doc = roxmltree::Document::parse(&text).expect("atom.xml is well-formed XML");
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(
        feed.tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    assert_eq!(
        child(feed, "title").and_then(|t| t.text()),
        Some("武进区2022年全民终身学习活动周")
    );
    assert!(child(feed, "updated").is_some());
    let entries: Vec<_> = feed
        .children()
        .filter(|c| c.tag_name().name() == "entry")
        .collect();
    assert!(entries.len() >= 10, "{} entries", entries.len());
    for e in &entries {
        let link = child(*e, "link")
            .and_then(|l| l.attribute("href"))
            .expect("entry link");
        assert!(link.starts_with(BASE_URL), "{link}");
        let rel = &link[BASE_URL.len()..];
        assert!(
            out.join(rel).join("index.html").is_file(),
            "the feed links {link}, which was built"
        );
        assert!(
            child(*e, "id").is_some()
                && child(*e, "updated").is_some()
                && child(*e, "title").is_some()
        );
    }
    assert!(entries
        .iter()
        .any(|e| child(*e, "title").and_then(|t| t.text())
            == Some("武进区2022年全民终身学习活动周启动仪式")));
}

fn is_print_view(p: &std::path::Path) -> bool {
    p.parent().is_some_and(|d| d.ends_with("print"))
}

#[test]
fn sitemap_lists_every_html_page_but_404() {
    let out = &demo().out;
    let text = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    let doc = roxmltree::Document::parse(&text).expect("sitemap.xml is well-formed XML");
    let locs: BTreeSet<String> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "loc")
        .filter_map(|n| n.text().map(str::to_string))
        .collect();
    // Print views (posters, the A4 schedule) are `noindex` and left out of the sitemap.
    let pages: BTreeSet<String> = html_files(out)
        .iter()
        .filter(|p| !p.ends_with("404.html") && !is_print_view(p))
        .map(|p| format!("{BASE_URL}{}", address_of(out, p)))
        .collect();
    assert_eq!(locs, pages);
    assert!(!text.contains("404"));
}

#[test]
fn robots_txt_points_at_the_sitemap() {
    let robots = read(&demo().out, "robots.txt");
    assert!(robots.contains("User-agent: *"));
    assert!(
        robots.contains(&format!("Sitemap: {BASE_URL}sitemap.xml")),
        "{robots}"
    );
}

#[test]
fn every_internal_link_resolves() {
    let out = &demo().out;
    let broken = broken_links(out, BASE_PATH);
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    // The checker did check something.
    assert!(html_files(out).len() > 50);
}

#[test]
fn md_links_in_content_become_page_addresses() {
    let page = read(&demo().out, "events/launch-ceremony/index.html");
    assert!(
        page.contains(&format!("href=\"{BASE_PATH}stars/xu-jianguo/\"")),
        "{page}"
    );
    assert!(page.contains(&format!(
        "href=\"{BASE_PATH}events/shinian-chengguo-zhan/\""
    )));
    assert!(!page.contains(".md\""));
}

#[test]
fn heading_anchors_keep_chinese() {
    let page = read(&demo().out, "events/launch-ceremony/index.html");
    assert!(page.contains("id=\"活动简介\""), "{page}");
    assert!(page.contains("id=\"活动安排\""));
}

#[test]
fn open_graph_tags_on_every_page() {
    let out = &demo().out;
    for f in html_files(out) {
        if f.ends_with("404.html") {
            continue;
        }
        let html = std::fs::read_to_string(&f).unwrap();
        if is_print_view(&f) {
            assert!(
                html.contains(r#"<meta name="robots" content="noindex">"#),
                "{}",
                f.display()
            );
            continue;
        }
        for prop in ["og:title", "og:description", "og:type", "og:site_name"] {
            let v =
                meta_property(&html, prop).unwrap_or_else(|| panic!("{}: no {prop}", f.display()));
            assert!(!v.trim().is_empty(), "{}: empty {prop}", f.display());
        }
        let url = meta_property(&html, "og:url").unwrap();
        assert_eq!(
            url,
            format!("{BASE_URL}{}", address_of(out, &f)),
            "{}",
            f.display()
        );
    }
    let launch = std::fs::read_to_string(out.join("events/launch-ceremony/index.html")).unwrap();
    assert_eq!(
        meta_property(&launch, "og:title").as_deref(),
        Some("武进区2022年全民终身学习活动周启动仪式")
    );
    assert!(
        meta_property(&launch, "og:description")
            .unwrap()
            .contains("启动仪式")
            || meta_property(&launch, "og:description")
                .unwrap()
                .contains("活动周")
    );
}

#[test]
fn base_url_with_a_path_prefixes_every_link() {
    let b = build_demo(&["--base-url", "https://x.org/sub/path/"]);
    let mut checked = 0;
    for f in html_files(&b.out) {
        let html = std::fs::read_to_string(&f).unwrap();
        for l in links(&html) {
            if l.starts_with('/') && !l.starts_with("//") {
                assert!(l.starts_with("/sub/path/"), "{}: {l}", f.display());
                checked += 1;
            }
            assert!(
                !l.starts_with("https://example.org/"),
                "{}: {l} keeps the old base_url",
                f.display()
            );
        }
        if !f.ends_with("404.html") && !is_print_view(&f) {
            let og = meta_property(&html, "og:url").unwrap();
            assert!(og.starts_with("https://x.org/sub/path/"), "{og}");
        }
    }
    assert!(checked > 1000, "{checked} links checked");
    let broken = broken_links(&b.out, "/sub/path/");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    let sitemap = read(&b.out, "sitemap.xml");
    assert!(!sitemap.contains("https://example.org/"));
    assert!(sitemap.contains("<loc>https://x.org/sub/path/events/launch-ceremony/</loc>"));
    assert!(read(&b.out, "atom.xml").contains("https://x.org/sub/path/events/launch-ceremony/"));
    assert!(read(&b.out, "robots.txt").contains("Sitemap: https://x.org/sub/path/sitemap.xml"));
}

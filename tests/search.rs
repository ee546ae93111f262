//! `/search/` (SPEC §5): the page and `search/index.json`, built from a small site under a
//! sub-path; drafts; a theme copied before search existed.

mod common;

use common::*;
use serde_json::Value;

const SUB_SITE_TOML: &str = r#"title = "测试活动周"
base_url = "https://example.org/xuexizhou/2022/"

[week]
start = 2022-12-02
end = 2022-12-08
"#;

/// A phrase from the end of a long body: the index holds the whole text, not a summary.
const DEEP: &str = "结业学员可加入镇电商学习群";

fn event_with_long_body() -> String {
    let filler = "农产品种得好，还要卖得好。".repeat(40);
    format!(
        "---\ntitle: 洛阳镇电商直播培训\nstart: 2022-12-05 09:00\nend: 2022-12-05 16:00\ntown: 洛阳镇\norganizer: 洛阳镇社区教育中心\ncategory: 培训\nvenue: 洛阳镇电商产业园\nsummary: 一天学会开网店。\n---\n\n## 活动简介\n\n{filler}\n\n## 报名方式\n\n请带上 *WeChat* 和手机 &amp; 身份证。{DEEP}，后续有老师跟踪指导。\n"
    )
}

const DRAFT: &str = "---\ntitle: 前黄镇合唱汇报演出（待定）\nstart: 2022-12-08 19:00\ntown: 前黄镇\norganizer: 前黄镇社区教育中心\ncategory: 展演\nvenue: 前黄镇文体中心\ndraft: true\n---\n\n草稿里独有的一句话：合唱团正在排练。\n";

fn site() -> Site {
    let s = Site::bare();
    s.write("site.toml", SUB_SITE_TOML);
    s.write("content/events/x.md", EVENT);
    s.write("content/events/dianshang.md", &event_with_long_body());
    s.write("content/events/hechang.md", DRAFT);
    s.write(
        "content/about.md",
        "---\ntitle: 关于本站\n---\n\n本站由社区培训学院维护。\n",
    );
    s
}

fn index(s: &Site) -> Value {
    let text = s.read("search/index.json");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("search/index.json is not JSON: {e}"))
}

/// The index's pages as (kind label, link, title, meta, text).
fn pages(index: &Value) -> Vec<(String, String, String, String, String)> {
    let base = index["base"].as_str().expect("base").to_string();
    let kinds: Vec<&str> = index["kinds"]
        .as_array()
        .expect("kinds")
        .iter()
        .map(|k| k.as_str().expect("a kind label"))
        .collect();
    index["pages"]
        .as_array()
        .expect("pages")
        .iter()
        .map(|p| {
            let s = |i: usize| p[i].as_str().unwrap_or_default().to_string();
            let kind = p[0].as_u64().expect("a kind number") as usize;
            (
                kinds[kind].to_string(),
                format!("{base}{}", s(1)),
                s(2),
                s(3),
                s(4),
            )
        })
        .collect()
}

#[test]
fn the_search_page_has_a_labelled_form_and_ways_to_browse() {
    let s = site();
    s.build().ok();
    let html = decode_entities(&s.read("search/index.html"));
    assert!(html.contains("role=\"search\""), "{html}");
    assert!(html.contains("<label class=\"search-label\" for=\"search-q\">"));
    assert!(html.contains("id=\"search-q\""));
    assert!(html.contains("name=\"q\""));
    assert!(
        html.contains("data-index=\"/xuexizhou/2022/search/index.json\""),
        "the script finds the index under the base path"
    );
    assert!(html.contains("aria-live=\"polite\""));
    // Without script the page still leads somewhere: the lists and the term pages.
    for link in ["/xuexizhou/2022/calendar/", "/xuexizhou/2022/towns/"] {
        assert!(
            html.contains(&format!("href=\"{link}\"")),
            "links to {link}"
        );
    }
    // Every page's menu leads to it.
    let home = decode_entities(&s.read("index.html"));
    assert!(
        home.contains("href=\"/xuexizhou/2022/search/\""),
        "the menu links to the search page"
    );
    assert!(decode_entities(&s.read("sitemap.xml")).contains("/xuexizhou/2022/search/"));
}

#[test]
fn the_index_holds_the_whole_text_of_published_pages_under_the_base_path() {
    let s = site();
    s.build().ok();
    let idx = index(&s);
    assert_eq!(idx["base"], "/xuexizhou/2022/");
    let all = pages(&idx);
    let event = all
        .iter()
        .find(|p| p.2 == "洛阳镇电商直播培训")
        .unwrap_or_else(|| panic!("the event is in the index: {all:?}"));
    assert_eq!(event.0, "活动");
    assert_eq!(event.1, "/xuexizhou/2022/events/dianshang/");
    assert_eq!(
        event.3,
        "12月5日 周一 09:00—16:00 · 洛阳镇 · 洛阳镇电商产业园"
    );
    assert!(
        event.4.contains(DEEP),
        "the body's last paragraph: {}",
        event.4
    );
    assert!(event.4.starts_with("一天学会开网店。"), "the summary first");
    assert!(
        event.4.contains("请带上 WeChat 和手机 & 身份证。"),
        "tags gone, entities decoded: {}",
        event.4
    );
    assert!(!event.4.contains('<'), "no markup: {}", event.4);
    assert!(!event.4.contains("  "), "whitespace collapsed");
    assert!(
        !event.4.contains("洛阳镇电商直播培训"),
        "the title is not repeated in the text"
    );
    assert!(
        event.4.contains("洛阳镇社区教育中心"),
        "the organizer is searchable"
    );
    let about = all.iter().find(|p| p.2 == "关于本站").expect("plain pages");
    assert_eq!(about.0, "页面");
    assert_eq!(about.1, "/xuexizhou/2022/about/");
    assert!(all.iter().any(|p| p.2 == "智慧助老手机课堂"));

    let text = s.read("search/index.json");
    assert!(!text.contains("合唱"), "a draft is not in the index");
    assert!(!text.contains("hechang"), "nor its address");
}

#[test]
fn drafts_are_in_the_index_when_published() {
    let s = site();
    s.run(&["build", "--drafts"]).ok();
    let all = pages(&index(&s));
    assert!(all
        .iter()
        .any(|p| p.2 == "前黄镇合唱汇报演出（待定）" && p.4.contains("合唱团正在排练")));
}

#[test]
fn a_theme_without_search_html_builds_without_the_page_and_says_so() {
    let s = site();
    s.remove("themes/default/templates/search.html");
    let r = s.build();
    r.ok()
        .says("warning")
        .says("themes/default/templates/search.html")
        .says("no search page");
    assert!(!s.out().join("search").exists(), "no page and no index");
    assert!(
        !decode_entities(&s.read("index.html")).contains("/search/"),
        "the menu does not link to a missing page"
    );
    let broken = broken_links(&s.out(), "/xuexizhou/2022/");
    assert!(broken.is_empty(), "{broken:?}");
}

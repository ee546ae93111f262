//! `/search/` (SPEC §5): the page and the index under `search/` (meta.json, key shards, page
//! shards, the forgiving tables), built from a small site under a sub-path and read back as
//! the page's script reads it; synonyms; drafts; a theme copied before search existed.

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

fn json(s: &Site, file: &str) -> Value {
    let text = s.read(file);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file} is not JSON: {e}"))
}

/// The pages (kind label, link, title, meta line, excerpt) that have every two characters in a
/// row of `word`, read from the index's files as the search page's script reads them.
fn pages_with(s: &Site, word: &str) -> Vec<(String, String, String, String, String)> {
    let meta = json(s, "search/meta.json");
    let shards = meta["keys"].as_u64().expect("keys") as u32;
    let chars: Vec<char> = word.chars().collect();
    let mut found: Option<Vec<u64>> = None;
    for pair in chars.windows(2) {
        let key: String = pair.iter().collect();
        let n = xuezhou::render::search::shard_of(&key, shards);
        let shard = json(s, &format!("search/k/{n}.json"));
        let mut pages = Vec::new();
        let mut page = 0;
        for step in shard[&key]
            .as_array()
            .map(|a| a.chunks(2))
            .into_iter()
            .flatten()
        {
            page += step[0].as_u64().expect("a page step");
            pages.push(page);
        }
        found = Some(match found {
            None => pages,
            Some(before) => before.into_iter().filter(|p| pages.contains(p)).collect(),
        });
    }
    let per = meta["per"].as_u64().expect("per");
    let base = meta["base"].as_str().expect("base");
    found
        .unwrap_or_default()
        .into_iter()
        .map(|id| {
            let row = &json(s, &format!("search/d/{}.json", id / per))[(id % per) as usize];
            let text = |i: usize| row[i].as_str().unwrap_or_default().to_string();
            let kind = meta["kinds"][row[0].as_u64().expect("kind") as usize].as_str();
            (
                kind.expect("a kind label").to_string(),
                format!("{base}{}", text(1)),
                text(2),
                text(3),
                text(4),
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
        html.contains("data-index=\"/xuexizhou/2022/search/meta.json\""),
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
    let meta = json(&s, "search/meta.json");
    assert_eq!(meta["base"], "/xuexizhou/2022/");
    let deep = pages_with(&s, DEEP);
    assert_eq!(
        deep.len(),
        1,
        "the body's last paragraph is searched: {deep:?}"
    );
    let event = &deep[0];
    assert_eq!(event.0, "活动");
    assert_eq!(event.1, "/xuexizhou/2022/events/dianshang/");
    assert_eq!(event.2, "洛阳镇电商直播培训");
    assert_eq!(
        event.3,
        "12月5日 周一 09:00—16:00 · 洛阳镇 · 洛阳镇电商产业园"
    );
    assert_eq!(event.4, "一天学会开网店。", "the summary is the excerpt");
    for word in ["社区教育中心", "身份证", "电商直播", "网店"] {
        assert!(
            pages_with(&s, word)
                .iter()
                .any(|p| p.2 == "洛阳镇电商直播培训"),
            "{word} is searchable"
        );
    }
    let about = pages_with(&s, "培训学院");
    assert_eq!(about.len(), 1);
    assert_eq!(
        (about[0].0.as_str(), about[0].1.as_str()),
        ("页面", "/xuexizhou/2022/about/")
    );
    assert!(!pages_with(&s, "手机课堂").is_empty());
    assert!(
        pages_with(&s, "合唱").is_empty(),
        "a draft is not in the index"
    );
    for n in 0..meta["keys"].as_u64().unwrap_or(0) {
        let shard = s.read(&format!("search/k/{n}.json"));
        assert!(
            !shard.contains("合唱") && !shard.contains("hechang"),
            "nor its words"
        );
    }
}

#[test]
fn the_forgiving_tables_have_what_the_site_needs() {
    let s = site();
    s.build().ok();
    let t2s = json(&s, "search/t2s.json");
    let pairs = t2s.as_str().expect("one string of pairs");
    assert!(pairs.contains("書书") || !pairs.contains('书'), "{pairs}");
    assert!(
        pairs.contains("訓训"),
        "培训 is in the site, so 培訓 is read: {pairs}"
    );
    let pinyin = json(&s, "search/pinyin.json");
    assert!(pinyin["shu"].as_str().is_some_and(|c| c.contains('书')));
    // Sound keys of the site's own words go into the shards like other keys.
    let meta = json(&s, "search/meta.json");
    let shards = meta["keys"].as_u64().expect("keys") as u32;
    let n = xuezhou::render::search::shard_of("~luoyang", shards);
    let shard = json(&s, &format!("search/k/{n}.json"));
    assert_eq!(shard["~luoyang"][0], "洛阳");
    let words = meta["words"].as_array().expect("the site's words");
    assert!(words.iter().any(|w| w == "洛阳") && words.iter().any(|w| w == "培训"));
}

#[test]
fn synonyms_from_site_toml_reach_the_script() {
    let s = site();
    s.write(
        "site.toml",
        &format!("{SUB_SITE_TOML}\n[search]\nsynonyms = [\"老人 = 老年人\", \"ＡＰＰ = 应用\"]\n"),
    );
    s.build().ok();
    let meta = json(&s, "search/meta.json");
    assert_eq!(
        meta["synonyms"],
        serde_json::json!([["老人", "老年人"], ["app", "应用"]]),
        "folded as queries are"
    );
    s.write(
        "site.toml",
        &format!("{SUB_SITE_TOML}\n[search]\nsynonyms = [\"老人\"]\n"),
    );
    s.build()
        .expect_code(1)
        .says("site.toml:")
        .says("synonyms")
        .says("老人 = 老年人");
}

#[test]
fn drafts_are_in_the_index_when_published() {
    let s = site();
    s.run(&["build", "--drafts"]).ok();
    assert!(pages_with(&s, "合唱团正在排练")
        .iter()
        .any(|p| p.2 == "前黄镇合唱汇报演出（待定）"));
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

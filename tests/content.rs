//! Small fixture sites for what content may look like: line endings and byte-order marks,
//! bundles and single files, sections, slugs, `.md` links, and the Markdown extensions.

mod common;

use common::*;

/// A tiny image, written by the `image` crate so that tests need no binary fixture files.
fn png(site: &Site, rel: &str, w: u32, h: u32) {
    let p = site.path(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x * 7) as u8, (y * 5) as u8, 128]))
        .save(&p)
        .unwrap();
}

#[test]
fn crlf_and_byte_order_mark_work() {
    let s = Site::new();
    let crlf = |t: &str| t.replace('\n', "\r\n");
    s.write("site.toml", &format!("\u{feff}{}", crlf(SITE_TOML)));
    s.write("content/events/x.md", &format!("\u{feff}{}", crlf(EVENT)));
    s.write(
        "content/events/_index.md",
        &crlf("---\ntitle: 活动一览\n---\n\n各镇街活动。\n"),
    );
    s.write(
        "content/about.md",
        &format!(
            "\u{feff}{}",
            crlf("---\ntitle: 关于本站\n---\n\n## 联系我们\n\n电话。\n")
        ),
    );
    s.build().ok();
    let page = decode_entities(&s.read("events/x/index.html"));
    assert!(page.contains("<h1>智慧助老手机课堂</h1>"), "{page}");
    assert!(page.contains("id=\"活动简介\""));
    assert!(!page.contains('\r'));
    assert!(!page.contains('\u{feff}'));
    assert!(s.read("events/index.html").contains("<h1>活动一览</h1>"));
    let about = s.read("about/index.html");
    assert!(about.contains("<h1>关于本站</h1>"), "{about}");
    assert!(about.contains("id=\"联系我们\""));
}

#[test]
fn crlf_files_report_the_right_line() {
    let s = Site::new();
    let bad = EVENT.replace("town: 湖塘镇", "town: 湖塘");
    s.write(
        "content/events/x.md",
        &format!("\u{feff}{}", bad.replace('\n', "\r\n")),
    );
    let r = s.build();
    r.expect_code(1);
    r.says("content/events/x.md:5:");
    r.says(" 5 | town: 湖塘\n");
}

#[test]
fn bundles_and_single_files() {
    let s = Site::bare();
    s.write("content/events/single.md", EVENT);
    s.write(
        "content/events/bundle/index.md",
        &EVENT
            .replace(
                "title: 智慧助老手机课堂",
                "title: 打包的活动\ncover: cover.png",
            )
            .replace(
                "教老年朋友用智能手机。",
                "![学员合影](photo.png)\n\n[单页活动](../single.md)",
            ),
    );
    png(&s, "content/events/bundle/cover.png", 64, 48);
    png(&s, "content/events/bundle/photo.png", 32, 32);
    // Nested folders keep their path.
    s.write(
        "content/events/2022/nested.md",
        &EVENT.replace("智慧助老手机课堂", "嵌套的活动"),
    );
    s.build().ok();
    assert!(s
        .read("events/single/index.html")
        .contains("智慧助老手机课堂"));
    let bundle = decode_entities(&s.read("events/bundle/index.html"));
    assert!(bundle.contains("打包的活动"));
    assert!(bundle.contains("alt=\"学员合影\""), "{bundle}");
    assert!(bundle.contains("href=\"/events/single/\""), "{bundle}");
    assert!(s
        .read("events/2022/nested/index.html")
        .contains("嵌套的活动"));
    // The bundle's images are published as processed images, never as the originals.
    let files: Vec<String> = walk(&s.out())
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(!files.contains(&"cover.png".to_string()), "{files:?}");
    assert!(!files.contains(&"photo.png".to_string()), "{files:?}");
    assert!(!files.contains(&"index.md".to_string()));
    let broken = broken_links(&s.out(), "/");
    assert!(broken.is_empty(), "{broken:?}");
}

#[test]
fn index_md_gives_section_titles_and_intros() {
    let s = Site::new();
    s.write(
        "content/_index.md",
        "---\ntitle: 首页\n---\n\n欢迎来到**活动周**。\n",
    );
    s.write(
        "content/events/_index.md",
        "---\ntitle: 全部活动安排\n---\n\n按日期排列的活动。\n",
    );
    s.write(
        "content/cases/_index.md",
        "---\ntitle: 案例选登\n---\n\n各地的做法。\n",
    );
    s.write(
        "content/cases/a.md",
        "---\ntitle: 学习圈\nunit: 湖塘镇社区教育中心\ntown: 湖塘镇\n---\n\n正文。\n",
    );
    s.write(
        "content/news/_index.md",
        "---\ntitle: 新闻动态\n---\n\n最新消息。\n",
    );
    s.write(
        "content/news/first.md",
        "---\ntitle: 第一条新闻\n---\n\n内容。\n",
    );
    s.build().ok();
    let home = s.read("index.html");
    assert!(home.contains("欢迎来到<strong>活动周</strong>。"), "{home}");
    let events = s.read("events/index.html");
    assert!(events.contains("<h1>全部活动安排</h1>"), "{events}");
    assert!(events.contains("按日期排列的活动。"));
    // The navigation uses the section's own title.
    assert!(home.contains(">全部活动安排</a>"));
    assert!(home.contains(">案例选登</a>"));
    let cases = s.read("cases/index.html");
    assert!(
        cases.contains("<h1>案例选登</h1>") && cases.contains("各地的做法。"),
        "{cases}"
    );
    let news = decode_entities(&s.read("news/index.html"));
    assert!(news.contains("<h1>新闻动态</h1>"), "{news}");
    assert!(news.contains("最新消息。"));
    assert!(news.contains("href=\"/news/first/\""));
    assert!(s.read("news/first/index.html").contains("第一条新闻"));
}

#[test]
fn slug_overrides_the_file_name() {
    let s = Site::bare();
    s.write(
        "content/events/湖塘讲座.md",
        &EVENT.replace("---\ntitle:", "---\nslug: hutang-jiangzuo\ntitle:"),
    );
    s.write(
        "content/关于.md",
        "---\ntitle: 关于本站\nslug: about-us\n---\n\n正文\n",
    );
    s.write(
        "content/events/other.md",
        &EVENT.replace("---\ntitle:", "---\nslug: renamed\ntitle:"),
    );
    s.build().ok();
    assert!(s.out().join("events/hutang-jiangzuo/index.html").is_file());
    assert!(s.out().join("about-us/index.html").is_file());
    assert!(s.out().join("events/renamed/index.html").is_file());
    assert!(!s.out().join("events/other").exists());
    let sitemap = s.read("sitemap.xml");
    assert!(sitemap.contains("https://example.org/events/hutang-jiangzuo/"));
    assert!(!sitemap.contains("湖塘"));
}

#[test]
fn md_links_relative_and_rooted_become_addresses() {
    let s = Site::new();
    s.write("content/cases/a.md", "---\ntitle: 学习圈\nunit: 湖塘镇社区教育中心\ntown: 湖塘镇\n---\n\n## 主要做法\n\n正文。\n");
    s.write("content/cases/_index.md", "---\ntitle: 案例\n---\n");
    s.write(
        "content/about.md",
        "---\ntitle: 关于\n---\n\n\
         [相对](events/x.md) [根](/cases/a.md) [带锚点](cases/a.md#主要做法) [栏目](cases/_index.md) \
         [外部](https://example.com/a.md) [页内](#main) [首页](_index.md)\n",
    );
    s.write(
        "content/_index.md",
        "---\ntitle: 首页\n---\n\n[活动](events/x.md)\n",
    );
    s.write(
        "content/events/y.md",
        &EVENT.replace(
            "教老年朋友用智能手机。",
            "见[上一个](x.md)和[案例](../cases/a.md)。",
        ),
    );
    s.build().ok();
    let about = decode_entities(&s.read("about/index.html"));
    assert!(about.contains("<a href=\"/events/x/\">相对</a>"), "{about}");
    assert!(about.contains("<a href=\"/cases/a/\">根</a>"));
    assert!(
        about.contains("<a href=\"/cases/a/#主要做法\">带锚点</a>")
            || about
                .contains("<a href=\"/cases/a/#%E4%B8%BB%E8%A6%81%E5%81%9A%E6%B3%95\">带锚点</a>"),
        "{about}"
    );
    assert!(about.contains("<a href=\"/cases/\">栏目</a>"));
    assert!(about.contains("<a href=\"https://example.com/a.md\">外部</a>"));
    assert!(about.contains("<a href=\"/\">首页</a>"));
    let y = decode_entities(&s.read("events/y/index.html"));
    assert!(y.contains("<a href=\"/events/x/\">上一个</a>"), "{y}");
    assert!(y.contains("<a href=\"/cases/a/\">案例</a>"));
    assert!(decode_entities(&s.read("index.html")).contains("<a href=\"/events/x/\">活动</a>"));
    let broken = broken_links(&s.out(), "/");
    assert!(broken.is_empty(), "{broken:?}");
}

#[test]
fn md_links_honour_a_base_path() {
    let s = Site::new();
    s.write(
        "site.toml",
        &SITE_TOML.replace("https://example.org/", "https://example.org/a/b/"),
    );
    s.write(
        "content/about.md",
        "---\ntitle: 关于\n---\n\n[活动](events/x.md) [报名表](/files/报名表.pdf) [全部活动](/events/) [首页](/) [已带路径](/a/b/events/)\n",
    );
    s.write("static/files/报名表.pdf", "%PDF");
    s.build().ok();
    let about = decode_entities(&s.read("about/index.html"));
    assert!(
        about.contains("<a href=\"/a/b/events/x/\">活动</a>"),
        "{about}"
    );
    assert!(
        percent_decode(&about).contains("<a href=\"/a/b/files/报名表.pdf\">报名表</a>"),
        "{about}"
    );
    assert!(
        about.contains("<a href=\"/a/b/events/\">全部活动</a>"),
        "{about}"
    );
    assert!(about.contains("<a href=\"/a/b/\">首页</a>"), "{about}");
    assert!(
        about.contains("<a href=\"/a/b/events/\">已带路径</a>"),
        "{about}"
    );
    let broken = broken_links(&s.out(), "/a/b/");
    assert!(broken.is_empty(), "{broken:?}");
}

#[test]
fn footnotes_tables_task_lists_strikethrough() {
    let s = Site::new();
    s.write(
        "content/about.md",
        "---\ntitle: 关于\n---\n\n\
         | 时间 | 内容 |\n|---|---|\n| 09:00 | 签到 |\n\n\
         ~~已取消~~\n\n\
         - [x] 报名\n- [ ] 签到\n\n\
         活动周每年一届[^1]。\n\n[^1]: 始于2005年。\n",
    );
    s.build().ok();
    let html = s.read("about/index.html");
    assert!(
        html.contains("<table>")
            && html.contains("<th>时间</th>")
            && html.contains("<td>签到</td>"),
        "{html}"
    );
    assert!(html.contains("<del>已取消</del>"));
    assert!(html.contains("type=\"checkbox\"") && html.contains("checked"));
    assert!(html.contains("class=\"footnote-reference\""), "{html}");
    assert!(html.contains("class=\"footnote-definition\""));
    assert!(html.contains("始于2005年。"));
    // Footnote links land on their definitions.
    let broken = broken_links(&s.out(), "/");
    assert!(broken.is_empty(), "{broken:?}");
}

#[test]
fn fenced_code_is_highlighted_with_classes_only() {
    let s = Site::new();
    s.write("content/about.md", "---\ntitle: 关于\n---\n\n```rust\nfn main() { let x = \"学\"; }\n```\n\n```\nplain <text>\n```\n");
    s.build().ok();
    let html = s.read("about/index.html");
    let code = &html[html.find("<pre").expect("a code block")..];
    assert!(code.contains("class=\"hl-"), "{code}");
    assert!(code.contains("plain &lt;text&gt;"), "{code}");
    let main = &html[html.find("<main").unwrap()..];
    assert!(!main.contains("style="), "no inline style: {main}");
    // One stylesheet for the classes, linked from the page.
    assert!(
        html.contains("href=\"&#x2F;highlight.css\"") || html.contains("href=\"/highlight.css\""),
        "{html}"
    );
    let css = s.read("highlight.css");
    assert!(css.contains(".hl-"), "{css}");
}

#[test]
fn a_successful_build_replaces_the_output_whole() {
    let s = Site::new();
    s.write("content/about.md", "---\ntitle: 关于\n---\n");
    s.build().ok();
    assert!(s.out().join("about/index.html").is_file());
    std::fs::write(s.out().join("stale.txt"), "left from before").unwrap();
    s.remove("content/about.md");
    s.build().ok();
    assert!(
        !s.out().join("about").exists(),
        "a removed page's output is gone"
    );
    assert!(
        !s.out().join("stale.txt").exists(),
        "no stale file survives"
    );
    assert!(s.out().join("events/x/index.html").is_file());
    // Nothing is left beside the output.
    nothing_left_beside(s.root());
}

#[test]
fn static_files_are_copied_and_win_over_the_theme() {
    let s = Site::new();
    s.write("static/style.css", "/* mine */");
    s.write("static/files/附件.txt", "附件");
    s.build().ok();
    assert_eq!(s.read("style.css"), "/* mine */");
    assert_eq!(s.read("files/附件.txt"), "附件");
    assert!(s.out().join("xuezhou.js").is_file());
}

#[test]
fn the_link_checker_finds_broken_links() {
    // The demo's link test is only worth something if the checker fails on a broken site.
    let s = Site::new();
    s.write(
        "content/about.md",
        "---\ntitle: 关于\n---\n\n[坏](/nowhere/) [锚点](/events/x/#没有) [外面](/../x)\n",
    );
    s.build().ok();
    let broken = broken_links(&s.out(), "/");
    assert!(broken.iter().any(|b| b.contains("/nowhere/")), "{broken:?}");
    assert!(broken.iter().any(|b| b.contains("没有")), "{broken:?}");
    assert!(
        !broken_links(&s.out(), "/base/").is_empty(),
        "links outside the base path are broken"
    );
}

/// A build leaves no staging or old-output folder beside the output.
fn nothing_left_beside(root: &std::path::Path) {
    let beside: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(beside.iter().all(|n| !n.contains("xuezhou-")), "{beside:?}");
}

/// The modification time of every file under `dir`, by path.
fn mtimes(dir: &std::path::Path) -> std::collections::BTreeMap<String, std::time::SystemTime> {
    walk(dir)
        .into_iter()
        .filter(|p| p.is_file())
        .map(|p| {
            let t = std::fs::metadata(&p).unwrap().modified().unwrap();
            (
                p.strip_prefix(dir).unwrap().to_string_lossy().into_owned(),
                t,
            )
        })
        .collect()
}

#[test]
fn a_rebuild_touches_only_what_changed() {
    let s = Site::new();
    s.write("content/about.md", "---\ntitle: 关于\n---\n\n本站介绍。\n");
    // The site's own stylesheet wins over the theme's, on every build.
    s.write("static/style.css", "/* mine */");
    s.write("static/docs", "a file that becomes a folder");
    s.build().ok();
    // Dates far in the past, so that a file written again shows even where the file system
    // keeps dates to the second.
    let long_ago = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
    for f in walk(&s.out()).into_iter().filter(|p| p.is_file()) {
        let file = std::fs::File::options().write(true).open(&f).unwrap();
        file.set_modified(long_ago).unwrap();
    }
    let first = snapshot(&s.out());
    let times = mtimes(&s.out());
    assert_eq!(s.read("style.css"), "/* mine */");

    // No change: the same files, not one of them written again.
    s.build().ok();
    assert_eq!(diff(&first, &snapshot(&s.out())), Vec::<String>::new());
    let again = mtimes(&s.out());
    let touched: Vec<&String> = times
        .keys()
        .filter(|k| times.get(*k) != again.get(*k))
        .collect();
    assert!(
        touched.is_empty(),
        "unchanged files keep their dates: {touched:?}"
    );

    // One event edited, a file turned into a folder: those change, the rest stay.
    let event = std::fs::read_to_string(s.path("content/events/x.md")).unwrap();
    s.write(
        "content/events/x.md",
        &event.replace("title: ", "title: 改过的"),
    );
    s.remove("static/docs");
    s.write("static/docs/readme.txt", "now a folder");
    s.build().ok();
    assert!(s.read("events/x/index.html").contains("改过的"));
    assert!(s.read("events/x/event.ics").contains("改过的"));
    assert_eq!(s.read("docs/readme.txt"), "now a folder");
    assert_eq!(s.read("style.css"), "/* mine */");
    let after = mtimes(&s.out());
    assert_eq!(
        times.get("about/index.html"),
        after.get("about/index.html"),
        "a page that did not change is not written again"
    );
    assert_ne!(
        times.get("events/x/index.html"),
        after.get("events/x/index.html")
    );

    // And back: the folder becomes a file again; a stale file of no build goes.
    std::fs::write(s.out().join("events/stale.html"), "left from before").unwrap();
    s.remove("static/docs");
    s.write("static/docs", "a file again");
    s.build().ok();
    assert_eq!(s.read("docs"), "a file again");
    assert!(!s.out().join("events/stale.html").exists());
    // What remains is exactly what a build into an empty folder makes.
    let rebuilt = snapshot(&s.out());
    s.remove("public");
    s.build().ok();
    assert_eq!(diff(&snapshot(&s.out()), &rebuilt), Vec::<String>::new());
    nothing_left_beside(s.root());
}

#[test]
fn a_phone_number_on_an_event_page_can_be_tapped_to_call() {
    let s = Site::new();
    s.build().ok();
    let html = s.read("events/x/index.html");
    assert!(
        html.contains("<a href=\"tel:051986000000\" class=\"tel\">0519-86000000</a>"),
        "{html}"
    );
    // The name beside it stays text, escaped as any text is.
    assert!(html.contains("王老师 <a href=\"tel:"), "{html}");
}

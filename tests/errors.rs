//! A table of the mistakes staff make. Each is made in a small site that built fine a moment
//! before; the build must say what is wrong, where (`path:line:col` and the line itself) and how
//! to fix it, exit 1, and leave the previous output exactly as it was.

mod common;

use common::*;

const READING: &str = "---
title: 老年朋友的好书
curator: 武进区图书馆
books:
  - title: 平凡的世界
    author: 路遥
    isbn: \"9787530212004\"
  - title: 活着
    author: 余华
    isbn: \"9787506365437\"
---

好书推荐。
";

const CASE: &str = "---
title: 家门口的学习圈
unit: 湖塘镇社区教育中心
town: 湖塘镇
---

## 主要做法

见[活动](../events/x.md)。
";

/// A site with one page of most kinds, which builds without a problem.
fn good_site() -> Site {
    let s = Site::new();
    s.write("content/reading/books.md", READING);
    s.write("content/cases/c.md", CASE);
    s.write(
        "content/about.md",
        "---\ntitle: 关于本站\n---\n\n本站介绍。\n",
    );
    s
}

/// Replaces `from` by `to` in a file of the site; the text must be there.
fn edit(s: &Site, rel: &str, from: &str, to: &str) {
    let p = s.path(rel);
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.contains(from), "{rel} does not contain {from:?}");
    std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
}

fn x(s: &Site, from: &str, to: &str) {
    edit(s, "content/events/x.md", from, to)
}

struct Mistake {
    name: &'static str,
    make: fn(&Site),
    /// The file the problem is reported in, and the line.
    file: &'static str,
    line: usize,
    /// The offending line as shown under the message.
    shown: &'static str,
    /// Part of the message, in Chinese (the default), and in English (`--lang en`).
    message: &'static str,
    en: &'static str,
    /// Part of the help (how to fix it); "" checks only that there is one.
    help: &'static str,
    en_help: &'static str,
}

const MISTAKES: &[Mistake] = &[
    Mistake {
        name: "missing required field",
        make: |s| x(s, "organizer: 湖塘镇社区教育中心\n", ""),
        file: "content/events/x.md",
        line: 1,
        shown: "---",
        message: "缺少必填项 organizer（主办单位）",
        en: "missing the required field `organizer`",
        help: "organizer: ",
        en_help: "organizer: ",
    },
    Mistake {
        name: "wrong type",
        make: |s| x(s, "capacity: 40", "capacity: 很多"),
        file: "content/events/x.md",
        line: 11,
        shown: "capacity: 很多",
        message: "capacity（计划名额）应当是整数",
        en: "`capacity` must be a whole number",
        help: "capacity: 50",
        en_help: "capacity: 50",
    },
    Mistake {
        name: "unknown field with did-you-mean",
        make: |s| x(s, "organizer:", "organiser:"),
        file: "content/events/x.md",
        line: 6,
        shown: "organiser: 湖塘镇社区教育中心",
        message: "没有“organiser”这一项",
        en: "unknown field `organiser`",
        help: "是不是想写 `organizer`？",
        en_help: "did you mean `organizer`?",
    },
    Mistake {
        name: "value not in the list",
        make: |s| x(s, "town: 湖塘镇", "town: 湖塘"),
        file: "content/events/x.md",
        line: 5,
        shown: "town: 湖塘",
        message: "town（所在镇/街道）写的“湖塘”不在 site.toml 的镇街名单里",
        en: "\"湖塘\" is not one of the towns in site.toml",
        help: "是不是想写“湖塘镇”？",
        en_help: "did you mean \"湖塘镇\"?",
    },
    Mistake {
        name: "audience not in the list",
        make: |s| x(s, "audience: [老年人]", "audience:\n  - 老人"),
        file: "content/events/x.md",
        line: 10,
        shown: "  - 老人",
        message: "“老人”不在 site.toml 的面向对象名单里",
        en: "\"老人\" is not one of the audiences",
        help: "是不是想写“老年人”？",
        en_help: "did you mean \"老年人\"?",
    },
    Mistake {
        name: "bad date",
        make: |s| x(s, "start: 2022-12-03 09:30", "start: 12月3日"),
        file: "content/events/x.md",
        line: 3,
        shown: "start: 12月3日",
        message: "start（开始时间）写的是“12月3日”，这不是日期",
        en: "`start` is \"12月3日\", which is not a date",
        help: "start: 2022-12-03",
        en_help: "start: 2022-12-03",
    },
    Mistake {
        name: "end before start",
        make: |s| x(s, "end: 2022-12-03 11:00", "end: 2022-12-03 08:00"),
        file: "content/events/x.md",
        line: 4,
        shown: "end: 2022-12-03 08:00",
        message: "结束时间 end（2022-12-03 08:00）早于开始时间 start（2022-12-03 09:30）",
        en: "`end` (2022-12-03 08:00) is before `start` (2022-12-03 09:30)",
        help: "",
        en_help: "",
    },
    Mistake {
        name: "unclosed front matter",
        make: |s| {
            x(
                s,
                "contact: 王老师 0519-86000000\n---\n",
                "contact: 王老师 0519-86000000\n",
            )
        },
        file: "content/events/x.md",
        line: 1,
        shown: "---",
        message: "字段区没有结束",
        en: "never closed",
        help: "加一行 `---`",
        en_help: "add a line `---`",
    },
    Mistake {
        name: "no front matter",
        make: |s| {
            edit(
                s,
                "content/about.md",
                "---\ntitle: 关于本站\n---\n",
                "title: 关于本站\n",
            )
        },
        file: "content/about.md",
        line: 1,
        shown: "title: 关于本站",
        message: "开头没有字段区",
        en: "does not start with front matter",
        help: "`---`",
        en_help: "`---`",
    },
    Mistake {
        name: "YAML syntax error points at the line of the .md file",
        make: |s| x(s, "category: 培训", "category: 培训: 讲座"),
        file: "content/events/x.md",
        line: 7,
        shown: "category: 培训: 讲座",
        message: "字段区（两行 --- 之间）的写法有错",
        en: "front matter is not valid YAML",
        help: "英文引号",
        en_help: "quotes",
    },
    Mistake {
        name: "YAML unclosed list",
        make: |s| x(s, "audience: [老年人]", "audience: [老年人"),
        file: "content/events/x.md",
        line: 9,
        shown: "audience: [老年人",
        message: "字段区（两行 --- 之间）的写法有错",
        en: "front matter is not valid YAML",
        help: "",
        en_help: "",
    },
    Mistake {
        name: "dangling .md link",
        make: |s| {
            x(
                s,
                "教老年朋友用智能手机。",
                "教老年朋友用智能手机，见[案例](../cases/nope.md)。",
            )
        },
        file: "content/events/x.md",
        line: 17,
        shown: "教老年朋友用智能手机，见[案例](../cases/nope.md)。",
        message: "链接“../cases/nope.md”找不到要去的页面",
        en: "the link \"../cases/nope.md\" points at no page",
        help: "",
        en_help: "",
    },
    Mistake {
        name: "link to a file beside the page, which is not published",
        make: |s| {
            s.write_bytes("content/events/x/报名表.docx", b"PK");
            s.remove("content/events/x.md");
            s.write(
                "content/events/x/index.md",
                &EVENT.replace("教老年朋友用智能手机。", "请下载[报名表](报名表.docx)。"),
            );
        },
        file: "content/events/x/index.md",
        line: 17,
        shown: "请下载[报名表](报名表.docx)。",
        message: "指向页面旁边的一个文件，但这种文件不会发布",
        en: "points at a file beside the page, which is not published",
        help: "static/files/报名表.docx",
        en_help: "static/files/报名表.docx",
    },
    Mistake {
        name: "link to a draft is dangling",
        make: |s| {
            edit(
                s,
                "content/events/x.md",
                "---\ntitle:",
                "---\ndraft: true\ntitle:",
            )
        },
        file: "content/cases/c.md",
        line: 9,
        shown: "见[活动](../events/x.md)。",
        message: "找不到要去的页面",
        en: "points at no page",
        help: "",
        en_help: "",
    },
    Mistake {
        name: "bad ISBN check digit",
        make: |s| {
            edit(
                s,
                "content/reading/books.md",
                "9787506365437",
                "9787506365438",
            )
        },
        file: "content/reading/books.md",
        line: 10,
        shown: "    isbn: \"9787506365438\"",
        message: "《活着》的 ISBN 9787506365438 不对",
        en: "ISBN 9787506365438 of 《活着》 is not valid",
        help: "重新抄一遍 ISBN",
        en_help: "copy the ISBN again",
    },
    Mistake {
        name: "duplicate slug",
        make: |s| {
            s.write(
                "content/events/y.md",
                &EVENT.replace("---\ntitle:", "---\nslug: x\ntitle:"),
            );
        },
        file: "content/events/y.md",
        line: 2,
        shown: "slug: x",
        message: "两个页面的网址都是 /events/x/",
        en: "two pages have the address /events/x/",
        help: "",
        en_help: "",
    },
    Mistake {
        name: "plain page at the address of the events list",
        make: |s| {
            s.write("content/events.md", "---\ntitle: 活动\n---\n\n全部活动。\n");
        },
        file: "content/events.md",
        line: 1,
        shown: "---",
        message: "网址 /events/ 是网站自动生成的活动列表",
        en: "the address /events/ is the site's list of events",
        help: "把文件改名",
        en_help: "rename the file",
    },
    Mistake {
        name: "plain section at the address of the town pages",
        make: |s| {
            s.write("content/towns/hutang.md", "---\ntitle: 湖塘镇介绍\n---\n");
        },
        file: "content/towns/hutang.md",
        line: 1,
        shown: "---",
        message: "网址 /towns/ 是网站自动生成的镇街列表",
        en: "the address /towns/ is the site's list of towns",
        help: "把文件夹 content/towns/ 改个名字",
        en_help: "rename the folder content/towns/",
    },
    Mistake {
        name: "bundle and single file at the same address",
        make: |s| {
            s.write("content/events/x/index.md", EVENT);
        },
        // Paths sort folder first: x/index.md is read first, x.md is the second one.
        file: "content/events/x.md",
        line: 1,
        shown: "---",
        message: "两个页面的网址都是 /events/x/",
        en: "two pages have the address /events/x/",
        help: "",
        en_help: "",
    },
    Mistake {
        name: "missing image file",
        make: |s| {
            x(
                s,
                "contact: 王老师 0519-86000000\n",
                "contact: 王老师 0519-86000000\ncover: nope.jpg\n",
            )
        },
        file: "content/events/x.md",
        line: 13,
        shown: "cover: nope.jpg",
        message: "图片“content/events/nope.jpg”不存在",
        en: "\"content/events/nope.jpg\" does not exist",
        help: "核对文件名的拼写",
        en_help: "check the spelling",
    },
    Mistake {
        name: "missing image in Markdown",
        make: |s| x(s, "教老年朋友用智能手机。", "![课堂照片](课堂.jpg)"),
        file: "content/events/x.md",
        line: 17,
        shown: "![课堂照片](课堂.jpg)",
        message: "图片“content/events/课堂.jpg”不存在",
        en: "\"content/events/课堂.jpg\" does not exist",
        help: "",
        en_help: "",
    },
    Mistake {
        name: "template error",
        make: |s| {
            edit(
                s,
                "themes/default/templates/event.html",
                "<h1>{{ page.title }}</h1>",
                "<h1>{{ page.title }</h1>",
            )
        },
        file: "themes/default/templates/event.html",
        line: 6,
        shown: "  <h1>{{ page.title }</h1>",
        message: "模板有错",
        en: "template error",
        help: "",
        en_help: "",
    },
    Mistake {
        name: "template names an unknown variable",
        make: |s| {
            edit(
                s,
                "themes/default/templates/page.html",
                "{{ page.title }}",
                "{{ page.titel }}",
            )
        },
        file: "themes/default/templates/page.html",
        line: 4,
        shown: "  <h1>{{ page.titel }}</h1>",
        message: "模板有错",
        en: "template error",
        help: "",
        en_help: "",
    },
    Mistake {
        name: "template uses an unknown filter",
        make: |s| {
            edit(
                s,
                "themes/default/templates/page.html",
                "{{ page.title }}",
                "{{ page.title | upcase }}",
            )
        },
        file: "themes/default/templates/page.html",
        line: 4,
        shown: "  <h1>{{ page.title | upcase }}</h1>",
        message: "Filter 'upcase' not found",
        en: "Filter 'upcase' not found",
        help: "",
        en_help: "",
    },
    Mistake {
        name: "template includes a file that does not exist",
        make: |s| {
            edit(
                s,
                "themes/default/templates/page.html",
                "<h1>",
                "{% include \"partials/nope.html\" %}<h1>",
            )
        },
        file: "themes/default/templates/page.html",
        line: 4,
        shown: "  {% include \"partials/nope.html\" %}<h1>{{ page.title }}</h1>",
        message: "partials/nope.html",
        en: "partials/nope.html",
        help: "",
        en_help: "",
    },
    Mistake {
        name: "online event without online_url",
        make: |s| x(s, "venue: 湖塘镇社区教育中心二楼\n", "format: online\n"),
        file: "content/events/x.md",
        line: 8,
        shown: "format: online",
        message: "还需要写 online_url（线上参加的网址）",
        en: "needs `online_url`",
        help: "online_url: https://",
        en_help: "online_url: https://",
    },
    Mistake {
        name: "online_url that is not an address",
        make: |s| {
            x(
                s,
                "venue: 湖塘镇社区教育中心二楼\n",
                "venue: 湖塘镇社区教育中心二楼\nformat: hybrid\nonline_url: 腾讯会议 123 456 789\n",
            )
        },
        file: "content/events/x.md",
        line: 10,
        shown: "online_url: 腾讯会议 123 456 789",
        message: "不是网址",
        en: "is not a web address",
        help: "https://",
        en_help: "https://",
    },
    Mistake {
        name: "in-person event without venue",
        make: |s| x(s, "venue: 湖塘镇社区教育中心二楼\n", ""),
        file: "content/events/x.md",
        line: 1,
        shown: "---",
        message: "缺少必填项 venue（活动地点）",
        en: "missing the required field `venue`",
        help: "venue: ",
        en_help: "venue: ",
    },
    Mistake {
        name: "photo without alt",
        make: |s| {
            x(
                s,
                "contact: 王老师 0519-86000000\n",
                "contact: 王老师 0519-86000000\nphotos:\n  - src: a.jpg\n    caption: 合影\n",
            )
        },
        file: "content/events/x.md",
        line: 14,
        shown: "  - src: a.jpg",
        message: "照片“a.jpg”没有写 alt（照片内容说明）",
        en: "photo \"a.jpg\" has no `alt` text",
        help: "alt:",
        en_help: "alt:",
    },
    Mistake {
        name: "image in Markdown without alt",
        make: |s| x(s, "教老年朋友用智能手机。", "![](a.jpg)"),
        file: "content/events/x.md",
        line: 17,
        shown: "![](a.jpg)",
        message: "没有写说明文字",
        en: "has no description",
        help: "",
        en_help: "",
    },
    Mistake {
        name: "unknown site.toml key with suggestion",
        make: |s| edit(s, "site.toml", "description =", "descripton ="),
        file: "site.toml",
        line: 2,
        shown: "descripton = \"测试用的站点\"",
        message: "site.toml 没有“descripton”这项设置",
        en: "unknown setting `descripton`",
        help: "是不是想写“description”？",
        en_help: "did you mean \"description\"?",
    },
    Mistake {
        name: "unknown key in a site.toml section",
        make: |s| edit(s, "site.toml", "slogan =", "slogn ="),
        file: "site.toml",
        line: 8,
        shown: "slogn = \"砥砺奋进启新程 全民学习再出发\"",
        message: "site.toml 没有“slogn”这项设置（在 [week] 里）",
        en: "unknown setting `slogn` in [week]",
        help: "是不是想写“slogan”？",
        en_help: "did you mean \"slogan\"?",
    },
    Mistake {
        name: "unknown site.toml section",
        make: |s| {
            edit(
                s,
                "site.toml",
                "[week]",
                "[images]\nwidths = [480]\n\n[weak]",
            )
        },
        file: "site.toml",
        line: 8,
        shown: "[weak]",
        message: "site.toml 没有“weak”这项设置",
        en: "unknown setting `weak`",
        help: "是不是想写“week”？",
        en_help: "did you mean \"week\"?",
    },
    Mistake {
        name: "site.toml syntax error",
        make: |s| edit(s, "site.toml", "end = 2022-12-08", "end = 2022-12-08,"),
        file: "site.toml",
        line: 7,
        shown: "end = 2022-12-08,",
        message: "site.toml 的写法有错",
        en: "site.toml is not valid TOML",
        help: "",
        en_help: "",
    },
    Mistake {
        name: "theme that does not exist",
        make: |s| edit(s, "site.toml", "[week]", "theme = \"fancy\"\n\n[week]"),
        file: "site.toml",
        line: 5,
        shown: "theme = \"fancy\"",
        message: "主题“fancy”",
        en: "the theme \"fancy\"",
        help: "default",
        en_help: "default",
    },
    Mistake {
        name: "non-ASCII file name without slug",
        make: |s| {
            s.write(
                "content/events/湖塘讲座.md",
                &EVENT.replace("智慧助老手机课堂", "湖塘讲座"),
            );
        },
        file: "content/events/湖塘讲座.md",
        line: 1,
        shown: "---",
        message: "网址只能用小写字母 a-z、数字 0-9 和减号 -",
        en: "addresses use only a-z, 0-9 and -",
        help: "hu-tang-jiang-zuo",
        en_help: "hu-tang-jiang-zuo",
    },
    Mistake {
        name: "unknown format value",
        make: |s| {
            x(
                s,
                "venue: 湖塘镇社区教育中心二楼\n",
                "venue: 湖塘镇社区教育中心二楼\nformat: offlien\n",
            )
        },
        file: "content/events/x.md",
        line: 9,
        shown: "format: offlien",
        message: "活动形式 format 写的“offlien”不对",
        en: "format \"offlien\" is not offline, online or hybrid",
        help: "是不是想写“offline”？",
        en_help: "did you mean \"offline\"?",
    },
    Mistake {
        name: "free that is not true or false",
        make: |s| x(s, "free: true", "free: 免费"),
        file: "content/events/x.md",
        line: 10,
        shown: "free: 免费",
        message: "free（是否免费）只能写 true 或 false",
        en: "`free` must be true or false",
        help: "free: true",
        en_help: "free: true",
    },
    Mistake {
        name: "case type not in the list",
        make: |s| {
            edit(
                s,
                "content/cases/c.md",
                "town: 湖塘镇\n",
                "town: 湖塘镇\ntype: 品牌\n",
            )
        },
        file: "content/cases/c.md",
        line: 5,
        shown: "type: 品牌",
        message: "类型 type 写的“品牌”不对",
        en: "type \"品牌\" is neither 典型案例 nor 品牌项目",
        help: "是不是想写“品牌项目”？",
        en_help: "did you mean \"品牌项目\"?",
    },
    Mistake {
        name: "file saved in GBK, not UTF-8",
        make: |s| {
            let mut bytes = EVENT.replace("town: 湖塘镇\n", "town: @@\n").into_bytes();
            let i = bytes.windows(2).position(|w| w == b"@@").unwrap();
            // 湖塘镇 in GBK, as Notepad saves "ANSI" on a Chinese Windows.
            bytes.splice(i..i + 2, [0xBA, 0xFE, 0xCC, 0xC1, 0xD5, 0xF2]);
            s.write_bytes("content/events/x.md", &bytes);
        },
        file: "content/events/x.md",
        line: 5,
        // Shown as well as it can be: the GBK bytes as replacement characters.
        shown: "town: \u{fffd}",
        message: "不是 UTF-8 编码",
        en: "not UTF-8",
        help: "UTF-8",
        en_help: "UTF-8",
    },
];

fn check_mistake(m: &Mistake) -> Result<(), String> {
    let s = good_site();
    let first = s.run_zh(&["build"]);
    if first.code != 0 || first.stderr.contains("警告") {
        return Err(format!(
            "the good site did not build cleanly:\n{}",
            first.stderr
        ));
    }
    let before = snapshot(&s.out());
    (m.make)(&s);
    let r = s.run_zh(&["build"]);
    let fail = |why: String| Err(format!("{why}\n--- stderr ---\n{}", r.stderr));
    if r.code != 1 {
        return fail(format!("exit status {}, not 1", r.code));
    }
    let b = match reported(m, &r.stderr, m.message, ("错误[XZ-E", "= 怎么改：", m.help)) {
        Ok(b) => b,
        Err(why) => return fail(why),
    };
    if !r.stderr.trim_end().lines().any(|l| {
        l.contains(" 个错误，")
            && l.contains(" 个警告")
            && l.starts_with(|c: char| c.is_ascii_digit())
    }) {
        return fail("no count line".into());
    }
    let after_snap = snapshot(&s.out());
    let changes = diff(&before, &after_snap);
    if !changes.is_empty() {
        return fail(format!("the previous output changed: {changes:?}"));
    }
    let leftovers: Vec<String> = std::fs::read_dir(s.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("xuezhou-"))
        .collect();
    if !leftovers.is_empty() {
        return fail(format!("left beside the output: {leftovers:?}"));
    }
    // `check` reports it the same way, and writes nothing.
    let c = s.run_zh(&["check"]);
    if c.code != 1 || !c.stderr.contains(&b) {
        return Err(format!(
            "check does not report it the same way\n--- check ---\n{}\n--- build ---\n{}",
            c.stderr, r.stderr
        ));
    }
    if diff(&before, &snapshot(&s.out())) != Vec::<String>::new() {
        return Err("check wrote to the output".into());
    }
    // In English on request, with the same code.
    let e = s.run(&["check", "--lang", "en"]);
    let en = reported(m, &e.stderr, m.en, ("error[XZ-E", "= help: ", m.en_help))
        .map_err(|why| format!("--lang en: {why}\n--- stderr ---\n{}", e.stderr))?;
    let code = |block: &str| block.split('[').nth(1).map(|c| c[..7].to_string());
    if code(&en) != code(&b) {
        return Err(format!("the codes differ:\n{b}\n{en}"));
    }
    Ok(())
}

/// The block of `stderr` that reports `m` saying `message`, checked for its place, line, caret,
/// kind and code, and help; `(kind, help_label, help)` in the run's language.
fn reported(
    m: &Mistake,
    stderr: &str,
    message: &str,
    (kind, help_label, help): (&str, &str, &str),
) -> Result<String, String> {
    let head = if m.line > 0 {
        format!("{}:{}:", m.file, m.line)
    } else {
        format!("{}:", m.file)
    };
    let Some(b) = stderr
        .split("\n\n")
        .find(|b| b.starts_with(&head) && b.contains(message))
    else {
        return Err(format!("no problem reported at {head} saying {message:?}"));
    };
    let first_line = b.lines().next().unwrap_or("");
    if !first_line.contains(&format!(": {kind}")) {
        return Err(format!(
            "not reported as an error with a code: {first_line}"
        ));
    }
    // path:line:col
    let after = &first_line[head.len()..];
    if m.line > 0
        && !after
            .split(':')
            .next()
            .is_some_and(|c| c.parse::<usize>().is_ok_and(|c| c > 0))
    {
        return Err(format!("no column in {first_line}"));
    }
    let shown_ok = if m.line > 0 {
        b.lines()
            .any(|l| l.starts_with(&format!(" {} | {}", m.line, m.shown)))
    } else {
        b.lines()
            .nth(1)
            .is_some_and(|l| l.contains(" | ") && l.contains(m.shown))
    };
    if !shown_ok {
        return Err(format!("the offending line {:?} is not shown", m.shown));
    }
    if !b
        .lines()
        .nth(2)
        .is_some_and(|l| l.trim_end().ends_with('^'))
    {
        return Err("no caret under the offending line".into());
    }
    match b.find(help_label) {
        Some(at) if b[at..].contains(help) => Ok(b.to_string()),
        Some(_) => Err(format!("the help does not say {help:?}")),
        None => Err("no help saying how to fix it".into()),
    }
}

#[test]
fn at_least_fifteen_mistakes() {
    assert!(MISTAKES.len() >= 15);
    let names: std::collections::BTreeSet<_> = MISTAKES.iter().map(|m| m.name).collect();
    assert_eq!(names.len(), MISTAKES.len(), "each mistake once");
}

#[test]
fn each_mistake_is_reported_where_it_is_and_keeps_the_previous_output() {
    // The rows run on a few threads: each builds its own site twice.
    let failures: Vec<String> = std::thread::scope(|scope| {
        let chunks: Vec<&[Mistake]> = MISTAKES.chunks(MISTAKES.len().div_ceil(4)).collect();
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .filter_map(|m| {
                            check_mistake(m)
                                .err()
                                .map(|e| format!("=== {} ===\n{e}", m.name))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    assert!(
        failures.is_empty(),
        "{} of {} mistakes not reported right:\n\n{}",
        failures.len(),
        MISTAKES.len(),
        failures.join("\n\n")
    );
}

#[test]
fn all_problems_of_a_run_are_reported_together() {
    let s = good_site();
    s.build().ok();
    let before = snapshot(&s.out());
    edit(&s, "content/events/x.md", "town: 湖塘镇", "town: 湖塘");
    edit(
        &s,
        "content/reading/books.md",
        "9787506365437",
        "9787506365438",
    );
    edit(&s, "content/about.md", "本站介绍。", "[坏链接](nope.md)");
    let r = s.build();
    r.expect_code(1);
    r.says("content/events/x.md:5:");
    r.says("content/reading/books.md:10:");
    r.says("content/about.md:5:");
    assert!(r.stderr.contains("3 errors, 0 warnings"), "{}", r.stderr);
    // In file order, so the report reads top to bottom.
    let pos = |n: &str| r.stderr.find(n).unwrap();
    assert!(pos("content/about.md:") < pos("content/events/x.md:"));
    assert!(pos("content/events/x.md:") < pos("content/reading/books.md:"));
    assert!(diff(&before, &snapshot(&s.out())).is_empty());
}

#[test]
fn one_mistake_is_one_error() {
    // c.md links to x.md; x.md has an error and is left out, but the link is not a second one.
    let s = good_site();
    x(&s, "town: 湖塘镇", "town: 湖塘");
    let r = s.build();
    r.expect_code(1);
    assert!(r.stderr.contains("1 error, 0 warnings"), "{}", r.stderr);
    assert!(!r.stderr.contains("content/cases/c.md"), "{}", r.stderr);
    // The same for a page left out because another has its address.
    let s = good_site();
    s.write("content/events/x/index.md", EVENT);
    let r = s.build();
    assert!(r.stderr.contains("1 error, 0 warnings"), "{}", r.stderr);
}

#[test]
fn the_count_line_counts_what_is_shown() {
    let s = good_site();
    // The same mistake in two files, and two mistakes in one.
    edit(&s, "content/events/x.md", "town: 湖塘镇", "town: 湖塘");
    edit(&s, "content/events/x.md", "capacity: 40", "capacity: 很多");
    s.write(
        "content/events/y.md",
        &EVENT.replace("town: 湖塘镇", "town: 湖塘"),
    );
    let r = s.build();
    r.expect_code(1);
    let shown = r.stderr.lines().filter(|l| l.contains(": error[")).count();
    assert_eq!(shown, 3, "{}", r.stderr);
    assert!(r.stderr.contains("3 errors, 0 warnings"), "{}", r.stderr);
    assert!(
        !s.out().exists(),
        "a failed first build creates no output folder"
    );
}

#[test]
fn warnings_do_not_fail_the_build() {
    let s = good_site();
    s.build().ok();
    x(
        &s,
        "start: 2022-12-03 09:30\nend: 2022-12-03 11:00",
        "start: 2022-11-20 09:30\nend: 2022-11-20 11:00",
    );
    let r = s.build();
    r.ok();
    r.says("content/events/x.md:3:");
    r.says("warning[XZ-W303]: ");
    r.says("outside the activity week");
    r.says(" 3 | start: 2022-11-20 09:30");
    assert!(r.stderr.contains("0 errors, 1 warning"), "{}", r.stderr);
    // Listed apart, not dropped.
    assert!(s.out().join("events/x/index.html").is_file());
    assert!(s.read("events/index.html").contains("智慧助老手机课堂"));
}

#[test]
fn a_long_video_is_a_warning() {
    let s = good_site();
    s.write("content/cases/v/index.md", "---\ntitle: 视频案例\nunit: 湖塘镇社区教育中心\ntown: 湖塘镇\nvideo:\n  src: v.mp4\n  duration: \"6:30\"\n---\n");
    // The smallest video xuezhou publishes: ftyp and an empty moov.
    s.write_bytes(
        "content/cases/v/v.mp4",
        b"\0\0\0\x10ftypisom\0\0\x02\0\0\0\0\x08moov",
    );
    let r = s.build();
    r.ok();
    r.says("content/cases/v/index.md:7:");
    r.says("longer than the 5:00");
    assert!(r.stderr.contains("0 errors, 1 warning"), "{}", r.stderr);
}

#[test]
fn a_failed_first_build_creates_nothing() {
    let s = good_site();
    x(&s, "town: 湖塘镇", "town: 湖塘");
    let run = s.build();
    run.expect_code(1).says("there is no earlier output");
    // A first build has no previous output to speak of (issue 11: messages tell the truth).
    assert!(
        !run.stderr.contains("previous output is unchanged"),
        "{}",
        run.stderr
    );
    assert!(!s.out().exists());
    let entries: Vec<String> = std::fs::read_dir(s.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        entries.iter().all(|n| !n.contains("xuezhou-")),
        "{entries:?}"
    );
}

#[test]
fn a_case_with_more_than_five_photos_is_a_warning() {
    let s = good_site();
    let mut fm = String::from(
        "---\ntitle: 照片很多的案例\nunit: 湖塘镇社区教育中心\ntown: 湖塘镇\nphotos:\n",
    );
    for i in 1..=6 {
        fm.push_str(&format!("  - src: {i}.png\n    alt: 第{i}张照片\n"));
        let p = s.path(&format!("content/cases/many/{i}.png"));
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        image::RgbImage::from_pixel(8, 6, image::Rgb([200, 100, 50]))
            .save(&p)
            .unwrap();
    }
    fm.push_str("---\n");
    s.write("content/cases/many/index.md", &fm);
    let r = s.build();
    r.ok();
    r.says("content/cases/many/index.md:5:");
    r.says("this case has 6 photos");
    assert!(r.stderr.contains("0 errors, 1 warning"), "{}", r.stderr);
}

#[test]
fn a_theme_without_a_template_the_site_needs() {
    let s = good_site();
    s.build().ok();
    let before = snapshot(&s.out());
    s.remove("themes/default/templates/term.html");
    let r = s.build();
    r.expect_code(1);
    r.says(
        "themes/default/templates/term.html: error[XZ-E403]: the theme has no template term.html",
    );
    r.says("xuezhou init");
    assert!(r.stderr.contains("1 error, 0 warnings"), "{}", r.stderr);
    assert!(diff(&before, &snapshot(&s.out())).is_empty());
}

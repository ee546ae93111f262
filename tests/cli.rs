//! The command line: `init`, `new`, `check`, and usage errors (exit status 2).

mod common;

use common::*;
use std::path::Path;

/// The fields of each kind (SPEC §4), plus those every kind takes.
const COMMON: &[&str] = &["summary", "draft", "weight", "cover", "photos"];
const KINDS: &[(&str, &str, &[&str])] = &[
    (
        "event",
        "events",
        &[
            "title",
            "start",
            "town",
            "organizer",
            "category",
            "venue",
            "end",
            "topics",
            "audience",
            "format",
            "online_url",
            "address",
            "free",
            "capacity",
            "participants",
            "contact",
            "launch",
        ],
    ),
    (
        "case",
        "cases",
        &[
            "title", "unit", "town", "date", "type", "topics", "video", "src", "poster", "duration",
        ],
    ),
    (
        "star",
        "stars",
        &["name", "town", "occupation", "honors", "quote", "portrait"],
    ),
    (
        "reading",
        "reading",
        &[
            "title",
            "curator",
            "audience",
            "books",
            "author",
            "publisher",
            "year",
            "isbn",
            "cover",
            "note",
        ],
    ),
];

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// The front matter's lines that name `field` (also as a commented-out example, `# video:`).
fn field_lines<'a>(front_matter: &'a str, field: &str) -> Vec<&'a str> {
    front_matter
        .lines()
        .filter(|l| {
            let t = l
                .trim_start()
                .trim_start_matches('#')
                .trim_start()
                .trim_start_matches("- ")
                .trim_start();
            t.strip_prefix(field)
                .is_some_and(|rest| rest.starts_with(':'))
        })
        .collect()
}

#[test]
fn init_makes_a_site_that_builds() {
    let tmp = Site::empty();
    let dir = tmp.path("mysite");
    let r = xuezhou(["init".as_ref(), dir.as_os_str()]);
    r.ok();
    for f in [
        "site.toml",
        "themes/default/templates/base.html",
        "themes/default/templates/search.html",
        "themes/default/static/style.css",
        "content/_index.md",
    ] {
        assert!(dir.join(f).is_file(), "init wrote {f}");
    }
    // One page of each kind.
    for section in ["events", "cases", "stars", "reading"] {
        let files = walk(&dir.join("content").join(section));
        assert!(
            files
                .iter()
                .any(|p| p.extension().is_some_and(|e| e == "md")),
            "a page in content/{section}/"
        );
    }
    let b = xuezhou_in(&dir, ["build"]);
    b.ok();
    assert!(!b.stderr.contains("warning"), "{}", b.stderr);
    let out = dir.join("public");
    for f in [
        "index.html",
        "events/index.html",
        "cases/index.html",
        "stars/index.html",
        "reading/index.html",
        "404.html",
        "atom.xml",
        "sitemap.xml",
        "robots.txt",
        "search/index.html",
        "search/meta.json",
    ] {
        assert!(out.join(f).is_file(), "the new site has {f}");
    }
    let broken = broken_links(&out, "/");
    assert!(broken.is_empty(), "{broken:?}");
}

#[test]
fn init_into_an_empty_folder_works() {
    let tmp = Site::empty();
    xuezhou(["init".as_ref(), tmp.root().as_os_str()]).ok();
    assert!(tmp.path("site.toml").is_file());
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let tmp = Site::empty();
    tmp.write("notes.txt", "我的笔记");
    let before = snapshot(tmp.root());
    let r = xuezhou(["init".as_ref(), tmp.root().as_os_str()]);
    assert_ne!(r.code, 0, "{}", r.stderr);
    r.says("not empty");
    assert!(
        diff(&before, &snapshot(tmp.root())).is_empty(),
        "init changed nothing"
    );
}

#[test]
fn new_writes_every_field_with_chinese_comments() {
    for (kind, section, fields) in KINDS {
        let s = Site::bare();
        let r = s.run(&["new", kind, "my-page"]);
        r.ok();
        let file = s.path(&format!("content/{section}/my-page/index.md"));
        let text =
            std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{kind}: {e}\n{}", r.stderr));
        let fm = text
            .strip_prefix("---\n")
            .and_then(|t| t.split_once("\n---\n"))
            .map(|(fm, _)| fm)
            .expect("front matter");
        for field in fields.iter().chain(COMMON) {
            let lines = field_lines(fm, field);
            assert!(!lines.is_empty(), "`new {kind}` lists `{field}`:\n{fm}");
            assert!(
                lines
                    .iter()
                    .any(|l| l.split_once('#').is_some_and(|(_, c)| has_cjk(c)) || has_cjk(l)),
                "`new {kind}`: `{field}` has a comment in Chinese: {lines:?}"
            );
        }
        // Every field line is commented.
        for l in fm.lines() {
            if !l.trim().is_empty() && !l.trim_start().starts_with('#') {
                assert!(
                    l.contains(" #"),
                    "`new {kind}`: line without a comment: {l}"
                );
            }
        }
    }
}

/// The fields `new` leaves empty that a build needs, with a value to fill each in with.
const TO_FILL: &[(&str, &[(&str, &str)])] = &[
    (
        "event",
        &[
            ("title", "社区智慧助老培训班"),
            ("start", "2022-12-03 09:00"),
            ("town", "湖塘镇"),
            ("organizer", "湖塘镇社区教育中心"),
            ("category", "培训"),
            ("venue", "湖塘镇社区教育中心三楼教室"),
        ],
    ),
    (
        "case",
        &[
            ("title", "社区学习共同体"),
            ("unit", "湖塘镇社区教育中心"),
            ("town", "湖塘镇"),
        ],
    ),
    ("star", &[("name", "张秀英"), ("town", "湖塘镇")]),
    (
        "reading",
        &[
            ("title", "老年朋友的好书"),
            ("curator", "武进区图书馆"),
            ("  - title", "平凡的世界"),
        ],
    ),
];

#[test]
fn new_pages_cannot_be_published_with_their_blanks() {
    for (kind, section, _) in KINDS {
        let s = Site::bare();
        s.run(&["new", kind, "fresh"]).ok();
        let rel = format!("content/{section}/fresh/index.md");
        let text = std::fs::read_to_string(s.path(&rel)).unwrap();
        // As a draft it builds, is not published, and says what is still to fill.
        let r = s.build();
        r.ok().says("(in a draft, not published)");
        assert!(
            !s.out().join(format!("{section}/fresh")).exists(),
            "{kind}: a draft is not published"
        );
        let published: String = text
            .lines()
            .filter(|l| !l.trim_start().starts_with("draft:"))
            .map(|l| format!("{l}\n"))
            .collect();
        s.write(&rel, &published);
        // Without its draft line, every field still to fill is an error at its own line, and
        // so is every line of the body left to replace.
        let r = s.build();
        r.expect_code(1);
        let fill = TO_FILL.iter().find(|(k, _)| k == kind).unwrap().1;
        let line_of = |start: &str| {
            published
                .lines()
                .position(|l| l.starts_with(start))
                .unwrap_or_else(|| panic!("{kind}: no line {start:?}"))
                + 1
        };
        for (field, _) in fill {
            let line = line_of(&format!("{field}:"));
            let at = format!("{rel}:{line}:");
            assert!(
                r.stderr
                    .lines()
                    .any(|l| l.starts_with(&at) && l.contains("error")),
                "{kind}: `{field}` is named at line {line}\n{}",
                r.stderr
            );
        }
        for (i, l) in published.lines().enumerate() {
            if l.starts_with("（在这里写") {
                r.says(&format!(
                    "{rel}:{}:1: error[XZ-E133]: the text still reads {l}",
                    i + 1
                ));
            }
        }
        assert!(!s.out().join(format!("{section}/fresh")).exists());
        // Filled in, it builds with no warning and is published.
        let filled: String = published
            .lines()
            .filter(|l| !l.starts_with("（在这里写"))
            .map(
                |l| match fill.iter().find(|(f, _)| l.starts_with(&format!("{f}:"))) {
                    Some((f, v)) => format!("{f}: {v}\n"),
                    None => format!("{l}\n"),
                },
            )
            .collect();
        s.write(&rel, &filled);
        let r = s.build();
        r.ok();
        assert!(!r.stderr.contains("warning"), "{kind}: {}", r.stderr);
        assert!(
            s.out()
                .join(format!("{section}/fresh/index.html"))
                .is_file(),
            "{kind} published"
        );
    }
}

#[test]
fn new_pages_carry_no_sample_values() {
    let s = Site::bare();
    s.run(&["new", "event", "one"]).ok();
    s.run(&["new", "event", "two"]).ok();
    for slug in ["one", "two"] {
        let text =
            std::fs::read_to_string(s.path(&format!("content/events/{slug}/index.md"))).unwrap();
        let fm = text.split("\n---\n").next().unwrap();
        for sample in ["王老师", "0519-86000000", "title: 社区智慧助老培训班"] {
            assert!(
                !fm.contains(sample),
                "`new` wrote the sample {sample:?}:\n{fm}"
            );
        }
    }
}

#[test]
fn new_refuses_to_overwrite() {
    let s = Site::bare();
    s.run(&["new", "event", "taken"]).ok();
    let rel = "content/events/taken/index.md";
    s.write(rel, "my own words");
    let r = s.run(&["new", "event", "taken"]);
    assert_ne!(r.code, 0);
    r.says("already exists");
    assert_eq!(
        std::fs::read_to_string(s.path(rel)).unwrap(),
        "my own words"
    );
    // Nor a single file of the same address.
    s.write("content/cases/single.md", "mine");
    let r = s.run(&["new", "case", "single"]);
    assert_ne!(r.code, 0);
    r.says("already exists");
    assert_eq!(
        std::fs::read_to_string(s.path("content/cases/single.md")).unwrap(),
        "mine"
    );
    assert!(!s.path("content/cases/single").exists());
}

#[test]
fn new_outside_a_site_says_so() {
    let tmp = Site::empty();
    let r = xuezhou_in(tmp.root(), ["new", "event", "x"]);
    assert_ne!(r.code, 0);
    r.says("site.toml");
    assert!(walk(tmp.root()).is_empty(), "nothing was written");
}

#[test]
fn check_reports_like_build_and_writes_nothing() {
    let s = Site::new();
    s.write(
        "content/events/x.md",
        &EVENT.replace("town: 湖塘镇", "town: 湖塘"),
    );
    s.write("content/about.md", "---\ntitel: 关于\n---\n");
    let before = snapshot(s.root());
    let c = s.check();
    c.expect_code(1);
    assert!(
        diff(&before, &snapshot(s.root())).is_empty(),
        "check wrote something"
    );
    assert!(!s.out().exists(), "no public/ created");
    let b = s.build();
    b.expect_code(1);
    // The same problems, reported the same way; only the closing line differs.
    let problems = |t: &str| {
        t.split("\n\n")
            .filter(|p| p.contains(": error[") || p.contains(": warning["))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(problems(&c.stderr), problems(&b.stderr));
    // `titel` is both an unknown field and a missing `title`.
    assert_eq!(problems(&c.stderr).len(), 3, "{}", c.stderr);
    assert!(c.stderr.contains("3 errors, 0 warnings"), "{}", c.stderr);
    assert!(b.stderr.contains("3 errors, 0 warnings"));
}

#[test]
fn check_of_a_good_site_writes_nothing() {
    let s = Site::new();
    let before = snapshot(s.root());
    s.check().ok();
    assert!(diff(&before, &snapshot(s.root())).is_empty());
    assert!(!s.out().exists());
}

#[test]
fn check_leaves_an_existing_output_alone() {
    let s = Site::new();
    s.build().ok();
    let before = snapshot(s.root());
    s.write("content/about.md", "---\ntitle: 关于\n---\n");
    let before_out = snapshot(&s.out());
    s.check().ok();
    assert_eq!(diff(&before_out, &snapshot(&s.out())), Vec::<String>::new());
    let _ = before;
}

#[test]
fn bad_usage_exits_2() {
    let s = Site::new();
    for args in [
        vec!["publish"],
        vec!["build", "--outptu", "x"],
        vec!["build", "--drafts=maybe"],
        vec!["new", "event"],
        vec!["new", "article", "x"],
        vec!["new", "event", "湖塘讲座"],
        vec!["new", "event", "Has Spaces"],
        vec!["serve", "--port", "notaport"],
        vec!["init"],
        vec![],
    ] {
        let r = xuezhou_in(s.root(), &args);
        assert_eq!(
            r.code,
            2,
            "`xuezhou {}` exits 2\n{}",
            args.join(" "),
            r.stderr
        );
        assert!(
            !r.stderr.trim().is_empty(),
            "`xuezhou {}` says why",
            args.join(" ")
        );
    }
    // Nothing was built or created by any of them.
    assert!(!s.out().exists());
    assert!(!s.path("content/events/湖塘讲座").exists());
}

#[test]
fn a_bad_slug_for_new_suggests_one() {
    let s = Site::bare();
    let r = s.run(&["new", "event", "湖塘讲座"]);
    r.expect_code(2);
    r.says("hu-tang-jiang-zuo");
}

#[test]
fn no_site_toml_is_an_error_that_says_what_to_do() {
    let tmp = Site::empty();
    let r = xuezhou_in(tmp.root(), ["build"]);
    r.expect_code(1);
    r.says("site.toml");
    r.says("xuezhou init");
    assert!(walk(tmp.root()).is_empty(), "nothing was written");
}

#[test]
fn help_and_version() {
    let r = xuezhou(["--help"]);
    r.ok();
    assert!(
        r.stdout.contains("build")
            && r.stdout.contains("check")
            && r.stdout.contains("new")
            && r.stdout.contains("init")
    );
    xuezhou(["--version"]).ok();
}

#[test]
fn output_that_would_replace_the_site_is_refused() {
    let s = Site::new();
    s.write("static/logo.txt", "logo");
    let before = snapshot(s.root());
    let elsewhere = Site::empty();
    let root = s.root().display().to_string();
    for output in [
        ".",
        "content",
        "content/events",
        "themes",
        "themes/default/static",
        "static",
        "static/files",
        "public/..",
        "..",
        root.as_str(),
    ] {
        let r = s.run(&["build", "--output", output]);
        assert_eq!(r.code, 1, "--output {output}: {}", r.stderr);
        r.says("--output")
            .says("= help: give the output a new or empty folder of its own");
        // Also when run from another folder.
        let from_elsewhere = if output.starts_with('/') {
            output.to_string()
        } else {
            format!("{root}/{output}")
        };
        let r = xuezhou_in(
            elsewhere.root(),
            ["build", "--root", &root, "--output", &from_elsewhere],
        );
        assert_eq!(r.code, 1, "--output {from_elsewhere}: {}", r.stderr);
        assert_eq!(
            diff(&before, &snapshot(s.root())),
            Vec::<String>::new(),
            "--output {output} changed the site"
        );
    }
    // A folder of other files is not replaced either.
    elsewhere.write("报告.docx", "mine");
    let r = s.run(&["build", "--output", &elsewhere.root().display().to_string()]);
    r.expect_code(1);
    r.says("xuezhou did not make");
    assert!(elsewhere.path("报告.docx").is_file());
    // The folder xuezhou runs in.
    let r = xuezhou_in(
        &s.path("content"),
        ["build", "--root", "..", "--output", "."],
    );
    r.expect_code(1);
    assert_eq!(diff(&before, &snapshot(s.root())), Vec::<String>::new());
    // A default public/ that staff filled with other files.
    s.write("public/通知.pdf", "pdf");
    let r = s.build();
    r.expect_code(1);
    r.says("the output folder");
    assert!(s.path("public/通知.pdf").is_file());
    // A site built before is replaced, and an empty or new folder is used.
    s.remove("public");
    s.build().ok();
    s.build().ok();
    let empty = Site::empty();
    s.run(&["build", "--output", &empty.root().display().to_string()])
        .ok();
    s.run(&[
        "build",
        "--output",
        &empty.path("a/b").display().to_string(),
    ])
    .ok();
}

/// Issue 11, item 1: `xuezhou init p/site; echo '<p>' > p/index.html; xuezhou build --root p/site
/// --output p` removed the site. The output folder is xuezhou's alone: a folder that holds the site,
/// or files xuezhou did not make, is refused, and everything in it stays.
#[test]
fn output_is_never_a_folder_of_the_users() {
    let p = Site::empty();
    let site = p.path("site");
    let site_arg = site.display().to_string();
    xuezhou_in(p.root(), ["init", site_arg.as_str()]).ok();
    p.write("index.html", "<p>");
    p.write("工作/总结.docx", "mine");
    p.write("手写/index.html", "<p>made by hand</p>");
    p.write("手写/照片.jpg", "jpeg");
    p.write("文档/报告.docx", "mine too");
    let before = snapshot(p.root());
    let elsewhere = Site::empty();
    let refused = |output: &Path, says: &str| {
        let out = output.display().to_string();
        for cwd in [elsewhere.root(), site.as_path()] {
            let r = xuezhou_in(cwd, ["build", "--root", &site_arg, "--output", &out]);
            assert_eq!(
                diff(&before, &snapshot(p.root())),
                Vec::<String>::new(),
                "--output {out} changed the user's files"
            );
            r.expect_code(1);
            r.says(says)
                .says("= help: ")
                .says("nothing was built or changed");
        }
    };
    // An ancestor of the site (with an index.html, which once passed for a build).
    refused(p.root(), "holds the site folder");
    // A folder with a .docx.
    refused(&p.path("文档"), "xuezhou did not make");
    // A folder with an index.html made by hand.
    refused(&p.path("手写"), "no .xuezhou-output file");
    // A sub-folder of the site's own folders.
    refused(
        &site.join("content/events"),
        "inside the site's content/ folder",
    );
    refused(&site.join("static"), "the site's static/ folder");
    refused(&site, "is the site folder");

    // A build of this xuezhou is marked as such, and the next build replaces it.
    let out = p.path("out");
    let out_arg = out.display().to_string();
    xuezhou_in(
        p.root(),
        ["build", "--root", &site_arg, "--output", &out_arg],
    )
    .ok();
    let marker = std::fs::read_to_string(out.join(".xuezhou-output")).unwrap();
    assert!(marker.contains("xuezhou build"), "{marker}");
    xuezhou_in(
        p.root(),
        ["build", "--root", &site_arg, "--output", &out_arg],
    )
    .ok();
    // A build of an older xuezhou (no marker) is refused once, with what to do.
    std::fs::remove_file(out.join(".xuezhou-output")).unwrap();
    let r = xuezhou_in(
        p.root(),
        ["build", "--root", &site_arg, "--output", &out_arg],
    );
    r.expect_code(1);
    r.says("older xuezhou")
        .says("delete or empty the folder once");
    assert!(out.join("index.html").is_file());
}

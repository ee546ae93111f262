//! Staff read Chinese (issue 13): every run speaks it by default, English only on request, the
//! caret stands under the wrong value even after Chinese text, and one run reports every
//! problem of a page.

mod common;

use common::*;

#[test]
fn all_problems_of_a_page_are_reported_by_one_check() {
    let s = Site::new();
    // Four kinds of problem in one page: a town not in the list, an end before its start, a
    // cover that does not exist, a link to a page that does not exist.
    s.write(
        "content/events/x.md",
        &EVENT
            .replace("town: 湖塘镇", "town: 湖塘")
            .replace("end: 2022-12-03 11:00", "end: 2022-12-03 08:00")
            .replace(
                "contact: 王老师 0519-86000000\n",
                "contact: 王老师 0519-86000000\ncover: 封面.jpg\n",
            )
            .replace("教老年朋友用智能手机。", "见[案例](../cases/nope.md)。"),
    );
    let r = s.run_zh(&["check"]);
    r.expect_code(1);
    r.says("content/events/x.md:5:7: 错误[XZ-E108]: town（所在镇/街道）写的“湖塘”不在 site.toml 的镇街名单里");
    r.says("content/events/x.md:4:6: 错误[XZ-E118]: 结束时间 end（2022-12-03 08:00）早于开始时间 start");
    r.says("content/events/x.md:13:8: 错误[XZ-E304]: 图片“content/events/封面.jpg”不存在");
    r.says("content/events/x.md:18:2: 错误[XZ-E302]: 链接“../cases/nope.md”找不到要去的页面");
    r.says("4 个错误，0 个警告");
    // build says the same, and publishes nothing.
    let b = s.run_zh(&["build"]);
    b.expect_code(1).says("4 个错误，0 个警告");
    assert!(!s.out().exists());
}

#[test]
fn the_caret_stands_under_the_value_after_chinese_text() {
    let s = Site::new();
    s.write(
        "content/events/x.md",
        &EVENT.replace("audience: [老年人]", "audience: [老年人, 老人]"),
    );
    let r = s.run_zh(&["check"]);
    r.expect_code(1);
    // 老人 is the 17th character, after 11 narrow ones, 老年人 and ", ".
    r.says("content/events/x.md:9:17: 错误[XZ-E108]");
    let block = r
        .stderr
        .split("\n\n")
        .find(|b| b.starts_with("content/events/x.md:9:17:"))
        .unwrap();
    let lines: Vec<&str> = block.lines().collect();
    assert_eq!(lines[1], " 9 | audience: [老年人, 老人]", "{block}");
    // Two terminal cells for each CJK character: 11 + 6 + 2 = 19 cells before the caret.
    assert_eq!(lines[2], format!("   | {}^", " ".repeat(19)), "{block}");
}

#[test]
fn chinese_by_default_english_on_request() {
    let s = Site::new();
    s.write(
        "content/events/x.md",
        &EVENT.replace("town: 湖塘镇", "town: 湖塘"),
    );
    let zh = s.run_zh(&["check"]);
    zh.expect_code(1)
        .says("= 怎么改：是不是想写“湖塘镇”？")
        .says("1 个错误，0 个警告")
        .says("检查没有通过");
    assert!(!zh.stderr.contains("error"), "{}", zh.stderr);
    // --lang en, anywhere on the line, or XUEZHOU_LANG=en.
    for run in [
        s.run_zh(&["check", "--lang", "en"]),
        s.run_zh(&["--lang=en", "check"]),
        s.run(&["check"]),
    ] {
        run.expect_code(1)
            .says("error[XZ-E108]: `town`: \"湖塘\" is not one of the towns in site.toml")
            .says("= help: did you mean \"湖塘镇\"?")
            .says("1 error, 0 warnings")
            .says("check failed");
    }
    // --lang wins over the environment.
    let r = xuezhou_in(s.root(), ["check", "--lang", "zh", "--root", "."]);
    r.expect_code(1).says("1 个错误，0 个警告");
}

#[test]
fn a_good_build_and_check_say_what_they_did_in_chinese() {
    let s = Site::new();
    s.write("content/events/x.md", EVENT);
    s.run_zh(&["check"]).ok().says("检查了 1 个页面：没有错误");
    s.run_zh(&["build"]).ok().says("已生成 1 个页面");
}

#[test]
fn init_and_new_speak_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let r = xuezhou_zh_in(dir.path(), [std::ffi::OsStr::new("init"), site.as_os_str()]);
    r.ok().says("已在").says("新建网站").says("xuezhou serve");
    let r = xuezhou_zh_in(&site, ["new", "event", "hutang-jiangzuo"]);
    r.ok().says("已新建").says("请填好各项");
    let r = xuezhou_zh_in(&site, ["new", "event", "hutang-jiangzuo"]);
    r.expect_code(1).says("已经存在，没有动它");
    let r = xuezhou_zh_in(&site, ["new", "event", "湖塘讲座"]);
    r.expect_code(2)
        .says("不能当网址名")
        .says("hu-tang-jiang-zuo");
    let r = xuezhou_zh_in(dir.path(), [std::ffi::OsStr::new("init"), site.as_os_str()]);
    r.expect_code(1).says("已经存在，而且里面有文件");
}

#[test]
fn the_staff_guide_lists_every_code_with_its_fix() {
    let guide = std::fs::read_to_string(repo().join("docs/使用说明.md")).unwrap();
    let codes = codes_in_catalogue();
    assert!(codes.len() >= 60, "{} codes", codes.len());
    for code in &codes {
        let row = guide
            .lines()
            .find(|l| l.starts_with('|') && l.contains(&format!("`{code}`")));
        let Some(row) = row else {
            panic!("docs/使用说明.md has no row for {code}");
        };
        // | code | what it means | how to fix it |
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        assert!(
            cells.len() >= 4 && cells[2].len() > 3 && cells[3].len() > 3,
            "the row of {code} says what it is and how to fix it: {row}"
        );
    }
    // The README points staff at the guide in its first lines.
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let head: String = readme.lines().take(8).collect::<Vec<_>>().join("\n");
    assert!(head.contains("docs/使用说明.md"), "{head}");
}

/// Every code the catalogue gives (src/messages/*.rs), read from its source.
fn codes_in_catalogue() -> Vec<String> {
    let mut codes = Vec::new();
    for entry in std::fs::read_dir(repo().join("src/messages")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let mut rest = text.as_str();
        while let Some(at) = rest.find("= \"XZ-") {
            codes.push(rest[at + 3..at + 10].to_string());
            rest = &rest[at + 10..];
        }
    }
    codes.sort();
    codes
}

#[test]
fn serve_on_the_network_prints_the_phone_address_as_a_qr_code() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let s = Site::new();
    s.write("content/events/x.md", EVENT);
    let mut child = Command::new(env!("CARGO_BIN_EXE_xuezhou"))
        .args(["serve", "--bind", "0.0.0.0", "--port", "0", "--root"])
        .arg(s.root())
        .env_remove("XUEZHOU_LANG")
        .env("TMPDIR", s.root())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut all = Vec::new();
        let mut buf = [0u8; 4096];
        while let Ok(n) = stderr.read(&mut buf) {
            if n == 0 {
                break;
            }
            all.extend_from_slice(&buf[..n]);
            if String::from_utf8_lossy(&all).contains("按 Ctrl-C 停止。") {
                break;
            }
        }
        String::from_utf8_lossy(&all).into_owned()
    });
    let started = std::time::Instant::now();
    while !reader.is_finished() && started.elapsed().as_secs() < 120 {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let _ = Command::new("kill").arg(child.id().to_string()).status();
    let _ = child.wait();
    let log = reader.join().unwrap();
    assert!(log.contains("注意：--bind 0.0.0.0"), "{log}");
    if log.contains("用微信扫下面的二维码") {
        // Half blocks, a square with the quiet zone: as many rows of blocks as half its width.
        let rows: Vec<&str> = log.lines().filter(|l| l.starts_with("████")).collect();
        assert!(rows.len() >= 12, "{log}");
        let width = rows[0].chars().count();
        assert!(rows.iter().all(|r| r.chars().count() == width), "{log}");
    } else {
        // No network address on this machine: the phone's address is described instead.
        assert!(log.contains("http://本机的IP地址:"), "{log}");
    }
}

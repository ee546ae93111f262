//! `--help` of every command, in Chinese (the default) and English (`--lang en`): every option
//! and argument is described, in the language asked for (issue 13).

mod common;

use common::*;

const COMMANDS: &[&str] = &[
    "", "build", "serve", "check", "new", "init", "template", "import",
];

fn has_chinese(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// The option and argument lines of a help text: (the option, its description).
fn options(help: &str) -> Vec<(String, String)> {
    help.lines()
        .filter(|l| l.starts_with("  "))
        .map(str::trim)
        .filter(|l| l.starts_with('-') || l.starts_with('<') || l.starts_with('['))
        .map(|l| match l.split_once("  ") {
            Some((name, text)) => (name.trim().to_string(), text.trim().to_string()),
            None => (l.to_string(), String::new()),
        })
        .collect()
}

fn help_of(command: &str, lang: Option<&str>) -> String {
    let mut args: Vec<&str> = command.split_whitespace().collect();
    args.push("--help");
    let dir = std::env::temp_dir();
    let r = match lang {
        Some(lang) => {
            args.extend(["--lang", lang]);
            xuezhou_zh_in(&dir, &args)
        }
        None => xuezhou_zh_in(&dir, &args),
    };
    r.ok();
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    r.stdout
}

#[test]
fn every_option_of_every_command_is_described_in_chinese() {
    for command in COMMANDS {
        let help = help_of(command, None);
        assert!(help.contains("用法："), "xuezhou {command} --help\n{help}");
        assert!(help.contains("选项"), "{help}");
        let opts = options(&help);
        assert!(
            opts.len() >= 2,
            "xuezhou {command} --help lists its options\n{help}"
        );
        for (name, text) in &opts {
            assert!(
                has_chinese(text),
                "xuezhou {command} --help: {name} is not described in Chinese\n{help}"
            );
        }
        // No English left over from clap: headings, defaults, choices.
        for english in [
            "Usage:",
            "Options:",
            "Arguments:",
            "[default",
            "[possible",
            "Print help",
        ] {
            assert!(
                !help.contains(english),
                "{english} in xuezhou {command} --help\n{help}"
            );
        }
    }
}

#[test]
fn every_option_of_every_command_is_described_in_english_on_request() {
    for command in COMMANDS {
        let help = help_of(command, Some("en"));
        assert!(
            help.contains("Usage: "),
            "xuezhou {command} --help --lang en\n{help}"
        );
        for (name, text) in options(&help) {
            assert!(
                text.len() > 8 && !has_chinese(&text.chars().take(8).collect::<String>()),
                "xuezhou {command} --help --lang en: {name} is not described in English\n{help}"
            );
        }
    }
    // The same through the environment.
    let r = xuezhou(["build", "--help"]);
    assert!(r.stdout.contains("Include pages marked"), "{}", r.stdout);
}

#[test]
fn the_subcommands_and_their_options_are_the_same_in_both_languages() {
    for command in COMMANDS {
        let names = |help: &str| -> Vec<String> {
            options(help).into_iter().map(|(name, _)| name).collect()
        };
        assert_eq!(
            names(&help_of(command, None)),
            names(&help_of(command, Some("en"))),
            "xuezhou {command}"
        );
    }
}

#[test]
fn a_usage_error_is_said_in_chinese_with_the_usage_and_where_to_read_more() {
    let dir = std::env::temp_dir();
    let r = xuezhou_zh_in(&dir, ["build", "--outptu", "x"]);
    r.expect_code(2);
    r.says("命令写错了：")
        .says("“--outptu”")
        .says("是不是想写“--output”？");
    r.says("用法：xuezhou build").says("xuezhou build --help");
    let r = xuezhou_zh_in(&dir, ["biuld"]);
    r.expect_code(2).says("没有“biuld”这个命令").says("“build”");
    let r = xuezhou_zh_in(&dir, ["serve", "--port", "notaport"]);
    r.expect_code(2).says("“notaport”").says("1 到 65535");
    let r = xuezhou_zh_in(&dir, ["new", "event"]);
    r.expect_code(2).says("少写了：<SLUG>");
    let r = xuezhou_zh_in(&dir, ["build", "--base-url", "ftp://x"]);
    r.expect_code(2).says("不是网址").says("https://");
    // And in English on request.
    let r = xuezhou_zh_in(&dir, ["--lang", "en", "build", "--outptu", "x"]);
    r.expect_code(2)
        .says("unexpected argument '--outptu'")
        .says("did you mean '--output'?");
}

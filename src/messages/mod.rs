//! Every text a person reads, in both languages side by side (issue 13): Chinese for the staff
//! who run the site, English on request (`--lang en` or `XUEZHOU_LANG=en`) for bug reports.
//!
//! Each room has its own enum of messages (`load`, `site`, `render`, `serve`, `cli`), made by
//! [`catalogue!`] from entries `Name = "XZ-E101" { "中文", "English" }`. A diagnostic's entry has
//! a code, shown with it, that the staff guide (docs/使用说明.md) lists with its fix; texts that
//! are not problems (help, terminal lines) have none. Placeholders are `{name}`, filled by
//! [`t!`] by name, so each language may put them where its sentence needs them.

pub mod cli;
pub mod import;
pub mod load;
pub mod render;
pub mod serve;
pub mod site;

use std::fmt::{self, Display};
use std::sync::atomic::{AtomicU8, Ordering};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

// 0: not chosen yet (read XUEZHOU_LANG on first use), 1: Chinese, 2: English.
static LANG: AtomicU8 = AtomicU8::new(0);

/// The language of this run: set by `--lang`, else `XUEZHOU_LANG`, else Chinese.
pub fn lang() -> Lang {
    match LANG.load(Ordering::Relaxed) {
        1 => Lang::Zh,
        2 => Lang::En,
        _ => {
            let chosen = std::env::var("XUEZHOU_LANG")
                .ok()
                .and_then(|v| parse_lang(&v))
                .unwrap_or(Lang::Zh);
            set_lang(chosen);
            chosen
        }
    }
}

pub fn set_lang(lang: Lang) {
    LANG.store(
        match lang {
            Lang::Zh => 1,
            Lang::En => 2,
        },
        Ordering::Relaxed,
    );
}

/// `en`, `en-US`, `english` / `zh`, `zh-CN`, `中文`; anything else is not a language we speak.
pub fn parse_lang(value: &str) -> Option<Lang> {
    let v = value.trim().to_ascii_lowercase();
    if v.starts_with("en") {
        Some(Lang::En)
    } else if v.starts_with("zh") || v == "cn" || v == "中文" {
        Some(Lang::Zh)
    } else {
        None
    }
}

/// `--lang en` or `--lang=en` among the raw arguments: the language must be known before the
/// command line is parsed, so that `--help` and usage errors speak it too.
pub fn lang_from_args<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Option<Lang> {
    let mut found = None;
    let mut it = args
        .iter()
        .map(|a| a.as_ref().to_string_lossy().into_owned());
    while let Some(arg) = it.next() {
        if arg == "--" {
            break;
        }
        if let Some(v) = arg.strip_prefix("--lang=") {
            found = parse_lang(v).or(found);
        } else if arg == "--lang" {
            found = it.next().and_then(|v| parse_lang(&v)).or(found);
        }
    }
    found
}

/// One entry of a catalogue, whatever its room.
pub trait Entry: Copy + fmt::Debug + 'static {
    fn name(self) -> &'static str;
    fn code(self) -> Option<&'static str>;
    fn zh(self) -> &'static str;
    fn en(self) -> &'static str;
    fn all() -> &'static [Self];
}

/// Makes a room's enum of messages from `Name [= "code"] { "中文", "English" }` entries.
#[macro_export]
macro_rules! catalogue {
    ($(#[$m:meta])* $vis:vis enum $enum:ident {
        $( $name:ident $(= $code:literal)? { $zh:literal, $en:literal $(,)? } )*
    }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        $vis enum $enum { $($name,)* }
        impl $crate::messages::Entry for $enum {
            fn name(self) -> &'static str {
                match self { $($enum::$name => stringify!($name),)* }
            }
            fn code(self) -> Option<&'static str> {
                match self { $($enum::$name => $crate::catalogue!(@code $($code)?),)* }
            }
            fn zh(self) -> &'static str {
                match self { $($enum::$name => $zh,)* }
            }
            fn en(self) -> &'static str {
                match self { $($enum::$name => $en,)* }
            }
            fn all() -> &'static [Self] {
                &[$($enum::$name,)*]
            }
        }
    };
    (@code $code:literal) => { Some($code) };
    (@code) => { None };
}

/// A message in the language of the run, with its code when it names a problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    pub code: Option<&'static str>,
    pub text: String,
}

impl Display for Said {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl From<Said> for String {
    fn from(s: Said) -> String {
        s.text
    }
}

/// Text from outside the catalogue (a parser's own words, put inside a catalogued message).
impl From<String> for Said {
    fn from(text: String) -> Said {
        Said { code: None, text }
    }
}

impl From<Box<str>> for Said {
    fn from(text: Box<str>) -> Said {
        Said::from(String::from(text))
    }
}

impl From<&str> for Said {
    fn from(text: &str) -> Said {
        Said::from(text.to_string())
    }
}

/// The entry's text in the run's language with `{name}` placeholders filled.
pub fn say<E: Entry>(entry: E, args: &[(&str, &dyn Display)]) -> Said {
    let template = match lang() {
        Lang::Zh => entry.zh(),
        Lang::En => entry.en(),
    };
    Said {
        code: entry.code(),
        text: fill(template, args),
    }
}

/// Replaces each `{name}` of `template` by its argument; other braces stay as written.
pub fn fill(template: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let name_end = after.find('}').filter(|&end| {
            end > 0
                && after[..end]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_')
        });
        match name_end.and_then(|end| {
            args.iter()
                .find(|(n, _)| *n == &after[..end])
                .map(|a| (end, a))
        }) {
            Some((end, (_, value))) => {
                out.push_str(&value.to_string());
                rest = &after[end + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The placeholders a template names, for the tests that hold both languages to the same ones.
pub fn placeholders(template: &str) -> std::collections::BTreeSet<String> {
    let mut names = std::collections::BTreeSet::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        if let Some(end) = after.find('}') {
            let name = &after[..end];
            if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                names.insert(name.to_string());
            }
        }
        rest = after;
    }
    names
}

/// `t!(Load::TownUnknown, value = v, list)`: the message in the run's language as [`Said`].
#[macro_export]
macro_rules! t {
    (@v $k:ident) => { $k };
    (@v $k:ident $v:expr) => { $v };
    ($msg:expr $(, $k:ident $(= $v:expr)?)* $(,)?) => {
        $crate::messages::say(
            $msg,
            &[$((stringify!($k), &$crate::t!(@v $k $($v)?) as &dyn ::std::fmt::Display)),*],
        )
    };
}

/// The same as [`t!`], as a `String`.
#[macro_export]
macro_rules! tr {
    ($($x:tt)*) => { $crate::t!($($x)*).text };
}

/// Picks the text of the run's language, for the few words made on the spot (a label).
pub fn pick(zh: &'static str, en: &'static str) -> &'static str {
    match lang() {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// Every entry of every room, for the tests and the staff guide's table.
pub fn every() -> Vec<(
    &'static str,
    Option<&'static str>,
    &'static str,
    &'static str,
)> {
    fn of<E: Entry>(
        out: &mut Vec<(
            &'static str,
            Option<&'static str>,
            &'static str,
            &'static str,
        )>,
    ) {
        out.extend(
            E::all()
                .iter()
                .map(|e| (e.name(), e.code(), e.zh(), e.en())),
        );
    }
    let mut out = Vec::new();
    of::<load::Load>(&mut out);
    of::<load::Yaml>(&mut out);
    of::<site::Site>(&mut out);
    of::<render::Render>(&mut out);
    of::<render::Picture>(&mut out);
    of::<render::Output>(&mut out);
    of::<render::Video>(&mut out);
    of::<serve::Serve>(&mut out);
    of::<cli::Cli>(&mut out);
    of::<cli::Help>(&mut out);
    of::<cli::Usage>(&mut out);
    of::<cli::Run>(&mut out);
    of::<cli::Scaffold>(&mut out);
    of::<import::Import>(&mut out);
    out
}

/// A front-matter field named for staff: `town（所在镇/街道）` in Chinese, `` `town` `` in English.
pub fn field(key: &str) -> String {
    match (lang(), field_label(key)) {
        (Lang::Zh, Some(label)) => format!("{key}（{label}）"),
        (Lang::Zh, None) => key.to_string(),
        (Lang::En, _) => format!("`{key}`"),
    }
}

/// The Chinese labels of the fields, as the pages made by `xuezhou new` name them.
pub fn field_label(key: &str) -> Option<&'static str> {
    Some(match key {
        "title" => "标题",
        "summary" => "简介",
        "draft" => "草稿",
        "weight" => "排序",
        "cover" => "封面图片",
        "photos" => "照片",
        "slug" => "网址名",
        "start" => "开始时间",
        "end" => "结束时间",
        "town" => "所在镇/街道",
        "organizer" => "主办单位",
        "category" => "活动类别",
        "venue" => "活动地点",
        "address" => "详细地址",
        "format" => "活动形式",
        "online_url" => "线上参加的网址",
        "topics" => "主题",
        "audience" => "面向对象",
        "free" => "是否免费",
        "capacity" => "计划名额",
        "participants" => "实际参加人数",
        "contact" => "联系方式",
        "launch" => "是否启动仪式",
        "unit" => "单位",
        "date" => "日期",
        "type" => "类型",
        "video" => "视频",
        "name" => "姓名",
        "occupation" => "职业",
        "honors" => "所获荣誉",
        "quote" => "学习感言",
        "portrait" => "本人照片",
        "curator" => "推荐单位或推荐人",
        "books" => "书目",
        "author" => "作者",
        "publisher" => "出版社",
        "year" => "出版年份",
        "isbn" => "ISBN",
        "note" => "推荐语",
        "src" => "文件名",
        "alt" => "照片内容说明",
        "caption" => "照片说明",
        "poster" => "视频封面",
        "duration" => "时长",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_speaks_both_languages_with_the_same_placeholders() {
        for (name, _, zh, en) in every() {
            assert!(!zh.trim().is_empty(), "{name} has no Chinese");
            assert!(!en.trim().is_empty(), "{name} has no English");
            // A layout of placeholders alone (`{place}: {kind}：{message}`) has no words to say.
            let words = fill(zh, &[]);
            let words: String = placeholders(zh)
                .iter()
                .fold(words, |w, p| w.replace(&format!("{{{p}}}"), ""));
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
                    || !words.chars().any(|c| c.is_ascii_alphabetic()),
                "{name}: the Chinese text has no Chinese: {zh}"
            );
            // English plural endings (`{errors_s}`) have no Chinese counterpart.
            let en_words: std::collections::BTreeSet<String> = placeholders(en)
                .into_iter()
                .filter(|p| !p.ends_with("_s"))
                .collect();
            assert_eq!(placeholders(zh), en_words, "{name}: placeholders differ");
        }
    }

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = std::collections::BTreeSet::new();
        for (name, code, _, _) in every() {
            if let Some(code) = code {
                assert!(
                    code.len() == 7 && (code.starts_with("XZ-E") || code.starts_with("XZ-W")),
                    "{name}: {code}"
                );
                assert!(seen.insert(code), "{code} is used twice");
            }
        }
    }

    #[test]
    fn fills_by_name_and_leaves_other_braces() {
        let v = "湖塘";
        assert_eq!(fill("“{value}”{x}{", &[("value", &v)]), "“湖塘”{x}{");
    }

    #[test]
    fn the_language_is_read_from_the_raw_arguments() {
        assert_eq!(lang_from_args(&["build", "--lang", "en"]), Some(Lang::En));
        assert_eq!(lang_from_args(&["--lang=zh", "check"]), Some(Lang::Zh));
        assert_eq!(lang_from_args(&["new", "--", "--lang=en"]), None);
        assert_eq!(lang_from_args(&["check"]), None);
    }
}

//! `/search/index.json`: everything the search page's script searches (SPEC §5: full text, in
//! Chinese and English, without a server). The page itself is rendered with the other pages in
//! `render`; this module only turns the model into the index.
//!
//! The index is one JSON object, so that a theme's script can read it without knowing Rust:
//!
//! ```json
//! {"base": "/xuexizhou/2022/",
//!  "kinds": ["活动", "案例", "之星", "书单", "页面"],
//!  "fields": ["kind", "path", "title", "meta", "text"],
//!  "pages": [[0, "events/x/", "智慧助老手机课堂", "12月3日 周六 09:30—11:00 · 湖塘镇 · …", "…"]]}
//! ```
//!
//! Each page is an array rather than an object and the base path is given once, because on a
//! 10,000-event site the repeated keys and base would be a tenth of the file. A link is
//! `base + path`. `text` is the summary, the body as plain text and the fields a reader may
//! search for but the `meta` line does not show (organizer, topics, a reading list's books…);
//! the title and the meta line are not repeated in it.

use super::reader::{Fragment, Inputs, Reader};
use crate::diagnostics::Diagnostic;
use crate::model::Model;
use crate::page::{Details, Format, Page};
use rayon::prelude::*;
use serde_json::json;

/// Where the index is written, relative to the site's root.
pub const INDEX_PATH: &str = "search/index.json";

/// The kinds in the order of `kinds` in the index.
const KINDS: [&str; 5] = ["活动", "案例", "之星", "书单", "页面"];

/// Each listed page's entry of the index, as JSON text, made once and kept by serve until the
/// page changes (the plain text of every body is most of the work on a big site): the
/// published pages readers would look for (events, cases, stars, reading lists and plain
/// pages) in that order. Drafts are not among the pages unless the build publishes them.
pub(super) fn entries(inputs: &Inputs) -> Result<Vec<Fragment>, Diagnostic> {
    let order: Vec<(usize, usize)> = {
        let m: &Model = inputs.reader().model();
        let lists: [(usize, &[usize]); 5] = [
            (0, &m.events),
            (1, &m.cases),
            (2, &m.stars),
            (3, &m.readings),
            (4, &m.plain),
        ];
        lists
            .iter()
            .flat_map(|(kind, list)| list.iter().map(move |&i| (*kind, i)))
            .collect()
    };
    order
        .par_iter()
        .map(|&(kind, i)| {
            let name = inputs.page_path(i);
            inputs.memo("search entry", name, |r| Ok(entry(r, kind, i)))
        })
        .collect()
}

fn entry(r: &Reader, kind: usize, i: usize) -> Fragment {
    let (p, x) = (r.page(i), r.extras(i));
    let (meta, extra) = meta_and_extra(p);
    let parts = [
        p.summary.clone().unwrap_or_default(),
        html_to_text(&x.html),
        extra,
    ];
    let text = parts
        .iter()
        .filter(|s| !s.is_empty())
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" ");
    Fragment::new(json!([kind, p.path, p.title, meta, collapse(&text)]).to_string())
}

/// The whole index: the entries joined, with the keys in the order serde_json writes them.
pub(crate) fn index_json(r: &Reader) -> String {
    let entries = r.search_entries();
    let head = json!({
        "base": r.site().urls.base_path,
        "fields": ["kind", "path", "title", "meta", "text"],
        "kinds": KINDS,
    })
    .to_string();
    let mut out = String::with_capacity(
        entries.iter().map(|e| e.text.len() + 1).sum::<usize>() + head.len() + 16,
    );
    // `{"base":…,"kinds":[…]` then `,"pages":[…]}`: "pages" sorts last.
    out.push_str(head.strip_suffix('}').unwrap_or(&head));
    out.push_str(",\"pages\":[");
    for (k, entry) in entries.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        out.push_str(&entry.text);
    }
    out.push_str("]}");
    out
}

/// The line shown under a result's title, and the searchable fields it leaves out.
fn meta_and_extra(p: &Page) -> (String, String) {
    let join = |parts: &[&str]| -> String {
        parts
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" · ")
    };
    match &p.details {
        Details::Event(e) => {
            // Date and time as in 附件1, but a multi-day event's range already says its days.
            let text = crate::model::event_text(e);
            let when = if e.last_day() > e.start.date {
                text.date
            } else {
                format!("{} {}", text.date, text.time)
            };
            // A result says it can be joined both ways, where a calendar entry has no room.
            let place = match (e.format, &e.venue) {
                (Format::Hybrid, Some(_)) => format!("{}（线上线下结合）", text.venue),
                _ => text.venue,
            };
            let mut extra = vec![e.organizer.as_str(), e.category.as_str()];
            extra.extend(e.topics.iter().map(String::as_str));
            extra.extend(e.audience.iter().map(String::as_str));
            extra.extend(e.address.as_deref());
            (join(&[&when, &e.town, &place]), extra.join(" "))
        }
        Details::Case(c) => {
            let mut extra = vec![c.case_type.as_str()];
            extra.extend(c.topics.iter().map(String::as_str));
            (join(&[&c.unit, &c.town]), extra.join(" "))
        }
        Details::Star(s) => {
            let mut extra: Vec<&str> = s.honors.iter().map(String::as_str).collect();
            extra.extend(s.quote.as_deref());
            (
                join(&[s.occupation.as_deref().unwrap_or(""), &s.town]),
                extra.join(" "),
            )
        }
        Details::Reading(r) => {
            let mut extra: Vec<&str> = r.audience.iter().map(String::as_str).collect();
            for b in &r.books {
                extra.push(&b.title);
                extra.extend(b.author.as_deref());
                extra.extend(b.note.as_deref());
            }
            (join(&[&r.curator]), extra.join(" "))
        }
        _ => (String::new(), String::new()),
    }
}

/// Elements whose start or end separates words: without a space there, a heading and the
/// paragraph after it would run together (Chinese has no spaces to fall back on) and a query
/// could match across them.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "img",
    "li",
    "ol",
    "p",
    "picture",
    "pre",
    "section",
    "summary",
    "table",
    "td",
    "th",
    "tr",
    "ul",
];

/// Elements whose content is not text a reader sees.
const SKIPPED: &[&str] = &["script", "style", "template", "svg", "math"];

/// The text a reader sees in rendered Markdown: tags removed (a space where a block starts or
/// ends), entities decoded, runs of whitespace made one space.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(['<', '&']) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if rest.starts_with('&') {
            let (decoded, used) = entity(rest);
            out.push_str(&decoded);
            rest = &rest[used..];
            continue;
        }
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |j| &after[j + 3..]);
            continue;
        }
        // Rendered Markdown escapes a `<` in text; one that still starts no tag is kept.
        if !rest[1..].starts_with(|c: char| c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?'))
        {
            out.push('<');
            rest = &rest[1..];
            continue;
        }
        let end = tag_end(rest);
        let tag = &rest[1..end - usize::from(rest[..end].ends_with('>'))];
        rest = &rest[end..];
        let name = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if !tag.starts_with('/') && SKIPPED.contains(&name.as_str()) {
            let close = format!("</{name}");
            rest = match find_ascii_ci(rest, &close) {
                Some(j) => &rest[j + tag_end(&rest[j..])..],
                None => "",
            };
            out.push(' ');
            continue;
        }
        if BLOCK_TAGS.contains(&name.as_str()) {
            out.push(' ');
        }
    }
    out.push_str(rest);
    collapse(&out)
}

/// The byte length of the tag at the start of `s` (which starts with `<`), up to and with its
/// `>`, stepping over quoted attribute values (raw HTML may have `>` in them).
fn tag_end(s: &str) -> usize {
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return i + 1,
            _ => {}
        }
    }
    s.len()
}

fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    (0..=h.len().checked_sub(n.len())?).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// Decodes the entity at the start of `s` (which starts with `&`): the text and the bytes used.
/// Anything that is not an entity is kept as it is.
fn entity(s: &str) -> (String, usize) {
    let Some(semi) = s[1..].find(';').map(|j| j + 1).filter(|&j| j <= 12) else {
        return ("&".into(), 1);
    };
    let name = &s[1..semi];
    let c = match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        "mdash" => Some('—'),
        "ndash" => Some('–'),
        "hellip" => Some('…'),
        "ldquo" => Some('“'),
        "rdquo" => Some('”'),
        "lsquo" => Some('‘'),
        "rsquo" => Some('’'),
        _ => name.strip_prefix('#').and_then(|n| {
            let code = match n.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => n.parse().ok(),
            };
            // Control characters (`&#0;`) are not text.
            code.and_then(char::from_u32)
                .filter(|c| !c.is_control() || c.is_whitespace())
        }),
    };
    match c {
        Some(c) => (c.to_string(), semi + 1),
        None => ("&".into(), 1),
    }
}

/// Runs of whitespace (the ideographic space too) made one space; no space at either end.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_tags_decodes_entities_and_collapses_whitespace() {
        let html = "<h2 id=\"活动简介\">活动简介</h2>\n<p>教老年朋友用<strong>智能</strong>手机，\n  \
                    &ldquo;学&rdquo;&amp;练 &lt;3&gt; &#x4E66;&#27861;&nbsp;课</p>\n<ul>\n<li>一</li><li>二</li>\n</ul>";
        assert_eq!(
            html_to_text(html),
            "活动简介 教老年朋友用智能手机， “学”&练 <3> 书法 课 一 二"
        );
    }

    #[test]
    fn block_tags_separate_words_and_inline_tags_do_not() {
        assert_eq!(html_to_text("<h2>上午</h2><p>网店</p>"), "上午 网店");
        assert_eq!(html_to_text("<p><em>书</em>法</p>"), "书法");
        assert_eq!(html_to_text("一<br>二<br/>三"), "一 二 三");
    }

    #[test]
    fn drops_scripts_styles_comments_and_attributes() {
        let html = "<p title=\"a > b\">正文</p><!-- 备注 --><script>var x = \"<p>\";</script>\
                    <STYLE>p{}</STYLE><img src=\"a.jpg\" alt=\"照片\">尾";
        assert_eq!(html_to_text(html), "正文 尾");
    }

    #[test]
    fn keeps_what_is_not_markup() {
        assert_eq!(
            html_to_text("1 < 2 & 3 &nope; &#xZZ;"),
            "1 < 2 & 3 &nope; &#xZZ;"
        );
        assert_eq!(html_to_text("a <"), "a <");
        assert_eq!(html_to_text("&#0;&#1114112;x"), "&#0;&#1114112;x");
    }
}

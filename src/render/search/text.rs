//! The text a reader sees in a page's rendered Markdown, for the search index.

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
    let mut out = Collapsed::with_capacity(html.len());
    let mut rest = html;
    // Bytes, not chars: `<` and `&` are ASCII, and every body of the site goes through here.
    while let Some(i) = rest.bytes().position(|b| b == b'<' || b == b'&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if rest.starts_with('&') {
            let used = match entity(rest) {
                Some((c, used)) => {
                    out.push_char(c);
                    used
                }
                None => {
                    out.push_char('&');
                    1
                }
            };
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
            out.push_char('<');
            rest = &rest[1..];
            continue;
        }
        let end = tag_end(rest);
        let tag = &rest[1..end - usize::from(rest[..end].ends_with('>'))];
        rest = &rest[end..];
        let name_from = tag.trim_start_matches('/');
        let name_len = name_from
            .bytes()
            .position(|b| !b.is_ascii_alphanumeric())
            .unwrap_or(name_from.len());
        let name = &name_from[..name_len];
        let is = |list: &[&str]| list.iter().any(|t| t.eq_ignore_ascii_case(name));
        if !tag.starts_with('/') && is(SKIPPED) {
            let close = format!("</{name}");
            rest = match find_ascii_ci(rest, &close) {
                Some(j) => &rest[j + tag_end(&rest[j..])..],
                None => "",
            };
            out.space();
            continue;
        }
        if is(BLOCK_TAGS) {
            out.space();
        }
    }
    out.push_str(rest);
    out.text
}

/// Text with runs of whitespace (the ideographic space too) made one space and none at either
/// end, made as it is pushed.
struct Collapsed {
    text: String,
    space: bool,
}

impl Collapsed {
    fn with_capacity(n: usize) -> Collapsed {
        Collapsed {
            text: String::with_capacity(n),
            space: false,
        }
    }

    fn space(&mut self) {
        self.space = true;
    }

    fn push_str(&mut self, s: &str) {
        for (k, piece) in s.split(char::is_whitespace).enumerate() {
            if k > 0 {
                self.space = true;
            }
            if !piece.is_empty() {
                if self.space && !self.text.is_empty() {
                    self.text.push(' ');
                }
                self.space = false;
                self.text.push_str(piece);
            }
        }
    }

    fn push_char(&mut self, c: char) {
        self.push_str(c.encode_utf8(&mut [0; 4]));
    }
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

/// Decodes the entity at the start of `s` (which starts with `&`): the character and the bytes
/// used; None when it is not an entity (then it is kept as it is).
fn entity(s: &str) -> Option<(char, usize)> {
    let semi = s[1..].find(';').map(|j| j + 1).filter(|&j| j <= 12)?;
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
    c.map(|c| (c, semi + 1))
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

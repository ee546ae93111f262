//! Raw HTML that staff paste into a page body (WeChat articles, Word, other sites) and link
//! addresses, made safe to publish. The policy (see README, Markdown): formatting, tables, images,
//! links and simple inline styles are kept; scripts, style sheets, frames, forms, event handlers
//! (`onclick`…) and addresses other than http(s)/mailto/tel (`javascript:`, `vbscript:`, `data:`…)
//! are removed, and the caller warns with the line.
//!
//! Sanitising is ammonia's (a full HTML parser, so our idea of a tag cannot differ from the
//! browser's); only this module uses it. The warning compares ammonia's output with the output of
//! a second, permissive policy that also keeps what is dangerous: a difference means something
//! dangerous was removed, while dropping a WeChat `class` or an unknown Word tag stays silent.

use ammonia::Builder;
use std::collections::HashSet;
use std::sync::OnceLock;

/// Added to ammonia's default tags: WeChat articles wrap everything in `<section>`, Word in `<font>`.
const EXTRA_TAGS: &[&str] = &["section", "font"];
/// CSS properties kept in `style` attributes: colours, fonts, alignment, spacing. Not `position`,
/// `background-image` (a `url()` fetched from elsewhere) or anything that can cover the page.
const STYLE_PROPERTIES: &[&str] = &[
    "color",
    "background-color",
    "font-size",
    "font-weight",
    "font-style",
    "font-family",
    "text-align",
    "text-decoration",
    "text-indent",
    "line-height",
    "letter-spacing",
    "margin",
    "margin-top",
    "margin-bottom",
    "margin-left",
    "margin-right",
    "padding",
    "padding-top",
    "padding-bottom",
    "padding-left",
    "padding-right",
    "max-width",
    "width",
    "height",
    "border",
    "vertical-align",
    "white-space",
];
/// Address schemes a link or an image may use; anything else (`javascript:`…) is removed.
pub const URL_SCHEMES: &[&str] = &["http", "https", "mailto", "tel", "sms", "ftp"];
/// Removed with their content (not just their tags).
const CONTENT_REMOVED: &[&str] = &["script", "style", "template"];
/// What the permissive policy keeps that the real one removes; `style` is found by its name
/// (ammonia cannot keep `<style>` while filtering `style` attributes).
const DANGEROUS_TAGS: &[&str] = &[
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input",
    "button", "textarea", "select", "base", "meta", "link", "svg", "math", "template", "noscript",
    "portal",
];
const DANGEROUS_SCHEMES: &[&str] = &["javascript", "vbscript", "data", "file", "livescript"];

fn policy() -> &'static Builder<'static> {
    static POLICY: OnceLock<Builder<'static>> = OnceLock::new();
    POLICY.get_or_init(|| {
        let mut b = Builder::default();
        b.add_tags(EXTRA_TAGS)
            .add_generic_attributes(&["style"])
            .filter_style_properties(STYLE_PROPERTIES.iter().copied().collect())
            .url_schemes(URL_SCHEMES.iter().copied().collect())
            .clean_content_tags(CONTENT_REMOVED.iter().copied().collect())
            .strip_comments(true);
        b
    })
}

/// The real policy plus everything dangerous, for telling whether anything dangerous was removed.
fn clean_permissive(html: &str) -> String {
    let schemes: HashSet<String> = scheme_like_words(html);
    let mut b = Builder::default();
    b.add_tags(EXTRA_TAGS)
        .add_tags(DANGEROUS_TAGS)
        .add_generic_attributes(&["style"])
        .add_generic_attribute_prefixes(&["on"])
        .filter_style_properties(STYLE_PROPERTIES.iter().copied().collect())
        .url_schemes(URL_SCHEMES.iter().copied().collect())
        .add_url_schemes(DANGEROUS_SCHEMES)
        .add_url_schemes(schemes.iter().map(String::as_str))
        .clean_content_tags(HashSet::from(["style"]))
        .strip_comments(true);
    for t in DANGEROUS_TAGS {
        b.add_tag_attributes(
            *t,
            &["src", "href", "data", "action", "formaction", "srcdoc"],
        );
    }
    b.clean(html).to_string()
}

/// Every `word:` in `html`, lower-cased: the schemes the permissive policy must keep.
fn scheme_like_words(html: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    let mut word = String::new();
    for c in html.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-') {
            word.push(c.to_ascii_lowercase());
        } else {
            if c == ':' && word.starts_with(|c: char| c.is_ascii_alphabetic()) {
                out.insert(std::mem::take(&mut word));
            }
            word.clear();
        }
    }
    out
}

/// What was removed, in words, for a warning; empty when nothing dangerous was.
fn removed_kinds(raw: &str, safe: &str) -> Vec<&'static str> {
    let lower = raw.to_ascii_lowercase();
    let dangerous_style = lower.contains("<style");
    if !dangerous_style && clean_permissive(raw) == safe {
        return Vec::new();
    }
    let mut kinds = Vec::new();
    let has_tag = |names: &[&str]| names.iter().any(|n| lower.contains(&format!("<{n}")));
    if has_tag(&["script", "noscript", "template"]) {
        kinds.push("a script");
    }
    if dangerous_style {
        kinds.push("a style sheet");
    }
    if has_tag(&["iframe", "frame", "object", "embed", "applet", "portal"]) {
        kinds.push("an embedded frame or player");
    }
    if has_tag(&["form", "input", "button", "textarea", "select"]) {
        kinds.push("a form");
    }
    if lower
        .split(|c: char| c.is_ascii_whitespace() || c == '/' || c == '"' || c == '\'')
        .any(|w| w.starts_with("on") && w.contains('='))
    {
        kinds.push("an event handler (onclick, onerror…)");
    }
    if DANGEROUS_SCHEMES
        .iter()
        .any(|s| lower.contains(&format!("{s}:")))
    {
        kinds.push("a javascript:, vbscript: or data: address");
    }
    if kinds.is_empty() {
        kinds.push("markup that could run code");
    }
    kinds
}

/// A block of raw HTML made safe.
pub struct Cleaned {
    pub html: String,
    /// What dangerous things were removed (for the warning); empty if none.
    pub removed: Vec<&'static str>,
}

/// Elements nested deeper than this in one block of raw HTML are refused: an HTML parser's time
/// grows with the square of the depth (minutes at 100,000), and real articles nest a few dozen.
pub const MAX_DEPTH: usize = 256;

/// Elements that have no end tag, so do not nest.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "keygen",
];

/// How deep the elements of `raw` nest, counted from its tags (an upper bound is enough: this
/// only guards the parser's time).
fn nesting_depth(raw: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    let bytes = raw.as_bytes();
    for (i, _) in raw.match_indices('<') {
        match bytes.get(i + 1) {
            Some(b'/') => depth = depth.saturating_sub(1),
            Some(c) if c.is_ascii_alphabetic() => {
                let name: String = raw[i + 1..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect::<String>()
                    .to_ascii_lowercase();
                let self_closing = raw[i..].split('>').next().is_some_and(|t| t.ends_with('/'));
                if !VOID.contains(&name.as_str()) && !self_closing {
                    depth += 1;
                    max = max.max(depth);
                }
            }
            _ => {}
        }
    }
    max
}

/// Sanitises a whole block of raw HTML (an HTML block of the Markdown). Err(depth) when its
/// elements nest deeper than `MAX_DEPTH`.
pub fn clean_block(raw: &str) -> Result<Cleaned, usize> {
    let depth = nesting_depth(raw);
    if depth > MAX_DEPTH {
        return Err(depth);
    }
    let html = policy().clean(raw).to_string();
    let removed = removed_kinds(raw, &html);
    Ok(Cleaned { html, removed })
}

/// What to do with one raw tag inside a paragraph (inline HTML comes one tag at a time).
pub struct InlineTag {
    pub html: String,
    pub removed: Vec<&'static str>,
    /// A `<script>`/`<style>` start tag: what follows up to its end tag is dropped too.
    pub skip_until: Option<String>,
}

/// Sanitises one inline tag (`<span style=…>`, `</span>`, `<img …>`, a comment). A start tag is
/// cleaned alone and its end tag (which ammonia adds) cut off, so it pairs with the end tag
/// that comes later in the paragraph.
pub fn clean_inline_tag(raw: &str) -> InlineTag {
    let trimmed = raw.trim();
    let name: String = trimmed
        .trim_start_matches('<')
        .trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect::<String>()
        .to_ascii_lowercase();
    static TAGS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    let tags = TAGS.get_or_init(|| policy().clone_tags());
    let allowed = !name.is_empty() && tags.contains(name.as_str());
    let dropped = |removed: Vec<&'static str>, skip: bool| InlineTag {
        html: String::new(),
        removed,
        skip_until: skip.then(|| name.clone()),
    };
    if !trimmed.starts_with('<') || trimmed.starts_with("<!") || trimmed.starts_with("<?") {
        return dropped(Vec::new(), false);
    }
    if trimmed.starts_with("</") {
        return InlineTag {
            html: if allowed {
                format!("</{name}>")
            } else {
                String::new()
            },
            removed: Vec::new(),
            skip_until: None,
        };
    }
    if !allowed {
        let skip = CONTENT_REMOVED.contains(&name.as_str()) && !trimmed.ends_with("/>");
        let removed = if DANGEROUS_TAGS.contains(&name.as_str()) || name == "style" {
            removed_kinds(raw, "")
        } else {
            Vec::new()
        };
        return dropped(removed, skip);
    }
    // `<span>`, `<b>`: nothing to clean (and a paragraph may hold thousands).
    if trimmed.len() == name.len() + 2 {
        return InlineTag {
            html: format!("<{name}>"),
            removed: Vec::new(),
            skip_until: None,
        };
    }
    let mut html = policy().clean(trimmed).to_string();
    let permissive = clean_permissive(trimmed);
    let removed = if permissive != html {
        removed_kinds(trimmed, &html)
    } else {
        Vec::new()
    };
    if let Some(start) = html.strip_suffix(&format!("</{name}>")) {
        html = start.to_string();
    }
    if !html.starts_with(&format!("<{name}")) {
        html.clear();
    }
    InlineTag {
        html,
        removed,
        skip_until: None,
    }
}

/// Whether a Markdown link's address may be published: relative, or one of `URL_SCHEMES`.
/// Browsers ignore tabs, newlines and leading spaces in a scheme (`java\tscript:`), so do we.
pub fn safe_url(dest: &str) -> bool {
    let squeezed: String = dest
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .collect();
    let Some((scheme, _)) = squeezed.split_once(':') else {
        return true;
    };
    let is_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'));
    !is_scheme || URL_SCHEMES.contains(&scheme.to_ascii_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean_block_ok(raw: &str) -> Cleaned {
        clean_block(raw).unwrap_or_else(|d| panic!("depth {d}"))
    }

    #[test]
    fn deep_nesting_is_refused_before_parsing() {
        let deep = format!("{}x{}", "<div>".repeat(300), "</div>".repeat(300));
        assert_eq!(clean_block(&deep).err(), Some(300));
        let flat = "<p>a<br>b<img src=x><br/></p>".repeat(1000);
        assert!(clean_block(&flat).is_ok());
        let nested_ok = format!("{}x{}", "<div>".repeat(200), "</div>".repeat(200));
        assert!(clean_block(&nested_ok).is_ok());
    }

    #[test]
    fn scripts_handlers_and_javascript_links_go_and_formatting_stays() {
        let c = clean_block_ok("<p onclick=\"steal()\">你好<script>alert(1)</script><a href=\"javascript:alert(1)\">点我</a><img src=x onerror=alert(1)></p>");
        assert!(!c.html.contains("script"), "{}", c.html);
        assert!(!c.html.contains("onclick") && !c.html.contains("onerror"));
        assert!(!c.html.contains("javascript"));
        assert!(c.html.contains("<p>你好"), "{}", c.html);
        assert!(c.html.contains("点我"));
        assert!(c.removed.contains(&"a script"), "{:?}", c.removed);
        assert!(c.removed.iter().any(|k| k.contains("event handler")));
    }

    #[test]
    fn a_wechat_paste_keeps_its_look_and_says_nothing() {
        let raw = "<section style=\"box-sizing: border-box; color: rgb(62, 62, 62); text-align: center;\" class=\"rich_media\" data-id=\"9\"><p><span style=\"font-size: 16px; position: fixed;\"><strong>全民终身学习</strong></span></p><table><tr><td>一</td></tr></table><img src=\"https://mmbiz.qpic.cn/x.jpg\" data-ratio=\"0.5\"></section>";
        let c = clean_block_ok(raw);
        assert!(c.removed.is_empty(), "{:?} {}", c.removed, c.html);
        assert!(
            c.html
                .contains("<section style=\"color:rgb(62, 62, 62);text-align:center\">"),
            "{}",
            c.html
        );
        assert!(!c.html.contains("position"), "{}", c.html);
        assert!(c.html.contains("<strong>全民终身学习</strong>"));
        assert!(c.html.contains("<td>一</td>"));
        assert!(c.html.contains("src=\"https://mmbiz.qpic.cn/x.jpg\""));
    }

    #[test]
    fn inline_tags_are_cleaned_one_at_a_time() {
        let t = clean_inline_tag("<span style=\"color: red\" onmouseover=\"x()\">");
        assert_eq!(t.html, "<span style=\"color:red\">");
        assert!(!t.removed.is_empty());
        let t = clean_inline_tag("</span>");
        assert_eq!(t.html, "</span>");
        let t = clean_inline_tag("<script>");
        assert_eq!(t.html, "");
        assert_eq!(t.skip_until.as_deref(), Some("script"));
        let t = clean_inline_tag("<a href=\"javascript:alert(1)\">");
        assert!(
            !t.html.contains("javascript") && t.html.starts_with("<a"),
            "{}",
            t.html
        );
        assert!(!t.removed.is_empty());
        let t = clean_inline_tag("<b>");
        assert_eq!((t.html.as_str(), t.removed.len()), ("<b>", 0));
        assert_eq!(clean_inline_tag("<!-- x -->").html, "");
    }

    #[test]
    fn link_addresses() {
        for ok in [
            "https://a.cn/",
            "../x.md",
            "/files/a.pdf",
            "tel:0519",
            "#a",
            "a:b/c",
            "报名:表.pdf",
        ] {
            assert_eq!(safe_url(ok), !ok.starts_with("a:"), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            " JavaScript:x",
            "java\tscript:x",
            "vbscript:x",
            "data:text/html,x",
        ] {
            assert!(!safe_url(bad), "{bad}");
        }
    }
}

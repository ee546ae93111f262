//! Fenced code highlighted by syntect into CSS classes (no inline styles); the stylesheet is
//! generated once per build.

use std::sync::OnceLock;
use syntect::highlighting::ThemeSet;
use syntect::html::{css_for_theme_with_class_style, ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

// Loading syntaxes takes tens of milliseconds: only sites with code pay it.
fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

pub fn code_block(code: &str, lang: &str) -> String {
    let ss = syntaxes();
    let syntax = ss
        .find_syntax_by_token(lang)
        .unwrap_or_else(|| ss.find_syntax_plain_text());
    let mut gen = ClassedHTMLGenerator::new_with_class_style(syntax, ss, STYLE);
    for line in LinesWithEndings::from(code) {
        if gen
            .parse_html_for_line_which_includes_newline(line)
            .is_err()
        {
            return format!("<pre class=\"code\"><code>{}</code></pre>\n", escape(code));
        }
    }
    let lang_class = if lang.is_empty() {
        String::new()
    } else {
        format!(" data-lang=\"{}\"", escape(lang))
    };
    format!(
        "<pre class=\"code\"{lang_class}><code>{}</code></pre>\n",
        gen.finalize()
    )
}

/// The stylesheet for highlighted code, written as `/highlight.css`.
pub fn stylesheet() -> String {
    let themes = ThemeSet::load_defaults();
    // A light theme with strong contrast; the theme's own CSS may override it.
    match themes.themes.get("InspiredGitHub") {
        Some(theme) => css_for_theme_with_class_style(theme, STYLE).unwrap_or_default(),
        None => String::new(),
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

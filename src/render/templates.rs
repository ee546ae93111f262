//! The theme's Tera templates: loading them, and turning Tera's errors into diagnostics that
//! name the template file and, where it can be found, the line.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::messages::render::Render;
use crate::{t, tr};
use std::collections::HashMap;
use std::error::Error as _;
use std::path::{Path, PathBuf};

/// Template name -> (path relative to the site root, text), for error lines.
type Sources = HashMap<String, (PathBuf, String)>;

pub struct Theme {
    pub tera: tera::Tera,
    sources: Sources,
    pub dir: PathBuf,
    /// `themes/NAME/templates`, for messages.
    templates_rel: PathBuf,
}

/// Loads `ROOT/themes/NAME/templates/**/*.html` (and .xml, .txt).
pub fn load(root: &Path, theme: &str, diags: &Diagnostics) -> Option<Theme> {
    let dir = root.join("themes").join(theme);
    let templates_dir = dir.join("templates");
    if !templates_dir.is_dir() {
        diags.push(missing_theme(root, theme));
        return None;
    }
    let templates_rel = Path::new("themes").join(theme).join("templates");
    let (sources, raw) = read_templates(root, &templates_dir, diags);
    let mut tera = tera::Tera::default();
    tera.register_filter("phone_links", crate::render::phone::filter);
    // Escape .html and .xml output; staff-written Markdown is already HTML and marked `safe`.
    tera.autoescape_on(vec![".html", ".xml"]);
    if let Err(e) = tera.add_raw_templates(raw) {
        let theme = Theme {
            tera: tera::Tera::default(),
            sources,
            dir,
            templates_rel,
        };
        diags.push(theme.diagnostic(&e, None));
        return None;
    }
    Some(Theme {
        tera,
        sources,
        dir,
        templates_rel,
    })
}

/// The error for a theme without a templates folder, at the `theme = …` line of site.toml when
/// it is there, naming the themes there are.
fn missing_theme(root: &Path, theme: &str) -> Diagnostic {
    let available: Vec<String> = std::fs::read_dir(root.join("themes"))
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.path().is_dir())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    let toml_text = std::fs::read_to_string(root.join("site.toml"))
        .map(|t| crate::content::normalize_text(&t))
        .unwrap_or_default();
    let at = toml_text.lines().position(|line| {
        line.trim_start()
            .strip_prefix("theme")
            .is_some_and(|rest| rest.trim_start().starts_with('='))
    });
    let mut diag = Diagnostic::error("site.toml", t!(Render::NoThemeFolder, theme));
    if let Some(index) = at {
        diag = diag.at(&toml_text, index + 1, 1);
    }
    diag.help(if available.is_empty() {
        tr!(Render::NoThemeHelp)
    } else {
        tr!(Render::ThemeChoices, available = available.join(", "))
    })
}

/// Template name -> (path relative to the site root, text) for every readable template under
/// `templates_dir`, and the (name, text) pairs for Tera; a file that cannot be read is an error.
fn read_templates(
    root: &Path,
    templates_dir: &Path,
    diags: &Diagnostics,
) -> (Sources, Vec<(String, String)>) {
    let mut sources = HashMap::new();
    let mut raw: Vec<(String, String)> = Vec::new();
    let real_root = crate::files::real_root(root);
    for entry in walkdir::WalkDir::new(templates_dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if !entry.file_type().is_file() || crate::files::is_hidden(entry.file_name()) {
            continue;
        }
        let name = crate::files::slash(path.strip_prefix(templates_dir).unwrap_or(path));
        let rel = path.strip_prefix(root).unwrap_or(path).to_path_buf();
        let read = crate::files::read(&real_root, path, crate::files::MAX_TEXT).and_then(|bytes| {
            String::from_utf8(bytes).map_err(|error| {
                crate::files::Refusal::Io(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    error,
                ))
            })
        });
        match read {
            Ok(text) => {
                let text = crate::content::normalize_text(&text);
                raw.push((name.clone(), text.clone()));
                sources.insert(name, (rel, text));
            }
            Err(refusal) => diags.push(Diagnostic::error(
                rel,
                t!(Render::TemplateRefused, why = refusal.describe()),
            )),
        }
    }
    (sources, raw)
}

impl Theme {
    pub fn has(&self, name: &str) -> bool {
        self.sources.contains_key(name)
    }

    pub fn render(&self, name: &str, ctx: &tera::Context) -> Result<String, Diagnostic> {
        self.check_has(name)?;
        self.tera
            .render(name, ctx)
            .map_err(|e| self.diagnostic(&e, Some(name)))
    }

    /// `render` for a file: the bytes as Tera writes them, without checking again that a page
    /// of megabytes is UTF-8 (Tera writes only strings), which was a tenth of making a list.
    pub fn render_bytes(&self, name: &str, ctx: &tera::Context) -> Result<Vec<u8>, Diagnostic> {
        self.check_has(name)?;
        let mut bytes = Vec::new();
        self.tera
            .render_to(name, ctx, &mut bytes)
            .map_err(|e| self.diagnostic(&e, Some(name)))?;
        Ok(bytes)
    }

    fn check_has(&self, name: &str) -> Result<(), Diagnostic> {
        if self.has(name) {
            return Ok(());
        }
        Err(
            Diagnostic::error(self.templates_rel.join(name), t!(Render::NoTemplate, name))
                .help(t!(Render::NoTemplateHelp, name)),
        )
    }

    /// Turns a Tera error into `themes/…/x.html:line:col: error: …`.
    fn diagnostic(&self, e: &tera::Error, rendering: Option<&str>) -> Diagnostic {
        let mut chain = vec![e.to_string()];
        let mut src = e.source();
        while let Some(s) = src {
            chain.push(s.to_string());
            src = s.source();
        }
        let full = chain.join(": ");
        // Tera names the template in quotes: "Failed to parse 'event.html'".
        let named = chain
            .iter()
            .rev()
            .find_map(|m| quoted_template(m, &self.sources))
            .or_else(|| rendering.map(str::to_string));
        let (path, text) = match named.as_deref().and_then(|n| self.sources.get(n)) {
            Some((p, t)) => (p.clone(), Some(t.as_str())),
            None => (PathBuf::from("themes"), None),
        };
        let message = chain
            .last()
            .cloned()
            .unwrap_or(full.clone())
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::trim)
            .collect::<Vec<_>>()
            .join(" ");
        let mut d = Diagnostic::error(path, t!(Render::TemplateError, detail = message));
        if let Some(text) = text {
            if let Some((line, col)) = pest_position(&full).or_else(|| variable_line(&full, text)) {
                d = d.at(text, line, col);
            }
        }
        d.help(t!(Render::TemplateErrorHelp))
    }
}

fn quoted_template(msg: &str, sources: &HashMap<String, (PathBuf, String)>) -> Option<String> {
    msg.split('\'')
        .skip(1)
        .step_by(2)
        .find(|s| sources.contains_key(*s))
        .map(str::to_string)
}

/// Tera's parse errors carry pest's `--> 3:5`.
fn pest_position(msg: &str) -> Option<(usize, usize)> {
    let i = msg.find("--> ")?;
    let rest = &msg[i + 4..];
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ':'))
        .unwrap_or(rest.len());
    let (l, c) = rest[..end].split_once(':')?;
    Some((l.parse().ok()?, c.parse().ok()?))
}

/// Render errors name a variable, filter, test or function but no line: find the first line
/// that uses it.
fn variable_line(msg: &str, text: &str) -> Option<(usize, usize)> {
    let find = |needle: &str, pattern: &dyn Fn(&str) -> bool| {
        text.lines().enumerate().find_map(|(n, l)| {
            l.match_indices(needle)
                .find(|(c, _)| {
                    pattern(&l[c + needle.len()..])
                        && !l[..*c].ends_with(|ch: char| ch.is_alphanumeric() || ch == '_')
                })
                .map(|(c, _)| (n + 1, l[..c].chars().count() + 1))
        })
    };
    let named = |prefix: &str, close: char| -> Option<String> {
        let i = msg.find(prefix)?;
        let rest = &msg[i + prefix.len()..];
        Some(rest[..rest.find(close)?].to_string())
    };
    if let Some(var) = named("Variable `", '`') {
        return find(&var, &|_| true);
    }
    if let Some(filter) = named("Filter '", '\'') {
        // `| name`, with or without spaces.
        return text.lines().enumerate().find_map(|(n, l)| {
            l.match_indices('|')
                .find(|(c, _)| {
                    l[c + 1..]
                        .trim_start()
                        .strip_prefix(filter.as_str())
                        .is_some_and(|r| {
                            !r.starts_with(|ch: char| ch.is_alphanumeric() || ch == '_')
                        })
                })
                .map(|(c, _)| (n + 1, l[..c].chars().count() + 1))
        });
    }
    if let Some(func) = named("Function '", '\'') {
        return find(&func, &|rest| rest.trim_start().starts_with('('));
    }
    if let Some(test) = named("Test '", '\'') {
        return find(&test, &|_| true);
    }
    // `{% include "x.html" %}` (Tera shows the list `[x.html]`) or `{% extends "x.html" %}`.
    let missing = named("inheriting from '", '\'')
        .or_else(|| named("Template '", '\'').map(|t| t.trim_matches(['[', ']']).to_string()));
    if let Some(t) = missing {
        let first = t.split(", ").next().unwrap_or(&t).to_string();
        return find(&format!("\"{first}\""), &|_| true)
            .or_else(|| find(&format!("'{first}'"), &|_| true));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_line_of_an_unknown_variable_filter_or_function() {
        let text = "<p>{{ site.title }}</p>\n<h1>{{ page.title | upcase }}</h1>\n{{ now_ish() }}\n";
        assert_eq!(
            variable_line("Variable `page.title` not found", text),
            Some((2, 8))
        );
        assert_eq!(
            variable_line("Filter 'upcase' not found", text),
            Some((2, 19))
        );
        assert_eq!(
            variable_line("Function 'now_ish' not found", text),
            Some((3, 4))
        );
        assert_eq!(variable_line("something else", text), None);
        let text = "{% extends \"bsae.html\" %}\n{% block main %}{% include \"partials/nope.html\" %}{% endblock main %}\n";
        assert_eq!(
            variable_line(
                "Template 'page.html' is inheriting from 'bsae.html', which doesn't exist",
                text
            ),
            Some((1, 12))
        );
        assert_eq!(
            variable_line("Template '[partials/nope.html]' not found", text),
            Some((2, 28))
        );
    }

    #[test]
    fn finds_pest_positions() {
        assert_eq!(pest_position("x --> 3:15\n  |"), Some((3, 15)));
        assert_eq!(pest_position("nothing"), None);
    }
}

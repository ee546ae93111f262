//! Problems found in a run, reported all together as `path:line:col: error: message`
//! with the offending line shown, then a count (SPEC §7).
//!
//! The format is fixed by the SPEC and tools (editors, CI logs) parse `path:line:col`, so it is
//! written here rather than through a diagnostics crate whose layout differs.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::messages::{pick, Said};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Shown as given: callers pass paths relative to the site root.
    pub path: PathBuf,
    /// 1-based; 0 when the problem is about the file as a whole.
    pub line: usize,
    pub col: usize,
    pub message: String,
    /// The catalogue's code of the message (`XZ-E101`), listed with its fix in the staff guide.
    pub code: Option<&'static str>,
    /// The offending line, shown under the message. Boxed so that a `Diagnostic` (with its
    /// code) stays small enough to be returned as the error of a `Result`.
    pub source_line: Option<Box<str>>,
    /// What to do about it.
    pub help: Option<Box<str>>,
}

impl Diagnostic {
    pub fn error(path: impl Into<PathBuf>, message: impl Into<Said>) -> Self {
        let said = message.into();
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line: 0,
            col: 0,
            message: said.text,
            code: said.code,
            source_line: None,
            help: None,
        }
    }

    pub fn warning(path: impl Into<PathBuf>, message: impl Into<Said>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, message)
        }
    }

    /// Points at a line (and column) of `text`, the file's content, and keeps that line to show.
    pub fn at(mut self, text: &str, line: usize, col: usize) -> Self {
        self.line = line;
        self.col = col.max(1);
        if line > 0 {
            self.source_line = text.lines().nth(line - 1).map(|l| l.trim_end().into());
        }
        self
    }

    pub fn help(mut self, help: impl Into<Said>) -> Self {
        self.help = Some(help.into().text.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        // `path:line:col: kind` stays as editors and CI logs parse it; the code follows the kind
        // as in `error[XZ-E101]`, so staff can look it up in the guide.
        let kind = match self.severity {
            Severity::Error => pick("错误", "error"),
            Severity::Warning => pick("警告", "warning"),
        };
        let kind = match self.code {
            Some(code) => format!("{kind}[{code}]"),
            None => kind.to_string(),
        };
        let path = self.path.display();
        if self.line > 0 {
            let _ = write!(
                out,
                "{path}:{}:{}: {kind}: {}",
                self.line, self.col, self.message
            );
        } else {
            let _ = write!(out, "{path}: {kind}: {}", self.message);
        }
        if let Some(src) = &self.source_line {
            let num = self.line.to_string();
            let pad = " ".repeat(num.len());
            let _ = write!(out, "\n {num} | {src}");
            // Columns count characters; CJK characters are two cells wide in a terminal.
            let caret_offset: usize = src
                .chars()
                .take(self.col.saturating_sub(1))
                .map(display_width)
                .sum();
            let _ = write!(out, "\n {pad} | {}^", " ".repeat(caret_offset));
        }
        if let Some(help) = &self.help {
            // A help of several lines (an example to copy) stays indented under `= help:`.
            let label = pick("怎么改：", "help: ");
            let indent = " ".repeat(5 + UnicodeWidthStr::width(label));
            let help = help.replace('\n', &format!("\n{indent}"));
            let _ = write!(out, "\n   = {label}{help}");
        }
        out
    }
}

fn display_width(c: char) -> usize {
    match c {
        '\t' => 4,
        // The width a terminal gives: CJK characters and full-width punctuation take two cells.
        _ => UnicodeWidthChar::width(c).unwrap_or(0),
    }
}

/// Collects the problems of one run. Shared between threads while pages render in parallel.
#[derive(Default)]
pub struct Diagnostics {
    items: Mutex<Vec<Diagnostic>>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&self, d: Diagnostic) {
        self.items.lock().unwrap_or_else(|e| e.into_inner()).push(d);
    }

    pub fn extend(&self, ds: impl IntoIterator<Item = Diagnostic>) {
        // Called for each of 10,000 pages with nothing to add, from all cores: no lock then.
        let mut ds = ds.into_iter().peekable();
        if ds.peek().is_some() {
            self.items
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .extend(ds);
        }
    }

    pub fn has_errors(&self) -> bool {
        self.items
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .any(Diagnostic::is_error)
    }

    /// The problems sorted by file and line, so a run's report reads top to bottom.
    pub fn sorted(&self) -> Vec<Diagnostic> {
        let mut items = self.items.lock().unwrap_or_else(|e| e.into_inner()).clone();
        items.sort_by(|a, b| {
            (&a.path, a.line, a.col, a.severity).cmp(&(&b.path, b.line, b.col, b.severity))
        });
        items.dedup_by(|a, b| a.path == b.path && a.line == b.line && a.message == b.message);
        items
    }

    pub fn counts(&self) -> (usize, usize) {
        let items = self.items.lock().unwrap_or_else(|e| e.into_inner());
        let errors = items.iter().filter(|d| d.is_error()).count();
        (errors, items.len() - errors)
    }

    /// The full report: every problem, then the count line.
    pub fn report(&self) -> String {
        let mut out = String::new();
        let sorted = self.sorted();
        for d in &sorted {
            out.push_str(&d.render());
            out.push_str("\n\n");
        }
        // Count what is shown: a problem found twice (by two steps of the build) is shown once.
        let errors = sorted.iter().filter(|d| d.is_error()).count();
        let warnings = sorted.len() - errors;
        if errors + warnings > 0 {
            out.push_str(&summary_line(errors, warnings));
            out.push('\n');
        }
        out
    }
}

pub fn summary_line(errors: usize, warnings: usize) -> String {
    use crate::messages::cli::Cli;
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    crate::tr!(
        Cli::Summary,
        errors,
        warnings,
        errors_s = plural(errors),
        warnings_s = plural(warnings)
    )
}

/// The allowed value nearest to `value`, if any is near enough to be a likely typo.
pub fn did_you_mean<'a>(value: &str, candidates: &'a [String]) -> Option<&'a str> {
    let value_lower = value.to_lowercase();
    let mut best: Option<(&'a str, f64)> = None;
    for c in candidates {
        let c_lower = c.to_lowercase();
        // Staff often drop or add a suffix: 湖塘 for 湖塘镇, 讲座活动 for 讲座.
        let contains = !value_lower.is_empty()
            && (c_lower.contains(&value_lower) || value_lower.contains(&c_lower));
        // 老人 for 老年人: a short Chinese name with a character left out or added. Jaro-Winkler
        // only matches characters at nearly the same place, which short names rarely keep.
        let subsequence = value_lower.chars().count() >= 2
            && (is_subsequence(&value_lower, &c_lower) || is_subsequence(&c_lower, &value_lower));
        let score = if contains {
            0.9 + strsim::jaro_winkler(&value_lower, &c_lower) * 0.1
        } else if subsequence {
            0.8 + strsim::jaro_winkler(&value_lower, &c_lower) * 0.1
        } else {
            strsim::jaro_winkler(&value_lower, &c_lower)
        };
        if best.is_none_or(|(_, s)| score > s) {
            best = Some((c.as_str(), score));
        }
    }
    best.filter(|(_, s)| *s >= 0.7).map(|(c, _)| c)
}

/// Whether the characters of `short` appear in `long` in the same order.
fn is_subsequence(short: &str, long: &str) -> bool {
    let mut rest = long.chars();
    short.chars().all(|c| rest.any(|l| l == c))
}

/// "did you mean …? allowed: …" for an unknown value.
pub fn suggestion(value: &str, candidates: &[String]) -> String {
    let allowed = candidates.join("、");
    use crate::messages::load::Load;
    match did_you_mean(value, candidates) {
        Some(near) => crate::tr!(Load::DidYouMeanAllowed, near, allowed),
        None => crate::tr!(Load::Allowed, allowed),
    }
}

/// A path relative to `root` for messages; the path itself if it is elsewhere.
pub fn rel(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_count_line_counts_what_is_shown() {
        let d = Diagnostics::new();
        let e = Diagnostic::error("content/events/a.md", "the image \"a.jpg\" does not exist").at(
            "---\ncover: a.jpg\n",
            2,
            1,
        );
        d.push(e.clone());
        d.push(e);
        d.push(Diagnostic::warning(
            "content/events/a.md",
            "outside the week",
        ));
        let r = d.report();
        assert_eq!(r.matches("does not exist").count(), 1, "{r}");
        assert!(r.ends_with("1 个错误，1 个警告\n"), "{r}");
    }

    #[test]
    fn a_help_of_several_lines_stays_indented() {
        let d = Diagnostic::error("content/cases/a.md", "photo has no alt")
            .help("write\n  - src: 1.jpg\n    alt: 合影");
        assert!(
            d.render().ends_with(
                "   = 怎么改：write\n               - src: 1.jpg\n                 alt: 合影"
            ),
            "{}",
            d.render()
        );
    }

    #[test]
    fn suggests_a_town_missing_its_suffix() {
        let towns = vec![
            "湖塘镇".to_string(),
            "牛塘镇".to_string(),
            "西湖街道".to_string(),
        ];
        assert_eq!(did_you_mean("湖塘", &towns), Some("湖塘镇"));
        assert_eq!(did_you_mean("西湖", &towns), Some("西湖街道"));
    }

    #[test]
    fn suggests_a_name_with_a_character_left_out() {
        let audiences = vec![
            "社区居民".to_string(),
            "老年人".to_string(),
            "青少年".to_string(),
            "特困家庭学生".to_string(),
        ];
        assert_eq!(did_you_mean("老人", &audiences), Some("老年人"));
        assert_eq!(did_you_mean("少年", &audiences), Some("青少年"));
        assert_eq!(did_you_mean("特困学生", &audiences), Some("特困家庭学生"));
        assert_eq!(did_you_mean("农民", &audiences), None);
    }

    #[test]
    fn suggests_an_english_key() {
        let keys = vec!["organizer".to_string(), "online_url".to_string()];
        assert_eq!(did_you_mean("organiser", &keys), Some("organizer"));
        assert_eq!(did_you_mean("zzzzzz", &keys), None);
    }

    #[test]
    fn renders_path_line_col_and_caret_under_wide_characters() {
        let text = "---\ntown: 湖塘\n---\n";
        let d = Diagnostic::error("content/events/a.md", "unknown town").at(text, 2, 7);
        let r = d.render();
        assert!(
            r.starts_with("content/events/a.md:2:7: 错误: unknown town"),
            "{r}"
        );
        assert!(r.contains(" 2 | town: 湖塘"), "{r}");
        assert!(r.contains("   |       ^"), "{r}");
    }
}

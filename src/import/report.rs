//! What `import` says, in Chinese for the staff who run it: each problem at its place
//! (`湖塘镇.xlsx:活动安排表!F7`), what is wrong and how to fix it; then what was written.

use super::grid::Place;
use super::pages::Existing;
use super::rows::Row;
use super::{Action, Planned};
use crate::diagnostics::Diagnostic;
use crate::messages::import::Import;
use crate::messages::pick;
use crate::{t, tr};
use std::fmt::Write as _;
use std::path::Path;

/// Every problem in the order found (file by file, row by row), then the count.
pub fn problems(found: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in found {
        let kind = match (d.is_error(), d.code) {
            (true, Some(code)) => format!("{}[{code}]", pick("错误", "error")),
            (false, Some(code)) => format!("{}[{code}]", pick("警告", "warning")),
            (true, None) => pick("错误", "error").to_string(),
            (false, None) => pick("警告", "warning").to_string(),
        };
        let place = d.path.display();
        let message = &d.message;
        let _ = writeln!(out, "{}", tr!(Import::Line, place, kind, message));
        if let Some(help) = &d.help {
            let _ = writeln!(out, "{}", tr!(Import::Help, help));
        }
        out.push('\n');
    }
    let errors = found.iter().filter(|d| d.is_error()).count();
    let warnings = found.len() - errors;
    if !found.is_empty() {
        let s = |n: usize| if n == 1 { "" } else { "s" };
        let (errors_s, warnings_s) = (s(errors), s(warnings));
        let _ = writeln!(
            out,
            "{}",
            tr!(Import::Count, errors, warnings, errors_s, warnings_s)
        );
    }
    out
}

/// The pages written (or, with `--dry-run`, that would be).
pub fn actions(planned: &[Planned], dry_run: bool) -> String {
    let mut out = String::new();
    let (new, update) = if dry_run {
        (tr!(Import::WillCreate), tr!(Import::WillUpdate))
    } else {
        (tr!(Import::Created), tr!(Import::Updated))
    };
    for page in planned {
        let verb = match page.action {
            Action::New => &new,
            Action::Update => &update,
            Action::Unchanged | Action::Kept => continue,
        };
        let _ = writeln!(
            out,
            "{verb} {}  ← {}：{}",
            page.rel.display(),
            page.row,
            page.title
        );
    }
    let count = |action: Action| planned.iter().filter(|p| p.action == action).count();
    let done = if dry_run {
        tr!(Import::DryRunDone)
    } else {
        tr!(Import::Done)
    };
    let summary = tr!(
        Import::Summary,
        done,
        events = planned.len(),
        new = count(Action::New),
        updated = count(Action::Update),
        same = count(Action::Unchanged),
        kept = count(Action::Kept)
    );
    let _ = writeln!(out, "{summary}");
    let next = if dry_run {
        tr!(Import::NextDryRun)
    } else {
        tr!(Import::Next)
    };
    let _ = writeln!(out, "{next}");
    out
}

pub fn hidden_sheet(place: &Place, name: &str) -> Diagnostic {
    Diagnostic::error(place.to_string(), t!(Import::HiddenSheet, name))
        .help(t!(Import::HiddenSheetHelp))
}

pub fn empty_sheet(place: &Place) -> Diagnostic {
    Diagnostic::warning(place.to_string(), t!(Import::EmptySheet)).help(t!(Import::EmptySheetHelp))
}

pub fn no_header(file: &str) -> Diagnostic {
    Diagnostic::error(file, t!(Import::NoHeader)).help(t!(Import::NoHeaderHelp))
}

pub fn duplicate(row: &Row, earlier: &Row) -> Diagnostic {
    let help = if row.place.file == earlier.place.file {
        t!(Import::DuplicateSameFileHelp)
    } else {
        t!(Import::DuplicateOtherFileHelp)
    };
    let title = &row.event.title;
    let earlier = &earlier.place;
    Diagnostic::error(row.place.to_string(), t!(Import::Duplicate, title, earlier)).help(help)
}

pub fn hand_written(row: &Row, page: &Path) -> Diagnostic {
    Diagnostic::error(
        row.place.to_string(),
        t!(Import::HandWritten, page = page.display()),
    )
    .help(t!(Import::HandWrittenHelp))
}

pub fn edited(row: &Row, page: &Path) -> Diagnostic {
    Diagnostic::warning(
        page.display().to_string(),
        t!(Import::Edited, place = &row.place),
    )
    .help(t!(Import::EditedHelp))
}

pub fn moved(row: &Row, page: &Path, before: &str) -> Diagnostic {
    Diagnostic::warning(
        page.display().to_string(),
        t!(Import::Moved, before, place = &row.place),
    )
    .help(t!(Import::MovedHelp, before))
}

pub fn gone(page: &Existing) -> Diagnostic {
    let from = page.from.as_deref().unwrap_or("");
    Diagnostic::warning(page.rel.display().to_string(), t!(Import::Gone, from))
        .help(t!(Import::GoneHelp))
}

//! Shared by tests/calendar.rs, tests/ics.rs and tests/tables.rs: the fixture site of
//! tests/fixtures/calendar-site/ (six events) copied with the default theme into a temporary
//! folder, and built.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use xuezhou::build::{build, Options, Report};
use xuezhou::diagnostics::Diagnostics;

pub const BASE: &str = "https://example.org/xuexizhou/2022/";

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// A fresh copy of the fixture site, with the default theme.
pub fn fixture() -> tempfile::TempDir {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&manifest.join("tests/fixtures/calendar-site"), dir.path());
    copy_dir(
        &manifest.join("themes/default"),
        &dir.path().join("themes/default"),
    );
    dir
}

/// Builds the site at `root` into ROOT/public; returns the result and the diagnostics report.
pub fn build_site(root: &Path) -> (Result<Report, xuezhou::build::Failed>, String) {
    let diags = Diagnostics::new();
    let opts = Options {
        root: root.to_path_buf(),
        output: None,
        base_url: None,
        drafts: false,
        write: true,
        progress: false,
    };
    let r = build(&opts, &diags);
    (r, diags.report())
}

/// The fixture, built; panics on a failed build.
pub fn built() -> (tempfile::TempDir, PathBuf) {
    let dir = fixture();
    let (r, report) = build_site(dir.path());
    assert!(r.is_ok(), "the fixture site should build:\n{report}");
    let public = dir.path().join("public");
    (dir, public)
}

/// A file of the built site. Tera escapes `/` in HTML as `&#x2F;`; it is read back as `/`.
pub fn read(public: &Path, rel: &str) -> String {
    let text = std::fs::read_to_string(public.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    if rel.ends_with(".html") {
        text.replace("&#x2F;", "/")
    } else {
        text
    }
}

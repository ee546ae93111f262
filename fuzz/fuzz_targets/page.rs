//! One page file through the code a build uses: front matter (yaml.rs, page.rs checks), then its
//! Markdown (markdown.rs), then every diagnostic printed as the terminal shows it.
//!
//! Input: the first line is the file's place under content/ (`events/x.md`, `cases/a/index.md`,
//! `_index.md` …), the rest is the file as saved (any bytes; what is not UTF-8 is replaced, as
//! a build refuses such files before this point).
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use xuezhou::config::{self, Config};
use xuezhou::diagnostics::Diagnostics;
use xuezhou::markdown::{self, Origin, Resolver};

/// The demo site's own settings: its lists are what staff's pages are checked against.
fn site_config() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(|| {
        config::parse(include_str!("../../site.toml"), &Diagnostics::new())
            .expect("the demo site.toml is valid")
    })
}

/// Pages and images that exist without touching the disk: any `.md` whose name starts with `a`
/// is a page; any image whose name starts with `a` can be used.
struct FakeSite;

impl Resolver for FakeSite {
    fn page_url(&self, md_file: &Path) -> Option<String> {
        let name = md_file.file_name()?.to_string_lossy();
        name.starts_with('a').then(|| format!("/sub/{}/", name))
    }

    fn image_html(&self, file: &Path, alt: &str) -> Result<String, String> {
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned());
        match name {
            Some(n) if n.starts_with('a') => Ok(format!("<img src=\"{n}\" alt=\"{alt}\">")),
            _ => Err(format!("no image {}", file.display())),
        }
    }

    fn base_path(&self) -> &str {
        "/sub/"
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (place, file_text) = text.split_once('\n').unwrap_or(("events/x.md", &text));
    if place.len() > 200 {
        return;
    }
    let rel = PathBuf::from(format!("content/{place}"));
    let drafts = place.starts_with('d');
    let (page, diags) = xuezhou::content::parse_page_text(&rel, file_text, site_config(), drafts);
    for d in &diags {
        let _ = d.render();
    }
    // The Markdown of a page that failed its checks is rendered too, for coverage.
    let normalized = xuezhou::content::normalize_text(file_text);
    let (body, body_line, dir) = match &page {
        Some(p) => (p.body.clone(), p.body_line, p.dir.clone()),
        None => match xuezhou::content::split_front_matter(&rel, &normalized) {
            Ok(s) => (
                std::sync::Arc::<str>::from(s.body),
                s.body_line,
                rel.parent().unwrap_or(Path::new("content")).to_path_buf(),
            ),
            Err(_) => return,
        },
    };
    let origin = Origin {
        rel: &rel,
        file_text: &normalized,
        body_line,
        dir: &dir,
        content_dir: Path::new("content"),
    };
    let rendered = markdown::render(&body, &origin, &FakeSite);
    for d in &rendered.diags {
        let _ = d.render();
    }
});

//! Shared helpers for the integration tests: small sites in temporary folders, running the
//! `xuezhou` binary, snapshots of an output folder, and a link checker for built sites.
//!
//! Each test file that uses it says `mod common;`; not every file uses every helper.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root: the demo site, and the default theme that fixtures copy.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Panics with the whole stderr unless the exit status is `code`.
    pub fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "expected exit status {code}, got {}\n--- stderr ---\n{}",
            self.code, self.stderr
        );
        self
    }

    pub fn ok(&self) -> &Self {
        self.expect_code(0)
    }

    /// Panics unless stderr contains `needle`.
    pub fn says(&self, needle: &str) -> &Self {
        assert!(
            self.stderr.contains(needle),
            "stderr does not contain {needle:?}\n--- stderr ---\n{}",
            self.stderr
        );
        self
    }
}

/// Runs `xuezhou ARGS` in `cwd`, in English (`XUEZHOU_LANG=en`): the tests that read what a
/// run says were written against its English. Chinese, the default, is checked by the tests
/// that run [`xuezhou_zh_in`] (tests/errors.rs, tests/chinese.rs, tests/cli_help.rs).
pub fn xuezhou_in<I, S>(cwd: &Path, args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    run_binary(cwd, args, Some("en"))
}

/// Runs `xuezhou ARGS` in `cwd` as staff run it: no language chosen, so in Chinese.
pub fn xuezhou_zh_in<I, S>(cwd: &Path, args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    run_binary(cwd, args, None)
}

fn run_binary<I, S>(cwd: &Path, args: I, lang: Option<&str>) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut command = Command::new(env!("CARGO_BIN_EXE_xuezhou"));
    command
        .args(args)
        .current_dir(cwd)
        .env_remove("RUST_LOG")
        .env_remove("XUEZHOU_LANG");
    if let Some(lang) = lang {
        command.env("XUEZHOU_LANG", lang);
    }
    let out = command.output().expect("the xuezhou binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn xuezhou<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    xuezhou_in(&std::env::temp_dir(), args)
}

pub const SITE_TOML: &str = r#"title = "测试活动周"
description = "测试用的站点"
base_url = "https://example.org/"

[week]
start = 2022-12-02
end = 2022-12-08
slogan = "砥砺奋进启新程 全民学习再出发"
"#;

/// A good event: builds with no error and no warning.
pub const EVENT: &str = "---
title: 智慧助老手机课堂
start: 2022-12-03 09:30
end: 2022-12-03 11:00
town: 湖塘镇
organizer: 湖塘镇社区教育中心
category: 培训
venue: 湖塘镇社区教育中心二楼
audience: [老年人]
free: true
capacity: 40
contact: 王老师 0519-86000000
---

## 活动简介

教老年朋友用智能手机。
";

/// A small site in a temporary folder, removed when dropped.
pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    /// An empty folder.
    pub fn empty() -> Site {
        Site {
            dir: tempfile::Builder::new()
                .prefix("xuezhou-test-")
                .tempdir()
                .expect("a temporary folder"),
        }
    }

    /// site.toml and the repository's default theme; no content yet.
    pub fn bare() -> Site {
        let s = Site::empty();
        s.write("site.toml", SITE_TOML);
        copy_dir(
            &repo().join("themes/default"),
            &s.root().join("themes/default"),
        );
        s
    }

    /// A site that builds: `bare()` plus one good event at content/events/x.md.
    pub fn new() -> Site {
        let s = Site::bare();
        s.write("content/events/x.md", EVENT);
        s
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    /// Writes a file (text as given, byte for byte), making its folders.
    pub fn write(&self, rel: &str, text: &str) -> &Self {
        self.write_bytes(rel, text.as_bytes())
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) -> &Self {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().expect("a parent folder")).expect("mkdir");
        std::fs::write(&p, bytes).expect("write");
        self
    }

    pub fn remove(&self, rel: &str) -> &Self {
        let p = self.path(rel);
        if p.is_dir() {
            std::fs::remove_dir_all(p).expect("rm -r");
        } else {
            std::fs::remove_file(p).expect("rm");
        }
        self
    }

    /// Runs `xuezhou ARGS --root ROOT` (`--root` last, after the subcommand's own arguments).
    pub fn run(&self, args: &[&str]) -> Run {
        let mut all: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
        all.push(OsStr::new("--root"));
        all.push(self.root().as_os_str());
        xuezhou_in(self.root(), all)
    }

    /// `run` in Chinese, the language staff get.
    pub fn run_zh(&self, args: &[&str]) -> Run {
        let mut all: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
        all.push(OsStr::new("--root"));
        all.push(self.root().as_os_str());
        xuezhou_zh_in(self.root(), all)
    }

    /// `xuezhou build --root ROOT` into ROOT/public.
    pub fn build(&self) -> Run {
        self.run(&["build"])
    }

    pub fn check(&self) -> Run {
        self.run(&["check"])
    }

    pub fn out(&self) -> PathBuf {
        self.path("public")
    }

    /// A built file's text (`events/x/index.html`).
    pub fn read(&self, rel: &str) -> String {
        let p = self.out().join(rel);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
    }
}

/// Copies a folder recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walk(from) {
        let rel = entry.strip_prefix(from).expect("inside");
        let dest = to.join(rel);
        if entry.is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::create_dir_all(dest.parent().expect("parent")).expect("mkdir");
            std::fs::copy(&entry, &dest).expect("copy");
        }
    }
}

/// Every file and folder under `dir` (not `dir` itself), sorted.
pub fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd {
            let p = e.expect("a folder entry").path();
            if p.is_dir() {
                stack.push(p.clone());
            }
            out.push(p);
        }
    }
    out.sort();
    out
}

/// A folder's exact state: every path (folders end in `/`) with its bytes.
pub type Snapshot = BTreeMap<String, Vec<u8>>;

pub fn snapshot(dir: &Path) -> Snapshot {
    walk(dir)
        .into_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(dir)
                .expect("inside")
                .to_string_lossy()
                .replace('\\', "/");
            if p.is_dir() {
                (format!("{rel}/"), Vec::new())
            } else {
                (rel, std::fs::read(&p).expect("read"))
            }
        })
        .collect()
}

/// Describes how two snapshots differ (empty when they are the same).
pub fn diff(before: &Snapshot, after: &Snapshot) -> Vec<String> {
    let mut out = Vec::new();
    for (k, v) in before {
        match after.get(k) {
            None => out.push(format!("removed: {k}")),
            Some(w) if w != v => out.push(format!("changed: {k}")),
            _ => {}
        }
    }
    for k in after.keys() {
        if !before.contains_key(k) {
            out.push(format!("added: {k}"));
        }
    }
    out
}

/// Every `.html` file under `dir`.
pub fn html_files(dir: &Path) -> Vec<PathBuf> {
    walk(dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect()
}

/// Decodes the character references Tera and pulldown-cmark write (`&#x2F;`, `&amp;`, …), as a
/// browser would before following a link.
pub fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let end = tail.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &tail[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ if name.starts_with("#x") || name.starts_with("#X") => {
                    u32::from_str_radix(&name[2..], 16)
                        .ok()
                        .and_then(char::from_u32)
                }
                _ if name.starts_with('#') => name[1..].parse().ok().and_then(char::from_u32),
                _ => None,
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &tail[e + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() && s.is_char_boundary(i + 3) {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The values of every `href`, `src` and `srcset` URL in an HTML text, decoded.
pub fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href", "src", "srcset", "poster"] {
        let pat = format!("{attr}=\"");
        let mut from = 0;
        while let Some(i) = html[from..].find(&pat) {
            let start = from + i;
            from = start + pat.len();
            // The attribute name must stand alone (not `data-href`).
            let before = html[..start].chars().next_back();
            if !before.is_some_and(char::is_whitespace) {
                continue;
            }
            let Some(len) = html[from..].find('"') else {
                break;
            };
            let value = decode_entities(&html[from..from + len]);
            if attr == "srcset" {
                for candidate in value.split(',') {
                    if let Some(url) = candidate.split_whitespace().next() {
                        out.push(url.to_string());
                    }
                }
            } else {
                out.push(value);
            }
        }
    }
    out
}

/// The `id`s of an HTML text, decoded.
pub fn ids(html: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut from = 0;
    while let Some(i) = html[from..].find(" id=\"") {
        let start = from + i + 5;
        let Some(len) = html[start..].find('"') else {
            break;
        };
        out.insert(decode_entities(&html[start..start + len]));
        from = start + len;
    }
    out
}

/// The site-relative address of a built file: `events/x/index.html` -> `events/x/`.
pub fn address_of(out: &Path, file: &Path) -> String {
    let rel = file
        .strip_prefix(out)
        .expect("inside")
        .to_string_lossy()
        .replace('\\', "/");
    match rel.strip_suffix("index.html") {
        Some(dir) => dir.to_string(),
        None => rel,
    }
}

/// Checks every link of every HTML page of a built site whose address starts with `base_path`:
/// a link inside the site must name a file of the output (and an `id` in it, for a `#fragment`),
/// relative links are resolved against the page, and a `/`-rooted link outside `base_path` is
/// broken (the site would not find it on its host). Returns the broken links.
pub fn broken_links(out: &Path, base_path: &str) -> Vec<String> {
    let mut broken = Vec::new();
    let mut id_cache: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    for file in html_files(out) {
        let html = std::fs::read_to_string(&file).expect("read");
        let page_addr = address_of(out, &file);
        let page_dir = match page_addr.rfind('/') {
            Some(i) => page_addr[..=i].to_string(),
            None => String::new(),
        };
        for link in links(&html) {
            if link.is_empty()
                || link.contains("://")
                || link.starts_with("//")
                || link.starts_with("mailto:")
                || link.starts_with("tel:")
                || link.starts_with("data:")
                || link.starts_with("javascript:")
            {
                continue;
            }
            let (path_q, fragment) = match link.split_once('#') {
                Some((p, f)) => (p, Some(percent_decode(f))),
                None => (link.as_str(), None),
            };
            let path_part = path_q.split('?').next().unwrap_or("");
            let site_rel = if path_part.is_empty() {
                // `#x` on the same page.
                page_addr.clone()
            } else if let Some(abs) = path_part.strip_prefix('/') {
                let abs = format!("/{abs}");
                match abs.strip_prefix(base_path) {
                    Some(r) => r.to_string(),
                    None if format!("{abs}/") == base_path => String::new(),
                    None => {
                        broken.push(format!(
                            "{}: {link} is outside the base path {base_path}",
                            file.display()
                        ));
                        continue;
                    }
                }
            } else {
                normalize(&format!("{page_dir}{path_part}"))
            };
            let site_rel = percent_decode(&site_rel);
            let target = if site_rel.is_empty() || site_rel.ends_with('/') {
                out.join(&site_rel).join("index.html")
            } else {
                out.join(&site_rel)
            };
            if !target.is_file() {
                broken.push(format!(
                    "{}: {link} (no file {})",
                    file.display(),
                    target.display()
                ));
                continue;
            }
            if let (Some(f), Some(ext)) = (fragment, target.extension()) {
                if ext == "html" && !f.is_empty() {
                    let set = id_cache.entry(target.clone()).or_insert_with(|| {
                        ids(&std::fs::read_to_string(&target).unwrap_or_default())
                    });
                    if !set.contains(&f) {
                        broken.push(format!(
                            "{}: {link} (no id \"{f}\" in {})",
                            file.display(),
                            target.display()
                        ));
                    }
                }
            }
        }
    }
    broken
}

/// `a/b/../c/./d` -> `a/c/d`, keeping a trailing `/`.
fn normalize(p: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for seg in p.split('/') {
        match seg {
            "." | "" => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut s = parts.join("/");
    if p.ends_with('/') && !s.is_empty() {
        s.push('/');
    }
    s
}

/// The text of `<meta property="NAME" content="...">`, decoded.
pub fn meta_property(html: &str, name: &str) -> Option<String> {
    let pat = format!("<meta property=\"{name}\" content=\"");
    let i = html.find(&pat)? + pat.len();
    let len = html[i..].find('"')?;
    Some(decode_entities(&html[i..i + len]))
}

/// Stops a `xuezhou serve` child: Ctrl-C first (so serve removes its folder), then a kill if it
/// has not ended in 5 s.
pub fn stop_serve(child: &mut std::process::Child) {
    #[cfg(unix)]
    {
        let _ = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status();
        let t0 = std::time::Instant::now();
        while t0.elapsed() < std::time::Duration::from_secs(5) {
            if let Ok(Some(_)) = child.try_wait() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
    let _ = child.kill();
    let _ = child.wait();
}

//! Issue 11, items 2, 5 and 6: what staff put in the site can neither crash a build nor publish
//! what is outside the site, and `check` finds every image a build would fail on. Real sites
//! in temporary folders, run through the binary.

mod common;

use common::{Run, Site};
use std::path::{Path, PathBuf};

const PHOTOS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/photos");

fn photo(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(PHOTOS).join(name)).expect("a fixture photo")
}

/// An event bundle at content/events/p/ with `extra` front matter and `body`.
fn event(site: &Site, extra: &str, body: &str) -> &'static str {
    let page = "content/events/p/index.md";
    site.write(
        page,
        &format!("---\ntitle: 输入测试\nstart: 2022-12-03 09:00\ntown: 湖塘镇\norganizer: 测试单位\ncategory: 讲座\nvenue: 报告厅\n{extra}---\n\n{body}\n"),
    );
    page
}

/// The 1-based line of `page` holding `needle`.
fn line_of(site: &Site, page: &str, needle: &str) -> usize {
    let text = std::fs::read_to_string(site.path(page)).unwrap();
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle} is not in {page}"))
        + 1
}

/// Asserts an error at `page:line:` whose line mentions every one of `says`.
fn error_at(run: &Run, at: &str, says: &[&str]) {
    assert!(
        run.stderr.lines().any(|l| l.starts_with(at)
            && l.contains(" error[XZ-")
            && says.iter().all(|s| l.contains(s))),
        "no error at {at} saying {says:?}\n--- stderr ---\n{}",
        run.stderr
    );
}

fn no_panic(run: &Run) {
    assert_ne!(run.code, 101, "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

// ---- item 2: a `%` before a Chinese character ------------------------------------------------

#[test]
fn a_percent_before_chinese_in_links_and_images_is_an_error_with_its_line() {
    // (body, whether it is an error, text the error line holds)
    let cases: &[(&str, bool, &str)] = &[
        ("[说明](%中文.md)", true, "%中文.md"),
        ("![图](x%中.jpg)", true, "x%中.jpg"),
        ("![图](%)", true, "p/%\""),
        ("![图](%Z.jpg)", true, "%Z.jpg"),
        ("[说明](%E4%B8.md)", true, "%E4%B8.md"),
        ("[说明](中文%)", false, ""),
        ("[说明](%中文)", false, ""),
        ("见[说明][1]。\n\n[1]: %中文.md", true, "%中文.md"),
        ("![图][p]\n\n[p]: 照片%中.jpg", true, "照片%中.jpg"),
    ];
    for (body, is_error, says) in cases {
        let site = Site::new();
        let page = event(&site, "", &format!("正文第一段。\n\n{body}"));
        let first = body.lines().next().unwrap();
        let line = line_of(&site, page, first);
        for run in [site.check(), site.build()] {
            no_panic(&run);
            if *is_error {
                run.expect_code(1);
                error_at(&run, &format!("{page}:{line}:"), &[says]);
            } else {
                run.ok();
            }
        }
        if *is_error {
            assert!(!site.out().exists(), "a failed first build published");
        }
    }
}

#[test]
fn a_percent_in_a_cover_path_is_an_error_at_its_line() {
    for cover in ["\"%中.jpg\"", "\"%\"", "\"%E4%B8.jpg\"", "\"x%Z.jpg\""] {
        let site = Site::new();
        let page = event(&site, &format!("cover: {cover}\n"), "正文。");
        let line = line_of(&site, page, "cover:");
        let run = site.build();
        no_panic(&run);
        run.expect_code(1);
        error_at(&run, &format!("{page}:{line}:"), &["does not exist"]);
    }
}

// ---- item 5: only files inside the site --------------------------------------------------------

/// A folder beside the site's (both in the temporary folder), with a photo and a text.
struct Outside {
    dir: tempfile::TempDir,
}

impl Outside {
    fn new() -> Outside {
        let dir = tempfile::Builder::new()
            .prefix("xuezhou-elsewhere-")
            .tempdir()
            .unwrap();
        std::fs::write(dir.path().join("photo.jpg"), photo("flower.jpg")).unwrap();
        std::fs::write(dir.path().join("secret.txt"), "not for the web").unwrap();
        std::fs::write(
            dir.path().join("page.md"),
            "---\ntitle: 外面的页面\n---\n\n不属于网站。\n",
        )
        .unwrap();
        Outside { dir }
    }
    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }
    /// `../../../../NAME/rel` from content/events/p/ of a site in the same temporary folder.
    fn relative(&self, rel: &str) -> String {
        let name = self.dir.path().file_name().unwrap().to_string_lossy();
        format!("../../../../{name}/{rel}")
    }
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) {
    std::fs::create_dir_all(link.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(target, link).unwrap();
}

/// Runs check and build; both must fail with an error at `at` saying `says`, and publish nothing.
fn refused(site: &Site, at: &str, says: &[&str]) {
    for run in [site.check(), site.build()] {
        no_panic(&run);
        run.expect_code(1);
        error_at(&run, at, says);
    }
    assert!(!site.out().exists(), "a failed first build published");
}

#[test]
fn an_image_path_out_of_the_site_is_an_error_at_its_line() {
    let outside = Outside::new();
    for field in ["cover", "photos"] {
        let site = Site::new();
        let value = outside.relative("photo.jpg");
        let fm = if field == "cover" {
            format!("cover: {value}\n")
        } else {
            format!("photos:\n  - src: {value}\n    alt: 照片\n")
        };
        let page = event(&site, &fm, "正文。");
        let line = line_of(&site, page, &value);
        refused(
            &site,
            &format!("{page}:{line}:"),
            &["outside the site folder", "photo.jpg"],
        );
    }
    // A Markdown image.
    let site = Site::new();
    let value = outside.relative("photo.jpg");
    let page = event(&site, "", &format!("正文。\n\n![外面的照片]({value})"));
    let line = line_of(&site, page, "![外面的照片]");
    refused(
        &site,
        &format!("{page}:{line}:"),
        &["outside the site folder"],
    );
    // An absolute path is read inside the page's folder, where there is no such file.
    let site = Site::new();
    let abs = outside.path("photo.jpg");
    let page = event(&site, &format!("cover: {}\n", abs.display()), "正文。");
    let line = line_of(&site, page, "cover:");
    refused(&site, &format!("{page}:{line}:"), &["does not exist"]);
}

/// Makes a file at the given path.
#[cfg(unix)]
type Maker<'a> = Box<dyn Fn(&Path) + 'a>;

#[cfg(unix)]
#[test]
fn links_to_files_outside_devices_fifos_and_folders_are_not_images() {
    let outside = Outside::new();
    // (file in the page's folder, how it is made, what the error says)
    let cases: Vec<(&str, Maker, &str)> = vec![
        (
            "link.jpg",
            Box::new(|p: &Path| symlink(&outside.path("photo.jpg"), p)),
            "outside the site folder",
        ),
        (
            "zero.jpg",
            Box::new(|p: &Path| symlink(Path::new("/dev/zero"), p)),
            "outside the site folder",
        ),
        (
            "pipe.jpg",
            Box::new(|p: &Path| {
                let ok = std::process::Command::new("mkfifo")
                    .arg(p)
                    .status()
                    .unwrap()
                    .success();
                assert!(ok, "mkfifo");
            }),
            "FIFO",
        ),
        (
            "folder.jpg",
            Box::new(|p: &Path| std::fs::create_dir_all(p).unwrap()),
            "is a folder",
        ),
    ];
    for (name, make, says) in &cases {
        let site = Site::new();
        let page = event(&site, &format!("cover: {name}\n"), "正文。");
        make(&site.path(&format!("content/events/p/{name}")));
        let line = line_of(&site, page, "cover:");
        refused(&site, &format!("{page}:{line}:"), &[name, says]);
        // The same file as a Markdown image.
        let page = event(&site, "", &format!("正文。\n\n![照片]({name})"));
        let line = line_of(&site, page, "![照片]");
        refused(&site, &format!("{page}:{line}:"), &[name, says]);
    }
}

#[cfg(unix)]
#[test]
fn a_case_video_or_poster_outside_the_site_is_an_error() {
    let outside = Outside::new();
    std::fs::write(outside.path("film.mp4"), b"\0\0\0\x08moov").unwrap();
    let page = "content/cases/c/index.md";
    let case = |video: &str, poster: &str| {
        format!("---\ntitle: 案例\nunit: 社区教育中心\ntown: 湖塘镇\nvideo:\n  src: {video}\n  poster: {poster}\n---\n\n案例正文。\n")
    };
    // A link in the page's folder to a video outside.
    let site = Site::new();
    site.write_bytes("content/cases/c/poster.jpg", &photo("flower.jpg"));
    symlink(
        &outside.path("film.mp4"),
        &site.path("content/cases/c/film.mp4"),
    );
    site.write(page, &case("film.mp4", "poster.jpg"));
    let line = line_of(&site, page, "src:");
    refused(
        &site,
        &format!("{page}:{line}:"),
        &["film.mp4", "outside the site folder"],
    );
    // A FIFO as the video: an error, never a hang.
    let site = Site::new();
    site.write_bytes("content/cases/c/poster.jpg", &photo("flower.jpg"));
    let ok = std::process::Command::new("mkfifo")
        .arg(site.path("content/cases/c/film.mp4"))
        .status()
        .unwrap()
        .success();
    assert!(ok);
    site.write(page, &case("film.mp4", "poster.jpg"));
    refused(&site, &format!("{page}:{line}:"), &["film.mp4", "FIFO"]);
    // A poster outside.
    let site = Site::new();
    site.write_bytes("content/cases/c/film.mp4", b"\0\0\0\x08moov");
    site.write(page, &case("film.mp4", &outside.relative("photo.jpg")));
    let line = line_of(&site, page, "poster:");
    refused(
        &site,
        &format!("{page}:{line}:"),
        &["outside the site folder"],
    );
}

#[cfg(unix)]
#[test]
fn links_out_of_static_and_content_are_errors_and_nothing_is_published() {
    let outside = Outside::new();

    // static/passwd.txt -> a file outside; static/shared -> a folder outside.
    for (link, target) in [
        ("static/passwd.txt", outside.path("secret.txt")),
        ("static/shared", outside.path("")),
        ("static/etc.txt", PathBuf::from("/etc/passwd")),
    ] {
        let site = Site::new();
        symlink(&target, &site.path(link));
        refused(&site, link, &["outside the site folder"]);
    }
    // A FIFO in static/ is an error, not a hang.
    let site = Site::new();
    std::fs::create_dir_all(site.path("static")).unwrap();
    assert!(std::process::Command::new("mkfifo")
        .arg(site.path("static/pipe.txt"))
        .status()
        .unwrap()
        .success());
    refused(&site, "static/pipe.txt", &["FIFO"]);

    // content/: a page linked from outside, and a folder of pages linked from outside.
    for (link, target) in [
        ("content/events/y.md", outside.path("page.md")),
        ("content/events/more", outside.path("")),
    ] {
        let site = Site::new();
        symlink(&target, &site.path(link));
        refused(&site, link, &["outside the site folder"]);
    }
}

#[cfg(unix)]
#[test]
fn links_inside_the_site_keep_working() {
    let site = Site::new();
    site.write_bytes("shared/photo.jpg", &photo("flower.jpg"));
    site.write("shared/notes.txt", "报名须知");
    symlink(
        &site.path("shared/photo.jpg"),
        &site.path("content/events/p/cover.jpg"),
    );
    symlink(
        &site.path("shared/notes.txt"),
        &site.path("static/files/notes.txt"),
    );
    // A relative link, resolved from its own folder.
    symlink(Path::new("../shared"), &site.path("static/shared"));
    event(&site, "cover: cover.jpg\n", "正文。\n\n![照片](cover.jpg)");
    site.check().ok();
    site.build().ok();
    assert_eq!(site.read("files/notes.txt"), "报名须知");
    assert_eq!(site.read("shared/notes.txt"), "报名须知");
    let html = site.read("events/p/index.html").replace("&#x2F;", "/");
    assert!(html.contains("/events/p/cover-"), "{html}");
}

#[test]
fn a_page_too_big_to_be_one_is_an_error() {
    let site = Site::new();
    let mut text = String::from("---\ntitle: 很长\n---\n\n");
    text.push_str(&"很长的一行字。\n".repeat(500_000));
    site.write("content/long.md", &text);
    let run = site.check();
    no_panic(&run);
    run.expect_code(1);
    run.says("content/long.md")
        .says("a page may be at most 8 MB");
}

// ---- item 6: check decodes what build would ----------------------------------------------------

fn png_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend((data.len() as u32).to_be_bytes());
    out.extend(kind);
    out.extend(data);
    let mut crc = 0xFFFF_FFFFu32;
    for &b in kind.iter().chain(data) {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    out.extend((!crc).to_be_bytes());
}

/// A 64×64 RGB PNG with a good header and IDAT data that is not a picture.
fn damaged_png() -> Vec<u8> {
    let mut v = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend(64u32.to_be_bytes());
    ihdr.extend(64u32.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    png_chunk(&mut v, b"IHDR", &ihdr);
    png_chunk(
        &mut v,
        b"IDAT",
        &[0x78, 0x9c, 0xff, 0xff, 0xff, 0xff, 0x00, 0x12, 0x34],
    );
    png_chunk(&mut v, b"IEND", &[]);
    v
}

/// A JPEG whose header is whole but whose Huffman tables were lost: only decoding finds it.
fn jpeg_without_tables() -> Vec<u8> {
    let full = photo("flower.jpg");
    let mut out = full[..2].to_vec();
    let mut i = 2;
    while i + 4 <= full.len() {
        let marker = full[i + 1];
        let len = u16::from_be_bytes([full[i + 2], full[i + 3]]) as usize;
        if marker == 0xDA {
            out.extend(&full[i..]);
            break;
        }
        if marker != 0xC4 {
            out.extend(&full[i..i + 2 + len]);
        }
        i += 2 + len;
    }
    out
}

/// The error lines (`path:line:col: error[XZ-E101]: ...`) of a run.
fn error_lines(run: &Run) -> Vec<String> {
    let mut v: Vec<String> = run
        .stderr
        .lines()
        .filter(|l| l.contains(": error["))
        .map(str::to_string)
        .collect();
    v.sort();
    v
}

#[test]
fn check_finds_the_damaged_pictures_build_would() {
    for (name, bytes, says) in [
        ("broken.png", damaged_png(), "damaged and cannot be decoded"),
        (
            "tables.jpg",
            jpeg_without_tables(),
            "damaged and cannot be decoded",
        ),
        // Cut short: the header check finds it, in check as in build.
        (
            "cut.jpg",
            photo("truncated-half-baseline.jpg"),
            "incomplete",
        ),
    ] {
        let site = Site::new();
        site.write_bytes(&format!("content/events/p/{name}"), &bytes);
        site.write_bytes("content/events/p/good.jpg", &photo("flower.jpg"));
        let page = event(
            &site,
            &format!("cover: good.jpg\nphotos:\n  - src: {name}\n    alt: 坏照片\n"),
            &format!("正文。\n\n![又一张]({name})"),
        );
        let line = line_of(&site, page, &format!("src: {name}"));
        let before = common::snapshot(site.root());
        let check = site.check();
        no_panic(&check);
        check.expect_code(1);
        error_at(&check, &format!("{page}:{line}:"), &[name, says]);
        assert!(
            common::diff(&before, &common::snapshot(site.root())).is_empty(),
            "check wrote something"
        );
        let build = site.build();
        build.expect_code(1);
        assert_eq!(error_lines(&check), error_lines(&build), "{name}");
    }
}

#[test]
fn check_trusts_what_the_cache_made_and_writes_nothing() {
    let site = Site::new();
    site.write_bytes("content/events/p/good.jpg", &photo("flower.jpg"));
    event(&site, "cover: good.jpg\n", "正文。");
    // Without a cache, check decodes, and leaves the site as it was.
    let before = common::snapshot(site.root());
    site.check().ok();
    assert!(common::diff(&before, &common::snapshot(site.root())).is_empty());
    site.build().ok();
    site.check().ok();
}

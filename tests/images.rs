//! Photos (SPEC §6, issue 4): real sites built in temporary folders, outputs decoded and checked.
//! The photos are in tests/fixtures/photos (sources and licences in its SOURCES.md). No test
//! asserts a time or touches the network.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use xuezhou::build::{self, Options, Report};
use xuezhou::diagnostics::Diagnostics;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/photos");

fn fixture(name: &str) -> PathBuf {
    Path::new(FIXTURES).join(name)
}

/// A site with the default theme and no pages yet.
struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    fn new() -> Site {
        let dir = tempfile::tempdir().unwrap();
        let s = Site { dir };
        s.settings("widths = [480, 960, 1600]\nquality = 80\nwebp = true\n");
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"),
            &s.root().join("themes/default"),
        );
        s
    }
    fn root(&self) -> &Path {
        self.dir.path()
    }
    fn out(&self) -> PathBuf {
        self.root().join("public")
    }
    fn settings(&self, images: &str) {
        std::fs::write(
            self.root().join("site.toml"),
            format!("title = \"测试\"\nbase_url = \"https://example.org/x/\"\n[week]\nstart = 2022-12-02\nend = 2022-12-08\n[images]\n{images}"),
        )
        .unwrap();
    }
    fn write(&self, rel: &str, text: &str) {
        let p = self.root().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    fn put(&self, rel: &str, fixture_name: &str) {
        let p = self.root().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::copy(fixture(fixture_name), p).unwrap();
    }
    fn put_bytes(&self, rel: &str, bytes: &[u8]) {
        let p = self.root().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    /// An event bundle `content/events/p/` whose photos are `files` (already put there).
    fn event_with_photos(&self, files: &[&str], body: &str) {
        let mut fm = String::from("photos:\n");
        for (i, f) in files.iter().enumerate() {
            fm.push_str(&format!("  - src: \"{f}\"\n    alt: 第{i}张照片\n"));
        }
        self.write(
            "content/events/p/index.md",
            &format!("---\ntitle: 照片测试\nstart: 2022-12-03 09:00\ntown: 湖塘镇\norganizer: 测试单位\ncategory: 讲座\nvenue: 报告厅\n{fm}---\n\n{body}\n"),
        );
    }
    fn build(&self) -> (Result<Report, xuezhou::build::Failed>, String) {
        let diags = Diagnostics::new();
        let opts = Options {
            root: self.root().to_path_buf(),
            output: None,
            base_url: None,
            drafts: false,
            write: true,
            progress: false,
        };
        let r = build::build(&opts, &diags);
        (r, diags.report())
    }
    fn build_ok(&self) -> Report {
        let (r, report) = self.build();
        match r {
            Ok(r) => r,
            Err(_) => panic!("build failed:\n{report}"),
        }
    }
    fn cli_build(&self) -> (i32, String) {
        let out = Command::new(env!("CARGO_BIN_EXE_xuezhou"))
            .args(["build", "--root"])
            .arg(self.root())
            .env("XUEZHOU_LANG", "en")
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }
    fn page_html(&self, rel: &str) -> String {
        std::fs::read_to_string(self.out().join(rel)).unwrap()
    }
}

fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let dest = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// Every file of a folder with a hash of its bytes.
fn listing(dir: &Path) -> BTreeMap<String, u64> {
    let mut m = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir) {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let bytes = std::fs::read(e.path()).unwrap();
            let h = bytes.iter().fold(0xcbf29ce484222325u64, |h, b| {
                (h ^ *b as u64).wrapping_mul(0x100000001b3)
            });
            m.insert(
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                h,
            );
        }
    }
    m
}

fn decode(path: &Path) -> image::DynamicImage {
    image::open(path).unwrap_or_else(|e| panic!("{} does not decode: {e}", path.display()))
}

/// Mean colour of each quadrant (top-left, top-right, bottom-left, bottom-right).
fn quadrant_means(img: &image::DynamicImage) -> [[f64; 3]; 4] {
    let rgb = img.to_rgb8();
    let (w, h) = rgb.dimensions();
    let mut sums = [[0f64; 3]; 4];
    let mut counts = [0f64; 4];
    for (x, y, p) in rgb.enumerate_pixels() {
        let q = (if x < w / 2 { 0 } else { 1 }) + (if y < h / 2 { 0 } else { 2 });
        for c in 0..3 {
            sums[q][c] += p[c] as f64;
        }
        counts[q] += 1.0;
    }
    for (sum, n) in sums.iter_mut().zip(counts) {
        for v in sum.iter_mut() {
            *v /= n;
        }
    }
    sums
}

/// The markers of a JPEG up to its first scan.
fn jpeg_markers(b: &[u8]) -> Vec<u8> {
    assert_eq!(&b[..2], &[0xFF, 0xD8], "not a JPEG");
    let mut pos = 2;
    let mut out = Vec::new();
    while pos + 4 <= b.len() {
        assert_eq!(b[pos], 0xFF);
        let m = b[pos + 1];
        out.push(m);
        if m == 0xDA {
            break;
        }
        let len = u16::from_be_bytes([b[pos + 2], b[pos + 3]]) as usize;
        pos += 2 + len;
    }
    out
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// No metadata: a JPEG has no APPn segment but JFIF's APP0, a WebP no EXIF/XMP/ICC chunk,
/// a PNG no eXIf/tEXt/iTXt/zTXt chunk.
fn assert_no_metadata(path: &Path) {
    let b = std::fs::read(path).unwrap();
    assert!(
        !contains(&b, b"Exif\0\0"),
        "{} carries EXIF",
        path.display()
    );
    match path.extension().and_then(|e| e.to_str()) {
        Some("jpg") => {
            for m in jpeg_markers(&b) {
                assert!(
                    !(0xE1..=0xEF).contains(&m),
                    "{} has an APP{} segment",
                    path.display(),
                    m - 0xE0
                );
                assert_ne!(m, 0xFE, "{} has a comment", path.display());
            }
        }
        Some("webp") => {
            for chunk in [b"EXIF", b"XMP ", b"ICCP"] {
                assert!(
                    !contains(&b, chunk),
                    "{} has a {:?} chunk",
                    path.display(),
                    chunk
                );
            }
        }
        Some("png") => {
            for chunk in [b"eXIf", b"tEXt", b"iTXt", b"zTXt"] {
                assert!(
                    !contains(&b, chunk),
                    "{} has a {:?} chunk",
                    path.display(),
                    chunk
                );
            }
        }
        other => panic!("unexpected output {other:?}"),
    }
}

fn image_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("jpg" | "png" | "webp")
            )
        })
        .collect();
    v.sort();
    v
}

/// `<img>` tags of a page: (src, width, height, srcset).
fn img_tags(html: &str) -> Vec<(String, u32, u32, String)> {
    let attr = |tag: &str, name: &str| -> String {
        let key = format!(" {name}=\"");
        let start = tag
            .find(&key)
            .unwrap_or_else(|| panic!("no {name} in {tag}"))
            + key.len();
        tag[start..start + tag[start..].find('"').unwrap()].to_string()
    };
    html.split("<img ")
        .skip(1)
        .map(|rest| {
            let tag = format!(" {}", &rest[..rest.find('>').unwrap()]);
            (
                attr(&tag, "src"),
                attr(&tag, "width").parse().unwrap(),
                attr(&tag, "height").parse().unwrap(),
                attr(&tag, "srcset"),
            )
        })
        .collect()
}

#[test]
fn every_orientation_comes_out_upright_without_exif() {
    let site = Site::new();
    let names: Vec<String> = (1..=8)
        .map(|k| format!("exif-orientation-{k}.jpg"))
        .collect();
    for n in &names {
        site.put(&format!("content/events/p/{n}"), n);
    }
    site.event_with_photos(&names.iter().map(String::as_str).collect::<Vec<_>>(), "");
    site.build_ok();
    let dir = site.out().join("events/p");
    for ext in ["jpg", "webp"] {
        let reference = decode(&dir.join(format!("exif-orientation-1-1024.{ext}")));
        let want = quadrant_means(&reference);
        for k in 1..=8 {
            for w in [480, 960, 1024] {
                let p = dir.join(format!("exif-orientation-{k}-{w}.{ext}"));
                let img = decode(&p);
                assert_eq!(
                    (img.width(), img.height()),
                    (w, w * 3 / 4),
                    "{}",
                    p.display()
                );
                assert_no_metadata(&p);
                if w == 1024 {
                    let got = quadrant_means(&img);
                    for q in 0..4 {
                        for c in 0..3 {
                            assert!(
                                (got[q][c] - want[q][c]).abs() < 4.0,
                                "orientation {k} ({ext}): quadrant {q} channel {c} is {:.1}, upright is {:.1}",
                                got[q][c],
                                want[q][c]
                            );
                        }
                    }
                }
            }
        }
    }
    // The quadrants differ from each other, so a wrong turn could not pass unnoticed.
    let m = quadrant_means(&decode(&dir.join("exif-orientation-1-1024.jpg")));
    let spread = |a: [f64; 3], b: [f64; 3]| (0..3).map(|c| (a[c] - b[c]).abs()).sum::<f64>();
    assert!(
        spread(m[0], m[3]) > 20.0 && spread(m[1], m[2]) > 20.0 && spread(m[0], m[1]) > 10.0,
        "{m:?}"
    );
}

#[test]
fn gps_position_never_reaches_the_output() {
    let site = Site::new();
    let input = std::fs::read(fixture("gps-tagged.jpg")).unwrap();
    assert!(
        contains(&input, b"Exif\0\0") && contains(&input, b"HUAWEI"),
        "the fixture carries EXIF with a camera make"
    );
    assert!(
        contains(&input, &[0x88, 0x25]) || contains(&input, &[0x25, 0x88]),
        "the fixture has a GPS IFD tag"
    );
    site.put("content/events/p/gps-tagged.jpg", "gps-tagged.jpg");
    site.event_with_photos(&["gps-tagged.jpg"], "![同一张照片在正文里](gps-tagged.jpg)");
    site.build_ok();
    let files = image_files(&site.out());
    assert_eq!(files.len(), 6, "{files:?}");
    for f in &files {
        assert_no_metadata(f);
        let b = std::fs::read(f).unwrap();
        assert!(!contains(&b, b"HUAWEI"), "{}", f.display());
    }
    // The original is never published.
    for e in walkdir::WalkDir::new(site.out()) {
        let e = e.unwrap();
        if e.file_type().is_file() {
            assert_ne!(
                std::fs::read(e.path()).unwrap(),
                input,
                "{} is the original",
                e.path().display()
            );
        }
    }
}

#[test]
fn widths_are_never_upscaled_and_attributes_match_the_files() {
    let site = Site::new();
    site.put("content/events/p/gps-tagged.jpg", "gps-tagged.jpg"); // 1200×675
    site.put("content/events/p/flower.jpg", "flower.jpg"); // 480×360
    site.put("content/events/p/tiny-48x27.jpg", "tiny-48x27.jpg");
    site.put("content/events/p/grayscale.jpg", "grayscale.jpg"); // 1600×1065
    site.event_with_photos(
        &[
            "gps-tagged.jpg",
            "flower.jpg",
            "tiny-48x27.jpg",
            "grayscale.jpg",
        ],
        "",
    );
    site.build_ok();
    let dir = site.out().join("events/p");
    let widths = |stem: &str| -> Vec<u32> {
        let mut w: Vec<u32> = image_files(&dir)
            .iter()
            .filter_map(|p| {
                let name = p.file_name()?.to_str()?;
                let rest = name.strip_prefix(stem)?.strip_prefix('-')?;
                rest.strip_suffix(".jpg")?.parse().ok()
            })
            .collect();
        w.sort();
        w
    };
    assert_eq!(widths("gps-tagged"), vec![480, 960, 1200]);
    assert_eq!(widths("flower"), vec![480]);
    assert_eq!(widths("tiny-48x27"), vec![48]);
    assert_eq!(widths("grayscale"), vec![480, 960, 1600]);
    for p in image_files(&dir) {
        let img = decode(&p);
        let name = p.file_name().unwrap().to_str().unwrap();
        let w: u32 = name
            .rsplit('-')
            .next()
            .unwrap()
            .split('.')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(img.width(), w, "{name}");
    }
    let html = site.page_html("events/p/index.html");
    let tags = img_tags(&html);
    assert_eq!(tags.len(), 4, "{html}");
    for (src, w, h, srcset) in tags {
        let file = site.out().join(
            src.strip_prefix("/x/")
                .expect("addresses carry the base path"),
        );
        let img = decode(&file);
        assert_eq!((img.width(), img.height()), (w, h), "{src}");
        for entry in srcset.split(", ") {
            let (url, wd) = entry.split_once(' ').unwrap();
            let img = decode(&site.out().join(url.strip_prefix("/x/").unwrap()));
            assert_eq!(format!("{}w", img.width()), wd, "{url}");
        }
    }
    assert!(
        html.contains("<source type=\"image/webp\" srcset=\""),
        "{html}"
    );
    assert!(html.contains("loading=\"lazy\""));
    assert!(html.contains("alt=\"第0张照片\""));
    // Gallery: thumbnails link to the large size.
    let html = html.replace("&#x2F;", "/");
    assert!(
        html.contains("href=\"/x/events/p/gps-tagged-1200.jpg\" class=\"gallery-link\""),
        "{html}"
    );
}

/// A paletted PNG (colour type 3), written by hand with the png encoder.
fn paletted_png() -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, 64, 40);
        enc.set_color(png::ColorType::Indexed);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_palette(vec![200, 30, 30, 30, 30, 200]);
        let mut w = enc.write_header().unwrap();
        let data: Vec<u8> = (0..64 * 40).map(|i| ((i % 64) >= 32) as u8).collect();
        w.write_image_data(&data).unwrap();
    }
    out
}

fn png16() -> Vec<u8> {
    let img = image::ImageBuffer::from_fn(300, 200, |x, _| {
        image::Rgb([x as u16 * 200, 30000u16, 65535 - x as u16 * 200])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb16(img)
        .write_to(&mut out, image::ImageFormat::Png)
        .unwrap();
    out.into_inner()
}

#[test]
fn what_real_folders_hold_works() {
    let site = Site::new();
    site.put("content/events/p/cmyk.jpg", "cmyk.jpg");
    site.put("content/events/p/grayscale.jpg", "grayscale.jpg");
    site.put("content/events/p/IMG_0001.JPG", "flower.jpg");
    site.put("content/events/p/活动 现场 照片.jpg", "tiny-48x27.jpg");
    site.put("content/events/p/transparent.png", "transparent.png");
    site.put_bytes("content/events/p/palette.png", &paletted_png());
    site.put_bytes("content/events/p/deep.png", &png16());
    site.event_with_photos(
        &[
            "cmyk.jpg",
            "grayscale.jpg",
            "IMG_0001.JPG",
            "活动 现场 照片.jpg",
            "transparent.png",
            "palette.png",
            "deep.png",
        ],
        "",
    );
    site.build_ok();
    let dir = site.out().join("events/p");
    let files = image_files(&dir);
    for f in &files {
        let name = f.file_name().unwrap().to_str().unwrap();
        assert!(
            name.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.'),
            "{name}"
        );
        decode(f);
        assert_no_metadata(f);
    }
    let find = |prefix: &str, ext: &str| -> PathBuf {
        files
            .iter()
            .find(|f| {
                let n = f.file_name().unwrap().to_str().unwrap();
                n.starts_with(prefix) && n.ends_with(ext)
            })
            .unwrap_or_else(|| panic!("no {prefix}*{ext} in {files:?}"))
            .clone()
    };
    // Chinese names in pinyin, upper-case extensions read.
    find("huo-dong-xian-chang-zhao-pian-", "-48.jpg");
    find("img-0001-", "-480.jpg");
    // Transparency kept: PNG + WebP, with transparent pixels.
    let t = decode(&find("transparent-", ".png")).to_rgba8();
    assert!(t.pixels().any(|p| p[3] == 0) && t.pixels().any(|p| p[3] == 255));
    let tw = decode(&find("transparent-", ".webp")).to_rgba8();
    assert!(tw.pixels().any(|p| p[3] < 16));
    // CMYK (Adobe, inverted) comes out in its real colours, not as a negative: the mean colour
    // of the RGB photo it was made from (real/Picture_0B_by_freespace.jpg) is (155.7, 85.3, 73.9).
    let c = quadrant_means(&decode(&find("cmyk-", "-1600.jpg")));
    let mean: Vec<f64> = (0..3)
        .map(|ch| c.iter().map(|q| q[ch]).sum::<f64>() / 4.0)
        .collect();
    for (got, want) in mean.iter().zip([155.7, 85.3, 73.9]) {
        assert!(
            (got - want).abs() < 4.0,
            "CMYK colours look wrong: mean RGB {mean:?}"
        );
    }
    // Grayscale stays gray.
    let g = decode(&find("grayscale-", "-960.jpg")).to_rgb8();
    assert!(g
        .pixels()
        .all(|p| (p[0] as i32 - p[1] as i32).abs() < 8 && (p[1] as i32 - p[2] as i32).abs() < 8));
    // Paletted and 16-bit PNGs are converted to 8-bit.
    let pal = decode(&find("palette-", "-64.jpg")).to_rgb8();
    assert!(pal.get_pixel(5, 20)[0] > 150 && pal.get_pixel(60, 20)[2] > 150);
    let deep = decode(&find("deep-", "-300.jpg")).to_rgb8();
    assert!(deep.get_pixel(0, 0)[2] > 200 && deep.get_pixel(299, 0)[0] > 200);
}

#[test]
fn star_portraits_are_square_and_book_covers_share_one_size() {
    let site = Site::new();
    site.put("content/stars/s/portrait.jpg", "exif-orientation-6.jpg");
    site.write(
        "content/stars/s/index.md",
        "---\nname: 张三\ntown: 湖塘镇\nportrait: portrait.jpg\n---\n\n学习故事。\n",
    );
    site.put("content/reading/r/wide.jpg", "gps-tagged.jpg");
    site.put("content/reading/r/tall.jpg", "exif-orientation-8.jpg");
    site.write(
        "content/reading/r/index.md",
        "---\ntitle: 好书\ncurator: 图书馆\nbooks:\n  - title: 甲\n    author: 某\n    cover: wide.jpg\n  - title: 乙\n    author: 某\n    cover: tall.jpg\n---\n\n书单。\n",
    );
    site.build_ok();
    for p in image_files(&site.out().join("stars/s")) {
        let img = decode(&p);
        assert_eq!(img.width(), img.height(), "{}", p.display());
    }
    let covers = image_files(&site.out().join("reading/r"));
    assert_eq!(
        covers.len(),
        6,
        "wide: 450 px after the crop, so 240 only; tall: 240 and 480: {covers:?}"
    );
    for p in covers {
        let img = decode(&p);
        assert!(
            matches!((img.width(), img.height()), (240, 360) | (480, 720)),
            "{}: {}x{}",
            p.display(),
            img.width(),
            img.height()
        );
    }
}

#[test]
fn case_video_is_copied_and_plays_with_its_processed_poster() {
    let site = Site::new();
    // The smallest MP4 a browser accepts the box structure of: ftyp + an empty moov.
    let mut mp4 = Vec::new();
    mp4.extend(20u32.to_be_bytes());
    mp4.extend(b"ftypisom\0\0\x02\0isom");
    mp4.extend(8u32.to_be_bytes());
    mp4.extend(b"moov");
    site.put_bytes("content/cases/c/视频.mp4", &mp4);
    site.put("content/cases/c/poster.jpg", "gps-tagged.jpg");
    site.write(
        "content/cases/c/index.md",
        "---\ntitle: 案例\nunit: 社区教育中心\ntown: 湖塘镇\nvideo:\n  src: 视频.mp4\n  poster: poster.jpg\n  duration: \"3:20\"\n---\n\n案例正文。\n",
    );
    site.build_ok();
    let html = site.page_html("cases/c/index.html").replace("&#x2F;", "/");
    assert!(html.contains("<video controls preload=\"none\""), "{html}");
    let poster = html
        .split("poster=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let poster_file = site.out().join(poster.strip_prefix("/x/").unwrap());
    assert_no_metadata(&poster_file);
    assert_eq!(decode(&poster_file).width(), 1200);
    let src = html
        .split("<source src=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    assert!(src.is_ascii(), "{src}");
    assert_eq!(
        std::fs::read(site.out().join(src.strip_prefix("/x/").unwrap())).unwrap(),
        mp4
    );
}

/// A JPEG header claiming `w`×`h`, with a scan and an end: only the header is real.
fn jpeg_bomb(w: u16, h: u16) -> Vec<u8> {
    let mut v = vec![0xFF, 0xD8, 0xFF, 0xC0, 0, 11, 8];
    v.extend(h.to_be_bytes());
    v.extend(w.to_be_bytes());
    v.extend([1, 1, 0x11, 0]);
    v.extend([0xFF, 0xDA, 0, 8, 1, 1, 0, 0, 63, 0, 0, 0, 0xFF, 0xD9]);
    v
}

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

/// A PNG whose header claims `w`×`h` (RGB) and whose data is `idat`.
fn png_with(w: u32, h: u32, idat: &[u8]) -> Vec<u8> {
    let mut v = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend(w.to_be_bytes());
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    png_chunk(&mut v, b"IHDR", &ihdr);
    png_chunk(&mut v, b"IDAT", idat);
    png_chunk(&mut v, b"IEND", &[]);
    v
}

#[test]
fn bad_images_are_errors_naming_page_and_file_and_leave_the_output_alone() {
    let site = Site::new();
    site.put("content/events/p/good.jpg", "flower.jpg");
    site.event_with_photos(&["good.jpg"], "");
    let (code, err) = site.cli_build();
    assert_eq!(code, 0, "{err}");
    let before = listing(&site.out());
    assert!(before.keys().any(|k| k.ends_with("good-480.jpg")));

    // (file put beside the page, bytes, what the message says)
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "cut.jpg",
            std::fs::read(fixture("truncated-half-baseline.jpg")).unwrap(),
            "incomplete",
        ),
        (
            "cut-progressive.jpg",
            std::fs::read(fixture("truncated-half-progressive.jpg")).unwrap(),
            "incomplete",
        ),
        (
            "fake.jpg",
            std::fs::read(fixture("not-an-image.jpg")).unwrap(),
            "not an image",
        ),
        ("bomb.jpg", jpeg_bomb(20000, 20000), "400 megapixels"),
        (
            "bomb.png",
            png_with(
                20000,
                20000,
                &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
            ),
            "400 megapixels",
        ),
        (
            "iphone.jpg",
            b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".to_vec(),
            "HEIC",
        ),
    ];
    for (name, bytes, _) in &cases {
        site.put_bytes(&format!("content/events/p/{name}"), bytes);
    }
    let mut names: Vec<&str> = vec!["good.jpg"];
    names.extend(cases.iter().map(|c| c.0));
    names.push("missing.jpg");
    site.event_with_photos(&names, "正文。\n\n![缺少的照片](missing-too.jpg)\n");
    let (code, err) = site.cli_build();
    assert_eq!(code, 1, "{err}");
    let page = "content/events/p/index.md";
    let text = std::fs::read_to_string(site.root().join(page)).unwrap();
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    for (name, _, says) in cases
        .iter()
        .chain([&("missing.jpg", Vec::new(), "does not exist")])
    {
        let at = format!("{page}:{}:", line_of(&format!("\"{name}\"")));
        let line = err
            .lines()
            .find(|l| l.starts_with(&at) && l.contains(name))
            .unwrap_or_else(|| panic!("no error at {at} naming {name}:\n{err}"));
        assert!(line.contains(" error[XZ-") && line.contains(says), "{line}");
    }
    let md_line = line_of("![缺少的照片]");
    assert!(
        err.lines()
            .any(|l| l.starts_with(&format!("{page}:{md_line}:")) && l.contains("missing-too.jpg")),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(listing(&site.out()), before, "the previous output changed");

    // Files whose header is fine but whose picture data is garbage are found by the decoder,
    // after the pages are rendered: the same errors, the output still untouched.
    site.put_bytes(
        "content/events/p/garbled.png",
        &png_with(
            64,
            64,
            &[0x78, 0x9c, 0xff, 0xff, 0xff, 0xff, 0x00, 0x12, 0x34],
        ),
    );
    site.put_bytes(
        "content/events/p/garbled2.png",
        &png_with(32, 32, &[0x78, 0x9c, 0xff, 0xff, 0x00]),
    );
    site.event_with_photos(
        &["good.jpg", "garbled.png"],
        "正文。\n\n![损坏的照片](garbled2.png)\n",
    );
    let (code, err) = site.cli_build();
    assert_eq!(code, 1, "{err}");
    let text = std::fs::read_to_string(site.root().join(page)).unwrap();
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    for (name, needle) in [
        ("garbled.png", "\"garbled.png\""),
        ("garbled2.png", "![损坏的照片]"),
    ] {
        let at = format!("{page}:{}:", line_of(needle));
        assert!(
            err.lines()
                .any(|l| l.starts_with(&at) && l.contains(name) && l.contains("cannot be decoded")),
            "no error at {at} naming {name}:\n{err}"
        );
    }
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(listing(&site.out()), before, "the previous output changed");
    // Nothing was left beside it either.
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("xuezhou-new"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_build_beside_a_running_preview_leaves_the_cache_alone() {
    let site = Site::new();
    site.put("content/events/p/b.jpg", "grayscale.jpg"); // 1600 wide: 480, 960, 1600
    site.event_with_photos(&["b.jpg"], "");
    site.build_ok();
    let entry_1600: Vec<String> = std::fs::read_dir(site.root().join(".cache/images"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    // What `xuezhou serve` holds while it runs (another process: this test).
    let lock = std::fs::File::open(site.root().join(".cache/images/.lock")).unwrap();
    lock.lock_shared().unwrap();
    site.settings("widths = [480, 960, 1200]\nquality = 80\nwebp = true\n");
    site.build_ok();
    let now: Vec<String> = std::fs::read_dir(site.root().join(".cache/images"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        entry_1600.iter().all(|e| now.contains(e)),
        "nothing pruned while another process uses the cache"
    );
    // Once it is gone, the next build prunes what it did not use.
    lock.unlock().unwrap();
    site.build_ok();
    let after: Vec<String> = std::fs::read_dir(site.root().join(".cache/images"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(after.len() < now.len(), "{after:?} vs {now:?}");
    assert!(site.out().join("events/p/b-1200.jpg").is_file());
}

#[test]
fn the_cache_makes_a_second_build_decode_nothing_and_redoes_only_what_changed() {
    let site = Site::new();
    site.put("content/events/p/a.jpg", "gps-tagged.jpg"); // 1200 wide: 480, 960, 1200
    site.put("content/events/p/b.jpg", "grayscale.jpg"); // 1600 wide: 480, 960, 1600
    site.put("content/events/p/c.jpg", "flower.jpg"); // 480
    site.event_with_photos(&["a.jpg", "b.jpg", "c.jpg"], "![正文里的同一张照片](a.jpg)");
    let cache = site.root().join(".cache/images");
    // Entries, not the lock file every user of the cache holds.
    let cache_files = || {
        std::fs::read_dir(&cache)
            .unwrap()
            .filter(|e| e.as_ref().unwrap().file_name() != ".lock")
            .count()
    };

    let r = site.build_ok().images;
    assert_eq!(
        (r.images, r.decoded, r.from_cache, r.encoded, r.reused),
        (3, 3, 0, 14, 0),
        "{r:?}"
    );
    assert_eq!(cache_files(), 14);
    let first = listing(&site.out());

    let r = site.build_ok().images;
    assert_eq!(
        (r.images, r.decoded, r.from_cache, r.encoded, r.reused),
        (3, 0, 3, 0, 14),
        "{r:?}"
    );
    assert_eq!(
        listing(&site.out()),
        first,
        "a rebuild gives the same files"
    );
    // The command line says so too.
    let (code, err) = site.cli_build();
    assert_eq!(code, 0);
    assert!(err.contains("3 images: 0 processed, 3 from cache"), "{err}");

    // A new width: only the files of that width are made (a and b are wide enough for 1200).
    site.settings("widths = [480, 960, 1200]\nquality = 80\nwebp = true\n");
    let r = site.build_ok().images;
    assert_eq!(
        (r.decoded, r.encoded),
        (1, 2),
        "only b gets a new 1200 (a has its own 1200 already): {r:?}"
    );
    assert!(!site.out().join("events/p/b-1600.jpg").exists());
    assert_eq!(
        cache_files(),
        14,
        "the two 1600 files were pruned, two 1200 files added"
    );

    // Without WebP nothing is decoded: the JPEGs are all cached.
    site.settings("widths = [480, 960, 1200]\nquality = 80\nwebp = false\n");
    let r = site.build_ok().images;
    assert_eq!((r.decoded, r.encoded, r.reused), (0, 0, 7), "{r:?}");
    assert!(image_files(&site.out())
        .iter()
        .all(|p| p.extension().unwrap() == "jpg"));

    // A new quality remakes every file, and the new files differ.
    let before = std::fs::read(site.out().join("events/p/a-960.jpg")).unwrap();
    site.settings("widths = [480, 960, 1200]\nquality = 60\nwebp = false\n");
    let r = site.build_ok().images;
    assert_eq!((r.decoded, r.encoded, r.reused), (3, 7, 0), "{r:?}");
    let after = std::fs::read(site.out().join("events/p/a-960.jpg")).unwrap();
    assert!(after.len() < before.len());

    // Deleting the cache is safe: everything is made again, the same.
    let listing_q60 = listing(&site.out());
    std::fs::remove_dir_all(site.root().join(".cache")).unwrap();
    let r = site.build_ok().images;
    assert_eq!((r.decoded, r.from_cache), (3, 0), "{r:?}");
    assert_eq!(listing(&site.out()), listing_q60);

    // A changed photo (same name) is made again; the others come from the cache.
    std::fs::copy(
        fixture("tiny-48x27.jpg"),
        site.root().join("content/events/p/c.jpg"),
    )
    .unwrap();
    let r = site.build_ok().images;
    assert_eq!((r.decoded, r.from_cache), (1, 2), "{r:?}");
    assert!(site.out().join("events/p/c-48.jpg").exists());
}

#[test]
fn an_output_on_another_file_system_gets_copies() {
    // /dev/shm is tmpfs on Linux: hard links from ROOT/.cache fail there and copies are made.
    let shm = Path::new("/dev/shm");
    if !shm.is_dir() {
        return;
    }
    let site = Site::new();
    site.put("content/events/p/a.jpg", "flower.jpg");
    site.event_with_photos(&["a.jpg"], "");
    let out = tempfile::tempdir_in(shm).unwrap();
    for _ in 0..2 {
        let diags = Diagnostics::new();
        let opts = Options {
            root: site.root().to_path_buf(),
            output: Some(out.path().join("site")),
            base_url: None,
            drafts: false,
            write: true,
            progress: false,
        };
        build::build(&opts, &diags).unwrap_or_else(|_| panic!("{}", diags.report()));
        decode(&out.path().join("site/events/p/a-480.jpg"));
    }
}

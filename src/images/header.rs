//! What an image file is, read from its bytes without decoding a pixel: the format (sniffed from
//! the content, never trusted from the name), the stored size, the EXIF orientation, whether it
//! declares transparency, and whether the file is complete. Everything an early, cheap error can
//! be about is found here, before any decoder runs: a text file named .jpg, an unsupported format
//! (HEIC from iPhones, TIFF, BMP), a file cut short, or a size no photo has (a decompression bomb).

use crate::messages::render::{Picture, Render};
use crate::messages::{pick, Said};
use crate::t;

/// Images over this many pixels are refused before decoding (phones take 108 MP).
pub const MAX_PIXELS: u64 = 200_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Jpeg,
    Png,
    Webp,
    Gif,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Jpeg => "JPEG",
            Format::Png => "PNG",
            Format::Webp => "WebP",
            Format::Gif => "GIF",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    pub format: Format,
    /// As stored, before the orientation is applied.
    pub width: u32,
    pub height: u32,
    /// EXIF orientation 1..=8 (1 when absent or invalid).
    pub orientation: u8,
    /// The format declares an alpha channel or a transparent colour.
    pub alpha: bool,
    /// A baseline (sequential Huffman) three-component JPEG: the kind phones write, which can
    /// be decoded at 1/2, 1/4 or 1/8 of its size (see decode.rs).
    pub baseline_rgb: bool,
}

impl Header {
    /// Width and height as the picture is seen (orientations 5-8 swap them).
    pub fn upright(&self) -> (u32, u32) {
        if self.orientation >= 5 {
            (self.height, self.width)
        } else {
            (self.width, self.height)
        }
    }
}

/// Why a file cannot be used, with what the user can do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub message: Said,
    pub help: String,
}

fn problem(message: Said, help: impl Into<Said>) -> Problem {
    Problem {
        message,
        help: help.into().text,
    }
}

/// Save or export the photo again: the help of most problems.
fn resave() -> Said {
    t!(Render::ImageDamagedHelp)
}

/// Reads the header of `bytes`. `name` is how the file is named in messages.
pub fn read(bytes: &[u8], name: &str) -> Result<Header, Problem> {
    let h = match sniff(bytes) {
        Sniffed::Jpeg => jpeg(bytes, name)?,
        Sniffed::Png => png(bytes, name)?,
        Sniffed::Webp => webp(bytes, name)?,
        Sniffed::Gif => gif(bytes, name)?,
        Sniffed::Unsupported((kind_zh, kind_en), help) => {
            let kind = pick(kind_zh, kind_en);
            let help = help.map_or_else(resave, |help| t!(help));
            return Err(problem(t!(Picture::Unsupported, name, kind), help));
        }
        Sniffed::Empty => return Err(problem(t!(Picture::Empty, name), resave())),
        Sniffed::Text => return Err(problem(t!(Picture::Text, name), t!(Picture::TextHelp))),
        Sniffed::Unknown => return Err(problem(t!(Picture::Unknown, name), resave())),
    };
    if h.width == 0 || h.height == 0 {
        let (width, height) = (h.width, h.height);
        return Err(problem(
            t!(Picture::ZeroSize, name, width, height),
            resave(),
        ));
    }
    let pixels = h.width as u64 * h.height as u64;
    if pixels > MAX_PIXELS {
        let (width, height) = (h.width, h.height);
        let (mp, max) = (pixels / 1_000_000, MAX_PIXELS / 1_000_000);
        return Err(problem(
            t!(Picture::TooBig, name, width, height, mp, max),
            t!(Picture::TooBigHelp),
        ));
    }
    Ok(h)
}

enum Sniffed {
    Jpeg,
    Png,
    Webp,
    Gif,
    /// The kind in Chinese and English, and its help when not "save it again".
    Unsupported((&'static str, &'static str), Option<Picture>),
    Empty,
    Text,
    Unknown,
}

fn sniff(b: &[u8]) -> Sniffed {
    if b.is_empty() {
        return Sniffed::Empty;
    }
    if b.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Sniffed::Jpeg;
    }
    if b.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Sniffed::Png;
    }
    if b.len() >= 12 && &b[0..4] == b"RIFF" && &b[8..12] == b"WEBP" {
        return Sniffed::Webp;
    }
    if b.starts_with(b"GIF87a") || b.starts_with(b"GIF89a") {
        return Sniffed::Gif;
    }
    if b.len() >= 12 && &b[4..8] == b"ftyp" {
        let brand = &b[8..12];
        return match brand {
            b"avif" | b"avis" => Sniffed::Unsupported(("AVIF", "AVIF"), None),
            b"heic" | b"heix" | b"hevc" | b"heim" | b"heis" | b"mif1" | b"msf1" => {
                Sniffed::Unsupported(
                    ("HEIC（苹果手机）", "HEIC (iPhone)"),
                    Some(Picture::HeicHelp),
                )
            }
            _ => Sniffed::Unsupported(("视频（MP4）", "video or MP4"), Some(Picture::VideoHelp)),
        };
    }
    if b.starts_with(b"II*\0") || b.starts_with(b"MM\0*") {
        return Sniffed::Unsupported(("TIFF（或相机 RAW）", "TIFF (or camera raw)"), None);
    }
    if b.starts_with(b"BM") {
        return Sniffed::Unsupported(("BMP", "BMP"), None);
    }
    if b.starts_with(b"%PDF") {
        return Sniffed::Unsupported(("PDF", "PDF"), Some(Picture::PdfHelp));
    }
    if b.starts_with(b"8BPS") {
        return Sniffed::Unsupported(("Photoshop", "Photoshop"), None);
    }
    if b.starts_with(b"<svg") || b.starts_with(b"<?xml") {
        return Sniffed::Unsupported(("SVG（矢量图）", "SVG (drawing)"), Some(Picture::SvgHelp));
    }
    let head = &b[..b.len().min(512)];
    if std::str::from_utf8(head).is_ok()
        || head
            .iter()
            .all(|c| c.is_ascii_graphic() || c.is_ascii_whitespace())
    {
        return Sniffed::Text;
    }
    Sniffed::Unknown
}

fn be16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*b.get(at)?, *b.get(at + 1)?]))
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn cut_short(name: &str) -> Problem {
    problem(t!(Picture::Incomplete, name), t!(Picture::IncompleteHelp))
}

/// `what` is what is wrong, as (Chinese, English).
fn damaged(name: &str, (zh, en): (&'static str, &'static str)) -> Problem {
    let what = pick(zh, en);
    problem(t!(Picture::Damaged, name, what), resave())
}

/// Walks the JPEG markers up to the first scan: size from SOFn, orientation from an EXIF APP1.
/// Then checks that an end-of-image marker follows the scan data: inside entropy-coded data
/// every 0xFF byte is stuffed or a restart marker, so FF D9 only appears at the real end.
fn jpeg(bytes: &[u8], name: &str) -> Result<Header, Problem> {
    let mut pos = 2;
    let mut size: Option<(u32, u32, u8)> = None;
    let mut orientation = 1;
    let mut baseline_rgb = false;
    loop {
        // Skip fill bytes.
        while bytes.get(pos) == Some(&0xFF) && bytes.get(pos + 1) == Some(&0xFF) {
            pos += 1;
        }
        let (Some(0xFF), Some(&marker)) = (bytes.get(pos), bytes.get(pos + 1)) else {
            return Err(if pos >= bytes.len() {
                cut_short(name)
            } else {
                damaged(name, ("文件里的标记乱了", "its markers are garbled"))
            });
        };
        pos += 2;
        match marker {
            0xD8 | 0x01 | 0xD0..=0xD7 => continue,
            0xD9 => {
                return Err(damaged(
                    name,
                    ("还没有图片数据就结束了", "it ends before any picture data"),
                ))
            }
            _ => {}
        }
        let Some(len) = be16(bytes, pos) else {
            return Err(cut_short(name));
        };
        let len = len as usize;
        if len < 2 {
            return Err(damaged(
                name,
                (
                    "文件头里有一段的长度不可能",
                    "a header segment has an impossible length",
                ),
            ));
        }
        let Some(seg) = bytes.get(pos + 2..pos + len) else {
            return Err(cut_short(name));
        };
        match marker {
            // SOF0..SOF15 except DHT (C4), JPG (C8), DAC (CC).
            0xC0..=0xCF if marker != 0xC4 && marker != 0xC8 && marker != 0xCC => {
                let (width, height, comps) = jpeg_frame(marker, seg, name)?;
                size = Some((width, height, comps));
                baseline_rgb = (marker == 0xC0 || marker == 0xC1) && comps == 3;
            }
            0xE1 if seg.starts_with(b"Exif\0\0") => {
                orientation = exif_orientation(&seg[6..]).unwrap_or(1);
            }
            0xDA => {
                let Some((width, height, _)) = size else {
                    return Err(damaged(
                        name,
                        (
                            "图片数据出现在尺寸之前",
                            "the picture data comes before its size",
                        ),
                    ));
                };
                let scan = &bytes[pos + len..];
                // Searched from the end, where the marker almost always is: cheap for whole files.
                if !scan.windows(2).rev().any(|w| w == [0xFF, 0xD9]) {
                    return Err(cut_short(name));
                }
                return Ok(Header {
                    format: Format::Jpeg,
                    width,
                    height,
                    orientation,
                    alpha: false,
                    baseline_rgb,
                });
            }
            _ => {}
        }
        pos += len;
    }
}

/// Width, height and number of components from a start-of-frame segment `seg` (after its
/// length); lossless and DNL frames are refused.
fn jpeg_frame(marker: u8, seg: &[u8], name: &str) -> Result<(u32, u32, u8), Problem> {
    if marker == 0xC3 || marker == 0xC7 || marker == 0xCB || marker == 0xCF {
        return Err(problem(t!(Picture::Lossless, name), resave()));
    }
    let height = be16(seg, 1).ok_or_else(|| cut_short(name))? as u32;
    let width = be16(seg, 3).ok_or_else(|| cut_short(name))? as u32;
    let comps = *seg.get(5).ok_or_else(|| cut_short(name))?;
    if height == 0 {
        return Err(problem(t!(Picture::NoHeight, name), resave()));
    }
    Ok((width, height, comps))
}

/// The Orientation tag (0x0112) of IFD0 in a TIFF structure (EXIF APP1 or PNG eXIf).
pub fn exif_orientation(tiff: &[u8]) -> Option<u8> {
    let le = match tiff.get(0..2)? {
        b"II" => true,
        b"MM" => false,
        _ => return None,
    };
    let u16_at = |at: usize| -> Option<u16> {
        let s: [u8; 2] = tiff.get(at..at + 2)?.try_into().ok()?;
        Some(if le {
            u16::from_le_bytes(s)
        } else {
            u16::from_be_bytes(s)
        })
    };
    let u32_at = |at: usize| -> Option<u32> {
        let s: [u8; 4] = tiff.get(at..at + 4)?.try_into().ok()?;
        Some(if le {
            u32::from_le_bytes(s)
        } else {
            u32::from_be_bytes(s)
        })
    };
    let ifd = u32_at(4)? as usize;
    let count = u16_at(ifd)? as usize;
    for i in 0..count.min(512) {
        let e = ifd + 2 + i * 12;
        if u16_at(e)? == 0x0112 {
            // SHORT (3), count 1: the value sits in the first two bytes of the value field.
            let v = u16_at(e + 8)?;
            return (1..=8).contains(&v).then_some(v as u8);
        }
    }
    None
}

fn png(b: &[u8], name: &str) -> Result<Header, Problem> {
    let mut pos = 8;
    let mut header: Option<Header> = None;
    loop {
        let (Some(len), Some(kind)) = (be32(b, pos), b.get(pos + 4..pos + 8)) else {
            return Err(cut_short(name));
        };
        let len = len as usize;
        let Some(data) = b.get(pos + 8..pos + 8 + len) else {
            return Err(cut_short(name));
        };
        match kind {
            b"IHDR" => {
                let (Some(w), Some(h), Some(&color)) = (be32(data, 0), be32(data, 4), data.get(9))
                else {
                    return Err(damaged(name, ("文件头太短", "its header is too short")));
                };
                header = Some(Header {
                    format: Format::Png,
                    width: w,
                    height: h,
                    orientation: 1,
                    alpha: color == 4 || color == 6,
                    baseline_rgb: false,
                });
            }
            b"tRNS" => {
                if let Some(h) = header.as_mut() {
                    h.alpha = true;
                }
            }
            b"eXIf" => {
                if let Some(h) = header.as_mut() {
                    h.orientation = exif_orientation(data).unwrap_or(1);
                }
            }
            b"IEND" => break,
            _ => {}
        }
        if header.is_none() {
            return Err(damaged(
                name,
                ("开头不是文件头", "it does not start with its header"),
            ));
        }
        pos += 12 + len;
    }
    header.ok_or_else(|| damaged(name, ("没有文件头", "it has no header")))
}

fn webp(b: &[u8], name: &str) -> Result<Header, Problem> {
    let riff_len = be32(b, 4).map(u32::swap_bytes).unwrap_or(0) as usize;
    if b.len() < riff_len + 8 {
        return Err(cut_short(name));
    }
    let le24 = |s: &[u8]| s[0] as u32 | (s[1] as u32) << 8 | (s[2] as u32) << 16;
    let chunk = b.get(12..16).ok_or_else(|| cut_short(name))?;
    let d = b.get(20..30).ok_or_else(|| cut_short(name))?;
    let (width, height, alpha) = match chunk {
        b"VP8X" => (le24(&d[4..7]) + 1, le24(&d[7..10]) + 1, d[0] & 0x10 != 0),
        b"VP8 " => (
            (u16::from_le_bytes([d[6], d[7]]) & 0x3FFF) as u32,
            (u16::from_le_bytes([d[8], d[9]]) & 0x3FFF) as u32,
            false,
        ),
        b"VP8L" => {
            let v = u32::from_le_bytes([d[1], d[2], d[3], d[4]]);
            (
                (v & 0x3FFF) + 1,
                ((v >> 14) & 0x3FFF) + 1,
                (v >> 28) & 1 == 1,
            )
        }
        _ => {
            return Err(damaged(
                name,
                ("第一块数据不是图片", "its first chunk is not a picture"),
            ))
        }
    };
    Ok(Header {
        format: Format::Webp,
        width,
        height,
        orientation: 1,
        alpha,
        baseline_rgb: false,
    })
}

fn gif(b: &[u8], name: &str) -> Result<Header, Problem> {
    let d = b.get(6..10).ok_or_else(|| cut_short(name))?;
    let width = u16::from_le_bytes([d[0], d[1]]) as u32;
    let height = u16::from_le_bytes([d[2], d[3]]) as u32;
    if b.last() != Some(&0x3B) {
        return Err(cut_short(name));
    }
    Ok(Header {
        format: Format::Gif,
        width,
        height,
        orientation: 1,
        alpha: true,
        baseline_rgb: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg_with(width: u16, height: u16, exif: Option<&[u8]>) -> Vec<u8> {
        let mut v = vec![0xFF, 0xD8];
        if let Some(e) = exif {
            v.extend([0xFF, 0xE1]);
            v.extend(((e.len() + 8) as u16).to_be_bytes());
            v.extend(b"Exif\0\0");
            v.extend(e);
        }
        v.extend([0xFF, 0xC0, 0, 11, 8]);
        v.extend(height.to_be_bytes());
        v.extend(width.to_be_bytes());
        v.extend([1, 1, 0x11, 0]);
        v.extend([0xFF, 0xDA, 0, 8, 1, 1, 0, 0, 63, 0, 0x12, 0x34, 0xFF, 0xD9]);
        v
    }

    #[test]
    fn jpeg_size_and_orientation() {
        // Big-endian TIFF, IFD0 at 8 with one entry: Orientation = 6.
        let tiff = [
            b'M', b'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0,
            0, 0, 0,
        ];
        let h = read(&jpeg_with(4000, 3000, Some(&tiff)), "a.jpg").unwrap();
        assert_eq!((h.width, h.height, h.orientation), (4000, 3000, 6));
        assert_eq!(h.upright(), (3000, 4000));
    }

    #[test]
    fn bombs_and_fakes() {
        let e = read(&jpeg_with(20000, 20000, None), "bomb.jpg").unwrap_err();
        assert!(e.message.text.contains("400 百万像素"), "{}", e.message);
        let e = read(b"hello, I am text\n", "x.jpg").unwrap_err();
        assert!(e.message.text.contains("不是图片"), "{}", e.message);
        let mut cut = jpeg_with(10, 10, None);
        cut.truncate(cut.len() - 2);
        assert!(read(&cut, "c.jpg")
            .unwrap_err()
            .message
            .text
            .contains("不完整"));
        let heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic";
        assert!(read(heic, "p.heic")
            .unwrap_err()
            .message
            .text
            .contains("HEIC"));
    }
}

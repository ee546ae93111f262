//! Case videos (MP4/MOV/M4V from a phone) published without where and on what they were filmed.
//!
//! Phones write the place (`©xyz` in `udta`, `com.apple.quicktime.location.ISO6709` in `meta`),
//! the make, model and software into metadata boxes of the ISO-BMFF box tree, and editing apps
//! add XMP in `uuid` boxes. No well-kept Rust crate rewrites MP4 metadata in place without
//! remuxing, so this is a small box walker of our own: every `udta`, `meta` and `uuid` box at the
//! top level and in `moov`, `trak`, `mdia` and `minf` becomes a `free` box of the same size with
//! a zeroed payload, and the creation/modification times of `mvhd`, `tkhd` and `mdhd` are zeroed.
//! Nothing moves, so every chunk offset (`stco`/`co64`) stays valid and the file still plays.
//! Only `moov` is read into memory; `mdat` (hundreds of MB) is streamed through.
//!
//! Cleaned videos are kept under ROOT/.cache/videos/, named by a hash of the source's bytes, so
//! an unchanged video is neither cleaned nor copied again.

use crate::messages::render::Video;
use crate::tr;
use std::collections::HashSet;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Bumped when the cleaning changes, so cached videos are cleaned again.
const CLEANER_VERSION: u32 = 2;
/// A phone's `moov` (the index of every sample) is a few MB for a long video.
const MAX_MOOV: u64 = 256 << 20;
/// Real files nest five or six deep; a deeper tree is damage or an attack.
const MAX_DEPTH: usize = 16;
/// Boxes whose children we look into for metadata.
const CONTAINERS: [&[u8; 4]; 4] = [b"moov", b"trak", b"mdia", b"minf"];
/// Boxes that only ever hold metadata: neutralised wherever found. `free` and `skip` are unused
/// space, where an editing app may have left the old metadata when it rewrote the file.
const METADATA: [&[u8; 4]; 5] = [b"udta", b"meta", b"uuid", b"free", b"skip"];
/// The top-level boxes a player needs (plain and fragmented MP4, QuickTime). Any other one
/// (Samsung's `sefd`, a preview `pnot`/`PICT`, a maker's own) is neutralised like metadata.
const PLAYBACK: [&[u8; 4]; 12] = [
    b"ftyp", b"moov", b"mdat", b"wide", b"moof", b"mfra", b"sidx", b"ssix", b"styp", b"emsg",
    b"prft", b"pdin",
];

/// The boxes an MP4 (`ftyp`) or an old QuickTime file starts with.
const FIRST: [&[u8; 4]; 8] = [
    b"ftyp", b"wide", b"free", b"skip", b"mdat", b"moov", b"pnot", b"uuid",
];

/// The source file extensions accepted for `video: src`.
pub const EXTENSIONS: [&str; 3] = ["mp4", "mov", "m4v"];

/// What is wrong with a file, in words for staff (the caller names the page and the file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Damaged(pub String);

/// How the cleaned file is made from the source, in file order.
#[derive(Debug)]
enum Piece {
    /// Bytes copied as they are (ftyp, mdat, free...).
    Copy { start: u64, len: u64 },
    /// The `moov` box, cleaned in memory.
    Bytes(Vec<u8>),
    /// A metadata box at the top level: a `free` header of the same size, then zeros.
    Free {
        header_len: u64,
        len: u64,
        large: bool,
    },
}

struct Header {
    kind: [u8; 4],
    /// 8, or 16 with a 64-bit size.
    header_len: u64,
    /// The whole box, header included.
    len: u64,
}

/// Reads a box header at `at` from `bytes` (which holds at least the remainder of the parent);
/// `parent_end` is where the enclosing box (or the file) ends.
fn parse_header(bytes: &[u8], at: u64, parent_end: u64) -> Result<Header, Damaged> {
    let room = parent_end - at;
    if room < 8 || bytes.len() < 8 {
        return Err(Damaged(tr!(Video::BoxCut, at)));
    }
    let size32 = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) as u64;
    let kind = [bytes[4], bytes[5], bytes[6], bytes[7]];
    if !kind.iter().all(|&b| b == 0xA9 || (0x20..0x7F).contains(&b)) {
        return Err(Damaged(tr!(Video::NotABox, at)));
    }
    let (header_len, len) = match size32 {
        0 => (8, room),
        1 => {
            if room < 16 || bytes.len() < 16 {
                return Err(Damaged(tr!(Video::BoxCutShort, at)));
            }
            let mut b = [0u8; 8];
            b.copy_from_slice(&bytes[8..16]);
            (16, u64::from_be_bytes(b))
        }
        n => (8, n),
    };
    if len < header_len {
        return Err(Damaged(tr!(Video::BoxTooShort, at, len)));
    }
    if len > room {
        let kind = String::from_utf8_lossy(&kind);
        return Err(Damaged(tr!(Video::BoxTooLong, kind, at, len)));
    }
    Ok(Header {
        kind,
        header_len,
        len,
    })
}

/// Reads the top-level boxes of `file` (`len` bytes) and cleans `moov` in memory.
fn plan(file: &mut File, len: u64) -> Result<Vec<Piece>, Damaged> {
    let io_err = |error: io::Error| Damaged(tr!(Video::CannotRead, error));
    let mut pieces = Vec::new();
    let mut at = 0u64;
    let mut moov = false;
    while at < len {
        file.seek(SeekFrom::Start(at)).map_err(io_err)?;
        let mut head = [0u8; 16];
        let want = (len - at).min(16) as usize;
        file.read_exact(&mut head[..want]).map_err(io_err)?;
        if at == 0 && want >= 8 && !FIRST.contains(&&[head[4], head[5], head[6], head[7]]) {
            return Err(Damaged(tr!(Video::NotMp4)));
        }
        let h = parse_header(&head[..want], at, len)?;
        if &h.kind == b"moov" {
            if h.len > MAX_MOOV {
                return Err(Damaged(tr!(Video::HugeIndex, mb = h.len >> 20)));
            }
            let mut buf = vec![0u8; h.len as usize];
            file.seek(SeekFrom::Start(at)).map_err(io_err)?;
            file.read_exact(&mut buf).map_err(io_err)?;
            let header_len = h.header_len as usize;
            clean_children(&mut buf, header_len, at, 1)?;
            pieces.push(Piece::Bytes(buf));
            moov = true;
        } else if METADATA.contains(&&h.kind) || !PLAYBACK.contains(&&h.kind) {
            pieces.push(Piece::Free {
                header_len: h.header_len,
                len: h.len,
                large: h.header_len == 16,
            });
        } else {
            pieces.push(Piece::Copy {
                start: at,
                len: h.len,
            });
        }
        at += h.len;
    }
    if !moov {
        return Err(Damaged(tr!(Video::NoIndex)));
    }
    Ok(pieces)
}

/// Cleans the children of the box whose bytes are `buf` (header included), starting after its
/// header at `start`. `base` is the box's offset in the file, for messages.
fn clean_children(buf: &mut [u8], start: usize, base: u64, depth: usize) -> Result<(), Damaged> {
    if depth > MAX_DEPTH {
        return Err(Damaged(tr!(Video::TooDeep, depth = MAX_DEPTH, base)));
    }
    let end = buf.len();
    let mut at = start;
    while at < end {
        // QuickTime may end a list of boxes with a 32-bit zero.
        if end - at < 8 && buf[at..].iter().all(|&b| b == 0) {
            break;
        }
        let h = parse_header(&buf[at..], base + at as u64, base + end as u64)?;
        let (hl, len) = (h.header_len as usize, h.len as usize);
        let body = at + hl..at + len;
        if METADATA.contains(&&h.kind) {
            buf[at + 4..at + 8].copy_from_slice(b"free");
            buf[body].fill(0);
        } else if CONTAINERS.contains(&&h.kind) {
            clean_children(&mut buf[at..at + len], hl, base + at as u64, depth + 1)?;
        } else if matches!(&h.kind, b"mvhd" | b"tkhd" | b"mdhd") {
            // version (1 byte), flags (3), then creation and modification times: 32-bit in
            // version 0, 64-bit in version 1. A box too short to hold them is left alone.
            let b = &mut buf[body];
            let times = if b.first() == Some(&1) { 16 } else { 8 };
            if b.len() >= 4 + times {
                b[4..4 + times].fill(0);
            }
        }
        at += len;
    }
    Ok(())
}

/// Checks that `src` is a whole MP4/MOV video this module can clean (reads only box headers and
/// `moov`): what `xuezhou check` runs.
pub fn check(src: &Path) -> Result<(), Damaged> {
    let (mut file, len) = open(src)?;
    plan(&mut file, len).map(|_| ())
}

fn open(src: &Path) -> Result<(File, u64), Damaged> {
    let cannot_read = |error: io::Error| Damaged(tr!(Video::CannotRead, error));
    let file = File::open(src).map_err(cannot_read)?;
    let meta = file.metadata().map_err(cannot_read)?;
    if !meta.is_file() {
        return Err(Damaged(tr!(Video::NotRegular)));
    }
    Ok((file, meta.len()))
}

/// Writes the cleaned copy of `src` to `out`: same length, same sample data at the same offsets.
pub fn clean(src: &Path, out: &mut impl Write) -> Result<(), Damaged> {
    let (mut file, len) = open(src)?;
    let pieces = plan(&mut file, len)?;
    let io_err = |error: io::Error| Damaged(tr!(Video::CannotCopy, error));
    let zeros = [0u8; 64 * 1024];
    for p in pieces {
        match p {
            Piece::Copy { start, len } => {
                file.seek(SeekFrom::Start(start)).map_err(io_err)?;
                let copied = io::copy(&mut (&mut file).take(len), out).map_err(io_err)?;
                if copied != len {
                    return Err(Damaged(tr!(Video::Changed)));
                }
            }
            Piece::Bytes(b) => out.write_all(&b).map_err(io_err)?,
            Piece::Free {
                header_len,
                len,
                large,
            } => {
                let mut h = Vec::with_capacity(16);
                h.extend_from_slice(&(if large { 1 } else { len as u32 }).to_be_bytes());
                h.extend_from_slice(b"free");
                if large {
                    h.extend_from_slice(&len.to_be_bytes());
                }
                out.write_all(&h).map_err(io_err)?;
                let mut left = len - header_len;
                while left > 0 {
                    let n = left.min(zeros.len() as u64) as usize;
                    out.write_all(&zeros[..n]).map_err(io_err)?;
                    left -= n as u64;
                }
            }
        }
    }
    Ok(())
}

fn cache_dir(root: &Path) -> PathBuf {
    root.join(".cache").join("videos")
}

/// `xuezhou serve` holds this while it runs, so a build beside it does not prune the cleaned
/// videos its preview copies from.
pub fn share_cache(root: &Path) -> Option<crate::images::cache::CacheLock> {
    crate::images::cache::CacheLock::share(&cache_dir(root))
}

/// The cleaned videos of one build, cached under ROOT/.cache/videos/.
pub struct Cache {
    dir: PathBuf,
    used: std::sync::Mutex<HashSet<String>>,
    lock: Option<crate::images::cache::CacheLock>,
}

impl Cache {
    pub fn new(root: &Path) -> Cache {
        let dir = cache_dir(root);
        Cache {
            lock: crate::images::cache::CacheLock::share(&dir),
            dir,
            used: Default::default(),
        }
    }

    /// The cleaned copy of `src`, made now unless an earlier build made it.
    pub fn cleaned(&self, src: &Path) -> Result<PathBuf, Damaged> {
        let (mut file, _) = open(src)?;
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        hasher.update(&CLEANER_VERSION.to_le_bytes());
        let mut buf = vec![0u8; 256 * 1024];
        loop {
            let n = file
                .read(&mut buf)
                .map_err(|error| Damaged(tr!(Video::CannotRead, error)))?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
        }
        let name = format!("{:032x}.mp4", hasher.digest128());
        let entry = self.dir.join(&name);
        self.used
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(name.clone());
        if entry.is_file() {
            return Ok(entry);
        }
        std::fs::create_dir_all(&self.dir)
            .map_err(|error| Damaged(tr!(Video::CannotCreate, dir = self.dir.display(), error)))?;
        // A temporary name then a rename: a killed build never leaves a half video under a real name.
        let tmp = self.dir.join(format!(".tmp-{}-{name}", std::process::id()));
        let r = (|| {
            let mut out = io::BufWriter::new(
                File::create(&tmp).map_err(|e| Damaged(tr!(Video::CannotWriteCache, error = e)))?,
            );
            clean(src, &mut out)?;
            out.flush()
                .map_err(|e| Damaged(tr!(Video::CannotWriteCache, error = e)))?;
            drop(out);
            std::fs::rename(&tmp, &entry)
                .map_err(|e| Damaged(tr!(Video::CannotWriteCache, error = e)))
        })();
        if r.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        r.map(|_| entry)
    }

    /// Removes the cached videos this build did not use (after a successful build), unless
    /// another xuezhou process is using the cache.
    pub fn prune(self) {
        if let Some(lock) = &self.lock {
            let used = self.used.into_inner().unwrap_or_else(|e| e.into_inner());
            crate::images::cache::prune(&self.dir, &used, lock);
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn boxed(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
        let mut v = ((body.len() + 8) as u32).to_be_bytes().to_vec();
        v.extend_from_slice(kind);
        v.extend_from_slice(body);
        v
    }

    fn clean_bytes(bytes: &[u8]) -> Result<Vec<u8>, Damaged> {
        let dir = tempfile_dir();
        let p = dir.join("v.mp4");
        std::fs::write(&p, bytes).unwrap();
        let mut out = Vec::new();
        let r = clean(&p, &mut out).map(|_| out);
        let _ = std::fs::remove_dir_all(&dir);
        r
    }

    fn tempfile_dir() -> PathBuf {
        static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let d = std::env::temp_dir().join(format!(
            "xuezhou-video-{}-{}",
            std::process::id(),
            N.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    fn mvhd(version: u8) -> Vec<u8> {
        let mut b = vec![version, 0, 0, 0];
        b.extend(if version == 1 {
            vec![0x11; 16]
        } else {
            vec![0x11; 8]
        });
        b.extend([0x22; 20]);
        boxed(b"mvhd", &b)
    }

    #[test]
    fn metadata_boxes_become_free_and_times_are_zeroed() {
        let udta = boxed(b"udta", &boxed(b"\xA9xyz", b"\0\x0c\x15\xc7+31.7+119.9/"));
        let trak = boxed(
            b"trak",
            &[boxed(b"tkhd", &[0; 84]), boxed(b"udta", b"\xA9mak Apple")].concat(),
        );
        let moov = boxed(b"moov", &[mvhd(0), udta, trak].concat());
        let top_uuid = boxed(b"uuid", b"0123456789abcdef<x:xmpmeta/>");
        let mdat = boxed(b"mdat", b"SAMPLES");
        let file = [boxed(b"ftyp", b"isom\0\0\0\0"), moov, top_uuid, mdat].concat();
        let out = clean_bytes(&file).unwrap();
        assert_eq!(out.len(), file.len());
        let text = String::from_utf8_lossy(&out);
        for gone in ["xyz", "+31.7", "Apple", "udta", "uuid", "xmpmeta"] {
            assert!(!text.contains(gone), "{gone} in {text:?}");
        }
        assert!(out.ends_with(&boxed(b"mdat", b"SAMPLES")));
        assert!(!out.windows(8).any(|w| w == [0x11; 8]), "mvhd times");
        // The result is itself a valid file, and cleaning it again changes nothing.
        assert_eq!(clean_bytes(&out).unwrap(), out);
    }

    #[test]
    fn unused_space_and_unknown_top_level_boxes_are_emptied_too() {
        let moov = boxed(
            b"moov",
            &[mvhd(0), boxed(b"skip", b"\xA9mak Apple")].concat(),
        );
        // An old udta left in `free` by an editing app; Samsung's trailer box.
        let stale = boxed(b"free", &boxed(b"\xA9xyz", b"+31.7+119.9/"));
        let sefd = boxed(b"sefd", b"SEFT location 31.7,119.9");
        let mdat = boxed(b"mdat", b"SAMPLES");
        let file = [boxed(b"ftyp", b"isom\0\0\0\0"), moov, stale, mdat, sefd].concat();
        let out = clean_bytes(&file).unwrap();
        assert_eq!(out.len(), file.len());
        let text = String::from_utf8_lossy(&out);
        for gone in ["xyz", "31.7", "Apple", "SEFT", "sefd"] {
            assert!(!text.contains(gone), "{gone} in {text:?}");
        }
        assert!(text.contains("SAMPLES"));
        assert_eq!(clean_bytes(&out).unwrap(), out);
    }

    #[test]
    fn a_64_bit_time_and_a_64_bit_size_are_handled() {
        let moov = boxed(b"moov", &mvhd(1));
        let mut meta = 1u32.to_be_bytes().to_vec();
        meta.extend(b"meta");
        meta.extend(24u64.to_be_bytes());
        meta.extend(b"ISO6709!");
        let file = [
            boxed(b"ftyp", b"qt  "),
            moov,
            meta,
            vec![0, 0, 0, 0],
            b"mdat".to_vec(),
        ]
        .concat();
        let out = clean_bytes(&file).unwrap();
        assert_eq!(out.len(), file.len());
        assert!(!String::from_utf8_lossy(&out).contains("ISO6709"));
        assert!(!out.windows(16).any(|w| w == [0x11; 16]));
    }

    #[test]
    fn damaged_files_are_refused() {
        let ftyp = boxed(b"ftyp", b"isom");
        let moov = boxed(b"moov", &mvhd(0));
        let mut cut = [ftyp.clone(), moov.clone(), boxed(b"mdat", &[7; 100])].concat();
        cut.truncate(cut.len() - 10);
        let mut tiny = ftyp.clone();
        tiny.extend([0, 0, 0, 4]);
        tiny.extend(b"free");
        let mut deep = boxed(b"mdia", b"");
        for _ in 0..40 {
            deep = boxed(b"trak", &deep);
        }
        let cases: Vec<(Vec<u8>, &str)> = vec![
            (cut, "超出了文件"),
            (b"not really a video".to_vec(), "开头不像"),
            (
                [b"\0\0\0\x10ftypisom".to_vec(), vec![1; 12]].concat(),
                "不是 MP4 的数据块",
            ),
            (Vec::new(), "没有 moov"),
            (ftyp.clone(), "没有 moov"),
            (tiny, "比它自己的头还短"),
            ([ftyp.clone(), boxed(b"moov", &deep)].concat(), "嵌套"),
            ([ftyp, vec![0, 0]].concat(), "不完整"),
        ];
        for (bytes, says) in cases {
            let e = clean_bytes(&bytes).unwrap_err();
            assert!(e.0.contains(says), "{says}: {e:?}");
        }
    }

    #[test]
    fn no_panic_on_any_prefix_or_byte_flip() {
        let moov = boxed(
            b"moov",
            &[
                mvhd(0),
                boxed(b"trak", &boxed(b"mdia", &boxed(b"mdhd", &[0; 4]))),
            ]
            .concat(),
        );
        let file = [boxed(b"ftyp", b"isom"), moov, boxed(b"mdat", b"xx")].concat();
        for n in 0..file.len() {
            let _ = clean_bytes(&file[..n]);
            let mut f = file.clone();
            f[n] ^= 0xFF;
            let _ = clean_bytes(&f);
        }
    }
}

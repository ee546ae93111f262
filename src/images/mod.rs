//! Photos (SPEC §6): planned from their headers while pages render, so `<img>` gets its width
//! and height, and processed after rendering: upright (EXIF orientation), stripped of all
//! metadata (every output is encoded from pixels), resized to [images].widths without upscaling,
//! as JPEG (PNG with transparency) and WebP. Only processed images are published, never an
//! original, which may carry the GPS position of someone's home.
//!
//! - `header`: format, size, orientation and completeness from the bytes, no decoding; the
//!   200-megapixel limit is checked there, before any decoder allocates.
//! - `decode`: bytes to 8-bit pixels (zune-jpeg for JPEG, `image` for the rest).
//! - `pipeline`: crop, resize (SIMD), turn upright.
//! - `encode`: JPEG, PNG, lossy WebP.
//! - `cache`: files under ROOT/.cache/images/, keyed by the source's content hash and every
//!   setting that changes the output file; hard-linked (or copied) into the output.
//! - `plan`: crop, widths and output names from the header, while pages render.
//! - `process`: the planned images decoded, resized and encoded (or taken from the cache).
//! - `html`: the `<picture>` markup of a planned image.
//!
//! Memory stays bounded: the work runs on rayon's threads one image per thread, each dropping its
//! pixels before taking the next, and images over 40 megapixels take turns.

pub mod cache;
mod decode;
mod encode;
pub mod header;
mod html;
mod pipeline;
mod plan;
mod process;

use crate::config::ImageSettings;
use encode::Kind;
use header::Header;
use pipeline::Rect;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

pub use html::{picture_html, picture_html_loading, Loading};

/// How an image is cut: as it is, square (star portraits), or a book cover's shared shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Shape {
    Free,
    Square,
    BookCover,
}

/// Book covers share one shape (2:3, width:height) and one set of widths, so a shelf of covers
/// lines up whatever the photos were.
pub const BOOK_COVER_WIDTHS: [u32; 2] = [240, 480];

#[derive(Debug, Clone, serde::Serialize)]
pub struct Variant {
    /// Site-relative address: `events/launch/photo-480.jpg`.
    pub path: String,
    pub width: u32,
    pub height: u32,
    /// "jpeg", "png" or "webp".
    pub format: &'static str,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Picture {
    /// Upright, after the shape's crop, before resizing.
    pub width: u32,
    pub height: u32,
    pub variants: Vec<Variant>,
}

impl Picture {
    /// The largest JPEG/PNG: the `src` of `<img>` and the target of a gallery link.
    pub fn largest(&self) -> Option<&Variant> {
        self.variants
            .iter()
            .filter(|v| v.format != "webp")
            .max_by_key(|v| v.width)
    }
    pub fn smallest(&self) -> Option<&Variant> {
        self.variants
            .iter()
            .filter(|v| v.format != "webp")
            .min_by_key(|v| v.width)
    }
}

/// Why an image cannot be used, and what to do about it.
#[derive(Debug, Clone)]
pub struct PlanError {
    pub message: crate::messages::Said,
    pub help: String,
}

impl std::fmt::Display for PlanError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message.text)
    }
}

impl From<PlanError> for String {
    fn from(error: PlanError) -> String {
        error.message.text
    }
}

struct Job {
    file: PathBuf,
    /// The file as messages name it: relative to the site root.
    name: String,
    shape: Shape,
    header: Header,
    /// xxh3-128 of the file's bytes when planned.
    hash: u128,
    crop: Rect,
    /// Per variant of `picture`: its encoding.
    kinds: Vec<Kind>,
    picture: Arc<Picture>,
    page: PathBuf,
    line: usize,
}

/// What `process` did: `images` distinct pictures (a source file in one shape), of which
/// `decoded` were decoded and `from_cache` were served from the cache without decoding;
/// `encoded` files were encoded and `reused` files came from the cache.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ProcessStats {
    pub images: usize,
    pub decoded: usize,
    pub from_cache: usize,
    pub encoded: usize,
    pub reused: usize,
}

pub struct Registry {
    root: PathBuf,
    /// The root with links resolved: no image outside it is read (see `files`).
    real_root: PathBuf,
    settings: ImageSettings,
    jobs: Mutex<HashMap<(PathBuf, Shape, String), Arc<Job>>>,
    /// Output names taken in each page folder: `dest_dir + base` -> (file, shape).
    names: Mutex<HashMap<String, (PathBuf, Shape)>>,
    /// Cache entries this build used; the rest are pruned after a successful build.
    used: Mutex<Option<HashSet<String>>>,
    /// Held from processing to pruning (see `cache::CacheLock`).
    cache_lock: Mutex<Option<cache::CacheLock>>,
    /// Images over 40 megapixels are decoded one at a time (a 108 MP photo is 324 MB of RGB).
    big: Mutex<()>,
}

const BIG_PIXELS: u64 = 40_000_000;

/// The lock, even when a thread panicked while holding it.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// `xuezhou serve` holds this for as long as it runs, so that a build beside it leaves the
/// image cache it links from alone (see `cache::CacheLock`).
pub fn share_cache(root: &Path) -> Option<cache::CacheLock> {
    cache::CacheLock::share(&root.join(".cache").join("images"))
}

impl Registry {
    pub fn new(root: &Path, settings: &ImageSettings) -> Self {
        Registry {
            root: root.to_path_buf(),
            real_root: crate::files::real_root(root),
            settings: settings.clone(),
            jobs: Mutex::new(HashMap::new()),
            names: Mutex::new(HashMap::new()),
            used: Mutex::new(None),
            cache_lock: Mutex::new(None),
            big: Mutex::new(()),
        }
    }

    fn cache_dir(&self) -> PathBuf {
        self.root.join(".cache").join("images")
    }
}

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
//!
//! Memory stays bounded: the work runs on rayon's threads one image per thread, each dropping its
//! pixels before taking the next, and images over 40 megapixels take turns.

pub mod cache;
mod decode;
mod encode;
pub mod header;
mod pipeline;

use crate::config::ImageSettings;
use crate::diagnostics::Diagnostic;
use encode::Kind;
use header::Header;
use pipeline::Rect;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

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
    pub message: String,
    pub help: &'static str,
}

impl std::fmt::Display for PlanError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<PlanError> for String {
    fn from(e: PlanError) -> String {
        e.message
    }
}

const HELP_MISSING: &str = "put the image file beside the page and check the spelling of its name (upper and lower case count)";
const HELP_OUTSIDE: &str = "copy the photo into the page's folder (beside its .md file) and write only its name, such as cover: photo.jpg";

/// Why `files::read` refused an image, said for staff.
fn refused(name: &str, r: &crate::files::Refusal) -> PlanError {
    use crate::files::Refusal;
    let help = match r {
        Refusal::Missing | Refusal::Folder | Refusal::NotAFile(_) => HELP_MISSING,
        Refusal::Outside(_) => HELP_OUTSIDE,
        Refusal::TooBig(..) => "open the photo in a photo editor and save it again smaller (a phone photo is under 20 MB)",
        Refusal::Io(_) => "check that the file is readable (its permissions) and not locked by another program",
    };
    PlanError {
        message: format!("the image \"{name}\" {}", r.describe()),
        help,
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

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
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

    /// Plans the outputs of one image from its header. `dest_dir` is the site-relative folder
    /// of the page (`events/launch/`); `page` and `line` say who asked, for later errors.
    /// Reads the file (to hash it and check it is whole) but decodes nothing.
    pub fn plan(
        &self,
        file: &Path,
        dest_dir: &str,
        shape: Shape,
        page: &Path,
        line: usize,
    ) -> Result<Arc<Picture>, PlanError> {
        let key = (file.to_path_buf(), shape, dest_dir.to_string());
        if let Some(j) = lock(&self.jobs).get(&key) {
            return Ok(j.picture.clone());
        }
        let name = crate::output::slash(&crate::diagnostics::rel(&self.root, file));
        let bytes = crate::files::read(&self.real_root, file, crate::files::MAX_IMAGE)
            .map_err(|r| refused(&name, &r))?;
        let header = header::read(&bytes, &name).map_err(|p| PlanError {
            message: p.message,
            help: p.help,
        })?;
        let hash = xxhash_rust::xxh3::xxh3_128(&bytes);
        drop(bytes);

        let (uw, uh) = header.upright();
        let (fw, fh) = (uw as f64, uh as f64);
        let crop = match shape {
            Shape::Free => Rect {
                x: 0.0,
                y: 0.0,
                w: fw,
                h: fh,
            },
            Shape::Square => {
                let s = fw.min(fh);
                Rect {
                    x: ((fw - s) / 2.0).floor(),
                    y: ((fh - s) / 2.0).floor(),
                    w: s,
                    h: s,
                }
            }
            Shape::BookCover => {
                let (w, h) = if fw * 3.0 > fh * 2.0 {
                    (fh * 2.0 / 3.0, fh)
                } else {
                    (fw, fw * 1.5)
                };
                Rect {
                    x: ((fw - w) / 2.0).floor(),
                    y: ((fh - h) / 2.0).floor(),
                    w,
                    h,
                }
            }
        };
        let cw = (crop.w.floor() as u32).max(1);
        let ch = (crop.h.floor() as u32).max(1);
        let height_for = |w: u32| -> u32 {
            match shape {
                Shape::Square => w,
                Shape::BookCover => ((w as f64 * 1.5).round() as u32).max(1),
                Shape::Free => ((ch as u64 * w as u64 + cw as u64 / 2) / cw as u64).max(1) as u32,
            }
        };
        let mut allowed: Vec<u32> = match shape {
            Shape::BookCover => BOOK_COVER_WIDTHS.to_vec(),
            _ => self.settings.widths.clone(),
        };
        allowed.sort_unstable();
        allowed.dedup();
        let widths = match shape {
            // Covers keep to the shared sizes; only one smaller than all of them keeps its own.
            Shape::BookCover => match allowed
                .iter()
                .copied()
                .filter(|&x| x <= cw)
                .collect::<Vec<_>>()
            {
                w if w.is_empty() => vec![cw],
                w => w,
            },
            _ => select_widths(&allowed, cw),
        };

        let fallback = if header.alpha { Kind::Png } else { Kind::Jpeg };
        let mut kinds_per_width = vec![fallback];
        if self.settings.webp {
            kinds_per_width.push(Kind::Webp);
        }
        let base = self.output_base(file, shape, dest_dir);
        let mut variants = Vec::new();
        let mut kinds = Vec::new();
        for &k in &kinds_per_width {
            for &w in &widths {
                variants.push(Variant {
                    path: format!("{dest_dir}{base}-{w}.{}", k.ext()),
                    width: w,
                    height: height_for(w),
                    format: k.name(),
                });
                kinds.push(k);
            }
        }
        let picture = Arc::new(Picture {
            width: cw,
            height: ch,
            variants,
        });
        let job = Job {
            file: file.to_path_buf(),
            name,
            shape,
            header,
            hash,
            crop,
            kinds,
            picture: picture.clone(),
            page: page.to_path_buf(),
            line,
        };
        let mut jobs = lock(&self.jobs);
        // Another thread may have planned the same image meanwhile: keep the first.
        let job = jobs.entry(key).or_insert_with(|| Arc::new(job));
        Ok(job.picture.clone())
    }

    /// An ASCII name for the outputs of `file`, unique within the page folder: the slug of its
    /// name (pinyin for Chinese), plus a short hash of the original name when the slug changed
    /// it (so `IMG 1.JPG` and `img-1.jpg` stay apart), plus the shape.
    fn output_base(&self, file: &Path, shape: Shape, dest_dir: &str) -> String {
        let file_name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let stem = Path::new(&file_name)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let slug = crate::slug::suggest_slug(&stem);
        let mut base = if slug == stem {
            slug
        } else {
            format!(
                "{slug}-{:04x}",
                xxhash_rust::xxh3::xxh3_64(file_name.as_bytes()) & 0xFFFF
            )
        };
        match shape {
            Shape::Free => {}
            Shape::Square => base.push_str("-square"),
            Shape::BookCover => base.push_str("-cover"),
        }
        let mut names = lock(&self.names);
        let taken = names
            .entry(format!("{dest_dir}{base}"))
            .or_insert_with(|| (file.to_path_buf(), shape));
        if taken.0 != file || taken.1 != shape {
            // Same name from another folder (`../shared/logo.png` beside `logo.png`).
            base = format!(
                "{base}-{:08x}",
                xxhash_rust::xxh3::xxh3_64(file.to_string_lossy().as_bytes()) as u32
            );
            names.insert(format!("{dest_dir}{base}"), (file.to_path_buf(), shape));
        }
        base
    }

    /// Site-relative paths of the files planned so far: in the page folder `dest_dir`, or in
    /// every folder with `None`.
    pub fn outputs(&self, dest_dir: Option<&str>) -> Vec<String> {
        lock(&self.jobs)
            .iter()
            .filter(|((_, _, dest), _)| dest_dir.is_none_or(|d| d == dest))
            .flat_map(|(_, job)| job.picture.variants.iter().map(|v| v.path.clone()))
            .collect()
    }

    /// Writes every planned image into `out_dir` (the staging folder), from the cache where it
    /// can, decoding each source at most once.
    pub fn process(&self, out_dir: &Path, progress: bool) -> (ProcessStats, Vec<Diagnostic>) {
        let units = self.units();
        let store = cache::Store::open(&self.cache_dir());
        if store.is_some() {
            *lock(&self.cache_lock) = cache::CacheLock::share(&self.cache_dir());
        }
        let bar = progress_bar(progress, units.len());
        let results: Vec<UnitResult> = units
            .par_iter()
            .map(|unit| {
                let r = self.process_unit(unit, &store, out_dir);
                if let Some(b) = &bar {
                    b.inc(1);
                }
                r
            })
            .collect();
        if let Some(b) = bar {
            b.finish_and_clear();
        }

        let mut stats = ProcessStats {
            images: units.len(),
            ..Default::default()
        };
        let mut diags = Vec::new();
        let mut used = HashSet::new();
        for r in results {
            if r.decoded {
                stats.decoded += 1;
            } else if r.error.is_none() {
                stats.from_cache += 1;
            }
            stats.encoded += r.encoded;
            stats.reused += r.reused;
            used.extend(r.keys);
            if let Some((jobs, msg)) = r.error {
                self.report(&jobs, &msg, &mut diags);
            }
        }
        if diags.is_empty() && store.is_some() {
            *lock(&self.used) = Some(used);
        }
        diags.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
        (stats, diags)
    }

    /// `xuezhou check`: decodes, as `process` would and with its messages, every planned image
    /// the cache does not hold all the finished files of, and writes nothing (not even the
    /// cache), so that check finds the damaged pictures a build would.
    pub fn verify(&self, progress: bool) -> Vec<Diagnostic> {
        let cache_dir = self.cache_dir();
        let units: Vec<Vec<Arc<Job>>> = self
            .units()
            .into_iter()
            .filter(|u| !self.keys(u).iter().all(|k| cache_dir.join(k).is_file()))
            .collect();
        let bar = progress_bar(progress, units.len());
        let errors: Vec<(Vec<Arc<Job>>, String)> = units
            .par_iter()
            .filter_map(|unit| {
                let _turn = self.turn(&unit[0]);
                let r = self.decode_unit(&unit[0]).err();
                if let Some(b) = &bar {
                    b.inc(1);
                }
                r.map(|msg| (unit.clone(), msg))
            })
            .collect();
        if let Some(b) = bar {
            b.finish_and_clear();
        }
        let mut diags = Vec::new();
        for (jobs, msg) in errors {
            self.report(&jobs, &msg, &mut diags);
        }
        diags.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
        diags
    }

    /// One unit of work per source content and shape: the same photo on two pages (or under
    /// two names) is decoded once.
    fn units(&self) -> Vec<Vec<Arc<Job>>> {
        let jobs: Vec<Arc<Job>> = lock(&self.jobs).values().cloned().collect();
        let mut units: HashMap<(u128, Shape), Vec<Arc<Job>>> = HashMap::new();
        for j in jobs {
            units.entry((j.hash, j.shape)).or_default().push(j);
        }
        let mut units: Vec<Vec<Arc<Job>>> = units.into_values().collect();
        // Largest first, so the long ones do not start last; stable order otherwise.
        units.sort_by_key(|u| {
            (
                std::cmp::Reverse(u[0].header.width as u64 * u[0].header.height as u64),
                u[0].file.clone(),
            )
        });
        units
    }

    /// The cache entries of every variant of a unit.
    fn keys(&self, unit: &[Arc<Job>]) -> Vec<String> {
        let first = &unit[0];
        let pic = &first.picture;
        (0..pic.variants.len())
            .map(|i| {
                let v = &pic.variants[i];
                cache::key(
                    first.hash,
                    &format!("{:?}", first.shape),
                    &first.crop_key(),
                    v.width,
                    v.height,
                    first.kinds[i],
                    self.settings.quality,
                )
            })
            .collect()
    }

    /// An error about the image of `jobs`, for each page that names it.
    fn report(&self, jobs: &[Arc<Job>], msg: &str, diags: &mut Vec<Diagnostic>) {
        let first_name = &jobs[0].name;
        for job in jobs {
            // The same content may sit under several names: each page gets its own.
            let msg = msg.replace(first_name.as_str(), &job.name);
            diags.push(self.process_error(job, msg));
        }
    }

    /// Removes cache entries the last `process` did not use. Call it after a successful build;
    /// it does nothing if processing failed or did not run.
    pub fn prune(&self) {
        let used = lock(&self.used).take();
        let cache_lock = lock(&self.cache_lock).take();
        if let (Some(used), Some(cache_lock)) = (used, cache_lock) {
            cache::prune(&self.cache_dir(), &used, &cache_lock);
        }
    }

    fn process_unit(
        &self,
        unit: &[Arc<Job>],
        store: &Option<cache::Store>,
        out_dir: &Path,
    ) -> UnitResult {
        let keys = self.keys(unit);
        let mut res = UnitResult {
            keys: keys.clone(),
            ..Default::default()
        };
        let missing: Vec<usize> = match store {
            Some(s) => (0..keys.len()).filter(|&i| !s.has(&keys[i])).collect(),
            None => (0..keys.len()).collect(),
        };
        // What is cached goes straight to the output.
        for i in (0..keys.len()).filter(|i| !missing.contains(i)) {
            if let Some(s) = store {
                for job in unit {
                    if let Err(e) = s.place(&keys[i], &out_dir.join(&job.picture.variants[i].path))
                    {
                        res.error = Some((
                            vec![job.clone()],
                            format!("cannot write {}: {e}", job.picture.variants[i].path),
                        ));
                        return res;
                    }
                }
                res.reused += 1;
            }
        }
        if missing.is_empty() {
            return res;
        }
        res.decoded = true;
        if let Err(msg) = self.make(unit, &keys, &missing, store, out_dir, &mut res) {
            res.error = Some((unit.to_vec(), msg));
        }
        res
    }

    /// Images over 40 megapixels wait for their turn (see `big`).
    fn turn(&self, job: &Job) -> Option<std::sync::MutexGuard<'_, ()>> {
        let pixels = job.header.width as u64 * job.header.height as u64;
        (pixels > BIG_PIXELS).then(|| lock(&self.big))
    }

    /// Reads and decodes the source of a unit (its first job) at the smallest size its
    /// variants need; returns the pixels and the crop in their coordinates. `check` stops here.
    fn decode_unit(&self, first: &Job) -> Result<(decode::Pixels, Rect), String> {
        let pic = &first.picture;
        let bytes = crate::files::read(&self.real_root, &first.file, crate::files::MAX_IMAGE)
            .map_err(|r| refused(&first.name, &r).message)?;
        if xxhash_rust::xxh3::xxh3_128(&bytes) != first.hash {
            return Err(format!(
                "the image \"{}\" changed while the site was being built; build again",
                first.name
            ));
        }
        // The smallest decode that still gives the largest missing size from the crop, in the
        // stored orientation: the decoder may shrink a big baseline JPEG to it (DCT scaling).
        let o = first.header.orientation;
        let (sw, sh) = (first.header.width as f64, first.header.height as f64);
        let stored_crop = pipeline::to_stored(first.crop, o, sw, sh);
        let (mut fx, mut fy) = (0f64, 0f64);
        // From every variant, not only the missing ones, and every size resized in the same
        // cascade below: a file comes out the same whatever the cache held.
        for v in &pic.variants {
            let (tw, th) = if o >= 5 {
                (v.height, v.width)
            } else {
                (v.width, v.height)
            };
            fx = fx.max(tw as f64 / stored_crop.w);
            fy = fy.max(th as f64 / stored_crop.h);
        }
        // Lanczos wants a little more than the target: ask for 10% more.
        let f = (fx.max(fy) * 1.1).min(1.0);
        let need = ((sw * f).ceil() as u32, (sh * f).ceil() as u32);
        let decoded =
            decode::decode(&bytes, &first.header, first.header.alpha, need).map_err(|e| {
                format!(
                    "the image \"{}\" is damaged and cannot be decoded ({e})",
                    first.name
                )
            })?;
        drop(bytes);
        let scaled = (decoded.width, decoded.height) != (first.header.width, first.header.height);
        if scaled && (decoded.width < need.0 || decoded.height < need.1) {
            return Err(format!(
                "the image \"{}\" is damaged: its header and its picture disagree on its size",
                first.name
            ));
        }
        // The crop, in the coordinates of what was decoded.
        let crop = if scaled {
            let (ux, uy) = if o >= 5 {
                (decoded.height as f64 / sh, decoded.width as f64 / sw)
            } else {
                (decoded.width as f64 / sw, decoded.height as f64 / sh)
            };
            pipeline::Rect {
                x: first.crop.x * ux,
                y: first.crop.y * uy,
                w: first.crop.w * ux,
                h: first.crop.h * uy,
            }
        } else {
            first.crop
        };
        Ok((decoded, crop))
    }

    /// Decodes the source of `unit` and writes the `missing` variants.
    fn make(
        &self,
        unit: &[Arc<Job>],
        keys: &[String],
        missing: &[usize],
        store: &Option<cache::Store>,
        out_dir: &Path,
        res: &mut UnitResult,
    ) -> Result<(), String> {
        let first = &unit[0];
        let pic = &first.picture;
        // Held until the last variant is written: the pixels live that long.
        let _turn = self.turn(first);
        let (decoded, crop) = self.decode_unit(first)?;
        let o = first.header.orientation;
        // Distinct sizes, each with the missing variants (indexes) encoded from it.
        let mut sizes: Vec<(u32, u32)> = Vec::new();
        let mut by_size: Vec<Vec<usize>> = Vec::new();
        for (i, v) in pic.variants.iter().enumerate() {
            let p = match sizes.iter().position(|s| *s == (v.width, v.height)) {
                Some(p) => p,
                None => {
                    sizes.push((v.width, v.height));
                    by_size.push(Vec::new());
                    sizes.len() - 1
                }
            };
            if missing.contains(&i) {
                by_size[p].push(i);
            }
        }
        let quality = self.settings.quality;
        pipeline::resize_all(&decoded, o, crop, &sizes, |si, px| {
            for &i in &by_size[si] {
                let data = encode::encode(&px, first.kinds[i], quality).map_err(|e| {
                    format!(
                        "cannot encode \"{}\" as {}: {e}",
                        first.name,
                        first.kinds[i].name()
                    )
                })?;
                res.encoded += 1;
                let stored = store
                    .as_ref()
                    .is_some_and(|s| s.put(&keys[i], &data).is_ok());
                for job in unit {
                    let path = &job.picture.variants[i].path;
                    let out = out_dir.join(path);
                    let r = match (stored, store) {
                        (true, Some(s)) => s.place(&keys[i], &out),
                        _ => cache::write_file(&out, &data),
                    };
                    r.map_err(|e| format!("cannot write {path}: {e}"))?;
                }
            }
            Ok(())
        })
    }

    fn process_error(&self, job: &Job, msg: String) -> Diagnostic {
        let text = std::fs::read_to_string(self.root.join(&job.page)).unwrap_or_default();
        let (line, col) = if job.line > 0 {
            (job.line, 1)
        } else {
            // Markdown images do not pass their line: find the file's name in the page.
            let file_name = job
                .file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            text.lines()
                .enumerate()
                .find_map(|(n, l)| {
                    l.find(&file_name)
                        .map(|b| (n + 1, l[..b].chars().count() + 1))
                })
                .unwrap_or((0, 0))
        };
        let d = Diagnostic::error(&job.page, msg).help(
            "open the photo on the phone or computer it came from and save or export it again as JPEG, then replace the file",
        );
        if line > 0 {
            d.at(&text, line, col)
        } else {
            d
        }
    }
}

impl Job {
    fn crop_key(&self) -> String {
        format!(
            "{}:{}:{}:{}:o{}",
            self.crop.x, self.crop.y, self.crop.w, self.crop.h, self.header.orientation
        )
    }
}

#[derive(Default)]
struct UnitResult {
    keys: Vec<String>,
    decoded: bool,
    encoded: usize,
    reused: usize,
    /// The message, reported for each page that names the image.
    error: Option<(Vec<Arc<Job>>, String)>,
}

/// The widths made of an image `own` pixels wide: each allowed width up to its own, plus its
/// own when it is below the largest allowed (never upscaled; a tiny image gets one size).
fn select_widths(allowed: &[u32], own: u32) -> Vec<u32> {
    let mut w: Vec<u32> = allowed.iter().copied().filter(|&x| x <= own).collect();
    if allowed.last().is_none_or(|&max| own < max) && !w.contains(&own) {
        w.push(own);
    }
    w.sort_unstable();
    w
}

fn progress_bar(progress: bool, len: usize) -> Option<indicatif::ProgressBar> {
    if !progress || len == 0 {
        return None;
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(len as u64),
        indicatif::ProgressDrawTarget::stderr(),
    );
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("images {bar:30} {pos}/{len} ({elapsed})")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    Some(bar)
}

/// `<picture>` with WebP and JPEG/PNG sources, width, height, alt and lazy loading.
pub fn picture_html(pic: &Picture, alt: &str, base_path: &str, sizes: &str, class: &str) -> String {
    picture_html_loading(pic, alt, base_path, sizes, class, Loading::Lazy)
}

/// When the browser fetches a picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loading {
    /// When it nears the screen: photos further down a page.
    Lazy,
    /// At once and before other images: a page's first picture (its cover), which is what the
    /// reader sees first and what "largest contentful paint" waits for.
    First,
}

pub fn picture_html_loading(
    pic: &Picture,
    alt: &str,
    base_path: &str,
    sizes: &str,
    class: &str,
    loading: Loading,
) -> String {
    let esc = crate::html::escape;
    let srcset = |fmt: &str| {
        pic.variants
            .iter()
            .filter(|v| v.format == fmt)
            .map(|v| format!("{base_path}{} {}w", v.path, v.width))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let Some(largest) = pic.largest() else {
        return String::new();
    };
    let fallback_fmt = largest.format;
    let webp = srcset("webp");
    let mut out = String::from("<picture>");
    if !webp.is_empty() {
        out.push_str(&format!(
            "<source type=\"image/webp\" srcset=\"{}\" sizes=\"{}\">",
            esc(&webp),
            esc(sizes)
        ));
    }
    out.push_str(&format!(
        "<img src=\"{base_path}{}\" srcset=\"{}\" sizes=\"{}\" width=\"{}\" height=\"{}\" alt=\"{}\" {}{}></picture>",
        esc(&largest.path), esc(&srcset(fallback_fmt)), esc(sizes), largest.width, largest.height, esc(alt),
        match loading {
            Loading::Lazy => "loading=\"lazy\" decoding=\"async\"",
            Loading::First => "loading=\"eager\" fetchpriority=\"high\"",
        },
        if class.is_empty() { String::new() } else { format!(" class=\"{class}\"") }
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_never_upscale() {
        let a = [480, 960, 1600];
        assert_eq!(select_widths(&a, 4000), vec![480, 960, 1600]);
        assert_eq!(select_widths(&a, 1600), vec![480, 960, 1600]);
        assert_eq!(select_widths(&a, 1365), vec![480, 960, 1365]);
        assert_eq!(select_widths(&a, 960), vec![480, 960]);
        assert_eq!(select_widths(&a, 48), vec![48]);
    }
}

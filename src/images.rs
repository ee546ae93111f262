//! Photos: planned from their headers while pages render (so `<img>` gets its width and height),
//! processed after rendering. Only processed images are published, never an original.
//!
//! BASELINE: the image issue replaces the processing with a fast, cached, EXIF-aware pipeline;
//! the interface (`Registry::plan`, `Registry::process`, `picture_html`) is what the rest uses.

use crate::config::ImageSettings;
use crate::diagnostics::Diagnostic;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// How an image is cut: as it is, square (star portraits), or a book cover's shared shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Shape {
    Free,
    Square,
    BookCover,
}

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

struct Job {
    file: PathBuf,
    shape: Shape,
    picture: Arc<Picture>,
    page: PathBuf,
    line: usize,
}

#[derive(Debug, Default, Clone)]
pub struct ProcessStats {
    pub images: usize,
    pub decoded: usize,
    pub from_cache: usize,
}

pub struct Registry {
    settings: ImageSettings,
    jobs: Mutex<HashMap<(PathBuf, Shape, String), Job>>,
}

impl Registry {
    pub fn new(_root: &Path, settings: &ImageSettings) -> Self {
        Registry {
            settings: settings.clone(),
            jobs: Mutex::new(HashMap::new()),
        }
    }

    /// Plans the outputs of one image from its header. `dest_dir` is the site-relative folder
    /// of the page (`events/launch/`); `page` and `line` say who asked, for later errors.
    pub fn plan(
        &self,
        file: &Path,
        dest_dir: &str,
        shape: Shape,
        page: &Path,
        line: usize,
    ) -> Result<Arc<Picture>, String> {
        let key = (file.to_path_buf(), shape, dest_dir.to_string());
        if let Some(j) = self
            .jobs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
        {
            return Ok(j.picture.clone());
        }
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !file.is_file() {
            return Err(format!("the image \"{name}\" does not exist"));
        }
        let (w, h) = image::image_dimensions(file)
            .map_err(|e| format!("the image \"{name}\" cannot be read: {e}"))?;
        let (w, h) = match shape {
            Shape::Free => (w, h),
            Shape::Square => (w.min(h), w.min(h)),
            Shape::BookCover => (w.min(h * 2 / 3), w.min(h * 2 / 3) * 3 / 2),
        };
        let stem: String = Path::new(&name)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let stem = crate::slug::suggest_slug(&stem);
        let mut widths: Vec<u32> = self
            .settings
            .widths
            .iter()
            .copied()
            .filter(|x| *x < w)
            .collect();
        if w < *self.settings.widths.last().unwrap_or(&w) || widths.is_empty() {
            widths.push(w);
        }
        widths.dedup();
        let mut variants = Vec::new();
        for width in widths {
            let height = ((h as u64 * width as u64 + w as u64 / 2) / w as u64).max(1) as u32;
            variants.push(Variant {
                path: format!("{dest_dir}{stem}-{width}.jpg"),
                width,
                height,
                format: "jpeg",
            });
        }
        let picture = Arc::new(Picture {
            width: w,
            height: h,
            variants,
        });
        self.jobs.lock().unwrap_or_else(|e| e.into_inner()).insert(
            key,
            Job {
                file: file.to_path_buf(),
                shape,
                picture: picture.clone(),
                page: page.to_path_buf(),
                line,
            },
        );
        Ok(picture)
    }

    /// Writes every planned image into `out_dir`.
    pub fn process(&self, out_dir: &Path, _progress: bool) -> (ProcessStats, Vec<Diagnostic>) {
        let jobs = self.jobs.lock().unwrap_or_else(|e| e.into_inner());
        let mut stats = ProcessStats::default();
        let mut diags = Vec::new();
        for job in jobs.values() {
            stats.images += 1;
            let img = match image::open(&job.file) {
                Ok(i) => i,
                Err(e) => {
                    diags.push(Diagnostic::error(
                        &job.page,
                        format!(
                            "the image \"{}\" cannot be decoded: {e}",
                            job.file.display()
                        ),
                    ));
                    continue;
                }
            };
            stats.decoded += 1;
            let _ = job.shape;
            for v in &job.picture.variants {
                let out = out_dir.join(&v.path);
                if let Some(p) = out.parent() {
                    let _ = std::fs::create_dir_all(p);
                }
                let resized = img
                    .resize_exact(v.width, v.height, image::imageops::FilterType::Triangle)
                    .to_rgb8();
                if let Err(e) = resized.save(&out) {
                    diags.push(Diagnostic::error(
                        &job.page,
                        format!("cannot write {}: {e}", out.display()),
                    ));
                }
            }
            let _ = job.line;
        }
        (stats, diags)
    }
}

/// `<picture>` with WebP and JPEG/PNG sources, width, height, alt and lazy loading.
pub fn picture_html(pic: &Picture, alt: &str, base_path: &str, sizes: &str, class: &str) -> String {
    let esc = crate::templates::escape_html;
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
        "<img src=\"{base_path}{}\" srcset=\"{}\" sizes=\"{}\" width=\"{}\" height=\"{}\" alt=\"{}\" loading=\"lazy\" decoding=\"async\"{}></picture>",
        esc(&largest.path), esc(&srcset(fallback_fmt)), esc(sizes), largest.width, largest.height, esc(alt),
        if class.is_empty() { String::new() } else { format!(" class=\"{class}\"") }
    ));
    out
}

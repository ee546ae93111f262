//! Planning an image from its header while pages render: its crop, its widths, and the names of
//! its output files, so that `<img>` gets its width and height before anything is decoded.

use super::encode::Kind;
use super::header;
use super::pipeline::Rect;
use super::{lock, Job, Picture, PlanError, Registry, Shape, Variant, BOOK_COVER_WIDTHS};
use crate::messages::render::Render;
use crate::{t, tr};
use std::path::Path;
use std::sync::Arc;

/// Why `files::read` refused an image, said for staff.
pub(super) fn refused(name: &str, refusal: &crate::files::Refusal) -> PlanError {
    use crate::files::Refusal;
    let help = match refusal {
        Refusal::Missing | Refusal::Folder | Refusal::NotAFile(_) => Render::ImageMissingHelp,
        Refusal::Outside(_) => Render::ImageOutsideHelp,
        Refusal::TooBig(..) => Render::ImageTooBigHelp,
        Refusal::Io(_) => Render::ImageUnreadableHelp,
    };
    PlanError {
        message: t!(Render::ImageRefused, name, why = refusal.describe()),
        help: tr!(help),
    }
}

impl Registry {
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
        if let Some(job) = lock(&self.jobs).get(&key) {
            return Ok(job.picture.clone());
        }
        let name = crate::files::slash(&crate::diagnostics::rel(&self.root, file));
        let bytes = crate::files::read(&self.real_root, file, crate::files::MAX_IMAGE)
            .map_err(|r| refused(&name, &r))?;
        let header = header::read(&bytes, &name).map_err(|problem| PlanError {
            message: problem.message,
            help: problem.help,
        })?;
        let hash = xxhash_rust::xxh3::xxh3_128(&bytes);
        drop(bytes);

        let (upright_width, upright_height) = header.upright();
        let crop = crop_for(shape, upright_width as f64, upright_height as f64);
        let crop_width = (crop.w.floor() as u32).max(1);
        let crop_height = (crop.h.floor() as u32).max(1);
        let widths = self.widths_for(shape, crop_width);
        let fallback = if header.alpha { Kind::Png } else { Kind::Jpeg };
        let mut kinds_per_width = vec![fallback];
        if self.settings.webp {
            kinds_per_width.push(Kind::Webp);
        }
        let base = self.output_base(file, shape, dest_dir);
        let mut variants = Vec::new();
        let mut kinds = Vec::new();
        for &kind in &kinds_per_width {
            for &width in &widths {
                variants.push(Variant {
                    path: format!("{dest_dir}{base}-{width}.{}", kind.ext()),
                    width,
                    height: height_for(shape, (crop_width, crop_height), width),
                    format: kind.name(),
                });
                kinds.push(kind);
            }
        }
        let picture = Arc::new(Picture {
            width: crop_width,
            height: crop_height,
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

    /// The widths made of a crop `crop_width` pixels wide.
    fn widths_for(&self, shape: Shape, crop_width: u32) -> Vec<u32> {
        let mut allowed: Vec<u32> = match shape {
            Shape::BookCover => BOOK_COVER_WIDTHS.to_vec(),
            _ => self.settings.widths.clone(),
        };
        allowed.sort_unstable();
        allowed.dedup();
        match shape {
            // Covers keep to the shared sizes; only one smaller than all of them keeps its own.
            Shape::BookCover => match allowed
                .iter()
                .copied()
                .filter(|&x| x <= crop_width)
                .collect::<Vec<_>>()
            {
                widths if widths.is_empty() => vec![crop_width],
                widths => widths,
            },
            _ => select_widths(&allowed, crop_width),
        }
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
}

/// The part of an upright image of `width` x `height` that `shape` keeps: all of it, the
/// centred square, or the centred 2:3 of a book cover.
fn crop_for(shape: Shape, width: f64, height: f64) -> Rect {
    match shape {
        Shape::Free => Rect {
            x: 0.0,
            y: 0.0,
            w: width,
            h: height,
        },
        Shape::Square => {
            let side = width.min(height);
            Rect {
                x: ((width - side) / 2.0).floor(),
                y: ((height - side) / 2.0).floor(),
                w: side,
                h: side,
            }
        }
        Shape::BookCover => {
            let (cover_width, cover_height) = if width * 3.0 > height * 2.0 {
                (height * 2.0 / 3.0, height)
            } else {
                (width, width * 1.5)
            };
            Rect {
                x: ((width - cover_width) / 2.0).floor(),
                y: ((height - cover_height) / 2.0).floor(),
                w: cover_width,
                h: cover_height,
            }
        }
    }
}

/// The height of a variant `width` pixels wide, of a crop of `(crop_width, crop_height)`.
fn height_for(shape: Shape, (crop_width, crop_height): (u32, u32), width: u32) -> u32 {
    match shape {
        Shape::Square => width,
        Shape::BookCover => ((width as f64 * 1.5).round() as u32).max(1),
        Shape::Free => ((crop_height as u64 * width as u64 + crop_width as u64 / 2)
            / crop_width as u64)
            .max(1) as u32,
    }
}

/// The widths made of an image `own` pixels wide: each allowed width up to its own, plus its
/// own when it is below the largest allowed (never upscaled; a tiny image gets one size).
fn select_widths(allowed: &[u32], own: u32) -> Vec<u32> {
    let mut widths: Vec<u32> = allowed.iter().copied().filter(|&x| x <= own).collect();
    if allowed.last().is_none_or(|&max| own < max) && !widths.contains(&own) {
        widths.push(own);
    }
    widths.sort_unstable();
    widths
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_never_upscale() {
        let allowed = [480, 960, 1600];
        assert_eq!(select_widths(&allowed, 4000), vec![480, 960, 1600]);
        assert_eq!(select_widths(&allowed, 1600), vec![480, 960, 1600]);
        assert_eq!(select_widths(&allowed, 1365), vec![480, 960, 1365]);
        assert_eq!(select_widths(&allowed, 960), vec![480, 960]);
        assert_eq!(select_widths(&allowed, 48), vec![48]);
    }
}

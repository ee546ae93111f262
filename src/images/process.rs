//! Processing the planned images after rendering: each source decoded at most once, every
//! variant from the cache where it can, errors reported at each page that names the image.

use super::pipeline::{self, Rect};
use super::plan::refused;
use super::{cache, decode, encode, lock, Job, ProcessStats, Registry, Shape, BIG_PIXELS};
use crate::diagnostics::Diagnostic;
use crate::messages::render::Render;
use crate::messages::Said;
use crate::{t, tr};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

impl Registry {
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
                let result = self.process_unit(unit, &store, out_dir);
                if let Some(bar) = &bar {
                    bar.inc(1);
                }
                result
            })
            .collect();
        if let Some(bar) = bar {
            bar.finish_and_clear();
        }

        let mut stats = ProcessStats {
            images: units.len(),
            ..Default::default()
        };
        let mut diags = Vec::new();
        let mut used = HashSet::new();
        for result in results {
            if result.decoded {
                stats.decoded += 1;
            } else if result.error.is_none() {
                stats.from_cache += 1;
            }
            stats.encoded += result.encoded;
            stats.reused += result.reused;
            used.extend(result.keys);
            if let Some((jobs, msg)) = result.error {
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
        let errors: Vec<(Vec<Arc<Job>>, Said)> = units
            .par_iter()
            .filter_map(|unit| {
                let _turn = self.turn(&unit[0]);
                let error = self.decode_unit(&unit[0]).err();
                if let Some(bar) = &bar {
                    bar.inc(1);
                }
                error.map(|msg| (unit.clone(), msg))
            })
            .collect();
        if let Some(bar) = bar {
            bar.finish_and_clear();
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
        for job in jobs {
            units.entry((job.hash, job.shape)).or_default().push(job);
        }
        let mut units: Vec<Vec<Arc<Job>>> = units.into_values().collect();
        // Largest first, so the long ones do not start last; stable order otherwise.
        units.sort_by_key(|unit| {
            (
                std::cmp::Reverse(unit[0].header.width as u64 * unit[0].header.height as u64),
                unit[0].file.clone(),
            )
        });
        units
    }

    /// The cache entries of every variant of a unit.
    fn keys(&self, unit: &[Arc<Job>]) -> Vec<String> {
        let first = &unit[0];
        let pic = &first.picture;
        (0..pic.variants.len())
            .map(|index| {
                let variant = &pic.variants[index];
                cache::key(
                    first.hash,
                    &format!("{:?}", first.shape),
                    &first.crop_key(),
                    variant.width,
                    variant.height,
                    first.kinds[index],
                    self.settings.quality,
                )
            })
            .collect()
    }

    /// An error about the image of `jobs`, for each page that names it.
    fn report(&self, jobs: &[Arc<Job>], msg: &Said, diags: &mut Vec<Diagnostic>) {
        let first_name = &jobs[0].name;
        for job in jobs {
            // The same content may sit under several names: each page gets its own.
            let msg = Said {
                code: msg.code,
                text: msg.text.replace(first_name.as_str(), &job.name),
            };
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
        let mut result = UnitResult {
            keys: keys.clone(),
            ..Default::default()
        };
        let missing: Vec<usize> = match store {
            Some(store) => (0..keys.len()).filter(|&i| !store.has(&keys[i])).collect(),
            None => (0..keys.len()).collect(),
        };
        // What is cached goes straight to the output.
        for index in (0..keys.len()).filter(|i| !missing.contains(i)) {
            if let Some(store) = store {
                for job in unit {
                    let path = &job.picture.variants[index].path;
                    if let Err(e) = store.place(&keys[index], &out_dir.join(path)) {
                        result.error = Some((
                            vec![job.clone()],
                            t!(Render::ImageCannotWrite, path, error = e),
                        ));
                        return result;
                    }
                }
                result.reused += 1;
            }
        }
        if missing.is_empty() {
            return result;
        }
        result.decoded = true;
        if let Err(msg) = self.make(unit, &keys, &missing, store, out_dir, &mut result) {
            result.error = Some((unit.to_vec(), msg));
        }
        result
    }

    /// Images over 40 megapixels wait for their turn (see `big`).
    fn turn(&self, job: &Job) -> Option<std::sync::MutexGuard<'_, ()>> {
        let pixels = job.header.width as u64 * job.header.height as u64;
        (pixels > BIG_PIXELS).then(|| lock(&self.big))
    }

    /// Reads and decodes the source of a unit (its first job) at the smallest size its
    /// variants need; returns the pixels and the crop in their coordinates. `check` stops here.
    fn decode_unit(&self, first: &Job) -> Result<(decode::Pixels, Rect), Said> {
        let pic = &first.picture;
        let bytes = crate::files::read(&self.real_root, &first.file, crate::files::MAX_IMAGE)
            .map_err(|r| refused(&first.name, &r).message)?;
        if xxhash_rust::xxh3::xxh3_128(&bytes) != first.hash {
            return Err(t!(Render::ImageChanged, name = &first.name));
        }
        // The smallest decode that still gives the largest missing size from the crop, in the
        // stored orientation: the decoder may shrink a big baseline JPEG to it (DCT scaling).
        let orientation = first.header.orientation;
        let (stored_width, stored_height) = (first.header.width as f64, first.header.height as f64);
        let stored_crop = pipeline::to_stored(first.crop, orientation, stored_width, stored_height);
        let (mut scale_x, mut scale_y) = (0f64, 0f64);
        // From every variant, not only the missing ones, and every size resized in the same
        // cascade below: a file comes out the same whatever the cache held.
        for variant in &pic.variants {
            // Orientations 5 to 8 turn the picture a quarter: width and height swap.
            let (target_width, target_height) = if orientation >= 5 {
                (variant.height, variant.width)
            } else {
                (variant.width, variant.height)
            };
            scale_x = scale_x.max(target_width as f64 / stored_crop.w);
            scale_y = scale_y.max(target_height as f64 / stored_crop.h);
        }
        // Lanczos wants a little more than the target: ask for 10% more.
        let scale = (scale_x.max(scale_y) * 1.1).min(1.0);
        let need = (
            (stored_width * scale).ceil() as u32,
            (stored_height * scale).ceil() as u32,
        );
        let decoded = decode::decode(&bytes, &first.header, first.header.alpha, need)
            .map_err(|error| t!(Render::ImageDamaged, name = &first.name, error))?;
        drop(bytes);
        let scaled = (decoded.width, decoded.height) != (first.header.width, first.header.height);
        if scaled && (decoded.width < need.0 || decoded.height < need.1) {
            return Err(t!(Render::ImageSizeMismatch, name = &first.name));
        }
        // The crop, in the coordinates of what was decoded.
        let crop = if scaled {
            let (upright_x, upright_y) = if orientation >= 5 {
                (
                    decoded.height as f64 / stored_height,
                    decoded.width as f64 / stored_width,
                )
            } else {
                (
                    decoded.width as f64 / stored_width,
                    decoded.height as f64 / stored_height,
                )
            };
            Rect {
                x: first.crop.x * upright_x,
                y: first.crop.y * upright_y,
                w: first.crop.w * upright_x,
                h: first.crop.h * upright_y,
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
        result: &mut UnitResult,
    ) -> Result<(), Said> {
        let first = &unit[0];
        let pic = &first.picture;
        // Held until the last variant is written: the pixels live that long.
        let _turn = self.turn(first);
        let (decoded, crop) = self.decode_unit(first)?;
        let orientation = first.header.orientation;
        // Distinct sizes, each with the missing variants (indexes) encoded from it.
        let mut sizes: Vec<(u32, u32)> = Vec::new();
        let mut by_size: Vec<Vec<usize>> = Vec::new();
        for (index, variant) in pic.variants.iter().enumerate() {
            let size = (variant.width, variant.height);
            let size_index = match sizes.iter().position(|s| *s == size) {
                Some(size_index) => size_index,
                None => {
                    sizes.push(size);
                    by_size.push(Vec::new());
                    sizes.len() - 1
                }
            };
            if missing.contains(&index) {
                by_size[size_index].push(index);
            }
        }
        let quality = self.settings.quality;
        // resize_all speaks in Strings; the catalogued problem (with its code) is kept aside.
        let mut failed: Option<Said> = None;
        let mut fail = |said: Said| {
            let text = said.text.clone();
            failed = Some(said);
            text
        };
        let resized =
            pipeline::resize_all(&decoded, orientation, crop, &sizes, |size_index, pixels| {
                for &index in &by_size[size_index] {
                    let kind = first.kinds[index];
                    let data = encode::encode(&pixels, kind, quality).map_err(|error| {
                        fail(t!(
                            Render::ImageCannotEncode,
                            name = &first.name,
                            kind = kind.name(),
                            error
                        ))
                    })?;
                    result.encoded += 1;
                    let stored = store
                        .as_ref()
                        .is_some_and(|s| s.put(&keys[index], &data).is_ok());
                    for job in unit {
                        let path = &job.picture.variants[index].path;
                        let out = out_dir.join(path);
                        let written = match (stored, store) {
                            (true, Some(store)) => store.place(&keys[index], &out),
                            _ => cache::write_file(&out, &data),
                        };
                        written.map_err(|e| fail(t!(Render::ImageCannotWrite, path, error = e)))?;
                    }
                }
                Ok(())
            });
        match (resized, failed) {
            (Ok(()), _) => Ok(()),
            (Err(_), Some(said)) => Err(said),
            (Err(text), None) => Err(Said::from(text)),
        }
    }

    fn process_error(&self, job: &Job, msg: Said) -> Diagnostic {
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
                .find_map(|(index, line_text)| {
                    line_text
                        .find(&file_name)
                        .map(|byte| (index + 1, line_text[..byte].chars().count() + 1))
                })
                .unwrap_or((0, 0))
        };
        let diag = Diagnostic::error(&job.page, msg).help(t!(Render::ImageDamagedHelp));
        if line > 0 {
            diag.at(&text, line, col)
        } else {
            diag
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
    error: Option<(Vec<Arc<Job>>, Said)>,
}

fn progress_bar(progress: bool, len: usize) -> Option<indicatif::ProgressBar> {
    if !progress || len == 0 {
        return None;
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(len as u64),
        indicatif::ProgressDrawTarget::stderr(),
    );
    if let Ok(style) = indicatif::ProgressStyle::with_template(&tr!(Render::ProgressBar)) {
        bar.set_style(style.progress_chars("=> "));
    }
    Some(bar)
}

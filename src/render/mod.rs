//! The render stage: every output of the site is one `Job` of one list, made on all cores and
//! written (or kept) the same way, its problems collected the same way.
//!
//! - `pages`: single pages, the home page, lists, taxonomies and terms, 404, search;
//! - `calendar`: the week's grid, one page per day, free events, the printed schedule;
//! - `posters`: each event's A4 poster and `.ics`, and the week's `.ics`;
//! - `tables`: `/tables/` with its .csv and .xlsx (or the files of ROOT/reports/);
//! - `files`: the feed, sitemap, robots.txt, search index and highlight stylesheet.
//!
//! Jobs read the site through a `reader::Reader`, which records what each output read (`deps`).
//! `xuezhou serve` keeps a file when nothing it read last time has changed, without making its
//! context; nothing has to be kept in step with what a job puts in its context.

mod calendar;
pub mod deps;
mod draft;
pub mod feeds;
mod files;
pub mod ics;
mod memo;
mod pages;
pub mod phone;
mod posters;
pub mod qr;
mod reader;
pub mod search;
mod site;
mod splice;
pub mod tables;
pub mod templates;
mod versions;
pub mod views;

pub use site::{page_versions, Known, Parts, Site};

use crate::diagnostics::Diagnostic;
use crate::output::Sink;
use rayon::prelude::*;
use reader::{Draft, Inputs, Reader};
use splice::Skeleton;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Lets `xuezhou serve` skip work an earlier build did (see `deps`).
pub trait Reuse: Sync {
    /// Changes whenever the templates or the settings do; part of every key.
    fn generation(&self) -> u64;
    /// What each output and fragment read when it was last made (see `deps::Records`).
    fn records(&self) -> &deps::Records;
}

/// One output of the site; each room of the render stage makes its own kind.
#[derive(Debug, Hash)]
pub(crate) enum Job {
    Pages(pages::Job),
    Calendar(calendar::Job),
    Posters(posters::Job),
    Tables(tables::Job),
    Files(files::Job),
}

/// Where a job's output goes: its file, and its address when the sitemap lists it.
pub(crate) struct Place {
    pub file: String,
    pub address: Option<String>,
}

impl Place {
    /// A page at `address` (`events/x/`): written to `events/x/index.html`, in the sitemap.
    fn page(address: String) -> Place {
        Place {
            file: format!("{address}index.html"),
            address: Some(address),
        }
    }

    /// A page the sitemap leaves out (print views).
    fn unlisted(address: &str) -> Place {
        Place {
            file: format!("{address}index.html"),
            address: None,
        }
    }

    /// A file that is not a page.
    fn file(file: impl Into<String>) -> Place {
        Place {
            file: file.into(),
            address: None,
        }
    }
}

/// What a job makes.
pub(crate) enum Made {
    /// A template and its context.
    Template(Draft),
    Bytes(Vec<u8>),
    /// Text and pieces, put together as they are (see `splice`).
    Spliced(Skeleton),
    /// A download that no page shows and that is slow to make: serve makes it after the reload
    /// signal (see `output::Later`), a build at once.
    Later(crate::output::Later),
}

impl Job {
    fn place(&self, r: &Reader) -> Place {
        match self {
            Job::Pages(job) => pages::place(r, job),
            Job::Calendar(job) => calendar::place(r, job),
            Job::Posters(job) => posters::place(r, job),
            Job::Tables(job) => tables::place(r, job),
            Job::Files(job) => files::place(job),
        }
    }

    fn make(&self, r: &Reader) -> Result<Made, Diagnostic> {
        match self {
            Job::Pages(job) => pages::make(r, job),
            Job::Calendar(job) => calendar::make(r, job),
            Job::Posters(job) => posters::make(r, job),
            Job::Tables(job) => tables::make(r, job),
            Job::Files(job) => files::make(r, job),
        }
    }
}

pub struct Rendered {
    pub files: usize,
    pub diags: Vec<Diagnostic>,
}

/// Renders every output of the site into `sink`; returns the number of files and any problems.
pub fn render_site(site: &Site, sink: &Sink) -> Rendered {
    let mut diags = Vec::new();
    if !site.has_search() {
        diags.push(site::no_search_warning(site));
    }
    let mut inputs = match prepare(site) {
        Ok(inputs) => inputs,
        Err(errors) => {
            diags.extend(errors);
            return Rendered {
                files: 0,
                diags: sorted(diags),
            };
        }
    };
    let mut jobs: Vec<Job> = pages::jobs(&inputs);
    jobs.extend(calendar::jobs(&inputs));
    jobs.extend(files::jobs(&inputs));
    let placed = placed(&inputs, &jobs);
    inputs.set_sitemap(Arc::clone(&placed.sitemap), placed.sitemap_version);
    let places = &placed.places;
    let started = Instant::now();
    let results: Vec<Result<Ran, Diagnostic>> = jobs
        .par_iter()
        .zip(places)
        .enumerate()
        .map(|(k, (job, place))| {
            let id = placed.ids.get(k).copied();
            run(&inputs, job, (&place.file, id), sink)
        })
        .collect();
    let what = || format!("{} jobs{}", jobs.len(), crate::timings::peak_note());
    crate::timings::report(what, started, Duration::ZERO);
    // Told in one go: a lock per kept file was a fifth of a 10,000-event edit's render stage.
    let kept = results.iter().zip(places);
    sink.keep_all(
        kept.filter_map(|(ran, place)| matches!(ran, Ok(Ran::Kept)).then_some(&*place.file)),
    );
    diags.extend(results.into_iter().filter_map(Result::err));
    inputs.finish();
    Rendered {
        files: jobs.len(),
        diags: sorted(diags),
    }
}

/// Where every job's output goes, each file's identity (serve only), and the sitemap's
/// addresses.
pub(crate) struct Placed {
    places: Vec<Place>,
    ids: Vec<u64>,
    sitemap: Arc<Vec<String>>,
    sitemap_version: u64,
}

/// The places of `jobs`. Where each output goes is known without recording: the job list is
/// made from the model, and a changed list changes the files written and removed. Serve
/// keeps them while the jobs, the model, the days and what every output shares are the same
/// (most edits): making 35,000 paths and ids again was a tenth of a 10,000-event edit.
fn placed(inputs: &Inputs, jobs: &[Job]) -> Arc<Placed> {
    let make = || {
        let untracked = inputs.reader();
        let places: Vec<Place> = jobs.iter().map(|job| job.place(&untracked)).collect();
        let ids = if inputs.keyed() {
            places
                .iter()
                .map(|place| deps::id("file", &place.file))
                .collect()
        } else {
            Vec::new()
        };
        let urls = &inputs.site.urls;
        let sitemap: Vec<String> = places
            .iter()
            .filter_map(|place| place.address.as_deref())
            .map(|address| urls.permalink(address))
            .collect();
        Placed {
            sitemap_version: deps::hash_of(&sitemap),
            sitemap: Arc::new(sitemap),
            places,
            ids,
        }
    };
    let Some(reuse) = inputs.site.reuse() else {
        return Arc::new(make());
    };
    let read = |read| deps::Versions::version(inputs, read);
    let key = deps::hash_of(&(
        inputs.seed(),
        read(deps::Read::Model),
        read(deps::Read::Prepared(deps::Prepared::Days)),
        inputs.table_keys(),
        jobs,
    ));
    reuse.records().derived("places", key, make)
}

/// The values every job may use, each made once: the days, the tables, the event cards and
/// VEVENTs, the week's calendar entries (in this order: later ones may read earlier ones).
fn prepare<'a>(site: &'a Site<'a>) -> Result<Inputs<'a>, Vec<Diagnostic>> {
    let mut t = Instant::now();
    // Each step runs alone (in parallel inside): the process's CPU time between laps is its own.
    let mut cpu = crate::timings::cpu_used();
    let mut lap = |step: &str| {
        let now = crate::timings::cpu_used();
        let what = || {
            let used = now.zip(cpu).map_or(String::new(), |(now, before)| {
                format!(", CPU {} ms", now.saturating_sub(before).as_millis())
            });
            format!("prepare {step}{used}{}", crate::timings::peak_note())
        };
        crate::timings::report(what, t, Duration::ZERO);
        t = Instant::now();
        cpu = now;
    };
    let mut inputs = Inputs::new(site);
    inputs.set_days();
    lap("days");
    let (tables, rows) = tables::prepare(&inputs)?;
    inputs.set_tables(tables, rows);
    lap("tables");
    let cards = pages::cards(&inputs)?;
    inputs.set_cards(cards);
    lap("cards");
    let vevents = posters::vevents(&inputs)?;
    inputs.set_vevents(vevents);
    lap("vevents");
    let (week, entries, outside_rows) = calendar::week_entries(&inputs)?;
    inputs.set_week(week, entries, outside_rows);
    lap("week");
    if site.has_search() {
        let search = search::entries(&inputs)?;
        inputs.set_search(search);
        lap("search entries");
        // Made again only when a page's part changed (or the settings, which key everything),
        // and then from the last one: an edit remakes only the shards its keys fall in.
        let index = inputs
            .memo_from_last("search index", "", |r, last| Ok(search::index(r, last)))
            .map_err(|d| vec![d])?;
        inputs.set_search_index(index);
        lap("search index");
    }
    Ok(inputs)
}

/// What `run` did with a job's file.
enum Ran {
    /// Serve's file is left as it is (`Sink::keep_all`).
    Kept,
    Made,
}

/// Makes one job's output and writes it, or keeps serve's file when nothing it read last time
/// has changed (then its context is not even made), or puts its kept skeleton together again
/// when only its pieces changed.
fn run(
    inputs: &Inputs,
    job: &Job,
    (file, id): (&str, Option<u64>),
    sink: &Sink,
) -> Result<Ran, Diagnostic> {
    let id = id.unwrap_or_else(|| deps::id("file", file));
    if inputs.unchanged(id).is_some() {
        return Ok(Ran::Kept);
    }
    let started = Instant::now();
    let skeleton_id = inputs.keyed().then(|| deps::id("skeleton", file));
    let respliced = skeleton_id.and_then(|skeleton| respliced(inputs, id, skeleton));
    let how = if respliced.is_some() {
        "splicing"
    } else {
        "making"
    };
    let bytes = match respliced {
        Some(bytes) => bytes,
        None => made(inputs, job, (file, id), skeleton_id)?,
    };
    let bytes = match bytes {
        Bytes::Now(bytes) => bytes,
        Bytes::Later(later) => match sink.defer(file, later) {
            Ok(Some(later)) => later()?,
            Ok(None) => return Ok(Ran::Made),
            Err(e) => return Err(write_error(file, e)),
        },
    };
    let written = sink.write(file, bytes).map(|()| Ran::Made);
    let written = written.map_err(|e| write_error(file, e));
    crate::timings::report(
        || format!("{how} {file}"),
        started,
        Duration::from_millis(2),
    );
    written
}

/// A job's bytes, or the download made from them later.
enum Bytes {
    Now(Vec<u8>),
    Later(crate::output::Later),
}

/// The output of the served build's skeleton with this rebuild's pieces, when nothing the
/// skeleton read has changed (serve only).
fn respliced(inputs: &Inputs, id: u64, skeleton_id: u64) -> Option<Bytes> {
    let memo = inputs.unchanged(skeleton_id)?;
    let skeleton = memo.value.as_ref()?.downcast_ref::<Skeleton>()?;
    let bytes = skeleton.assemble(|piece| inputs.piece_text(piece))?;
    remember_spliced(inputs, id, memo.reads.to_vec(), skeleton);
    Some(Bytes::Now(bytes))
}

/// Records the output of `skeleton`: it read what its skeleton read, and its pieces.
fn remember_spliced(inputs: &Inputs, id: u64, mut reads: Vec<deps::Read>, skeleton: &Skeleton) {
    reads.extend(skeleton.pieces().map(splice::Piece::read));
    inputs.remember(id, reads, None);
}

/// Makes a job's output. A list rendered with placeholders is put together from its pieces
/// and its skeleton kept under `skeleton_id` (serve); a template that changed a placeholder
/// (wrote a piece without `| safe`) gets the pieces' text instead.
fn made(
    inputs: &Inputs,
    job: &Job,
    (file, id): (&str, u64),
    skeleton_id: Option<u64>,
) -> Result<Bytes, Diagnostic> {
    let reader = inputs.splicing_reader();
    let made = job.make(&reader)?;
    let (reads, pieces) = reader.into_parts();
    let reads = reads.unwrap_or_default();
    let Made::Template(draft) = made else {
        return finished(inputs, (file, id), reads, made);
    };
    let rendered = draft.render_bytes(inputs.site.theme)?;
    if pieces.is_empty() {
        inputs.remember(id, reads, None);
        return Ok(Bytes::Now(rendered));
    }
    let skeleton = Skeleton::parse(&rendered, &pieces);
    let spliced = skeleton.and_then(|skeleton| {
        let bytes = skeleton.assemble(|piece| inputs.piece_text(piece))?;
        Some((skeleton, bytes))
    });
    let Some((skeleton, bytes)) = spliced else {
        let reader = inputs.reader();
        let made = job.make(&reader)?;
        let reads = reader.into_parts().0.unwrap_or_default();
        return finished(inputs, (file, id), reads, made);
    };
    remember_spliced(inputs, id, reads.clone(), &skeleton);
    if let Some(skeleton_id) = skeleton_id {
        inputs.remember(skeleton_id, reads, Some(Arc::new(skeleton)));
    }
    Ok(Bytes::Now(bytes))
}

/// The bytes of what a job made, what it read recorded.
fn finished(
    inputs: &Inputs,
    (file, id): (&str, u64),
    reads: Vec<deps::Read>,
    made: Made,
) -> Result<Bytes, Diagnostic> {
    let bytes = match made {
        Made::Spliced(skeleton) => {
            let bytes = skeleton.assemble(|piece| inputs.piece_text(piece));
            remember_spliced(inputs, id, reads, &skeleton);
            // Its pieces are made before any job, from the same values.
            let missing = || std::io::Error::other("a piece of it is missing");
            return bytes
                .map(Bytes::Now)
                .ok_or_else(|| write_error(file, missing()));
        }
        Made::Template(draft) => Bytes::Now(draft.render_bytes(inputs.site.theme)?),
        Made::Bytes(bytes) => Bytes::Now(bytes),
        Made::Later(later) => Bytes::Later(later),
    };
    inputs.remember(id, reads, None);
    Ok(bytes)
}

/// One broken template fails every page that uses it: it is reported once.
fn sorted(mut diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diags.sort_by(|a, b| (&a.path, a.line, &a.message).cmp(&(&b.path, b.line, &b.message)));
    diags.dedup_by(|a, b| a.path == b.path && a.line == b.line && a.message == b.message);
    diags
}

pub(crate) fn write_error(path: &str, e: std::io::Error) -> Diagnostic {
    use crate::messages::render::Render;
    Diagnostic::error("public", crate::t!(Render::CannotWrite, path, error = e))
        .help(crate::t!(Render::CannotWriteHelp))
}

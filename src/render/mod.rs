//! The render stage: every output of the site is one `Job` of one list, made on all cores and
//! written (or kept) the same way, its problems collected the same way.
//!
//! - `pages`: single pages, the home page, lists, taxonomies and terms, 404, search;
//! - `calendar`: the week's grid, one page per day, free events, the printed schedule;
//! - `posters`: each event's A4 poster and `.ics`, and the week's `.ics`;
//! - `tables`: `/tables/` with its .csv and .xlsx (or the files of ROOT/reports/);
//! - `files`: the feed, sitemap, robots.txt, search index and highlight stylesheet.
//!
//! A template output's reuse key is derived from what it is made of (`keys`): the template's
//! name, the theme's generation and the exact bytes of its context. `xuezhou serve` keeps a file
//! whose key is unchanged; nothing has to be kept in step with what a job puts in its context.

mod calendar;
mod files;
mod keys;
mod pages;
mod posters;
pub mod search;
mod site;
pub mod tables;

pub use keys::Draft;

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::model::calendar::DayList;
use crate::model::Model;
use crate::output::Sink;
use crate::page::Page;
use crate::templates::Theme;
use crate::views::{PageExtras, Urls};
use rayon::prelude::*;
use serde_json::Value;
use std::collections::{HashMap, HashSet};

pub struct Site<'a> {
    pub config: &'a Config,
    pub pages: &'a [Page],
    pub extras: &'a [PageExtras],
    pub model: &'a Model,
    pub theme: &'a Theme,
    pub urls: Urls<'a>,
    /// Section name -> (title, intro HTML) from `_index.md`.
    pub sections: HashMap<String, (Option<String>, String)>,
    /// Whether the highlight stylesheet is published.
    pub has_code: bool,
    /// `xuezhou serve` only: what earlier builds rendered that may be used again.
    pub reuse: Option<&'a dyn Reuse>,
}

/// Lets `xuezhou serve` skip work an earlier build did. Every key is a hash of exactly what the
/// output is made of (see `keys`), so the implementation only compares keys.
pub trait Reuse: Sync {
    /// Changes whenever the templates or the settings do; part of every key.
    fn generation(&self) -> u64;
    /// A piece of HTML (an event card, a calendar entry) rendered before from inputs with `key`.
    fn fragment(&self, key: u64) -> Option<String>;
    fn store_fragment(&self, key: u64, html: &str);
    /// Whether the served `file` was made from inputs with this `key`: then it is kept, not
    /// made again. Records the key for the next build either way.
    fn unchanged(&self, file: &str, key: u64) -> bool;
}

/// One output of the site; each room of the render stage makes its own kind.
#[derive(Debug)]
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
pub(crate) enum Made<'a> {
    /// A template and its context: rendered unless serve has the file from the same key.
    Template(Draft<'a>),
    /// Bytes made from data, costly enough to skip while `key` (a hash of that data) holds.
    Data {
        key: Option<u64>,
        make: Box<dyn FnOnce() -> Result<Vec<u8>, Diagnostic> + 'a>,
    },
    /// Bytes that cost less to make than to key (serve writes them only if they changed).
    Bytes(Vec<u8>),
}

/// Everything jobs share, made once before the jobs run.
pub(crate) struct Inputs<'a> {
    pub site: &'a Site<'a>,
    /// The `site` value every page shows.
    pub site_value: Value,
    /// serve: the theme's generation and a hash of `site_value` but its build time (0 in a build).
    pub seed: u64,
    /// Each event's card, rendered once for every list it appears on.
    pub cards: HashMap<usize, String>,
    pub days: Vec<DayList>,
    pub week: Vec<calendar::WeekDay>,
    /// The printed schedule's rows of events outside the week.
    pub outside_rows: String,
    pub outside: HashSet<usize>,
    pub tables: Vec<crate::tables::Table>,
    /// Each event's VEVENT: its own .ics and week.ics share it.
    pub vevents: HashMap<usize, String>,
    /// The addresses the sitemap lists, in job order.
    pub sitemap: Vec<String>,
}

impl<'a> Inputs<'a> {
    /// A page template's context with what every page has: `site`, `current` and `og`.
    pub fn draft(&self, template: &'static str, current: &str, og: Value) -> Draft<'a> {
        let mut draft = self.bare_draft(template);
        draft.insert_known("site", &self.site_value, self.seed);
        draft.insert("current", current);
        draft.insert("og", &og);
        draft
    }

    /// A template's context with nothing in it yet (for fragments and print views).
    pub fn bare_draft(&self, template: &'static str) -> Draft<'a> {
        Draft::new(template, self.site.reuse.is_some(), self.seed)
    }

    /// Renders a fragment (a card, a calendar entry), or takes it from serve's earlier builds.
    pub fn fragment(&self, draft: Draft) -> Result<String, Diagnostic> {
        let reuse = self.site.reuse.zip(draft.key());
        if let Some(html) = reuse.and_then(|(r, key)| r.fragment(key)) {
            return Ok(html);
        }
        let html = draft.render(self.site.theme)?;
        if let Some((r, key)) = reuse {
            r.store_fragment(key, &html);
        }
        Ok(html)
    }

    pub fn cards_of(&self, events: &[usize]) -> Vec<&str> {
        events
            .iter()
            .filter_map(|i| self.cards.get(i).map(String::as_str))
            .collect()
    }
}

impl Job {
    fn place(&self, inputs: &Inputs) -> Place {
        match self {
            Job::Pages(job) => pages::place(inputs, job),
            Job::Calendar(job) => calendar::place(inputs, job),
            Job::Posters(job) => posters::place(inputs, job),
            Job::Tables(job) => tables::place(inputs, job),
            Job::Files(job) => files::place(job),
        }
    }

    fn make<'a>(&self, inputs: &'a Inputs) -> Result<Made<'a>, Diagnostic> {
        match self {
            Job::Pages(job) => pages::make(inputs, job),
            Job::Calendar(job) => calendar::make(inputs, job),
            Job::Posters(job) => posters::make(inputs, job),
            Job::Tables(job) => tables::make(inputs, job),
            Job::Files(job) => files::make(inputs, job),
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
    jobs.extend(files::jobs(site));
    let places: Vec<Place> = jobs.iter().map(|job| job.place(&inputs)).collect();
    inputs.sitemap = places
        .iter()
        .filter_map(|place| place.address.as_deref())
        .map(|address| site.urls.permalink(address))
        .collect();
    let results: Vec<Result<(), Diagnostic>> = jobs
        .par_iter()
        .zip(&places)
        .map(|(job, place)| run(&inputs, job, &place.file, sink))
        .collect();
    diags.extend(results.into_iter().filter_map(Result::err));
    Rendered {
        files: jobs.len(),
        diags: sorted(diags),
    }
}

/// The fragments and data every job may use. The fragments are rendered first, each once.
fn prepare<'a>(site: &'a Site<'a>) -> Result<Inputs<'a>, Vec<Diagnostic>> {
    let site_value = site.site_value();
    let seed = site
        .reuse
        .map_or(0, |reuse| keys::site_seed(reuse.generation(), &site_value));
    let model = site.model;
    let mut inputs = Inputs {
        site,
        site_value,
        seed,
        cards: HashMap::new(),
        days: crate::model::calendar::day_lists(model, site.pages),
        week: Vec::new(),
        outside_rows: String::new(),
        outside: model.outside.iter().copied().collect(),
        tables: tables::public(site),
        vevents: posters::vevents(site),
        sitemap: Vec::new(),
    };
    inputs.cards = pages::cards(&inputs)?;
    let (week, outside_rows) = calendar::week_entries(&inputs)?;
    inputs.week = week;
    inputs.outside_rows = outside_rows;
    Ok(inputs)
}

/// Makes one job's output and writes it, or keeps serve's file when its key is unchanged.
fn run(inputs: &Inputs, job: &Job, file: &str, sink: &Sink) -> Result<(), Diagnostic> {
    let reuse = inputs.site.reuse;
    let kept = |key: Option<u64>| {
        let keep = reuse
            .zip(key)
            .is_some_and(|(r, key)| r.unchanged(file, key));
        if keep {
            sink.keep(file);
        }
        keep
    };
    let bytes = match job.make(inputs)? {
        Made::Template(draft) => {
            if kept(draft.key()) {
                return Ok(());
            }
            draft.render(inputs.site.theme)?.into_bytes()
        }
        Made::Data { key, make } => {
            if kept(key) {
                return Ok(());
            }
            make()?
        }
        Made::Bytes(bytes) => bytes,
    };
    sink.write(file, &bytes).map_err(|e| write_error(file, e))
}

/// One broken template fails every page that uses it: it is reported once.
fn sorted(mut diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diags.sort_by(|a, b| (&a.path, a.line, &a.message).cmp(&(&b.path, b.line, &b.message)));
    diags.dedup_by(|a, b| a.path == b.path && a.line == b.line && a.message == b.message);
    diags
}

pub(crate) fn write_error(path: &str, e: std::io::Error) -> Diagnostic {
    Diagnostic::error("public", format!("cannot write {path}: {e}"))
        .help("check that the output folder is writable and the disk is not full")
}

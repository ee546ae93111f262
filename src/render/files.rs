//! The site's files that are not pages: the Atom feed, the sitemap, robots.txt, the search
//! index and the highlight stylesheet. Each costs less to make than to key.

use super::reader::{Inputs, Reader};
use super::{Made, Place};
use crate::dates::LocalTime;
use crate::diagnostics::Diagnostic;
use crate::page::{Details, Page};
use crate::render::feeds::{self, FeedEntry};

#[derive(Debug, Hash)]
pub(crate) enum Job {
    Atom,
    Sitemap,
    Robots,
    /// One file of the search index: its place in the list, its path under `search/`.
    Search(usize, String),
    Highlight,
}

pub(super) fn jobs(inputs: &Inputs) -> Vec<super::Job> {
    let site = inputs.site;
    let mut jobs = vec![Job::Atom, Job::Sitemap, Job::Robots];
    let names = inputs.search_file_names().map(str::to_string);
    jobs.extend(names.enumerate().map(|(k, name)| Job::Search(k, name)));
    if site.has_code {
        jobs.push(Job::Highlight);
    }
    jobs.into_iter().map(super::Job::Files).collect()
}

pub(super) fn place(job: &Job) -> Place {
    Place::file(match job {
        Job::Atom => "atom.xml",
        Job::Sitemap => "sitemap.xml",
        Job::Robots => "robots.txt",
        Job::Search(_, name) => return Place::file(format!("{}{name}", super::search::INDEX_DIR)),
        Job::Highlight => "highlight.css",
    })
}

pub(super) fn make(r: &Reader, job: &Job) -> Result<Made, Diagnostic> {
    let site = r.site();
    let text = match job {
        Job::Atom => {
            let entries = feed_entries(r);
            let updated = entries
                .first()
                .map(|e| e.updated.clone())
                .unwrap_or_else(|| {
                    format!("{}T00:00:00+00:00", r.model().week_start.format("%Y-%m-%d"))
                });
            feeds::atom(site.config, &entries, &updated)
        }
        Job::Sitemap => feeds::sitemap(r.sitemap()),
        Job::Robots => feeds::robots(site.config),
        Job::Search(k, _) => return Ok(Made::Bytes(r.search_file(*k).to_vec())),
        Job::Highlight => crate::markdown::highlight::stylesheet(),
    };
    Ok(Made::Bytes(text.into_bytes()))
}

/// Newest first: events by start, cases by date, then the rest.
fn feed_entries(r: &Reader) -> Vec<FeedEntry> {
    const SHOWN: usize = 50;
    let site = r.site();
    let offset = site.config.week.utc_offset;
    let week_start = r.model().week_start;
    let pages = r.pages();
    let when = |page: &Page| -> LocalTime {
        let at_midnight = |date| LocalTime { date, time: None };
        match &page.details {
            Details::Event(e) => Some(e.start),
            Details::Case(c) => c.date.map(at_midnight),
            _ => None,
        }
        .unwrap_or_else(|| at_midnight(week_start))
    };
    // Ordered by the local time itself (the offset is the site's one for all): the entries of
    // the newest fifty alone are made, not one for each of 10,000 pages on every title edit.
    let mut order: Vec<(chrono::NaiveDateTime, usize)> = pages
        .iter()
        .enumerate()
        .map(|(i, page)| (when(page).naive(), i))
        .collect();
    // Newest first; pages of the same time in site order.
    order.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    order.truncate(SHOWN);
    order
        .into_iter()
        .map(|(_, i)| {
            let page = &pages[i];
            FeedEntry {
                title: page.title.clone(),
                permalink: site.urls.permalink(&page.path),
                summary: page.summary.clone(),
                updated: when(page).rfc3339(offset),
            }
        })
        .collect()
}

//! The model of the pages, and serve's copy of it across rebuilds.
//!
//! Serve keeps the last model while everything it is made from is the same: the settings,
//! every page's front matter and the day (a site without events or week dates starts its week
//! today). An edit of one page that changed nothing the model reads but its title keeps it
//! too, when the title leaves the page where it was among the events of the same start: a
//! title edit is the commonest edit of all, and making the model of 10,000 events again was a
//! fifth of it.

use super::BuildCache;
use crate::config::Config;
use crate::model::{self, Model};
use crate::page::{Kind, Page};
use crate::render;
use std::sync::Arc;

/// A model with what it was made from.
pub struct KeptModel {
    pub model: Arc<Model>,
    /// Its version in serve's reuse keys.
    pub version: u64,
    /// The settings and the day it was made with, and its pages with their versions.
    pub settings: u64,
    pub pages: Vec<Arc<Page>>,
    pub page_versions: Vec<u64>,
}

/// The model of the pages, and its version (0 in a build, which keys nothing).
pub(super) fn model_of(
    config: &Config,
    pages: &[Arc<Page>],
    page_versions: Option<&[u64]>,
    inc: Option<&dyn BuildCache>,
) -> (Arc<Model>, u64) {
    let (Some(inc), Some(versions)) = (inc, page_versions) else {
        return (Arc::new(model::build(config, pages)), 0);
    };
    let started = std::time::Instant::now();
    let today = crate::dates::today(config.week.utc_offset);
    let settings = render::deps::hash_of(&(format!("{config:?}"), today));
    let last = inc.model().filter(|last| last.settings == settings);
    let kept =
        last.filter(|last| last.page_versions == versions || only_titles(last, pages, versions));
    let (how, model, version) = match kept {
        Some(last) => ("kept", Arc::clone(&last.model), last.version),
        None => {
            let model = Arc::new(model::build(config, pages));
            let version = render::deps::hash_of(&*model);
            ("made", model, version)
        }
    };
    inc.store_model(Arc::new(KeptModel {
        model: Arc::clone(&model),
        version,
        settings,
        pages: pages.to_vec(),
        page_versions: versions.to_vec(),
    }));
    crate::timings::report(
        || format!("model {how}"),
        started,
        std::time::Duration::ZERO,
    );
    (model, version)
}

/// Whether `pages` differ from the last model's in one page, and there in nothing the model
/// reads (its kind, weight, address and details: dates, town, category, audience, topics,
/// free, launch) but its title, and the title leaves it where it was in the model's lists.
fn only_titles(last: &KeptModel, pages: &[Arc<Page>], versions: &[u64]) -> bool {
    if pages.len() != last.pages.len() || versions.len() != last.page_versions.len() {
        return false;
    }
    let mut changed = (0..versions.len()).filter(|&i| versions[i] != last.page_versions[i]);
    let (Some(j), None) = (changed.next(), changed.next()) else {
        return false;
    };
    let (was, now) = (&last.pages[j], &pages[j]);
    let same = was.kind == now.kind
        && was.weight == now.weight
        && was.path == now.path
        && format!("{:?}", was.details) == format!("{:?}", now.details);
    if !same {
        return false;
    }
    if was.title == now.title {
        return true;
    }
    match now.kind {
        // The events are ordered by start, weight, then title: the page's neighbours tell.
        Kind::Event => {
            let events = &last.model.events;
            let Some(at) = events.iter().position(|&i| i == j) else {
                // Not on the model's lists (an event page without a start): no title read.
                return true;
            };
            let key = |i: usize| {
                let page = &pages[i];
                let start = page.event().map(|e| e.start.naive());
                (start, std::cmp::Reverse(page.weight), &*page.title, i)
            };
            let before = at.checked_sub(1).map(|k| key(events[k]));
            let after = events.get(at + 1).map(|&i| key(i));
            before.is_none_or(|b| b < key(j)) && after.is_none_or(|a| key(j) < a)
        }
        // Cases, stars and reading lists are ordered by title too; plain pages by address.
        Kind::Plain => true,
        _ => false,
    }
}

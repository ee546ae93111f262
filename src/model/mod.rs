//! The site model built from checked pages: events in order, the days of the week, the four
//! taxonomies with pinyin addresses, and the lists of cases, stars and reading lists.

pub mod calendar;
pub mod tables;
pub mod text;

pub use text::{event_text, EventText};

use crate::config::Config;
use crate::page::{Details, Kind, Page};
use crate::slug::pinyin_slug;
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

/// One of the four ways events are grouped: towns, categories, topics, audiences.
#[derive(Debug, Hash)]
pub struct Taxonomy {
    /// The address segment and the site.toml list name: `towns`.
    pub key: &'static str,
    pub name_zh: &'static str,
    pub terms: Vec<Term>,
}

#[derive(Debug, Hash)]
pub struct Term {
    pub name: String,
    pub slug: String,
    /// Indexes into `Model::pages`, in event order.
    pub events: Vec<usize>,
}

#[derive(Debug, Hash)]
pub struct Day {
    pub date: NaiveDate,
    pub events: Vec<usize>,
}

#[derive(Debug, Hash)]
pub struct Model {
    pub week_start: NaiveDate,
    pub week_end: NaiveDate,
    /// Events by start, then title.
    pub events: Vec<usize>,
    /// Each day of the week with the events on it (multi-day events on each of their days).
    pub days: Vec<Day>,
    /// Events not on any day of the week: listed apart.
    pub outside: Vec<usize>,
    pub launch: Vec<usize>,
    /// The free events, by page index: lists of them read the model, not every event.
    pub free: std::collections::BTreeSet<usize>,
    pub taxonomies: Vec<Taxonomy>,
    /// Newest first.
    pub cases: Vec<usize>,
    pub stars: Vec<usize>,
    pub readings: Vec<usize>,
    pub plain: Vec<usize>,
    /// The address of every term, apart from which events it has.
    pub slugs: TermSlugs,
    /// Every day with a page (`calendar::day_lists`): made with the model, so that serve keeps
    /// them while it keeps the model.
    pub day_lists: Vec<calendar::DayList>,
}

/// Each term's address segment, by taxonomy and name: all a page needs of the model to link
/// its town, category, topics and audiences (so that a page does not depend on the lists).
#[derive(Debug, Hash, Default)]
pub struct TermSlugs(BTreeMap<&'static str, BTreeMap<String, String>>);

impl TermSlugs {
    fn of(taxonomies: &[Taxonomy]) -> TermSlugs {
        TermSlugs(
            taxonomies
                .iter()
                .map(|tax| {
                    let terms = tax.terms.iter().map(|t| (t.name.clone(), t.slug.clone()));
                    (tax.key, terms.collect())
                })
                .collect(),
        )
    }

    pub fn get(&self, taxonomy: &str, name: &str) -> Option<&str> {
        self.0.get(taxonomy)?.get(name).map(String::as_str)
    }
}

impl Model {
    /// The events on at least one day of the week: what "共 N 项活动" of the week counts. The
    /// others are counted apart, where they are listed.
    pub fn week_count(&self) -> usize {
        self.events.len() - self.outside.len()
    }

    pub fn term_slug(&self, taxonomy: &str, name: &str) -> Option<&str> {
        self.slugs.get(taxonomy, name)
    }
}

/// Builds the model. Taxonomy terms follow site.toml's list order; terms with no event are kept
/// so that every town has its page (an empty town page says so).
pub fn build(config: &Config, pages: &[Arc<Page>]) -> Model {
    let events = events_in_order(pages);
    let (week_start, week_end) = week(config, pages, &events);
    let Placed {
        days,
        outside,
        launch,
    } = place_on_days(pages, &events, week_start, week_end);
    let taxonomies = taxonomies(config, pages, &events);
    let free = events
        .iter()
        .copied()
        .filter(|&i| pages[i].event().is_some_and(|e| e.free == Some(true)))
        .collect();
    let Others {
        cases,
        stars,
        readings,
        plain,
    } = others(pages);
    let mut model = Model {
        week_start,
        week_end,
        events,
        days,
        outside,
        launch,
        free,
        slugs: TermSlugs::of(&taxonomies),
        taxonomies,
        cases,
        stars,
        readings,
        plain,
        day_lists: Vec::new(),
    };
    model.day_lists = calendar::day_lists(&model, pages);
    model
}

/// The events by start, then weight (heavier first), then title, then place in the content.
fn events_in_order(pages: &[Arc<Page>]) -> Vec<usize> {
    // Each key made once: comparing through the pages (an event's start made again for every
    // comparison) was most of the model's time at 10,000 events. The index makes every key
    // distinct, so the unstable sort keeps the content's order among equals.
    let mut keyed: Vec<(chrono::NaiveDateTime, std::cmp::Reverse<i64>, &str, usize)> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.kind == Kind::Event)
        .filter_map(|(i, p)| {
            let e = p.event()?;
            Some((e.start.naive(), std::cmp::Reverse(p.weight), &*p.title, i))
        })
        .collect();
    keyed.sort_unstable();
    keyed.into_iter().map(|(.., i)| i).collect()
}

/// The week's first and last day: as set in site.toml, else from the first event's day (or
/// today), seven days long.
fn week(config: &Config, pages: &[Arc<Page>], events: &[usize]) -> (NaiveDate, NaiveDate) {
    let first_event_day = events
        .iter()
        .filter_map(|&i| pages[i].event().map(|e| e.start.date))
        .min();
    let start = config
        .week
        .start
        .or(first_event_day)
        .unwrap_or_else(|| crate::dates::today(config.week.utc_offset));
    let end = config
        .week
        .end
        .unwrap_or_else(|| start + chrono::Duration::days(6));
    (start, end)
}

struct Placed {
    days: Vec<Day>,
    outside: Vec<usize>,
    launch: Vec<usize>,
}

/// Each event on every day of the week it runs (an event of several days is on each), or
/// outside the week; and the launch events.
fn place_on_days(
    pages: &[Arc<Page>],
    events: &[usize],
    start: NaiveDate,
    end: NaiveDate,
) -> Placed {
    let mut days: Vec<Day> = Vec::new();
    let mut d = start;
    while d <= end && days.len() < 31 {
        days.push(Day {
            date: d,
            events: Vec::new(),
        });
        match d.succ_opt() {
            Some(n) => d = n,
            None => break,
        }
    }
    let mut outside = Vec::new();
    let mut launch = Vec::new();
    for &i in events {
        let Some(e) = pages[i].event() else { continue };
        let mut placed = false;
        for day in e.days() {
            // The days follow each other from `start`.
            let k = usize::try_from((day - start).num_days()).ok();
            if let Some(slot) = k.and_then(|k| days.get_mut(k)) {
                slot.events.push(i);
                placed = true;
            }
        }
        if !placed {
            outside.push(i);
        }
        if e.launch {
            launch.push(i);
        }
    }
    // On each day, timed events by start time and all-day ones first.
    for day in &mut days {
        day.events.sort_by_cached_key(|&i| {
            let e = pages[i].event();
            let all_day_or_earlier = e.map(|e| e.all_day() || e.start.date < day.date);
            (
                !all_day_or_earlier.unwrap_or(false),
                e.and_then(|e| e.start.time),
            )
        });
    }
    Placed {
        days,
        outside,
        launch,
    }
}

/// Towns, categories, topics and audiences, their terms in site.toml's order.
fn taxonomies(config: &Config, pages: &[Arc<Page>], events: &[usize]) -> Vec<Taxonomy> {
    let lists = &config.lists;
    let mut taxonomies = vec![
        taxonomy("towns", "镇（街道）", &lists.towns),
        taxonomy("categories", "活动类别", &lists.categories),
        taxonomy("topics", "活动主题", &lists.topics),
        taxonomy("audiences", "面向对象", &lists.audiences),
    ];
    // Each term found by its name in a map: a walk along every list for every event was half
    // of the model's time at 10,000 events.
    let places: Vec<HashMap<String, usize>> = taxonomies
        .iter()
        .map(|tax| {
            let names = tax
                .terms
                .iter()
                .enumerate()
                .map(|(t, term)| (term.name.clone(), t));
            names.rev().collect()
        })
        .collect();
    for &i in events {
        let Some(e) = pages[i].event() else { continue };
        let names: [&[String]; 4] = [
            std::slice::from_ref(&e.town),
            std::slice::from_ref(&e.category),
            &e.topics,
            &e.audience,
        ];
        for ((tax, places), names) in taxonomies.iter_mut().zip(&places).zip(names) {
            add(tax, places, names, i);
        }
    }
    taxonomies
}

struct Others {
    cases: Vec<usize>,
    stars: Vec<usize>,
    readings: Vec<usize>,
    plain: Vec<usize>,
}

/// The pages that are not events, each kind in its order: heavier first, then cases by date
/// (latest first), the others by title (plain pages by address).
fn others(pages: &[Arc<Page>]) -> Others {
    let mut by_kind: HashMap<Kind, Vec<usize>> = HashMap::new();
    for (i, p) in pages.iter().enumerate() {
        by_kind.entry(p.kind).or_default().push(i);
    }
    let mut take = |k: Kind| by_kind.remove(&k).unwrap_or_default();
    let mut cases = take(Kind::Case);
    cases.sort_by_key(|&i| {
        let date = match &pages[i].details {
            Details::Case(c) => c.date,
            _ => None,
        };
        (
            std::cmp::Reverse(pages[i].weight),
            std::cmp::Reverse(date),
            pages[i].title.clone(),
        )
    });
    let mut stars = take(Kind::Star);
    stars.sort_by_key(|&i| (std::cmp::Reverse(pages[i].weight), pages[i].title.clone()));
    let mut readings = take(Kind::Reading);
    readings.sort_by_key(|&i| (std::cmp::Reverse(pages[i].weight), pages[i].title.clone()));
    let mut plain = take(Kind::Plain);
    plain.sort_by_key(|&i| (std::cmp::Reverse(pages[i].weight), pages[i].path.clone()));
    Others {
        cases,
        stars,
        readings,
        plain,
    }
}

fn taxonomy(key: &'static str, name_zh: &'static str, names: &[String]) -> Taxonomy {
    // Two terms may share a pinyin (同音字): the later one gets -2, -3 … in list order.
    let mut seen: HashSet<String> = HashSet::new();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let terms = names
        .iter()
        .map(|name| {
            let base = pinyin_slug(name);
            let mut slug = base.clone();
            while seen.contains(&slug) {
                let n = counts.entry(base.clone()).or_insert(1);
                *n += 1;
                slug = format!("{base}-{n}");
            }
            seen.insert(slug.clone());
            Term {
                name: name.clone(),
                slug,
                events: Vec::new(),
            }
        })
        .collect();
    Taxonomy {
        key,
        name_zh,
        terms,
    }
}

/// Adds event `page` to its terms `names` (the first term of each name, as site.toml lists
/// them), once.
fn add(tax: &mut Taxonomy, places: &HashMap<String, usize>, names: &[String], page: usize) {
    for name in names {
        if let Some(t) = places.get(name).map(|&t| &mut tax.terms[t]) {
            if t.events.last() != Some(&page) {
                t.events.push(page);
            }
        }
    }
}

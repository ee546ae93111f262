//! The week's calendar (SPEC §5); the days and labels it shows come from `model::calendar`.
//!
//! - `/calendar/`: the week as a seven-day grid (a list by day on a phone), each event on each
//!   of its days by start time, events outside the week listed apart; filters.
//! - `/calendar/YYYY-MM-DD/`: one day. Every day of the week has one, and so has every other
//!   day an event runs on, so that a date anywhere on the site can link to its day.
//! - `/calendar/free/`: the free events (the filters' link for "free" without script).
//! - `/calendar/print/`: the week's schedule on A4 landscape.

use super::reader::{Draft, Inputs, Reader};
use super::{posters, tables, Made, Place};
use crate::dates::{md_zh, weekday_zh};
use crate::diagnostics::Diagnostic;
use crate::model::calendar::{day_label, DayList};
use crate::render::views;
use chrono::{Datelike, NaiveDate};
use serde_json::{json, Value};
use std::collections::HashSet;
use std::ops::Range;
use std::sync::Arc;

#[derive(Debug, Hash)]
pub(crate) enum Job {
    Week,
    Day(usize),
    Free,
    SchedulePrint,
}

/// The calendar's jobs and those that hang off it (tables, .ics files, posters), the big
/// single pages first so that they do not finish last on one core.
pub(super) fn jobs(inputs: &Inputs) -> Vec<super::Job> {
    use super::Job::{Calendar, Posters};
    let mut jobs = vec![Calendar(Job::Week), Calendar(Job::SchedulePrint)];
    jobs.extend(tables::jobs(inputs));
    jobs.extend([Posters(posters::Job::WeekIcs), Calendar(Job::Free)]);
    jobs.extend((0..inputs.day_count()).map(|day| Calendar(Job::Day(day))));
    jobs.extend(posters::jobs(inputs));
    jobs
}

pub(super) fn place(r: &Reader, job: &Job) -> Place {
    match job {
        Job::Week => Place::page("calendar/".into()),
        Job::Day(k) => Place::page(day_address(&r.days()[*k])),
        Job::Free => Place::page("calendar/free/".into()),
        Job::SchedulePrint => Place::unlisted("calendar/print/"),
    }
}

fn day_address(day: &DayList) -> String {
    format!("calendar/{}/", day.date.format("%Y-%m-%d"))
}

/// One day of the week's grid and printed schedule: its entries are `items` of the week's.
#[derive(Hash)]
pub(crate) struct WeekDay {
    date: NaiveDate,
    count: usize,
    items: Range<usize>,
}

/// One event on one day of the week, as the grid shows it (`partials/cal_entry.html`) and as
/// the printed schedule does (`partials/schedule_row.html`), made once for both (a piece of
/// each, see `splice`).
#[derive(Clone)]
pub(crate) struct Entry {
    pub entry: Arc<str>,
    pub row: Arc<str>,
    pub version: u64,
}

fn anchor(d: NaiveDate) -> String {
    format!("d{}", d.format("%m%d"))
}

/// One event on one day of the calendar.
fn entry(r: &Reader, i: usize, day: NaiveDate) -> Value {
    let page = r.page(i);
    let Some(e) = page.event() else {
        return Value::Null;
    };
    let (label, whole_day) = day_label(e, day);
    json!({
        "title": page.title,
        "url": r.site().urls.path(&page.path),
        "slug": page.slug,
        "label": label,
        "all_day": whole_day,
        "multi_day": e.last_day() > e.start.date,
        "town": e.town,
        "category": e.category,
        "free": if e.free == Some(true) { "yes" } else { "no" },
        "is_free": e.free == Some(true),
        "audience": e.audience.join(" "),
        "audience_zh": e.audience.join("、"),
        "place": crate::model::event_text(e).venue,
        "organizer": e.organizer,
        "contact": e.contact,
        "launch": e.launch,
        "format_zh": e.format.zh(),
    })
}

fn entry_and_row(r: &Reader, entry: &Value) -> Result<(String, String), Diagnostic> {
    let mut grid = Draft::new("partials/cal_entry.html");
    grid.insert("x", entry);
    let mut row = Draft::new("partials/schedule_row.html");
    row.insert("x", entry);
    Ok((grid.render(r.theme())?, row.render(r.theme())?))
}

/// The week's days, each event on each day rendered once, in parallel, through the two small
/// partials (as the event cards are), and the printed schedule's rows of events outside the
/// week. Pages show them as pieces: an edit of one title changes two pieces, not the week.
pub(super) fn week_entries(
    inputs: &Inputs,
) -> Result<(Vec<WeekDay>, Vec<Entry>, String), Vec<Diagnostic>> {
    let untracked = inputs.reader();
    let week: Vec<&DayList> = untracked.days().iter().filter(|d| d.in_week).collect();
    let items: Vec<(usize, NaiveDate)> = week
        .iter()
        .flat_map(|d| d.events.iter().map(move |&i| (i, d.date)))
        .collect();
    let id = |&(i, day): &(usize, NaiveDate)| {
        let day_number = u64::try_from(day.num_days_from_ce()).unwrap_or_default();
        crate::render::deps::id_at("calendar entry", inputs.page_path(i), day_number)
    };
    let entries = inputs.memo_each("calendar entries", &items, id, |r, &(i, day)| {
        let (entry, row) = entry_and_row(r, &entry(r, i, day))?;
        let version = crate::render::deps::hash_of(&(&entry, &row));
        Ok(Entry {
            entry: entry.into(),
            row: row.into(),
            version,
        })
    })?;
    let mut start = 0;
    let days: Vec<WeekDay> = week
        .iter()
        .map(|d| {
            let items = start..start + d.events.len();
            start = items.end;
            WeekDay {
                date: d.date,
                count: d.events.len(),
                items,
            }
        })
        .collect();
    let mut errors = Vec::new();
    // Events outside the week, in the printed schedule: the date goes with the time.
    let mut outside = String::new();
    for &i in &untracked.model().outside {
        let made = inputs.memo("outside row", inputs.page_path(i), |r| {
            let Some(e) = r.page(i).event() else {
                return Ok(None);
            };
            let mut x = entry(r, i, e.start.date);
            let text = crate::model::event_text(e);
            x["label"] = json!(format!("{} {}", text.date, text.time));
            Ok(Some(Arc::<str>::from(entry_and_row(r, &x)?.1)))
        });
        match made {
            Ok(row) => outside.push_str(row.as_deref().unwrap_or_default()),
            Err(d) => errors.push(d),
        }
    }
    if errors.is_empty() {
        Ok((days, entries, outside))
    } else {
        Err(errors)
    }
}

/// The values the filters offer among `events`, each with its count there (the form filters
/// this page in place); and the links used without script, each with the count of the page it
/// leads to (a term's page lists all its events, not only this page's).
fn filters(r: &Reader, events: &[usize]) -> Value {
    let site = r.site();
    let urls = &site.urls;
    let model = r.model();
    let on: HashSet<usize> = events.iter().copied().collect();
    let facet = |key: &str| -> Vec<Value> {
        let Some(tax) = model.taxonomies.iter().find(|t| t.key == key) else {
            return Vec::new();
        };
        tax.terms
            .iter()
            .filter_map(|term| {
                let count = term.events.iter().filter(|i| on.contains(i)).count();
                (count > 0).then(|| {
                    json!({
                        "name": term.name,
                        "count": count,
                        "total": term.events.len(),
                        "url": urls.path(&format!("{key}/{}/", term.slug)),
                    })
                })
            })
            .collect()
    };
    let free = events.iter().filter(|&i| model.free.contains(i)).count();
    // A day's page links to the free events of the whole site: it gives no count rather than
    // read every event of the site (which would make every edit re-render every day).
    let wider = events.len() < model.events.len();
    json!({
        "towns": facet("towns"),
        "categories": facet("categories"),
        "audiences": facet("audiences"),
        "free_count": free,
        "free_total": if wider { Value::Null } else { json!(free) },
        "free_url": urls.path("calendar/free/"),
        "total": events.len(),
        "wider": wider,
    })
}

fn offset_minutes(r: &Reader) -> i32 {
    r.site().config.week.utc_offset.local_minus_utc() / 60
}

/// The week's days for the grid (`entries_html`) or the printed schedule (`rows_html`).
fn week_days(r: &Reader, print: bool) -> Vec<Value> {
    let urls = &r.site().urls;
    r.week()
        .iter()
        .map(|d| {
            let mut day = json!({"date": views::date_view(d.date, urls), "anchor": anchor(d.date), "count": d.count});
            let html = r.entries(d.items.clone(), print);
            day[if print { "rows_html" } else { "entries_html" }] = json!(html);
            day
        })
        .collect()
}

pub(super) fn make(r: &Reader, job: &Job) -> Result<Made, Diagnostic> {
    let site = r.site();
    let model = r.model();
    let urls = &site.urls;
    let draft = match job {
        Job::Week => {
            let title = "活动日历";
            let og = site.og(title, None, "calendar/", None);
            let mut draft = r.draft("calendar.html", "calendar", og);
            draft.insert("title", title);
            draft.insert("days", &week_days(r, false));
            draft.insert("outside", &super::pages::dated_cards(r, &model.outside)?);
            draft.insert("event_count", &model.week_count());
            draft.insert("outside_count", &model.outside.len());
            draft.insert("filters", &filters(r, &model.events));
            draft.insert("offset_minutes", &offset_minutes(r));
            draft.insert("week_ics_url", &urls.path("calendar/week.ics"));
            draft.insert("print_url", &urls.path("calendar/print/"));
            draft
        }
        Job::Day(k) => day_page(r, &r.days()[*k]),
        Job::Free => {
            let title = "免费活动";
            let og = site.og(title, None, "calendar/free/", None);
            let mut draft = r.draft("term.html", "calendar", og);
            let free: HashSet<usize> = model
                .events
                .iter()
                .copied()
                .filter(|i| model.free.contains(i))
                .collect();
            let (days, outside) = super::pages::by_day(r, Some(&free))?;
            draft.insert("title", title);
            draft.insert("outside_count", &outside.len());
            // term.html shows where the list belongs: the calendar, in place of a taxonomy.
            draft.insert(
                "taxonomy",
                &json!({"key": "calendar", "name": "活动日历", "url": urls.path("calendar/")}),
            );
            draft.insert("days", &days);
            draft.insert("outside", &outside);
            draft.insert("event_count", &free.len());
            draft
        }
        Job::SchedulePrint => {
            let title = format!("{}活动日程", site.config.title);
            let og = site.og(&title, None, "calendar/print/", None);
            let mut draft = r.draft("schedule_print.html", "calendar", og);
            draft.insert("title", &title);
            draft.insert("days", &week_days(r, true));
            draft.insert("outside_rows_html", r.outside_rows());
            draft.insert("event_count", &model.week_count());
            draft.insert("outside_count", &model.outside.len());
            draft.insert("calendar_url", &urls.path("calendar/"));
            draft
        }
    };
    Ok(Made::Template(draft))
}

fn day_page(r: &Reader, day: &DayList) -> Draft {
    let site = r.site();
    let urls = &site.urls;
    let address = day_address(day);
    let title = format!("{} {}的活动", md_zh(day.date), weekday_zh(day.date));
    let mut draft = r.draft(
        "day.html",
        "calendar",
        site.og(&title, None, &address, None),
    );
    // The neighbours are the week's days, read from the days alone (not from the week's
    // entries, which change with every title).
    let week: Vec<NaiveDate> = r
        .days()
        .iter()
        .filter(|d| d.in_week)
        .map(|d| d.date)
        .collect();
    let position = week.iter().position(|&date| date == day.date);
    let prev = position
        .and_then(|p| p.checked_sub(1))
        .map(|p| views::date_view(week[p], urls));
    let next = position
        .and_then(|p| week.get(p + 1))
        .map(|&date| views::date_view(date, urls));
    draft.insert("title", &title);
    draft.insert("date", &views::date_view(day.date, urls));
    draft.insert("in_week", &day.in_week);
    draft.insert("cards", &r.cards_of(&day.events));
    draft.insert("count", &day.events.len());
    draft.insert("prev", &prev);
    draft.insert("next", &next);
    draft.insert("filters", &filters(r, &day.events));
    draft.insert("offset_minutes", &offset_minutes(r));
    draft
}

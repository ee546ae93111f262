//! The week's calendar and what hangs off it (SPEC §5):
//!
//! - `/calendar/`: the week as a seven-day grid (a list by day on a phone), each event on each
//!   of its days by start time, events outside the week listed apart; filters.
//! - `/calendar/YYYY-MM-DD/`: one day. Every day of the week has one, and so has every other
//!   day an event runs on, so that a date anywhere on the site can link to its day.
//! - `/calendar/free/`: the free events (the filters' link for "free" without script).
//! - `/calendar/print/`: the week's schedule on A4 landscape.
//! - `/calendar/week.ics`, `/events/SLUG/event.ics` (see `ics`).
//! - `/events/SLUG/print/`: an A4 poster of one event with a QR code of its address.
//! - `/tables/`, `/tables/schedule/`, `/tables/statistics/` with their .csv and .xlsx (see
//!   `tables`) when `[tables] publish = true`; otherwise `reports` makes them for ROOT/reports/.

use crate::dates::{md_zh, weekday_zh};
use crate::diagnostics::Diagnostic;
use crate::output::Sink;
use crate::page::{Event, Format};
use crate::render::{write_error, Site};
use crate::tables::{self, Table};
use crate::views;
use chrono::NaiveDate;
use rayon::prelude::*;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap, HashSet};

/// What the calendar's jobs produced.
pub struct Output {
    pub files: usize,
    /// Pages for the sitemap.
    pub permalinks: Vec<String>,
    pub diags: Vec<Diagnostic>,
}

/// One day that has a page: its events in the order they show.
pub struct DayList {
    pub date: NaiveDate,
    pub events: Vec<usize>,
    pub in_week: bool,
}

enum Job {
    Week,
    Day(usize),
    Free,
    SchedulePrint,
    WeekIcs,
    EventIcs(usize),
    EventPrint(usize),
    TablesIndex,
    TableHtml(usize),
    TableCsv(usize),
    TableXlsx(usize),
}

/// How an event reads on one of its days, and whether it takes that whole day.
pub fn day_label(e: &Event, day: NaiveDate) -> (String, bool) {
    let days = e.days();
    let n = days.len();
    let k = days
        .iter()
        .position(|d| *d == day)
        .map(|p| p + 1)
        .unwrap_or(1);
    if e.all_day() {
        return if n <= 1 {
            ("全天".into(), true)
        } else {
            (format!("全天 · 第{k}天/共{n}天"), true)
        };
    }
    let start = e.start;
    if n <= 1 {
        let label = match e.end {
            Some(end) if end.time.is_some() && end.naive() > start.naive() => {
                format!("{}—{}", start.hm(), end.hm())
            }
            _ => start.hm(),
        };
        return (label, false);
    }
    let end = e.end.expect("an event on several days has an end");
    let end_day = if n == 2 {
        "次日 ".to_string()
    } else {
        format!("{} ", md_zh(end.date))
    };
    if k == 1 {
        let label = match end.time {
            Some(_) if end.date == e.last_day() => {
                format!("{} 开始，{end_day}{} 结束", start.hm(), end.hm())
            }
            _ => format!("{} 开始，持续到{}", start.hm(), md_zh(e.last_day())),
        };
        (label, false)
    } else if k == n && end.time.is_some() && end.date == day {
        (
            format!(
                "{} 结束（{} {} 开始）",
                end.hm(),
                md_zh(start.date),
                start.hm()
            ),
            false,
        )
    } else {
        (format!("全天 · 第{k}天/共{n}天"), true)
    }
}

/// Every day with a page: the week's days, then any other day an event runs on.
pub fn day_lists(site: &Site) -> Vec<DayList> {
    let m = site.model;
    let mut out: Vec<DayList> = m
        .days
        .iter()
        .map(|d| DayList {
            date: d.date,
            events: d.events.clone(),
            in_week: true,
        })
        .collect();
    let mut others: BTreeMap<NaiveDate, Vec<usize>> = BTreeMap::new();
    for &i in &m.events {
        let Some(e) = site.pages[i].event() else {
            continue;
        };
        for d in e.days() {
            if d < m.week_start || d > m.week_end {
                others.entry(d).or_default().push(i);
            }
        }
    }
    for (date, mut events) in others {
        // Like the week's days: all-day (or begun earlier) first, then by start time.
        events.sort_by_key(|&i| {
            let e = site.pages[i].event();
            let whole = e
                .map(|e| e.all_day() || e.start.date < date)
                .unwrap_or(false);
            (!whole, e.and_then(|e| e.start.time))
        });
        out.push(DayList {
            date,
            events,
            in_week: false,
        });
    }
    out.sort_by_key(|d| d.date);
    out
}

fn anchor(d: NaiveDate) -> String {
    format!("d{}", d.format("%m%d"))
}

fn place(e: &Event) -> String {
    match (e.format, &e.venue) {
        (Format::Online, _) | (_, None) => "线上".into(),
        (_, Some(v)) => v.clone(),
    }
}

/// One event on one day of the calendar.
fn entry(site: &Site, i: usize, day: NaiveDate) -> Value {
    let p = &site.pages[i];
    let e = p.event().expect("calendar entries are events");
    let (label, whole_day) = day_label(e, day);
    json!({
        "title": p.title,
        "url": site.urls.path(&p.path),
        "slug": p.slug,
        "label": label,
        "all_day": whole_day,
        "multi_day": e.last_day() > e.start.date,
        "town": e.town,
        "category": e.category,
        "free": if e.free == Some(true) { "yes" } else { "no" },
        "is_free": e.free == Some(true),
        "audience": e.audience.join(" "),
        "audience_zh": e.audience.join("、"),
        "place": place(e),
        "organizer": e.organizer,
        "contact": e.contact,
        "launch": e.launch,
        "format_zh": e.format.zh(),
    })
}

/// The values the filters offer, with counts, among `events`; and the links used without script.
fn filters(site: &Site, events: &[usize]) -> Value {
    let m = site.model;
    let u = &site.urls;
    let on: HashSet<usize> = events.iter().copied().collect();
    let facet = |key: &str| -> Vec<Value> {
        m.taxonomies
            .iter()
            .find(|t| t.key == key)
            .map(|t| {
                t.terms
                    .iter()
                    .filter_map(|term| {
                        let n = term.events.iter().filter(|i| on.contains(i)).count();
                        (n > 0).then(|| json!({"name": term.name, "count": n, "url": u.path(&format!("{key}/{}/", term.slug))}))
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let free = events
        .iter()
        .filter(|&&i| site.pages[i].event().is_some_and(|e| e.free == Some(true)))
        .count();
    json!({
        "towns": facet("towns"),
        "categories": facet("categories"),
        "audiences": facet("audiences"),
        "free_count": free,
        "free_url": u.path("calendar/free/"),
        "total": events.len(),
    })
}

fn offset_minutes(site: &Site) -> i32 {
    site.config.week.utc_offset.local_minus_utc() / 60
}

/// Renders a page template to `path/index.html`.
fn page(
    site: &Site,
    template: &str,
    path: &str,
    ctx: &tera::Context,
    sink: &Sink,
) -> Result<(), Diagnostic> {
    let html = site.theme.render(template, ctx)?;
    let file = format!("{path}index.html");
    sink.write(&file, html.as_bytes())
        .map_err(|e| write_error(&file, e))
}

fn file(path: &str, bytes: &[u8], sink: &Sink) -> Result<(), Diagnostic> {
    sink.write(path, bytes).map_err(|e| write_error(path, e))
}

fn table_error(t: &Table, e: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::error("public", format!("cannot make {} {}: {e}", t.label, t.name))
}

/// The tables, when they are published.
fn public_tables(site: &Site) -> Vec<Table> {
    if !site.config.tables.publish {
        return Vec::new();
    }
    vec![
        tables::schedule(site.config, site.pages, site.model),
        tables::statistics(site.config, site.pages, site.model),
    ]
}

/// One day of the week's grid and printed schedule, its entries already rendered.
struct WeekDay {
    date: NaiveDate,
    count: usize,
    /// `partials/cal_entry.html` for each event on the day.
    entries_html: String,
    /// `partials/schedule_row.html` for each event on the day.
    rows_html: String,
}

/// Renders each event on each day of the week once, in parallel, through the two small
/// partials (as the event cards are): a template loop over the 10,000 entries of a big week
/// would make the calendar the slowest page of the site.
fn week_entries(
    site: &Site,
    site_key: u64,
    days: &[DayList],
) -> Result<(Vec<WeekDay>, String), Diagnostic> {
    let week: Vec<&DayList> = days.iter().filter(|d| d.in_week).collect();
    let items: Vec<(usize, usize, NaiveDate)> = week
        .iter()
        .enumerate()
        .flat_map(|(k, d)| d.events.iter().map(move |&i| (k, i, d.date)))
        .collect();
    let render =
        |i: usize, day: NaiveDate, label: Option<String>| -> Result<(String, String), Diagnostic> {
            let mut x = entry(site, i, day);
            if let Some(l) = label {
                x["label"] = json!(l);
            }
            let mut ctx = tera::Context::new();
            ctx.insert("x", &x);
            Ok((
                site.theme.render("partials/cal_entry.html", &ctx)?,
                site.theme.render("partials/schedule_row.html", &ctx)?,
            ))
        };
    // serve: an entry shows one event on one day; it is reused while that event is unchanged.
    let reuse = site.reuse;
    let rendered: Vec<(usize, String, String)> = items
        .par_iter()
        .map(|&(k, i, day)| {
            let (entry_key, row_key) = (format!("cal-entry {day}"), format!("cal-row {day}"));
            if let Some(r) = reuse {
                if let (Some(a), Some(b)) = (
                    r.fragment(i, site_key, &entry_key),
                    r.fragment(i, site_key, &row_key),
                ) {
                    return Ok((k, a, b));
                }
            }
            let (a, b) = render(i, day, None)?;
            if let Some(r) = reuse {
                r.store_fragment(i, site_key, &entry_key, &a);
                r.store_fragment(i, site_key, &row_key, &b);
            }
            Ok((k, a, b))
        })
        .collect::<Result<_, _>>()?;
    let mut out: Vec<WeekDay> = week
        .iter()
        .map(|d| WeekDay {
            date: d.date,
            count: d.events.len(),
            entries_html: String::new(),
            rows_html: String::new(),
        })
        .collect();
    for (k, entry_html, row_html) in rendered {
        out[k].entries_html.push_str(&entry_html);
        out[k].rows_html.push_str(&row_html);
    }
    // Events outside the week, in the printed schedule: the date goes with the time.
    let mut outside = String::new();
    for &i in &site.model.outside {
        let Some(e) = site.pages[i].event() else {
            continue;
        };
        let label = format!("{} {}", tables::schedule_date(e), tables::schedule_time(e));
        outside.push_str(&render(i, e.start.date, Some(label))?.1);
    }
    Ok((out, outside))
}

/// Renders every calendar, iCalendar, print and table output into `sink`.
/// `site_key` is `render_site`'s (serve only; 0 in a build).
pub fn render_all(
    site: &Site,
    sv: &Value,
    site_key: u64,
    cards: &HashMap<usize, String>,
    sink: &Sink,
) -> Output {
    let mut out = Output {
        files: 0,
        permalinks: Vec::new(),
        diags: Vec::new(),
    };
    let days = day_lists(site);
    let (week, outside_rows) = match week_entries(site, site_key, &days) {
        Ok(w) => w,
        Err(d) => {
            out.diags.push(d);
            return out;
        }
    };
    let tables = public_tables(site);
    let m = site.model;
    // Each event's VEVENT once: its own .ics and week.ics share it.
    let stamp = crate::ics::dtstamp(site.config, m.week_start);
    let vevents: HashMap<usize, String> = m
        .events
        .par_iter()
        .filter_map(|&i| {
            let p = &site.pages[i];
            let e = p.event()?;
            if let Some(v) = site.reuse.and_then(|r| r.fragment(i, site_key, "vevent")) {
                return Some((i, v));
            }
            let v = crate::ics::vevent(site.config, &stamp, p, e);
            if let Some(r) = site.reuse {
                r.store_fragment(i, site_key, "vevent", &v);
            }
            Some((i, v))
        })
        .collect();
    // What a poster needs of the site (not all of it: 10,000 posters add up).
    let print_site = json!({
        "title": sv["title"], "language": sv["language"], "base_path": sv["base_path"], "urls": sv["urls"], "slogan": sv["slogan"],
    });
    // The big single pages first, so that they do not finish last on one core.
    let mut jobs = vec![Job::Week, Job::SchedulePrint];
    for k in 0..tables.len() {
        jobs.extend([Job::TableHtml(k), Job::TableXlsx(k), Job::TableCsv(k)]);
    }
    if !tables.is_empty() {
        jobs.push(Job::TablesIndex);
    }
    jobs.extend([Job::WeekIcs, Job::Free]);
    jobs.extend((0..days.len()).map(Job::Day));
    jobs.extend(
        m.events
            .iter()
            .flat_map(|&i| [Job::EventIcs(i), Job::EventPrint(i)]),
    );
    let ctx = Ctx {
        site,
        sv,
        site_key,
        cards,
        days: &days,
        week: &week,
        outside_rows: &outside_rows,
        tables: &tables,
        outside: m.outside.iter().copied().collect(),
        vevents: &vevents,
        print_site: &print_site,
    };
    let results: Vec<Result<(usize, Option<String>), Diagnostic>> =
        jobs.par_iter().map(|j| ctx.run(j, sink)).collect();
    for r in results {
        match r {
            Ok((n, p)) => {
                out.files += n;
                if let Some(p) = p {
                    out.permalinks.push(site.urls.permalink(&p));
                }
            }
            Err(d) => out.diags.push(d),
        }
    }
    out.diags
        .sort_by(|a, b| (&a.path, a.line, &a.message).cmp(&(&b.path, b.line, &b.message)));
    out.diags
        .dedup_by(|a, b| a.path == b.path && a.line == b.line && a.message == b.message);
    out
}

struct Ctx<'a> {
    site: &'a Site<'a>,
    sv: &'a Value,
    site_key: u64,
    cards: &'a HashMap<usize, String>,
    days: &'a [DayList],
    week: &'a [WeekDay],
    outside_rows: &'a str,
    tables: &'a [Table],
    outside: HashSet<usize>,
    vevents: &'a HashMap<usize, String>,
    print_site: &'a Value,
}

impl Ctx<'_> {
    fn cards(&self, events: &[usize]) -> Vec<&str> {
        events
            .iter()
            .filter_map(|i| self.cards.get(i).map(String::as_str))
            .collect()
    }

    /// serve: whether `file`, which shows page `i` alone, is as the last build wrote it; then it
    /// is kept instead of rendered again.
    fn unchanged(&self, i: usize, file: &str, sink: &Sink) -> bool {
        let keep = self
            .site
            .reuse
            .is_some_and(|r| r.page_unchanged(i, self.site_key));
        if keep {
            sink.keep(file);
        }
        keep
    }

    /// serve: whether the file `name` of table `t` would be as the last build wrote it (its
    /// rows unchanged); then it is kept.
    fn table_unchanged(&self, t: &Table, name: &str, sink: &Sink) -> bool {
        use std::hash::{Hash, Hasher};
        let Some(r) = self.site.reuse else {
            return false;
        };
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (t, self.site.model.week_start).hash(&mut h);
        let file = format!("tables/{name}");
        let keep = r.list_unchanged(&file, h.finish());
        if keep {
            sink.keep(&file);
        }
        keep
    }

    /// The week's days for the grid (`entries_html`) or the printed schedule (`rows_html`).
    fn week_days(&self, print: bool) -> Vec<Value> {
        let u = &self.site.urls;
        self.week
            .iter()
            .map(|d| {
                let mut v = json!({"date": views::date_view(d.date, u), "anchor": anchor(d.date), "count": d.count});
                if print {
                    v["rows_html"] = json!(d.rows_html);
                } else {
                    v["entries_html"] = json!(d.entries_html);
                }
                v
            })
            .collect()
    }

    fn run(&self, job: &Job, sink: &Sink) -> Result<(usize, Option<String>), Diagnostic> {
        let site = self.site;
        let m = site.model;
        let u = &site.urls;
        match job {
            Job::Week => {
                let title = "活动日历";
                let mut ctx =
                    site.context(self.sv, "calendar", site.og(title, None, "calendar/", None));
                ctx.insert("title", title);
                ctx.insert("days", &self.week_days(false));
                ctx.insert("outside", &self.cards(&m.outside));
                ctx.insert("event_count", &m.events.len());
                ctx.insert("filters", &filters(site, &m.events));
                ctx.insert("offset_minutes", &offset_minutes(site));
                ctx.insert("week_ics_url", &u.path("calendar/week.ics"));
                ctx.insert("print_url", &u.path("calendar/print/"));
                page(site, "calendar.html", "calendar/", &ctx, sink)?;
                Ok((1, Some("calendar/".into())))
            }
            Job::Day(k) => {
                let d = &self.days[*k];
                let path = format!("calendar/{}/", d.date.format("%Y-%m-%d"));
                let title = format!("{} {}的活动", md_zh(d.date), weekday_zh(d.date));
                let mut ctx = site.context(self.sv, "calendar", site.og(&title, None, &path, None));
                let pos = self.week.iter().position(|x| x.date == d.date);
                let prev = pos
                    .and_then(|p| p.checked_sub(1))
                    .map(|p| views::date_view(self.week[p].date, u));
                let next = pos
                    .and_then(|p| self.week.get(p + 1))
                    .map(|x| views::date_view(x.date, u));
                ctx.insert("title", &title);
                ctx.insert("date", &views::date_view(d.date, u));
                ctx.insert("in_week", &d.in_week);
                ctx.insert("cards", &self.cards(&d.events));
                ctx.insert("count", &d.events.len());
                ctx.insert("prev", &prev);
                ctx.insert("next", &next);
                ctx.insert("filters", &filters(site, &d.events));
                ctx.insert("offset_minutes", &offset_minutes(site));
                page(site, "day.html", &path, &ctx, sink)?;
                Ok((1, Some(path)))
            }
            Job::Free => {
                let title = "免费活动";
                let path = "calendar/free/";
                let mut ctx = site.context(self.sv, "calendar", site.og(title, None, path, None));
                let free: HashSet<usize> = m
                    .events
                    .iter()
                    .copied()
                    .filter(|&i| site.pages[i].event().is_some_and(|e| e.free == Some(true)))
                    .collect();
                let days: Vec<Value> = m
                    .days
                    .iter()
                    .filter_map(|d| {
                        let evs: Vec<usize> = d.events.iter().copied().filter(|i| free.contains(i)).collect();
                        (!evs.is_empty()).then(|| json!({"date": views::date_view(d.date, u), "cards": self.cards(&evs)}))
                    })
                    .collect();
                let outside: Vec<usize> = m
                    .outside
                    .iter()
                    .copied()
                    .filter(|i| free.contains(i))
                    .collect();
                ctx.insert("title", title);
                ctx.insert(
                    "taxonomy",
                    &json!({"key": "calendar", "name": "活动日历", "url": u.path("calendar/")}),
                );
                ctx.insert("days", &days);
                ctx.insert("outside", &self.cards(&outside));
                ctx.insert("event_count", &free.len());
                page(site, "term.html", path, &ctx, sink)?;
                Ok((1, Some(path.into())))
            }
            Job::SchedulePrint => {
                let title = format!("{}活动日程", site.config.title);
                let mut ctx = site.context(
                    self.sv,
                    "calendar",
                    site.og(&title, None, "calendar/print/", None),
                );
                ctx.insert("title", &title);
                ctx.insert("days", &self.week_days(true));
                ctx.insert("outside_rows_html", self.outside_rows);
                ctx.insert("event_count", &m.events.len());
                ctx.insert("calendar_url", &u.path("calendar/"));
                page(site, "schedule_print.html", "calendar/print/", &ctx, sink)?;
                Ok((1, None))
            }
            Job::WeekIcs => {
                let vevents = m
                    .events
                    .iter()
                    .filter_map(|i| self.vevents.get(i).map(String::as_str));
                let text = crate::ics::wrap(Some(&site.config.title), vevents);
                file("calendar/week.ics", text.as_bytes(), sink)?;
                Ok((1, None))
            }
            Job::EventIcs(i) => {
                let p = &site.pages[*i];
                // serve: an event's own .ics and poster show that event alone.
                if self.unchanged(*i, &format!("{}event.ics", p.path), sink) {
                    return Ok((1, None));
                }
                let Some(v) = self.vevents.get(i) else {
                    return Ok((0, None));
                };
                let text = crate::ics::wrap(None, [v.as_str()]);
                file(&format!("{}event.ics", p.path), text.as_bytes(), sink)?;
                Ok((1, None))
            }
            Job::EventPrint(i) => {
                let p = &site.pages[*i];
                if self.unchanged(*i, &format!("{}print/index.html", p.path), sink) {
                    return Ok((1, None));
                }
                let Some(e) = p.event() else {
                    return Ok((0, None));
                };
                let path = format!("{}print/", p.path);
                let mut ctx = tera::Context::new();
                ctx.insert("site", self.print_site);
                let permalink = u.permalink(&p.path);
                let qr = crate::qr::svg(&permalink, &format!("二维码：{permalink}"));
                // Only what a poster shows (not the whole event view: 10,000 posters add up).
                ctx.insert(
                    "e",
                    &json!({
                        "url": u.path(&p.path),
                        "permalink": permalink,
                        "organizer": e.organizer,
                        "contact": e.contact,
                        "venue": e.venue,
                        "address": e.address,
                        "online_url": e.online_url,
                        "audience": e.audience.iter().map(|a| json!({"name": a})).collect::<Vec<_>>(),
                        "free": e.free == Some(true),
                        "launch": e.launch,
                        "in_week": !self.outside.contains(i),
                    }),
                );
                ctx.insert("title", &p.title);
                ctx.insert("summary", &p.summary);
                ctx.insert("date_text", &tables::schedule_date(e));
                ctx.insert("time_text", &tables::schedule_time(e));
                ctx.insert("place_text", &tables::schedule_place(e));
                ctx.insert("qr", &qr);
                page(site, "print.html", &path, &ctx, sink)?;
                Ok((1, None))
            }
            Job::TablesIndex => {
                let title = "统计表";
                let mut ctx =
                    site.context(self.sv, "tables", site.og(title, None, "tables/", None));
                let views: Vec<Value> = self
                    .tables
                    .iter()
                    .map(|t| table_view(t, site, false))
                    .collect();
                ctx.insert("title", title);
                ctx.insert("tables", &views);
                page(site, "tables.html", "tables/", &ctx, sink)?;
                Ok((1, Some("tables/".into())))
            }
            Job::TableHtml(k) => {
                let t = &self.tables[*k];
                let path = format!("tables/{}/", t.key);
                let title = format!("{} {}", t.label, t.name);
                let mut ctx = site.context(self.sv, "tables", site.og(&title, None, &path, None));
                ctx.insert("title", &title);
                ctx.insert("t", &table_view(t, site, true));
                page(site, "table.html", &path, &ctx, sink)?;
                Ok((1, Some(path)))
            }
            Job::TableCsv(k) => {
                let t = &self.tables[*k];
                if self.table_unchanged(t, &t.csv_name(), sink) {
                    return Ok((1, None));
                }
                let csv = tables::csv(t).map_err(|e| table_error(t, e))?;
                file(&format!("tables/{}", t.csv_name()), &csv, sink)?;
                Ok((1, None))
            }
            Job::TableXlsx(k) => {
                let t = &self.tables[*k];
                // Zipping the workbook is most of a serve rebuild's time on a big site.
                if self.table_unchanged(t, &t.xlsx_name(), sink) {
                    return Ok((1, None));
                }
                let xlsx = tables::xlsx(t, m.week_start).map_err(|e| table_error(t, e))?;
                file(&format!("tables/{}", t.xlsx_name()), &xlsx, sink)?;
                Ok((1, None))
            }
        }
    }
}

fn table_view(t: &Table, site: &Site, with_rows: bool) -> Value {
    let mut v = tables::view(
        t,
        &site.urls.path("tables/"),
        &site.urls.base_path,
        with_rows,
    );
    v["url"] = json!(site.urls.path(&format!("tables/{}/", t.key)));
    v
}

/// The files of ROOT/reports/ when `[tables] publish = false`: both tables as CSV and XLSX, and
/// an index.html that shows them and opens from the disk (links are relative; event names link
/// to the published site).
pub fn reports(site: &Site, sv: &Value) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let tables = [
        tables::schedule(site.config, site.pages, site.model),
        tables::statistics(site.config, site.pages, site.model),
    ];
    let mut files = Vec::new();
    for t in &tables {
        files.push((t.csv_name(), tables::csv(t).map_err(|e| table_error(t, e))?));
        files.push((
            t.xlsx_name(),
            tables::xlsx(t, site.model.week_start).map_err(|e| table_error(t, e))?,
        ));
    }
    let views: Vec<Value> = tables
        .iter()
        .map(|t| tables::view(t, "", &site.config.base_url, true))
        .collect();
    let mut ctx = tera::Context::new();
    ctx.insert("site", sv);
    ctx.insert("tables", &views);
    let html = site.theme.render("tables_report.html", &ctx)?;
    files.push(("index.html".into(), html.into_bytes()));
    Ok(files)
}

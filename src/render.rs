//! Renders every page of the site through the theme, on all cores, into the output sink.

use crate::config::Config;
use crate::dates;
use crate::diagnostics::Diagnostic;
use crate::feeds::{self, FeedEntry};
use crate::model::Model;
use crate::output::Sink;
use crate::page::{Details, Page};
use crate::templates::Theme;
use crate::views::{self, PageExtras, Urls};
use rayon::prelude::*;
use serde_json::{json, Value};
use std::collections::HashMap;

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

/// Lets `xuezhou serve` skip work an earlier build did (src/serve/incremental.rs). `site_key`
/// stands for everything every page shows (the `site` value but its build time); the
/// implementation adds the theme's and the settings' versions and each page's own inputs.
pub trait Reuse: Sync {
    /// A piece of HTML (`what`: its kind, e.g. "card") that shows page `page` alone, rendered
    /// before from the same inputs.
    fn fragment(&self, page: usize, site_key: u64, what: &str) -> Option<String>;
    fn store_fragment(&self, page: usize, site_key: u64, what: &str, html: &str);
    /// Whether the served file of page `page` was rendered from the same inputs: then it is kept
    /// and not rendered again. Jobs that show one page alone (and nothing of other pages) may
    /// ask this too, and then `sink.keep` their file.
    fn page_unchanged(&self, page: usize, site_key: u64) -> bool;
    /// Whether the served list `file` was rendered from inputs with this `key` (see `list_key`);
    /// then it is kept. Records the key for the next build either way.
    fn list_unchanged(&self, file: &str, key: u64) -> bool;
}

/// serve: a hash of everything a list of events shows (the cards, by their bytes, grouped as the
/// template gets them), for the lists that are most of a rebuild's work: the events list, the
/// taxonomies and their terms. `None` for other jobs (always rendered). Keep in step with what
/// `render_job` puts in their contexts.
fn list_key(
    site: &Site,
    site_key: u64,
    card_hashes: &HashMap<usize, u64>,
    job: &Job,
) -> Option<(String, String, u64)> {
    use std::hash::{Hash, Hasher};
    let m = site.model;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    site_key.hash(&mut h);
    let cards = |evs: &mut dyn Iterator<Item = usize>,
                 h: &mut std::collections::hash_map::DefaultHasher| {
        for i in evs {
            card_hashes.get(&i).hash(h);
        }
        0xffu8.hash(h);
    };
    let path = match job {
        Job::Events => {
            site.section_title("events", "").hash(&mut h);
            site.section_intro("events").hash(&mut h);
            for d in &m.days {
                d.date.hash(&mut h);
                cards(&mut d.events.iter().copied(), &mut h);
            }
            cards(&mut m.outside.iter().copied(), &mut h);
            m.events.len().hash(&mut h);
            "events/".to_string()
        }
        Job::Taxonomy(t) => {
            let tax = &m.taxonomies[*t];
            for term in &tax.terms {
                (&term.name, &term.slug, term.events.len()).hash(&mut h);
            }
            format!("{}/", tax.key)
        }
        Job::Term(t, k) => {
            let term = &m.taxonomies[*t].terms[*k];
            (&term.name, &term.slug, term.events.len()).hash(&mut h);
            let on: std::collections::HashSet<usize> = term.events.iter().copied().collect();
            for d in &m.days {
                d.date.hash(&mut h);
                cards(
                    &mut d.events.iter().copied().filter(|i| on.contains(i)),
                    &mut h,
                );
            }
            cards(
                &mut m.outside.iter().copied().filter(|i| on.contains(i)),
                &mut h,
            );
            format!("{}/{}/", m.taxonomies[*t].key, term.slug)
        }
        _ => return None,
    };
    Some((format!("{path}index.html"), path, h.finish()))
}

/// serve: a quick hash of a card's bytes.
fn card_hash(html: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    html.hash(&mut h);
    h.finish()
}

/// `xuezhou serve`: a hash of the `site` value all pages show, but for its build time.
fn site_key(site_value: &Value) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut v = site_value.clone();
    if let Some(o) = v.as_object_mut() {
        o.remove("built");
    }
    let mut h = std::collections::hash_map::DefaultHasher::new();
    v.to_string().hash(&mut h);
    h.finish()
}

/// One output of the site.
enum Job {
    Page(usize),
    Home,
    Events,
    KindList(&'static str, &'static str),
    Section(String),
    Taxonomy(usize),
    Term(usize, usize),
    NotFound,
    Search,
}

pub struct Rendered {
    pub files: usize,
    pub diags: Vec<Diagnostic>,
}

impl Site<'_> {
    /// Whether the site has `/search/`: a theme copied before search existed has no
    /// search.html, and then the page, its index and its menu entry are left out (with a
    /// warning from `render_site`) rather than failing a site that built yesterday.
    pub(crate) fn has_search(&self) -> bool {
        self.theme.has("search.html")
    }

    /// A list of cases, stars, reading lists or a section's pages: the theme's own template for
    /// that list if it has one (themes copied before `list.html` existed have all four), else
    /// the shared `list.html`.
    fn list_template<'t>(&self, specific: &'t str) -> &'t str {
        if self.theme.has(specific) {
            specific
        } else {
            "list.html"
        }
    }

    fn in_week(&self, i: usize) -> bool {
        !self.model.outside.contains(&i)
    }

    fn section_title(&self, name: &str, default: &str) -> String {
        self.sections
            .get(name)
            .and_then(|(t, _)| t.clone())
            .unwrap_or_else(|| default.to_string())
    }

    fn section_intro(&self, name: &str) -> String {
        self.sections
            .get(name)
            .map(|(_, html)| html.clone())
            .unwrap_or_default()
    }

    pub(crate) fn site_value(&self) -> Value {
        let c = self.config;
        let u = &self.urls;
        let m = self.model;
        let mut nav = vec![json!({"key": "home", "title": "首页", "url": u.path("")})];
        nav.push(json!({"key": "events", "title": self.section_title("events", "活动安排"), "url": u.path("events/")}));
        nav.push(json!({"key": "calendar", "title": "活动日历", "url": u.path("calendar/")}));
        for (key, default, list) in [
            ("cases", "典型案例", &m.cases),
            ("stars", "学习之星", &m.stars),
            ("reading", "好书推荐", &m.readings),
        ] {
            if !list.is_empty() {
                nav.push(json!({"key": key, "title": self.section_title(key, default), "url": u.path(&format!("{key}/"))}));
            }
        }
        // The district's two tables, unless `[tables] publish = false` keeps them in ROOT/reports/.
        if c.tables.publish {
            nav.push(json!({"key": "tables", "title": "统计表", "url": u.path("tables/")}));
        }
        if self.has_search() {
            nav.push(json!({"key": "search", "title": "搜索", "url": u.path("search/")}));
        }
        let taxonomies: Vec<Value> = m
            .taxonomies
            .iter()
            .map(
                |t| json!({"key": t.key, "name": t.name_zh, "url": u.path(&format!("{}/", t.key))}),
            )
            .collect();
        let pages: Vec<Value> = m
            .plain
            .iter()
            .map(|&i| json!({"title": self.pages[i].title, "url": u.path(&self.pages[i].path)}))
            .collect();
        // Ready-made addresses of the site's fixed pages and files, so that templates never
        // join `base_path` and a path themselves (one place knows the site's layout).
        let fixed: serde_json::Map<String, Value> = [
            ("home", ""),
            ("events", "events/"),
            ("calendar", "calendar/"),
            ("calendar_print", "calendar/print/"),
            ("week_ics", "calendar/week.ics"),
            ("cases", "cases/"),
            ("stars", "stars/"),
            ("reading", "reading/"),
            ("tables", "tables/"),
            ("search", "search/"),
            ("towns", "towns/"),
            ("categories", "categories/"),
            ("audiences", "audiences/"),
            ("topics", "topics/"),
            ("favicon", "favicon.svg"),
            ("style", "style.css"),
            ("script", "xuezhou.js"),
            ("highlight", "highlight.css"),
        ]
        .into_iter()
        .map(|(key, rel)| (key.to_string(), Value::String(u.path(rel))))
        .collect();
        json!({
            "title": c.title,
            "description": c.description,
            "urls": fixed,
            "language": c.language,
            "base_url": c.base_url,
            "base_path": u.base_path,
            "slogan": c.week.slogan,
            "week": {
                "start": views::date_view(m.week_start, u),
                "end": views::date_view(m.week_end, u),
                "range": format!("{}—{}", dates::ymd_zh(m.week_start), dates::md_zh(m.week_end)),
                "year": m.week_start.format("%Y").to_string(),
            },
            "nav": nav,
            "taxonomies": taxonomies,
            "pages": pages,
            "has_code": self.has_code,
            "feed_url": u.path("atom.xml"),
            "built": chrono::Utc::now().with_timezone(&c.week.utc_offset).format("%Y-%m-%d %H:%M").to_string(),
        })
    }

    pub(crate) fn context(&self, site: &Value, current: &str, og: Value) -> tera::Context {
        let mut ctx = tera::Context::new();
        ctx.insert("site", site);
        ctx.insert("current", current);
        ctx.insert("og", &og);
        ctx
    }

    pub(crate) fn og(
        &self,
        title: &str,
        description: Option<&str>,
        site_rel: &str,
        image: Option<String>,
    ) -> Value {
        json!({
            "title": title,
            "description": description.unwrap_or(&self.config.description),
            "url": self.urls.permalink(site_rel),
            "image": image,
        })
    }
}

/// Renders every page into `sink`; returns the number of files written and any problems.
pub fn render_site(site: &Site, sink: &Sink) -> Rendered {
    let site_value = site.site_value();
    let site_key = site.reuse.map_or(0, |_| site_key(&site_value));
    let m = site.model;

    // Event cards are rendered once and reused by every list an event appears on (its days, its
    // terms, the home page): a 10,000-event site lists each event about seven times.
    let card_results: Vec<(usize, Result<String, Diagnostic>)> = m
        .events
        .par_iter()
        .map(|&i| {
            // serve: a card is reused while its event and the site are as they were.
            if let Some(card) = site.reuse.and_then(|r| r.fragment(i, site_key, "card")) {
                return (i, Ok(card));
            }
            let p = &site.pages[i];
            let e = p.event().expect("model.events holds events");
            let mut ctx = tera::Context::new();
            ctx.insert("site", &site_value);
            ctx.insert(
                "e",
                &views::event_view(p, e, m, &site.urls, site.in_week(i)),
            );
            let card = site.theme.render("partials/event_card.html", &ctx);
            if let (Some(r), Ok(html)) = (site.reuse, &card) {
                r.store_fragment(i, site_key, "card", html);
            }
            (i, card)
        })
        .collect();
    let mut diags = Vec::new();
    let mut cards: HashMap<usize, String> = HashMap::with_capacity(card_results.len());
    for (i, r) in card_results {
        match r {
            Ok(html) => {
                cards.insert(i, html);
            }
            Err(d) => diags.push(d),
        }
    }
    if !diags.is_empty() {
        diags.truncate(1);
        return Rendered { files: 0, diags };
    }

    let mut jobs: Vec<Job> = (0..site.pages.len()).map(Job::Page).collect();
    jobs.push(Job::Home);
    jobs.push(Job::Events);
    if !m.cases.is_empty() {
        jobs.push(Job::KindList("cases", "cases.html"));
    }
    if !m.stars.is_empty() {
        jobs.push(Job::KindList("stars", "stars.html"));
    }
    if !m.readings.is_empty() {
        jobs.push(Job::KindList("reading", "readings.html"));
    }
    let mut other_sections: Vec<String> = site
        .pages
        .iter()
        .filter(|p| p.kind == crate::page::Kind::Plain && !p.section.is_empty())
        .map(|p| p.section.clone())
        .collect();
    other_sections.sort();
    other_sections.dedup();
    jobs.extend(other_sections.into_iter().map(Job::Section));
    for (t, tax) in m.taxonomies.iter().enumerate() {
        jobs.push(Job::Taxonomy(t));
        for k in 0..tax.terms.len() {
            jobs.push(Job::Term(t, k));
        }
    }
    jobs.push(Job::NotFound);
    if site.has_search() {
        jobs.push(Job::Search);
    } else {
        diags.push(
            Diagnostic::warning(
                std::path::Path::new("themes")
                    .join(&site.config.theme)
                    .join("templates/search.html"),
                "the theme has no search.html, so the site has no search page (/search/)",
            )
            .help("copy templates/search.html, static/xuezhou.js and static/style.css from the default theme (a new site made by `xuezhou init DIR` has them)"),
        );
    }

    // serve: lists whose cards did not change are not rendered again.
    let card_hashes: HashMap<usize, u64> = match site.reuse {
        Some(_) => cards
            .iter()
            .map(|(i, html)| (*i, card_hash(html)))
            .collect(),
        None => HashMap::new(),
    };
    let results: Vec<Result<Option<String>, Diagnostic>> = jobs
        .par_iter()
        .map(|job| {
            if let Some((file, path, key)) = site
                .reuse
                .and_then(|_| list_key(site, site_key, &card_hashes, job))
            {
                if site.reuse.is_some_and(|r| r.list_unchanged(&file, key)) {
                    sink.keep(&file);
                    return Ok(Some(path));
                }
            }
            render_job(site, &site_value, site_key, &cards, job, sink)
        })
        .collect();
    let mut permalinks = Vec::new();
    for r in results {
        match r {
            Ok(Some(path)) => permalinks.push(site.urls.permalink(&path)),
            Ok(None) => {}
            Err(d) => diags.push(d),
        }
    }
    // The calendar, .ics files, print views and tables (src/calendar.rs).
    let cal = crate::calendar::render_all(site, &site_value, site_key, &cards, sink);
    let files_before_calendar = permalinks.len();
    permalinks.extend(cal.permalinks);
    diags.extend(cal.diags);
    // One broken template fails every page that uses it: report it once.
    diags.sort_by(|a, b| (&a.path, a.line, &a.message).cmp(&(&b.path, b.line, &b.message)));
    diags.dedup_by(|a, b| a.path == b.path && a.line == b.line && a.message == b.message);
    let mut files = files_before_calendar + cal.files;

    let entries = feed_entries(site);
    let updated = entries
        .first()
        .map(|e| e.updated.clone())
        .unwrap_or_else(|| format!("{}T00:00:00+00:00", m.week_start.format("%Y-%m-%d")));
    let mut extra: Vec<(&str, String)> = vec![
        ("atom.xml", feeds::atom(site.config, &entries, &updated)),
        ("sitemap.xml", feeds::sitemap(&permalinks)),
        ("robots.txt", feeds::robots(site.config)),
    ];
    if site.has_search() {
        extra.push((crate::search::INDEX_PATH, crate::search::index_json(site)));
    }
    for (path, text) in extra {
        if let Err(e) = sink.write(path, text.as_bytes()) {
            diags.push(write_error(path, e));
        }
        files += 1;
    }
    if site.has_code {
        if let Err(e) = sink.write("highlight.css", crate::highlight::stylesheet().as_bytes()) {
            diags.push(write_error("highlight.css", e));
        }
        files += 1;
    }
    Rendered { files, diags }
}

pub(crate) fn write_error(path: &str, e: std::io::Error) -> Diagnostic {
    Diagnostic::error("public", format!("cannot write {path}: {e}"))
        .help("check that the output folder is writable and the disk is not full")
}

/// Newest first: events by start, cases by date, then the rest.
fn feed_entries(site: &Site) -> Vec<FeedEntry> {
    let offset = site.config.week.utc_offset;
    let mut entries: Vec<(String, FeedEntry)> = Vec::new();
    for p in site.pages {
        let when = match &p.details {
            Details::Event(e) => Some(e.start.rfc3339(offset)),
            Details::Case(c) => c.date.map(|d| {
                dates::LocalTime {
                    date: d,
                    time: None,
                }
                .rfc3339(offset)
            }),
            _ => None,
        }
        .unwrap_or_else(|| {
            dates::LocalTime {
                date: site.model.week_start,
                time: None,
            }
            .rfc3339(offset)
        });
        entries.push((
            when.clone(),
            FeedEntry {
                title: p.title.clone(),
                permalink: site.urls.permalink(&p.path),
                summary: p.summary.clone(),
                updated: when,
            },
        ));
    }
    entries.sort_by(|a, b| b.0.cmp(&a.0));
    entries.truncate(50);
    entries.into_iter().map(|(_, e)| e).collect()
}

fn cards_of<'c>(cards: &'c HashMap<usize, String>, events: &[usize]) -> Vec<&'c str> {
    events
        .iter()
        .filter_map(|i| cards.get(i).map(String::as_str))
        .collect()
}

/// Renders one job; returns the site-relative address of the page written (for the sitemap).
fn render_job(
    site: &Site,
    sv: &Value,
    site_key: u64,
    cards: &HashMap<usize, String>,
    job: &Job,
    sink: &Sink,
) -> Result<Option<String>, Diagnostic> {
    // serve: a page whose inputs did not change keeps the file the last build wrote.
    if let (Job::Page(i), Some(r)) = (job, site.reuse) {
        if r.page_unchanged(*i, site_key) {
            let path = &site.pages[*i].path;
            sink.keep(&format!("{path}index.html"));
            return Ok(Some(path.clone()));
        }
    }
    let m = site.model;
    let u = &site.urls;
    let (template, path, ctx, in_sitemap): (&str, String, tera::Context, bool) = match job {
        Job::Page(i) => {
            let p = &site.pages[*i];
            let extras = &site.extras[*i];
            let view = views::page_view(p, extras, m, u, site.in_week(*i));
            let image = extras
                .cover
                .as_ref()
                .or(extras.photos.first())
                .or(extras.portrait.as_ref())
                .and_then(|c| c.picture.largest().map(|l| u.permalink(&l.path)));
            let mut ctx = site.context(
                sv,
                &p.section,
                site.og(&p.title, p.summary.as_deref(), &p.path, image),
            );
            ctx.insert("page", &view);
            (p.kind.template(), p.path.clone(), ctx, true)
        }
        Job::Home => {
            let mut ctx = site.context(sv, "home", site.og(&site.config.title, None, "", None));
            let today = dates::today(site.config.week.utc_offset);
            let shown_day = if today < m.week_start || today > m.week_end {
                m.week_start
            } else {
                today
            };
            let days: Vec<Value> = m
                .days
                .iter()
                .map(|d| {
                    json!({
                        "date": views::date_view(d.date, u),
                        "count": d.events.len(),
                        "cards": cards_of(cards, &d.events[..d.events.len().min(8)]),
                        "more": d.events.len() > 8,
                        "shown": d.date == shown_day,
                    })
                })
                .collect();
            let card = |list: &[usize], n: usize| -> Vec<Value> {
                list.iter()
                    .take(n)
                    .map(|&i| views::card_view(&site.pages[i], &site.extras[i], u))
                    .collect()
            };
            ctx.insert("intro", &site.section_intro(""));
            ctx.insert("launch", &cards_of(cards, &m.launch));
            ctx.insert("days", &days);
            ctx.insert("event_count", &m.events.len());
            ctx.insert("cases", &card(&m.cases, 4));
            ctx.insert("stars", &card(&m.stars, 4));
            ctx.insert("readings", &card(&m.readings, 3));
            ("index.html", String::new(), ctx, true)
        }
        Job::Events => {
            let title = site.section_title("events", "活动安排");
            let mut ctx = site.context(sv, "events", site.og(&title, None, "events/", None));
            let days: Vec<Value> = m
                .days
                .iter()
                .map(|d| json!({"date": views::date_view(d.date, u), "cards": cards_of(cards, &d.events)}))
                .collect();
            ctx.insert("title", &title);
            ctx.insert("intro", &site.section_intro("events"));
            ctx.insert("days", &days);
            ctx.insert("outside", &cards_of(cards, &m.outside));
            ctx.insert("event_count", &m.events.len());
            ("events.html", "events/".into(), ctx, true)
        }
        Job::KindList(key, template) => {
            let (list, default) = match *key {
                "cases" => (&m.cases, "典型案例"),
                "stars" => (&m.stars, "百姓学习之星"),
                _ => (&m.readings, "好书推荐"),
            };
            let title = site.section_title(key, default);
            let mut ctx = site.context(sv, key, site.og(&title, None, &format!("{key}/"), None));
            let items: Vec<Value> = list
                .iter()
                .map(|&i| views::card_view(&site.pages[i], &site.extras[i], u))
                .collect();
            ctx.insert("title", &title);
            ctx.insert("intro", &site.section_intro(key));
            ctx.insert("items", &items);
            (site.list_template(template), format!("{key}/"), ctx, true)
        }
        Job::Section(name) => {
            let title = site.section_title(name, name);
            let mut ctx = site.context(sv, name, site.og(&title, None, &format!("{name}/"), None));
            let items: Vec<Value> = site
                .pages
                .iter()
                .enumerate()
                .filter(|(_, p)| &p.section == name)
                .map(|(i, p)| views::card_view(p, &site.extras[i], u))
                .collect();
            ctx.insert("title", &title);
            ctx.insert("intro", &site.section_intro(name));
            ctx.insert("items", &items);
            (
                site.list_template("section.html"),
                format!("{name}/"),
                ctx,
                true,
            )
        }
        Job::Taxonomy(t) => {
            let tax = &m.taxonomies[*t];
            let mut ctx = site.context(
                sv,
                tax.key,
                site.og(tax.name_zh, None, &format!("{}/", tax.key), None),
            );
            let terms: Vec<Value> = tax
                .terms
                .iter()
                .map(|term| json!({"name": term.name, "url": u.path(&format!("{}/{}/", tax.key, term.slug)), "count": term.events.len()}))
                .collect();
            ctx.insert("title", tax.name_zh);
            ctx.insert("taxonomy", &json!({"key": tax.key, "name": tax.name_zh}));
            ctx.insert("terms", &terms);
            ("taxonomy.html", format!("{}/", tax.key), ctx, true)
        }
        Job::Term(t, k) => {
            let tax = &m.taxonomies[*t];
            let term = &tax.terms[*k];
            let path = format!("{}/{}/", tax.key, term.slug);
            let mut ctx = site.context(sv, tax.key, site.og(&term.name, None, &path, None));
            // Grouped by the week's days, like the events list.
            let on_term: std::collections::HashSet<usize> = term.events.iter().copied().collect();
            let days: Vec<Value> = m
                .days
                .iter()
                .filter_map(|d| {
                    let evs: Vec<usize> = d.events.iter().copied().filter(|i| on_term.contains(i)).collect();
                    (!evs.is_empty()).then(|| json!({"date": views::date_view(d.date, u), "cards": cards_of(cards, &evs)}))
                })
                .collect();
            let outside: Vec<usize> = m
                .outside
                .iter()
                .copied()
                .filter(|i| on_term.contains(i))
                .collect();
            ctx.insert("title", &term.name);
            ctx.insert("taxonomy", &json!({"key": tax.key, "name": tax.name_zh, "url": u.path(&format!("{}/", tax.key))}));
            ctx.insert("days", &days);
            ctx.insert("outside", &cards_of(cards, &outside));
            ctx.insert("event_count", &term.events.len());
            ("term.html", path, ctx, true)
        }
        Job::NotFound => {
            let ctx = site.context(sv, "", site.og("页面未找到", None, "404.html", None));
            ("404.html", "404.html".into(), ctx, false)
        }
        Job::Search => {
            let mut ctx = site.context(sv, "search", site.og("站内搜索", None, "search/", None));
            ctx.insert("title", "站内搜索");
            ctx.insert(
                "search",
                &json!({"url": u.path("search/"), "index_url": u.path(crate::search::INDEX_PATH)}),
            );
            ("search.html", "search/".into(), ctx, true)
        }
    };
    let html = site.theme.render(template, &ctx)?;
    let file = if path.ends_with(".html") {
        path.clone()
    } else {
        format!("{path}index.html")
    };
    sink.write(&file, html.as_bytes())
        .map_err(|e| write_error(&file, e))?;
    Ok(in_sitemap.then_some(path))
}

//! Single pages, the home page, the lists of events, cases, stars and reading lists, other
//! sections, taxonomies and their terms, the 404 page and the search page; and the event cards
//! those lists are made of.

use super::deps;
use super::reader::{Draft, Fragment, Inputs, Reader};
use super::splice::Text;
use super::{Made, Place};
use crate::dates;
use crate::diagnostics::Diagnostic;
use crate::render::views;
use serde_json::{json, Value};
use std::collections::HashSet;

#[derive(Debug, Hash)]
pub(crate) enum Job {
    Page(usize),
    Home,
    Events,
    /// (section key, its own template)
    KindList(&'static str, &'static str),
    Section(String),
    Taxonomy(usize),
    Term(usize, usize),
    NotFound,
    Search,
}

pub(super) fn jobs(inputs: &Inputs) -> Vec<super::Job> {
    let site = inputs.site;
    // The job list is not an output: what it reads is not recorded.
    let untracked = inputs.reader();
    let (model, pages) = (untracked.model(), untracked.pages());
    let mut jobs: Vec<Job> = (0..pages.len()).map(Job::Page).collect();
    jobs.extend([Job::Home, Job::Events]);
    for (key, template, list) in [
        ("cases", "cases.html", &model.cases),
        ("stars", "stars.html", &model.stars),
        ("reading", "readings.html", &model.readings),
    ] {
        if !list.is_empty() {
            jobs.push(Job::KindList(key, template));
        }
    }
    let mut other_sections: Vec<String> = pages
        .iter()
        .filter(|p| p.kind == crate::page::Kind::Plain && !p.section.is_empty())
        .map(|p| p.section.clone())
        .collect();
    other_sections.sort();
    other_sections.dedup();
    jobs.extend(other_sections.into_iter().map(Job::Section));
    for (tax_index, tax) in model.taxonomies.iter().enumerate() {
        jobs.push(Job::Taxonomy(tax_index));
        jobs.extend((0..tax.terms.len()).map(|term| Job::Term(tax_index, term)));
    }
    jobs.push(Job::NotFound);
    if site.has_search() {
        jobs.push(Job::Search);
    }
    jobs.into_iter().map(super::Job::Pages).collect()
}

pub(super) fn place(r: &Reader, job: &Job) -> Place {
    let model = r.model();
    let address = match job {
        Job::Page(i) => r.page(*i).path.clone(),
        Job::Home => String::new(),
        Job::Events => "events/".into(),
        Job::KindList(key, _) => format!("{key}/"),
        Job::Section(name) => format!("{name}/"),
        Job::Taxonomy(tax) => format!("{}/", model.taxonomies[*tax].key),
        Job::Term(tax, term) => {
            let tax = &model.taxonomies[*tax];
            let term = &tax.terms[*term];
            let address = format!("{}/{}/", tax.key, term.slug);
            // Every term has its page (a town with nothing planned says so), but a search
            // engine gets only those with something to show.
            if term.events.is_empty() {
                return Place::unlisted(&address);
            }
            address
        }
        Job::NotFound => return Place::file("404.html"),
        Job::Search => "search/".into(),
    };
    Place::page(address)
}

/// Each event's card, rendered once and reused by every list it appears on (its days, its
/// terms, the home page): a 10,000-event site lists each event about seven times.
pub(super) fn cards(inputs: &Inputs) -> Result<Vec<(usize, Fragment)>, Vec<Diagnostic>> {
    let events = inputs.reader().model().events.clone();
    inputs.memo_each(
        "cards",
        &events,
        |&i| deps::id("card", inputs.page_path(i)),
        |r, &i| Ok((i, Fragment::new(card(r, i, false)?))),
    )
}

/// An event's card; `dated` where no day heading above it says its date.
fn card(r: &Reader, i: usize, dated: bool) -> Result<String, Diagnostic> {
    let page = r.page(i);
    let mut draft = Draft::new("partials/event_card.html");
    draft.insert("site", r.site_value());
    if let Some(event) = page.event() {
        let view = views::event_view(page, event, r.term_slugs(), &r.site().urls, r.in_week(i));
        draft.insert("e", &view);
    }
    if dated {
        draft.insert("dated", &true);
    }
    draft.render(r.theme())
}

/// The cards of events shown apart from the days (the launch, events outside the week), each
/// with its date. There are few such events, so they are rendered where they are shown.
pub(super) fn dated_cards(r: &Reader, events: &[usize]) -> Result<Vec<String>, Diagnostic> {
    events.iter().map(|&i| card(r, i, true)).collect()
}

/// Whether an intro (from a section's `_index.md`) shows highlighted code: the page then links
/// the highlighting stylesheet, which no other page loads.
fn has_code(intro: &str) -> bool {
    intro.contains("class=\"hl-")
}

pub(super) fn make(r: &Reader, job: &Job) -> Result<Made, Diagnostic> {
    let site = r.site();
    let draft = match job {
        Job::Page(i) => single_page(r, *i),
        Job::Home => home(r)?,
        Job::Events => {
            let title = site.section_title("events", "活动安排");
            let mut draft = r.draft(
                "events.html",
                "events",
                site.og(&title, None, "events/", None),
            );
            let (days, outside) = by_day(r, None)?;
            draft.insert("title", &title);
            let intro = site.section_intro("events");
            draft.insert("has_code", &has_code(&intro));
            draft.insert("intro", &intro);
            draft.insert("days", &days);
            draft.insert("outside", &outside);
            draft.insert("event_count", &r.model().week_count());
            draft.insert("outside_count", &r.model().outside.len());
            draft
        }
        Job::KindList(key, template) => kind_list(r, key, template),
        Job::Section(name) => section(r, name),
        Job::Taxonomy(tax) => taxonomy(r, *tax),
        Job::Term(tax, term) => term_page(r, *tax, *term)?,
        Job::NotFound => r.draft(
            "404.html",
            "",
            site.og("页面未找到", None, "404.html", None),
        ),
        Job::Search => {
            let og = site.og("站内搜索", None, "search/", None);
            let mut draft = r.draft("search.html", "search", og);
            draft.insert("title", "站内搜索");
            let urls = &site.urls;
            draft.insert(
                "search",
                &json!({
                    "url": urls.path("search/"),
                    "index_url": urls.path(super::search::META_PATH),
                    "meta": r.search_meta(),
                }),
            );
            draft
        }
    };
    Ok(Made::Template(draft))
}

fn single_page(r: &Reader, i: usize) -> Draft {
    let site = r.site();
    let urls = &site.urls;
    let page = r.page(i);
    let extras = r.extras(i);
    let view = views::page_view(page, extras, r.term_slugs(), urls, r.in_week(i));
    let image = extras
        .cover
        .as_ref()
        .or(extras.photos.first())
        .or(extras.portrait.as_ref())
        .and_then(|c| c.picture.largest().map(|l| urls.permalink(&l.path)));
    let og = site.og(&page.title, page.summary.as_deref(), &page.path, image);
    let mut draft = r.draft(page.kind.template(), &page.section, og);
    draft.insert("page", &view);
    draft.insert("has_code", &extras.has_code);
    draft
}

fn home(r: &Reader) -> Result<Draft, Diagnostic> {
    let site = r.site();
    let model = r.model();
    let urls = &site.urls;
    let mut draft = r.draft(
        "index.html",
        "home",
        site.og(&site.config.title, None, "", None),
    );
    let today = dates::today(site.config.week.utc_offset);
    let shown_day = if today < model.week_start || today > model.week_end {
        model.week_start
    } else {
        today
    };
    let days: Vec<Value> = model
        .days
        .iter()
        .map(|d| {
            json!({
                "date": views::date_view(d.date, urls),
                "count": d.events.len(),
                "cards": r.cards_of(&d.events[..d.events.len().min(8)]),
                "more": d.events.len() > 8,
                "shown": d.date == shown_day,
            })
        })
        .collect();
    let short = |list: &[usize], n: usize| -> Vec<Value> {
        list.iter()
            .take(n)
            .map(|&i| views::card_view(r.page(i), r.extras(i), urls))
            .collect()
    };
    let intro = site.section_intro("");
    draft.insert("has_code", &has_code(&intro));
    draft.insert("intro", &intro);
    draft.insert("launch", &dated_cards(r, &model.launch)?);
    draft.insert("days", &days);
    draft.insert("event_count", &model.week_count());
    draft.insert("outside_count", &model.outside.len());
    draft.insert("outside_url", &urls.path("events/#other-dates"));
    draft.insert("cases", &short(&model.cases, 4));
    draft.insert("stars", &short(&model.stars, 4));
    draft.insert("readings", &short(&model.readings, 3));
    Ok(draft)
}

fn kind_list(r: &Reader, key: &str, template: &'static str) -> Draft {
    let site = r.site();
    let model = r.model();
    let (list, default) = match key {
        "cases" => (&model.cases, "典型案例"),
        "stars" => (&model.stars, "百姓学习之星"),
        _ => (&model.readings, "好书推荐"),
    };
    let title = site.section_title(key, default);
    let og = site.og(&title, None, &format!("{key}/"), None);
    let mut draft = r.draft(site.list_template(template), key, og);
    let items: Vec<Value> = list
        .iter()
        .map(|&i| views::card_view(r.page(i), r.extras(i), &site.urls))
        .collect();
    fill_list(&mut draft, site, key, &title, &items);
    draft
}

/// What every list of pages shows beside its items: its title and its section's intro.
fn fill_list(draft: &mut Draft, site: &super::Site, key: &str, title: &str, items: &[Value]) {
    let intro = site.section_intro(key);
    draft.insert("title", title);
    draft.insert("has_code", &has_code(&intro));
    draft.insert("intro", &intro);
    draft.insert("items", items);
}

fn section(r: &Reader, name: &str) -> Draft {
    let site = r.site();
    let title = site.section_title(name, name);
    let og = site.og(&title, None, &format!("{name}/"), None);
    let mut draft = r.draft(site.list_template("section.html"), name, og);
    let items: Vec<Value> = r
        .pages()
        .iter()
        .enumerate()
        .filter(|(_, p)| p.section == name)
        .map(|(i, p)| views::card_view(p, r.extras(i), &site.urls))
        .collect();
    fill_list(&mut draft, site, name, &title, &items);
    draft
}

fn taxonomy(r: &Reader, tax_index: usize) -> Draft {
    let site = r.site();
    let urls = &site.urls;
    let tax = &r.model().taxonomies[tax_index];
    let og = site.og(tax.name_zh, None, &format!("{}/", tax.key), None);
    let mut draft = r.draft("taxonomy.html", tax.key, og);
    let terms: Vec<Value> = tax
        .terms
        .iter()
        .map(|term| json!({"name": term.name, "url": urls.path(&format!("{}/{}/", tax.key, term.slug)), "count": term.events.len()}))
        .collect();
    draft.insert("title", tax.name_zh);
    draft.insert("taxonomy", &json!({"key": tax.key, "name": tax.name_zh}));
    draft.insert("terms", &terms);
    draft
}

fn term_page(r: &Reader, tax_index: usize, term_index: usize) -> Result<Draft, Diagnostic> {
    let site = r.site();
    let urls = &site.urls;
    let tax = &r.model().taxonomies[tax_index];
    let term = &tax.terms[term_index];
    let path = format!("{}/{}/", tax.key, term.slug);
    let mut draft = r.draft("term.html", tax.key, site.og(&term.name, None, &path, None));
    let on_term: HashSet<usize> = term.events.iter().copied().collect();
    let (days, outside) = by_day(r, Some(&on_term))?;
    draft.insert("title", &term.name);
    draft.insert(
        "taxonomy",
        &json!({"key": tax.key, "name": tax.name_zh, "url": urls.path(&format!("{}/", tax.key))}),
    );
    draft.insert("outside_count", &outside.len());
    draft.insert("noindex", &term.events.is_empty());
    draft.insert("days", &days);
    draft.insert("outside", &outside);
    draft.insert("event_count", &term.events.len());
    Ok(draft)
}

/// One day of a list and the cards of its events, as templates see it (`d.date`, `d.cards`).
/// Put into a page's context as it is: a JSON value built first and then copied into the
/// context made every list of 10,000 cards copy them twice.
#[derive(serde::Serialize)]
pub(super) struct DayCards<'i> {
    date: Value,
    cards: Vec<Text<'i>>,
}

/// The cards of a list of events grouped by the week's days, and those outside the week (with
/// their dates): every event and every day for `None`, else the events of `only` on the days
/// that have some.
pub(super) fn by_day<'i>(
    r: &Reader<'i, '_>,
    only: Option<&HashSet<usize>>,
) -> Result<(Vec<DayCards<'i>>, Vec<String>), Diagnostic> {
    let model = r.model();
    let urls = &r.site().urls;
    let chosen = |events: &[usize]| -> Vec<usize> {
        match only {
            None => events.to_vec(),
            Some(set) => events.iter().copied().filter(|i| set.contains(i)).collect(),
        }
    };
    let days = model
        .days
        .iter()
        .filter_map(|d| {
            let events = chosen(&d.events);
            (only.is_none() || !events.is_empty()).then(|| DayCards {
                date: views::date_view(d.date, urls),
                cards: r.cards_of(&events),
            })
        })
        .collect();
    Ok((days, dated_cards(r, &chosen(&model.outside))?))
}

//! What templates see: pages and events turned into plain data with every address already made
//! (with the site's base path), every date already in Chinese. Templates stay simple and the
//! theme cannot get an address wrong.

use crate::config::Config;
use crate::dates::{md_zh, weekday_zh};
use crate::images::{self, Loading, Picture};
use crate::markdown::Heading;
use crate::model::TermSlugs;
use crate::page::{Details, Event, Page};
use chrono::NaiveDate;
use serde_json::{json, Value};
use std::sync::Arc;

/// A processed image as templates use it.
#[derive(Debug, Clone)]
pub struct PictureRef {
    pub picture: Arc<Picture>,
    pub alt: String,
    pub caption: Option<String>,
}

/// Everything a page needs beyond its front matter: its HTML and its images.
#[derive(Debug, Default, Clone)]
pub struct PageExtras {
    pub html: String,
    pub headings: Vec<Heading>,
    pub has_code: bool,
    pub cover: Option<PictureRef>,
    pub photos: Vec<PictureRef>,
    pub portrait: Option<PictureRef>,
    pub poster: Option<PictureRef>,
    pub book_covers: Vec<Option<PictureRef>>,
    /// Site-relative address of the published video file.
    pub video_path: Option<String>,
    /// Site-relative addresses of every processed image file in the page's folder. serve keeps
    /// them with the Markdown it reuses, so that it can remove the files of a photo the page no
    /// longer shows (they are written by the image step, not by the output sink).
    pub images: Vec<String>,
}

pub struct Urls<'a> {
    pub config: &'a Config,
    pub base_path: String,
}

impl Urls<'_> {
    /// `/base/events/x/`
    pub fn path(&self, site_rel: &str) -> String {
        format!("{}{}", self.base_path, site_rel)
    }
    /// `https://example.org/base/events/x/`
    pub fn permalink(&self, site_rel: &str) -> String {
        format!("{}{}", self.config.base_url, site_rel)
    }
}

pub fn date_view(d: NaiveDate, urls: &Urls) -> Value {
    json!({
        "iso": d.format("%Y-%m-%d").to_string(),
        "md": md_zh(d),
        "weekday": weekday_zh(d),
        "anchor": format!("d{}", d.format("%m%d")),
        // Every day of the week and every day an event runs on has a calendar page.
        "day_url": urls.path(&format!("calendar/{}/", d.format("%Y-%m-%d"))),
    })
}

pub fn picture_view(
    p: &PictureRef,
    urls: &Urls,
    sizes: &str,
    class: &str,
    loading: Loading,
) -> Value {
    let large = p.picture.largest();
    let html =
        images::picture_html_loading(&p.picture, &p.alt, &urls.base_path, sizes, class, loading);
    json!({
        "html": html,
        "alt": p.alt,
        "caption": p.caption,
        "large_url": large.map(|v| urls.path(&v.path)),
        "permalink": large.map(|v| urls.permalink(&v.path)),
        "width": p.picture.width,
        "height": p.picture.height,
    })
}

fn term_link(slugs: &TermSlugs, taxonomy: &str, name: &str, urls: &Urls) -> Value {
    match slugs.get(taxonomy, name) {
        Some(slug) => json!({"name": name, "url": urls.path(&format!("{taxonomy}/{slug}/"))}),
        None => json!({"name": name, "url": null}),
    }
}

/// The event's time as every output reads it (`model::event_text`); in lists an all-day event
/// on several days also says which days, beside its "N 天" badge.
fn time_range(e: &Event) -> String {
    if e.all_day() && e.last_day() > e.start.date {
        return format!("{}—{}（每天）", md_zh(e.start.date), md_zh(e.last_day()));
    }
    crate::model::text::time_text(e)
}

/// An event's fields for its page and its card in lists.
pub fn event_view(page: &Page, e: &Event, slugs: &TermSlugs, urls: &Urls, in_week: bool) -> Value {
    let days: Vec<Value> = e.days().into_iter().map(|d| date_view(d, urls)).collect();
    let free_zh = match e.free {
        Some(true) => Some("免费"),
        Some(false) => Some("收费"),
        None => None,
    };
    json!({
        "title": page.title,
        "url": urls.path(&page.path),
        "permalink": urls.permalink(&page.path),
        "summary": page.summary,
        "start": e.start.rfc3339(urls.config.week.utc_offset),
        "end": e.end.map(|t| t.rfc3339(urls.config.week.utc_offset)),
        "date": date_view(e.start.date, urls),
        "days": days,
        "multi_day": e.last_day() > e.start.date,
        "all_day": e.all_day(),
        "time": time_range(e),
        // For a card that no day heading dates (the home page's launch, events outside the week).
        "dated_time": if e.last_day() > e.start.date { time_range(e) } else { format!("{} {} {}", md_zh(e.start.date), weekday_zh(e.start.date), time_range(e)) },
        "start_time": e.start.hm(),
        "town": term_link(slugs, "towns", &e.town, urls),
        "category": term_link(slugs, "categories", &e.category, urls),
        "topics": e.topics.iter().map(|t| term_link(slugs, "topics", t, urls)).collect::<Vec<_>>(),
        "audience": e.audience.iter().map(|t| term_link(slugs, "audiences", t, urls)).collect::<Vec<_>>(),
        "organizer": e.organizer,
        "venue": e.venue,
        "address": e.address,
        "format": e.format,
        "format_zh": e.format.zh(),
        "online_url": e.online_url,
        "free": e.free,
        "free_zh": free_zh,
        "capacity": e.capacity,
        "participants": e.participants,
        "contact": e.contact,
        "launch": e.launch,
        "in_week": in_week,
        "ics_url": urls.path(&format!("{}event.ics", page.path)),
        "print_url": urls.path(&format!("{}print/", page.path)),
    })
}

/// The fields every kind shares, plus the kind's own.
pub fn page_view(
    page: &Page,
    extras: &PageExtras,
    slugs: &TermSlugs,
    urls: &Urls,
    in_week: bool,
) -> Value {
    let mut v = json!({
        "kind": page.kind,
        "title": page.title,
        "summary": page.summary,
        "url": urls.path(&page.path),
        "permalink": urls.permalink(&page.path),
        "section": page.section,
        "content": extras.html,
        "headings": extras.headings,
        "has_code": extras.has_code,
        // The cover spans the text's width and is the page's first picture; the gallery is further down.
        "cover": extras.cover.as_ref().map(|c| picture_view(c, urls, "(min-width: 60rem) 56rem, 100vw", "cover", Loading::First)),
        "photos": extras.photos.iter().map(|p| picture_view(p, urls, "(min-width: 60rem) 18rem, 50vw", "", Loading::Lazy)).collect::<Vec<_>>(),
        "source": page.source.rel.to_string_lossy(),
    });
    let obj = v.as_object_mut().expect("json! object");
    let (key, details) = match &page.details {
        Details::Event(e) => ("event", event_view(page, e, slugs, urls, in_week)),
        Details::Case(c) => ("case", case_view(c, extras, urls)),
        Details::Star(s) => ("star", star_view(s, extras, urls)),
        Details::Reading(r) => ("reading", reading_view(r, extras, urls)),
        Details::Plain => return v,
    };
    obj.insert(key.into(), details);
    v
}

fn case_view(c: &crate::page::Case, extras: &PageExtras, urls: &Urls) -> Value {
    json!({
        "unit": c.unit,
        "town": c.town,
        "date": c.date.map(crate::dates::ymd_zh),
        "date_iso": c.date.map(|d| d.format("%Y-%m-%d").to_string()),
        "type": c.case_type,
        "topics": c.topics,
        "video": c.video.as_ref().map(|vid| json!({
            "url": extras.video_path.as_ref().map(|p| urls.path(p)),
            "duration": vid.duration,
            "poster": extras.poster.as_ref().and_then(|p| p.picture.largest().map(|l| urls.path(&l.path))),
        })),
    })
}

fn star_view(s: &crate::page::Star, extras: &PageExtras, urls: &Urls) -> Value {
    json!({
        "name": s.name,
        "town": s.town,
        "occupation": s.occupation,
        "honors": s.honors,
        "quote": s.quote,
        "portrait": extras.portrait.as_ref().map(|p| picture_view(p, urls, "12rem", "portrait", Loading::First)),
    })
}

fn reading_view(r: &crate::page::Reading, extras: &PageExtras, urls: &Urls) -> Value {
    let books: Vec<Value> = r
        .books
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let cover = extras
                .book_covers
                .get(i)
                .and_then(|c| c.as_ref())
                .map(|c| picture_view(c, urls, "8rem", "book-cover", Loading::Lazy));
            json!({
                "title": b.title, "author": b.author, "publisher": b.publisher,
                "year": b.year, "isbn": b.isbn, "note": b.note, "cover": cover,
            })
        })
        .collect();
    json!({"curator": r.curator, "audience": r.audience, "books": books})
}

/// A short card for lists of cases, stars and reading lists.
pub fn card_view(page: &Page, extras: &PageExtras, urls: &Urls) -> Value {
    let (meta, image) = match &page.details {
        Details::Case(c) => (
            format!("{} · {} · {}", c.case_type, c.town, c.unit),
            extras.cover.as_ref().or(extras.photos.first()),
        ),
        Details::Star(s) => (
            [Some(s.town.as_str()), s.occupation.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · "),
            extras.portrait.as_ref().or(extras.cover.as_ref()),
        ),
        Details::Reading(r) => (
            format!("{} 推荐 · {} 本书", r.curator, r.books.len()),
            extras.cover.as_ref(),
        ),
        _ => (String::new(), extras.cover.as_ref()),
    };
    json!({
        "title": page.title,
        "url": urls.path(&page.path),
        "summary": page.summary,
        "meta": meta,
        "quote": match &page.details { Details::Star(s) => s.quote.clone(), _ => None },
        "image": image.map(|p| picture_view(p, urls, "(min-width: 40rem) 20rem, 100vw", "", Loading::Lazy)),
    })
}

//! What each event has beside its page: an A4 poster with a QR code of its address
//! (`/events/SLUG/print/`) and its `.ics` file; and the week's `.ics` with every event.

use super::reader::{Draft, Fragment, Inputs, Reader};
use super::{Made, Place};
use crate::diagnostics::Diagnostic;
use serde_json::json;

#[derive(Debug, Hash)]
pub(crate) enum Job {
    WeekIcs,
    EventIcs(usize),
    EventPrint(usize),
}

/// Each event's .ics and poster.
pub(super) fn jobs(inputs: &Inputs) -> Vec<super::Job> {
    inputs
        .reader()
        .model()
        .events
        .iter()
        .flat_map(|&i| [Job::EventIcs(i), Job::EventPrint(i)])
        .map(super::Job::Posters)
        .collect()
}

pub(super) fn place(r: &Reader, job: &Job) -> Place {
    match job {
        Job::WeekIcs => Place::file("calendar/week.ics"),
        Job::EventIcs(i) => Place::file(format!("{}event.ics", r.page(*i).path)),
        Job::EventPrint(i) => Place::unlisted(&format!("{}print/", r.page(*i).path)),
    }
}

/// Each event's VEVENT once: its own .ics and week.ics share it.
pub(super) fn vevents(inputs: &Inputs) -> Result<Vec<(usize, Fragment)>, Vec<Diagnostic>> {
    let events = inputs.reader().model().events.clone();
    inputs.memo_each(
        "vevents",
        &events,
        |&i| crate::render::deps::id("vevent", inputs.page_path(i)),
        |r, &i| {
            let config = r.site().config;
            let stamp = crate::render::ics::dtstamp(config, r.model().week_start);
            let page = r.page(i);
            let text = page
                .event()
                .map(|event| crate::render::ics::vevent(config, &stamp, page, event))
                .unwrap_or_default();
            Ok((i, Fragment::new(text)))
        },
    )
}

pub(super) fn make(r: &Reader, job: &Job) -> Result<Made, Diagnostic> {
    let site = r.site();
    match job {
        Job::WeekIcs => {
            let vevents = r.model().events.iter().filter_map(|&i| r.vevent(i));
            let text = crate::render::ics::wrap(Some(&site.config.title), vevents);
            Ok(Made::Bytes(text.into_bytes()))
        }
        Job::EventIcs(i) => {
            let text = crate::render::ics::wrap(None, r.vevent(*i));
            Ok(Made::Bytes(text.into_bytes()))
        }
        Job::EventPrint(i) => Ok(Made::Template(poster(r, *i))),
    }
}

/// Only what a poster shows (not the whole event view nor the whole site: 10,000 posters add up).
fn poster(r: &Reader, i: usize) -> Draft {
    let site = r.site();
    let urls = &site.urls;
    let page = r.page(i);
    let mut draft = Draft::new("print.html");
    let Some(e) = page.event() else {
        return draft;
    };
    let sv = r.site_value();
    draft.insert(
        "site",
        &json!({
            "title": sv["title"], "language": sv["language"], "base_path": sv["base_path"], "urls": sv["urls"], "slogan": sv["slogan"],
        }),
    );
    let permalink = urls.permalink(&page.path);
    draft.insert(
        "e",
        &json!({
            "url": urls.path(&page.path),
            "permalink": permalink,
            "organizer": e.organizer,
            "contact": e.contact,
            "venue": e.venue,
            "address": e.address,
            "online_url": e.online_url,
            "audience": e.audience.iter().map(|a| json!({"name": a})).collect::<Vec<_>>(),
            "free": e.free == Some(true),
            "launch": e.launch,
            "in_week": r.in_week(i),
        }),
    );
    let text = crate::model::event_text(e);
    draft.insert("title", &page.title);
    draft.insert("summary", &page.summary);
    draft.insert("date_text", &text.date);
    draft.insert("time_text", &text.time);
    draft.insert("place_text", &text.place);
    let label = format!("二维码：{permalink}");
    draft.insert("qr", &crate::render::qr::svg(&permalink, &label));
    draft
}

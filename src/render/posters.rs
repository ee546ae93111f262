//! What each event has beside its page: an A4 poster with a QR code of its address
//! (`/events/SLUG/print/`) and its `.ics` file; and the week's `.ics` with every event.

use super::{Inputs, Made, Place, Site};
use crate::diagnostics::Diagnostic;
use rayon::prelude::*;
use serde_json::json;
use std::collections::HashMap;

#[derive(Debug)]
pub(crate) enum Job {
    WeekIcs,
    EventIcs(usize),
    EventPrint(usize),
}

/// Each event's .ics and poster.
pub(super) fn jobs(inputs: &Inputs) -> Vec<super::Job> {
    inputs
        .site
        .model
        .events
        .iter()
        .flat_map(|&i| [Job::EventIcs(i), Job::EventPrint(i)])
        .map(super::Job::Posters)
        .collect()
}

pub(super) fn place(inputs: &Inputs, job: &Job) -> Place {
    let pages = inputs.site.pages;
    match job {
        Job::WeekIcs => Place::file("calendar/week.ics"),
        Job::EventIcs(i) => Place::file(format!("{}event.ics", pages[*i].path)),
        Job::EventPrint(i) => Place::unlisted(&format!("{}print/", pages[*i].path)),
    }
}

/// Each event's VEVENT once: its own .ics and week.ics share it. Cheaper to make than to key.
pub(super) fn vevents(site: &Site) -> HashMap<usize, String> {
    let stamp = crate::ics::dtstamp(site.config, site.model.week_start);
    site.model
        .events
        .par_iter()
        .filter_map(|&i| {
            let page = &site.pages[i];
            let event = page.event()?;
            Some((i, crate::ics::vevent(site.config, &stamp, page, event)))
        })
        .collect()
}

pub(super) fn make<'a>(inputs: &'a Inputs, job: &Job) -> Result<Made<'a>, Diagnostic> {
    let site = inputs.site;
    match job {
        Job::WeekIcs => {
            let vevents = site
                .model
                .events
                .iter()
                .filter_map(|i| inputs.vevents.get(i).map(String::as_str));
            let text = crate::ics::wrap(Some(&site.config.title), vevents);
            Ok(Made::Bytes(text.into_bytes()))
        }
        Job::EventIcs(i) => {
            let vevent = inputs.vevents.get(i).map(String::as_str);
            let text = crate::ics::wrap(None, vevent);
            Ok(Made::Bytes(text.into_bytes()))
        }
        Job::EventPrint(i) => Ok(Made::Template(poster(inputs, *i))),
    }
}

/// Only what a poster shows (not the whole event view nor the whole site: 10,000 posters add up).
fn poster<'a>(inputs: &Inputs<'a>, i: usize) -> super::Draft<'a> {
    let site = inputs.site;
    let urls = &site.urls;
    let page = &site.pages[i];
    let mut draft = inputs.bare_draft("print.html");
    let Some(e) = page.event() else {
        return draft;
    };
    let sv = &inputs.site_value;
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
            "in_week": !inputs.outside.contains(&i),
        }),
    );
    let text = crate::model::event_text(e);
    draft.insert("title", &page.title);
    draft.insert("summary", &page.summary);
    draft.insert("date_text", &text.date);
    draft.insert("time_text", &text.time);
    draft.insert("place_text", &text.place);
    let label = format!("二维码：{permalink}");
    let qr_input = permalink.clone();
    draft.insert_later("qr", &qr_input, move || {
        json!(crate::qr::svg(&permalink, &label))
    });
    draft
}

//! Heading anchors: the heading's own characters, unique within the page.

use super::{Heading, Renderer};
use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};
use std::collections::{HashMap, HashSet};

/// A heading's anchor: its own characters (letters and ideographs, digits, `-`, `_`), spaces as
/// `-`, ASCII lower-cased; punctuation dropped.
pub fn anchor(text: &str) -> String {
    let mut out = String::new();
    for ch in text.trim().chars() {
        if ch.is_whitespace() {
            if !out.ends_with('-') {
                out.push('-');
            }
        } else if ch.is_alphanumeric() || ch == '-' || ch == '_' {
            out.extend(ch.to_lowercase());
        }
    }
    let out = out.trim_matches('-').to_string();
    if out.is_empty() {
        "section".into()
    } else {
        out
    }
}

/// The ids given so far on a page, and the heading being read.
#[derive(Default)]
pub(super) struct HeadingIds {
    used: HashSet<String>,
    /// Per anchor, the last number appended to make it unique.
    counts: HashMap<String, usize>,
    /// Index into the renderer's events of an open heading, and its text so far.
    open: Option<(usize, String)>,
}

impl HeadingIds {
    /// Text inside an open heading is also its anchor's source.
    pub(super) fn add_text(&mut self, event: &Event) {
        if let (Some((_, heading_text)), Event::Text(text) | Event::Code(text)) =
            (self.open.as_mut(), event)
        {
            heading_text.push_str(text);
        }
    }

    /// `base`, or `base-1`, `base-2`… when it is taken.
    fn unique(&mut self, base: String) -> String {
        let mut id = base.clone();
        while self.used.contains(&id) {
            let count = self.counts.entry(base.clone()).or_insert(0);
            *count += 1;
            id = format!("{base}-{count}");
        }
        self.used.insert(id.clone());
        id
    }
}

impl<'src> Renderer<'src, '_> {
    pub(super) fn start_heading(&mut self, event: Event<'src>) {
        self.heading_ids.open = Some((self.events.len(), String::new()));
        self.events.push(event);
    }

    /// Gives the open heading its id, now that its whole text is known.
    pub(super) fn end_heading(&mut self, level: HeadingLevel) {
        if let Some((index, text)) = self.heading_ids.open.take() {
            let id = self.heading_ids.unique(anchor(&text));
            if let Event::Start(Tag::Heading { id: slot, .. }) = &mut self.events[index] {
                *slot = Some(CowStr::from(id.clone()));
            }
            self.out.headings.push(Heading {
                level: heading_number(level),
                id,
                text: text.trim().to_string(),
            });
        }
        self.events.push(Event::End(TagEnd::Heading(level)));
    }
}

fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

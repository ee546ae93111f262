//! The text of an event: its date, time range and place, made here once for every output that
//! shows them (the event page, cards, the calendar, the schedule table, posters, .ics, search),
//! so that one event reads the same everywhere.

use crate::dates::{md_zh, weekday_zh};
use crate::page::{Event, Format};

/// How an event's date, time and place read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventText {
    pub date: String,
    pub time: String,
    /// The venue with its address, or where to join online (tables, posters, .ics).
    pub place: String,
    /// The venue alone, or 线上 (calendar entries and search results, where space is short).
    pub venue: String,
}

pub fn event_text(e: &Event) -> EventText {
    EventText {
        date: date_text(e),
        time: time_text(e),
        place: place_text(e),
        venue: venue_text(e),
    }
}

/// 12月3日 周六, or 12月2日—12月8日 for an event on several days.
fn date_text(e: &Event) -> String {
    let last = e.last_day();
    if last > e.start.date {
        format!("{}—{}", md_zh(e.start.date), md_zh(last))
    } else {
        format!("{} {}", md_zh(e.start.date), weekday_zh(e.start.date))
    }
}

/// 09:30—11:00, 全天, or the dates with the times for an event on several days. An end on the
/// start's day without a time says nothing more than no end: both read as the start time.
pub fn time_text(e: &Event) -> String {
    if e.all_day() {
        return "全天".into();
    }
    let start = e.start;
    match e.end {
        Some(end) if end.date == start.date => match end.time {
            Some(_) if end.naive() > start.naive() => format!("{}—{}", start.hm(), end.hm()),
            _ => start.hm(),
        },
        None => start.hm(),
        Some(end) => match end.time {
            Some(_) => format!(
                "{} {}—{} {}",
                md_zh(start.date),
                start.hm(),
                md_zh(end.date),
                end.hm()
            ),
            None => format!("{} {}—{}", md_zh(start.date), start.hm(), md_zh(end.date)),
        },
    }
}

/// The venue and its address; online events give where to join.
fn place_text(e: &Event) -> String {
    let venue = match (&e.venue, &e.address) {
        (Some(v), Some(a)) => Some(format!("{v}，{a}")),
        (Some(v), None) => Some(v.clone()),
        (None, a) => a.clone(),
    };
    let online = e.online_url.as_ref().map(|u| format!("线上：{u}"));
    match (e.format, venue, online) {
        (Format::Online, _, Some(o)) => o,
        (Format::Online, v, None) => v.unwrap_or_else(|| "线上".into()),
        (Format::Hybrid, Some(v), Some(o)) => format!("{v}；{o}"),
        (_, Some(v), _) => v,
        (_, None, o) => o.unwrap_or_default(),
    }
}

fn venue_text(e: &Event) -> String {
    match (e.format, &e.venue) {
        (Format::Online, _) | (_, None) => "线上".into(),
        (_, Some(venue)) => venue.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::LocalTime;

    fn event(start: &str, end: Option<&str>) -> Event {
        Event {
            start: LocalTime::parse(start).unwrap(),
            end: end.map(|e| LocalTime::parse(e).unwrap()),
            town: "湖塘镇".into(),
            organizer: "x".into(),
            category: "讲座".into(),
            venue: Some("礼堂".into()),
            topics: vec![],
            audience: vec![],
            format: Format::Offline,
            online_url: None,
            address: None,
            free: None,
            capacity: None,
            participants: None,
            contact: None,
            launch: false,
        }
    }

    #[test]
    fn dates_and_times_of_an_event() {
        let e = event("2022-12-03 09:30", Some("2022-12-03 11:00"));
        assert_eq!(event_text(&e).date, "12月3日 周六");
        assert_eq!(event_text(&e).time, "09:30—11:00");
        let e = event("2022-12-02", Some("2022-12-08"));
        assert_eq!(event_text(&e).date, "12月2日—12月8日");
        assert_eq!(event_text(&e).time, "全天");
        let e = event("2022-12-02 23:30", Some("2022-12-03 01:00"));
        assert_eq!(event_text(&e).date, "12月2日—12月3日");
        assert_eq!(event_text(&e).time, "12月2日 23:30—12月3日 01:00");
        let e = event("2022-12-02 09:00", None);
        assert_eq!(event_text(&e).time, "09:00");
        let e = event("2022-12-03 09:30", Some("2022-12-03"));
        assert_eq!(
            event_text(&e).time,
            "09:30",
            "a date-only end on the same day adds nothing"
        );
    }

    #[test]
    fn the_place_is_the_same_in_the_tables_and_the_ics_file() {
        let mut e = event("2022-12-03 09:30", None);
        e.format = Format::Online;
        e.venue = None;
        let text = event_text(&e);
        assert_eq!((text.place.as_str(), text.venue.as_str()), ("线上", "线上"));
        assert_eq!(crate::render::ics::location(&e), Some(text.place));
        e.format = Format::Hybrid;
        e.venue = Some("礼堂".into());
        e.online_url = Some("https://example.org/live".into());
        let text = event_text(&e);
        assert_eq!(text.place, "礼堂；线上：https://example.org/live");
        assert_eq!(text.venue, "礼堂");
        assert_eq!(crate::render::ics::location(&e), Some(text.place));
    }
}

//! iCalendar files (RFC 5545): `/events/SLUG/event.ics` for one event and `/calendar/week.ics`
//! for all of them.
//!
//! - Timed events are written in UTC (`…Z`), converted from the week's `utc_offset`, so no
//!   VTIMEZONE is needed and the times are right whatever offset site.toml gives.
//! - An all-day event (dates only) is `VALUE=DATE` with an exclusive DTEND (the day after its
//!   last day).
//! - UID is `ADDRESS.PATH@HOST`: the event's address below events/ with `.` for `/`, then
//!   base_url's path and host (`launch.xuexizhou-2022@example.org`, `2022.x.xuexizhou-2022@…`
//!   for events/2022/x/): stable across builds, distinct between events and between two sites
//!   on one host.
//! - DTSTAMP is derived from site.toml, not the clock, so that a build after no change writes
//!   the same bytes: 00:00 on the first day of the week, in UTC.
//! - TEXT values are escaped (`\\ \; \, \n`), lines end in CRLF and are folded at 75 octets
//!   without splitting a UTF-8 character (nor after a space, which some parsers trim).

use crate::config::Config;
use crate::dates::LocalTime;
use crate::page::{Event, Page};
use chrono::{Duration, FixedOffset, NaiveDate, TimeZone, Utc};

/// Escapes a TEXT value (RFC 5545 §3.3.11).
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            '\n' => out.push_str("\\n"),
            // Other control characters are not allowed in TEXT.
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded so that no physical line is over 75 octets, ending in CRLF.
pub fn push_line(out: &mut String, line: &str) {
    let bytes = line.as_bytes();
    let mut start = 0;
    let mut first = true;
    while start < bytes.len() {
        // A continuation line starts with a space, which counts.
        let room = if first { 75 } else { 74 };
        let mut end = (start + room).min(bytes.len());
        if end < bytes.len() {
            while end > start && !line.is_char_boundary(end) {
                end -= 1;
            }
            // Do not leave a space or tab at the end of a physical line: some parsers trim it.
            let mut e = end;
            while e > start + 1 && matches!(bytes[e - 1], b' ' | b'\t') {
                e -= 1;
                while e > start && !line.is_char_boundary(e) {
                    e -= 1;
                }
            }
            if e > start {
                end = e;
            }
        }
        if !first {
            out.push(' ');
        }
        out.push_str(&line[start..end]);
        out.push_str("\r\n");
        start = end;
        first = false;
    }
    if bytes.is_empty() {
        out.push_str("\r\n");
    }
}

/// Host and path of base_url: `https://example.org/xuexizhou/2022/` -> (`example.org`,
/// `xuexizhou-2022`).
fn uid_parts(base_url: &str) -> (String, String) {
    let rest = base_url
        .split_once("://")
        .map(|(_, r)| r)
        .unwrap_or(base_url);
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let path: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    (host.to_ascii_lowercase(), path.join("-"))
}

/// The stable UID of an event from its address (`events/2022/x/`), which no other page has:
/// the slug alone is shared by `events/x.md` and `events/2022/x.md`. The folders below
/// `events/` go first, joined by `.` (never in a slug), so an event directly in `events/`
/// keeps the UID it had when UIDs were made from the slug, and calendars that subscribed to
/// it do not show it twice.
pub fn uid(config: &Config, page_path: &str) -> String {
    let within = page_path.strip_prefix("events/").unwrap_or(page_path);
    let id: Vec<&str> = within.split('/').filter(|s| !s.is_empty()).collect();
    let id = id.join(".");
    let (host, path) = uid_parts(&config.base_url);
    if path.is_empty() {
        format!("{id}@{host}")
    } else {
        format!("{id}.{path}@{host}")
    }
}

fn utc_stamp(t: chrono::NaiveDateTime, offset: FixedOffset) -> String {
    let utc = match offset.from_local_datetime(&t).single() {
        Some(dt) => dt.with_timezone(&Utc).naive_utc(),
        None => t,
    };
    utc.format("%Y%m%dT%H%M%SZ").to_string()
}

fn date_value(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

/// DTSTART and DTEND lines (DTEND may be absent: a timed event without an end).
pub fn times(e: &Event, offset: FixedOffset) -> (String, Option<String>) {
    if e.all_day() {
        let end = e.last_day() + Duration::days(1);
        return (
            format!("DTSTART;VALUE=DATE:{}", date_value(e.start.date)),
            Some(format!("DTEND;VALUE=DATE:{}", date_value(end))),
        );
    }
    let start = format!("DTSTART:{}", utc_stamp(e.start.naive(), offset));
    let end = e.end.map(|end| {
        let naive = match end.time {
            Some(_) => end.naive(),
            // An end date alone means the end of that day.
            None => LocalTime {
                date: end.date + Duration::days(1),
                time: None,
            }
            .naive(),
        };
        format!("DTEND:{}", utc_stamp(naive, offset))
    });
    (start, end)
}

/// Where the event is, as one line of text.
pub fn location(e: &Event) -> Option<String> {
    let place = crate::model::event_text(e).place;
    (!place.is_empty()).then_some(place)
}

fn description(page: &Page, e: &Event, permalink: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    if let Some(s) = &page.summary {
        lines.push(s.clone());
    }
    lines.push(format!("主办单位：{}", e.organizer));
    lines.push(format!("活动形式：{}", e.format.zh()));
    if let Some(u) = &e.online_url {
        lines.push(format!("线上参加：{u}"));
    }
    if !e.audience.is_empty() {
        lines.push(format!("面向对象：{}", e.audience.join("、")));
    }
    match e.free {
        Some(true) => lines.push("费用：免费".into()),
        Some(false) => lines.push("费用：收费".into()),
        None => {}
    }
    if let Some(c) = &e.contact {
        lines.push(format!("联系方式：{c}"));
    }
    lines.push(format!("详情：{permalink}"));
    lines.join("\n")
}

/// DTSTAMP: 00:00 local on the week's first day, in UTC (see the module notes).
pub fn dtstamp(config: &Config, week_start: NaiveDate) -> String {
    utc_stamp(
        LocalTime {
            date: week_start,
            time: None,
        }
        .naive(),
        config.week.utc_offset,
    )
}

fn push_event(out: &mut String, config: &Config, stamp: &str, page: &Page, e: &Event) {
    let permalink = format!("{}{}", config.base_url, page.path);
    push_line(out, "BEGIN:VEVENT");
    push_line(out, &format!("UID:{}", uid(config, &page.path)));
    push_line(out, &format!("DTSTAMP:{stamp}"));
    let (start, end) = times(e, config.week.utc_offset);
    push_line(out, &start);
    if let Some(end) = end {
        push_line(out, &end);
    }
    push_line(out, &format!("SUMMARY:{}", escape_text(&page.title)));
    if let Some(loc) = location(e) {
        push_line(out, &format!("LOCATION:{}", escape_text(&loc)));
    }
    push_line(
        out,
        &format!(
            "DESCRIPTION:{}",
            escape_text(&description(page, e, &permalink))
        ),
    );
    push_line(out, &format!("CATEGORIES:{}", escape_text(&e.category)));
    push_line(out, &format!("URL:{permalink}"));
    push_line(out, "STATUS:CONFIRMED");
    push_line(out, "TRANSP:OPAQUE");
    push_line(out, "END:VEVENT");
}

/// One VEVENT, CRLF-terminated lines; `stamp` is `dtstamp()`.
pub fn vevent(config: &Config, stamp: &str, page: &Page, e: &Event) -> String {
    let mut out = String::with_capacity(1200);
    push_event(&mut out, config, stamp, page, e);
    out
}

/// A VCALENDAR around VEVENTs made by `vevent`. `name` is shown by calendar apps that support
/// X-WR-CALNAME.
pub fn wrap<'a>(name: Option<&str>, vevents: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::with_capacity(4096);
    push_line(&mut out, "BEGIN:VCALENDAR");
    push_line(&mut out, "VERSION:2.0");
    push_line(
        &mut out,
        "PRODID:-//xuezhou//xuezhou static site generator//ZH",
    );
    push_line(&mut out, "CALSCALE:GREGORIAN");
    push_line(&mut out, "METHOD:PUBLISH");
    if let Some(n) = name {
        push_line(&mut out, &format!("X-WR-CALNAME:{}", escape_text(n)));
    }
    for v in vevents {
        out.push_str(v);
    }
    push_line(&mut out, "END:VCALENDAR");
    out
}

/// One calendar with the given events.
pub fn calendar(
    config: &Config,
    week_start: NaiveDate,
    name: Option<&str>,
    events: &[(&Page, &Event)],
) -> String {
    let stamp = dtstamp(config, week_start);
    let vevents: Vec<String> = events
        .iter()
        .map(|(p, e)| vevent(config, &stamp, p, e))
        .collect();
    wrap(name, vevents.iter().map(String::as_str))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text() {
        assert_eq!(escape_text("a,b;c\\d\ne\r\nf"), "a\\,b\\;c\\\\d\\ne\\nf");
    }

    #[test]
    fn folds_without_splitting_characters() {
        let mut out = String::new();
        let line = format!("SUMMARY:{}", "学习型城市建设论坛".repeat(12));
        push_line(&mut out, &line);
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        let unfolded = out.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, line);
    }

    #[test]
    fn folds_not_after_a_space() {
        let mut out = String::new();
        let line = format!("DESCRIPTION:{} {}", "a".repeat(62), "b".repeat(100));
        push_line(&mut out, &line);
        for l in out.split("\r\n") {
            assert!(!l.ends_with(' '), "{l:?}");
            assert!(l.len() <= 75);
        }
        assert_eq!(out.trim_end_matches("\r\n").replace("\r\n ", ""), line);
    }

    #[test]
    fn uid_parts_of_base_urls() {
        assert_eq!(
            uid_parts("https://example.org/xuexizhou/2022/"),
            ("example.org".into(), "xuexizhou-2022".into())
        );
        assert_eq!(
            uid_parts("http://127.0.0.1:8000/"),
            ("127.0.0.1:8000".into(), String::new())
        );
    }
}

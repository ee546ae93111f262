//! The .ics files, read back with the `ical` crate (a parser written by others), field by field,
//! on the fixture's all-day, multi-day, online and punctuation-heavy events; and the bytes
//! themselves: CRLF, physical lines of at most 75 octets, each valid UTF-8.

mod support_calendar;

use ical::parser::ical::component::{IcalCalendar, IcalEvent};
use ical::property::Property;
use std::collections::HashMap;
use support_calendar::{built, read, BASE};

fn parse(text: &str) -> IcalCalendar {
    let mut parser = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()));
    let cal = parser
        .next()
        .expect("one calendar")
        .expect("the calendar parses");
    assert!(parser.next().is_none(), "exactly one VCALENDAR");
    cal
}

fn prop<'a>(props: &'a [Property], name: &str) -> &'a Property {
    let found: Vec<&Property> = props.iter().filter(|p| p.name == name).collect();
    assert_eq!(found.len(), 1, "exactly one {name}");
    found[0]
}

fn value(props: &[Property], name: &str) -> String {
    prop(props, name).value.clone().unwrap_or_default()
}

fn param(props: &[Property], name: &str, param: &str) -> Option<String> {
    prop(props, name)
        .params
        .as_ref()?
        .iter()
        .find(|(k, _)| k == param)
        .map(|(_, v)| v.join(","))
}

/// RFC 5545 §3.3.11 TEXT, unescaped.
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') | Some('N') => out.push('\n'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Checks what every physical line of an .ics file must be.
fn check_lines(name: &str, bytes: &[u8]) {
    assert!(bytes.ends_with(b"\r\n"), "{name} ends with CRLF");
    let mut start = 0;
    let mut n = 0;
    while start < bytes.len() {
        let end = bytes[start..]
            .windows(2)
            .position(|w| w == b"\r\n")
            .map(|p| start + p)
            .unwrap_or_else(|| panic!("{name}: a line without CRLF"));
        let line = &bytes[start..end];
        assert!(
            !line.contains(&b'\n') && !line.contains(&b'\r'),
            "{name}: a bare CR or LF in line {n}"
        );
        assert!(
            line.len() <= 75,
            "{name}: line {n} has {} octets",
            line.len()
        );
        assert!(
            std::str::from_utf8(line).is_ok(),
            "{name}: line {n} splits a UTF-8 character"
        );
        start = end + 2;
        n += 1;
    }
}

fn events_by_slug(cal: &IcalCalendar) -> HashMap<String, &IcalEvent> {
    cal.events
        .iter()
        .map(|e| {
            let uid = value(&e.properties, "UID");
            let slug = uid.split('.').next().unwrap().to_string();
            (slug, e)
        })
        .collect()
}

#[test]
fn week_ics_reads_back_field_by_field() {
    let (_dir, public) = built();
    let text = read(&public, "calendar/week.ics");
    check_lines("week.ics", text.as_bytes());
    let cal = parse(&text);
    assert_eq!(value(&cal.properties, "VERSION"), "2.0");
    assert!(value(&cal.properties, "PRODID").contains("xuezhou"));
    assert_eq!(value(&cal.properties, "CALSCALE"), "GREGORIAN");
    assert_eq!(
        unescape(&value(&cal.properties, "X-WR-CALNAME")),
        "测试区2022年全民终身学习活动周"
    );
    // Times are in UTC: no VTIMEZONE is needed.
    assert!(cal.timezones.is_empty());
    assert_eq!(
        cal.events.len(),
        6,
        "every event, the one outside the week too"
    );

    let ev = events_by_slug(&cal);
    for (slug, e) in &ev {
        let p = &e.properties;
        assert_eq!(
            value(p, "UID"),
            format!("{slug}.xuexizhou-2022@example.org")
        );
        let stamp = value(p, "DTSTAMP");
        assert_eq!(
            stamp, "20221201T160000Z",
            "DTSTAMP comes from [week] start, not the clock"
        );
        assert_eq!(value(p, "URL"), format!("{BASE}events/{slug}/"));
        assert!(!value(p, "SUMMARY").is_empty());
        assert!(
            unescape(&value(p, "DESCRIPTION")).ends_with(&format!("详情：{BASE}events/{slug}/"))
        );
    }

    // 12-02 23:30 to 12-03 01:00 in UTC+8.
    let p = &ev["midnight"].properties;
    assert_eq!(value(p, "DTSTART"), "20221202T153000Z");
    assert_eq!(value(p, "DTEND"), "20221202T170000Z");
    assert_eq!(param(p, "DTSTART", "VALUE"), None);
    assert_eq!(unescape(&value(p, "SUMMARY")), "跨夜观星讲座");
    assert_eq!(unescape(&value(p, "LOCATION")), "湖塘镇天文台");

    // All week, all day: dates, and an exclusive end.
    let p = &ev["exhibition"].properties;
    assert_eq!(value(p, "DTSTART"), "20221202");
    assert_eq!(param(p, "DTSTART", "VALUE").as_deref(), Some("DATE"));
    assert_eq!(value(p, "DTEND"), "20221209");
    assert_eq!(param(p, "DTEND", "VALUE").as_deref(), Some("DATE"));

    // One all-day date without an end: DTEND is the next day.
    let p = &ev["allday"].properties;
    assert_eq!(value(p, "DTSTART"), "20221206");
    assert_eq!(value(p, "DTEND"), "20221207");

    // Online: where to join is the location.
    let p = &ev["online"].properties;
    assert_eq!(value(p, "DTSTART"), "20221205T113000Z");
    assert_eq!(value(p, "DTEND"), "20221205T130000Z");
    assert_eq!(
        unescape(&value(p, "LOCATION")),
        "线上：https://live.example.org/room/42"
    );
    assert!(
        unescape(&value(p, "DESCRIPTION")).contains("线上参加：https://live.example.org/room/42")
    );

    // Commas, semicolons, a backslash and newlines survive escaping; long text folds.
    let p = &ev["punct"].properties;
    assert_eq!(
        unescape(&value(p, "SUMMARY")),
        "智慧助老, 第一期; 手机\\课堂"
    );
    assert!(
        value(p, "SUMMARY").contains("\\,")
            && value(p, "SUMMARY").contains("\\;")
            && value(p, "SUMMARY").contains("\\\\")
    );
    assert_eq!(
        unescape(&value(p, "LOCATION")),
        "牛塘镇文化站, 三楼; 多功能厅；线上：https://live.example.org/room/7"
    );
    let desc = unescape(&value(p, "DESCRIPTION"));
    assert!(desc.starts_with(
        "手把手教老年朋友用智能手机：扫码、挂号、视频通话，一次学会。\n第二行：请带上自己的手机；现场有志愿者一对一辅导，学完还可以领取图文并茂的操作手册，带回家慢慢复习，遇到问题随时打电话问老师。\n"
    ), "{desc}");
    assert!(desc.contains("\n主办单位：牛塘镇老年大学, 社区学校\n"));
    assert!(desc.contains("\n联系方式：王老师; 0519-86000004, 李老师\n"));
    assert!(desc.contains("\n费用：收费\n"));
    assert_eq!(value(p, "DTSTART"), "20221204T010000Z");
    assert_eq!(value(p, "DTEND"), "20221204T033000Z");
    // The description is far over 75 octets: it was folded, and the parser joined it again.
    let raw_desc_line = text
        .lines()
        .find(|l| l.starts_with("DESCRIPTION:手把手"))
        .unwrap();
    assert!(raw_desc_line.len() <= 76);
    assert!(text.contains("\r\n "), "long lines are folded");

    // Out of the week, still in the calendar file.
    let p = &ev["outside"].properties;
    assert_eq!(value(p, "DTSTART"), "20221210T060000Z");
}

#[test]
fn each_event_has_its_own_ics_with_the_same_vevent() {
    let (_dir, public) = built();
    let week = parse(&read(&public, "calendar/week.ics"));
    let week_ev = events_by_slug(&week);
    for slug in [
        "midnight",
        "exhibition",
        "online",
        "punct",
        "outside",
        "allday",
    ] {
        let text = read(&public, &format!("events/{slug}/event.ics"));
        check_lines(slug, text.as_bytes());
        let cal = parse(&text);
        assert_eq!(value(&cal.properties, "VERSION"), "2.0");
        assert_eq!(value(&cal.properties, "CALSCALE"), "GREGORIAN");
        assert!(!value(&cal.properties, "PRODID").is_empty());
        assert_eq!(cal.events.len(), 1);
        let mine: Vec<(String, Option<String>)> = cal.events[0]
            .properties
            .iter()
            .map(|p| (p.name.clone(), p.value.clone()))
            .collect();
        let theirs: Vec<(String, Option<String>)> = week_ev[slug]
            .properties
            .iter()
            .map(|p| (p.name.clone(), p.value.clone()))
            .collect();
        assert_eq!(mine, theirs, "{slug}");
        // The event page links to it, under the site's base path.
        let page = read(&public, &format!("events/{slug}/index.html"));
        assert!(
            page.contains(&format!("href=\"/xuexizhou/2022/events/{slug}/event.ics\"")),
            "{slug}"
        );
        assert!(page.contains("加入日历"));
    }
}

#[test]
fn ics_files_are_the_same_bytes_on_every_build() {
    let (dir, public) = built();
    let first = read(&public, "calendar/week.ics");
    let (r, report) = support_calendar::build_site(dir.path());
    assert!(r.is_ok(), "{report}");
    assert_eq!(first, read(&public, "calendar/week.ics"));
}

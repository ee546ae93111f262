//! The 日期 and 时间 cells as people fill them in: Excel's own date and time cells, `12月3日`,
//! `2022/12/3`, ranges `12月2日—12月8日`, `9:30-11:00`, `9:30—11:00`, `全天`, an event over
//! midnight with its days; and the start and end of an event from the two together.

use super::forms::{fold, text_of};
use super::grid::Value;
use crate::messages::import::Import;
use crate::tr;
use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Weekday};

/// What separates the two ends of a range, other than an ASCII hyphen.
const RANGE_MARKS: &[&str] = &["——", "—", "–", "―", "～", "~", "至", "到", "－"];

/// Splits `text` at a range mark into two ends that `parses` accepts; also at an ASCII `-`
/// (which dates like 2022-12-03 contain too) where both sides parse.
fn split_range<T>(text: &str, parses: impl Fn(&str) -> Option<T>) -> Option<(T, T)> {
    for mark in RANGE_MARKS {
        if let Some((left, right)) = text.split_once(mark) {
            return Some((parses(left.trim())?, parses(right.trim())?));
        }
    }
    text.match_indices('-').find_map(|(at, _)| {
        let (left, right) = (text[..at].trim(), text[at + 1..].trim());
        Some((parses(left)?, parses(right)?))
    })
}

/// The year a date without one is in: the one that puts it nearest the week.
#[derive(Debug, Clone, Copy)]
pub struct Year {
    pub week_start: Option<NaiveDate>,
}

impl Year {
    fn place(self, month: u32, day: u32) -> Result<NaiveDate, String> {
        let Some(week) = self.week_start else {
            return Err(tr!(Import::NoYear));
        };
        (week.year() - 1..=week.year() + 1)
            .filter_map(|year| NaiveDate::from_ymd_opt(year, month, day))
            .min_by_key(|date| (*date - week).num_days().abs())
            .ok_or_else(|| tr!(Import::NoSuchDay, month, day))
    }
}

/// A date as written, before its year is known.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Written {
    year: Option<i32>,
    month: Option<u32>,
    day: u32,
}

/// `2022年12月3日`, `12月3日`, `3日` (the end of a range), `2022/12/3`, `2022-12-03`, `12/3`.
fn written_date(text: &str) -> Option<Written> {
    let text = text
        .trim()
        .trim_end_matches(['日', '号'])
        .replace(['年', '月', '.', '-'], "/");
    let parts: Vec<&str> = text.split('/').map(str::trim).collect();
    let valid = |written: Written| {
        let month_ok = written.month.is_none_or(|month| (1..=12).contains(&month));
        (month_ok && (1..=31).contains(&written.day)).then_some(written)
    };
    let number = |part: &str| -> Option<u32> {
        (!part.is_empty() && part.len() <= 4 && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse().ok())
            .flatten()
    };
    let written = match parts.as_slice() {
        [year, month, day] if year.len() == 4 => Some(Written {
            year: Some(number(year)? as i32),
            month: Some(number(month)?),
            day: number(day)?,
        }),
        [month, day] => Some(Written {
            year: None,
            month: Some(number(month)?),
            day: number(day)?,
        }),
        [day] if day.len() <= 2 => Some(Written {
            year: None,
            month: None,
            day: number(day)?,
        }),
        _ => None,
    };
    written.and_then(valid)
}

fn resolve(
    written: Written,
    month_before: Option<u32>,
    year: Year,
    year_before: Option<i32>,
) -> Result<NaiveDate, String> {
    let month = written
        .month
        .or(month_before)
        .ok_or_else(|| tr!(Import::NoMonth))?;
    match written.year.or(year_before) {
        Some(y) => NaiveDate::from_ymd_opt(y, month, written.day)
            .ok_or_else(|| tr!(Import::NoSuchDayInYear, year = y, month, day = written.day)),
        None => year.place(month, written.day),
    }
}

/// Takes a weekday written after a date off (`周六`, `星期六`, `（六）`), returning it to check.
fn take_weekday(text: &str) -> (String, Option<Weekday>) {
    const DAYS: [(char, Weekday); 8] = [
        ('一', Weekday::Mon),
        ('二', Weekday::Tue),
        ('三', Weekday::Wed),
        ('四', Weekday::Thu),
        ('五', Weekday::Fri),
        ('六', Weekday::Sat),
        ('日', Weekday::Sun),
        ('天', Weekday::Sun),
    ];
    for prefix in ["星期", "礼拜", "周"] {
        if let Some(at) = text.find(prefix) {
            let rest = &text[at + prefix.len()..];
            if let Some((_, weekday)) = DAYS.iter().find(|(c, _)| rest.starts_with(*c)) {
                let after = &rest['一'.len_utf8()..];
                let cleaned = format!("{}{}", &text[..at], after);
                let cleaned = cleaned.replace(['(', ')', '（', '）'], " ");
                return (cleaned.trim().to_string(), Some(*weekday));
            }
        }
    }
    (text.to_string(), None)
}

/// An Excel serial day number (a date cell read as a plain number) as a date.
fn serial_date(n: f64) -> Option<NaiveDate> {
    if n.fract() != 0.0 || !(20000.0..=80000.0).contains(&n) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_signed(Duration::days(n as i64))
}

pub const DATE_FORMS: &str =
    "12月3日、2022/12/3、2022-12-03 或 Excel 的日期；连续几天写 12月2日—12月8日";

/// The 日期 cell: the first day and, for an event on several days, the last.
pub fn dates(value: &Value, year: Year) -> Result<(NaiveDate, Option<NaiveDate>), String> {
    let text = match value {
        Value::Date(date) => return Ok((*date, None)),
        Value::DateTime(stamp) => return Ok((stamp.date(), None)),
        Value::Number(n) => match serial_date(*n) {
            Some(date) => return Ok((date, None)),
            None => return Err(tr!(Import::NumberNotADate, value = text_of(value))),
        },
        Value::Text(text) => fold(text),
        other => return Err(tr!(Import::NotADate, value = text_of(other))),
    };
    let (bare, weekday) = take_weekday(&text);
    let (first, last) = match split_range(&bare, written_date) {
        Some((first, last)) => (first, Some(last)),
        None => (
            written_date(&bare).ok_or_else(|| tr!(Import::UnreadableDate, text))?,
            None,
        ),
    };
    let first_date = resolve(first, None, year, None)?;
    let last_date = match last {
        Some(last) => Some(resolve(
            last,
            Some(first_date.month()),
            year,
            first.year.map(|_| first_date.year()),
        )?),
        None => None,
    };
    if let (Some(weekday), None) = (weekday, last_date) {
        if first_date.weekday() != weekday {
            return Err(tr!(
                Import::WrongWeekday,
                date = crate::dates::md_zh(first_date),
                weekday = crate::dates::weekday_zh(first_date),
                written = weekday_name(weekday)
            ));
        }
    }
    match last_date {
        Some(last) if last < first_date => Err(tr!(
            Import::LastBeforeFirst,
            last = crate::dates::md_zh(last),
            first = crate::dates::md_zh(first_date)
        )),
        Some(last) if last == first_date => Ok((first_date, None)),
        last => Ok((first_date, last)),
    }
}

fn weekday_name(weekday: Weekday) -> &'static str {
    ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
        [weekday.num_days_from_monday() as usize]
}

/// One end of a 时间 cell: a time, perhaps with its day (`12月2日 23:30`), or a day alone.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct End {
    date: Option<Written>,
    time: Option<NaiveTime>,
    /// `24:00`: midnight at the end of the day.
    midnight: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Times {
    AllDay,
    Span { start: End, end: Option<End> },
}

pub const TIME_FORMS: &str = "9:30—11:00、9:30-11:00、9:30（只写开始）或 全天";

/// `9:30`, `09:30:00`, `9点`, `9点半`, `9点30分`, `下午2:30`, `24:00`.
fn time_of_day(text: &str) -> Option<(NaiveTime, bool)> {
    let mut text = text.trim().to_string();
    let mut afternoon = false;
    for (prefix, pm) in [
        ("上午", false),
        ("早上", false),
        ("中午", false),
        ("下午", true),
        ("晚上", true),
    ] {
        if let Some(rest) = text.strip_prefix(prefix) {
            afternoon = pm;
            text = rest.trim().to_string();
        }
    }
    let text = text
        .replace("点半", ":30")
        .replace(['点', '时'], ":")
        .replace('分', "");
    let mut parts = text.split(':');
    let hour: u32 = parts.next()?.trim().parse().ok()?;
    let minute: u32 = match parts.next().map(str::trim) {
        None | Some("") => 0,
        Some(minute) => minute.parse().ok()?,
    };
    if let Some(second) = parts.next() {
        second.trim().parse::<u32>().ok()?;
    }
    let hour = if afternoon && hour < 12 {
        hour + 12
    } else {
        hour
    };
    if hour == 24 && minute == 0 {
        return Some((NaiveTime::MIN, true));
    }
    NaiveTime::from_hms_opt(hour, minute, 0).map(|time| (time, false))
}

/// One end: `23:30`, `12月2日 23:30`, `12月8日`.
fn end_of(text: &str) -> Option<End> {
    let text = text.trim();
    let cut = text
        .find(['日', '号'])
        .map(|at| at + '日'.len_utf8())
        .or_else(|| text.find(' '));
    let (date_part, time_part) = match cut {
        Some(at) => (text[..at].trim(), text[at..].trim()),
        None => ("", text),
    };
    let date = if date_part.is_empty() {
        None
    } else {
        Some(written_date(date_part)?)
    };
    if time_part.is_empty() {
        return date.map(|date| End {
            date: Some(date),
            time: None,
            midnight: false,
        });
    }
    let (time, midnight) = time_of_day(time_part)?;
    Some(End {
        date,
        time: Some(time),
        midnight,
    })
}

/// The 时间 cell.
pub fn times(value: &Value) -> Result<Times, String> {
    let point = |time: NaiveTime| Times::Span {
        start: End {
            date: None,
            time: Some(time),
            midnight: false,
        },
        end: None,
    };
    let text = match value {
        Value::Time(time) => return Ok(point(*time)),
        Value::DateTime(stamp) => return Ok(point(stamp.time())),
        Value::Number(n) if (0.0..1.0).contains(n) => {
            let minutes = (n * 1440.0).round() as u32;
            return NaiveTime::from_hms_opt(minutes / 60, minutes % 60, 0)
                .map(point)
                .ok_or_else(|| tr!(Import::NumberNotATime, n));
        }
        Value::Text(text) => fold(text),
        other => return Err(tr!(Import::NotATime, value = text_of(other))),
    };
    if ["全天", "整天", "全日", "全天候"].contains(&text.as_str()) {
        return Ok(Times::AllDay);
    }
    if let Some((start, end)) = split_range(&text, end_of) {
        return Ok(Times::Span {
            start,
            end: Some(end),
        });
    }
    let start = end_of(&text).ok_or_else(|| tr!(Import::UnreadableTime, text))?;
    Ok(Times::Span { start, end: None })
}

/// Which cell a problem of the date and time together lies in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blame {
    Date,
    Time,
}

/// The event's start and end from its 日期 and 时间 cells.
pub fn start_end(
    (first, last): (NaiveDate, Option<NaiveDate>),
    times: Times,
    year: Year,
) -> Result<(crate::dates::LocalTime, Option<crate::dates::LocalTime>), (Blame, String)> {
    use crate::dates::LocalTime;
    let (start, end) = match times {
        Times::AllDay => {
            return Ok((
                LocalTime {
                    date: first,
                    time: None,
                },
                last.map(|date| LocalTime { date, time: None }),
            ))
        }
        Times::Span { start, end } => (start, end),
    };
    let day_of =
        |written: Option<Written>, default: NaiveDate| -> Result<NaiveDate, (Blame, String)> {
            match written {
                Some(written) => resolve(written, Some(default.month()), year, None)
                    .map_err(|e| (Blame::Time, e)),
                None => Ok(default),
            }
        };
    let start_day = day_of(start.date, first)?;
    if start_day != first {
        return Err((
            Blame::Time,
            tr!(
                Import::DayMismatch,
                day = crate::dates::md_zh(start_day),
                first = crate::dates::md_zh(first)
            ),
        ));
    }
    let Some(start_time) = start.time else {
        return Err((Blame::Time, tr!(Import::NoStartTime)));
    };
    let start = LocalTime {
        date: first,
        time: Some(start_time),
    };
    let end = match end {
        None => last.map(|date| LocalTime { date, time: None }),
        Some(end) => {
            let mut day = day_of(end.date, last.unwrap_or(first))?;
            if end.midnight {
                day = day.succ_opt().unwrap_or(day);
            }
            Some(LocalTime {
                date: day,
                time: end.time,
            })
        }
    };
    if let Some(end) = end {
        let before = match end.time {
            Some(_) => end.naive() < start.naive(),
            None => end.date < start.date,
        };
        if before {
            return Err((
                Blame::Time,
                tr!(Import::EndBeforeStart, end = show(end), start = show(start)),
            ));
        }
    }
    Ok((start, end))
}

fn show(time: crate::dates::LocalTime) -> String {
    format!("{} {}", crate::dates::md_zh(time.date), time.hm())
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::LocalTime;
    use crate::messages::Entry;

    #[test]
    fn the_template_and_the_messages_name_the_same_forms() {
        assert_eq!(DATE_FORMS, Import::DateForms.zh());
        assert_eq!(TIME_FORMS, Import::TimeForms.zh());
    }

    fn year() -> Year {
        Year {
            week_start: NaiveDate::from_ymd_opt(2022, 12, 2),
        }
    }
    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2022, 12, d).unwrap()
    }
    fn text(s: &str) -> Value {
        Value::Text(s.into())
    }

    #[test]
    fn dates_in_every_form() {
        for form in [
            "12月3日",
            "2022/12/3",
            "2022-12-03",
            "2022年12月3日",
            "12月3日 周六",
            "12月3日（星期六）",
            "１２月３日",
            "12/3",
        ] {
            assert_eq!(dates(&text(form), year()), Ok((day(3), None)), "{form}");
        }
        assert_eq!(dates(&Value::Date(day(3)), year()), Ok((day(3), None)));
        assert_eq!(dates(&Value::Number(44898.0), year()), Ok((day(3), None)));
        for form in [
            "12月2日—12月8日",
            "12月2日-12月8日",
            "12月2日至8日",
            "2022/12/2-2022/12/8",
            "2022-12-02～2022-12-08",
        ] {
            assert_eq!(
                dates(&text(form), year()),
                Ok((day(2), Some(day(8)))),
                "{form}"
            );
        }
        assert!(dates(&text("12月3日 周五"), year()).is_err());
        assert!(dates(&text("下周三"), year()).is_err());
        assert!(dates(&text("12月8日—12月2日"), year()).is_err());
        assert!(dates(&text("2月30日"), year()).is_err());
    }

    #[test]
    fn a_date_in_january_belongs_to_the_year_after_a_december_week() {
        let dec = Year {
            week_start: NaiveDate::from_ymd_opt(2022, 12, 28),
        };
        assert_eq!(
            dates(&text("1月2日"), dec),
            Ok((NaiveDate::from_ymd_opt(2023, 1, 2).unwrap(), None))
        );
    }

    fn at(d: u32, hm: Option<(u32, u32)>) -> LocalTime {
        LocalTime {
            date: day(d),
            time: hm.and_then(|(h, m)| NaiveTime::from_hms_opt(h, m, 0)),
        }
    }

    #[test]
    fn times_in_every_form() {
        let one = (day(3), None);
        for form in [
            "9:30-11:00",
            "9:30—11:00",
            "09:30—11:00",
            "9:30～11:00",
            "9：30-11：00",
            "9点半-11点",
            "上午9:30至11:00",
        ] {
            let got = start_end(one, times(&text(form)).unwrap(), year());
            assert_eq!(
                got,
                Ok((at(3, Some((9, 30))), Some(at(3, Some((11, 0)))))),
                "{form}"
            );
        }
        let got = start_end(
            one,
            times(&Value::Time(NaiveTime::from_hms_opt(14, 0, 0).unwrap())).unwrap(),
            year(),
        );
        assert_eq!(got, Ok((at(3, Some((14, 0))), None)));
        let got = start_end(
            (day(2), Some(day(8))),
            times(&text("全天")).unwrap(),
            year(),
        );
        assert_eq!(got, Ok((at(2, None), Some(at(8, None)))));
        let got = start_end(
            (day(2), Some(day(3))),
            times(&text("12月2日 23:30—12月3日 01:00")).unwrap(),
            year(),
        );
        assert_eq!(got, Ok((at(2, Some((23, 30))), Some(at(3, Some((1, 0)))))));
        let got = start_end(
            (day(2), Some(day(8))),
            times(&text("12月2日 09:00—12月8日")).unwrap(),
            year(),
        );
        assert_eq!(got, Ok((at(2, Some((9, 0))), Some(at(8, None)))));
        let got = start_end(one, times(&text("20:00-24:00")).unwrap(), year());
        assert_eq!(got, Ok((at(3, Some((20, 0))), Some(at(4, Some((0, 0)))))));
    }

    #[test]
    fn an_end_before_the_start_is_named() {
        let got = start_end((day(3), None), times(&text("14:00-11:00")).unwrap(), year());
        assert!(matches!(got, Err((Blame::Time, _))), "{got:?}");
        assert!(times(&text("早上")).is_err());
    }
}

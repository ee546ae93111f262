//! Local dates and times as staff write them (`2022-12-03`, `2022-12-03 09:30`), in the week's
//! fixed UTC offset.

use chrono::{FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};

/// A date with an optional time of day: an event with dates only is all-day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LocalTime {
    pub date: NaiveDate,
    pub time: Option<NaiveTime>,
}

impl LocalTime {
    pub fn parse(s: &str) -> Option<LocalTime> {
        let s = s.trim();
        if let Ok(date) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            return Some(LocalTime { date, time: None });
        }
        // Staff type a space, a T, or a full-width colon from a Chinese keyboard.
        let s = s.replace('：', ":").replace('T', " ");
        for fmt in ["%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"] {
            if let Ok(dt) = NaiveDateTime::parse_from_str(&s, fmt) {
                return Some(LocalTime {
                    date: dt.date(),
                    time: Some(dt.time()),
                });
            }
        }
        None
    }

    pub fn naive(&self) -> NaiveDateTime {
        self.date.and_time(self.time.unwrap_or(NaiveTime::MIN))
    }

    /// `09:30`, or an empty string when all-day.
    pub fn hm(&self) -> String {
        self.time
            .map(|t| t.format("%H:%M").to_string())
            .unwrap_or_default()
    }

    /// ISO 8601 with the offset, for `<time datetime>` and feeds.
    pub fn rfc3339(&self, offset: FixedOffset) -> String {
        match offset.from_local_datetime(&self.naive()).single() {
            Some(dt) => dt.to_rfc3339(),
            None => self.naive().format("%Y-%m-%dT%H:%M:%S").to_string(),
        }
    }
}

pub fn china_offset() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("+08:00 is a valid offset")
}

/// `+08:00`, `-05:30`, `+0800`.
pub fn parse_offset(s: &str) -> Option<FixedOffset> {
    let s = s.trim();
    let (sign, rest) = match s.chars().next()? {
        '+' => (1, &s[1..]),
        '-' => (-1, &s[1..]),
        _ => return None,
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let h: i32 = digits[..2].parse().ok()?;
    let m: i32 = digits[2..].parse().ok()?;
    if h > 14 || m > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

const WEEKDAYS: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];

/// `12月3日`
pub fn md_zh(d: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}月{}日", d.month(), d.day())
}

/// `周六`
pub fn weekday_zh(d: NaiveDate) -> &'static str {
    use chrono::Datelike;
    WEEKDAYS[d.weekday().num_days_from_monday() as usize]
}

/// `2022年12月3日`
pub fn ymd_zh(d: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}年{}", d.year(), md_zh(d))
}

/// Today in the given offset.
pub fn today(offset: FixedOffset) -> NaiveDate {
    chrono::Utc::now().with_timezone(&offset).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_staff_write() {
        let d = LocalTime::parse("2022-12-03").unwrap();
        assert!(d.time.is_none());
        let t = LocalTime::parse("2022-12-03 09:30").unwrap();
        assert_eq!(t.hm(), "09:30");
        assert_eq!(LocalTime::parse("2022-12-03T09:30").unwrap(), t);
        assert_eq!(LocalTime::parse("2022-12-03 09：30").unwrap(), t);
        assert!(LocalTime::parse("2022-13-03").is_none());
        assert!(LocalTime::parse("12月3日").is_none());
    }

    #[test]
    fn offsets() {
        assert_eq!(parse_offset("+08:00").unwrap().local_minus_utc(), 28800);
        assert_eq!(parse_offset("-0530").unwrap().local_minus_utc(), -19800);
        assert!(parse_offset("8").is_none());
        let t = LocalTime::parse("2022-12-03 09:30").unwrap();
        assert_eq!(t.rfc3339(china_offset()), "2022-12-03T09:30:00+08:00");
        assert_eq!(weekday_zh(t.date), "周六");
    }
}

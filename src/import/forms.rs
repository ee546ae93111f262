//! The forms people type into cells, read into values: text (a phone number Excel stored as a
//! number reads as its digits), yes or no, lists separated by 、 or ，, numbers of people, 活动形式
//! and 地点. Dates and times are `when`'s. Each reader gives the value or a reason in Chinese;
//! `rows` says where.

use super::grid::Value;
use crate::messages::import::Import;
use crate::tr;

/// What a text column holds, as the cell shows it. A number Excel stored (a phone number typed
/// without a leading `'`) reads as its digits.
pub fn text_of(value: &Value) -> String {
    match value {
        Value::Empty => String::new(),
        Value::Text(text) => text.trim().to_string(),
        Value::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
        Value::Number(n) => n.to_string(),
        Value::Date(date) => date.format("%Y-%m-%d").to_string(),
        Value::Time(time) => time.format("%H:%M").to_string(),
        Value::DateTime(stamp) => stamp.format("%Y-%m-%d %H:%M").to_string(),
        Value::Bool(flag) => if *flag { "是" } else { "否" }.to_string(),
        Value::Error(error) => error.clone(),
    }
}

/// Full-width digits, letters and colons as their ASCII twins; spaces around trimmed.
pub(super) fn fold(text: &str) -> String {
    text.trim()
        .chars()
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            '\u{3000}' => ' ',
            c => c,
        })
        .collect()
}

/// A list cell: `老年人、社区居民`, `老年人，学生`, `老年人,学生`, `老年人；学生`.
pub fn list(value: &Value) -> Vec<String> {
    text_of(value)
        .split(['、', '，', ',', '；', ';', '/', '\n'])
        .map(|item| item.trim().to_string())
        .filter(|item| !item.is_empty())
        .collect()
}

/// 是否免费 and the like: empty is "not said".
pub fn yes_no(value: &Value) -> Result<Option<bool>, String> {
    match value {
        Value::Bool(flag) => Ok(Some(*flag)),
        value if value.is_empty() => Ok(None),
        value => {
            let text = text_of(value);
            crate::yesno::yes_no(&text)
                .map(Some)
                .ok_or_else(|| tr!(Import::NotYesNo, text))
        }
    }
}

/// A number of people: `40`, `40人`, `约40人`; at most `page::MAX_PEOPLE`.
pub fn people(value: &Value) -> Result<Option<u64>, String> {
    let text = fold(&text_of(value));
    if text.is_empty() {
        return Ok(None);
    }
    let digits = text
        .trim_start_matches('约')
        .trim_end_matches(['人', '名', '左', '右'])
        .trim();
    let bad = || tr!(Import::NotPeople, text);
    let n: u64 = digits.parse().map_err(|_| bad())?;
    if n > crate::page::MAX_PEOPLE {
        return Err(tr!(Import::TooMany, n, max = crate::page::MAX_PEOPLE));
    }
    Ok(Some(n))
}

/// The 活动形式 cell: `None` when empty.
pub fn format(value: &Value) -> Result<Option<crate::page::Format>, String> {
    use crate::page::Format;
    let text = fold(&text_of(value)).to_lowercase();
    Ok(Some(match text.as_str() {
        "" => return Ok(None),
        "线下" | "offline" => Format::Offline,
        "线上" | "网上" | "online" => Format::Online,
        "线上线下结合" | "线上线下" | "线上+线下" | "线下+线上" | "线上、线下" | "hybrid" => {
            Format::Hybrid
        }
        _ => return Err(tr!(Import::NotAFormat, value = text_of(value))),
    }))
}

/// 地点 as 附件1 writes it: a venue, `线上：URL`, or `venue；线上：URL`.
pub fn place(text: &str) -> (Option<String>, Option<String>) {
    let text = text.trim();
    let found = ["线上：", "线上:"]
        .iter()
        .find_map(|mark| text.find(mark).map(|at| (at, mark.len())));
    let Some((at, len)) = found else {
        return (Some(text.to_string()).filter(|t| !t.is_empty()), None);
    };
    let venue = text[..at]
        .trim()
        .trim_end_matches(['；', ';', '，', ','])
        .trim();
    let url = text[at + len..].trim();
    (
        Some(venue.to_string()).filter(|v| !v.is_empty()),
        Some(url.to_string()).filter(|u| !u.is_empty()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Value {
        Value::Text(s.into())
    }

    #[test]
    fn lists_yes_no_people_and_places() {
        assert_eq!(
            list(&text("老年人、社区居民，学生")),
            ["老年人", "社区居民", "学生"]
        );
        assert_eq!(yes_no(&text("是")), Ok(Some(true)));
        assert_eq!(yes_no(&text("")), Ok(None));
        assert!(yes_no(&text("可能")).is_err());
        assert_eq!(people(&text("40人")), Ok(Some(40)));
        assert_eq!(people(&Value::Number(40.0)), Ok(Some(40)));
        assert!(people(&text("很多")).is_err());
        assert_eq!(
            place("礼堂；线上：https://x.org/l"),
            (Some("礼堂".into()), Some("https://x.org/l".into()))
        );
        assert_eq!(
            place("线上：https://x.org/l"),
            (None, Some("https://x.org/l".into()))
        );
        assert_eq!(text_of(&Value::Number(13812345678.0)), "13812345678");
    }
}

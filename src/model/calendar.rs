//! The calendar's model: which days have a page, which events each shows, and how an event
//! reads on one of its days. Rendering them is `render::calendar`'s job.

use crate::dates::md_zh;
use crate::page::{Event, Page};
use chrono::NaiveDate;
use std::collections::BTreeMap;

use super::Model;
use std::sync::Arc;

/// One day that has a page: its events in the order they show.
#[derive(Debug, Hash)]
pub struct DayList {
    pub date: NaiveDate,
    pub events: Vec<usize>,
    pub in_week: bool,
}

/// How an event reads on one of its days, and whether it takes that whole day.
pub fn day_label(e: &Event, day: NaiveDate) -> (String, bool) {
    let days = e.days();
    let count = days.len();
    let nth = days
        .iter()
        .position(|d| *d == day)
        .map(|p| p + 1)
        .unwrap_or(1);
    if e.all_day() {
        return if count <= 1 {
            ("全天".into(), true)
        } else {
            (format!("全天 · 第{nth}天/共{count}天"), true)
        };
    }
    let start = e.start;
    let end = match e.end {
        Some(end) if count > 1 => end,
        _ => return (super::text::time_text(e), false),
    };
    let end_day = if count == 2 {
        "次日 ".to_string()
    } else {
        format!("{} ", md_zh(end.date))
    };
    if nth == 1 {
        let label = match end.time {
            Some(_) if end.date == e.last_day() => {
                format!("{} 开始，{end_day}{} 结束", start.hm(), end.hm())
            }
            _ => format!("{} 开始，持续到{}", start.hm(), md_zh(e.last_day())),
        };
        (label, false)
    } else if nth == count && end.time.is_some() && end.date == day {
        (
            format!(
                "{} 结束（{} {} 开始）",
                end.hm(),
                md_zh(start.date),
                start.hm()
            ),
            false,
        )
    } else {
        (format!("全天 · 第{nth}天/共{count}天"), true)
    }
}

/// Every day with a page: the week's days, then any other day an event runs on.
pub(super) fn day_lists(model: &Model, pages: &[Arc<Page>]) -> Vec<DayList> {
    let mut out: Vec<DayList> = model
        .days
        .iter()
        .map(|d| DayList {
            date: d.date,
            events: d.events.clone(),
            in_week: true,
        })
        .collect();
    let mut others: BTreeMap<NaiveDate, Vec<usize>> = BTreeMap::new();
    for &i in &model.events {
        let Some(e) = pages[i].event() else {
            continue;
        };
        for d in e.days() {
            if d < model.week_start || d > model.week_end {
                others.entry(d).or_default().push(i);
            }
        }
    }
    for (date, mut events) in others {
        // Like the week's days: all-day (or begun earlier) first, then by start time.
        events.sort_by_key(|&i| {
            let e = pages[i].event();
            let whole = e
                .map(|e| e.all_day() || e.start.date < date)
                .unwrap_or(false);
            (!whole, e.and_then(|e| e.start.time))
        });
        out.push(DayList {
            date,
            events,
            in_week: false,
        });
    }
    out.sort_by_key(|d| d.date);
    out
}

//! The week calendar, day pages, filters, print views and the posters' QR codes, on the fixture
//! site (tests/fixtures/calendar-site/).

mod support_calendar;

use support_calendar::{build_site, built, fixture, read, BASE};

/// The HTML of one day's section of /calendar/.
fn day_section(html: &str, iso: &str) -> String {
    let start = html
        .find(&format!("data-date=\"{iso}\" data-day"))
        .unwrap_or_else(|| panic!("no section for {iso}"));
    let rest = &html[start..];
    let end = rest.find("</section>").unwrap();
    rest[..end].to_string()
}

#[test]
fn an_event_over_midnight_shows_on_both_its_days() {
    let (_dir, public) = built();
    let cal = read(&public, "calendar/index.html");
    let d2 = day_section(&cal, "2022-12-02");
    let d3 = day_section(&cal, "2022-12-03");
    assert!(d2.contains("data-event=\"midnight\""));
    assert!(d3.contains("data-event=\"midnight\""));
    assert!(d2.contains("23:30 开始，次日 01:00 结束"), "{d2}");
    assert!(d3.contains("01:00 结束（12月2日 23:30 开始）"), "{d3}");
    assert!(!day_section(&cal, "2022-12-04").contains("data-event=\"midnight\""));
    // On 12-03 it has been running since midnight: it comes before anything timed that day.
    // On 12-02 it comes after the all-day exhibition.
    assert!(
        d2.find("data-event=\"exhibition\"").unwrap() < d2.find("data-event=\"midnight\"").unwrap()
    );
    // Both day pages list it.
    assert!(read(&public, "calendar/2022-12-02/index.html").contains("跨夜观星讲座"));
    assert!(read(&public, "calendar/2022-12-03/index.html").contains("跨夜观星讲座"));
    assert!(!read(&public, "calendar/2022-12-04/index.html").contains("跨夜观星讲座"));
}

#[test]
fn an_all_week_exhibition_is_on_all_seven_days_as_all_day() {
    let (_dir, public) = built();
    let cal = read(&public, "calendar/index.html");
    assert_eq!(cal.matches("data-event=\"exhibition\"").count(), 7);
    for (k, day) in ["02", "03", "04", "05", "06", "07", "08"]
        .iter()
        .enumerate()
    {
        let s = day_section(&cal, &format!("2022-12-{day}"));
        assert!(
            s.contains(&format!("全天 · 第{}天/共7天", k + 1)),
            "12-{day}"
        );
        assert!(s.contains("class=\"cal-event is-allday is-multiday\" data-event=\"exhibition\""));
        let page = read(&public, &format!("calendar/2022-12-{day}/index.html"));
        assert!(page.contains("全民终身学习成果展"), "12-{day}");
    }
    // A one-day all-day event.
    assert!(day_section(&cal, "2022-12-06").contains("<span class=\"cal-time\">全天</span>"));
}

#[test]
fn an_event_outside_the_week_is_listed_apart_with_a_warning() {
    let dir = fixture();
    let (r, report) = build_site(dir.path());
    assert!(r.is_ok(), "{report}");
    assert!(
        report.contains("outside.md") && report.contains("不在活动周"),
        "{report}"
    );
    let public = dir.path().join("public");
    let cal = read(&public, "calendar/index.html");
    let grid_end = cal
        .find("id=\"other-dates\"")
        .expect("a section for other dates");
    assert!(
        !cal[..grid_end].contains("活动周之后的读书会"),
        "not in the week's grid"
    );
    assert!(cal[grid_end..].contains("活动周之后的读书会"));
    // Its own day has a page, which says it is outside the week; the week's days do not list it.
    let day = read(&public, "calendar/2022-12-10/index.html");
    assert!(day.contains("活动周之后的读书会") && day.contains("不在活动周"));
    for d in 2..=8 {
        assert!(
            !read(&public, &format!("calendar/2022-12-{d:02}/index.html"))
                .contains("活动周之后的读书会")
        );
    }
}

#[test]
fn addresses_honour_the_base_path_and_dates_link_to_day_pages() {
    let (_dir, public) = built();
    let cal = read(&public, "calendar/index.html");
    assert!(cal.contains("href=\"/xuexizhou/2022/calendar/2022-12-02/\""));
    assert!(cal.contains("href=\"/xuexizhou/2022/calendar/week.ics\""));
    assert!(cal.contains("href=\"/xuexizhou/2022/calendar/print/\""));
    assert!(cal.contains("href=\"/xuexizhou/2022/events/midnight/\""));
    // The event page's date links to its day.
    let ev = read(&public, "events/midnight/index.html");
    assert!(ev.contains("href=\"/xuexizhou/2022/calendar/2022-12-02/\""));
    assert!(ev.contains("href=\"/xuexizhou/2022/events/midnight/print/\""));
    let nav = read(&public, "index.html");
    assert!(nav.contains("href=\"/xuexizhou/2022/calendar/\""));
    let sitemap = read(&public, "sitemap.xml");
    assert!(sitemap.contains(&format!("<loc>{BASE}calendar/</loc>")));
    assert!(sitemap.contains(&format!("<loc>{BASE}calendar/2022-12-05/</loc>")));
    assert!(
        !sitemap.contains("/print/"),
        "print views are not in the sitemap"
    );
}

#[test]
fn filters_link_to_term_pages_and_free_events() {
    let (_dir, public) = built();
    let cal = read(&public, "calendar/index.html");
    // Without script: links. With script: a form (hidden until the script shows it).
    assert!(cal.contains("href=\"/xuexizhou/2022/towns/hutangzhen/\""));
    assert!(cal.contains("href=\"/xuexizhou/2022/categories/jiangzuo/\""));
    assert!(cal.contains("href=\"/xuexizhou/2022/audiences/laonianren/\""));
    assert!(cal.contains("href=\"/xuexizhou/2022/calendar/free/\""));
    assert!(cal.contains("<form class=\"filter-form\" data-filters hidden>"));
    assert!(cal.contains("aria-live=\"polite\""));
    for attr in [
        "data-town=\"湖塘镇\"",
        "data-category=\"讲座\"",
        "data-free=\"yes\"",
        "data-audience=\"社区居民 青少年\"",
    ] {
        assert!(cal.contains(attr), "{attr}");
    }
    let free = read(&public, "calendar/free/index.html");
    for title in [
        "跨夜观星讲座",
        "全民终身学习成果展",
        "线上家庭教育讲座",
        "家政技能全天培训",
    ] {
        assert!(free.contains(title), "{title}");
    }
    assert!(!free.contains("手机\\课堂"), "a paid event is not free");
    assert!(!free.contains("活动周之后的读书会"), "free is not given");
}

#[test]
fn the_week_schedule_prints_on_a4_landscape() {
    let (_dir, public) = built();
    let html = read(&public, "calendar/print/index.html");
    assert!(html.contains("size: A4 landscape"));
    assert!(html.contains("data-print"));
    for title in [
        "跨夜观星讲座",
        "全民终身学习成果展",
        "线上家庭教育讲座",
        "家政技能全天培训",
        "活动周之后的读书会",
    ] {
        assert!(html.contains(title), "{title}");
    }
    assert_eq!(html.matches("全民终身学习成果展").count(), 7);
}

/// Reads back the poster's QR code: the `<path>` of horizontal runs (`M x y h n v1 h-n z`) in
/// the SVG, drawn into a grey image and decoded with `rqrr`.
fn decode_svg_qr(html: &str) -> String {
    let svg_start = html
        .find("<svg class=\"qr\"")
        .expect("an inline SVG QR code");
    let svg = &html[svg_start..svg_start + html[svg_start..].find("</svg>").unwrap()];
    let vb = svg.split("viewBox=\"0 0 ").nth(1).unwrap();
    let size: u32 = vb.split(' ').next().unwrap().parse().unwrap();
    let d = svg
        .split(" d=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let scale = 8;
    let mut img = image::GrayImage::from_pixel(size * scale, size * scale, image::Luma([255]));
    for run in d.split('z').filter(|s| !s.is_empty()) {
        // M{x} {y}h{n}v1h-{n}
        let run = run.strip_prefix('M').unwrap();
        let (xy, rest) = run.split_once('h').unwrap();
        let (x, y) = xy.split_once(' ').unwrap();
        let n = rest.split('v').next().unwrap();
        let (x, y, n): (u32, u32, u32) =
            (x.parse().unwrap(), y.parse().unwrap(), n.parse().unwrap());
        for px in x * scale..(x + n) * scale {
            for py in y * scale..(y + 1) * scale {
                img.put_pixel(px, py, image::Luma([0]));
            }
        }
    }
    let mut prepared = rqrr::PreparedImage::prepare(img);
    let grids = prepared.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code");
    grids[0].decode().expect("the QR code decodes").1
}

#[test]
fn posters_have_a_qr_code_of_the_event_address() {
    let (_dir, public) = built();
    for slug in ["midnight", "online", "punct"] {
        let html = read(&public, &format!("events/{slug}/print/index.html"));
        assert!(html.contains("size: A4 portrait"));
        assert_eq!(
            decode_svg_qr(&html),
            format!("{BASE}events/{slug}/"),
            "{slug}"
        );
    }
    let html = read(&public, "events/punct/print/index.html");
    // Title, date and time, place, organizer, contact.
    for text in [
        "智慧助老, 第一期; 手机\\课堂",
        "12月4日 周日",
        "09:00—11:30",
        "牛塘镇文化站, 三楼; 多功能厅",
        "牛塘镇老年大学, 社区学校",
        "王老师; 0519-86000004, 李老师",
        "data-print",
    ] {
        assert!(html.contains(text), "{text}");
    }
}

#[test]
fn a_qr_matrix_decodes_to_its_text() {
    let m =
        xuezhou::render::qr::matrix("https://example.org/xuexizhou/2022/events/launch/").unwrap();
    let q = xuezhou::render::qr::QUIET_ZONE;
    let size = (m.width + 2 * q) as u32;
    let scale = 6;
    let img = image::GrayImage::from_fn(size * scale, size * scale, |x, y| {
        let (mx, my) = ((x / scale) as usize, (y / scale) as usize);
        let dark = mx >= q
            && my >= q
            && mx < q + m.width
            && my < q + m.width
            && m.dark[(my - q) * m.width + (mx - q)];
        image::Luma([if dark { 0 } else { 255 }])
    });
    let mut prepared = rqrr::PreparedImage::prepare(img);
    let grids = prepared.detect_grids();
    assert_eq!(
        grids[0].decode().unwrap().1,
        "https://example.org/xuexizhou/2022/events/launch/"
    );
}

//! The render stage as the build sees it. Every output is one job of one list, counted once;
//! and what a rebuild may reuse: a recording cache stands in for `xuezhou serve` through the
//! build's own cache trait, and each build reports which files it kept (their keys unchanged)
//! and which it made again. The keys are derived from what each output is made of, so an edit
//! reaches exactly the files that show what it changed.

mod common;

use common::{Site, EVENT};
use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::{Arc, Mutex};
use xuezhou::build::{self, BuildCache, KeptExtras, KeptModel, Options};
use xuezhou::diagnostics::{Diagnostic, Diagnostics};
use xuezhou::output::Collected;
use xuezhou::page::Page;
use xuezhou::render::deps::Records;
use xuezhou::render::templates::Theme;
use xuezhou::render::views::PageExtras;
use xuezhou::render::Reuse;

#[derive(Default)]
struct Recorder {
    content: xuezhou::content::Cache,
    /// What the outputs read, as serve keeps it.
    records: Records,
    output: Mutex<Option<Collected>>,
    model: Mutex<Option<Arc<KeptModel>>>,
    /// The files of the last build.
    files: Mutex<BTreeSet<String>>,
    /// The bytes of every file any build through this cache wrote, the latest of each.
    bytes: Mutex<HashMap<String, Vec<u8>>>,
}

impl Reuse for Recorder {
    fn generation(&self) -> u64 {
        0
    }

    fn records(&self) -> &Records {
        &self.records
    }
}

impl BuildCache for Recorder {
    fn content(&self) -> &xuezhou::content::Cache {
        &self.content
    }

    fn theme(&self, root: &Path, name: &str, diags: &Diagnostics) -> Option<Arc<Theme>> {
        xuezhou::render::templates::load(root, name, diags).map(Arc::new)
    }

    fn extras(&self, pages: &[Arc<Page>], _: u64) -> Vec<Option<KeptExtras>> {
        vec![None; pages.len()]
    }

    fn store_extras(&self, _: &Page, _: u64, _: (&Arc<PageExtras>, &[Diagnostic], u64)) {}

    fn model(&self) -> Option<Arc<KeptModel>> {
        self.model.lock().unwrap().clone()
    }

    fn store_model(&self, model: Arc<KeptModel>) {
        *self.model.lock().unwrap() = Some(model);
    }

    fn prepare(&self, _: &[Arc<Page>]) {
        self.records.start();
    }

    fn set_output(&self, collected: Collected) {
        *self.output.lock().unwrap() = Some(collected);
    }
}

/// (kept, made again) of one build through `cache`: the rendered files it kept from the last
/// build, and those it made (static files copied are neither).
fn rebuild(site: &Site, cache: &Recorder) -> (BTreeSet<String>, BTreeSet<String>) {
    let opts = Options {
        root: site.root().to_path_buf(),
        output: None,
        base_url: None,
        drafts: false,
        write: false,
        progress: false,
    };
    let diags = Diagnostics::new();
    let built = build::build_with(&opts, &diags, Some(cache));
    assert!(built.is_ok(), "{:?}", diags.sorted());
    let collected = cache.output.lock().unwrap().take().expect("an output");
    // As serve does once it has written the build: files no longer made are forgotten.
    let live: BTreeSet<&String> = collected
        .kept
        .iter()
        .chain(collected.written.keys())
        .collect();
    let removed: Vec<String> = cache
        .files
        .lock()
        .unwrap()
        .iter()
        .filter(|f| !live.contains(f))
        .cloned()
        .collect();
    cache.records.commit(removed.iter().map(String::as_str));
    *cache.files.lock().unwrap() = live.into_iter().cloned().collect();
    let made = collected.written.keys().cloned().collect();
    cache.bytes.lock().unwrap().extend(collected.written);
    (collected.kept.into_iter().collect(), made)
}

fn site_with_two_events() -> Site {
    let site = Site::new();
    site.write(
        "content/events/y.md",
        &EVENT
            .replace("智慧助老手机课堂", "亲子阅读会")
            .replace("2022-12-03", "2022-12-05"),
    );
    site.write(
        "content/about.md",
        "---\ntitle: 关于本站\n---\n\n本站介绍。\n",
    );
    site
}

#[test]
fn a_rebuild_of_the_same_site_keeps_every_page_and_table() {
    let site = site_with_two_events();
    let cache = Recorder::default();
    let (kept, made) = rebuild(&site, &cache);
    assert!(kept.is_empty());
    for file in [
        "index.html",
        "events/index.html",
        "events/x/index.html",
        "events/x/print/index.html",
        "calendar/index.html",
        "calendar/2022-12-03/index.html",
        "calendar/free/index.html",
        "calendar/print/index.html",
        "towns/hutangzhen/index.html",
        "tables/index.html",
        "tables/schedule/index.html",
        "404.html",
    ] {
        assert!(made.contains(file), "{file} has a key: {made:?}");
    }
    let (kept, made) = rebuild(&site, &cache);
    assert!(made.is_empty(), "nothing changed, yet made again: {made:?}");
    assert!(kept.len() > 30, "{kept:?}");
}

#[test]
fn an_edit_reaches_exactly_the_files_that_show_what_it_changed() {
    let site = site_with_two_events();
    let cache = Recorder::default();
    rebuild(&site, &cache);

    // The body shows on the event's own page, and is searched: the search index's files that
    // hold the keys it changed are made again, and no other of them.
    let before = cache.bytes.lock().unwrap().clone();
    site.write(
        "content/events/x.md",
        &EVENT.replace("教老年朋友", "教长辈"),
    );
    cache.content.forget(&site.path("content/events/x.md"));
    let (_, made) = rebuild(&site, &cache);
    let after = cache.bytes.lock().unwrap().clone();
    let changed: BTreeSet<String> = after
        .iter()
        .filter(|(file, bytes)| file.starts_with("search/") && before.get(*file) != Some(*bytes))
        .map(|(file, _)| file.clone())
        .collect();
    let mut expected: BTreeSet<String> = changed.clone();
    expected.insert("events/x/index.html".to_string());
    assert_eq!(made, expected);
    assert!(
        !changed.contains("search/meta.json") && !made.contains("search/index.html"),
        "meta.json (and the search page carrying it) change only with the settings or the number of shards: {changed:?}"
    );
    let shards = changed
        .iter()
        .filter(|f| f.starts_with("search/k/"))
        .count();
    assert!(shards >= 1, "the changed keys' shards: {changed:?}");
    // Besides: the page's own page shard (its excerpt is the body's start) and the
    // traditional-character pairs (长辈 brought a new character).
    let others = ["search/d/0.json", "search/t2s.json"];
    assert!(
        changed
            .iter()
            .all(|f| others.contains(&f.as_str()) || f.starts_with("search/k/")),
        "{changed:?}"
    );

    // The title shows wherever the event is listed, but not on the other event's files.
    site.write(
        "content/events/x.md",
        &EVENT.replace("智慧助老手机课堂", "智慧助老课堂"),
    );
    cache.content.forget(&site.path("content/events/x.md"));
    let (_, made) = rebuild(&site, &cache);
    for file in [
        "events/x/index.html",
        "events/x/print/index.html",
        "events/index.html",
        "index.html",
        "calendar/index.html",
        "calendar/2022-12-03/index.html",
        "calendar/print/index.html",
        "towns/hutangzhen/index.html",
        "tables/schedule/index.html",
        "tables/schedule.csv",
    ] {
        assert!(made.contains(file), "{file} shows the title: {made:?}");
    }
    for file in [
        "events/y/index.html",
        "events/y/print/index.html",
        "calendar/2022-12-05/index.html",
        "about/index.html",
        "tables/statistics/index.html",
        "404.html",
    ] {
        assert!(!made.contains(file), "{file} does not show the title");
    }
}

#[test]
fn the_files_a_build_reports_are_the_files_it_renders() {
    let site = site_with_two_events();
    let run = site.build();
    run.ok();
    let said = format!("{}{}", run.stdout, run.stderr);
    let reported: usize = said
        .split(" pages (")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no file count in {said}"));
    // The output folder's own mark (a hidden file) is no output of the site.
    let files = |dir: &Path| {
        common::walk(dir)
            .iter()
            .filter(|p| p.is_file())
            .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with('.'))
            .count()
    };
    let copied = files(&site.path("themes/default/static"));
    assert_eq!(reported, files(&site.out()) - copied, "{said}");
}

#[test]
fn a_timed_start_with_a_date_only_end_reads_the_same_everywhere() {
    let site = Site::new();
    site.write(
        "content/events/x.md",
        &EVENT.replace("end: 2022-12-03 11:00", "end: 2022-12-03"),
    );
    site.build().ok();
    let page = site.read("events/x/index.html");
    let calendar = site.read("calendar/index.html");
    let day = site.read("calendar/2022-12-03/index.html");
    let table = site.read("tables/schedule/index.html");
    let csv = site.read("tables/schedule.csv");
    let poster = site.read("events/x/print/index.html");
    for (name, text) in [
        ("event page", &page),
        ("calendar", &calendar),
        ("day", &day),
        ("schedule table", &table),
        ("schedule.csv", &csv),
        ("poster", &poster),
    ] {
        assert!(text.contains("09:30"), "{name} shows the start");
        assert!(!text.contains("09:30—"), "{name} shows an open range");
        assert!(!text.contains("09:30起"), "{name} shows 起");
    }
    assert!(page.contains(">09:30</time>"), "{page}");
    assert!(table.contains(">09:30<"), "{table}");
}

/// Edits `file` to `text` and rebuilds: the files made again.
fn edit(site: &Site, cache: &Recorder, file: &str, text: &str) -> BTreeSet<String> {
    site.write(file, text);
    cache.content.forget(&site.path(file));
    rebuild(site, cache).1
}

fn assert_reaches(made: &BTreeSet<String>, yes: &[&str], no: &[&str], what: &str) {
    for file in yes {
        assert!(made.contains(*file), "{what} must reach {file}: {made:?}");
    }
    for file in no {
        assert!(
            !made.contains(*file),
            "{what} must not reach {file}: {made:?}"
        );
    }
}

#[test]
fn a_town_or_day_edit_reaches_the_old_and_new_lists_and_no_other() {
    let site = site_with_two_events();
    let cache = Recorder::default();
    rebuild(&site, &cache);

    let moved = edit(
        &site,
        &cache,
        "content/events/x.md",
        &EVENT.replace("town: 湖塘镇", "town: 牛塘镇"),
    );
    assert_reaches(
        &moved,
        &[
            "towns/hutangzhen/index.html",
            "towns/niutangzhen/index.html",
            "towns/index.html",
            "events/x/index.html",
            "tables/statistics/index.html",
        ],
        &[
            "events/y/index.html",
            "events/y/print/index.html",
            "about/index.html",
            "404.html",
        ],
        "a town edit",
    );

    let later = edit(
        &site,
        &cache,
        "content/events/x.md",
        &EVENT
            .replace("town: 湖塘镇", "town: 牛塘镇")
            .replace("2022-12-03", "2022-12-04"),
    );
    assert_reaches(
        &later,
        &[
            "calendar/2022-12-03/index.html",
            "calendar/2022-12-04/index.html",
            "calendar/index.html",
            "events/x/event.ics",
            "calendar/week.ics",
        ],
        &[
            "events/y/index.html",
            "events/y/event.ics",
            "about/index.html",
        ],
        "a day edit",
    );
}

#[test]
fn a_plain_page_an_added_event_and_a_deleted_one_reach_what_they_change() {
    let site = site_with_two_events();
    let cache = Recorder::default();
    rebuild(&site, &cache);

    // A plain page's body is on its own page (and searched), not on any event's.
    let about = edit(
        &site,
        &cache,
        "content/about.md",
        "---\ntitle: 关于本站\n---\n\n新的介绍。\n",
    );
    assert!(
        about.iter().any(|f| f.starts_with("search/k/")),
        "its new words' key shards: {about:?}"
    );
    assert_reaches(
        &about,
        &["about/index.html"],
        &[
            "events/x/index.html",
            "events/index.html",
            "calendar/index.html",
        ],
        "a plain page's body",
    );

    // A new event: every index moves, so everything is made again; and nothing is left stale.
    let added = edit(
        &site,
        &cache,
        "content/events/z.md",
        &EVENT.replace("智慧助老手机课堂", "书法入门"),
    );
    assert_reaches(
        &added,
        &[
            "events/z/index.html",
            "events/index.html",
            "events/x/index.html",
        ],
        &[],
        "an added event",
    );

    site.remove("content/events/z.md");
    cache.content.forget(&site.path("content/events/z.md"));
    let (_, removed) = rebuild(&site, &cache);
    assert_reaches(
        &removed,
        &["events/index.html", "calendar/index.html"],
        &["events/z/index.html"],
        "a deleted event",
    );

    // And with nothing changed since, nothing is made.
    let (_, again) = rebuild(&site, &cache);
    assert!(again.is_empty(), "{again:?}");
}

/// A page removed and then put back exactly as it was: its files were removed from the
/// preview, so they are made again, not kept on the strength of what they read before.
#[test]
fn a_page_removed_and_put_back_is_made_again() {
    let site = site_with_two_events();
    let cache = Recorder::default();
    rebuild(&site, &cache);
    let text = std::fs::read_to_string(site.root().join("content/events/y.md")).unwrap();
    site.remove("content/events/y.md");
    let (kept, _) = rebuild(&site, &cache);
    assert!(!kept.iter().any(|f| f.starts_with("events/y/")), "{kept:?}");
    site.write("content/events/y.md", &text);
    let (kept, made) = rebuild(&site, &cache);
    assert!(made.contains("events/y/index.html"), "{made:?}");
    assert!(!kept.iter().any(|f| f.starts_with("events/y/")), "{kept:?}");
}

/// Every file of `dir`, by its path under it.
fn files_of(dir: &Path) -> Vec<(String, Vec<u8>)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Lists get their cards, calendar entries and 附件1's rows as placeholders and the pieces are
/// put in after the template ran (src/render/splice.rs). A theme that writes a card without
/// `| safe` gets it escaped, as Tera escapes any text; no placeholder ever reaches a file.
#[test]
fn a_piece_written_without_safe_is_escaped_and_no_placeholder_reaches_a_file() {
    let site = site_with_two_events();
    site.build().ok();
    let placeholders = |site: &Site| -> Vec<String> {
        let files = files_of(&site.out());
        files
            .into_iter()
            .filter(|(file, _)| !file.ends_with(".xlsx") && !file.ends_with(".webp"))
            .filter(|(_, bytes)| bytes.contains(&1u8))
            .map(|(file, _)| file)
            .collect()
    };
    assert_eq!(placeholders(&site), Vec::<String>::new());
    let events = std::fs::read_to_string(site.out().join("events/index.html")).unwrap();
    assert!(
        events.contains("<article class=\"event-card"),
        "cards are in"
    );
    assert!(!events.contains("&lt;article"));

    let partial = "themes/default/templates/partials/day_section.html";
    let text = std::fs::read_to_string(site.path(partial)).unwrap();
    assert!(text.contains("{{ c | safe }}"), "{text}");
    site.write(partial, &text.replace("{{ c | safe }}", "{{ c }}"));
    site.build().ok();
    assert_eq!(placeholders(&site), Vec::<String>::new());
    let events = std::fs::read_to_string(site.out().join("events/index.html")).unwrap();
    assert!(
        events.contains("&lt;article class=&quot;event-card"),
        "escaped"
    );
    assert!(!events.contains("<article class=\"event-card"));
    // The other lists still splice, as before.
    let calendar = std::fs::read_to_string(site.out().join("calendar/index.html")).unwrap();
    assert!(calendar.contains("亲子阅读会"));
}

/// Serve keeps the model across a title edit that leaves the event where it was among the
/// events of the same start, and makes it again when the title moves it (src/build/
/// kept_model.rs): either way every list reads as a fresh build's.
#[test]
fn a_title_edit_keeps_the_order_of_events_of_the_same_start_or_moves_the_event() {
    let site = Site::new();
    site.write(
        "content/events/y.md",
        &EVENT.replace("智慧助老手机课堂", "乙活动"),
    );
    site.write(
        "content/events/z.md",
        &EVENT.replace("智慧助老手机课堂", "丙活动"),
    );
    let cache = Recorder::default();
    rebuild(&site, &cache);
    // By title among the same start: 丙活动, 乙活动, then x. Each edit below keeps x last,
    // moves it first, moves it back last, keeps it last.
    for title in [
        "智慧助老手机课堂（改）",
        "A 排到最前",
        "乙活动之后",
        "乙活动之后再改",
    ] {
        site.write(
            "content/events/x.md",
            &EVENT.replace("智慧助老手机课堂", title),
        );
        cache.content.forget(&site.path("content/events/x.md"));
        rebuild(&site, &cache);
        site.build().ok();
        let bytes = cache.bytes.lock().unwrap();
        for file in [
            "events/index.html",
            "calendar/index.html",
            "calendar/print/index.html",
            "tables/schedule/index.html",
            "tables/schedule.csv",
            "towns/hutangzhen/index.html",
        ] {
            let fresh = std::fs::read(site.out().join(file)).unwrap();
            assert!(
                bytes.get(file) == Some(&fresh),
                "{file} after the title {title} differs from a fresh build"
            );
        }
        let events = String::from_utf8(bytes["events/index.html"].clone()).unwrap();
        let at = |t: &str| events.find(t).unwrap_or_else(|| panic!("{t} listed"));
        assert!(at("丙活动") < at("乙活动"));
        if title.starts_with('A') {
            assert!(at(title) < at("丙活动"), "{title} moved first");
        } else {
            assert!(at("乙活动") < at(title), "{title} last");
        }
    }
}

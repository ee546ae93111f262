//! The kill test (issue 11): `xuezhou build` killed at many moments of a rebuild in which every
//! page changed leaves the output folder exactly one complete build, the old or the new, never a
//! mix; and the next build cleans up what the killed ones left.

mod common;

use common::*;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const EVENTS: usize = 200;
/// Kills at most, and the time they may take together (a slow machine gets fewer kills).
const KILLS: usize = 30;
const KILL_BUDGET: Duration = Duration::from_secs(40);
const KILLS_AT_LEAST: usize = 12;

/// 1/2, 1/4, 3/4, 1/8, 5/8, …: points that spread evenly over an interval however many are taken.
fn spread(n: usize) -> f64 {
    let (mut x, mut f, mut n) = (0.0, 0.5, n + 1);
    while n > 0 {
        if n & 1 == 1 {
            x += f;
        }
        f /= 2.0;
        n >>= 1;
    }
    x
}

/// Every event of the site, in one of two versions: all of them change between the two.
fn write_events(s: &Site, version: &str) {
    for i in 0..EVENTS {
        let day = 2 + i % 7;
        let text = EVENT
            .replace(
                "title: 智慧助老手机课堂",
                &format!("title: 智慧助老手机课堂{i}（{version}）"),
            )
            .replace("2022-12-03", &format!("2022-12-0{day}"))
            .replace(
                "教老年朋友用智能手机。",
                &format!("教老年朋友用智能手机，第{i}期，{version}。"),
            );
        s.write(&format!("content/events/e{i}.md"), &text);
    }
}

fn build_into(s: &Site, out: &Path) -> Run {
    s.run(&["build", "--output", &out.display().to_string()])
}

/// Names beside the output that a build leaves only while it runs.
fn leftovers(root: &Path) -> Vec<String> {
    std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("xuezhou-"))
        .collect()
}

#[test]
fn a_killed_rebuild_leaves_the_old_build_or_the_new_never_a_mix() {
    let s = Site::bare();
    let out = s.out();
    // Each version's complete build, made into folders of their own for reference.
    let refs = Site::empty();
    write_events(&s, "甲");
    build_into(&s, &refs.path("a")).ok();
    write_events(&s, "乙");
    let started = Instant::now();
    build_into(&s, &refs.path("b")).ok();
    let build_time = started.elapsed();
    let versions = [
        ("甲", snapshot(&refs.path("a"))),
        ("乙", snapshot(&refs.path("b"))),
    ];
    assert_ne!(versions[0].1, versions[1].1);
    let changed = diff(&versions[0].1, &versions[1].1).len();
    assert!(changed > 3 * EVENTS, "every page changes: {changed}");

    write_events(&s, "甲");
    s.build().ok();
    let mut now = 0; // the version in the output
                     // Kills that left the old build, and kills that came after the switch to the new one.
    let (mut kept, mut switched) = (0, 0);
    let begun = Instant::now();
    // The switch happens somewhere near the end of a build: first find it with growing delays,
    // then spread the remaining kills around it.
    let (mut before_switch, mut after_switch) = (Duration::ZERO, None::<Duration>);
    let mut around = 0;
    for k in 0..KILLS {
        // The budget counts only once the switch is found: on a loaded machine a build can take
        // several times as long as the reference one, and kills that all come before the switch
        // prove nothing.
        if begun.elapsed() > KILL_BUDGET && k >= KILLS_AT_LEAST && after_switch.is_some() {
            break;
        }
        let delay = match after_switch {
            // Growing by a quarter of a build, and by a quarter of the delay itself, so that a
            // build slowed many times over is still passed within the kills allowed (a build that
            // ends before its kill has switched too).
            None => (before_switch + build_time / 4).max(before_switch.mul_f64(1.25)),
            Some(after) => {
                let lo = before_switch.saturating_sub(build_time / 10);
                around += 1;
                lo + (after + build_time / 10 - lo).mul_f64(spread(around))
            }
        };
        let other = 1 - now;
        write_events(&s, versions[other].0);
        let mut child = Command::new(env!("CARGO_BIN_EXE_xuezhou"))
            .args(["build", "--root"])
            .arg(s.root())
            .env("XUEZHOU_LANG", "en")
            .current_dir(s.root())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("xuezhou runs");
        std::thread::sleep(delay);
        // SIGKILL on Unix: no handler runs, as when the power goes or a task manager ends it.
        let _ = child.kill();
        let _ = child.wait();
        let found = snapshot(&out);
        now = match versions.iter().position(|(_, v)| *v == found) {
            Some(i) => i,
            None => {
                let d = diff(&versions[now].1, &found);
                let e = diff(&versions[other].1, &found);
                panic!(
                    "kill {k} after {delay:?}: the output is neither build; against the old one {} differences ({:?}…), against the new one {} ({:?}…)",
                    d.len(),
                    &d[..d.len().min(3)],
                    e.len(),
                    &e[..e.len().min(3)]
                );
            }
        };
        if now == other {
            switched += 1;
            if after_switch.is_none() {
                after_switch = Some(delay);
            }
        } else {
            kept += 1;
            if after_switch.is_none() {
                before_switch = delay;
            }
        }
    }
    eprintln!(
        "{kept} kills kept the old build, {switched} found the new; a build takes {build_time:?}"
    );
    assert!(
        kept > 0 && switched > 0,
        "the kills came before and after the switch: {kept} kept the old build, {switched} found the new"
    );

    // A normal build succeeds and cleans up after the killed ones.
    write_events(&s, versions[1 - now].0);
    s.build().ok();
    assert_eq!(
        diff(&versions[1 - now].1, &snapshot(&out)),
        Vec::<String>::new()
    );
    assert_eq!(leftovers(s.root()), Vec::<String>::new());
}

//! `XUEZHOU_TIMINGS=1` prints how long each step of a build took, and which outputs took long
//! to make (for profiling; see BENCHMARKS.md). Off, it costs one relaxed load per call.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

pub fn on() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("XUEZHOU_TIMINGS").is_some())
}

/// Prints `what` and the time since `since` when timings are on and it took at least `over`.
/// A count or a fact beside the times (`timing: records checked: 12`).
pub fn note(what: impl FnOnce() -> String) {
    if on() {
        eprintln!("timing: {}", what());
    }
}

pub fn report(what: impl FnOnce() -> String, since: Instant, over: Duration) {
    if on() {
        let took = since.elapsed();
        if took >= over {
            eprintln!(
                "timing: {} took {:.1} ms",
                what(),
                took.as_secs_f64() * 1000.0
            );
        }
    }
}

/// Prints that `step` of a build is done, and when, when timings are on; with the process's
/// peak memory so far where the system tells it (Linux), to find the step that set it.
pub fn lap(step: &str, started: Instant) {
    if on() {
        eprintln!(
            "timing: {step} done at {} ms{}",
            started.elapsed().as_millis(),
            peak_note()
        );
    }
}

/// ", peak memory N MB" where the system tells it, for timing lines.
pub fn peak_note() -> String {
    peak_memory().map_or(String::new(), |kb| {
        format!(", peak memory {} MB", kb / 1024)
    })
}

/// The CPU time the process has used so far (user and system, all threads), where the system
/// tells it (Linux, in 10 ms ticks): a step that runs alone can be timed in CPU, which a busy
/// machine disturbs much less than the wall clock. None when timings are off (nothing is read).
pub fn cpu_used() -> Option<Duration> {
    if !on() {
        return None;
    }
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name in parentheses may hold spaces: count fields after it.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks = |k: usize| fields.get(k)?.parse::<u64>().ok();
    // utime and stime are the 14th and 15th fields: the 12th and 13th after the name.
    Some(Duration::from_millis((ticks(11)? + ticks(12)?) * 10))
}

/// The process's peak resident memory in KB (`VmHWM`), on Linux.
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

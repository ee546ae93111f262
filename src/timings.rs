//! `XUEZHOU_TIMINGS=1` prints how long each step of a build took, and which outputs took long
//! to make (for profiling; see BENCHMARKS.md). Off, it costs one relaxed load per call.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

pub fn on() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("XUEZHOU_TIMINGS").is_some())
}

/// Prints `what` and the time since `since` when timings are on and it took at least `over`.
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

/// Prints that `step` of a build is done, and when, when timings are on.
pub fn lap(step: &str, started: Instant) {
    if on() {
        eprintln!(
            "timing: {step} done at {} ms",
            started.elapsed().as_millis()
        );
    }
}

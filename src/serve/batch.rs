//! Gathering the watcher's changes into one rebuild (debounce), so that:
//!
//! - the first save after a quiet spell starts its rebuild at once, as soon as the change is
//!   complete (closed after writing, renamed into place, removed), with whatever else has
//!   already arrived;
//! - saves that arrive while a rebuild runs, or just after it, are a burst (an editor saving
//!   several files, a script, a user pressing Ctrl-S repeatedly): they wait until the burst
//!   is quiet and go into ONE following rebuild, so a burst costs at most two rebuilds and two
//!   reloads however fast each rebuild is;
//! - a file created and gone within the batch (an editor's or `sed -i`'s temporary file,
//!   renamed onto the real one) is not part of it: the terminal names the real file only.

use super::watch::Kind;
use std::collections::{BTreeSet, HashSet};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// A change not known to be complete (a plain write) waits this long for more…
const QUIET: Duration = Duration::from_millis(50);
/// …and a burst waits this long without news. Wider than `QUIET` because a burst's saves come
/// from a person or a script whose pace the machine's load can stretch.
const BURST_QUIET: Duration = Duration::from_millis(150);
/// A change that arrives this soon after a rebuild ended (or during it) starts a burst.
const BURST_GAP: Duration = Duration::from_millis(150);
/// No batch waits longer than this after its first change, so a steady stream of saves still
/// shows on the page.
const MAX_BATCH: Duration = Duration::from_millis(400);

pub struct Batch {
    paths: BTreeSet<PathBuf>,
    created: HashSet<PathBuf>,
    first: Instant,
    last: Instant,
    complete: bool,
    burst: bool,
}

impl Batch {
    /// A batch whose first change was seen at `first`; `last_rebuild` is when the previous
    /// rebuild ended (`None` before the first one after start-up).
    pub fn new(first: Instant, last_rebuild: Option<Instant>) -> Batch {
        Batch {
            paths: BTreeSet::new(),
            created: HashSet::new(),
            first,
            last: first,
            complete: false,
            burst: last_rebuild.is_some_and(|end| first < end + BURST_GAP),
        }
    }

    pub fn first(&self) -> Instant {
        self.first
    }

    pub fn add(&mut self, paths: Vec<PathBuf>, kind: Kind, at: Instant) {
        for path in paths {
            match kind {
                Kind::Created => {
                    self.created.insert(path.clone());
                }
                // A file closed just after it was created may be a temporary one about to be
                // renamed onto the real file: wait for the rename (or for quiet).
                Kind::Closed if self.created.contains(&path) => {}
                Kind::Closed | Kind::Renamed | Kind::Removed => self.complete = true,
                Kind::Written => {}
            }
            self.paths.insert(path);
        }
        self.last = self.last.max(at);
    }

    /// How long to wait for more before the batch is due; zero when it is due now (the caller
    /// still takes what has already arrived).
    pub fn due_in(&self, now: Instant) -> Duration {
        if self.complete && !self.burst {
            return Duration::ZERO;
        }
        let quiet = if self.burst { BURST_QUIET } else { QUIET };
        let since_last = now.saturating_duration_since(self.last);
        let since_first = now.saturating_duration_since(self.first);
        quiet
            .saturating_sub(since_last)
            .min(MAX_BATCH.saturating_sub(since_first))
    }

    /// The batch's paths, without the files that were created and are gone again (temporary
    /// files). Empty when nothing else changed.
    pub fn into_paths(self) -> BTreeSet<PathBuf> {
        let created = self.created;
        self.paths
            .into_iter()
            .filter(|p| !created.contains(p) || p.exists())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Vec<PathBuf> {
        vec![PathBuf::from(s)]
    }

    #[test]
    fn a_complete_save_after_quiet_is_due_at_once() {
        let t0 = Instant::now();
        let mut b = Batch::new(t0, Some(t0 - Duration::from_secs(5)));
        b.add(p("/s/content/a.md"), Kind::Written, t0);
        assert!(
            b.due_in(t0) > Duration::ZERO,
            "a plain write waits for more"
        );
        b.add(p("/s/content/a.md"), Kind::Closed, t0);
        assert_eq!(b.due_in(t0), Duration::ZERO);
    }

    #[test]
    fn a_save_during_or_just_after_a_rebuild_waits_for_the_burst_to_end() {
        let t0 = Instant::now();
        let mut b = Batch::new(t0, Some(t0 - Duration::from_millis(10)));
        b.add(p("/s/content/a.md"), Kind::Closed, t0);
        assert!(b.due_in(t0) >= Duration::from_millis(100));
        let t1 = t0 + Duration::from_millis(30);
        b.add(p("/s/content/a.md"), Kind::Closed, t1);
        assert_eq!(b.due_in(t1 + BURST_QUIET), Duration::ZERO);
        // A stream that never pauses is still due MAX_BATCH after its start.
        b.add(p("/s/content/a.md"), Kind::Closed, t0 + MAX_BATCH);
        assert_eq!(b.due_in(t0 + MAX_BATCH), Duration::ZERO);
    }

    #[test]
    fn a_temporary_file_renamed_onto_the_real_one_is_left_out() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let real = dir.path().join("a.md");
        std::fs::write(&real, "x").expect("write");
        let temp = dir.path().join("sedX1b2c3");
        let t0 = Instant::now();
        let mut b = Batch::new(t0, None);
        b.add(vec![temp.clone()], Kind::Created, t0);
        b.add(vec![temp.clone()], Kind::Closed, t0);
        assert!(b.due_in(t0) > Duration::ZERO, "waits for the rename");
        b.add(vec![temp, real.clone()], Kind::Renamed, t0);
        assert_eq!(b.due_in(t0), Duration::ZERO);
        assert_eq!(b.into_paths(), BTreeSet::from([real]));
    }

    #[test]
    fn a_removed_page_is_kept_in_the_batch() {
        let t0 = Instant::now();
        let mut b = Batch::new(t0, None);
        b.add(p("/nowhere/content/gone.md"), Kind::Removed, t0);
        assert_eq!(b.into_paths().len(), 1);
    }
}

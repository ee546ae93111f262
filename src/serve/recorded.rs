//! The files `xuezhou serve` has written into the folder it serves, and which of them a build
//! no longer makes.

use super::incremental::Stamp;
use crate::render::deps::hash_bytes;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

/// Every file written into the served folder, with how it was made, and a sum of the hashes
/// of their paths: a build that made or kept exactly these files has the same count and sum,
/// which tells that nothing is gone without a set of 35,000 paths to build and look up on
/// every edit of a 10,000-event site.
#[derive(Default)]
pub(super) struct Recorded {
    files: HashMap<String, Stamp>,
    sum: u64,
}

impl Recorded {
    pub(super) fn get(&self, path: &str) -> Option<&Stamp> {
        self.files.get(path)
    }

    pub(super) fn insert(&mut self, path: String, stamp: Stamp) {
        let hash = hash_bytes(path.as_bytes());
        if self.files.insert(path, stamp).is_none() {
            self.sum = self.sum.wrapping_add(hash);
        }
    }

    pub(super) fn remove(&mut self, path: &str) {
        if self.files.remove(path).is_some() {
            self.sum = self.sum.wrapping_sub(hash_bytes(path.as_bytes()));
        }
    }

    /// The recorded files not among `live` (sorted): those a build kept (`.0`, many) and those
    /// it made (`.1`). Empty at once when the live files' count and sum are the record's;
    /// otherwise (a file gone, or a path both kept and made) the sets are compared.
    pub(super) fn gone<'p, K, M>(&self, live: impl Fn() -> (K, M)) -> Vec<String>
    where
        K: ParallelIterator<Item = &'p String>,
        M: Iterator<Item = &'p String>,
    {
        let (kept, made) = live();
        let hashes = kept.map(|path| (1usize, hash_bytes(path.as_bytes())));
        let add = |(n, sum): (usize, u64), (m, hash): (usize, u64)| (n + m, sum.wrapping_add(hash));
        let (kept_count, kept_sum) = hashes.reduce(|| (0, 0), add);
        let made = made.map(|path| (1, hash_bytes(path.as_bytes())));
        if made.fold((kept_count, kept_sum), add) == (self.files.len(), self.sum) {
            return Vec::new();
        }
        let (kept, made) = live();
        let mut live: HashSet<&str> = kept.map(String::as_str).collect();
        live.extend(made.map(String::as_str));
        let mut gone: Vec<String> = self
            .files
            .keys()
            .filter(|k| !live.contains(k.as_str()))
            .cloned()
            .collect();
        gone.sort();
        gone
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_kept_count_as_there_and_a_file_no_build_makes_is_gone() {
        let mut recorded = Recorded::default();
        for path in ["a", "b", "c"] {
            recorded.insert(path.to_string(), Stamp::Bytes(1));
        }
        let gone = |recorded: &Recorded, kept: &[&str], made: &[&str]| {
            let kept: Vec<String> = kept.iter().map(|p| p.to_string()).collect();
            let made: Vec<String> = made.iter().map(|p| p.to_string()).collect();
            recorded.gone(|| (kept.par_iter(), made.iter()))
        };
        assert!(gone(&recorded, &["a", "b"], &["c"]).is_empty());
        assert_eq!(gone(&recorded, &["a"], &["c"]), vec!["b".to_string()]);
        // As many files, but another one: the sums differ.
        assert_eq!(gone(&recorded, &["a", "d"], &["c"]), vec!["b".to_string()]);
        // A path both kept and made counts twice: the sets are compared.
        assert_eq!(gone(&recorded, &["a", "c"], &["c"]), vec!["b".to_string()]);
        recorded.remove("b");
        assert!(gone(&recorded, &["a"], &["c"]).is_empty());
        recorded.remove("b");
        assert!(
            gone(&recorded, &["c"], &["a"]).is_empty(),
            "{}",
            recorded.sum
        );
    }
}

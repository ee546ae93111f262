//! What `xuezhou serve` may reuse, derived from what each output read.
//!
//! Every job (and every memoized fragment: cards, calendar entries, VEVENTs, the tables) reads
//! the site only through a `Reader` (see `reader`), which records each thing it hands out as a
//! `Read`. Each `Read` has a version in this rebuild: a hash of the page's front matter, of its
//! rendered Markdown, of the model, or of the prepared value's own bytes. An output's key is the
//! hash of the versions of everything it read last time; when the key is unchanged, nothing it
//! read has changed and its file is kept without making its context at all. No list of "what
//! this page shows" exists to be kept in step: the reads are the list.
//!
//! A build (not serve) records nothing and computes no version.

use std::any::Any;
use std::hash::Hasher;
use std::sync::{Arc, Mutex, MutexGuard, RwLock};
use xxhash_rust::xxh3::Xxh3;

/// One thing an output read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Read {
    /// A page's front matter and address (its `Page` but the Markdown body).
    Page(u32),
    /// A page's rendered Markdown, images and video (`PageExtras`) and its body text.
    Body(u32),
    /// Every page's front matter: lists that walk the whole site.
    AllPages,
    /// The model: the order of events, days, terms and their members.
    Model,
    /// The terms' addresses (`model.slugs`), apart from their events.
    TermSlugs,
    /// Whether event i is in the week (the model's `outside`, for one event).
    InWeek(u32),
    /// An event's card, its VEVENT: versioned by their bytes.
    Card(u32),
    Vevent(u32),
    /// A value prepared once for all jobs, versioned by its bytes.
    Prepared(Prepared),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Prepared {
    Days,
    Week,
    OutsideRows,
    /// One of the district's tables, by its place in the list.
    Table(u8),
    Sitemap,
    /// The search index's parts, one per page.
    Search,
    /// One file of the search index, by its place in the list.
    SearchFile(u32),
    /// What the search page tells its script about the index (meta.json's text).
    SearchMeta,
}

/// What a job or fragment read last time, the key those reads had, and (for a fragment) the
/// value it made.
#[derive(Clone)]
pub struct Memo {
    pub reads: Arc<[Read]>,
    pub key: u64,
    pub value: Option<Arc<dyn Any + Send + Sync>>,
}

/// What every output and fragment read when it was last made, across rebuilds: serve's side of
/// `Reuse`. A build sees the records of the last *served* build (a snapshot, read without
/// locks) and adds what it made again to `pending`, which joins the records only once the
/// build is served: a failed build never makes a later one keep a file it did not write.
/// What a build keeps costs nothing here; on a 10,000-event site most of 70,000 records are
/// kept on every edit, and copying or re-inserting them was a fifth of a rebuild.
#[derive(Default)]
pub struct Records {
    served: RwLock<Arc<IdMap<Memo>>>,
    /// This build's new records; `None` forgets an output made without one.
    pending: Mutex<Vec<(u64, Option<Memo>)>>,
}

impl Records {
    /// The served build's records, for the whole of a build.
    pub fn served(&self) -> Arc<IdMap<Memo>> {
        Arc::clone(&self.served.read().unwrap_or_else(|e| e.into_inner()))
    }

    /// A build starts: what an earlier, unserved build made is dropped.
    pub fn start(&self) {
        self.pending().clear();
    }

    pub fn remember(&self, id: u64, memo: Option<Memo>) {
        self.pending().push((id, memo));
    }

    /// The build is served: its records join the served ones, and the files it removed are
    /// forgotten (a file that comes back must be made, not kept: it is no longer there).
    pub fn commit<'p>(&self, removed: impl IntoIterator<Item = &'p str>) {
        let pending = std::mem::take(&mut *self.pending());
        let mut served = self.served.write().unwrap_or_else(|e| e.into_inner());
        // No build runs now, so no snapshot is shared and this does not copy the map.
        let map = Arc::make_mut(&mut served);
        for (id, memo) in pending {
            match memo {
                Some(memo) => map.insert(id, memo),
                None => map.remove(&id),
            };
        }
        for file in removed {
            map.remove(&id("file", file));
        }
    }

    fn pending(&self) -> MutexGuard<'_, Vec<(u64, Option<Memo>)>> {
        self.pending.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The version of every `Read` in this rebuild.
pub trait Versions {
    /// None when the read names something this rebuild does not have (a page gone).
    fn version(&self, read: Read) -> Option<u64>;
}

/// The key of `reads` under `versions` and `seed` (what every output shares: the theme, the
/// settings, the `site` value). None when a read has no version: then the output is made.
pub fn key(seed: u64, id: u64, reads: &[Read], versions: &dyn Versions) -> Option<u64> {
    let mut hasher = Xxh3::new();
    hasher.write_u64(seed);
    hasher.write_u64(id);
    for &read in reads {
        hasher.write_u64(versions.version(read)?);
    }
    Some(hasher.digest())
}

/// The identity of an output or fragment across rebuilds: `kind` keeps a card and a page of
/// the same address apart.
pub fn id(kind: &str, name: &str) -> u64 {
    let mut hasher = Xxh3::new();
    hasher.write_usize(kind.len());
    hasher.update(kind.as_bytes());
    hasher.update(name.as_bytes());
    hasher.digest()
}

/// A map keyed by ids or keys, which are hashes already: hashing them again with SipHash was a
/// tenth of a rebuild's time on a 1,000-event site (a lookup per output).
pub type IdMap<V> = std::collections::HashMap<u64, V, std::hash::BuildHasherDefault<IdHasher>>;

#[derive(Default)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only u64 keys are hashed here; any other key still spreads.
        for &byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(byte);
        }
    }

    fn write_u64(&mut self, id: u64) {
        self.0 = id;
    }
}

/// A hash of a value's own contents, as its version.
pub fn hash_of(value: &impl std::hash::Hash) -> u64 {
    let mut hasher = Xxh3::new();
    value.hash(&mut hasher);
    hasher.digest()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    struct Table(HashMap<Read, u64>);

    impl Versions for Table {
        fn version(&self, read: Read) -> Option<u64> {
            self.0.get(&read).copied()
        }
    }

    #[test]
    fn the_key_follows_the_versions_of_what_was_read_and_nothing_else() {
        let mut versions = Table(HashMap::from([
            (Read::Page(1), 10),
            (Read::Page(2), 20),
            (Read::Model, 30),
        ]));
        let reads = [Read::Page(1), Read::Model];
        let before = key(7, 1, &reads, &versions);
        assert!(before.is_some());
        // Another page changed: not read, so the key holds.
        versions.0.insert(Read::Page(2), 21);
        assert_eq!(key(7, 1, &reads, &versions), before);
        // What was read changed: the key changes.
        versions.0.insert(Read::Page(1), 11);
        assert_ne!(key(7, 1, &reads, &versions), before);
        // So does the seed, and the identity of the output.
        versions.0.insert(Read::Page(1), 10);
        assert_eq!(key(7, 1, &reads, &versions), before);
        assert_ne!(key(8, 1, &reads, &versions), before);
        assert_ne!(key(7, 2, &reads, &versions), before);
        // A read that no longer exists has no key: the output is made again.
        assert_eq!(key(7, 1, &[Read::Page(3)], &versions), None);
    }

    #[test]
    fn ids_keep_kinds_apart() {
        assert_ne!(id("card", "events/a/"), id("page", "events/a/"));
        assert_ne!(id("ab", "c"), id("a", "bc"));
        assert_eq!(id("card", "events/a/"), id("card", "events/a/"));
    }
}

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

use super::versions::VersionTable;
use std::any::Any;
use std::collections::HashMap;
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
    /// The week's calendar entry k and its printed row (see `splice::Piece::Entry`).
    Entry(u32),
    /// Row n of 附件1 (its HTML and CSV).
    Row(u32),
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

/// The last value of each kind of `Records::derived`, with its key.
type DerivedValues = HashMap<&'static str, (u64, Arc<dyn Any + Send + Sync>)>;

/// What every output and fragment read when it was last made, across rebuilds: serve's side of
/// `Reuse`. A build sees the records of the last *served* build (a snapshot, read without
/// locks) and adds what it made again to `pending`, which joins the records only once the
/// build is served: a failed build never makes a later one keep a file it did not write.
/// What a build keeps costs nothing here; on a 10,000-event site most of 70,000 records are
/// kept on every edit, and copying or re-inserting them was a fifth of a rebuild.
///
/// The served records always hold under the served build's versions (every record's key is
/// the key of its reads in that table): `commit` drops any that a change reached but the build
/// neither made nor checked. So a rebuild needs to check only the records that read something
/// whose version changed since (`Served::readers` finds them); the rest hold as they are.
#[derive(Default)]
pub struct Records {
    served: RwLock<Served>,
    /// This build's new records; `None` forgets an output made without one.
    pending: Mutex<Vec<(u64, Option<Memo>)>>,
    /// This build's versions, and which records it checked or could not vouch for.
    pending_versions: Mutex<Option<(VersionTable, Dirty)>>,
    /// Values made from nothing but their key (see `derived`), the last of each kind.
    derived: Mutex<DerivedValues>,
}

/// The served build's records, the versions they hold under, and who read what.
#[derive(Clone, Default)]
pub struct Served {
    pub memos: Arc<IdMap<Memo>>,
    /// None before the first build is served.
    pub versions: Option<Arc<VersionTable>>,
    pub readers: Arc<Readers>,
}

/// The records a rebuild could not vouch for by their reads: all of them (what every output
/// shares changed, or nothing was served yet), or those that read a changed version.
pub enum Dirty {
    All,
    Ids(IdSet),
}

pub type IdSet = std::collections::HashSet<u64, std::hash::BuildHasherDefault<IdHasher>>;

/// For each read, the records that read it: a superset (a record whose reads changed is added
/// again under its new ones, and its old entries stay until the index is made again), which
/// only ever costs a record a check it did not need.
#[derive(Clone, Default)]
pub struct Readers {
    by_read: IdMap<Vec<u64>>,
    entries: usize,
    /// `entries` when the index was last made whole: it is made again at twice that.
    made_with: usize,
}

impl Readers {
    pub fn of(&self, read: Read) -> &[u64] {
        self.by_read.get(&read_key(read)).map_or(&[], Vec::as_slice)
    }

    fn add(&mut self, id: u64, reads: &[Read]) {
        for &read in reads {
            self.by_read.entry(read_key(read)).or_default().push(id);
        }
        self.entries += reads.len();
    }

    fn of_all(memos: &IdMap<Memo>) -> Readers {
        let mut readers = Readers::default();
        for (&id, memo) in memos {
            readers.add(id, &memo.reads);
        }
        readers.made_with = readers.entries;
        readers
    }
}

/// A read as one number, spread for the map (a kind in the top byte, an index below).
fn read_key(read: Read) -> u64 {
    let (kind, index): (u64, u32) = match read {
        Read::Page(i) => (1, i),
        Read::Body(i) => (2, i),
        Read::AllPages => (3, 0),
        Read::Model => (4, 0),
        Read::TermSlugs => (5, 0),
        Read::InWeek(i) => (6, i),
        Read::Card(i) => (7, i),
        Read::Vevent(i) => (8, i),
        Read::Entry(k) => (17, k),
        Read::Row(n) => (18, n),
        Read::Prepared(what) => match what {
            Prepared::Days => (9, 0),
            Prepared::Week => (10, 0),
            Prepared::OutsideRows => (11, 0),
            Prepared::Table(k) => (12, u32::from(k)),
            Prepared::Sitemap => (13, 0),
            Prepared::Search => (14, 0),
            Prepared::SearchFile(k) => (15, k),
            Prepared::SearchMeta => (16, 0),
        },
    };
    spread((kind << 56) | u64::from(index))
}

/// splitmix64's finalizer: a bijection that spreads every bit over the whole word.
pub fn spread(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

impl Records {
    /// The served build's records, for the whole of a build.
    pub fn served(&self) -> Served {
        self.served
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// A build starts: what an earlier, unserved build made is dropped.
    pub fn start(&self) {
        self.pending().clear();
        *self.pending_versions() = None;
    }

    pub fn remember(&self, id: u64, memo: Option<Memo>) {
        self.pending().push((id, memo));
    }

    /// The build's versions, once all its outputs are made or kept.
    pub fn finish(&self, versions: VersionTable, dirty: Dirty) {
        *self.pending_versions() = Some((versions, dirty));
    }

    /// The build is served: its records join the served ones, and the files it removed are
    /// forgotten (a file that comes back must be made, not kept: it is no longer there).
    pub fn commit<'p>(&self, removed: impl IntoIterator<Item = &'p str>) {
        let pending = std::mem::take(&mut *self.pending());
        let versions = self.pending_versions().take();
        let mut served = self.served.write().unwrap_or_else(|e| e.into_inner());
        let served = &mut *served;
        // No build runs now, so no snapshot is shared and this does not copy the maps.
        let memos = Arc::make_mut(&mut served.memos);
        let readers = Arc::make_mut(&mut served.readers);
        let mut made = IdSet::default();
        for (id, memo) in pending {
            made.insert(id);
            match memo {
                Some(memo) => {
                    let old = memos.get(&id);
                    if old.is_none_or(|old| old.reads != memo.reads) {
                        readers.add(id, &memo.reads);
                    }
                    memos.insert(id, memo)
                }
                None => memos.remove(&id),
            };
        }
        for file in removed {
            memos.remove(&id("file", file));
        }
        let Some((versions, dirty)) = versions else {
            return;
        };
        // Records a change reached that this build did not make: those it did not check
        // (an event's card when it was not an event in this build) may no longer hold.
        let unsure: Vec<u64> = match &dirty {
            Dirty::All => memos.keys().copied().collect(),
            Dirty::Ids(ids) => ids.iter().copied().collect(),
        };
        for id in unsure.into_iter().filter(|id| !made.contains(id)) {
            let holds = memos
                .get(&id)
                .is_some_and(|m| key(versions.seed, id, &m.reads, &versions) == Some(m.key));
            if !holds {
                memos.remove(&id);
            }
        }
        if readers.entries > 2 * readers.made_with.max(1024) {
            *readers = Readers::of_all(memos);
        }
        served.versions = Some(Arc::new(versions));
    }

    /// The value of this `kind` made last for the same `key`, or the one `make` makes now. For
    /// values that are a function of their key alone (then a failed build cannot leave a
    /// wrong one behind).
    pub fn derived<T: Any + Send + Sync>(
        &self,
        kind: &'static str,
        key: u64,
        make: impl FnOnce() -> T,
    ) -> Arc<T> {
        let last = self.derived_values().get(kind).cloned();
        if let Some(value) = last.filter(|(k, _)| *k == key) {
            if let Ok(value) = value.1.downcast::<T>() {
                return value;
            }
        }
        let value = Arc::new(make());
        let stored: Arc<dyn Any + Send + Sync> = value.clone();
        self.derived_values().insert(kind, (key, stored));
        value
    }

    fn derived_values(&self) -> MutexGuard<'_, DerivedValues> {
        self.derived.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn pending_versions(&self) -> MutexGuard<'_, Option<(VersionTable, Dirty)>> {
        self.pending_versions
            .lock()
            .unwrap_or_else(|e| e.into_inner())
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
///
/// Every step of the chain is a bijection of the key so far (xor with a version, multiply by an
/// odd number, rotate), so a change of any one version always changes the key; only several
/// versions changed at once could meet an old key by chance (about 2^-64, the versions being
/// hashes themselves). Keys are checked for every output on every rebuild: a streaming xxh3
/// per output cost 20 ms of a 10,000-event edit, this costs a multiply per read.
pub fn key(seed: u64, id: u64, reads: &[Read], versions: &dyn Versions) -> Option<u64> {
    let mut key = mix(mix(KEY_START, seed), id);
    for &read in reads {
        key = mix(key, versions.version(read)?);
    }
    Some(key)
}

const KEY_START: u64 = 0x243F_6A88_85A3_08D3;

/// One step of `key`: a bijection of `key` for any `value`.
fn mix(key: u64, value: u64) -> u64 {
    (key ^ value)
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .rotate_left(31)
}

/// The identity of an output or fragment across rebuilds: `kind` keeps a card and a page of
/// the same address apart.
pub fn id(kind: &str, name: &str) -> u64 {
    use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed};
    // One-shot hashes: a streaming hasher's set-up was most of the cost of 35,000 ids.
    xxh3_64_with_seed(name.as_bytes(), xxh3_64(kind.as_bytes()))
}

/// The identity of one of several fragments of the same name (`n`: a day, for an event on
/// several days).
pub fn id_at(kind: &str, name: &str, n: u64) -> u64 {
    mix(id(kind, name), n)
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

/// A hash of `bytes` (one-shot: a streaming hasher's set-up costs more than a short path).
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// One hash of many, in order (each step a bijection, as in `key`).
pub fn hash_all(hashes: impl IntoIterator<Item = u64>) -> u64 {
    hashes.into_iter().fold(KEY_START, mix)
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

    /// A served build's versions: page `i` has version `pages[i]`.
    fn versions(seed: u64, pages: &[u64]) -> VersionTable {
        VersionTable {
            seed,
            pages: pages.to_vec(),
            ..VersionTable::default()
        }
    }

    fn memo(reads: &[Read], versions: &VersionTable, id: u64) -> Memo {
        Memo {
            reads: reads.into(),
            key: key(versions.seed, id, reads, versions).expect("a key"),
            value: None,
        }
    }

    /// Serves one build that made `made` under `versions`, having found `dirty`.
    fn serve(records: &Records, made: &[(u64, &[Read])], versions: VersionTable, dirty: Dirty) {
        records.start();
        for &(id, reads) in made {
            records.remember(id, Some(memo(reads, &versions, id)));
        }
        records.finish(versions, dirty);
        records.commit([]);
    }

    #[test]
    fn the_readers_of_a_read_are_found_and_unchecked_records_a_change_reached_are_dropped() {
        let records = Records::default();
        let (card, list, other) = (id("card", "a"), id("list", ""), id("card", "b"));
        let first = versions(1, &[10, 20]);
        serve(
            &records,
            &[
                (card, &[Read::Page(0)]),
                (list, &[Read::Page(0), Read::Page(1)]),
                (other, &[Read::Page(1)]),
            ],
            first,
            Dirty::All,
        );
        let served = records.served();
        assert_eq!(served.memos.len(), 3);
        let mut readers = served.readers.of(Read::Page(0)).to_vec();
        readers.sort_unstable();
        let mut expected = vec![card, list];
        expected.sort_unstable();
        assert_eq!(readers, expected);
        assert_eq!(served.readers.of(Read::Model), &[] as &[u64]);
        drop(served);
        // Page 0 changes. The build makes the list again but never asks for the card (the
        // page was not an event in it): the card no longer holds, and goes.
        let second = versions(1, &[11, 20]);
        let dirty = Dirty::Ids([card, list].into_iter().collect());
        serve(
            &records,
            &[(list, &[Read::Page(0), Read::Page(1)])],
            second,
            dirty,
        );
        let served = records.served();
        assert!(!served.memos.contains_key(&card));
        assert!(served.memos.contains_key(&list));
        assert!(served.memos.contains_key(&other), "page 1 did not change");
        drop(served);
        // What every output shares changed and the build made nothing: whatever no longer
        // holds under its versions goes (the seed is in every key).
        serve(&records, &[], versions(2, &[11, 20]), Dirty::All);
        assert!(records.served().memos.is_empty());
    }

    #[test]
    fn ids_keep_kinds_apart() {
        assert_ne!(id("card", "events/a/"), id("page", "events/a/"));
        assert_ne!(id("ab", "c"), id("a", "bc"));
        assert_eq!(id("card", "events/a/"), id("card", "events/a/"));
    }
}

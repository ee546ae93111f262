//! The version of everything an output may read in one rebuild (see `deps`), and which reads
//! changed since the build that is served.
//!
//! Serve keeps the served build's table beside its records. A rebuild compares its own with it
//! part by part, as each part becomes known (the site's data first, then each prepared value),
//! and only the outputs that read a changed part are checked at all: on a 10,000-event site,
//! checking the keys of all 70,000 outputs and fragments was a third of a body edit.

use super::deps::{Prepared, Read, Versions};

/// The versions of one rebuild. A build (not serve) makes none.
#[derive(Default, Clone)]
pub struct VersionTable {
    /// What every output shares (see `Site::seed`): part of every key.
    pub seed: u64,
    /// By page index: its front matter and address, its rendered Markdown, whether it is an
    /// event of the week.
    pub pages: Vec<u64>,
    pub bodies: Vec<u64>,
    pub in_week: Vec<bool>,
    pub all_pages: u64,
    pub model: u64,
    pub slugs: u64,
    /// By page index, 0 where a page has none.
    pub cards: Vec<u64>,
    pub vevents: Vec<u64>,
    /// By the week's entry (`calendar::week_entries`) and by row of 附件1.
    pub entries: Vec<u64>,
    pub rows: Vec<u64>,
    pub prepared: PreparedVersions,
}

/// The parts of a table that become known one after another during a rebuild.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// Pages, bodies, whether each is in the week, all pages, the model, the terms' addresses.
    Site,
    Cards,
    Vevents,
    Entries,
    Rows,
    /// Both tables, every file of the search index.
    Tables,
    SearchFiles,
    /// A prepared value that is one value (not a table or a search file).
    Prepared(Prepared),
}

impl Versions for VersionTable {
    fn version(&self, read: Read) -> Option<u64> {
        let at = |list: &[u64], i: u32| list.get(i as usize).copied();
        match read {
            Read::Page(i) => at(&self.pages, i),
            Read::Body(i) => at(&self.bodies, i),
            Read::AllPages => Some(self.all_pages),
            Read::Model => Some(self.model),
            Read::TermSlugs => Some(self.slugs),
            Read::InWeek(i) => self.in_week.get(i as usize).map(|&yes| u64::from(yes)),
            Read::Card(i) => at(&self.cards, i),
            Read::Vevent(i) => at(&self.vevents, i),
            Read::Entry(k) => at(&self.entries, k),
            Read::Row(n) => at(&self.rows, n),
            Read::Prepared(what) => self.prepared.get(what),
        }
    }
}

impl VersionTable {
    /// The reads of `part` whose version differs from `old`'s (or that one of the two has not).
    pub fn changed(&self, old: &VersionTable, part: Part) -> Vec<Read> {
        let mut out = Vec::new();
        match part {
            Part::Site => {
                diff(&old.pages, &self.pages, Read::Page, &mut out);
                diff(&old.bodies, &self.bodies, Read::Body, &mut out);
                diff(&old.in_week, &self.in_week, Read::InWeek, &mut out);
                for (read, was, now) in [
                    (Read::AllPages, old.all_pages, self.all_pages),
                    (Read::Model, old.model, self.model),
                    (Read::TermSlugs, old.slugs, self.slugs),
                ] {
                    if was != now {
                        out.push(read);
                    }
                }
            }
            Part::Cards => diff(&old.cards, &self.cards, Read::Card, &mut out),
            Part::Vevents => diff(&old.vevents, &self.vevents, Read::Vevent, &mut out),
            Part::Entries => diff(&old.entries, &self.entries, Read::Entry, &mut out),
            Part::Rows => diff(&old.rows, &self.rows, Read::Row, &mut out),
            Part::Tables => {
                let (was, now) = (&old.prepared.tables, &self.prepared.tables);
                diff_slots(was, now, table_read, &mut out);
            }
            Part::SearchFiles => {
                let (was, now) = (&old.prepared.search_files, &self.prepared.search_files);
                diff_slots(
                    was,
                    now,
                    |k| Read::Prepared(Prepared::SearchFile(k)),
                    &mut out,
                );
            }
            Part::Prepared(what) => {
                if old.prepared.get(what) != self.prepared.get(what) {
                    out.push(Read::Prepared(what));
                }
            }
        }
        out
    }
}

fn table_read(k: u32) -> Read {
    Read::Prepared(Prepared::Table(u8::try_from(k).unwrap_or(u8::MAX)))
}

/// Pushes `read(i)` for every index where `old` and `new` differ, the longer one's tail
/// included.
fn diff<T: PartialEq>(old: &[T], new: &[T], read: impl Fn(u32) -> Read, out: &mut Vec<Read>) {
    let len = old.len().max(new.len());
    diff_by(len, |i| old.get(i) != new.get(i), read, out);
}

/// `diff` for slots, where one past the end is the same as an empty one.
fn diff_slots(
    old: &[Option<u64>],
    new: &[Option<u64>],
    read: impl Fn(u32) -> Read,
    out: &mut Vec<Read>,
) {
    let slot = |list: &[Option<u64>], i: usize| list.get(i).copied().flatten();
    let len = old.len().max(new.len());
    diff_by(len, |i| slot(old, i) != slot(new, i), read, out);
}

fn diff_by(
    len: usize,
    differs: impl Fn(usize) -> bool,
    read: impl Fn(u32) -> Read,
    out: &mut Vec<Read>,
) {
    let index = |i: usize| u32::try_from(i).unwrap_or(u32::MAX);
    out.extend((0..len).filter(|&i| differs(i)).map(|i| read(index(i))));
}

/// The versions of the prepared values in one rebuild. Looked up for most outputs' keys on
/// every rebuild: slots, not a SipHash map (which was a tenth of a 10,000-event edit).
#[derive(Default, Clone)]
pub struct PreparedVersions {
    /// Days, Week, OutsideRows, Sitemap, Search, SearchMeta.
    single: [Option<u64>; 6],
    tables: Vec<Option<u64>>,
    search_files: Vec<Option<u64>>,
}

impl PreparedVersions {
    pub fn insert(&mut self, what: Prepared, version: u64) {
        let slot = match what {
            Prepared::Table(k) => grown(&mut self.tables, usize::from(k)),
            Prepared::SearchFile(k) => grown(&mut self.search_files, k as usize),
            single => &mut self.single[Self::slot(single)],
        };
        *slot = Some(version);
    }

    pub fn get(&self, what: Prepared) -> Option<u64> {
        match what {
            Prepared::Table(k) => self.tables.get(usize::from(k)).copied().flatten(),
            Prepared::SearchFile(k) => self.search_files.get(k as usize).copied().flatten(),
            single => self.single[Self::slot(single)],
        }
    }

    fn slot(what: Prepared) -> usize {
        match what {
            Prepared::Days => 0,
            Prepared::Week => 1,
            Prepared::OutsideRows => 2,
            Prepared::Sitemap => 3,
            Prepared::Search => 4,
            Prepared::SearchMeta | Prepared::Table(_) | Prepared::SearchFile(_) => 5,
        }
    }
}

fn grown(list: &mut Vec<Option<u64>>, k: usize) -> &mut Option<u64> {
    if list.len() <= k {
        list.resize(k + 1, None);
    }
    &mut list[k]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_changed_is_found_part_by_part() {
        let old = VersionTable {
            pages: vec![1, 2, 3],
            bodies: vec![10, 20, 30],
            in_week: vec![true, true, false],
            cards: vec![5, 0, 7],
            model: 9,
            ..VersionTable::default()
        };
        let mut new = old.clone();
        assert!(new.changed(&old, Part::Site).is_empty());
        // A body edit reaches the body alone; a page added reaches its index.
        new.bodies[1] = 21;
        new.pages.push(4);
        assert_eq!(
            new.changed(&old, Part::Site),
            vec![Read::Page(3), Read::Body(1)]
        );
        new.model = 8;
        new.in_week[2] = true;
        assert_eq!(
            new.changed(&old, Part::Site)[2..],
            [Read::InWeek(2), Read::Model]
        );
        // Cards are their own part, found once they are made.
        new.cards[2] = 70;
        assert_eq!(new.changed(&old, Part::Cards), vec![Read::Card(2)]);
        // A prepared value appears or changes.
        new.prepared.insert(Prepared::Week, 1);
        let week = Part::Prepared(Prepared::Week);
        assert_eq!(
            new.changed(&old, week),
            vec![Read::Prepared(Prepared::Week)]
        );
        new.prepared.insert(Prepared::Table(1), 3);
        assert_eq!(
            new.changed(&old, Part::Tables),
            vec![Read::Prepared(Prepared::Table(1))]
        );
    }

    #[test]
    fn the_table_gives_the_version_of_every_read() {
        let mut table = VersionTable {
            pages: vec![1],
            in_week: vec![false],
            ..VersionTable::default()
        };
        table.prepared.insert(Prepared::SearchFile(2), 6);
        assert_eq!(table.version(Read::Page(0)), Some(1));
        assert_eq!(table.version(Read::Page(1)), None);
        assert_eq!(table.version(Read::InWeek(0)), Some(0));
        assert_eq!(
            table.version(Read::Prepared(Prepared::SearchFile(2))),
            Some(6)
        );
        assert_eq!(table.version(Read::Prepared(Prepared::SearchFile(1))), None);
        assert_eq!(table.version(Read::Prepared(Prepared::Days)), None);
    }
}

//! What jobs read, and the record of it.
//!
//! `Inputs` holds what every job may use: the site, the `site` value, and the values prepared
//! once for all jobs (event cards, days, the week's calendar entries, the tables, VEVENTs, the
//! sitemap). A job gets a `Reader` over them; every page, body, model or prepared value the
//! `Reader` hands out is recorded as a `deps::Read`. A `Reader` is not `Sync`, so a job cannot
//! hand it to other threads, where its reads would go unrecorded.

use super::deps::{self, Dirty, IdSet, Memo, Prepared, Read, Served, Versions};
pub(crate) use super::draft::{Draft, Fragment};
use super::splice::{Piece, Text};
use super::versions::{Part, VersionTable};
use super::{calendar, search, tables, Site};
use crate::model::calendar::DayList;
use crate::model::tables::Table;
use crate::model::{Model, TermSlugs};
use crate::page::Page;
use crate::render::templates::Theme;
use crate::render::views::PageExtras;
use serde_json::Value;
use std::cell::RefCell;
use std::sync::Arc;

/// Everything jobs share, made once before the jobs run.
pub(crate) struct Inputs<'a> {
    pub site: &'a Site<'a>,
    /// The `site` value every page shows.
    pub site_value: Value,
    /// What every output shares (see `Site::seed`); 0 in a build.
    seed: u64,
    /// By page index: each event's card, rendered once for every list it appears on.
    cards: Vec<Option<Fragment>>,
    vevents: Vec<Option<Fragment>>,
    days: &'a [DayList],
    week: Vec<calendar::WeekDay>,
    /// The week's calendar entries, in the order of its days (`WeekDay::items`).
    entries: Vec<calendar::Entry>,
    /// 附件1's rows as pieces (see `tables::rows`).
    rows: Vec<tables::RowPieces>,
    /// The printed schedule's rows of events outside the week.
    outside_rows: String,
    tables: Arc<Vec<Table>>,
    /// The search index's parts, in its order (serve only, once the index is made), and its
    /// files.
    search: Vec<Arc<search::Doc>>,
    search_index: Option<Arc<search::Index>>,
    /// The addresses the sitemap lists, in job order.
    sitemap: Arc<Vec<String>>,
    /// The version of everything a job may read (serve only; see `versions`).
    versions: VersionTable,
    /// What the served build's outputs and fragments read (serve only).
    pub(super) served: Option<Served>,
    /// The served records that read something changed since (`deps::Records`): only these
    /// are checked; `Dirty::All` checks every one.
    pub(super) dirty: Dirty,
}

impl<'a> Inputs<'a> {
    pub fn new(site: &'a Site<'a>) -> Inputs<'a> {
        let site_value = site.site_value();
        let seed = site.seed(&site_value);
        let pages = site.untracked().0.len();
        let served = site.reuse().map(|reuse| reuse.records().served());
        let mut versions = site.versions().cloned().unwrap_or_default();
        versions.seed = seed;
        if served.is_some() {
            versions.cards = vec![0; pages];
            versions.vevents = vec![0; pages];
        }
        // Nothing can be vouched for by its reads when what every output shares changed.
        let served_seed = served
            .as_ref()
            .and_then(|s| s.versions.as_ref())
            .map(|v| v.seed);
        let dirty = if served_seed == Some(seed) {
            Dirty::Ids(IdSet::default())
        } else {
            Dirty::All
        };
        let mut inputs = Inputs {
            site,
            site_value,
            seed,
            cards: vec![None; pages],
            vevents: vec![None; pages],
            days: &[],
            week: Vec::new(),
            entries: Vec::new(),
            rows: Vec::new(),
            outside_rows: String::new(),
            tables: Arc::default(),
            search: Vec::new(),
            search_index: None,
            sitemap: Arc::default(),
            versions,
            served,
            dirty,
        };
        inputs.changed(Part::Site);
        inputs
    }

    /// Marks the served records that read a version of `part` that changed since the served
    /// build, once this build's versions of `part` are known.
    fn changed(&mut self, part: Part) {
        let (Dirty::Ids(dirty), Some(served)) = (&mut self.dirty, &self.served) else {
            return;
        };
        let Some(before) = &served.versions else {
            return;
        };
        for read in self.versions.changed(before, part) {
            dirty.extend(served.readers.of(read));
        }
    }

    /// Hands this build's versions to serve's records, for the next build to compare with.
    pub fn finish(self) {
        let checked = || match &self.dirty {
            Dirty::All => "records checked: all".to_string(),
            Dirty::Ids(ids) => format!("records checked: {}", ids.len()),
        };
        crate::timings::note(checked);
        if let Some(reuse) = self.site.reuse() {
            reuse.records().finish(self.versions, self.dirty);
        }
    }

    /// Whether reads are recorded and outputs keyed: serve, not build.
    pub fn keyed(&self) -> bool {
        self.site.reuse().is_some()
    }

    /// A reader for a fragment or a value: pieces come as their text.
    pub fn reader(&self) -> Reader<'_, 'a> {
        Reader {
            inputs: self,
            reads: self.keyed().then(|| RefCell::new(Vec::new())),
            pieces: None,
        }
    }

    /// A reader for an output: pieces come as placeholders (see `splice`).
    pub fn splicing_reader(&self) -> Reader<'_, 'a> {
        Reader {
            pieces: Some(RefCell::new(Vec::new())),
            ..self.reader()
        }
    }

    /// The text of a piece in this rebuild; `None` when it is gone.
    pub fn piece_text(&self, piece: Piece) -> Option<&str> {
        let at = |k: u32| k as usize;
        match piece {
            Piece::Card(i) => self.cards.get(at(i))?.as_ref().map(|f| &*f.text),
            Piece::Entry(k) => self.entries.get(at(k)).map(|e| &*e.entry),
            Piece::PrintRow(k) => self.entries.get(at(k)).map(|e| &*e.row),
            Piece::RowHtml(n) => self.rows.get(at(n)).map(|r| &*r.html),
            Piece::RowCsv(n) => self.rows.get(at(n)).map(|r| &*r.csv),
        }
    }

    pub fn set_cards(&mut self, cards: Vec<(usize, Fragment)>) {
        for (i, card) in cards {
            if let Some(version) = self.versions.cards.get_mut(i) {
                *version = card.version;
            }
            self.cards[i] = Some(card);
        }
        self.changed(Part::Cards);
    }

    pub fn set_vevents(&mut self, vevents: Vec<(usize, Fragment)>) {
        for (i, vevent) in vevents {
            if let Some(version) = self.versions.vevents.get_mut(i) {
                *version = vevent.version;
            }
            self.vevents[i] = Some(vevent);
        }
        self.changed(Part::Vevents);
    }

    /// The days with a page, made with the model.
    pub fn set_days(&mut self) {
        let days = &self.site.untracked().2.day_lists;
        self.prepare(Prepared::Days, days);
        self.days = days;
        self.changed(Part::Prepared(Prepared::Days));
    }

    /// The week's days (versioned by which entries each has) and its entries (each by its own
    /// text).
    pub fn set_week(
        &mut self,
        week: Vec<calendar::WeekDay>,
        entries: Vec<calendar::Entry>,
        outside_rows: String,
    ) {
        if self.keyed() {
            self.versions.entries = entries.iter().map(|e| e.version).collect();
        }
        self.entries = entries;
        self.changed(Part::Entries);
        self.prepare(Prepared::Week, &week);
        self.prepare(Prepared::OutsideRows, &outside_rows);
        self.week = week;
        self.outside_rows = outside_rows;
        self.changed(Part::Prepared(Prepared::Week));
        self.changed(Part::Prepared(Prepared::OutsideRows));
    }

    /// The tables and 附件1's rows, each versioned (serve only; see `tables::version`).
    pub fn set_tables(&mut self, tables: Arc<Vec<Table>>, rows: Vec<tables::RowPieces>) {
        if self.keyed() {
            for (k, table) in tables.iter().enumerate() {
                self.set_version(Prepared::Table(table_index(k)), tables::version(k, table));
            }
            self.versions.rows = rows.iter().map(|row| row.version).collect();
        }
        self.tables = tables;
        self.rows = rows;
        self.changed(Part::Tables);
        self.changed(Part::Rows);
    }

    /// The pages' parts are versioned by their own hashes, made once with each part.
    pub fn set_search(&mut self, search: Vec<Arc<search::Doc>>) {
        let versions: Vec<u64> = search.iter().map(|doc| doc.version).collect();
        self.prepare(Prepared::Search, &versions);
        self.search = search;
        self.changed(Part::Prepared(Prepared::Search));
    }

    /// Each file is versioned by its own bytes: an edit reaches only the files it changed. A
    /// build needs the pages' parts no more (they are a tenth of its memory at 10,000 events).
    pub fn set_search_index(&mut self, index: Arc<search::Index>) {
        for (k, file) in index.files.iter().enumerate() {
            self.set_version(Prepared::SearchFile(self::index(k)), file.version);
        }
        self.prepare(Prepared::SearchMeta, &index.meta);
        self.changed(Part::SearchFiles);
        self.changed(Part::Prepared(Prepared::SearchMeta));
        self.search_index = Some(index);
        if !self.keyed() {
            self.search = Vec::new();
        }
    }

    /// The search index's file names, in the order of `Reader::search_file`.
    pub fn search_file_names(&self) -> impl Iterator<Item = &str> {
        let files = self.search_index.iter().flat_map(|index| &index.files);
        files.map(|file| &*file.name)
    }

    /// The sitemap's addresses, versioned by the hash of them that comes with them.
    pub fn set_sitemap(&mut self, sitemap: Arc<Vec<String>>, version: u64) {
        self.set_version(Prepared::Sitemap, version);
        self.sitemap = sitemap;
        self.changed(Part::Prepared(Prepared::Sitemap));
    }

    /// What every output shares (see `Site::seed`).
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Versions `what` by the hash of `value` (serve only).
    fn prepare(&mut self, what: Prepared, value: &impl std::hash::Hash) {
        if self.keyed() {
            self.set_version(what, deps::hash_of(value));
        }
    }

    /// Versions `what` by a hash made with it (serve only).
    fn set_version(&mut self, what: Prepared, version: u64) {
        if self.keyed() {
            self.versions.prepared.insert(what, version);
        }
    }

    /// A page's address, to name its memos (a card, an entry): a name, not a read.
    pub fn page_path(&self, i: usize) -> &'a str {
        &self.site.untracked().0[i].path
    }

    /// The jobs' lists need to know these without reading them (a job per day, per table).
    pub fn day_count(&self) -> usize {
        self.days.len()
    }

    pub fn table_count(&self) -> usize {
        self.tables.len()
    }

    /// The tables' names in addresses (their files are named after them).
    pub fn table_keys(&self) -> Vec<&str> {
        self.tables.iter().map(|table| table.key).collect()
    }

    /// The served build's record of `id`, when nothing it read has changed since. A record
    /// that read nothing changed holds as it is (see `deps::Records`); the others are checked.
    pub fn unchanged(&self, id: u64) -> Option<&Memo> {
        let memo = self.served.as_ref()?.memos.get(&id)?;
        if let Dirty::Ids(dirty) = &self.dirty {
            if !dirty.contains(&id) {
                return Some(memo);
            }
        }
        (self.key(id, &memo.reads) == Some(memo.key)).then_some(memo)
    }

    /// The key of `reads` in this rebuild.
    pub fn key(&self, id: u64, reads: &[Read]) -> Option<u64> {
        deps::key(self.seed, id, reads, self)
    }

    /// Records what output or fragment `id` read, and the value it made (serve only): forgotten
    /// when a read has no version in this rebuild.
    pub fn remember(
        &self,
        id: u64,
        reads: Vec<Read>,
        value: Option<Arc<dyn std::any::Any + Send + Sync>>,
    ) {
        let Some(reuse) = self.site.reuse() else {
            return;
        };
        let memo = self.key(id, &reads).map(|key| Memo {
            reads: reads.into(),
            key,
            value,
        });
        reuse.records().remember(id, memo);
    }
}

impl Versions for Inputs<'_> {
    fn version(&self, read: Read) -> Option<u64> {
        self.versions.version(read)
    }
}

/// A job's view of `Inputs`, recording what it reads (serve) or not (build).
pub(crate) struct Reader<'i, 'a> {
    inputs: &'i Inputs<'a>,
    reads: Option<RefCell<Vec<Read>>>,
    /// The pieces handed out as placeholders, when the output is spliced (see `splice`):
    /// their reads are the output's, not its skeleton's.
    pieces: Option<RefCell<Vec<Piece>>>,
}

/// There are two tables; the rest share the last key, which only costs a render.
fn table_index(k: usize) -> u8 {
    u8::try_from(k).unwrap_or(u8::MAX)
}

fn index(i: usize) -> u32 {
    // A site of four billion pages does not build anyway; saturating keeps the key sound.
    u32::try_from(i).unwrap_or(u32::MAX)
}

impl<'i, 'a> Reader<'i, 'a> {
    fn record(&self, read: Read) {
        if let Some(reads) = &self.reads {
            reads.borrow_mut().push(read);
        }
    }

    /// Whether reads are recorded: serve, not build.
    pub fn keyed(&self) -> bool {
        self.reads.is_some()
    }

    /// The settings, theme, addresses and sections: the same for every output (in the seed).
    pub fn site(&self) -> &'i Site<'a> {
        self.inputs.site
    }

    pub fn theme(&self) -> &'i Theme {
        self.inputs.site.theme
    }

    pub fn site_value(&self) -> &'i Value {
        &self.inputs.site_value
    }

    /// A page's front matter and address. Its Markdown body is `body`.
    pub fn page(&self, i: usize) -> &'a Page {
        self.record(Read::Page(index(i)));
        &self.inputs.site.untracked().0[i]
    }

    /// A page's rendered Markdown, pictures and video.
    pub fn extras(&self, i: usize) -> &'a PageExtras {
        self.record(Read::Body(index(i)));
        &self.inputs.site.untracked().1[i]
    }

    /// Every page's front matter, for what lists the whole site.
    pub fn pages(&self) -> &'a [Arc<Page>] {
        self.record(Read::AllPages);
        self.inputs.site.untracked().0
    }

    pub fn model(&self) -> &'a Model {
        self.record(Read::Model);
        self.inputs.site.untracked().2
    }

    /// The terms' addresses, without depending on which events they have.
    pub fn term_slugs(&self) -> &'a TermSlugs {
        self.record(Read::TermSlugs);
        &self.inputs.site.untracked().2.slugs
    }

    /// Whether event `i` is in the week, without depending on the rest of the model.
    pub fn in_week(&self, i: usize) -> bool {
        self.record(Read::InWeek(index(i)));
        self.inputs.site.in_week(i)
    }

    /// What was read and the pieces handed out as placeholders, in order.
    pub fn into_parts(self) -> (Option<Vec<Read>>, Vec<Piece>) {
        let reads = self.reads.map(RefCell::into_inner);
        (
            reads,
            self.pieces.map(RefCell::into_inner).unwrap_or_default(),
        )
    }

    /// A piece that exists, as its placeholder when the output is spliced (the output then
    /// reads it as a piece) or else as its text (read here).
    fn piece(&self, piece: Piece, text: &'i str) -> Text<'i> {
        match &self.pieces {
            Some(pieces) => {
                let mut pieces = pieces.borrow_mut();
                pieces.push(piece);
                Text::Mark(pieces.len() - 1)
            }
            None => {
                self.record(piece.read());
                Text::Str(text)
            }
        }
    }

    pub fn card(&self, i: usize) -> Option<Text<'i>> {
        let card = Piece::Card(index(i));
        let Some(text) = self.inputs.piece_text(card) else {
            self.record(card.read());
            return None;
        };
        Some(self.piece(card, text))
    }

    pub fn cards_of(&self, events: &[usize]) -> Vec<Text<'i>> {
        events.iter().filter_map(|&i| self.card(i)).collect()
    }

    pub fn vevent(&self, i: usize) -> Option<&'i str> {
        self.record(Read::Vevent(index(i)));
        self.inputs.vevents.get(i)?.as_ref().map(|f| &*f.text)
    }

    pub fn days(&self) -> &'a [DayList] {
        self.record(Read::Prepared(Prepared::Days));
        self.inputs.days
    }

    pub fn week(&self) -> &'i [calendar::WeekDay] {
        self.record(Read::Prepared(Prepared::Week));
        &self.inputs.week
    }

    /// The week's entries `items` (or their printed rows) joined: placeholders when spliced.
    pub fn entries(&self, items: std::ops::Range<usize>, print: bool) -> String {
        let piece = |k| {
            if print {
                Piece::PrintRow(index(k))
            } else {
                Piece::Entry(index(k))
            }
        };
        self.joined(items.map(piece))
    }

    /// Pieces that exist joined into one string, each as its placeholder or its text (see
    /// `piece`).
    fn joined(&self, pieces: impl Iterator<Item = Piece>) -> String {
        let mut out = String::new();
        for piece in pieces {
            let Some(text) = self.inputs.piece_text(piece) else {
                continue;
            };
            match self.piece(piece, text) {
                Text::Str(text) => out.push_str(text),
                Text::Mark(n) => super::splice::push_placeholder(&mut out, n),
            }
        }
        out
    }

    pub fn outside_rows(&self) -> &'i str {
        self.record(Read::Prepared(Prepared::OutsideRows));
        &self.inputs.outside_rows
    }

    /// The tables without the text of 附件1's rows (their number included).
    pub fn table_frames(&self) -> &'i [Table] {
        for k in 0..self.inputs.tables.len() {
            self.record(Read::Prepared(Prepared::Table(table_index(k))));
        }
        &self.inputs.tables
    }

    /// Table k without the text of its rows when they are pieces (附件1's): its page and CSV
    /// show them as such.
    pub fn table_frame(&self, k: usize) -> &'i Table {
        self.record(Read::Prepared(Prepared::Table(table_index(k))));
        &self.inputs.tables[k]
    }

    /// Table k, all of it.
    pub fn table(&self, k: usize) -> &'i Table {
        self.record(Read::Prepared(Prepared::Table(table_index(k))));
        if k == tables::SCHEDULE {
            for n in 0..self.inputs.rows.len() {
                self.record(Read::Row(index(n)));
            }
        }
        &self.inputs.tables[k]
    }

    /// All the tables, for a job that makes table `k` later (see `Made::Later`): a read of
    /// table `k` alone, all of it.
    pub fn table_shared(&self, k: usize) -> Arc<Vec<Table>> {
        self.table(k);
        Arc::clone(&self.inputs.tables)
    }

    /// 附件1's rows as HTML, joined: placeholders when spliced.
    pub fn schedule_rows_html(&self) -> String {
        self.joined((0..self.inputs.rows.len()).map(|n| Piece::RowHtml(index(n))))
    }

    pub fn search_entries(&self) -> &'i [Arc<search::Doc>] {
        self.record(Read::Prepared(Prepared::Search));
        &self.inputs.search
    }

    pub fn search_meta(&self) -> &'i str {
        self.record(Read::Prepared(Prepared::SearchMeta));
        self.inputs
            .search_index
            .as_ref()
            .map_or("", |index| &index.meta)
    }

    pub fn search_file(&self, k: usize) -> &'i [u8] {
        self.record(Read::Prepared(Prepared::SearchFile(index(k))));
        let files = self.inputs.search_index.as_ref().map(|index| &index.files);
        files
            .and_then(|files| files.get(k))
            .map_or(&[], |file| &file.bytes)
    }

    pub fn sitemap(&self) -> &'i [String] {
        self.record(Read::Prepared(Prepared::Sitemap));
        &self.inputs.sitemap
    }

    /// A page template's context with what every page has: `site`, `current` and `og`.
    pub fn draft(&self, template: &'static str, current: &str, og: Value) -> Draft {
        let mut draft = Draft::new(template);
        draft.insert("site", self.site_value());
        draft.insert("current", current);
        draft.insert("og", &og);
        draft
    }
}

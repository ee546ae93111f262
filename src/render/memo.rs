//! Values made once through a `Reader` and kept by serve while what they read is the same:
//! one value (`memo`), a family of many (`memo_each`: every event's card, calendar entry,
//! VEVENT, 附件1 row, search part), or one made from its last version (`memo_from_last`).

use super::deps::{self, Dirty, Memo};
use super::reader::{Inputs, Reader};
use crate::diagnostics::Diagnostic;
use rayon::prelude::*;
use std::sync::Arc;

impl Inputs<'_> {
    /// A value made by `make` through a `Reader`, or taken from serve's earlier builds when
    /// nothing it read has changed since.
    pub fn memo<T>(
        &self,
        kind: &str,
        name: &str,
        make: impl FnOnce(&Reader) -> Result<T, Diagnostic>,
    ) -> Result<T, Diagnostic>
    where
        T: Clone + Send + Sync + 'static,
    {
        self.memo_by_id(|| deps::id(kind, name), make)
    }

    /// `memo` for an identity made by the caller (`deps::id_at`), only when serve asks.
    pub fn memo_by_id<T>(
        &self,
        id: impl FnOnce() -> u64,
        make: impl FnOnce(&Reader) -> Result<T, Diagnostic>,
    ) -> Result<T, Diagnostic>
    where
        T: Clone + Send + Sync + 'static,
    {
        if !self.keyed() {
            return make(&self.reader());
        }
        let id = id();
        let kept = self.unchanged(id).and_then(|memo| memo.value.as_ref());
        if let Some(value) = kept.and_then(|v| v.downcast_ref::<T>()) {
            return Ok(value.clone());
        }
        let reader = self.reader();
        let value = make(&reader)?;
        let reads = reader.into_parts().0.unwrap_or_default();
        self.remember(id, reads, Some(Arc::new(value.clone())));
        Ok(value)
    }

    /// A memo per item (`item_id`, `make`) for a family of many: every event's card, VEVENT,
    /// calendar entry or search part. Serve keeps the family's values of the served build:
    /// while the items are the same, only those whose record read something changed since
    /// (`dirty`) are looked at again. A body edit of a 10,000-event site otherwise looked up
    /// 10,000 records per family.
    pub fn memo_each<I, T>(
        &self,
        family: &str,
        items: &[I],
        item_id: impl Fn(&I) -> u64 + Sync,
        make: impl Fn(&Reader, &I) -> Result<T, Diagnostic> + Sync,
    ) -> Result<Vec<T>, Vec<Diagnostic>>
    where
        I: Clone + PartialEq + Send + Sync + 'static,
        T: Clone + Send + Sync + 'static,
    {
        let Some(reuse) = self.site.reuse() else {
            let made = items.par_iter().map(|item| make(&self.reader(), item));
            return all_or_errors(made.collect());
        };
        let family_id = deps::id("family", family);
        let dirty = match &self.dirty {
            Dirty::Ids(dirty) => Some(dirty),
            Dirty::All => None,
        };
        let last = dirty.and_then(|_| self.served.as_ref()?.memos.get(&family_id));
        let last = last.and_then(|memo| memo.value.as_ref()?.downcast_ref::<Family<I, T>>());
        let one = |id: u64, item: &I| self.memo_by_id(|| id, |r| make(r, item));
        let (ids, values) = match (last.filter(|last| last.items == items), dirty) {
            (Some(last), Some(dirty)) => {
                let mut values: Vec<Result<T, Diagnostic>> =
                    last.values.iter().cloned().map(Ok).collect();
                for (k, id) in last.ids.iter().enumerate() {
                    if dirty.contains(id) {
                        values[k] = one(*id, &items[k]);
                    }
                }
                (last.ids.clone(), values)
            }
            _ => {
                let ids: Vec<u64> = items.par_iter().map(&item_id).collect();
                let made = ids.par_iter().zip(items).map(|(&id, item)| one(id, item));
                let made = made.collect();
                (ids, made)
            }
        };
        let values = all_or_errors(values)?;
        let family = Family {
            items: items.to_vec(),
            ids,
            values: values.clone(),
        };
        let memo = Memo {
            reads: Arc::from([]),
            key: self.key(family_id, &[]).unwrap_or_default(),
            value: Some(Arc::new(family)),
        };
        reuse.records().remember(family_id, Some(memo));
        Ok(values)
    }

    /// Like `memo`, but a value that must be made again is made from the served build's one
    /// (`make` gets it, even though what it read has changed since), for values that cost
    /// less to change than to make whole.
    pub fn memo_from_last<T>(
        &self,
        kind: &str,
        name: &str,
        make: impl FnOnce(&Reader, Option<&T>) -> Result<T, Diagnostic>,
    ) -> Result<T, Diagnostic>
    where
        T: Clone + Send + Sync + 'static,
    {
        let id = deps::id(kind, name);
        let last = self
            .served
            .as_ref()
            .and_then(|served| served.memos.get(&id));
        let last = last.and_then(|memo| memo.value.as_ref()?.downcast_ref::<T>());
        self.memo(kind, name, |r| make(r, last))
    }
}

/// The items of a family of memos (`Inputs::memo_each`), their records' identities and their
/// values, as the served build made them.
struct Family<I, T> {
    items: Vec<I>,
    ids: Vec<u64>,
    values: Vec<T>,
}

/// The values, or every problem met making them.
fn all_or_errors<T>(results: Vec<Result<T, Diagnostic>>) -> Result<Vec<T>, Vec<Diagnostic>> {
    let mut values = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok(value) => values.push(value),
            Err(d) => errors.push(d),
        }
    }
    if errors.is_empty() {
        Ok(values)
    } else {
        Err(errors)
    }
}

//! Files a rebuild changed, served from memory until they are written into the served folder.
//!
//! Why: an edit of one title at 10,000 events changes some 40 MB of lists (the events, the
//! calendar, 附件1…), and writing them took a fifth of the time from the edit to the reload
//! signal. The signal goes as soon as the new bytes are here; the server answers from them,
//! and they are written right after. A file new to the folder is written at once, so that the
//! server finds it where it looks for files.

use std::collections::HashMap;
use std::io;
use std::path::Path;
use std::sync::{Arc, RwLock};

#[derive(Default)]
pub struct Unflushed(RwLock<HashMap<String, Arc<Vec<u8>>>>);

impl Unflushed {
    /// The new bytes of `rel` (a path under the served folder, `/`-separated), when it has
    /// some not yet written.
    pub fn get(&self, rel: &str) -> Option<Arc<Vec<u8>>> {
        let files = self.0.read().unwrap_or_else(|e| e.into_inner());
        files.get(rel).cloned()
    }

    pub fn put(&self, files: Vec<(String, Vec<u8>)>) {
        let mut map = self.0.write().unwrap_or_else(|e| e.into_inner());
        map.extend(files.into_iter().map(|(rel, bytes)| (rel, Arc::new(bytes))));
    }

    /// A file no build makes any more: never served again.
    pub fn remove(&self, rel: &str) {
        let mut map = self.0.write().unwrap_or_else(|e| e.into_inner());
        map.remove(rel);
    }

    /// Writes every file into `out` (each in one step, see `write`), then serves them from
    /// there. A file that cannot be written stays served from memory, and the error is told.
    pub fn flush(
        &self,
        out: &Path,
        write: impl Fn(&Path, &[u8]) -> io::Result<()> + Sync,
    ) -> io::Result<()> {
        use rayon::prelude::*;
        let files: Vec<(String, Arc<Vec<u8>>)> = {
            let map = self.0.read().unwrap_or_else(|e| e.into_inner());
            map.iter()
                .map(|(rel, bytes)| (rel.clone(), Arc::clone(bytes)))
                .collect()
        };
        let written: Vec<(String, io::Result<()>)> = files
            .into_par_iter()
            .map(|(rel, bytes)| {
                let done = write(&out.join(&rel), &bytes);
                (rel, done)
            })
            .collect();
        let mut map = self.0.write().unwrap_or_else(|e| e.into_inner());
        let mut first_error = None;
        for (rel, done) in written {
            match done {
                Ok(()) => {
                    map.remove(&rel);
                }
                Err(e) => first_error = first_error.or(Some(e)),
            }
        }
        first_error.map_or(Ok(()), Err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_served_from_memory_until_written_then_from_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let unflushed = Unflushed::default();
        unflushed.put(vec![
            ("events/index.html".into(), b"new list".to_vec()),
            ("gone.csv".into(), b"x".to_vec()),
        ]);
        assert_eq!(
            unflushed.get("events/index.html").as_deref(),
            Some(&b"new list".to_vec())
        );
        unflushed.remove("gone.csv");
        assert!(unflushed.get("gone.csv").is_none());
        let write = |file: &Path, bytes: &[u8]| {
            std::fs::create_dir_all(file.parent().unwrap())?;
            std::fs::write(file, bytes)
        };
        unflushed.flush(dir.path(), write).unwrap();
        assert!(unflushed.get("events/index.html").is_none());
        let on_disk = std::fs::read(dir.path().join("events/index.html")).unwrap();
        assert_eq!(on_disk, b"new list");
        assert!(!dir.path().join("gone.csv").exists());
        // A file that cannot be written is still served, and the error told.
        unflushed.put(vec![("a/b.html".into(), b"kept".to_vec())]);
        let fail = |_: &Path, _: &[u8]| Err(io::Error::other("disk full"));
        assert!(unflushed.flush(dir.path(), fail).is_err());
        assert_eq!(
            unflushed.get("a/b.html").as_deref(),
            Some(&b"kept".to_vec())
        );
    }
}

//! Processed images under ROOT/.cache/images/, one file per output variant, named by a hash of
//! everything that decides its bytes: the source's content hash, the shape and crop, the
//! orientation, the size, the format, the quality and the encoder version. So a build after no
//! change decodes nothing, a changed quality remakes every file but a new width only its own,
//! and a renamed or moved photo is still found. Entries are written to a temporary name and
//! renamed, so a crash never leaves a half file under a real name; deleting the folder is always
//! safe. Outputs are hard links to the entries (the staging folder is usually on the same file
//! system), or copies when linking fails (output on /dev/shm, another disk, Windows shares).

use super::encode::{Kind, ENCODER_VERSION};
use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

pub struct Store {
    dir: PathBuf,
    /// Cleared after the first failed hard link: copy from then on.
    link: AtomicBool,
}

static TMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// The entry's file name.
pub fn key(
    content: u128,
    shape: &str,
    crop: &str,
    width: u32,
    height: u32,
    kind: Kind,
    quality: u8,
) -> String {
    let q = if kind == Kind::Png { 0 } else { quality };
    let s = format!(
        "v{ENCODER_VERSION}|{content:032x}|{shape}|{crop}|{width}x{height}|{}|q{q}",
        kind.name()
    );
    format!(
        "{:032x}.{}",
        xxhash_rust::xxh3::xxh3_128(s.as_bytes()),
        kind.ext()
    )
}

impl Store {
    /// None when the folder cannot be made (read-only site): then every image is processed.
    pub fn open(dir: &Path) -> Option<Store> {
        std::fs::create_dir_all(dir).ok()?;
        let tag = dir.parent().map(|p| p.join("CACHEDIR.TAG"));
        if let Some(tag) = tag.filter(|t| !t.exists()) {
            let _ = std::fs::write(tag, "Signature: 8a477f597d28d172789f06886806bc55\n# xuezhou's processed images; safe to delete.\n");
        }
        Some(Store {
            dir: dir.to_path_buf(),
            link: AtomicBool::new(true),
        })
    }

    pub fn has(&self, key: &str) -> bool {
        self.dir.join(key).is_file()
    }

    /// Stores an entry atomically.
    pub fn put(&self, key: &str, data: &[u8]) -> io::Result<()> {
        let tmp = self.dir.join(format!(
            ".tmp-{}-{}-{key}",
            std::process::id(),
            TMP_COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let r = std::fs::write(&tmp, data).and_then(|_| std::fs::rename(&tmp, self.dir.join(key)));
        if r.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        r
    }

    /// Puts the entry at `out`: a hard link, or a copy.
    pub fn place(&self, key: &str, out: &Path) -> io::Result<()> {
        if let Some(parent) = out.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let from = self.dir.join(key);
        if self.link.load(Ordering::Relaxed) {
            match std::fs::hard_link(&from, out) {
                Ok(()) => return Ok(()),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    std::fs::remove_file(out)?;
                    if std::fs::hard_link(&from, out).is_ok() {
                        return Ok(());
                    }
                }
                Err(_) => self.link.store(false, Ordering::Relaxed),
            }
        }
        fresh(out)?;
        std::fs::copy(&from, out).map(|_| ())
    }
}

/// Writes an output file directly (no cache).
pub fn write_file(out: &Path, data: &[u8]) -> io::Result<()> {
    if let Some(parent) = out.parent() {
        std::fs::create_dir_all(parent)?;
    }
    fresh(out)?;
    std::fs::write(out, data)
}

/// Removes a file already staged at `out` (a static file of the same name): it may be a hard link
/// into the live output, which writing through it would change.
fn fresh(out: &Path) -> io::Result<()> {
    match std::fs::remove_file(out) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// The file every xuezhou process using the cache holds a shared lock on (see `CacheLock`).
const LOCK_FILE: &str = ".lock";

/// A shared lock on a cache folder, held while a process uses it: `xuezhou serve` for as long as
/// it runs, a build while it processes images. Pruning needs the lock alone, so a build never
/// removes entries that a preview running beside it (or another build) is about to link.
pub struct CacheLock(std::fs::File);

impl CacheLock {
    /// None when the lock file cannot be made (read-only site): then nothing is pruned.
    pub fn share(dir: &Path) -> Option<CacheLock> {
        std::fs::create_dir_all(dir).ok()?;
        let f = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(dir.join(LOCK_FILE))
            .ok()?;
        f.lock_shared().ok()?;
        Some(CacheLock(f))
    }

    /// Whether this process is the cache's only user now. Changing a shared lock into an
    /// exclusive one is not portable, so it is released and taken again; if another process
    /// holds it, this one takes its shared lock back and the answer is no.
    fn alone(&self) -> bool {
        let _ = self.0.unlock();
        match self.0.try_lock() {
            Ok(()) => true,
            Err(_) => {
                let _ = self.0.lock_shared();
                false
            }
        }
    }
}

/// Removes every file of `dir` not in `used` (stale entries, leftovers of interrupted writes),
/// unless another process is using the cache: then the next build prunes.
pub fn prune(dir: &Path, used: &HashSet<String>, lock: &CacheLock) {
    if !lock.alone() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name != LOCK_FILE && !used.contains(&name) && e.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

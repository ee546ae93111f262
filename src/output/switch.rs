//! The staging folder beside the output, and the switch that puts it in place in one step (see
//! the module `output`).

use super::checks::check_output;
use super::leftovers::remove_leftovers;
use super::sink::{new_file, same_bytes, Sink};
use super::{MARKER, MARKER_TEXT};
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

/// Why a commit failed, and what the output folder holds after it.
#[derive(Debug)]
pub enum CommitError {
    /// Failed before the switch: the output folder is exactly the previous build.
    Unchanged(io::Error),
    /// The old output was renamed away and neither build could be put back in its place (only on
    /// systems without an atomic exchange); the text says where each build is.
    Missing(String),
}

impl std::fmt::Display for CommitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CommitError::Unchanged(e) => write!(f, "{e}"),
            CommitError::Missing(s) => write!(f, "{s}"),
        }
    }
}

impl Sink {
    /// A fresh staging folder beside `output` (same file system, so the switch is a rename), with
    /// the marker in it. Refuses an output folder that is not xuezhou's (see `check_output`), and
    /// first removes what killed builds left beside it.
    pub fn staging_for(output: &Path, root: &Path) -> io::Result<Sink> {
        check_output(output, root).map_err(|refusal| io::Error::other(refusal.message))?;
        let (parent, name) = beside(output);
        std::fs::create_dir_all(&parent)?;
        remove_leftovers(output);
        let pid = std::process::id();
        let lock_path = parent.join(format!(".{name}.xuezhou-lock-{pid}"));
        let lock = File::create(&lock_path)?;
        // A system without file locks: liveness is then told by /proc (Linux) or not at all.
        let _ = lock.try_lock();
        let dir = parent.join(format!(".{name}.xuezhou-new-{pid}"));
        let mut sink = Sink::new(None, None);
        sink.lock = Some((lock_path, lock));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir(&dir)?;
        sink.dir = Some(dir.clone());
        // `check_output` let it through: it is empty, or a build of xuezhou's.
        sink.previous = output.is_dir().then(|| output.to_path_buf());
        // Like every unchanged file, the marker keeps its date.
        let marker = dir.join(MARKER);
        match &sink.previous {
            Some(previous) if same_bytes(&previous.join(MARKER), MARKER_TEXT.as_bytes()) => {
                sink.reuse(&previous.join(MARKER), &marker)?
            }
            _ => new_file(&marker, MARKER_TEXT.as_bytes())?,
        }
        Ok(sink)
    }

    /// Puts the staged build in place of `output` in one step (see the module's comment), then
    /// removes the previous build. `Ok` holds a warning when that removal failed (the next build
    /// removes it).
    pub fn commit(mut self, output: &Path) -> Result<Option<String>, CommitError> {
        let Some(dir) = self.dir.clone() else {
            return Ok(None);
        };
        if std::fs::symlink_metadata(output).is_err() {
            std::fs::rename(&dir, output).map_err(CommitError::Unchanged)?;
            self.dir = None;
            return Ok(None);
        }
        let (parent, name) = beside(output);
        let old = match exchange(&dir, output) {
            // The staging folder's name now holds the previous build.
            Ok(()) => dir.clone(),
            Err(error) if !exchange_unsupported(&error) => {
                return Err(CommitError::Unchanged(error))
            }
            Err(_) => {
                let old = parent.join(format!(".{name}.xuezhou-old-{}", std::process::id()));
                std::fs::rename(output, &old).map_err(CommitError::Unchanged)?;
                if let Err(error) = std::fs::rename(&dir, output) {
                    if std::fs::rename(&old, output).is_ok() {
                        return Err(CommitError::Unchanged(error));
                    }
                    // Both builds are kept where they are for the user to choose.
                    self.dir = None;
                    return Err(CommitError::Missing(format!(
                        "{} could not be replaced ({error}) and is missing now: the previous build is in {} and the new one in {}",
                        output.display(),
                        old.display(),
                        dir.display()
                    )));
                }
                old
            }
        };
        self.dir = None;
        match remove_tree(&old) {
            Ok(()) => Ok(None),
            Err(error) => Ok(Some(format!(
                "the new build is in place, but the previous one could not be removed from {} ({error}); the next build removes it",
                old.display()
            ))),
        }
    }
}

impl Drop for Sink {
    /// A build that did not commit removes what it staged; every build removes its lock file.
    fn drop(&mut self) {
        if let Some(dir) = &self.dir {
            let _ = std::fs::remove_dir_all(dir);
        }
        if let Some((path, _)) = self.lock.take() {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// `remove_dir_all`, the folders of the first two levels on all cores: the previous build of a big
/// site is 30,000 files in 20,000 folders (`events/x/print/`), and each removal waits on the disk.
fn remove_tree(dir: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    if std::fs::symlink_metadata(dir)?.is_symlink() {
        // An output that was a link to a folder: the link goes, the folder it named stays.
        return std::fs::remove_file(dir);
    }
    let mut folders = Vec::new();
    for entry in std::fs::read_dir(dir)?.flatten() {
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            match std::fs::read_dir(entry.path()) {
                Ok(inner) => folders.extend(inner.flatten().map(|i| i.path())),
                Err(_) => folders.push(entry.path()),
            }
        }
    }
    folders.par_iter().for_each(|folder| {
        let _ = match std::fs::symlink_metadata(folder) {
            Ok(meta) if meta.is_dir() => std::fs::remove_dir_all(folder),
            _ => std::fs::remove_file(folder),
        };
    });
    std::fs::remove_dir_all(dir)
}

/// The folder an output sits in, and its name: staging and leftover folders are named after it.
pub(super) fn beside(output: &Path) -> (PathBuf, String) {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let parent = match output.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    (parent, name)
}

/// Swaps the two folders in one step.
#[cfg(target_os = "linux")]
fn exchange(first: &Path, second: &Path) -> io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, first, CWD, second, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// The exchange is not offered here (old kernels, some network and FUSE file systems): fall back to
/// two renames, which leave the output missing for a moment but never mixed.
fn exchange_unsupported(error: &io::Error) -> bool {
    #[cfg(target_os = "linux")]
    {
        use rustix::io::Errno;
        let raw = error.raw_os_error();
        if [Errno::INVAL, Errno::NOSYS, Errno::OPNOTSUPP]
            .iter()
            .any(|errno| raw == Some(errno.raw_os_error()))
        {
            return true;
        }
    }
    error.kind() == io::ErrorKind::Unsupported
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::testing::{beside_output, scratch};

    #[test]
    #[cfg(target_os = "linux")]
    fn a_rebuild_switches_whole_and_links_what_did_not_change() {
        use std::os::unix::fs::MetadataExt;
        let (tmp, out) = scratch("switch");
        let root = tmp.join("site");
        let sink = Sink::staging_for(&out, &root).unwrap();
        sink.write("index.html", b"home").unwrap();
        sink.write("events/a/index.html", b"a").unwrap();
        sink.write("events/b/index.html", b"b").unwrap();
        assert_eq!(sink.commit(&out).unwrap(), None);
        assert!(out.join(MARKER).is_file());
        let inode = |rel: &str| std::fs::metadata(out.join(rel)).unwrap().ino();
        let home = inode("index.html");
        let a = inode("events/a/index.html");

        let sink = Sink::staging_for(&out, &root).unwrap();
        sink.write("index.html", b"home").unwrap();
        sink.write("events/a/index.html", b"a, changed").unwrap();
        // The live output is untouched until the commit.
        assert_eq!(
            std::fs::read(out.join("events/a/index.html")).unwrap(),
            b"a"
        );
        assert!(out.join("events/b/index.html").is_file());
        assert_eq!(sink.commit(&out).unwrap(), None);
        assert_eq!(
            inode("index.html"),
            home,
            "an unchanged file is the same file"
        );
        assert_ne!(inode("events/a/index.html"), a);
        assert_eq!(
            std::fs::read(out.join("events/a/index.html")).unwrap(),
            b"a, changed"
        );
        assert!(!out.join("events/b").exists(), "no stale file survives");
        assert_eq!(beside_output(&out), vec!["public".to_string()]);

        // A build that fails (dropped before its commit) leaves nothing beside the output.
        let sink = Sink::staging_for(&out, &root).unwrap();
        sink.write("index.html", b"other").unwrap();
        drop(sink);
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"home");
        assert_eq!(beside_output(&out), vec!["public".to_string()]);
        std::fs::remove_dir_all(&tmp).unwrap();
    }
}

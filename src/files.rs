//! Reading the files staff put in the site (issue 11): only files inside the site root, links
//! followed, are read or published; only regular files are opened (a FIFO named as a photo
//! would hang the build, a device such as /dev/zero would never end); and no read goes past a
//! limit, however big the file is or grows while it is read.
//!
//! Every module that reads a file a page, site.toml or static/ names goes through here, so the
//! rule is in one place.

use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// Markdown pages, site.toml and templates: far more than any real one (a long page is 100 KB).
pub const MAX_TEXT: u64 = 8 << 20;
/// Photos: a 108-megapixel phone photo is about 30 MB.
pub const MAX_IMAGE: u64 = 100 << 20;

/// Why a file named by the site cannot be used.
#[derive(Debug)]
pub enum Refusal {
    Missing,
    /// Where it really is (links resolved), outside the site root.
    Outside(PathBuf),
    Folder,
    /// "a FIFO (named pipe)", "a device", …
    NotAFile(&'static str),
    /// Its size and the limit, in bytes.
    TooBig(u64, u64),
    Io(io::Error),
}

impl Refusal {
    /// The end of a sentence about the file: `the image "x.jpg" {describe}`.
    pub fn describe(&self) -> String {
        use crate::messages::site::Site;
        use crate::tr;
        match self {
            Refusal::Missing => tr!(Site::Missing),
            Refusal::Outside(real) => tr!(Site::Outside, real = real.display()),
            Refusal::Folder => tr!(Site::IsFolder),
            Refusal::NotAFile(kind) => tr!(
                Site::NotAFile,
                kind = crate::messages::pick(kind_zh(kind), kind)
            ),
            Refusal::TooBig(size, limit) => tr!(
                Site::TooBig,
                size = size.div_ceil(1 << 20),
                limit = limit >> 20
            ),
            Refusal::Io(e) => tr!(Site::CannotReadFile, error = e),
        }
    }
}

/// What kind of thing a path is, in Chinese, for [`Refusal::describe`].
fn kind_zh(kind: &str) -> &'static str {
    match kind {
        "a FIFO (named pipe)" => "命名管道（FIFO）",
        "a socket" => "套接字（socket）",
        "a device" => "设备文件",
        _ => "特殊文件",
    }
}

/// The site root with its links resolved, which every checked path is compared with.
pub fn real_root(root: &Path) -> PathBuf {
    root.canonicalize().unwrap_or_else(|_| root.to_path_buf())
}

/// Whether `path` (a link is followed) lies inside `real_root`; `Err` says why not. Folders pass.
pub fn inside(real_root: &Path, path: &Path) -> Result<(PathBuf, std::fs::Metadata), Refusal> {
    let real = match path.canonicalize() {
        Ok(r) => r,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(Refusal::Missing),
        Err(e) => return Err(Refusal::Io(e)),
    };
    if !real.starts_with(real_root) {
        return Err(Refusal::Outside(real));
    }
    let meta = std::fs::metadata(&real).map_err(Refusal::Io)?;
    Ok((real, meta))
}

/// A regular file inside the site: its real path and size. The type is taken from metadata
/// before anything opens the file (opening a FIFO blocks until someone writes to it).
pub fn check(real_root: &Path, file: &Path) -> Result<(PathBuf, u64), Refusal> {
    let (real, meta) = inside(real_root, file)?;
    let ft = meta.file_type();
    if ft.is_file() {
        return Ok((real, meta.len()));
    }
    if ft.is_dir() {
        return Err(Refusal::Folder);
    }
    Err(Refusal::NotAFile(kind_of(&ft)))
}

#[cfg(unix)]
fn kind_of(ft: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if ft.is_fifo() {
        "a FIFO (named pipe)"
    } else if ft.is_socket() {
        "a socket"
    } else if ft.is_char_device() || ft.is_block_device() {
        "a device"
    } else {
        "not a regular file"
    }
}

#[cfg(not(unix))]
fn kind_of(_: &std::fs::FileType) -> &'static str {
    "not a regular file"
}

/// The bytes of a regular file inside the site, at most `limit` of them.
pub fn read(real_root: &Path, file: &Path, limit: u64) -> Result<Vec<u8>, Refusal> {
    let (real, len) = check(real_root, file)?;
    if len > limit {
        return Err(Refusal::TooBig(len, limit));
    }
    let f = std::fs::File::open(&real).map_err(Refusal::Io)?;
    let mut bytes = Vec::with_capacity(len as usize);
    // One byte more than the limit tells a file that grew past it from one that fits.
    f.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(Refusal::Io)?;
    if bytes.len() as u64 > limit {
        return Err(Refusal::TooBig(bytes.len() as u64, limit));
    }
    Ok(bytes)
}

/// A relative path with `/` between its parts on every system (site addresses, messages).
pub fn slash(rel: &Path) -> String {
    rel.to_string_lossy().replace('\\', "/")
}

/// Editors leave `.#x.md`, `x.md~` and `.x.md.swp`; they are not pages.
pub fn is_hidden(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    (name.starts_with('.') && name != ".") || name.ends_with('~') || name.starts_with('#')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_inside_the_root_within_the_limit() {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        std::fs::create_dir_all(site.join("content")).unwrap();
        std::fs::write(site.join("content/a.txt"), "hello").unwrap();
        std::fs::write(tmp.path().join("secret.txt"), "secret").unwrap();
        let root = real_root(&site);
        assert_eq!(
            read(&root, &site.join("content/a.txt"), 10).unwrap(),
            b"hello"
        );
        assert!(matches!(
            read(&root, &site.join("content/a.txt"), 4),
            Err(Refusal::TooBig(5, 4))
        ));
        assert!(matches!(
            read(&root, &site.join("content/../../secret.txt"), 10),
            Err(Refusal::Outside(_))
        ));
        assert!(matches!(
            read(&root, &site.join("content"), 10),
            Err(Refusal::Folder)
        ));
        assert!(matches!(
            read(&root, &site.join("nope"), 10),
            Err(Refusal::Missing)
        ));
        #[cfg(unix)]
        {
            let link = site.join("content/link.txt");
            std::os::unix::fs::symlink(tmp.path().join("secret.txt"), &link).unwrap();
            assert!(matches!(read(&root, &link, 10), Err(Refusal::Outside(_))));
            let inner = site.join("content/inner.txt");
            std::os::unix::fs::symlink(site.join("content/a.txt"), &inner).unwrap();
            assert_eq!(read(&root, &inner, 10).unwrap(), b"hello");
            let fifo = site.join("content/pipe.jpg");
            let made = std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .is_ok_and(|s| s.success());
            if made {
                assert!(matches!(
                    read(&root, &fifo, 10),
                    Err(Refusal::NotAFile("a FIFO (named pipe)"))
                ));
            }
        }
    }
}

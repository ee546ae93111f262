//! Which folders a build may replace: the output folder is xuezhou's alone.

use super::MARKER;
use crate::messages::render::Output;
use crate::tr;
use std::path::{Path, PathBuf};

/// Why an output folder is refused: what is wrong, and what to do.
#[derive(Debug, PartialEq)]
pub struct Refusal {
    pub message: String,
    pub help: String,
}

/// The output folder is xuezhou's alone: a build replaces it whole. So it is never a folder that
/// holds the site or anything of it (the site folder, an ancestor of it, `content/`, `themes/`,
/// `static/`, the folder the command runs in), and never an existing non-empty folder without
/// xuezhou's marker: a folder of other files (`--output ~/文档`), or one that only looks like a
/// build (an index.html made by hand, or a build of an older xuezhou, which cannot be told apart).
pub fn check_output(output: &Path, root: &Path) -> Result<(), Refusal> {
    let shown = output.display();
    let abs = resolve(output);
    let site = resolve(root);
    let own = tr!(Output::OwnHelp);
    let refuse = |message: String| {
        Err(Refusal {
            message,
            help: own.clone(),
        })
    };
    if abs.parent().is_none() {
        return refuse(tr!(Output::Root, shown));
    }
    if abs == site {
        return refuse(tr!(Output::Site, shown));
    }
    if site.starts_with(&abs) {
        return refuse(tr!(Output::HoldsSite, shown, root = root.display()));
    }
    if let Ok(cwd) = std::env::current_dir().map(|c| c.canonicalize().unwrap_or(c)) {
        if cwd.starts_with(&abs) {
            return refuse(tr!(Output::HoldsCwd, shown));
        }
    }
    // This site's folders, and those of any site the output would sit in.
    for dir in std::iter::once(site.as_path()).chain(abs.ancestors()) {
        if dir == site || dir.join("site.toml").is_file() {
            if dir == abs {
                return refuse(tr!(Output::ASite, shown));
            }
            for source in ["content", "themes", "static"] {
                let source_dir = dir.join(source);
                if abs == source_dir {
                    return refuse(tr!(Output::SourceFolder, shown, source));
                }
                if abs.starts_with(&source_dir) {
                    return refuse(tr!(Output::InSource, shown, source));
                }
            }
        }
    }
    if let Ok(meta) = std::fs::metadata(&abs) {
        if !meta.is_dir() {
            return refuse(tr!(Output::AFile, shown));
        }
        let empty = std::fs::read_dir(&abs)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty && !abs.join(MARKER).is_file() {
            if abs.join("index.html").is_file() {
                return Err(Refusal {
                    message: tr!(Output::OldBuild, shown, marker = MARKER),
                    help: tr!(Output::OldBuildHelp, marker = MARKER, own),
                });
            }
            return refuse(tr!(Output::NotOurs, shown, marker = MARKER));
        }
    }
    Ok(())
}

/// The absolute path of `path` as the file system reads it: links resolved and `..` taken after
/// them, as far as the path exists (`link/..` is the folder around the link's target, not the one
/// the link sits in: read by its letters, `--output q/link/../events` would pass for a new folder
/// `q/events` while the build replaced `content/events`). Only the part that does not exist yet
/// is read by its letters.
fn resolve(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let parts: Vec<std::path::Component> = abs.components().collect();
    let mut out = PathBuf::new();
    let mut tail = &parts[..];
    for end in (1..=parts.len()).rev() {
        let prefix: PathBuf = parts[..end].iter().collect();
        if let Ok(real) = prefix.canonicalize() {
            out = real;
            tail = &parts[end..];
            break;
        }
    }
    for component in tail {
        match component {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::MARKER_TEXT;

    #[test]
    fn refuses_outputs_a_build_must_not_replace() {
        let tmp = std::env::temp_dir().join(format!("xuezhou-output-test-{}", std::process::id()));
        let site = tmp.join("p/site");
        std::fs::create_dir_all(site.join("content/events")).unwrap();
        std::fs::create_dir_all(site.join("themes/default")).unwrap();
        std::fs::write(site.join("site.toml"), "title = \"x\"").unwrap();
        std::fs::write(tmp.join("p/index.html"), "<p>").unwrap();
        std::fs::create_dir_all(tmp.join("docs")).unwrap();
        std::fs::write(tmp.join("docs/report.docx"), "mine").unwrap();
        std::fs::create_dir_all(tmp.join("old-build")).unwrap();
        std::fs::write(tmp.join("old-build/index.html"), "<p>").unwrap();
        std::fs::create_dir_all(tmp.join("ours/events")).unwrap();
        std::fs::write(tmp.join("ours/index.html"), "<p>").unwrap();
        std::fs::write(tmp.join("ours").join(MARKER), MARKER_TEXT).unwrap();
        std::fs::create_dir_all(tmp.join("empty")).unwrap();
        std::fs::write(tmp.join("file"), "x").unwrap();

        for bad in [
            site.clone(),
            site.join("content"),
            site.join("content/events/new"),
            site.join("themes/default/static"),
            site.join("static/files"),
            site.join("public/.."),
            tmp.join("p"),
            tmp.clone(),
            tmp.join("docs"),
            tmp.join("old-build"),
            tmp.join("file"),
            PathBuf::from("/"),
        ] {
            assert!(
                check_output(&bad, &site).is_err(),
                "{} is refused",
                bad.display()
            );
        }
        let old = check_output(&tmp.join("old-build"), &site).unwrap_err();
        assert!(old.help.contains("删掉或清空一次"), "{old:?}");
        for good in [
            site.join("public"),
            tmp.join("ours"),
            tmp.join("empty"),
            tmp.join("new/deep/out"),
        ] {
            assert_eq!(check_output(&good, &site), Ok(()), "{}", good.display());
        }
        std::fs::remove_dir_all(&tmp).unwrap();
    }

    #[test]
    #[cfg(unix)]
    fn a_link_then_dot_dot_is_read_as_the_file_system_reads_it() {
        let tmp =
            std::env::temp_dir().join(format!("xuezhou-output-dotdot-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&tmp);
        let site = tmp.join("p/site");
        std::fs::create_dir_all(site.join("content/events")).unwrap();
        std::fs::create_dir_all(site.join("content/cases")).unwrap();
        std::fs::write(site.join("site.toml"), "title = \"x\"").unwrap();
        std::fs::write(site.join("content/events/a.md"), "---").unwrap();
        std::fs::create_dir_all(tmp.join("q")).unwrap();
        std::os::unix::fs::symlink(site.join("content/cases"), tmp.join("q/l")).unwrap();
        // By its letters `q/events`, a new folder; for the file system `content/events`.
        let sneaky = tmp.join("q/l/../events");
        assert!(check_output(&sneaky, &site).is_err());
        assert!(check_output(&tmp.join("q/l/../new"), &site).is_err());
        assert_eq!(check_output(&tmp.join("q/new/../out"), &site), Ok(()));
        std::fs::remove_dir_all(&tmp).unwrap();
    }
}

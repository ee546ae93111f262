//! Writing the built site. The output folder is xuezhou's alone: it holds a marker file
//! (`MARKER`) that says so, and a build refuses any other non-empty folder (`check_output`).
//!
//! Every build stages the complete new site in a folder beside the output (same file system), then
//! puts it in place in one step: on Linux the two folders are exchanged by one
//! renameat2(RENAME_EXCHANGE), elsewhere the old one is renamed away and the new one in. Whatever
//! moment the process dies at, the output is the old build or the new one, never a mix; a failed
//! build leaves it exactly as it was. Files whose bytes did not change are hard links to the
//! previous output's (copies with the old date where links fail), so they keep their dates (upload
//! tools that sync by date send only what changed) and a rebuild of 30,000 files copies none.
//! What a killed build left beside the output is removed by the next build (`remove_leftovers`).
//!
//! - `checks`: which folders a build may replace (`check_output`);
//! - `sink`: where rendered files go, and the reuse of unchanged ones;
//! - `switch`: the staging folder and the one-step switch (`Sink::staging_for`, `Sink::commit`);
//! - `leftovers`: what killed builds left beside the output;
//! - `copy`: static folders copied into the sink.

mod checks;
mod copy;
mod leftovers;
mod sink;
mod switch;

pub use checks::{check_output, Refusal};
pub use copy::copy_trees;
pub use leftovers::remove_leftovers;
pub use sink::{Collected, Later, Sink};
pub use switch::CommitError;

/// The file xuezhou writes into every output folder it makes: the only proof that a folder holds
/// nothing but a build, so that replacing it loses no one's work.
pub const MARKER: &str = ".xuezhou-output";

const MARKER_TEXT: &str = "\
本文件夹由 xuezhou build 生成，每次生成时整个替换：请不要把自己的文件放在这里。\n\
本文件随网站一起上传没有影响。\n\
\n\
This folder is made by `xuezhou build` and replaced whole by every build: do not keep files of\n\
your own here. Uploading this file with the site is harmless.\n";

pub use crate::files::slash;

#[cfg(test)]
mod testing {
    use std::path::{Path, PathBuf};

    pub(super) fn scratch(name: &str) -> (PathBuf, PathBuf) {
        let tmp =
            std::env::temp_dir().join(format!("xuezhou-output-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&tmp);
        std::fs::create_dir_all(tmp.join("site")).unwrap();
        let out = tmp.join("site/public");
        (tmp, out)
    }

    pub(super) fn beside_output(out: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(out.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

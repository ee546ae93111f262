//! `xuezhou serve`: the preview server (SPEC §8). Being built in its own issue.

use std::path::Path;

pub fn run(_root: &Path, _bind: &str, _port: u16, _drafts: bool) -> Result<(), String> {
    Err("`xuezhou serve` is not available in this version yet; run `xuezhou build` and open public/index.html".into())
}

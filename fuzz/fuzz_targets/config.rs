//! site.toml text through `config::parse` (what `config::load` does after reading the file), and
//! every diagnostic printed as the terminal shows it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use xuezhou::diagnostics::Diagnostics;

fuzz_target!(|data: &[u8]| {
    // config::load refuses a file that is not UTF-8 before parsing it.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let text = text.trim_start_matches('\u{feff}').replace("\r\n", "\n");
    let diags = Diagnostics::new();
    let config = xuezhou::config::parse(&text, &diags);
    let _ = diags.report();
    if let Some(c) = config {
        let _ = c.base_path();
    }
});

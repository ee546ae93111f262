//! A photo's bytes through `images::header::read`, which every image passes before decoding.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(h) = xuezhou::images::header::read(data, "x.jpg") {
        let _ = h.upright();
    }
});

//! Arbitrary bytes through decoding, cleaning and segmenting: nothing may panic, and every
//! segmentation must satisfy `xietong::segment::check` (units are in-order, non-overlapping
//! substrings of the cleaned text with locations inside the source).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    // Both the decoder's path (any bytes) and the text path (the bytes as UTF-8, when they are)
    // are exercised, so structured text inputs reach the cleaner unchanged.
    if let Ok((text, _)) = xietong::ingest::decode_bytes("fuzz", bytes) {
        if let Err(v) = xietong::segment::check::check_source(&text) {
            panic!("{v}");
        }
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        if let Err(v) = xietong::segment::check::check_source(text) {
            panic!("{v}");
        }
    }
});

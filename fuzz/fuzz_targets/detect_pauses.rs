//! Any bytes, read as little-endian f32 samples: pause detection never panics and returns
//! well-formed pauses.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rehearse::analysis::pauses::detect_pauses;

fuzz_target!(|data: &[u8]| {
    let samples: Vec<f32> = data.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect();
    for pause in detect_pauses(&samples) {
        assert!(pause.start_ms < pause.end_ms);
    }
});

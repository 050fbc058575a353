//! Fuzz target for the prompt loader: any bytes, read as a prompt file, must give prompts or
//! errors with a line number, never a panic; and drawing from whatever loaded must not panic.

#![no_main]

use libfuzzer_sys::fuzz_target;
use rehearse::prompts::{Drawer, PromptBank, parse_pack};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (prompts, errors) = parse_pack("fuzz.toml", text, false);
    for error in &errors {
        assert!(error.line().is_some(), "an error without a line: {error}");
        let _ = error.to_string();
    }
    for prompt in &prompts {
        let (min, max) = prompt.target_seconds;
        assert!(0 < min && min <= max, "an impossible band was accepted: {min}-{max}");
        let _ = prompt.answer_context();
    }
    // Merged with the built-ins: duplicates are reported, never panics.
    let mut bank = PromptBank::builtin();
    let mut merge_errors = Vec::new();
    bank.add_file("fuzz.toml", text, false, &mut merge_errors);
    let pool: Vec<_> = prompts.iter().collect();
    let mut drawer = Drawer::seeded(data.len() as u64);
    for _ in 0..=pool.len() {
        let _ = drawer.draw(&pool);
    }
});

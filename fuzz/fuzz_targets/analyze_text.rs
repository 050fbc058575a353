//! Any bytes, read as text, analysed for every kind of prompt: no panic, and every span lies
//! inside the text. The same property runs in the normal test suite (src/analysis/robustness.rs).
#![no_main]

use libfuzzer_sys::fuzz_target;
use rehearse::analysis::{AnswerContext, analyze};
use rehearse::domain::PromptKind;
use rehearse::transcript::Transcript;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let transcript = Transcript::from_text(&text);
    let chars = transcript.text.chars().count();
    for kind in PromptKind::ALL {
        let feedback = analyze(&transcript, None, &AnswerContext::for_kind(kind));
        for h in feedback.highlights() {
            assert!(h.start_char <= h.end_char && h.end_char <= chars);
        }
    }
});

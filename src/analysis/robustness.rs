//! Robustness: whatever the transcript holds (nothing, one word, half an hour of speech,
//! another script, emoji, absurdly long tokens, nonsense times), analysis returns feedback
//! whose every span lies inside the text, and pause detection accepts any samples. These are
//! the properties the fuzz target in `fuzz/` also checks; here they run in the normal suite
//! with proptest.

use super::pauses::{Pause, detect_pauses};
use super::{AnswerContext, Feedback, analyze};
use crate::domain::PromptKind;
use crate::transcript::{Segment, Transcript, Word};
use proptest::prelude::*;

/// Every span the feedback reports points inside the text and quotes it exactly.
fn assert_spans_valid(t: &Transcript, fb: &Feedback) {
    let len = t.text.chars().count();
    for h in fb.highlights() {
        assert!(
            h.start_char <= h.end_char && h.end_char <= len,
            "{h:?} outside {len} chars"
        );
    }
    let mut spans: Vec<&super::Span> = Vec::new();
    spans.extend(&fb.delivery.fillers);
    spans.extend(&fb.delivery.hedges);
    spans.extend(&fb.delivery.repetitions);
    for e in fb.structure.elements.values() {
        spans.extend(&e.evidence);
    }
    for s in spans {
        assert_eq!(t.slice_chars(s.start_char, s.end_char), s.text);
    }
    for c in &fb.value.cues {
        assert_eq!(t.slice_chars(c.start_char, c.end_char), c.text);
    }
    assert!((1..=3).contains(&fb.next_steps.len()));
    for score in [
        fb.scores.timing,
        fb.scores.delivery,
        fb.scores.structure,
        fb.scores.value,
        fb.scores.rapport,
    ] {
        assert!(score <= 100);
    }
}

fn check_all_kinds(t: &Transcript, pauses: Option<&[Pause]>) {
    for kind in PromptKind::ALL {
        let fb = analyze(t, pauses, &AnswerContext::for_kind(kind));
        assert_spans_valid(t, &fb);
        // The feedback survives a JSON round trip (the store keeps it as JSON).
        let json = serde_json::to_string(&fb).unwrap();
        let back: Feedback = serde_json::from_str(&json).unwrap();
        assert_eq!(back.word_count, fb.word_count);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_string_is_analysed_without_panicking(text in any::<String>()) {
        check_all_kinds(&Transcript::from_text(&text), None);
    }

    #[test]
    fn any_printable_unicode_is_analysed_without_panicking(text in "\\PC{0,400}") {
        check_all_kinds(&Transcript::from_text(&text), None);
    }

    #[test]
    fn words_mixed_with_punctuation_and_fillers_are_analysed(
        words in prop::collection::vec(
            prop::sample::select(vec![
                "um", "uh,", "like", "like,", "you", "know", "I", "mean,", "so", "So,", "we", "cut", "30%",
                "$1,200.50", "—", "...", "?", "!", "I'd", "would", "learned", "the", "the", "café", "🙂", "-",
                "twenty-one", "as", "a", "result,", "next", "time",
            ]),
            0..120,
        )
    ) {
        check_all_kinds(&Transcript::from_text(&words.join(" ")), None);
    }

    #[test]
    fn huge_tokens_are_analysed(len in 1usize..20_000, c in prop::sample::select(vec!['a', '9', 'é', '🙂', '%', '-'])) {
        let token: String = std::iter::repeat_n(c, len).collect();
        check_all_kinds(&Transcript::from_text(&format!("I built {token} and it cut costs by 30%.")), None);
    }

    #[test]
    fn timed_transcripts_with_arbitrary_times_and_pauses(
        words in prop::collection::vec(("[a-z]{1,8}[.,]?", 0u64..200_000, 0u64..200_000), 0..60),
        pauses in prop::collection::vec((0u64..200_000, 0u64..200_000), 0..10),
    ) {
        let text = words.iter().map(|w| w.0.as_str()).collect::<Vec<_>>().join(" ");
        let words = words
            .iter()
            .map(|(t, s, e)| Word { text: t.clone(), start_ms: *s, end_ms: *e, p: 0.5, start_char: 0, end_char: 0 })
            .collect();
        let t = Transcript::from_segments("prop", 200_000, vec![Segment { start_ms: 0, end_ms: 200_000, text, words }]);
        let pauses: Vec<Pause> = pauses.into_iter().map(|(a, b)| Pause { start_ms: a, end_ms: b }).collect();
        check_all_kinds(&t, Some(&pauses));
        check_all_kinds(&t, None);
    }

    #[test]
    fn pause_detection_accepts_any_samples(samples in prop::collection::vec(any::<f32>(), 0..20_000)) {
        for p in detect_pauses(&samples) {
            prop_assert!(p.start_ms < p.end_ms);
        }
    }
}

#[test]
fn empty_and_one_word_answers_are_handled() {
    let empty = analyze(&Transcript::from_text(""), None, &AnswerContext::default());
    assert!(empty.no_speech);
    let one = analyze(
        &Transcript::from_text("Hello."),
        None,
        &AnswerContext::default(),
    );
    assert!(!one.no_speech);
    assert_eq!(one.word_count, 1);
}

#[test]
fn thirty_minutes_of_speech_is_analysed() {
    // 30 minutes at 150 WPM is 4,500 words.
    let sentence =
        "At my last job, um, I rewrote the billing job and as a result failures dropped by 40%. ";
    let text = sentence.repeat(4_500 / 16);
    let t = Transcript::from_text(&text);
    let fb = analyze(&t, None, &AnswerContext::default());
    assert!(fb.word_count > 4_000);
    assert_eq!(fb.delivery.fillers.len(), 4_500 / 16);
    assert_spans_valid(&t, &fb);
}

#[test]
fn another_language_gives_sensible_empty_findings() {
    let text =
        "我们的系统每周都会崩溃。我重写了作业，失败减少了。 Wir haben das System neu geschrieben.";
    let t = Transcript::from_text(text);
    let fb = analyze(&t, None, &AnswerContext::default());
    assert!(!fb.no_speech);
    assert!(fb.delivery.fillers.is_empty());
    assert_spans_valid(&t, &fb);
}

#[test]
fn emoji_only_answer_is_not_speech_with_structure() {
    let t = Transcript::from_text("🙂🙂🙂 🚀");
    let fb = analyze(&t, None, &AnswerContext::default());
    assert!(fb.no_speech, "emoji are not words");
    assert_eq!(fb.structure.missing.len(), 5);
    assert_spans_valid(&t, &fb);
}

//! Listing and searching a history of 1,000 attempts (the target: under 200 ms).
//!
//! Builds a store in a temporary folder with 1,000 analysed attempts whose transcripts are about
//! 300 words (a two-minute answer at 150 words per minute), then measures: listing with a
//! current index (the normal case), a full-text search plus filters, and listing after the
//! index was deleted (the worst case: every record is read and summarised again).
//! Run: `cargo bench --bench history_list` (add `--profile dev` for a quick debug-build figure).

use criterion::{Criterion, criterion_group, criterion_main};
use rehearse::domain::{PromptKind, Skill};
use rehearse::store::{Attempt, PromptSnapshot, Query, Store};
use rehearse::transcript::Transcript;
use serde_json::json;
use std::hint::black_box;

const ATTEMPTS: usize = 1000;
const WORDS_PER_ANSWER: usize = 300;
const VOCABULARY: [&str; 24] = [
    "we",
    "migrated",
    "the",
    "database",
    "and",
    "I",
    "led",
    "team",
    "so",
    "that",
    "customers",
    "saw",
    "fewer",
    "outages",
    "after",
    "release",
    "result",
    "was",
    "forty",
    "percent",
    "faster",
    "learned",
    "on-call",
    "review",
];

fn transcript_text(seed: usize) -> String {
    (0..WORDS_PER_ANSWER)
        .map(|i| VOCABULARY[(seed * 7 + i * 13 + i / 5) % VOCABULARY.len()])
        .collect::<Vec<_>>()
        .join(" ")
}

fn fill(store: &Store) {
    let start: chrono::DateTime<chrono::Utc> = "2025-01-01T08:00:00Z".parse().expect("time");
    for i in 0..ATTEMPTS {
        let kind = PromptKind::ALL[i % PromptKind::ALL.len()];
        let prompt = PromptSnapshot {
            id: format!("{}-{:02}", kind.as_str(), i % 20),
            text: format!("Prompt {i}: tell me about a time you improved a system."),
            kind,
            skills: vec![Skill::ALL[i % 7], Skill::ALL[(i + 3) % 7]],
            target_seconds: Some((60, 120)),
        };
        let at = start + chrono::Duration::hours(i as i64 * 7);
        let mut attempt = Attempt::new(prompt, at);
        attempt.duration_ms = 120_000;
        let score = (i * 37 % 100) as u8;
        let feedback: rehearse::analysis::Feedback = serde_json::from_value(json!({
            "structure": {"elements": {"situation": {"present": true, "evidence": []}, "action": {"present": i % 3 != 0, "evidence": []}}},
            "delivery": {"fillers": [], "fillers_per_minute": (i % 9) as f32, "hedges": []},
            "timing": {"wpm": 120.0 + (i % 50) as f32},
            "scores": {"timing": score, "delivery": score, "structure": score, "value": score, "rapport": score},
            "next_steps": ["Say what the result was."]
        }))
        .expect("the engine's shape");
        let mut transcript = Transcript::from_text(&transcript_text(i));
        transcript.model = "tiny.en".into();
        attempt.record_feedback(transcript, &feedback, at);
        store.create(attempt, None).expect("create");
    }
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path()).expect("open");
    fill(&store);
    assert_eq!(store.list().expect("list").attempts.len(), ATTEMPTS);
    let mut group = c.benchmark_group("history_1000");
    group.sample_size(20);
    group.bench_function("list", |b| {
        b.iter(|| black_box(store.list().expect("list")))
    });
    let query = Query {
        text: "database outages".into(),
        kind: Some(PromptKind::Behavioral),
        min_score: Some(30),
        ..Query::default()
    };
    group.bench_function("search", |b| {
        b.iter(|| black_box(store.search(&query).expect("search")))
    });
    group.bench_function("list_rebuilding_index", |b| {
        b.iter(|| {
            std::fs::remove_file(dir.path().join("index.json")).expect("remove index");
            black_box(store.list().expect("list"))
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

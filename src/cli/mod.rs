//! The command line: one subcommand per part of the product, each in its own file with its own
//! `Args` type and `run` function. With no subcommand, `rehearse` opens the desktop app.
//! Errors reach the user once, here, as `error: ...` with their context chain, and exit code 1.

use clap::{Parser, Subcommand};
use std::process::ExitCode;

pub mod analyze;
pub mod history;
pub mod models;
pub mod prompts;
pub mod train;
pub mod transcribe;

#[derive(Debug, Parser)]
#[command(
    name = "rehearse",
    version,
    about = "A private, local coach for job-interview answers"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the desktop app (the default).
    App,
    /// List, install or locate Whisper models.
    Models(models::ModelsArgs),
    /// Transcribe a WAV file with the local Whisper model.
    Transcribe(transcribe::TranscribeArgs),
    /// Measure transcription speed and memory on a generated 60 s answer.
    Bench(transcribe::BenchArgs),
    /// Coach an answer: timing, delivery, structure, value and rapport, with evidence.
    Analyze(analyze::AnalyzeArgs),
    /// Evaluate the coaching engine on the labelled answer set.
    Eval(analyze::EvalArgs),
    /// Browse, draw and check interview prompts.
    Prompts(prompts::PromptsArgs),
    /// Import, list, show, export and summarise past attempts.
    History(history::HistoryArgs),
    /// Train the sentence-role heads from the labelled files and print the evaluation table
    /// (a developer command: `make train`).
    #[command(hide = true)]
    Train(train::TrainArgs),
}

/// Parses the command line, runs the command and turns an error into a message and exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command.unwrap_or(Command::App) {
        Command::App => crate::ui::run_app(),
        Command::Models(args) => models::run(args),
        Command::Transcribe(args) => transcribe::run(args),
        Command::Bench(args) => transcribe::bench(args),
        Command::Analyze(args) => analyze::run(args),
        Command::Eval(args) => analyze::eval(args),
        Command::Prompts(args) => prompts::run(args),
        Command::History(args) => history::run(args),
        Command::Train(args) => train::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

//! The command line: one subcommand per part of the product, each in its own file with its own
//! `Args` type and `run` function. With no subcommand, `rehearse` opens the desktop app.
//! Errors reach the user once, here, as `error: ...` with their context chain, and exit code 1.

use clap::{Parser, Subcommand};
use std::process::ExitCode;

pub mod analyze;
pub mod app;
pub mod bench;
pub mod history;
pub mod models;
pub mod prompts;
pub mod quiet_pipe;
pub mod stories;
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
    App(app::AppArgs),
    /// List, install or locate Whisper models.
    Models(models::ModelsArgs),
    /// Transcribe a WAV file with the local Whisper model.
    Transcribe(transcribe::TranscribeArgs),
    /// Measure transcription: weight formats side by side, or Stop -> feedback with --live.
    Bench(bench::BenchArgs),
    /// Coach an answer: timing, delivery, structure, value and rapport, with evidence.
    Analyze(analyze::AnalyzeArgs),
    /// Evaluate the coaching engine on the labelled answer set.
    Eval(analyze::EvalArgs),
    /// Browse, draw and check interview prompts.
    Prompts(prompts::PromptsArgs),
    /// Import, list, show, export and summarise past attempts.
    History(history::HistoryArgs),
    /// Your story bank: add, list, show, delete and export stories; coverage of the seven
    /// skills; resume bullets turned into stories.
    Stories(stories::StoriesArgs),
    /// Rate yourself 1-5 on the seven skills, with evidence and a next action.
    Assess(stories::AssessArgs),
    /// Train the sentence-role heads from the labelled files and print the evaluation table
    /// (a developer command: `make train`).
    #[command(hide = true)]
    Train(train::TrainArgs),
    /// Train the red-flag heads on the tuned red-flag sets and print the cross-validation table
    /// (a developer command: `make train-flags`).
    #[command(hide = true, name = "train-flags")]
    TrainFlags(train::TrainArgs),
}

/// Parses the command line, runs the command and turns an error into a message and exit code.
pub fn main() -> ExitCode {
    quiet_pipe::install();
    let cli = Cli::parse();
    let result = match cli.command.unwrap_or(Command::App(app::AppArgs::default())) {
        Command::App(args) => app::run(args),
        Command::Models(args) => models::run(args),
        Command::Transcribe(args) => transcribe::run(args),
        Command::Bench(args) => bench::run(args),
        Command::Analyze(args) => analyze::run(args),
        Command::Eval(args) => analyze::eval(args),
        Command::Prompts(args) => prompts::run(args),
        Command::History(args) => history::run(args),
        Command::Stories(args) => stories::run(args),
        Command::Assess(args) => stories::run_assess(args),
        Command::Train(args) => train::run(args),
        Command::TrainFlags(args) => train::run_flags(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

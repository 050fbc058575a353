//! `rehearse history`: import, list, search, show, export, summarise, re-analyse, delete and
//! restore past attempts
//! kept by [`crate::store`]. `REHEARSE_DATA_DIR` chooses the data directory.
//!
//! Rules: damaged records are reported on stderr as warnings and never stop a listing; `--json`
//! prints machine-readable output on stdout and nothing else there; dates are calendar days in
//! the user's time zone, written YYYY-MM-DD.

use crate::domain::{PromptKind, Skill};
use crate::pipeline::{self, Input, Pipeline, Reanalysis, Request};
use crate::store::markdown::{attempt_markdown, attempts_markdown, format_duration};
use crate::store::progress::progress;
use crate::store::untrusted::Recording;
use crate::store::{Area, Listing, Query, Store};
use anyhow::Context;
use chrono::{Local, NaiveDate};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct HistoryArgs {
    #[command(subcommand)]
    pub command: HistoryAction,
}

#[derive(Debug, clap::Subcommand)]
pub enum HistoryAction {
    /// List attempts, newest first, optionally filtered.
    List(ListArgs),
    /// Show one attempt: prompt, figures, scores, marked transcript, notes.
    Show {
        /// The attempt id (see `rehearse history list`).
        id: String,
        /// Print the stored record as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Export one attempt, or every attempt since a date, as Markdown.
    Export(ExportArgs),
    /// Progress: scores per area, pace, fillers, STAR share, skill coverage, weekly counts.
    Stats {
        #[arg(long)]
        json: bool,
    },
    /// Transcribe and analyse a WAV recorded elsewhere and keep it as an attempt at a prompt.
    Import {
        /// The recording (WAV, any rate and channel count).
        file: PathBuf,
        /// The prompt it answers (see `rehearse prompts list`). Optional with --story.
        #[arg(long, required_unless_present = "story")]
        prompt: Option<String>,
        /// The story from your story bank this recording tells (see `rehearse stories list`);
        /// without --prompt, the story's own question is the prompt.
        #[arg(long)]
        story: Option<String>,
        /// The Whisper model to transcribe with.
        #[arg(long, default_value = crate::models::DEFAULT_MODEL)]
        model: String,
        /// Print the stored attempt as JSON instead of its id.
        #[arg(long)]
        json: bool,
    },
    /// Analyse stored attempts again with this version of the coaching engine, keeping every
    /// earlier result for comparison.
    Reanalyse {
        /// The attempt to re-analyse.
        #[arg(required_unless_present = "all")]
        id: Option<String>,
        /// Re-analyse every attempt.
        #[arg(long, conflicts_with = "id")]
        all: bool,
    },
    /// Move an attempt to the trash (undo with `rehearse history restore ID`).
    Delete { id: String },
    /// Bring an attempt back from the trash.
    Restore { id: String },
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Only attempts whose prompt, transcript or notes contain all these words.
    #[arg(long)]
    pub search: Option<String>,
    #[arg(long, value_enum)]
    pub kind: Option<PromptKind>,
    #[arg(long, value_enum)]
    pub skill: Option<Skill>,
    /// First day included (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    pub since: Option<NaiveDate>,
    /// Last day included (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    pub until: Option<NaiveDate>,
    /// Only attempts whose mean score is at least this (0-100).
    #[arg(long, value_parser = clap::value_parser!(u8).range(0..=100))]
    pub min_score: Option<u8>,
    /// Print the summaries as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["id", "since"])))]
pub struct ExportArgs {
    /// The attempt to export.
    pub id: Option<String>,
    /// Export every attempt from this day on (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    pub since: Option<NaiveDate>,
    /// Last day included with --since (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date, requires = "since")]
    pub until: Option<NaiveDate>,
    /// Markdown output (the only format; accepted for clarity).
    #[arg(long)]
    pub md: bool,
    /// Write to this file instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("`{text}` is not a date like 2026-11-22"))
}

pub fn run(args: HistoryArgs) -> anyhow::Result<()> {
    let store = Store::open_default().context("cannot open the attempt store")?;
    match args.command {
        HistoryAction::List(list) => list_cmd(&store, list),
        HistoryAction::Show { id, json } => {
            let attempt = store.get(&Store::parse_id(&id)?)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&attempt)?);
            } else {
                print!("{}", attempt_markdown(&attempt, 1));
                if let Some(line) = recording_line(&store.recording(&attempt)) {
                    println!("{line}");
                }
            }
            Ok(())
        }
        HistoryAction::Export(export) => export_cmd(&store, export),
        HistoryAction::Stats { json } => stats_cmd(&store, json),
        HistoryAction::Import {
            file,
            prompt,
            story,
            model,
            json,
        } => import_cmd(
            &store,
            &file,
            prompt.as_deref(),
            story.as_deref(),
            &model,
            json,
        ),
        HistoryAction::Reanalyse { id, all } => reanalyse_cmd(&store, id.as_deref(), all),
        HistoryAction::Delete { id } => {
            let id = Store::parse_id(&id)?;
            store.delete(&id)?;
            println!("Moved {id} to the trash. Undo with: rehearse history restore {id}");
            Ok(())
        }
        HistoryAction::Restore { id } => {
            let id = Store::parse_id(&id)?;
            store.undo_delete(&id)?;
            println!("Restored {id}.");
            Ok(())
        }
    }
}

fn warn_problems(listing: &Listing) {
    for problem in &listing.problems {
        eprintln!(
            "warning: skipped {}: {}",
            problem.folder.display(),
            problem.message
        );
    }
}

fn list_cmd(store: &Store, args: ListArgs) -> anyhow::Result<()> {
    let query = Query {
        text: args.search.unwrap_or_default(),
        kind: args.kind,
        skill: args.skill,
        since: args.since,
        until: args.until,
        min_score: args.min_score,
        ..Query::default()
    };
    let listing = store.search(&query)?;
    warn_problems(&listing);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&listing.attempts)?);
        return Ok(());
    }
    if listing.attempts.is_empty() {
        let hint = if query.is_empty() {
            ""
        } else {
            " matching the filters"
        };
        println!("No attempts{hint} in {}.", store.root().display());
        return Ok(());
    }
    println!(
        "{:<21} {:<16} {:<21} {:>5} {:>5}  PROMPT",
        "ID", "WHEN", "KIND", "TIME", "SCORE"
    );
    for s in &listing.attempts {
        let when = s.created.with_timezone(&Local).format("%Y-%m-%d %H:%M");
        let score = s.overall().map_or("-".to_string(), |v| format!("{v:.0}"));
        let prompt: String = s.prompt_text.chars().take(60).collect();
        let ellipsis = if s.prompt_text.chars().count() > 60 {
            "…"
        } else {
            ""
        };
        println!(
            "{:<21} {when:<16} {:<21} {:>5} {score:>5}  {prompt}{ellipsis}",
            s.id.as_str(),
            s.kind.label(),
            format_duration(s.duration_ms)
        );
    }
    Ok(())
}

fn export_cmd(store: &Store, args: ExportArgs) -> anyhow::Result<()> {
    let text = if let Some(id) = &args.id {
        attempt_markdown(&store.get(&Store::parse_id(id)?)?, 1)
    } else {
        let query = Query {
            since: args.since,
            until: args.until,
            ..Query::default()
        };
        let listing = store.search(&query)?;
        warn_problems(&listing);
        let mut attempts = Vec::new();
        for summary in listing.attempts.iter().rev() {
            match store.get(&summary.id) {
                Ok(attempt) => attempts.push(attempt),
                Err(err) => eprintln!("warning: skipped {}: {err}", summary.id),
            }
        }
        let since = args.since.map(|d| d.to_string()).unwrap_or_default();
        let title = match args.until {
            Some(until) => format!("Interview practice, {since} to {until}"),
            None => format!("Interview practice since {since}"),
        };
        attempts_markdown(&title, &attempts)
    };
    match &args.output {
        Some(path) => {
            std::fs::write(path, text)
                .with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!("Wrote {}", path.display());
        }
        None => print!("{text}"),
    }
    Ok(())
}

fn stats_cmd(store: &Store, json: bool) -> anyhow::Result<()> {
    let listing = store.list()?;
    warn_problems(&listing);
    let p = progress(&listing.attempts, Local::now().date_naive());
    if json {
        println!("{}", serde_json::to_string_pretty(&p)?);
        return Ok(());
    }
    println!(
        "{} attempts ({} analysed), {} of practice; streak: {} day(s)",
        p.attempts,
        p.analysed,
        format_duration(p.practice_ms),
        p.streak_days
    );
    if !p.area_averages.is_empty() {
        let areas: Vec<_> = Area::ALL
            .iter()
            .filter_map(|a| Some(format!("{} {:.0}", a.label(), p.area_averages.get(a)?)))
            .collect();
        println!("Average scores: {}", areas.join(", "));
    }
    if let Some(wpm) = p.average_wpm {
        println!("Average pace: {wpm:.0} words per minute");
    }
    if let Some(fpm) = p.average_fillers_per_minute {
        println!("Average fillers: {fpm:.1} per minute");
    }
    if let Some(share) = p.all_star_share() {
        println!(
            "Story answers with all STAR parts: {} of {} ({:.0}%)",
            p.story_answers_with_all_star,
            p.story_answers,
            share * 100.0
        );
    }
    println!("Skills practised:");
    for s in &p.skills {
        let score = s
            .average_score
            .map_or(String::new(), |v| format!(", average score {v:.0}"));
        println!("  {:<40} {} attempt(s){score}", s.skill.label(), s.attempts);
    }
    if !p.weeks.is_empty() {
        println!("Attempts per week:");
        for w in p.weeks.iter().rev().take(8) {
            println!("  week of {}: {}", w.week_start, w.attempts);
        }
    }
    Ok(())
}

fn import_cmd(
    store: &Store,
    file: &std::path::Path,
    prompt_id: Option<&str>,
    story_id: Option<&str>,
    model: &str,
    json: bool,
) -> anyhow::Result<()> {
    // The story is checked before any work, so a bad id stores nothing.
    let story = story_id
        .map(|id| store.get_story(&Store::parse_story_id(id)?))
        .transpose()?;
    let (bank, _problems) = crate::prompts::PromptBank::load(&[]);
    let prompt = match (prompt_id, &story) {
        (Some(prompt_id), _) => bank
            .get(prompt_id)
            .with_context(|| format!("no prompt `{prompt_id}` (see `rehearse prompts list`)"))?
            .clone(),
        (None, Some(story)) => crate::stories::practice::story_prompt(story, None),
        (None, None) => anyhow::bail!("give --prompt ID or --story ID"),
    };
    let request = Request {
        story_id: story.map(|s| s.id.to_string()),
        ..Request::new(
            Input::Recording(file.to_path_buf()),
            Some(prompt.clone()),
            prompt.answer_context(),
            model,
        )
    };
    let mut last_stage = None;
    let mut pipeline = Pipeline::new(Some(store.clone()));
    let review = pipeline
        .run(request, &mut |stage, _percent| {
            if last_stage != Some(stage) {
                eprintln!("{}...", stage.label());
                last_stage = Some(stage);
            }
        })
        .with_context(|| format!("cannot import {}", file.display()))?;
    if let Some(err) = review.keep_error {
        anyhow::bail!("cannot keep {}: {err}", file.display());
    }
    let id = review
        .kept
        .context("the attempt was analysed but not kept")?;
    let stored = store.get(&id)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&stored)?);
    } else {
        println!("{}", stored.id);
    }
    Ok(())
}

fn reanalyse_cmd(store: &Store, id: Option<&str>, all: bool) -> anyhow::Result<()> {
    let ids = if all {
        let listing = store.list()?;
        warn_problems(&listing);
        listing.attempts.into_iter().map(|s| s.id).collect()
    } else {
        vec![Store::parse_id(id.unwrap_or_default())?]
    };
    let (bank, _problems) = crate::prompts::PromptBank::load(&[]);
    let (mut changed, mut same, mut skipped) = (0, 0, 0);
    for id in ids {
        let mut warn = |message: String| eprintln!("{id}: {message}");
        match pipeline::reanalyse(store, &id, &bank, &mut warn)? {
            Reanalysis::NotTranscribed => {
                eprintln!("{id}: not transcribed; skipped");
                skipped += 1;
            }
            Reanalysis::Unchanged => same += 1,
            Reanalysis::Changed => {
                println!("{id}: re-analysed (earlier result kept)");
                changed += 1;
            }
        }
    }
    println!("{changed} re-analysed, {same} unchanged, {skipped} skipped");
    Ok(())
}

/// The line `history show` prints about the recording: where it is, or why it cannot be used.
fn recording_line(recording: &Recording) -> Option<String> {
    match recording {
        Recording::None => None,
        Recording::Present(path) => Some(format!("Recording: {}", path.display())),
        other => Some(format!("Recording: {}", other.problem()?)),
    }
}

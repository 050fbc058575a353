//! `rehearse analyze` and `rehearse eval`: the coaching engine on the command line.
//!
//! `analyze` reads an answer (a WAV recording, a transcript JSON as written by `rehearse
//! transcribe --json`, or typed text), runs [`crate::analysis::analyze`] and prints a report
//! with the evidence marked in the transcript (ANSI colour on a terminal, brackets otherwise)
//! or the feedback as JSON. It judges as the app does: the user's settings (own filler words, own
//! target length per kind of prompt, chosen Whisper model) apply unless `--no-settings`. `eval` runs the engine on the labelled answer sets of the project
//! checkout (development data, not part of the program) and prints precision, recall and F1 per element, for quantified results and for
//! fillers.

use crate::analysis::evaluation::{self, EvalSet};
use crate::analysis::roles::{Engine, RoleModel};
use crate::analysis::{AnswerContext, Feedback, HighlightCategory};
use crate::domain::{Element, PromptKind};
use crate::pipeline::{Input, Pipeline, Request, Review, Stage};
use crate::transcript::Transcript;
use crate::ui::settings::Settings;
use anyhow::{Context, bail};
use std::io::IsTerminal;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct AnalyzeArgs {
    /// A WAV recording or a transcript JSON (the output of `rehearse transcribe --json`).
    #[arg(required_unless_present = "text", conflicts_with = "text")]
    pub file: Option<PathBuf>,
    /// Analyse this typed text instead of a file (no timing).
    #[arg(long)]
    pub text: Option<String>,
    /// The kind of answer (default: behavioral, or the prompt's kind).
    #[arg(long, value_enum)]
    pub kind: Option<PromptKind>,
    /// The id of the prompt answered (from `rehearse prompts`): sets kind, target and framework.
    #[arg(long)]
    pub prompt: Option<String>,
    /// Print the feedback as JSON.
    #[arg(long)]
    pub json: bool,
    /// The Whisper model used to transcribe a WAV file (default: the one chosen in the app's
    /// settings, else the default model).
    #[arg(long)]
    pub model: Option<String>,
    /// Judge with the built-in defaults only, ignoring the app's settings (own filler words,
    /// own target length per kind of prompt, chosen Whisper model).
    #[arg(long)]
    pub no_settings: bool,
    /// Who judges the structure: the sentence-role `model` (default; needs the sentence
    /// encoder, else the rules judge) or the phrase-list `rules` (also set by REHEARSE_ENGINE).
    #[arg(long, value_enum)]
    pub engine: Option<Engine>,
}

#[derive(Debug, clap::Args)]
pub struct EvalArgs {
    /// Evaluate this labelled set (TOML) instead of the checkout's development and held-out
    /// sets (read from tests/data/eval/ in the current folder).
    #[arg(long)]
    pub set: Option<PathBuf>,
    /// List every disagreement between the engine and the labels.
    #[arg(long)]
    pub verbose: bool,
    /// Evaluate red flags and prompt signals on the labelled folder DIR (default: the
    /// repository's tests/data/red_flags, when it exists).
    #[arg(long, value_name = "DIR")]
    pub flags: Option<PathBuf>,
    /// Red flags and signals on the tuning sets only (development, held-out 1-3 and the
    /// training sets the red-flag judge learns from), never the untouched held-out sets, and
    /// no structure sets: what rule changes may be judged by.
    #[arg(long, conflicts_with_all = ["flags", "set"])]
    pub tuning: bool,
    /// Who judges the structure: the sentence-role `model` (default, when its encoder is
    /// installed) or the phrase-list `rules`.
    #[arg(long, value_enum)]
    pub engine: Option<Engine>,
}

/// Puts the engine asked for on the command line in force; asking for the model without its
/// encoder installed is an error that says how to install it (the default model without its
/// encoder falls back to the rules).
fn choose_engine(asked: Option<Engine>) -> anyhow::Result<()> {
    // Only a model asked for (`--engine model` or REHEARSE_ENGINE) is an error without its
    // encoder; the default model falls back to the rules, and the report says which judged.
    let asked_for = asked.is_some()
        || std::env::var(crate::analysis::roles::ENGINE_ENV)
            .ok()
            .and_then(|v| Engine::parse(&v))
            .is_some();
    let engine = match asked {
        Some(engine) => Engine::choose(engine),
        None => Engine::chosen(),
    };
    if asked_for && engine == Engine::Model && RoleModel::installed().is_none() {
        let why = match crate::encoder::find() {
            Err(e) => e.to_string(),
            Ok(dir) => format!(
                "the sentence encoder in {} could not be loaded; reinstall it with `rehearse models install {} --force`",
                dir.display(),
                crate::encoder::ENCODER.name
            ),
        };
        bail!("the sentence-role model cannot judge: {why} (or use --engine rules)");
    }
    Ok(())
}

/// Asking for the red-flag judge by name (`REHEARSE_FLAGS=model`) without its encoder is an
/// error; the default judge without its encoder falls back to the rules, and the report says so.
fn check_flag_engine() -> anyhow::Result<()> {
    use crate::analysis::flag_model::{FlagEngine, FlagModel};
    if FlagEngine::asked_for()
        && FlagEngine::chosen() == FlagEngine::Model
        && FlagModel::installed().is_none()
    {
        bail!(
            "REHEARSE_FLAGS=model needs the sentence encoder (`rehearse models install`) and valid red-flag heads (or use REHEARSE_FLAGS=rules)"
        );
    }
    Ok(())
}

/// Who judged an answer's red flags, and why the rules alone when the judge is the default.
fn red_flags_judge(fb: &Feedback) -> &'static str {
    use crate::analysis::flag_model::{FlagEngine, FlagModel};
    match fb.red_flags_engine {
        FlagEngine::Model => "the phrase-list rules joined with the learned red-flag judge",
        FlagEngine::Rules if FlagEngine::chosen() == FlagEngine::Rules => {
            "the phrase-list rules alone (REHEARSE_FLAGS=rules)"
        }
        FlagEngine::Rules if FlagModel::installed().is_none() => {
            "the phrase-list rules alone: the sentence encoder is not installed, \
             `rehearse models install` adds it"
        }
        FlagEngine::Rules => {
            "the phrase-list rules alone: the learned judge reads the question answered, and \
             none was given (--prompt)"
        }
    }
}

pub fn run(args: AnalyzeArgs) -> anyhow::Result<()> {
    choose_engine(args.engine)?;
    check_flag_engine()?;
    let mut ctx = context(&args)?;
    if args.text.is_some() {
        ctx.user_wpm = recent_pace();
    }
    let settings = if args.no_settings {
        None
    } else {
        user_settings()
    };
    if let Some(settings) = &settings {
        settings.apply_to(&mut ctx);
    }
    let model = match (&args.model, &settings) {
        (Some(model), _) => model.clone(),
        (None, Some(settings)) => settings.model.clone(),
        (None, None) => crate::models::DEFAULT_MODEL.to_string(),
    };
    let input = match (&args.text, &args.file) {
        (Some(text), _) => Input::Transcript {
            transcript: Transcript::from_text(text),
            recording: None,
        },
        (None, Some(path)) => load_input(path)?,
        (None, None) => bail!("give a WAV or JSON file, or --text"),
    };
    let review = analyse(input, ctx, &model)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&review.feedback)?);
    } else {
        let colour = std::io::stdout().is_terminal();
        print!("{}", report(&review.transcript, &review.feedback, colour));
    }
    Ok(())
}

/// The settings the app keeps (see [`Settings::load`]); `None` when there is no config folder.
/// A settings file that cannot be read is reported and the defaults are used, as in the app.
fn user_settings() -> Option<Settings> {
    let dir = Settings::dir()?;
    let (settings, problem) = Settings::load(&dir);
    if let Some(problem) = problem {
        eprintln!("warning: {problem}");
    }
    Some(settings)
}

/// The user's pace from their recorded attempts (median of the most recent), used to time typed
/// text when the prompt has no word target. No history, or an unreadable one, gives none.
fn recent_pace() -> Option<f64> {
    let store = crate::store::Store::open_default().ok()?;
    let mut attempts = store.list().ok()?.attempts;
    attempts.sort_by_key(|a| std::cmp::Reverse(a.created));
    let paces: Vec<f64> = attempts
        .iter()
        .filter_map(|a| a.metrics.as_ref()?.wpm.map(f64::from))
        .collect();
    crate::analysis::timing::median_recent_pace(&paces)
}

fn context(args: &AnalyzeArgs) -> anyhow::Result<AnswerContext> {
    if let Some(id) = &args.prompt {
        return prompt_context(id, args.kind);
    }
    Ok(AnswerContext::for_kind(
        args.kind.unwrap_or(PromptKind::Behavioral),
    ))
}

fn prompt_context(id: &str, kind: Option<PromptKind>) -> anyhow::Result<AnswerContext> {
    // The same bank as `prompts show`: built-ins plus the user's packs.
    let (bank, _problems) = crate::prompts::PromptBank::load(&[]);
    let Some(prompt) = bank.get(id) else {
        bail!("no prompt with id `{id}` (list them with `rehearse prompts list`)")
    };
    if let Some(kind) = kind
        && kind != prompt.kind
    {
        bail!(
            "prompt `{id}` is a {} prompt; drop --kind {} or pick another prompt",
            prompt.kind.as_str(),
            kind.as_str()
        );
    }
    Ok(prompt.answer_context())
}

/// What a file holds: a transcript JSON, or a WAV recording (transcribed by the pipeline).
fn load_input(path: &std::path::Path) -> anyhow::Result<Input> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "json" => {
            let raw = crate::bounded::read_text(path, crate::bounded::MAX_TRANSCRIPT_BYTES)
                .with_context(|| format!("cannot read {}", path.display()))?;
            let transcript: Transcript = serde_json::from_str(&raw).with_context(|| {
                format!("{} is not a transcript JSON (expected the output of `rehearse transcribe --json`)", path.display())
            })?;
            // The file may have been edited: spans and text are rebuilt from the segments.
            Ok(Input::Transcript {
                transcript: transcript.rebuilt_from_segments(),
                recording: None,
            })
        }
        "wav" => Ok(Input::Recording(path.to_path_buf())),
        _ => bail!(
            "{}: expected a .wav recording or a .json transcript",
            path.display()
        ),
    }
}

/// Runs the review pipeline without keeping anything, with progress on a terminal.
fn analyse(input: Input, context: AnswerContext, model: &str) -> anyhow::Result<Review> {
    let name = input
        .recording()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    let mut request = Request::new(input, None, context, model);
    request.keep = false;
    let show_progress = std::io::stderr().is_terminal();
    let mut shown = false;
    let review = Pipeline::new(None)
        .run(request, &mut |stage, percent| {
            if show_progress && stage == Stage::Transcribing {
                eprint!("\rtranscribing {name}: {percent:>3}%");
                shown = true;
            }
        })
        .with_context(|| format!("cannot analyse {name}"))?;
    if shown {
        eprintln!();
    }
    Ok(review)
}

pub fn eval(args: EvalArgs) -> anyhow::Result<()> {
    choose_engine(args.engine)?;
    check_flag_engine()?;
    let flag_engine = match crate::analysis::flag_model::FlagModel::default_judge() {
        Some(_) => crate::analysis::flag_model::FlagEngine::Model,
        None => crate::analysis::flag_model::FlagEngine::Rules,
    };
    println!(
        "Red flags judged by {}.",
        match flag_engine {
            crate::analysis::flag_model::FlagEngine::Model =>
                "the phrase-list rules joined with the learned red-flag judge (the default; REHEARSE_FLAGS=rules for the rules alone)",
            crate::analysis::flag_model::FlagEngine::Rules
                if crate::analysis::flag_model::FlagEngine::chosen()
                    == crate::analysis::flag_model::FlagEngine::Model =>
                "the phrase-list rules alone: the sentence encoder is not installed (`rehearse models install` adds the learned judge)",
            crate::analysis::flag_model::FlagEngine::Rules =>
                "the phrase-list rules alone (REHEARSE_FLAGS=rules)",
        }
    );
    {
        use crate::analysis::flag_model::not_answering::{NaEngine, NaModels};
        println!(
            "Not answering decided by {} (REHEARSE_NOT_ANSWERING=rules or learned to compare).",
            NaEngine::chosen().describe(
                NaModels::bundled(),
                flag_engine == crate::analysis::flag_model::FlagEngine::Model
            )
        );
    }
    let sets: Vec<(String, EvalSet)> = match &args.set {
        _ if args.tuning => Vec::new(),
        Some(path) => {
            let raw = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            vec![(
                path.display().to_string(),
                EvalSet::parse(&raw).with_context(|| format!("in {}", path.display()))?,
            )]
        }
        None => evaluation::checkout_sets(&std::env::current_dir()?)?,
    };
    let engine = match RoleModel::default_engine() {
        Some(_) => "the sentence-role model",
        None => "the phrase-list rules",
    };
    println!(
        "Structure judged by {engine}; whether an answer takes up its question by {}.\n",
        match crate::analysis::relevance::default_similarity().name() {
            "encoder" => "the sentence encoder",
            "word_overlap" =>
                "word overlap (REHEARSE_RELEVANCE=encoder or both with the encoder installed to compare)",
            _ => "word overlap, and the sentence encoder for talk of life outside work",
        }
    );
    for (name, set) in &sets {
        let result = evaluation::evaluate(set);
        println!(
            "{name}: {} answers ({} stories)",
            result.answers, result.stories
        );
        print!("{}", result.table());
        if args.verbose {
            for line in &result.disagreements {
                println!("  {line}");
            }
        }
        println!();
    }
    let flag_sets = match &args.flags {
        Some(dir) => vec![(dir.display().to_string(), dir.clone())],
        None => crate::analysis::flag_eval::default_sets()
            .into_iter()
            .filter(|(name, d)| {
                d.is_dir()
                    && (!args.tuning
                        || crate::analysis::flag_model::train::TRAINING_SETS
                            .contains(&name.as_str()))
            })
            .collect(),
    };
    let mut summary = Vec::new();
    for (name, dir) in flag_sets {
        let set = crate::analysis::flag_eval::FlagSet::load(&dir)?;
        let result = crate::analysis::flag_eval::evaluate(&set);
        println!("red flags and signals, {name} set ({}):", dir.display());
        print!("{}", result.table());
        if args.verbose {
            for line in &result.disagreements {
                println!("  {line}");
            }
        }
        println!();
        summary.push((name, result));
    }
    if summary.len() > 1 {
        println!("red flags and signals, every set side by side:");
        print!("{}", crate::analysis::flag_eval::summary_table(&summary));
    }
    Ok(())
}

const RESET: &str = "\x1b[0m";

fn style(category: HighlightCategory) -> (&'static str, &'static str, &'static str) {
    // (ANSI colour, opening bracket, closing bracket)
    match category {
        HighlightCategory::Filler => ("\x1b[1;31m", "[", "]"),
        HighlightCategory::Hedge => ("\x1b[33m", "{", "}"),
        HighlightCategory::ValueCue => ("\x1b[32m", "<", ">"),
        HighlightCategory::RapportCue => ("\x1b[36m", "(", ")"),
        HighlightCategory::LongPause => ("\x1b[7m", "|", "|"),
        HighlightCategory::Doubtful => ("\x1b[35m", "", ""),
        _ => ("\x1b[4m", "", ""),
    }
}

/// The transcript with fillers, hedges, value and rapport cues marked (first mark wins where
/// they overlap).
fn marked_transcript(transcript: &Transcript, feedback: &Feedback, colour: bool) -> String {
    let mut marks: Vec<_> = feedback
        .highlights()
        .into_iter()
        .filter(|h| {
            matches!(
                h.category,
                HighlightCategory::Filler
                    | HighlightCategory::Hedge
                    | HighlightCategory::ValueCue
                    | HighlightCategory::RapportCue
                    | HighlightCategory::LongPause
                    | HighlightCategory::Doubtful
            )
        })
        .collect();
    marks.sort_by_key(|h| (h.start_char, std::cmp::Reverse(h.end_char)));
    let chars: Vec<char> = transcript.text.chars().collect();
    let mut out = String::new();
    let mut pos = 0;
    for h in marks {
        if h.start_char < pos || h.end_char > chars.len() {
            continue;
        }
        out.extend(&chars[pos..h.start_char]);
        let (ansi, open, close) = style(h.category);
        let inner: String = chars[h.start_char..h.end_char].iter().collect();
        let inner = if h.category == HighlightCategory::LongPause {
            " … ".to_string()
        } else if h.category == HighlightCategory::Doubtful {
            // "7.8‹check: heard as 7.8›": the word stays, with what to check.
            let note = feedback
                .doubtful_words
                .iter()
                .find(|d| d.start_char == h.start_char)
                .map_or("check", |d| d.note.as_str());
            format!("{inner}‹{note}›")
        } else {
            inner
        };
        if colour {
            out.push_str(&format!("{ansi}{inner}{RESET}"));
        } else {
            out.push_str(&format!("{open}{inner}{close}"));
        }
        pos = h.end_char;
    }
    out.extend(&chars[pos.min(chars.len())..]);
    out
}

fn mmss(ms: u64) -> String {
    let s = (ms + 500) / 1000;
    format!("{}:{:02}", s / 60, s % 60)
}

fn quote(text: &str) -> String {
    const MAX: usize = 90;
    let short: String = text.chars().take(MAX).collect();
    if text.chars().count() > MAX {
        format!("\"{short}…\"")
    } else {
        format!("\"{short}\"")
    }
}

/// The readable report.
pub fn report(transcript: &Transcript, fb: &Feedback, colour: bool) -> String {
    use std::fmt::Write;
    let mut o = String::new();
    let t = &fb.timing;
    let length = match t.duration_ms {
        Some(ms) => mmss(ms),
        None => format!("~{} estimated", mmss(t.estimated_duration_ms)),
    };
    let _ = writeln!(
        o,
        "{} answer · {} words · {length}",
        fb.kind.label(),
        fb.word_count
    );
    if fb.no_speech {
        let _ = writeln!(o, "\nNo speech detected.");
        return o;
    }
    let s = &fb.scores;
    let _ = writeln!(
        o,
        "\nScores: timing {} · delivery {} · structure {} · value {} · rapport {} · overall {}",
        s.timing, s.delivery, s.structure, s.value, s.rapport, s.overall
    );
    if fb.red_flags.is_empty() {
        let _ = writeln!(o, "\nRed flags: none (judged by {})", red_flags_judge(fb));
    } else {
        let _ = writeln!(o, "\nRed flags (judged by {}):", red_flags_judge(fb));
        for f in &fb.red_flags {
            let _ = writeln!(o, "  {:<16} {}: {}", f.kind.label(), quote(&f.text), f.why);
        }
    }
    let _ = writeln!(o, "\nNext steps:");
    for (i, step) in fb.next_steps.iter().enumerate() {
        let _ = writeln!(o, "  {}. {step}", i + 1);
    }
    if let Some(keep) = &fb.keep_doing {
        let _ = writeln!(o, "  Keep doing: {} ({})", quote(&keep.text), keep.why);
    }
    if let Some(r) = &fb.relevance {
        let _ = writeln!(
            o,
            "\nAnswers the question: {} (similarity {:.2} by {})",
            yes_no(r.addressed),
            r.similarity,
            r.measure
        );
        if let Some(other) = &r.answers_instead {
            let _ = writeln!(o, "  It is closer to another question: {}", quote(other));
        }
    }
    if !fb.signals.is_empty() {
        let _ = writeln!(o, "\nWhat the prompt looks for:");
        for sig in &fb.signals {
            let mark = if sig.present { "yes" } else { "no " };
            let ev = sig
                .evidence
                .first()
                .map(|e| format!(": {}", quote(&e.text)))
                .unwrap_or_default();
            let _ = writeln!(o, "  {mark} {} [{}]{ev}", sig.signal, sig.judged_by);
        }
    }
    if !fb.doubtful_words.is_empty() {
        let _ = writeln!(o, "\nWords to check (the recogniser was unsure):");
        for d in &fb.doubtful_words {
            let _ = writeln!(o, "  {} (p {:.2})", d.note, d.p);
        }
    }
    let legend = if colour {
        "fillers red, hedges yellow, value green, rapport cyan, long pauses inverted, unsure words magenta"
    } else {
        "[filler] {hedge} <value> (rapport) | … | long pause, word‹check: …› unsure word"
    };
    let _ = writeln!(
        o,
        "\nTranscript ({legend}):\n  {}",
        marked_transcript(transcript, fb, colour)
    );

    let st = &fb.structure;
    let story = fb.rubric.kind == crate::analysis::rubric::RubricKind::Story;
    if !fb.rubric.parts.is_empty() {
        let found = fb.rubric.parts.iter().filter(|p| p.present).count();
        let _ = writeln!(
            o,
            "\nStructure ({}): {found} of {} parts",
            fb.rubric.kind.label(),
            fb.rubric.parts.len()
        );
        for part in &fb.rubric.parts {
            match part.evidence.first() {
                Some(ev) => {
                    let _ = writeln!(o, "  {:<24} yes: {}", part.label, quote(&ev.text));
                }
                None => {
                    let _ = writeln!(o, "  {:<24} not found", part.label);
                }
            }
        }
    }
    let found = Element::ALL
        .iter()
        .filter(|e| st.elements.get(e).is_some_and(|x| x.present))
        .count();
    let judge = match fb.engine {
        Engine::Model => "judged by the sentence-role model",
        Engine::Rules if Engine::chosen() == Engine::Model => {
            "judged by the phrase-list rules: the sentence encoder is not installed, \
             `rehearse models install` adds it"
        }
        Engine::Rules => "judged by the phrase-list rules",
    };
    if story {
        let _ = writeln!(o, "\nStructure: {found} of 5 STAR+L parts ({judge})");
    }
    for element in Element::ALL.into_iter().filter(|_| story) {
        let Some(e) = st.elements.get(&element) else {
            continue;
        };
        let time = e
            .duration_ms
            .map(|ms| format!(" [{}]", mmss(ms)))
            .unwrap_or_default();
        match e.evidence.first() {
            Some(first) => {
                let _ = writeln!(
                    o,
                    "  {:<10} yes (strength {}){time}: {}",
                    element.label(),
                    e.strength,
                    quote(&first.text)
                );
                for more in e.evidence.iter().skip(1) {
                    let _ = writeln!(o, "  {:<10} {}", "", quote(&more.text));
                }
            }
            None => {
                let _ = writeln!(o, "  {:<10} not found", element.label());
            }
        }
    }
    if story {
        let _ = writeln!(
            o,
            "  First-person action: {} · Hypothetical: {}",
            yes_no(st.first_person_action),
            yes_no(st.hypothetical)
        );
        for h in &st.hypothetical_evidence {
            let _ = writeln!(o, "    hypothetical: {}", quote(&h.text));
        }
    }

    if let Some(obj) = &fb.objection {
        let _ = writeln!(o, "\nObjection reply:");
        for step in &obj.steps {
            match step.evidence.first() {
                Some(ev) => {
                    let _ = writeln!(o, "  {:<12} yes: {}", step.step.label(), quote(&ev.text));
                }
                None => {
                    let _ = writeln!(o, "  {:<12} not found", step.step.label());
                }
            }
        }
    }

    let v = &fb.value;
    let _ = writeln!(
        o,
        "\nValue: quantified result {}",
        yes_no(v.quantified_result)
    );
    for c in &v.cues {
        let _ = writeln!(o, "  {:<16} {}", c.kind.label(), quote(&c.text));
    }
    let r = &fb.rapport;
    let _ = writeln!(
        o,
        "\nRapport: trajectory of growth {} · flow {:?}",
        yes_no(r.trajectory),
        r.flow
    );
    for c in &r.cues {
        let _ = writeln!(o, "  {:<16} {}", c.kind.label(), quote(&c.text));
    }
    let d = &fb.delivery;
    let est = if d.rate_estimated { " (estimated)" } else { "" };
    let _ = writeln!(
        o,
        "\nDelivery: {} fillers ({} sounds), {:.1}/min{est}, {:.1}% of words · {} hedges · {} repetitions · {} bursts",
        d.fillers.len(),
        d.filler_sounds,
        d.fillers_per_minute,
        d.filler_percent,
        d.hedges.len(),
        d.repetitions.len(),
        d.filler_bursts.len()
    );
    let _ = write!(o, "\nTiming: {length}");
    if let Some((lo, hi)) = t.target_ms {
        let _ = write!(o, " against {}-{} ({:?})", mmss(lo), mmss(hi), t.length);
    }
    if let (Some(wpm), Some(art)) = (t.wpm, t.articulation_wpm) {
        let _ = write!(o, " · {wpm:.0} WPM speaking, {art:.0} WPM articulation");
    }
    let _ = writeln!(o);
    if t.timed {
        let _ = writeln!(o, "  {} pauses, {} long", t.pauses.len(), t.long_pauses);
        for p in t.pauses.iter().filter(|p| p.long) {
            let _ = writeln!(
                o,
                "  long pause at {}: {:.1} s ({:?})",
                mmss(p.start_ms),
                p.duration_ms as f64 / 1000.0,
                p.kind
            );
        }
    }
    if let Some(p) = &t.pace {
        let _ = writeln!(
            o,
            "  typed text: timed at {:.0} WPM, {}",
            p.wpm,
            p.source.describe()
        );
    }
    let _ = writeln!(o, "\nWhy these scores:");
    for (area, reasons) in &s.reasons {
        let _ = writeln!(o, "  {}: {}", area.label(), reasons.join("; "));
    }
    let _ = writeln!(o, "  Overall: {}", s.overall_reasons.join("; "));
    o
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis;

    #[test]
    fn plain_report_marks_fillers_in_brackets() {
        let t = Transcript::from_text("So, um, I rewrote the job and it cut costs by 30%.");
        let fb = analysis::analyze(&t, None, &AnswerContext::default());
        let text = report(&t, &fb, false);
        assert!(text.contains("[um]"), "{text}");
        assert!(!text.contains('\x1b'));
    }

    #[test]
    fn coloured_report_uses_ansi() {
        let t = Transcript::from_text("Um, I rewrote the job.");
        let fb = analysis::analyze(&t, None, &AnswerContext::default());
        assert!(report(&t, &fb, true).contains("\x1b[1;31mUm"));
    }

    #[test]
    fn a_bad_file_gets_a_clear_error() {
        let err = load_input(std::path::Path::new("answer.mp3")).unwrap_err();
        assert!(
            err.to_string()
                .contains("expected a .wav recording or a .json transcript")
        );
        let dir = tempfile::tempdir().unwrap();
        let json = dir.path().join("t.json");
        std::fs::write(&json, "{\"not\": \"a transcript\"}").unwrap();
        let err = load_input(&json).unwrap_err();
        assert!(
            format!("{err:#}").contains("is not a transcript JSON"),
            "{err:#}"
        );
    }

    #[test]
    fn a_transcript_json_round_trips_through_analyze() {
        let t = Transcript::from_text("I rewrote the job and it cut costs by 30%.");
        let dir = tempfile::tempdir().unwrap();
        let json = dir.path().join("t.json");
        std::fs::write(&json, serde_json::to_string(&t).unwrap()).unwrap();
        let Input::Transcript {
            transcript: loaded,
            recording,
        } = load_input(&json).unwrap()
        else {
            panic!("a JSON file is a transcript");
        };
        assert_eq!(loaded, t);
        assert!(recording.is_none(), "no recording, so no pauses");
    }

    /// End to end with the real model: speech synthesised by espeak-ng (installed by
    /// scripts/setup.sh), decoded, its pauses measured, transcribed by Whisper (installed by
    /// `make model`) and analysed.
    #[test]
    fn a_spoken_wav_is_transcribed_timed_and_analysed() {
        let dir = tempfile::tempdir().unwrap();
        let wav = dir.path().join("answer.wav");
        let status = std::process::Command::new("espeak-ng")
            .args(["-s", "140", "-w"])
            .arg(&wav)
            .arg("At my last job our deploys failed every Friday. I was asked to fix it. I rewrote the pipeline and the failures stopped.")
            .status()
            .expect("espeak-ng is installed by scripts/setup.sh");
        assert!(status.success());
        let review = analyse(
            load_input(&wav).unwrap(),
            AnswerContext::default(),
            crate::models::DEFAULT_MODEL,
        )
        .unwrap();
        let transcript = review.transcript;
        let pauses = review.pauses.unwrap();
        assert!(
            transcript.timed && transcript.words().count() >= 10,
            "{transcript:?}"
        );
        assert!(!pauses.is_empty(), "sentence breaks are pauses");
        let fb = analysis::analyze(&transcript, Some(&pauses), &AnswerContext::default());
        assert!(fb.timing.duration_ms.is_some_and(|ms| ms > 4_000));
        assert!(
            fb.timing.wpm.is_some_and(|w| w > 60.0 && w < 300.0),
            "{:?}",
            fb.timing.wpm
        );
        assert!(!fb.timing.pauses.is_empty());
        assert!(fb.structure.elements[&Element::Task].present);
    }

    #[test]
    fn no_speech_report_says_so() {
        let t = Transcript::from_text("");
        let fb = analysis::analyze(&t, None, &AnswerContext::default());
        assert!(report(&t, &fb, false).contains("No speech detected"));
    }
}

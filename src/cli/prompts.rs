//! `rehearse prompts list|show|random|check|roles`: browse, draw and validate interview prompts,
//! and see what each role stresses.
//!
//! Every command sees the built-in bank merged with the user pack directory and any
//! `--prompts DIR`; problems in user packs are printed as warnings (file:line: field: message)
//! and never hide the built-ins. `check DIR` is the strict form for pack authors: it prints
//! every problem and fails if there is one.

use crate::domain::{PromptKind, ReplyStep, Role, Skill};
use crate::prompts::{Difficulty, Drawer, FrameworkStep, Prompt, PromptBank, PromptFilter};
use crate::store::Store;
use anyhow::{Context, bail};
use serde::Serialize;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct PromptsArgs {
    /// Another prompt pack directory to merge with the built-ins (repeatable).
    #[arg(long = "prompts", value_name = "DIR", global = true)]
    pub prompts: Vec<PathBuf>,
    #[command(subcommand)]
    pub command: PromptsCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum PromptsCommand {
    /// List prompts, optionally filtered.
    List(ListArgs),
    /// Show one prompt in full: signals, framework, follow-ups, tips.
    Show(ShowArgs),
    /// Draw prompts at random (no repeats until the filtered pool is used up).
    Random(RandomArgs),
    /// Validate a prompt pack directory (or file), or the built-in bank without one; exits
    /// non-zero on any error.
    Check(CheckArgs),
    /// The roles prompts are tagged with: the skills each stresses and how many prompts suit it.
    Roles(RolesArgs),
}

#[derive(Debug, clap::Args)]
pub struct RolesArgs {
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, clap::Args)]
pub struct FilterArgs {
    #[arg(long, value_enum)]
    pub kind: Option<PromptKind>,
    #[arg(long, value_enum)]
    pub skill: Option<Skill>,
    /// Prompts for this role (prompts tagged `general` suit every role).
    #[arg(long, value_enum)]
    pub role: Option<Role>,
    #[arg(long, value_enum)]
    pub difficulty: Option<Difficulty>,
}

impl FilterArgs {
    fn filter(self) -> PromptFilter {
        PromptFilter {
            kind: self.kind,
            skill: self.skill,
            role: self.role,
            difficulty: self.difficulty,
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Print a JSON array instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// The prompt id (see `rehearse prompts list`).
    pub id: String,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct RandomArgs {
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Seed for a repeatable draw.
    #[arg(long)]
    pub seed: Option<u64>,
    /// How many prompts to draw (no repeats until the pool is used up).
    #[arg(long, default_value_t = 1)]
    pub count: usize,
    /// Ignore past attempts (by default prompts practised least or scored lowest come first).
    #[arg(long)]
    pub no_history: bool,
    /// Favour prompts for the skills your story bank has no story for (`rehearse stories
    /// coverage`; with --role, that role's emphasised skills lead).
    #[arg(long)]
    pub favour_gaps: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// A pack directory (its *.toml files) or a single pack file; without it, the built-in
    /// bank is checked.
    pub dir: Option<PathBuf>,
}

pub fn run(args: PromptsArgs) -> anyhow::Result<()> {
    if let PromptsCommand::Check(check) = &args.command {
        return check_pack(check);
    }
    let (bank, errors) = PromptBank::load(&args.prompts);
    for error in &errors {
        eprintln!("warning: {error} (skipped)");
    }
    match args.command {
        PromptsCommand::List(list) => {
            let prompts = bank.filter(&list.filter.filter());
            if list.json {
                print_json(
                    &prompts
                        .iter()
                        .map(|p| PromptJson::from(*p))
                        .collect::<Vec<_>>(),
                )?;
            } else {
                for prompt in &prompts {
                    println!("{}", summary_line(prompt));
                }
                eprintln!("{} of {} prompts", prompts.len(), bank.len());
            }
        }
        PromptsCommand::Show(show) => {
            let Some(prompt) = bank.get(&show.id) else {
                let near: Vec<&str> = bank
                    .all()
                    .iter()
                    .map(|p| p.id.as_str())
                    .filter(|id| id.contains(show.id.as_str()))
                    .take(5)
                    .collect();
                if near.is_empty() {
                    bail!(
                        "No prompt with id `{}`; `rehearse prompts list` shows every id",
                        show.id
                    );
                }
                bail!(
                    "No prompt with id `{}`; did you mean: {}?",
                    show.id,
                    near.join(", ")
                );
            };
            if show.json {
                print_json(&PromptJson::from(prompt))?;
            } else {
                print!("{}", describe(prompt));
            }
        }
        PromptsCommand::Random(random) => {
            let pool = bank.filter(&random.filter.filter());
            if pool.is_empty() {
                bail!(
                    "No prompt matches these filters; try fewer filters or `rehearse prompts list`"
                );
            }
            let mut drawer = Drawer::new(random.seed);
            if !random.no_history {
                drawer = drawer.with_history(practice_history(&bank));
            }
            if random.favour_gaps {
                let gaps = story_gaps(random.filter.role)?;
                let names: Vec<&str> = gaps.iter().map(|s| s.label()).collect();
                if gaps.is_empty() {
                    eprintln!("Every skill has a story; nothing to favour.");
                } else {
                    eprintln!("Favouring prompts for: {}", names.join(", "));
                }
                drawer.favour_skills(&gaps);
            }
            let drawn: Vec<&Prompt> = (0..random.count)
                .filter_map(|_| drawer.draw(&pool))
                .collect();
            if random.json {
                print_json(
                    &drawn
                        .iter()
                        .map(|p| PromptJson::from(*p))
                        .collect::<Vec<_>>(),
                )?;
            } else {
                for (i, prompt) in drawn.iter().enumerate() {
                    if i > 0 {
                        println!();
                    }
                    print!("{}", describe(prompt));
                }
            }
        }
        PromptsCommand::Roles(roles) => print_roles(&bank, roles.json)?,
        PromptsCommand::Check(_) => {}
    }
    Ok(())
}

/// One role as `prompts roles --json` prints it.
#[derive(Serialize)]
struct RoleJson {
    role: Role,
    label: &'static str,
    skills: &'static [Skill],
    angle: &'static str,
    /// Prompts tagged with this role.
    own_prompts: usize,
    /// Prompts that suit it: its own plus those tagged `general`.
    prompts: usize,
}

fn print_roles(bank: &PromptBank, json: bool) -> anyhow::Result<()> {
    let rows: Vec<RoleJson> = crate::prompts::all_role_emphases()
        .into_iter()
        .map(|e| RoleJson {
            role: e.role,
            label: e.label,
            skills: e.skills,
            angle: e.angle,
            own_prompts: bank
                .all()
                .iter()
                .filter(|p| p.roles.contains(&e.role))
                .count(),
            prompts: bank.all().iter().filter(|p| p.suits_role(e.role)).count(),
        })
        .collect();
    if json {
        return print_json(&rows);
    }
    for row in &rows {
        let skills: Vec<&str> = row.skills.iter().map(|s| s.as_str()).collect();
        println!(
            "{:<15} {:<26} {:>3} own, {:>3} in all  stresses {}",
            row.role.as_str(),
            row.label,
            row.own_prompts,
            row.prompts,
            skills.join(", ")
        );
        println!("{:<15} {}", "", row.angle);
    }
    Ok(())
}

/// Past attempts as (prompt id, overall score 0-100) from the attempt store, if there is one.
/// Reading never creates the store; an unreadable store is reported and the draw goes on
/// without history.
/// Attempts kept under the old id of a merged prompt count for the prompt that replaced it.
fn practice_history(bank: &PromptBank) -> Vec<(String, Option<f32>)> {
    let Ok(dir) = Store::default_dir() else {
        return Vec::new();
    };
    if !dir.is_dir() {
        return Vec::new();
    }
    match Store::open(&dir).and_then(|store| store.list()) {
        Ok(listing) => listing
            .attempts
            .into_iter()
            .filter(|a| a.counts_as_practice())
            .map(|a| {
                let score = a.metrics.as_ref().and_then(|m| m.overall());
                (bank.canonical_id(&a.prompt_id).to_string(), score)
            })
            .collect(),
        Err(err) => {
            eprintln!("warning: past attempts not used for the draw: {err}");
            Vec::new()
        }
    }
}

/// The skills the story bank has no story for (all seven when there is no data folder yet).
/// Reading never creates the store.
fn story_gaps(role: Option<Role>) -> anyhow::Result<Vec<Skill>> {
    let dir = Store::default_dir()?;
    if !dir.is_dir() {
        return Ok(Skill::ALL.to_vec());
    }
    let store = Store::open(&dir).context("cannot open the data folder")?;
    Ok(store
        .story_coverage(role)
        .context("cannot read the story bank")?
        .gaps())
}

/// Checks the built-in bank file by file, as the loader would, and reports what it holds.
fn check_builtin() -> anyhow::Result<()> {
    let mut bank = PromptBank::default();
    let mut errors = Vec::new();
    for (name, text) in crate::prompts::BUILTIN_FILES {
        bank.add_file(name, text, true, &mut errors);
    }
    for error in &errors {
        println!("{error}");
    }
    if !errors.is_empty() {
        bail!("built-in bank: {} errors", errors.len());
    }
    let stated = bank
        .all()
        .iter()
        .filter(|p| p.target_words.is_some())
        .count();
    println!(
        "built-in bank: {} prompts in {} files, no errors; every word band agrees with its time \
         band at {} words a minute ({stated} stated, the rest derived)",
        bank.len(),
        crate::prompts::BUILTIN_FILES.len(),
        crate::prompts::SPOKEN_WORDS_PER_MINUTE
    );
    Ok(())
}

fn check_pack(args: &CheckArgs) -> anyhow::Result<()> {
    let Some(dir) = &args.dir else {
        return check_builtin();
    };
    if !dir.exists() {
        bail!("{}: no such directory or file", dir.display());
    }
    let builtin_count = PromptBank::builtin().len();
    let (bank, errors) = PromptBank::with_packs(std::slice::from_ref(dir));
    for error in &errors {
        println!("{error}");
    }
    let loaded = bank.len() - builtin_count;
    if errors.is_empty() {
        println!("{}: {loaded} prompts, no errors", dir.display());
        Ok(())
    } else {
        bail!(
            "{}: {} error{} ({loaded} prompts would load)",
            dir.display(),
            errors.len(),
            if errors.len() == 1 { "" } else { "s" }
        )
    }
}

fn print_json<T: Serialize>(value: &T) -> anyhow::Result<()> {
    let text = serde_json::to_string_pretty(value).context("cannot write JSON")?;
    println!("{text}");
    Ok(())
}

/// The JSON shape of `list --json`, `show --json` and `random --json`.
#[derive(Serialize)]
struct PromptJson<'a> {
    id: &'a str,
    kind: PromptKind,
    text: &'a str,
    skills: &'a [Skill],
    roles: &'a [Role],
    difficulty: Difficulty,
    target_seconds: [u32; 2],
    /// As stated, or derived from `target_seconds` at the spoken pace.
    target_words: [u32; 2],
    expected_elements: &'a [crate::domain::Element],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    framework: Vec<ReplyStep>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    framework_detail: &'a [FrameworkStep],
    #[serde(skip_serializing_if = "Option::is_none")]
    reply_outline: Option<&'a str>,
    signals: &'a [String],
    follow_ups: &'a [String],
    tips: &'a [String],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    aliases: &'a [String],
    source: String,
}

impl<'a> From<&'a Prompt> for PromptJson<'a> {
    fn from(p: &'a Prompt) -> Self {
        PromptJson {
            id: &p.id,
            kind: p.kind,
            text: &p.text,
            skills: &p.skills,
            roles: &p.roles,
            difficulty: p.difficulty,
            target_seconds: [p.target_seconds.0, p.target_seconds.1],
            target_words: [p.word_band().0, p.word_band().1],
            expected_elements: &p.expected_elements,
            framework: p.framework_steps(),
            framework_detail: &p.framework,
            reply_outline: p.reply_outline.as_deref(),
            signals: &p.signals,
            follow_ups: &p.follow_ups,
            tips: &p.tips,
            aliases: &p.aliases,
            source: format!("{}:{}", p.source.file, p.source.line),
        }
    }
}

fn summary_line(p: &Prompt) -> String {
    let skills: Vec<&str> = p.skills.iter().map(|s| s.as_str()).collect();
    format!(
        "{:<40} {:<20} {:<6} {:>3}-{:<3}s  {:<30} {}",
        p.id,
        p.kind.as_str(),
        p.difficulty.as_str(),
        p.target_seconds.0,
        p.target_seconds.1,
        skills.join(","),
        p.text
    )
}

/// A prompt in full, for people.
pub fn describe(p: &Prompt) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}  [{} · {} · {}]",
        p.id,
        p.kind.label(),
        p.difficulty.as_str(),
        roles_text(p)
    );
    let _ = writeln!(out, "\n  {}\n", p.text);
    let (lo, hi) = p.word_band();
    let _ = writeln!(
        out,
        "Target: {}-{} s, {lo}-{hi} words (at {} words a minute)",
        p.target_seconds.0,
        p.target_seconds.1,
        crate::prompts::SPOKEN_WORDS_PER_MINUTE
    );
    if !p.skills.is_empty() {
        let skills: Vec<&str> = p.skills.iter().map(|s| s.label()).collect();
        let _ = writeln!(out, "Skills: {}", skills.join("; "));
    }
    if !p.expected_elements.is_empty() {
        let elements: Vec<&str> = p.expected_elements.iter().map(|e| e.label()).collect();
        let _ = writeln!(out, "Structure: {}", elements.join(" → "));
    }
    list_section(&mut out, "A strong answer shows", &p.signals);
    if !p.framework.is_empty() {
        let _ = writeln!(out, "Reply framework:");
        for (i, step) in p.framework.iter().enumerate() {
            let _ = writeln!(out, "  {}. {}: {}", i + 1, step.step.label(), step.says);
        }
    }
    if let Some(outline) = &p.reply_outline {
        let _ = writeln!(out, "Outline of a strong reply:\n  {outline}");
    }
    list_section(&mut out, "Follow-ups", &p.follow_ups);
    list_section(&mut out, "Tips", &p.tips);
    out
}

fn roles_text(p: &Prompt) -> String {
    p.roles
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn list_section(out: &mut String, title: &str, items: &[String]) {
    use std::fmt::Write;
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "{title}:");
    for item in items {
        let _ = writeln!(out, "  - {item}");
    }
}

//! `rehearse stories` and `rehearse assess`: the story bank and the seven-skill
//! self-assessment from the command line, for scripting and tests.
//!
//! Rules: every input is checked before anything is written (an unknown skill or role, a
//! rating outside 1-5, an empty title, a malformed or missing id is an error naming what to
//! do, and the data folder is left as it was); `--json` prints machine-readable output on
//! stdout and nothing else there; damaged records are warnings on stderr and never stop a
//! listing. `REHEARSE_DATA_DIR` chooses the data directory, as for `rehearse history`.

use crate::domain::{Element, Role, Skill};
use crate::store::{AttemptSummary, RecordProblem, Store};
use crate::stories::assessment::{latest_ratings, review_status};
use crate::stories::bullet::{check_bullet, story_from_bullet};
use crate::stories::coverage::coverage;
use crate::stories::markdown::story_bank_markdown;
use crate::stories::practice::{StoryCard, story_prompt};
use crate::stories::record::{RATING_MAX, RATING_MIN};
use crate::stories::{Assessment, SkillRating, Story};
use anyhow::Context;
use chrono::{Local, Utc};
use serde_json::json;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct StoriesArgs {
    #[command(subcommand)]
    pub command: StoriesAction,
}

/// The notes and links of a story, shared by `add` and `edit`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct StoryFields {
    /// Context and stakes.
    #[arg(long)]
    pub situation: Option<String>,
    /// Your responsibility or goal.
    #[arg(long)]
    pub task: Option<String>,
    /// What you did.
    #[arg(long)]
    pub action: Option<String>,
    /// What changed, ideally in numbers.
    #[arg(long)]
    pub result: Option<String>,
    /// What you learned or would do differently.
    #[arg(long)]
    pub learning: Option<String>,
    /// A link or file path to a document, metric or testimonial (repeatable).
    #[arg(long)]
    pub proof: Vec<String>,
    /// A role this story is aimed at (repeatable).
    #[arg(long, value_enum)]
    pub role: Vec<Role>,
}

impl StoryFields {
    fn apply(self, story: &mut Story) {
        for (element, value) in [
            (Element::Situation, self.situation),
            (Element::Task, self.task),
            (Element::Action, self.action),
            (Element::Result, self.result),
            (Element::Learning, self.learning),
        ] {
            if let Some(value) = value {
                *story.note_mut(element) = value.trim().to_string();
            }
        }
        if !self.proof.is_empty() {
            story.proof = self
                .proof
                .into_iter()
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty())
                .collect();
        }
        if !self.role.is_empty() {
            story.roles = dedup(self.role);
        }
    }
}

fn dedup<T: PartialEq>(items: Vec<T>) -> Vec<T> {
    let mut out = Vec::new();
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

#[derive(Debug, clap::Subcommand)]
pub enum StoriesAction {
    /// Add a story to the bank; prints its id.
    Add {
        #[arg(long)]
        title: String,
        /// A skill the story shows (repeatable; the first is the main one).
        #[arg(long, value_enum, required = true)]
        skill: Vec<Skill>,
        #[command(flatten)]
        fields: StoryFields,
        /// Print `{"id": ...}`.
        #[arg(long)]
        json: bool,
    },
    /// Change a story's title, skills or notes (only the options given change).
    Edit {
        id: String,
        #[arg(long)]
        title: Option<String>,
        /// Replace the skills with these (repeatable).
        #[arg(long, value_enum)]
        skill: Vec<Skill>,
        #[command(flatten)]
        fields: StoryFields,
    },
    /// List the stories with how often each was practised and its best score.
    List {
        /// Only stories whose title, notes or proof contain all these words.
        #[arg(long)]
        search: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Show one story, its practice record and the prompt it is practised with.
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Move a story to the trash (undo with `rehearse stories restore ID`).
    Delete { id: String },
    /// Bring a story back from the trash.
    Restore { id: String },
    /// Export the story bank and the latest self-assessment as Markdown.
    Export {
        /// Markdown output (the only format; accepted for clarity).
        #[arg(long)]
        md: bool,
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Mark the skills this role emphasises.
        #[arg(long, value_enum)]
        role: Option<Role>,
    },
    /// Which of the seven skills have stories, and which stories were practised.
    Coverage {
        /// Mark the skills this role emphasises (the framework's role table).
        #[arg(long, value_enum)]
        role: Option<Role>,
        #[arg(long)]
        json: bool,
    },
    /// Check a resume bullet for an action verb, a number and a business outcome, and ask
    /// what is missing. With --save, start a story with the bullet as its Action.
    FromBullet {
        /// The bullet, as on your resume.
        text: String,
        /// Save a new story from the bullet (needs at least one --skill).
        #[arg(long, requires = "skill")]
        save: bool,
        /// The new story's skill (repeatable; with --save).
        #[arg(long, value_enum)]
        skill: Vec<Skill>,
        /// The new story's title (default: the bullet, shortened).
        #[arg(long, requires = "save")]
        title: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, clap::Args)]
pub struct AssessArgs {
    #[command(subcommand)]
    pub command: AssessAction,
}

#[derive(Debug, clap::Subcommand)]
pub enum AssessAction {
    /// Rate one skill 1-5, with evidence and a next action; kept as a dated assessment.
    Set {
        #[arg(long, value_enum)]
        skill: Skill,
        /// 1 (needs development) to 5 (strength).
        #[arg(long, value_parser = clap::value_parser!(u8).range(i64::from(RATING_MIN)..=i64::from(RATING_MAX)))]
        rating: u8,
        /// What shows this rating (documents, feedback, results).
        #[arg(long, default_value = "")]
        evidence: String,
        /// The gap and the next action that closes it.
        #[arg(long, default_value = "")]
        next: String,
    },
    /// The latest rating of each skill and whether the monthly review is due.
    Show {
        #[arg(long)]
        json: bool,
    },
}

fn open_store() -> anyhow::Result<Store> {
    Store::open_default().context("cannot open the data folder")
}

fn warn(problems: &[RecordProblem]) {
    for problem in problems {
        eprintln!(
            "warning: skipped {}: {}",
            problem.folder.display(),
            problem.message
        );
    }
}

/// Every readable story with its card, and every readable attempt summary.
fn stories_and_cards(store: &Store) -> anyhow::Result<(Vec<Story>, Vec<StoryCard>)> {
    let listing = store.list_stories()?;
    warn(&listing.problems);
    let attempts = attempt_summaries(store)?;
    let cards = listing
        .stories
        .iter()
        .map(|s| StoryCard::of(s, &attempts))
        .collect();
    Ok((listing.stories, cards))
}

fn attempt_summaries(store: &Store) -> anyhow::Result<Vec<AttemptSummary>> {
    let listing = store.list()?;
    warn(&listing.problems);
    Ok(listing.attempts)
}

pub fn run(args: StoriesArgs) -> anyhow::Result<()> {
    let store = open_store()?;
    match args.command {
        StoriesAction::Add {
            title,
            skill,
            fields,
            json,
        } => {
            let mut story = Story::new(title.trim(), dedup(skill), Utc::now());
            fields.apply(&mut story);
            let story = store.create_story(story)?;
            if json {
                println!("{}", json!({"id": story.id}));
            } else {
                println!("{}", story.id);
            }
            Ok(())
        }
        StoriesAction::Edit {
            id,
            title,
            skill,
            fields,
        } => {
            let id = Store::parse_story_id(&id)?;
            let story = store.update_story(&id, |story| {
                if let Some(title) = title {
                    story.title = title.trim().to_string();
                }
                if !skill.is_empty() {
                    story.skills = dedup(skill);
                }
                fields.apply(story);
            })?;
            println!("Updated {}.", story.id);
            Ok(())
        }
        StoriesAction::List { search, json } => list_cmd(&store, search.as_deref(), json),
        StoriesAction::Show { id, json } => show_cmd(&store, &id, json),
        StoriesAction::Delete { id } => {
            let id = Store::parse_story_id(&id)?;
            store.delete_story(&id)?;
            println!("Moved {id} to the trash. Undo with: rehearse stories restore {id}");
            Ok(())
        }
        StoriesAction::Restore { id } => {
            let id = Store::parse_story_id(&id)?;
            store.restore_story(&id)?;
            println!("Restored {id}.");
            Ok(())
        }
        StoriesAction::Export {
            md: _,
            output,
            role,
        } => {
            let (stories, cards) = stories_and_cards(&store)?;
            let assessments = store.assessments()?;
            warn(&assessments.problems);
            let now = Utc::now();
            let text = story_bank_markdown(
                &stories,
                &cards,
                &coverage(&stories, &cards, role),
                &assessments.assessments,
                review_status(&assessments.assessments, now),
                now,
            );
            match output {
                Some(path) => {
                    std::fs::write(&path, text)
                        .with_context(|| format!("cannot write {}", path.display()))?;
                    eprintln!("Wrote {}", path.display());
                }
                None => print!("{text}"),
            }
            Ok(())
        }
        StoriesAction::Coverage { role, json } => coverage_cmd(&store, role, json),
        StoriesAction::FromBullet {
            text,
            save,
            skill,
            title,
            json,
        } => from_bullet_cmd(&store, &text, save, skill, title.as_deref(), json),
    }
}

fn list_cmd(store: &Store, search: Option<&str>, json: bool) -> anyhow::Result<()> {
    let (stories, cards) = stories_and_cards(store)?;
    let shown: Vec<(&Story, &StoryCard)> = stories
        .iter()
        .zip(&cards)
        .filter(|(s, _)| search.is_none_or(|q| s.matches(q)))
        .collect();
    if json {
        let rows: Vec<_> = shown
            .iter()
            .map(|(s, c)| {
                json!({
                    "id": s.id,
                    "title": s.title,
                    "skills": s.skills,
                    "attempts": c.times_told,
                    "best_score": c.best_score,
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(());
    }
    if shown.is_empty() {
        if search.is_some() {
            println!("No story matches the search.");
        } else {
            println!(
                "No stories yet. Add one per skill, e.g.:\n  rehearse stories add --title \"Demystified the backup plan\" --skill communication --result \"Audit passed\""
            );
        }
        return Ok(());
    }
    println!(
        "{:<24} {:>4} {:>5}  {:<40} SKILLS",
        "ID", "TOLD", "BEST", "TITLE"
    );
    for (s, c) in shown {
        let best = c.best_score.map_or("-".into(), |b| b.to_string());
        let title: String = s.title.chars().take(40).collect();
        let skills: Vec<&str> = s.skills.iter().map(|k| k.as_str()).collect();
        println!(
            "{:<24} {:>4} {best:>5}  {title:<40} {}",
            s.id.as_str(),
            c.times_told,
            skills.join(",")
        );
    }
    Ok(())
}

fn show_cmd(store: &Store, id: &str, json: bool) -> anyhow::Result<()> {
    let id = Store::parse_story_id(id)?;
    let story = store.get_story(&id)?;
    let attempts = attempt_summaries(store)?;
    let card = StoryCard::of(&story, &attempts);
    let prompt = story_prompt(&story, None);
    if json {
        let out = json!({
            "story": story,
            "attempts": card.times_told,
            "best_score": card.best_score,
            "latest_score": card.latest_score,
            "last_told": card.last_told,
            "missing_last_time": card.missing_last_time.iter().map(|m| json!({
                "element": m.element, "in_notes": m.in_notes, "message": m.sentence()
            })).collect::<Vec<_>>(),
            "prompt": prompt.text,
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    println!("{}  ({})", story.title, story.id);
    let skills: Vec<&str> = story.skills.iter().map(|s| s.label()).collect();
    println!("Skills: {}", skills.join(", "));
    if !story.roles.is_empty() {
        let roles: Vec<&str> = story.roles.iter().map(|r| r.as_str()).collect();
        println!("Roles: {}", roles.join(", "));
    }
    for element in Element::ALL {
        let note = story.note(element).trim();
        let shown = if note.is_empty() { "(empty)" } else { note };
        println!("{:<10} {shown}", format!("{}:", element.label()));
    }
    for proof in &story.proof {
        println!("Proof:     {proof}");
    }
    if card.practised() {
        let score = |s: Option<u8>| s.map_or("-".to_string(), |v| v.to_string());
        println!(
            "Told {} time(s); best score {}, latest {}.",
            card.times_told,
            score(card.best_score),
            score(card.latest_score)
        );
        for missing in &card.missing_last_time {
            println!("Last time: {}.", missing.sentence());
        }
    } else {
        println!("Not practised yet.");
    }
    println!("Practise it with: {}", prompt.text);
    println!("  (record elsewhere, then: rehearse history import FILE.wav --story {id})");
    Ok(())
}

fn coverage_cmd(store: &Store, role: Option<Role>, json: bool) -> anyhow::Result<()> {
    let (stories, cards) = stories_and_cards(store)?;
    let cov = coverage(&stories, &cards, role);
    if json {
        let skills: Vec<_> = cov
            .skills
            .iter()
            .map(|s| json!({"skill": s.skill, "stories": s.stories, "practised": s.practised}))
            .collect();
        let mut out = json!({ "skills": skills });
        if let Some(role) = role {
            out["role"] = json!(role);
            out["emphasis"] = json!(crate::stories::coverage::role_emphasis(role));
        }
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    println!("{:<42} {:>7} {:>9}", "SKILL", "STORIES", "PRACTISED");
    for s in &cov.skills {
        let mark = if s.emphasised { " *" } else { "" };
        println!(
            "{:<42} {:>7} {:>9}",
            format!("{}{mark}", s.skill.label()),
            s.stories,
            s.practised
        );
    }
    if let Some(role) = role {
        println!("* emphasised for {} roles", role.as_str());
    }
    let gaps = cov.gaps();
    if !gaps.is_empty() {
        let names: Vec<&str> = gaps.iter().map(|g| g.as_str()).collect();
        println!("No story yet for: {}", names.join(", "));
    }
    let title = |id: &crate::stories::StoryId| {
        stories
            .iter()
            .find(|s| s.id == *id)
            .map_or(String::new(), |s| s.title.clone())
    };
    for id in &cov.never_practised {
        println!("Never practised: {} ({id})", title(id));
    }
    for id in &cov.lacking_a_part {
        println!("Last telling lacked a part: {} ({id})", title(id));
    }
    Ok(())
}

fn from_bullet_cmd(
    store: &Store,
    text: &str,
    save: bool,
    skills: Vec<Skill>,
    title: Option<&str>,
    json: bool,
) -> anyhow::Result<()> {
    if crate::stories::bullet::clean(text).is_empty() {
        anyhow::bail!("the bullet is empty: paste the line from your resume in quotes");
    }
    let check = check_bullet(text);
    let saved = if save {
        let story = story_from_bullet(text, title, dedup(skills), Utc::now());
        Some(store.create_story(story)?)
    } else {
        None
    };
    if json {
        let mut out = serde_json::to_value(&check)?;
        if let Some(story) = &saved {
            out["id"] = json!(story.id);
        }
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    let yes_no = |b: bool| if b { "yes" } else { "no" };
    println!("Action verb:       {}", yes_no(check.has_action));
    println!(
        "Number:            {}{}",
        yes_no(check.has_number),
        if check.numbers.is_empty() {
            String::new()
        } else {
            format!(" ({})", check.numbers.join(", "))
        }
    );
    println!(
        "Business outcome:  {}{}",
        yes_no(check.has_outcome),
        if check.outcomes.is_empty() {
            String::new()
        } else {
            format!(" ({})", check.outcomes.join(", "))
        }
    );
    println!("To turn it into a story, answer:");
    for q in &check.questions {
        println!("  - {q}");
    }
    match saved {
        Some(story) => println!(
            "Saved as story {} with the bullet as its Action. Fill in the rest with: rehearse stories edit {} --situation ... --result ...",
            story.id, story.id
        ),
        None => println!("Save it as a story with --save --skill SKILL."),
    }
    Ok(())
}

pub fn run_assess(args: AssessArgs) -> anyhow::Result<()> {
    let store = open_store()?;
    match args.command {
        AssessAction::Set {
            skill,
            rating,
            evidence,
            next,
        } => {
            let assessment = Assessment::new(
                vec![SkillRating {
                    skill,
                    rating,
                    evidence: evidence.trim().to_string(),
                    next_action: next.trim().to_string(),
                }],
                Utc::now(),
            );
            let stored = store.add_assessment(assessment)?;
            println!("Rated {} {rating}/5 ({}).", skill.label(), stored.id);
            Ok(())
        }
        AssessAction::Show { json } => {
            let listing = store.assessments()?;
            warn(&listing.problems);
            let now = Utc::now();
            let review = review_status(&listing.assessments, now);
            let latest = latest_ratings(&listing.assessments);
            if json {
                let skills: Vec<_> = Skill::ALL
                    .iter()
                    .map(|skill| match latest.get(skill) {
                        Some(r) => json!({
                            "skill": skill,
                            "rating": r.rating.rating,
                            "evidence": r.rating.evidence,
                            "next_action": r.rating.next_action,
                            "rated": r.rated,
                        }),
                        None => json!({"skill": skill, "rating": null}),
                    })
                    .collect();
                let out = json!({
                    "skills": skills,
                    "assessments": listing.assessments.len(),
                    "review_due": review.is_due(),
                    "review": review,
                });
                println!("{}", serde_json::to_string_pretty(&out)?);
                return Ok(());
            }
            println!("{}", review.sentence());
            for skill in Skill::ALL {
                match latest.get(&skill) {
                    Some(r) => {
                        println!(
                            "{:<40} {}/5  (rated {})",
                            skill.label(),
                            r.rating.rating,
                            r.rated.with_timezone(&Local).format("%Y-%m-%d")
                        );
                        if !r.rating.evidence.is_empty() {
                            println!("    evidence: {}", r.rating.evidence);
                        }
                        if !r.rating.next_action.is_empty() {
                            println!("    next:     {}", r.rating.next_action);
                        }
                    }
                    None => println!(
                        "{:<40} not rated  (rehearse assess set --skill {} --rating 1..5)",
                        skill.label(),
                        skill.as_str()
                    ),
                }
            }
            Ok(())
        }
    }
}

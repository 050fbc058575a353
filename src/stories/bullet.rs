//! A resume bullet read the way the coaching engine reads a spoken answer: does it carry an
//! action verb, a number and a business outcome, and what should the user ask themselves to
//! turn it into a story?
//!
//! Rules: the bullet is cleaned of list markers and read with the engine's own detectors, not
//! new word lists. Resume bullets drop the subject ("Migrated SQL Server to Postgres"), so
//! the bullet is read as if it began with "I"; it carries an *action* when the engine's
//! structure finds a first-person past-tense action in it. A *number* is a quantity from the
//! value detector (dates are not numbers). An *outcome* is a business cue of the value
//! detector (cost, revenue, risk, customers, downtime, ...) or a Result the structure
//! detector finds ("errors dropped by 40%"). A bullet never tells the situation or a lesson,
//! so the questions always ask what was at stake and what the user would do differently; the
//! others ask only for what is missing.
//!
//! Source: shared/seeds/most-important-soft-skill.md ("translate your resume bullet points into
//! a story demonstrating your value": not "migrated SQL Server to Postgres" but "reduced
//! costs by 30%", and why, and how).

use super::record::Story;
use crate::analysis::structure;
use crate::analysis::text::TextIndex;
use crate::analysis::value::{self, ValueCueKind};
use crate::domain::{Element, Skill};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// Asked when the bullet has no action verb.
pub const ASK_ACTION: &str =
    "What did you do yourself? Start with a verb in the past tense (\"I rewrote ...\").";
/// Always asked: a bullet has no situation.
pub const ASK_STAKES: &str = "What was at stake, and for whom?";
/// Always asked: the task.
pub const ASK_TASK: &str = "What were you asked to do, or what did you decide to take on?";
/// Asked when the bullet has no number.
pub const ASK_NUMBER: &str =
    "What changed because of it, in numbers (time, money, errors, people)?";
/// Asked when the bullet has no business outcome.
pub const ASK_OUTCOME: &str =
    "Who was better off because of it: customers, the budget, the team, the risk you carried?";
/// Always asked: a bullet has no lesson.
pub const ASK_LEARNING: &str = "What would you do differently next time?";

/// What a bullet carries and the questions for what it lacks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BulletCheck {
    pub has_number: bool,
    pub has_outcome: bool,
    pub has_action: bool,
    pub questions: Vec<String>,
    /// The numbers found, as written.
    #[serde(skip)]
    pub numbers: Vec<String>,
    /// The business-outcome words found, as written.
    #[serde(skip)]
    pub outcomes: Vec<String>,
}

/// The bullet without list markers and surrounding space.
pub fn clean(bullet: &str) -> &str {
    bullet
        .trim()
        .trim_start_matches(['-', '*', '•', '·', '–', '—', '>'])
        .trim()
}

/// Reads the bullet as the start of a first-person answer.
fn as_spoken(bullet: &str) -> String {
    let lower = bullet.to_lowercase();
    let has_subject = ["i ", "we ", "i'", "we'"]
        .iter()
        .any(|start| lower.starts_with(start));
    if has_subject {
        return bullet.to_string();
    }
    let mut chars = bullet.chars();
    match chars.next() {
        Some(first) => format!("I {}{}", first.to_lowercase(), chars.as_str()),
        None => String::new(),
    }
}

/// Checks one bullet. An empty bullet carries nothing.
pub fn check_bullet(bullet: &str) -> BulletCheck {
    let spoken = as_spoken(clean(bullet));
    let index = TextIndex::new(&spoken);
    let findings = structure::classify(&index);
    let cues = value::find(&index);
    let text_of = |hit: &value::ValueHit| {
        let (a, b) = index.span(hit.span.start, hit.span.end);
        spoken[a..b].to_string()
    };
    let numbers: Vec<String> = cues
        .iter()
        .filter(|h| h.kind == ValueCueKind::Quantity)
        .map(text_of)
        .collect();
    let outcomes: Vec<String> = cues
        .iter()
        .filter(|h| h.kind == ValueCueKind::Business)
        .map(text_of)
        .collect();
    let has_action = findings.has(Element::Action) && findings.first_person_action;
    let has_number = !numbers.is_empty();
    let has_outcome = !outcomes.is_empty() || findings.has(Element::Result);
    let mut questions = vec![ASK_STAKES.to_string(), ASK_TASK.to_string()];
    if !has_action {
        questions.push(ASK_ACTION.to_string());
    }
    if !has_number {
        questions.push(ASK_NUMBER.to_string());
    }
    if !has_outcome {
        questions.push(ASK_OUTCOME.to_string());
    }
    questions.push(ASK_LEARNING.to_string());
    BulletCheck {
        has_number,
        has_outcome,
        has_action,
        questions,
        numbers,
        outcomes,
    }
}

/// A new story with the bullet as its Action. The title is the bullet, shortened to
/// `TITLE_MAX_CHARS` at a word boundary, unless one is given.
pub fn story_from_bullet(
    bullet: &str,
    title: Option<&str>,
    skills: Vec<Skill>,
    at: DateTime<Utc>,
) -> Story {
    let action = clean(bullet).to_string();
    let title = title
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map_or_else(|| short_title(&action), str::to_string);
    let mut story = Story::new(title, skills, at);
    story.action = action;
    story
}

/// The longest title made from a bullet, in characters.
pub const TITLE_MAX_CHARS: usize = 60;

fn short_title(text: &str) -> String {
    if text.chars().count() <= TITLE_MAX_CHARS {
        return text.trim_end_matches(['.', ';']).to_string();
    }
    let mut title = String::new();
    for word in text.split_whitespace() {
        if title.chars().count() + word.chars().count() + 1 > TITLE_MAX_CHARS - 1 {
            break;
        }
        if !title.is_empty() {
            title.push(' ');
        }
        title.push_str(word);
    }
    title.push('…');
    title
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_task_only_bullet_has_an_action_but_no_number_or_outcome() {
        let c = check_bullet("Migrated SQL Server to Postgres");
        assert!(c.has_action);
        assert!(!c.has_number);
        assert!(!c.has_outcome);
        assert!(c.questions.contains(&ASK_NUMBER.to_string()));
        assert!(c.questions.contains(&ASK_OUTCOME.to_string()));
        assert!(!c.questions.contains(&ASK_ACTION.to_string()));
    }

    #[test]
    fn a_value_bullet_carries_all_three() {
        let c =
            check_bullet("- Reduced hosting costs by 30% by moving batch jobs to spot instances.");
        assert!(c.has_action, "{c:?}");
        assert!(c.has_number);
        assert!(c.has_outcome);
        assert_eq!(c.numbers, ["30%"]);
        assert!(c.outcomes.iter().any(|o| o == "costs"));
        // Stakes, task and learning are asked of every bullet.
        assert_eq!(c.questions, [ASK_STAKES, ASK_TASK, ASK_LEARNING]);
    }

    #[test]
    fn a_duty_is_not_an_action() {
        let c = check_bullet("Responsible for the backup process across 40 servers");
        assert!(!c.has_action, "{c:?}");
        assert!(c.has_number);
        assert!(c.questions.contains(&ASK_ACTION.to_string()));
    }

    #[test]
    fn a_year_is_not_a_number() {
        let c = check_bullet("Led the 2023 platform rewrite");
        assert!(c.has_action);
        assert!(!c.has_number, "{c:?}");
    }

    #[test]
    fn a_result_without_a_business_word_is_an_outcome() {
        let c = check_bullet("Rewrote the retry logic, and failed deploys dropped by half");
        assert!(c.has_outcome, "{c:?}");
    }

    #[test]
    fn an_empty_bullet_carries_nothing_and_asks_everything() {
        let c = check_bullet("  •  ");
        assert!(!c.has_action && !c.has_number && !c.has_outcome);
        assert_eq!(c.questions.len(), 6);
    }

    #[test]
    fn a_story_from_a_bullet_keeps_it_as_the_action() {
        let at = Utc::now();
        let long = "Migrated twelve reporting databases from SQL Server to Postgres while keeping every dashboard online";
        let s = story_from_bullet(&format!("* {long}"), None, vec![Skill::BusinessAcumen], at);
        assert_eq!(s.action, long);
        assert!(s.title.chars().count() <= TITLE_MAX_CHARS);
        assert!(s.title.ends_with('…'));
        let titled = story_from_bullet(long, Some("Postgres move"), vec![Skill::Leadership], at);
        assert_eq!(titled.title, "Postgres move");
    }
}

//! The story bank and the latest self-assessment as one Markdown document, ready to share with
//! a mentor.
//!
//! Rules: stories in the order given (the store lists the most recently updated first), each
//! with its skills, roles, notes for every part it has, proof and practice record; then the
//! coverage per skill and the latest rating of each skill with evidence and next action. Text
//! the user typed goes into tables with `|` escaped and line breaks flattened, so a note can
//! never break the table.

use super::assessment::{ReviewStatus, latest_ratings};
use super::coverage::Coverage;
use super::practice::StoryCard;
use super::record::{Assessment, Story};
use crate::domain::{Element, Skill};
use chrono::{DateTime, Local, Utc};
use std::fmt::Write;

fn cell(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

fn day(at: DateTime<Utc>) -> String {
    at.with_timezone(&Local).format("%Y-%m-%d").to_string()
}

/// The whole export. `stories` and `cards` are parallel.
pub fn story_bank_markdown(
    stories: &[Story],
    cards: &[StoryCard],
    coverage: &Coverage,
    assessments: &[Assessment],
    review: ReviewStatus,
    now: DateTime<Utc>,
) -> String {
    let mut md = String::new();
    let _ = writeln!(md, "# Story bank\n");
    let _ = writeln!(
        md,
        "Exported {} from rehearse: {} {}.\n",
        day(now),
        stories.len(),
        if stories.len() == 1 {
            "story"
        } else {
            "stories"
        }
    );
    if stories.is_empty() {
        let _ = writeln!(
            md,
            "No stories yet. Add one per skill with `rehearse stories add` or in the Stories tab.\n"
        );
    }
    for (story, card) in stories.iter().zip(cards) {
        let _ = writeln!(md, "## {}\n", cell(&story.title));
        let skills: Vec<&str> = story.skills.iter().map(|s| s.label()).collect();
        let _ = writeln!(md, "- **Skills:** {}", skills.join(", "));
        if !story.roles.is_empty() {
            let roles: Vec<&str> = story.roles.iter().map(|r| r.as_str()).collect();
            let _ = writeln!(md, "- **Target roles:** {}", roles.join(", "));
        }
        let _ = writeln!(md, "- **Id:** `{}`", story.id);
        if card.practised() {
            let score = |s: Option<u8>| s.map_or("-".to_string(), |v| v.to_string());
            let _ = writeln!(
                md,
                "- **Practised:** {} time(s), best score {}, latest {}",
                card.times_told,
                score(card.best_score),
                score(card.latest_score)
            );
            if !card.missing_last_time.is_empty() {
                let missing: Vec<String> = card
                    .missing_last_time
                    .iter()
                    .map(|m| m.sentence())
                    .collect();
                let _ = writeln!(md, "- **Last time:** {}", missing.join("; "));
            }
        } else {
            let _ = writeln!(md, "- **Practised:** not yet");
        }
        md.push('\n');
        for element in Element::ALL {
            if story.has_note(element) {
                let _ = writeln!(
                    md,
                    "**{}.** {}\n",
                    element.label(),
                    story.note(element).trim()
                );
            }
        }
        if !story.proof.is_empty() {
            let _ = writeln!(md, "**Proof:**\n");
            for proof in &story.proof {
                let _ = writeln!(md, "- {}", proof.trim());
            }
            md.push('\n');
        }
    }
    let _ = writeln!(md, "## Coverage\n");
    let _ = writeln!(md, "| Skill | Stories | Practised |");
    let _ = writeln!(md, "| --- | ---: | ---: |");
    for row in &coverage.skills {
        let mark = if row.emphasised {
            " (role emphasis)"
        } else {
            ""
        };
        let _ = writeln!(
            md,
            "| {}{mark} | {} | {} |",
            row.skill.label(),
            row.stories,
            row.practised
        );
    }
    md.push('\n');
    let _ = writeln!(md, "## Self-assessment\n");
    let _ = writeln!(md, "{}\n", review.sentence());
    let latest = latest_ratings(assessments);
    if !latest.is_empty() {
        let _ = writeln!(
            md,
            "| Skill | Rating (1-5) | Rated | Evidence | Next action |"
        );
        let _ = writeln!(md, "| --- | ---: | --- | --- | --- |");
        for skill in Skill::ALL {
            match latest.get(&skill) {
                Some(r) => {
                    let _ = writeln!(
                        md,
                        "| {} | {} | {} | {} | {} |",
                        skill.label(),
                        r.rating.rating,
                        day(r.rated),
                        cell(&r.rating.evidence),
                        cell(&r.rating.next_action)
                    );
                }
                None => {
                    let _ = writeln!(md, "| {} | not rated | | | |", skill.label());
                }
            }
        }
        md.push('\n');
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stories::assessment::review_status;
    use crate::stories::coverage::coverage;
    use crate::stories::record::SkillRating;

    #[test]
    fn the_export_holds_stories_coverage_and_the_latest_ratings() {
        let now: DateTime<Utc> = "2026-12-01T12:00:00Z".parse().unwrap();
        let mut s = Story::new("Backup | plan", vec![Skill::Communication], now);
        s.situation = "Leaders were unsure.".into();
        s.result = "Audit passed.".into();
        s.proof = vec!["https://example.org/runbook".into()];
        let cards = vec![StoryCard::of(&s, &[])];
        let stories = vec![s];
        let cov = coverage(&stories, &cards, None);
        let assessments = vec![Assessment::new(
            vec![SkillRating {
                skill: Skill::Leadership,
                rating: 3,
                evidence: "Led the\nplanning | twice".into(),
                next_action: "Write an ADR".into(),
            }],
            now,
        )];
        let review = review_status(&assessments, now);
        let md = story_bank_markdown(&stories, &cards, &cov, &assessments, review, now);
        assert!(md.starts_with("# Story bank"));
        assert!(md.contains("## Backup \\| plan"));
        assert!(md.contains("**Situation.** Leaders were unsure."));
        assert!(!md.contains("**Task.**"), "empty parts are left out");
        assert!(md.contains("- https://example.org/runbook"));
        assert!(md.contains("**Practised:** not yet"));
        assert!(md.contains("| Communication & documentation | 1 | 0 |"));
        assert!(md.contains("| Leadership & strategic thinking | 3 |"));
        assert!(md.contains("Led the planning \\| twice"));
        assert!(md.contains("| Collaboration & knowledge sharing | not rated |"));
    }

    #[test]
    fn an_empty_bank_says_what_to_do_first() {
        let now = Utc::now();
        let cov = coverage(&[], &[], None);
        let md = story_bank_markdown(&[], &[], &cov, &[], review_status(&[], now), now);
        assert!(md.contains("No stories yet"));
        assert!(md.contains("No self-assessment yet"));
    }
}

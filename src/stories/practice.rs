//! A story turned into something to rehearse, and what past tellings of it show.
//!
//! Rules:
//! - The prompt is a behavioural question opened with "Tell me about a time you ..." and
//!   matched to one skill of the story (the first, unless the caller picks another), so the
//!   user practises answering the question an interviewer would ask, not reading their notes.
//!   The notes become a cue card the user may peek at, never part of the prompt text.
//! - The answer is expected to carry Situation, Action and Result always, and Task and
//!   Learning when the notes have them (SARL drops the Task; a Learning is asked for when
//!   the user has one to tell).
//! - The card of a story counts the attempts linked to it: how often it was told, the best and
//!   the latest overall score (mean of the five areas, rounded), and, for the latest analysed
//!   telling, each expected part the engine did not find, noting when the notes have it.

use super::record::{Story, StoryId};
use crate::analysis::BEHAVIORAL_TARGET_SECONDS;
use crate::domain::{Element, PromptKind, Skill};
use crate::prompts::Prompt;
use crate::store::AttemptSummary;
use chrono::{DateTime, Utc};
use serde::Serialize;

/// The prefix of the prompt id of a story prompt; the rest is the story id.
pub const STORY_PROMPT_PREFIX: &str = "story:";

/// The question for a story that shows `skill`, in the project's own words.
pub fn question_for(skill: Skill) -> &'static str {
    match skill {
        Skill::Communication => {
            "Tell me about a time you made something complicated clear to people outside your field."
        }
        Skill::Leadership => {
            "Tell me about a time you set a direction and brought others along without being their manager."
        }
        Skill::ProblemSolving => {
            "Tell me about a time you tracked down the real cause of a hard problem."
        }
        Skill::LearningAgility => {
            "Tell me about a time you had to learn something new quickly to get the job done."
        }
        Skill::BusinessAcumen => {
            "Tell me about a time you tied your technical work to money, risk or customers."
        }
        Skill::RiskManagement => {
            "Tell me about a time you saw a risk coming and did something about it before it hit."
        }
        Skill::Collaboration => {
            "Tell me about a time you worked across teams or helped others get better at something."
        }
    }
}

/// The parts a telling of this story should contain (see the module rules).
pub fn expected_elements(story: &Story) -> Vec<Element> {
    Element::ALL
        .into_iter()
        .filter(|&e| {
            matches!(e, Element::Situation | Element::Action | Element::Result) || story.has_note(e)
        })
        .collect()
}

/// A story as a prompt of the bank's type, so every practice path (recording, import, review)
/// treats it like any other prompt. `skill` picks the question; `None` uses the first skill.
pub fn story_prompt(story: &Story, skill: Option<Skill>) -> Prompt {
    let skill = skill
        .filter(|s| story.skills.contains(s))
        .or_else(|| story.skills.first().copied())
        .unwrap_or(Skill::Communication);
    Prompt {
        id: format!("{STORY_PROMPT_PREFIX}{}", story.id),
        aliases: Vec::new(),
        kind: PromptKind::Behavioral,
        text: question_for(skill).to_string(),
        skills: story.skills.clone(),
        roles: story.roles.clone(),
        difficulty: Default::default(),
        target_seconds: BEHAVIORAL_TARGET_SECONDS,
        target_words: None,
        structure: None,
        expected_elements: expected_elements(story),
        signals: Vec::new(),
        framework: Vec::new(),
        reply_outline: None,
        follow_ups: Vec::new(),
        tips: Vec::new(),
        source: Default::default(),
    }
}

/// The story id a prompt id stands for, when it is a story prompt.
pub fn story_of_prompt(prompt_id: &str) -> Option<StoryId> {
    prompt_id
        .strip_prefix(STORY_PROMPT_PREFIX)
        .and_then(StoryId::parse)
}

/// The user's notes, shown only when asked for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CueCard {
    pub title: String,
    /// Each part with a note, in story order.
    pub parts: Vec<(Element, String)>,
    pub proof: Vec<String>,
}

impl CueCard {
    pub fn of(story: &Story) -> Self {
        CueCard {
            title: story.title.clone(),
            parts: Element::ALL
                .into_iter()
                .filter(|&e| story.has_note(e))
                .map(|e| (e, story.note(e).trim().to_string()))
                .collect(),
            proof: story.proof.clone(),
        }
    }
}

/// A part the latest telling did not say out loud.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MissingPart {
    pub element: Element,
    /// Whether the story's notes have this part.
    pub in_notes: bool,
}

impl MissingPart {
    /// "no Result said out loud, although your notes have one".
    pub fn sentence(&self) -> String {
        let name = self.element.label();
        if self.in_notes {
            format!("no {name} said out loud, although your notes have one")
        } else {
            format!("no {name} said out loud, and your notes have none yet")
        }
    }
}

/// What the practice of one story shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoryCard {
    pub id: StoryId,
    /// How many attempts told this story.
    pub times_told: usize,
    pub best_score: Option<u8>,
    pub latest_score: Option<u8>,
    pub last_told: Option<DateTime<Utc>>,
    /// What the latest analysed telling lacked (empty when it had everything or none was
    /// analysed).
    pub missing_last_time: Vec<MissingPart>,
}

impl StoryCard {
    /// Builds the card from every attempt summary (only those linked to `story` count, and a
    /// wordless take never does).
    pub fn of(story: &Story, attempts: &[AttemptSummary]) -> Self {
        let mut told: Vec<&AttemptSummary> = attempts
            .iter()
            .filter(|a| a.story_id.as_deref() == Some(story.id.as_str()))
            .filter(|a| a.counts_as_practice())
            .collect();
        told.sort_by(|a, b| (a.created, &a.id).cmp(&(b.created, &b.id)));
        let score = |a: &AttemptSummary| a.overall().map(|v| v.round().clamp(0.0, 100.0) as u8);
        let best_score = told.iter().filter_map(|a| score(a)).max();
        let latest_analysed = told.iter().rev().find(|a| a.metrics.is_some());
        let missing_last_time = latest_analysed
            .and_then(|a| a.metrics.as_ref())
            .map(|m| {
                expected_elements(story)
                    .into_iter()
                    .filter(|e| !m.elements_present.contains(e))
                    .map(|element| MissingPart {
                        element,
                        in_notes: story.has_note(element),
                    })
                    .collect()
            })
            .unwrap_or_default();
        StoryCard {
            id: story.id.clone(),
            times_told: told.len(),
            best_score,
            latest_score: told.last().and_then(|a| score(a)),
            last_told: told.last().map(|a| a.created),
            missing_last_time,
        }
    }

    pub fn practised(&self) -> bool {
        self.times_told > 0
    }
}

/// The story to practise next: one never told first, then one whose last telling lacked a
/// part, then the one told longest ago; ties go to the most recently updated story. `stories`
/// and `cards` are parallel.
pub fn next_to_practise<'a>(stories: &'a [Story], cards: &[StoryCard]) -> Option<&'a Story> {
    stories
        .iter()
        .zip(cards)
        .min_by_key(|(story, card)| {
            let rank = if !card.practised() {
                0
            } else if !card.missing_last_time.is_empty() {
                1
            } else {
                2
            };
            (rank, card.last_told, std::cmp::Reverse(story.updated))
        })
        .map(|(story, _)| story)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::fixture;
    use crate::store::{Attempt, PromptSnapshot};

    fn story() -> Story {
        let mut s = Story::new(
            "Cut the cloud bill",
            vec![Skill::BusinessAcumen, Skill::Leadership],
            "2026-11-01T00:00:00Z".parse().unwrap(),
        );
        s.situation = "Our hosting costs doubled in a year.".into();
        s.action = "I moved the batch jobs to spot instances.".into();
        s.result = "The bill fell by 30%.".into();
        s
    }

    fn told(story: &Story, created: &str, score: u8, elements: &[Element]) -> AttemptSummary {
        let prompt = story_prompt(story, None);
        let mut a: Attempt = fixture::attempt(
            created,
            PromptSnapshot::of(&prompt, None),
            "text",
            fixture::feedback([score; 5], elements, 140.0, 1.0),
        );
        a.story_id = Some(story.id.to_string());
        AttemptSummary::of(&a)
    }

    #[test]
    fn the_prompt_asks_about_the_first_skill_and_hides_the_notes() {
        let s = story();
        let p = story_prompt(&s, None);
        assert!(p.text.starts_with("Tell me about a time you"));
        assert_eq!(p.text, question_for(Skill::BusinessAcumen));
        assert!(!p.text.contains("spot instances"));
        assert_eq!(p.kind, PromptKind::Behavioral);
        assert_eq!(story_of_prompt(&p.id), Some(s.id.clone()));
        // Another of its skills may be chosen; a skill it does not show falls back.
        assert_eq!(
            story_prompt(&s, Some(Skill::Leadership)).text,
            question_for(Skill::Leadership)
        );
        assert_eq!(
            story_prompt(&s, Some(Skill::Collaboration)).text,
            question_for(Skill::BusinessAcumen)
        );
    }

    #[test]
    fn every_skill_has_a_tell_me_about_a_time_question() {
        for skill in Skill::ALL {
            assert!(question_for(skill).starts_with("Tell me about a time you "));
        }
    }

    #[test]
    fn task_and_learning_are_expected_only_when_the_notes_have_them() {
        let mut s = story();
        assert_eq!(
            expected_elements(&s),
            [Element::Situation, Element::Action, Element::Result]
        );
        s.learning = "Measure first.".into();
        assert!(expected_elements(&s).contains(&Element::Learning));
    }

    #[test]
    fn the_card_counts_tellings_and_names_what_the_last_one_lacked() {
        let s = story();
        let other = Story::new("Other", vec![Skill::Leadership], s.created);
        let all = [Element::Situation, Element::Action, Element::Result];
        let attempts = vec![
            told(&s, "2026-11-02T10:00:00Z", 80, &all),
            told(
                &s,
                "2026-11-03T10:00:00Z",
                60,
                &[Element::Situation, Element::Action],
            ),
            told(&other, "2026-11-04T10:00:00Z", 95, &all),
        ];
        let card = StoryCard::of(&s, &attempts);
        assert_eq!(card.times_told, 2);
        assert_eq!(card.best_score, Some(80));
        assert_eq!(card.latest_score, Some(60));
        assert_eq!(
            card.missing_last_time,
            [MissingPart {
                element: Element::Result,
                in_notes: true
            }]
        );
        assert_eq!(
            card.missing_last_time[0].sentence(),
            "no Result said out loud, although your notes have one"
        );
        let never = StoryCard::of(
            &Story::new("New", vec![Skill::Leadership], s.created),
            &attempts,
        );
        assert_eq!(never.times_told, 0);
        assert_eq!(never.best_score, None);
        assert!(never.missing_last_time.is_empty());
    }

    #[test]
    fn the_cue_card_holds_the_notes_in_story_order() {
        let card = CueCard::of(&story());
        let parts: Vec<Element> = card.parts.iter().map(|p| p.0).collect();
        assert_eq!(
            parts,
            [Element::Situation, Element::Action, Element::Result]
        );
    }

    #[test]
    fn next_to_practise_prefers_untold_then_lacking() {
        let s = story();
        let mut fresh = Story::new("Fresh", vec![Skill::Collaboration], s.created);
        fresh.situation = "x".into();
        let all = [Element::Situation, Element::Action, Element::Result];
        let stories = vec![s.clone(), fresh.clone()];
        let attempts = vec![told(&s, "2026-11-02T10:00:00Z", 80, &all)];
        let cards: Vec<_> = stories
            .iter()
            .map(|x| StoryCard::of(x, &attempts))
            .collect();
        assert_eq!(next_to_practise(&stories, &cards).unwrap().id, fresh.id);
        let attempts = vec![
            told(&s, "2026-11-02T10:00:00Z", 80, &[Element::Action]),
            told(&fresh, "2026-11-03T10:00:00Z", 80, &all),
        ];
        let cards: Vec<_> = stories
            .iter()
            .map(|x| StoryCard::of(x, &attempts))
            .collect();
        assert_eq!(next_to_practise(&stories, &cards).unwrap().id, s.id);
        assert!(next_to_practise(&[], &[]).is_none());
    }
}

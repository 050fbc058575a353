//! Coverage: the seven skills against the user's stories, so the gaps show before an
//! interview does.
//!
//! Rules: a story covers every skill it lists. Per skill: how many stories cover it, how many
//! of those were practised at least once, and whether the target role emphasises it. Per
//! story and skill, a grid cell says whether the story covers the skill and, if so, whether it
//! was never told, told with a part missing last time, or told fully. A role's emphasis comes
//! from the prompt bank's role table ([`crate::prompts::role_emphasis`], the framework's
//! section 9 mapped onto the seven skills, plus the project's other roles).

use super::practice::StoryCard;
use super::record::{Story, StoryId};
use crate::domain::{Role, Skill};
use serde::Serialize;

/// The skills a role's interviews lean on, most important first: the prompt bank's role table
/// ([`crate::prompts::role_emphasis`]), so coverage and prompt drawing agree.
pub fn role_emphasis(role: Role) -> &'static [Skill] {
    crate::prompts::role_emphasis(role).skills
}

/// One skill's row of the coverage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkillCoverage {
    pub skill: Skill,
    /// Stories that cover this skill.
    pub stories: usize,
    /// Of those, the ones told at least once.
    pub practised: usize,
    /// Whether the target role emphasises this skill.
    pub emphasised: bool,
}

impl SkillCoverage {
    /// No story at all for this skill.
    pub fn is_gap(&self) -> bool {
        self.stories == 0
    }
}

/// One cell of the grid: a story against a skill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cell {
    /// The story does not cover this skill.
    NotCovered,
    /// Covered, never told.
    NeverPractised,
    /// Covered; the last telling lacked a part.
    LackingPart,
    /// Covered and told with every expected part last time.
    Practised,
}

/// The grid of skills × stories, with the gaps named.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coverage {
    pub role: Option<Role>,
    /// All seven skills, in the framework's order.
    pub skills: Vec<SkillCoverage>,
    /// Stories in the order given, each with one cell per skill (same order as `skills`).
    pub rows: Vec<(StoryId, Vec<Cell>)>,
    pub never_practised: Vec<StoryId>,
    pub lacking_a_part: Vec<StoryId>,
}

impl Coverage {
    /// Skills with no story, emphasised ones first.
    pub fn gaps(&self) -> Vec<Skill> {
        let mut gaps: Vec<&SkillCoverage> = self.skills.iter().filter(|s| s.is_gap()).collect();
        gaps.sort_by_key(|s| !s.emphasised);
        gaps.into_iter().map(|s| s.skill).collect()
    }
}

/// Builds the coverage. `stories` and `cards` are parallel (one card per story).
pub fn coverage(stories: &[Story], cards: &[StoryCard], role: Option<Role>) -> Coverage {
    let emphasis = role.map_or(&[][..], role_emphasis);
    let skills = Skill::ALL
        .into_iter()
        .map(|skill| {
            let covering = stories
                .iter()
                .zip(cards)
                .filter(|(s, _)| s.skills.contains(&skill));
            let (mut count, mut practised) = (0, 0);
            for (_, card) in covering {
                count += 1;
                practised += usize::from(card.practised());
            }
            SkillCoverage {
                skill,
                stories: count,
                practised,
                emphasised: emphasis.contains(&skill),
            }
        })
        .collect();
    let rows = stories
        .iter()
        .zip(cards)
        .map(|(story, card)| {
            let state = if !card.practised() {
                Cell::NeverPractised
            } else if !card.missing_last_time.is_empty() {
                Cell::LackingPart
            } else {
                Cell::Practised
            };
            let cells = Skill::ALL
                .into_iter()
                .map(|skill| {
                    if story.skills.contains(&skill) {
                        state
                    } else {
                        Cell::NotCovered
                    }
                })
                .collect();
            (story.id.clone(), cells)
        })
        .collect();
    let pick = |want: fn(&StoryCard) -> bool| {
        stories
            .iter()
            .zip(cards)
            .filter(|(_, c)| want(c))
            .map(|(s, _)| s.id.clone())
            .collect()
    };
    Coverage {
        role,
        skills,
        rows,
        never_practised: pick(|c| !c.practised()),
        lacking_a_part: pick(|c| c.practised() && !c.missing_last_time.is_empty()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Element;
    use crate::stories::practice::MissingPart;

    fn card(story: &Story, told: usize, missing: bool) -> StoryCard {
        StoryCard {
            id: story.id.clone(),
            times_told: told,
            best_score: None,
            latest_score: None,
            last_told: None,
            missing_last_time: if missing {
                vec![MissingPart {
                    element: Element::Result,
                    in_notes: true,
                }]
            } else {
                vec![]
            },
        }
    }

    #[test]
    fn counts_stories_and_practice_per_skill_for_all_seven() {
        let at = "2026-11-01T00:00:00Z".parse().unwrap();
        let a = Story::new("A", vec![Skill::Leadership, Skill::Communication], at);
        let b = Story::new("B", vec![Skill::Leadership], at);
        let c = Story::new("C", vec![Skill::RiskManagement], at);
        let stories = vec![a.clone(), b.clone(), c.clone()];
        let cards = vec![card(&a, 2, false), card(&b, 0, false), card(&c, 1, true)];
        let cov = coverage(&stories, &cards, Some(Role::Security));
        assert_eq!(cov.skills.len(), 7);
        let row = |skill| {
            cov.skills
                .iter()
                .find(|s| s.skill == skill)
                .unwrap()
                .clone()
        };
        assert_eq!(
            (
                row(Skill::Leadership).stories,
                row(Skill::Leadership).practised
            ),
            (2, 1)
        );
        assert_eq!(row(Skill::Communication).stories, 1);
        assert_eq!(row(Skill::Collaboration).stories, 0);
        assert!(row(Skill::BusinessAcumen).emphasised);
        assert!(!row(Skill::Collaboration).emphasised);
        assert_eq!(cov.never_practised, vec![b.id.clone()]);
        assert_eq!(cov.lacking_a_part, vec![c.id.clone()]);
        // Business acumen is emphasised for security and has no story: it leads the gaps.
        assert_eq!(cov.gaps()[0], Skill::BusinessAcumen);
        assert_eq!(cov.gaps().len(), 4);
        let leadership = Skill::ALL
            .iter()
            .position(|&s| s == Skill::Leadership)
            .unwrap();
        assert_eq!(cov.rows[0].1[leadership], Cell::Practised);
        assert_eq!(cov.rows[1].1[leadership], Cell::NeverPractised);
        assert_eq!(cov.rows[2].1[leadership], Cell::NotCovered);
    }

    #[test]
    fn an_empty_bank_has_seven_gaps() {
        let cov = coverage(&[], &[], None);
        assert_eq!(cov.gaps(), Skill::ALL.to_vec());
        assert!(cov.skills.iter().all(|s| !s.emphasised));
    }

    #[test]
    fn every_role_emphasises_at_least_two_skills() {
        for role in Role::ALL {
            assert!(role_emphasis(role).len() >= 2, "{role:?}");
        }
    }
}
